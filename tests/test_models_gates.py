"""Logic-gated receptors (notebook 08): truth tables, the AND/OR bounds against the single receptors, the reuse
of notebook 03's density model, and bad input."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from helpers.models.recognition import (GATES, TissueAntigens, gate_response, lognormal_mean_response,
                                        single_responses)

ON, OFF = 1e7, 0.0  # far above any threshold used here, or absent


@pytest.mark.parametrize("a,b", list(itertools.product((True, False), repeat=2)))
def test_truth_tables(a, b):
    tissue = TissueAntigens(ON if a else OFF, ON if b else OFF, sigma_a=0.1, sigma_b=0.1)
    got = {g: round(gate_response(g, tissue, d50=200.0)) for g in GATES}
    assert got == {"A": a, "B": b, "AND": a and b, "OR": a or b, "NOT": a and not b}


def random_tissues(n=300, seed=0):
    rng = np.random.default_rng(seed)
    for _ in range(n):
        yield TissueAntigens(*(10 ** rng.uniform(0, 5, 2)), *rng.uniform(0, 2, 2), *rng.uniform(0, 1, 2))


def test_and_never_beats_the_better_single_receptor_and_or_never_falls_below_it():
    """At equal thresholds, on any tissue: AND responds to no more cells than either single receptor (so it never
    kills more tumour than the better one, and never hits more healthy tissue than the more selective one);
    OR responds to at least as many as the better one; NOT to no more than A alone."""
    rng = np.random.default_rng(1)
    for tissue in random_tissues():
        d50 = 10 ** rng.uniform(1, 4)
        a, b = single_responses(tissue, d50)
        assert gate_response("AND", tissue, d50) <= min(a, b) + 1e-12
        assert gate_response("OR", tissue, d50) >= max(a, b) - 1e-12
        assert gate_response("NOT", tissue, d50) <= a + 1e-12


def test_and_gate_specificity_at_equal_thresholds():
    """Specificity = 1 − healthy cells hit. Against a tumour carrying both antigens and a healthy tissue carrying
    one, the AND gate is at least as specific as the better single receptor, at the cost of tumour killing."""
    tumour = TissueAntigens(2_000, 2_000)
    healthy = TissueAntigens(2_000, 0)
    for d50 in (100.0, 200.0, 1_000.0):
        single_spec = max(1 - gate_response(g, healthy, d50) for g in ("A", "B"))
        assert 1 - gate_response("AND", healthy, d50) >= single_spec
        assert gate_response("AND", tumour, d50) <= max(gate_response(g, tumour, d50) for g in ("A", "B"))


def test_single_receptor_is_notebook_03s_lognormal_response_times_the_share_carrying_it():
    tissue = TissueAntigens(1_500, 300, sigma_a=0.7, sigma_b=0.4, lacking_a=0.2, lacking_b=0.0)
    a, b = single_responses(tissue, 250.0)
    assert np.isclose(a, 0.8 * lognormal_mean_response(1_500, 0.7, 250.0))
    assert np.isclose(b, lognormal_mean_response(300, 0.4, 250.0))


def test_or_gate_recovers_cells_that_lost_antigen_a():
    escaped = TissueAntigens(2_000, 2_000, lacking_a=0.3)
    assert gate_response("A", escaped, 200.0) < 0.71
    assert gate_response("OR", escaped, 200.0) > 0.97


def test_gate_bad_input():
    tissue = TissueAntigens(1_000, 1_000)
    with pytest.raises(ValueError, match="gate"):
        gate_response("XOR", tissue, 200.0)
    with pytest.raises(ValueError, match="d50"):
        gate_response("AND", tissue, 0.0)
    with pytest.raises(ValueError, match="lacking_a"):
        TissueAntigens(1_000, 1_000, lacking_a=1.5)
    with pytest.raises(ValueError, match="median_b"):
        TissueAntigens(1_000, -1.0)
    with pytest.raises(TypeError):
        single_responses("tumour", 200.0)
