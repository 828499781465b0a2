"""CAR-T cellular kinetics after infusion: expansion, contraction and persistence (Stein et al. 2019).

The model of Stein et al. (2019), fitted to transgene levels (qPCR, copies per µg of genomic DNA) in the
blood of 90 children and young adults with B-cell acute lymphoblastic leukaemia given tisagenlecleucel
(ELIANA and ENSIGN):

* **expansion**: from the level ``R0 = Cmax / fold`` just after the infusion, the level grows
  exponentially at ``rho = ln(fold) / Tmax`` per day until the peak ``Cmax`` at day ``Tmax``;
* **contraction and persistence**: after the peak, effector cells ``E`` die at rate ``alpha`` while a
  fraction of them becomes long-lived memory-like cells ``M`` that decline at rate ``beta``::

      dE/dt = -alpha E,   dM/dt = k E - beta M,   k = F_B (alpha - beta),   E(Tmax) = Cmax, M(Tmax) = 0

  whose solution is ``C(t) = Cmax [(1 - F_B) e^(-alpha (t - Tmax)) + F_B e^(-beta (t - Tmax))]``.

Typical values (:data:`STEIN_2019`) are the paper's Table 1 (read in the nlmixr2lib transcription of the
model, nlmixr2/nlmixr2lib ``Stein_2019_Tisagenlecleucel``); they reproduce the abstract's doubling time
(0.78 days), initial decline half-life (4.3 days) and terminal half-life (220 days). Between patients each
parameter varies log-normally with the variances :data:`STEIN_2019_OMEGA2` (same table). The longest
follow-up was about a year, so the terminal half-life is an extrapolation (the paper says so); and these
are children and young adults with leukaemia: other products and diseases expand differently.

Units: days for time, transgene copies per µg of genomic DNA for levels, per day for rates.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from helpers.checks import check_array, check_instance, check_int, check_number


@dataclass(frozen=True)
class KineticsParams:
    """Parameters of one patient's (or the typical) expansion and decline."""

    cmax: float  #: peak transgene level (copies/µg)
    tmax_days: float  #: day of the peak
    fold_expansion: float  #: Cmax divided by the level just after the infusion
    alpha_per_day: float  #: contraction rate of effector cells
    fraction_slow: float  #: F_B: share of the peak that enters the slow (memory-like) phase
    beta_per_day: float  #: decline rate of the slow phase

    def __post_init__(self) -> None:
        check_number("cmax", self.cmax, 0.0, 1e9, low_open=True)
        check_number("tmax_days", self.tmax_days, 0.0, 365.0, low_open=True)
        check_number("fold_expansion", self.fold_expansion, 1.0, 1e12, low_open=True)
        check_number("alpha_per_day", self.alpha_per_day, 0.0, 50.0, low_open=True)
        check_number("fraction_slow", self.fraction_slow, 0.0, 1.0)
        check_number("beta_per_day", self.beta_per_day, 0.0, 50.0)

    @property
    def rho_per_day(self) -> float:
        """Expansion rate ``ln(fold) / Tmax`` (per day)."""
        return math.log(self.fold_expansion) / self.tmax_days

    @property
    def doubling_time_days(self) -> float:
        """Doubling time during expansion (days)."""
        return math.log(2.0) / self.rho_per_day


#: Typical tisagenlecleucel values, Stein et al. 2019 Table 1 (B-ALL, ages 3-25, n = 90).
STEIN_2019 = KineticsParams(cmax=24_000.0, tmax_days=9.3, fold_expansion=3_900.0, alpha_per_day=0.16,
                            fraction_slow=0.0079, beta_per_day=0.0032)

#: Between-patient variances (omega squared, on the log scale) of each parameter, Stein et al. 2019 Table 1.
STEIN_2019_OMEGA2 = {"fold_expansion": 2.4, "tmax_days": 0.38, "cmax": 0.65, "alpha_per_day": 0.91,
                     "fraction_slow": 0.8, "beta_per_day": 0.86}


def car_t_level(t_days: ArrayLike, params: KineticsParams = STEIN_2019) -> NDArray[np.float64]:
    """Transgene level (copies/µg) at ``t_days`` (>= 0, days after the infusion) for ``params``."""
    t = check_array("t_days", t_days, 0.0, 3650.0)
    check_instance("params", params, KineticsParams)
    p = params
    return _levels(t, p.cmax, p.tmax_days, p.fold_expansion, p.alpha_per_day, p.fraction_slow, p.beta_per_day)


def _levels(t: NDArray[np.float64], cmax: ArrayLike, tmax: ArrayLike, fold: ArrayLike, alpha: ArrayLike,
            fb: ArrayLike, beta: ArrayLike) -> NDArray[np.float64]:
    """The model's level at ``t`` (parameters broadcast against ``t``; inputs already checked)."""
    rho = np.log(fold) / tmax
    after = np.maximum(t - tmax, 0.0)
    decline = cmax * ((1.0 - fb) * np.exp(-alpha * after) + fb * np.exp(-beta * after))
    # np.where evaluates both branches: cap the expansion branch at Tmax so it cannot overflow.
    return np.where(t < tmax, np.divide(cmax, fold) * np.exp(rho * np.minimum(t, tmax)), decline)


def _exposure(t: NDArray[np.float64], cmax: ArrayLike, tmax: ArrayLike, fold: ArrayLike, alpha: ArrayLike,
              fb: ArrayLike, beta: ArrayLike) -> NDArray[np.float64]:
    """Area under :func:`_levels` from 0 to ``t`` (copies/µg × days), exactly (inputs already checked).

    Expansion: ``R0 (e^(rho t) - 1) / rho``; after the peak, the biexponential integrates term by term
    (``(1 - e^(-beta a)) / beta`` tends to ``a`` as ``beta`` tends to 0, computed with ``expm1``)."""
    rho = np.log(fold) / tmax
    r0 = np.divide(cmax, fold)
    rising = r0 * np.expm1(rho * np.minimum(t, tmax)) / rho
    a = np.maximum(t - tmax, 0.0)

    def _term(rate: ArrayLike) -> NDArray[np.float64]:
        rate = np.asarray(rate, dtype=float)
        safe = np.where(rate > 0, rate, 1.0)
        return np.where(rate > 0, -np.expm1(-rate * a) / safe, a)

    return rising + cmax * ((1.0 - fb) * _term(alpha) + fb * _term(beta))


def car_t_exposure(t_days: ArrayLike, params: KineticsParams = STEIN_2019) -> NDArray[np.float64]:
    """Exposure (area under the level curve from the infusion to ``t_days``), copies/µg × days."""
    t = check_array("t_days", t_days, 0.0, 3650.0)
    check_instance("params", params, KineticsParams)
    p = params
    return _exposure(t, p.cmax, p.tmax_days, p.fold_expansion, p.alpha_per_day, p.fraction_slow, p.beta_per_day)


@dataclass(frozen=True)
class Cohort:
    """Per-patient kinetic parameters of a simulated cohort: arrays of length ``n``, same units as
    :class:`KineticsParams`."""

    cmax: NDArray[np.float64]
    tmax_days: NDArray[np.float64]
    fold_expansion: NDArray[np.float64]
    alpha_per_day: NDArray[np.float64]
    fraction_slow: NDArray[np.float64]
    beta_per_day: NDArray[np.float64]

    def levels(self, t_days: ArrayLike) -> NDArray[np.float64]:
        """Levels of every patient (rows) at every time (columns), vectorised."""
        t = check_array("t_days", t_days, 0.0, 3650.0).reshape(1, -1)
        return _levels(t, *self._columns())

    def exposure(self, t_days: ArrayLike) -> NDArray[np.float64]:
        """Exposure (area under each patient's curve from 0 to each time): patients × times, vectorised."""
        t = check_array("t_days", t_days, 0.0, 3650.0).reshape(1, -1)
        return _exposure(t, *self._columns())

    def _columns(self) -> tuple[NDArray[np.float64], ...]:
        return tuple(a.reshape(-1, 1) for a in (self.cmax, self.tmax_days, self.fold_expansion, self.alpha_per_day,
                                                self.fraction_slow, self.beta_per_day))

    def patient(self, i: int) -> KineticsParams:
        """Patient ``i``'s parameters (``i`` in [0, n - 1])."""
        i = check_int("i", i, 0, self.cmax.size - 1)
        return KineticsParams(float(self.cmax[i]), float(self.tmax_days[i]), float(self.fold_expansion[i]),
                              float(self.alpha_per_day[i]), float(self.fraction_slow[i]), float(self.beta_per_day[i]))


def sample_cohort(n: int, seed: int = 0, typical: KineticsParams = STEIN_2019,
                  spread: float = 1.0) -> Cohort:
    """``n`` patients (in [1, 100000]) whose parameters are ``typical * exp(eta)``, ``eta ~ N(0, spread² ω²)``
    with the ω² of :data:`STEIN_2019_OMEGA2`; ``spread`` in [0, 2] scales the variability (1 = as
    published, 0 = every patient typical). Fold expansion is kept above 1 and F_B at most 1. Seeded."""
    n = check_int("n", n, 1, 100_000)
    spread = check_number("spread", spread, 0.0, 2.0)
    check_instance("typical", typical, KineticsParams)
    rng = np.random.default_rng(check_int("seed", seed, 0, 2**32 - 1))
    drawn = {}
    for name, omega2 in STEIN_2019_OMEGA2.items():
        eta = rng.standard_normal(n) * spread * math.sqrt(omega2)
        drawn[name] = getattr(typical, name) * np.exp(eta)
    drawn["fold_expansion"] = np.maximum(drawn["fold_expansion"], 1.0 + 1e-9)
    drawn["fraction_slow"] = np.minimum(drawn["fraction_slow"], 1.0)
    return Cohort(**drawn)


__all__ = ["Cohort", "KineticsParams", "STEIN_2019", "STEIN_2019_OMEGA2", "car_t_exposure", "car_t_level", "sample_cohort"]
