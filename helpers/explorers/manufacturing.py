"""Explorers for cell manufacturing: how long a culture needs to reach a patient's dose (notebook 00), and when
the product is ready once it has been tested (notebook 01)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from helpers.data import DoseTarget, dose_targets
from helpers.explorers.base import Explorer, Scene
from helpers.figures.manufacturing import draw_expansion_frame, update_expansion
from helpers.figures.style import ROLE, legend_above
from helpers.models.manufacturing import cells_after, days_to_reach
from helpers.text import sci


@dataclass(frozen=True)
class ExpansionState:
    """Result of one expansion calculation (units: cells, hours, days)."""

    start_cells: float
    doubling_time_h: float
    day: float
    cells: float
    fold: float
    target: DoseTarget
    day_reached: float | None  # first day the lower end of the dose range is reached, if within the axis
    days: np.ndarray
    curve: np.ndarray


class ExpansionExplorer(Explorer[ExpansionState]):
    """Expansion calculator: cells in culture vs days, for a starting number and doubling time,
    against the labelled dose range of an approved product.

    Growth is exponential (a teaching simplification; see :mod:`helpers.models.manufacturing`).
    """

    title = "How long must cells grow to make one dose?"
    background_controls = ("target",)
    #: Fixed frame: time axis (days) and cell axis (cells).
    max_days = 28
    cell_limits = (1e5, 1e12)
    #: The dose shown first: the TIL product, whose large dose makes the growth curve's job visible.
    default_target = "lifileucel"

    def make_controls(self) -> dict[str, widgets.ValueWidget]:
        targets = dose_targets()
        first = next((t for t in targets if t.key.startswith(self.default_target)), targets[0])
        return {
            "start_cells": widgets.FloatLogSlider(
                value=1e7, base=10, min=5, max=9, step=0.1, description="Starting cells",
                readout_format=".1e", tooltip="Cells put into culture at day 0 (log scale)",
            ),
            "doubling_time_h": widgets.FloatSlider(
                value=24.0, min=12.0, max=120.0, step=1.0, description="Doubling time (hours)",
                readout_format=".0f", tooltip="Hours for the culture to double in number",
            ),
            "day": widgets.IntSlider(
                value=14, min=0, max=self.max_days, step=1, description="Days in culture",
                tooltip="How long the cells have grown",
            ),
            "target": widgets.Dropdown(
                options=[(t.label, t.key) for t in targets], value=first.key,
                description="Dose to reach", tooltip="Labelled dose range of an approved product",
                layout=widgets.Layout(width="max-content"),
            ),
        }

    def compute(self, **values: Any) -> ExpansionState:
        n0 = float(values["start_cells"])
        td = float(values["doubling_time_h"])
        day = float(values["day"])
        target = {t.key: t for t in dose_targets()}[values["target"]]
        days = np.linspace(0.0, self.max_days, 4 * self.max_days + 1)
        curve = cells_after(n0, td, days)
        reach = days_to_reach(n0, td, target.low_cells)
        cells = float(cells_after(n0, td, day))
        return ExpansionState(
            start_cells=n0, doubling_time_h=td, day=day, cells=cells, fold=cells / n0, target=target,
            day_reached=reach if reach <= self.max_days else None, days=days, curve=curve,
        )

    def build(self, fig: Figure) -> Scene:
        ax = fig.add_axes((0.13, 0.12, 0.83, 0.71))
        artists = draw_expansion_frame(ax, self.max_days, self.cell_limits)
        return Scene({"artists": artists, "ax": ax}, artists.curves())

    def draw(self, scene: Scene, state: ExpansionState) -> None:
        t = state.target
        update_expansion(
            scene["artists"], state.days, state.curve, state.day, state.cells,
            (t.low_cells, t.high_cells), t.short_label, state.day_reached,
        )

    def readout(self) -> str:
        s = self.state
        if s.day_reached is None:
            reached = f"not within {self.max_days} days"
        elif s.day_reached == 0:
            reached = "already at the start"
        else:
            reached = f"day {s.day_reached:.1f}"
        return (f"<b>Day {s.day:g}: {sci(s.cells)} cells</b> ({sci(s.fold)}-fold) &nbsp;·&nbsp; "
                f"lowest {s.target.short_label} dose reached: <b>{reached}</b>")

    def summary(self) -> str:
        s = self.state
        t = s.target
        grown = (
            f"Starting from {sci(s.start_cells)} cells that double every {s.doubling_time_h:g} hours, "
            f"the culture holds {sci(s.cells)} cells after {s.day:g} days ({sci(s.fold)}-fold)"
        )
        if s.cells > self.cell_limits[1]:
            grown += ", above the top of the chart"
        if s.day_reached is None:
            reach = f"the lowest labelled dose of {t.short_label} ({sci(t.low_cells)} cells) is not reached within {self.max_days} days"
        elif s.day_reached == 0:
            reach = f"the starting cells already exceed the lowest labelled dose of {t.short_label} ({sci(t.low_cells)} cells)"
        else:
            reach = f"the lowest labelled dose of {t.short_label} ({sci(t.low_cells)} cells) is reached on day {s.day_reached:.1f}"
        return f"{grown}; {reach}."


def expansion(predict: bool = False, **initial: Any) -> ExpansionExplorer:
    """The expansion calculator of notebook 00 (see :class:`ExpansionExplorer`); ``predict=True`` asks the
    Try-it's predictions first."""
    return ExpansionExplorer.create(predict, **initial)


# --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ReleaseState:
    """An expansion of CAR-positive cells (see :class:`ExpansionState`, whose counts are CAR-positive cells)
    harvested on ``day`` and then tested for ``release_days``."""

    expansion: ExpansionState
    total_start_cells: float
    transduced: float  # fraction of the cells that carry the CAR
    release_days: float
    ready_day: float
    verdict: str  # "below", "within" or "above" the labelled dose range at harvest


class ReleaseExplorer(ExpansionExplorer):
    """Expansion to a dose, then release testing: the cells are harvested on the chosen day, frozen, and tested
    (sterility, identity, potency) before the product can be shipped. The same exponential growth model as
    :class:`ExpansionExplorer`; the testing time is added on the time axis."""

    title = "Grow, harvest, test: when is the product ready?"
    max_days = 42
    default_target = "tisagenlecleucel | DLBCL"
    #: Median transduction efficiency of commercial tisagenlecleucel products in the UK national access scheme
    #: (17.4 %, Blood Cancer J 2024): the default share of CAR-positive cells.
    default_transduced_pct = 17.0
    #: Doubling time implied by 189-fold expansion of CD8+ T cells in 21 days with anti-CD3/CD28 beads
    #: (Li and Kurlander 2010; data/culture_expansion.csv): 24 × 21 / log2(189) ≈ 67 hours.
    default_doubling_h = 67.0

    def make_controls(self) -> dict[str, widgets.ValueWidget]:
        controls = super().make_controls()
        controls["start_cells"].description = "Starting T cells"
        controls["doubling_time_h"].value = self.default_doubling_h
        controls["day"].description = "Harvest on day"
        controls["day"].tooltip = "The day the cells are harvested and frozen"
        controls["day"].value = 16
        transduced = widgets.FloatSlider(
            value=self.default_transduced_pct, min=5.0, max=100.0, step=1.0, readout_format=".0f",
            description="CAR-positive cells (%)",
            tooltip="Transduction efficiency: the share of cells that carry the CAR (the dose counts only these)")
        release = widgets.IntSlider(
            value=14, min=0, max=21, step=1, description="Release testing (days)",
            tooltip="Days of quality-control testing after harvest before the product may be shipped")
        ordered = {"start_cells": controls["start_cells"], "transduced_pct": transduced}
        ordered.update({k: v for k, v in controls.items() if k != "start_cells"})
        ordered["release_days"] = release
        return ordered

    def compute(self, **values: Any) -> ReleaseState:  # type: ignore[override]
        total = float(values["start_cells"])
        fraction = float(values["transduced_pct"]) / 100.0
        grown = super().compute(**{**values, "start_cells": total * fraction})
        release = float(values["release_days"])
        t = grown.target
        verdict = "below" if grown.cells < t.low_cells else ("above" if grown.cells > t.high_cells else "within")
        return ReleaseState(grown, total, fraction, release, grown.day + release, verdict)

    def build(self, fig: Figure) -> Scene:
        scene = super().build(fig)
        ax = scene["ax"]
        ax.set_ylabel("CAR-positive cells (log scale)")
        ax.set_xlabel("Days since the culture started")
        band = Rectangle((0, 0), 0, 1, transform=ax.get_xaxis_transform(), facecolor=ROLE["neutral"], alpha=0.18,
                         edgecolor=ROLE["neutral"], hatch="..", linewidth=1.0, zorder=1)
        ax.add_patch(band)
        ready = ax.axvline(0, color=ROLE["neutral"], linestyle="-.", linewidth=2)
        handles = [*ax.get_legend().legend_handles,
                   Patch(facecolor=ROLE["neutral"], alpha=0.18, hatch="..", edgecolor=ROLE["neutral"],
                         label="release testing"),
                   Line2D([], [], color=ROLE["neutral"], linestyle="-.", linewidth=2, label="ready to ship")]
        # The dotted curve is a later harvest, not growth during testing (the product is frozen by then).
        labels = [{"if it went on": "if harvested later"}.get(h.get_label(), h.get_label()) for h in handles]
        ax.get_legend().remove()
        legend_above(ax, handles, ncol=3, columnspacing=1.0, handlelength=1.8, fontsize=11, labels=labels)
        return Scene({**scene.handles, "release": band, "ready": ready}, [band, ready, *scene.dynamic])

    def draw(self, scene: Scene, state: ReleaseState) -> None:  # type: ignore[override]
        super().draw(scene, state.expansion)
        scene["release"].set_x(state.expansion.day)
        scene["release"].set_width(state.release_days)
        scene["ready"].set_xdata([state.ready_day, state.ready_day])
        scene["ready"].set_visible(state.ready_day <= self.max_days)

    @property
    def grown(self) -> ExpansionState:
        return self.state.expansion  # type: ignore[attr-defined]

    def readout(self) -> str:
        s: ReleaseState = self.state  # type: ignore[assignment]
        g = s.expansion
        dose = {"below": "<b>below</b> the lowest labelled dose: out of specification",
                "within": "<b>within</b> the labelled dose range",
                "above": "<b>above</b> the labelled range: one dose is taken from it"}[s.verdict]
        return (f"Harvest on day {g.day:g}: <b>{sci(g.cells)} CAR-positive cells</b>, {dose} &nbsp;·&nbsp; "
                f"ready to ship on <b>day {s.ready_day:g}</b>")

    def summary(self) -> str:
        s: ReleaseState = self.state  # type: ignore[assignment]
        g = s.expansion
        t = g.target
        dose = {"below": f"below the lowest labelled dose of {t.short_label} ({sci(t.low_cells)} cells), so the product is out of specification",
                "within": f"within the labelled dose range of {t.short_label} ({sci(t.low_cells)}–{sci(t.high_cells)} cells)",
                "above": f"above the labelled dose range of {t.short_label}, so one dose is taken from it"}[s.verdict]
        return (f"Starting from {sci(s.total_start_cells)} T cells, {100 * s.transduced:.0f} % of them CAR-positive, "
                f"that double every {g.doubling_time_h:g} hours, the culture is harvested on day {g.day:g} with "
                f"{sci(g.cells)} CAR-positive cells, {dose}; after {s.release_days:g} days of release testing the "
                f"product is ready to ship on day {s.ready_day:g}.")


def release(predict: bool = False, **initial: Any) -> ReleaseExplorer:
    """The grow-harvest-test explorer of notebook 01 (see :class:`ReleaseExplorer`); ``predict=True`` asks the
    Try-it's predictions first."""
    return ReleaseExplorer.create(predict, **initial)
