"""The payer arithmetic of notebook 07: cost per enrolled patient and per responder against hand calculations,
the ICER and net monetary benefit, and discounted QALYs under the cure model against their analytic limits."""

import math

import numpy as np
import pytest

from helpers.models.clinical import cure_survival
from helpers.models.economics import (CeaAnchor, cost_per_enrolled, cost_per_responder, discounted_qalys, icer,
                                      net_monetary_benefit, price_at_threshold, scaled_increment)


def test_cost_per_enrolled_patient_by_hand():
    c = cost_per_enrolled(price=400_000, infused_share=0.8, before_infusion=20_000, infusion=50_000,
                          crs_costs={"1-2": 10_000, "3+": 100_000}, crs_shares={"1-2": 0.5, "3+": 0.2})
    # everyone enrolled: 20,000; 80 % infused: 0.8 x (400,000 + 50,000 + 0.5 x 10,000 + 0.2 x 100,000)
    assert (c.before_infusion, c.product, c.infusion, c.crs) == pytest.approx((20_000, 320_000, 40_000, 20_000))
    assert c.total == pytest.approx(20_000 + 0.8 * 475_000)


def test_without_losses_or_extras_the_cost_is_the_price():
    assert cost_per_enrolled(price=373_000, infused_share=1.0).total == 373_000


def test_cost_per_responder_by_hand_and_its_limits():
    assert cost_per_responder(400_000, infused_share=0.8, response_rate=0.5) == pytest.approx(1_000_000)
    # every enrolled patient infused and responding: a responder costs one patient
    assert cost_per_responder(400_000, 1.0, 1.0) == 400_000
    # halving the responders doubles the cost of each
    assert cost_per_responder(400_000, 1.0, 0.4) == pytest.approx(2 * cost_per_responder(400_000, 1.0, 0.8))


def test_icer_and_net_monetary_benefit_by_hand():
    assert icer(500_000, 8.0, 200_000, 3.0) == pytest.approx(60_000)
    assert net_monetary_benefit(300_000, 5.0, 100_000) == pytest.approx(200_000)
    # at a willingness to pay equal to the ICER the net benefit is zero
    assert net_monetary_benefit(300_000, 5.0, icer(500_000, 8.0, 200_000, 3.0)) == pytest.approx(0.0)


def test_icer_refuses_a_therapy_that_gains_no_qalys():
    with pytest.raises(ValueError, match="qaly_a"):
        icer(500_000, 3.0, 200_000, 3.0)


def test_crs_grades_must_match_and_shares_sum_to_at_most_one():
    with pytest.raises(ValueError, match="same grades"):
        cost_per_enrolled(1.0, 1.0, crs_costs={"3+": 1.0}, crs_shares={"1-2": 0.5})
    with pytest.raises(ValueError, match="sum to at most 1"):
        cost_per_enrolled(1.0, 1.0, crs_costs={"a": 1.0, "b": 1.0}, crs_shares={"a": 0.6, "b": 0.6})


def test_qalys_of_a_flat_curve_without_discounting_are_the_horizon():
    assert discounted_qalys(1.0, 12.0, 1.0, utility=1.0, discount=0.0, horizon_years=10.0) == pytest.approx(10.0)
    assert discounted_qalys(1.0, 12.0, 1.0, utility=0.7, discount=0.0, horizon_years=10.0) == pytest.approx(7.0)


def test_qalys_of_a_flat_curve_with_discounting_are_the_annuity():
    d, h = 0.03, 40.0
    annuity = (1.0 - (1.0 + d) ** -h) / math.log(1.0 + d)
    assert discounted_qalys(1.0, 12.0, 1.0, 1.0, d, h) == pytest.approx(annuity, rel=1e-5)


def test_qalys_without_cure_are_the_exponential_mean():
    # no cure, shape 1, scale 12 months = 1 year, no discount, long horizon: mean survival 1 year
    assert discounted_qalys(0.0, 12.0, 1.0, 1.0, 0.0, 60.0, steps_per_year=365) == pytest.approx(1.0, rel=1e-4)


def test_qalys_grow_with_the_cure_fraction_and_match_a_direct_integral():
    q = [discounted_qalys(pi, 10.0, 1.2) for pi in (0.0, 0.2, 0.4, 0.6)]
    assert np.all(np.diff(q) > 0)
    t = np.linspace(0.0, 40.0, 200_001)
    direct = np.trapezoid(cure_survival(12 * t, 0.4, 10.0, 1.2) * 1.03 ** -t, t)
    assert discounted_qalys(0.4, 10.0, 1.2, steps_per_year=365) == pytest.approx(direct, rel=1e-4)


ANCHOR = CeaAnchor(price=475_000, incremental_cost=329_498, incremental_qaly=7.18, long_term_share=0.40,
                   comparator_long_term_share=0.10)


def test_the_anchor_reproduces_itself_and_scales_linearly():
    assert scaled_increment(ANCHOR, 475_000, 0.40) == pytest.approx((329_498, 7.18))
    assert ANCHOR.qalys_per_survivor == pytest.approx(7.18 / 0.30)
    # half the extra survivors: half the QALYs; $100,000 off the price: $100,000 less extra cost
    assert scaled_increment(ANCHOR, 375_000, 0.25) == pytest.approx((229_498, 3.59))


def test_price_at_threshold_gives_that_icer_back():
    for share, w in ((0.40, 100_000), (0.20, 150_000), (0.30, 50_000)):
        price = price_at_threshold(ANCHOR, share, w)
        delta_cost, delta_qaly = scaled_increment(ANCHOR, max(price, 0.0), share)
        assert price > 0 and delta_cost / delta_qaly == pytest.approx(w)


def test_no_price_buys_qalys_that_are_not_gained():
    with pytest.raises(ValueError, match="long_term_share"):
        price_at_threshold(ANCHOR, 0.10, 100_000)
    with pytest.raises(ValueError, match="long_term_share"):
        CeaAnchor(475_000, 329_498, 7.18, 0.10, 0.10)
