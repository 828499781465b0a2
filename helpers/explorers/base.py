"""The explorer machinery every interactive figure in the course uses.

An explorer is built once: its controls (ipywidgets with units in their labels), a persistent matplotlib
:class:`~matplotlib.figure.Figure` on an Agg canvas, and an ``<img>`` (in an HTML widget) that shows it.
On every control change it runs the model, updates the figure's artists in place and shows the new
image. It never rebuilds the figure, so nothing flickers and the axes do not jump.

Rendering uses **blitting**: the fixed background (axes, ticks, labels, anything not marked dynamic) is
drawn once and kept as a pixel buffer; each update restores that buffer, draws only the dynamic artists
and encodes the canvas buffer as PNG (:func:`helpers.figures.png.encode_png`, zlib level 1).

Text is slow to draw in Agg (about 3 ms per label, 10 ms with mathtext, measured on the reference
machine), so numbers that change on every slider step belong in :meth:`Explorer.readout` (HTML above
the figure), not in the figure. Artists that change only with some controls — a dose band picked from a
dropdown, say — stay in the background: list those controls in ``background_controls`` and the
background is redrawn only when one of them changes. Backgrounds are cached by
:meth:`Explorer.background_key` (by default the values of those controls), up to
``background_cache_size`` of them, so going back to an earlier choice costs no redraw. A subclass that changes the background for any other reason (rescaling an
axis at the learner's request) calls :meth:`Explorer.redraw_background`, which empties the cache.

A subclass provides five things::

    class MyExplorer(Explorer):
        def make_controls(self) -> dict[str, ValueWidget]   # built once, in display order
        def compute(self, **values) -> State                # calls helpers.models; pure
        def build(self, fig) -> Scene                       # axes, static art, dynamic artists
        def draw(self, scene, state) -> None                # update the dynamic artists in place
        def summary(self) -> str                            # one sentence about the current figure
        def readout(self) -> str                            # optional: short HTML shown above the figure

``build`` and ``draw`` are also used, unchanged, by :meth:`Explorer.naive_plot`, the "redraw a new
figure every time" baseline that ``make bench`` compares against.

**Predict, then reveal.** ``explorer.ask(*predictions)`` (or the factory's ``predict=True``) turns on the
prediction mode for a "Try it": each :class:`Prediction` puts the explorer in its situation (``settings``),
hides the readout and the artists that would give the answer away (``hide``: names of scene artists), and
asks the learner to type or pick a prediction. "Reveal" (:meth:`Explorer.reveal`, which tests call with a
plain Python value) shows the answer beside the prediction with one line of feedback, then the next
prediction can be asked. While a prediction is pending, :meth:`Explorer.describe` returns
:meth:`Explorer.describe_concealed`, so neither the caption nor the image's accessible name gives the
answer away. Free exploration (no predictions) stays the default.

**Accessibility.** The figure is shown as an ``<img>`` whose alt text (its accessible name) is kept equal to
:meth:`Explorer.describe`, and so is the caption under it; the PNG kept for views without a kernel
carries the same text as its alt text (an ``<img alt>`` in the output's HTML: JupyterLab ignores alt text in image
output metadata), so no view of the notebook has an image without alt.
"""

from __future__ import annotations

import html
import math
import re
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import ipywidgets as widgets
import numpy as np
from matplotlib.artist import Artist
from matplotlib.figure import Figure

from helpers.figures.png import encode_png, img_html
from helpers.figures.style import new_figure, style
from helpers.text import NumberFormatError, parse_number, sci

State = TypeVar("State")

#: Control widgets an explorer may use; all have a ``value``.
Control = widgets.ValueWidget


@dataclass
class Scene:
    """What :meth:`Explorer.build` returns: named handles for :meth:`Explorer.draw`, and the dynamic
    artists (those that change with the controls; everything else is background)."""

    handles: dict[str, Any]
    dynamic: list[Artist] = field(default_factory=list)

    def __getitem__(self, name: str) -> Any:
        return self.handles[name]


@dataclass(frozen=True)
class Prediction:
    """One "predict, then reveal" question an explorer asks before it shows the answer.

    Parameters
    ----------
    prompt : str
        What to predict (one sentence, as in the notebook's Try-it).
    answer : callable
        ``answer(state)`` gives the true value from the explorer's state at the prediction's settings:
        a number, or one of ``options``.
    options : tuple of str
        The choices, for a multiple-choice prediction; empty for a number.
    unit : str
        Unit of a numeric prediction, shown beside the entry and in the feedback.
    rel_tol, abs_tol : float
        A numeric prediction within these of the answer counts as close.
    settings : mapping
        Control values that set up the situation; applied when the prediction is asked and again when it is
        revealed (the answer is always computed at these settings).
    show : mapping
        Further control values applied at the reveal, to show the answer (e.g. move a time slider to it).
    hide : tuple of str
        Names of the scene's artists that would give the answer away; hidden until the reveal (background
        artists too: the background is then redrawn).
    explain : str or callable
        One line shown after the reveal, or ``explain(state)`` returning it.
    """

    prompt: str
    answer: Callable[[Any], Any]
    options: tuple[str, ...] = ()
    unit: str = ""
    rel_tol: float = 0.15
    abs_tol: float = 0.0
    settings: Mapping[str, Any] = field(default_factory=dict)
    show: Mapping[str, Any] = field(default_factory=dict)
    hide: tuple[str, ...] = ()
    explain: str | Callable[[Any], str] = ""

    def __post_init__(self) -> None:
        if not self.prompt.strip():
            raise ValueError("prompt must not be empty")
        if len(self.options) == 1:
            raise ValueError("options must hold at least 2 choices (or none, for a number)")
        if not (self.rel_tol >= 0 and self.abs_tol >= 0):
            raise ValueError("rel_tol and abs_tol must be >= 0")


@dataclass(frozen=True)
class Verdict:
    """The outcome of revealing one prediction: what was predicted, the model's answer, and the feedback."""

    prediction: Any
    truth: Any
    close: bool
    message: str


def format_value(value: Any, unit: str = "") -> str:
    """A prediction or an answer as text: numbers with 2-3 significant figures, then the unit."""
    if isinstance(value, (int, float, np.number)) and not isinstance(value, bool):
        text = sci(float(value), 3) if value and not 0.1 <= abs(value) < 1000 else f"{float(value):.3g}"
    else:
        text = f"“{value}”"
    return f"{text} {unit}".strip()


class Explorer(Generic[State]):
    """Base class: controls + persistent blitted figure + update wiring.

    Parameters
    ----------
    **initial
        Starting values for controls, by name (checked like :meth:`set`).

    Attributes
    ----------
    controls : dict[str, ipywidgets.ValueWidget]
        The controls, by parameter name.
    state : State
        The latest model result (from :meth:`compute`).
    widget : ipywidgets.VBox
        The whole explorer (controls, image, caption); displaying the explorer displays this.
    last_error : Exception or None
        The exception raised by the latest update made from a control, if any (also shown to the
        learner inside the explorer).
    """

    #: Figure size in inches and resolution in dots per inch.
    figsize: tuple[float, float] = (7.0, 4.2)
    dpi: float = 100.0
    #: True when :meth:`compute` is slow (> ~50 ms): sliders then update on release only.
    slow: bool = False
    #: Title shown above the controls (plain text).
    title: str = ""
    #: Controls whose change alters background (non-dynamic) artists; the background is redrawn then.
    background_controls: tuple[str, ...] = ()
    #: How many backgrounds (one per :meth:`background_key`) are kept; each is a figure-sized RGBA buffer.
    background_cache_size: int = 8
    #: Controls that stay continuous and quick even in a slow explorer (e.g. a time scrubber over stored
    #: frames): they never show "Computing…".
    scrub_controls: tuple[str, ...] = ()

    def __init__(self, **initial: Any) -> None:
        self.predictions: list[Prediction] = []
        self.verdicts: list[Verdict] = []
        self._asking: int | None = None  # index of the prediction on screen
        self._revealed = False
        self._hidden: list[Artist] = []
        self.controls: dict[str, Control] = dict(self.make_controls())
        if not self.controls:
            raise TypeError(f"{type(self).__name__}.make_controls() returned no controls")
        for name, control in self.controls.items():
            if self.slow and hasattr(control, "continuous_update") and name not in self.scrub_controls:
                control.continuous_update = False
            if hasattr(control, "style") and hasattr(control.style, "description_width"):
                control.style.description_width = "230px"
            if isinstance(control, _SLIDERS) and not control.layout.width:
                control.layout.width = "620px"  # long sliders: fine steps with the mouse
        self.last_error: Exception | None = None
        self.state: State
        self._holding = False
        self._backgrounds: dict[Any, Any] = {}  # background_key -> saved pixel buffer, oldest first
        self._background_key: Any = None
        self._good_values: dict[str, Any] | None = None  # the last values update() could draw
        self._png = b""

        with style():
            self.fig: Figure = new_figure(self.figsize, self.dpi)
            self._scene = self.build(self.fig)
        for artist in self._scene.dynamic:
            artist.set_animated(True)

        width_px = int(round(self.figsize[0] * self.dpi))
        self._width_px = width_px
        # The figure is an <img> in an HTML widget rather than an ipywidgets.Image: an <img> can carry alt text (its
        # accessible name, kept equal to describe()), and ipywidgets 8.1's Image view fails to render when given a
        # tooltip (its title code reads a "description" the Image model does not have).
        self.image = widgets.HTML(layout=widgets.Layout(max_width="100%"))
        self.image.add_class("act-explorer-figure")
        self.caption = widgets.HTML(layout=widgets.Layout(max_width=f"{width_px}px"))
        self.caption.add_class("act-explorer-caption")
        self.message = widgets.HTML()
        self.message.add_class("act-explorer-message")
        self.readout_html = widgets.HTML()
        self.readout_html.add_class("act-explorer-readout")
        self.progress = widgets.FloatProgress(value=0.0, min=0.0, max=1.0, description="Simulating",
                                              layout=widgets.Layout(display="none"))
        children: list[widgets.Widget] = []
        if self.title:
            children.append(widgets.HTML(f"<b>{html.escape(self.title)}</b>"))
        self.reset_button = widgets.Button(description="Reset", icon="undo",
                                           tooltip="Put every control back to its starting value")
        self.reset_button.on_click(lambda _: self._reset_from_button())
        self.predict_box = self._make_prediction_panel()
        children += [self.layout_controls(), self.reset_button, self.message, self.predict_box, self.progress,
                     self.readout_html, self.image, self.caption]
        self.widget = widgets.VBox(children)
        self.widget.add_class("act-explorer")

        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        with self.hold():
            self._assign(initial)
        self.defaults: dict[str, Any] = self.values
        self.update()

    @classmethod
    def create(cls, predict: bool = False, **initial: Any) -> Explorer[Any]:
        """Build the explorer; with ``predict=True`` it asks the predictions of its notebook's Try-it
        (:data:`helpers.predictions.PREDICTIONS`, by class name) before showing their answers."""
        explorer = cls(**initial)
        if predict:
            from helpers.predictions import PREDICTIONS  # content, kept out of the learner's view

            explorer.ask(*PREDICTIONS[cls.__name__]())
        return explorer

    # ----------------------------------------------------------------------------------------------
    # What a subclass provides
    def make_controls(self) -> Mapping[str, Control]:  # pragma: no cover - abstract
        """Build the controls, by parameter name, in display order."""
        raise NotImplementedError

    def compute(self, **values: Any) -> State:  # pragma: no cover - abstract
        """Run the model for the given control values and return its result."""
        raise NotImplementedError

    def build(self, fig: Figure) -> Scene:  # pragma: no cover - abstract
        """Create axes, static art and dynamic artists on ``fig``."""
        raise NotImplementedError

    def draw(self, scene: Scene, state: State) -> None:  # pragma: no cover - abstract
        """Update the dynamic artists of ``scene`` in place to show ``state``."""
        raise NotImplementedError

    def summary(self) -> str:  # pragma: no cover - abstract
        """One sentence describing the current figure, answers included (see :meth:`describe`)."""
        raise NotImplementedError

    def describe(self) -> str:
        """One sentence describing the current figure: the caption, the image's accessible name and its alt
        text. While a prediction is pending it is :meth:`describe_concealed`, which gives no answer away."""
        return self.describe_concealed() if self.concealed else self.summary()

    def describe_concealed(self) -> str:
        """The description while a prediction is pending: what is asked, not the answer."""
        prompt = self.predictions[self._asking].prompt if self._asking is not None else ""
        title = (self.title or type(self).__name__).rstrip(".?!:")
        return f"{title}: parts of the figure and the readout are hidden until you reveal your prediction. {prompt}"

    def readout(self) -> str:
        """Short HTML shown above the figure: the numbers that change with every step. Optional."""
        return ""

    def layout_controls(self) -> widgets.Widget:
        """Arrange the controls; by default one per row."""
        return widgets.VBox(list(self.controls.values()))

    # ----------------------------------------------------------------------------------------------
    # Public API
    @property
    def values(self) -> dict[str, Any]:
        """Current control values, by name."""
        return {name: control.value for name, control in self.controls.items()}

    @property
    def png(self) -> bytes:
        """The PNG bytes currently shown."""
        return self._png

    def set(self, **values: Any) -> State:
        """Set controls from code (the same path a learner's change takes) and return the new state.

        Raises
        ------
        ValueError
            For an unknown control name or a value the control cannot take; nothing is changed then.
        """
        with self.hold():
            self._assign(values)
        return self.update()

    def report_progress(self, fraction: float) -> None:
        """Show a long computation's progress (0–1) in the explorer; call it from :meth:`compute`."""
        self.progress.layout.display = "flex" if fraction < 1.0 else "none"
        self.progress.value = min(max(float(fraction), 0.0), 1.0)

    def reset(self) -> State:
        """Put every control back to the value it had when the explorer was built."""
        return self.set(**self.defaults)

    @contextmanager
    def hold(self) -> Iterator[None]:
        """Change several controls without an update after each; call :meth:`update` afterwards."""
        previous, self._holding = self._holding, True
        try:
            yield
        finally:
            self._holding = previous

    def update(self) -> State:
        """Recompute the model, redraw the dynamic artists and show the new image. Returns the state.

        Raises ValueError, and changes nothing, if a control holds a value it cannot take (a NaN written into
        a slider from the browser or from code, say)."""
        values = {name: check_control_value(name, self.controls[name], value) for name, value in self.values.items()}
        self.state = self.compute(**values)
        self._good_values = values
        previous = self._hidden
        for artist in previous:  # shown again unless draw() or a pending prediction hides them
            artist.set_visible(True)
        self.draw(self._scene, self.state)
        self._hidden = self._answer_artists() if self.concealed else []
        for artist in self._hidden:
            artist.set_visible(False)
        dynamic = set(map(id, self._scene.dynamic))
        if {id(a) for a in previous if id(a) not in dynamic} != {id(a) for a in self._hidden if id(a) not in dynamic}:
            self.redraw_background()  # a background artist was hidden or shown again
        self._background_key = self.background_key(values)
        self._png = self.render()
        self.readout_html.value = (
            "<i>The readout is hidden until you reveal your prediction.</i>" if self.concealed else self.readout()
        )
        description = self.describe()
        self.caption.value = f"<span role='status' aria-live='polite'>{html.escape(description)}</span>"
        self.image.value = img_html(self._png, description, self._width_px, "act-explorer-image")
        return self.state

    @property
    def image_alt(self) -> str:
        """The alt text (accessible name) of the image on screen."""
        match = re.search(r"alt='([^']*)'", self.image.value)
        return html.unescape(match.group(1)) if match else ""

    def background_key(self, values: Mapping[str, Any]) -> Any:
        """What the background depends on, given the control ``values``: backgrounds are cached under it.

        By default the values of :attr:`background_controls`. Override when several values draw the same
        background (a legend that lists which treatments are given, not on which day)."""
        return tuple(values[name] for name in self.background_controls)

    def render(self) -> bytes:
        """Blit the dynamic artists over the cached background and return the figure as PNG bytes."""
        canvas = self.fig.canvas
        key = self._background_key
        background = self._backgrounds.pop(key, None)
        if background is None:
            canvas.draw()  # draws everything except the animated (dynamic) artists
            background = canvas.copy_from_bbox(self.fig.bbox)
            while len(self._backgrounds) >= max(self.background_cache_size, 1):
                self._backgrounds.pop(next(iter(self._backgrounds)))  # the least recently used
        else:
            canvas.restore_region(background)
        self._backgrounds[key] = background  # most recently used last
        for artist in self._scene.dynamic:
            self.fig.draw_artist(artist)
        return encode_png(np.asarray(canvas.buffer_rgba()))

    def redraw_background(self) -> None:
        """Forget every cached background; the next render draws it again (after axis changes)."""
        self._backgrounds.clear()

    # ----------------------------------------------------------------------------------------------
    # Predict, then reveal
    @property
    def concealed(self) -> bool:
        """True while a prediction is asked and not yet revealed (the answer is hidden)."""
        return self._asking is not None and not self._revealed

    @property
    def prediction(self) -> Prediction | None:
        """The prediction on screen (asked, or just revealed), or None in free exploration."""
        return self.predictions[self._asking] if self._asking is not None else None

    def ask(self, *predictions: Prediction) -> Explorer[State]:
        """Turn on the prediction mode: ask ``predictions`` in order (see :class:`Prediction`). Returns self."""
        if not predictions:
            raise ValueError("predictions must hold at least one Prediction")
        for p in predictions:
            if not isinstance(p, Prediction):
                raise TypeError(f"predictions must be Prediction objects; got {type(p).__name__}")
            self._answer_artists(p)  # unknown artist names fail now, not at the reveal
            for name, value in {**p.settings, **p.show}.items():
                check_control_value(name, self._control(name), value)
        self.predictions, self.verdicts = list(predictions), []
        self._open(0)
        return self

    def reveal(self, prediction: Any) -> Verdict:
        """Reveal the answer to the prediction on screen, beside the learner's ``prediction``.

        ``prediction`` is a number (or the text a learner types: ``"9.5"``, ``"1e10"``) or one of the
        options. The explorer is put back at the prediction's settings, the answer is computed there,
        then its ``show`` settings are applied and the hidden artists and readout come back.

        Raises
        ------
        ValueError
            If no prediction is being asked, it was already revealed, or ``prediction`` cannot be read.
        """
        p = self.prediction
        if p is None or self._revealed:
            raise ValueError("there is no prediction waiting to be revealed")
        guess = self._read_prediction(p, prediction)
        self.set(**p.settings)  # the answer is always the answer at the prediction's settings
        truth = p.answer(self.state)
        if p.options:
            close = guess == truth
        else:
            close = math.isclose(float(guess), float(truth), rel_tol=p.rel_tol, abs_tol=p.abs_tol)
        self._revealed = True
        self.set(**p.show)
        verdict = Verdict(guess, truth, close, self._verdict_text(p, guess, truth, close))
        self.verdicts.append(verdict)
        self._show_verdict(verdict)
        return verdict

    def next_prediction(self) -> Prediction | None:
        """Ask the next prediction (after a reveal); None, and free exploration, after the last one."""
        if self._asking is None:
            return None
        if self._asking + 1 < len(self.predictions):
            self._open(self._asking + 1)
            return self.prediction
        self._asking, self._revealed = None, False
        self.predict_box.layout.display = "none"
        self.update()
        return None

    def _open(self, index: int) -> None:
        self._asking, self._revealed = index, False
        p = self.predictions[index]
        n = len(self.predictions)
        self._p_prompt.value = (f"<b>Predict, then reveal ({index + 1} of {n}).</b> {html.escape(p.prompt)}")
        self._p_number.value = ""
        self._p_number.description = f"Your prediction ({p.unit})" if p.unit else "Your prediction"
        self._p_number.layout.display = "none" if p.options else "flex"
        self._p_choice.options = list(p.options)
        self._p_choice.value = None
        self._p_choice.layout.display = "flex" if p.options else "none"
        for w in (self._p_number, self._p_choice, self._p_reveal):
            w.disabled = False
        self._p_feedback.value = ""
        self._p_next.layout.display = "none"
        self.predict_box.layout.display = "flex"
        self.set(**p.settings)

    def _answer_artists(self, prediction: Prediction | None = None) -> list[Artist]:
        """The artists ``prediction`` (default: the one on screen) hides, found by name in the scene."""
        p = prediction or self.prediction
        found: list[Artist] = []
        for name in p.hide if p else ():
            holders = [self._scene.handles] + [h for h in self._scene.handles.values() if hasattr(h, "__dict__")]
            for holder in holders:
                item = holder.get(name) if isinstance(holder, dict) else getattr(holder, name, None)
                if item is not None:
                    found.extend(item if isinstance(item, list) else [item])
                    break
            else:
                raise ValueError(f"{type(self).__name__} has no artist {name!r} to hide")
        return found

    @staticmethod
    def _read_prediction(p: Prediction, value: Any) -> Any:
        if p.options:
            if value not in p.options:
                raise ValueError(f"prediction must be one of {list(p.options)!r}; got {value!r}")
            return value
        if isinstance(value, str):
            try:
                number, _ = parse_number(value)
            except NumberFormatError as exc:
                raise ValueError(str(exc)) from None
            return number
        if isinstance(value, bool) or not isinstance(value, (int, float, np.number)) or not math.isfinite(value):
            raise ValueError(f"prediction must be a finite number; got {value!r}")
        return float(value)

    def _verdict_text(self, p: Prediction, guess: Any, truth: Any, close: bool) -> str:
        said, real = format_value(guess, p.unit), format_value(truth, p.unit)
        if close and p.options:
            head = f"✔ You predicted {said}: that is what the model shows."
        elif close:
            head = f"✔ You predicted {said}; the model gives {real}."
        elif p.options:
            head = f"✘ You predicted {said}; the model shows {real}."
        else:
            side = "higher" if float(truth) > float(guess) else "lower"
            head = f"✘ You predicted {said}; the model gives {real}, {side} than you expected."
        extra = p.explain(self.state) if callable(p.explain) else p.explain
        return f"{head} {extra}".strip()

    def _make_prediction_panel(self) -> widgets.VBox:
        self._p_prompt = widgets.HTML()
        self._p_number = widgets.Text(value="", placeholder="e.g. 12 or 5e9", style={"description_width": "initial"},
                                      layout=widgets.Layout(width="360px"))
        self._p_choice = widgets.RadioButtons(options=[], value=None, layout=widgets.Layout(width="auto"))
        self._p_reveal = widgets.Button(description="Reveal", icon="eye", button_style="warning",
                                        tooltip="Show the model's answer beside your prediction")
        self._p_feedback = widgets.HTML()
        self._p_next = widgets.Button(description="Next prediction", icon="arrow-right",
                                      tooltip="Ask the next prediction", layout=widgets.Layout(display="none"))
        self._p_reveal.on_click(lambda _: self._reveal_from_button())
        self._p_next.on_click(lambda _: self.next_prediction())
        box = widgets.VBox([self._p_prompt, widgets.HBox([self._p_number, self._p_choice, self._p_reveal]),
                            self._p_feedback, self._p_next],
                           layout=widgets.Layout(display="none", border="2px solid #E69F00", padding="4px 8px",
                                                 margin="4px 0"))
        box.add_class("act-explorer-predict")
        return box

    def _reveal_from_button(self) -> None:
        p = self.prediction
        if p is None or self._revealed:
            return
        value = self._p_choice.value if p.options else self._p_number.value
        if value is None or (isinstance(value, str) and not value.strip()):
            self._p_feedback.value = "<span role='status'>Type or pick your prediction first.</span>"
            return
        try:
            self.reveal(value)
        except ValueError as exc:
            self._p_feedback.value = f"<span role='status'>{html.escape(str(exc))}</span>"

    def _show_verdict(self, verdict: Verdict) -> None:
        colour = "#007A4D" if verdict.close else "#8A4B00"
        self._p_feedback.value = (f"<div role='status' class='act-explorer-verdict' style='color:{colour}'>"
                                  f"{html.escape(verdict.message)}</div>")
        for w in (self._p_number, self._p_choice, self._p_reveal):
            w.disabled = True
        last = self._asking is not None and self._asking + 1 >= len(self.predictions)
        self._p_next.description = "Finish: explore freely" if last else "Next prediction"
        self._p_next.layout.display = "flex"

    # ----------------------------------------------------------------------------------------------
    # Display
    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None, **kwargs: Any) -> dict[str, Any]:
        """The live widget, plus the figure as an ``<img>`` with the description as its alt text, and the
        description as text, for views without a kernel (JupyterLab, nbviewer, an nbconvert export)."""
        bundle = dict(self.widget._repr_mimebundle_(include=include, exclude=exclude) or {})
        description = self.describe()
        bundle["text/html"] = img_html(self._png, description, self._width_px, "act-explorer-image")
        bundle["text/plain"] = description
        return bundle

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {self.describe()}>"

    # ----------------------------------------------------------------------------------------------
    # Control ranges, for tests, quizzes and the benchmark
    def control_range(self, name: str) -> list[Any]:
        """A sweep of valid values of control ``name``: every option, or min..max in 11 steps."""
        return control_values(self._control(name), 11)

    def random_values(self, rng: np.random.Generator) -> dict[str, Any]:
        """A random valid value for every control."""
        return {name: random_value(control, rng) for name, control in self.controls.items()}

    # ----------------------------------------------------------------------------------------------
    # Naive baseline for the benchmark
    def naive_plot(self, figure_factory: Callable[..., Figure], **values: Any) -> Figure:
        """Draw the explorer's figure from scratch on a new figure (what ``interact`` would do).

        ``figure_factory(figsize=..., dpi=...)`` makes the figure, e.g. ``matplotlib.pyplot.figure``.
        """
        state = self.compute(**{**self.values, **values})
        with style():
            fig = figure_factory(figsize=self.figsize, dpi=self.dpi)
            scene = self.build(fig)
            self.draw(scene, state)
        return fig

    # ----------------------------------------------------------------------------------------------
    # Internals
    def _control(self, name: str) -> Control:
        try:
            return self.controls[name]
        except KeyError:
            known = ", ".join(self.controls)
            raise ValueError(f"{type(self).__name__} has no control {name!r}; its controls are: {known}") from None

    def _assign(self, values: Mapping[str, Any]) -> None:
        checked = {name: check_control_value(name, self._control(name), value) for name, value in values.items()}
        for name, value in checked.items():
            self.controls[name].value = value

    def _reset_from_button(self) -> None:
        with self.hold():
            self._assign(self.defaults)
        self._on_change({})

    def _on_change(self, change: Mapping[str, Any]) -> None:
        if self._holding:
            return
        started = time.perf_counter()
        owner = change.get("owner") if isinstance(change, Mapping) else None
        scrubbing = any(self.controls.get(name) is owner for name in self.scrub_controls)
        if self.slow and not scrubbing:
            self.message.value = "<span class='act-explorer-busy' role='status'>Computing…</span>"
        try:
            self.update()
        except Exception as exc:  # shown to the learner, never swallowed into a log
            self.last_error = exc
            good = self._good_values
            if isinstance(exc, InvalidControlValue) and good is not None:  # put the controls back: the figure
                with self.hold():                                         # still shows the last good setting
                    for name, value in good.items():
                        self.controls[name].value = value
            self.message.value = (
                "<div class='act-explorer-error' role='alert' style='color:#B00020;border:1px solid #B00020;"
                "padding:4px 8px;border-radius:4px'>"
                f"<b>This setting could not be drawn.</b> {html.escape(type(exc).__name__)}: "
                f"{html.escape(str(exc))}</div>"
            )
            return
        self.last_error = None
        self.progress.layout.display = "none"
        elapsed = time.perf_counter() - started
        self.message.value = (
            f"<span class='act-explorer-busy'>Updated in {elapsed:.1f} s.</span>" if self.slow and elapsed > 1 else ""
        )


_SLIDERS = (widgets.IntSlider, widgets.FloatSlider, widgets.FloatLogSlider)


def log_slider(value: float, low_exp: float, high_exp: float, step: float, description: str, tooltip: str,
               fmt: str = ".1e") -> widgets.FloatLogSlider:
    """A base-10 log slider from ``10**low_exp`` to ``10**high_exp`` (``step`` in decades)."""
    return widgets.FloatLogSlider(value=value, base=10, min=low_exp, max=high_exp, step=step,
                                  description=description, tooltip=tooltip, readout_format=fmt)


# --------------------------------------------------------------------------------------------------
# Control helpers (module level so tests and the benchmark can use them on any control)
def _bounds(control: Control) -> tuple[float, float] | None:
    if isinstance(control, widgets.FloatLogSlider):
        return float(control.base**control.min), float(control.base**control.max)
    if hasattr(control, "min") and hasattr(control, "max"):
        return float(control.min), float(control.max)
    return None


def _options(control: Control) -> list[Any] | None:
    if hasattr(control, "options"):
        return [opt[1] if isinstance(opt, tuple) else opt for opt in control.options]
    if isinstance(control, (widgets.Checkbox, widgets.ToggleButton)):
        return [False, True]
    return None


class InvalidControlValue(ValueError):
    """A control holds (or was asked to take) a value outside its options or range."""


def check_control_value(name: str, control: Control, value: Any) -> Any:
    """Return ``value`` if ``control`` can take it; otherwise raise InvalidControlValue (a ValueError) naming the
    range."""
    options = _options(control)
    if options is not None:
        if value not in options:
            raise InvalidControlValue(f"{name} must be one of {options!r}; got {value!r}")
        return value
    bounds = _bounds(control)
    if bounds is not None:
        low, high = bounds
        ok = isinstance(value, (int, float, np.number)) and not isinstance(value, bool) and math.isfinite(value)
        if not ok or not (low * (1 - 1e-12) <= value <= high * (1 + 1e-12)):
            raise InvalidControlValue(f"{name} must be a number in [{low:g}, {high:g}]; got {value!r}")
        if isinstance(control, (widgets.IntSlider, widgets.BoundedIntText)):
            if float(value) != int(value):
                raise InvalidControlValue(f"{name} must be a whole number in [{low:g}, {high:g}]; got {value!r}")
            return int(value)
        return min(max(float(value), low), high)
    return value


def control_values(control: Control, n: int = 11) -> list[Any]:
    """``n`` values spanning a control's whole range (ends included), or all of its options."""
    options = _options(control)
    if options is not None:
        return list(options)
    bounds = _bounds(control)
    if bounds is None:
        return [control.value]
    low, high = bounds
    if isinstance(control, widgets.FloatLogSlider):
        grid = np.geomspace(low, high, n)
        grid[0], grid[-1] = low, high  # exact ends, not geomspace's rounding
    else:
        grid = np.linspace(low, high, n)
    if isinstance(control, (widgets.IntSlider, widgets.BoundedIntText)):
        return sorted({int(round(v)) for v in grid})
    return [float(v) for v in grid]


def random_value(control: Control, rng: np.random.Generator) -> Any:
    """A random valid value of ``control`` (uniform; log-uniform for log sliders)."""
    options = _options(control)
    if options is not None:
        return options[int(rng.integers(len(options)))]
    bounds = _bounds(control)
    if bounds is None:
        return control.value
    low, high = bounds
    if isinstance(control, (widgets.IntSlider, widgets.BoundedIntText)):
        return int(rng.integers(int(low), int(high) + 1))
    if isinstance(control, widgets.FloatLogSlider):
        return float(np.exp(rng.uniform(np.log(low), np.log(high))))
    return float(rng.uniform(low, high))
