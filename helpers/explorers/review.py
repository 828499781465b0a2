"""The capstone explorer of notebook 09: design a therapy for a patient and read what the course's models say.

Every number comes from :func:`helpers.capstone.design_therapy`, which calls the models of notebooks 01, 02, 06b and
07; this module only draws. Left: the chain step by step (share of tumour cells the cells see, share of enrolled patients who
reached infusion in the trial, and P(response) among those infused, against the 50 % the design needs). Right: notebook 06b's two curves for
this design against dose, with the doses that meet the patient's limits shaded.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from helpers.capstone import CASES, DOSE_RANGE, REQUIRED_RESPONSE, TherapyReport, design_therapy
from helpers.explorers.base import Explorer, Scene, log_slider
from helpers.figures.killing import flatten
from helpers.figures.recognition import Changing
from helpers.figures.style import OKABE_ITO, ROLE, legend_above
from helpers.figures.toxicity import draw_dose_panel, set_band
from helpers.models.types import CELL_TYPES
from helpers.text import sci

#: The bars of the left panel, top to bottom.
BARS = ("Tumour cells seen", "Reach infusion (trial)", "Respond, if infused")


@dataclass
class CapstoneArtists(Changing):
    bars: list  # one Rectangle per bar
    response: Any
    severe: Any
    window: Any
    dose: Any
    dose_response: Any
    dose_severe: Any
    limit: Any


@dataclass(frozen=True)
class CapstoneState:
    report: TherapyReport
    doses: np.ndarray
    response_curve: np.ndarray | None
    severe_curve: np.ndarray | None


class CapstoneExplorer(Explorer[CapstoneState]):
    """A therapy design for one of three patients: eligibility, response, severe CRS and cost, each from the notebook
    that owns the model."""

    title = "Capstone: design a therapy for this patient"
    figsize = (10.0, 4.6)

    def make_controls(self) -> dict[str, widgets.ValueWidget]:
        return {
            "case": widgets.Dropdown(options=[(c.title, k) for k, c in CASES.items()], value="Ana",
                                     description="Patient", tooltip="The patient you are designing for"),
            "cell_type": widgets.Dropdown(options=list(CELL_TYPES), value="CAR-T", description="Cell type",
                                          tooltip="Which kind of cell to give (notebook 02)"),
            "kd_m": log_slider(1e-8, -10, -6, 0.1, "CAR K_D (M)", "Binding strength of the CAR (lower = tighter); "
                               "used for CAR-T cells"),
            "dose": log_slider(1.0, -1, 1, 0.05, "Dose (× reference)", "CAR-T cells given, relative to notebook 06b's "
                               "reference dose", ".2g"),
            "bridging": widgets.Dropdown(options=[("no", False), ("yes: halves the burden", True)], value=False,
                                         description="Bridging", tooltip="Therapy given while the cells are made, to "
                                         "shrink the tumour before infusion"),
        }

    def compute(self, **v: Any) -> CapstoneState:
        report = design_therapy(v["case"], v["cell_type"], float(v["kd_m"]), float(v["dose"]), bool(v["bridging"]))
        c = report.curves
        if c is None:
            return CapstoneState(report, np.empty(0), None, None)
        return CapstoneState(report, c.doses, c.response, c.severe_crs)

    def build(self, fig: Figure) -> Scene:
        ax_bars = fig.add_axes((0.23, 0.14, 0.24, 0.68))
        ax_bars.set_xlim(0, 100)
        ax_bars.set_ylim(-0.6, len(BARS) - 0.4)
        ax_bars.set_yticks(range(len(BARS)), BARS)
        ax_bars.invert_yaxis()
        ax_bars.set_xlabel("Share (%)")
        ax_bars.set_title("Step by step", fontsize=12, loc="left")
        colours = (ROLE["therapy"], ROLE["neutral"], OKABE_ITO["reddish_purple"])
        bars = list(ax_bars.barh(range(len(BARS)), [0] * len(BARS), color=colours, height=0.6))
        # The 50 % the design needs, drawn across the response bar only.
        ax_bars.plot([50, 50], [len(BARS) - 1.45, len(BARS) - 0.55], color="black", linestyle=":", linewidth=1.5)

        ax = fig.add_axes((0.56, 0.14, 0.39, 0.66))
        window, response, severe, dose, dose_response, dose_severe = draw_dose_panel(
            ax, DOSE_RANGE, xlabel="CAR-T dose (× reference, log)", window_label="Meets both limits",
            severe_label="Severe CRS")
        ax.axhline(REQUIRED_RESPONSE, color=ROLE["therapy"], linestyle=":", linewidth=1.2, label="Need ≥ 50 %")
        limit = ax.axhline(0.2, color=ROLE["tumour"], linestyle=":", linewidth=1.2, label="CRS limit")
        dose.set_label("Chosen dose")
        legend_above(ax, ncol=3, columnspacing=0.8, handlelength=1.6, fontsize=10)
        artists = CapstoneArtists(bars, response, severe, window, dose, dose_response, dose_severe, limit)
        return Scene({"a": artists}, flatten(artists))

    def draw(self, scene: Scene, s: CapstoneState) -> None:
        a: CapstoneArtists = scene["a"]
        r = s.report
        responding = r.response if r.response is not None else 0.0
        for bar, value in zip(a.bars, (r.tumour_seen, r.infused_share if r.product else 0.0, responding)):
            bar.set_width(100 * value)
        a.limit.set_ydata([r.case.accepted_severe] * 2)
        modelled = s.response_curve is not None and s.severe_curve is not None
        for artist in (a.response, a.severe, a.dose_response, a.dose_severe, a.dose):
            artist.set_visible(modelled)
        a.window.set_visible(modelled and r.window is not None)
        a.limit.set_visible(modelled)
        if not modelled:
            return
        a.response.set_data(s.doses, s.response_curve)
        a.severe.set_data(s.doses, s.severe_curve)
        a.dose.set_xdata([r.dose, r.dose])
        a.dose_response.set_data([r.dose], [r.response])
        a.dose_severe.set_data([r.dose], [r.severe_crs])
        if r.window is not None:
            set_band(a.window, r.window[0], r.window[1], 0, 1.02)

    # ----------------------------------------------------------------------------------------------
    def _verdict(self) -> str:
        r = self.state.report
        if not r.product:
            return f"not possible: {r.why_not}"
        if r.tumour_seen < 0.5:
            return f"{r.product} would not see this tumour ({r.seen_because})"
        if r.response is None or r.severe_crs is None:
            return f"{r.product}: no response or CRS model for this cell type"
        ok_r = round(100 * r.response) >= round(100 * REQUIRED_RESPONSE)
        ok_s = round(100 * r.severe_crs) <= round(100 * r.case.accepted_severe)
        if ok_r and ok_s:
            return "meets both limits"
        if not ok_r and not ok_s:
            return "too little response and too much risk"
        return "too little response" if not ok_r else f"too much severe-CRS risk for {r.case.key}"

    def _window_text(self) -> str:
        r = self.state.report
        if r.window is None:
            return "no dose meets both limits"
        return f"doses {r.window[0]:.2g}–{r.window[1]:.2g}× meet both limits"

    def readout(self) -> str:
        r = self.state.report
        burden = (f"burden {r.case.burden:.2g}× → {r.burden:.2g}× after bridging" if r.bridging
                  else f"burden {r.burden:.2g}×")
        head = (f"<b>{r.case.key}</b> ({r.case.target}, {burden}, accepts P(severe CRS) ≤ "
                f"{r.case.accepted_severe:.0%}) · <b>{r.cell_type}</b>: {self._verdict()}")
        if r.response is None or r.severe_crs is None or r.cost_responder is None:
            return f"{head}<br>Sees {r.tumour_seen:.0%} of tumour cells."
        enrolled = f" ({r.response_enrolled:.0%} of all enrolled)" if r.response_enrolled is not None else ""
        return (f"{head}<br>Sees {r.tumour_seen:.0%} of tumour cells · {r.infused_share:.0%} of enrolled reached "
                f"infusion in {r.case.trial} · model P(response) <b>{r.response:.0%}</b>{enrolled} · P(severe CRS) "
                f"<b>{r.severe_crs:.0%}</b> · {self._window_text()}<br>{r.product}: ${r.price:,.0f} at launch · "
                f"about <b>${round(r.cost_responder, -3):,.0f} per responder</b>{self._stand_in()}")

    def _stand_in(self) -> str:
        r = self.state.report
        if abs(math.log10(r.kd_m) + 8.0) < 0.05:
            return ""
        return f" (a CAR with K_D {sci(r.kd_m)} M is hypothetical: {r.product.split(' (')[0]}'s price and trial stand in)"

    def summary(self) -> str:
        r = self.state.report
        if r.response is None or r.severe_crs is None:
            return (f"For {r.case.key}, {r.cell_type} cells: {self._verdict()}. They would see {r.tumour_seen:.0%} of "
                    f"the tumour cells; the dose curves are empty.")
        return (f"For {r.case.key}, CAR-T cells with K_D {sci(r.kd_m)} M at {r.dose:.2g} times the reference dose"
                f"{' after bridging' if r.bridging else ''}: P(response) {r.response:.0%} and P(severe CRS) "
                f"{r.severe_crs:.0%} ({self._verdict()}); {self._window_text()}.")


def capstone(predict: bool = False, **initial: Any) -> CapstoneExplorer:
    """The capstone explorer of notebook 09 (see :class:`CapstoneExplorer`). ``predict=True`` asks its Try-it's
    predictions first."""
    return CapstoneExplorer.create(predict, **initial)


__all__ = ["CapstoneExplorer", "capstone"]
