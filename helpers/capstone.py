"""The capstone of notebook 09: run a therapy design for one patient through the course's models.

:func:`design_therapy` adds no new model. Each estimate comes from the notebook that owns it:

* **Eligibility** (notebooks 01 and 02). Is there a product of this cell type for this target
  (``data/act_products.csv``)? Does the patient carry the HLA type a TCR-T product is restricted to? What share of the
  tumour cells would the cells recognise (:func:`helpers.models.types.recognition`, notebook 02)? And what share of
  enrolled patients reached infusion in the trial of this product (``data/act_journey.csv``, notebook 01)?
* **Response and severe CRS** (notebook 06b): :func:`helpers.models.toxicity.window_curves` at the chosen dose and
  binder, with the patient's antigen densities and tumour burden. The response counted over everyone enrolled is
  notebook 01's :func:`helpers.models.journey.intention_to_treat`. The model describes CAR-T cells only, so other
  cell types get no response or CRS estimate.
* **Cost** (notebook 07): :func:`helpers.models.economics.cost_per_enrolled` and
  :func:`~helpers.models.economics.cost_per_responder`, with the US launch price of the trial's product
  (``data/product_prices.csv``) and the three-month care cost (``data/care_costs.csv``).

The patients are teaching cases. Their antigen densities and tumour burdens are given relative to notebook 06b's
reference case (tumour cells about 2 × 10³ antigen molecules, healthy cells about 10², burden 1). Those reference values
are teaching values, and so are the probabilities built on them: they compare designs, they do not predict a real
patient. Bridging therapy halves the burden here; that factor is a teaching value too (how much bridging shrinks a
tumour varies from patient to patient).

Units: densities in molecules per cell; dose and burden relative to notebook 06b's reference; K_D in M; money in US$
of the price's year.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from helpers.checks import check_choice, check_flag, check_number
from helpers.data import approved_products, care_costs, journey_trials, product_prices
from helpers.models.economics import cost_per_enrolled, cost_per_responder
from helpers.models.journey import intention_to_treat
from helpers.models.toxicity import WindowCurves, window_curves
from helpers.models.types import CELL_TYPES, recognition

#: Notebook 06b's default limits: the lowest acceptable P(response) (a teaching value).
REQUIRED_RESPONSE = 0.5
#: Bridging therapy multiplies the tumour burden at infusion by this factor (a teaching value).
BRIDGING_FACTOR = 0.5
#: A recognised share of tumour cells at least this large counts as "sees the tumour" (notebook 02's explorer rule).
SEES = 0.5
#: Stress-ligand level of the tumour cells, for the NK route of notebook 02's model (a teaching value: moderate).
STRESS = 0.3
#: The widest dose range the capstone offers (relative to the reference dose), and notebook 06b's K_D range (M).
DOSE_RANGE = (0.1, 10.0)
KD_RANGE = (1e-10, 1e-6)


@dataclass(frozen=True)
class Case:
    """One patient of the capstone.

    ``tumour_median`` and ``healthy_median`` are median target molecules per tumour and per healthy cell; ``burden``
    is relative to notebook 06b's reference; ``accepted_severe`` is the highest P(severe CRS) the team accepts for
    this patient (0.2 is notebook 06b's default; 0.1 for a frail patient is the case's judgement, not a published
    number). ``trial`` names the row of ``data/act_journey.csv`` and ``product``/``indication`` the row of
    ``data/product_prices.csv`` that the estimates read."""

    key: str
    title: str
    story: str
    disease: str
    target: str
    tumour_median: float
    healthy_median: float
    hla_a02: bool
    burden: float
    frail: bool
    accepted_severe: float
    trial: str
    product: str
    indication: str


#: The three patients, one for each trial whose costs notebook 07 worked through.
CASES: dict[str, Case] = {c.key: c for c in (
    Case("Ana", "Ana, 58: large B-cell lymphoma, second relapse",
         "Ana's lymphoma came back after two treatments. Her tumour cells carry CD19 at the reference density, but "
         "the tumour is bulky: three times the reference burden. She is fit and carries HLA-A*02.",
         "large B-cell lymphoma", "CD19", 2e3, 1e2, True, 3.0, False, 0.20,
         "ZUMA-1", "axicabtagene ciloleucel", "large B-cell lymphoma"),
    Case("Bill", "Bill, 74: multiple myeloma, frail",
         "Bill's myeloma has relapsed after four lines of treatment. His myeloma cells carry BCMA at the reference "
         "density and the burden is the reference burden. He is frail, so the team accepts at most a 10 % chance of "
         "severe CRS. He does not carry HLA-A*02.",
         "multiple myeloma", "BCMA", 2e3, 1e2, False, 1.0, True, 0.10,
         "KarMMa", "idecabtagene vicleucel", "multiple myeloma"),
    Case("Chloé", "Chloé, 19: B-cell ALL, relapsed with dim CD19",
         "Chloé's leukaemia relapsed; her leukaemia cells now carry only a quarter of the reference CD19 (5 × 10² "
         "molecules per cell) and the burden is twice the reference. She is fit and does not carry HLA-A*02.",
         "B-cell ALL", "CD19", 5e2, 1e2, False, 2.0, False, 0.20,
         "ELIANA", "tisagenlecleucel", "B-cell ALL (patients up to 25 years)"),
)}


@dataclass(frozen=True)
class TherapyReport:
    """What the course's models say about one design for one patient (fractions in [0, 1]; None = not modelled).

    ``product`` is the approved product of this cell type for this target (brand and generic name), or "" with
    ``why_not`` saying why there is none. ``tumour_seen`` is the share of tumour cells the cell type recognises
    (notebook 02). ``infused_share`` is the share of enrolled patients who reached infusion in the trial (notebook 01).
    ``response`` and ``severe_crs`` are notebook 06b's probabilities; ``response_enrolled`` counts everyone enrolled;
    ``window`` is the dose range (× reference) meeting both limits for this binder and burden, or None.
    ``cost_enrolled`` and ``cost_responder`` are US$ (notebook 07). ``curves`` holds notebook 06b's two curves
    against dose for this design (over :data:`DOSE_RANGE`), for plotting."""

    case: Case
    cell_type: str
    kd_m: float
    dose: float
    bridging: bool
    burden: float
    product: str
    why_not: str
    tumour_seen: float
    seen_because: str
    infused_share: float
    response: float | None
    severe_crs: float | None
    response_enrolled: float | None
    window: tuple[float, float] | None
    price: float
    cost_enrolled: float | None
    cost_responder: float | None
    curves: WindowCurves | None

    @property
    def eligible(self) -> bool:
        """A product exists for this cell type and target, and its cells see the tumour."""
        return bool(self.product) and self.tumour_seen >= SEES

    @property
    def meets_limits(self) -> bool:
        """Eligible, P(response) at least :data:`REQUIRED_RESPONSE` and P(severe CRS) within the case's limit."""
        return (self.eligible and self.response is not None and self.severe_crs is not None
                and self.response >= REQUIRED_RESPONSE - 1e-9 and self.severe_crs <= self.case.accepted_severe + 1e-9)


def _product(cell_type: str, case: Case) -> tuple[str, str]:
    """(``"Brand (generic)"``, "") for an approved product of this cell type for the case's target (the trial's own
    product first), or ("", why there is none), from ``data/act_products.csv``."""
    rows = [p for p in approved_products() if p.cell_type == cell_type]
    if not rows:
        return "", f"no {cell_type} product is in the course's list of approved products (notebook 02)"
    match = next((p for p in rows if p.product == case.product), None) or next(
        (p for p in rows if p.target == case.target), None)
    if match is None:
        made = "; ".join(f"{p.brand} targets {p.target}, for {p.first_indication}" for p in rows)
        return "", f"no {cell_type} product targets {case.target} ({made})"
    return f"{match.brand} ({match.product})", ""


def design_therapy(case: str, cell_type: str, kd_m: float = 1e-8, dose: float = 1.0,
                   bridging: bool = False) -> TherapyReport:
    """Run one design for one patient through the course's models (see the module docstring).

    Parameters
    ----------
    case : str
        A key of :data:`CASES` ("Ana", "Bill", "Chloé").
    cell_type : str
        One of :data:`helpers.models.types.CELL_TYPES` (TIL, TCR-T, CAR-T, NK, CAR-NK).
    kd_m : float
        The CAR's dissociation constant, M, in [1e-10, 1e-6] (used for CAR-T only).
    dose : float
        CAR-T dose relative to notebook 06b's reference dose, in [0.1, 10].
    bridging : bool
        Whether bridging therapy is given while the cells are made (halves the burden: a teaching value).
    """
    c = CASES[check_choice("case", case, tuple(CASES))]
    kind = str(check_choice("cell_type", cell_type, CELL_TYPES))
    kd = check_number("kd_m", kd_m, *KD_RANGE)
    x = check_number("dose", dose, *DOSE_RANGE)
    bridge = check_flag("bridging", bridging)
    burden = c.burden * (BRIDGING_FACTOR if bridge else 1.0)

    product, why_not = _product(kind, c)
    # Notebook 02: the target is a surface protein; normal MHC class I; a TCR against a peptide of it would need the
    # patient's HLA type (only HLA-A*02-restricted TCRs are in the course's data); TIL and TCR-T see no peptide of
    # this target here (no TCR against it is in the data), so their peptide-MHC copies are 0.
    seen = recognition("surface", c.hla_a02, 1.0, c.tumour_median, 0.0, STRESS)
    tumour_seen = seen.fractions[kind]
    if kind == "TCR-T" and not c.hla_a02:
        why_not = f"{why_not}; and the patient lacks HLA-A*02" if why_not else "the patient lacks HLA-A*02"

    journey = next(t for t in journey_trials() if t.short == c.trial)
    infused = journey.infused / journey.enrolled
    price = next(p.price for p in product_prices() if p.product == c.product and p.indication == c.indication
                 and p.country == "US" and p.kind == "list price at launch")
    care = next(k for k in care_costs() if k.item == "care in the 3 months after infusion").middle

    response = severe = response_enrolled = cost_enrolled = cost_responder = None
    window = curves = None
    if kind == "CAR-T" and product:
        doses = np.unique(np.append(np.geomspace(*DOSE_RANGE, 201), x))
        curves = window_curves(doses, kd_m=kd, healthy_median=c.healthy_median, burden=burden,
                               required_response=REQUIRED_RESPONSE, accepted_severe=c.accepted_severe,
                               tumour_median=c.tumour_median)
        i = int(np.searchsorted(doses, x))
        response, severe = float(curves.response[i]), float(curves.severe_crs[i])
        window = curves.window
        response_enrolled = intention_to_treat(response, infused)
        cost_enrolled = cost_per_enrolled(price, infused, infusion=care).total
        cost_responder = cost_per_responder(cost_enrolled, infused, response)
    return TherapyReport(c, kind, kd, x, bridge, burden, product, why_not, tumour_seen, seen.reasons[kind],
                         infused, response, severe, response_enrolled, window, price, cost_enrolled, cost_responder,
                         curves)
