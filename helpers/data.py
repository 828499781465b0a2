"""Load and validate the sourced tables in ``data/`` into typed records.

Every CSV row carries a ``source``; loading fails with a :class:`ValueError` naming the file, the row
and the column when a value is missing or out of range, so a bad edit to a table is caught by the tests
rather than by a learner.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

#: The repository's ``data/`` folder.
DATA: Path = Path(__file__).resolve().parent.parent / "data"

#: Body weight used to turn per-kilogram doses into cell numbers: a teaching assumption (a "typical
#: adult"), not a clinical value. Real doses are calculated from each patient's weight.
REFERENCE_WEIGHT_KG = 70.0


def read_table(name: str, required: tuple[str, ...]) -> list[dict[str, str]]:
    """Read ``data/<name>`` as a list of rows; every row must have every ``required`` column and a source."""
    path = DATA / name
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in (*required, "source") if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{name}: missing column(s) {', '.join(missing)}")
        rows = list(reader)
    if not rows:
        raise ValueError(f"{name}: no rows")
    for i, row in enumerate(rows, start=2):  # line 1 is the header
        if not (row.get("source") or "").strip():
            raise ValueError(f"{name}, line {i}: the source column is empty")
    return rows


def _positive(name: str, line: int, column: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{name}, line {line}: {column} must be a number; got {text!r}") from None
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"{name}, line {line}: {column} must be a finite number > 0; got {text!r}")
    return value


def _flag(name: str, line: int, column: str, text: str) -> bool:
    lowered = text.strip().lower()
    if lowered not in ("true", "false"):
        raise ValueError(f"{name}, line {line}: {column} must be true or false; got {text!r}")
    return lowered == "true"



def _evidence(name: str, line: int, text: str) -> str:
    """``P`` (read in a primary source) or ``S`` (read only in a secondary summary), or an error."""
    evidence = text.strip()
    if evidence not in ("P", "S"):
        raise ValueError(f"{name}, line {line}: evidence must be P or S; got {text!r}")
    return evidence

@dataclass(frozen=True)
class LabelDose:
    """One labelled dose range of an approved product (a row of ``data/cell_doses.csv``)."""

    product: str
    brand: str
    indication: str
    cell_type: str
    dose_low: float
    dose_high: float
    dose_unit: str
    per_kg: bool
    weight_band: str
    source: str


@lru_cache(maxsize=1)
def label_doses() -> tuple[LabelDose, ...]:
    """All rows of ``data/cell_doses.csv``."""
    name = "cell_doses.csv"
    columns = ("product", "brand", "indication", "cell_type", "dose_low", "dose_high", "dose_unit",
               "per_kg", "weight_band")
    records = []
    for line, row in enumerate(read_table(name, columns), start=2):
        low = _positive(name, line, "dose_low", row["dose_low"])
        high = _positive(name, line, "dose_high", row["dose_high"])
        if low > high:
            raise ValueError(f"{name}, line {line}: dose_low ({low:g}) is above dose_high ({high:g})")
        records.append(LabelDose(
            product=row["product"].strip(), brand=row["brand"].strip(), indication=row["indication"].strip(),
            cell_type=row["cell_type"].strip(), dose_low=low, dose_high=high,
            dose_unit=row["dose_unit"].strip(), per_kg=_flag(name, line, "per_kg", row["per_kg"]),
            weight_band=row["weight_band"].strip(), source=row["source"].strip(),
        ))
    return tuple(records)


@dataclass(frozen=True)
class DoseTarget:
    """A dose range in cells for a patient of :data:`REFERENCE_WEIGHT_KG`, derived from a label row."""

    key: str
    label: str
    short_label: str
    low_cells: float
    high_cells: float
    source: str


@lru_cache(maxsize=1)
def dose_targets() -> tuple[DoseTarget, ...]:
    """Dose ranges in cells for an adult of :data:`REFERENCE_WEIGHT_KG` (rows for all weights, or
    for patients over 50 kg), in the order of ``data/cell_doses.csv``."""
    targets = []
    for row in label_doses():
        if row.weight_band not in ("all", ">50 kg"):
            continue
        scale = REFERENCE_WEIGHT_KG if row.per_kg else 1.0
        key = f"{row.product} | {row.indication}"
        basis = f" (at {REFERENCE_WEIGHT_KG:g} kg)" if row.per_kg else ""
        targets.append(DoseTarget(
            key=key,
            label=f"{row.brand} — {row.cell_type}, {row.indication}{basis}",
            short_label=row.brand,
            low_cells=row.dose_low * scale,
            high_cells=row.dose_high * scale,
            source=row.source,
        ))
    if not targets:
        raise ValueError("cell_doses.csv: no row applies to an adult (weight_band 'all' or '>50 kg')")
    return tuple(targets)


@dataclass(frozen=True)
class CultureExpansion:
    """A published in-vitro expansion (a row of ``data/culture_expansion.csv``)."""

    process: str
    cell_type: str
    fold_low: float
    fold_high: float | None
    days: float
    source: str

    @property
    def doubling_time_h(self) -> float:
        """Doubling time implied by the (lowest) fold expansion over the days, in hours."""
        return 24.0 * self.days / math.log2(self.fold_low)


@lru_cache(maxsize=1)
def culture_expansions() -> tuple[CultureExpansion, ...]:
    """All rows of ``data/culture_expansion.csv`` (fold expansion > 1 over a number of days)."""
    name = "culture_expansion.csv"
    columns = ("process", "cell_type", "fold_expansion_low", "fold_expansion_high", "days")
    records = []
    for line, row in enumerate(read_table(name, columns), start=2):
        fold_low = _positive(name, line, "fold_expansion_low", row["fold_expansion_low"])
        if fold_low <= 1:
            raise ValueError(f"{name}, line {line}: fold_expansion_low must be > 1; got {fold_low:g}")
        high_text = (row["fold_expansion_high"] or "").strip()
        fold_high = _positive(name, line, "fold_expansion_high", high_text) if high_text else None
        if fold_high is not None and fold_high < fold_low:
            raise ValueError(f"{name}, line {line}: fold_expansion_high ({fold_high:g}) is below fold_expansion_low")
        records.append(CultureExpansion(
            process=row["process"].strip(), cell_type=row["cell_type"].strip(), fold_low=fold_low,
            fold_high=fold_high, days=_positive(name, line, "days", row["days"]), source=row["source"].strip(),
        ))
    return tuple(records)


def _percent(name: str, line: int, column: str, text: str) -> float | None:
    """A percentage in [0, 100], or None for an empty cell (not verified)."""
    if not text.strip():
        return None
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{name}, line {line}: {column} must be a number or empty; got {text!r}") from None
    if not 0 <= value <= 100:
        raise ValueError(f"{name}, line {line}: {column} must be in [0, 100]; got {text!r}")
    return value


@dataclass(frozen=True)
class CrsTrial:
    """CRS (and neurotoxicity) rates of one pivotal trial, a row of ``data/crs_clinical.csv``.

    Rates are percentages of ``population`` (``n`` patients), graded on ``grading_scale``: rates on
    different scales (Penn, Lee 2014, CTCAE, ASTCT) are not comparable. None = not verified.
    """

    trial: str
    product: str
    disease: str
    population: str
    n: int
    crs_any_pct: float | None
    crs_grade3plus_pct: float | None
    grading_scale: str
    median_onset_days: float | None
    icans_any_pct: float | None
    icans_grade3plus_pct: float | None
    icans_scale: str
    source: str


@lru_cache(maxsize=1)
def crs_trials() -> tuple[CrsTrial, ...]:
    """All rows of ``data/crs_clinical.csv``."""
    name = "crs_clinical.csv"
    columns = ("trial", "product", "disease", "population", "n", "crs_any_pct", "crs_grade3plus_pct",
               "grading_scale", "median_onset_days", "icans_any_pct", "icans_grade3plus_pct", "icans_scale")
    records = []
    for line, row in enumerate(read_table(name, columns), start=2):
        n = _positive(name, line, "n", row["n"])
        if n != int(n):
            raise ValueError(f"{name}, line {line}: n must be a whole number; got {row['n']!r}")
        any_pct = _percent(name, line, "crs_any_pct", row["crs_any_pct"])
        severe = _percent(name, line, "crs_grade3plus_pct", row["crs_grade3plus_pct"])
        if any_pct is not None and severe is not None and severe > any_pct:
            raise ValueError(f"{name}, line {line}: crs_grade3plus_pct exceeds crs_any_pct")
        if not row["grading_scale"].strip():
            raise ValueError(f"{name}, line {line}: grading_scale is empty (say which scale, or that it was not read)")
        onset_text = row["median_onset_days"].strip()
        records.append(CrsTrial(
            trial=row["trial"].strip(), product=row["product"].strip(), disease=row["disease"].strip(),
            population=row["population"].strip(), n=int(n), crs_any_pct=any_pct, crs_grade3plus_pct=severe,
            grading_scale=row["grading_scale"].strip(),
            median_onset_days=_positive(name, line, "median_onset_days", onset_text) if onset_text else None,
            icans_any_pct=_percent(name, line, "icans_any_pct", row["icans_any_pct"]),
            icans_grade3plus_pct=_percent(name, line, "icans_grade3plus_pct", row["icans_grade3plus_pct"]),
            icans_scale=row["icans_scale"].strip(), source=row["source"].strip(),
        ))
    return tuple(records)


def _count(name: str, line: int, column: str, text: str, *, optional: bool = False) -> int | None:
    """A whole number >= 0 (None for an empty cell when ``optional``)."""
    if not text.strip():
        if optional:
            return None
        raise ValueError(f"{name}, line {line}: {column} is empty")
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{name}, line {line}: {column} must be a whole number; got {text!r}") from None
    if not (math.isfinite(value) and value >= 0 and value == int(value)):
        raise ValueError(f"{name}, line {line}: {column} must be a whole number >= 0; got {text!r}")
    return int(value)


def _fraction(name: str, line: int, column: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{name}, line {line}: {column} must be a number in [0, 1]; got {text!r}") from None
    if not 0 <= value <= 1:
        raise ValueError(f"{name}, line {line}: {column} must be in [0, 1]; got {text!r}")
    return value


@dataclass(frozen=True)
class JourneyTrial:
    """Enrolled and infused patients of one study, a row of ``data/act_journey.csv``.

    ``enrolled`` counts the patients in ``enrolled_definition`` (enrolled, or leukapheresed); ``infused``
    those of them who received the product. ``setting`` is ``trial`` or ``real world``.
    """

    trial: str
    short: str
    setting: str
    product: str
    disease: str
    enrolled: int
    enrolled_definition: str
    infused: int
    not_infused: str
    source: str

    @property
    def fraction_infused(self) -> float:
        """Infused / enrolled."""
        return self.infused / self.enrolled


@lru_cache(maxsize=1)
def journey_trials() -> tuple[JourneyTrial, ...]:
    """All rows of ``data/act_journey.csv``."""
    name = "act_journey.csv"
    columns = ("trial", "short", "setting", "product", "disease", "enrolled", "enrolled_definition", "infused",
               "not_infused")
    records = []
    for line, row in enumerate(read_table(name, columns), start=2):
        enrolled = _count(name, line, "enrolled", row["enrolled"])
        infused = _count(name, line, "infused", row["infused"])
        assert enrolled is not None and infused is not None
        if enrolled == 0 or infused > enrolled:
            raise ValueError(f"{name}, line {line}: need 0 <= infused <= enrolled and enrolled > 0")
        if row["setting"].strip() not in ("trial", "real world"):
            raise ValueError(f"{name}, line {line}: setting must be 'trial' or 'real world'; got {row['setting']!r}")
        records.append(JourneyTrial(
            trial=row["trial"].strip(), short=row["short"].strip(), setting=row["setting"].strip(),
            product=row["product"].strip(), disease=row["disease"].strip(), enrolled=enrolled,
            enrolled_definition=row["enrolled_definition"].strip(), infused=infused,
            not_infused=row["not_infused"].strip(), source=row["source"].strip(),
        ))
    return tuple(records)


@dataclass(frozen=True)
class StepTime:
    """A published time for one step of the journey, a row of ``data/vein_to_vein_times.csv`` (days)."""

    step: str
    product: str
    population: str
    n: int | None
    median_days: float
    spread: str
    interval: str
    source: str


@lru_cache(maxsize=1)
def step_times() -> tuple[StepTime, ...]:
    """All rows of ``data/vein_to_vein_times.csv``."""
    name = "vein_to_vein_times.csv"
    rows = read_table(name, ("step", "product", "population", "n", "median_days", "spread", "interval"))
    return tuple(StepTime(row["step"].strip(), row["product"].strip(), row["population"].strip(),
                          _count(name, line, "n", row["n"], optional=True),
                          _positive(name, line, "median_days", row["median_days"]), row["spread"].strip(),
                          row["interval"].strip(), row["source"].strip())
                 for line, row in enumerate(rows, start=2))


@dataclass(frozen=True)
class HlaFrequency:
    """Frequency of an HLA allele group in one population, a row of ``data/hla_frequencies.csv``."""

    population: str
    allele: str
    allele_frequency: float
    sample: str
    source: str


@lru_cache(maxsize=1)
def hla_frequencies() -> tuple[HlaFrequency, ...]:
    """All rows of ``data/hla_frequencies.csv``."""
    name = "hla_frequencies.csv"
    rows = read_table(name, ("population", "allele", "allele_frequency", "sample"))
    return tuple(HlaFrequency(row["population"].strip(), row["allele"].strip(),
                              _fraction(name, line, "allele_frequency", row["allele_frequency"]),
                              row["sample"].strip(), row["source"].strip())
                 for line, row in enumerate(rows, start=2))


@dataclass(frozen=True)
class AntigenPrevalence:
    """Share of tumours of one kind that express an antigen, a row of ``data/antigen_prevalence.csv``."""

    antigen: str
    tumour: str
    positive_fraction: float
    definition: str
    source: str


@lru_cache(maxsize=1)
def antigen_prevalence() -> tuple[AntigenPrevalence, ...]:
    """All rows of ``data/antigen_prevalence.csv``."""
    name = "antigen_prevalence.csv"
    rows = read_table(name, ("antigen", "tumour", "positive_fraction", "definition"))
    return tuple(AntigenPrevalence(row["antigen"].strip(), row["tumour"].strip(),
                                   _fraction(name, line, "positive_fraction", row["positive_fraction"]),
                                   row["definition"].strip(), row["source"].strip())
                 for line, row in enumerate(rows, start=2))


@dataclass(frozen=True)
class ApprovedProduct:
    """An approved cell therapy, a row of ``data/act_products.csv``."""

    product: str
    brand: str
    cell_type: str
    target: str
    hla_restriction: str
    source_of_cells: str
    first_indication: str
    approval: str
    year: int
    source: str


@lru_cache(maxsize=1)
def approved_products() -> tuple[ApprovedProduct, ...]:
    """All rows of ``data/act_products.csv``, in the order of the file (by approval date)."""
    name = "act_products.csv"
    columns = ("product", "brand", "cell_type", "target", "hla_restriction", "source_of_cells", "first_indication",
               "approval", "year")
    records = []
    for line, row in enumerate(read_table(name, columns), start=2):
        year = _count(name, line, "year", row["year"])
        assert year is not None
        if not 1990 <= year <= 2100:
            raise ValueError(f"{name}, line {line}: year must be in [1990, 2100]; got {row['year']!r}")
        records.append(ApprovedProduct(*(row[c].strip() for c in columns[:-1]), year, row["source"].strip()))
    return tuple(records)


@dataclass(frozen=True)
class Landmark:
    """A published survival point of one trial arm, a row of ``data/clinical_landmarks.csv``: a Kaplan–Meier
    estimate, unless ``population`` says it is a crude share worked out from published counts."""

    trial: str
    arm: str
    product: str
    disease: str
    endpoint: str
    months: float
    survival: float
    n: int
    population: str
    data_cut: str
    source: str


@lru_cache(maxsize=1)
def clinical_landmarks() -> tuple[Landmark, ...]:
    """All rows of ``data/clinical_landmarks.csv``. Within one trial, arm and endpoint the points must be in
    order of time and must not rise (a survival curve only falls)."""
    name = "clinical_landmarks.csv"
    rows = read_table(name, ("trial", "arm", "product", "disease", "endpoint", "months", "survival", "n",
                             "population", "data_cut"))
    records = []
    last: dict[tuple[str, str, str], Landmark] = {}
    for line, row in enumerate(rows, start=2):
        n = _count(name, line, "n", row["n"])
        assert n is not None
        if n < 1:
            raise ValueError(f"{name}, line {line}: n must be a whole number >= 1; got {row['n']!r}")
        point = Landmark(row["trial"].strip(), row["arm"].strip(), row["product"].strip(), row["disease"].strip(),
                         row["endpoint"].strip(), _positive(name, line, "months", row["months"]),
                         _fraction(name, line, "survival", row["survival"]), n, row["population"].strip(),
                         row["data_cut"].strip(), row["source"].strip())
        key = (point.trial, point.arm, point.endpoint)
        before = last.get(key)
        if before is not None and not (point.months > before.months and point.survival <= before.survival):
            raise ValueError(f"{name}, line {line}: {key} must be later than, and not above, the point before it")
        last[key] = point
        records.append(point)
    return tuple(records)


def landmark_series(trial: str, arm: str, endpoint: str) -> tuple[Landmark, ...]:
    """The points of one trial arm and endpoint, in order of time; ValueError naming the choices if none."""
    points = tuple(p for p in clinical_landmarks() if (p.trial, p.arm, p.endpoint) == (trial, arm, endpoint))
    if not points:
        choices = sorted({(p.trial, p.arm, p.endpoint) for p in clinical_landmarks()})
        raise ValueError(f"no landmarks for {(trial, arm, endpoint)}; choose one of {choices}")
    return points


#: Disease groups of ``data/clinical_trials.csv``.
TRIAL_GROUPS = ("B-cell ALL", "large B-cell lymphoma", "mantle cell lymphoma", "follicular lymphoma",
                "multiple myeloma", "melanoma", "synovial sarcoma")


@dataclass(frozen=True)
class TrialResult:
    """Response rates of one pivotal trial (one data cut, one analysis set), a row of ``data/clinical_trials.csv``.

    Rates are percentages of ``n_analysed`` patients, the denominator ``analysis_set`` names; ``n_enrolled``
    and ``n_infused`` are None where the source does not give them. ``orr_pct`` is the overall response rate
    (for ALL: overall remission, CR or CRi); ``cr_pct`` the complete-response rate as ``cr_definition`` says.
    ``evidence`` is "P" (read in a primary source: the paper, its abstract, an FDA review) or "S" (read only in a
    secondary summary)."""

    trial: str
    label: str
    group: str
    primary: bool
    product: str
    disease: str
    line: str
    analysis_set: str
    n_enrolled: int | None
    n_infused: int | None
    n_analysed: int
    criteria: str
    assessment: str
    orr_pct: float | None
    cr_pct: float | None
    cr_definition: str
    median_dor_months: str
    median_followup_months: float | None
    evidence: str
    source: str

    @property
    def analysis_set_short(self) -> str:
        """The analysis set, cut at its first comma, semicolon or bracket (for axis labels)."""
        short = self.analysis_set
        for mark in (" (", ",", ";"):
            short = short.split(mark)[0]
        return short if len(short) <= 38 else short[:37] + "…"


@lru_cache(maxsize=1)
def trial_results() -> tuple[TrialResult, ...]:
    """All rows of ``data/clinical_trials.csv``: denominators consistent (analysed <= infused <= enrolled where
    given), at least one rate, CR not above ORR."""
    name = "clinical_trials.csv"
    columns = ("trial", "label", "group", "primary", "product", "disease", "line", "analysis_set", "n_enrolled",
               "n_infused", "n_analysed", "response_criteria", "assessment", "orr_pct", "cr_pct", "cr_definition",
               "median_dor_months", "median_followup_months", "evidence")
    records = []
    for line, row in enumerate(read_table(name, columns), start=2):
        group = row["group"].strip()
        if group not in TRIAL_GROUPS:
            raise ValueError(f"{name}, line {line}: group must be one of {', '.join(TRIAL_GROUPS)}; got {group!r}")
        enrolled = _count(name, line, "n_enrolled", row["n_enrolled"], optional=True)
        infused = _count(name, line, "n_infused", row["n_infused"], optional=True)
        analysed = _count(name, line, "n_analysed", row["n_analysed"])
        assert analysed is not None
        if analysed < 1:
            raise ValueError(f"{name}, line {line}: n_analysed must be >= 1")
        if enrolled is not None and infused is not None and infused > enrolled:
            raise ValueError(f"{name}, line {line}: n_infused exceeds n_enrolled")
        if enrolled is not None and analysed > enrolled:
            raise ValueError(f"{name}, line {line}: n_analysed exceeds n_enrolled")
        orr = _percent(name, line, "orr_pct", row["orr_pct"])
        cr = _percent(name, line, "cr_pct", row["cr_pct"])
        if orr is None and cr is None:
            raise ValueError(f"{name}, line {line}: give orr_pct or cr_pct")
        if orr is not None and cr is not None and cr > orr:
            raise ValueError(f"{name}, line {line}: cr_pct exceeds orr_pct")
        evidence = _evidence(name, line, row["evidence"])
        dor = row["median_dor_months"].strip()
        if dor and dor != "NR":
            _positive(name, line, "median_dor_months", dor)
        follow = row["median_followup_months"].strip()
        records.append(TrialResult(
            row["trial"].strip(), row["label"].strip(), group, _flag(name, line, "primary", row["primary"]),
            row["product"].strip(), row["disease"].strip(), row["line"].strip(), row["analysis_set"].strip(),
            enrolled, infused, analysed, row["response_criteria"].strip(), row["assessment"].strip(), orr, cr,
            row["cr_definition"].strip(), dor, _positive(name, line, "median_followup_months", follow) if follow else None,
            evidence, row["source"].strip()))
    return tuple(records)


@dataclass(frozen=True)
class CostEffectiveness:
    """One published cost-effectiveness result (a row of ``data/cost_effectiveness.csv``).

    Money in ``currency`` of ``price_year`` (empty where the source does not say); ``cost_therapy`` and
    ``cost_comparator`` are discounted lifetime costs per patient and ``incremental_qaly`` the QALYs gained, where
    the source gives them (None otherwise); ``icer_published`` is the ratio as the analysis reports it, per QALY
    gained. ``evidence`` is "P" (every number read in the analysis's own abstract or paper) or "S" (some read only
    in a secondary summary)."""

    analysis: str
    product: str
    indication: str
    comparator: str
    country: str
    perspective: str
    currency: str
    price_year: str
    horizon: str
    discount_pct: float | None
    scenario: str
    cost_therapy: float | None
    cost_comparator: float | None
    incremental_qaly: float | None
    icer_published: float
    evidence: str
    source: str

    @property
    def incremental_cost(self) -> float | None:
        if self.cost_therapy is None or self.cost_comparator is None:
            return None
        return self.cost_therapy - self.cost_comparator


@lru_cache(maxsize=1)
def cost_effectiveness() -> tuple[CostEffectiveness, ...]:
    """All rows of ``data/cost_effectiveness.csv``: costs and QALYs given together or not at all."""
    name = "cost_effectiveness.csv"
    columns = ("analysis", "product", "indication", "comparator", "country", "perspective", "currency", "price_year",
               "horizon", "discount_pct", "scenario", "cost_therapy", "cost_comparator", "incremental_qaly",
               "icer_published", "evidence")

    def optional(line: int, column: str, text: str) -> float | None:
        return _positive(name, line, column, text) if text.strip() else None

    records = []
    for line, row in enumerate(read_table(name, columns), start=2):
        costs = (optional(line, "cost_therapy", row["cost_therapy"]),
                 optional(line, "cost_comparator", row["cost_comparator"]),
                 optional(line, "incremental_qaly", row["incremental_qaly"]))
        if any(c is None for c in costs) and any(c is not None for c in costs):
            raise ValueError(f"{name}, line {line}: give cost_therapy, cost_comparator and incremental_qaly together")
        evidence = _evidence(name, line, row["evidence"])
        records.append(CostEffectiveness(
            row["analysis"].strip(), row["product"].strip(), row["indication"].strip(), row["comparator"].strip(),
            row["country"].strip(), row["perspective"].strip(), row["currency"].strip(), row["price_year"].strip(),
            row["horizon"].strip(), optional(line, "discount_pct", row["discount_pct"]), row["scenario"].strip(),
            *costs, _positive(name, line, "icer_published", row["icer_published"]), evidence, row["source"].strip()))
    return tuple(records)


@dataclass(frozen=True)
class ProductPrice:
    """One published price of a cell therapy (a row of ``data/product_prices.csv``): ``price`` in ``currency`` of
    ``year``, for ``indication`` in ``country``; ``kind`` says which price it is (list price at launch, a price a
    published model used, a hospital's own price)."""

    product: str
    brand: str
    indication: str
    country: str
    currency: str
    price: float
    year: int
    kind: str
    evidence: str
    source: str


@lru_cache(maxsize=1)
def product_prices() -> tuple[ProductPrice, ...]:
    """All rows of ``data/product_prices.csv``."""
    name = "product_prices.csv"
    columns = ("product", "brand", "indication", "country", "currency", "price", "year", "kind", "evidence")
    records = []
    for line, row in enumerate(read_table(name, columns), start=2):
        evidence = _evidence(name, line, row["evidence"])
        year = _positive(name, line, "year", row["year"])
        if not (2010 <= year <= 2100 and year.is_integer()):
            raise ValueError(f"{name}, line {line}: year must be a whole year in [2010, 2100]; got {row['year']!r}")
        records.append(ProductPrice(
            row["product"].strip(), row["brand"].strip(), row["indication"].strip(), row["country"].strip(),
            row["currency"].strip(), _positive(name, line, "price", row["price"]), int(year), row["kind"].strip(),
            evidence, row["source"].strip()))
    return tuple(records)


@dataclass(frozen=True)
class DurableResponse:
    """A published share of patients whose response lasted (a row of ``data/durable_response.csv``):
    ``share_pct`` % of ``n`` patients (``population``) by ``measure`` at ``months`` of (median) follow-up."""

    trial: str
    product: str
    disease: str
    measure: str
    share_pct: float
    n: int
    population: str
    months: float
    evidence: str
    source: str


@lru_cache(maxsize=1)
def durable_responses() -> tuple[DurableResponse, ...]:
    """All rows of ``data/durable_response.csv``."""
    name = "durable_response.csv"
    columns = ("trial", "product", "disease", "measure", "share_pct", "n", "population", "months", "evidence")
    records = []
    for line, row in enumerate(read_table(name, columns), start=2):
        evidence = _evidence(name, line, row["evidence"])
        n = _count(name, line, "n", row["n"])
        share = _percent(name, line, "share_pct", row["share_pct"])
        if share is None or n is None or n == 0:
            raise ValueError(f"{name}, line {line}: share_pct and n (> 0) are required")
        records.append(DurableResponse(
            row["trial"].strip(), row["product"].strip(), row["disease"].strip(), row["measure"].strip(),
            share, n, row["population"].strip(),
            _positive(name, line, "months", row["months"]), evidence, row["source"].strip()))
    return tuple(records)


@dataclass(frozen=True)
class CareCost:
    """A published cost of the care around a cell therapy (a row of ``data/care_costs.csv``): from ``low`` to
    ``high`` (equal when the source gives one number) in ``currency`` of ``year``, per ``per`` (patient or centre)."""

    item: str
    setting: str
    currency: str
    low: float
    high: float
    year: int
    per: str
    evidence: str
    source: str

    @property
    def middle(self) -> float:
        """The midpoint of the range (the value itself when the source gives one number)."""
        return (self.low + self.high) / 2.0


@lru_cache(maxsize=1)
def care_costs() -> tuple[CareCost, ...]:
    """All rows of ``data/care_costs.csv``."""
    name = "care_costs.csv"
    columns = ("item", "setting", "currency", "low", "high", "year", "per", "evidence")
    records = []
    for line, row in enumerate(read_table(name, columns), start=2):
        evidence = _evidence(name, line, row["evidence"])
        low, high = _positive(name, line, "low", row["low"]), _positive(name, line, "high", row["high"])
        if high < low:
            raise ValueError(f"{name}, line {line}: high must be >= low; got {low:g} and {high:g}")
        year = _positive(name, line, "year", row["year"])
        records.append(CareCost(row["item"].strip(), row["setting"].strip(), row["currency"].strip(), low, high,
                                int(year), row["per"].strip(), evidence, row["source"].strip()))
    return tuple(records)


@dataclass(frozen=True)
class GateScenario:
    """Two antigens on a tumour and a healthy tissue, and the logic gate designed for them (a row of
    ``data/gate_scenarios.csv``); each antigen is "present" or "absent" on each tissue."""

    scenario: str
    antigen_a: str
    antigen_b: str
    tumour: str
    tumour_a: bool
    tumour_b: bool
    healthy: str
    healthy_a: bool
    healthy_b: bool
    healthy_either: bool  # half the healthy cells carry A alone and half B alone (healthy_a and healthy_b then True)
    gate: str
    design: str
    status: str
    year: int
    evidence: str
    source: str


def _either(name: str, line: int, a: str, b: str) -> bool:
    """True when both healthy columns say ``either``; an error when only one does."""
    flags = (a.strip() == "either", b.strip() == "either")
    if flags[0] != flags[1]:
        raise ValueError(f"{name}, line {line}: 'either' must be given for both healthy_a and healthy_b")
    return flags[0]


@lru_cache(maxsize=1)
def gate_scenarios() -> tuple[GateScenario, ...]:
    """All rows of ``data/gate_scenarios.csv``."""
    name = "gate_scenarios.csv"
    columns = ("scenario", "antigen_a", "antigen_b", "tumour", "tumour_a", "tumour_b", "healthy", "healthy_a",
               "healthy_b", "gate", "design", "status", "year", "evidence")

    def level(line: int, column: str, text: str, either: bool = False) -> bool:
        allowed = ("present", "absent", "either") if either else ("present", "absent")
        if text.strip() not in allowed:
            raise ValueError(f"{name}, line {line}: {column} must be one of {', '.join(allowed)}; got {text!r}")
        return text.strip() != "absent"

    records = []
    for line, row in enumerate(read_table(name, columns), start=2):
        if row["gate"].strip() not in ("AND", "OR", "NOT"):
            raise ValueError(f"{name}, line {line}: gate must be AND, OR or NOT; got {row['gate']!r}")
        _evidence(name, line, row["evidence"])
        records.append(GateScenario(
            row["scenario"].strip(), row["antigen_a"].strip(), row["antigen_b"].strip(), row["tumour"].strip(),
            level(line, "tumour_a", row["tumour_a"]), level(line, "tumour_b", row["tumour_b"]), row["healthy"].strip(),
            level(line, "healthy_a", row["healthy_a"], True), level(line, "healthy_b", row["healthy_b"], True),
            _either(name, line, row["healthy_a"], row["healthy_b"]), row["gate"].strip(),
            row["design"].strip(), row["status"].strip(), int(_positive(name, line, "year", row["year"])),
            row["evidence"].strip(), row["source"].strip()))
    return tuple(records)
