"""Analytic limits and published checks of the types-of-ACT models (helpers.models.types)."""

from __future__ import annotations

import pytest

from helpers.data import antigen_prevalence, hla_frequencies
from helpers.models.types import (
    CAR_THRESHOLD,
    CELL_TYPES,
    TCR_THRESHOLD,
    carrier_frequency,
    eligible_by_population,
    eligible_fraction,
    nk_activation,
    recognition,
)

BASE = dict(location="surface", hla_match=True, mhc=1.0, surface_density=2e4, pmhc_copies=30.0, stress=0.2)


def test_a_car_cannot_see_an_intracellular_antigen():
    r = recognition(**{**BASE, "location": "intracellular"})
    assert r.fractions["CAR-T"] == 0.0
    assert r.fractions["CAR-NK"] == pytest.approx(r.fractions["NK"])


def test_mhc_loss_defeats_tcrs_and_til_but_not_cars():
    r = recognition(**{**BASE, "mhc": 0.0})
    assert r.fractions["TIL"] == r.fractions["TCR-T"] == 0.0
    assert r.fractions["CAR-T"] > 0.99 and r.fractions["NK"] == 1.0


def test_the_wrong_hla_defeats_the_engineered_tcr_only():
    match, mismatch = recognition(**BASE), recognition(**{**BASE, "hla_match": False})
    assert mismatch.fractions["TCR-T"] == 0.0
    for name in ("TIL", "CAR-T", "NK", "CAR-NK"):
        assert mismatch.fractions[name] == match.fractions[name]


def test_car_recognition_ignores_hla_and_mhc():
    values = {recognition(**{**BASE, "mhc": m, "hla_match": h}).fractions["CAR-T"] for m in (0.0, 0.5, 1.0)
              for h in (True, False)}
    assert len(values) == 1


def test_half_the_cells_are_recognised_when_the_median_density_is_the_threshold():
    """A log-normal spread around the threshold and a Hill curve symmetric in log density: exactly one half."""
    assert recognition(**{**BASE, "surface_density": CAR_THRESHOLD}).fractions["CAR-T"] == pytest.approx(0.5)
    assert recognition(**{**BASE, "pmhc_copies": TCR_THRESHOLD}).fractions["TCR-T"] == pytest.approx(0.5)


def test_peptide_mhc_scales_with_mhc_class_i():
    half = recognition(**{**BASE, "mhc": 0.5, "pmhc_copies": 2 * TCR_THRESHOLD})
    assert half.fractions["TCR-T"] == pytest.approx(0.5)


def test_nk_missing_self_rule():
    assert nk_activation(0.0, 1.0) == 0.0 and nk_activation(0.0, 0.0) == 0.0  # no activating ligand, no killing
    assert nk_activation(1.0, 1.0) == pytest.approx(0.5)  # activation balances inhibition
    assert nk_activation(0.3, 0.3) == pytest.approx(0.5)
    assert nk_activation(0.2, 0.0) == 1.0  # missing self: no brake
    assert nk_activation(0.5, 0.3) > nk_activation(0.5, 0.6)


def test_car_nk_uses_either_route():
    r = recognition(**{**BASE, "surface_density": 150.0, "mhc": 0.6, "stress": 0.3})
    p, q = r.fractions["CAR-T"], r.fractions["NK"]
    assert r.fractions["CAR-NK"] == pytest.approx(1 - (1 - p) * (1 - q))


def test_every_cell_type_has_a_reason():
    r = recognition(**BASE)
    assert set(r.fractions) == set(r.reasons) == set(CELL_TYPES)
    assert all(r.reasons.values())


def test_eligibility_is_the_product_of_the_frequencies():
    assert carrier_frequency(0.0) == 0.0 and carrier_frequency(1.0) == 1.0
    assert carrier_frequency(0.2755) == pytest.approx(1 - 0.7245**2)
    assert eligible_fraction(0.47, 0.7) == pytest.approx(0.329)
    by_pop = eligible_by_population({"a": 0.2755, "b": 0.0349}, 0.7)
    assert by_pop["a"] == pytest.approx(0.7 * carrier_frequency(0.2755))


def test_registry_carriers_match_trial_screening():
    """Wang et al. (2024): 44.8 % of 6,606 patients screened in North America and Europe were HLA-A*02-eligible.
    The carriers of the four accepted alleles computed from the NMDP European-Caucasian frequencies are within
    5 points of that."""
    q = sum(r.allele_frequency for r in hla_frequencies() if r.population == "European Caucasian")
    assert abs(carrier_frequency(q) - 0.448) < 0.05


def test_antigen_prevalence_table_has_the_trial_screening_row():
    rows = {(a.antigen, a.tumour): a.positive_fraction for a in antigen_prevalence()}
    assert rows[("MAGE-A4", "synovial sarcoma")] == 0.70
