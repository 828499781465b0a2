"""Quiz questions and their widgets, and the number reader they share with explorer predictions, without a
browser."""

import math

import pytest

from helpers.quiz import Choice, MultipleChoice, Numeric, Quiz, shuffled
from helpers.text import NumberFormatError, parse_number

MC = MultipleChoice(
    "Which receptor needs HLA to see its antigen?",
    [Choice("A T-cell receptor", True, "Yes: TCRs read peptides presented by HLA."),
     Choice("A CAR", False, "CARs bind surface antigen directly, without HLA.")],
    explanation="TCRs are HLA-restricted; CARs are not.",
)
NUM = Numeric("Cells after 10 doublings of 1000 cells?", 1_024_000, rel_tol=0.05, unit="cells",
              too_low="Count the doublings again.", too_high="Fewer doublings than that.",
              explanation="1000 × 2^10 = 1,024,000.")
PCT = Numeric("What percentage of receptors is bound at L = 3 K_D?", 75.0, rel_tol=0, abs_tol=1.0, unit="%")


def test_multiple_choice_feedback_per_option_by_text_or_displayed_index():
    right = MC.check("A T-cell receptor")
    assert right.correct and "HLA" in right.message
    wrong = MC.check("A CAR")
    assert not wrong.correct and wrong.message == "CARs bind surface antigen directly, without HLA."
    for i, choice in enumerate(MC.choices):  # indices follow the displayed (shuffled) order
        assert MC.check(i).correct == choice.correct


def test_options_are_shuffled_deterministically_by_prompt():
    options = [Choice(f"option {i}", i == 0, "") for i in range(6)]
    a = MultipleChoice("Question A?", options)
    assert [c.text for c in a.choices] == [c.text for c in MultipleChoice("Question A?", options).choices]
    orders = {tuple(c.text for c in MultipleChoice(f"Question {k}?", options).choices) for k in range(20)}
    assert len(orders) > 10  # different prompts, different orders
    assert sorted(c.text for c in a.choices) == sorted(c.text for c in options)
    assert [c.text for c in MultipleChoice("Q?", options, shuffle=False).choices] == [c.text for c in options]
    assert shuffled([1, 2, 3], "key") == shuffled([1, 2, 3], "key")


def test_numeric_tolerance_and_direction_hints():
    assert NUM.check(1_000_000).correct  # within 5 %
    assert NUM.check(500_000).message == "Count the doublings again."
    assert NUM.check(2e6).message == "Fewer doublings than that."
    assert Numeric("x", 0.0, rel_tol=0, abs_tol=0.1).check(0.05).correct


@pytest.mark.parametrize("bad", [5, -1, True, None, 1.5])
def test_multiple_choice_rejects_bad_answers(bad):
    with pytest.raises(ValueError, match="answer must be an option index"):
        MC.check(bad)


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), "lots", None, True])
def test_numeric_rejects_bad_answers(bad):
    with pytest.raises(ValueError, match="answer must be a"):
        NUM.check(bad)


def test_question_definitions_are_validated():
    with pytest.raises(ValueError, match="at least one correct"):
        MultipleChoice("q", [Choice("a", False, ""), Choice("b", False, "")])
    with pytest.raises(ValueError, match="at least 2"):
        MultipleChoice("q", [Choice("a", True, "")])
    with pytest.raises(ValueError, match="different texts"):
        MultipleChoice("q", [Choice("a", True, ""), Choice("a", False, "")])
    with pytest.raises(ValueError, match="tol"):
        Numeric("q", 1.0, rel_tol=0, abs_tol=0)
    with pytest.raises(ValueError, match="questions"):
        Quiz([])


def test_quiz_widget_checks_like_a_click_and_shows_explanations():
    quiz = Quiz([MC, NUM])
    fb = quiz.answer(1, 1_024_000)
    assert fb.correct and "Right" in quiz.feedback_text(1)
    quiz.answer(0, "A CAR")
    assert "Not quite" in quiz.feedback_text(0) and "without HLA" in quiz.feedback_text(0)
    assert "TCRs are HLA-restricted" in quiz.show_explanation(0)
    assert quiz.show_explanation(0, False) == ""
    with pytest.raises(ValueError, match="index"):
        quiz.answer(2, 0)


def test_check_button_click_path():
    quiz = Quiz([MC])
    view = quiz._views[0]
    view.check_button.click()  # nothing chosen yet
    assert "Choose or type an answer first" in view.feedback.value
    view.input.value = MC.index("A T-cell receptor")
    view.check_button.click()
    assert "Right" in view.feedback.value


def test_static_fallback_lists_questions_without_answers():
    bundle = Quiz([MC, NUM])._repr_mimebundle_()
    md = bundle["text/markdown"]
    assert "Which receptor" in md and "Cells after 10 doublings" in md
    assert "TCRs read peptides" not in md  # feedback is not given away
    assert "application/vnd.jupyter.widget-view+json" in bundle


# --------------------------------------------------------------------------------------------------
# What people type
@pytest.mark.parametrize("typed, value", [
    ("5e9", 5e9), ("5E9", 5e9), ("5 × 10^9", 5e9), ("5x10^9", 5e9), ("5*10**9", 5e9), ("5×10⁹", 5e9),
    ("10¹⁰", 1e10), ("10^10", 1e10), ("10⁻³", 1e-3), ("1,024,000", 1_024_000), ("1 024 000", 1_024_000),
    ("1\u2009024\u2009000", 1_024_000), ("1\u00a0024\u00a0000", 1_024_000), ("\u22123", -3.0), ("-3", -3.0),
    ("  42  ", 42.0), (".5", 0.5), ("1.024e6", 1.024e6), ("1.02x10^6", 1.02e6),
])
def test_parse_number_accepts_what_people_type(typed, value):
    parsed, percent = parse_number(typed)
    assert math.isclose(parsed, value, rel_tol=1e-12) and not percent


def test_parse_number_reads_percentages():
    assert parse_number("75%") == (75.0, True)
    assert parse_number("75 %") == (75.0, True)


@pytest.mark.parametrize("typed, message", [
    ("2,5", "Use a point for decimals: type 2.5"), ("12,50", "type 12.50"), ("nan", "finite"), ("inf", "finite"),
    ("-Infinity", "finite"), ("1e400", "too large"), ("10^400", "too large"), ("9" * 41, "too long"),
    ("lots", "Type a number"), ("", "Type a number first"), ("5 apples", "Type a number"),
])
def test_parse_number_explains_what_it_cannot_read(typed, message):
    with pytest.raises(NumberFormatError, match=message):
        parse_number(typed)


@pytest.mark.parametrize("typed", ["5e9", "5 × 10^9", "5×10⁹", "1,024,000", "1 024 000", "−3", "75%", "0.75",
                                   "2,5", "1e400", "nan", "inf", "x" * 5000, "<script>alert(1)</script>",
                                   "<b>1</b>", "10^-400", "1e-400", " "])
def test_numeric_view_never_crashes_and_always_replaces_the_verdict(typed):
    for question in (NUM, PCT):
        quiz = Quiz([question])
        view = quiz._views[0]
        view.feedback.value = "STALE"
        view.input.value = typed
        view.check_button.click()  # must not raise
        shown = view.feedback.value
        assert shown and "STALE" not in shown
        assert "<script>" not in shown and "<b>1</b>" not in shown  # typed text is never echoed as HTML


def test_feedback_says_how_an_answer_was_read():
    quiz = Quiz([NUM])
    quiz.answer(0, "1,024")
    assert "Read as 1,024" in quiz.feedback_text(0)
    quiz.answer(0, "1 024 000")
    assert "Right" in quiz.feedback_text(0) and "Read as 1,024,000" in quiz.feedback_text(0)


def test_a_fraction_for_a_percentage_gets_a_hint_not_a_verdict():
    fb = PCT.check("0.75")
    assert not fb.correct and "fraction" in fb.message and "75 %" in fb.message
    assert PCT.check("75%").correct and PCT.check("75").correct
    assert "not a percentage" in NUM.check("75%").message


def test_decimal_comma_gets_a_hint_never_a_misreading():
    quiz = Quiz([PCT])
    view = quiz._views[0]
    view.input.value = "7,5"
    view.check_button.click()
    assert "Use a point for decimals" in view.feedback.value and "Right" not in view.feedback.value


# --------------------------------------------------------------------------------------------------
# The course's own quizzes
def _course_questions():
    from helpers import quizzes

    makers = [getattr(quizzes, name) for name in dir(quizzes)
              if callable(getattr(quizzes, name)) and getattr(getattr(quizzes, name), "__module__", "") == quizzes.__name__
              and not name.startswith("_")]
    return [q for make in makers for q in make()]


def test_every_course_question_assesses_an_objective_and_checks_its_own_answers():
    questions = _course_questions()
    assert len(questions) >= 15
    for q in questions:
        assert q.objective is not None and q.explanation, q.prompt
        if isinstance(q, MultipleChoice):
            assert sum(c.correct for c in q.choices) == 1, q.prompt
            assert all(c.feedback for c in q.choices), q.prompt
            right = next(c.text for c in q.choices if c.correct)
            assert q.check(right).correct and not any(q.check(c.text).correct for c in q.choices if not c.correct)
        else:
            assert q.check(q.answer).correct and not q.check(q.answer * 3 + 10).correct


def test_no_position_or_length_cue_across_the_course():
    """The right option is not always first, nor always the longest (DESIGN.md §1.4)."""
    mc = [q for q in _course_questions() if isinstance(q, MultipleChoice)]
    positions = [next(i for i, c in enumerate(q.choices) if c.correct) for q in mc]
    assert len(set(positions)) >= 3, positions
    assert max(positions.count(p) for p in set(positions)) <= 0.5 * len(mc), positions
    longest = [max(q.choices, key=lambda c: len(c.text)).correct and
               sum(len(c.text) == max(len(d.text) for d in q.choices) for c in q.choices) == 1 for q in mc]
    assert sum(longest) <= 0.4 * len(mc), f"{sum(longest)} of {len(mc)} questions: the right option is the longest"
