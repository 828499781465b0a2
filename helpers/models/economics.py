"""What a cell therapy costs, per patient, per responder, and per quality-adjusted life-year.

Three pieces of payer arithmetic, each a function of plain numbers (currency units are whatever the inputs
use; the course uses US dollars of a stated year):

**Cost per enrolled patient.** Everyone enrolled incurs the costs before infusion (collection, bridging);
only the share ``infused_share`` who reach infusion incur the product price (as in US list pricing, where the
product is billed when it is infused), lymphodepletion and the infusion stay, plus the expected cost of
managing cytokine release syndrome (CRS), a sum over grades of ``share of infused patients with that grade x
extra cost of that grade``::

    cost_per_enrolled = before + infused_share * (price + infusion + sum_g share_g * crs_cost_g)

**Cost per responder.** The same money divided by the responders it buys: ``infused_share x response_rate``
responders per enrolled patient. With a durable-response rate in place of the response rate, the cost per
durable responder. The price tag is not the cost of a cure: every patient who does not respond, or relapses,
is paid for too.

**Cost-effectiveness.** The incremental cost-effectiveness ratio of a therapy A against a comparator B::

    ICER = (cost_A - cost_B) / (QALY_A - QALY_B)

where a QALY is a year of life weighted by its quality (utility, 1 = full health). :func:`discounted_qalys`
turns a mixture-cure survival curve (:func:`helpers.models.clinical.cure_survival`, notebook 05) into
discounted QALYs over a time horizon::

    QALY = utility * integral_0^H S(t) (1 + discount)^(-t) dt        (t in years)

a teaching simplification of the published partitioned-survival models, which follow progression-free and
progressed states with their own utilities and costs.

Units: money in one currency throughout; rates and shares as fractions in [0, 1]; times in years unless a
name says months.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from helpers.checks import check_instance, check_int, check_number
from helpers.models.clinical import SCALE_BOUNDS, SHAPE_BOUNDS, cure_survival

#: Largest money amount any input may take (a billion currency units): keeps typos from passing silently.
MAX_MONEY = 1e9


@dataclass(frozen=True)
class CostBreakdown:
    """Expected costs per enrolled patient, by part (currency units)."""

    before_infusion: float
    product: float
    infusion: float
    crs: float

    @property
    def total(self) -> float:
        return self.before_infusion + self.product + self.infusion + self.crs


def _money(name: str, value: float) -> float:
    return check_number(name, value, 0.0, MAX_MONEY)


def _grades(name: str, value: object) -> dict[str, float]:
    """A mapping grade (str) -> number, or an error naming the parameter."""
    if value is None:
        return {}
    if not isinstance(value, Mapping) or not all(isinstance(k, str) for k in value):
        raise TypeError(f"{name} must map grade names (str) to numbers; got {type(value).__name__}")
    return {k: check_number(f"{name}[{k!r}]", v) for k, v in value.items()}


def cost_per_enrolled(price: float, infused_share: float, before_infusion: float = 0.0, infusion: float = 0.0,
                      crs_costs: Mapping[str, float] | None = None,
                      crs_shares: Mapping[str, float] | None = None) -> CostBreakdown:
    """Expected cost of one enrolled patient, by part.

    ``price`` (>= 0) of the product, paid for each infused patient; ``infused_share`` in [0, 1] of enrolled
    patients reach infusion; ``before_infusion`` (>= 0) paid for every enrolled patient; ``infusion`` (>= 0)
    per infused patient (lymphodepletion, the stay); ``crs_costs`` grade -> extra cost of managing CRS of that
    grade, and ``crs_shares`` grade -> share of infused patients with it (same keys; shares sum to at most 1)."""
    p = _money("price", price)
    f = check_number("infused_share", infused_share, 0.0, 1.0)
    b = _money("before_infusion", before_infusion)
    i = _money("infusion", infusion)
    costs, shares = _grades("crs_costs", crs_costs), _grades("crs_shares", crs_shares)
    if set(costs) != set(shares):
        raise ValueError(f"crs_costs and crs_shares must name the same grades; got {sorted(costs)} and {sorted(shares)}")
    for grade in costs:
        _money(f"crs_costs[{grade!r}]", costs[grade])
        check_number(f"crs_shares[{grade!r}]", shares[grade], 0.0, 1.0)
    if sum(shares.values()) > 1.0 + 1e-9:
        raise ValueError(f"crs_shares must sum to at most 1 (a share of infused patients); got {sum(shares.values()):g}")
    crs = sum(shares[g] * costs[g] for g in costs)
    return CostBreakdown(before_infusion=b, product=f * p, infusion=f * i, crs=f * crs)


def cost_per_responder(cost_per_enrolled_patient: float, infused_share: float, response_rate: float) -> float:
    """Money spent per responder: the cost of one enrolled patient over the responders per enrolled patient.

    ``response_rate`` in (0, 1] is a share of infused patients (a durable-response rate gives the cost per
    durable responder); ``infused_share`` in (0, 1]."""
    c = _money("cost_per_enrolled_patient", cost_per_enrolled_patient)
    f = check_number("infused_share", infused_share, 0.0, 1.0, low_open=True)
    r = check_number("response_rate", response_rate, 0.0, 1.0, low_open=True)
    return c / (f * r)


def icer(cost_a: float, qaly_a: float, cost_b: float, qaly_b: float) -> float:
    """Incremental cost-effectiveness ratio of A against B: extra cost per extra QALY.

    Costs in [0, 1e9]; QALYs in [0, 100]. A must gain QALYs (``qaly_a > qaly_b``): when it does not, the ratio
    means nothing (A is dominated or equal), and a ValueError says so."""
    ca, cb = _money("cost_a", cost_a), _money("cost_b", cost_b)
    qa = check_number("qaly_a", qaly_a, 0.0, 100.0)
    qb = check_number("qaly_b", qaly_b, 0.0, 100.0)
    if qa <= qb:
        raise ValueError(f"qaly_a must exceed qaly_b for an ICER to mean extra cost per QALY gained; got {qa:g} <= {qb:g}")
    return (ca - cb) / (qa - qb)


def net_monetary_benefit(delta_cost: float, delta_qaly: float, willingness_to_pay: float) -> float:
    """``willingness_to_pay x delta_qaly - delta_cost``: positive when the QALYs gained are worth their cost at
    that price per QALY. ``delta_cost`` in [-1e9, 1e9]; ``delta_qaly`` in [-100, 100]; ``willingness_to_pay``
    in [0, 1e7] per QALY."""
    dc = check_number("delta_cost", delta_cost, -MAX_MONEY, MAX_MONEY)
    dq = check_number("delta_qaly", delta_qaly, -100.0, 100.0)
    w = check_number("willingness_to_pay", willingness_to_pay, 0.0, 1e7)
    return w * dq - dc


def discounted_qalys(cure_fraction: float, scale_months: float, shape: float, utility: float = 1.0,
                     discount: float = 0.03, horizon_years: float = 40.0, steps_per_year: int = 12) -> float:
    """Discounted QALYs under a mixture-cure survival curve.

    ``utility * integral_0^H S(t) (1 + discount)^(-t) dt``, with ``S`` from
    :func:`helpers.models.clinical.cure_survival` (``cure_fraction`` in [0, 1], ``scale_months`` and ``shape``
    in its bounds); ``utility`` in [0, 1]; ``discount`` per year in [0, 0.2]; ``horizon_years`` in (0, 100];
    integrated by the trapezoid rule with ``steps_per_year`` in [1, 365] steps a year.

    Limits: a cure fraction of 1 with no discounting gives ``utility * H``; with discounting, the annuity
    ``utility * (1 - (1 + d)^-H) / ln(1 + d)``. Cured patients here live to the horizon: a simplification (the
    published models give them the general population's mortality)."""
    pi = check_number("cure_fraction", cure_fraction, 0.0, 1.0)
    scale = check_number("scale_months", scale_months, *SCALE_BOUNDS)
    k = check_number("shape", shape, *SHAPE_BOUNDS)
    u = check_number("utility", utility, 0.0, 1.0)
    d = check_number("discount", discount, 0.0, 0.2)
    h = check_number("horizon_years", horizon_years, 0.0, 100.0, low_open=True)
    steps = check_int("steps_per_year", steps_per_year, 1, 365)
    t = np.linspace(0.0, h, max(int(round(h * steps)), 1) + 1)
    s = cure_survival(12.0 * t, pi, scale, k)
    y = s * (1.0 + d) ** (-t)
    return float(u * np.sum((y[1:] + y[:-1]) * np.diff(t)) / 2.0)


@dataclass(frozen=True)
class CeaAnchor:
    """A published cost-effectiveness result a teaching model is scaled from.

    ``price`` of the product in the analysis; ``incremental_cost`` and ``incremental_qaly`` of the therapy against
    its comparator; ``long_term_share`` and ``comparator_long_term_share``: the shares of patients who become
    long-term survivors in each arm, as the analysis reports them (fractions)."""

    price: float
    incremental_cost: float
    incremental_qaly: float
    long_term_share: float
    comparator_long_term_share: float

    def __post_init__(self) -> None:
        _money("price", self.price)
        check_number("incremental_cost", self.incremental_cost, -MAX_MONEY, MAX_MONEY)
        check_number("incremental_qaly", self.incremental_qaly, 0.0, 100.0, low_open=True)
        check_number("long_term_share", self.long_term_share, 0.0, 1.0)
        check_number("comparator_long_term_share", self.comparator_long_term_share, 0.0, 1.0)
        if self.long_term_share <= self.comparator_long_term_share:
            raise ValueError("long_term_share must exceed comparator_long_term_share for the QALYs gained to come "
                             f"from extra long-term survivors; got {self.long_term_share:g} <= "
                             f"{self.comparator_long_term_share:g}")

    @property
    def qalys_per_survivor(self) -> float:
        """Discounted QALYs one extra long-term survivor brings, implied by the anchor."""
        return self.incremental_qaly / (self.long_term_share - self.comparator_long_term_share)


def scaled_increment(anchor: CeaAnchor, price: float, long_term_share: float) -> tuple[float, float]:
    """Incremental cost and QALYs at another ``price`` (in [0, 1e9]) and another share of long-term survivors
    (``long_term_share`` in [0, 1]), scaled from ``anchor``: every extra long-term survivor brings
    ``anchor.qalys_per_survivor``, and costs other than the price stay as in the anchor. A teaching
    simplification: the published models also change the uncured patients' time alive and the costs of relapse."""
    check_instance("anchor", anchor, CeaAnchor)
    p = _money("price", price)
    share = check_number("long_term_share", long_term_share, 0.0, 1.0)
    delta_cost = anchor.incremental_cost + (p - anchor.price)
    delta_qaly = (share - anchor.comparator_long_term_share) * anchor.qalys_per_survivor
    return delta_cost, delta_qaly


def price_at_threshold(anchor: CeaAnchor, long_term_share: float, willingness_to_pay: float) -> float:
    """The price at which :func:`scaled_increment` gives an ICER equal to ``willingness_to_pay`` (in (0, 1e7] per
    QALY); ``long_term_share`` in (``anchor.comparator_long_term_share``, 1]: with no QALYs gained no price buys
    any. Negative when even a free product costs more than that per QALY (the other costs alone are too high)."""
    check_instance("anchor", anchor, CeaAnchor)
    share = check_number("long_term_share", long_term_share, anchor.comparator_long_term_share, 1.0, low_open=True)
    w = check_number("willingness_to_pay", willingness_to_pay, 0.0, 1e7, low_open=True)
    other_costs = anchor.incremental_cost - anchor.price
    return w * (share - anchor.comparator_long_term_share) * anchor.qalys_per_survivor - other_costs
