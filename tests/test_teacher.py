"""The teacher guides (``teacher/``): one per notebook plus an index, every part a teacher needs, the answer key
complete and current (every quiz question and Try-it task is in it, with the answers the models give today), the
misconceptions tied to real Try-its, and the demonstration settings runnable."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import build_teacher_guides as guides_tool  # noqa: E402

from helpers.course import SERIES  # noqa: E402

TEACHER = ROOT / "teacher"
GUIDES = guides_tool.guides()
#: The hand-written and generated sections, in the order every guide has them.
HEADINGS = ("At a glance", "Prerequisites", "Timing", "A 45-minute class", "Misconceptions, and the Try-it that "
            "exposes each", "Discussion prompts", "Safe settings to demonstrate live", "Answer key",
            "Prediction sheet")


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _section(text: str, heading: str) -> str:
    match = re.search(rf"^## {re.escape(heading)}.*?$(.*?)(?=^## |\Z)", text, flags=re.M | re.S)
    assert match, f"no '## {heading}' section"
    return match.group(1)


def test_every_notebook_has_a_guide_and_the_index_links_them():
    index = _text(TEACHER / "README.md")
    for notebook, path in GUIDES:
        assert path.exists(), f"no teacher guide for {notebook}: {path.relative_to(ROOT)}"
        assert f"]({path.name})" in index, f"teacher/README.md does not link {path.name}"
    assert {p.name for p in TEACHER.glob("*.md")} == {p.name for _, p in GUIDES} | {"README.md"}
    assert len(GUIDES) == sum(1 for s in SERIES if s.available)


@pytest.fixture(params=GUIDES, ids=lambda g: g[1].name)
def guide(request):
    notebook, path = request.param
    return notebook, _text(path)


def test_guide_has_every_part_in_order(guide):
    notebook, text = guide
    found = [h for h in HEADINGS if re.search(rf"^## {re.escape(h)}", text, flags=re.M)]
    assert found == list(HEADINGS), f"missing or out of order: {set(HEADINGS) - set(found)}"
    assert f"../notebooks/{notebook}" in text.split("\n## ")[0], "the guide links its notebook at the top"
    assert "<!--" not in re.sub(r"<!-- (BEGIN|END) GENERATED: [a-z ]+ -->", "", text), "template comments left"


def test_generated_parts_are_current(guide):
    """Timing, answer key and prediction sheet equal what the notebook and models give today
    (python tools/build_teacher_guides.py rewrites them)."""
    notebook, text = guide
    assert guides_tool.render(notebook, text) == text, "run: python tools/build_teacher_guides.py"


def test_every_quiz_question_and_try_it_task_is_in_the_key(guide):
    notebook, text = guide
    key = _section(text, "Answer key")
    sheet = _section(text, "Prediction sheet")
    sections = guides_tool.sections(notebook)
    tasks = [t for s in sections for t in s["tasks"]]
    assert tasks, "a notebook with Try-its"
    for task in tasks:
        assert guides_tool._relink(task) in key and guides_tool._unlink(task) in sheet, task[:80]
    questions = [q for s in sections for q in guides_tool.questions(s["code"])]
    assert questions
    for q in questions:
        assert guides_tool._relink(q.prompt) in key, q.prompt[:80]
        if hasattr(q, "choices"):
            right = next(c for c in q.choices if c.correct)
            assert f"“{right.text}”" in key, right.text
    assert "### Exercise" in key and "```python" in key, "the exercise and its solution"


def test_misconceptions_point_at_real_try_it_tasks(guide):
    notebook, text = guide
    table = _section(text, "Misconceptions, and the Try-it that exposes each")
    rows = [r for r in table.splitlines() if r.startswith("|") and not r.startswith("|---")][1:]
    assert 3 <= len(rows) <= 6, f"{len(rows)} misconceptions"
    numbered = {}
    for s in guides_tool.sections(notebook):
        m = re.match(r"(\d+)\.", s["title"])
        if m and s["tasks"]:
            numbered[int(m.group(1))] = len(s["tasks"])
    for row in rows:
        refs = re.findall(r"Try-it §(\d+), tasks? (\d+)", row)
        assert refs, f"no 'Try-it §N, task k' in: {row[:100]}"
        for section, task in refs:
            assert int(section) in numbered, f"§{section} has no Try-it: {row[:80]}"
            assert 1 <= int(task) <= numbered[int(section)], f"§{section} has no task {task}: {row[:80]}"


def test_discussion_prompts_say_what_to_listen_for(guide):
    _, text = guide
    prompts = _section(text, "Discussion prompts")
    assert 3 <= prompts.count("Listen for:") <= 5


def test_safe_demo_settings_run(guide):
    """Every Python block of the demonstration section runs and leaves an explorer with a finite state."""
    _, text = guide
    blocks = re.findall(r"```python\n(.*?)```", _section(text, "Safe settings to demonstrate live"), flags=re.S)
    assert 2 <= len(blocks) <= 5
    for code in blocks:
        namespace: dict = {}
        exec(code, namespace)
        explorers = [v for v in namespace.values() if hasattr(v, "describe") and hasattr(v, "state")]
        assert explorers, f"no explorer built in:\n{code}"
        assert all(e.describe() for e in explorers)


def test_index_covers_timing_and_the_hub():
    index = _text(TEACHER / "README.md")
    assert guides_tool.render_index(index) == index, "run: python tools/build_teacher_guides.py"
    for needed in ("Binder", "nbgitpuller", "repo2docker", "make app", "make site", "not medical advice"):
        assert needed in index, needed


def test_links_in_the_guides_resolve():
    """Every relative link in teacher/ points at a file that exists."""
    for path in TEACHER.glob("*.md"):
        for target in re.findall(r"\]\((?!https?:|#|mailto:)([^)#\s]+)", _text(path)):
            assert (path.parent / target).exists(), f"{path.name}: broken link {target}"
