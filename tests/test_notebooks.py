"""Structure of every notebook (DESIGN.md §1): the template, the teaching loop, navigation, glossary links, an
honest time, accessibility of stored outputs, and no maintainer asides. Execution itself is checked by nbval
(``make test`` runs ``pytest --nbval``) and the browser test; the claims the prose makes are in test_claims.py.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path

import pytest

from helpers import quizzes
from helpers.course import MAP_HEADING, MAP_LINK, SERIES, neighbours
from helpers.explorers import REGISTRY
from helpers.glossary import GLOSSARY_NOTEBOOK, entry, first_uses, terms
from helpers.predictions import PREDICTIONS

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOKS = sorted(p for p in NOTEBOOK_DIR.glob("*.ipynb") if re.match(r"^\d\d[a-z]?_", p.name))
ALL_NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))

#: Minutes a learner spends (DESIGN.md §1.7): 200 words a minute of prose, 3 per Try-it task, 2 per quiz question.
WORDS_PER_MINUTE, MINUTES_PER_TASK, MINUTES_PER_QUESTION, MAX_MINUTES = 200, 3, 2, 45

#: Maintainer asides that must not reach learners (they belong in code comments or data/README.md).
ASIDES = [r"\bthe tests?\b", r"\bdocstring", r"\bodeint\b", r"\bsolve_ivp\b", r"\bLSODA\b", r"\bRadau\b",
          r"not verified", r"\bverification\b", r"abstract not read", r"\bnbval\b", r"\bpytest\b"]


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def markdown_cells(nb: dict) -> list[dict]:
    return [c for c in nb["cells"] if c["cell_type"] == "markdown"]


def source(cell: dict) -> str:
    return "".join(cell["source"])


def markdown(nb: dict) -> str:
    return "\n\n".join(source(c) for c in markdown_cells(nb))


def code_cells(nb: dict) -> list[dict]:
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def core_text(nb: dict) -> str:
    """Learner prose on the core path: Markdown without hidden boxes (<details>) and without the References."""
    text = re.sub(r"<details.*?</details>", " ", markdown(nb), flags=re.S)
    return re.split(r"^#+\s*References", text, flags=re.M)[0]


def quiz_questions(nb: dict) -> list:
    calls = [m for c in code_cells(nb) for m in re.findall(r"Quiz\((\w+)\(\)\)", source(c))]
    assert len(calls) == 1, "one quiz per notebook, shown with Quiz(<questions>())"
    return getattr(quizzes, calls[0])()


def objectives(nb: dict) -> list[str]:
    block = re.search(r"^## Learning objectives\n(.*?)(?=\n\*\*Time|\n## )", markdown(nb), flags=re.S | re.M)
    assert block, "a '## Learning objectives' section"
    return re.findall(r"^\d+\.\s+(.*)$", block.group(1), flags=re.M)


def core_minutes(nb: dict) -> float:
    text = core_text(nb)
    words = len(re.findall(r"[A-Za-z0-9]+", re.sub(r"\(https?://[^)]*\)|https?://\S+", " ", text)))
    tasks = sum(len(re.findall(r"^\s*\d+\.\s", block, flags=re.M))
                for block in re.findall(r"\*\*Try it.*?(?=\n#|\Z)", text, flags=re.S))
    return words / WORDS_PER_MINUTE + MINUTES_PER_TASK * tasks + MINUTES_PER_QUESTION * len(quiz_questions(nb))


def heading_anchors(nb: dict) -> set[str]:
    """Anchors of a notebook's headings, as JupyterLab and nbconvert make them (spaces become hyphens)."""
    text = re.sub(r"```.*?```", "", markdown(nb), flags=re.S)
    return {h.strip().replace(" ", "-") for h in re.findall(r"^#{1,6}\s+(.+?)\s*$", text, flags=re.M)}


def test_there_are_notebooks():
    assert any(p.name == "00_start_here.ipynb" for p in NOTEBOOKS)
    assert {p.name for p in NOTEBOOKS} == {lesson.filename for lesson in SERIES if lesson.available}


@pytest.fixture(params=NOTEBOOKS, ids=lambda p: p.name)
def notebook(request):
    return request.param


@pytest.fixture
def nb(notebook):
    return load(notebook)


def test_title_and_required_sections(nb):
    first = source(nb["cells"][0])
    assert nb["cells"][0]["cell_type"] == "markdown" and first.startswith("# "), "first cell is a # title"
    text = markdown(nb)
    for heading in ("Learning objectives", "Check your understanding", "Key takeaways", "References"):
        assert re.search(rf"^#+ .*{heading}", text, re.MULTILINE | re.IGNORECASE), heading
    assert re.search(r"\*\*Try it", text), "predict-then-reveal prompts"
    assert re.search(r"\*\*Time:\*\* about \d+ minutes", first), "an honest time estimate in the first cell"
    assert "**Prerequisites:**" in first
    assert re.search(r"doi\.org/10\.\d{4,}/", text), "references carry DOIs"


def test_headings_run_in_order(nb):
    """One # title, then ## and ### without skipping a level (screen readers navigate by headings)."""
    text = re.sub(r"```.*?```", "", markdown(nb), flags=re.S)
    levels = [len(h) for h in re.findall(r"^(#{1,6})\s", text, flags=re.M)]
    assert levels[0] == 1 and levels.count(1) == 1, levels
    for before, after in zip(levels, levels[1:]):
        assert after <= before + 1, f"heading level jumps from {before} to {after}"


def test_markdown_tables_have_named_header_cells(nb):
    for header in re.findall(r"^\|(.+)\|\s*\n\|[-| :]+\|\s*$", markdown(nb), flags=re.M):
        assert all(cell.strip() for cell in header.split("|")), f"empty table header cell: {header}"


def test_navigation_links(notebook, nb):
    """Previous and the course map at the top, Next at the end: relative links that work everywhere."""
    previous, following = neighbours(notebook.name)
    top = source(nb["cells"][0])
    if previous is not None:
        assert f"]({previous.filename})" in top and "Previous" in top
        assert f"]({MAP_LINK})" in top, "the top links to the course map"
    else:
        assert f"](#{MAP_HEADING.replace(' ', '-')})" in top or "Course map" in top
    ending = core_text(nb).rstrip()[-700:]
    if following is not None:
        assert "**Next:**" in ending and f"]({following.filename})" in ending
        assert f"]({following.filename})" in top


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=lambda p: p.name)
def test_relative_links_resolve(path):
    """Every link to a notebook points at a file that exists and, with a #fragment, at one of its headings."""
    nb = load(path)
    for target, fragment in re.findall(r"\]\(([\w.-]+\.ipynb)?(?:#([^)\s]+))?\)", markdown(nb)):
        if not target and not fragment:
            continue
        other = load(NOTEBOOK_DIR / target) if target else nb
        assert (NOTEBOOK_DIR / (target or path.name)).exists(), target
        if fragment:
            assert fragment in heading_anchors(other), f"{path.name}: no heading #{fragment} in {target or 'itself'}"


def test_first_use_of_every_glossary_term_is_linked_or_defined(nb):
    """A term a second-year student may not know is linked to the glossary (or defined in bold) no later than
    where it is first used. Headings, the objectives (a preview of what is taught), the text of links to other
    notebooks and the References do not count as uses; a term inside another term's link ("antigen" in
    "chimeric antigen receptor") is not a use of it."""
    blank = lambda m: " " * len(m.group())  # noqa: E731 - keeps positions
    text = re.sub(r"## Learning objectives.*?(?=\*\*Time:)", blank, core_text(nb), flags=re.S)
    text = re.sub(r"^#.*$", blank, text, flags=re.M)
    text = re.sub(r"\[[^\]]*\]\((?!glossary)[^)]*\)", blank, text)
    pattern = rf"\[([^\]]+)\]\({re.escape(GLOSSARY_NOTEBOOK)}#([^)]+)\)"
    linked_at: dict[str, int] = {}
    for m in re.finditer(pattern, text):
        linked_at.setdefault(m.group(2), m.start())
    unlinked = re.sub(pattern, blank, text)
    bold = [(m.start(1), m.end(1)) for m in re.finditer(r"\*\*(.+?)\*\*", unlinked)]
    problems = []
    for term, (where, form) in first_uses(unlinked).items():
        # linked before, or right after as in "low blood pressure ([hypotension](...))", or defined in bold
        start = linked_at.get(entry(term).anchor, len(text))
        if start <= where or text[where + len(form):start].strip() in ("", "(") or any(a <= where < b for a, b in bold):
            continue
        problems.append(f"{form!r} (first use, at '…{unlinked[max(0, where - 40):where + 40]}…')")
    assert not problems, "link to the glossary or define in bold:\n" + "\n".join(problems)


def test_glossary_links_point_to_terms(nb):
    anchors = {t.anchor for t in terms()}
    for anchor in re.findall(rf"\]\({re.escape(GLOSSARY_NOTEBOOK)}#([^)]+)\)", markdown(nb)):
        assert anchor in anchors, anchor


def test_core_path_fits_a_class(nb):
    """At most 45 minutes, and at most the time the notebook states."""
    minutes = core_minutes(nb)
    stated = int(re.search(r"\*\*Time:\*\* about (\d+) minutes", source(nb["cells"][0])).group(1))
    assert minutes <= MAX_MINUTES, f"core path {minutes:.0f} min"
    assert minutes <= stated + 2, f"states {stated} min, core path is {minutes:.0f} min"
    assert stated <= MAX_MINUTES


def test_a_quiz_question_for_every_objective(nb):
    questions = quiz_questions(nb)
    covered = {q.objective for q in questions}
    assert covered == set(range(1, len(objectives(nb)) + 1)), (covered, objectives(nb))


def test_no_maintainer_asides_in_learner_text(nb):
    text = core_text(nb)
    for pattern in ASIDES:
        assert not re.search(pattern, text, flags=re.I), pattern


def test_no_control_characters_in_cell_text(nb):
    """A backslash escape lost in a Python string (\\a in \\approx becomes a bell) shows as garbage in LaTeX."""
    for cell in nb["cells"]:
        bad = sorted({f"U+{ord(ch):04X}" for ch in source(cell) if ord(ch) < 32 and ch not in "\n\t"})
        assert not bad, f"cell {cell.get('id')}: control characters {bad}"


def test_exercise_runs_as_given_and_its_solution_runs(nb):
    """The exercise cell runs with its ... placeholders (a friendly note, no error); the hidden solution's code
    runs after the setup cell and prints a result."""
    exercise = next(c for c in code_cells(nb) if c.get("id") == "exercise")
    assert "..." in source(exercise) and "with exercise():" in source(exercise)
    printed = "".join("".join(o.get("text", "")) for o in exercise["outputs"] if o["output_type"] == "stream")
    assert "✎ Fill in" in printed
    solution = next(c for c in markdown_cells(nb) if c.get("id") == "solution")
    code = re.search(r"```python\n(.*?)```", source(solution), flags=re.S).group(1)
    namespace: dict = {}
    exec(source(code_cells(nb)[0]), namespace)  # the setup cell
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(code, namespace)
    assert out.getvalue().strip() and "Fill in" not in out.getvalue()


def test_setup_cell_imports_only_helpers(nb):
    setup = source(code_cells(nb)[0])
    imports = re.findall(r"^\s*(?:from|import)\s+([\w.]+)", setup, re.MULTILINE)
    assert imports and all(m.split(".")[0] == "helpers" for m in imports), imports


def test_explorers_ask_for_predictions(notebook, nb):
    """Every explorer of this notebook is shown in prediction mode (its Try-it's answers are hidden)."""
    factories = {name: factory for name, (nb_name, factory) in REGISTRY.items() if nb_name == notebook.name}
    sources = "\n".join(source(c) for c in code_cells(nb))
    for name, factory in factories.items():
        assert factory.__name__ in PREDICTIONS
    imported = {name.strip() for names in re.findall(r"^from helpers\.explorers\.\w+ import (.+)$", sources, flags=re.M)
                for name in names.split(",")}
    calls = [(name, args) for name, args in re.findall(r"(\w+)\(([^)]*)\)", sources) if name in imported]
    assert len(calls) >= len(factories)
    assert all("predict=True" in args for _, args in calls), calls


def test_run_in_order_with_outputs_and_no_errors(nb):
    counts = [c["execution_count"] for c in code_cells(nb)]
    assert counts == list(range(1, len(counts) + 1)), f"not run top to bottom on a fresh kernel: {counts}"
    for cell in code_cells(nb):
        assert all(o["output_type"] != "error" for o in cell["outputs"])
        assert not any(o.get("name") == "stderr" for o in cell["outputs"]), "stderr output stored"


def test_kernelspec(nb):
    spec = nb["metadata"]["kernelspec"]
    assert spec["name"] == "python3" and spec["language"] == "python"


def test_no_stored_widget_state(nb):
    """Without a kernel, explorers show their stored PNG; saved widget state would show stale widgets."""
    assert "widgets" not in nb["metadata"]


def test_every_stored_image_has_alt_text(nb):
    """No view of a stored notebook (JupyterLab without a kernel, nbviewer, an nbconvert export) shows an image
    without alt text: figures are <img> elements with a description as alt, never bare PNG outputs."""
    for cell in code_cells(nb):
        for out in cell["outputs"]:
            data = out.get("data", {})
            assert "image/png" not in data, f"bare PNG output (JupyterLab drops its alt text): {source(cell)}"
            for img in re.findall(r"<img\b[^>]*>", "".join(data.get("text/html", ""))):
                alt = re.search(r"alt='([^']*)'", img)
                assert alt and len(alt.group(1)) > 20, source(cell)


def test_explorers_store_a_static_fallback(nb):
    for cell in code_cells(nb):
        for out in cell["outputs"]:
            data = out.get("data", {})
            if "application/vnd.jupyter.widget-view+json" in data:
                assert "text/html" in data or "text/markdown" in data, source(cell)
                text = "".join(data["text/plain"])
                assert text.strip() and "Widget" not in text


def test_explorer_cells_ignore_widget_output_in_nbval(nb):
    for cell in code_cells(nb):
        has_widget = any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in cell["outputs"])
        if has_widget:
            assert "nbval-ignore-output" in cell["metadata"].get("tags", []), source(cell)


def test_the_glossary_notebook_is_current():
    """notebooks/glossary.ipynb is generated from data/glossary.csv (python tools/build_glossary.py)."""
    from helpers.glossary import notebook_markdown

    stored = [source(c) for c in markdown_cells(load(NOTEBOOK_DIR / GLOSSARY_NOTEBOOK))]
    assert stored == notebook_markdown(), "run: python tools/build_glossary.py"
