"""Drawing for cytotoxic killing: assay curves, CARRGO time course and phase plane, spatial frames."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from helpers.figures.recognition import Changing
from helpers.figures.style import OKABE_ITO, ROLE, legend_above, log_axis, series


@dataclass
class AssayArtists(Changing):
    time_curves: list
    time_marks: list
    ratio_curve: Line2D
    ratio_marks: list
    now: Line2D


def draw_assay_frame(ax_time: Axes, ax_ratio: Axes, ratios: tuple[float, ...], max_hours: float,
                     ratio_limits: tuple[float, float]) -> AssayArtists:
    """Left: % specific lysis against time for each E:T ratio. Right: % lysis against E:T at one time."""
    ax_time.set_xlim(0, max_hours)
    ax_time.set_ylim(0, 102)
    ax_time.set_xlabel("Hours after adding effectors")
    ax_time.set_ylabel("% specific lysis")
    curves, marks = [], []
    for i, r in enumerate(ratios):
        s = series(i)
        label = f"E:T {r:.3g}:1" if r >= 1 else f"E:T 1:{1 / r:.3g}"
        curves.append(ax_time.plot([], [], color=s.color, linestyle=s.linestyle, label=label)[0])
        marks.append(ax_time.plot([], [], color=s.color, marker=s.marker, markersize=9, linestyle="none",
                                  markeredgecolor="white")[0])
    now = ax_time.axvline(0, color=ROLE["neutral"], linestyle=":", linewidth=1.5)
    legend_above(ax_time, ncol=5, columnspacing=0.8, handlelength=1.8)

    ax_ratio.set_xscale("log")
    log_axis(ax_ratio.xaxis)
    ax_ratio.set_xlim(*ratio_limits)
    ax_ratio.set_ylim(0, 102)
    ax_ratio.set_xlabel("Effector : target ratio (log)")
    ax_ratio.set_ylabel("% lysis at the chosen time")
    ratio_curve = ax_ratio.plot([], [], color=ROLE["neutral"], linewidth=2)[0]
    ratio_marks = [ax_ratio.plot([], [], color=series(i).color, marker=series(i).marker, markersize=10,
                                 linestyle="none", markeredgecolor="white")[0] for i in range(len(ratios))]
    return AssayArtists(curves, marks, ratio_curve, ratio_marks, now)


def flatten(artists: Changing) -> list:
    """All artists of a bundle, with list-valued fields expanded."""
    out: list = []
    for item in artists.all():
        out.extend(item if isinstance(item, list) else [item])
    return out


@dataclass
class CarrgoArtists(Changing):
    tumour: Line2D
    car_t: Line2D
    bystander: Line2D
    eliminated: Line2D
    trajectory: Line2D
    start: Line2D
    x_nullcline: Line2D
    y_nullcline: Line2D
    equilibrium: Line2D


def draw_carrgo_frame(ax_time: Axes, ax_phase: Axes, days: float, cell_limits: tuple[float, float]) -> CarrgoArtists:
    """Left: tumour and CAR-T cells over days (log), bystander activation (right axis). Right: phase plane."""
    ax_time.set_yscale("log")
    log_axis(ax_time.yaxis)
    ax_time.set_xlim(0, days)
    ax_time.set_ylim(*cell_limits)
    ax_time.set_xlabel("Days after infusion")
    ax_time.set_ylabel("Cells (log)")
    tumour = ax_time.plot([], [], color=ROLE["tumour"], label="tumour cells")[0]
    car_t = ax_time.plot([], [], color=ROLE["therapy"], linestyle="--", label="CAR-T cells")[0]
    eliminated = ax_time.axvline(0, color=ROLE["tumour"], linestyle=":", linewidth=2)
    twin = ax_time.twinx()
    twin.set_ylim(0, 1.02)
    twin.set_ylabel("Bystanders activated (fraction)", color=OKABE_ITO["bluish_green"])
    twin.spines["right"].set_visible(True)
    twin.grid(False)
    bystander = twin.plot([], [], color=OKABE_ITO["bluish_green"], linestyle="-.", linewidth=2,
                          label="bystander activation (illustrative)")[0]
    legend_above(ax_time, [tumour, car_t, bystander], ncol=2)

    ax_phase.set_xscale("log")
    ax_phase.set_yscale("log")
    log_axis(ax_phase.xaxis)
    log_axis(ax_phase.yaxis)
    ax_phase.set_xlim(*cell_limits)
    ax_phase.set_ylim(*cell_limits)
    ax_phase.set_xlabel("Tumour cells (log)")
    ax_phase.set_ylabel("CAR-T cells (log)")
    trajectory = ax_phase.plot([], [], color=series(0).color, linewidth=2)[0]
    start = ax_phase.plot([], [], color=series(0).color, marker="o", markersize=9, linestyle="none")[0]
    x_null = ax_phase.plot([], [], color=ROLE["tumour"], linestyle="--", linewidth=1.5, label="tumour nullcline")[0]
    y_null = ax_phase.plot([], [], color=ROLE["therapy"], linestyle=":", linewidth=2, label="CAR-T nullcline")[0]
    equilibrium = ax_phase.plot([], [], color="black", marker="*", markersize=15, linestyle="none",
                                label="coexistence")[0]
    legend_above(ax_phase, ncol=1, handlelength=1.6, bbox_to_anchor=(0.0, 1.0))
    return CarrgoArtists(tumour, car_t, bystander, eliminated, trajectory, start, x_null, y_null, equilibrium)


#: Colours of the spatial lattice states: empty, tumour, T cell, exhausted T cell.
LATTICE_COLOURS = ("#FFFFFF", ROLE["tumour"], ROLE["therapy"], "#8C8C8C")


@dataclass
class SpatialArtists(Changing):
    image: AxesImage
    marker: Line2D
    tumour_curve: Line2D
    t_curve: Line2D
    kills_curve: Line2D


def draw_spatial_frame(ax_grid: Axes, ax_counts: Axes, size: int, steps: int) -> SpatialArtists:
    """Left: the lattice at one step. Right: tumour cells, T cells and kills per T cell over steps."""
    image = ax_grid.imshow(np.zeros((size, size), dtype=np.uint8), cmap=ListedColormap(LATTICE_COLOURS),
                           vmin=-0.5, vmax=3.5, interpolation="nearest")
    ax_grid.set_xticks([])
    ax_grid.set_yticks([])
    ax_grid.grid(False)
    ax_grid.legend(handles=[Patch(facecolor=c, edgecolor="black", label=lab) for c, lab in
                            zip(LATTICE_COLOURS[1:], ("tumour cell", "T cell", "exhausted T cell"))],
                   loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=3, fontsize=10, frameon=False)
    ax_counts.set_xlim(0, steps)
    ax_counts.set_xlabel("Time (lattice steps, illustrative units)")
    ax_counts.set_ylabel("Cells (count)")
    tumour_curve = ax_counts.plot([], [], color=ROLE["tumour"], label="tumour cells")[0]
    t_curve = ax_counts.plot([], [], color=ROLE["therapy"], linestyle="--", label="T cells")[0]
    twin = ax_counts.twinx()
    twin.set_ylabel("Kills per T cell", color=OKABE_ITO["bluish_green"])
    twin.spines["right"].set_visible(True)
    twin.grid(False)
    kills_curve = twin.plot([], [], color=OKABE_ITO["bluish_green"], linestyle="-.", label="kills per T cell")[0]
    marker = ax_counts.axvline(0, color="black", linewidth=1.5)
    legend_above(ax_counts, [tumour_curve, t_curve, kills_curve], ncol=2)
    ax_counts.twin = twin  # type: ignore[attr-defined]
    return SpatialArtists(image, marker, tumour_curve, t_curve, kills_curve)
