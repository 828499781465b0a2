"""Explorers for cost and complexity (notebook 07): where a therapy sits on the cost-effectiveness plane, and
how its price and its share of long-term survivors move it against payers' willingness-to-pay lines."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from helpers.data import cost_effectiveness
from helpers.explorers.base import Explorer, Scene
from helpers.figures.style import OKABE_ITO, ROLE, legend_above
from helpers.models.economics import CeaAnchor, price_at_threshold, scaled_increment

#: Willingness-to-pay thresholds drawn as lines (US$ per QALY), as used by Lin et al. (2018) J Clin Oncol
#: 36:3192-3202 ($100,000 and $150,000 per QALY).
THRESHOLDS = (100_000.0, 150_000.0)
#: The list price of tisagenlecleucel for B-ALL at launch, US$ (Whittington et al. 2018, abstract).
LIST_PRICE = 475_000.0
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
                "below both willingness-to-pay lines" if s.icer <= THRESHOLDS[0] else
                "between the $100,000 and $150,000 lines" if s.icer <= THRESHOLDS[1] else "above both lines")
        change = f"adds ${s.delta_cost:,.0f}" if s.delta_cost >= 0 else f"saves ${-s.delta_cost:,.0f}"
        return (f"At a price of ${s.price:,.0f} and {100 * s.long_term_share:.0f} % long-term survivors, "
                f"tisagenlecleucel against clofarabine {change} and changes QALYs by {s.delta_qaly:+.1f} per "
                f"patient: it {where}. Whittington et al. (2018) published $329,498 and 7.18 QALYs.")


def cost_effectiveness_plane(predict: bool = False, **initial: Any) -> CostEffectivenessExplorer:
    """The cost-effectiveness explorer of notebook 07 (see :class:`CostEffectivenessExplorer`)."""
    return CostEffectivenessExplorer.create(predict, **initial)
