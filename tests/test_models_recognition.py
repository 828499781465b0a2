"""Recognition models: analytic limits, a direct simulation of the proofreading chain, bad input."""

import math

import numpy as np
import pytest

from helpers.models.recognition import (
    discrimination,
    dissociation_constant,
    half_life,
    limited_signalling_fraction,
    mean_time_to_signal,
    occupancy,
    occupancy_depleted,
    proofreading_fraction,
    simulate_proofreading,
)


def test_kd_and_half_life():
    assert dissociation_constant(1e5, 1.0) == pytest.approx(1e-5)
    assert half_life(math.log(2)) == pytest.approx(1.0)


def test_occupancy_is_half_at_kd_and_monotone():
    assert float(occupancy(3e-6, 3e-6)) == pytest.approx(0.5)
    ligand = np.geomspace(1e-12, 1e-3, 50)
    occ = occupancy(ligand, 1e-7)
    assert np.all(np.diff(occ) > 0) and occ[0] < 1e-4 and occ[-1] > 0.999
    # higher affinity (smaller K_D) never lowers occupancy
    assert np.all(occupancy(ligand, 1e-9) >= occupancy(ligand, 1e-6))


def test_quadratic_tends_to_simple_occupancy_when_receptors_are_scarce():
    ligand = np.geomspace(1e-10, 1e-5, 30)
    exact = occupancy_depleted(1e-15, ligand, 1e-7)
    assert np.allclose(exact, occupancy(ligand, 1e-7), rtol=1e-6)


def test_quadratic_solves_the_mass_balance_and_is_depleted_when_receptors_abound():
    rt, kd = 1e-6, 1e-8
    lt = np.array([1e-9, 5e-7, 1e-6, 2e-6])
    frac = occupancy_depleted(rt, lt, kd)
    c = frac * rt
    assert np.allclose(c * kd, (rt - c) * (lt - c), rtol=1e-8, atol=1e-30)  # K_D C = R L at equilibrium
    assert np.all(c <= np.minimum(rt, lt) + 1e-20)
    assert frac[0] == pytest.approx(1e-9 / 1e-6, rel=0.02)  # ligand-limited: almost all ligand bound


def test_proofreading_reduces_to_binding_at_zero_steps():
    assert np.allclose(proofreading_fraction([0.01, 1.0, 100.0], 1.0, 0), 1.0)


def test_discrimination_grows_with_steps_and_tends_to_the_off_rate_ratio():
    koff_foreign, koff_self = 0.05, 0.5
    ratios = [discrimination(koff_foreign, koff_self, 0.3, n) for n in range(6)]
    assert ratios[0] == 1.0 and all(b > a for a, b in zip(ratios, ratios[1:]))
    for n in (1, 3, 5):  # k_p much smaller than both off-rates
        assert discrimination(koff_foreign, koff_self, 1e-6, n) == pytest.approx((koff_self / koff_foreign) ** n, rel=1e-3)


def test_proofreading_costs_sensitivity_and_time():
    signals = [float(proofreading_fraction(0.05, 0.3, n)) for n in range(6)]
    assert all(b < a for a, b in zip(signals, signals[1:]))
    assert mean_time_to_signal(0.3, 4) == pytest.approx(4 / 0.3)


def test_limited_signalling_reduces_to_proofreading_without_decay():
    koff = np.array([0.01, 0.1, 1.0])
    assert np.allclose(limited_signalling_fraction(koff, 0.5, 3, 0.0), proofreading_fraction(koff, 0.5, 3))


def test_limited_signalling_makes_an_optimal_off_rate():
    """With limited signalling, very stable bonds signal less again: the response is bell-shaped in k_off."""
    koff = np.geomspace(1e-4, 1e2, 200)
    signal = limited_signalling_fraction(koff, 1.0, 2, 0.1)
    peak = int(np.argmax(signal))
    assert 0 < peak < len(koff) - 1


@pytest.mark.parametrize("koff, kp, n, phi", [(0.5, 1.0, 0, 0.0), (0.2, 1.0, 3, 0.0), (1.0, 0.5, 2, 0.0),
                                             (0.2, 1.0, 3, 0.5), (0.05, 0.3, 4, 2.0)])
def test_simulation_agrees_with_the_formula(koff, kp, n, phi):
    """The mean of 6 independent simulations lies within 5 standard errors of the formula."""
    runs = np.array([simulate_proofreading(koff, kp, n, phi, bindings=20_000, seed=s) for s in range(6)])
    expected = float(limited_signalling_fraction(koff, kp, n, phi))
    standard_error = runs.std(ddof=1) / math.sqrt(runs.size)
    assert abs(runs.mean() - expected) <= 5 * standard_error + 1e-12


def test_swapped_factor_would_be_caught():
    """The factor phi/(k_off+phi) in place of k_off/(k_off+phi) disagrees with the simulation."""
    koff, kp, n, phi = 0.2, 1.0, 3, 0.5
    simulated = simulate_proofreading(koff, kp, n, phi, bindings=40_000, seed=3)
    swapped = float(proofreading_fraction(koff, kp, n)) * phi / (koff + phi)
    assert abs(simulated - swapped) > 0.1


def test_simulation_is_seeded():
    assert simulate_proofreading(0.3, 1.0, 2, bindings=2000, seed=5) == simulate_proofreading(0.3, 1.0, 2, bindings=2000, seed=5)


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: occupancy(-1e-9, 1e-7), "ligand_m"),
        (lambda: occupancy(1e-9, 0), "kd_m"),
        (lambda: occupancy(float("nan"), 1e-7), "ligand_m"),
        (lambda: occupancy_depleted(0, 1e-9, 1e-7), "receptor_total_m"),
        (lambda: proofreading_fraction(0.1, 1.0, -1), "n_steps"),
        (lambda: proofreading_fraction(0.1, 1.0, 2.5), "n_steps"),
        (lambda: proofreading_fraction(0.0, 1.0, 2), "k_off"),
        (lambda: proofreading_fraction(0.1, float("inf"), 2), "k_p"),
        (lambda: limited_signalling_fraction(0.1, 1.0, 2, -0.1), "phi"),
        (lambda: dissociation_constant(0, 1), "k_on"),
        (lambda: half_life(-2), "k_off"),
    ],
)
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(ValueError, match=name):
        call()


# --- antigen density ---------------------------------------------------------------------------------
from helpers.models.recognition import (  # noqa: E402
    activation_probability,
    engaged_fraction,
    half_max_density,
    lognormal_mean_response,
    tradeoff_curve,
)


def test_half_max_density_is_where_half_respond():
    d50 = half_max_density(200, 1e-8, 1e-8)
    assert d50 == pytest.approx(400)
    assert float(activation_probability(d50, 200, 1e-8, 1e-8)) == pytest.approx(0.5)


def test_high_affinity_saturates_the_threshold_and_low_affinity_raises_it():
    assert half_max_density(3, 1e-12, 1e-6) == pytest.approx(3, rel=1e-5)
    assert half_max_density(3, 1e-4, 1e-6) == pytest.approx(3 * 101)
    assert engaged_fraction(1e-6, 1e-6) == 0.5


def test_more_antigen_or_more_affinity_never_lowers_activation():
    density = np.geomspace(1, 1e6, 100)
    p = activation_probability(density, 200, 1e-8, 1e-8)
    assert np.all(np.diff(p) >= 0)
    for kd_hi, kd_lo in [(1e-6, 1e-8), (1e-8, 1e-10)]:
        assert np.all(activation_probability(density, 200, kd_lo, 1e-8) >= activation_probability(density, 200, kd_hi, 1e-8))


def test_lognormal_response_matches_monte_carlo_and_limits():
    rng = np.random.default_rng(11)
    samples = 5000 * np.exp(0.8 * rng.standard_normal(400_000))
    for d50 in (500.0, 5000.0, 50000.0):
        mc = np.mean((samples / d50) ** 2 / ((samples / d50) ** 2 + 1))
        assert float(lognormal_mean_response(5000, 0.8, d50)) == pytest.approx(mc, abs=3e-3)
    # no spread: the response of the median cell
    assert float(lognormal_mean_response(1000, 0.0, 1000)) == pytest.approx(0.5)
    # symmetric in log space: half the cells respond when the threshold sits at the median
    assert float(lognormal_mean_response(1000, 1.5, 1000)) == pytest.approx(0.5, abs=1e-9)


def test_tradeoff_curve_is_monotone_and_favours_the_tumour_when_it_carries_more_antigen():
    grid = np.geomspace(10, 1e6, 60)
    hit, killed = tradeoff_curve(20_000, 0.7, 2_000, 0.7, grid)
    assert np.all(np.diff(hit) <= 0) and np.all(np.diff(killed) <= 0)
    assert np.all(killed >= hit)
    same_hit, same_killed = tradeoff_curve(5000, 0.7, 5000, 0.7, grid)  # CD19-like: same antigen on both
    assert np.allclose(same_hit, same_killed)


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: activation_probability(-1, 200, 1e-8, 1e-8), "density"),
        (lambda: activation_probability(10, 0, 1e-8, 1e-8), "n_star"),
        (lambda: activation_probability(10, 200, 1e-8, 1e-8, hill=0), "hill"),
        (lambda: lognormal_mean_response(0, 1, 100), "median"),
        (lambda: lognormal_mean_response(100, -1, 100), "sigma_ln"),
        (lambda: tradeoff_curve(100, 1, 100, 1, [0, 1]), "d50_grid"),
    ],
)
def test_density_bad_input(call, name):
    with pytest.raises(ValueError, match=name):
        call()
