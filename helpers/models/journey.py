"""The road to infusion: how many enrolled patients receive the cells they were enrolled for.

A patient is enrolled (or has leukapheresis) on day 0; their cells are made and tested, which takes
``wait_days``. While they wait, the disease keeps going: each patient independently becomes unable to
receive the cells (progression that makes them too ill, or death) at a constant **hazard**
``h = ln 2 / median`` per day, where ``median`` is the median time to that event without effective
treatment. A manufacturing run fails (the product is not made, or is out of specification) with
probability ``failure``; the failure is known at the end of the run. If re-manufacture is allowed, a
failed patient waits for one more run of the same length, which again fails with probability
``failure``. **Bridging therapy** given while waiting multiplies the hazard by ``bridging_hr``.

So the fraction of enrolled patients who are infused is::

    P = (1 - f) e^(-h T)  +  [re-manufacture] f (1 - f) e^(-2 h T)

with ``T = wait_days``. With no hazard and no failures, everyone is infused.

This is a teaching model: a constant hazard (an exponential survival curve) is the simplest survival
model, and the same hazard is used for "too ill to be infused" as for death. Real drop-out also comes
from adverse events, physician decisions and withdrawal; the trials' own reasons are in
``data/act_journey.csv``.

Units: days for times, months (30.44 days) for medians, probabilities as fractions in [0, 1].
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from helpers.checks import check_array, check_flag, check_number

#: Days in a month (365.25 / 12), used to turn medians in months into days.
DAYS_PER_MONTH = 365.25 / 12
LN2 = math.log(2.0)


def hazard_from_median(median_months: float) -> float:
    """Constant hazard (per day) of an exponential survival curve with the given median (months):
    ``ln 2 / (median_months * 30.44)``. ``median_months`` in (0, 1200]."""
    median = check_number("median_months", median_months, 0.0, 1200.0, low_open=True)
    return LN2 / (median * DAYS_PER_MONTH)


def _check_common(hazard_per_day: float, failure: float, bridging_hr: float) -> tuple[float, float, float]:
    h = check_number("hazard_per_day", hazard_per_day, 0.0, 10.0)
    f = check_number("failure", failure, 0.0, 1.0)
    hr = check_number("bridging_hr", bridging_hr, 0.0, 10.0)
    return h, f, hr


def fraction_infused(
    wait_days: ArrayLike, hazard_per_day: float, failure: float = 0.0, remanufacture: bool = False,
    bridging_hr: float = 1.0,
) -> NDArray[np.float64]:
    """Fraction of enrolled patients who are infused (see the module docstring for the model).

    Parameters
    ----------
    wait_days : array_like
        Days from enrolment (or leukapheresis) to infusion for a successful run, >= 0 (at most 3650).
    hazard_per_day : float
        Hazard of becoming unable to receive the cells while waiting, per day, in [0, 10].
    failure : float
        Chance that one manufacturing run fails, in [0, 1].
    remanufacture : bool
        Whether a failed run is repeated once (the patient waits ``wait_days`` again).
    bridging_hr : float
        Factor by which bridging therapy multiplies the hazard while waiting, in [0, 10] (1 = no effect).

    Returns
    -------
    numpy.ndarray
        Fraction infused, in [0, 1], the shape of ``wait_days``.
    """
    t = check_array("wait_days", wait_days, 0.0, 3650.0)
    h, f, hr = _check_common(hazard_per_day, failure, bridging_hr)
    again = check_flag("remanufacture", remanufacture)
    survive = np.exp(-h * hr * t)
    infused = (1.0 - f) * survive
    if again:
        infused = infused + f * (1.0 - f) * survive * survive
    return infused


@dataclass(frozen=True)
class Journey:
    """What happened to an enrolled cohort by each day (fractions of the enrolled patients).

    Attributes
    ----------
    days : numpy.ndarray
        Days since enrolment.
    waiting, infused, lost_disease, lost_failure : numpy.ndarray
        Fractions still waiting for cells, already infused, lost to progression or death while waiting,
        and lost because manufacturing failed (with no re-manufacture left). They sum to 1 on every day.
    """

    days: NDArray[np.float64]
    waiting: NDArray[np.float64]
    infused: NDArray[np.float64]
    lost_disease: NDArray[np.float64]
    lost_failure: NDArray[np.float64]

    @property
    def final_infused(self) -> float:
        """Fraction infused by the latest day in :attr:`days`."""
        return float(self.infused[int(np.argmax(self.days))])


def journey(
    days: ArrayLike, wait_days: float, hazard_per_day: float, failure: float = 0.0, remanufacture: bool = False,
    bridging_hr: float = 1.0,
) -> Journey:
    """Follow an enrolled cohort day by day (same model and parameters as :func:`fraction_infused`).

    A patient is infused on day ``wait_days`` (or ``2 * wait_days`` after a failed first run and a
    re-manufacture); the hazard applies only while they wait.
    """
    t = check_array("days", days, 0.0, 36500.0)
    if t.ndim != 1 or t.size == 0:
        raise ValueError(f"days must be a non-empty one-dimensional array of days in [0, 36500]; got shape {t.shape}")
    wait = check_number("wait_days", wait_days, 0.0, 3650.0)
    h, f, hr = _check_common(hazard_per_day, failure, bridging_hr)
    again = check_flag("remanufacture", remanufacture)
    k = h * hr
    runs = 2 if again else 1
    end = runs * wait  # nobody waits longer than this

    # Still waiting at t: alive, and (before the first run ends) everyone, or (during the second run) the
    # share f whose first run failed.
    alive = np.exp(-k * np.minimum(t, end))
    first_done = t >= wait
    second_done = t >= end
    waiting = np.where(first_done, f * alive if again else 0.0, alive)
    waiting = np.where(second_done, 0.0, waiting)
    s1 = math.exp(-k * wait)
    infused = np.where(first_done, (1.0 - f) * s1, 0.0)
    lost_failure = np.where(first_done & (not again), f * s1, 0.0)
    if again:
        s2 = math.exp(-k * end)
        infused = infused + np.where(second_done, f * (1.0 - f) * s2, 0.0)
        lost_failure = np.where(second_done, f * f * s2, 0.0)
    lost_disease = np.clip(1.0 - waiting - infused - lost_failure, 0.0, 1.0)
    return Journey(t, waiting, infused, lost_disease, lost_failure)


def intention_to_treat(rate_in_infused: float, fraction_infused: float) -> float:
    """Rate among all enrolled patients when a rate measured among infused patients is counted over everyone
    enrolled, counting patients who were never infused as not responding: ``rate * fraction_infused``.

    Both arguments are fractions in [0, 1]."""
    r = check_number("rate_in_infused", rate_in_infused, 0.0, 1.0)
    p = check_number("fraction_infused", fraction_infused, 0.0, 1.0)
    return r * p
