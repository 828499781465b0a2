"""Explorers for cost and complexity (notebook 07): where a therapy sits on the cost-effectiveness plane, and
how its price and its share of long-term survivors move it against payers' willingness-to-pay lines."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from helpers.data import cost_effectiveness, product_prices
from helpers.explorers.base import Explorer, Scene
from helpers.figures.style import OKABE_ITO, ROLE, legend_above
from helpers.models.economics import (CeaAnchor, cost_per_enrolled, cost_per_responder, price_at_threshold,
                                      scaled_increment)

#: Willingness-to-pay thresholds drawn as lines (US$ per QALY), as used by Lin et al. (2018) J Clin Oncol
#: 36:3192-3202 ($100,000 and $150,000 per QALY).
THRESHOLDS = (100_000.0, 150_000.0)
#: The list price of tisagenlecleucel for B-ALL at launch, US$ (Whittington et al. 2018, abstract; the first row
#: of data/product_prices.csv).
LIST_PRICE = next(p.price for p in product_prices() if p.product == "tisagenlecleucel" and p.country == "US"
                  and p.kind == "list price at launch" and p.indication.startswith("B-cell ALL"))
#: Long-term survivors in Whittington et al. (2018): "more than 40 %" with tisagenlecleucel (abstract) and 10 %
#: with clofarabine (read only in a secondary report of the paper, DocWire News, 12 October 2018).
TISA_LONG_TERM, CLOFARABINE_LONG_TERM = 0.40, 0.10


def whittington_anchor() -> CeaAnchor:
    """Whittington 2018's base case (data/cost_effectiveness.csv) with its long-term-survivor shares."""
    row = next(r for r in cost_effectiveness() if r.analysis == "Whittington 2018")
    assert row.incremental_cost is not None and row.incremental_qaly is not None
    return CeaAnchor(LIST_PRICE, row.incremental_cost, row.incremental_qaly, TISA_LONG_TERM, CLOFARABINE_LONG_TERM)


@dataclass(frozen=True)
class PlaneState:
    price: float  # US$
    long_term_share: float  # fraction
    delta_cost: float  # US$
    delta_qaly: float
    icer: float | None  # US$ per QALY; None when no QALYs are gained
    prices_at_thresholds: tuple[float | None, ...]  # US$, one per threshold; None when no QALYs are gained


class CostEffectivenessExplorer(Explorer[PlaneState]):
    """Tisagenlecleucel against clofarabine in children and young adults with B-ALL on the cost-effectiveness
    plane: extra cost against extra QALYs, with the willingness-to-pay lines, scaled from Whittington et al.
    (2018) to another price and another share of long-term survivors."""

    title = "Is it worth its price? The cost-effectiveness plane"
    figsize = (9.5, 4.8)

    def make_controls(self) -> dict[str, widgets.ValueWidget]:
        return {
            "price": widgets.IntSlider(value=int(LIST_PRICE), min=0, max=1_000_000, step=5_000,
                                       description="Price (US$)",
                                       tooltip="Price of one infusion; the list price at launch was $475,000"),
            "long_term_share": widgets.FloatSlider(value=TISA_LONG_TERM, min=0.05, max=0.60, step=0.01,
                                                   readout_format=".0%", description="Long-term survivors",
                                                   tooltip="Share of patients who become long-term survivors "
                                                           "with tisagenlecleucel (10 % with clofarabine)"),
        }

    def compute(self, **v: Any) -> PlaneState:
        anchor = whittington_anchor()
        price, share = float(v["price"]), float(v["long_term_share"])
        delta_cost, delta_qaly = scaled_increment(anchor, price, share)
        icer = delta_cost / delta_qaly if delta_qaly > 1e-9 else None
        gains = share > anchor.comparator_long_term_share
        prices = tuple(price_at_threshold(anchor, share, w) if gains else None for w in THRESHOLDS)
        return PlaneState(price, share, delta_cost, delta_qaly, icer, prices)

    def build(self, fig: Figure) -> Scene:
        ax = fig.add_axes((0.13, 0.13, 0.60, 0.68))
        x = np.array([-3.0, 15.0])
        ax.set_xlim(*x)
        ax.set_ylim(-200, 1_200)
        ax.axhline(0, color="black", lw=0.8)
        ax.axvline(0, color="black", lw=0.8)
        ax.set_xlabel("QALYs gained per patient")
        ax.set_ylabel("extra cost per patient (US$ thousands)")
        styles = ("--", ":")
        lines = [ax.plot(x, w * x / 1e3, color=OKABE_ITO["bluish_green"], ls=ls, lw=2,
                         label=f"${w / 1e3:.0f},000 per QALY")[0] for w, ls in zip(THRESHOLDS, styles)]
        anchor = whittington_anchor()
        published = ax.plot([anchor.incremental_qaly], [anchor.incremental_cost / 1e3], "s", ms=10, mfc="none",
                            mec=OKABE_ITO["orange"], mew=2, label="Whittington 2018 (published)")[0]
        ray = ax.plot([0, 0], [0, 0], color=ROLE["therapy"], lw=1.5, alpha=0.6, animated=True)[0]
        point = ax.plot([0], [0], "o", ms=11, color=ROLE["therapy"], label="this price and survival",
                        animated=True)[0]
        legend_above(ax, handles=[point, published, *lines], ncol=2, fontsize=11)
        fig.text(0.75, 0.78, "Below a line:\nworth it at that\nprice per QALY", fontsize=11, va="top")
        fig.text(0.75, 0.40, "Left of zero:\nno QALYs gained", fontsize=11, va="top")
        return Scene({"point": point, "ray": ray}, [ray, point])

    def draw(self, scene: Scene, state: PlaneState) -> None:
        q, c = state.delta_qaly, state.delta_cost / 1e3
        scene["point"].set_data([q], [c])
        scene["ray"].set_data([0, q], [0, c])

    def readout(self) -> str:
        s = self.state
        ratio = ("no QALYs gained" if s.icer is None else "cheaper and better" if s.delta_cost <= 0 else
                 f"<b>${s.icer:,.0f} per QALY</b>")
        target = s.prices_at_thresholds[0]
        price = ("no price" if target is None or target < 0 else f"${target:,.0f}")
        cost = f"${s.delta_cost:,.0f}" if s.delta_cost >= 0 else f"−${-s.delta_cost:,.0f}"
        return (f"Extra cost {cost} · QALYs gained {s.delta_qaly:.1f} · {ratio} · price that gives "
                f"$100,000 per QALY: {price}")

    def summary(self) -> str:
        s = self.state
        if s.icer is None:
            where = "gains no QALYs: with no more long-term survivors than clofarabine, nothing is bought"
        elif s.delta_cost <= 0:
            where = "is cheaper and better (it dominates clofarabine)"
        else:
            where = f"costs ${s.icer:,.0f} per QALY gained, " + (
                "below both threshold lines" if s.icer <= THRESHOLDS[0] else
                "between the $100,000 and $150,000 lines" if s.icer <= THRESHOLDS[1] else "above both lines")
        change = f"adds ${s.delta_cost:,.0f}" if s.delta_cost >= 0 else f"saves ${-s.delta_cost:,.0f}"
        return (f"At a price of ${s.price:,.0f} and {100 * s.long_term_share:.0f} % long-term survivors, "
                f"tisagenlecleucel against clofarabine {change} and changes QALYs by {s.delta_qaly:+.1f} per "
                f"patient: it {where}. Whittington et al. (2018) published $329,498 and 7.18 QALYs.")


def cost_effectiveness_plane(predict: bool = False, **initial: Any) -> CostEffectivenessExplorer:
    """The cost-effectiveness explorer of notebook 07 (see :class:`CostEffectivenessExplorer`)."""
    return CostEffectivenessExplorer.create(predict, **initial)


@dataclass(frozen=True)
class CostCase:
    """One trial's numbers for the cost-per-responder explorer, all read from the course's data files."""

    label: str
    trial: str
    list_price: float  # US$, data/product_prices.csv
    price_source: str
    enrolled: int  # data/act_journey.csv
    infused: int
    response: float  # share of infused patients, data/clinical_trials.csv (primary analysis)
    durable: float | None  # share of infused (treated) patients still in remission, data/durable_response.csv
    durable_measure: str

    @property
    def infused_share(self) -> float:
        return self.infused / self.enrolled


#: The trials the explorer offers: label -> (trial short name in data/act_journey.csv, the row of
#: data/clinical_trials.csv read for the response rate, product, indication as in data/product_prices.csv).
CASES = {
    "ELIANA · tisa-cel · B-cell ALL": ("ELIANA", "ELIANA (2018)", "tisagenlecleucel", "B-cell ALL (patients up to 25 years)"),
    "ZUMA-1 · axi-cel · large B-cell lymphoma": ("ZUMA-1", "ZUMA-1 (2017)", "axicabtagene ciloleucel",
                                                 "large B-cell lymphoma"),
    "KarMMa · ide-cel · myeloma": ("KarMMa", "KarMMa (2021)", "idecabtagene vicleucel", "multiple myeloma"),
}


def cost_case(label: str) -> CostCase:
    """The numbers of one of :data:`CASES`, read from the data files (the US price at launch)."""
    from helpers.data import durable_responses, journey_trials, product_prices, trial_results

    short, result_label, product, indication = CASES[label]
    price = next(p for p in product_prices() if p.product == product and p.indication == indication
                 and p.country == "US" and p.kind == "list price at launch")
    journey_row = next(t for t in journey_trials() if t.short == short)
    result = next(r for r in trial_results() if r.label == result_label)
    durable = next((d for d in durable_responses() if d.trial == short), None)
    assert result.orr_pct is not None
    return CostCase(label, short, price.price, f"{price.brand} list price at launch ({price.year})",
                    journey_row.enrolled, journey_row.infused, result.orr_pct / 100.0,
                    None if durable is None else durable.share_pct / 100.0,
                    "" if durable is None else f"{durable.measure} ({durable.months:g} months)")


def default_care_cost() -> float:
    """The midpoint of the published three-month post-infusion care cost (data/care_costs.csv, first row)."""
    from helpers.data import care_costs

    return next(c for c in care_costs() if c.item == "care in the 3 months after infusion").middle


@dataclass(frozen=True)
class ResponderCostState:
    case: CostCase
    price: float  # US$
    care: float  # US$ per infused patient
    infused_share: float
    per_treated: float  # US$
    per_enrolled: float  # US$
    per_responder: float  # US$
    per_durable: float | None  # US$; None where no durable share is published
    responders_per_100: float
    durable_per_100: float | None


class ResponderCostExplorer(Explorer[ResponderCostState]):
    """What one response, and one lasting remission, costs: the price and the care of every infused patient,
    divided by the patients who respond (or stay in remission); and, out of 100 enrolled patients, how many that is."""

    title = "The price tag and the cost of a remission"
    figsize = (11.0, 4.6)
    x_max = 2_500.0  # US$ thousands shown on the cost axis

    ROWS = (("tag", "price tag"), ("treated", "per patient\ntreated"), ("responder", "per responder"),
            ("durable", "per patient still\nin remission"))

    def make_controls(self) -> dict[str, widgets.ValueWidget]:
        options = [(f"{label} (list price ${cost_case(label).list_price:,.0f})", label) for label in CASES]
        return {
            "case": widgets.Dropdown(options=options, value=next(iter(CASES)), description="Trial",
                                     tooltip="Response and remission rates, and the share infused, from this trial"),
            "price_pct": widgets.IntSlider(value=100, min=0, max=200, step=5, description="Price (% of list)",
                                           tooltip="Price of one infusion, paid for each infused patient, as a share "
                                                   "of the product's US list price at launch"),
            "care": widgets.IntSlider(value=int(round(default_care_cost())), min=0, max=250_000, step=1_000,
                                      description="Care after infusion (US$)",
                                      tooltip="Hospital care in the 3 months after the infusion, CRS included "
                                              "(published: $57,000-59,000 in large B-cell lymphoma)"),
            "extra_lost": widgets.IntSlider(value=0, min=0, max=40, step=1, description="Extra lost before infusion (%)",
                                            tooltip="Enrolled patients lost before the infusion (manufacturing failure, "
                                                    "or too ill while waiting) on top of those the trial lost"),
        }

    def compute(self, **v: Any) -> ResponderCostState:
        case = cost_case(str(v["case"]))
        price, care = case.list_price * float(v["price_pct"]) / 100.0, float(v["care"])
        share = max(case.infused_share - float(v["extra_lost"]) / 100.0, 0.01)
        per_enrolled = cost_per_enrolled(price, share, infusion=care).total
        per_responder = cost_per_responder(per_enrolled, share, case.response)
        per_durable = None if case.durable is None else cost_per_responder(per_enrolled, share, case.durable)
        return ResponderCostState(case, price, care, share, price + care, per_enrolled, per_responder, per_durable,
                                  100.0 * share * case.response,
                                  None if case.durable is None else 100.0 * share * case.durable)

    def build(self, fig: Figure) -> Scene:
        ax = fig.add_axes((0.20, 0.14, 0.46, 0.66))
        ax_n = fig.add_axes((0.76, 0.14, 0.23, 0.66))
        y = np.arange(len(self.ROWS))[::-1].astype(float)
        ax.set_yticks(y, [label for _, label in self.ROWS], fontsize=11)
        ax.set_xlim(0, self.x_max)
        ax.set_ylim(-0.6, len(y) - 0.4)
        ax.set_xlabel("US$ thousands")
        ax.grid(axis="y", visible=False)
        product = ax.barh(y, np.zeros(len(y)), height=0.6, color=ROLE["therapy"], animated=True)
        care = ax.barh(y, np.zeros(len(y)), height=0.6, color=OKABE_ITO["sky_blue"], animated=True)
        labels = [ax.text(0, yy, "", va="center", fontsize=11, animated=True) for yy in y]
        legend_above(ax, handles=[product[0], care[0]], labels=["the product", "care after infusion"], ncol=2,
                     fontsize=11)
        groups = ("infused", "respond", "still in\nremission")
        x = np.arange(len(groups))
        ax_n.set_xticks(x, groups, fontsize=11)
        ax_n.set_ylim(0, 100)
        ax_n.set_xlim(-0.6, len(x) - 0.4)
        ax_n.set_ylabel("of 100 enrolled patients")
        ax_n.grid(axis="x", visible=False)
        counts = ax_n.bar(x, np.zeros(len(x)), width=0.6, color=[ROLE["neutral"], ROLE["therapy"], ROLE["healthy"]],
                          animated=True)
        # Text is slow to draw: the counts themselves are in the readout.
        return Scene({"product": list(product), "care": list(care), "labels": labels, "counts": list(counts)},
                     [*product, *care, *labels, *counts])

    def totals(self, state: ResponderCostState) -> dict[str, float | None]:
        """Each row's total, US$."""
        return {"tag": state.price, "treated": state.per_treated, "responder": state.per_responder,
                "durable": state.per_durable}

    def draw(self, scene: Scene, state: ResponderCostState) -> None:
        cap = self.x_max
        for i, (key, total) in enumerate(self.totals(state).items()):
            label = scene["labels"][i]
            if total is None:
                scene["product"][i].set_width(0.0)
                scene["care"][i].set_width(0.0)
                label.set_visible(True)
                label.set_x(0.02 * cap)
                label.set_horizontalalignment("left")
                label.set_color("black")
                label.set_text("no lasting share published")
                continue
            # The product's share of the row: the price tag is all product; other rows scale price : care.
            product_share = 1.0 if key == "tag" else (state.price / state.per_treated if state.per_treated > 0 else 0.0)
            width = min(total / 1e3, cap)
            scene["product"][i].set_width(width * product_share)
            scene["care"][i].set_x(width * product_share)
            scene["care"][i].set_width(width * (1.0 - product_share))
            # Text is slow to draw: the amounts are in the readout, and a label marks only a bar cut off by the axis.
            over = total / 1e3 > cap
            label.set_visible(over)
            if over:
                label.set_x(width * product_share - 0.02 * cap)
                label.set_horizontalalignment("right")
                label.set_color("white")
                label.set_text(f"→ ${total / 1e6:.2f} million")
        counts = (100.0 * state.infused_share, state.responders_per_100, state.durable_per_100)
        for bar, n in zip(scene["counts"], counts):
            bar.set_height(0.0 if n is None else n)

    def readout(self) -> str:
        s = self.state
        durable = "no lasting share published" if s.per_durable is None else f"<b>${s.per_durable:,.0f}</b>"
        lasting = "" if s.durable_per_100 is None else f", {s.durable_per_100:.0f} still in remission"
        return (f"Price tag ${s.price:,.0f} · per patient treated ${s.per_treated:,.0f} · per responder "
                f"<b>${s.per_responder:,.0f}</b> · per patient still in remission {durable}<br>"
                f"Of 100 enrolled: {100 * s.infused_share:.0f} infused, {s.responders_per_100:.0f} respond{lasting} "
                f"({s.case.trial}: response {100 * s.case.response:.0f} % of infused)")

    def summary(self) -> str:
        s = self.state
        durable = ("no share of lasting remissions is published for this trial" if s.per_durable is None else
                   f"${s.per_durable:,.0f} per patient still in remission ({s.case.durable_measure}: "
                   f"{100 * s.case.durable:.0f} % of infused patients)")
        return (f"{s.case.label}: at a price of ${s.price:,.0f} and ${s.care:,.0f} of care after infusion, each treated "
                f"patient costs ${s.per_treated:,.0f}; with {100 * s.case.response:.0f} % of infused patients responding "
                f"that is ${s.per_responder:,.0f} per responder, and {durable}. With {100 * s.infused_share:.0f} % of "
                f"enrolled patients infused, 100 enrolled patients give {s.responders_per_100:.0f} responders"
                + ("" if s.durable_per_100 is None else f" and {s.durable_per_100:.0f} still in remission") + ".")


def responder_costs(predict: bool = False, **initial: Any) -> ResponderCostExplorer:
    """The cost-per-responder explorer of notebook 07 (see :class:`ResponderCostExplorer`)."""
    return ResponderCostExplorer.create(predict, **initial)
