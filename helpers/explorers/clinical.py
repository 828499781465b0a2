"""Explorers for clinical applications (notebook 05): what the pivotal trials report and for whom, how long
remissions last, how CAR-T cells expand and persist, and why a trial's rate is a sample."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from helpers.data import TRIAL_GROUPS, TrialResult, crs_trials, journey_trials, landmark_series, trial_results
from helpers.explorers.base import Explorer, Scene, log_slider
from helpers.figures.layout import BACKGROUND
from helpers.figures.style import OKABE_ITO, ROLE, legend_above, log_axis
from helpers.models.clinical import CureFit, cure_interval, fit_cure, proportion_interval, sample_rates
from helpers.models.journey import intention_to_treat
from helpers.models.kinetics import STEIN_2019, KineticsParams
from helpers.models.trial import (
    BURDEN_MEDIAN_CELLS, GROWTH_PER_DAY, KILL_PER_EXPOSURE, PatientCourse, VirtualTrial, patient_course,
    simulate_trial,
)
from helpers.text import sci

# --------------------------------------------------------------------------------------------------
# 1. The pivotal trials

#: Disease groups, in the order of the dropdown.
GROUPS = TRIAL_GROUPS
#: Most rows any group shows.
MAX_ROWS = 8


@dataclass(frozen=True)
class TrialsState:
    group: str
    endpoint: str  # "ORR" or "CR"
    per_enrolled: bool
    rows: tuple[TrialResult, ...]
    rates: tuple[float | None, ...]  # percent, per the chosen denominator (None: not reported)
    intervals: tuple[tuple[float, float] | None, ...]  # 95 % Wilson interval, percent
    denominators: tuple[int | None, ...]


class TrialsExplorer(Explorer[TrialsState]):
    """Response rates of the pivotal trials of the approved products, by disease, with the denominator each
    rate uses always on screen, and the same responders counted against everyone enrolled."""

    title = "The pivotal trials: who responded, out of whom?"
    figsize = (10.5, 4.6)
    background_controls = ("group",)

    def make_controls(self) -> dict[str, widgets.ValueWidget]:
        return {
            "group": widgets.Dropdown(options=list(GROUPS), value="large B-cell lymphoma", description="Disease",
                                      tooltip="Which disease's pivotal trials to show"),
            "endpoint": widgets.Dropdown(options=[("overall response (ORR)", "ORR"), ("complete response (CR)", "CR")],
                                         value="ORR", description="Endpoint",
                                         tooltip="Overall response = complete + partial; complete = no detectable disease "
                                                 "by the trial's criteria"),
            "per_enrolled": widgets.Dropdown(options=[("as published", False), ("per enrolled patient", True)],
                                             value=False, description="Denominator",
                                             tooltip="As published, or the same responders divided by everyone enrolled "
                                                     "(where the trial reports how many were enrolled)"),
        }

    def rows_for(self, group: str) -> tuple[TrialResult, ...]:
        return tuple(r for r in trial_results() if r.group == group)[:MAX_ROWS]

    def compute(self, **v: Any) -> TrialsState:
        group, endpoint, per_enrolled = str(v["group"]), str(v["endpoint"]), bool(v["per_enrolled"])
        rows = self.rows_for(group)
        rates, intervals, denominators = [], [], []
        for r in rows:
            pct = r.orr_pct if endpoint == "ORR" else r.cr_pct
            if pct is None or (per_enrolled and r.n_enrolled is None):
                rates.append(None)
                intervals.append(None)
                denominators.append(None)
                continue
            responders = round(pct / 100.0 * r.n_analysed)
            n = r.n_enrolled if per_enrolled else r.n_analysed
            assert n is not None
            rate = 100.0 * intention_to_treat(pct / 100.0, r.n_analysed / n) if per_enrolled else pct
            low, high = proportion_interval(min(responders, n), n)
            rates.append(rate)
            intervals.append((100.0 * low, 100.0 * high))
            denominators.append(n)
        return TrialsState(group, endpoint, per_enrolled, rows, tuple(rates), tuple(intervals), tuple(denominators))

    def build(self, fig: Figure) -> Scene:
        from matplotlib.patches import Patch

        ax = fig.add_axes((0.36, 0.13, 0.62, 0.70))
        ax.set_xlim(0, 100)
        ax.set_xticks(np.arange(0, 101, 20))
        ax.set_xlabel("patients with the response (%), with 95 % interval")
        ax.grid(axis="y", visible=False)
        y = np.arange(MAX_ROWS)[::-1].astype(float)
        bars = ax.barh(y, np.zeros(MAX_ROWS), height=0.55, color=ROLE["therapy"], animated=True, label="rate")
        errs = [ax.plot([0, 0], [yy, yy], color="black", lw=1.6, animated=True)[0] for yy in y]
        legend_above(ax, handles=[Patch(color=ROLE["therapy"], label="read in the paper or FDA review"),
                                  Patch(color=OKABE_ITO["sky_blue"], label="read only in a secondary summary")],
                     ncol=2, fontsize=11)
        return Scene({"ax": ax, "bars": list(bars), "errs": errs, "y": y, "group": [None]}, [*bars, *errs])

    def draw(self, scene: Scene, state: TrialsState) -> None:
        ax, y, k = scene["ax"], scene["y"], len(state.rows)
        if scene["group"][0] != state.group:  # the rows (a background change): relabel and move them to the top
            scene["group"][0] = state.group
            top = y[:k]
            ax.set_yticks(top, [f"{r.label}\n{r.analysis_set_short}: {r.n_analysed}"
                                + (f" of {r.n_enrolled} enrolled" if r.n_enrolled and r.n_enrolled != r.n_analysed
                                   else "") for r in state.rows], fontsize=11)
            ax.set_ylim(top[-1] - 0.7 if k else 0, MAX_ROWS - 0.3)
        for i, (bar, err) in enumerate(zip(scene["bars"], scene["errs"])):
            rate = state.rates[i] if i < k else None
            bar.set_visible(rate is not None)  # a zero-width bar still shows a sliver of its last colour
            err.set_visible(rate is not None)
            if rate is None:
                bar.set_width(0.0)
                err.set_xdata([0, 0])
                continue
            bar.set_width(rate)
            bar.set_color(ROLE["therapy"] if state.rows[i].evidence == "P" else OKABE_ITO["sky_blue"])
            ci = state.intervals[i]
            assert ci is not None
            err.set_xdata(list(ci))

    def readout(self) -> str:
        s = self.state
        shown = [f"{r.label}: {rate:.0f} % of {n}" for r, rate, n in zip(s.rows, s.rates, s.denominators)
                 if rate is not None]
        return " · ".join(shown) if shown else "No trial in this group reports this rate with this denominator."

    def summary(self) -> str:
        s = self.state
        what = "overall response" if s.endpoint == "ORR" else "complete response"
        den = "every enrolled patient" if s.per_enrolled else "the denominator each trial published"
        parts = []
        for r, rate, n in zip(s.rows, s.rates, s.denominators):
            if rate is None:
                parts.append(f"{r.label}: not reported")
            else:
                parts.append(f"{r.label} {rate:.0f} % of {n} ({r.criteria or 'criteria not stated'})")
        return (f"Bar chart of {what} rates in {s.group} pivotal trials, per {den}, with 95 % intervals: "
                + "; ".join(parts) + ".")


def trials(predict: bool = False, **initial: Any) -> TrialsExplorer:
    """The pivotal-trials explorer of notebook 05 (see :class:`TrialsExplorer`)."""
    return TrialsExplorer.create(predict, **initial)


# --------------------------------------------------------------------------------------------------
# 2. Survival: published points and the fitted cure model

#: Survival series the explorer offers: label -> (trial, arm, endpoint, control (trial, arm) or None).
SURVIVAL_SERIES: dict[str, tuple[str, str, str, tuple[str, str] | None]] = {
    "ZUMA-1 · axi-cel · refractory large B-cell lymphoma": ("ZUMA-1", "axi-cel", "overall survival",
                                                               ("SCHOLAR-1", "historical control")),
    "ZUMA-7 · axi-cel vs standard care · second treatment": ("ZUMA-7", "axi-cel", "overall survival",
                                                      ("ZUMA-7", "standard care")),
    "ELIANA · tisa-cel · B-cell ALL": ("ELIANA", "tisa-cel", "overall survival", None),
    "C-144-01 · lifileucel (TIL) · melanoma": ("C-144-01", "lifileucel", "overall survival", None),
}
MONTHS = 72.0
#: Fewest points the three-parameter cure model is fitted to.
MIN_POINTS_TO_FIT = 3


@dataclass(frozen=True)
class CureSummary:
    fit: CureFit | None
    interval: tuple[float, float] | None


@lru_cache(maxsize=16)
def cure_summary(trial: str, arm: str, endpoint: str) -> CureSummary:
    """The fitted cure model and its bootstrap interval for one series (None if too few points). Cached."""
    pts = landmark_series(trial, arm, endpoint)
    if len(pts) < MIN_POINTS_TO_FIT:
        return CureSummary(None, None)
    t, s, n = [p.months for p in pts], [p.survival for p in pts], pts[0].n
    return CureSummary(fit_cure(t, s, n), cure_interval(t, s, n, draws=100, seed=0))


@dataclass(frozen=True)
class SurvivalState:
    label: str
    trial: str
    arm: str
    months: np.ndarray
    points: tuple[tuple[float, float], ...]
    n: int
    fitted: np.ndarray | None
    cure: float | None
    interval: tuple[float, float] | None
    show_control: bool
    control_label: str | None
    control_points: tuple[tuple[float, float], ...]
    control_fitted: np.ndarray | None
    read_month: float


class SurvivalExplorer(Explorer[SurvivalState]):
    """Published survival points of a trial, the mixture-cure model fitted to them here, and the cure fraction
    with its interval; the control arm (or historical control) beside it."""

    title = "Durable remission: does the curve flatten?"
    figsize = (9.5, 4.6)
    background_controls = ("series", "show_control")

    def make_controls(self) -> dict[str, widgets.ValueWidget]:
        for trial, arm, endpoint, control in SURVIVAL_SERIES.values():  # fit once, up front (about a second)
            cure_summary(trial, arm, endpoint)
            if control is not None:
                cure_summary(*control, endpoint)
        return {
            "series": widgets.Dropdown(options=list(SURVIVAL_SERIES), value=next(iter(SURVIVAL_SERIES)),
                                       description="Trial", tooltip="Which trial's overall survival to show"),
            "show_control": widgets.Checkbox(value=False, description="Show the comparison arm"),
            "months": widgets.IntSlider(value=60, min=6, max=int(MONTHS), step=6, description="Read at month",
                                        tooltip="Move the marker along the fitted curve"),
        }

    def background_key(self, values: Any) -> Any:
        """The comparison checkbox changes nothing for a trial without a comparison arm."""
        control = SURVIVAL_SERIES[str(values["series"])][3]
        return (values["series"], bool(values["show_control"]) and control is not None)

    def compute(self, **v: Any) -> SurvivalState:
        label = str(v["series"])
        trial, arm, endpoint, control = SURVIVAL_SERIES[label]
        pts = landmark_series(trial, arm, endpoint)
        months = np.linspace(0.0, MONTHS, 145)
        summary = cure_summary(trial, arm, endpoint)
        fitted = summary.fit.survival(months) if summary.fit else None
        control_pts: tuple[tuple[float, float], ...] = ()
        control_fitted = None
        control_label = None
        if control is not None:
            cpts = landmark_series(control[0], control[1], endpoint)
            control_pts = tuple((p.months, p.survival) for p in cpts)
            control_label = f"{control[0]} ({control[1]}, n = {cpts[0].n})"
            csum = cure_summary(control[0], control[1], endpoint)
            control_fitted = csum.fit.survival(months) if csum.fit else None
        return SurvivalState(label, trial, arm, months, tuple((p.months, p.survival) for p in pts), pts[0].n, fitted,
                             summary.fit.cure_fraction if summary.fit else None, summary.interval,
                             bool(v["show_control"]) and control is not None, control_label, control_pts,
                             control_fitted, float(v["months"]))

    def build(self, fig: Figure) -> Scene:
        from matplotlib.patches import Rectangle

        ax = fig.add_axes((0.09, 0.13, 0.62, 0.70))
        ax.set_xlim(0, MONTHS)
        ax.set_ylim(0, 1.02)
        ax.set_xticks(np.arange(0, MONTHS + 1, 12))
        ax.set_xlabel("months after infusion or randomisation")
        ax.set_ylabel("share alive")
        dots = ax.plot([], [], "o", color=ROLE["therapy"], ms=9, zorder=4)[0]
        fit_line = ax.plot([], [], "-", color=ROLE["therapy"], lw=2.2, label="cure model fitted here")[0]
        band = ax.add_patch(Rectangle((0.0, 0.0), MONTHS, 0.0, color=ROLE["therapy"], alpha=0.15, lw=0,
                                      gid=BACKGROUND, label="cure fraction: 95 % interval"))
        ctrl_dots = ax.plot([], [], "s", color=ROLE["tumour"], ms=8, zorder=4)[0]
        ctrl_fit = ax.plot([], [], "--", color=ROLE["tumour"], lw=2)[0]
        marker = ax.plot([], [], "D", color="black", ms=8, animated=True)[0]
        reading = ax.axvline(0.0, color=ROLE["neutral"], ls=":", lw=1.5, animated=True)
        ax_note = fig.add_axes((0.74, 0.13, 0.24, 0.70))
        ax_note.axis("off")
        note = ax_note.text(0.0, 1.0, "", va="top", fontsize=12)
        return Scene({"ax": ax, "dots": dots, "fit": fit_line, "band": band, "ctrl_dots": ctrl_dots,
                      "ctrl_fit": ctrl_fit, "note": note, "marker": marker, "reading": reading, "key": [None]},
                     [reading, marker])

    def draw(self, scene: Scene, state: SurvivalState) -> None:
        key = (state.label, state.show_control)
        if scene["key"][0] != key:  # a background change: the trial or the comparison arm
            scene["key"][0] = key
            dots, fit, band = scene["dots"], scene["fit"], scene["band"]
            dots.set_data([p[0] for p in state.points], [p[1] for p in state.points])
            dots.set_label(f"published: {state.trial} {state.arm} (n = {state.n})")
            handles = [dots]
            if state.fitted is not None and state.interval is not None:
                fit.set_data(state.months, state.fitted)
                band.set_y(state.interval[0])
                band.set_height(state.interval[1] - state.interval[0])
                handles += [fit, band]
            else:
                fit.set_data([], [])
                band.set_height(0.0)
            shown = state.show_control
            scene["ctrl_dots"].set_data([p[0] for p in state.control_points] if shown else [],
                                        [p[1] for p in state.control_points] if shown else [])
            scene["ctrl_dots"].set_label(f"published: {state.control_label}")
            fitted_control = shown and state.control_fitted is not None
            scene["ctrl_fit"].set_data(state.months if fitted_control else [],
                                       state.control_fitted if fitted_control else [])
            if shown:
                handles.append(scene["ctrl_dots"])
            legend_above(scene["ax"], handles=handles, ncol=1 if len(handles) <= 3 else 2, fontsize=11)
            scene["note"].set_text("Too few published\npoints to fit a\nthree-parameter\ncure model:\npoints only."
                                   if state.fitted is None else "Cure fraction\n(plateau), fitted\nhere, not published")
        scene["reading"].set_xdata([state.read_month] * 2)
        if state.fitted is None:
            scene["marker"].set_data([], [])
            return
        m = state.read_month
        scene["marker"].set_data([m], [float(np.interp(m, state.months, state.fitted))])

    def fitted_at(self, months: float) -> float | None:
        s = self.state
        return None if s.fitted is None else float(np.interp(months, s.months, s.fitted))

    def readout(self) -> str:
        s = self.state
        if s.fitted is None or s.cure is None or s.interval is None:
            return f"{s.label}: {len(s.points)} published points; too few to fit the cure model."
        m = int(s.read_month)
        return (f"Fitted cure fraction: <b>{100 * s.cure:.0f} %</b> (95 % interval {100 * s.interval[0]:.0f}–"
                f"{100 * s.interval[1]:.0f} %) · fitted curve at month {m}: <b>{100 * self.fitted_at(m):.0f} %</b>")

    def summary(self) -> str:
        s = self.state
        pts = ", ".join(f"{100 * y:.0f} % at {x:.0f} months" for x, y in s.points)
        text = f"Overall survival in {s.label}: published points {pts} (n = {s.n})."
        if s.cure is not None and s.interval is not None:
            text += (f" The cure model fitted here flattens at {100 * s.cure:.0f} % "
                     f"(interval {100 * s.interval[0]:.0f}–{100 * s.interval[1]:.0f} %).")
        elif s.fitted is None:
            text += " Too few points to fit the cure model."
        if s.show_control:
            cp = ", ".join(f"{100 * y:.0f} % at {x:.0f} months" for x, y in s.control_points)
            text += f" Comparison: {s.control_label}, {cp}."
        return text


def survival(predict: bool = False, **initial: Any) -> SurvivalExplorer:
    """The survival explorer of notebook 05 (see :class:`SurvivalExplorer`)."""
    return SurvivalExplorer.create(predict, **initial)


# --------------------------------------------------------------------------------------------------
# 3. One patient's kinetics and the relapse type

DAYS = 730.0


@dataclass(frozen=True)
class KineticsState:
    params: KineticsParams
    dose: float
    course: PatientCourse
    balance_level: float  # CAR-T level at which killing just matches growth, copies/µg


class KineticsExplorer(Explorer[KineticsState]):
    """One patient's CAR-T cells expand, contract and persist (Stein 2019 model); the tumour falls while the
    cells kill faster than it grows and comes back, with or without its antigen, when they do not."""

    title = "After the infusion: expansion, persistence and relapse"
    figsize = (11.0, 4.6)

    def make_controls(self) -> dict[str, widgets.ValueWidget]:
        return {
            "dose": log_slider(1.0, -1, 1, 0.05, "Dose (× typical)",
                               "Multiplies the whole CAR-T curve (a teaching simplification)", fmt=".2f"),
            "expansion": log_slider(1.0, -1, 1, 0.05, "Peak (× typical)",
                                    "The patient's peak level relative to the typical patient of Stein et al. 2019", fmt=".2f"),
            "persistence": log_slider(STEIN_2019.fraction_slow, -4, -1, 0.1, "Share into slow phase",
                                      "Share of the peak that becomes long-lived cells (typical patient: 0.0079, i.e. 0.8 %)", fmt=".4f"),
            "negative_share": log_slider(1e-12, -12, -3, 0.5, "Antigen-negative share",
                                         "Share of tumour cells with too little CD19 to be recognised (notebook 03)",
                                         fmt=".0e"),
            "burden": log_slider(BURDEN_MEDIAN_CELLS, 9, 12, 0.25, "Tumour cells",
                                 "Leukaemia cells at infusion (teaching scale)", fmt=".1e"),
        }

    def params_for(self, expansion: float, persistence: float) -> KineticsParams:
        p = STEIN_2019
        return KineticsParams(p.cmax * expansion, p.tmax_days, p.fold_expansion, p.alpha_per_day, persistence,
                              p.beta_per_day)

    def compute(self, **v: Any) -> KineticsState:
        params = self.params_for(float(v["expansion"]), float(v["persistence"]))
        dose = float(v["dose"])
        course = patient_course(params, dose, float(v["burden"]), float(v["negative_share"]), DAYS)
        return KineticsState(params, dose, course, GROWTH_PER_DAY / KILL_PER_EXPOSURE)

    def build(self, fig: Figure) -> Scene:
        ax_c = fig.add_axes((0.07, 0.14, 0.38, 0.66))
        ax_t = fig.add_axes((0.58, 0.14, 0.40, 0.66))
        for ax in (ax_c, ax_t):
            ax.set_yscale("log")
            log_axis(ax.yaxis)
            ax.set_xlim(0, DAYS)
            ax.set_xticks(np.arange(0, DAYS + 1, 180))
            ax.set_xlabel("days after infusion")
        ax_c.set_ylim(1.0, 1e6)
        ax_c.set_ylabel("CAR-T level (copies/µg DNA)")
        ax_t.set_ylim(1.0, 1e13)
        ax_t.set_ylabel("tumour cells")
        balance = ax_c.axhline(GROWTH_PER_DAY / KILL_PER_EXPOSURE, color=ROLE["target"], ls=":", lw=2,
                               label="kills as fast as the tumour grows")
        level = ax_c.plot([], [], color=ROLE["therapy"], label="CAR-T level", animated=True)[0]
        legend_above(ax_c, handles=[level, balance], ncol=1, fontsize=11)
        pos = ax_t.plot([], [], color=ROLE["tumour"], label="CD19-positive", animated=True)[0]
        neg = ax_t.plot([], [], color=OKABE_ITO["reddish_purple"], ls="--", label="CD19-negative", animated=True)[0]
        detect = ax_t.plot([], [], color=ROLE["neutral"], ls=":", lw=2, label="1 in 10⁴ of start (remission)",
                           animated=True)[0]
        legend_above(ax_t, handles=[pos, neg, detect], ncol=2, fontsize=11)
        return Scene({"level": level, "pos": pos, "neg": neg, "detect": detect, "balance": balance},
                     [level, pos, neg, detect])

    def draw(self, scene: Scene, state: KineticsState) -> None:
        c = state.course
        scene["level"].set_data(c.days, np.maximum(c.car_t, 1e-3))
        scene["pos"].set_data(c.days, np.where(c.positive_cells > 0, c.positive_cells, np.nan))
        scene["neg"].set_data(c.days, np.where(c.negative_cells > 0, c.negative_cells, np.nan))
        scene["detect"].set_data([0, DAYS], [c.detection_cells] * 2)

    def readout(self) -> str:
        c = self.state.course
        when = f" on day {c.relapse_day:.0f}" if c.relapse_day is not None else ""
        return (f"Outcome: <b>{c.outcome}</b>{when} · peak {sci(float(c.car_t.max()), 2)} copies/µg · "
                f"level at 1 year {sci(float(np.interp(365.0, c.days, c.car_t)), 2)} copies/µg")

    def summary(self) -> str:
        s = self.state
        c = s.course
        when = f" on day {c.relapse_day:.0f}" if c.relapse_day is not None else ""
        return (f"Left: the CAR-T level peaks at {sci(float(c.car_t.max()), 2)} copies/µg around day "
                f"{s.params.tmax_days:.0f}, then falls to {sci(float(np.interp(365.0, c.days, c.car_t)), 2)} at a year "
                f"(dose {s.dose:.2f} × typical, share into the slow phase {s.params.fraction_slow:.4f}). Right: tumour "
                f"cells from {sci(float(c.positive_cells[0] + c.negative_cells[0]), 2)}; outcome: {c.outcome}{when}.")


def kinetics(predict: bool = False, **initial: Any) -> KineticsExplorer:
    """The kinetics explorer of notebook 05 (see :class:`KineticsExplorer`)."""
    return KineticsExplorer.create(predict, **initial)


# --------------------------------------------------------------------------------------------------
# 4. The virtual trial

#: The real trial the virtual one is set beside: ELIANA (tisagenlecleucel, B-cell ALL), the population the
#: kinetics model was fitted to.
REAL_TRIAL = "ELIANA"
POOL = 5_000
REPLICATES = 2_000


@lru_cache(maxsize=32)
def expected_rates(spread: float, dose: float, infused_share: float) -> dict[str, float]:
    """The model's own rates at these settings, from a large seeded pool of virtual patients (cached)."""
    pool = simulate_trial(POOL, 12345, spread, dose, infused_share)
    return {"response": pool.rate("response"), "severe_crs": pool.rate("severe_crs"),
            "infused": pool.n_infused / pool.n, "remission_1y": pool.rate("remission_1y")}


@dataclass(frozen=True)
class RealTrial:
    enrolled: int
    infused: int
    responders: int
    response_n: int
    severe_pct: float
    severe_n: int
    severe_scale: str


def real_trial() -> RealTrial:
    """ELIANA's numbers from the course's data tables (act_journey, clinical_trials, crs_clinical)."""
    journey = next(t for t in journey_trials() if t.short == REAL_TRIAL)
    response = next(r for r in trial_results() if r.trial.startswith(REAL_TRIAL) and r.primary)
    crs = next(t for t in crs_trials() if t.trial == REAL_TRIAL)
    return RealTrial(journey.enrolled, journey.infused, round(response.orr_pct / 100.0 * response.n_analysed),
                     response.n_analysed, crs.crs_grade3plus_pct, crs.n, crs.grading_scale)


@dataclass(frozen=True)
class VirtualTrialState:
    n: int
    spread: float
    dose: float
    seed: int
    trial: VirtualTrial
    expected: dict[str, float]
    replicate_rates: np.ndarray  # response rates of many trials of this size (percent)
    observed: dict[str, tuple[float, float, float]]  # outcome -> (rate %, low %, high %)
    real: dict[str, tuple[float, float, float]]


class VirtualTrialExplorer(Explorer[VirtualTrialState]):
    """A cohort of virtual patients built from the course's models (kinetics, killing, toxicity, getting to
    infusion) is given the therapy: the rates it shows, their uncertainty, and the real trial beside it."""

    title = "A virtual trial: why a trial's rate is a sample"
    figsize = (11.0, 4.6)

    def make_controls(self) -> dict[str, widgets.ValueWidget]:
        return {
            "n": widgets.IntSlider(value=75, min=20, max=1000, step=5, description="Patients enrolled",
                                   tooltip="Cohort size: ELIANA enrolled 92 and infused 75"),
            "spread": widgets.FloatSlider(value=1.0, min=0.0, max=2.0, step=0.1, readout_format=".1f",
                                          description="Patient variation (× published)",
                                          tooltip="Scales every between-patient variance: 0 = identical patients, "
                                                  "1 = the variation Stein 2019 measured"),
            "dose": log_slider(1.0, -0.6, 0.6, 0.05, "Dose (× trial dose)",
                               "Multiplies every patient's CAR-T curve (a teaching simplification)", fmt=".2f"),
            "seed": widgets.IntSlider(value=1, min=1, max=50, step=1, description="Run the trial again (#)",
                                      tooltip="Each number enrols a different set of virtual patients"),
        }

    def infused_share(self) -> float:
        r = real_trial()
        return r.infused / r.enrolled

    def compute(self, **v: Any) -> VirtualTrialState:
        n, spread, dose, seed = int(v["n"]), float(v["spread"]), float(v["dose"]), int(v["seed"])
        share = self.infused_share()
        trial = simulate_trial(n, seed, spread, dose, share)
        expected = expected_rates(round(spread, 3), round(dose, 4), share)
        infused = max(trial.n_infused, 1)
        replicate = 100.0 * sample_rates(expected["response"], infused, REPLICATES, seed)

        def ci(k: int, m: int) -> tuple[float, float, float]:
            if m == 0:
                return (0.0, 0.0, 100.0)
            low, high = proportion_interval(k, m)
            return (100.0 * k / m, 100.0 * low, 100.0 * high)

        observed = {"infused": ci(trial.n_infused, trial.n),
                    "response": ci(trial.count("response"), trial.n_infused),
                    "severe_crs": ci(trial.count("severe_crs"), trial.n_infused)}
        r = real_trial()
        real = {"infused": ci(r.infused, r.enrolled), "response": ci(r.responders, r.response_n),
                "severe_crs": ci(round(r.severe_pct / 100.0 * r.severe_n), r.severe_n)}
        return VirtualTrialState(n, spread, dose, seed, trial, expected, replicate, observed, real)

    OUTCOMES = (("infused", "infused\n(of enrolled)"), ("response", "response\n(of infused)"),
                ("severe_crs", "severe CRS\n(of infused)"))

    def build(self, fig: Figure) -> Scene:
        ax = fig.add_axes((0.07, 0.15, 0.40, 0.64))
        ax_h = fig.add_axes((0.58, 0.15, 0.40, 0.64))
        x = np.arange(len(self.OUTCOMES))
        ax.set_xticks(x, [label for _, label in self.OUTCOMES], fontsize=11)
        ax.set_xlim(-0.6, len(x) - 0.4)
        ax.set_ylim(0, 100)
        ax.set_ylabel("patients (%)")
        ax.grid(axis="x", visible=False)
        virt = ax.bar(x - 0.18, np.zeros(len(x)), width=0.34, color=ROLE["therapy"], animated=True,
                      label="this virtual trial")
        real = ax.bar(x + 0.18, [0.0] * len(x), width=0.34, color=OKABE_ITO["orange"], hatch="//",
                      label=f"{REAL_TRIAL} (published)")
        r = self.compute(**self.values).real
        for i, (key, _) in enumerate(self.OUTCOMES):
            real[i].set_height(r[key][0])
            ax.plot([x[i] + 0.18] * 2, [r[key][1], r[key][2]], color="black", lw=1.6)
        virt_err = [ax.plot([xx - 0.18] * 2, [0, 0], color="black", lw=1.6, animated=True)[0] for xx in x]
        expected = [ax.plot([xx - 0.36, xx], [0, 0], color="black", ls=":", lw=2, animated=True)[0] for xx in x]
        legend_above(ax, handles=[virt[0], real[0], expected[0]],
                     labels=["this virtual trial", f"{REAL_TRIAL} (published)", "the model's own rate"], ncol=2,
                     fontsize=11)
        ax_h.set_xlim(0, 100)
        ax_h.set_xlabel("response rate of a trial this size (%)")
        ax_h.set_ylabel("share of re-run trials")
        edges = np.arange(0.0, 100.0 + 2.0, 2.0)
        _, _, patches = ax_h.hist(np.zeros(1), bins=edges, color=ROLE["therapy"], alpha=0.6, animated=True,
                                  label="2,000 re-runs of this trial's size")
        ax_h.set_ylim(0, 0.5)
        this = ax_h.axvline(0, color=ROLE["therapy"], lw=2.5, animated=True, label="this virtual trial")
        real_line = ax_h.axvline(r["response"][0], color=OKABE_ITO["orange"], lw=2.5, ls="--",
                                 label=f"{REAL_TRIAL} (published)")
        legend_above(ax_h, handles=[patches[0], this, real_line], ncol=1, fontsize=11)
        return Scene({"virt": list(virt), "virt_err": virt_err, "expected": expected, "patches": list(patches),
                      "edges": edges, "this": this, "ax_h": ax_h},
                     [*virt, *virt_err, *expected, *patches, this])

    def draw(self, scene: Scene, state: VirtualTrialState) -> None:
        for i, (key, _) in enumerate(self.OUTCOMES):
            rate, low, high = state.observed[key]
            scene["virt"][i].set_height(rate)
            scene["virt_err"][i].set_ydata([low, high])
            e = 100.0 * state.expected[key]
            scene["expected"][i].set_ydata([e, e])
        counts, _ = np.histogram(state.replicate_rates, bins=scene["edges"])
        shares = counts / max(counts.sum(), 1)
        for patch, h in zip(scene["patches"], shares):
            patch.set_height(min(h, 0.5))
        scene["this"].set_xdata([state.observed["response"][0]] * 2)

    def readout(self) -> str:
        s = self.state
        o, r = s.observed, s.real
        low, high = np.percentile(s.replicate_rates, [2.5, 97.5])
        return (f"Virtual trial: infused {s.trial.n_infused}/{s.n} · response <b>{o['response'][0]:.0f} %</b> "
                f"({o['response'][1]:.0f}–{o['response'][2]:.0f} %) · severe CRS <b>{o['severe_crs'][0]:.0f} %</b> "
                f"({o['severe_crs'][1]:.0f}–{o['severe_crs'][2]:.0f} %) · the model's own response rate "
                f"{100 * s.expected['response']:.0f} % · 95 % of re-runs of this size: {low:.0f}–{high:.0f} % "
                f"({high - low:.0f} points)")

    def summary(self) -> str:
        s = self.state
        o, r = s.observed, s.real
        low, high = np.percentile(s.replicate_rates, [2.5, 97.5])
        return (f"A virtual trial of {s.n} enrolled patients (variation {s.spread:.1f} × published, dose {s.dose:.2f} ×): "
                f"{o['infused'][0]:.0f} % infused, response {o['response'][0]:.0f} % of infused (95 % interval "
                f"{o['response'][1]:.0f}–{o['response'][2]:.0f} %), severe CRS {o['severe_crs'][0]:.0f} %. {REAL_TRIAL} "
                f"published {r['infused'][0]:.0f} % infused, {r['response'][0]:.0f} % response and "
                f"{r['severe_crs'][0]:.0f} % severe CRS. Re-running a trial of this size gives response rates from "
                f"{low:.0f} to {high:.0f} % (95 % of re-runs) around the model's own {100 * s.expected['response']:.0f} %.")


def virtual_trial(predict: bool = False, **initial: Any) -> VirtualTrialExplorer:
    """The virtual-trial explorer of notebook 05 (see :class:`VirtualTrialExplorer`)."""
    return VirtualTrialExplorer.create(predict, **initial)
