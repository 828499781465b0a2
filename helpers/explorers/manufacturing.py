"""Explorers for cell manufacturing: how long a culture needs to reach a patient's dose."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from helpers.data import DoseTarget, dose_targets
from helpers.explorers.base import Explorer, Scene
from helpers.figures.manufacturing import draw_expansion_frame, update_expansion
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
