"""Self-check questions with immediate, per-answer feedback.

Two kinds of question: :class:`MultipleChoice` (every option carries its own feedback, so a wrong
answer is told *why* it is wrong) and :class:`Numeric` (an answer within a tolerance is right; too low
and too high get their own hints). Checking an answer is plain Python (:meth:`Question.check`), so
quizzes are tested without a browser; :class:`Quiz` puts the questions on screen with ipywidgets.

We chose this over ``jupyterquiz``: jupyterquiz renders and checks answers in JavaScript, so its
logic cannot be tested from Python, it needs a trusted notebook to re-render stored output, and it
would add a dependency; these ~200 lines reuse the ipywidgets the course already needs.

Example
-------
>>> q = MultipleChoice(
...     "Which cells does a CAR-T product contain?",
...     [Choice("The patient's own T cells, engineered", True, "Yes: autologous and engineered."),
...      Choice("Donor red blood cells", False, "Red cells cannot kill.")],
...     explanation="CAR-T cells are T cells given a chimeric antigen receptor.")
>>> q.check(0).correct
True
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import ipywidgets as widgets


@dataclass(frozen=True)
class Feedback:
    """The outcome of checking one answer."""

    correct: bool
    message: str


@dataclass(frozen=True)
class Choice:
    """One option of a multiple-choice question, with the feedback shown when it is picked."""

    text: str
    correct: bool
    feedback: str


class Question:
    """Base class: a prompt, an explanation, and :meth:`check`."""

    prompt: str
    explanation: str

    def check(self, answer: Any) -> Feedback:  # pragma: no cover - abstract
        raise NotImplementedError

    def as_markdown(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError


@dataclass(frozen=True)
class MultipleChoice(Question):
    """A question with one or more correct options; ``check(i)`` takes the option's index."""

    prompt: str
    choices: Sequence[Choice]
    explanation: str = ""

    def __post_init__(self) -> None:
        if len(self.choices) < 2:
            raise ValueError(f"choices must hold at least 2 options; got {len(self.choices)}")
        if not any(c.correct for c in self.choices):
            raise ValueError("choices must include at least one correct option")

    def check(self, answer: Any) -> Feedback:
        if isinstance(answer, bool) or not isinstance(answer, int) or not 0 <= answer < len(self.choices):
            raise ValueError(f"answer must be an option index in [0, {len(self.choices) - 1}]; got {answer!r}")
        choice = self.choices[answer]
        return Feedback(choice.correct, choice.feedback)

    def as_markdown(self) -> str:
        options = "\n".join(f"- {c.text}" for c in self.choices)
        return f"**{self.prompt}**\n\n{options}"


@dataclass(frozen=True)
class Numeric(Question):
    """A question whose answer is a number; right when within ``rel_tol`` (relative) or ``abs_tol``.

    ``too_low`` and ``too_high`` are hints shown for wrong answers on either side.
    """

    prompt: str
    answer: float
    rel_tol: float = 0.05
    abs_tol: float = 0.0
    unit: str = ""
    correct_feedback: str = "Correct."
    too_low: str = "Too low."
    too_high: str = "Too high."
    explanation: str = ""

    def __post_init__(self) -> None:
        if not math.isfinite(self.answer):
            raise ValueError(f"answer must be a finite number; got {self.answer!r}")
        if not (self.rel_tol >= 0 and self.abs_tol >= 0) or (self.rel_tol == 0 and self.abs_tol == 0):
            raise ValueError("rel_tol and abs_tol must be >= 0, and at least one > 0")

    def check(self, answer: Any) -> Feedback:
        if isinstance(answer, bool) or not isinstance(answer, (int, float)) or not math.isfinite(answer):
            raise ValueError(f"answer must be a finite number; got {answer!r}")
        if math.isclose(answer, self.answer, rel_tol=self.rel_tol, abs_tol=self.abs_tol):
            return Feedback(True, self.correct_feedback)
        return Feedback(False, self.too_low if answer < self.answer else self.too_high)

    def as_markdown(self) -> str:
        unit = f" (in {self.unit})" if self.unit else ""
        return f"**{self.prompt}**{unit}"


@dataclass
class _QuestionView:
    """The widgets of one question on screen."""

    question: Question
    input: widgets.ValueWidget
    check_button: widgets.Button
    feedback: widgets.HTML
    explain_button: widgets.ToggleButton
    explanation: widgets.HTML
    box: widgets.VBox = field(init=False)

    def __post_init__(self) -> None:
        parts: list[widgets.Widget] = [
            widgets.HTML(f"<p><b>{html.escape(self.question.prompt)}</b></p>"),
            self.input,
            widgets.HBox([self.check_button, self.explain_button]),
            self.feedback,
            self.explanation,
        ]
        self.box = widgets.VBox(parts)
        self.box.add_class("act-quiz-question")


class Quiz:
    """Questions on screen, each with a "Check" button, feedback and a "Show explanation" toggle.

    ``quiz.answer(i, value)`` answers question ``i`` exactly as a learner's click does and returns the
    :class:`Feedback`; tests and notebooks can use it.
    """

    def __init__(self, questions: Sequence[Question], title: str = "Check your understanding") -> None:
        if not questions:
            raise ValueError("questions must hold at least one question")
        self.questions = list(questions)
        self.title = title
        self._views = [self._make_view(i, q) for i, q in enumerate(self.questions)]
        heading = widgets.HTML(f"<h3>{html.escape(title)}</h3>")
        self.widget = widgets.VBox([heading] + [v.box for v in self._views])
        self.widget.add_class("act-quiz")

    def _make_view(self, index: int, question: Question) -> _QuestionView:
        if isinstance(question, MultipleChoice):
            entry: widgets.ValueWidget = widgets.RadioButtons(
                options=[(c.text, i) for i, c in enumerate(question.choices)], value=None,
                layout=widgets.Layout(width="auto"),
            )
        elif isinstance(question, Numeric):
            entry = widgets.Text(value="", placeholder="a number, e.g. 5e9", description=question.unit or "answer",
                                 style={"description_width": "initial"})
        else:  # pragma: no cover - only two kinds exist
            raise TypeError(f"unsupported question type {type(question).__name__}")
        check = widgets.Button(description="Check", button_style="primary", tooltip="Check your answer")
        feedback = widgets.HTML()
        explain = widgets.ToggleButton(value=False, description="Show explanation",
                                       tooltip="Show or hide the explanation")
        explanation = widgets.HTML()
        view = _QuestionView(question, entry, check, feedback, explain, explanation)

        def on_check(_: Any) -> None:
            self._check_view(index, view.input.value)

        def on_explain(change: dict[str, Any]) -> None:
            shown = bool(change["new"])
            view.explanation.value = (
                f"<div class='act-quiz-explanation'>{html.escape(question.explanation)}</div>" if shown else ""
            )
            view.explain_button.description = "Hide explanation" if shown else "Show explanation"

        check.on_click(on_check)
        explain.observe(on_explain, names="value")
        return view

    def _check_view(self, index: int, value: Any) -> Feedback | None:
        view = self._views[index]
        if value is None or (isinstance(value, str) and not value.strip()):
            view.feedback.value = "<span role='status'>Choose or type an answer first.</span>"
            return None
        if isinstance(view.question, Numeric) and isinstance(value, str):
            try:
                value = float(value.replace(",", "").replace("×10^", "e").replace("x10^", "e"))
            except ValueError:
                view.feedback.value = ("<span role='status'>Type a number, for example 5e9 for 5 × 10⁹ "
                                       "or 5000000000.</span>")
                return None
        feedback = view.question.check(value)
        mark, colour = ("✔ Right.", "#007A4D") if feedback.correct else ("✘ Not quite.", "#B00020")
        view.feedback.value = (
            f"<div role='status' class='act-quiz-feedback' style='color:{colour}'><b>{mark}</b> "
            f"{html.escape(feedback.message)}</div>"
        )
        return feedback

    def answer(self, index: int, value: Any) -> Feedback:
        """Enter ``value`` for question ``index`` and check it, as the "Check" button does."""
        if not 0 <= index < len(self.questions):
            raise ValueError(f"index must be in [0, {len(self.questions) - 1}]; got {index!r}")
        view = self._views[index]
        view.input.value = str(value) if isinstance(view.question, Numeric) else value
        result = self._check_view(index, view.input.value)
        if result is None:
            raise ValueError(f"answer to question {index} must be a number or an option index; got {value!r}")
        return result

    def feedback_text(self, index: int) -> str:
        """The feedback HTML currently shown for question ``index``."""
        return self._views[index].feedback.value

    def show_explanation(self, index: int, shown: bool = True) -> str:
        """Show (or hide) the explanation of question ``index``; returns the HTML shown."""
        self._views[index].explain_button.value = shown
        return self._views[index].explanation.value

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None, **kwargs: Any) -> dict[str, Any]:
        """The live quiz, plus the questions as Markdown for views without a kernel (no answers)."""
        bundle = dict(self.widget._repr_mimebundle_(include=include, exclude=exclude) or {})
        text = "\n\n".join(f"{i + 1}. {q.as_markdown()}" for i, q in enumerate(self.questions))
        bundle["text/markdown"] = f"### {self.title}\n\n{text}\n\n*(Run the notebook to check your answers.)*"
        bundle["text/plain"] = f"{self.title}: {len(self.questions)} questions"
        return bundle
