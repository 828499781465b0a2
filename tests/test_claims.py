"""Every claim a notebook makes about what a model or explorer shows is asserted here (DESIGN.md §1).

One test per claim, named after the notebook and cell (``test_<notebook>_<cell id>_...``): the test first checks
that the cell still says it (:func:`claims.says`), then runs the same model at the same settings with the
tolerance the sentence implies ("about 9.6" → ±0.05; "about half" → 40–60 %). Stochastic claims hold across
seeds or are stated as ranges. When a model change makes a sentence false, its test fails.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from claims import says

from helpers.data import culture_expansions, dose_targets
from helpers.models.manufacturing import cells_after, days_to_reach, doubling_time_from_fold

# --------------------------------------------------------------------------------------------------
# 00 · Start here
NB00 = "00_start_here.ipynb"
TIL_DOSE = next(t for t in dose_targets() if t.key.startswith("lifileucel")).low_cells


def test_00_growth_published_doubling_times_span_21_to_106_hours():
    says(NB00, "growth", "doubling times from about 21 hours", "to about 106 hours")
    times = [r.doubling_time_h for r in culture_expansions()]
    assert min(times) == pytest.approx(21, abs=0.5) and max(times) == pytest.approx(106, abs=0.5)


def test_00_key_expansion_first_dose_on_day_9_6():
    says(NB00, "key-expansion", "750-fold increase", "log₂ 750 ≈ 9.6 doublings", "about **9.6 days**")
    assert TIL_DOSE / 1e7 == pytest.approx(750)
    assert days_to_reach(1e7, 24.0, TIL_DOSE) == pytest.approx(9.6, abs=0.05)


def test_00_key_expansion_half_the_speed_twice_the_days():
    says(NB00, "key-expansion", "**About twice as many days** (about 19)")
    slow, fast = days_to_reach(1e7, 48.0, TIL_DOSE), days_to_reach(1e7, 24.0, TIL_DOSE)
    assert slow / fast == pytest.approx(2.0) and slow == pytest.approx(19, abs=0.5)


def test_00_key_expansion_ten_times_more_cells_saves_3_3_days():
    says(NB00, "key-expansion", "about **3.3 days**", "log₂ 10 ≈ 3.3 doublings")
    saved = days_to_reach(1e7, 24.0, TIL_DOSE) - days_to_reach(1e8, 24.0, TIL_DOSE)
    assert saved == pytest.approx(3.3, abs=0.05)


def test_00_solution_186_fold_in_21_days():
    says(NB00, "solution", "# about 66.9", "log₂ 186 ≈ 7.5 doublings", "**67 hours**", "1.86 × 10⁹ cells on day 21",
         "about **26.6 days**")
    td = doubling_time_from_fold(186, 21)
    assert td == pytest.approx(66.9, abs=0.05)
    assert math.log2(186) == pytest.approx(7.5, abs=0.05)
    day21 = float(cells_after(1e7, td, 21))
    assert day21 == pytest.approx(1.86e9, rel=0.01) and day21 < TIL_DOSE
    assert days_to_reach(1e7, td, TIL_DOSE) == pytest.approx(26.6, abs=0.05)


def test_00_takeaways_days_scale_with_doubling_time_and_log_of_start():
    says(NB00, "takeaways", "the days needed scale with the doubling time", "only with the *logarithm* of the "
         "starting number")
    base = days_to_reach(1e6, 30.0, 1e10)
    assert days_to_reach(1e6, 60.0, 1e10) == pytest.approx(2 * base)
    assert base - days_to_reach(1e7, 30.0, 1e10) == pytest.approx(30 / 24 * math.log2(10))


# --------------------------------------------------------------------------------------------------
# 03 · Antigen recognition
NB03 = "03_antigen_recognition.ipynb"


def _binding(quantity):
    from helpers.data import read_table

    row = next(r for r in read_table("receptor_binding.csv", ("quantity", "low", "high")) if r["quantity"] == quantity)
    return float(row["low"]), float(row["high"])


def test_03_binding_numbers_tcr_kd_from_20_to_330_micromolar():
    says(NB03, "binding-numbers", "about 20 µM (0.06 / 3000) and 330 µM (0.3 / 900)", "bonds last seconds",
         "about 40-fold more weakly than")
    from helpers.models.recognition import dissociation_constant, half_life

    (kon_low, kon_high), (koff_low, koff_high) = _binding("k_on"), _binding("k_off")
    assert dissociation_constant(kon_high, koff_low) == pytest.approx(20e-6, rel=0.01)
    assert dissociation_constant(kon_low, koff_high) == pytest.approx(330e-6, rel=0.02)
    assert 1 < half_life(koff_high) < half_life(koff_low) < 60  # seconds
    assert _binding("affinity_fold_lower_than_FMC63") == (40.0, 40.0)


def test_03_key_occupancy_half_bound_at_kd():
    says(NB03, "key-occupancy", "**50 %**", "an 81-fold change in ligand")
    from helpers.models.recognition import occupancy

    assert float(occupancy(1e-9, 1e-9)) == pytest.approx(0.5)
    assert float(occupancy(9e-9, 1e-9)) == pytest.approx(0.9) and float(occupancy(1e-9 / 9, 1e-9)) == pytest.approx(0.1)


def test_03_key_occupancy_depletion_moves_the_curve_right():
    says(NB03, "key-occupancy", "**To the right.**", "about 51 nM of total ligand instead of about 1 nM")
    from helpers.explorers.recognition import occupancy_explorer

    explorer = occupancy_explorer()
    crowded = explorer.set(kd_a_m=1e-9, receptor_total_m=1e-7)
    assert np.interp(0.5, crowded.depleted_a, crowded.ligand) == pytest.approx(51e-9, rel=0.05)
    sparse = explorer.set(receptor_total_m=1e-11)
    assert np.interp(0.5, sparse.depleted_a, sparse.ligand) == pytest.approx(1e-9, rel=0.05)


def test_03_deeper_binding_is_the_smaller_root_of_the_quadratic():
    says(NB03, "deeper-binding", "$C = 2 R_T L_T / (S + \\sqrt{S^2 - 4 R_T L_T})$")
    from helpers.models.recognition import occupancy_depleted

    rt, kd, lt = 1e-7, 1e-9, np.geomspace(1e-12, 1e-5, 30)
    s = rt + lt + kd
    smaller_root = (s - np.sqrt(s * s - 4 * rt * lt)) / 2
    np.testing.assert_allclose(occupancy_depleted(rt, lt, kd) * rt, smaller_root, rtol=1e-6)


def test_03_key_proofreading_ratio_and_gain_per_step():
    says(NB03, "key-proofreading", "**1**: with no proofreading", "About **8.7-fold per step**", "0.61/0.07")
    from helpers.models.recognition import discrimination

    assert discrimination(0.06, 0.6, 0.3, 0) == pytest.approx(1.0)
    assert discrimination(0.06, 0.6, 0.01, 1) == pytest.approx(8.7, abs=0.05)


def test_03_key_proofreading_signal_decay_hits_the_slow_ligand_and_peaks_midway():
    says(NB03, "key-proofreading", "**The foreign ligand**", "about 6 %", "about 38 %", "near 0.07 per second")
    from helpers.explorers.recognition import proofreading_explorer

    assert 0.06 / (0.06 + 1.0) == pytest.approx(0.06, abs=0.01) and 0.6 / 1.6 == pytest.approx(0.38, abs=0.01)
    state = proofreading_explorer().set(n_steps=5, k_p=0.3, phi=1.0)
    peak = int(np.argmax(state.signal))
    assert 0 < peak < state.signal.size - 1 and state.koff[peak] == pytest.approx(0.07, rel=0.1)


def test_03_deeper_proofreading_formula_matches_simulation():
    says(NB03, "deeper-proofreading", "which reduces to plain proofreading when φ = 0")
    from helpers.models.recognition import limited_signalling_fraction, proofreading_fraction, simulate_proofreading

    assert float(limited_signalling_fraction(0.5, 1.0, 3, 0.0)) == pytest.approx(float(proofreading_fraction(0.5, 1.0, 3)))
    exact = float(limited_signalling_fraction(0.5, 1.0, 3, 0.2))
    assert simulate_proofreading(0.5, 1.0, 3, 0.2, bindings=40_000, seed=1) == pytest.approx(exact, rel=0.05)


def test_03_key_density_shared_antigen_gives_the_diagonal():
    says(NB03, "key-density", "**The diagonal**")
    from helpers.explorers.recognition import density_explorer

    state = density_explorer().set(tumour_median=2e4, healthy_median=2e4)
    assert np.max(np.abs(state.roc_killed - state.roc_hit)) < 0.01


def test_03_key_density_weaker_binder_spares_healthy_cells():
    says(NB03, "key-density", "About **25 %**, down from about 78 %", "(about 97 %)",
         "At 10⁻⁶ M the tumour escapes too (about half killed)")
    from helpers.explorers.recognition import density_explorer

    explorer = density_explorer()
    before = explorer.set(tumour_median=2e4, healthy_median=1e3, kd_m=1e-8)
    assert before.hit == pytest.approx(0.78, abs=0.01)
    after = explorer.set(kd_m=1e-7)
    assert after.hit == pytest.approx(0.25, abs=0.01) and after.killed == pytest.approx(0.97, abs=0.01)
    assert explorer.set(kd_m=1e-6).killed == pytest.approx(0.5, abs=0.05)


def test_03_key_density_cytokines_drop_antigen_low_cells_and_tcr_sees_almost_all():
    says(NB03, "key-density", "**Cells with little antigen**", "about ten times more antigen", "About **97 %**")
    from helpers.explorers.recognition import RESPONSES, density_explorer

    assert RESPONSES["car_cytokine"][1] == 10 * RESPONSES["car_lysis"][1]
    explorer = density_explorer()
    lysis = explorer.set(tumour_median=2e4, healthy_median=1e3, kd_m=1e-8, response="car_lysis")
    cytokine = explorer.set(response="car_cytokine")
    assert lysis.hit - cytokine.hit > lysis.killed - cytokine.killed > 0  # antigen-low (healthy) cells drop first
    assert explorer.set(response="tcr_lysis", healthy_median=30.0).hit == pytest.approx(0.97, abs=0.01)


def test_03_solution_three_steps_buy_614_fold():
    says(NB03, "solution", "# about 614", "10^3 = 1000", "(0.51/0.06)^3 \\approx 614")
    from helpers.models.recognition import discrimination

    assert discrimination(0.05, 0.5, 0.01, 3) == pytest.approx(614, abs=1)
    assert discrimination(0.05, 0.5, 1e-9, 3) == pytest.approx(1000, rel=1e-6)


def test_03_takeaways_occupancy_half_at_kd_90_percent_at_9_kd():
    says(NB03, "takeaways", "half at $K_D$, 90 % at $9K_D$")
    from helpers.models.recognition import occupancy

    assert float(occupancy(1e-9, 1e-9)) == pytest.approx(0.5) and float(occupancy(9e-9, 1e-9)) == pytest.approx(0.9)


def test_03_thresholds_in_the_quiz_are_the_published_ones():
    """Quiz explanation: about 3 peptide–MHC for a TCR, about 200 and a few thousand for one CAR."""
    from helpers.data import read_table
    from helpers.quizzes import antigen_recognition

    rows = read_table("antigen_density.csv", ("response", "molecules_per_cell"))
    assert sorted(float(r["molecules_per_cell"]) for r in rows) == [3.0, 200.0, 2000.0]
    explanation = antigen_recognition()[2].explanation
    assert "about 3 peptide–MHC" in explanation and "about 200" in explanation and "a few thousand" in explanation
