"""The explorer machinery every interactive figure in the course uses.

An explorer is built once: its controls (ipywidgets with units in their labels), a persistent matplotlib
:class:`~matplotlib.figure.Figure` on an Agg canvas, and an :class:`ipywidgets.Image` that shows it.
On every control change it runs the model, updates the figure's artists in place and shows the new
image. It never rebuilds the figure, so nothing flickers and the axes do not jump.

Rendering uses **blitting**: the fixed background (axes, ticks, labels, anything not marked dynamic) is
drawn once and kept as a pixel buffer; each update restores that buffer, draws only the dynamic artists
and encodes the canvas buffer as PNG (:func:`helpers.figures.png.encode_png`, zlib level 1).

Text is slow to draw in Agg (about 3 ms per label, 10 ms with mathtext, measured on the reference
machine), so numbers that change on every slider step belong in :meth:`Explorer.readout` (HTML above
the figure), not in the figure. Artists that change only with some controls — a dose band picked from a
dropdown, say — stay in the background: list those controls in ``background_controls`` and the
background is redrawn only when one of them changes. A subclass that changes the background for any
other reason (rescaling an axis at the learner's request) calls :meth:`Explorer.redraw_background`.

A subclass provides five things::

    class MyExplorer(Explorer):
        def make_controls(self) -> dict[str, ValueWidget]   # built once, in display order
        def compute(self, **values) -> State                # calls helpers.models; pure
        def build(self, fig) -> Scene                       # axes, static art, dynamic artists
        def draw(self, scene, state) -> None                # update the dynamic artists in place
        def describe(self) -> str                           # one sentence about the current figure
        def readout(self) -> str                            # optional: short HTML shown above the figure

``build`` and ``draw`` are also used, unchanged, by :meth:`Explorer.naive_plot`, the "redraw a new
figure every time" baseline that ``make bench`` compares against.
"""

from __future__ import annotations

import base64
import html
import math
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import ipywidgets as widgets
import numpy as np
from matplotlib.artist import Artist
from matplotlib.figure import Figure

from helpers.figures.png import encode_png
from helpers.figures.style import new_figure, style

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
    #: Controls that stay continuous and quick even in a slow explorer (e.g. a time scrubber over stored
    #: frames): they never show "Computing…".
    scrub_controls: tuple[str, ...] = ()

    def __init__(self, **initial: Any) -> None:
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
        self._background: Any = None
        self._png = b""
        self._background_values: dict[str, Any] | None = None

        with style():
            self.fig: Figure = new_figure(self.figsize, self.dpi)
            self._scene = self.build(self.fig)
        for artist in self._scene.dynamic:
            artist.set_animated(True)

        width_px = int(round(self.figsize[0] * self.dpi))
        self.image = widgets.Image(
            format="png", layout=widgets.Layout(width=f"{width_px}px", max_width="100%")
        )
        self.image.add_class("act-explorer-image")
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
        children += [self.layout_controls(), self.reset_button, self.message, self.progress, self.readout_html,
                     self.image, self.caption]
        self.widget = widgets.VBox(children)
        self.widget.add_class("act-explorer")

        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        with self.hold():
            self._assign(initial)
        self.defaults: dict[str, Any] = self.values
        self.update()

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

    def describe(self) -> str:  # pragma: no cover - abstract
        """One sentence describing the current figure (alt text)."""
        raise NotImplementedError

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
        """Recompute the model, redraw the dynamic artists and show the new image. Returns the state."""
        values = self.values
        self.state = self.compute(**values)
        self.draw(self._scene, self.state)
        background_values = {name: values[name] for name in self.background_controls}
        if background_values != self._background_values:
            self.redraw_background()
            self._background_values = background_values
        self._png = self.render()
        self.image.value = self._png
        self.readout_html.value = self.readout()
        self.caption.value = f"<span role='status' aria-live='polite'>{html.escape(self.describe())}</span>"
        return self.state

    def render(self) -> bytes:
        """Blit the dynamic artists over the cached background and return the figure as PNG bytes."""
        canvas = self.fig.canvas
        if self._background is None:
            canvas.draw()  # draws everything except the animated (dynamic) artists
            self._background = canvas.copy_from_bbox(self.fig.bbox)
        else:
            canvas.restore_region(self._background)
        for artist in self._scene.dynamic:
            self.fig.draw_artist(artist)
        return encode_png(np.asarray(canvas.buffer_rgba()))

    def redraw_background(self) -> None:
        """Forget the cached background; the next render draws it again (after axis changes)."""
        self._background = None

    # ----------------------------------------------------------------------------------------------
    # Display
    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None, **kwargs: Any) -> dict[str, Any]:
        """The live widget, plus a PNG and a text description for views without a kernel."""
        bundle = dict(self.widget._repr_mimebundle_(include=include, exclude=exclude) or {})
        bundle["image/png"] = base64.b64encode(self._png).decode("ascii")
        bundle["text/plain"] = self.describe()
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


def check_control_value(name: str, control: Control, value: Any) -> Any:
    """Return ``value`` if ``control`` can take it; otherwise raise a ValueError naming the range."""
    options = _options(control)
    if options is not None:
        if value not in options:
            raise ValueError(f"{name} must be one of {options!r}; got {value!r}")
        return value
    bounds = _bounds(control)
    if bounds is not None:
        low, high = bounds
        ok = isinstance(value, (int, float, np.number)) and not isinstance(value, bool) and math.isfinite(value)
        if not ok or not (low * (1 - 1e-12) <= value <= high * (1 + 1e-12)):
            raise ValueError(f"{name} must be a number in [{low:g}, {high:g}]; got {value!r}")
        if isinstance(control, (widgets.IntSlider, widgets.BoundedIntText)):
            if float(value) != int(value):
                raise ValueError(f"{name} must be a whole number in [{low:g}, {high:g}]; got {value!r}")
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
