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


# --------------------------------------------------------------------------------------------------
# How an infused cell recruits the rest of the immune system (a static schematic)

#: (from, label on the arrow, to, what the evidence is) per row, top to bottom.
NETWORK: tuple[tuple[str, str, str, str], ...] = (
    ("infused T cell", "IFN-γ; CD40L\nin armoured CARs", "dendritic cells\nlicensed", "mouse models"),
    ("dendritic cells\nlicensed", "present other\ntumour antigens", "patient's own\nT cells join in", "epitope spreading"),
    ("infused T cell", "IFN-γ", "macrophages and\nmonocytes activated", "mouse models, one patient"),
    ("macrophages and\nmonocytes activated", "IL-6, IL-1", "cytokine release\nsyndrome", "side effect"),
    ("infused T cell", "IFN-γ diffuses", "antigen-negative\ntumour cells die", "bystander killing, mice"),
)

_BOXES: dict[str, tuple[float, float, str]] = {
    "infused T cell": (0.9, 2.0, OKABE_ITO["blue"]),
    "dendritic cells\nlicensed": (3.6, 3.3, OKABE_ITO["sky_blue"]),
    "patient's own\nT cells join in": (6.5, 3.3, OKABE_ITO["bluish_green"]),
    "macrophages and\nmonocytes activated": (3.6, 2.0, OKABE_ITO["sky_blue"]),
    "cytokine release\nsyndrome": (6.5, 2.0, OKABE_ITO["vermillion"]),
    "antigen-negative\ntumour cells die": (3.6, 0.7, OKABE_ITO["orange"]),
}


def draw_network(ax: Axes) -> list:
    """Draw the schematic on ``ax``; return the artists."""
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    ax.set_xlim(0, 7.9)
    ax.set_ylim(0.05, 4.0)
    ax.set_axis_off()
    artists = []
    for name, (x, y, color) in _BOXES.items():
        box = FancyBboxPatch((x - 0.8, y - 0.38), 1.6, 0.76, boxstyle="round,pad=0.02,rounding_size=0.1",
                             facecolor=color, alpha=0.35, edgecolor="black", linewidth=1.2)
        ax.add_patch(box)
        artists += [box, ax.text(x, y, name, ha="center", va="center", fontsize=12)]
    for start, label, end, _ in NETWORK:
        (x0, y0, _), (x1, y1, _) = _BOXES[start], _BOXES[end]
        if y0 == y1:
            a, b = (x0 + 0.82, y0), (x1 - 0.82, y1)
        else:
            a, b = (x0 + 0.82, y0 + (0.2 if y1 > y0 else -0.2)), (x1 - 0.82, y1)
        arrow = FancyArrowPatch(a, b, arrowstyle="-|>", mutation_scale=16, color="black", linewidth=1.4)
        ax.add_patch(arrow)
        mx, my = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
        artists += [arrow, ax.text(mx, my + 0.12, label, ha="center", va="bottom", fontsize=11,
                                   bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5})]
    return artists


def describe_network() -> str:
    """The schematic as sentences (alt text)."""
    steps = "; ".join(f"{a.replace(chr(10), ' ')} → ({label.replace(chr(10), ' ')}) → {b.replace(chr(10), ' ')} "
                      f"[{evidence}]" for a, label, b, evidence in NETWORK)
    return f"How an infused T cell recruits other immune cells: {steps}."


def immune_network():
    """The schematic for a notebook: an ``<img>`` with :func:`describe_network` as its alt text."""
    import io

    from IPython.display import HTML

    from helpers.figures.png import img_html
    from helpers.figures.style import new_figure, style

    with style():
        fig = new_figure((9.0, 4.2))
        ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
        draw_network(ax)
        out = io.BytesIO()
        fig.savefig(out, format="png", dpi=100)
    return HTML(img_html(out.getvalue(), describe_network(), 900, "act-figure"))
