"""Durable remission as a plateau: a mixture-cure model fitted to published landmark survival points.

A **mixture-cure model** says a share ``pi`` of patients is cured (their risk of the event, from this
disease, is gone) and the rest follow an ordinary parametric survival curve. With a Weibull curve for the
uncured::

    S(t) = pi + (1 - pi) * exp(-(t / scale) ** shape)

``S(0) = 1``, ``S`` falls and flattens at ``pi`` as ``t`` grows: the plateau that long follow-up of CD19
CAR-T trials shows. ``pi = 0`` gives the plain Weibull curve; ``pi = 1`` a flat line at 1.

Fitting. Trials publish a few **landmark** points (for example overall survival at 1, 2 and 5 years),
not the patient data. :func:`fit_cure` finds ``pi``, ``scale`` and ``shape`` that pass closest to those
points (least squares, each point weighted by its binomial standard error ``sqrt(S (1 - S) / n)``).
With only a few points, the three parameters are not always well determined, so :func:`cure_interval`
gives a parametric-bootstrap interval for ``pi``: cohorts of ``n`` patients are simulated from the fitted
curve, their landmark points read off and the model refitted. The simulated cohorts have no censoring
before the last landmark, and the published points may come from different data cuts: a teaching
simplification, so the interval shows the order of the uncertainty, not a published confidence interval.

A trial's response rate is a sample too: :func:`proportion_interval` gives the Wilson score interval of an
observed rate, and :func:`sample_rates` simulates many trials of ``n`` patients of one true rate (the
building blocks of notebook 05's virtual trial).

Units: months for times, fractions in [0, 1] for survival, cure fractions and rates.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import least_squares
from scipy.stats import norm

from helpers.checks import check_array, check_int, check_number

#: RECIST 1.1 partial response: the sum of the target lesions' diameters falls by at least this share from
#: before treatment (Eisenhauer EA, et al. (2009) Eur J Cancer 45:228-247, doi:10.1016/j.ejca.2008.10.026).
RECIST_PARTIAL_RESPONSE = 0.30

#: Bounds of the fitted Weibull scale (months) and shape (dimensionless).
SCALE_BOUNDS = (0.1, 240.0)
SHAPE_BOUNDS = (0.5, 5.0)


def cure_survival(t_months: ArrayLike, cure_fraction: float, scale_months: float,
                  shape: float) -> NDArray[np.float64]:
    """Mixture-cure survival ``pi + (1 - pi) exp(-(t/scale)^shape)`` at times ``t_months`` (>= 0, months).

    ``cure_fraction`` in [0, 1]; ``scale_months`` in [0.1, 240]; ``shape`` in [0.5, 5]."""
    t = check_array("t_months", t_months, 0.0, 1200.0)
    pi = check_number("cure_fraction", cure_fraction, 0.0, 1.0)
    scale = check_number("scale_months", scale_months, *SCALE_BOUNDS)
    k = check_number("shape", shape, *SHAPE_BOUNDS)
    return _curve(t, pi, scale, k)


def _curve(t: NDArray[np.float64], pi: float, scale: float, k: float) -> NDArray[np.float64]:
    """``pi + (1 - pi) exp(-(t/scale)^k)`` without checks (inputs already checked)."""
    return pi + (1.0 - pi) * np.exp(-((t / scale) ** k))


@dataclass(frozen=True)
class CureFit:
    """A fitted mixture-cure curve: the parameters and how far the curve misses each landmark point."""

    cure_fraction: float
    scale_months: float
    shape: float
    times_months: tuple[float, ...]
    observed: tuple[float, ...]
    fitted: tuple[float, ...]

    @property
    def largest_miss(self) -> float:
        """Largest |fitted - observed| over the landmark points (a fraction)."""
        return max(abs(f - o) for f, o in zip(self.fitted, self.observed))

    def survival(self, t_months: ArrayLike) -> NDArray[np.float64]:
        """The fitted curve at ``t_months``."""
        return cure_survival(t_months, self.cure_fraction, self.scale_months, self.shape)


def _check_points(times_months: ArrayLike, survival: ArrayLike, n: int) -> tuple[NDArray[np.float64], ...]:
    t = check_array("times_months", times_months, 0.0, 1200.0, low_open=True)
    s = check_array("survival", survival, 0.0, 1.0)
    if t.ndim != 1 or s.shape != t.shape or t.size < 2:
        raise ValueError("times_months and survival must be 1-D, of the same length, with at least 2 points; "
                         f"got {t.size} times and {s.size} survival values")
    if np.any(np.diff(t) <= 0):
        raise ValueError("times_months must be strictly increasing")
    if np.any(np.diff(s) > 0):
        raise ValueError("survival must not increase with time")
    check_int("n", n, 2, 100_000)
    return t, s


def _fit(t: NDArray[np.float64], s: NDArray[np.float64], n: int) -> NDArray[np.float64]:
    # Binomial standard errors, floored so that points at 0 or 1 keep a finite weight.
    se = np.sqrt(np.clip(s * (1.0 - s), 0.25 / n, None) / n)

    def residuals(p: NDArray[np.float64]) -> NDArray[np.float64]:
        pi, log_scale, k = p
        return (_curve(t, pi, np.exp(log_scale), k) - s) / se

    lo = [0.0, np.log(SCALE_BOUNDS[0]), SHAPE_BOUNDS[0]]
    hi = [1.0, np.log(SCALE_BOUNDS[1]), SHAPE_BOUNDS[1]]
    best = None
    # A few starts: the plateau near the last point, the scale near the first times.
    for pi0 in (0.5 * s[-1], 0.9 * s[-1]):
        for scale0 in (float(t[0]), float(np.median(t))):
            start = np.clip([pi0, np.log(max(scale0, 0.2)), 1.0], lo, hi)
            r = least_squares(residuals, start, bounds=(lo, hi), method="trf")
            if best is None or r.cost < best.cost:
                best = r
    assert best is not None
    pi, log_scale, k = best.x
    return np.array([pi, np.exp(log_scale), k])


def fit_cure(times_months: ArrayLike, survival: ArrayLike, n: int) -> CureFit:
    """Fit :func:`cure_survival` to landmark points ``(times_months, survival)`` from a cohort of ``n``.

    ``times_months`` strictly increasing, > 0; ``survival`` non-increasing fractions; ``n`` in [2, 100000]
    (the number of patients the survival fractions are of)."""
    t, s = _check_points(times_months, survival, n)
    pi, scale, k = _fit(t, s, int(n))
    fitted = _curve(t, pi, scale, k)
    return CureFit(float(pi), float(scale), float(k), tuple(map(float, t)), tuple(map(float, s)),
                   tuple(map(float, fitted)))


def cure_interval(times_months: ArrayLike, survival: ArrayLike, n: int, draws: int = 200,
                  seed: int = 0, level: float = 0.95) -> tuple[float, float]:
    """Parametric-bootstrap interval for the cure fraction (see the module docstring for its limits).

    Fits the curve, then ``draws`` times (in [20, 5000]) simulates a cohort of ``n`` patients from it (each
    cured with probability ``pi``, else an event at a Weibull time), reads the share without an event at
    each landmark, and refits. Returns the central ``level`` (in [0.5, 0.99]) interval of the refitted cure
    fractions. Seeded, so the same inputs give the same interval."""
    t, s = _check_points(times_months, survival, n)
    draws = check_int("draws", draws, 20, 5000)
    level = check_number("level", level, 0.5, 0.99)
    rng = np.random.default_rng(check_int("seed", seed, 0, 2**32 - 1))
    pi, scale, k = _fit(t, s, int(n))
    cured = rng.random((draws, int(n))) < pi
    event = scale * (-np.log1p(-rng.random((draws, int(n))))) ** (1.0 / k)
    event[cured] = np.inf
    samples = (event[:, :, None] > t[None, None, :]).mean(axis=1)
    cures = np.array([_fit(t, row, int(n))[0] for row in samples])
    tail = (1.0 - level) / 2.0
    low, high = np.quantile(cures, [tail, 1.0 - tail])
    return float(low), float(high)


def proportion_interval(successes: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a rate of ``successes`` out of ``n`` patients (``n`` in [1, 100000],
    ``successes`` in [0, n], ``level`` in [0.5, 0.999]): how far a trial's observed rate may sit from the
    rate of the population it sampled (Wilson 1927)."""
    n = check_int("n", n, 1, 100_000)
    k = check_int("successes", successes, 0, n)
    level = check_number("level", level, 0.5, 0.999)
    z = float(norm.ppf(0.5 + level / 2.0))
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return float(max(0.0, centre - half)), float(min(1.0, centre + half))


def sample_rates(rate: float, n: int, trials: int = 1000, seed: int = 0) -> NDArray[np.float64]:
    """Observed rates of ``trials`` (in [1, 100000]) simulated trials of ``n`` patients (in [1, 100000]) each,
    when each patient responds with probability ``rate`` (in [0, 1]). Seeded: the same inputs give the
    same trials."""
    r = check_number("rate", rate, 0.0, 1.0)
    n = check_int("n", n, 1, 100_000)
    trials = check_int("trials", trials, 1, 100_000)
    rng = np.random.default_rng(check_int("seed", seed, 0, 2**32 - 1))
    return rng.binomial(n, r, size=trials) / n


__all__ = ["CureFit", "SCALE_BOUNDS", "SHAPE_BOUNDS", "cure_interval", "cure_survival", "fit_cure", "proportion_interval",
           "sample_rates"]
