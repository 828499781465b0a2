"""Drawing for antigen recognition: occupancy curves, proofreading signals, antigen-density trade-offs.

Each ``draw_*_frame`` draws the fixed parts on given Axes and returns a dataclass of the artists that
change; the explorers update those in place.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Polygon

from helpers.figures.style import ROLE, legend_above, log_axis, series


@dataclass
class Changing:
    """Base for artist bundles: ``all()`` lists every artist, in drawing order."""

    def all(self) -> list:
        return [getattr(self, f.name) for f in fields(self)]


@dataclass
class OccupancyArtists(Changing):
    curve_a: Line2D
    curve_b: Line2D
    depleted_a: Line2D
    kd_a: Line2D
    kd_b: Line2D
    ligand: Line2D
    point_a: Line2D
    point_b: Line2D


def draw_occupancy_frame(ax: Axes, ligand_limits: tuple[float, float], label_a: str, label_b: str) -> OccupancyArtists:
    """Fraction of receptors bound (0–1) against ligand concentration (log axis, M)."""
    ax.set_xscale("log")
    log_axis(ax.xaxis)
    ax.set_xlim(*ligand_limits)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("Ligand concentration (M, log scale)")
    ax.set_ylabel("Fraction of receptors bound")
    ax.axhline(0.5, color=ROLE["neutral"], linewidth=1, linestyle=":")
    a, b = series(0), series(1)
    curve_a = ax.plot([], [], color=a.color, linestyle=a.linestyle, label=label_a)[0]
    curve_b = ax.plot([], [], color=b.color, linestyle=b.linestyle, label=label_b)[0]
    depleted_a = ax.plot([], [], color=a.color, linestyle=(0, (1, 1)), linewidth=2,
                         label=f"{label_a} vs total ligand, depleted")[0]
    kd_a = ax.plot([], [], color=a.color, marker="v", markersize=11, linestyle="none", clip_on=False)[0]
    kd_b = ax.plot([], [], color=b.color, marker="v", markersize=11, linestyle="none", clip_on=False)[0]
    ligand = ax.axvline(1.0, color=ROLE["target"], linewidth=2, linestyle="--")
    point_a = ax.plot([], [], color=a.color, marker=a.marker, markersize=10, linestyle="none",
                      markeredgecolor="white")[0]
    point_b = ax.plot([], [], color=b.color, marker=b.marker, markersize=10, linestyle="none",
                      markeredgecolor="white")[0]
    legend_above(ax, [curve_a, curve_b, depleted_a,
                      Line2D([], [], color="black", marker="v", linestyle="none", label="K_D (half bound)")],
                 ncol=2, bbox_to_anchor=(0.0, 1.06))
    return OccupancyArtists(curve_a, curve_b, depleted_a, kd_a, kd_b, ligand, point_a, point_b)


@dataclass
class ProofreadingArtists(Changing):
    curve: Line2D
    curve_plain: Line2D
    foreign: Line2D
    self_: Line2D
    ratio_bars: Line2D
    ratio_now: Line2D


def draw_proofreading_frame(
    ax_signal: Axes, ax_ratio: Axes, koff_limits: tuple[float, float], signal_limits: tuple[float, float],
    max_steps: int, ratio_limits: tuple[float, float],
) -> ProofreadingArtists:
    """Left: signalling fraction against k_off (log–log). Right: foreign/self signal ratio against N."""
    ax_signal.set_xscale("log")
    ax_signal.set_yscale("log")
    log_axis(ax_signal.xaxis)
    log_axis(ax_signal.yaxis)
    ax_signal.set_xlim(*koff_limits)
    ax_signal.set_ylim(*signal_limits)
    ax_signal.set_xlabel("Off-rate k_off (1/s, log)")
    ax_signal.set_ylabel("Bound receptors signalling")
    curve = ax_signal.plot([], [], color=series(0).color, label="with N steps")[0]
    plain = ax_signal.plot([], [], color=ROLE["neutral"], linestyle=":", linewidth=2, label="N = 0 (binding only)")[0]
    foreign = ax_signal.plot([], [], color=ROLE["therapy"], marker="o", markersize=11, linestyle="none",
                             markeredgecolor="white", label="foreign ligand")[0]
    self_ = ax_signal.plot([], [], color=ROLE["tumour"], marker="s", markersize=10, linestyle="none",
                           markeredgecolor="white", label="self ligand")[0]
    legend_above(ax_signal, ncol=2)

    ax_ratio.set_yscale("log")
    log_axis(ax_ratio.yaxis)
    ax_ratio.set_xlim(-0.5, max_steps + 0.5)
    ax_ratio.set_ylim(*ratio_limits)
    ax_ratio.set_xlabel("Proofreading steps N")
    ax_ratio.set_ylabel("Foreign ÷ self signal")
    bars = ax_ratio.plot([], [], color=series(2).color, marker=series(2).marker, linestyle="-")[0]
    now = ax_ratio.plot([], [], color=ROLE["target"], marker="o", markersize=13, linestyle="none",
                        markeredgecolor="black")[0]
    return ProofreadingArtists(curve, plain, foreign, self_, bars, now)


@dataclass
class DensityArtists(Changing):
    tumour: Polygon
    healthy: Polygon
    response: Line2D
    d50: Line2D
    roc: Line2D
    roc_now: Line2D


def draw_density_frame(ax_dist: Axes, ax_roc: Axes, density_limits: tuple[float, float]) -> DensityArtists:
    """Left: antigen per cell for tumour and healthy cells with the response curve. Right: the trade-off."""
    ax_dist.set_xscale("log")
    log_axis(ax_dist.xaxis)
    ax_dist.set_xlim(*density_limits)
    ax_dist.set_ylim(0, 1.05)
    ax_dist.set_xlabel("Antigen molecules per cell (log)")
    ax_dist.set_ylabel("Cells (scaled) / chance recognised")
    tumour = Polygon([[1, 0]], closed=True, facecolor=ROLE["tumour"], alpha=0.35, edgecolor=ROLE["tumour"],
                     hatch="\\\\", linewidth=1.5, label="tumour cells")
    healthy = Polygon([[1, 0]], closed=True, facecolor=ROLE["healthy"], alpha=0.35, edgecolor=ROLE["healthy"],
                      hatch="//", linewidth=1.5, label="healthy cells")
    ax_dist.add_patch(tumour)
    ax_dist.add_patch(healthy)
    response = ax_dist.plot([], [], color=ROLE["therapy"], linewidth=3, label="chance a cell is recognised")[0]
    d50 = ax_dist.axvline(1.0, color=ROLE["therapy"], linestyle="--", linewidth=1.5)
    legend_above(ax_dist, [tumour, healthy, response, Line2D([], [], color=ROLE["therapy"], linestyle="--",
                                                             linewidth=1.5, label="half recognised")], ncol=2)

    ax_roc.set_xlim(0, 1)
    ax_roc.set_ylim(0, 1)
    ax_roc.set_aspect("equal")
    ax_roc.set_xlabel("Healthy cells hit")
    ax_roc.set_ylabel("Tumour cells killed")
    ax_roc.plot([0, 1], [0, 1], color=ROLE["neutral"], linestyle=":", linewidth=1)
    roc = ax_roc.plot([], [], color=series(2).color, linewidth=2.5)[0]
    roc_now = ax_roc.plot([], [], color=ROLE["target"], marker="o", markersize=13, linestyle="none",
                          markeredgecolor="black")[0]
    return DensityArtists(tumour, healthy, response, d50, roc, roc_now)
