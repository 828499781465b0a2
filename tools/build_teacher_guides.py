"""Fill the generated parts of the teacher guides (``teacher/<notebook>.md``) from the notebooks and the models.

Usage: ``python tools/build_teacher_guides.py`` (``--check`` exits non-zero if a guide is out of date).

Each guide is written by hand except three blocks between markers, which this tool rewrites every time:

``<!-- BEGIN GENERATED: timing -->``
    Minutes per section, by the course's formula (200 words a minute of core text, 3 minutes per Try-it task,
    2 per quiz question), with what is optional (the "Going deeper" and other hidden boxes, the exercise).
``<!-- BEGIN GENERATED: answer key -->``
    Every Try-it task with the notebook's own "What you should have seen" key and the answer each prediction
    computes from its model; every quiz question with its right answer and explanation; the exercise and its
    solution. Taken from the notebook and from ``helpers.predictions`` / ``helpers.quizzes``, so a key cannot go
    stale when a model changes.
``<!-- BEGIN GENERATED: prediction sheet -->``
    A printable one-page sheet: each Try-it task with space for a prediction and for what was seen.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from helpers import quizzes  # noqa: E402  (the repository's own package)
from helpers.course import SERIES  # noqa: E402
from helpers.predictions import PREDICTIONS  # noqa: E402
from helpers.quiz import MultipleChoice, Numeric, Question  # noqa: E402
from helpers.text import sci  # noqa: E402

NOTEBOOKS = ROOT / "notebooks"
TEACHER = ROOT / "teacher"
BLOCKS = ("timing", "answer key", "prediction sheet")
#: The course's reading-time formula (DESIGN.md §1.7; tests/test_notebooks.py uses the same numbers).
WORDS_PER_MINUTE, MINUTES_PER_TASK, MINUTES_PER_QUESTION = 200, 3, 2


def _cells(notebook: str) -> list[dict]:
    return json.loads((NOTEBOOKS / notebook).read_text(encoding="utf-8"))["cells"]


def _source(cell: dict) -> str:
    return "".join(cell["source"])


def _words(text: str) -> int:
    return len(re.findall(r"[A-Za-z0-9]+", re.sub(r"\(https?://[^)]*\)|https?://\S+", " ", text)))


def _core(text: str) -> str:
    return re.sub(r"<details.*?</details>", " ", text, flags=re.S)


def _quiz_calls(code: str) -> list[tuple[str, bool]]:
    """(question function, counted in the core time) for each ``Quiz(...)`` in a code cell; a quiz with a title
    (notebook 09's second round, for a later day) is not in the core time."""
    return [(name, not extra.strip()) for name, extra in re.findall(r"Quiz\((\w+)\(\)([^)]*)\)", code)]


def tasks(markdown: str) -> list[str]:
    """The numbered tasks of a cell's "**Try it" list, each as one line of text."""
    block = re.search(r"\*\*Try it.*?(?=\n#|\Z)", markdown, flags=re.S)
    if not block:
        return []
    items, current = [], None
    for line in block.group().splitlines()[1:]:
        start = re.match(r"^\s*(\d+)\.\s+(.*)$", line)
        if start:
            current = [start.group(2).strip()]
            items.append(current)
        elif current is not None and line.strip():
            current.append(line.strip())
        elif current is not None and not line.strip():
            current = None
    return [" ".join(parts) for parts in items]


def sections(notebook: str) -> list[dict]:
    """The notebook's ``##`` sections in order, each with its title, Markdown, code and Try-it tasks."""
    out: list[dict] = []
    for cell in _cells(notebook):
        text = _source(cell)
        if cell["cell_type"] == "markdown":
            for part in re.split(r"(?=^## )", text, flags=re.M):
                heading = re.match(r"^## (.+)$", part, flags=re.M)
                if heading and part.startswith("## "):
                    out.append({"title": heading.group(1).strip(), "markdown": "", "code": "", "cells": []})
                if not out:
                    out.append({"title": "Title and introduction", "markdown": "", "code": "", "cells": []})
                out[-1]["markdown"] += part + "\n\n"
            out[-1]["cells"].append(cell)
        else:
            if not out:
                out.append({"title": "Title and introduction", "markdown": "", "code": "", "cells": []})
            out[-1]["code"] += text + "\n"
            out[-1]["cells"].append(cell)
    for s in out:
        s["tasks"] = [t for cell in s["cells"] if cell["cell_type"] == "markdown" for t in tasks(_source(cell))]
    return out


def questions(code: str, counted_only: bool = False) -> list[Question]:
    return [q for name, counted in _quiz_calls(code) if counted or not counted_only for q in getattr(quizzes, name)()]


def minutes(section: dict) -> float:
    text = re.split(r"^#+\s*References", _core(section["markdown"]), flags=re.M)[0]
    return (_words(text) / WORDS_PER_MINUTE + MINUTES_PER_TASK * len(section["tasks"])
            + MINUTES_PER_QUESTION * len(questions(section["code"], counted_only=True)))


def optional_parts(section: dict) -> list[str]:
    parts = []
    for summary, body in re.findall(r"<details><summary>(.*?)</summary>(.*?)</details>", section["markdown"], re.S):
        name = re.sub(r"<[^>]+>|\*", "", summary).strip()
        if re.search(r"what you should have seen|one way to see it|solution", name, re.I):
            continue  # keys: read after a prediction, counted with its task
        parts.append(f"{name} ({max(1, round(_words(body) / WORDS_PER_MINUTE))} min)")
    if re.search(r"^### Exercise", section["markdown"], flags=re.M):
        parts.append("the exercise (homework or extension)")
    later = [name for name, counted in _quiz_calls(section["code"]) if not counted]
    if later:
        n = sum(len(getattr(quizzes, name)()) for name in later)
        parts.append(f"a later quiz of {n} questions (about {MINUTES_PER_QUESTION * n} min, a few days later)")
    return parts


def timing_block(notebook: str) -> str:
    rows, total = [], 0.0
    for s in sections(notebook):
        if re.match(r"(References|Setup)$", s["title"]):
            continue
        m = minutes(s)
        total += m
        extra = "; ".join(optional_parts(s)) or "—"
        rows.append(f"| {s['title']} | {m:.0f} | {extra} |")
    stated = re.search(r"\*\*Time:\*\* about (\d+) minutes", _source(_cells(notebook)[0]))
    head = (f"## Timing\n\nMinutes per section on the core path, by the course's formula (200 words a minute, "
            f"{MINUTES_PER_TASK} per Try-it task, {MINUTES_PER_QUESTION} per quiz question): **{total:.0f} minutes** "
            f"in all; the notebook states about {stated.group(1) if stated else '?'}. Optional parts are not in the "
            "core time.\n\n| Section | Core minutes | Optional |\n|---|---|---|")
    return head + "\n" + "\n".join(rows)


def _answer(p, explorer) -> str:
    """The value a prediction's model gives at its settings, as a learner would read it (the model is run with
    the explorer's ``compute``, as a reveal does, without drawing)."""
    truth = p.answer(explorer.compute(**{**explorer.values, **p.settings}))
    if p.options:
        return f"“{truth}”"
    value = float(truth)
    shown = f"{value:.3g}" if abs(value) < 1e4 else sci(value)
    return f"{shown} {p.unit}".strip()


def _factory(name: str):
    """The explorer factory function called ``name`` (``window_explorer``), from ``helpers.explorers``."""
    import importlib
    import pkgutil

    import helpers.explorers as package

    for module in pkgutil.iter_modules(package.__path__):
        found = getattr(importlib.import_module(f"helpers.explorers.{module.name}"), name, None)
        if callable(found):
            return found
    return None


def _section_predictions(code: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """(explorer factory, [(prompt, model answer), ...]) for each explorer a section shows in prediction mode."""
    out = []
    for name in re.findall(r"(\w+)\(predict=True", code):
        factory = _factory(name)
        if factory is None:
            continue
        explorer = factory()
        made = PREDICTIONS.get(type(explorer).__name__, lambda: [])()
        out.append((name, [(p.prompt, _answer(p, explorer)) for p in made]))
    return out


def _key_text(cell: dict) -> str:
    body = re.sub(r"</?details>|<summary>.*?</summary>", "", _source(cell), flags=re.S).strip()
    return body


def _question_key(i: int, q: Question) -> str:
    if isinstance(q, MultipleChoice):
        right = next(c for c in q.choices if c.correct)
        answer = f"“{right.text}”"
    elif isinstance(q, Numeric):
        tol = f"± {q.abs_tol:g}" if q.abs_tol else f"within {100 * q.rel_tol:g} %"
        answer = f"{q.answer:.4g} {q.unit}".strip() + f" ({tol})"
    else:  # pragma: no cover
        answer = "?"
    reviews = ""
    if q.revisit:
        lesson = next((s for s in SERIES if s.filename == q.revisit.split("#")[0]), None)
        reviews = f" *Reviews notebook {lesson.number}.*" if lesson else ""
    return f"{i}. **{q.prompt}**  \n   *Answer:* {answer}. {q.explanation}{reviews}"


def answer_key_block(notebook: str) -> str:
    cells = _cells(notebook)
    secs = sections(notebook)
    lines = ["## Answer key", "", "### Try-its"]
    for s in secs:
        if not s["tasks"]:
            continue
        lines += ["", f"#### {s['title']}", ""]
        lines += [f"{k}. {t}" for k, t in enumerate(s["tasks"], start=1)]
        for name, made in _section_predictions(s["code"]):
            if made:
                lines += ["", f"Model answers (`{name}()` computes each when the learner reveals):", ""]
                lines += [f"- {prompt} → **{answer}**" for prompt, answer in made]
        for cell in (c for c in s["cells"] if c.get("id", "").startswith("key-")):
            lines += ["", f"*The notebook's key ({cell['id']}):*", "", _key_text(cell)]
    lines += ["", "### Quiz"]
    for s in secs:
        calls = _quiz_calls(s["code"])
        for name, counted in calls:
            qs = getattr(quizzes, name)()
            lines += ["", f"`{name}()`{'' if counted else ' (for a later session)'}:", ""]
            lines += [_question_key(i, q) for i, q in enumerate(qs, start=1)]
    exercise = next((c for c in cells if c.get("id") == "exercise-text"), None)
    solution = next((c for c in cells if c.get("id") == "solution"), None)
    if exercise is not None and solution is not None:
        prompt = re.sub(r"^###\s*", "#### ", _source(exercise).strip(), count=1)
        lines += ["", "### Exercise", "", prompt, "", _key_text(solution)]
    return "\n".join(lines)


def prediction_sheet_block(notebook: str) -> str:
    lesson = next(s for s in SERIES if s.filename == notebook)
    lines = ["## Prediction sheet (print one page per student)", "",
             f"**{lesson.number} · {lesson.title}**  Name: ____________________", "",
             "Write your prediction *before* you reveal; then write what the model showed and why it differs.", ""]
    for s in sections(notebook):
        if not s["tasks"]:
            continue
        lines += [f"**{s['title']}**", ""]
        for k, t in enumerate(s["tasks"], start=1):
            lines += [f"{k}. {t}", "", "   My prediction: ______________________  What I saw: ______________________",
                      ""]
    return "\n".join(lines).rstrip()


def _relink(markdown: str) -> str:
    """Links between notebooks, rewritten to work from ``teacher/`` (``../notebooks/...``)."""
    return re.sub(r"\]\(((?:\d\d[a-z]?_[\w-]+|glossary)\.ipynb)", r"](../notebooks/\1", markdown)


def _unlink(markdown: str) -> str:
    """Links replaced by their text (for the printed sheet)."""
    return re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", markdown)


def render(notebook: str, text: str) -> str:
    """``text`` (a guide) with its generated blocks rewritten for ``notebook``."""
    makers = {"timing": timing_block, "answer key": lambda nb: _relink(answer_key_block(nb)),
              "prediction sheet": lambda nb: _unlink(prediction_sheet_block(nb))}
    for name in BLOCKS:
        pattern = re.compile(rf"(<!-- BEGIN GENERATED: {name} -->\n).*?(<!-- END GENERATED: {name} -->)", re.S)
        if not pattern.search(text):
            raise ValueError(f"teacher/{Path(notebook).stem}.md: no '{name}' block markers")
        block = makers[name](notebook)
        text = pattern.sub(lambda m: f"{m.group(1)}{block}\n{m.group(2)}", text)
    return text


def index_block() -> str:
    """The table of guides for ``teacher/README.md``: each notebook, its guide, its stated and computed time."""
    rows = ["| # | Notebook | Teacher guide | Stated time | Core path (formula) |", "|---|---|---|---|---|"]
    for notebook, path in guides():
        lesson = next(s for s in SERIES if s.filename == notebook)
        stated = re.search(r"\*\*Time:\*\* about (\d+) minutes", _source(_cells(notebook)[0]))
        core = sum(minutes(s) for s in sections(notebook) if not re.match(r"(References|Setup)$", s["title"]))
        rows.append(f"| {lesson.number} | [{lesson.title}](../notebooks/{notebook}) | [guide]({path.name}) | "
                    f"{stated.group(1) if stated else '?'} min | {core:.0f} min |")
    return "\n".join(rows)


def render_index(text: str) -> str:
    pattern = re.compile(r"(<!-- BEGIN GENERATED: guides -->\n).*?(<!-- END GENERATED: guides -->)", re.S)
    if not pattern.search(text):
        raise ValueError("teacher/README.md: no 'guides' block markers")
    return pattern.sub(lambda m: f"{m.group(1)}{index_block()}\n{m.group(2)}", text)


def guides() -> list[tuple[str, Path]]:
    """(notebook, guide path) for every available notebook of the series."""
    return [(s.filename, TEACHER / f"{Path(s.filename).stem}.md") for s in SERIES if s.available]


def main(check: bool = False) -> int:
    stale = []
    for notebook, path in guides():
        if not path.exists():
            stale.append(f"{path.relative_to(ROOT)} is missing")
            continue
        text = path.read_text(encoding="utf-8")
        new = render(notebook, text)
        if new != text:
            if check:
                stale.append(f"{path.relative_to(ROOT)} is out of date")
            else:
                path.write_text(new, encoding="utf-8")
                print(f"updated {path.relative_to(ROOT)}")
    index = TEACHER / "README.md"
    if index.exists():
        text = index.read_text(encoding="utf-8")
        new = render_index(text)
        if new != text:
            if check:
                stale.append("teacher/README.md is out of date")
            else:
                index.write_text(new, encoding="utf-8")
                print("updated teacher/README.md")
    for line in stale:
        print(line)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(check="--check" in sys.argv))
