"""Killing models: assay (exact solution vs ODE, limits), CARRGO (logistic limit, equilibrium,
stability, non-negativity), cytokines, and the spatial agent-based model."""

import math

import numpy as np
import pytest
from scipy.integrate import solve_ivp

from helpers.models.killing import (
    CarrgoParams,
    bystander_activation,
    carrgo_equilibrium,
    simulate_carrgo,
    specific_lysis,
    surviving_targets,
)
from helpers.models.spatial import EMPTY, EXHAUSTED, T_CELL, TUMOUR, SpatialParams, simulate, simulate_loop

# --- killing assay ---------------------------------------------------------------------------------


@pytest.mark.parametrize("ratio, k, th", [(1.0, 0.5, 1e4), (10.0, 0.2, 2e3), (0.3, 1.0, 5e4)])
def test_assay_solution_matches_the_ode(ratio, k, th):
    t0 = 1e4
    hours = np.linspace(0, 24, 25)
    exact = surviving_targets(hours, t0, ratio, k, th)
    ode = solve_ivp(lambda _t, y: -k * ratio * t0 * y / (y + th), (0, 24), [t0], t_eval=hours, rtol=1e-10, atol=1e-8)
    assert np.allclose(exact, ode.y[0], rtol=1e-6, atol=1e-4)


def test_assay_limits_mass_action_and_saturation():
    t0, k, ratio = 1e4, 0.5, 1.0
    hours = np.linspace(0, 5, 6)
    huge_th = 1e9
    assert np.allclose(surviving_targets(hours, t0, ratio, k, huge_th), t0 * np.exp(-k * ratio * t0 * hours / huge_th),
                       rtol=1e-4)
    tiny_th = 1e-3  # every effector works flat out: linear decline until targets run out
    early = np.array([0.0, 0.5, 1.0])
    assert np.allclose(surviving_targets(early, t0, 0.1, k, tiny_th), t0 - k * 0.1 * t0 * early, rtol=1e-5)


def test_no_effectors_no_lysis_and_lysis_rises_and_saturates_with_et():
    assert np.all(specific_lysis(np.linspace(0, 48, 10), 1e4, 0.0, 0.5, 1e4) == 0)
    ratios = [0.1, 0.3, 1, 3, 10, 30]
    lysis = [float(specific_lysis(4.0, 1e4, r, 0.5, 1e4)) for r in ratios]
    assert all(b > a for a, b in zip(lysis, lysis[1:]))
    assert lysis[-1] <= 100 and lysis[-1] - lysis[-2] < lysis[1] - lysis[0]  # diminishing returns


@pytest.mark.parametrize("call, name", [
    (lambda: surviving_targets(-1, 1e4, 1, 0.5, 1e4), "hours"),
    (lambda: surviving_targets(1, 0, 1, 0.5, 1e4), "targets0"),
    (lambda: surviving_targets(1, 1e4, -1, 0.5, 1e4), "effector_ratio"),
    (lambda: surviving_targets(1, 1e4, 1, 0, 1e4), "kill_rate_per_h"),
    (lambda: surviving_targets(1, 1e4, 1, 0.5, float("nan")), "half_saturation"),
])
def test_assay_bad_input(call, name):
    with pytest.raises(ValueError, match=name):
        call()


# --- CARRGO --------------------------------------------------------------------------------------------
P = CarrgoParams(rho=0.2, capacity=1e10, kappa1=2e-9, kappa2=1e-10, theta=0.1)


def test_without_car_t_the_tumour_grows_logistically():
    run = simulate_carrgo(P, 1e6, 0.0, 200)
    expected = P.capacity / (1 + (P.capacity / 1e6 - 1) * np.exp(-P.rho * run.days))
    assert np.allclose(run.tumour, expected, rtol=1e-4)
    assert run.outcome == "escaped" and np.all(run.car_t == 0)
    # the integrator, with CAR-T cells that cannot expand (kappa2 K < theta), follows the same curve
    unable = CarrgoParams(rho=0.2, capacity=1e10, kappa1=2e-9, kappa2=1e-12, theta=0.1)
    integrated = simulate_carrgo(unable, 1e6, 1e-6, 200)
    assert np.allclose(integrated.tumour, expected, rtol=1e-4)


def test_integration_agrees_with_solve_ivp():
    """The compiled integrator used by the explorer agrees with an independent solve_ivp solution."""
    from helpers.models.killing import carrgo_rhs

    run = simulate_carrgo(P, 5e8, 1e6, 300, samples=301)
    ref = solve_ivp(carrgo_rhs(P), (0, 300), [5e8, 1e6], t_eval=run.days, method="Radau", rtol=1e-10, atol=1e-6)
    assert np.allclose(np.log(run.tumour), np.log(ref.y[0]), atol=2e-3)
    assert np.allclose(np.log(run.car_t), np.log(ref.y[1]), atol=2e-3)


def test_equilibrium_formula_and_stability():
    eq = carrgo_equilibrium(P)
    assert eq.exists and eq.tumour == pytest.approx(P.theta / P.kappa2)
    assert eq.car_t == pytest.approx(P.rho * (1 - eq.tumour / P.capacity) / P.kappa1)
    from helpers.models.killing import carrgo_rhs

    assert np.allclose(carrgo_rhs(P)(0, np.array([eq.tumour, eq.car_t])), 0, atol=1e-6)
    eigenvalues = np.linalg.eigvals(eq.jacobian)
    assert np.all(eigenvalues.real < 0)
    # numerical Jacobian agrees with the analytic one
    f = carrgo_rhs(P)
    x = np.array([eq.tumour, eq.car_t])
    numeric = np.column_stack([(f(0, x + d) - f(0, x - d)) / (2 * d[d > 0][0]) for d in np.diag(x * 1e-6)])
    assert np.allclose(numeric, eq.jacobian, rtol=1e-4, atol=1e-12)


def test_trajectory_approaches_a_stable_coexistence():
    run = simulate_carrgo(P, 5e8, 1e6, 2000, samples=2000)
    eq = carrgo_equilibrium(P)
    assert run.outcome == "controlled"
    assert run.tumour[-1] == pytest.approx(eq.tumour, rel=0.05)


def test_solutions_stay_non_negative_and_strong_therapy_eliminates():
    strong = CarrgoParams(rho=0.1, capacity=1e10, kappa1=1e-8, kappa2=1e-8, theta=0.1)
    run = simulate_carrgo(strong, 1e9, 1e8, 365)
    assert run.outcome == "eliminated" and run.eliminated_day is not None
    for series in (run.tumour, run.car_t, run.cytokine):
        assert np.all(series >= 0) and np.all(np.isfinite(series))
    after = run.days > run.eliminated_day
    assert np.all(run.tumour[after] == 0)
    assert np.all(np.diff(run.car_t[after]) <= 0)  # no tumour: CAR-T cells only decline


def test_equilibrium_above_capacity_means_escape():
    weak = CarrgoParams(rho=0.2, capacity=1e9, kappa1=1e-10, kappa2=1e-11, theta=0.5)
    assert not carrgo_equilibrium(weak).exists
    assert simulate_carrgo(weak, 1e8, 1e7, 365).outcome == "escaped"


def test_cytokines_follow_killing_and_bystanders_saturate():
    run = simulate_carrgo(P, 5e8, 1e7, 200)
    assert run.cytokine.max() > 0
    off = simulate_carrgo(P, 5e8, 1e7, 200, cytokine_secretion=0.0)
    assert np.all(off.cytokine == 0)
    act = bystander_activation([0, 1, 1e9], 1.0)
    assert act[0] == 0 and act[1] == 0.5 and act[2] < 1


@pytest.mark.parametrize("kwargs, name", [
    (dict(rho=-1, capacity=1e9, kappa1=1e-9, kappa2=1e-9, theta=0.1), "rho"),
    (dict(rho=0.1, capacity=0, kappa1=1e-9, kappa2=1e-9, theta=0.1), "capacity"),
    (dict(rho=0.1, capacity=1e9, kappa1=float("nan"), kappa2=1e-9, theta=0.1), "kappa1"),
    (dict(rho=0.1, capacity=1e9, kappa1=1e-9, kappa2=1e-9, theta=0), "theta"),
])
def test_carrgo_bad_params(kwargs, name):
    with pytest.raises(ValueError, match=name):
        CarrgoParams(**kwargs)


def test_carrgo_bad_initial_state():
    with pytest.raises(ValueError, match="tumour0"):
        simulate_carrgo(P, 0.5, 1e6, 10)
    with pytest.raises(ValueError, match="car_t0"):
        simulate_carrgo(P, 1e6, -1, 10)


# --- spatial model --------------------------------------------------------------------------------
SMALL = SpatialParams(size=40, tumour_radius=8, t_cells=40, steps=60, seed=3)


@pytest.mark.parametrize("run", [simulate, simulate_loop])
def test_no_t_cells_no_kills(run):
    result = run(SpatialParams(size=30, tumour_radius=5, t_cells=0, steps=40, seed=1))
    assert np.all(result.kills == 0) and np.all(result.contacts == 0)
    assert np.all(np.diff(result.tumour) >= 0)  # the tumour only grows


@pytest.mark.parametrize("run", [simulate, simulate_loop])
def test_same_seed_same_result(run):
    a, b = run(SMALL), run(SMALL)
    assert np.array_equal(a.frames, b.frames) and np.array_equal(a.kills, b.kills)
    c = run(SpatialParams(**{**SMALL.__dict__, "seed": 4}))
    assert not np.array_equal(a.frames, c.frames)


@pytest.mark.parametrize("run", [simulate, simulate_loop])
def test_cells_never_overlap_and_counts_match_frames(run):
    result = run(SMALL)
    frames = result.frames
    assert set(np.unique(frames)) <= {EMPTY, TUMOUR, T_CELL, EXHAUSTED}
    for i in range(0, SMALL.steps + 1, 10):
        f = frames[i]
        assert np.count_nonzero(f == TUMOUR) == result.tumour[i]
        # every T cell occupies its own site: the frame shows exactly t_cells T sites
        assert np.count_nonzero((f == T_CELL) | (f == EXHAUSTED)) == result.t_cells[i]
        assert np.count_nonzero(f == EXHAUSTED) == result.exhausted[i]


@pytest.mark.parametrize("run", [simulate, simulate_loop])
def test_kills_never_exceed_contacts(run):
    result = run(SMALL)
    assert np.all(result.kills <= result.contacts)
    assert np.all(np.diff(result.kills) >= 0)
    assert result.kills[-1] > 0


def test_exhaustion_limit_is_respected():
    result = simulate(SpatialParams(size=40, tumour_radius=10, t_cells=30, steps=150, max_kills=1, p_kill=1.0,
                                    p_divide_after_kill=0.0, seed=2))
    assert result.kills[-1] <= 30  # each of the 30 T cells kills at most once
    assert result.exhausted[-1] == result.kills[-1]


def test_vectorised_and_loop_agree_statistically():
    """Different random streams, same rules: mean outcomes over seeds agree within sampling error."""
    def final(run, seed):
        r = run(SpatialParams(size=40, tumour_radius=8, t_cells=40, steps=60, seed=seed))
        return r.tumour[-1], r.kills[-1]

    vec = np.array([final(simulate, s) for s in range(8)])
    loop = np.array([final(simulate_loop, s) for s in range(8)])
    for j in range(2):
        spread = math.sqrt(vec[:, j].var(ddof=1) / 8 + loop[:, j].var(ddof=1) / 8)
        assert abs(vec[:, j].mean() - loop[:, j].mean()) <= 4 * spread + 1


def test_a_100x100_lattice_for_300_steps_takes_under_a_second():
    import time

    started = time.perf_counter()
    simulate(SpatialParams(size=100, steps=300))
    assert time.perf_counter() - started < 1.0


def test_spatial_bad_input():
    with pytest.raises(ValueError, match="p_kill"):
        SpatialParams(p_kill=1.5)
    with pytest.raises(ValueError, match="max_kills"):
        SpatialParams(max_kills=0)


def test_claim_gives_each_contested_site_to_one_claimant_chosen_uniformly():
    from helpers.models.spatial import _claim

    rng = np.random.default_rng(3)
    targets = np.array([5, 5, 5, 7, 9, 9])  # three claim site 5, one site 7, two site 9
    scratch = np.zeros(16, dtype=np.int64)
    wins = np.zeros(targets.size)
    for _ in range(3000):
        won = _claim(targets, rng.random(targets.size), scratch)
        assert sorted(targets[won]) == [5, 7, 9]  # exactly one winner per site
        wins += won
    assert wins[3] == 3000  # an uncontested claimant always wins
    np.testing.assert_allclose(wins[:3] / 3000, 1 / 3, atol=0.04)
    np.testing.assert_allclose(wins[4:] / 3000, 1 / 2, atol=0.04)
    # equal random numbers still give one winner (the index breaks the tie)
    assert _claim(np.array([2, 2]), np.array([0.5, 0.5]), scratch).sum() == 1
