"""Explorers for side effects: CRS with interventions, ASTCT grading, the therapeutic window, B-cell aplasia."""

from __future__ import annotations

import html
from dataclasses import dataclass
from collections.abc import Mapping
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from helpers.explorers.base import Explorer, Scene, log_slider
from helpers.figures.killing import flatten
from helpers.figures.toxicity import (
    INTERVENTIONS,
    crs_legend,
    draw_b_cell_frame,
    draw_crs_frame,
    draw_grading_frame,
    draw_window_frame,
    months,
    set_band,
    set_ladder,
)
from helpers.models.toxicity import (
    CONSCIOUSNESS,
    FEVER_C,
    HYPOTENSION,
    HYPOXIA,
    MOTOR,
    ONSET_LEVEL,
    RAISED_ICP,
    SEIZURE,
    SEVERE_LEVEL,
    TUMOUR_FLOOR,
    BCellRun,
    CrsRun,
    Grading,
    WindowCurves,
    crs_assessment,
    icans_assessment,
    pareto_front,
    simulate_b_cells,
    simulate_crs,
    window_curves,
)
from helpers.text import sci

#: The "not given" option of a treatment dropdown. A real value, not None: ipywidgets shows a dropdown whose
#: value is None as blank (None means "nothing selected").
NOT_GIVEN = "not given"
_DAYS = [("not given", NOT_GIVEN)] + [(f"day {d:g}", float(d)) for d in (0.5, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14)]


def _day_dropdown(description: str, tooltip: str) -> widgets.Dropdown:
    return widgets.Dropdown(options=_DAYS, value=NOT_GIVEN, description=description, tooltip=tooltip)


def _day(value: Any) -> float | None:
    """A treatment dropdown's value as a day, or None when not given."""
    return None if value == NOT_GIVEN else float(value)


# --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CrsState:
    run: CrsRun
    given: dict[str, float]  # intervention -> day


class CrsExplorer(Explorer[CrsState]):
    """CRS after infusion (illustrative model) with tocilizumab, steroids and a safety switch."""

    title = "Cytokine release after a CAR-T infusion, and what treating it does (illustrative model)"
    figsize = (9.5, 7.2)
    days = 28.0
    cell_limits = (1e-6, 1e3)
    il6_limits = (1.0, 1e4)
    tox_max = 9.0
    #: The legend lists only the treatments given, so it is background that changes with these controls.
    background_controls = ("tocilizumab", "steroids", "switch")

    def make_controls(self) -> dict[str, widgets.ValueWidget]:
        return {
            "dose": log_slider(1.0, -1, 1, 0.05, "CAR-T dose (× reference)", "Cells infused, relative to a reference "
                               "dose", ".2g"),
            "burden": log_slider(1.0, -1, 1, 0.05, "Tumour burden (× reference)", "Tumour at infusion, relative to "
                                 "a reference burden", ".2g"),
            "tocilizumab": _day_dropdown("Tocilizumab on", "Blocks the IL-6 receptor from this day on: signalling "
                                         "falls, serum IL-6 rises"),
            "steroids": _day_dropdown("Steroids from", "A 3-day corticosteroid course starting this day"),
            "switch": _day_dropdown("Safety switch on", "Dimeriser drug that triggers inducible caspase-9: removes "
                                    "90 % of CAR-T cells within 30 minutes"),
        }

    def background_key(self, values: Mapping[str, Any]) -> Any:
        """The legend depends on which treatments are given, not on their days: 8 backgrounds at most."""
        return tuple(values[name] != NOT_GIVEN for name in self.background_controls)

    def compute(self, **v: Any) -> CrsState:
        days = {name: _day(v[name]) for name in ("tocilizumab", "steroids", "switch")}
        run = simulate_crs(v["dose"], v["burden"], tocilizumab_day=days["tocilizumab"], steroid_day=days["steroids"],
                           switch_day=days["switch"], days=self.days, samples_per_day=8)
        return CrsState(run, {name: day for name, day in days.items() if day is not None})

    def build(self, fig: Figure) -> Scene:
        ax_cells = fig.add_axes((0.13, 0.66, 0.84, 0.25))
        ax_il6 = fig.add_axes((0.13, 0.37, 0.84, 0.25))
        ax_tox = fig.add_axes((0.13, 0.08, 0.84, 0.25))
        artists = draw_crs_frame(ax_cells, ax_il6, ax_tox, self.days, self.cell_limits, self.il6_limits,
                                 self.tox_max, ONSET_LEVEL, SEVERE_LEVEL)
        return Scene({"a": artists, "fig": fig}, flatten(artists))

    def draw(self, scene: Scene, s: CrsState) -> None:
        a = scene["a"]
        r = s.run
        a.tumour.set_data(r.days, np.where(r.tumour > TUMOUR_FLOOR, r.tumour, np.nan))
        a.car_t.set_data(r.days, np.clip(r.car_t, self.cell_limits[0], None))
        a.il6.set_data(r.days, r.il6)
        a.toxicity.set_data(r.days, np.minimum(r.toxicity, self.tox_max))
        onset = r.onset_day
        a.onset.set_data(([onset], [ONSET_LEVEL]) if onset is not None else ([], []))
        for i, name in enumerate(INTERVENTIONS):
            day = s.given.get(name)
            for marker in a.markers[3 * i: 3 * i + 3]:
                marker.set_visible(day is not None)
                if day is not None:
                    marker.set_xdata([day, day])
        if getattr(self, "_legend_for", None) != sorted(s.given):
            crs_legend(scene["fig"], a, sorted(s.given))
            self._legend_for = sorted(s.given)

    def _efficacy(self) -> str:
        r = self.state.run
        if r.tumour[-1] <= TUMOUR_FLOOR:
            return "tumour is below 10⁻⁶ of the reference burden by day 28"
        reduction = r.tumour_log_reduction
        if reduction <= 0:
            return "tumour is not reduced by day 28"
        return f"tumour is down {reduction:.1f} logs by day 28"

    def readout(self) -> str:
        r = self.state.run
        onset = f"onset day {r.onset_day:g}" if r.onset_day is not None else "no CRS (index stays below 1)"
        severe = (f"<b>severe for {r.severe_days:.1f} days</b>" if r.severe_days > 0 else "never severe")
        return (f"{onset} · peak {r.peak_toxicity:.1f} on day {r.peak_day:.1f} · {severe} · "
                f"serum IL-6 peak {r.peak_il6:.0f}× baseline · "
                f"CAR-T peak {r.car_t.max():.0f}× the reference dose · {self._efficacy()}")

    def summary(self) -> str:
        r = self.state.run
        given = ", ".join(f"{INTERVENTIONS[n][0].lower()} on day {d:g}"
                          for n, d in self.state.given.items()) or "no treatment for CRS"
        onset = f"starts on day {r.onset_day:g}" if r.onset_day is not None else "never reaches the CRS level"
        return (f"With {given}, IL-6 signalling (the toxicity index) {onset} and peaks at {r.peak_toxicity:.1f} on day "
                f"{r.peak_day:.1f} (severe from {SEVERE_LEVEL:g}); serum IL-6 peaks at {r.peak_il6:.0f} times baseline; "
                f"CAR-T cells peak at {r.car_t.max():.0f} times the reference dose and the {self._efficacy()}.")


# --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class GradingState:
    crs: Grading
    icans: Grading


_CRS_LABELS = ["Fever", "Hypotension", "Hypoxia"]
_ICANS_LABELS = ["ICE score", "Consciousness", "Seizure", "Motor findings", "Raised ICP / oedema"]


def _choice(options: tuple[str, ...], description: str, tooltip: str, value: int = 0) -> widgets.Dropdown:
    return widgets.Dropdown(options=list(options), value=options[value], description=description, tooltip=tooltip,
                            layout=widgets.Layout(width="720px"))


class GradingExplorer(Explorer[GradingState]):
    """A form: enter bedside findings, get the ASTCT CRS and ICANS grades and the criterion that set each."""

    title = "Grading CRS and ICANS at the bedside (ASTCT consensus, Lee et al. 2019)"
    figsize = (9.5, 4.6)

    def __init__(self, **initial: Any) -> None:
        super().__init__(**initial)
        box = self.controls["after_therapy"]  # a checkbox label reads on one line, not in the label column
        box.style.description_width = "initial"
        box.layout.width = "720px"

    def make_controls(self) -> dict[str, widgets.ValueWidget]:
        return {
            "temperature_c": widgets.FloatSlider(value=38.6, min=35.0, max=41.5, step=0.1,
                                                 description="Temperature (°C)", tooltip="Highest temperature",
                                                 readout_format=".1f"),
            "after_therapy": widgets.Checkbox(value=False, description="CRS already treated (antipyretic or "
                                              "anticytokine therapy, e.g. tocilizumab or steroids)",
                                              tooltip="Once CRS has been treated, fever is no longer needed to grade it",
                                              indent=False),
            "hypotension": _choice(HYPOTENSION, "Hypotension", "Systolic blood pressure < 90 mm Hg and what it needs",
                                   value=1),
            "hypoxia": _choice(HYPOXIA, "Hypoxia", "Oxygen support needed"),
            "ice_score": widgets.IntSlider(value=8, min=0, max=10, step=1, description="ICE score (0–10)",
                                           tooltip="Orientation 4, naming 3, commands 1, writing 1, attention 1"),
            "consciousness": _choice(CONSCIOUSNESS, "Consciousness", "Depressed level of consciousness", value=1),
            "seizure": _choice(SEIZURE, "Seizure", "Clinical or EEG seizures"),
            "motor": _choice(MOTOR, "Motor findings", "Tremor and myoclonus do not count"),
            "raised_icp": _choice(RAISED_ICP, "Raised ICP / oedema", "Neuroimaging and signs of raised pressure"),
        }

    def layout_controls(self) -> widgets.Widget:
        c = self.controls
        crs = widgets.VBox([widgets.HTML("<b>CRS findings</b>"), c["temperature_c"], c["after_therapy"],
                            c["hypotension"], c["hypoxia"]])
        icans = widgets.VBox([widgets.HTML("<b>ICANS findings</b>"), c["ice_score"], c["consciousness"],
                              c["seizure"], c["motor"], c["raised_icp"]])
        return widgets.VBox([crs, icans])

    def compute(self, **v: Any) -> GradingState:
        crs = crs_assessment(v["temperature_c"], v["hypotension"], v["hypoxia"], bool(v["after_therapy"]))
        icans = icans_assessment(v["ice_score"], v["consciousness"], v["seizure"], v["motor"], v["raised_icp"])
        return GradingState(crs, icans)

    def build(self, fig: Figure) -> Scene:
        ax_crs = fig.add_axes((0.17, 0.42, 0.29, 0.5))
        ax_icans = fig.add_axes((0.69, 0.42, 0.28, 0.5))
        ax_temp = fig.add_axes((0.17, 0.14, 0.29, 0.07))
        ax_ice = fig.add_axes((0.69, 0.14, 0.28, 0.07))
        limits = (self.controls["temperature_c"].min, self.controls["temperature_c"].max)
        artists = draw_grading_frame(ax_crs, ax_icans, ax_temp, ax_ice, _CRS_LABELS, _ICANS_LABELS, limits, FEVER_C)
        return Scene({"a": artists}, flatten(artists))

    def draw(self, scene: Scene, s: GradingState) -> None:
        a = scene["a"]
        v = self.values
        a.temperature.set_width(v["temperature_c"] - a.temperature.get_x())
        a.ice.set_width(v["ice_score"])
        set_ladder(a.crs_bars, a.crs_total, list(s.crs.criteria.values()), s.crs.grade)
        set_ladder(a.icans_bars, a.icans_total, list(s.icans.criteria.values()), s.icans.grade)

    def readout(self) -> str:
        s = self.state
        findings = self._findings()
        return (f"{html.escape(findings[0].upper() + findings[1:])}<br>"
                f"<b>CRS grade {s.crs.grade}</b>: {html.escape(s.crs.explain())}<br>"
                f"<b>ICANS grade {s.icans.grade}</b>: {html.escape(s.icans.explain())}")

    def _findings(self) -> str:
        v = self.values
        fever = "fever" if v["temperature_c"] >= 38.0 else "no fever"
        therapy = "CRS already treated" if v["after_therapy"] else "CRS not yet treated"
        return (f"temperature {v['temperature_c']:.1f} °C ({fever}, {therapy}), "
                f"ICE score {v['ice_score']}")

    def summary(self) -> str:
        s = self.state
        return f"With {self._findings()} — CRS: {s.crs.explain()} ICANS: {s.icans.explain()}"


# --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class WindowState:
    curves: WindowCurves
    dose: float
    at_response: float
    at_severe: float
    required: float
    accepted: float
    front_risk: np.ndarray  # the Pareto front over every (binder, dose) option, sorted by risk
    front_response: np.ndarray
    best: tuple[float, float, float] | None  # (K_D, dose, P(response)) of the best option within the risk limit


class WindowExplorer(Explorer[WindowState]):
    """Response and severe-CRS probability against dose: the therapeutic window and the trade-off curve."""

    title = "The therapeutic window: response versus severe CRS (illustrative curves)"
    figsize = (10.0, 4.8)
    dose_limits = (0.01, 100.0)
    doses = np.geomspace(0.01, 100.0, 241)
    #: The binders compared in the Pareto view (K_D in M), one per decade of the K_D slider.
    binders = (1e-10, 1e-9, 1e-8, 1e-7, 1e-6)
    front_doses = np.geomspace(0.01, 100.0, 81)

    def make_controls(self) -> dict[str, widgets.ValueWidget]:
        return {
            "dose": log_slider(1.0, -2, 2, 0.05, "Dose (× reference)", "The dose you would give", ".2g"),
            "kd_m": log_slider(1e-8, -10, -6, 0.1, "CAR K_D (M)", "Binding strength of the CAR (lower = tighter)"),
            "healthy_median": log_slider(1e2, 1, 4, 0.1, "Antigen on healthy cells", "Median target molecules per "
                                         "healthy cell (on-target, off-tumour)", ".2g"),
            "burden": log_slider(1.0, -1, 1, 0.05, "Tumour burden (× reference)", "More tumour: more activation, "
                                 "more CRS", ".2g"),
            "required": widgets.FloatSlider(value=0.5, min=0.2, max=0.9, step=0.05, description="Need P(response) ≥",
                                            tooltip="Lowest response probability worth treating for"),
            "accepted": widgets.FloatSlider(value=0.2, min=0.02, max=0.5, step=0.01, description="Accept P(severe) ≤",
                                            tooltip="Highest severe-CRS risk you accept"),
        }

    def compute(self, **v: Any) -> WindowState:
        curves = window_curves(self.doses, v["kd_m"], v["healthy_median"], v["burden"], v["required"], v["accepted"])
        log_dose, log_grid = np.log(v["dose"]), np.log(self.doses)  # read the curves at the chosen dose
        at_response = float(np.interp(log_dose, log_grid, curves.response))
        at_severe = float(np.interp(log_dose, log_grid, curves.severe_crs))
        options = [window_curves(self.front_doses, kd, v["healthy_median"], v["burden"]) for kd in self.binders]
        risk = np.concatenate([o.severe_crs for o in options])
        response = np.concatenate([o.response for o in options])
        on_front = pareto_front(risk, response)
        order = np.argsort(risk[on_front])
        allowed = np.flatnonzero(risk <= v["accepted"])
        best = None
        if allowed.size:
            i = allowed[np.argmax(response[allowed])]
            best = (self.binders[i // self.front_doses.size], float(self.front_doses[i % self.front_doses.size]),
                    float(response[i]))
        return WindowState(curves, v["dose"], at_response, at_severe, v["required"],
                           v["accepted"], risk[on_front][order], response[on_front][order], best)

    def build(self, fig: Figure) -> Scene:
        ax_dose = fig.add_axes((0.08, 0.12, 0.5, 0.74))
        ax_pareto = fig.add_axes((0.69, 0.12, 0.29, 0.66))
        artists = draw_window_frame(ax_dose, ax_pareto, self.dose_limits)
        return Scene({"a": artists}, flatten(artists))

    def draw(self, scene: Scene, s: WindowState) -> None:
        a = scene["a"]
        c = s.curves
        a.response.set_data(c.doses, c.response)
        a.severe.set_data(c.doses, c.severe_crs)
        if c.window is None:
            a.window.set_visible(False)
        else:
            a.window.set_visible(True)
            set_band(a.window, c.window[0], c.window[1], 0, 1.02)
        a.dose.set_xdata([s.dose, s.dose])
        a.dose_response.set_data([s.dose], [s.at_response])
        a.dose_severe.set_data([s.dose], [s.at_severe])
        a.pareto.set_data(c.severe_crs, c.response)
        a.pareto_mark.set_data([s.at_severe], [s.at_response])
        set_band(a.acceptable, 0, s.accepted, s.required, 1.02)
        a.front.set_data(s.front_risk, s.front_response)

    def _verdict(self) -> str:
        # Judged on the whole percentages the readout shows: 10 % is within "at most 10 %".
        s = self.state
        ok_r = round(100 * s.at_response) >= round(100 * s.required)
        ok_s = round(100 * s.at_severe) <= round(100 * s.accepted)
        if ok_r and ok_s:
            return "inside the window"
        if not ok_r and not ok_s:
            return "too little response and too much risk"
        return "too little response" if not ok_r else "too much severe-CRS risk"

    def _window_text(self) -> str:
        w = self.state.curves.window
        if w is None:
            return "no dose meets both limits"
        if w[1] / w[0] < 1.05:
            return f"only {w[0]:.2g} times the reference dose meets both limits, with no margin"
        return f"the window runs from {w[0]:.2g} to {w[1]:.2g} times the reference dose"

    def readout(self) -> str:
        s = self.state
        return (f"At {s.dose:.2g}×: P(response) <b>{s.at_response:.0%}</b>, P(severe CRS) <b>{s.at_severe:.0%}</b> "
                f"— {self._verdict()} · <b>{self._window_text()}</b> · healthy cells hit: "
                f"{s.curves.healthy_recognised:.0%}<br>{self._best()}")

    def _best(self) -> str:
        s = self.state
        if s.best is None:
            return f"No binder and dose keeps P(severe CRS) ≤ {s.accepted:.0%}."
        kd, dose, response = s.best
        return (f"Best of 5 binders within P(severe CRS) ≤ {s.accepted:.0%}: K_D {sci(kd)} M at {dose:.2g}× "
                f"the dose, P(response) {response:.0%}.")

    def summary(self) -> str:
        s = self.state
        return (f"Both curves rise with dose; {self._window_text()}. At {s.dose:.2g} times the reference dose the chance of "
                f"response is {s.at_response:.0%} and of severe CRS {s.at_severe:.0%} ({self._verdict()}). "
                f"{self._best()}")


# --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class BCellState:
    run: BCellRun
    recovery_day: float | None


class BCellExplorer(Explorer[BCellState]):
    """Healthy B cells under CD19 CAR-T cells: aplasia while CAR-T cells persist, recovery after."""

    title = "On target, off tumour: B-cell aplasia under CD19 CAR-T cells"
    figsize = (9.0, 4.3)
    days = 730.0
    car_limits = (1e5, 1e12)

    def make_controls(self) -> dict[str, widgets.ValueWidget]:
        return {
            "half_life_days": log_slider(30.0, 0.5, 3, 0.05, "CAR-T half-life (days)", "How long CAR-T cells "
                                         "persist after their peak", ".3g"),
            "peak_car_t": log_slider(1e10, 8, 11, 0.1, "Peak CAR-T cells", "CAR-T cells in the body at the peak"),
            "renewal": log_slider(0.02, -2.5, -1, 0.05, "B-cell renewal (1/day)", "How fast new B cells replace "
                                  "lost ones; 0.02 is the order of blood B-cell division in healthy adults", ".2g"),
        }

    def compute(self, **v: Any) -> BCellState:
        run = simulate_b_cells(v["peak_car_t"], v["half_life_days"], v["renewal"], self.days, samples=366)
        return BCellState(run, run.recovery_day(0.5))

    def build(self, fig: Figure) -> Scene:
        ax = fig.add_axes((0.1, 0.14, 0.76, 0.74))
        artists = draw_b_cell_frame(ax, months(self.days), self.car_limits)
        return Scene({"a": artists}, flatten(artists))

    def draw(self, scene: Scene, s: BCellState) -> None:
        a = scene["a"]
        m = months(s.run.days)
        a.b_cells.set_data(m, 100 * s.run.b_cells)
        a.car_t.set_data(m, np.clip(s.run.car_t, self.car_limits[0] * 0.5, None))
        a.recovery.set_data(([months(s.recovery_day)], [50.0]) if s.recovery_day is not None else ([], []))

    def readout(self) -> str:
        s = self.state
        nadir = 100 * float(s.run.b_cells.min())
        back = (f"back to 50 % after <b>{months(s.recovery_day):.1f} months</b>" if s.recovery_day is not None
                else "<b>not back to 50 % within 2 years</b>")
        return f"Lowest B cells {nadir:.1f} % of normal · {back}"

    def summary(self) -> str:
        s = self.state
        nadir = 100 * float(s.run.b_cells.min())
        back = (f"recover to half of normal after {months(s.recovery_day):.1f} months" if s.recovery_day is not None
                else "stay below half of normal for the 2 years shown")
        return (f"With CAR-T cells peaking at {sci(self.values['peak_car_t'])} and a half-life of "
                f"{self.values['half_life_days']:.3g} days, healthy B cells fall to {nadir:.1f} % of normal and {back}.")


# --------------------------------------------------------------------------------------------------
def crs_explorer(predict: bool = False, **initial: Any) -> CrsExplorer:
    """CRS time-course explorer of notebook 06. ``predict=True`` asks its Try-it's predictions first."""
    return CrsExplorer.create(predict, **initial)


def grading_explorer(predict: bool = False, **initial: Any) -> GradingExplorer:
    """ASTCT grading form of notebook 06. ``predict=True`` asks its Try-it's predictions first."""
    return GradingExplorer.create(predict, **initial)


def window_explorer(predict: bool = False, **initial: Any) -> WindowExplorer:
    """Therapeutic-window explorer of notebook 06b. ``predict=True`` asks its Try-it's predictions first."""
    return WindowExplorer.create(predict, **initial)


def b_cell_explorer(predict: bool = False, **initial: Any) -> BCellExplorer:
    """B-cell aplasia explorer of notebook 06b. ``predict=True`` asks its Try-it's predictions first."""
    return BCellExplorer.create(predict, **initial)


__all__ = ["BCellExplorer", "CrsExplorer", "GradingExplorer", "WindowExplorer", "b_cell_explorer", "crs_explorer",
           "grading_explorer", "window_explorer"]
