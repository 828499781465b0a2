"""Property-style input test for every public model function and parameter dataclass in helpers.models.

A public model callable must either compute a finite result or raise ValueError/TypeError whose message names
the argument the caller passed (the keyword name; for a parameter dataclass, the field name). Every argument of
every callable in :data:`TABLE` is replaced, one at a time, by each value in :data:`BAD_VALUES` (negative, zero,
NaN, infinities, huge numbers, strings, None, booleans, wrong shapes, arbitrary objects, and a parameter object
of the wrong type where one is expected). Anything else fails: another exception type (ZeroDivisionError,
AttributeError, OverflowError, IndexError, ...), an error naming a different argument, or NaN/inf anywhere in
the result (dataclass fields and public properties, tuples, lists, dicts and arrays are all walked), or a
result returned although scipy's odeint reported that the integration failed (ODEintWarning).

A bad value that is legitimately valid for some argument (0 for a count that allows 0, a list for an array,
None for an optional argument) passes as long as the result is finite.

The meta-tests keep the table complete: every public callable defined in a helpers.models module must be in
:data:`TABLE` (or be one of the result containers in :data:`RESULT_TYPES`, which the models return), and each
table entry must give a valid value for every parameter of its signature.

The tests at the end pin the specific cases named in the issue.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import importlib
import inspect
import math
import numbers
import pkgutil
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pytest
from scipy.integrate import ODEintWarning

import helpers.models
from helpers.models import (clinical, economics, journey, killing, kinetics, manufacturing, recognition, spatial, toxicity, trial,
                            types)

# --------------------------------------------------------------------------------------------------
# One set of valid arguments per public callable (kept small so the whole file runs in seconds)

CARRGO = killing.CarrgoParams(rho=0.1, capacity=1e9, kappa1=1e-8, kappa2=1e-9, theta=0.05)
SPATIAL_KWARGS = dict(size=20, tumour_radius=4.0, t_cells=10, p_divide=0.02, p_kill=0.3, p_divide_after_kill=0.2,
                      max_kills=5, steps=5, seed=0, tgf_beta=0.3, pd_l1=0.2, barrier=0.5, barrier_width=2, resist=0.2,
                      degrade=0.2, blockade=0.2)
SMALL_SPATIAL = spatial.SpatialParams(**SPATIAL_KWARGS)
CRS_DEFAULTS = {f.name: f.default for f in dataclasses.fields(toxicity.CrsParams)}
CRS_INTERVENTIONS = dict(tocilizumab_day=0.5, steroid_day=0.75, switch_day=1.0)  # all inside any valid span (>= 1)

#: For arguments annotated with one of these parameter classes: an instance of a different class.
WRONG_PARAMS = {
    "CarrgoParams": SMALL_SPATIAL,
    "SpatialParams": CARRGO,
    "CrsParams": CARRGO,
    "TissueAntigens": CARRGO,
}
TISSUE = recognition.TissueAntigens(2_000.0, 500.0, 0.5, 0.7, 0.1, 0.0)


def _ignore_progress(_fraction: float) -> None:
    """A valid ``progress`` callback for :func:`helpers.models.spatial.simulate`."""


def _use_carrgo_params(p):
    """A CarrgoParams object is only meaningful if the models can use it: run them."""
    return (killing.carrgo_equilibrium(p),
            killing.simulate_carrgo(p, tumour0=min(1e3, p.capacity), car_t0=1e5, days=30.0, samples=50),
            killing.carrgo_rhs(p)(0.0, np.array([1e3, 1e5])))


def _use_spatial_params(p):
    return spatial.simulate(p), spatial.simulate_loop(p)


def _use_crs_params(p):
    return toxicity.simulate_crs(days=5.0, params=p, **CRS_INTERVENTIONS)


@dataclass(frozen=True)
class Entry:
    func: Callable
    kwargs: dict
    #: applied to the result before it is judged (a closure is evaluated, a parameter object is used)
    post: Callable | None = None

    @property
    def name(self) -> str:
        return self.func.__name__


ASSAY = dict(hours=np.array([0.0, 4.0, 24.0]), targets0=1e4, effector_ratio=np.array([[0.5], [5.0]]),
             kill_rate_per_h=0.5, half_saturation=1e3)
CRS_GRADE = dict(temperature_c=39.0, hypotension=toxicity.HYPOTENSION[1], hypoxia=toxicity.HYPOXIA[1],
                 after_anticytokine_therapy=False)
ICANS_GRADE = dict(ice_score=8, consciousness=toxicity.CONSCIOUSNESS[1], seizure="none", motor_findings="none",
                   raised_icp="none")

CEA_ANCHOR = economics.CeaAnchor(475_000.0, 329_498.0, 7.18, 0.4, 0.1)

ENTRIES = [
    # manufacturing
    Entry(manufacturing.fold_expansion, dict(doubling_time_h=24.0, days=np.array([0.0, 1.0, 5.0]))),
    Entry(manufacturing.cells_after, dict(start_cells=1e6, doubling_time_h=24.0, days=np.array([0.0, 1.0, 5.0]))),
    Entry(manufacturing.days_to_reach, dict(start_cells=1e6, doubling_time_h=24.0, target_cells=1e9)),
    Entry(manufacturing.doubling_time_from_fold, dict(fold=100.0, days=10.0)),
    # journey
    Entry(journey.hazard_from_median, dict(median_months=6.3)),
    Entry(journey.fraction_infused, dict(wait_days=np.array([0.0, 30.0]), hazard_per_day=0.004, failure=0.1,
                                         remanufacture=True, bridging_hr=0.5)),
    Entry(journey.journey, dict(days=np.array([0.0, 10.0, 40.0, 100.0]), wait_days=30.0, hazard_per_day=0.004,
                                failure=0.1, remanufacture=True, bridging_hr=0.5)),
    Entry(journey.intention_to_treat, dict(rate_in_infused=0.5, fraction_infused=0.8)),
    # types
    Entry(types.nk_activation, dict(stress=0.2, mhc=0.5)),
    Entry(types.recognition, dict(location="surface", hla_match=True, mhc=0.5, surface_density=1e4, pmhc_copies=30.0,
                                  stress=0.2)),
    Entry(types.carrier_frequency, dict(allele_frequency=0.27)),
    Entry(types.eligible_fraction, dict(hla_carrier=0.47, antigen_positive=0.7)),
    # kinetics
    Entry(kinetics.car_t_level, dict(t_days=np.array([0.0, 9.3, 100.0]), params=kinetics.STEIN_2019)),
    Entry(kinetics.sample_cohort, dict(n=5, seed=0, typical=kinetics.STEIN_2019, spread=1.0)),
    Entry(kinetics.KineticsParams, dict(cmax=24000.0, tmax_days=9.3, fold_expansion=3900.0, alpha_per_day=0.16,
                                        fraction_slow=0.0079, beta_per_day=0.0032)),
    Entry(kinetics.car_t_exposure, dict(t_days=np.array([0.0, 9.3, 100.0]), params=kinetics.STEIN_2019)),
    Entry(killing.log_tumour_change, dict(days=np.array([0.0, 10.0]), exposure=np.array([0.0, 1e4]),
                                          kill_per_exposure=1e-4, growth_per_day=0.05)),
    Entry(toxicity.severe_crs_probability, dict(dose=np.array([0.5, 1.0]), burden=np.array([1.0, 2.0]), kd_m=1e-8,
                                                healthy_median=1e2, tumour_median=2e3, spread=0.8)),
    # trial
    Entry(trial.simulate_trial, dict(n=8, seed=0, spread=1.0, dose=1.0, infused_share=0.8)),
    Entry(trial.simulate_trial_loop, dict(n=2, seed=0, spread=1.0, dose=1.0, infused_share=0.8)),
    Entry(trial.patient_ode, dict(params=kinetics.STEIN_2019, dose=1.0, t_days=np.array([0.0, 5.0, 30.0]))),
    Entry(trial.patient_course, dict(params=kinetics.STEIN_2019, dose=1.0, burden_cells=1e10, negative_share=1e-8,
                                     days=60.0)),
    # clinical
    Entry(clinical.cure_survival, dict(t_months=np.array([0.0, 12.0, 60.0]), cure_fraction=0.4, scale_months=10.0,
                                       shape=1.2)),
    Entry(clinical.fit_cure, dict(times_months=np.array([12.0, 24.0, 60.0]), survival=np.array([0.6, 0.5, 0.43]),
                                  n=100)),
    Entry(clinical.proportion_interval, dict(successes=94, n=128, level=0.95)),
    Entry(clinical.sample_rates, dict(rate=0.7, n=100, trials=50, seed=0)),
    Entry(clinical.cure_interval, dict(times_months=np.array([12.0, 24.0, 60.0]), survival=np.array([0.6, 0.5, 0.43]),
                                       n=100, draws=20, seed=0, level=0.9)),
    # economics
    Entry(economics.cost_per_enrolled, dict(price=373_000.0, infused_share=0.9, before_infusion=10_000.0,
                                            infusion=30_000.0, crs_costs={"1-2": 5_000.0, "3+": 50_000.0},
                                            crs_shares={"1-2": 0.8, "3+": 0.1})),
    Entry(economics.cost_per_responder, dict(cost_per_enrolled_patient=400_000.0, infused_share=0.9,
                                             response_rate=0.8)),
    Entry(economics.icer, dict(cost_a=500_000.0, qaly_a=8.0, cost_b=200_000.0, qaly_b=3.0)),
    Entry(economics.net_monetary_benefit, dict(delta_cost=300_000.0, delta_qaly=5.0, willingness_to_pay=100_000.0)),
    Entry(economics.discounted_qalys, dict(cure_fraction=0.4, scale_months=10.0, shape=1.0, utility=0.8,
                                           discount=0.03, horizon_years=40.0, steps_per_year=12)),
    Entry(economics.CeaAnchor, dict(price=475_000.0, incremental_cost=329_498.0, incremental_qaly=7.18,
                                    long_term_share=0.4, comparator_long_term_share=0.1)),
    Entry(economics.scaled_increment, dict(anchor=CEA_ANCHOR, price=475_000.0, long_term_share=0.3)),
    Entry(economics.price_at_threshold, dict(anchor=CEA_ANCHOR, long_term_share=0.3, willingness_to_pay=100_000.0)),
    Entry(types.eligible_by_population, dict(allele_frequencies={"A": 0.27, "B": 0.1}, antigen_positive=0.7)),
    # recognition
    Entry(recognition.dissociation_constant, dict(k_on=1e5, k_off=0.1)),
    Entry(recognition.half_life, dict(k_off=0.1)),
    Entry(recognition.occupancy, dict(ligand_m=np.array([0.0, 1e-9, 1e-6]), kd_m=1e-8)),
    Entry(recognition.occupancy_depleted,
          dict(receptor_total_m=1e-9, ligand_total_m=np.array([0.0, 1e-9, 1e-6]), kd_m=1e-8)),
    Entry(recognition.proofreading_fraction, dict(k_off=np.array([0.1, 1.0]), k_p=1.0, n_steps=3)),
    Entry(recognition.limited_signalling_fraction, dict(k_off=np.array([0.1, 1.0]), k_p=1.0, n_steps=3, phi=0.1)),
    Entry(recognition.discrimination, dict(k_off_foreign=0.1, k_off_self=1.0, k_p=1.0, n_steps=3)),
    Entry(recognition.mean_time_to_signal, dict(k_p=1.0, n_steps=3)),
    Entry(recognition.simulate_proofreading, dict(k_off=1.0, k_p=1.0, n_steps=3, phi=0.1, bindings=200, seed=0)),
    Entry(recognition.engaged_fraction, dict(kd_m=1e-8, kd_half_m=1e-8)),
    Entry(recognition.half_max_density, dict(n_star=200.0, kd_m=1e-8, kd_half_m=1e-8)),
    Entry(recognition.activation_probability,
          dict(density=np.array([0.0, 100.0, 1e4]), n_star=200.0, kd_m=1e-8, kd_half_m=1e-8, hill=2.0)),
    Entry(recognition.hill_response, dict(density=np.array([0.0, 3.0, 1e4]), d50=3.0, hill=2.0)),
    Entry(recognition.lognormal_mean_response, dict(median=2e3, sigma_ln=0.8, d50=np.array([100.0, 1e3]), hill=2.0)),
    Entry(recognition.tradeoff_curve, dict(tumour_median=2e3, tumour_sigma=0.8, healthy_median=1e2, healthy_sigma=0.8,
                                           d50_grid=np.array([100.0, 1e3, 1e4]), hill=2.0)),
    Entry(recognition.TissueAntigens, dict(median_a=2_000.0, median_b=500.0, sigma_a=0.5, sigma_b=0.7, lacking_a=0.1,
                                           lacking_b=0.0), lambda t: recognition.gate_response("AND", t, 200.0)),
    Entry(recognition.single_responses, dict(tissue=TISSUE, d50=200.0, hill=2.0)),
    Entry(recognition.gate_response, dict(gate="OR", tissue=TISSUE, d50=200.0, hill=2.0)),
    # killing
    Entry(killing.surviving_targets, ASSAY),
    Entry(killing.specific_lysis, ASSAY),
    Entry(killing.CarrgoParams, dict(rho=0.1, capacity=1e9, kappa1=1e-8, kappa2=1e-9, theta=0.05), _use_carrgo_params),
    Entry(killing.carrgo_rhs, dict(p=CARRGO), lambda rhs: rhs(0.0, np.array([1e3, 1e5]))),
    Entry(killing.carrgo_equilibrium, dict(p=CARRGO)),
    Entry(killing.simulate_carrgo, dict(p=CARRGO, tumour0=1e3, car_t0=1e5, days=30.0, samples=50,
                                        cytokine_secretion=1.0, cytokine_decay=1.0)),
    Entry(killing.bystander_activation, dict(cytokine=np.array([0.0, 1.0, 10.0]), half_activation=1.0)),
    # spatial
    Entry(spatial.SpatialParams, SPATIAL_KWARGS, _use_spatial_params),
    Entry(spatial.simulate, dict(p=SMALL_SPATIAL, progress=_ignore_progress)),
    Entry(spatial.simulate_loop, dict(p=SMALL_SPATIAL)),
    Entry(spatial.steps_per_second, dict(run=spatial.simulate, p=SMALL_SPATIAL)),
    Entry(spatial.barrier_mask, dict(p=SMALL_SPATIAL)),
    # toxicity
    Entry(toxicity.crs_assessment, CRS_GRADE),
    Entry(toxicity.crs_grade, CRS_GRADE),
    Entry(toxicity.ice_points, dict(orientation=4, naming=3, commands=True, writing=True, attention=False)),
    Entry(toxicity.icans_assessment, ICANS_GRADE),
    Entry(toxicity.icans_grade, ICANS_GRADE),
    Entry(toxicity.CrsParams, CRS_DEFAULTS, _use_crs_params),
    Entry(toxicity.simulate_crs, dict(dose=1.0, burden=1.0, **CRS_INTERVENTIONS, days=5.0, samples_per_day=8,
                                      params=toxicity.CrsParams())),
    Entry(toxicity.window_curves, dict(doses=np.geomspace(0.01, 100.0, 9), kd_m=1e-8, healthy_median=1e2, burden=1.0,
                                       required_response=0.5, accepted_severe=0.2, tumour_median=2e3, spread=0.8)),
    Entry(toxicity.pareto_front, dict(risk=np.array([0.1, 0.2, 0.3]), benefit=np.array([0.2, 0.1, 0.4]))),
    Entry(toxicity.simulate_b_cells, dict(peak_car_t=1e10, half_life_days=30.0, renewal_per_day=0.02, days=20.0,
                                          samples=21)),
]
TABLE = {entry.name: entry for entry in ENTRIES}

#: Public dataclasses that only carry results back to the caller (each must be returned by a table entry).
RESULT_TYPES = {"CarrgoEquilibrium", "CarrgoRun", "SpatialRun", "Grading", "CrsRun", "WindowCurves", "BCellRun",
                "Journey", "Recognition", "CureFit", "CostBreakdown", "Cohort", "VirtualTrial", "PatientCourse"}
#: Containers of named constants (HYPOTENSION.ONE_VASOPRESSOR, ...), not model functions: tested in
#: tests/test_models_toxicity.py.
CONSTANT_TYPES = {"Categories"}

# --------------------------------------------------------------------------------------------------
# Bad values: (label, factory); factories give a fresh object per call

BAD_VALUES: list[tuple[str, Callable[[], object]]] = [
    ("-1", lambda: -1),
    ("0", lambda: 0),
    ("-0.0", lambda: -0.0),
    ("2.5", lambda: 2.5),  # a fraction where a whole number may be expected
    ("nan", lambda: float("nan")),
    ("inf", lambda: float("inf")),
    ("-inf", lambda: float("-inf")),
    ("1e300", lambda: 1e300),
    ("-1e300", lambda: -1e300),
    ("10**400", lambda: 10**400),  # a Python int too large for a float
    ("'1'", lambda: "1"),
    ("'abc'", lambda: "abc"),
    ("None", lambda: None),
    ("True", lambda: True),
    ("[1.0, 2.0]", lambda: [1.0, 2.0]),
    ("[[1.0]]", lambda: [[1.0]]),
    ("array([nan])", lambda: np.array([np.nan])),
    ("array([])", lambda: np.array([])),
    ("object()", lambda: object()),
]


def _annotation(entry: Entry, arg: str) -> str:
    return str(inspect.signature(entry.func).parameters[arg].annotation)


def bad_values_for(entry: Entry, arg: str) -> list[tuple[str, Callable[[], object]]]:
    values = list(BAD_VALUES)
    annotation = _annotation(entry, arg)
    for cls_name, wrong in WRONG_PARAMS.items():
        if cls_name in annotation:
            values.append((f"wrong-type {type(wrong).__name__}", lambda wrong=wrong: copy.deepcopy(wrong)))
    return values


def is_array_argument(entry: Entry, arg: str) -> bool:
    annotation = _annotation(entry, arg)
    return "ArrayLike" in annotation or "NDArray" in annotation


# --------------------------------------------------------------------------------------------------
# Judging an outcome


def names(message: str, name: str) -> bool:
    """True if ``message`` mentions ``name`` as a whole identifier (``k_off`` is not named by ``k_off_self``)."""
    return re.search(rf"(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])", message) is not None


def _short(text: str, limit: int = 200) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit] + "..."


def nonfinite(obj: object, path: str = "result", depth: int = 0) -> str | None:
    """Where ``obj`` holds a NaN or infinity (or a public property that raises), or None if it is all finite."""
    if depth > 25 or obj is None or isinstance(obj, (str, bytes, bool, np.bool_, int, np.integer)):
        return None
    if isinstance(obj, (numbers.Number, np.generic)):
        try:
            value = complex(obj)
        except (TypeError, ValueError, OverflowError):
            return f"{path} = {obj!r} (not a finite number)"
        return None if math.isfinite(value.real) and math.isfinite(value.imag) else f"{path} = {obj!r}"
    if isinstance(obj, np.ndarray):
        if obj.dtype == object:
            for index, item in np.ndenumerate(obj):
                found = nonfinite(item, f"{path}[{', '.join(map(str, index))}]", depth + 1)
                if found:
                    return found
            return None
        if np.issubdtype(obj.dtype, np.number):
            bad = ~np.isfinite(obj)
            if bad.any():
                index = tuple(int(i) for i in np.argwhere(bad)[0])
                where = ", ".join(map(str, index))
                return f"{path}[{where}] = {obj[index]!r} ({int(bad.sum())} of {obj.size} non-finite)"
        return None
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            found = nonfinite(getattr(obj, f.name), f"{path}.{f.name}", depth + 1)
            if found:
                return found
        for prop_name, _ in inspect.getmembers(type(obj), lambda m: isinstance(m, property)):
            if prop_name.startswith("_"):
                continue
            try:
                value = getattr(obj, prop_name)
            except Exception as exc:  # noqa: BLE001 - any failure of a result property is reported
                return f"{path}.{prop_name} raised {type(exc).__name__}: {_short(exc)}"
            found = nonfinite(value, f"{path}.{prop_name}", depth + 1)
            if found:
                return found
        return None
    if isinstance(obj, dict):
        items = obj.items()
    elif isinstance(obj, (list, tuple)):
        items = enumerate(obj)
    else:
        return None
    for key, item in items:
        found = nonfinite(item, f"{path}[{key!r}]", depth + 1)
        if found:
            return found
    return None


def result_problem(result: object, caught: list[warnings.WarningMessage]) -> str | None:
    """A non-finite value in ``result``, or a failed ODE integration (odeint then returns unconverged, even
    leftover, numbers that change from call to call), or None."""
    found = nonfinite(result)
    if found:
        return f"non-finite result: {found}"
    failed = [w for w in caught if issubclass(w.category, ODEintWarning)]
    if failed:
        return f"returned a result although odeint failed (ODEintWarning: {_short(failed[0].message, 90)})"
    return None


def problem_with(call: Callable[[], object], allowed: tuple[str, ...]) -> str | None:
    """Run ``call``; None if it gives a finite result or a ValueError/TypeError naming one of ``allowed``."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = call()
        except (ValueError, TypeError) as exc:
            if any(names(str(exc), name) for name in allowed):
                return None
            return f"{type(exc).__name__} does not name {' or '.join(allowed)}: {_short(exc)}"
        except Exception as exc:  # noqa: BLE001 - every other exception type is a failure
            return f"{type(exc).__name__}: {_short(exc)}"
        return result_problem(result, caught)


def _caller(entry: Entry, kwargs: dict) -> Callable[[], object]:
    def call() -> object:
        result = entry.func(**kwargs)
        return entry.post(result) if entry.post is not None else result

    return call


@functools.cache
def valid_problem(name: str) -> str | None:
    """Problem (if any) with the table's valid arguments for ``name``: must be None for the table to be right."""
    entry = TABLE[name]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = _caller(entry, copy.deepcopy(entry.kwargs))()
        except Exception as exc:  # noqa: BLE001
            return f"{type(exc).__name__}: {_short(exc)}"
        return result_problem(result, caught)


def assert_valid_arguments_work(name: str) -> None:
    problem = valid_problem(name)
    assert problem is None, f"test table error: the valid arguments for {name} fail: {problem}"


# --------------------------------------------------------------------------------------------------
# Meta-tests: the table covers every public callable and every parameter


def public_model_callables() -> dict[str, object]:
    """Every public callable defined (not imported) in a helpers.models module, by name."""
    found: dict[str, object] = {}
    for info in pkgutil.iter_modules(helpers.models.__path__):
        module = importlib.import_module(f"helpers.models.{info.name}")
        for name, obj in inspect.getmembers(module, callable):
            if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
                continue
            assert name not in found, f"two model modules define {name}; give the table qualified names"
            found[name] = obj
    return found


def test_every_public_model_callable_is_in_the_table():
    public = public_model_callables()
    missing = sorted(set(public) - set(TABLE) - RESULT_TYPES - CONSTANT_TYPES)
    stale = sorted((set(TABLE) | RESULT_TYPES | CONSTANT_TYPES) - set(public))
    assert not missing, f"public model callables with no valid arguments in TABLE: {missing}"
    assert not stale, f"TABLE/RESULT_TYPES name callables that are not public model callables: {stale}"
    for name, entry in TABLE.items():
        assert entry.func is public[name], name


def test_result_types_are_only_result_containers():
    public = public_model_callables()
    returned: set[str] = set()

    def collect(obj: object, depth: int = 0) -> None:
        if depth > 5:
            return
        if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            returned.add(type(obj).__name__)
            for f in dataclasses.fields(obj):
                collect(getattr(obj, f.name), depth + 1)
        elif isinstance(obj, (list, tuple)):
            for item in obj:
                collect(item, depth + 1)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for entry in ENTRIES:
            if entry.post is None:
                collect(entry.func(**copy.deepcopy(entry.kwargs)))
    for name in sorted(RESULT_TYPES):
        cls = public[name]
        assert isinstance(cls, type) and dataclasses.is_dataclass(cls), f"{name} is not a result dataclass"
        assert name in returned, f"{name} is not returned by any model in TABLE, so it must be tested as an input"


@pytest.mark.parametrize("name", sorted(TABLE))
def test_table_gives_every_parameter(name):
    entry = TABLE[name]
    parameters = set(inspect.signature(entry.func).parameters)
    assert set(entry.kwargs) == parameters, (
        f"{name}: table arguments {sorted(entry.kwargs)} differ from the signature {sorted(parameters)}")


@pytest.mark.parametrize("name", sorted(TABLE))
def test_valid_arguments_give_a_finite_result(name):
    assert_valid_arguments_work(name)


# --------------------------------------------------------------------------------------------------
# The property test: every argument of every callable, every bad value

CASES = [(entry.name, arg) for entry in ENTRIES for arg in entry.kwargs]


@pytest.mark.parametrize("name, arg", CASES, ids=[f"{name}-{arg}" for name, arg in CASES])
def test_bad_values_give_a_named_error_or_a_finite_result(name, arg):
    assert_valid_arguments_work(name)
    entry = TABLE[name]
    failures = []
    for label, make in bad_values_for(entry, arg):
        kwargs = copy.deepcopy(entry.kwargs)
        kwargs[arg] = make()
        problem = problem_with(_caller(entry, kwargs), (arg,))
        if problem:
            failures.append(f"{name}-{arg}-{label}: {problem}")
    assert not failures, f"{len(failures)} bad value(s) for {name}({arg}=...):\n" + "\n".join(failures)


ARRAY_CASES = [(entry.name, arg) for entry in ENTRIES for arg in entry.kwargs if is_array_argument(entry, arg)]


@pytest.mark.parametrize("name, arg", ARRAY_CASES, ids=[f"{name}-{arg}" for name, arg in ARRAY_CASES])
def test_array_arguments_reject_booleans_and_numeric_strings(name, arg):
    """Array arguments must reject what scalar arguments reject: booleans (days=np.array([True])) and numeric
    strings (days=["1"]). The bad arrays have the valid value's shape, so shape checks cannot catch them."""
    assert_valid_arguments_work(name)
    entry = TABLE[name]
    valid = np.asarray(entry.kwargs[arg], dtype=float)
    variants = {
        "booleans": np.ones(valid.shape, dtype=bool),
        "numeric strings": valid.astype(str).tolist(),
    }
    failures = []
    for label, value in variants.items():
        kwargs = copy.deepcopy(entry.kwargs)
        kwargs[arg] = value
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                _caller(entry, kwargs)()
            except (ValueError, TypeError) as exc:
                if not names(str(exc), arg):
                    failures.append(f"{name}-{arg}-{label}: {type(exc).__name__} does not name {arg}: {_short(exc)}")
            except Exception as exc:  # noqa: BLE001
                failures.append(f"{name}-{arg}-{label}: {type(exc).__name__}: {_short(exc)}")
            else:
                failures.append(f"{name}-{arg}-{label}: accepted {value!r} instead of raising ValueError")
    assert not failures, "\n".join(failures)


# --------------------------------------------------------------------------------------------------
# The specific cases named in the issue


@pytest.mark.parametrize("bad", ["risk", "benefit"])
def test_pareto_front_rejects_nan(bad):
    values = {"risk": [0.1, 0.2, 0.3], "benefit": [0.2, 0.1, 0.4]}
    values[bad] = [0.1, float("nan"), 0.3]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            front = toxicity.pareto_front(**values)
        except ValueError as exc:
            assert names(str(exc), bad), f"error does not name {bad}: {exc}"
        else:
            pytest.fail(f"pareto_front accepted NaN in {bad} and returned the front {front!r}")


def test_simulate_crs_with_a_fold_expansion_of_one_is_not_nan():
    def call():
        return toxicity.simulate_crs(days=5.0, params=toxicity.CrsParams(fold_expansion=1.0))

    problem = problem_with(call, ("fold_expansion",))
    assert problem is None, f"simulate_crs(params=CrsParams(fold_expansion=1.0)): {problem}"


@pytest.mark.parametrize("k_off_foreign", [1e4, 1e3, 1.0])
def test_discrimination_survives_an_underflowing_self_signal(k_off_foreign):
    """(k_p / (k_p + k_off_self)) ** n_steps underflows to 0 for these in-range inputs; the ratio must still be
    computed (it is 1 for equal off-rates) or refused with an error naming a real argument."""
    kwargs = dict(k_off_foreign=k_off_foreign, k_off_self=1e4, k_p=1e-4, n_steps=100)
    problem = problem_with(lambda: recognition.discrimination(**kwargs),
                           ("k_off_foreign", "k_off_self", "k_p", "n_steps"))
    assert problem is None, f"discrimination({kwargs}): {problem}"
    if k_off_foreign == 1e4:  # equal off-rates: if a ratio is returned, it is exactly 1
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                ratio = recognition.discrimination(**kwargs)
            except (ValueError, TypeError):
                return
        assert ratio == pytest.approx(1.0)


@pytest.mark.parametrize("arg", ["k_off_foreign", "k_off_self", "k_p", "n_steps"])
def test_discrimination_errors_name_the_argument_passed(arg):
    kwargs = dict(k_off_foreign=0.1, k_off_self=1.0, k_p=1.0, n_steps=3)
    kwargs[arg] = -1
    with pytest.raises(ValueError) as info:
        recognition.discrimination(**kwargs)
    message = str(info.value)
    assert names(message, arg), f"error does not name {arg}: {message}"
    if arg != "k_p":
        assert not names(message, "k_off"), f"error names k_off, which the caller did not pass: {message}"


@pytest.mark.parametrize("arg", ["tumour_median", "tumour_sigma", "healthy_median", "healthy_sigma"])
def test_tradeoff_curve_errors_name_the_argument_passed(arg):
    kwargs = copy.deepcopy(TABLE["tradeoff_curve"].kwargs)
    kwargs[arg] = -1.0
    with pytest.raises(ValueError) as info:
        recognition.tradeoff_curve(**kwargs)
    message = str(info.value)
    assert names(message, arg), f"error does not name {arg}: {message}"
    assert not names(message, "median") and not names(message, "sigma_ln"), (
        f"error names an internal parameter (median/sigma_ln) the caller did not pass: {message}")


HUGE_CASES = {
    "simulate_carrgo-days=1e300": ("days", lambda: killing.simulate_carrgo(
        CARRGO, tumour0=1e3, car_t0=1e5, days=1e300, samples=50)),
    "half_max_density-kd_m=1e300": ("kd_m", lambda: recognition.half_max_density(
        n_star=200.0, kd_m=1e300, kd_half_m=1e-8)),
    "activation_probability-density=1e300": ("density", lambda: recognition.activation_probability(
        density=np.array([0.0, 1e3, 1e300]), n_star=200.0, kd_m=1e-8, kd_half_m=1e-8)),
    "activation_probability-density=1e300-hill=10": ("density", lambda: recognition.activation_probability(
        density=np.array([1e300]), n_star=200.0, kd_m=1e-8, kd_half_m=1e-8, hill=10.0)),
    "activation_probability-kd_m=1e300": ("kd_m", lambda: recognition.activation_probability(
        density=np.array([0.0, 1e3, 1e300]), n_star=200.0, kd_m=1e300, kd_half_m=1e-8)),
}


@pytest.mark.parametrize("case", list(HUGE_CASES))
def test_huge_inputs_do_not_give_nan_or_inf(case):
    arg, call = HUGE_CASES[case]
    problem = problem_with(call, (arg,))
    assert problem is None, f"{case}: {problem}"


@pytest.mark.parametrize("name", ["size", "t_cells", "max_kills", "steps", "seed"])
def test_spatial_params_rejects_non_integers(name):
    kwargs = dict(SPATIAL_KWARGS)
    kwargs[name] = 10.5
    with pytest.raises((ValueError, TypeError)) as info:
        spatial.SpatialParams(**kwargs)
    assert names(str(info.value), name), f"error does not name {name}: {info.value}"


@pytest.mark.parametrize("seed", [float("nan"), "1", "abc"], ids=["nan", "'1'", "'abc'"])
def test_spatial_params_rejects_bad_seeds(seed):
    with pytest.raises((ValueError, TypeError)) as info:
        spatial.SpatialParams(**{**SPATIAL_KWARGS, "seed": seed})
    assert names(str(info.value), "seed"), f"error does not name seed: {info.value}"
