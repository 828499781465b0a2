"""Notebook 09's capstone (:func:`helpers.capstone.design_therapy`) and searchable glossary.

The capstone adds no model: each estimate must equal what the owning notebook's model or data gives for the same
inputs. Bad input gets a ValueError naming the parameter; every reachable design gives finite numbers in range."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from helpers.capstone import BRIDGING_FACTOR, CASES, DOSE_RANGE, KD_RANGE, REQUIRED_RESPONSE, design_therapy
from helpers.data import care_costs, journey_trials, product_prices
from helpers.glossary import GlossarySearch, search, terms
from helpers.models.economics import cost_per_enrolled, cost_per_responder
from helpers.models.journey import intention_to_treat
from helpers.models.toxicity import RESPONSE_AT_REFERENCE, SEVERE_AT_REFERENCE, severe_crs_probability, window_curves
from helpers.models.types import CELL_TYPES, recognition


def test_the_reference_patient_gets_notebook_06bs_anchors():
    """Bill has the reference antigen densities and burden: at the reference dose and binder the window model gives
    its anchors exactly (70 % response, 10 % severe CRS)."""
    bill = design_therapy("Bill", "CAR-T", kd_m=1e-8, dose=1.0)
    assert bill.response == pytest.approx(RESPONSE_AT_REFERENCE, abs=1e-9)
    assert bill.severe_crs == pytest.approx(SEVERE_AT_REFERENCE, abs=1e-9)


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("bridging", [False, True])
def test_each_estimate_is_the_owning_models_answer(case, bridging):
    c = CASES[case]
    kd, dose = 3e-9, 0.7
    r = design_therapy(case, "CAR-T", kd_m=kd, dose=dose, bridging=bridging)
    burden = c.burden * (BRIDGING_FACTOR if bridging else 1.0)
    assert r.burden == burden
    # notebook 02
    assert r.tumour_seen == recognition("surface", c.hla_a02, 1.0, c.tumour_median, 0.0, 0.3).fractions["CAR-T"]
    # notebook 06b
    assert r.severe_crs == pytest.approx(float(severe_crs_probability(dose, burden, kd, c.healthy_median,
                                                                      c.tumour_median)), rel=1e-12)
    curves = window_curves(np.array([dose, dose * 1.001]), kd_m=kd, healthy_median=c.healthy_median, burden=burden,
                           tumour_median=c.tumour_median)
    assert r.response == pytest.approx(float(curves.response[0]), rel=1e-12)
    # notebook 01
    trial = next(t for t in journey_trials() if t.short == c.trial)
    assert r.infused_share == trial.infused / trial.enrolled
    assert r.response_enrolled == pytest.approx(intention_to_treat(r.response, r.infused_share))
    # notebook 07
    price = next(p.price for p in product_prices() if p.product == c.product and p.indication == c.indication
                 and p.kind == "list price at launch")
    care = next(k for k in care_costs() if k.item == "care in the 3 months after infusion").middle
    enrolled = cost_per_enrolled(price, r.infused_share, infusion=care).total
    assert r.price == price and r.cost_enrolled == pytest.approx(enrolled)
    assert r.cost_responder == pytest.approx(cost_per_responder(enrolled, r.infused_share, r.response))


def test_bridging_moves_only_the_risk():
    for case in CASES:
        before, after = design_therapy(case, "CAR-T"), design_therapy(case, "CAR-T", bridging=True)
        assert after.response == before.response and after.severe_crs < before.severe_crs


def test_only_car_t_has_a_product_for_these_targets_and_others_say_why():
    for case, kind in itertools.product(CASES, CELL_TYPES):
        r = design_therapy(case, kind)
        if kind == "CAR-T":
            assert r.product and r.eligible and not r.why_not
            assert CASES[case].product in r.product
        else:
            assert not r.product and r.why_not and r.response is None and r.cost_responder is None
    assert "lacks HLA-A*02" in design_therapy("Bill", "TCR-T").why_not
    assert "lacks HLA-A*02" not in design_therapy("Ana", "TCR-T").why_not  # Ana carries it


def test_meets_limits_follows_the_cases_limits():
    for case in CASES:
        for dose in np.geomspace(*DOSE_RANGE, 15):
            r = design_therapy(case, "CAR-T", dose=float(dose))
            expected = r.response >= REQUIRED_RESPONSE - 1e-9 and r.severe_crs <= CASES[case].accepted_severe + 1e-9
            assert r.meets_limits == expected
            if r.window is not None and r.window[0] * 1.01 < dose < r.window[1] * 0.99:
                assert r.meets_limits


def test_every_reachable_design_is_finite_and_in_range():
    for case, kind, kd, dose, bridging in itertools.product(CASES, CELL_TYPES, np.geomspace(*KD_RANGE, 5),
                                                           np.geomspace(*DOSE_RANGE, 5), (False, True)):
        r = design_therapy(case, kind, float(kd), float(dose), bridging)
        for value in (r.tumour_seen, r.infused_share, r.response, r.severe_crs, r.response_enrolled):
            assert value is None or 0.0 <= value <= 1.0
        for value in (r.cost_enrolled, r.cost_responder):
            assert value is None or (math.isfinite(value) and value > 0)


@pytest.mark.parametrize("kwargs, name", [
    ({"case": "Dora"}, "case"), ({"cell_type": "B cell"}, "cell_type"), ({"kd_m": 1e-3}, "kd_m"),
    ({"kd_m": float("nan")}, "kd_m"), ({"dose": 0.0}, "dose"), ({"dose": 100.0}, "dose"), ({"dose": "1"}, "dose"),
    ({"bridging": "yes"}, "bridging"),
])
def test_bad_input_names_the_parameter(kwargs, name):
    args = {"case": "Ana", "cell_type": "CAR-T", **kwargs}
    with pytest.raises(ValueError, match=name):
        design_therapy(**args)


def test_glossary_search_finds_terms_by_name_first_and_by_definition():
    everything = search("")
    assert len(everything) == len(terms()) and [t.term.lower() for t in everything] == sorted(
        t.term.lower() for t in everything)
    cytokine = search("cytokine")
    assert cytokine[0].term == "cytokine" and len(cytokine) > 3
    assert all("cytokine" in (" ".join(t.forms) + t.definition).lower() for t in cytokine)
    assert search("CRS")[0].term == "cytokine release syndrome"  # an alias matches by name
    assert search("qqqxyz") == []
    with pytest.raises(ValueError, match="text"):
        search(None)  # type: ignore[arg-type]


def test_glossary_search_widget_filters_and_keeps_a_static_table():
    g = GlossarySearch()
    shown = g.show("HLA")
    assert shown and f"{len(shown)} of {len(terms())}" in g.status.value
    assert g.table.value.count("<tr>") == len(shown) + 1  # header row
    g.box.value = "nothing matches this"
    assert "No term matches" in g.table.value
    bundle = g._repr_mimebundle_()
    assert bundle["text/html"].count("<tr>") == len(terms()) + 1 and "<th scope='col'>Term</th>" in bundle["text/html"]
