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
