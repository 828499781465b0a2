"""The adoptive cell transfer journey: a one-line schematic (a static figure), and the vein-to-vein explorer's
figure (an enrolled cohort over time; the share infused in the trials)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from IPython.display import HTML
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Patch

from helpers.figures.png import img_html
from helpers.figures.style import OKABE_ITO, legend_above, new_figure, style

#: (step, what happens, where) in teaching order; "lab" steps happen outside the patient.
STEPS: tuple[tuple[str, str, str], ...] = (
    ("Collect", "blood (leukapheresis)\nor tumour tissue", "patient"),
    ("Activate", "stimulate; CAR-T,\nTCR-T: add the gene", "lab"),
    ("Expand", "grow to a dose\nover days–weeks", "lab"),
    ("Test", "freeze, then\ncheck the product", "lab"),
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
        fig = new_figure((14.0, 2.6))
        ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
        draw_journey(ax)
        out = io.BytesIO()
        fig.savefig(out, format="png", dpi=100)
    return HTML(img_html(out.getvalue(), describe_journey(), 1400, "act-figure"))


def describe_journey() -> str:
    """The schematic as one sentence (alt text)."""
    steps = "; ".join(f"{name} ({detail.replace(chr(10), ' ')}, {where})" for name, detail, where in STEPS)
    return f"The adoptive cell transfer journey, in order: {steps}."


# --------------------------------------------------------------------------------------------------
# The vein-to-vein explorer: an enrolled cohort over time, and the share infused against the wait.

#: How each outcome of an enrolled cohort is drawn: (label, colour, line style).
OUTCOMES: tuple[tuple[str, str, str, str], ...] = (
    ("waiting", "still waiting for cells", OKABE_ITO["sky_blue"], "-"),
    ("infused", "infused", OKABE_ITO["blue"], "-"),
    ("lost_disease", "lost: too ill or died", OKABE_ITO["vermillion"], "--"),
    ("lost_failure", "lost: manufacturing failed", OKABE_ITO["orange"], ":"),
)


@dataclass
class JourneyArtists:
    """The changing artists of the vein-to-vein figure."""

    outcomes: dict[str, Line2D]
    model: Line2D
    bars: list

    def dynamic(self) -> list:
        return [*self.outcomes.values(), self.model]


def draw_journey_frame(
    ax_time: Axes, ax_trials: Axes, max_days: float, trials: Sequence[tuple[str, float, bool]],
) -> JourneyArtists:
    """Fixed frame of the vein-to-vein figure.

    ``ax_time``: an enrolled cohort's outcomes (% of enrolled) against days since enrolment, to ``max_days``.
    ``ax_trials``: the observed % of enrolled patients infused in each study, ``(label, "infused/enrolled",
    % infused, real world?)``,
    as horizontal bars (drawn once), and a vertical line for the model's % infused (changes).
    """
    ax_time.set_xlim(0, max_days)
    ax_time.set_ylim(0, 100)
    ax_time.set_xlabel("Days since enrolment")
    ax_time.set_ylabel("% of enrolled patients")
    outcomes = {}
    for key, label, color, linestyle in OUTCOMES:
        outcomes[key] = ax_time.plot([], [], color=color, linestyle=linestyle, label=label)[0]
    legend_above(ax_time, list(outcomes.values()), ncol=2, handlelength=1.8, columnspacing=0.8, fontsize=11)

    y = np.arange(len(trials))[::-1]
    bars = []
    for yi, (label, counts, infused, real_world) in zip(y, trials):
        bars.append(ax_trials.barh(yi, infused, height=0.66, color=OKABE_ITO["sky_blue"] if not real_world else "white",
                                   edgecolor="black", hatch="//" if real_world else None, linewidth=1.0)[0])
        ax_trials.text(2, yi, counts, va="center", ha="left", fontsize=11,
                       bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.0})
    ax_trials.set_yticks(y, [label for label, _, _, _ in trials])
    ax_trials.set_xlim(0, 100)
    ax_trials.set_ylim(-0.6, len(trials) - 0.4)
    ax_trials.set_xlabel("% of enrolled patients infused")
    ax_trials.grid(axis="y", visible=False)
    model = ax_trials.axvline(0, color=OKABE_ITO["vermillion"], linestyle="--", linewidth=2.5, label="model")
    handles = [Patch(facecolor=OKABE_ITO["sky_blue"], edgecolor="black", label="trial"),
               Patch(facecolor="white", edgecolor="black", hatch="//", label="real world"), model]
    legend_above(ax_trials, handles, ncol=3, handlelength=1.8, columnspacing=0.8, fontsize=11)
    return JourneyArtists(outcomes, model, bars)


def update_journey(artists: JourneyArtists, days: np.ndarray, outcomes: dict[str, np.ndarray],
                   infused_now: float) -> None:
    """Show an enrolled cohort's outcomes (fractions) over ``days`` and the model's share infused."""
    for key, line in artists.outcomes.items():
        line.set_data(days, 100.0 * outcomes[key])
    artists.model.set_xdata([100.0 * infused_now] * 2)
