"""CAR-T cellular kinetics (Stein et al. 2019): the published half-lives, the ODE it solves, the cohort sampler."""

import math

import numpy as np
import pytest
from scipy.integrate import solve_ivp

from helpers.models.kinetics import STEIN_2019, STEIN_2019_OMEGA2, KineticsParams, car_t_level, sample_cohort


def test_typical_values_reproduce_the_abstracts_doubling_time_and_half_lives():
    # Stein 2019 abstract: doubling time 0.78 days, initial decline half-life 4.3 days, terminal 220 days
    assert STEIN_2019.doubling_time_days == pytest.approx(0.78, abs=0.005)
    assert math.log(2) / STEIN_2019.alpha_per_day == pytest.approx(4.3, abs=0.05)
    assert math.log(2) / STEIN_2019.beta_per_day == pytest.approx(220, rel=0.02)


def test_curve_starts_at_r0_peaks_at_cmax_on_tmax_and_is_continuous():
    p = STEIN_2019
    start, peak = car_t_level([0.0, p.tmax_days])
    assert start == pytest.approx(p.cmax / p.fold_expansion) and peak == pytest.approx(p.cmax)
    eps = 1e-7
    below, above = car_t_level([p.tmax_days - eps, p.tmax_days + eps])
    assert below == pytest.approx(above, rel=1e-5)
    t = np.linspace(0, 400, 2001)
    c = car_t_level(t)
    assert t[np.argmax(c)] == pytest.approx(p.tmax_days, abs=0.2)


def test_decline_matches_the_two_compartment_ode():
    p = STEIN_2019
    k = p.fraction_slow * (p.alpha_per_day - p.beta_per_day)

    def rhs(_t, y):
        e, m = y
        return [-p.alpha_per_day * e, k * e - p.beta_per_day * m]

    after = np.array([0.0, 5.0, 30.0, 100.0, 365.0])
    sol = solve_ivp(rhs, (0, after[-1]), [p.cmax, 0.0], t_eval=after, rtol=1e-10, atol=1e-12)
    assert np.allclose(car_t_level(p.tmax_days + after), sol.y.sum(axis=0), rtol=1e-6)


def test_late_decline_follows_the_slow_phase():
    p = STEIN_2019
    late = car_t_level([200.0, 400.0])
    assert late[1] / late[0] == pytest.approx(math.exp(-p.beta_per_day * 200.0), rel=1e-4)


def test_no_slow_fraction_means_no_persistence():
    p = KineticsParams(cmax=1e4, tmax_days=10.0, fold_expansion=1e3, alpha_per_day=0.2, fraction_slow=0.0,
                       beta_per_day=0.003)
    assert car_t_level(110.0, p) == pytest.approx(1e4 * math.exp(-0.2 * 100))


def test_cohort_is_seeded_vectorised_and_matches_a_per_patient_loop():
    cohort = sample_cohort(50, seed=7)
    again = sample_cohort(50, seed=7)
    assert np.array_equal(cohort.cmax, again.cmax)
    t = np.array([0.0, 3.0, 9.3, 28.0, 180.0])
    grid = cohort.levels(t)
    assert grid.shape == (50, 5) and np.all(np.isfinite(grid)) and np.all(grid > 0)
    for i in (0, 17, 49):
        one = KineticsParams(cohort.cmax[i], cohort.tmax_days[i], cohort.fold_expansion[i], cohort.alpha_per_day[i],
                             cohort.fraction_slow[i], cohort.beta_per_day[i])
        assert np.allclose(grid[i], car_t_level(t, one))


def test_cohort_spread_zero_is_the_typical_patient_and_spread_follows_omega():
    flat = sample_cohort(10, spread=0.0)
    assert np.allclose(flat.cmax, STEIN_2019.cmax) and np.allclose(flat.beta_per_day, STEIN_2019.beta_per_day)
    big = sample_cohort(20_000, seed=1)
    assert np.std(np.log(big.cmax)) == pytest.approx(math.sqrt(STEIN_2019_OMEGA2["cmax"]), rel=0.03)
    assert np.median(big.tmax_days) == pytest.approx(STEIN_2019.tmax_days, rel=0.03)
    assert np.all(big.fold_expansion > 1) and np.all(big.fraction_slow <= 1)


@pytest.mark.parametrize("field, value", [("cmax", 0.0), ("tmax_days", -1.0), ("fold_expansion", 1.0),
                                          ("alpha_per_day", 0.0), ("fraction_slow", 1.5), ("beta_per_day", -0.1)])
def test_params_reject_bad_values(field, value):
    kwargs = {**STEIN_2019.__dict__, field: value}
    with pytest.raises(ValueError, match=field):
        KineticsParams(**kwargs)


def test_functions_reject_bad_input():
    with pytest.raises(ValueError, match="t_days"):
        car_t_level([-1.0])
    with pytest.raises(TypeError, match="params"):
        car_t_level([1.0], params="typical")
    with pytest.raises(ValueError, match="n"):
        sample_cohort(0)
    with pytest.raises(ValueError, match="spread"):
        sample_cohort(10, spread=3.0)
