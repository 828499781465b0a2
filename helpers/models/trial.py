"""A virtual trial: a cohort of virtual patients given tisagenlecleucel for B-cell ALL, and one patient's course.

No new biology is written here: every patient is built from the course's own models.

* **Kinetics** (notebook 05, :mod:`helpers.models.kinetics`): each patient's CAR-T level ``C(t)`` follows the
  Stein et al. (2019) model with that patient's parameters, drawn with the published between-patient
  variances (``spread`` scales them; 1 = as published). ``dose`` multiplies the whole curve: a teaching
  simplification (in the trials, dose within the labelled range did not predict expansion well).
* **Killing** (notebook 04, :func:`helpers.models.killing.log_tumour_change`): the tumour grows at ``r`` and
  is killed in proportion to the CAR-T level (the killing model's mass-action limit), so
  ``ln(T(t)/T0) = r t - kappa dose X(t)`` with ``X`` the exposure (area under ``C``).
* **Toxicity** (notebook 06b, :func:`helpers.models.toxicity.severe_crs_probability`): the chance of
  severe CRS from the therapeutic-window model, with the patient's **effective dose** (dose × own peak /
  typical peak: a patient whose cells expand twice as much counts as a double dose, a simplification)
  and relative tumour burden.
* **Getting to infusion** (notebook 01): each enrolled patient is infused with probability
  ``infused_share`` (the trial's own infused/enrolled ratio), so the enrolled-vs-infused gap is a sample too.

Read-outs, per infused patient:

* **response**: the tumour falls at least ``RESPONSE_LOGS`` logs (10⁻⁴, the measurable-residual-disease
  level ELIANA's remissions reached) at some time within ``RESPONSE_DAYS`` (ELIANA's remission window of
  3 months); ``T`` in relative units, so the burden does not enter;
* **eradication**: the tumour falls below one cell (needs the burden ``T0`` in cells);
* **remission at a year**: a responder whose tumour is below the 10⁻⁴ level on day 365 (eradicated, or
  still held down by persisting cells);
* **severe CRS**: drawn with the toxicity model's probability.

Teaching values and calibrations (stated beside each constant): ``r`` is the CRS model's teaching tumour
growth rate; ``kappa`` is calibrated so that the default cohort's response rate matches ELIANA's (81 %);
the burden scale for CRS is calibrated so that the default cohort's severe-CRS rate matches the
tisagenlecleucel B-ALL label's (49 %, Penn scale). They are fitted to one number each, not measured.

Units: days, transgene copies per µg of genomic DNA for CAR-T levels, cells for burden.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.integrate import solve_ivp

from helpers.checks import check_array, check_instance, check_int, check_number
from helpers.models.killing import log_tumour_change
from helpers.models.kinetics import STEIN_2019, Cohort, KineticsParams, _exposure, _levels, sample_cohort
from helpers.models.toxicity import CrsParams, severe_crs_probability

#: Tumour net growth rate without CAR-T cells, per day: the CRS model's teaching value (doubling in about
#: two weeks), reused here.
GROWTH_PER_DAY = CrsParams().tumour_growth
#: kappa, killing per unit of CAR-T level per day, (copies/µg)⁻¹ day⁻¹. Calibrated: the default cohort
#: (spread 1, dose 1) responds at ELIANA's 81 % (Maude et al. 2018); tests/test_models_trial.py re-derives it.
KILL_PER_EXPOSURE = 1.4e-4
#: Response: at least a 4-log fall (10⁻⁴ residual disease) within 3 months (ELIANA's remission window).
RESPONSE_LOGS = 4.0
RESPONSE_DAYS = 90.0
HORIZON_DAYS = 365.0
#: Tumour burden at infusion, cells: log-normal across patients. Median 10¹¹ cells and sd 1 (natural log)
#: are teaching values (round numbers: no source for leukaemic burden at infusion was found; 10¹² at diagnosis is
#: a figure quoted in secondary sources). The burden enters eradication and CRS only, never the response.
BURDEN_MEDIAN_CELLS = 1e11
BURDEN_LOG_SD = 1.0
#: Burden (cells) that counts as the window model's reference burden 1. Calibrated: the default cohort's
#: severe-CRS rate matches the KYMRIAH B-ALL label's 49 % (Penn scale; data/crs_clinical.csv).
CRS_REFERENCE_CELLS = 2.2e10
#: Days per step of the internal grid within the response window (the minimum of ln T is read on this grid).
_STEP = 0.5


@dataclass(frozen=True)
class VirtualTrial:
    """One simulated trial: per-patient outcomes (arrays over the ``n`` enrolled patients)."""

    infused: NDArray[np.bool_]
    response: NDArray[np.bool_]  # among all enrolled; False for patients not infused
    eradicated: NDArray[np.bool_]
    remission_1y: NDArray[np.bool_]
    severe_crs: NDArray[np.bool_]
    p_severe: NDArray[np.float64]  # the model's chance of severe CRS for each patient
    peak: NDArray[np.float64]  # CAR-T peak level, copies/µg (dose included)
    best_log10: NDArray[np.float64]  # deepest log10 fall of the tumour within RESPONSE_DAYS
    burden_cells: NDArray[np.float64]

    @property
    def n(self) -> int:
        return int(self.infused.size)

    @property
    def n_infused(self) -> int:
        return int(self.infused.sum())

    def count(self, outcome: str) -> int:
        """How many infused patients had ``outcome`` (response, eradicated, remission_1y, severe_crs)."""
        if outcome not in ("response", "eradicated", "remission_1y", "severe_crs"):
            raise ValueError("outcome must be one of response, eradicated, remission_1y, severe_crs; "
                             f"got {outcome!r}")
        return int((getattr(self, outcome) & self.infused).sum())

    def rate(self, outcome: str) -> float:
        """Share of infused patients with ``outcome`` (nan-free: 0 if nobody was infused)."""
        k = self.count(outcome)
        return k / self.n_infused if self.n_infused else 0.0


def _check(n: int, seed: int, spread: float, dose: float, infused_share: float) -> tuple[int, int, float, float, float]:
    return (check_int("n", n, 1, 100_000), check_int("seed", seed, 0, 2**32 - 1),
            check_number("spread", spread, 0.0, 2.0), check_number("dose", dose, 0.1, 10.0),
            check_number("infused_share", infused_share, 0.0, 1.0))


def _grid() -> NDArray[np.float64]:
    """Half-day steps through the response window (where the minimum is read), whole days after it."""
    return np.concatenate([np.arange(0.0, RESPONSE_DAYS, _STEP), np.arange(RESPONSE_DAYS, HORIZON_DAYS + 0.5, 1.0)])


@dataclass(frozen=True)
class _Cohort:
    """The random draws of one trial: kinetics, burden, who is infused, and a uniform number for CRS."""

    kinetics: Cohort
    burden: NDArray[np.float64]
    infused: NDArray[np.bool_]
    u_crs: NDArray[np.float64]


def _enrol(n: int, seed: int, spread: float, share: float) -> _Cohort:
    kinetics = sample_cohort(n, seed, STEIN_2019, spread)
    rng = np.random.default_rng([seed, 1])  # a second stream: the cohort's kinetics do not depend on it
    burden = BURDEN_MEDIAN_CELLS * np.exp(spread * BURDEN_LOG_SD * rng.standard_normal(n))
    return _Cohort(kinetics, burden, rng.random(n) < share, rng.random(n))


def _read(c: _Cohort, dose: float, t: NDArray[np.float64], ln_change: NDArray[np.float64],
          p_severe: NDArray[np.float64]) -> VirtualTrial:
    """Outcomes from each patient's ln(T/T0) on the grid ``t`` (patients × times) and chance of severe CRS."""
    best = ln_change[:, t <= RESPONSE_DAYS].min(axis=1)
    level = -RESPONSE_LOGS * math.log(10.0)
    response = c.infused & (best <= level)
    eradicated = c.infused & ((np.log(c.burden) + ln_change.min(axis=1)) < 0.0)
    remission_1y = response & (eradicated | (ln_change[:, -1] <= level))
    severe = c.infused & (c.u_crs < p_severe)
    return VirtualTrial(c.infused, response, eradicated, remission_1y, severe, p_severe, dose * c.kinetics.cmax,
                        best / math.log(10.0), c.burden)


def simulate_trial(n: int, seed: int = 0, spread: float = 1.0, dose: float = 1.0,
                   infused_share: float = 1.0) -> VirtualTrial:
    """Simulate ``n`` enrolled patients (in [1, 100000]), vectorised across patients.

    ``spread`` (in [0, 2]) scales every between-patient variance (kinetics and burden; 0 = identical
    patients); ``dose`` (in [0.1, 10]) is relative to the trial's dose; ``infused_share`` (in [0, 1]) is the
    chance that an enrolled patient is infused. A fixed ``seed`` gives a fixed cohort."""
    n, seed, spread, dose, share = _check(n, seed, spread, dose, infused_share)
    c = _enrol(n, seed, spread, share)
    t = _grid()
    ln_change = log_tumour_change(t.reshape(1, -1), dose * c.kinetics.exposure(t), KILL_PER_EXPOSURE, GROWTH_PER_DAY)
    p_severe = severe_crs_probability(dose * c.kinetics.cmax / STEIN_2019.cmax, c.burden / CRS_REFERENCE_CELLS)
    return _read(c, dose, t, ln_change, p_severe)


def simulate_trial_loop(n: int, seed: int = 0, spread: float = 1.0, dose: float = 1.0,
                        infused_share: float = 1.0) -> VirtualTrial:
    """The same trial, one patient at a time, each integrated with ``scipy.integrate.solve_ivp``
    (:func:`patient_ode`): the naive reference the benchmark and the tests compare with."""
    n, seed, spread, dose, share = _check(n, seed, spread, dose, infused_share)
    c = _enrol(n, seed, spread, share)
    t = _grid()
    ln_change = np.array([patient_ode(c.kinetics.patient(i), dose, t) for i in range(n)])
    p_severe = np.array([float(severe_crs_probability(dose * c.kinetics.cmax[i] / STEIN_2019.cmax,
                                                      c.burden[i] / CRS_REFERENCE_CELLS)) for i in range(n)])
    return _read(c, dose, t, ln_change, p_severe)


def patient_ode(params: KineticsParams, dose: float, t_days: NDArray[np.float64]) -> NDArray[np.float64]:
    """ln(T(t)/T0) for one patient by integrating the ODEs (expansion, then effector and memory-like
    compartments, and the tumour) with ``solve_ivp``: the closed form's independent check."""
    check_instance("params", params, KineticsParams)
    d = check_number("dose", dose, 0.1, 10.0)
    p = params
    r, kappa = GROWTH_PER_DAY, KILL_PER_EXPOSURE
    k_slow = p.fraction_slow * (p.alpha_per_day - p.beta_per_day)

    def rhs(t: float, y: NDArray[np.float64]) -> list[float]:
        e, m, _ = y
        if t < p.tmax_days:
            return [p.rho_per_day * e, 0.0, r - kappa * d * e]
        return [-p.alpha_per_day * e, k_slow * e - p.beta_per_day * m, r - kappa * d * (e + m)]

    t = check_array("t_days", t_days, 0.0, 3650.0)
    if t.ndim != 1 or np.any(np.diff(t) <= 0):
        raise ValueError("t_days must be a strictly increasing 1-D array of days in [0, 3650]")
    before = t[t <= p.tmax_days]
    after = t[t > p.tmax_days]
    y0 = [p.cmax / p.fold_expansion, 0.0, 0.0]
    first = solve_ivp(rhs, (0.0, p.tmax_days), y0, t_eval=[*before, p.tmax_days], rtol=1e-9, atol=1e-9)
    out = list(first.y[2, :before.size])
    if after.size:
        # Restart at the peak exactly (E = Cmax), as the model defines it.
        y_peak = [p.cmax, 0.0, first.y[2, -1]]
        second = solve_ivp(rhs, (p.tmax_days, float(after[-1])), y_peak, t_eval=after, rtol=1e-9, atol=1e-6,
                           method="LSODA")
        out.extend(second.y[2])
    return np.array(out)


@dataclass(frozen=True)
class PatientCourse:
    """One patient's course: arrays over ``days`` and the relapse read-out."""

    days: NDArray[np.float64]
    car_t: NDArray[np.float64]  # copies/µg
    positive_cells: NDArray[np.float64]  # antigen-positive tumour cells
    negative_cells: NDArray[np.float64]  # antigen-negative tumour cells
    detection_cells: float  # the 10⁻⁴ residual-disease level, cells
    outcome: str  # see patient_course
    relapse_day: float | None


def patient_course(params: KineticsParams = STEIN_2019, dose: float = 1.0, burden_cells: float = BURDEN_MEDIAN_CELLS,
                   negative_share: float = 0.0, days: float = 730.0) -> PatientCourse:
    """One patient's CAR-T level and tumour over ``days`` (in [30, 1825]).

    ``burden_cells`` (in [1e6, 1e13]) tumour cells at infusion, of which a share ``negative_share``
    (in [0, 1e-2]) carry too little antigen to be recognised (notebook 03): they are not killed and grow at
    ``r``. Antigen-positive cells follow :func:`helpers.models.killing.log_tumour_change`. Fewer than one cell
    of a population means that population is gone for good.

    ``outcome``: "no response" (never 4 logs down within 3 months); "CD19-negative relapse" (antigen-negative
    cells reach the 10⁻⁴ level first: antigen escape); "CD19-positive relapse" (antigen-positive cells come
    back first, because the CAR-T cells no longer hold them: lost persistence); or "remission" (neither within
    ``days``)."""
    check_instance("params", params, KineticsParams)
    d = check_number("dose", dose, 0.1, 10.0)
    t0 = check_number("burden_cells", burden_cells, 1e6, 1e13)
    f = check_number("negative_share", negative_share, 0.0, 1e-2)
    span = check_number("days", days, 30.0, 1825.0)
    t = np.arange(0.0, span + _STEP / 2, _STEP)
    p = params
    columns = (p.cmax, p.tmax_days, p.fold_expansion, p.alpha_per_day, p.fraction_slow, p.beta_per_day)
    level = d * _levels(t, *columns)
    ln_change = log_tumour_change(t, d * _exposure(t, *columns), KILL_PER_EXPOSURE, GROWTH_PER_DAY)
    positive = (1.0 - f) * t0 * np.exp(ln_change)
    gone = np.flatnonzero(positive < 1.0)
    if gone.size:
        positive[gone[0]:] = 0.0
    negative = f * t0 * np.exp(GROWTH_PER_DAY * t)
    if f * t0 < 1.0:
        negative[:] = 0.0
    detection = t0 * 10.0 ** -RESPONSE_LOGS
    early = t <= RESPONSE_DAYS
    total = positive + negative
    reached = np.flatnonzero(early & (total <= detection))
    relapse_day = None
    if not reached.size:
        outcome = "no response"
    else:
        after = t > t[reached[0]]
        up_neg = np.flatnonzero(after & (negative > detection))
        up_pos = np.flatnonzero(after & (positive > detection))
        first_neg = t[up_neg[0]] if up_neg.size else math.inf
        first_pos = t[up_pos[0]] if up_pos.size else math.inf
        if math.isinf(first_neg) and math.isinf(first_pos):
            outcome = "remission"
        elif first_neg <= first_pos:
            outcome, relapse_day = "CD19-negative relapse", float(first_neg)
        else:
            outcome, relapse_day = "CD19-positive relapse", float(first_pos)
    return PatientCourse(t, level, positive, negative, detection, outcome, relapse_day)


__all__ = ["BURDEN_MEDIAN_CELLS", "CRS_REFERENCE_CELLS", "GROWTH_PER_DAY", "HORIZON_DAYS", "KILL_PER_EXPOSURE",
           "PatientCourse", "RESPONSE_DAYS", "RESPONSE_LOGS", "VirtualTrial", "patient_course", "patient_ode",
           "simulate_trial", "simulate_trial_loop"]
