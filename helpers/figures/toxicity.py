"""Drawing for side effects: CRS time course, grading ladders, the therapeutic window, B-cell aplasia."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Polygon, Rectangle

from helpers.figures.recognition import Changing
from helpers.figures.layout import BACKGROUND
from helpers.figures.style import OKABE_ITO, ROLE, legend_above, log_axis

#: Interventions: name -> (label, colour, line style). Colour plus line style, so they differ without colour.
INTERVENTIONS = {
    "tocilizumab": ("Tocilizumab", OKABE_ITO["bluish_green"], "--"),
    "steroids": ("Steroids", OKABE_ITO["reddish_purple"], "-."),
    "switch": ("Safety switch", OKABE_ITO["black"], ":"),
}


def _band(ax: Axes, x0: float, x1: float, y0: float, y1: float, **kw) -> Polygon:
    poly = Polygon([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], closed=True, **kw)
    ax.add_patch(poly)
    return poly


def set_band(poly: Polygon, x0: float, x1: float, y0: float, y1: float) -> None:
    """Move a rectangle-shaped polygon made by this module."""
    poly.set_xy([[x0, y0], [x1, y0], [x1, y1], [x0, y1]])


# --------------------------------------------------------------------------------------------------
@dataclass
class CrsArtists(Changing):
    tumour: Line2D
    car_t: Line2D
    il6: Line2D
    toxicity: Line2D
    markers: list  # one vertical line per intervention in each of the three axes
    onset: Line2D


def draw_crs_frame(ax_cells: Axes, ax_il6: Axes, ax_tox: Axes, days: float, cell_limits: tuple[float, float],
                   il6_limits: tuple[float, float], tox_max: float, onset_level: float,
                   severe_level: float) -> CrsArtists:
    """Three panels over days: tumour and CAR-T cells (log, relative units); serum IL-6 (log, × baseline);
    IL-6 signalling, the toxicity index, with its onset level and "severe" zone. Serum IL-6 and IL-6
    signalling get separate panels because tocilizumab moves them in opposite directions."""
    ax_cells.set_yscale("log")
    log_axis(ax_cells.yaxis)
    ax_cells.set_ylim(*cell_limits)
    ax_cells.set_ylabel("Cells\n(× reference)")
    tumour = ax_cells.plot([], [], color=ROLE["tumour"], linestyle="--", label="Tumour burden")[0]
    car_t = ax_cells.plot([], [], color=ROLE["therapy"], label="CAR-T cells")[0]

    ax_il6.set_yscale("log")
    log_axis(ax_il6.yaxis)
    ax_il6.set_ylim(*il6_limits)
    ax_il6.set_ylabel("Serum IL-6\n(× baseline)")
    il6 = ax_il6.plot([], [], color=OKABE_ITO["sky_blue"], linestyle=(0, (1, 1)), label="Serum IL-6")[0]

    ax_tox.set_ylim(0, tox_max)
    ax_tox.set_xlabel("Days after infusion")
    ax_tox.set_ylabel("IL-6 signalling\n(toxicity index)")
    ax_tox.axhspan(severe_level, tox_max, color=ROLE["tumour"], alpha=0.12, linewidth=0, gid=BACKGROUND)
    ax_tox.axhline(onset_level, color=ROLE["neutral"], linestyle=":", linewidth=1.2, gid=BACKGROUND)
    ax_tox.text(0.01, (severe_level + tox_max) / 2 / tox_max, "severe (illustrative)", ha="left", va="center",
                fontsize=11, color="#8A3000", transform=ax_tox.transAxes)
    ax_tox.text(0.99, onset_level / tox_max + 0.02, "CRS onset level", ha="right", va="bottom", fontsize=11,
                color=ROLE["neutral"], transform=ax_tox.transAxes)
    toxicity = ax_tox.plot([], [], color=OKABE_ITO["orange"], label="IL-6 signalling")[0]
    onset = ax_tox.plot([], [], color=OKABE_ITO["orange"], marker="o", markersize=9, linestyle="none",
                        markeredgecolor="black")[0]
    for ax in (ax_cells, ax_il6, ax_tox):
        ax.set_xlim(0, days)
        if ax is not ax_tox:
            ax.tick_params(labelbottom=False)
    markers = []
    for _, colour, style in INTERVENTIONS.values():
        for ax in (ax_cells, ax_il6, ax_tox):
            markers.append(ax.axvline(0, color=colour, linestyle=style, linewidth=2, visible=False))
    return CrsArtists(tumour, car_t, il6, toxicity, markers, onset)


def crs_legend(fig, artists: CrsArtists, given: list[str]) -> None:
    """(Re)draw the CRS figure's legend above its top panel: the curves, and only the treatments given."""
    for old in list(fig.legends):
        old.remove()
    handles = [artists.tumour, artists.car_t, artists.il6, artists.toxicity]
    handles += [Line2D([], [], color=colour, linestyle=style, linewidth=2, label=f"{label} given")
                for name, (label, colour, style) in INTERVENTIONS.items() if name in given]
    fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.08, 1.0), ncol=4, frameon=False,
               handlelength=2.0, columnspacing=1.0)


# --------------------------------------------------------------------------------------------------
@dataclass
class LadderArtists(Changing):
    crs_bars: list
    icans_bars: list
    crs_total: Rectangle
    icans_total: Rectangle
    temperature: Rectangle
    ice: Rectangle


def _ladder(ax: Axes, labels: list[str], title: str) -> tuple[list, Rectangle]:
    n = len(labels)
    ax.set_xlim(0, 4.2)
    ax.set_ylim(-1.9, n - 0.4)
    ax.set_xticks(range(5))
    ax.set_xlabel("Grade")
    ax.set_yticks([n - 1 - i for i in range(n)] + [-1.2])
    ax.set_yticklabels(labels + ["Overall grade"])
    ax.set_title(title, loc="left", fontsize=13)
    ax.grid(axis="y", visible=False)
    bars = [ax.barh(n - 1 - i, 0.0, height=0.6, color=ROLE["neutral"], hatch="")[0] for i in range(n)]
    ax.axhline(-0.6, color="black", linewidth=1)
    total = ax.barh(-1.2, 0.0, height=0.8, color=OKABE_ITO["orange"], edgecolor="black")[0]
    return bars, total


def _gauge(ax: Axes, limits: tuple[float, float], cuts: list[float], label: str) -> Rectangle:
    """A thin horizontal gauge of one input, with its grading cut-offs as vertical lines."""
    ax.set_xlim(*limits)
    ax.set_ylim(0, 1)
    ax.set_yticks([])
    ax.set_xlabel(label)
    ax.grid(False)
    for cut in cuts:
        ax.axvline(cut, color="black", linewidth=1.5, linestyle="--")
    return ax.barh(0.5, 0.0, height=0.8, left=limits[0], color=OKABE_ITO["sky_blue"], alpha=0.5,
                   edgecolor="black")[0]


def draw_grading_frame(ax_crs: Axes, ax_icans: Axes, ax_temp: Axes, ax_ice: Axes, crs_labels: list[str],
                       icans_labels: list[str], temp_limits: tuple[float, float], fever_c: float) -> LadderArtists:
    """Two horizontal 'ladders' (the grade each criterion gives, and the overall grade: the worst), and under
    each a gauge of its numeric input against the cut-offs (fever at 38 °C; ICE bands 10 / 7-9 / 3-6 / 0-2)."""
    crs_bars, crs_total = _ladder(ax_crs, crs_labels, "CRS (ASTCT 2019)")
    icans_bars, icans_total = _ladder(ax_icans, icans_labels, "ICANS (ASTCT 2019, ICE test)")
    temperature = _gauge(ax_temp, temp_limits, [fever_c], "Temperature (°C); dashed: fever")
    ice = _gauge(ax_ice, (0, 10), [2.5, 6.5, 9.5], "ICE score; dashed: grade bands")
    return LadderArtists(crs_bars, icans_bars, crs_total, icans_total, temperature, ice)


def set_ladder(bars: list, total: Rectangle, grades: list[int], overall: int) -> None:
    """Bars at each criterion's grade; the deciding criteria are highlighted (colour and hatching)."""
    for bar, g in zip(bars, grades):
        bar.set_width(g)
        deciding = g == overall and g > 0
        bar.set_facecolor(OKABE_ITO["vermillion"] if deciding else ROLE["neutral"])
        bar.set_edgecolor("black" if deciding else ROLE["neutral"])
        bar.set_hatch("//" if deciding else "")
        bar.set_hatchcolor("black")  # matplotlib >= 3.10 keeps the hatch colour apart from the edge colour
    total.set_width(overall)


# --------------------------------------------------------------------------------------------------
@dataclass
class WindowArtists(Changing):
    response: Line2D
    severe: Line2D
    window: Polygon
    dose: Line2D
    dose_response: Line2D
    dose_severe: Line2D
    pareto: Line2D
    pareto_mark: Line2D
    acceptable: Polygon
    front: Line2D


def draw_dose_panel(ax_dose: Axes, dose_limits: tuple[float, float], xlabel: str = "Dose (× reference dose, log)",
                    window_label: str = "Therapeutic window",
                    severe_label: str = "Severe CRS (grade ≥ 3)") -> tuple[Polygon, Line2D, Line2D, Line2D, Line2D,
                                                                           Line2D]:
    """P(response) and P(severe CRS) against dose (log), with the window band, the chosen dose and its two points:
    returns (window, response, severe, dose, dose_response, dose_severe), all empty until updated."""
    ax_dose.set_xscale("log")
    log_axis(ax_dose.xaxis)
    ax_dose.set_xlim(*dose_limits)
    ax_dose.set_ylim(0, 1.02)
    ax_dose.set_xlabel(xlabel)
    ax_dose.set_ylabel("Probability")
    window = _band(ax_dose, 1, 1, 0, 1.02, color=OKABE_ITO["bluish_green"], alpha=0.18, linewidth=0,
                   label=window_label, gid=BACKGROUND)
    response = ax_dose.plot([], [], color=ROLE["therapy"], label="Response")[0]
    severe = ax_dose.plot([], [], color=ROLE["tumour"], linestyle="--", label=severe_label)[0]
    dose = ax_dose.axvline(1, color=ROLE["neutral"], linestyle=":", linewidth=1.5)
    dose_response = ax_dose.plot([], [], color=ROLE["therapy"], marker="o", markersize=9, linestyle="none",
                                 markeredgecolor="white")[0]
    dose_severe = ax_dose.plot([], [], color=ROLE["tumour"], marker="s", markersize=9, linestyle="none",
                               markeredgecolor="white")[0]
    return window, response, severe, dose, dose_response, dose_severe


def draw_window_frame(ax_dose: Axes, ax_pareto: Axes, dose_limits: tuple[float, float]) -> WindowArtists:
    """Left: P(response) and P(severe CRS) against dose, with the window. Right: the same as a trade-off."""
    window, response, severe, dose, dose_response, dose_severe = draw_dose_panel(ax_dose, dose_limits)
    legend_above(ax_dose, ncol=3, columnspacing=0.8, handlelength=1.8)

    ax_pareto.set_xlim(0, 1)
    ax_pareto.set_ylim(0, 1.02)
    ax_pareto.set_xlabel("P(severe CRS)")
    ax_pareto.set_ylabel("P(response)")
    acceptable = _band(ax_pareto, 0, 0.2, 0.5, 1.02, color=OKABE_ITO["bluish_green"], alpha=0.18, linewidth=0,
                       gid=BACKGROUND, label="Your limits")
    ax_pareto.plot([0, 1], [0, 1], color=ROLE["neutral"], linewidth=1, linestyle=":")
    front = ax_pareto.plot([], [], color=OKABE_ITO["bluish_green"], linewidth=7, alpha=0.45,
                           solid_capstyle="round", label="Best over 5 binders")[0]
    pareto = ax_pareto.plot([], [], color=ROLE["neutral"], linewidth=2.5, label="This binder")[0]
    pareto_mark = ax_pareto.plot([], [], color=OKABE_ITO["orange"], marker="D", markersize=10, linestyle="none",
                                 markeredgecolor="black")[0]
    legend_above(ax_pareto, ncol=1, handlelength=1.6)
    ax_pareto.text(0.02, 0.97, "better ↖", va="top", fontsize=11, color=ROLE["neutral"])
    return WindowArtists(response, severe, window, dose, dose_response, dose_severe, pareto, pareto_mark,
                         acceptable, front)


# --------------------------------------------------------------------------------------------------
@dataclass
class BCellArtists(Changing):
    b_cells: Line2D
    car_t: Line2D
    recovery: Line2D


def draw_b_cell_frame(ax: Axes, months: float, car_limits: tuple[float, float]) -> BCellArtists:
    """Healthy B cells (% of normal, left) and CAR-T cells (log, right) over months."""
    ax.set_xlim(0, months)
    ax.set_ylim(0, 105)
    ax.set_xlabel("Months after infusion")
    ax.set_ylabel("Healthy B cells (% of normal)")
    ax.axhline(50, color=ROLE["neutral"], linestyle=":", linewidth=1.2, gid=BACKGROUND)
    b_cells = ax.plot([], [], color=ROLE["healthy"], label="B cells")[0]
    recovery = ax.plot([], [], color=ROLE["healthy"], marker="o", markersize=10, linestyle="none",
                       markeredgecolor="black", label="Back to 50 %")[0]
    twin = ax.twinx()
    twin.set_yscale("log")
    log_axis(twin.yaxis)
    twin.set_ylim(*car_limits)
    twin.set_ylabel("CAR-T cells in the body (log)")
    twin.spines["right"].set_visible(True)
    twin.grid(False)
    car_t = twin.plot([], [], color=ROLE["therapy"], linestyle="--", label="CAR-T cells")[0]
    legend_above(ax, [b_cells, car_t, recovery], ncol=3)
    return BCellArtists(b_cells, car_t, recovery)


def months(days: np.ndarray) -> np.ndarray:
    """Days to months (30.44 days, the mean Gregorian month)."""
    return np.asarray(days) / 30.44
