"""Side effects of CAR-T therapy: consensus grading, cytokine dynamics, the therapeutic window, B-cell aplasia.

Four pieces, all pure numpy/scipy:

1. **ASTCT consensus grading** (Lee DW, Santomasso BD, Locke FL, et al. 2019, Biol Blood Marrow Transplant
   25:625-638, https://doi.org/10.1016/j.bbmt.2018.12.758): :func:`crs_grade` and :func:`icans_grade` (adults
   and children over 12, who can do the ICE test) follow the consensus tables exactly; the ``*_assessment``
   functions also say which criterion set the grade. These are clinical rules, not a model.
2. **CRS dynamics** (:func:`simulate_crs`): an *illustrative* model with the structure reported in the
   literature, not fitted to any patient. CAR-T cells expand when they engage tumour; engagement activates
   myeloid cells (monocytes/macrophages), which make most of the IL-6 (Giavridis 2018, Norelli 2018); IL-6
   signalling feeds back on myeloid activation. Tocilizumab blocks the IL-6 receptor, corticosteroids damp
   activation (and CAR-T expansion), and an inducible caspase-9 switch removes about 90 % of CAR-T cells
   within 30 minutes (in transplant patients it removed 85-95 % of donor T cells carrying it within 30
   minutes: Zhou 2015; > 90 %: Di Stasi 2011). Every rate constant is a teaching value.
3. **Therapeutic window** (:func:`window_curves`): probability of response and of severe (grade >= 3) CRS
   against dose, built on the antigen-density model of notebook 03. Illustrative curves, loosely placed so
   that severe CRS at the reference dose (10 %) falls inside the range pivotal trials report (grade >= 3 in
   2 % to 49 % of patients, on different grading scales and in different diseases; ``data/crs_clinical.csv``).
4. **B-cell aplasia** (:func:`simulate_b_cells`): healthy B cells carry CD19, so CD19 CAR-T cells kill them
   too. The killing term is borrowed from the *tumour*-killing fit of Kimmel, Locke & Altrock 2021 (Proc R Soc B
   288:20210229, https://doi.org/10.1098/rspb.2021.0229); B-cell renewal toward a normal level is our
   simplification (illustrative).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
from numpy.typing import NDArray
from scipy.integrate import odeint

from helpers.checks import check_array, check_choice, check_flag, check_instance, check_int, check_number
from helpers.models.recognition import half_max_density, lognormal_mean_response

# --------------------------------------------------------------------------------------------------
# 1. ASTCT consensus grading (Lee et al. 2019)
#
# CRS: fever (>= 38 °C, not attributable to another cause) is required. In patients who have CRS and then
# receive anti-cytokine therapy (tocilizumab) or steroids, fever is no longer required to grade subsequent CRS:
# grading is then driven by hypotension and hypoxia. The grade is set by the more severe of hypotension and
# hypoxia. Low-flow nasal cannula means <= 6 L/min; high-flow means > 6 L/min. Grade 5 (death) is not graded
# here.

class Categories(tuple):
    """The categories of one grading criterion, in order of severity (a tuple of their texts), each also
    available by name, so that ``HYPOTENSION.ONE_VASOPRESSOR`` need not be retyped exactly."""

    def __new__(cls, **named: str) -> Categories:
        self = super().__new__(cls, tuple(named.values()))
        self.__dict__.update(named)
        return self

    @property
    def names(self) -> tuple[str, ...]:
        """The attribute names, in order of severity."""
        return tuple(self.__dict__)


#: Hypotension categories, in order of severity (index = the grade it gives, 1 more from "not requiring ...").
HYPOTENSION = Categories(
    NONE="none",
    NO_VASOPRESSORS="not requiring vasopressors",
    ONE_VASOPRESSOR="one vasopressor with or without vasopressin",
    MULTIPLE_VASOPRESSORS="multiple vasopressors (excluding vasopressin)",
)
#: Hypoxia categories, in order of severity.
HYPOXIA = Categories(
    NONE="none",
    LOW_FLOW="low-flow nasal cannula (<= 6 L/min) or blow-by",
    HIGH_FLOW="high-flow nasal cannula (> 6 L/min), facemask, non-rebreather or Venturi mask",
    POSITIVE_PRESSURE="positive pressure (CPAP, BiPAP, intubation and mechanical ventilation)",
)

#: ICANS: depressed level of consciousness, in order of severity (index = the grade it gives).
CONSCIOUSNESS = Categories(
    ALERT="alert",
    AWAKENS_SPONTANEOUSLY="awakens spontaneously",
    AWAKENS_TO_VOICE="awakens to voice",
    AWAKENS_TO_TOUCH="awakens only to tactile stimulus",
    UNAROUSABLE="unarousable, or needs vigorous or repetitive tactile stimuli; stupor or coma",
)
#: ICANS: seizures. Grade 3: any clinical seizure, focal or generalised, that resolves rapidly, or
#: non-convulsive seizures on EEG that resolve with intervention. Grade 4: life-threatening prolonged
#: seizure (> 5 min), or repetitive clinical or electrical seizures without return to baseline in between.
SEIZURE = Categories(
    NONE="none",
    RESOLVED="resolves rapidly, or EEG-only seizures that resolve with intervention",
    PROLONGED="prolonged (> 5 min) or repetitive without return to baseline",
)
#: ICANS: motor findings (tremor and myoclonus are graded by CTCAE and do not count).
MOTOR = Categories(NONE="none", FOCAL_WEAKNESS="deep focal motor weakness (hemiparesis or paraparesis)")
#: ICANS: raised intracranial pressure / cerebral oedema. Grade 4 also covers decerebrate or decorticate
#: posturing, cranial nerve VI palsy, papilloedema or Cushing's triad.
RAISED_ICP = Categories(
    NONE="none",
    FOCAL_OEDEMA="focal or local oedema on neuroimaging",
    DIFFUSE_OEDEMA="diffuse cerebral oedema on neuroimaging, posturing, CN VI palsy, papilloedema or Cushing's triad",
)

_SEIZURE_GRADE = (0, 3, 4)
_MOTOR_GRADE = (0, 4)
_ICP_GRADE = (0, 3, 4)

FEVER_C = 38.0


@dataclass(frozen=True)
class Grading:
    """A consensus grade and why: ``grade`` (0 = no CRS/ICANS) and, for each criterion, the grade it gives."""

    grade: int
    criteria: dict[str, int]
    note: str = ""

    @property
    def deciding(self) -> list[str]:
        """The criteria that set the grade (all those at the top grade; empty when the grade is 0)."""
        return [name for name, g in self.criteria.items() if g == self.grade and g > 0]

    def explain(self) -> str:
        """One or two sentences for a learner."""
        if self.grade == 0:
            text = "Grade 0: no criterion for a graded syndrome is met."
        else:
            text = f"Grade {self.grade}, set by {' and '.join(self.deciding)}."
        return f"{text} {self.note}".strip()


def crs_assessment(temperature_c: float, hypotension: str, hypoxia: str,
                   after_anticytokine_therapy: bool = False) -> Grading:
    """ASTCT CRS grade with the criteria behind it (see :func:`crs_grade`)."""
    temp = check_number("temperature_c", temperature_c, 30.0, 45.0)
    hypo = HYPOTENSION.index(check_choice("hypotension", hypotension, HYPOTENSION))
    oxy = HYPOXIA.index(check_choice("hypoxia", hypoxia, HYPOXIA))
    check_flag("after_anticytokine_therapy", after_anticytokine_therapy)
    fever = temp >= FEVER_C
    # Hypotension "not requiring vasopressors" and low-flow oxygen give grade 2, etc.: index + 1 for index >= 1.
    criteria = {"fever": 1 if fever else 0,
                "hypotension": hypo + 1 if hypo else 0,
                "hypoxia": oxy + 1 if oxy else 0}
    if not fever and not after_anticytokine_therapy:
        other = " (whatever the blood pressure or oxygen)" if hypo or oxy else ""
        return Grading(0, {name: 0 for name in criteria},
                       f"No fever (< {FEVER_C:g} °C), and CRS has not already been treated: "
                       f"the consensus does not call this CRS{other}.")
    note = ""
    if after_anticytokine_therapy and not fever:
        note = ("Once CRS has been treated (tocilizumab or steroids), fever is no longer required: "
                "the grade is driven by hypotension and hypoxia.")
    return Grading(max(criteria.values()), criteria, note)


def crs_grade(temperature_c: float, hypotension: str, hypoxia: str, after_anticytokine_therapy: bool = False) -> int:
    """ASTCT consensus grade (0-4) of cytokine release syndrome (Lee et al. 2019).

    Parameters
    ----------
    temperature_c : float
        Highest body temperature, °C, in [30, 45]; fever is >= 38 °C (not attributable to another cause).
    hypotension : str
        One of :data:`HYPOTENSION`: none / not requiring vasopressors / one vasopressor with or without
        vasopressin / multiple vasopressors (excluding vasopressin).
    hypoxia : str
        One of :data:`HYPOXIA`: none / low-flow nasal cannula (<= 6 L/min) or blow-by / high-flow nasal
        cannula (> 6 L/min), facemask, non-rebreather or Venturi mask / positive pressure.
    after_anticytokine_therapy : bool
        True for a patient who has CRS and has then been given anti-cytokine therapy (tocilizumab) or
        steroids: fever is then not required to grade the CRS. (Not for routine pre-infusion paracetamol.)

    Returns 0 when there is no CRS by the consensus definition (no fever, and no such therapy given).
    """
    return crs_assessment(temperature_c, hypotension, hypoxia, after_anticytokine_therapy).grade


def ice_points(orientation: int, naming: int, commands: bool, writing: bool, attention: bool) -> int:
    """ICE score (0-10): orientation to year, month, city, hospital (0-4); naming 3 objects (0-3); following
    a simple command, writing a standard sentence, counting back from 100 by 10 (1 point each)."""
    points = []
    for name, value, top in (("orientation", orientation, 4), ("naming", naming, 3)):
        if check_number(name, value, 0, top) != int(value):
            raise ValueError(f"{name} must be a whole number of points from 0 to {top}, got {value!r}")
        points.append(int(value))
    for name, value in (("commands", commands), ("writing", writing), ("attention", attention)):
        if not isinstance(value, (bool, np.bool_)):
            raise ValueError(f"{name} must be True or False (1 point or none), got {value!r}")
        points.append(int(value))
    return sum(points)


def _ice_grade(score: int) -> int:
    if score == 10:
        return 0
    if score >= 7:
        return 1
    if score >= 3:
        return 2
    return 3


def icans_assessment(ice_score: int, consciousness: str, seizure: str = "none", motor_findings: str = "none",
                     raised_icp: str = "none") -> Grading:
    """ASTCT ICANS grade with the criteria behind it (see :func:`icans_grade`)."""
    score = check_number("ice_score", ice_score, 0, 10)
    if score != int(score):
        raise ValueError(f"ice_score must be a whole number from 0 to 10, got {ice_score!r}")
    score = int(score)
    loc = CONSCIOUSNESS.index(check_choice("consciousness", consciousness, CONSCIOUSNESS))
    seiz = SEIZURE.index(check_choice("seizure", seizure, SEIZURE))
    motor = MOTOR.index(check_choice("motor_findings", motor_findings, MOTOR))
    icp = RAISED_ICP.index(check_choice("raised_icp", raised_icp, RAISED_ICP))
    note = ""
    if loc == 4:
        note = "An unarousable patient cannot do the ICE test (ICE 0): grade 4."
        score = 0
    elif score == 0:
        note = ("ICE 0 in a patient who is awake (e.g. with global aphasia) is grade 3; "
                "it is grade 4 only if the patient is unarousable.")
    criteria = {"ICE score": _ice_grade(score), "level of consciousness": loc,
                "seizure": _SEIZURE_GRADE[seiz], "motor findings": _MOTOR_GRADE[motor],
                "raised intracranial pressure / cerebral oedema": _ICP_GRADE[icp]}
    return Grading(max(criteria.values()), criteria, note)


def icans_grade(ice_score: int, consciousness: str, seizure: str = "none", motor_findings: str = "none",
                raised_icp: str = "none") -> int:
    """ASTCT consensus grade (0-4) of ICANS for adults and children over 12 (Lee et al. 2019).

    The grade is that of the most severe domain not attributable to another cause.

    Parameters
    ----------
    ice_score : int
        Immune effector cell-associated encephalopathy score, 0-10 (:func:`ice_points`): 10 none, 7-9 grade 1,
        3-6 grade 2, 0-2 grade 3; an unarousable patient scores 0 and is grade 4.
    consciousness : str
        One of :data:`CONSCIOUSNESS` (depressed level of consciousness not due to e.g. sedation).
    seizure, motor_findings, raised_icp : str
        One of :data:`SEIZURE`, :data:`MOTOR`, :data:`RAISED_ICP`.
    """
    return icans_assessment(ice_score, consciousness, seizure, motor_findings, raised_icp).grade


# --------------------------------------------------------------------------------------------------
# 2. CRS dynamics (illustrative)
#
# Units: time in days; tumour T in units of a reference tumour burden; CAR-T cells C in units of the
# reference dose; myeloid activation M is a fraction (0-1); serum IL-6 I is relative to baseline (1).
#
#   engagement   a = C T / (T + K_e)                      (CAR-T cells meeting tumour)
#   dT/dt = r_T T - k_kill a
#   dC/dt = rho (1 - s) a B - (delta + delta_s(t) + k_switch(t)) C
#   dB/dt = -rho (1 - s) (a / C) B / ln F                  (division budget: at most F-fold expansion)
#   signal       S = (1 - beta) I                          (IL-6 reaching free receptors; baseline 1)
#   dM/dt = k_M [(1 - s) a + f (S - 1)+ / (S + I_half)] (1 - M) - mu_M M
#   dI/dt = k_I [1 + g_I M - (c_0 + (1 - c_0)(1 - beta)) I]
#   toxicity index = (S - 1)+ / g_tox                      (IL-6 signalling above baseline)
#
# Serum IL-6 and IL-6 signalling are kept apart. Tocilizumab blocks the IL-6 *receptor* (beta = fraction
# blocked): signalling falls, but part of IL-6's clearance is consumption through that receptor, so serum
# IL-6 *rises* after tocilizumab, as measured in patients (Nishimoto N et al. 2008, Blood 112:3959-3964,
# https://doi.org/10.1182/blood-2008-05-155846: "free serum IL-6 increased because IL-6R-mediated consumption
# of IL-6 was inhibited"). c_0, the share of clearance that does not go through the receptor, is a teaching
# value: how much of IL-6 clearance runs through its receptor during CRS has not been measured.
# B is a division budget (1 at infusion): each e-fold of expansion uses 1/ln F of it, so the infused cells
# can expand at most F-fold, and cells removed by a switch or steroids are not replaced by extra divisions.
# F = 2**6 is our simplification, inspired by the six divisions per activation in Hanson et al. 2016 (whose
# memory cells self-renew, so their model has no such cap); patients' CAR-T cells expand far more, 100- to
# 100,000-fold (Teachey et al. 2016), so C here is in relative units only.
# s(t): corticosteroid damping during a course, with extra CAR-T death delta_s (corticosteroids are
# lymphotoxic); beta(t): tocilizumab receptor blockade from its dose on (kept for the 4 weeks shown: a
# teaching simplification); k_switch(t): the caspase-9 switch, removing 90 % of CAR-T cells in the 30 minutes
# after the dimeriser is given. T and C are integrated as logarithms
# so they stay positive however far they fall.

#: iCasp9: fraction of cells removed, and over how long (days). Measured for donor T cells carrying the switch
#: after haploidentical transplant: "85% to 95% of circulating ... T cells within 30 minutes" (Zhou X et al.
#: 2015, Blood 125(26):4103, abstract); "more than 90%" within 30 minutes (Di Stasi et al. 2011, NEJM 365:1673).
SWITCH_KILLED_FRACTION = 0.9
SWITCH_WINDOW_DAYS = 0.5 / 24.0


@dataclass(frozen=True)
class CrsParams:
    """Rate constants of the illustrative CRS model (all teaching values; days⁻¹ unless stated)."""

    tumour_growth: float = 0.05  # r_T: tumour doubling in about 2 weeks without treatment
    kill_rate: float = 0.05  # k_kill: tumour units killed per day per CAR-T unit, when tumour is plentiful
    engage_half: float = 0.1  # K_e: tumour burden at which engagement is half-maximal (burden units)
    expansion: float = 1.5  # rho: CAR-T expansion per day while fully engaged
    fold_expansion: float = 64.0  # division budget: at most 2**6-fold (our simplification; see above)
    car_t_death: float = 0.1  # delta: CAR-T contraction once the tumour is gone
    myeloid_activation: float = 0.01  # k_M: per CAR-T unit engaged per day
    il6_feedback: float = 60.0  # f: IL-6 signalling feeding back on myeloid activation (CAR-T-unit equivalents)
    il6_half: float = 1000.0  # I_half: IL-6 signal (fold over baseline) for half the feedback
    myeloid_recovery: float = 0.8  # mu_M
    il6_turnover: float = 4.0  # k_I: serum IL-6 turns over within hours
    il6_max_fold: float = 1000.0  # g_I: IL-6 fold over baseline with all myeloid cells activated
    il6_free_clearance: float = 0.5  # c_0: share of IL-6 clearance not through its receptor (teaching value)
    tox_scale: float = 60.0  # g_tox: IL-6 signal (fold above baseline) giving toxicity index 1
    steroid_damping: float = 0.8  # s: fraction of activation removed while steroids act
    steroid_kill: float = 0.5  # extra CAR-T death per day while steroids act (lymphotoxic)
    steroid_days: float = 3.0  # length of a steroid course
    tocilizumab_blockade: float = 0.9  # beta: fraction of IL-6 receptor signalling blocked

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in ("steroid_damping", "tocilizumab_blockade"):
                check_number(f.name, value, 0.0, 1.0)
            elif f.name == "il6_free_clearance":
                check_number(f.name, value, 0.0, 1.0, low_open=True)
            elif f.name == "fold_expansion":  # ln F divides the budget: F must exceed 1
                check_number(f.name, value, 1.0, 1e6, low_open=True)
            else:
                check_number(f.name, value, 0.0, 1e4, low_open=True)


#: Toxicity-index levels shown on the plots (illustrative, like the index itself).
ONSET_LEVEL = 1.0  # "CRS": fever-level IL-6 signalling
SEVERE_LEVEL = 5.0  # "severe CRS": grade >= 3 territory


#: Tumour below this fraction of the reference burden counts as cleared (a teaching floor: the model has
#: no single cells, and without a floor it would report absurd 30-log reductions).
TUMOUR_FLOOR = 1e-6


@dataclass(frozen=True)
class CrsRun:
    """A simulated course: arrays over ``days``; scalar summaries in the properties."""

    days: NDArray[np.float64]
    tumour: NDArray[np.float64]
    car_t: NDArray[np.float64]
    myeloid: NDArray[np.float64]
    il6: NDArray[np.float64]  # serum IL-6, fold over baseline (rises after tocilizumab)
    toxicity: NDArray[np.float64]  # IL-6 signalling above baseline, scaled (falls after tocilizumab)

    @property
    def peak_il6(self) -> float:
        return float(self.il6.max())

    @property
    def peak_toxicity(self) -> float:
        return float(self.toxicity.max())

    @property
    def peak_day(self) -> float:
        return float(self.days[int(np.argmax(self.toxicity))])

    @property
    def onset_day(self) -> float | None:
        """First day the toxicity index reaches :data:`ONSET_LEVEL` (None if never)."""
        above = np.flatnonzero(self.toxicity >= ONSET_LEVEL)
        return float(self.days[above[0]]) if above.size else None

    @property
    def severe_days(self) -> float:
        """Days spent at or above :data:`SEVERE_LEVEL`."""
        step = self.days[1] - self.days[0]
        return float(np.count_nonzero(self.toxicity >= SEVERE_LEVEL) * step)

    @property
    def tumour_log_reduction(self) -> float:
        """log10 of (starting tumour / tumour at the end): the efficacy read-out."""
        return float(np.log10(self.tumour[0] / self.tumour[-1]))


def _crs_rhs(y: NDArray[np.float64], t: float, p: CrsParams, s: float, beta: float, k_switch: float) -> list[float]:
    log_t, log_c, budget, m, il6 = y
    tumour, car_t = np.exp(log_t), np.exp(log_c)
    engaged_per_c = tumour / (tumour + p.engage_half)
    growth = p.expansion * (1.0 - s) * engaged_per_c * max(budget, 0.0)  # per CAR-T cell, per day
    signal = (1.0 - beta) * il6
    drive = (1.0 - s) * car_t * engaged_per_c + p.il6_feedback * max(signal - 1.0, 0.0) / (signal + p.il6_half)
    return [
        p.tumour_growth - p.kill_rate * car_t / (tumour + p.engage_half),
        growth - p.car_t_death - (p.steroid_kill if s > 0 else 0.0) - k_switch,
        -growth / np.log(p.fold_expansion),
        p.myeloid_activation * drive * (1.0 - m) - p.myeloid_recovery * m,
        p.il6_turnover * (1.0 + p.il6_max_fold * m
                          - (p.il6_free_clearance + (1.0 - p.il6_free_clearance) * (1.0 - beta)) * il6),
    ]


def simulate_crs(dose: float = 1.0, burden: float = 1.0, *, tocilizumab_day: float | None = None,
                 steroid_day: float | None = None, switch_day: float | None = None, days: float = 28.0,
                 samples_per_day: int = 8, params: CrsParams | None = None) -> CrsRun:
    """Simulate the illustrative CRS model after a CAR-T infusion on day 0.

    Parameters
    ----------
    dose : float
        CAR-T cells infused, relative to a reference dose, in [0.01, 100].
    burden : float
        Tumour burden at infusion, relative to a reference burden, in [0.01, 100].
    tocilizumab_day, steroid_day, switch_day : float or None
        Day each intervention is given (None: not given), in [0, days].
    days : float
        Length of the simulation, in [1, 365] days.
    samples_per_day : int
        Output resolution, 1-96 samples per day.
    """
    d = check_number("dose", dose, 0.01, 100.0)
    b = check_number("burden", burden, 0.01, 100.0)
    span = check_number("days", days, 1.0, 365.0)
    n_per_day = check_int("samples_per_day", samples_per_day, 1, 96)
    p = CrsParams() if params is None else check_instance("params", params, CrsParams)
    when = {}
    for name, value in (("tocilizumab_day", tocilizumab_day), ("steroid_day", steroid_day),
                        ("switch_day", switch_day)):
        if value is not None:
            when[name] = check_number(name, value, 0.0, span)
    times = np.linspace(0.0, span, int(round(span * n_per_day)) + 1)

    # Piecewise-constant interventions: integrate between the moments they start or stop.
    edges = {0.0, span}
    if "tocilizumab_day" in when:
        edges.add(when["tocilizumab_day"])
    if "steroid_day" in when:
        edges |= {when["steroid_day"], min(when["steroid_day"] + p.steroid_days, span)}
    if "switch_day" in when:
        edges |= {when["switch_day"], min(when["switch_day"] + SWITCH_WINDOW_DAYS, span)}
    edges_sorted = sorted(edges)
    k_switch_on = -np.log(1.0 - SWITCH_KILLED_FRACTION) / SWITCH_WINDOW_DAYS

    def during(name: str, start: float, length: float) -> bool:
        return name in when and when[name] <= start < when[name] + length

    def active(start: float) -> tuple[float, float, float]:
        s = p.steroid_damping if during("steroid_day", start, p.steroid_days) else 0.0
        beta = p.tocilizumab_blockade if during("tocilizumab_day", start, np.inf) else 0.0
        k = k_switch_on if during("switch_day", start, SWITCH_WINDOW_DAYS) else 0.0
        return s, beta, k

    out = np.empty((times.size, 5))
    y = np.array([np.log(b), np.log(d), 1.0, 0.0, 1.0])
    out[0] = y
    for start, stop in zip(edges_sorted[:-1], edges_sorted[1:]):
        inside = np.flatnonzero((times > start) & (times <= stop))  # output samples in this segment
        grid = [start, *times[inside]]
        if grid[-1] < stop:
            grid.append(stop)  # integrate to the edge itself, where the next segment starts
        sol = odeint(_crs_rhs, y, grid, args=(p, *active(start)), rtol=1e-7, atol=1e-9, mxstep=20_000)
        out[inside] = sol[1:1 + inside.size]
        y = sol[-1]
    tumour = np.maximum(np.exp(out[:, 0]), TUMOUR_FLOOR)
    car_t = np.exp(out[:, 1])
    myeloid = np.clip(out[:, 3], 0.0, 1.0)
    il6 = np.maximum(out[:, 4], 1.0)
    beta = np.where(times >= when.get("tocilizumab_day", np.inf), p.tocilizumab_blockade, 0.0)
    toxicity = np.maximum((1.0 - beta) * il6 - 1.0, 0.0) / p.tox_scale
    return CrsRun(times, tumour, car_t, myeloid, il6, toxicity)


# --------------------------------------------------------------------------------------------------
# 3. The therapeutic window (illustrative)
#
# Recognition per CAR-T cell comes from notebook 03's antigen-density model: the fraction of tumour (and
# healthy) cells recognised, R = E[Hill(density / d50)] over a log-normal density, with
# d50 = n_star (1 + K_D / K_half). Then, with dose x relative to the reference dose and tumour burden b:
#
#   P(response)    = H(x R_tumour / R_ref;                     x50 = RESPONSE_X50, n = WINDOW_HILL)
#   P(severe CRS)  = H(x (b R_tumour + R_healthy) / R_ref;     x50 = SEVERE_CRS_X50, n = WINDOW_HILL)
#
# with H(z; z50, n) = z^n / (z^n + z50^n) and R_ref = R_tumour at the reference receptor. Both rise with dose:
# the window is the range of doses where P(response) is at least the required level and P(severe CRS) is at
# most the accepted level. Placement (teaching values): at the reference dose, receptor and burden,
# P(response) = 0.70 and P(severe CRS) = 0.10, inside the 2-49 % grade >= 3 CRS range of the pivotal
# trials (data/crs_clinical.csv; graded on different scales, in different diseases).

#: Lysis threshold: about 200 antigen molecules per target cell (Watanabe et al. 2015; data/antigen_density.csv),
#: used as the teaching model's n*. Cytokine production needed about 10 times more antigen; the severe-CRS curve
#: uses the lysis threshold too, a simplification.
WINDOW_N_STAR = 200.0
WINDOW_KD_HALF_M = 1e-8  # teaching value, as in notebook 03
WINDOW_HILL = 1.5  # teaching value
REFERENCE = {"kd_m": 1e-8, "tumour_median": 2e3, "healthy_median": 1e2, "spread": 0.8}  # teaching values
RESPONSE_AT_REFERENCE = 0.70
SEVERE_AT_REFERENCE = 0.10
#: Probabilities this close to a limit count as meeting it (rounding, not a clinical margin).
LIMIT_SLACK = 1e-9


def _recognised(median: float, spread: float, kd_m: float) -> float:
    d50 = half_max_density(WINDOW_N_STAR, kd_m, WINDOW_KD_HALF_M)
    return float(lognormal_mean_response(median, spread, d50))


def _x50(probability: float) -> float:
    """z50 such that H(1; z50, n) = probability."""
    return float((1.0 / probability - 1.0) ** (1.0 / WINDOW_HILL))


@dataclass(frozen=True)
class WindowCurves:
    doses: NDArray[np.float64]
    response: NDArray[np.float64]
    severe_crs: NDArray[np.float64]
    tumour_recognised: float
    healthy_recognised: float
    window: tuple[float, float] | None  # (lowest, highest) dose in the window, or None


def _hill(z: NDArray[np.float64], z50: float) -> NDArray[np.float64]:
    return 1.0 / (1.0 + (z50 / np.maximum(z, 1e-300)) ** WINDOW_HILL)


def _severe(x: NDArray[np.float64], burden: NDArray[np.float64], r_tumour: float,
            r_healthy: float) -> NDArray[np.float64]:
    """P(severe CRS): driven by all target engagement (tumour scaled by burden, plus healthy antigen), placed
    so that the reference case gives SEVERE_AT_REFERENCE at dose 1 (inputs already checked; broadcast)."""
    r_ref = _recognised(REFERENCE["tumour_median"], REFERENCE["spread"], REFERENCE["kd_m"])
    r_ref_healthy = _recognised(REFERENCE["healthy_median"], REFERENCE["spread"], REFERENCE["kd_m"])
    reference_drive = (1.0 * r_ref + r_ref_healthy) / r_ref
    drive = x * (burden * r_tumour + r_healthy) / r_ref
    return _hill(drive, _x50(SEVERE_AT_REFERENCE) * reference_drive)


def severe_crs_probability(dose: ArrayLike, burden: ArrayLike, kd_m: float = 1e-8, healthy_median: float = 1e2,
                           tumour_median: float = 2e3, spread: float = 0.8) -> NDArray[np.float64]:
    """P(severe CRS) of the therapeutic-window model for each (dose, burden) pair, vectorised.

    ``dose`` (relative to the reference dose, in [1e-6, 1e6]) and ``burden`` (relative to the reference
    burden, in [1e-6, 1e6]) broadcast against each other; the receptor and antigen arguments are those of
    :func:`window_curves`. The same formula :func:`window_curves` plots against dose."""
    x = check_array("dose", dose, 1e-6, 1e6)
    b = check_array("burden", burden, 1e-6, 1e6)
    check_number("kd_m", kd_m, 1e-11, 1e-5)
    check_number("healthy_median", healthy_median, 1.0, 1e6)
    check_number("tumour_median", tumour_median, 1.0, 1e6)
    check_number("spread", spread, 0.2, 1.5)
    try:
        np.broadcast_shapes(x.shape, b.shape)
    except ValueError:
        raise ValueError(f"burden (shape {b.shape}) must broadcast against dose (shape {x.shape})") from None
    return _severe(x, b, _recognised(tumour_median, spread, kd_m), _recognised(healthy_median, spread, kd_m))


def window_curves(doses: NDArray[np.float64], kd_m: float = 1e-8, healthy_median: float = 1e2,
                  burden: float = 1.0, required_response: float = 0.5, accepted_severe: float = 0.2,
                  tumour_median: float = 2e3, spread: float = 0.8) -> WindowCurves:
    """P(response) and P(severe CRS) against dose (relative to the reference dose), and the window.

    Parameters
    ----------
    doses : array
        Doses relative to the reference dose, each in [1e-3, 1e3], increasing.
    kd_m : float
        CAR K_D, M, in [1e-11, 1e-5].
    healthy_median, tumour_median : float
        Median antigen molecules per healthy / tumour cell, in [1, 1e6].
    burden : float
        Tumour burden relative to the reference, in [0.01, 100].
    required_response, accepted_severe : float
        Lowest acceptable P(response) and highest acceptable P(severe CRS), each in [0.01, 0.99].
    spread : float
        sigma of ln(antigen density) for both populations, in [0.2, 1.5].
    """
    x = check_array("doses", doses, 1e-3, 1e3)
    if x.ndim != 1 or x.size < 2 or np.any(np.diff(x) <= 0):
        raise ValueError("doses must be an increasing 1-D array (at least 2 values) within [1e-3, 1e3]")
    check_number("kd_m", kd_m, 1e-11, 1e-5)
    check_number("healthy_median", healthy_median, 1.0, 1e6)
    check_number("tumour_median", tumour_median, 1.0, 1e6)
    check_number("burden", burden, 0.01, 100.0)
    check_number("required_response", required_response, 0.01, 0.99)
    check_number("accepted_severe", accepted_severe, 0.01, 0.99)
    check_number("spread", spread, 0.2, 1.5)
    r_ref = _recognised(REFERENCE["tumour_median"], REFERENCE["spread"], REFERENCE["kd_m"])
    r_tumour = _recognised(tumour_median, spread, kd_m)
    r_healthy = _recognised(healthy_median, spread, kd_m)
    response = _hill(x * r_tumour / r_ref, _x50(RESPONSE_AT_REFERENCE))
    severe = _severe(x, np.asarray(burden, dtype=float), r_tumour, r_healthy)
    # A dose exactly at a limit (the reference dose at 70 % and 10 %) is inside it, whatever the last bit of the
    # floating-point arithmetic says.
    ok = (response >= required_response - LIMIT_SLACK) & (severe <= accepted_severe + LIMIT_SLACK)
    window = (float(x[ok][0]), float(x[ok][-1])) if ok.any() else None
    return WindowCurves(x, response, severe, r_tumour, r_healthy, window)


def pareto_front(risk: NDArray[np.float64], benefit: NDArray[np.float64]) -> NDArray[np.bool_]:
    """Mask of options not dominated by another (lower or equal risk and higher or equal benefit, one strictly)."""
    r = check_array("risk", risk)
    g = check_array("benefit", benefit)
    if r.shape != g.shape or r.ndim != 1:
        raise ValueError("risk and benefit must be 1-D arrays of the same length")
    no_worse = (r[None, :] <= r[:, None]) & (g[None, :] >= g[:, None])  # [i, j]: j is no worse than i
    better = (r[None, :] < r[:, None]) | (g[None, :] > g[:, None])  # [i, j]: j is better in something
    return ~np.any(no_worse & better, axis=1)


# --------------------------------------------------------------------------------------------------
# 4. B-cell aplasia
#
#   dB/dt = r_B (1 - B) - gamma_B B C / (k_B + C)
#
# B is healthy B cells relative to normal (1). No fitted killing rate exists for *healthy* B cells, so we borrow
# the killing term that Kimmel, Locke & Altrock 2021 (Proc R Soc B 288:20210229, Table 1) fitted to *tumour*
# cells in ZUMA-1: gamma_B = 1.15 /day, k_B = 2.024e9 CAR-T cells. (Their model leaves normal B cells out.)
# Renewal toward a normal level, r_B (1 - B), is our simplification; its default, 0.02 /day, is the order of the
# 1.9 % per day at which blood B cells divide in healthy young adults (Macallan et al. 2005, Blood 105:3633-3640),
# a division rate used here as a renewal rate. CAR-T cells fall exponentially from their peak with the
# persistence half-life the learner chooses (a teaching simplification of real, multiphasic decay).

B_KILL_RATE = 1.15  # gamma_B, /day: Kimmel et al. 2021's tumour-killing fit, borrowed for healthy B cells
B_KILL_HALF = 2.024e9  # k_B, CAR-T cells: the same fit
B_RENEWAL = 0.02  # r_B, /day: order of the blood B-cell division rate (Macallan et al. 2005), our renewal rate


@dataclass(frozen=True)
class BCellRun:
    days: NDArray[np.float64]
    b_cells: NDArray[np.float64]
    car_t: NDArray[np.float64]

    def recovery_day(self, level: float = 0.5) -> float | None:
        """First day after the nadir on which B cells are back to ``level`` of normal (None if not)."""
        low = int(np.argmin(self.b_cells))
        back = np.flatnonzero(self.b_cells[low:] >= level)
        return float(self.days[low + back[0]]) if back.size else None


def simulate_b_cells(peak_car_t: float = 1e10, half_life_days: float = 30.0, renewal_per_day: float = B_RENEWAL,
                     days: float = 730.0, samples: int = 731) -> BCellRun:
    """Healthy B cells under CD19 CAR-T cells that decay from ``peak_car_t`` with ``half_life_days``.

    Parameters: peak CAR-T cells in blood in [1e6, 1e11]; half-life in [1, 3650] days; B-cell renewal
    ``r_B`` in [0.001, 0.5] per day; ``days`` in [10, 3650]; ``samples`` in [10, 10000].
    """
    peak = check_number("peak_car_t", peak_car_t, 1e6, 1e11)
    half = check_number("half_life_days", half_life_days, 1.0, 3650.0)
    r_b = check_number("renewal_per_day", renewal_per_day, 0.001, 0.5)
    span = check_number("days", days, 10.0, 3650.0)
    n = check_int("samples", samples, 10, 10_000)
    t = np.linspace(0.0, span, n)
    decay = np.log(2.0) / half

    def rhs(b: NDArray[np.float64], time: float) -> list[float]:
        c = peak * np.exp(-decay * time)
        return [r_b * (1.0 - b[0]) - B_KILL_RATE * b[0] * c / (B_KILL_HALF + c)]

    b = odeint(rhs, [1.0], t, rtol=1e-8, atol=1e-12)[:, 0]
    return BCellRun(t, np.clip(b, 0.0, 1.0), peak * np.exp(-decay * t))
