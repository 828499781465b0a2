"""Cytotoxic killing: killing assays, tumour–CAR-T population dynamics (CARRGO), cytokines, and a
spatial agent-based model.

Units: cells (counts), hours for assays, days for population dynamics, lattice steps for the spatial
model.

Killing assay
    Effectors E (constant over an assay) kill targets T with a saturating rate: each effector kills at
    most ``k`` targets per hour, at half that rate when ``T = T_half`` targets are present
    (mass action with a handling time, i.e. a Holling type II response):

        dT/dt = -k E T / (T + T_half)

    Separating variables gives ``T + T_half ln T = T0 + T_half ln T0 - k E t``; with ``u = T / T_half``
    this is ``u + ln u = z`` whose solution is the Wright omega function, ``u = omega(z)``
    (``scipy.special.wrightomega``), exact and overflow-free. Limits: for ``T_half >> T`` killing is
    first order, ``T = T0 exp(-k E t / T_half)`` (mass action); for ``T_half << T`` every effector works
    flat out and ``T = T0 - k E t``. "% specific lysis" is ``100 (1 - T/T0)``: the teaching model has
    no spontaneous target death, which real assays subtract.

CARRGO (Sahoo et al. 2020, J R Soc Interface 17:20190734, https://doi.org/10.1098/rsif.2019.0734)
    Tumour x grows logistically and is killed by CAR-T cells y, which expand on killing (net of
    exhaustion) and die:

        dx/dt = rho x (1 - x/K) - kappa1 x y
        dy/dt = kappa2 x y - theta y

    Coexistence equilibrium: ``x* = theta / kappa2``, ``y* = rho (1 - x*/K) / kappa1`` (exists when
    ``x* < K``); its Jacobian ``[[-rho x*/K, -kappa1 x*], [kappa2 y*, 0]]`` has negative trace and
    positive determinant, so it is stable. Parameter values in the course are illustrative, not fitted.
    A tumour that falls below one cell is counted as eliminated (set to zero).

Cytokines (illustrative)
    Activated CAR-T cells release cytokines in proportion to killing: ``dc/dt = sigma kappa1 x y - delta c``;
    the fraction of bystander immune cells activated is ``c / (c + c_half)``. This feeds notebook 06.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.integrate import solve_ivp
from scipy.special import wrightomega

from helpers.checks import check_array, check_number

_POSITIVE = dict(low=0.0, high=math.inf, low_open=True)


# --------------------------------------------------------------------------------------------------
# Killing assay
def surviving_targets(
    hours: ArrayLike, targets0: float, effector_ratio: float, kill_rate_per_h: float, half_saturation: float
) -> NDArray[np.float64]:
    """Targets left after ``hours`` with ``effector_ratio * targets0`` effectors (exact solution).

    Parameters
    ----------
    hours : array_like
        Time since effectors were added, h, >= 0.
    targets0 : float
        Targets at the start, cells, > 0.
    effector_ratio : float
        Effector-to-target (E:T) ratio, >= 0.
    kill_rate_per_h : float
        Most targets one effector can kill per hour, > 0.
    half_saturation : float
        Targets present when each effector kills at half its maximum rate, cells, > 0.
    """
    t = check_array("hours", hours, 0.0)
    t0 = check_number("targets0", targets0, **_POSITIVE)
    ratio = check_number("effector_ratio", effector_ratio, 0.0, 1e6)
    k = check_number("kill_rate_per_h", kill_rate_per_h, **_POSITIVE)
    th = check_number("half_saturation", half_saturation, **_POSITIVE)
    effectors = ratio * t0
    u0 = t0 / th
    z = math.log(u0) + u0 - k * effectors * t / th
    u = np.real(wrightomega(z))
    return np.minimum(th * u, t0)


def specific_lysis(
    hours: ArrayLike, targets0: float, effector_ratio: float, kill_rate_per_h: float, half_saturation: float
) -> NDArray[np.float64]:
    """Percent of targets killed, ``100 (1 - T/T0)`` (no spontaneous death in this teaching model)."""
    left = surviving_targets(hours, targets0, effector_ratio, kill_rate_per_h, half_saturation)
    return 100.0 * (1.0 - left / targets0)


# --------------------------------------------------------------------------------------------------
# CARRGO
@dataclass(frozen=True)
class CarrgoParams:
    """CARRGO parameters (Sahoo et al. 2020). Units: cells and days."""

    rho: float  # tumour growth rate, 1/day
    capacity: float  # tumour carrying capacity K, cells
    kappa1: float  # killing rate, 1/(CAR-T cell · day)
    kappa2: float  # net CAR-T proliferation (proliferation minus exhaustion) per tumour cell, 1/(cell · day)
    theta: float  # CAR-T death rate, 1/day

    def __post_init__(self) -> None:
        check_number("rho", self.rho, **_POSITIVE)
        check_number("capacity", self.capacity, **_POSITIVE)
        check_number("kappa1", self.kappa1, **_POSITIVE)
        check_number("kappa2", self.kappa2, **_POSITIVE)
        check_number("theta", self.theta, **_POSITIVE)


@dataclass(frozen=True)
class CarrgoEquilibrium:
    tumour: float
    car_t: float
    exists: bool
    jacobian: NDArray[np.float64]


def carrgo_rhs(p: CarrgoParams) -> Callable[[float, NDArray[np.float64]], NDArray[np.float64]]:
    """Right-hand side ``f(t, [x, y])`` of the CARRGO equations."""

    def rhs(_t: float, state: NDArray[np.float64]) -> NDArray[np.float64]:
        x, y = state[0], state[1]
        return np.array([p.rho * x * (1 - x / p.capacity) - p.kappa1 * x * y, p.kappa2 * x * y - p.theta * y])

    return rhs


def carrgo_equilibrium(p: CarrgoParams) -> CarrgoEquilibrium:
    """Coexistence equilibrium ``x* = theta/kappa2``, ``y* = rho (1 - x*/K)/kappa1`` and its Jacobian."""
    x = p.theta / p.kappa2
    y = p.rho * (1 - x / p.capacity) / p.kappa1
    jac = np.array([[p.rho * (1 - 2 * x / p.capacity) - p.kappa1 * y, -p.kappa1 * x],
                    [p.kappa2 * y, p.kappa2 * x - p.theta]])
    return CarrgoEquilibrium(x, y, bool(x < p.capacity), jac)


@dataclass(frozen=True)
class CarrgoRun:
    days: NDArray[np.float64]
    tumour: NDArray[np.float64]
    car_t: NDArray[np.float64]
    cytokine: NDArray[np.float64]
    eliminated_day: float | None
    outcome: str  # "eliminated", "controlled" or "escaped"


def simulate_carrgo(
    p: CarrgoParams, tumour0: float, car_t0: float, days: float, *, samples: int = 400,
    cytokine_secretion: float = 1.0, cytokine_decay: float = 1.0,
) -> CarrgoRun:
    """Integrate CARRGO (with the illustrative cytokine equation) with ``scipy.integrate.solve_ivp``.

    The tumour is eliminated (set to 0) when it falls below one cell. ``outcome`` is "eliminated" if that
    happens, "escaped" if the tumour ends above half its carrying capacity, else "controlled".
    Cytokine units are arbitrary (secretion per kill, decay per day).
    """
    x0 = check_number("tumour0", tumour0, 1.0, p.capacity)
    y0 = check_number("car_t0", car_t0, 0.0, 1e13)
    horizon = check_number("days", days, **_POSITIVE)
    sigma = check_number("cytokine_secretion", cytokine_secretion, 0.0, math.inf)
    delta = check_number("cytokine_decay", cytokine_decay, **_POSITIVE)
    n = int(check_number("samples", samples, 10, 100_000))
    base = carrgo_rhs(p)

    def rhs(t: float, s: NDArray[np.float64]) -> NDArray[np.float64]:
        dx, dy = base(t, s[:2])
        return np.array([dx, dy, sigma * p.kappa1 * s[0] * s[1] - delta * s[2]])

    def below_one_cell(_t: float, s: NDArray[np.float64]) -> float:
        return s[0] - 1.0

    below_one_cell.terminal = True  # type: ignore[attr-defined]
    below_one_cell.direction = -1  # type: ignore[attr-defined]
    grid = np.linspace(0.0, horizon, n)
    sol = solve_ivp(rhs, (0.0, horizon), [x0, y0, 0.0], method="LSODA", t_eval=grid, events=below_one_cell,
                    rtol=1e-7, atol=[1e-6, 1e-6, 1e-9])
    tumour = np.zeros(n)
    car_t = np.zeros(n)
    cytokine = np.zeros(n)
    m = sol.y.shape[1]
    tumour[:m], car_t[:m], cytokine[:m] = np.maximum(sol.y, 0.0)
    eliminated = None
    if sol.status == 1 and sol.t_events[0].size:
        eliminated = float(sol.t_events[0][0])
        rest = grid[m:] - eliminated
        y_end, c_end = sol.y_events[0][0][1], sol.y_events[0][0][2]
        car_t[m:] = y_end * np.exp(-p.theta * rest)  # no tumour: CAR-T cells only die
        cytokine[m:] = c_end * np.exp(-delta * rest)
    if eliminated is not None:
        outcome = "eliminated"
    elif tumour[-1] > 0.5 * p.capacity:
        outcome = "escaped"
    else:
        outcome = "controlled"
    return CarrgoRun(grid, tumour, car_t, cytokine, eliminated, outcome)


def bystander_activation(cytokine: ArrayLike, half_activation: float) -> NDArray[np.float64]:
    """Fraction of bystander immune cells activated, ``c / (c + c_half)`` (illustrative)."""
    c = check_array("cytokine", cytokine, 0.0)
    half = check_number("half_activation", half_activation, **_POSITIVE)
    return c / (c + half)
