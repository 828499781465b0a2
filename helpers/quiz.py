"""Self-check questions with immediate, per-answer feedback.

Two kinds of question: :class:`MultipleChoice` (every option carries its own feedback, so a wrong
answer is told *why* it is wrong) and :class:`Numeric` (an answer within a tolerance is right; too low
and too high get their own hints). Checking an answer is plain Python (:meth:`Question.check`), so
quizzes are tested without a browser; :class:`Quiz` puts the questions on screen with ipywidgets.

Options are shown in a shuffled order that is fixed for each question (seeded by its prompt), so the
right answer is not always first and a stored notebook does not change between runs. Authors may write
the right option first; learners never see that order.

Typed numbers are read by :func:`helpers.text.parse_number` (``5e9``, ``5 × 10^9``, ``10¹⁰``,
``1,024,000``, ``75%`` …); the feedback always says how an answer was read, so nothing is misread silently.

We chose this over ``jupyterquiz``: jupyterquiz renders and checks answers in JavaScript, so its
logic cannot be tested from Python, it needs a trusted notebook to re-render stored output, and it
would add a dependency; these few hundred lines reuse the ipywidgets the course already needs.

Example
-------
>>> q = MultipleChoice(
...     "Which cells does a CAR-T product contain?",
...     [Choice("The patient's own T cells, engineered", True, "Yes: autologous and engineered."),
...      Choice("Donor red blood cells", False, "Red cells cannot kill.")],
...     explanation="CAR-T cells are T cells given a chimeric antigen receptor.")
>>> q.check("The patient's own T cells, engineered").correct
True
"""

from __future__ import annotations

import html
import math
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import ipywidgets as widgets
import numpy as np

from helpers.course import SERIES
from helpers.text import NumberFormatError, parse_number, sci


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
    """Base class: a prompt, an explanation, the learning objective it assesses, and :meth:`check`.

    ``revisit`` (optional) names the notebook a review question comes from (``"03_antigen_recognition.ipynb"``,
    optionally with ``#heading``); the explanation then ends with a link back to it."""

    prompt: str
    explanation: str
    objective: int | None
    revisit: str

    def check(self, answer: Any) -> Feedback:  # pragma: no cover - abstract
        raise NotImplementedError

    def as_markdown(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError


def shuffled(items: Sequence[Any], key: str) -> list[Any]:
    """``items`` in a pseudo-random order fixed by ``key`` (the same key always gives the same order)."""
    rng = np.random.default_rng(zlib.crc32(key.encode("utf-8")))
    return [items[i] for i in rng.permutation(len(items))]


@dataclass(frozen=True)
class MultipleChoice(Question):
    """A question with one or more correct options.

    ``choices`` are kept in display order: shuffled at construction (seeded by the prompt) unless
    ``shuffle=False``; a single right option lands at position ``crc32(prompt) % len(choices)``, so across a
    course the right answer's place is spread evenly. ``check`` takes the option's text or its index in that order.
    """

    prompt: str
    choices: Sequence[Choice]
    explanation: str = ""
    objective: int | None = None
    shuffle: bool = True
    revisit: str = ""

    def __post_init__(self) -> None:
        if len(self.choices) < 2:
            raise ValueError(f"choices must hold at least 2 options; got {len(self.choices)}")
        if not any(c.correct for c in self.choices):
            raise ValueError("choices must include at least one correct option")
        texts = [c.text for c in self.choices]
        if len(set(texts)) != len(texts):
            raise ValueError("choices must have different texts")
        order = list(self.choices)
        if self.shuffle:
            right = [c for c in order if c.correct]
            order = shuffled([c for c in order if not c.correct] if len(right) == 1 else order, self.prompt)
            if len(right) == 1:  # the right option's place comes straight from the prompt's hash: spread evenly
                order.insert(zlib.crc32(self.prompt.encode("utf-8")) % len(self.choices), right[0])
        object.__setattr__(self, "choices", tuple(order))

    def index(self, answer: Any) -> int:
        """The display index of ``answer`` (an option's text or index); ValueError if it is neither."""
        if isinstance(answer, str):
            for i, c in enumerate(self.choices):
                if c.text == answer:
                    return i
        elif isinstance(answer, (int, np.integer)) and not isinstance(answer, bool) and 0 <= answer < len(self.choices):
            return int(answer)
        raise ValueError(f"answer must be an option index in [0, {len(self.choices) - 1}] or an option's text; "
                         f"got {answer!r}")

    def check(self, answer: Any) -> Feedback:
        choice = self.choices[self.index(answer)]
        return Feedback(choice.correct, choice.feedback)

    def as_markdown(self) -> str:
        options = "\n".join(f"- {c.text}" for c in self.choices)
        return f"**{self.prompt}**\n\n{options}"


@dataclass(frozen=True)
class Numeric(Question):
    """A question whose answer is a number; right when within ``rel_tol`` (relative) or ``abs_tol``.

    ``too_low`` and ``too_high`` are hints shown for wrong answers on either side. With ``unit="%"``, an
    answer typed as a fraction (0.75 for 75 %) gets a hint instead of a verdict.
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
    objective: int | None = None
    revisit: str = ""

    def __post_init__(self) -> None:
        if not math.isfinite(self.answer):
            raise ValueError(f"answer must be a finite number; got {self.answer!r}")
        if not (self.rel_tol >= 0 and self.abs_tol >= 0) or (self.rel_tol == 0 and self.abs_tol == 0):
            raise ValueError("rel_tol and abs_tol must be >= 0, and at least one > 0")

    def _close(self, value: float) -> bool:
        return math.isclose(value, self.answer, rel_tol=self.rel_tol, abs_tol=self.abs_tol)

    def check(self, answer: Any, percent: bool = False) -> Feedback:
        """Check a number (or a typed answer, read by :func:`helpers.text.parse_number`).

        ``percent`` says the number was typed with a % sign (a typed ``"75%"`` sets it itself)."""
        if isinstance(answer, str):
            try:
                answer, percent = parse_number(answer)
            except NumberFormatError as exc:
                raise ValueError(f"answer must be a number: {exc}") from None
        if isinstance(answer, bool) or not isinstance(answer, (int, float, np.number)) or not math.isfinite(answer):
            raise ValueError(f"answer must be a finite number; got {answer!r}")
        value = float(answer)
        if percent and self.unit != "%":
            return Feedback(False, f"This question asks for {self.unit or 'a plain number'}, not a percentage.")
        if self.unit == "%" and not percent and 0 < abs(value) <= 1 and not self._close(value) \
                and self._close(100 * value):
            return Feedback(False, f"It looks like you gave a fraction: {value:g} is {100 * value:g} %. "
                                   "Type the percentage.")
        if self._close(value):
            return Feedback(True, self.correct_feedback)
        return Feedback(False, self.too_low if value < self.answer else self.too_high)

    def as_markdown(self) -> str:
        unit = f" (in {self.unit})" if self.unit else ""
        return f"**{self.prompt}**{unit}"


def read_as(value: float) -> str:
    """How a typed number was read, for the feedback line ("Read as 1,024,000.")."""
    if value == int(value) and abs(value) < 1e7:
        return f"{int(value):,}"
    return sci(value, 3)


def _revisit_link(question: Question) -> str:
    """The link back (" Revisit: 03 · Antigen recognition") for a review question that names its notebook, else
    ""."""
    if not question.revisit:
        return ""
    filename = question.revisit.split("#")[0]
    lesson = next((s for s in SERIES if s.filename == filename), None)
    name = f"{lesson.number} · {lesson.title}" if lesson else filename
    return f" <i>Revisit:</i> <a href='{html.escape(question.revisit)}'>{html.escape(name)}</a>"


@dataclass
class _QuestionView:
    """The widgets of one question on screen."""

    question: Question
    input: widgets.ValueWidget
    check_button: widgets.Button
    feedback: widgets.HTML
    explain_button: widgets.ToggleButton
    explanation: widgets.HTML
    number: int
    box: widgets.VBox = field(init=False)

    def __post_init__(self) -> None:
        parts: list[widgets.Widget] = [
            widgets.HTML(f"<p><b>{self.number}. {html.escape(self.question.prompt)}</b></p>"),
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
    :class:`Feedback`; tests and notebooks can use it. For a multiple-choice question ``value`` is the
    option's text or its index as displayed; for a numeric one, a number or the text a learner would type.
    """

    def __init__(self, questions: Sequence[Question], title: str = "Check your understanding") -> None:
        if not questions:
            raise ValueError("questions must hold at least one question")
        self.questions = list(questions)
        self.title = title
        self._views = [self._make_view(i, q) for i, q in enumerate(self.questions)]
        heading = widgets.HTML(f"<b class='act-quiz-title'>{html.escape(title)}</b>")
        self.widget = widgets.VBox([heading] + [v.box for v in self._views])
        self.widget.add_class("act-quiz")

    def _make_view(self, index: int, question: Question) -> _QuestionView:
        if isinstance(question, MultipleChoice):
            entry: widgets.ValueWidget = widgets.RadioButtons(
                options=[(c.text, i) for i, c in enumerate(question.choices)], value=None,
                layout=widgets.Layout(width="auto"),
            )
        elif isinstance(question, Numeric):
            entry = widgets.Text(value="", placeholder="a number, e.g. 5e9 or 5 × 10^9",
                                 description=question.unit or "answer", style={"description_width": "initial"})
        else:  # pragma: no cover - only two kinds exist
            raise TypeError(f"unsupported question type {type(question).__name__}")
        check = widgets.Button(description="Check", button_style="primary", tooltip="Check your answer")
        feedback = widgets.HTML()
        explain = widgets.ToggleButton(value=False, description="Show explanation",
                                       tooltip="Show or hide the explanation")
        explanation = widgets.HTML()
        view = _QuestionView(question, entry, check, feedback, explain, explanation, index + 1)

        def on_check(_: Any) -> None:
            self._check_view(index, view.input.value)

        def on_explain(change: dict[str, Any]) -> None:
            shown = bool(change["new"])
            view.explanation.value = (
                f"<div class='act-quiz-explanation'>{html.escape(question.explanation)}{_revisit_link(question)}"
                f"</div>" if shown else ""
            )
            view.explain_button.description = "Hide explanation" if shown else "Show explanation"

        check.on_click(on_check)
        explain.observe(on_explain, names="value")
        return view

    @staticmethod
    def _status(text: str) -> str:
        return f"<span role='status' class='act-quiz-feedback'>{html.escape(text)}</span>"

    def _check_view(self, index: int, value: Any) -> Feedback | None:
        """Check what the learner entered; shows a verdict, a hint, or why the entry cannot be checked.

        Never raises for anything a learner can type: every outcome replaces the previous message."""
        view = self._views[index]
        question = view.question
        if value is None or (isinstance(value, str) and not value.strip()):
            view.feedback.value = self._status("Choose or type an answer first.")
            return None
        read = ""
        try:
            if isinstance(question, Numeric) and isinstance(value, str):
                number, percent = parse_number(value)
                read = f" (Read as {read_as(number)}{' %' if percent else ''}.)"
                feedback = question.check(number, percent=percent)
            else:
                feedback = question.check(value)
        except NumberFormatError as exc:
            view.feedback.value = self._status(str(exc))
            return None
        except (ValueError, TypeError, OverflowError) as exc:
            view.feedback.value = self._status(f"That answer cannot be checked: {exc}")
            return None
        mark, colour = ("✔ Right.", "#007A4D") if feedback.correct else ("✘ Not quite.", "#B00020")
        view.feedback.value = (
            f"<div role='status' class='act-quiz-feedback' style='color:{colour}'><b>{mark}</b> "
            f"{html.escape(feedback.message)}{html.escape(read)}</div>"
        )
        return feedback

    def answer(self, index: int, value: Any) -> Feedback:
        """Enter ``value`` for question ``index`` and check it, as the "Check" button does."""
        if not 0 <= index < len(self.questions):
            raise ValueError(f"index must be in [0, {len(self.questions) - 1}]; got {index!r}")
        view = self._views[index]
        question = view.question
        if isinstance(question, Numeric):
            view.input.value = value if isinstance(value, str) else repr(value)
        else:
            view.input.value = question.index(value)
        result = self._check_view(index, view.input.value)
        if result is None:
            raise ValueError(f"answer to question {index} must be a number or an option; got {value!r}: "
                             f"{html.unescape(view.feedback.value)}")
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
        bundle["text/markdown"] = f"**{self.title}**\n\n{text}\n\n*(Run the notebook to check your answers.)*"
        bundle["text/plain"] = f"{self.title}: {len(self.questions)} questions"
        return bundle
