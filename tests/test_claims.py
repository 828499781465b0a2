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


def test_03_key_occupancy_half_bound_at_kd_and_90_percent_at_9_kd():
    says(NB03, "key-occupancy", "**50 %**", "**Nine times**", "$9/(9+1) = 0.9$", "an 81-fold change in ligand")
    from helpers.models.recognition import occupancy

    assert float(occupancy(1e-9, 1e-9)) == pytest.approx(0.5)
    assert float(occupancy(9e-9, 1e-9)) == pytest.approx(0.9) and float(occupancy(1e-9 / 9, 1e-9)) == pytest.approx(0.1)


def test_03_deeper_binding_depletion_moves_the_curve_right():
    says(NB03, "deeper-binding", "the dotted curve moves right", "about 51 nM of total ligand instead of about 1 nM")
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


def test_03_deeper_proofreading_signal_decay_hits_the_slow_ligand_and_peaks_midway():
    says(NB03, "deeper-proofreading", "keeps only about 6 % of its signal", "the self ligand about 38 %",
         "near 0.07 per second")
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
    says(NB03, "key-density", "**Far fewer healthy cells are hit** (about 25 %, down from about 78 %)", "(about 97 %)",
         "At 10⁻⁶ M\n   the tumour escapes too (about half killed)")
    from helpers.explorers.recognition import density_explorer

    explorer = density_explorer()
    before = explorer.set(tumour_median=2e4, healthy_median=1e3, kd_m=1e-8)
    assert before.hit == pytest.approx(0.78, abs=0.01)
    after = explorer.set(kd_m=1e-7)
    assert after.hit == pytest.approx(0.25, abs=0.01) and after.killed == pytest.approx(0.97, abs=0.01)
    assert explorer.set(kd_m=1e-6).killed == pytest.approx(0.5, abs=0.05)


def test_03_key_density_cytokines_drop_antigen_low_cells_and_tcr_sees_almost_all():
    says(NB03, "key-density", "antigen-low cells stop triggering cytokines first", "about ten times more antigen",
         "**Almost all** (about 97 %)")
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


# --------------------------------------------------------------------------------------------------
# 04 · Cytotoxic killing
NB04 = "04_cytotoxic_killing.ipynb"


def _assay(**settings):
    from helpers.explorers.killing import assay_explorer

    return assay_explorer().set(**settings)


def test_04_assay_capacity_slider_contains_the_measured_rates():
    says(NB04, "assay", "spans 1 to 50 kills per effector per day", "the 2–16 per day seen in mice",
         "the 1–20 per day estimated from assays in dishes")
    from helpers.explorers.killing import AssayExplorer

    slider = AssayExplorer().controls["kills_per_day"]
    low, high = 10**slider.min, 10**slider.max
    assert low == pytest.approx(1) and high == pytest.approx(50, rel=0.01) and low <= 2 and 20 <= high


def test_04_key_assay_more_effectors_add_only_a_few_percent():
    says(NB04, "key-assay", "**Only a few percent more**", "about 95 % by 4 hours", "add only about 5 %")
    state = _assay(kills_per_day=8.0, half_saturation=1e4, hour=4.0)
    assert state.at_values[3] == pytest.approx(95, abs=1) and state.at_values[4] - state.at_values[3] == pytest.approx(5, abs=1)


def test_04_key_assay_half_the_capacity_twice_the_time():
    says(NB04, "key-assay", "**The same lysis about twice as late**")
    from helpers.quizzes import _half_lysis_hours

    assert _half_lysis_hours(4.0) / _half_lysis_hours(8.0) == pytest.approx(2.0, rel=0.01)


def test_04_key_assay_scarce_targets_kill_slowly_plentiful_ones_linearly():
    says(NB04, "key-assay", "**Only a small fraction**, about 1 %", "climbs in a straight line, reaching almost 100 % at "
         "E:T 1:1 after about 3 hours")
    assert _assay(half_saturation=1e6, hour=4.0, kills_per_day=8.0).at_values[2] == pytest.approx(1, abs=0.5)
    fast = [_assay(half_saturation=1e2, kills_per_day=8.0, hour=h).at_values[2] for h in (1.0, 2.0, 2.5)]
    assert fast[1] == pytest.approx(2 * fast[0], rel=0.02)  # a straight line from zero
    assert _assay(half_saturation=1e2, kills_per_day=8.0, hour=3.0).at_values[2] > 95
    assert fast[2] < 90


def _carrgo(**settings):
    from helpers.explorers.killing import carrgo_explorer

    return carrgo_explorer().set(**{"dose": 1e7, "rho": 0.1, "kappa1": 1e-9, "kappa2": 1e-10, "theta": 0.1, **settings})


def test_04_carrgo_cycles_shrink_only_over_decades():
    says(NB04, "carrgo", "the cycles shrink only over decades", "$x^* = \\theta/\\kappa_2$")
    state = _carrgo()
    tumour = state.tumour
    assert state.outcome == "controlled" and tumour.max() / tumour.min() > 10  # swings, not settling
    from helpers.models.killing import CarrgoParams, carrgo_equilibrium

    eq = carrgo_equilibrium(CarrgoParams(rho=0.1, capacity=1e12, kappa1=1e-9, kappa2=1e-10, theta=0.1))
    damping = -np.linalg.eigvals(eq.jacobian).real.max()
    assert 1 / damping / 365 > 20  # e-folding time of the spiral, years


def test_04_key_carrgo_levels_held():
    says(NB04, "key-carrgo", "$x^* = 0.1 / 10^{-10} = $ **10⁹ cells**", "**10¹⁰ cells**", "reaches $K$ = 10¹²: the "
         "tumour escapes")
    assert _carrgo().eq_tumour == pytest.approx(1e9)
    assert _carrgo(theta=1.0).eq_tumour == pytest.approx(1e10)
    escaped = _carrgo(kappa2=1e-13)
    assert escaped.eq_tumour == pytest.approx(1e12) and escaped.outcome == "escaped"


def test_04_key_carrgo_elimination_around_day_36_and_bystanders_peak_first_week():
    says(NB04, "key-carrgo", "on about day 36", "peaks in the first week")
    state = _carrgo(kappa2=1e-9, theta=0.05)
    assert state.outcome == "eliminated" and state.eliminated_day == pytest.approx(36, abs=1)
    assert state.days[int(np.argmax(state.bystander))] <= 7


def test_04_deeper_carrgo_stable_spiral_with_tiny_damping():
    says(NB04, "deeper-carrgo", "its trace is negative and its determinant positive", "$-\\rho x^*/(2K) = -5 \\times 10^{-5}$")
    from helpers.models.killing import CarrgoParams, carrgo_equilibrium

    eq = carrgo_equilibrium(CarrgoParams(rho=0.1, capacity=1e12, kappa1=1e-9, kappa2=1e-10, theta=0.1))
    assert np.trace(eq.jacobian) < 0 < np.linalg.det(eq.jacobian)
    eigenvalues = np.linalg.eigvals(eq.jacobian)
    assert np.all(eigenvalues.imag != 0) and eigenvalues.real.max() == pytest.approx(-5e-5, rel=0.01)


SEEDS = range(10)


@pytest.fixture(scope="module")
def spatial_runs():
    from helpers.models.spatial import SpatialParams, simulate

    settings = {"default300": dict(t_cells=300), "default600": dict(t_cells=600), "none": dict(t_cells=0),
                "once": dict(t_cells=300, max_kills=1), "armed50": dict(t_cells=50, p_kill=1.0, max_kills=20)}
    return {name: [simulate(SpatialParams(size=100, steps=300, seed=seed, **kw)) for seed in SEEDS]
            for name, kw in settings.items()}


def test_04_key_spatial_kills_only_at_the_edge(spatial_runs):
    says(NB04, "key-spatial", "**Only at the edge**")
    from helpers.predictions import spatial

    where = spatial()[0].answer
    for run in spatial_runs["default300"][:3]:
        assert where(type("S", (), {"run": run})()) == "only at the tumour's edge"


def test_04_key_spatial_one_kill_each_and_the_tumour_grows(spatial_runs):
    says(NB04, "key-spatial", "From 716 cells the tumour grows to 885–947", "less than without T cells (941–1,011)")
    once = [int(r.tumour[-1]) for r in spatial_runs["once"]]
    none = [int(r.tumour[-1]) for r in spatial_runs["none"]]
    assert {int(r.tumour[0]) for r in spatial_runs["once"]} == {716}
    assert (min(once), max(once)) == (885, 947) and (min(none), max(none)) == (941, 1011)


def test_04_key_spatial_quality_beats_quantity(spatial_runs):
    says(NB04, "key-spatial", "clear the tumour in 9 of 10 seeds, between steps 130\n   and 283", "leave 393–516 of "
         "the 716")
    cleared = [int(np.flatnonzero(r.tumour == 0)[0]) for r in spatial_runs["armed50"] if (r.tumour == 0).any()]
    assert len(cleared) == 9 and (min(cleared), max(cleared)) == (130, 283)
    left = [int(r.tumour[-1]) for r in spatial_runs["default600"]]
    assert (min(left), max(left)) == (393, 516)
    assert all(a.tumour[-1] < b.tumour[-1] for a, b in zip(spatial_runs["armed50"], spatial_runs["default600"]))


def test_04_key_spatial_persistence_not_kill_chance_made_the_difference(spatial_runs):
    says(NB04, "key-spatial", "50 cells with kill chance 1 but exhausted after 5 kills leave 815–930 tumour cells, worse "
         "than the\n   600")
    from helpers.models.spatial import SpatialParams, simulate

    left = [int(simulate(SpatialParams(size=100, steps=300, seed=seed, t_cells=50, p_kill=1.0, max_kills=5)).tumour[-1])
            for seed in SEEDS]
    assert (min(left), max(left)) == (815, 930)
    assert min(left) > max(int(r.tumour[-1]) for r in spatial_runs["default600"])


def test_04_quiz_persistence_beats_a_doubled_dose(spatial_runs):
    """Quiz, objective 4: 300 cells lasting 20 kills leave fewer tumour cells than 600 lasting 5, or 50 that kill
    every touch but last 5 (seeds 0-9)."""
    from helpers.models.spatial import SpatialParams, simulate
    from helpers.quizzes import cytotoxic_killing

    question = cytotoxic_killing()[3]
    assert question.check("Keep 300 cells, but let each kill 20 times before it is exhausted").correct
    lasting = [int(simulate(SpatialParams(size=100, steps=300, seed=s, t_cells=300, max_kills=20)).tumour[-1]) for s in SEEDS]
    fast = [int(simulate(SpatialParams(size=100, steps=300, seed=s, t_cells=50, p_kill=1.0, max_kills=5)).tumour[-1])
            for s in SEEDS]
    doubled = [int(r.tumour[-1]) for r in spatial_runs["default600"]]
    assert all(a < b for a, b in zip(lasting, doubled)) and min(fast) > max(doubled)


def test_04_solution_coexistence_point():
    says(NB04, "solution", "# 2e+09 and 2e+08", "\\approx 2.0\\times10^8$ CAR-T cells", "slowly shrinking cycles")
    from helpers.models.killing import CarrgoParams, carrgo_equilibrium

    eq = carrgo_equilibrium(CarrgoParams(rho=0.2, capacity=1e12, kappa1=1e-9, kappa2=2e-10, theta=0.4))
    assert f"{eq.tumour:.3g}" == "2e+09" and f"{eq.car_t:.3g}" == "2e+08" and eq.exists
    eigenvalues = np.linalg.eigvals(eq.jacobian)
    assert np.all(eigenvalues.real < 0) and np.all(eigenvalues.imag != 0)


def test_04_quiz_killing_time_scales_with_capacity():
    """Quiz: four times the killing capacity reaches the same lysis in a quarter of the time."""
    from helpers.quizzes import _half_lysis_hours

    assert _half_lysis_hours(16.0) == pytest.approx(_half_lysis_hours(4.0) / 4, rel=0.01)


# --------------------------------------------------------------------------------------------------
# 06 · CRS and ICANS
NB06 = "06_crs_and_icans.ipynb"


def _trial(name):
    from helpers.data import crs_trials

    return next(t for t in crs_trials() if t.trial == name)


def test_06_title_zuma1_label_numbers():
    says(NB06, "title", "94 % of the\n108 patients", "13 % at grade 3 or higher on the Lee 2014 scale", "**2 days**")
    t = _trial("ZUMA-1")
    assert (t.crs_any_pct, t.crs_grade3plus_pct, t.n, t.grading_scale, t.median_onset_days) == (94, 13, 108, "Lee 2014", 2)


def test_06_why_onset_1_to_7_days_and_cilta_cel_7():
    says(NB06, "why", "the median onset of CRS was 1 to 7 days in the trials below", "a median onset of 7 days")
    from helpers.data import crs_trials

    onsets = [t.median_onset_days for t in crs_trials() if t.median_onset_days is not None]
    assert (min(onsets), max(onsets)) == (1, 7) and _trial("CARTITUDE-1").median_onset_days == 7


def test_06_read_table_eliana_49_transcend_2():
    says(NB06, "read-table", "ELIANA (children and young adults with ALL, Penn scale) reports grade ≥ 3 CRS in\n49 %",
         "TRANSCEND (adults with lymphoma) in 2 %")
    eliana, transcend = _trial("ELIANA"), _trial("TRANSCEND NHL 001")
    assert (eliana.crs_grade3plus_pct, eliana.grading_scale, transcend.crs_grade3plus_pct) == (49, "Penn", 2)


def test_06_key_read_table_names_the_scales_in_the_table():
    says(NB06, "key-read-table", "Penn's grade 3 and Lee 2014's grade 3")
    assert {_trial("ELIANA").grading_scale, _trial("ZUMA-1").grading_scale} == {"Penn", "Lee 2014"}


def _grading(**settings):
    from helpers.explorers.toxicity import grading_explorer
    from helpers.models.toxicity import CONSCIOUSNESS, HYPOTENSION, HYPOXIA, SEIZURE

    base = dict(temperature_c=38.9, after_therapy=False, hypotension=HYPOTENSION.ONE_VASOPRESSOR,
                hypoxia=HYPOXIA.LOW_FLOW, ice_score=10, consciousness=CONSCIOUSNESS.ALERT, seizure=SEIZURE.NONE)
    return grading_explorer().set(**{**base, **settings})


def test_06_key_grading_vasopressor_outranks_low_flow_oxygen():
    says(NB06, "key-grading", "**Grade 3**, set by hypotension", "low-flow oxygen (grade 2)")
    state = _grading()
    assert state.crs.grade == 3 and state.crs.deciding == ["hypotension"] and state.crs.criteria["hypoxia"] == 2


def test_06_key_grading_no_fever_needed_after_treatment():
    says(NB06, "key-grading", "**Still grade 3**")
    from helpers.models.toxicity import HYPOXIA

    assert _grading(temperature_c=37.2, after_therapy=True, hypoxia=HYPOXIA.NONE).crs.grade == 3
    assert _grading(temperature_c=37.2, after_therapy=False).crs.grade == 0  # untreated: no fever, no CRS


def test_06_key_grading_consciousness_decides_ice_zero():
    says(NB06, "key-grading", "ICE 0 in an awake patient is **grade 3**", "unarousable patient it is **grade 4**")
    from helpers.models.toxicity import CONSCIOUSNESS

    assert _grading(ice_score=0).icans.grade == 3
    assert _grading(ice_score=0, consciousness=CONSCIOUSNESS.UNAROUSABLE).icans.grade == 4


def test_06_key_grading_a_resolved_seizure_is_grade_3():
    says(NB06, "key-grading", "4. **Grade 3**: the seizure (grade 3) is worse than an ICE score of 3 (grade 2)")
    from helpers.models.toxicity import SEIZURE

    state = _grading(ice_score=3, seizure=SEIZURE.RESOLVED)
    assert state.icans.grade == 3 and state.icans.criteria["ICE score"] == 2


def _crs(**kwargs):
    from helpers.models.toxicity import simulate_crs

    return simulate_crs(**kwargs)


def test_06_dynamics_switch_removes_90_percent_in_30_minutes():
    says(NB06, "dynamics", "The\n  model removes 90 % in 30 minutes", "85–95 % of them within 30 minutes")
    from helpers.models.toxicity import SWITCH_KILLED_FRACTION, SWITCH_WINDOW_DAYS

    assert SWITCH_KILLED_FRACTION == 0.9 and SWITCH_WINDOW_DAYS * 24 * 60 == pytest.approx(30)
    before, after = _crs(dose=3, burden=5, samples_per_day=96), _crs(dose=3, burden=5, switch_day=2, samples_per_day=96)
    i = int(np.searchsorted(after.days, 2 + SWITCH_WINDOW_DAYS))
    assert after.car_t[i] / before.car_t[i] == pytest.approx(0.1, rel=0.02)


def test_06_key_crs_high_risk_is_severe_for_about_two_days():
    says(NB06, "key-crs", "**It enters the severe zone for a few days** (about two)", "about day 1.5 (day 2.75 at the\n"
         "   reference burden and dose)")
    risky, reference = _crs(dose=3, burden=5), _crs()
    assert risky.severe_days == pytest.approx(2, abs=0.5) and risky.onset_day == pytest.approx(1.5, abs=0.25)
    assert reference.onset_day == pytest.approx(2.75, abs=0.2) and reference.severe_days == 0


def test_06_key_crs_tocilizumab_raises_serum_il6_and_caps_signalling():
    says(NB06, "key-crs", "**Serum IL-6 rises**", "about 1.5 times higher", "peak about 1.7 instead of 6.5",
         "CAR-T cells and tumour are untouched", "Given on day 6, tocilizumab comes\n   after the severe peak")
    risky, toci, late = _crs(dose=3, burden=5), _crs(dose=3, burden=5, tocilizumab_day=2), _crs(dose=3, burden=5,
                                                                                               tocilizumab_day=6)
    assert toci.peak_il6 / risky.peak_il6 == pytest.approx(1.5, abs=0.1)
    assert toci.peak_toxicity == pytest.approx(1.7, abs=0.1) and risky.peak_toxicity == pytest.approx(6.5, abs=0.1)
    np.testing.assert_allclose(toci.car_t, risky.car_t, rtol=1e-4)  # untouched (up to solver tolerance)
    np.testing.assert_allclose(toci.tumour, risky.tumour, rtol=1e-4)
    assert risky.peak_day < 6 and late.severe_days == risky.severe_days


def test_06_key_crs_steroids_cost_efficacy():
    says(NB06, "key-crs", "stop expanding at about 20 times the reference dose, their level on day 2",
         "instead of reaching 53", "cleared about 12 days later", "lower and delay the signalling\n   peak",
         "keep a milder CRS going for more than two weeks")
    from helpers.models.toxicity import TUMOUR_FLOOR

    risky, steroids = _crs(dose=3, burden=5), _crs(dose=3, burden=5, steroid_day=2)
    assert steroids.car_t.max() == pytest.approx(20, abs=1) and risky.car_t.max() == pytest.approx(53, abs=1)
    cleared = [r.days[np.flatnonzero(r.tumour <= TUMOUR_FLOOR)[0]] for r in (risky, steroids)]
    assert cleared[1] - cleared[0] == pytest.approx(12, abs=1)
    assert steroids.peak_toxicity < risky.peak_toxicity and steroids.peak_day > risky.peak_day
    assert steroids.car_t.max() == pytest.approx(steroids.car_t[steroids.days.searchsorted(2.0)], rel=0.01)
    above = steroids.days[steroids.toxicity >= 1.0]  # IL-6 signalling above the CRS onset level
    assert 14 < above[-1] - above[0] < 21 and steroids.severe_days == 0


def test_06_key_crs_the_switch_leaves_the_tumour():
    says(NB06, "key-crs", "**Barely reduced**", "back at about its starting size", "a milder CRS smoulders on")
    run = _crs(dose=3, burden=5, switch_day=2)
    assert run.tumour[-1] == pytest.approx(run.tumour[0], rel=0.1) and run.severe_days == 0
    assert run.toxicity[run.days > 20].max() >= 1.0  # IL-6 signalling still above the CRS onset level


def test_06_deeper_crs_division_budget_and_toxicity_index():
    says(NB06, "deeper-crs", "at most $2^6 = 64$-fold", "(β = 0.9)", "$(S - 1)^+/60$")
    from helpers.models.toxicity import CrsParams

    p = CrsParams()
    assert (p.fold_expansion, p.tocilizumab_blockade, p.tox_scale) == (64.0, 0.9, 60.0)
    assert _crs(dose=1, burden=100).car_t.max() <= 64 * 1.001  # the budget caps expansion


def test_06_solution_three_patients():
    says(NB06, "solution", "# 3", "# 2", "B is grade 3, not 4", "C is grade 2")
    from helpers.models.toxicity import CONSCIOUSNESS, HYPOTENSION, HYPOXIA, crs_grade, icans_grade

    assert crs_grade(39.4, HYPOTENSION.NO_VASOPRESSORS, HYPOXIA.HIGH_FLOW) == 3
    assert crs_grade(37.0, HYPOTENSION.ONE_VASOPRESSOR, HYPOXIA.NONE, True) == 3
    assert icans_grade(5, CONSCIOUSNESS.AWAKENS_TO_VOICE) == 2


def test_06_takeaways_tocilizumab_costs_little_efficacy_the_switch_the_therapy():
    says(NB06, "takeaways", "Tocilizumab blocks IL-6 *signalling* with little cost to efficacy, while serum IL-6 rises",
         "a safety switch trades the therapy itself for safety")
    risky = _crs(dose=3, burden=5)
    toci, switch = _crs(dose=3, burden=5, tocilizumab_day=2), _crs(dose=3, burden=5, switch_day=2)
    assert toci.tumour_log_reduction == pytest.approx(risky.tumour_log_reduction) and toci.peak_il6 > risky.peak_il6
    assert switch.tumour_log_reduction < 0.5 < risky.tumour_log_reduction


# --------------------------------------------------------------------------------------------------
# 06b · The therapeutic window
NB06B = "06b_therapeutic_window.ipynb"


def _window(**settings):
    from helpers.explorers.toxicity import window_explorer

    return window_explorer().set(**settings)


def test_06b_title_kymriah_lymphoma_dose_spans_ten_fold():
    says(NB06B, "title", "tisagenlecleucel's dose for lymphoma spans a ten-fold range", "per kilogram of body weight")
    from helpers.data import label_doses

    dlbcl = next(r for r in label_doses() if r.product == "tisagenlecleucel" and "DLBCL" in r.indication)
    assert dlbcl.dose_high / dlbcl.dose_low == pytest.approx(10)
    assert next(r for r in label_doses() if r.product == "axicabtagene ciloleucel").per_kg


def test_06b_window_placed_at_70_and_10_percent_inside_the_trial_range():
    says(NB06B, "window", "P(response) = 70 % and P(severe CRS) = 10 %", "inside the 2–49 % range of grade ≥ 3 CRS",
         "about\n  200 molecules per cell", "steepness 1.5")
    from helpers.data import crs_trials
    from helpers.models.toxicity import WINDOW_HILL, WINDOW_N_STAR

    state = _window()
    assert state.at_response == pytest.approx(0.70, abs=0.005) and state.at_severe == pytest.approx(0.10, abs=0.005)
    rates = [t.crs_grade3plus_pct for t in crs_trials() if t.crs_grade3plus_pct is not None]
    assert (min(rates), max(rates)) == (2, 49) and WINDOW_N_STAR == 200 and WINDOW_HILL == 1.5


def test_06b_key_window_high_burden_closes_it():
    says(NB06B, "key-window", "**No dose meets both limits**")
    assert _window(burden=5.0).curves.window is None


def test_06b_key_window_weaker_binder_moves_both_curves_up():
    says(NB06B, "key-window", "**Both move to higher doses**", "about half as many tumour cells", "from 0.58–1.7× to "
         "1.1–3.7×", "about 17-fold,\n   from about 12 % to 0.7 %")
    reference, weaker = _window().curves, _window(kd_m=1e-7).curves
    assert weaker.tumour_recognised / reference.tumour_recognised == pytest.approx(0.5, abs=0.05)
    assert reference.healthy_recognised / weaker.healthy_recognised == pytest.approx(17, rel=0.05)
    assert reference.healthy_recognised == pytest.approx(0.12, abs=0.005)
    assert weaker.healthy_recognised == pytest.approx(0.007, abs=0.001)
    assert [round(x, 2) for x in reference.window] == [0.58, 1.71] and [round(x, 1) for x in weaker.window] == [1.1, 3.7]
    assert weaker.window[1] / weaker.window[0] > reference.window[1] / reference.window[0]  # slightly wider


def test_06b_key_window_healthy_antigen_adds_risk():
    says(NB06B, "key-window", "**Higher**, at every dose", "about 19 % instead of 10 %", "to 0.58–1.0×")
    reference, loaded = _window(), _window(healthy_median=1e3)
    assert loaded.at_severe == pytest.approx(0.19, abs=0.01)
    assert np.all(loaded.curves.severe_crs >= reference.curves.severe_crs)
    np.testing.assert_allclose(loaded.curves.response, reference.curves.response)
    assert [round(x, 2) for x in loaded.curves.window] == [0.58, 1.04]


def test_06b_key_window_tight_limits_leave_no_margin():
    says(NB06B, "key-window", "**Only the reference dose itself, with no margin**")
    window = _window(required=0.7, accepted=0.1).curves.window
    assert window is not None and window[0] == pytest.approx(1.0) and window[1] == pytest.approx(1.0)


def test_06b_key_think_window_weaker_binder_wins_unless_healthy_cells_carry_more():
    says(NB06B, "key-think-window", "$K_D$ 10⁻⁷ M at 3.5 times the dose gives about 85 % response",
         "about 82 % for the reference binder", "the tightest binder wins")
    from helpers.explorers.toxicity import WindowExplorer
    from helpers.models.toxicity import window_curves

    kd, dose, response = _window().best
    assert kd == 1e-7 and dose == pytest.approx(3.5, rel=0.05) and response == pytest.approx(0.85, abs=0.01)
    own = window_curves(WindowExplorer.front_doses, 1e-8, 1e2, 1.0)
    assert own.response[own.severe_crs <= 0.2].max() == pytest.approx(0.82, abs=0.01)
    assert _window(healthy_median=1e4).best[0] == min(WindowExplorer.binders)


def _b_cells(**settings):
    from helpers.explorers.toxicity import b_cell_explorer

    return b_cell_explorer().set(**settings)


def test_06b_b_cells_borrowed_killing_and_renewal_values():
    says(NB06B, "b-cells", "$\\gamma_B$ = 1.15 per day", "$k_B = 2.0 \\times 10^9$ CAR-T cells", "0.02 per day")
    from helpers.models.toxicity import B_KILL_HALF, B_KILL_RATE, B_RENEWAL

    assert (B_KILL_RATE, round(B_KILL_HALF / 1e9, 1), B_RENEWAL) == (1.15, 2.0, 0.02)


def test_06b_key_b_cells_nine_months_at_30_day_half_life():
    says(NB06B, "key-b-cells", "**Within a year**: after about 9 months", "about 2 % of normal",
         "not back within the\n   two years shown")
    state = _b_cells(peak_car_t=1e10, half_life_days=30.0, renewal=0.02)
    assert state.recovery_day / 30.44 == pytest.approx(9, abs=0.5) and state.run.b_cells.min() == pytest.approx(0.02, abs=0.005)
    assert _b_cells(half_life_days=100.0).recovery_day is None


def test_06b_key_b_cells_smaller_peak_dips_to_half():
    says(NB06B, "key-b-cells", "**They dip to about half of normal**", "within about two months", "≈ 0.05 per day")
    state = _b_cells(peak_car_t=1e8, half_life_days=30.0, renewal=0.02)
    assert state.run.b_cells.min() == pytest.approx(0.5, abs=0.05) and state.recovery_day / 30.44 == pytest.approx(2, abs=0.3)
    from helpers.models.toxicity import B_KILL_HALF, B_KILL_RATE

    assert B_KILL_RATE * 1e8 / (B_KILL_HALF + 1e8) == pytest.approx(0.05, abs=0.005)


def test_06b_solution_60_day_half_life():
    says(NB06B, "solution", "about 6 % of normal", "about 10 months")
    from helpers.models.toxicity import simulate_b_cells

    run = simulate_b_cells(peak_car_t=1e9, half_life_days=60)
    assert run.b_cells.min() == pytest.approx(0.06, abs=0.005) and run.recovery_day(0.5) / 30.44 == pytest.approx(10, abs=0.5)


def test_06b_window_reference_window_and_antigen_levels():
    says(NB06B, "window", "the window then runs from about 0.58 to 1.7 times the reference\ndose",
         "tumour cells carry about 2 × 10³ antigen molecules and healthy cells\nabout 10²",
         "P(response) does not depend on tumour burden here")
    from helpers.models.toxicity import REFERENCE

    state = _window()
    assert (round(state.curves.window[0], 2), round(state.curves.window[1], 1)) == (0.58, 1.7)
    assert (state.required, state.accepted) == (0.5, 0.2)
    assert (REFERENCE["tumour_median"], REFERENCE["healthy_median"]) == (2e3, 1e2)
    np.testing.assert_allclose(_window(burden=5.0).curves.response, state.curves.response)


# --------------------------------------------------------------------------------------------------
# 01 · The ACT journey
NB01 = "01_the_act_journey.ipynb"


def _study(short: str):
    from helpers.data import journey_trials

    return next(t for t in journey_trials() if t.short == short)


def test_01_title_juliet_and_zuma1_infused_shares():
    says(NB01, "title", "115 of 167 enrolled", "patients (69 %) were infused", "101 of 111 (91 %)")
    juliet, zuma = _study("JULIET"), _study("ZUMA-1")
    assert (juliet.infused, juliet.enrolled, round(100 * juliet.fraction_infused)) == (115, 167, 69)
    assert (zuma.infused, zuma.enrolled, round(100 * zuma.fraction_infused)) == (101, 111, 91)


def test_01_steps_table_timings_and_transduction():
    from helpers.data import step_times
    from helpers.explorers.manufacturing import ReleaseExplorer

    says(NB01, "steps-table", "a 22-day process", "a median of 17.4 % (the middle half of products lay\nbetween 12 and 23 %)",
         "a median of 2.6 × 10⁹ T cells")
    lifileucel = next(s for s in step_times() if s.product == "lifileucel")
    assert lifileucel.median_days == 22
    uk = next(s for s in step_times() if s.step == "screening to infusion")
    assert "17.4%" in uk.source and ReleaseExplorer.default_transduced_pct == pytest.approx(17.4, abs=0.5)


def test_01_release_text_dose_doubling_time_and_sterility():
    from helpers.data import step_times
    from helpers.explorers.manufacturing import ReleaseExplorer

    says(NB01, "release-text", "0.6 to 6 × 10⁸", "67 hours", "189-fold expansion of CD8 T cells in 21 days",
         "at least 14 days")
    target = next(t for t in dose_targets() if t.key == "tisagenlecleucel | DLBCL (adults)")
    assert (target.low_cells, target.high_cells) == (6e7, 6e8)
    beads = next(r for r in culture_expansions() if "beads" in r.process and r.cell_type.startswith("CD8"))
    assert (beads.fold_low, beads.days) == (189, 21)
    assert doubling_time_from_fold(189, 21) == pytest.approx(ReleaseExplorer.default_doubling_h, abs=0.5)
    assert next(s for s in step_times() if s.step == "sterility test").median_days == 14


def _release(**values):
    from helpers.explorers.manufacturing import release

    base = {"start_cells": 1e7, "doubling_time_h": 67.0, "transduced_pct": 17.0, "release_days": 14,
            "target": "tisagenlecleucel | DLBCL (adults)"}
    return release(**{**base, **values}).state


def test_01_key_release_ready_on_day_29():
    says(NB01, "key-release", "**Day 29**", "1.7 × 10⁶ CAR-positive cells need about 5.1 doublings (35-fold)",
         "about 14.4 days", "harvested on day 15")
    s = _release()
    assert s.expansion.start_cells == pytest.approx(1.7e6)
    assert math.log2(6e7 / 1.7e6) == pytest.approx(5.1, abs=0.05)
    assert s.expansion.day_reached == pytest.approx(14.4, abs=0.05)
    assert math.ceil(s.expansion.day_reached) == 15
    harvested = _release(day=15)
    assert harvested.verdict == "within" and harvested.ready_day == 29


def test_01_key_release_twice_the_transduction_saves_one_doubling():
    says(NB01, "key-release", "**About 3 days sooner: one doubling time** (67 hours)", "the harvest moves to day 12",
         "ready on day 26")
    better = _release(transduced_pct=34.0)
    saved = _release().expansion.day_reached - better.expansion.day_reached
    assert saved == pytest.approx(67.0 / 24.0) and 2.5 < saved < 3.5
    assert math.ceil(better.expansion.day_reached) == 12 and _release(transduced_pct=34.0, day=12).ready_day == 26


def _infused(wait, failure=0.0, again=False, hr=1.0):
    from helpers.models.journey import fraction_infused, hazard_from_median

    return float(fraction_infused(wait, hazard_from_median(6.3), failure, again, hr))


def test_01_vein_text_scholar1_default():
    from helpers.explorers.journey import SCHOLAR1_MEDIAN_MONTHS, VeinToVeinExplorer

    says(NB01, "vein-text", "636 patients", "6.3 months, is the median [overall survival](glossary.ipynb#overall-survival) in SCHOLAR-1",
         "(a month is 30.4 days)", "92 % of JULIET's infused patients had bridging therapy")
    assert SCHOLAR1_MEDIAN_MONTHS == 6.3 and VeinToVeinExplorer().values["median_months"] == 6.3


def test_01_key_vein_loss_triples():
    says(NB01, "key-vein", "**It roughly triples**, from about 6 % to about 18 %")
    short, long = 1 - _infused(18), 1 - _infused(54)
    assert round(100 * short) == 6 and round(100 * long) == 18 and 2.5 < long / short < 3.5


def test_01_key_vein_remanufacture_adds_7_points():
    says(NB01, "key-vein", "**About 7 points** (from about 81 % to about 88 %)")
    once, twice = _infused(30, 0.1), _infused(30, 0.1, True)
    assert round(100 * once) == 81 and round(100 * twice) == 88 and round(100 * (twice - once)) == 7


def test_01_key_vein_bridging_equals_half_the_wait():
    says(NB01, "key-vein", "**Exactly the same**: about 91 % either way")
    assert _infused(54, hr=0.5) == pytest.approx(_infused(27)) and round(100 * _infused(27)) == 91


def test_01_key_vein_juliet_loss_needs_100_days():
    from helpers.data import step_times
    from helpers.models.journey import hazard_from_median

    says(NB01, "key-vein", "To lose JULIET's 31 % to the disease alone, the model needs a wait of about 100 days",
         "a median of 43 days from enrolment to infusion")
    days = math.log(1 / _study("JULIET").fraction_infused) / hazard_from_median(6.3)
    assert 95 < days < 110
    assert next(s for s in step_times() if s.step == "enrolment to infusion").median_days == 43


def test_01_deeper_hazard_seven_percent_at_two_years():
    from helpers.models.journey import hazard_from_median

    says(NB01, "deeper-hazard", "≈ 0.0036 per day", "about 7 % of\npatients alive at two years", "observed 20 %")
    h = hazard_from_median(6.3)
    assert h == pytest.approx(0.0036, abs=0.00005)
    assert round(100 * math.exp(-h * 2 * 365.25)) == 7


def test_01_itt_juliet_53_and_37():
    from helpers.models.journey import intention_to_treat

    says(NB01, "itt", "61 of the 115 infused patients responded (53 %)", "61 ÷ 167 = 37 %")
    assert round(100 * 61 / 115) == 53
    assert round(100 * intention_to_treat(61 / 115, 115 / 167)) == 37


def test_01_solution_eliana_66_karmma_67():
    from helpers.models.journey import intention_to_treat

    says(NB01, "exercise-text", "61 of the 75 infused patients", "(81 %); 92 were enrolled", "94 of the 128 infused",
         "(73 %); 140\nwere enrolled")
    says(NB01, "solution", "ELIANA falls from 81 % to 66 %, KarMMa from 73 % to 67 %",
         "ELIANA loses 15 points, KarMMa only 6", "(82 % against 91 %)",
         "an 8-point lead\nbecomes a 1-point gap the other way")
    eliana, karmma = _study("ELIANA"), _study("KarMMa")
    assert (eliana.infused, eliana.enrolled, karmma.infused, karmma.enrolled) == (75, 92, 128, 140)
    itt_e = intention_to_treat(61 / 75, eliana.fraction_infused)
    itt_k = intention_to_treat(94 / 128, karmma.fraction_infused)
    assert (round(100 * 61 / 75), round(100 * itt_e)) == (81, 66)
    assert (round(100 * 94 / 128), round(100 * itt_k)) == (73, 67)
    assert round(100 * eliana.fraction_infused) == 82 and round(100 * karmma.fraction_infused) == 91
    # the points lost, from the rounded rates the cell prints; the ranking flips
    assert round(100 * 61 / 75) - round(100 * itt_e) == 15 and round(100 * 94 / 128) - round(100 * itt_k) == 6
    assert 61 / 75 > 94 / 128 and itt_e < itt_k
    assert round(100 * 61 / 75) - round(100 * 94 / 128) == 8 and round(100 * itt_k) - round(100 * itt_e) == 1


# --------------------------------------------------------------------------------------------------
# 02 · Types of ACT
NB02 = "02_types_of_act.ipynb"


def _sees(**values):
    from helpers.explorers.types import who_sees

    return {k: round(100 * v) for k, v in who_sees(**values).state.result.fractions.items()}


def test_02_key_who_sees_intracellular():
    says(NB02, "key-who-sees", "**TIL and TCR-T** (about 97 % each)", "the CAR sees\n   nothing (0 %)", "about 4 % under the")
    f = _sees(location="intracellular")
    assert f["TIL"] == f["TCR-T"] == 97 and f["CAR-T"] == 0 and f["NK"] == 4


def test_02_key_who_sees_mhc_loss():
    says(NB02, "key-who-sees", "**CAR-T, NK and CAR-NK** (about 100 % each), while TIL and TCR-T drop to 0 %")
    f = _sees(mhc_pct=0)
    assert f["CAR-T"] == f["NK"] == f["CAR-NK"] == 100 and f["TIL"] == f["TCR-T"] == 0


def test_02_key_who_sees_wrong_hla():
    says(NB02, "key-who-sees", "**Only TCR-T** (0 %)", "TIL keep about 97 %")
    f = _sees(location="intracellular", hla_match=False)
    assert f["TCR-T"] == 0 and f["TIL"] == 97


def test_02_key_think_who_sees_scarce_surface_antigen():
    says(NB02, "key-think-who-sees", "the CAR recognises about 12 % of the tumour cells", "sees about 97 %")
    f = _sees(surface_density=50.0)
    assert f["CAR-T"] == 12 and f["TCR-T"] == 97


def test_02_eligibility_registry_carriers_near_trial_screening():
    from helpers.explorers.types import eligibility

    says(NB02, "eligibility", "44.8 % of 6,606 patients", "about 48 % for the registry's European Caucasian donors", "70 % (Wang et al. 2024)")
    s = eligibility(alleles="tecelra").state
    assert round(100 * s.carriers[s.populations.index("European Caucasian")]) == 48
    assert s.antigen.positive_fraction == 0.70


def test_02_key_eligibility_lowest_and_gains():
    from helpers.explorers.types import eligibility

    says(NB02, "key-eligibility", "about 5 % eligible against about 33 % of European Caucasian (and North American "
         "Amerindian)\n   donors, a 7-fold difference", "allele frequency of 0.035 among Vietnamese and 0.28 among\n"
         "   European Caucasian donors", "from about 5 % to about 22 % (Chinese donors gain the next most, about 13 "
         "points)", "(North American Amerindian, about 36 %)", "from 7-fold to 3.5-fold",
         "the lowest is now South Asian Indian (about 10 %)")
    narrow, wide = eligibility(alleles="a0201").state, eligibility(alleles="tecelra").state
    viet, euro = "Vietnamese", "European Caucasian"
    assert round(100 * narrow.eligible_of(viet)) == 5 and round(100 * narrow.eligible_of(euro)) == 33
    assert min(narrow.populations, key=narrow.eligible_of) == viet
    assert round(max(narrow.eligible) / min(narrow.eligible)) == 7
    q = dict(zip(narrow.populations, narrow.allele_frequency))
    assert round(q[viet], 3) == 0.035 and round(q[euro], 2) == 0.28
    assert round(100 * wide.eligible_of(viet)) == 22
    gains = {p: wide.eligible_of(p) - narrow.eligible_of(p) for p in wide.populations}
    assert max(gains, key=gains.get) == viet
    assert round(max(wide.eligible) / min(wide.eligible), 1) == 3.5
    assert min(wide.populations, key=wide.eligible_of) == "South Asian Indian"
    assert round(100 * wide.eligible_of("South Asian Indian")) == 10
    assert sorted(gains, key=gains.get)[-2] == "Chinese" and round(100 * gains["Chinese"]) == 13
    amer = "North American Amerindian"
    assert max(wide.populations, key=wide.eligible_of) == amer and round(100 * wide.eligible_of(amer)) == 36
    assert round(100 * narrow.eligible_of(amer)) == 33


def test_02_key_who_sees_nk_needs_an_activating_ligand():
    from helpers.explorers.types import who_sees

    says(NB02, "who-sees", "4. The target is on the surface; the tumour has lost MHC class I but carries no stress ligands")
    says(NB02, "key-who-sees", "4. **Hardly any (0 %)**", "CAR-T and\n   CAR-NK cells still recognise nearly all")
    f = who_sees(location="surface", mhc_pct=0, stress_pct=0).state.result.fractions
    assert round(100 * f["NK"]) == 0 and f["CAR-T"] > 0.99 and f["CAR-NK"] > 0.99


def test_02_think_starts_from_reset():
    from helpers.explorers.types import WhoSeesExplorer

    says(NB02, "think-who-sees", "Press **Reset** (the patient carries HLA-A*02 again, and MHC is normal)")
    e = WhoSeesExplorer()
    e.set(hla_match=False, mhc_pct=0)
    e.reset()
    assert e.values["hla_match"] is True and e.values["mhc_pct"] == 100 and e.values["location"] == "surface"
    e.set(surface_density=50.0)
    f = e.state.result.fractions
    assert round(100 * f["CAR-T"]) == 12 and round(100 * f["TCR-T"]) == 97


def test_02_solution_ny_eso_1_in_japanese_americans():
    from helpers.models.types import carrier_frequency, eligible_fraction

    says(NB02, "solution", "About 27 % carry HLA-A*02:01 and about 17 % would be eligible")
    carriers = carrier_frequency(0.148)
    assert round(100 * carriers) == 27 and round(100 * eligible_fraction(carriers, 0.61)) == 17


def test_02_eligibility_a0201_range_across_populations():
    from helpers.data import hla_frequencies

    says(NB02, "eligibility", "A*02:01's\nallele frequency ranges from about 0.03 to 0.28 between the nine populations shown")
    q = [r.allele_frequency for r in hla_frequencies() if r.allele == "A*02:01"]
    assert len(q) == 9 and round(min(q), 2) == 0.03 and round(max(q), 2) == 0.28


def test_02_quiz_low_mhc_favours_the_car():
    from helpers.quizzes import types_of_act

    question = next(q for q in types_of_act() if "10 % of its normal MHC" in q.prompt)
    right = next(c for c in question.choices if c.correct)
    assert right.text == "The CAR-T cells" and "about 3 peptide–MHC" in right.feedback
    r = _sees(mhc_pct=10, surface_density=1e4, pmhc_copies=30.0)
    assert r["TCR-T"] == 50 and r["CAR-T"] == 100


def test_02_network_text_matches_the_figure_and_its_evidence():
    from helpers.figures import types as fig

    says(NB02, "network-text", "(Kuhn et al.\n  2019)", "(Beatty et al. 2014)", "(Lai et al. 2020)",
         "In mice with brain tumours, and in one patient", "(Alizadeh et al. 2021)",
         "(Giavridis et al. 2018; Norelli et al. 2018)", "(Bailey et al. 2022)", "(Boulch et al. 2023)",
         "the \"antigen-negative tumour cells die\" box of the figure", "Most of this evidence comes from mice")
    evidence = {name.replace("\n", " "): ev for name, (*_, ev) in fig._BOXES.items()}
    assert "Kuhn 2019" in evidence[fig._APC.replace("\n", " ")]
    assert "Alizadeh 2021" in evidence[fig._MAC.replace("\n", " ")] and "one patient" in evidence[fig._MAC.replace("\n", " ")]
    assert "Giavridis" in evidence[fig._CRS.replace("\n", " ")] and "Norelli" in evidence[fig._CRS.replace("\n", " ")]
    assert "Boulch 2023" in evidence[fig._BYS.replace("\n", " ")] and "antigen-negative" in fig._BYS
    # every arrow in the figure starts from or leads to a box the text discusses
    edges = {(a, b) for a, _, b in fig.NETWORK}
    assert (fig._T, fig._APC) in edges and (fig._T, fig._MAC) in edges and (fig._MAC, fig._CRS) in edges
    assert (fig._T, fig._BYS) in edges and (fig._APC, fig._OWN) in edges


# --------------------------------------------------------------------------------------------------
# Notebook 05: clinical applications
NB05 = "05_clinical_applications.ipynb"


def test_05_trials_key():
    from helpers.explorers.clinical import trials

    e = trials(group="B-cell ALL", per_enrolled=True)
    eliana = next(rate for r, rate in zip(e.state.rows, e.state.rates) if r.label == "ELIANA (2018)")
    says(NB05, "key-trials", "**About 66 %**", "61 responders", "out of 92 enrolled that is 66 %")
    assert round(eliana) == 66 and round(0.81 * 75) == 61
    e.set(group="large B-cell lymphoma")
    per = {r.label: (r.orr_pct, rate, r.n_enrolled) for r, rate in zip(e.state.rows, e.state.rates) if rate is not None}
    says(NB05, "key-trials", "**TRANSCEND**", "73 % of the 256 efficacy-evaluable patients is 54 % of the 344",
         "JULIET falls from 53 % to 36 % (115 infused of 167 enrolled)", "ZUMA-1 from 82 % to 75 % (101 of 111)",
         "ZUMA-7 does not move")
    assert [round(x) for x in per["TRANSCEND (2020)"][:2]] == [73, 54] and per["TRANSCEND (2020)"][2] == 344
    assert [round(x) for x in per["JULIET (long-term)"][:2]] == [53, 36]
    assert [round(x) for x in per["ZUMA-1 (2017)"][:2]] == [82, 75]
    assert per["ZUMA-7 axi-cel arm"][0] == per["ZUMA-7 axi-cel arm"][1]
    biggest = max(per, key=lambda k: per[k][0] - per[k][1])
    assert biggest.startswith("TRANSCEND")


def test_05_survival_key():
    from helpers.data import landmark_series
    from helpers.explorers.clinical import SURVIVAL_SERIES, cure_summary

    z = cure_summary(*SURVIVAL_SERIES["ZUMA-1 · axi-cel · refractory large B-cell lymphoma"][:3])
    l = cure_summary(*SURVIVAL_SERIES["C-144-01 · lifileucel (TIL) · melanoma"][:3])
    says(NB05, "key-survival", "**About 40 %** (interval 28–49 %)", "just below the last dot (43 % at 5 years)",
         "**about half of ZUMA-1's**: about 19 %", "about 28 %, but with an interval from 0 to 64 %",
         "(70 % alive at 18 months, 63 % at 3 years, 55 % at 5 years)", "54.6 % against 46.0 % alive at 4 years")
    assert round(100 * z.fit.cure_fraction) == 40
    assert [round(100 * x) for x in z.interval] == [28, 49]
    assert round(100 * l.fit.cure_fraction) == 19 and 0.35 < l.fit.cure_fraction / z.fit.cure_fraction < 0.65
    assert cure_summary("ZUMA-7", "axi-cel", "overall survival").fit is None
    e = cure_summary(*SURVIVAL_SERIES["ELIANA · tisa-cel · B-cell ALL"][:3])
    assert round(100 * e.fit.cure_fraction) == 28 and [round(100 * x) for x in e.interval] == [0, 64]
    points = {(p.months, p.survival) for p in landmark_series("ELIANA", "tisa-cel", "overall survival")}
    assert points == {(18.0, 0.70), (36.0, 0.63), (60.0, 0.55)}
    zuma1 = landmark_series("ZUMA-1", "axi-cel", "overall survival")
    assert round(100 * max(zuma1, key=lambda p: p.months).survival) == 43 and z.fit.cure_fraction < 0.426


def test_05_kinetics_text_and_key():
    from helpers.models import trial
    from helpers.models.kinetics import STEIN_2019, KineticsParams, car_t_level

    p = STEIN_2019
    says(NB05, "kinetics", "doubles every 0.78 days for 9.3 days up to a peak of 24,000 copies/µg (3,900-fold)",
         "half-life of 4.3 days", "about 0.8 % of the peak", "half-life of 220 days", "$r$ = 0.05 per day",
         "10¹¹ leukaemia cells at infusion")
    assert round(p.doubling_time_days, 2) == 0.78 and p.tmax_days == 9.3 and p.cmax == 24_000
    assert round(math.log(2) / p.alpha_per_day, 1) == 4.3 and round(math.log(2) / p.beta_per_day, -1) == 220
    assert round(100 * p.fraction_slow, 1) == 0.8
    assert trial.GROWTH_PER_DAY == 0.05 and trial.BURDEN_MEDIAN_CELLS == 1e11
    typical = trial.patient_course()
    says(NB05, "key-kinetics", "**A CD19-positive relapse**, after about 14 months",
         "about 170 copies/µg at two months", "fallen to about 60 at one year",
         "**Remission** for the two years shown", "take the last leukaemia cell (at about day 47)",
         "dips below the line after about 7 months", "**A CD19-negative relapse**, after about 3 months",
         "a hundred thousand invisible cells")
    assert typical.outcome == "CD19-positive relapse" and round(typical.relapse_day / 30.44) == 14
    line = trial.GROWTH_PER_DAY / trial.KILL_PER_EXPOSURE
    assert round(float(car_t_level(60.0)), -1) == 170 and float(car_t_level(60.0)) < line
    assert round(float(car_t_level(365.0)), -1) == 60
    lasting = KineticsParams(p.cmax, p.tmax_days, p.fold_expansion, p.alpha_per_day, 0.03, p.beta_per_day)
    held = trial.patient_course(lasting)
    assert held.outcome == "remission"
    gone_day = held.days[np.flatnonzero(held.positive_cells < 1.0)[0]]
    below = held.days[(held.car_t < line) & (held.days > lasting.tmax_days)]
    assert 44 <= gone_day <= 50 and 7 <= below[0] / 30.44 < 8 and below[0] > gone_day
    escaped = trial.patient_course(lasting, negative_share=1e-6)
    assert escaped.outcome == "CD19-negative relapse" and round(escaped.relapse_day / 30.44) == 3
    assert 1e-6 * trial.BURDEN_MEDIAN_CELLS == 1e5


def test_05_virtual_trial_text_and_key():
    import numpy as np

    from helpers.data import crs_trials, journey_trials
    from helpers.explorers.clinical import POOL, REPLICATES, virtual_trial

    label = next(t for t in crs_trials() if t.trial == "ELIANA")
    journey = next(t for t in journey_trials() if t.short == "ELIANA")
    says(NB05, "virtual", "49 % grade 3 or higher in B-ALL (Penn scale, 68 patients;", "(75 of 92)",
         "(from 5,000 virtual patients)", "2,000 times")
    assert (label.crs_grade3plus_pct, label.n, label.grading_scale) == (49, 68, "Penn")
    assert (journey.infused, journey.enrolled) == (75, 92) and POOL == 5000 and REPLICATES == 2000
    e = virtual_trial(n=75, spread=0.0, seed=1)
    says(NB05, "key-virtual", "**100 % respond, yet about half still have severe CRS.**",
         "Raise the variation to 2 and the model's own response\n   rate (the dotted line) falls to about 71 %",
         "**About 30 to 40 points**, depending on the run (at run #1, 33 points: from about 61 % to 94 %",
         "about 18 are infused", "At 1,000 patients the range shrinks to about 5 points")
    assert e.state.observed["response"][0] == 100.0
    assert 40 < e.state.observed["severe_crs"][0] < 60 and 0.4 < e.state.expected["severe_crs"] < 0.6
    e.set(spread=2.0)
    assert round(100 * e.state.expected["response"]) == 71
    e.set(spread=1.0, n=20)
    low, high = np.percentile(e.state.replicate_rates, [2.5, 97.5])
    assert (round(high - low), round(low), round(high)) == (33, 61, 94) and e.state.trial.n_infused == 18
    assert "95 % of re-runs of this size: 61–94 % (33 points)" in e.readout()
    widths = []
    for seed in range(1, 21):
        e.set(seed=seed)
        low, high = np.percentile(e.state.replicate_rates, [2.5, 97.5])
        widths.append(high - low)
    assert np.percentile(widths, 10) >= 28 and np.percentile(widths, 90) <= 40
    e.set(seed=1)
    e.set(n=1000)
    low, high = np.percentile(e.state.replicate_rates, [2.5, 97.5])
    assert round(high - low) == 5


def test_05_exercise_solution():
    from helpers.models.clinical import proportion_interval

    says(NB05, "exercise-text", "19 responses among 44 patients (43 %)", "13\nresponses (30 %)")
    says(NB05, "solution", "about 30–58 % and 18–44 %")
    a, b = proportion_interval(19, 44), proportion_interval(13, 44)
    assert [round(100 * x) for x in (*a, *b)] == [30, 58, 18, 44]
    assert round(100 * 19 / 44) == 43 and round(100 * 13 / 44) == 30


# --------------------------------------------------------------------------------------------------
# Notebook 07: cost and complexity
NB07 = "07_cost_and_complexity.ipynb"


def test_07_price_table_matches_the_data():
    from helpers.data import product_prices

    import re

    from claims import _cells

    says(NB07, "prices", "never converted")
    text = _cells(NB07)["prices"]
    rows = re.findall(r"^\| (\w[^|]*?) \| ([^|]+?) \| (US|England) \| ([$£][\d,]+) \| (\d{4}) \| ([^|]+?) \|$", text,
                      flags=re.M)
    assert len(rows) == 5
    for name, _, country, price, year, _ in rows:
        product, brand = re.match(r"(.+) \((\w+)\)", name).groups()
        value = float(price[1:].replace(",", ""))
        match = [p for p in product_prices() if p.product == product and p.brand == brand and p.country == country
                 and p.price == value and p.year == int(year)]
        assert len(match) >= 1, (name, price, year)
        assert price[0] == ("£" if match[0].currency == "GBP" else "$")


def test_07_care_costs_match_the_data():
    from helpers.data import care_costs

    rows = {c.item: c for c in care_costs()}
    says(NB07, "prices", "cost $57,000 to $59,000 per patient", "median of $1,930 per patient",
         "$177,343 with severe CRS")
    assert (rows["care in the 3 months after infusion"].low, rows["care in the 3 months after infusion"].high) == (
        57_000, 59_000)
    assert (rows["managing CRS and neurological events"].low, rows["managing CRS and neurological events"].high) == (
        1_930, 177_343)
    says(NB07, "complexity", "cost €1.31 million, 77 % of it quality")
    assert rows["setting up a CAR-T programme"].low == 1_310_000 and rows["setting up a CAR-T programme"].currency == "EUR"


def test_07_responder_text_and_key():
    from helpers.explorers.economics import CASES, cost_case, default_care_cost, responder_costs

    says(NB07, "responders", "it uses $58,000", "at 3 years, 44 %", "the 31 % of treated patients still in response "
         "after 5 years", "KarMMa, in myeloma, has no\nsuch share")
    says(NB07, "takeaways", "per responder it is 1.4 to 1.6 times the price, per lasting remission\n  2.5 to 4 times")
    explorer = responder_costs()
    ratios = [explorer.set(case=label) for label in CASES]
    assert [round(r.per_responder / r.price, 1) for r in ratios] == [1.4, 1.4, 1.6]
    assert all(2.5 <= r.per_durable / r.price <= 4 for r in ratios if r.per_durable is not None)
    assert default_care_cost() == 58_000
    eliana, zuma, karmma = (cost_case(label) for label in CASES)
    assert (eliana.durable, zuma.durable, karmma.durable) == (0.44, 0.31, None)
    e = responder_costs()
    s = e.state
    says(NB07, "key-responders", "**About $1.2 million**, two and a half times the price tag", "costs $533,000",
         "about $1.4 million, almost four times\n   its $373,000 price", "**It stays the same.**",
         "Of 100 enrolled patients, 66 respond; with 20 more lost, 50",
         "halving the\nprice lowers the cost per lasting remission to about $670,000; doubling the lasting share lowers it "
         "to about\n$610,000")
    assert s.per_treated == 533_000 and round(s.per_durable / 1e5) == 12 and round(s.per_durable / s.price, 1) == 2.6
    halved = e.set(price_pct=50).per_durable
    e.set(price_pct=100)
    doubled = s.per_treated / (2 * eliana.durable)
    assert round(halved, -4) == 670_000 and round(doubled, -4) == 610_000 and doubled < halved
    assert round(s.responders_per_100) == 66
    lost = e.set(extra_lost=20)
    assert lost.per_responder == s.per_responder and round(lost.responders_per_100) == 50
    z = e.set(case=list(CASES)[1], extra_lost=0)
    assert z.price == 373_000 and round(z.per_durable / 1e5) == 14 and 3.5 < z.per_durable / z.price < 4.0


def test_07_plane_text_and_key():
    from helpers.data import cost_effectiveness
    from helpers.explorers.economics import CLOFARABINE_LONG_TERM, THRESHOLDS, TISA_LONG_TERM, cost_effectiveness_plane

    w = next(r for r in cost_effectiveness() if r.analysis == "Whittington 2018")
    says(NB07, "plane", "$100,000 and $150,000 per QALY", "cost $329,498 more and gained 7.18 QALYs",
         "more than 40 %", "with clofarabine, 10 % did")
    says(NB07, "key-plane", "roughly $46,000 per QALY, the published\n   result")
    assert round(w.incremental_cost) == 329_498 and w.incremental_qaly == 7.18 and w.icer_published == 46_000
    assert THRESHOLDS == (100_000, 150_000) and (TISA_LONG_TERM, CLOFARABINE_LONG_TERM) == (0.40, 0.10)
    e = cost_effectiveness_plane()
    says(NB07, "key-plane", "**Below $100,000 per QALY**", "**Between $100,000 and $150,000 per QALY**, about $138,000",
         "$61,000 per QALY at 40 % relapse-free survival (alive without relapse)", "$151,000 at 20 %", "at about $385,000")
    assert round(e.state.icer, -3) == 46_000
    low = e.set(long_term_share=0.20)
    assert round(low.icer, -3) == 138_000 and THRESHOLDS[0] < low.icer < THRESHOLDS[1]
    assert round(low.prices_at_thresholds[0], -3) == 385_000
    lin = {r.scenario.split(" ")[0]: r.icer_published for r in cost_effectiveness() if r.analysis == "Lin 2018"}
    assert (lin["40"], lin["20"]) == (61_000, 151_000)


def test_07_complexity_numbers_match_the_data():
    from helpers.data import journey_trials, step_times

    says(NB07, "complexity", "111 patients were enrolled, cells were made for 110 (99 %)", "101 (91 %) were infused",
         "at least 14 days of incubation", "the median time from\n  enrolment to infusion was 43 days",
         "47 of 58 patients included")
    zuma = next(t for t in journey_trials() if t.short == "ZUMA-1")
    assert (zuma.enrolled, zuma.infused) == (111, 101) and zuma.not_infused.startswith("1 manufacturing failure")
    assert round(100 * 110 / 111) == 99 and round(100 * 101 / 111) == 91
    steps = {s.step: s for s in step_times()}
    assert steps["sterility test"].median_days == 14 and steps["enrolment to infusion"].median_days == 43


def test_07_exercise_solution():
    from helpers.models.economics import icer, net_monetary_benefit

    says(NB07, "exercise-text", "$666,754 with tisagenlecleucel and $337,256", "9.28 against 2.10 QALYs")
    says(NB07, "solution", "About $45,900 per QALY", "about\n$388,500 per patient")
    ratio = icer(666_754, 9.28, 337_256, 2.10)
    assert round(ratio, -2) == 45_900
    assert round(net_monetary_benefit(ratio * 7.18, 7.18, 100_000), -2) == 388_500


# --------------------------------------------------------------------------------------------------
# Notebook 08: future directions
NB08 = "08_future_directions.ipynb"


def test_08_gate_text_and_key():
    from helpers.data import gate_scenarios
    from helpers.explorers.future import PRESENT, gate_designer
    from helpers.models.types import CAR_THRESHOLD

    says(NB08, "gates", "set\nat 2,000 molecules per cell", "the same threshold, 200 molecules")
    assert PRESENT == 2_000 and CAR_THRESHOLD == 200
    scenarios = {s.scenario: s for s in gate_scenarios()}
    e = gate_designer()
    b_all = e.set(scenario="B-ALL after CD19 CAR-T", lost_a=30)
    says(NB08, "key-gates", "**About 70 %** (68 %)", "(99 % killed)", "best complete response in 90 % of 297 patients",
         "ELIANA's single CD19 CAR gave 81 %", "(0 % hit,", "(94 %, a little below a single receptor's 97 %",
         "in 13 % of tumours", "kills the tumour (97 %) and spares the colon (3 % hit)", "by June 2023",
         "against 49 % for a PSMA receptor")
    assert round(100 * b_all.killed["A"]) == 68 and round(100 * b_all.killed["OR"]) == 99
    assert b_all.hit["OR"] - b_all.hit["A"] < 0.05
    assert "90 % of 297" in scenarios["B-ALL after CD19 CAR-T"].status
    prostate = e.set(scenario="prostate cancer", lost_a=0)
    assert round(100 * prostate.hit["AND"]) == 0 and round(100 * prostate.killed["AND"]) == 94
    assert round(100 * prostate.killed["A"]) == 97 and round(100 * prostate.hit["A"]) == 49
    colon = e.set(scenario="colorectal cancer")
    assert (round(100 * colon.killed["NOT"]), round(100 * colon.hit["NOT"])) == (97, 3)
    assert "13 %" in scenarios["colorectal cancer"].source and "June 2023" in scenarios["colorectal cancer"].status
    assert scenarios["prostate cancer"].year == 2013 and scenarios["prostate cancer"].status == "preclinical (mice)"


def test_08_microenvironment_key_and_exercise():
    from helpers.explorers.future import ARMOUR, BLOCKADE, TME_BASE, tme_params
    from helpers.models.spatial import SpatialParams, simulate

    def final(*settings) -> int:
        return int(simulate(tme_params(*settings)).tumour[-1])

    says(NB08, "key-tme", "as each answer removes 80 %\n   of its obstacle")
    assert BLOCKADE == 0.8 and ARMOUR["TGF-β-resistant"] == (0.8, 0.0) and ARMOUR["heparanase"] == (0.0, 0.8)
    says(NB08, "key-tme", "606 tumour cells instead of 49", "**Part of the way**: 455", "the tumour falls to 218",
         "356 instead of 218", "3 of 12 patients", "6 of the\nfirst 14 patients", "83 % at\n4 weeks, in a study of 19 patients")
    assert final(False, False, False, "none", False) == 49 and final(True, True, False, "none", False) == 606
    assert final(True, True, False, "none", True) == 455
    assert final(True, True, False, "TGF-β-resistant", True) == 218
    assert final(True, True, True, "TGF-β-resistant", True) == 356
    says(NB08, "key-tme", "keep only the barrier: 188 tumour cells, and 16 with heparanase instead")
    assert final(False, False, True, "none", False) == 188 and final(False, False, True, "heparanase", False) == 16
    says(NB08, "exercise-text", "compared with 356 (blockade and\nTGF-β armour only) and 49", "replace each `...` with 0.8")
    says(NB08, "solution", "About 70 tumour cells, most of the way back to 49")
    every = simulate(SpatialParams(**TME_BASE, tgf_beta=0.4, pd_l1=0.4, barrier=0.95, blockade=0.8, resist=0.8,
                                   degrade=0.8)).tumour[-1]
    assert 60 <= every <= 80


# --------------------------------------------------------------------------------------------------
# Notebook 09: the capstone key and the exercise, from helpers.capstone.design_therapy
NB09 = "09_review.ipynb"


def test_09_capstone_key():
    from helpers.capstone import CASES, design_therapy
    from helpers.models.types import CELL_TYPES

    eligible = {kind for kind in CELL_TYPES if design_therapy("Ana", kind).eligible}
    assert eligible == {"CAR-T"}
    says(NB09, "key-capstone", "**CAR-T only.**", "NK cells would also see only about 8 % of her tumour cells")
    assert round(100 * design_therapy("Ana", "NK").tumour_seen) == 8
    ana, bridged = design_therapy("Ana", "CAR-T"), design_therapy("Ana", "CAR-T", bridging=True)
    assert ana.window and bridged.window and ana.response and ana.severe_crs and bridged.severe_crs
    says(NB09, "key-capstone", "**Well above it: about 34 %**", "while P(response) is 70 %", "from about 0.58 to 0.62 times",
         "falls to about 16 %", "about 0.58–1.2×", "P(response) stays at 70 %")
    assert round(100 * ana.severe_crs) == 34 and round(100 * ana.response) == 70 and not ana.meets_limits
    assert (round(ana.window[0], 2), round(ana.window[1], 2)) == (0.58, 0.62)
    assert round(100 * bridged.severe_crs) == 16 and round(100 * bridged.response) == 70
    assert (round(bridged.window[0], 2), round(bridged.window[1], 1)) == (0.58, 1.2)
    bill, lower = design_therapy("Bill", "CAR-T"), design_therapy("Bill", "CAR-T", dose=0.8)
    says(NB09, "key-capstone", "from about 0.58× to 1×", "his risk is exactly\n   10 %", "about 63 % at 0.8×")
    assert bill.window and (round(bill.window[0], 2), round(bill.window[1], 2)) == (0.58, 1.0)
    assert round(100 * bill.severe_crs, 1) == 10.0 and bill.meets_limits and round(100 * lower.response) == 63
    assert CASES["Bill"].accepted_severe == 0.10 and CASES["Ana"].accepted_severe == 0.20
    says(NB09, "capstone-text", "20 % for Ana and Chloé, 10 % for Bill", "burden they give 70 % and 10 %",
         "grade ≥ 3 CRS in 2 % to 49 % of infused patients")
    from helpers.data import crs_trials
    rates = [r.crs_grade3plus_pct for r in crs_trials() if r.crs_grade3plus_pct is not None]
    assert (min(rates), max(rates)) == (2, 49)


def test_09_exercise_solution():
    from helpers.capstone import design_therapy

    before = design_therapy("Chloé", "CAR-T")
    tighter = design_therapy("Chloé", "CAR-T", kd_m=1e-9)
    both = design_therapy("Chloé", "CAR-T", kd_m=1e-9, bridging=True)
    says(NB09, "solution", "from 54 % to 64 %", "to 20 %", "about 10 %", "Both choices are needed")
    assert round(100 * before.response) == 54 and round(100 * tighter.response) == 64
    assert round(100 * tighter.severe_crs) == 20 and tighter.severe_crs > 0.15  # a tighter binder alone fails
    assert both.severe_crs <= 0.15 and both.response >= 0.60 and round(100 * both.severe_crs) == 10
    assert tighter.cost_responder < before.cost_responder
    says(NB09, "exercise-text", "at least 60 %", "at most 15 %")


def test_04_carrgo_escape_and_06b_weaker_binder_asides():
    """Asides added after the teachers' read: the CARRGO escape threshold and notebook 06b's weaker-binder note."""
    from helpers.explorers.toxicity import window_explorer
    from helpers.models.killing import CarrgoParams, carrgo_equilibrium

    says(NB04, "key-carrgo", "10⁻¹² and $x^*$ reaches $K$ = 10¹²: the tumour escapes.")
    eq = carrgo_equilibrium(CarrgoParams(rho=0.1, capacity=1e12, kappa1=1e-9, kappa2=1e-12, theta=1.0))
    assert eq.tumour == pytest.approx(1e12) and not eq.exists
    says(NB06B, "key-window", "for this binder it gives exactly 70 % and 10 %", "a much weaker\n   binder that meets "
         "both limits at a far higher dose")
    explorer = window_explorer()
    explorer.set(required=0.7, accepted=0.1)
    kd, dose, response = explorer.state.best
    assert kd >= 1e-7 and dose >= 10 and response >= 0.7
