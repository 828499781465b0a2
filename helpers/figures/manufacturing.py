"""Drawing for cell manufacturing: a culture's growth curve against the dose a patient needs."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.text import Text

from helpers.figures.style import ROLE, legend_above, log_axis, series
from helpers.text import sci


@dataclass
class ExpansionArtists:
    """The artists of an expansion plot that change with the settings."""

    grown: Line2D
    future: Line2D
    now: Line2D
    reached: Line2D
    dose_band: Rectangle
    dose_label: Text
    above: Line2D
    above_label: Text

    def curves(self) -> list:
        """The artists that change with the culture's settings (the dose band changes only with the dose)."""
        return [self.reached, self.future, self.grown, self.now, self.above, self.above_label]


def draw_expansion_frame(ax: Axes, max_days: float, cell_limits: tuple[float, float]) -> ExpansionArtists:
    """Draw the fixed frame of a culture-growth plot on ``ax`` and return the changing artists.

    Parameters
    ----------
    ax : Axes
        Where to draw.
    max_days : float
        Right end of the time axis, days.
    cell_limits : (float, float)
        Bottom and top of the logarithmic cell-count axis, cells.
    """
    ax.set_yscale("log")
    log_axis(ax.yaxis)
    ax.set_xlim(0, max_days)
    ax.set_ylim(*cell_limits)
    ax.set_xlabel("Days in culture")
    ax.set_ylabel("Cells in culture (log scale)")
    style = series(0)
    grown = ax.plot([], [], color=style.color, linestyle="-", label="grown so far")[0]
    future = ax.plot([], [], color=style.color, linestyle=":", alpha=0.6, label="if it went on")[0]
    now = ax.plot([], [], color=style.color, marker=style.marker, markersize=11, linestyle="none",
                  markeredgecolor="white", zorder=5)[0]
    dose_band = Rectangle((0, 1), 1, 1, transform=ax.get_yaxis_transform(), facecolor=ROLE["target"],
                          alpha=0.3, edgecolor=ROLE["target"], hatch="//", linewidth=1.5)
    ax.add_patch(dose_band)
    dose_label = ax.text(0.01, 1.0, "", transform=ax.get_yaxis_transform(), fontsize=11, va="bottom",
                         ha="left", color="#333333",
                         bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1.5})
    reached = ax.axvline(0, color=ROLE["target"], linestyle="--", linewidth=2)
    # Shown when today's count is above the top of the chart: an arrow on the top edge and the count.
    above = ax.plot([], [], color=style.color, marker="^", markersize=13, linestyle="none", clip_on=False,
                    markeredgecolor="black", zorder=6)[0]
    above_label = ax.text(0, 0.97, "", transform=ax.get_xaxis_transform(), fontsize=11, va="top", ha="left",
                          color="black", bbox={"facecolor": "white", "edgecolor": style.color, "pad": 2})
    handles = [grown, future, Patch(facecolor=ROLE["target"], alpha=0.3, hatch="//", edgecolor=ROLE["target"],
                                    label="labelled dose"),
               Line2D([], [], color=ROLE["target"], linestyle="--", linewidth=2, label="dose first reached")]
    legend_above(ax, handles, ncol=2, columnspacing=1.2, handlelength=1.8, fontsize=11)
    return ExpansionArtists(grown, future, now, reached, dose_band, dose_label, above, above_label)


def update_expansion(
    artists: ExpansionArtists,
    days: np.ndarray,
    cells: np.ndarray,
    day_now: float,
    cells_now: float,
    dose_range: tuple[float, float],
    dose_name: str,
    day_reached: float | None,
) -> None:
    """Show a growth curve ``cells(days)``, today's point, the day the dose is reached (``None``: not
    reached on the axis) and the dose band on existing artists."""
    past = days <= day_now
    artists.grown.set_data(days[past], cells[past])
    artists.future.set_data(days[~past], cells[~past])
    top = artists.now.axes.get_ylim()[1]
    off_chart = cells_now > top
    artists.now.set_data(([], []) if off_chart else ([day_now], [cells_now]))
    artists.above.set_data(([day_now], [top]) if off_chart else ([], []))
    artists.above_label.set_visible(off_chart)
    if off_chart:
        left = day_now < 0.6 * artists.now.axes.get_xlim()[1]
        artists.above_label.set_x(day_now + (0.6 if left else -0.6))
        artists.above_label.set_horizontalalignment("left" if left else "right")
        artists.above_label.set_text(f"{sci(cells_now)} cells: above the chart")
    low, high = dose_range
    artists.dose_band.set_y(low)
    artists.dose_band.set_height(high - low)
    artists.dose_label.set_position((0.01, high))
    artists.dose_label.set_text(f"{dose_name}: {sci(low)}–{sci(high)} cells" if high > low
                                else f"{dose_name}: {sci(low)} cells")
    if day_reached is None:
        artists.reached.set_visible(False)
    else:
        artists.reached.set_visible(True)
        artists.reached.set_xdata([day_reached, day_reached])
