"""Explorers for the ACT journey (notebook 01): how many enrolled patients reach infusion, and how the time
the cells take to make decides it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from helpers.data import JourneyTrial, journey_trials
from helpers.explorers.base import Explorer, Scene
from helpers.figures.journey import draw_journey_frame, update_journey
from helpers.models.journey import hazard_from_median, journey

#: SCHOLAR-1's median overall survival of refractory large B-cell lymphoma with salvage therapy, months
#: (Crump et al. 2017): the default median time to progression or death while waiting.
SCHOLAR1_MEDIAN_MONTHS = 6.3


@dataclass(frozen=True)
class VeinToVeinState:
    """One vein-to-vein calculation (fractions of the enrolled patients; days)."""

    median_months: float
    hazard_per_day: float
    wait_days: float
    failure: float
    remanufacture: bool
    bridging_hr: float
    days: np.ndarray
    outcomes: dict[str, np.ndarray]
    infused: float
    lost_disease: float
    lost_failure: float


class VeinToVeinExplorer(Explorer[VeinToVeinState]):
    """An enrolled cohort waits for its cells while the disease goes on: who is infused, who is lost, and how
    the share infused falls with the wait, beside what the pivotal trials observed."""

    title = "Vein to vein: how many enrolled patients receive their cells?"
    figsize = (10.5, 4.4)
    max_days = 180
    max_wait = 120

    def make_controls(self) -> dict[str, widgets.ValueWidget]:
        return {
            "wait_days": widgets.IntSlider(
                value=30, min=0, max=self.max_wait, step=1, description="Wait to infusion (days)",
                tooltip="Days from enrolment (or leukapheresis) to infusion when manufacturing works first time"),
            "median_months": widgets.FloatSlider(
                value=SCHOLAR1_MEDIAN_MONTHS, min=1.0, max=24.0, step=0.1, readout_format=".1f",
                description="Median months until too ill or dead",
                tooltip="How fast the disease takes patients out of the queue: median months until a patient "
                        "dies or is too ill for the infusion (default: SCHOLAR-1 overall survival, 6.3 months)"),
            "failure_pct": widgets.FloatSlider(
                value=0.0, min=0.0, max=30.0, step=1.0, readout_format=".0f",
                description="Manufacturing failure (%)", tooltip="Chance that one manufacturing run fails"),
            "remanufacture": widgets.Dropdown(
                options=[("no", False), ("yes, once", True)], value=False, description="Re-manufacture",
                tooltip="After a failed run, make the cells once more (the patient waits again)"),
            "bridging_hr": widgets.FloatSlider(
                value=1.0, min=0.25, max=1.0, step=0.05, readout_format=".2f",
                description="Bridging: hazard × (1 = none)",
                tooltip="Illustrative: bridging therapy multiplies the hazard while waiting by this factor"),
        }

    def trials(self) -> tuple[JourneyTrial, ...]:
        """The studies drawn on the figure."""
        return journey_trials()

    def compute(self, **v: Any) -> VeinToVeinState:
        h = hazard_from_median(float(v["median_months"]))
        wait = float(v["wait_days"])
        f = float(v["failure_pct"]) / 100.0
        again = bool(v["remanufacture"])
        hr = float(v["bridging_hr"])
        days = np.linspace(0.0, self.max_days, 361)
        run = journey(days, wait, h, f, again, hr)
        end = journey([2.0 * wait + 1.0], wait, h, f, again, hr)  # after everyone's last run
        outcomes = {"waiting": run.waiting, "infused": run.infused, "lost_disease": run.lost_disease,
                    "lost_failure": run.lost_failure}
        return VeinToVeinState(
            median_months=float(v["median_months"]), hazard_per_day=h, wait_days=wait, failure=f, remanufacture=again,
            bridging_hr=hr, days=days, outcomes=outcomes,
            infused=float(end.infused[0]), lost_disease=float(end.lost_disease[0]),
            lost_failure=float(end.lost_failure[0]),
        )

    def build(self, fig: Figure) -> Scene:
        ax_time = fig.add_axes((0.07, 0.14, 0.37, 0.68))
        ax_trials = fig.add_axes((0.66, 0.14, 0.32, 0.68))
        bars = [(t.short, f"{t.infused}/{t.enrolled}", 100.0 * t.fraction_infused, t.setting == "real world")
                for t in self.trials()]
        artists = draw_journey_frame(ax_time, ax_trials, self.max_days, bars)
        return Scene({"artists": artists, "outcomes": list(artists.outcomes.values()), "model": artists.model},
                     artists.dynamic())

    def draw(self, scene: Scene, state: VeinToVeinState) -> None:
        update_journey(scene["artists"], state.days, state.outcomes, state.infused)

    def readout(self) -> str:
        s = self.state
        return (f"Infused: <b>{100 * s.infused:.0f} %</b> of enrolled &nbsp;·&nbsp; lost to the disease while waiting: "
                f"<b>{100 * s.lost_disease:.0f} %</b> &nbsp;·&nbsp; lost to manufacturing failure: "
                f"<b>{100 * s.lost_failure:.0f} %</b>")

    def summary(self) -> str:
        s = self.state
        setting = (f"With a median of {s.median_months:.1f} months until too ill or dead, a {s.wait_days:.0f}-day wait, "
                   f"{100 * s.failure:.0f} % manufacturing failure"
                   f"{' with one re-manufacture' if s.remanufacture else ''}"
                   f"{f' and bridging that multiplies the hazard by {s.bridging_hr:.2f}' if s.bridging_hr < 1 else ''}")
        trials = "; ".join(f"{t.short} {100 * t.fraction_infused:.0f} %" for t in self.trials())
        return (f"{setting}, {100 * s.infused:.0f} % of enrolled patients are infused, "
                f"{100 * s.lost_disease:.0f} % are lost to the disease while waiting and {100 * s.lost_failure:.0f} % "
                f"to manufacturing failure. The right panel compares that share with the share of enrolled patients "
                f"infused in each study ({trials}).")


def vein_to_vein(predict: bool = False, **initial: Any) -> VeinToVeinExplorer:
    """The vein-to-vein explorer of notebook 01 (see :class:`VeinToVeinExplorer`); ``predict=True`` asks the
    Try-it's predictions first."""
    return VeinToVeinExplorer.create(predict, **initial)
