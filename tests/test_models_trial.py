"""The virtual trial and one patient's course (notebook 05): built from the kinetics, killing and toxicity models,
checked against an independent ODE integration, its calibrations, and its sampling behaviour."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.integrate import quad

from helpers.data import crs_trials, journey_trials, trial_results
from helpers.models import trial
from helpers.models.killing import log_tumour_change
from helpers.models.kinetics import STEIN_2019, KineticsParams, car_t_exposure, car_t_level, sample_cohort
from helpers.models.toxicity import severe_crs_probability, window_curves


@pytest.mark.parametrize("t", [0.0, 3.0, 9.3, 30.0, 400.0, 3000.0])
def test_exposure_is_the_area_under_the_level(t):
    area = quad(lambda x: float(car_t_level(x)), 0.0, t, points=[9.3] if t > 9.3 else None, limit=400)[0]
    assert float(car_t_exposure(t)) == pytest.approx(area, rel=1e-7, abs=1e-9)


def test_exposure_with_no_slow_decline_grows_linearly():
    p = KineticsParams(1e4, 5.0, 100.0, 0.5, 0.1, 0.0)
    late = car_t_exposure([1000.0, 2000.0], p)
    assert late[1] - late[0] == pytest.approx(1e4 * 0.1 * 1000.0, rel=1e-9)


def test_cohort_exposure_matches_one_patient():
    cohort = sample_cohort(5, seed=3)
    t = np.array([2.0, 20.0, 200.0])
    for i in range(5):
        assert np.allclose(cohort.exposure(t)[i], car_t_exposure(t, cohort.patient(i)))


def test_log_tumour_change_limits():
    assert float(log_tumour_change(10.0, 0.0, 1e-4, 0.05)) == pytest.approx(0.5)
    assert float(log_tumour_change(0.0, 1e5, 1e-4, 0.05)) == pytest.approx(-10.0)
    with pytest.raises(ValueError, match="kill_per_exposure"):
        log_tumour_change(1.0, 1.0, -1.0, 0.05)
    with pytest.raises(ValueError, match="broadcast"):
        log_tumour_change(np.ones(3), np.ones(2), 1e-4, 0.05)


def test_severe_crs_probability_is_the_window_model():
    doses = np.geomspace(0.1, 10.0, 9)
    curves = window_curves(doses, burden=2.0)
    assert np.allclose(severe_crs_probability(doses, 2.0), curves.severe_crs)
    with pytest.raises(ValueError, match="burden"):
        severe_crs_probability(1.0, -1.0)


def test_patient_ode_agrees_with_the_closed_form():
    cohort = sample_cohort(8, seed=11)
    t = np.arange(0.0, 366.0, 0.5)
    for i in range(8):
        p = cohort.patient(i)
        closed = log_tumour_change(t, 1.3 * car_t_exposure(t, p), trial.KILL_PER_EXPOSURE, trial.GROWTH_PER_DAY)
        assert np.allclose(trial.patient_ode(p, 1.3, t), closed, atol=1e-4, rtol=1e-6)


def test_vectorised_trial_equals_the_per_patient_loop():
    fast = trial.simulate_trial(25, seed=4, spread=1.2, dose=0.8, infused_share=0.9)
    slow = trial.simulate_trial_loop(25, seed=4, spread=1.2, dose=0.8, infused_share=0.9)
    for name in ("infused", "response", "eradicated", "remission_1y", "severe_crs"):
        assert np.array_equal(getattr(fast, name), getattr(slow, name)), name
    assert np.allclose(fast.best_log10, slow.best_log10, atol=1e-5)
    assert np.allclose(fast.p_severe, slow.p_severe)


def test_a_fixed_seed_gives_a_fixed_cohort_and_another_seed_another():
    a, b = trial.simulate_trial(200, seed=5), trial.simulate_trial(200, seed=5)
    c = trial.simulate_trial(200, seed=6)
    assert np.array_equal(a.best_log10, b.best_log10) and np.array_equal(a.severe_crs, b.severe_crs)
    assert not np.array_equal(a.best_log10, c.best_log10)


def test_rates_converge_to_the_models_expected_rate():
    expected = trial.simulate_trial(100_000, seed=99).rate("response")
    errors = {n: np.mean([abs(trial.simulate_trial(n, seed=s).rate("response") - expected) for s in range(40)])
              for n in (25, 400, 6400)}
    assert errors[25] > errors[400] > errors[6400]
    # the spread of a binomial rate: sqrt(p(1-p)/n) times sqrt(2/pi) for the mean absolute error
    assert errors[6400] == pytest.approx(math.sqrt(2 / math.pi * expected * (1 - expected) / 6400), rel=0.5)


def test_calibrations_reproduce_eliana_and_the_label():
    """kappa gives ELIANA's 81 % response; the burden scale gives the label's severe-CRS rate (both +- 1.5 points)."""
    big = trial.simulate_trial(100_000, seed=7)
    eliana = next(r for r in trial_results() if r.label == "ELIANA (2018)")
    label = next(t for t in crs_trials() if t.trial == "ELIANA")
    assert 100 * big.rate("response") == pytest.approx(eliana.orr_pct, abs=1.5)
    assert 100 * big.rate("severe_crs") == pytest.approx(label.crs_grade3plus_pct, abs=1.5)


def test_infused_share_is_the_trials():
    eliana = next(t for t in journey_trials() if t.short == "ELIANA")
    big = trial.simulate_trial(50_000, seed=8, infused_share=eliana.infused / eliana.enrolled)
    assert big.n_infused / big.n == pytest.approx(eliana.infused / eliana.enrolled, abs=0.01)


def test_identical_patients_all_do_the_same():
    t = trial.simulate_trial(300, seed=1, spread=0.0)
    assert t.rate("response") in (0.0, 1.0)
    assert np.ptp(t.best_log10) == 0.0


def test_dose_raises_both_response_and_severe_crs():
    low, high = (trial.simulate_trial(20_000, seed=2, dose=d) for d in (0.5, 2.0))
    assert high.rate("response") > low.rate("response")
    assert high.rate("severe_crs") > low.rate("severe_crs")


def test_rates_with_nobody_infused_are_zero_not_nan():
    t = trial.simulate_trial(30, seed=1, infused_share=0.0)
    assert t.n_infused == 0 and t.rate("response") == 0.0
    with pytest.raises(ValueError, match="outcome"):
        t.rate("cure")


@pytest.mark.parametrize("kwargs, name", [({"n": 0}, "n"), ({"spread": 3.0}, "spread"), ({"dose": 0.0}, "dose"),
                                          ({"infused_share": 1.5}, "infused_share"), ({"seed": -1}, "seed")])
def test_bad_trial_input_is_rejected(kwargs, name):
    with pytest.raises(ValueError, match=name):
        trial.simulate_trial(**{"n": 10, **kwargs})


def test_patient_course_outcomes():
    assert trial.patient_course().outcome == "CD19-positive relapse"
    p = STEIN_2019
    lasting = KineticsParams(p.cmax, p.tmax_days, p.fold_expansion, p.alpha_per_day, 0.03, p.beta_per_day)
    assert trial.patient_course(lasting).outcome == "remission"
    escaped = trial.patient_course(lasting, negative_share=1e-6)
    assert escaped.outcome == "CD19-negative relapse"
    # antigen-negative cells reach 1e-4 of the start after ln(1e-4 / 1e-6) / r days
    assert escaped.relapse_day == pytest.approx(math.log(100.0) / trial.GROWTH_PER_DAY, abs=0.5)
    assert trial.patient_course(dose=0.2).outcome == "no response"


def test_fewer_than_one_antigen_negative_cell_is_none():
    course = trial.patient_course(negative_share=1e-12, burden_cells=1e11)
    assert not np.any(course.negative_cells)


@pytest.mark.parametrize("kwargs, name", [({"dose": 20.0}, "dose"), ({"burden_cells": 1.0}, "burden_cells"),
                                          ({"negative_share": 0.5}, "negative_share"), ({"days": 5.0}, "days")])
def test_bad_course_input_is_rejected(kwargs, name):
    with pytest.raises(ValueError, match=name):
        trial.patient_course(**kwargs)
