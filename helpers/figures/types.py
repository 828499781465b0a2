"""Drawing for the types of ACT (notebook 02): which cell types recognise a tumour, and who is eligible for an
HLA-restricted therapy."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
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
    """Per population: the bar of HLA carriers and the bar of eligible patients (widths change), and a marker of
    the eligible share with HLA-A*02:01 alone (shown when more alleles are accepted)."""

    carriers: list[Rectangle]
    eligible: list[Rectangle]
    baseline: Line2D

    def dynamic(self) -> list:
        return [*self.carriers, *self.eligible, self.baseline]


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
    baseline = ax.plot([], [], color=OKABE_ITO["vermillion"], linewidth=3.0, solid_capstyle="butt",
                       label="eligible, A*02:01 alone")[0]
    handles = [Patch(facecolor=OKABE_ITO["sky_blue"], edgecolor="black", hatch="//", alpha=0.8,
                     label="carry an accepted HLA allele"),
               Patch(facecolor=OKABE_ITO["blue"], edgecolor="black", label="eligible: HLA and antigen"),
               baseline]
    legend_above(ax, handles, ncol=2, handlelength=1.8, fontsize=11)
    return EligibilityArtists(carriers, eligible, baseline)


def update_eligibility(artists: EligibilityArtists, carriers: Sequence[float], eligible: Sequence[float],
                       baseline: Sequence[float] | None = None) -> None:
    """Set the bars (fractions, 0–1, in the populations' order); ``baseline`` (fractions) draws a short vertical
    marker on each eligible bar, or nothing when None."""
    for bar, value in zip(artists.carriers, carriers):
        bar.set_width(100.0 * value)
    for bar, value in zip(artists.eligible, eligible):
        bar.set_width(100.0 * value)
    if baseline is None:
        artists.baseline.set_data([], [])
        return
    xs, ys = [], []
    for bar, value in zip(artists.eligible, baseline):
        y = bar.get_y()
        xs += [100.0 * value, 100.0 * value, np.nan]
        ys += [y - 0.12, y + bar.get_height() + 0.12, np.nan]
    artists.baseline.set_data(xs, ys)


# --------------------------------------------------------------------------------------------------
# How an infused cell recruits the rest of the immune system (a static schematic)

_T = "infused T cell"
_APC = "antigen-presenting\ncells licensed"
_MAC = "macrophages and\nmonocytes activated"
_OWN = "patient's own\nT cells join in"
_CRS = "cytokine release\nsyndrome"
_BYS = "antigen-negative\ntumour cells die"

#: (from, label on the arrow, to) per arrow.
NETWORK: tuple[tuple[str, str, str], ...] = (
    (_T, "CD40 ligand\n(armoured CAR)", _APC),
    (_APC, "other tumour\nantigens shown", _OWN),
    (_T, "IFN-γ", _MAC),
    (_MAC, "", _OWN),
    (_MAC, "IL-6, IL-1", _CRS),
    (_T, "IFN-γ diffuses", _BYS),
)

#: box -> (x, y, colour, evidence shown under the box).
_BOXES: dict[str, tuple[float, float, str, str]] = {
    _T: (0.95, 2.0, OKABE_ITO["blue"], ""),
    _APC: (3.75, 3.45, OKABE_ITO["sky_blue"], "mice (Kuhn 2019)"),
    _OWN: (6.9, 3.45, OKABE_ITO["bluish_green"], "mice (Kuhn 2019); one patient"),
    _MAC: (3.75, 2.0, OKABE_ITO["sky_blue"], "mice; one patient (Alizadeh 2021)"),
    _CRS: (6.9, 2.0, OKABE_ITO["vermillion"], "mice (Giavridis; Norelli 2018)"),
    _BYS: (3.75, 0.55, OKABE_ITO["orange"], "mice (Boulch 2023)"),
}


def draw_network(ax: Axes) -> list:
    """Draw the schematic on ``ax``; return the artists."""
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    ax.set_xlim(0, 8.0)
    ax.set_ylim(-0.05, 4.1)
    ax.set_axis_off()
    artists = []
    half_w, half_h = 0.85, 0.38
    for name, (x, y, color, evidence) in _BOXES.items():
        box = FancyBboxPatch((x - half_w, y - half_h), 2 * half_w, 2 * half_h,
                             boxstyle="round,pad=0.02,rounding_size=0.1", facecolor=color, alpha=0.35,
                             edgecolor="black", linewidth=1.2)
        ax.add_patch(box)
        artists += [box, ax.text(x, y, name, ha="center", va="center", fontsize=12)]
        if evidence:
            artists.append(ax.text(x, y - half_h - 0.06, evidence, ha="center", va="top", fontsize=11,
                                   style="italic", color="#333333"))
    for start, label, end in NETWORK:
        x0, y0 = _BOXES[start][:2]
        x1, y1 = _BOXES[end][:2]
        if y0 == y1:
            a, b = (x0 + half_w + 0.02, y0), (x1 - half_w - 0.02, y1)
        elif x0 == x1:
            a, b = (x0, y0 + half_h + 0.02), (x1, y1 - half_h - 0.3)
        else:
            a = (x0 + half_w + 0.02, y0 + (0.15 if y1 > y0 else -0.15))
            b = (x1 - half_w - 0.02, y1 - (0.2 if y1 > y0 else -0.2))
        arrow = FancyArrowPatch(a, b, arrowstyle="-|>", mutation_scale=16, color="black", linewidth=1.4)
        ax.add_patch(arrow)
        artists.append(arrow)
        if label:
            mx, my = a[0] + 0.45 * (b[0] - a[0]), a[1] + 0.45 * (b[1] - a[1])
            diagonal = y0 != y1
            artists.append(ax.text(mx - (0.16 if diagonal else 0.0), my + (0.0 if diagonal else 0.1), label,
                                   ha="right" if diagonal else "center", va="center" if diagonal else "bottom",
                                   fontsize=11))
    return artists


def describe_network() -> str:
    """The schematic as sentences (alt text)."""
    def plain(text: str) -> str:
        return text.replace("\n", " ")

    steps = "; ".join(f"{plain(a)} → {f'({plain(label)}) → ' if label else ''}{plain(b)}" for a, label, b in NETWORK)
    evidence = "; ".join(f"{plain(name)}: {ev}" for name, (*_, ev) in _BOXES.items() if ev)
    return f"How an infused T cell recruits other immune cells: {steps}. Evidence: {evidence}."


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
