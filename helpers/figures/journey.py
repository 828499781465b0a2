"""The adoptive cell transfer journey as a one-line schematic (a static figure)."""

from __future__ import annotations

import io

from IPython.display import HTML
from matplotlib.axes import Axes
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from helpers.figures.png import img_html
from helpers.figures.style import OKABE_ITO, new_figure, style

#: (step, what happens, where) in teaching order; "lab" steps happen outside the patient.
STEPS: tuple[tuple[str, str, str], ...] = (
    ("Collect", "blood (leukapheresis)\nor tumour tissue", "patient"),
    ("Engineer", "add a CAR or TCR\n(CAR-T, TCR-T only)", "lab"),
    ("Expand", "grow to a dose\nover days–weeks", "lab"),
    ("Lymphodeplete", "chemotherapy lowers\nown lymphocytes", "patient"),
    ("Infuse", "cells return to the\nblood (TIL: then IL-2)", "patient"),
    ("Monitor", "response and\nside effects", "patient"),
)

_FILL = {"patient": OKABE_ITO["sky_blue"], "lab": OKABE_ITO["orange"]}


def draw_journey(ax: Axes) -> list:
    """Draw the six steps as boxes joined by arrows on ``ax``; return the artists drawn."""
    ax.set_xlim(0, len(STEPS))
    ax.set_ylim(0, 1)
    ax.set_axis_off()
    artists = []
    for i, (name, detail, where) in enumerate(STEPS):
        box = FancyBboxPatch((i + 0.06, 0.22), 0.88, 0.56, boxstyle="round,pad=0.02,rounding_size=0.08",
                             facecolor=_FILL[where], edgecolor="black", linewidth=1.2,
                             linestyle="-" if where == "patient" else "--")
        ax.add_patch(box)
        artists.append(box)
        artists.append(ax.text(i + 0.5, 0.62, name, ha="center", va="center", fontsize=12, weight="bold"))
        artists.append(ax.text(i + 0.5, 0.40, detail, ha="center", va="center", fontsize=11))
        if i:
            arrow = FancyArrowPatch((i - 0.05, 0.5), (i + 0.07, 0.5), arrowstyle="-|>", mutation_scale=16,
                                    color="black")
            ax.add_patch(arrow)
            artists.append(arrow)
    for where, x in (("patient", 0.0), ("lab", 2.2)):
        style_ = "-" if where == "patient" else "--"
        key = FancyBboxPatch((x + 0.1, 0.02), 0.25, 0.1, boxstyle="round,pad=0.01", facecolor=_FILL[where],
                             edgecolor="black", linestyle=style_)
        ax.add_patch(key)
        label = "in the patient (solid)" if where == "patient" else "in the manufacturing lab (dashed)"
        artists.append(ax.text(x + 0.45, 0.07, label, va="center", fontsize=11))
        artists.append(key)
    return artists


def journey() -> HTML:
    """The journey schematic for a notebook: an ``<img>`` with :func:`describe_journey` as its alt text."""
    with style():
        fig = new_figure((11.0, 2.6))
        ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
        draw_journey(ax)
        out = io.BytesIO()
        fig.savefig(out, format="png", dpi=100)
    return HTML(img_html(out.getvalue(), describe_journey(), 1100, "act-figure"))


def describe_journey() -> str:
    """The schematic as one sentence (alt text)."""
    steps = "; ".join(f"{name} ({detail.replace(chr(10), ' ')}, {where})" for name, detail, where in STEPS)
    return f"The adoptive cell transfer journey, in order: {steps}."
