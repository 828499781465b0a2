"""The course's figure style: the Okabe–Ito colour-blind-safe palette with a second cue, and fonts
readable on a projector.

Colours are from Okabe & Ito (2008), *Color Universal Design (CUD): how to make figures and
presentations that are friendly to colorblind people*, https://jfly.uni-koeln.de/color/. Every series
also gets its own line style and marker, so figures survive greyscale printing and any colour vision.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import math

import matplotlib as mpl
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, NullLocator

from helpers.text import SUPERSCRIPT_DIGITS, sci

#: Okabe–Ito palette, by name.
OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}


@dataclass(frozen=True)
class SeriesStyle:
    """Colour plus a second, non-colour cue for one data series."""

    color: str
    linestyle: str
    marker: str

    def kwargs(self) -> dict[str, str]:
        """Keyword arguments for ``Axes.plot``."""
        return {"color": self.color, "linestyle": self.linestyle, "marker": self.marker}


#: The order series are styled in: colour, line style and marker all change together.
SERIES: tuple[SeriesStyle, ...] = (
    SeriesStyle(OKABE_ITO["blue"], "-", "o"),
    SeriesStyle(OKABE_ITO["vermillion"], "--", "s"),
    SeriesStyle(OKABE_ITO["bluish_green"], "-.", "^"),
    SeriesStyle(OKABE_ITO["orange"], ":", "D"),
    SeriesStyle(OKABE_ITO["reddish_purple"], (0, (5, 1, 1, 1)), "v"),  # type: ignore[arg-type]
    SeriesStyle(OKABE_ITO["sky_blue"], (0, (1, 1)), "P"),  # type: ignore[arg-type]
    SeriesStyle(OKABE_ITO["black"], "-", "X"),
)

#: Semantic colours used across the course, so "tumour" looks the same in every notebook.
ROLE: dict[str, str] = {
    "therapy": OKABE_ITO["blue"],  # infused / engineered cells
    "tumour": OKABE_ITO["vermillion"],
    "healthy": OKABE_ITO["bluish_green"],
    "target": OKABE_ITO["orange"],  # doses, thresholds, goals
    "neutral": "#555555",
}

#: Smallest font size, in points, used anywhere in a figure (readable on a projector at 100 dpi).
MIN_FONT_PT = 11.0

RC: dict[str, object] = {
    "font.size": 13.0,
    "axes.titlesize": 14.0,
    "axes.labelsize": 13.0,
    "xtick.labelsize": MIN_FONT_PT + 1,
    "ytick.labelsize": MIN_FONT_PT + 1,
    "legend.fontsize": MIN_FONT_PT + 1,
    "axes.prop_cycle": mpl.cycler(color=[s.color for s in SERIES]),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "lines.linewidth": 2.5,
    "lines.markersize": 7.0,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "figure.dpi": 100.0,
}


def decade_formatter() -> FuncFormatter:
    """Tick labels for log axes as plain Unicode (``10⁵``), not mathtext.

    Mathtext labels cost about 10 ms each to draw in Agg on the reference machine, plain text about 3 ms;
    an explorer redraws its axes whenever the learner rescales them.
    """

    def label(value: float, _pos: int) -> str:
        if value <= 0 or not math.isfinite(value):
            return ""
        exponent = math.log10(value)
        if abs(exponent - round(exponent)) > 1e-9:
            return sci(value)
        return "10" + str(int(round(exponent))).translate(SUPERSCRIPT_DIGITS)

    return FuncFormatter(label)


def log_axis(axis) -> None:
    """Style a log-scaled axis: Unicode decade labels and no minor ticks (clutter, and slow to redraw)."""
    axis.set_major_formatter(decade_formatter())
    axis.set_minor_locator(NullLocator())


def legend_above(ax, handles=None, ncol: int = 3, **kwargs):
    """A frameless legend in a row just above ``ax``, outside the plotting area, so it never covers data."""
    options = {"loc": "lower left", "bbox_to_anchor": (0.0, 1.01), "ncol": ncol, "frameon": False,
               "borderaxespad": 0.0, "handlelength": 2.2, "columnspacing": 1.2, **kwargs}
    return ax.legend(handles=handles, **options) if handles is not None else ax.legend(**options)


def series(i: int) -> SeriesStyle:
    """Style of the ``i``-th series (wraps around)."""
    return SERIES[i % len(SERIES)]


@contextmanager
def style() -> Iterator[None]:
    """Context manager applying the course style (fonts, palette, grid) to figures made inside it."""
    with mpl.rc_context(RC):
        yield


def new_figure(figsize: tuple[float, float] = (7.0, 4.2), dpi: float = 100.0) -> Figure:
    """A plain :class:`~matplotlib.figure.Figure` with an Agg canvas (no pyplot, no global state).

    Call it inside :func:`style` so the course's fonts and palette apply.
    """
    fig = Figure(figsize=figsize, dpi=dpi, layout=None)
    FigureCanvasAgg(fig)
    return fig
