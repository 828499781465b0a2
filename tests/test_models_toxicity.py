"""Toxicity models: ASTCT CRS and ICANS grading against every cell of the consensus tables (Lee et al. 2019),
input validation, the illustrative CRS dynamics (interventions, dose/burden trends, division budget, agreement
with an independent solve_ivp integration), the therapeutic window and Pareto front, and B-cell aplasia
(including its analytic steady state)."""

import itertools
import math

import numpy as np
import pytest
from scipy.integrate import solve_ivp

from helpers.models.toxicity import (
    B_KILL_HALF,
    B_KILL_RATE,
    CONSCIOUSNESS,
    HYPOTENSION,
    HYPOXIA,
    MOTOR,
    ONSET_LEVEL,
    RAISED_ICP,
    RESPONSE_AT_REFERENCE,
    SEIZURE,
    SEVERE_AT_REFERENCE,
    SWITCH_KILLED_FRACTION,
    SWITCH_WINDOW_DAYS,
    TUMOUR_FLOOR,
    CrsParams,
    _crs_rhs,
    crs_assessment,
    crs_grade,
    ice_points,
    icans_assessment,
    icans_grade,
    pareto_front,
    simulate_b_cells,
    simulate_crs,
    window_curves,
)

# --- ASTCT CRS grading -------------------------------------------------------------------------------
# Expected grades written from the consensus table (Lee 2019, Table "CRS grading"), not from the module's order.
HYPOTENSION_GRADE = {
    "none": 1,  # fever alone is grade 1
    "not requiring vasopressors": 2,
    "one vasopressor with or without vasopressin": 3,
    "multiple vasopressors (excluding vasopressin)": 4,
}
HYPOXIA_GRADE = {
    "none": 1,
    "low-flow nasal cannula (<= 6 L/min) or blow-by": 2,
    "high-flow nasal cannula (> 6 L/min), facemask, non-rebreather or Venturi mask": 3,
    "positive pressure (CPAP, BiPAP, intubation and mechanical ventilation)": 4,
}
ONE_PRESSOR = "one vasopressor with or without vasopressin"
MANY_PRESSORS = "multiple vasopressors (excluding vasopressin)"
LOW_FLOW = "low-flow nasal cannula (<= 6 L/min) or blow-by"
HIGH_FLOW = "high-flow nasal cannula (> 6 L/min), facemask, non-rebreather or Venturi mask"
POSITIVE_PRESSURE = "positive pressure (CPAP, BiPAP, intubation and mechanical ventilation)"


def test_expected_tables_cover_every_category():
    assert set(HYPOTENSION_GRADE) == set(HYPOTENSION)
    assert set(HYPOXIA_GRADE) == set(HYPOXIA)


@pytest.mark.parametrize("hypotension", list(HYPOTENSION_GRADE))
def test_crs_hypotension_alone_with_fever(hypotension):
    assert crs_grade(38.5, hypotension, "none") == HYPOTENSION_GRADE[hypotension]


@pytest.mark.parametrize("hypoxia", list(HYPOXIA_GRADE))
def test_crs_hypoxia_alone_with_fever(hypoxia):
    assert crs_grade(39.2, "none", hypoxia) == HYPOXIA_GRADE[hypoxia]


@pytest.mark.parametrize("hypotension, hypoxia", list(itertools.product(HYPOTENSION_GRADE, HYPOXIA_GRADE)))
def test_crs_grade_is_set_by_the_more_severe_event(hypotension, hypoxia):
    expected = max(HYPOTENSION_GRADE[hypotension], HYPOXIA_GRADE[hypoxia])
    assert crs_grade(40.0, hypotension, hypoxia) == expected


def test_crs_fever_threshold_is_38_degrees():
    assert crs_grade(37.9, "none", "none") == 0
    assert crs_grade(38.0, "none", "none") == 1
    assert crs_grade(37.9, ONE_PRESSOR, "none") == 0
    assert crs_grade(38.0, ONE_PRESSOR, "none") == 3


@pytest.mark.parametrize("hypotension, hypoxia", list(itertools.product(HYPOTENSION_GRADE, HYPOXIA_GRADE)))
def test_no_fever_and_no_therapy_is_not_crs(hypotension, hypoxia):
    assert crs_grade(37.0, hypotension, hypoxia) == 0
    assert crs_grade(37.0, hypotension, hypoxia, after_anticytokine_therapy=False) == 0


@pytest.mark.parametrize("hypotension, hypoxia", list(itertools.product(HYPOTENSION_GRADE, HYPOXIA_GRADE)))
def test_after_anticytokine_therapy_fever_is_not_required(hypotension, hypoxia):
    # without fever the grade is driven by hypotension and hypoxia only (0 if neither)
    by_organs = max(HYPOTENSION_GRADE[hypotension] if hypotension != "none" else 0,
                    HYPOXIA_GRADE[hypoxia] if hypoxia != "none" else 0)
    assert crs_grade(36.8, hypotension, hypoxia, after_anticytokine_therapy=True) == by_organs
    # with fever, therapy changes nothing
    assert crs_grade(38.6, hypotension, hypoxia, after_anticytokine_therapy=True) == \
        crs_grade(38.6, hypotension, hypoxia)


def test_crs_consensus_footnote_example():
    """"a febrile patient on a single vasopressor and low-flow nasal cannula would be classified as Grade 3"."""
    assert crs_grade(38.4, ONE_PRESSOR, LOW_FLOW) == 3


def test_crs_assessment_names_the_deciding_criteria():
    a = crs_assessment(38.4, ONE_PRESSOR, LOW_FLOW)
    assert a.grade == 3 and a.deciding == ["hypotension"]
    assert "Grade 3" in a.explain() and "hypotension" in a.explain()
    b = crs_assessment(39.0, "not requiring vasopressors", POSITIVE_PRESSURE)
    assert b.grade == 4 and b.deciding == ["hypoxia"]
    tie = crs_assessment(39.0, ONE_PRESSOR, HIGH_FLOW)
    assert tie.grade == 3 and sorted(tie.deciding) == ["hypotension", "hypoxia"]
    fever_only = crs_assessment(38.0, "none", "none")
    assert fever_only.grade == 1 and fever_only.deciding == ["fever"]
    assert "Grade 1" in fever_only.explain()
    none = crs_assessment(37.0, MANY_PRESSORS, POSITIVE_PRESSURE)
    assert none.grade == 0 and none.deciding == []
    assert "Grade 0" in none.explain()
    treated = crs_assessment(37.0, MANY_PRESSORS, "none", after_anticytokine_therapy=True)
    assert treated.grade == 4 and treated.deciding == ["hypotension"] and "Grade 4" in treated.explain()


# --- ASTCT ICANS grading -------------------------------------------------------------------------------
CONSCIOUSNESS_GRADE = {
    "alert": 0,
    "awakens spontaneously": 1,
    "awakens to voice": 2,
    "awakens only to tactile stimulus": 3,
    "unarousable, or needs vigorous or repetitive tactile stimuli; stupor or coma": 4,
}
SEIZURE_GRADE = {
    "none": 0,
    "resolves rapidly, or EEG-only seizures that resolve with intervention": 3,
    "prolonged (> 5 min) or repetitive without return to baseline": 4,
}
MOTOR_GRADE = {"none": 0, "deep focal motor weakness (hemiparesis or paraparesis)": 4}
ICP_GRADE = {
    "none": 0,
    "focal or local oedema on neuroimaging": 3,
    "diffuse cerebral oedema on neuroimaging, posturing, CN VI palsy, papilloedema or Cushing's triad": 4,
}
ICE_GRADE = {10: 0, 9: 1, 8: 1, 7: 1, 6: 2, 5: 2, 4: 2, 3: 2, 2: 3, 1: 3, 0: 3}  # awake patient
UNAROUSABLE = "unarousable, or needs vigorous or repetitive tactile stimuli; stupor or coma"
RAPID_SEIZURE = "resolves rapidly, or EEG-only seizures that resolve with intervention"


def test_icans_expected_tables_cover_every_category():
    assert set(CONSCIOUSNESS_GRADE) == set(CONSCIOUSNESS)
    assert set(SEIZURE_GRADE) == set(SEIZURE)
    assert set(MOTOR_GRADE) == set(MOTOR)
    assert set(ICP_GRADE) == set(RAISED_ICP)


@pytest.mark.parametrize("score", range(11))
def test_icans_ice_score_rows(score):
    assert icans_grade(score, "alert") == ICE_GRADE[score]


@pytest.mark.parametrize("level", list(CONSCIOUSNESS_GRADE))
def test_icans_consciousness_rows(level):
    assert icans_grade(10, level) == CONSCIOUSNESS_GRADE[level]


@pytest.mark.parametrize("seizure", list(SEIZURE_GRADE))
def test_icans_seizure_rows(seizure):
    assert icans_grade(10, "alert", seizure=seizure) == SEIZURE_GRADE[seizure]


@pytest.mark.parametrize("motor", list(MOTOR_GRADE))
def test_icans_motor_rows(motor):
    assert icans_grade(10, "alert", motor_findings=motor) == MOTOR_GRADE[motor]


@pytest.mark.parametrize("icp", list(ICP_GRADE))
def test_icans_raised_icp_rows(icp):
    assert icans_grade(10, "alert", raised_icp=icp) == ICP_GRADE[icp]


def test_icans_grade_is_the_worst_domain_over_all_combinations():
    for score, level, seizure, motor, icp in itertools.product(range(11), CONSCIOUSNESS_GRADE, SEIZURE_GRADE,
                                                              MOTOR_GRADE, ICP_GRADE):
        expected = max(ICE_GRADE[score], CONSCIOUSNESS_GRADE[level], SEIZURE_GRADE[seizure], MOTOR_GRADE[motor],
                       ICP_GRADE[icp])
        assert icans_grade(score, level, seizure, motor, icp) == expected, (score, level, seizure, motor, icp)


def test_icans_consensus_notes():
    # "a patient with an ICE score of 3 who has generalized seizure is classified as grade 3 ICANS"
    a = icans_assessment(3, "alert", seizure=RAPID_SEIZURE)
    assert a.grade == 3 and a.deciding == ["seizure"] and "Grade 3" in a.explain()
    # ICE 0: grade 3 if awake (e.g. global aphasia), grade 4 if unarousable
    assert icans_grade(0, "alert") == 3
    assert icans_grade(0, UNAROUSABLE) == 4
    unarousable = icans_assessment(0, UNAROUSABLE)
    assert "level of consciousness" in unarousable.deciding and "Grade 4" in unarousable.explain()
    assert icans_assessment(10, "alert").deciding == [] and "Grade 0" in icans_assessment(10, "alert").explain()


def test_ice_points_sum_to_ten():
    assert ice_points(4, 3, True, True, True) == 10
    assert ice_points(0, 0, False, False, False) == 0
    assert ice_points(2, 1, True, False, True) == 5
    assert ice_points(4, 0, False, True, False) == 5
    # a full ICE score is no ICANS from that domain
    assert icans_grade(ice_points(4, 3, True, True, True), "alert") == 0


@pytest.mark.parametrize("kwargs, name", [
    (dict(orientation=5, naming=3), "orientation"),
    (dict(orientation=-1, naming=3), "orientation"),
    (dict(orientation=4, naming=4), "naming"),
    (dict(orientation=4, naming=-1), "naming"),
])
def test_ice_points_validates_ranges(kwargs, name):
    with pytest.raises(ValueError, match=name):
        ice_points(**kwargs, commands=True, writing=True, attention=True)


@pytest.mark.parametrize("kwargs", [dict(orientation=2.5, naming=3), dict(orientation=4, naming=1.5)])
def test_ice_points_rejects_fractional_points(kwargs):
    with pytest.raises(ValueError, match="whole number"):
        ice_points(**kwargs, commands=True, writing=True, attention=True)


# --- invalid input -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("call, name, choices", [
    (lambda: crs_grade(39, "vasopressors", "none"), "hypotension", HYPOTENSION),
    (lambda: crs_grade(39, "None", "none"), "hypotension", HYPOTENSION),
    (lambda: crs_grade(39, "none", "oxygen"), "hypoxia", HYPOXIA),
    (lambda: icans_grade(10, "drowsy"), "consciousness", CONSCIOUSNESS),
    (lambda: icans_grade(10, "alert", seizure="generalised"), "seizure", SEIZURE),
    (lambda: icans_grade(10, "alert", motor_findings="tremor"), "motor_findings", MOTOR),
    (lambda: icans_grade(10, "alert", raised_icp="yes"), "raised_icp", RAISED_ICP),
])
def test_unknown_category_names_the_parameter_and_lists_the_choices(call, name, choices):
    with pytest.raises(ValueError, match=rf"^{name} must be one of") as info:
        call()
    for choice in choices:
        assert repr(choice) in str(info.value)


@pytest.mark.parametrize("temperature", [29.9, 45.1, float("nan"), "39"])
def test_crs_temperature_out_of_range(temperature):
    with pytest.raises(ValueError, match=r"temperature_c must be .*\[30, 45\]"):
        crs_grade(temperature, "none", "none")


@pytest.mark.parametrize("flag", ["yes", 1, None])
def test_crs_therapy_flag_must_be_bool(flag):
    with pytest.raises(ValueError, match="after_anticytokine_therapy must be True or False"):
        crs_grade(39, "none", "none", after_anticytokine_therapy=flag)


@pytest.mark.parametrize("score, pattern", [(11, r"ice_score must be in \[0, 10\]"),
                                            (-1, r"ice_score must be in \[0, 10\]"),
                                            (2.5, "ice_score must be a whole number from 0 to 10")])
def test_icans_bad_ice_score(score, pattern):
    with pytest.raises(ValueError, match=pattern):
        icans_grade(score, "alert")


@pytest.mark.parametrize("kwargs, pattern", [
    (dict(dose=0), r"dose must be in \[0.01, 100\]"),
    (dict(dose=1000), r"dose must be in \[0.01, 100\]"),
    (dict(burden=0.001), r"burden must be in \[0.01, 100\]"),
    (dict(burden=101), r"burden must be in \[0.01, 100\]"),
    (dict(tocilizumab_day=-1), r"tocilizumab_day must be in \[0, 28\]"),
    (dict(steroid_day=29), r"steroid_day must be in \[0, 28\]"),
    (dict(switch_day=11, days=10), r"switch_day must be in \[0, 10\]"),
    (dict(days=0.5), "days must be in"),
    (dict(samples_per_day=200), "samples_per_day must be in"),
])
def test_simulate_crs_bad_input(kwargs, pattern):
    with pytest.raises(ValueError, match=pattern):
        simulate_crs(**kwargs)


@pytest.mark.parametrize("kwargs, pattern", [
    (dict(doses=np.array([2.0, 1.0, 0.5])), "doses must be an increasing"),
    (dict(doses=np.array([1.0, 1.0])), "doses must be an increasing"),
    (dict(doses=np.array([1e-4, 1.0])), r"doses must be in \[0.001, 1000\]"),
    (dict(doses=np.array([1.0])), "doses must be an increasing"),
    (dict(doses=np.array([0.1, 1.0]), kd_m=1e-4), r"kd_m must be in \[1e-11, 1e-05\]"),
    (dict(doses=np.array([0.1, 1.0]), kd_m=1e-12), r"kd_m must be in \[1e-11, 1e-05\]"),
    (dict(doses=np.array([0.1, 1.0]), burden=0), "burden must be in"),
    (dict(doses=np.array([0.1, 1.0]), accepted_severe=1.0), "accepted_severe must be in"),
])
def test_window_curves_bad_input(kwargs, pattern):
    with pytest.raises(ValueError, match=pattern):
        window_curves(**kwargs)


@pytest.mark.parametrize("kwargs, name", [
    (dict(peak_car_t=1e5), "peak_car_t"),
    (dict(peak_car_t=1e12), "peak_car_t"),
    (dict(half_life_days=0.5), "half_life_days"),
    (dict(renewal_per_day=0.6), "renewal_per_day"),
    (dict(renewal_per_day=0.0), "renewal_per_day"),
    (dict(days=5), "days"),
    (dict(samples=5), "samples"),
])
def test_simulate_b_cells_bad_input(kwargs, name):
    with pytest.raises(ValueError, match=rf"^{name} must be"):
        simulate_b_cells(**kwargs)


@pytest.mark.parametrize("kwargs, name", [
    (dict(kill_rate=-0.1), "kill_rate"),
    (dict(expansion=0.0), "expansion"),
    (dict(il6_turnover=float("nan")), "il6_turnover"),
    (dict(tocilizumab_blockade=1.2), "tocilizumab_blockade"),
    (dict(steroid_damping=-0.1), "steroid_damping"),
])
def test_crs_params_bad_values(kwargs, name):
    with pytest.raises(ValueError, match=rf"^{name} must be"):
        CrsParams(**kwargs)


# --- CRS dynamics ------------------------------------------------------------------------------------------
SCENARIOS = [dict(), dict(dose=3, burden=5), dict(dose=0.01, burden=0.01), dict(dose=100, burden=100),
             dict(tocilizumab_day=2), dict(steroid_day=2), dict(switch_day=3),
             dict(dose=3, burden=5, tocilizumab_day=1, steroid_day=2, switch_day=4)]


@pytest.mark.parametrize("kwargs", SCENARIOS)
def test_crs_outputs_are_finite_non_negative_and_il6_at_least_baseline(kwargs):
    run = simulate_crs(**kwargs)
    assert run.days[0] == 0 and run.days[-1] == 28 and np.all(np.diff(run.days) > 0)
    for series in (run.tumour, run.car_t, run.myeloid, run.il6, run.toxicity):
        assert series.shape == run.days.shape
        assert np.all(np.isfinite(series)) and np.all(series >= 0)
    assert np.all(run.il6 >= 1.0) and np.all(run.myeloid <= 1.0) and np.all(run.tumour >= TUMOUR_FLOOR)
    assert run.tumour[0] == pytest.approx(kwargs.get("burden", 1.0))
    assert run.car_t[0] == pytest.approx(kwargs.get("dose", 1.0))


def test_reference_case_onset_within_clinical_range():
    """Median CRS onsets on the product labels are 1-7 days (axi-cel 2, tisa-cel 3, ide-cel 1, cilta-cel 7)."""
    onset = simulate_crs().onset_day
    assert onset is not None and 1.0 <= onset <= 7.0


@pytest.mark.parametrize("dose, burden", [(1, 1), (3, 5)])
def test_tocilizumab_raises_serum_il6_but_lowers_il6_signalling(dose, burden):
    """Tocilizumab blocks the IL-6 receptor: signalling (the toxicity index) falls while serum IL-6 rises,
    because receptor-mediated consumption of IL-6 is blocked (Nishimoto et al. 2008)."""
    plain = simulate_crs(dose, burden)
    toci = simulate_crs(dose, burden, tocilizumab_day=2)
    assert toci.peak_il6 > plain.peak_il6
    day = toci.days.searchsorted(2.25)  # just after the dose: serum IL-6 already higher than untreated
    assert toci.il6[day] > plain.il6[day]
    assert toci.peak_toxicity < plain.peak_toxicity
    # identical course up to the dose
    before = toci.days < 2
    np.testing.assert_allclose(toci.toxicity[before], plain.toxicity[before], rtol=1e-5, atol=1e-9)
    # receptor blockade does not touch the CAR-T cells or the tumour: no loss of efficacy
    np.testing.assert_allclose(toci.car_t, plain.car_t, rtol=1e-5)
    assert toci.tumour_log_reduction == pytest.approx(plain.tumour_log_reduction, abs=1e-3)


@pytest.mark.parametrize("dose, burden", [(1, 1), (3, 5)])
def test_steroids_lower_peak_toxicity(dose, burden):
    assert simulate_crs(dose, burden, steroid_day=2).peak_toxicity < simulate_crs(dose, burden).peak_toxicity


def test_safety_switch_removes_about_90_percent_within_an_hour():
    switch_day = 3.0
    run = simulate_crs(switch_day=switch_day, samples_per_day=96)
    plain = simulate_crs(samples_per_day=96)
    before = int(np.argmin(np.abs(run.days - (switch_day - 1 / 96))))
    after = int(np.argmin(np.abs(run.days - (switch_day + 1 / 24))))
    assert run.days[before] < switch_day < run.days[after]
    assert run.car_t[before] == pytest.approx(plain.car_t[before], rel=1e-5)
    removed = 1 - run.car_t[after] / run.car_t[before]
    assert 0.85 <= removed <= 0.95  # Zhou 2015: 85-95 % of iC9 cells within 30 minutes
    # given before the toxicity peak, the switch lowers it
    assert switch_day < plain.peak_day
    assert run.peak_toxicity < plain.peak_toxicity


def test_peak_toxicity_rises_with_burden():
    peaks = [simulate_crs(1.0, b).peak_toxicity for b in (0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30, 100)]
    assert all(b > a for a, b in zip(peaks, peaks[1:])), peaks


@pytest.mark.parametrize("burden, doses", [(1, (0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30)),
                                           (5, (0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30, 100))])
def test_peak_toxicity_rises_with_dose(burden, doses):
    peaks = [simulate_crs(d, burden).peak_toxicity for d in doses]
    assert all(b > a for a, b in zip(peaks, peaks[1:])), peaks


def test_peak_toxicity_saturates_at_the_top_of_the_dose_range():
    """At burden 1 the peak has plateaued above 30x the reference dose (it dips by ~0.2 % between 50x and
    100x, as the tumour is cleared faster): a plateau within 1 %, not a rise."""
    at_30 = simulate_crs(30, 1).peak_toxicity
    top = np.array([simulate_crs(d, 1).peak_toxicity for d in (50, 70, 100)])
    assert np.all(np.abs(top / at_30 - 1) < 0.01)


def test_very_low_burden_gives_no_onset():
    run = simulate_crs(1.0, 0.01)
    assert run.onset_day is None and run.peak_toxicity < ONSET_LEVEL
    assert run.severe_days == 0


@pytest.mark.parametrize("dose, burden", [(0.3, 1), (1, 10), (0.3, 3)])
def test_steroids_and_switch_cost_efficacy(dose, burden):
    """The trade-off: interventions that remove or damp CAR-T cells lower the tumour log-reduction."""
    plain = simulate_crs(dose, burden)
    assert simulate_crs(dose, burden, steroid_day=2).tumour_log_reduction < plain.tumour_log_reduction - 0.5
    assert simulate_crs(dose, burden, switch_day=3).tumour_log_reduction < plain.tumour_log_reduction - 0.5


def test_at_the_reference_steroids_delay_clearance_and_the_switch_costs_efficacy():
    plain = simulate_crs()
    steroid = simulate_crs(steroid_day=2)
    week = np.flatnonzero(plain.days == 7)[0]
    assert steroid.tumour[week] > 10 * plain.tumour[week]
    assert simulate_crs(switch_day=3).tumour_log_reduction < plain.tumour_log_reduction


def test_tiny_dose_and_burden_stay_near_baseline():
    run = simulate_crs(0.01, 0.01)
    assert run.onset_day is None
    assert run.il6.max() < 1.5 and run.myeloid.max() < 1e-3 and run.toxicity.max() < 0.01
    assert run.car_t.max() < 0.05 and run.tumour.max() < 0.05


def test_baseline_is_a_fixed_point_without_tumour_or_car_t():
    """With no engagement, myeloid cells at rest and IL-6 at baseline do not move."""
    p = CrsParams()
    d = _crs_rhs(np.array([-60.0, -60.0, 1.0, 0.0, 1.0]), 0.0, p, 0.0, 0.0, 0.0)
    assert abs(d[3]) < 1e-20 and d[4] == 0.0
    assert d[0] == pytest.approx(p.tumour_growth) and d[1] == pytest.approx(-p.car_t_death)


def _reference(dose, burden, days=28.0, n_per_day=8, toci=None, steroid=None, switch=None, p=None):
    """Independent piecewise solve_ivp (Radau) integration of _crs_rhs."""
    p = p or CrsParams()
    k_on = math.log(1 / (1 - SWITCH_KILLED_FRACTION)) / SWITCH_WINDOW_DAYS
    cuts = {0.0, days}
    for start, length in ((toci, None), (steroid, p.steroid_days), (switch, SWITCH_WINDOW_DAYS)):
        if start is not None:
            cuts.add(start)
            if length is not None:
                cuts.add(min(start + length, days))
    cuts = sorted(cuts)
    t_out = np.linspace(0, days, int(round(days * n_per_day)) + 1)
    y = np.array([math.log(burden), math.log(dose), 1.0, 0.0, 1.0])
    ys = np.empty((t_out.size, 5))
    ys[0] = y
    for a, b in zip(cuts[:-1], cuts[1:]):
        mid = 0.5 * (a + b)
        s = p.steroid_damping if steroid is not None and steroid <= mid < steroid + p.steroid_days else 0.0
        beta = p.tocilizumab_blockade if toci is not None and mid >= toci else 0.0
        k = k_on if switch is not None and switch <= mid < switch + SWITCH_WINDOW_DAYS else 0.0
        inside = (t_out > a) & (t_out <= b)
        sol = solve_ivp(lambda t, yy: _crs_rhs(yy, t, p, s, beta, k), (a, b), y, method="Radau",
                        t_eval=t_out[inside], rtol=1e-9, atol=1e-11, dense_output=True)
        assert sol.success
        if inside.any():
            ys[inside] = sol.y.T
        y = sol.sol(b)
    tumour = np.maximum(np.exp(ys[:, 0]), TUMOUR_FLOOR)
    beta_t = np.where(t_out >= (toci if toci is not None else np.inf), p.tocilizumab_blockade, 0.0)
    il6 = np.maximum(ys[:, 4], 1.0)
    return t_out, tumour, np.exp(ys[:, 1]), il6, np.maximum((1 - beta_t) * il6 - 1, 0) / p.tox_scale


@pytest.mark.parametrize("kwargs", [dict(dose=1, burden=1), dict(dose=3, burden=5), dict(dose=0.3, burden=10)])
def test_simulate_crs_agrees_with_solve_ivp(kwargs):
    run = simulate_crs(**kwargs)
    days, tumour, car_t, il6, tox = _reference(kwargs["dose"], kwargs["burden"])
    np.testing.assert_allclose(run.days, days)
    np.testing.assert_allclose(run.tumour, tumour, rtol=1e-4)
    np.testing.assert_allclose(run.car_t, car_t, rtol=1e-4)
    np.testing.assert_allclose(run.il6, il6, rtol=1e-4)
    np.testing.assert_allclose(run.toxicity, tox, rtol=1e-4, atol=1e-8)


def test_simulate_crs_with_interventions_agrees_with_solve_ivp():
    run = simulate_crs(3, 5, tocilizumab_day=1.5, steroid_day=2, switch_day=4)
    days, tumour, car_t, il6, tox = _reference(3, 5, toci=1.5, steroid=2, switch=4)
    np.testing.assert_allclose(run.tumour, tumour, rtol=1e-4)
    np.testing.assert_allclose(run.car_t, car_t, rtol=1e-4)
    np.testing.assert_allclose(run.il6, il6, rtol=1e-4)
    np.testing.assert_allclose(run.toxicity, tox, rtol=1e-4, atol=1e-8)


@pytest.mark.parametrize("fold", [64.0, 8.0])
def test_division_budget_caps_expansion(fold):
    """With the tumour never cleared, CAR-T cells expand at most fold_expansion times the dose."""
    dose = 0.5
    never_cleared = CrsParams(kill_rate=1e-6, fold_expansion=fold)
    run = simulate_crs(dose, 100, params=never_cleared)
    assert run.tumour.min() >= 100 * 0.999  # the tumour is indeed never cleared
    assert run.car_t.max() <= fold * dose * (1 + 1e-6)
    # without contraction the expansion approaches, but never passes, the budget
    immortal = CrsParams(kill_rate=1e-6, fold_expansion=fold, car_t_death=1e-6)
    run = simulate_crs(dose, 100, params=immortal, days=60)
    assert fold * dose * 0.95 < run.car_t.max() <= fold * dose * (1 + 1e-6)


def test_cells_removed_by_the_switch_are_not_replaced():
    p = CrsParams(kill_rate=1e-6, car_t_death=1e-6)
    run = simulate_crs(1, 100, params=p, switch_day=1, days=60)
    assert run.car_t.max() <= 64 * (1 + 1e-6)
    assert run.car_t[-1] < 0.2 * 64  # no return to the full budget after 90 % were removed


# --- therapeutic window ------------------------------------------------------------------------------------
DOSES = np.logspace(-2, 2, 81)


@pytest.mark.parametrize("kwargs", [dict(), dict(kd_m=1e-11), dict(kd_m=1e-5), dict(burden=100, healthy_median=1e6),
                                    dict(tumour_median=1, spread=1.5), dict(burden=0.01, spread=0.2)])
def test_window_probabilities_in_unit_interval_and_rise_with_dose(kwargs):
    c = window_curves(np.logspace(-3, 3, 61), **kwargs)
    for curve in (c.response, c.severe_crs):
        assert np.all((curve >= 0) & (curve <= 1))
        assert np.all(np.diff(curve) >= 0)  # non-decreasing (may saturate at 0 or 1 in floating point)
    assert c.response[-1] > c.response[0] and c.severe_crs[-1] > c.severe_crs[0]


def test_window_strictly_increasing_at_reference():
    c = window_curves(DOSES)
    assert np.all(np.diff(c.response) > 0) and np.all(np.diff(c.severe_crs) > 0)


def test_calibration_constants_are_honoured_at_the_reference():
    c = window_curves(np.array([0.5, 1.0, 2.0]))
    assert c.response[1] == pytest.approx(RESPONSE_AT_REFERENCE, rel=1e-9)
    assert c.severe_crs[1] == pytest.approx(SEVERE_AT_REFERENCE, rel=1e-9)
    assert 0.02 <= c.severe_crs[1] <= 0.22  # the pivotal trials' range of severe CRS


def test_burden_raises_severe_risk_but_not_response():
    low, high = window_curves(DOSES, burden=0.3), window_curves(DOSES, burden=10)
    assert np.all(high.severe_crs > low.severe_crs)
    np.testing.assert_allclose(high.response, low.response, rtol=1e-12)


def test_healthy_antigen_raises_severe_risk():
    low, high = window_curves(DOSES, healthy_median=10), window_curves(DOSES, healthy_median=1e3)
    assert np.all(high.severe_crs > low.severe_crs)
    assert high.healthy_recognised > low.healthy_recognised
    np.testing.assert_allclose(high.response, low.response, rtol=1e-12)


def test_weaker_binder_lowers_response():
    strong, weak = window_curves(DOSES, kd_m=1e-8), window_curves(DOSES, kd_m=1e-6)
    assert weak.tumour_recognised < strong.tumour_recognised
    assert np.all(weak.response < strong.response)


@pytest.mark.parametrize("kwargs", [dict(), dict(burden=0.1), dict(burden=0.3, required_response=0.6),
                                    dict(accepted_severe=0.3), dict(healthy_median=10, accepted_severe=0.1)])
def test_window_satisfies_the_constraints_at_both_ends(kwargs):
    c = window_curves(DOSES, **kwargs)
    required = kwargs.get("required_response", 0.5)
    accepted = kwargs.get("accepted_severe", 0.2)
    assert c.window is not None
    lo, hi = c.window
    i, j = np.flatnonzero(DOSES == lo)[0], np.flatnonzero(DOSES == hi)[0]
    assert i <= j
    for k in (i, j):
        assert c.response[k] >= required and c.severe_crs[k] <= accepted
    # and it is the largest such range on the grid
    if i > 0:
        assert c.response[i - 1] < required or c.severe_crs[i - 1] > accepted
    if j < DOSES.size - 1:
        assert c.response[j + 1] < required or c.severe_crs[j + 1] > accepted


@pytest.mark.parametrize("burden", [10, 100])
def test_no_window_when_burden_is_too_high(burden):
    c = window_curves(np.logspace(-3, 3, 121), burden=burden)
    assert c.window is None
    assert not np.any((c.response >= 0.5) & (c.severe_crs <= 0.2))


def test_pareto_front_hand_made_example():
    risk = np.array([0.1, 0.2, 0.2, 0.3, 0.4, 0.5, 0.05])
    benefit = np.array([0.3, 0.5, 0.4, 0.45, 0.8, 0.7, 0.1])
    # (0.2, 0.4) is beaten by (0.2, 0.5); (0.3, 0.45) by (0.2, 0.5); (0.5, 0.7) by (0.4, 0.8)
    expected = np.array([True, True, False, False, True, False, True])
    np.testing.assert_array_equal(pareto_front(risk, benefit), expected)


def test_pareto_front_matches_brute_force_dominance():
    rng = np.random.default_rng(5)
    risk, benefit = rng.random(60), rng.random(60)
    dominated = [any(risk[j] <= risk[i] and benefit[j] >= benefit[i] and (risk[j] < risk[i] or benefit[j] > benefit[i])
                     for j in range(60)) for i in range(60)]
    np.testing.assert_array_equal(pareto_front(risk, benefit), ~np.array(dominated))


def test_pareto_front_of_monotone_curves():
    x = np.linspace(0, 1, 50)
    assert np.all(pareto_front(x ** 2, np.sqrt(x)))  # more risk always buys more benefit: all on the front
    decreasing = pareto_front(x, 1 - x)  # more risk, less benefit: only the safest option survives
    assert decreasing[0] and not np.any(decreasing[1:])
    c = window_curves(DOSES)
    assert np.all(pareto_front(c.severe_crs, c.response))


def test_pareto_front_keeps_identical_options():
    np.testing.assert_array_equal(pareto_front([0.1, 0.1, 0.3], [0.5, 0.5, 0.2]), [True, True, False])


def test_pareto_front_bad_input():
    with pytest.raises(ValueError, match="same length"):
        pareto_front([0.1, 0.2], [0.3])


# --- B-cell aplasia ------------------------------------------------------------------------------------------
def test_b_cells_start_normal_and_fall_while_car_t_is_high():
    run = simulate_b_cells(1e10, 30.0)
    assert run.b_cells[0] == 1.0 and run.car_t[0] == pytest.approx(1e10)
    assert np.all((run.b_cells >= 0) & (run.b_cells <= 1))
    high = run.car_t > B_KILL_HALF  # killing outpaces renewal (gamma/2 > r_B) here
    first_days = high & (run.days <= 10)
    assert np.all(np.diff(run.b_cells[first_days]) < 0)
    assert run.b_cells.min() < 0.05


def test_deeper_nadir_with_higher_peak():
    nadirs = [simulate_b_cells(peak).b_cells.min() for peak in (1e7, 1e8, 1e9, 1e10, 1e11)]
    assert all(b < a for a, b in zip(nadirs, nadirs[1:])), nadirs


def test_recovery_later_or_never_with_longer_persistence():
    recovery = [simulate_b_cells(1e10, hl).recovery_day() for hl in (3, 10, 30, 100)]
    days = [r if r is not None else math.inf for r in recovery]
    assert all(b > a for a, b in zip(days[:-1], days[1:-1]))
    assert days[-1] >= days[-2]
    assert recovery[-1] is None  # 100-day half-life: still aplastic after 2 years


def test_tiny_peak_leaves_b_cells_near_normal():
    run = simulate_b_cells(1e6)
    assert run.b_cells.min() > 0.98


@pytest.mark.parametrize("peak, renewal", [(1e9, 0.05), (1e10, 0.02), (1e11, 0.02), (1e10, 0.5), (1e11, 0.3)])
def test_constant_car_t_gives_the_analytic_steady_state(peak, renewal):
    """B' = r_B (1 - B) - gamma_B B C/(k_B + C) with C fixed relaxes to r_B / (r_B + gamma_B C / (k_B + C))."""
    days = 40.0
    run = simulate_b_cells(peak, half_life_days=3650, renewal_per_day=renewal, days=days, samples=401)
    c = peak * 0.5 ** (days / 3650)  # essentially constant over 40 days
    killing = B_KILL_RATE * c / (B_KILL_HALF + c)
    expected = renewal / (renewal + killing)
    assert run.b_cells[-1] == pytest.approx(expected, rel=2e-3)
    assert np.all(np.diff(run.b_cells[run.days <= 3]) < 0)  # the approach starts from normal, falling


def test_ice_points_one_point_items_must_be_yes_or_no():
    with pytest.raises(ValueError, match="commands"):
        ice_points(4, 3, 2, True, True)


def test_categories_are_named_constants_in_order_of_severity():
    """Exercises use HYPOTENSION.ONE_VASOPRESSOR instead of retyping the consensus wording."""
    from helpers.models.toxicity import CONSCIOUSNESS, HYPOTENSION, HYPOXIA, MOTOR, RAISED_ICP, SEIZURE

    for categories in (HYPOTENSION, HYPOXIA, CONSCIOUSNESS, SEIZURE, MOTOR, RAISED_ICP):
        assert tuple(getattr(categories, name) for name in categories.names) == tuple(categories)
        assert categories.names[0] in ("NONE", "ALERT")
    assert HYPOTENSION.index(HYPOTENSION.ONE_VASOPRESSOR) == 2
    assert crs_grade(39.4, HYPOTENSION.NO_VASOPRESSORS, HYPOXIA.HIGH_FLOW) == 3
    assert icans_grade(5, CONSCIOUSNESS.AWAKENS_TO_VOICE) == 2
