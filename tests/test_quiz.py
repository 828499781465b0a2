"""Quiz questions and their widgets, without a browser."""

import pytest

from helpers.quiz import Choice, MultipleChoice, Numeric, Quiz

MC = MultipleChoice(
    "Which receptor needs HLA to see its antigen?",
    [Choice("A T-cell receptor", True, "Yes: TCRs read peptides presented by HLA."),
     Choice("A CAR", False, "CARs bind surface antigen directly, without HLA.")],
    explanation="TCRs are HLA-restricted; CARs are not.",
)
NUM = Numeric("Cells after 10 doublings of 1000 cells?", 1_024_000, rel_tol=0.05, unit="cells",
              too_low="Count the doublings again.", too_high="Fewer doublings than that.",
              explanation="1000 × 2^10 = 1,024,000.")


def test_multiple_choice_feedback_per_option():
    assert MC.check(0).correct and "HLA" in MC.check(0).message
    wrong = MC.check(1)
    assert not wrong.correct and wrong.message == "CARs bind surface antigen directly, without HLA."


def test_numeric_tolerance_and_direction_hints():
    assert NUM.check(1_000_000).correct  # within 5 %
    assert NUM.check(500_000).message == "Count the doublings again."
    assert NUM.check(2e6).message == "Fewer doublings than that."
    assert Numeric("x", 0.0, rel_tol=0, abs_tol=0.1).check(0.05).correct


@pytest.mark.parametrize("bad", [2, -1, True, "0", None])
def test_multiple_choice_rejects_bad_answers(bad):
    with pytest.raises(ValueError, match="answer must be an option index"):
        MC.check(bad)


@pytest.mark.parametrize("bad", [float("nan"), "3", None, True])
def test_numeric_rejects_bad_answers(bad):
    with pytest.raises(ValueError, match="answer must be a finite number"):
        NUM.check(bad)


def test_question_definitions_are_validated():
    with pytest.raises(ValueError, match="at least one correct"):
        MultipleChoice("q", [Choice("a", False, ""), Choice("b", False, "")])
    with pytest.raises(ValueError, match="at least 2"):
        MultipleChoice("q", [Choice("a", True, "")])
    with pytest.raises(ValueError, match="tol"):
        Numeric("q", 1.0, rel_tol=0, abs_tol=0)
    with pytest.raises(ValueError, match="questions"):
        Quiz([])


def test_quiz_widget_checks_like_a_click_and_shows_explanations():
    quiz = Quiz([MC, NUM])
    fb = quiz.answer(1, 1_024_000)
    assert fb.correct and "Right" in quiz.feedback_text(1)
    quiz.answer(0, 1)
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
    view.input.value = 0
    view.check_button.click()
    assert "Right" in view.feedback.value


def test_static_fallback_lists_questions_without_answers():
    bundle = Quiz([MC, NUM])._repr_mimebundle_()
    md = bundle["text/markdown"]
    assert "Which receptor" in md and "Cells after 10 doublings" in md
    assert "TCRs read peptides" not in md  # feedback is not given away
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_numeric_entry_accepts_typed_text_like_a_learner():
    quiz = Quiz([NUM])
    view = quiz._views[0]
    for typed in ("1.024e6", "1,024,000", "1.02x10^6"):
        view.input.value = typed
        view.check_button.click()
        assert "Right" in view.feedback.value, typed
    view.input.value = "lots"
    view.check_button.click()
    assert "Type a number" in view.feedback.value
    with pytest.raises(ValueError, match="must be a number"):
        quiz.answer(0, "lots")
