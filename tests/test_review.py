"""Notebook 09's review quiz: two rounds, one question per notebook each, interleaved, and new questions rather
than the notebooks' own."""

import json
import re
from pathlib import Path

import pytest

from helpers import quizzes
from helpers.course import SERIES
from helpers.predictions import PREDICTIONS
from helpers.quiz import MultipleChoice, Numeric

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
LESSONS = [lesson for lesson in SERIES if lesson.number != "09" and lesson.available]
ORDER = {lesson.filename: i for i, lesson in enumerate(SERIES)}
ROUNDS = {"one": quizzes.review_round_one, "two": quizzes.review_round_two}
#: Word-set overlap (Jaccard) at or above which a review prompt counts as a near-copy. Two prompts that share
#: half their content words (4+ letters) ask essentially the same thing in the same situation; the review's
#: prompts share the course's vocabulary (CAR-T, tumour, B-ALL, remission …) but each sets a new situation. Measured:
#: the highest is about 0.46 (round one's relapse after B cells return against notebook 05's relapse while they stay
#: away: the same setting words, the opposite situation); a near-copy of the expansion Try-it scored 0.53 and a
#: re-numbered copy of notebook 00's dose question 0.63, both caught.
MAX_OVERLAP = 0.5


def heading_anchors(path: Path) -> set[str]:
    """A notebook's heading anchors, as in tests/test_notebooks.py (spaces become hyphens; code fences ignored)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    text = "\n\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    return {h.strip().replace(" ", "-") for h in re.findall(r"^#{1,6}\s+(.+?)\s*$", text, flags=re.M)}


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]{4,}", text.lower()))


def overlap(a: str, b: str) -> float:
    wa, wb = words(a), words(b)
    return len(wa & wb) / len(wa | wb) if wa | wb else 0.0


def notebook_prompts() -> list[str]:
    """Every prompt of the notebooks' own quizzes and of every explorer's predictions."""
    own = [q.prompt for name in dir(quizzes) if not name.startswith(("_", "review"))
           for make in [getattr(quizzes, name)]
           if callable(make) and getattr(make, "__module__", "") == quizzes.__name__ for q in make()]
    predicted = [p.prompt for make in PREDICTIONS.values() for p in make()]
    assert len(own) >= 30 and len(predicted) >= 50
    return own + predicted


def try_it_items() -> list[str]:
    """The numbered "Try it" tasks written in the notebooks' Markdown."""
    items = []
    for lesson in LESSONS:
        nb = json.loads((NOTEBOOK_DIR / lesson.filename).read_text(encoding="utf-8"))
        text = "\n\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
        for block in re.findall(r"\*\*Try it.*?(?=<details>|\n#|\Z)", text, flags=re.S):
            items += re.findall(r"^\s*\d+\.\s+(.*(?:\n\s{3,}.*)*)", block, flags=re.M)
    assert len(items) >= 20
    return items


@pytest.fixture(params=list(ROUNDS), ids=lambda r: f"round {r}")
def questions(request):
    return ROUNDS[request.param]()


def filename(q) -> str:
    return q.revisit.split("#")[0]


def test_one_question_per_notebook_and_every_revisit_resolves(questions):
    assert len(questions) == len(LESSONS)
    assert sorted(filename(q) for q in questions) == sorted(lesson.filename for lesson in LESSONS)
    for q in questions:
        target, _, anchor = q.revisit.partition("#")
        assert (NOTEBOOK_DIR / target).exists(), q.revisit
        assert anchor and anchor in heading_anchors(NOTEBOOK_DIR / target), q.revisit
        assert q.objective == 1 and q.explanation, q.prompt


def test_rounds_are_interleaved(questions):
    order = [ORDER[filename(q)] for q in questions]
    assert order != sorted(order) and order != sorted(order, reverse=True)
    for a, b in zip(order, order[1:]):
        assert a != b
        assert abs(a - b) >= 2, f"neighbouring questions from adjacent notebooks: {order}"


def test_the_two_rounds_are_different_questions():
    one, two = (set(q.prompt for q in make()) for make in ROUNDS.values())
    assert not one & two
    assert [filename(q) for q in ROUNDS["one"]()] != [filename(q) for q in ROUNDS["two"]()]


def test_review_prompts_are_new_not_the_notebooks_own():
    theirs = notebook_prompts() + try_it_items()
    ours = [q.prompt for make in ROUNDS.values() for q in make()]
    worst = max((overlap(a, b), a, b) for a in ours for b in theirs)
    assert worst[0] < MAX_OVERLAP, worst
    normalise = lambda t: " ".join(sorted(words(t)))  # noqa: E731
    assert not {normalise(p) for p in ours} & {normalise(p) for p in theirs}
    assert len(set(ours)) == len(ours)


def test_every_question_checks_its_own_answers(questions):
    for q in questions:
        if isinstance(q, MultipleChoice):
            assert 3 <= len(q.choices) <= 4, q.prompt
            assert sum(c.correct for c in q.choices) == 1, q.prompt
            assert all(c.feedback.strip() for c in q.choices), q.prompt
            assert not any("all of the above" in c.text.lower() for c in q.choices), q.prompt
            right = next(c.text for c in q.choices if c.correct)
            assert q.check(right).correct
            assert not any(q.check(c.text).correct for c in q.choices if not c.correct)
            assert "Right" in q.check(right).message
        else:
            assert isinstance(q, Numeric)
            assert q.check(q.answer).correct, q.prompt
            assert not q.check(q.answer * 3 + 10).correct and not q.check(q.answer / 3 - 10).correct
            assert q.too_low != q.too_high and q.too_low and q.too_high


def test_both_kinds_of_question_appear():
    every = [q for make in ROUNDS.values() for q in make()]
    numeric = sum(isinstance(q, Numeric) for q in every)
    assert 3 <= numeric <= len(every) // 3


def test_no_length_or_position_cue_in_the_review():
    mc = [q for make in ROUNDS.values() for q in make() if isinstance(q, MultipleChoice)]
    longest = [sum(len(c.text) == max(len(d.text) for d in q.choices) for c in q.choices) == 1
               and max(q.choices, key=lambda c: len(c.text)).correct for q in mc]
    assert sum(longest) <= 0.3 * len(mc), f"{sum(longest)} of {len(mc)}: the right option is the longest"
    positions = [next(i for i, c in enumerate(q.choices) if c.correct) for q in mc]
    assert len(set(positions)) >= 3, positions
    assert max(positions.count(p) for p in set(positions)) <= 0.5 * len(mc), positions
