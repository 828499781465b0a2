"""Analytic limits and published checks of the vein-to-vein model (helpers.models.journey)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from helpers.models.journey import (
    DAYS_PER_MONTH,
    fraction_infused,
    hazard_from_median,
    intention_to_treat,
    journey,
)

WAITS = np.array([0.0, 7.0, 30.0, 54.0, 120.0])


def test_no_hazard_and_no_failure_means_everyone_is_infused():
    assert np.allclose(fraction_infused(WAITS, 0.0), 1.0)


def test_half_are_lost_after_waiting_the_median():
    h = hazard_from_median(6.3)
    assert float(fraction_infused(6.3 * DAYS_PER_MONTH, h)) == pytest.approx(0.5)


def test_without_failures_the_share_infused_is_exponential_in_the_wait():
    h = 0.004
    assert np.allclose(fraction_infused(WAITS, h), np.exp(-h * WAITS))


def test_failures_scale_the_share_and_remanufacture_adds_the_second_run():
    h, f = 0.004, 0.1
    once = fraction_infused(WAITS, h, f)
    twice = fraction_infused(WAITS, h, f, remanufacture=True)
    assert np.allclose(once, (1 - f) * np.exp(-h * WAITS))
    assert np.allclose(twice - once, f * (1 - f) * np.exp(-2 * h * WAITS))
    assert float(fraction_infused(30.0, h, 1.0, True)) == 0.0


def test_bridging_that_halves_the_hazard_equals_halving_the_wait():
    h = hazard_from_median(6.3)
    assert float(fraction_infused(54.0, h, bridging_hr=0.5)) == pytest.approx(float(fraction_infused(27.0, h)))


@pytest.mark.parametrize("again", [False, True])
def test_the_cohort_is_conserved_and_ends_at_the_share_infused(again):
    days = np.linspace(0.0, 200.0, 401)
    run = journey(days, 40.0, 0.005, 0.15, again, 0.8)
    total = run.waiting + run.infused + run.lost_disease + run.lost_failure
    assert np.allclose(total, 1.0)
    assert np.all(np.diff(run.infused) >= -1e-12) and np.all(np.diff(run.lost_disease) >= -1e-12)
    assert run.final_infused == pytest.approx(float(fraction_infused(40.0, 0.005, 0.15, again, 0.8)))


def test_intention_to_treat_counts_the_never_infused_as_non_responders():
    assert intention_to_treat(0.52, 0.69) == pytest.approx(0.3588)


def test_the_exponential_fits_scholar1_median_but_not_its_long_survivors():
    """SCHOLAR-1 (Crump et al. 2017): median overall survival 6.3 months, 20 % alive at 2 years. A constant hazard
    with that median leaves only about 7 % at 2 years: fine for the weeks of a wait, not for the long tail."""
    h = hazard_from_median(6.3)
    two_years = math.exp(-h * 2 * 365.25)
    assert 0.06 < two_years < 0.08 < 0.20


@pytest.mark.parametrize("bad", [dict(median_months=0.0), dict(median_months=-1.0), dict(median_months=math.nan)])
def test_bad_medians_are_rejected(bad):
    with pytest.raises(ValueError, match="median_months"):
        hazard_from_median(**bad)
