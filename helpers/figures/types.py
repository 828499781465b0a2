"""Drawing for the types of ACT (notebook 02): which cell types recognise a tumour, and who is eligible for an
HLA-restricted therapy."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import Patch, Rectangle

from helpers.figures.style import OKABE_ITO, legend_above

#: One colour (and hatch, a second cue) per cell type, in :data:`helpers.models.types.CELL_TYPES` order.
CELL_STYLE: dict[str, tuple[str, str]] = {
    "TIL": (OKABE_ITO["bluish_green"], ""),
    "TCR-T": (OKABE_ITO["blue"], "//"),
    "CAR-T": (OKABE_ITO["orange"], "\\\\"),
    "NK": (OKABE_ITO["reddish_purple"], ".."),
    "CAR-NK": (OKABE_ITO["sky_blue"], "xx"),
}


@dataclass
class RecognitionArtists:
    """One bar per cell type (their widths change)."""

    bars: dict[str, Rectangle]

    def dynamic(self) -> list:
        return list(self.bars.values())


def draw_recognition_frame(ax: Axes, cell_types: Sequence[str]) -> RecognitionArtists:
    """Horizontal bars, one per cell type (top to bottom in the given order), on a 0–100 % axis."""
    y = np.arange(len(cell_types))[::-1]
    bars = {}
    for yi, name in zip(y, cell_types):
        color, hatch = CELL_STYLE.get(name, (OKABE_ITO["black"], ""))
        bar = Rectangle((0, yi - 0.33), 0, 0.66, facecolor=color, edgecolor="black", hatch=hatch, linewidth=1.0)
        ax.add_patch(bar)
        bars[name] = bar
    ax.set_yticks(y, list(cell_types))
    ax.set_xlim(0, 100)
    ax.set_ylim(-0.6, len(cell_types) - 0.4)
    ax.set_xlabel("% of tumour cells recognised")
    ax.grid(axis="y", visible=False)
    return RecognitionArtists(bars)


def update_recognition(artists: RecognitionArtists, fractions: dict[str, float]) -> None:
    """Set each bar to its cell type's fraction recognised (0–1)."""
    for name, bar in artists.bars.items():
        bar.set_width(100.0 * fractions[name])


@dataclass
class EligibilityArtists:
    """Per population: the bar of HLA carriers and the bar of eligible patients (widths change)."""

    carriers: list[Rectangle]
    eligible: list[Rectangle]

    def dynamic(self) -> list:
        return [*self.carriers, *self.eligible]


def draw_eligibility_frame(ax: Axes, populations: Sequence[str], max_percent: float = 60.0) -> EligibilityArtists:
    """Two overlaid horizontal bars per population: carriers of an accepted HLA allele (light, hatched) and
    patients eligible (HLA and antigen, dark), on a 0–``max_percent`` % axis."""
    y = np.arange(len(populations))[::-1]
    carriers, eligible = [], []
    for yi in y:
        carrier = Rectangle((0, yi - 0.36), 0, 0.72, facecolor=OKABE_ITO["sky_blue"], edgecolor="black",
                            hatch="//", linewidth=1.0, alpha=0.8)
        chosen = Rectangle((0, yi - 0.2), 0, 0.4, facecolor=OKABE_ITO["blue"], edgecolor="black", linewidth=1.0)
        ax.add_patch(carrier)
        ax.add_patch(chosen)
        carriers.append(carrier)
        eligible.append(chosen)
    ax.set_yticks(y, list(populations))
    ax.set_xlim(0, max_percent)
    ax.set_ylim(-0.6, len(populations) - 0.4)
    ax.set_xlabel("% of patients")
    ax.grid(axis="y", visible=False)
    handles = [Patch(facecolor=OKABE_ITO["sky_blue"], edgecolor="black", hatch="//", alpha=0.8,
                     label="carry an accepted HLA allele"),
               Patch(facecolor=OKABE_ITO["blue"], edgecolor="black", label="eligible: HLA and antigen")]
    legend_above(ax, handles, ncol=2, handlelength=1.8, fontsize=11)
    return EligibilityArtists(carriers, eligible)


def update_eligibility(artists: EligibilityArtists, carriers: Sequence[float], eligible: Sequence[float]) -> None:
    """Set the bars (fractions, 0–1, in the populations' order)."""
    for bar, value in zip(artists.carriers, carriers):
        bar.set_width(100.0 * value)
    for bar, value in zip(artists.eligible, eligible):
        bar.set_width(100.0 * value)
