"""Antigen recognition: receptor–ligand binding and kinetic proofreading.

Units: concentrations in mol/L (M), rate constants k_on in 1/(M·s), k_off and k_p in 1/s, times in s.

Binding
    A receptor R binds a ligand L (a peptide–MHC for a TCR, a surface antigen for a CAR) as
    ``R + L <-> C`` with on-rate k_on and off-rate k_off; the dissociation constant is
    ``K_D = k_off / k_on``. When ligand is in excess, the fraction of receptors bound is
    ``L / (L + K_D)`` (one half at ``L = K_D``). When neither is in excess, mass conservation gives the
    quadratic ``C**2 - (R_T + L_T + K_D) C + R_T L_T = 0``, whose smaller root is the exact complex
    concentration. A bond lasts on average ``1 / k_off``; its half-life is ``ln 2 / k_off``.

Kinetic proofreading (McKeithan 1995, PNAS 92:5042–5046, https://doi.org/10.1073/pnas.92.11.5042)
    A bound receptor must pass N modification steps, each at rate k_p, before it signals; if the
    ligand unbinds (rate k_off) first, the receptor resets. At steady state the fraction of bound
    receptors in the final, signalling state is ``(k_p / (k_p + k_off)) ** N``. Two ligands that differ
    only in k_off are told apart by the ratio of their signals, which grows with N — at the cost of
    signal (sensitivity) and of the time, about ``N / k_p``, a receptor needs to reach the end.

Limited signalling (Lever et al. 2014, Nat Rev Immunol 14:619–629, https://doi.org/10.1038/nri3728)
    The signalling state itself decays, at rate phi, into a bound but non-signalling state. Derivation:
    complexes form at rate F and every state unbinds at k_off, so the total bound is ``C_T = F / k_off``;
    state 0 holds ``F / (k_p + k_off)``, each step passes on a fraction ``r = k_p / (k_p + k_off)``, and
    the signalling state N is left at rate ``k_off + phi``, so ``C_N = F r**(N-1) k_p / ((k_p + k_off)
    (k_off + phi)) = F r**N / (k_off + phi)``. Hence

        C_N / C_T = (k_p / (k_p + k_off)) ** N  *  k_off / (k_off + phi)

    The second factor is ``k_off / (k_off + phi)``, not ``phi / (k_off + phi)``: with phi = 0 the model
    must reduce to plain proofreading. A direct stochastic simulation (:func:`simulate_proofreading`)
    checks the formula in the tests.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from helpers.checks import Placeholder, check_array, check_instance, check_int, check_number

LN2 = math.log(2.0)
_POSITIVE = dict(low=0.0, high=math.inf, low_open=True)
#: Rate constants (k_off, k_p, phi) in 1/s: positive and at most 10⁶ per second (a bond lasting a microsecond).
_RATE = dict(low=0.0, high=1e6, low_open=True)
#: Concentrations and dissociation constants in M: positive and at most 1 M.
_MOLAR = dict(low=0.0, high=1.0, low_open=True)
#: Largest natural log of a float (about 709.8): a ratio whose log is larger overflows.
_MAX_LOG = math.log(np.finfo(float).max)


def dissociation_constant(k_on: float, k_off: float) -> float:
    """``K_D = k_off / k_on`` in M, from k_on in 1/(M·s) (in [1, 10¹⁰]) and k_off in 1/s (in (0, 10⁶])."""
    kon = check_number("k_on", k_on, 1.0, 1e10)
    koff = check_number("k_off", k_off, **_RATE)
    return koff / kon


def half_life(k_off: float) -> float:
    """Bond half-life ``ln 2 / k_off`` in s, from k_off in 1/s (in [10⁻⁶, 10⁶])."""
    return LN2 / check_number("k_off", k_off, 1e-6, 1e6)


def occupancy(ligand_m: ArrayLike, kd_m: float) -> NDArray[np.float64]:
    """Fraction of receptors bound, ``L / (L + K_D)``, with free ligand L in excess (both in M, at most 1 M)."""
    ligand = check_array("ligand_m", ligand_m, 0.0, 1.0)
    kd = check_number("kd_m", kd_m, **_MOLAR)
    return ligand / (ligand + kd)


def occupancy_depleted(receptor_total_m: float, ligand_total_m: ArrayLike, kd_m: float) -> NDArray[np.float64]:
    """Fraction of receptors bound when ligand is depleted by binding (exact quadratic solution).

    Parameters
    ----------
    receptor_total_m : float
        Total receptor concentration R_T in M, > 0.
    ligand_total_m : array_like
        Total ligand concentration L_T in M, >= 0.
    kd_m : float
        Dissociation constant K_D in M, > 0.

    Returns
    -------
    numpy.ndarray
        ``C / R_T`` with ``C = (S - sqrt(S**2 - 4 R_T L_T)) / 2`` and ``S = R_T + L_T + K_D``, computed in
        the cancellation-free form ``C = 2 R_T L_T / (S + sqrt(S**2 - 4 R_T L_T))``.
    """
    rt = check_number("receptor_total_m", receptor_total_m, **_MOLAR)
    lt = check_array("ligand_total_m", ligand_total_m, 0.0, 1.0)
    kd = check_number("kd_m", kd_m, **_MOLAR)
    s = rt + lt + kd
    disc = np.sqrt(np.maximum(s * s - 4.0 * rt * lt, 0.0))
    return (2.0 * lt / (s + disc)).astype(float)


def proofreading_fraction(k_off: ArrayLike, k_p: float, n_steps: int) -> NDArray[np.float64]:
    """Fraction of bound receptors that have completed ``n_steps`` proofreading steps (McKeithan 1995).

    ``(k_p / (k_p + k_off)) ** n_steps``; k_off and k_p in 1/s (in (0, 10⁶]), ``n_steps`` a whole number in
    [0, 100].
    """
    koff = check_array("k_off", k_off, **_RATE)
    kp = check_number("k_p", k_p, **_RATE)
    n = _check_steps(n_steps)
    return (kp / (kp + koff)) ** n


def limited_signalling_fraction(k_off: ArrayLike, k_p: float, n_steps: int, phi: float) -> NDArray[np.float64]:
    """Fraction of bound receptors in the signalling state when it decays at rate ``phi`` (1/s).

    ``(k_p / (k_p + k_off)) ** n_steps * k_off / (k_off + phi)`` (derivation in the module docstring).
    """
    koff = check_array("k_off", k_off, **_RATE)
    rate = check_number("phi", phi, 0.0, 1e6)
    return proofreading_fraction(koff, k_p, n_steps) * koff / (koff + rate)


def discrimination(k_off_foreign: float, k_off_self: float, k_p: float, n_steps: int) -> float:
    """Ratio of proofread signals, foreign over self, for ligands bound equally often.

    ``((k_p + k_off_self) / (k_p + k_off_foreign)) ** n_steps``; it tends to
    ``(k_off_self / k_off_foreign) ** n_steps`` when k_p is much smaller than both off-rates. Computed as a
    ratio of sums (not of two signals that may underflow to zero); rates in 1/s, in (0, 10⁶].

    Raises
    ------
    ValueError
        For an invalid argument, or when the ratio is too large for a float (many steps between very different
        off-rates): the message names ``n_steps``.
    """
    foreign = check_number("k_off_foreign", k_off_foreign, **_RATE)
    self_ = check_number("k_off_self", k_off_self, **_RATE)
    kp = check_number("k_p", k_p, **_RATE)
    n = _check_steps(n_steps)
    log_ratio = n * (math.log(kp + self_) - math.log(kp + foreign))
    if log_ratio > _MAX_LOG:
        raise ValueError(f"n_steps = {n} makes the discrimination exceed 10^308 for these off-rates; "
                         f"use fewer n_steps (at most {int(_MAX_LOG / (log_ratio / n))})")
    return math.exp(log_ratio)


def mean_time_to_signal(k_p: float, n_steps: int) -> float:
    """Mean time in s for a receptor that stays bound to complete ``n_steps`` steps: ``n_steps / k_p``."""
    return _check_steps(n_steps) / check_number("k_p", k_p, **_RATE)


def simulate_proofreading(
    k_off: float, k_p: float, n_steps: int, phi: float = 0.0, *, bindings: int = 20_000, seed: int = 0
) -> float:
    """Fraction of bound time spent in the signalling state, from simulated binding events.

    Each binding event runs the chain until the ligand unbinds: in state i < N it either steps forward
    (rate k_p) or unbinds (rate k_off); in state N it either decays to the inactive bound state (rate
    ``phi``) or unbinds; the inactive state only unbinds. The time-average over many independent events
    (seeded, vectorised over events) estimates ``C_N / C_T`` at steady state.
    """
    koff = check_number("k_off", k_off, **_RATE)
    kp = check_number("k_p", k_p, **_RATE)
    n = _check_steps(n_steps)
    rate = check_number("phi", phi, 0.0, 1e6)
    count = check_int("bindings", bindings, 1, 10_000_000)
    rng = np.random.default_rng(check_int("seed", seed, 0, 2**32 - 1))

    total_time = np.zeros(count)
    signalling_time = np.zeros(count)
    state = np.zeros(count, dtype=int)  # 0..n active chain, n+1 inactive-bound, -1 unbound
    bound = np.ones(count, dtype=bool)
    while bound.any():
        idx = np.flatnonzero(bound)
        s = state[idx]
        forward = np.where(s < n, kp, np.where(s == n, rate, 0.0))
        leave = forward + koff
        dwell = rng.exponential(1.0 / leave)
        total_time[idx] += dwell
        signalling_time[idx] += np.where(s == n, dwell, 0.0)
        steps = rng.random(idx.size) < forward / leave
        state[idx] = np.where(steps, s + 1, -1)
        bound[idx] = steps
    return float(signalling_time.sum() / total_time.sum())


def _check_steps(n_steps: int) -> int:
    if n_steps is Ellipsis:
        raise Placeholder("n_steps")
    if isinstance(n_steps, (bool, np.bool_)) or not isinstance(n_steps, (int, np.integer)) or not 0 <= n_steps <= 100:
        raise ValueError(f"n_steps must be a whole number in [0, 100]; got {n_steps!r}")
    return int(n_steps)


# --------------------------------------------------------------------------------------------------
# Antigen density: which cells a receptor "sees"
#
# Teaching model (illustrative; the structure is ours, the thresholds are from data/antigen_density.csv):
# a cell is recognised when enough of its antigen molecules are engaged by receptors. With D molecules
# per cell and a fraction theta = 1 / (1 + K_D / K_half) of them engaged, the engaged number is
# D * theta, and the chance of a response rises as a Hill curve in that number around n_star:
#
#     p(D) = (D theta)**h / ((D theta)**h + n_star**h)
#
# So the antigen density giving a half-maximal response is n_star * (1 + K_D / K_half): a receptor with
# much higher affinity than K_half gains nothing more (the threshold saturates at n_star), a weaker one
# needs proportionally more antigen. K_half and the steepness h are teaching parameters, not measurements.


def engaged_fraction(kd_m: float, kd_half_m: float) -> float:
    """Fraction of a cell's antigen engaged by receptors, ``1 / (1 + K_D / K_half)`` (teaching model)."""
    kd = check_number("kd_m", kd_m, **_MOLAR)
    half = check_number("kd_half_m", kd_half_m, **_MOLAR)
    return 1.0 / (1.0 + kd / half)


def half_max_density(n_star: float, kd_m: float, kd_half_m: float) -> float:
    """Antigen molecules per cell at which half of the cells respond: ``n_star * (1 + K_D / K_half)``.

    ``n_star`` in (0, 10⁹] molecules; K_D and K_half in (0, 1] M."""
    n = check_number("n_star", n_star, 0.0, 1e9, low_open=True)
    return n / engaged_fraction(kd_m, kd_half_m)


def activation_probability(
    density: ArrayLike, n_star: float, kd_m: float, kd_half_m: float, hill: float = 2.0
) -> NDArray[np.float64]:
    """Chance that a cell with ``density`` antigen molecules is recognised (teaching model above).

    Parameters
    ----------
    density : array_like
        Antigen molecules per cell, >= 0.
    n_star : float
        Engaged molecules giving a half-maximal response, > 0 (e.g. ~3 for a TCR, ~200 for a CAR's lysis).
    kd_m, kd_half_m : float
        Receptor K_D and the K_D at which half the antigen is engaged, in M, > 0.
    hill : float
        Steepness of the response, in [0.5, 10] (a teaching parameter).
    """
    return hill_response(density, half_max_density(n_star, kd_m, kd_half_m), hill)


def hill_response(density: ArrayLike, d50: float, hill: float = 2.0) -> NDArray[np.float64]:
    """Chance that a cell with ``density`` molecules responds when half of the cells respond at ``d50``:
    ``x**h / (x**h + 1)`` with ``x = density / d50`` (a Hill curve; computed without overflow).

    Use it directly for a measured threshold (a TCR's ~3 peptide–MHC, Sykulev 1996), where the CAR affinity
    model of :func:`activation_probability` does not apply.
    """
    d = check_array("density", density, 0.0)
    half = check_number("d50", d50, **_POSITIVE)
    h = check_number("hill", hill, 0.5, 10.0)
    with np.errstate(divide="ignore"):
        log_x = np.log(d) - np.log(half)
    response = 1.0 / (1.0 + np.exp(-h * np.clip(log_x, -700.0 / h, 700.0 / h)))
    return np.where(d > 0, response, 0.0)


_GH_NODES, _GH_WEIGHTS = np.polynomial.hermite_e.hermegauss(64)
_GH_WEIGHTS = _GH_WEIGHTS / _GH_WEIGHTS.sum()


def lognormal_mean_response(median: float, sigma_ln: float, d50: ArrayLike, hill: float = 2.0) -> NDArray[np.float64]:
    """Mean Hill response over cells whose antigen density is log-normal.

    The density of a cell is ``median * exp(sigma_ln * z)`` with z standard normal; the result is the
    expected ``x**h / (x**h + 1)`` with ``x = density / d50``, i.e. the fraction of cells recognised, computed
    with 64-point Gauss–Hermite quadrature (exact to ~1e-10 for these smooth integrands). ``d50`` may be an
    array (one fraction per threshold).
    """
    med = check_number("median", median, 0.0, 1e12, low_open=True)
    sig = check_number("sigma_ln", sigma_ln, 0.0, 5.0)
    thresholds = check_array("d50", d50, 0.0, 1e300, low_open=True)
    h = check_number("hill", hill, 0.5, 10.0)
    log_x = (np.log(med) + sig * _GH_NODES)[None, :] - np.log(thresholds).reshape(-1, 1)
    response = 1.0 / (1.0 + np.exp(-h * log_x))  # = x**h / (x**h + 1), overflow-safe
    return (response @ _GH_WEIGHTS).reshape(thresholds.shape)


def tradeoff_curve(
    tumour_median: float, tumour_sigma: float, healthy_median: float, healthy_sigma: float,
    d50_grid: ArrayLike, hill: float = 2.0,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Fractions of healthy cells hit and tumour cells killed for each half-maximal density in ``d50_grid``.

    Returns ``(healthy_hit, tumour_killed)``: the ROC-style trade-off traced as the threshold (set by the
    receptor's affinity and signalling) moves. Both fall as the threshold rises.
    """
    check_number("tumour_median", tumour_median, 0.0, 1e12, low_open=True)
    check_number("tumour_sigma", tumour_sigma, 0.0, 5.0)
    check_number("healthy_median", healthy_median, 0.0, 1e12, low_open=True)
    check_number("healthy_sigma", healthy_sigma, 0.0, 5.0)
    grid = check_array("d50_grid", d50_grid, 0.0, 1e300, low_open=True)
    killed = lognormal_mean_response(tumour_median, tumour_sigma, grid, hill)
    hit = lognormal_mean_response(healthy_median, healthy_sigma, grid, hill)
    return hit, killed


# ------------------------------------------------------------------------------------------------------
# Logic-gated receptors (notebook 08). Two antigens, A and B; each tissue's cells carry them at log-normal
# densities (the model above), and a share of cells may lack one entirely (antigen escape, or loss of an
# allele). Every receptor of a gate has the same half-maximal density ``d50`` ("equal thresholds"). A
# tissue's response to receptor A alone is ``r_A = (1 - lacking_A) * lognormal_mean_response(...)``. With the
# two antigens varying independently between cells (a teaching simplification), the gates are:
#
#   A:   r_A                      (the single-antigen receptor)
#   B:   r_B
#   AND: r_A r_B                  (split signalling or synNotch priming: both antigens needed)
#   OR:  1 - (1 - r_A)(1 - r_B)   (a bispecific or tandem CAR: either antigen is enough)
#   NOT: r_A (1 - r_B)            (an inhibitory CAR against B vetoes the response to A)
#
# So AND can never kill more of a tissue than the better single receptor, and OR never less.

GATES = ("A", "B", "AND", "OR", "NOT")


@dataclass(frozen=True)
class TissueAntigens:
    """Antigens A and B on one tissue's cells: log-normal medians (molecules per cell; 0 = absent), spreads
    (sigma of the log density) and the share of cells lacking each antigen altogether."""

    median_a: float
    median_b: float
    sigma_a: float = 0.5
    sigma_b: float = 0.5
    lacking_a: float = 0.0
    lacking_b: float = 0.0

    def __post_init__(self) -> None:
        for name in ("median_a", "median_b"):
            check_number(name, getattr(self, name), 0.0, 1e9)
        for name in ("sigma_a", "sigma_b"):
            check_number(name, getattr(self, name), 0.0, 5.0)
        for name in ("lacking_a", "lacking_b"):
            check_number(name, getattr(self, name), 0.0, 1.0)


def single_responses(tissue: TissueAntigens, d50: float, hill: float = 2.0) -> tuple[float, float]:
    """Fractions of the tissue's cells that receptor A alone and receptor B alone respond to (``d50`` in
    (0, 1e12] molecules per cell; ``hill`` in [0.5, 10])."""
    check_instance("tissue", tissue, TissueAntigens)
    check_number("d50", d50, 0.0, 1e12, low_open=True)

    def one(median: float, sigma: float, lacking: float) -> float:
        if median <= 0:
            return 0.0
        return (1.0 - lacking) * float(lognormal_mean_response(median, sigma, d50, hill))

    return one(tissue.median_a, tissue.sigma_a, tissue.lacking_a), one(tissue.median_b, tissue.sigma_b, tissue.lacking_b)


def gate_response(gate: str, tissue: TissueAntigens, d50: float, hill: float = 2.0) -> float:
    """Fraction of the tissue's cells a logic gate responds to (see the formulas above); ``gate`` in :data:`GATES`."""
    if not isinstance(gate, str) or gate not in GATES:
        raise ValueError(f"gate must be one of {', '.join(GATES)}; got {gate!r}")
    a, b = single_responses(tissue, d50, hill)
    return {"A": a, "B": b, "AND": a * b, "OR": 1.0 - (1.0 - a) * (1.0 - b), "NOT": a * (1.0 - b)}[gate]
