"""The "predict, then reveal" questions of each explorer's Try-it (kept here, like the quiz answers, so
that they are not on the learner's screen).

Each function returns the :class:`~helpers.explorers.base.Prediction` objects of one explorer, in the order
of its Try-it's numbered tasks; :data:`PREDICTIONS` maps the explorer's class name to that function, and
``factory(predict=True)`` asks them. Answers are computed from the explorer's state at the prediction's
settings (never typed in), so they cannot drift from the models; ``tests/test_claims.py`` checks that the
notebooks' keys state the same numbers.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from helpers.data import dose_targets
from helpers.explorers.base import Prediction
from helpers.explorers.toxicity import NOT_GIVEN
from helpers.models.journey import fraction_infused, hazard_from_median
from helpers.models.manufacturing import days_to_reach
from helpers.models.killing import specific_lysis
from helpers.models.recognition import half_max_density, lognormal_mean_response
from helpers.models.spatial import TUMOUR, SpatialParams, simulate
from helpers.models.toxicity import (
    CONSCIOUSNESS,
    HYPOTENSION,
    HYPOXIA,
    SEIZURE,
    TUMOUR_FLOOR,
    simulate_crs,
    window_curves,
)
from helpers.text import sci

#: The TIL product whose dose notebook 00's Try-it uses.
_TIL = next(t for t in dose_targets() if t.key.startswith("lifileucel"))


def expansion() -> list[Prediction]:
    """Notebook 00: how long a culture needs to reach the lowest lifileucel dose."""
    start = {"start_cells": 1e7, "doubling_time_h": 24.0, "target": _TIL.key}
    hide = ("reached", "future")

    def ratio_option(state: object) -> str:
        ratio = days_to_reach(1e7, 48.0, _TIL.low_cells) / days_to_reach(1e7, 24.0, _TIL.low_cells)
        return ("about the same number of days" if ratio < 1.25 else
                "a few more days" if ratio < 1.6 else "about twice as many days" if ratio < 2.5 else
                "about four times as many days")

    return [
        Prediction(
            f"Cells double every 24 hours from 10⁷. On which day does the culture first reach the lowest "
            f"lifileucel dose ({sci(_TIL.low_cells)} cells)?",
            answer=lambda s: s.day_reached, unit="days", rel_tol=0.1,
            settings={**start, "day": 0}, show={"day": 10}, hide=hide,
            explain="750-fold is log₂ 750 ≈ 9.6 doublings: one a day."),
        Prediction(
            "Now the cells double every 48 hours instead of 24. Compared with before, the culture needs …",
            answer=ratio_option,
            options=("a few more days", "about twice as many days", "about four times as many days"),
            settings={**start, "doubling_time_h": 48.0, "day": 0}, show={"day": 20}, hide=hide,
            explain="The number of doublings is the same; each takes twice as long."),
        Prediction(
            "Back to 24-hour doubling, but starting with ten times more cells (10⁸). How many days sooner is "
            "the dose reached?",
            answer=lambda s: days_to_reach(1e7, 24.0, _TIL.low_cells) - s.day_reached, unit="days", rel_tol=0.1,
            settings={**start, "start_cells": 1e8, "day": 0}, show={"day": 7}, hide=hide,
            explain="Ten-fold is only log₂ 10 ≈ 3.3 doublings."),
    ]


# --------------------------------------------------------------------------------------------------
# Notebook 01: the ACT journey
def release() -> list[Prediction]:
    """Notebook 01: when a CAR-T product is ready to ship, and what a better transduction buys."""
    start = {"start_cells": 1e7, "doubling_time_h": 67.0, "transduced_pct": 17.0, "release_days": 14,
             "target": "tisagenlecleucel | DLBCL (adults)", "day": 0}
    hide = ("reached", "future", "release", "ready")
    low = next(t for t in dose_targets() if t.key == start["target"]).low_cells
    # Cells are harvested on whole days: the first day the culture holds the lowest dose.
    harvest = math.ceil(days_to_reach(1e7 * 0.17, 67.0, low))
    harvest_better = math.ceil(days_to_reach(1e7 * 0.34, 67.0, low))

    def sooner(s: Any) -> str:
        gain = days_to_reach(1e7 * 0.17, 67.0, low) - s.expansion.day_reached
        return ("about 1 day" if gain < 2 else "about 3 days" if gain < 5 else "about 7 days" if gain < 10 else
                "about 14 days")

    return [
        Prediction(
            "The culture starts with 10⁷ T cells, 17 % of them CAR-positive, doubling every 67 hours. The cells are "
            "harvested on the first whole day they hold the lowest Kymriah dose for lymphoma (6 × 10⁷ CAR-positive "
            "cells), then tested for 14 days. On which day after the culture started is the product ready to ship?",
            answer=lambda s: math.ceil(s.expansion.day_reached) + s.release_days, unit="days", rel_tol=0.1,
            settings=start, show={"day": harvest}, hide=hide,
            explain="1.7 × 10⁶ CAR-positive cells need log₂(35) ≈ 5.1 doublings of 67 hours: about 14.4 days, so "
                    "the harvest is on day 15, then 14 days of testing."),
        Prediction(
            "A better gene transfer makes 34 % of the cells CAR-positive instead of 17 %. How much sooner is the dose "
            "reached?",
            answer=sooner, options=("about 1 day", "about 3 days", "about 7 days", "about 14 days"),
            settings={**start, "transduced_pct": 34.0}, show={"day": harvest_better}, hide=hide,
            explain="Twice as many CAR-positive cells at the start save exactly one doubling time (67 hours); the "
                    f"harvest moves to day {harvest_better}."),
    ]


def _lost(wait: float, median: float = 6.3) -> float:
    return 1.0 - float(fraction_infused(wait, hazard_from_median(median)))


def vein_to_vein() -> list[Prediction]:
    """Notebook 01: the share lost while waiting, re-manufacture, and bridging against a shorter wait."""
    base = {"median_months": 6.3, "failure_pct": 0.0, "remanufacture": False, "bridging_hr": 1.0}
    hide = ("outcomes", "model")

    def tripled(s: Any) -> str:
        ratio = _lost(54.0) / _lost(18.0)
        return ("it stays about the same" if ratio < 1.3 else "it roughly doubles" if ratio < 2.4 else
                "it roughly triples" if ratio < 4.5 else "it rises about ten-fold")

    def remade(s: Any) -> str:
        h = hazard_from_median(6.3)
        gain = 100 * float(fraction_infused(30.0, h, 0.1, True) - fraction_infused(30.0, h, 0.1, False))
        return ("none" if gain < 0.5 else "about 1 point" if gain < 3 else "about 7 points" if gain < 8.5 else
                "about 10 points: all the failures")

    def bridging_or_wait(s: Any) -> str:
        h = hazard_from_median(6.3)
        bridged = float(fraction_infused(54.0, h, bridging_hr=0.5))
        faster = float(fraction_infused(27.0, h))
        if abs(bridged - faster) < 1e-9:
            return "exactly the same"
        return "bridging" if bridged > faster else "the shorter wait"

    return [
        Prediction(
            "Patients with a median survival of 6.3 months (SCHOLAR-1 overall survival) wait 18 days for their cells. "
            "If the wait were three times as long (54 days), what happens to the share lost to the disease before "
            "infusion?",
            answer=tripled, options=("it roughly doubles", "it roughly triples", "it stays about the same",
                                     "it rises about ten-fold"),
            settings={**base, "wait_days": 54}, hide=hide,
            explain="While few are lost, the loss grows in proportion to the wait (hazard × days)."),
        Prediction(
            "Now the wait is 30 days and 10 % of manufacturing runs fail. If every failed patient gets one "
            "re-manufacture (another 30 days), by how much does the share infused rise?",
            answer=remade, options=("none", "about 10 points: all the failures", "about 1 point", "about 7 points"),
            settings={**base, "wait_days": 30, "failure_pct": 10.0, "remanufacture": True}, hide=hide,
            explain="Of the 10 % who fail, 90 % succeed the second time, but some are lost during the extra month."),
        Prediction(
            "At a 54-day wait, which gets more patients to infusion: bridging therapy that halves the hazard, or "
            "making the cells in half the time (27 days) with no bridging?",
            answer=bridging_or_wait, options=("exactly the same", "bridging", "the shorter wait", "neither helps"),
            settings={**base, "wait_days": 54, "bridging_hr": 0.5}, hide=hide,
            explain="In this model only hazard × wait matters: 0.5 × 54 days = 27 days."),
    ]


# --------------------------------------------------------------------------------------------------
# Notebook 02: types of ACT
_SEE_OPTIONS: dict[str, tuple[str, ...]] = {
    "TIL and TCR-T": ("TIL", "TCR-T"),
    "CAR-T and CAR-NK": ("CAR-T", "CAR-NK"),
    "all five": ("TIL", "TCR-T", "CAR-T", "NK", "CAR-NK"),
    "NK only": ("NK",),
    "CAR-T, NK and CAR-NK": ("CAR-T", "NK", "CAR-NK"),
    "none of them": (),
}


def _who_sees(*offered: str) -> Callable[[Any], str]:
    def answer(s: Any) -> str:
        seen = set(s.result.recognised(0.5))
        return next((o for o in offered if set(_SEE_OPTIONS[o]) == seen), "none of these")

    return answer


def who_sees() -> list[Prediction]:
    """Notebook 02: an intracellular antigen, MHC loss, the wrong HLA type, and missing self without stress."""
    base = {"hla_match": True, "mhc_pct": 100, "surface_density": 2e4, "pmhc_copies": 10**1.5, "stress_pct": 20}
    hide = ("bars",)
    first = ("CAR-T and CAR-NK", "all five", "TIL and TCR-T", "NK only")
    second = ("TIL and TCR-T", "none of them", "all five", "CAR-T, NK and CAR-NK")

    def lost_with_hla(s: Any) -> str:
        return "only TCR-T" if s.result.fractions["TCR-T"] < 0.5 <= s.result.fractions["TIL"] else (
            "TCR-T and TIL" if max(s.result.fractions["TCR-T"], s.result.fractions["TIL"]) < 0.5 else "neither")

    return [
        Prediction("The target protein is inside the tumour cell (like MAGE-A4). The tumour has normal MHC class I, the "
                   "patient carries HLA-A*02 and stress ligands are low. Which cell types recognise most tumour cells?",
                   answer=_who_sees(*first), options=first, settings={**base, "location": "intracellular"}, hide=hide,
                   explain="Peptides of inside proteins are shown on HLA, which TCRs read; a CAR binds only what "
                           "is on the surface, and normal MHC class I keeps NK cells inhibited."),
        Prediction("Now the target is on the surface, but the tumour has lost MHC class I completely (for example by "
                   "losing β2-microglobulin). Which cell types still recognise most tumour cells?",
                   answer=_who_sees(*second), options=second, settings={**base, "location": "surface", "mhc_pct": 0},
                   hide=hide,
                   explain="No MHC class I, no peptide for a TCR; but a CAR binds the antigen itself, and the missing "
                           "self releases NK cells."),
        Prediction("Back to the intracellular target with normal MHC class I, but this patient does not carry "
                   "HLA-A*02. Which cell types lose recognition?",
                   answer=lost_with_hla, options=("TCR-T and TIL", "neither", "only TCR-T"),
                   settings={**base, "location": "intracellular", "hla_match": False}, hide=hide,
                   explain="The engineered TCR reads its peptide on HLA-A*02 only; TIL come from the patient and "
                           "read peptides on the patient's own HLA types."),
        Prediction("The target is on the surface and the tumour has lost MHC class I, but its cells carry no stress "
                   "ligands at all. What share of the tumour cells do the (unengineered) NK cells recognise?",
                   answer=_nk_share, options=("hardly any", "about half", "nearly all"),
                   settings={**base, "location": "surface", "mhc_pct": 0, "stress_pct": 0}, hide=hide,
                   explain="Missing self removes the brake, but NK cells still need an activating signal; CAR-NK "
                           "cells still recognise the cells through their CAR."),
    ]


def _nk_share(s: Any) -> str:
    nk = s.result.fractions["NK"]
    return "hardly any" if nk < 0.1 else ("nearly all" if nk > 0.9 else "about half")


def eligibility() -> list[Prediction]:
    """Notebook 02: where eligibility is lowest, and who gains from accepting more alleles."""
    hide = ("carriers", "eligible")
    lowest = ("European Caucasian", "African American", "Vietnamese", "Mexican or Chicano")
    gainers = ("Vietnamese", "Japanese", "African American", "European Caucasian")

    def lowest_of(s: Any) -> str:
        return min(lowest, key=s.eligible_of)

    def largest_gain(s: Any) -> str:
        from helpers.explorers.types import EligibilityExplorer

        narrow = EligibilityExplorer(antigen=s.antigen.antigen + " · " + s.antigen.tumour, alleles="a0201").state
        return max(gainers, key=lambda p: s.eligible_of(p) - narrow.eligible_of(p))

    return [
        Prediction("The TCR accepts only HLA-A*02:01 and 70 % of synovial sarcomas carry MAGE-A4. In which of these "
                   "populations is the share of eligible patients lowest?",
                   answer=lowest_of, options=lowest,
                   settings={"alleles": "a0201", "antigen": "MAGE-A4 · synovial sarcoma"}, hide=hide,
                   explain="HLA-A*02:01 is far rarer in some populations than in others."),
        Prediction("Now the product also accepts A*02:02, A*02:03 and A*02:06, as the Tecelra label does. Which of these "
                   "populations gains the most eligible patients?",
                   answer=largest_gain, options=gainers,
                   settings={"alleles": "tecelra", "antigen": "MAGE-A4 · synovial sarcoma"}, hide=hide,
                   explain="A*02:03 and A*02:06 are common in East and South-East Asian populations, A*02:02 in people of "
                           "African ancestry."),
    ]


# --------------------------------------------------------------------------------------------------
# Notebook 03: antigen recognition
def occupancy() -> list[Prediction]:
    """Notebook 03, binding: occupancy at K_D, and the ligand for 90 %."""
    points = ("point_a", "point_b")

    return [
        Prediction("The ligand is set to receptor A's K_D (1 nM). What percentage of receptor A is bound?",
                   answer=lambda s: 100 * s.now_a, unit="%", rel_tol=0.0, abs_tol=5.0,
                   settings={"kd_a_m": 1e-9, "ligand_m": 1e-9}, hide=points,
                   explain="At [L] = K_D, L/(L + K_D) = 1/2: that is what K_D means."),
        Prediction("How many times K_D must the ligand be for 90 % of receptor A to be bound?",
                   answer=lambda s: float(np.interp(0.9, s.bound_a, s.ligand)) / s.kd_a, unit="× K_D", rel_tol=0.1,
                   settings={"kd_a_m": 1e-9, "ligand_m": 1e-9}, show={"ligand_m": 9e-9}, hide=points,
                   explain="L/(L + K_D) = 0.9 when L = 9 K_D; from 10 % to 90 % takes an 81-fold change."),
    ]


def proofreading() -> list[Prediction]:
    """Notebook 03, kinetic proofreading: no steps, and the gain per step."""
    ratio = ("ratio_bars", "ratio_now")
    return [
        Prediction("Both ligands are bound equally often; only their off-rates differ (0.06 and 0.6 per second). With "
                   "no proofreading steps (N = 0), what is the foreign ÷ self signal ratio?",
                   answer=lambda s: float(s.ratios[0]), unit="", rel_tol=0.05,
                   settings={"n_steps": 0, "k_p": 0.3, "phi": 0.0}, hide=ratio + ("foreign", "self_"),
                   explain="Without proofreading, signal follows binding, and both ligands are bound equally "
                           "often here."),
        Prediction("Make the steps slow (k_p = 0.01 per second). By about what factor does the foreign ÷ self "
                   "ratio grow with each added step?",
                   answer=lambda s: float(s.ratios[1] / s.ratios[0]), unit="× per step", rel_tol=0.2,
                   settings={"k_p": 0.01, "n_steps": 3, "phi": 0.0}, hide=ratio,
                   explain="Each step multiplies it by (k_p + 0.6)/(k_p + 0.06), close to 0.6/0.06 = 10 when k_p "
                           "is small."),
    ]


def _weaker_binder(s: Any) -> str:
    """How a ten-times weaker binder changes the healthy cells hit and tumour cells killed (against K_D 10⁻⁸ M)."""
    from helpers.explorers.recognition import KD_HALF_M, RESPONSES

    n_star = RESPONSES["car_lysis"][1]
    before = {name: float(lognormal_mean_response(median, 0.8, half_max_density(n_star, 1e-8, KD_HALF_M)))
              for name, median in (("hit", 1e3), ("killed", 2e4))}
    hit_drop, kill_drop = before["hit"] - s.hit, before["killed"] - s.killed
    if hit_drop > 3 * kill_drop and hit_drop > 0.2:
        return "far fewer healthy cells are hit; tumour killing barely changes"
    return ("nothing changes: both kinds of cell carry the antigen" if hit_drop < 0.02 else
            "tumour killing and healthy cells hit both fall by about the same amount")


def density() -> list[Prediction]:
    """Notebook 03, antigen density: the CD19 case, lowering affinity, and a TCR's threshold."""
    def trade_off_shape(s: Any) -> str:
        gap = float(np.max(np.abs(s.roc_killed - s.roc_hit)))
        return "the diagonal: each tumour cell killed costs a healthy cell" if gap < 0.02 else \
            "a curve bowed towards the top left"

    return [
        Prediction("Healthy cells carry as much antigen as the tumour (both 2 × 10⁴ per cell, like CD19 on "
                   "leukaemic and healthy B cells). What shape does the trade-off curve take?",
                   answer=trade_off_shape,
                   options=("a curve bowed towards the top left",
                            "the diagonal: each tumour cell killed costs a healthy cell",
                            "a curve below the diagonal"),
                   settings={"tumour_median": 2e4, "healthy_median": 2e4, "kd_m": 1e-8, "spread": 0.8,
                             "response": "car_lysis"},
                   hide=("roc", "roc_now"),
                   explain="Identical antigen levels: no threshold can separate the two populations."),
        Prediction("Tumour cells carry about 2 × 10⁴ antigen molecules, healthy cells about 10³. The binder is made "
                   "ten times weaker (K_D from 10⁻⁸ to 10⁻⁷ M). What happens?",
                   answer=_weaker_binder,
                   options=("far fewer healthy cells are hit; tumour killing barely changes",
                            "tumour killing and healthy cells hit both fall by about the same amount",
                            "nothing changes: both kinds of cell carry the antigen"),
                   settings={"tumour_median": 2e4, "healthy_median": 1e3, "kd_m": 1e-7, "spread": 0.8,
                             "response": "car_lysis"},
                   hide=("response", "d50", "roc_now"),
                   explain=lambda s: f"The threshold rises above most healthy cells ({100 * s.hit:.0f} % still hit) "
                                     f"but stays below most tumour cells ({100 * s.killed:.0f} % killed)."),
        Prediction("Now a TCR reads the target (it kills with about 3 peptide–MHC per cell). Healthy cells present "
                   "only about 30 copies each. How many of them are hit?",
                   answer=lambda s: ("almost all of them" if s.hit > 0.9 else "almost none of them" if s.hit < 0.1
                                     else "about half of them"),
                   options=("almost none of them", "about half of them", "almost all of them"),
                   settings={"tumour_median": 2e4, "healthy_median": 30.0, "kd_m": 1e-8, "spread": 0.8,
                             "response": "tcr_lysis"},
                   hide=("response", "d50", "roc_now"),
                   explain=lambda s: f"{100 * s.hit:.0f} %: a threshold of a few molecules sees almost any cell that "
                                     "presents the peptide at all."),
    ]


# --------------------------------------------------------------------------------------------------
# Notebook 04: cytotoxic killing
def assay() -> list[Prediction]:
    """Notebook 04, killing assay: saturation with E:T, killing capacity, and the half-speed target number."""
    everything = ("time_curves", "time_marks", "ratio_curve", "ratio_marks")

    def more_effectors(s: Any) -> str:
        at3, at10 = s.at_values[3], s.at_values[4]
        return ("more than three times the 3:1 lysis" if at10 > 3 * at3 else
                "only a few percent more than at 3:1" if at10 - at3 < 10 else "about twice the 3:1 lysis")

    def slower_killing(s: Any) -> str:
        hours = np.linspace(0.0, 48.0, 961)
        half = {k: hours[np.argmax(specific_lysis(hours, 1e4, 1.0, k / 24, 1e4) >= 50)] for k in (4.0, 8.0)}
        ratio = half[4.0] / half[8.0]
        return ("the same lysis is reached about twice as late" if 1.6 < ratio < 2.5 else
                "it reaches only half the final lysis")

    return [
        Prediction("Compare E:T 3:1 with E:T 10:1 (over three times as many effectors) at 4 hours. The lysis at "
                   "10:1 is …",
                   answer=more_effectors,
                   options=("more than three times the 3:1 lysis", "about twice the 3:1 lysis",
                            "only a few percent more than at 3:1"),
                   settings={"kills_per_day": 8.0, "half_saturation": 1e4, "hour": 4.0}, hide=everything,
                   explain=lambda s: f"At 3:1 lysis is already {s.at_values[3]:.0f} %: there are hardly any targets "
                                     "left for the extra effectors to kill."),
        Prediction("Halve the killing capacity (8 → 4 kills per effector per day). What happens to the E:T 1:1 "
                   "curve?",
                   answer=slower_killing,
                   options=("the same lysis is reached about twice as late", "it reaches only half the final lysis",
                            "nothing changes"),
                   settings={"kills_per_day": 4.0, "half_saturation": 1e4, "hour": 4.0}, hide=everything,
                   explain="Time and capacity enter as a product: half the speed, twice the time."),
        Prediction("Finding targets is now slow: effectors work at half speed only when 10⁶ targets surround them, "
                   "and a well holds 10⁴. In 4 hours, E:T 1:1 kills …",
                   answer=lambda s: ("most of the targets" if s.at_values[2] > 60 else "about half of the targets"
                                     if s.at_values[2] > 30 else "only a small fraction of the targets"),
                   options=("most of the targets", "about half of the targets", "only a small fraction of the targets"),
                   settings={"kills_per_day": 8.0, "half_saturation": 1e6, "hour": 4.0}, hide=everything,
                   explain=lambda s: f"{s.at_values[2]:.0f} %: with targets scarce, each effector spends most of its "
                                     "time searching; killing is slow and proportional to effectors × targets."),
    ]


def carrgo() -> list[Prediction]:
    """Notebook 04, CARRGO: the level held, persistence and elimination."""
    everything = ("tumour", "car_t", "bystander", "eliminated", "trajectory", "start", "x_nullcline",
                  "y_nullcline", "equilibrium")
    default = {"dose": 1e7, "rho": 0.1, "kappa1": 1e-9, "kappa2": 1e-10, "theta": 0.1}

    outcome = {"controlled": "the tumour is held around x*", "eliminated": "the tumour is eliminated",
               "escaped": "the tumour escapes"}

    return [
        Prediction("With the starting settings (θ = 0.1 per day, κ₂ = 10⁻¹⁰), at what tumour size do the CAR-T "
                   "cells neither grow nor shrink?",
                   answer=lambda s: s.eq_tumour, unit="cells", rel_tol=0.1, settings=default, hide=everything,
                   explain="Below x* the CAR-T cells find too few targets to replace their losses; above it they "
                           "expand: the tumour is held around x*."),
        Prediction("CAR-T cells die ten times faster (θ = 1 per day). What tumour size can they now hold?",
                   answer=lambda s: s.eq_tumour, unit="cells", rel_tol=0.1, settings={**default, "theta": 1.0},
                   hide=everything, explain="x* = θ/κ₂ rises ten-fold: short-lived cells can only hold a larger "
                                            "tumour."),
        Prediction("Strong expansion (κ₂ = 10⁻⁹) and long-lived cells (θ = 0.05): x* = θ/κ₂ = 5 × 10⁷ cells, "
                   "below the carrying capacity. What happens within the year?",
                   answer=lambda s: outcome[s.outcome], options=tuple(outcome.values()),
                   settings={**default, "kappa2": 1e-9, "theta": 0.05}, hide=everything,
                   explain=lambda s: ("The first swing is so deep that the tumour falls below one cell, on day "
                                      f"{s.eliminated_day:.0f}: a coexistence point exists, but the run never "
                                      "settles there." if s.eliminated_day is not None else "")),
    ]


def spatial() -> list[Prediction]:
    """Notebook 04, spatial killing: where kills happen, exhaustion, and quality versus quantity."""
    def where(s: Any) -> str:
        frames = s.run.frames
        before, after = frames[:-1] == TUMOUR, frames[1:] == TUMOUR
        inner = before.copy()  # tumour cells whose four neighbours are all tumour cells
        inner[:, 1:, :] &= before[:, :-1, :]
        inner[:, :-1, :] &= before[:, 1:, :]
        inner[:, :, 1:] &= before[:, :, :-1]
        inner[:, :, :-1] &= before[:, :, 1:]
        inner[:, [0, -1], :] = False
        inner[:, :, [0, -1]] = False
        killed_inside = np.count_nonzero(inner & ~after)
        return "only at the tumour's edge" if killed_inside == 0 else "throughout the tumour"

    def versus(s: Any) -> str:
        many = simulate(SpatialParams(size=s.run.frames.shape[1], steps=s.run.frames.shape[0] - 1, t_cells=600,
                                      p_kill=0.3, max_kills=5, seed=s.seed))
        few, lots = int(s.run.tumour[-1]), int(many.tumour[-1])
        return "the 50 fully armed cells" if few < 0.8 * lots else (
            "the 600 default killers" if lots < 0.8 * few else "about the same")

    return [
        Prediction("Where do the T cells kill: only at the tumour's edge, or throughout it?",
                   answer=where, options=("only at the tumour's edge", "throughout the tumour"),
                   settings={"t_cells": 300, "p_kill": 0.3, "max_kills": 5}, show={"step": 150},
                   hide=("image",), explain="A T cell can only kill what it touches, and it cannot enter the mass."),
        Prediction("Each T cell is exhausted after a single kill. Compared with the start, the tumour at step 300 "
                   "is …",
                   answer=lambda s: ("larger than at the start" if s.run.tumour[-1] > s.run.tumour[0] else
                                     "cleared" if s.run.tumour[-1] == 0 else "smaller than at the start"),
                   options=("larger than at the start", "smaller than at the start", "cleared"),
                   settings={"t_cells": 300, "p_kill": 0.3, "max_kills": 1, "step": 300},
                   hide=("image", "tumour_curve"),
                   explain=lambda s: f"{int(s.run.kills[-1])} kills by 300 T cells: each stops after one, and the "
                                     "tumour keeps dividing."),
        Prediction("Quality or quantity? 50 T cells that kill every tumour cell they touch and last for 20 kills, or "
                   "600 default cells (kill chance 0.3, exhausted after 5 kills): which leaves fewer tumour cells "
                   "at step 300?",
                   answer=versus, options=("the 50 fully armed cells", "the 600 default killers", "about the same"),
                   settings={"t_cells": 50, "p_kill": 1.0, "max_kills": 20, "step": 300},
                   hide=("image", "tumour_curve", "t_curve", "kills_curve"),
                   explain="In this model, how well and how long each cell kills matters more than how many are given."),
    ]


# --------------------------------------------------------------------------------------------------
# Notebook 06: side effects
_GRADES = ("no CRS or ICANS (grade 0)", "grade 1", "grade 2", "grade 3", "grade 4")


def grading() -> list[Prediction]:
    """Notebook 06, ASTCT grading: the Try-it's bedside cases."""
    crs_hidden, icans_hidden = ("crs_bars", "crs_total"), ("icans_bars", "icans_total")
    calm = {"ice_score": 10, "consciousness": CONSCIOUSNESS.ALERT, "seizure": SEIZURE.NONE}
    fever = {"temperature_c": 38.9, "after_therapy": False, "hypotension": HYPOTENSION.ONE_VASOPRESSOR,
             "hypoxia": HYPOXIA.LOW_FLOW, **calm}

    def crs(s: Any) -> str:
        return _GRADES[s.crs.grade]

    def icans(s: Any) -> str:
        return _GRADES[s.icans.grade]

    return [
        Prediction("38.9 °C, blood pressure held up by one vasopressor, oxygen 2 L/min by nasal cannula. "
                   "CRS grade?", answer=crs, options=_GRADES, settings=fever, hide=crs_hidden,
                   explain=lambda s: s.crs.explain()),
        Prediction("The CRS has been treated (tocilizumab) and the temperature is now 37.2 °C; the blood pressure "
                   "still needs one vasopressor. CRS grade?", answer=crs, options=_GRADES,
                   settings={**fever, "temperature_c": 37.2, "after_therapy": True, "hypoxia": HYPOXIA.NONE},
                   hide=crs_hidden, explain=lambda s: s.crs.explain()),
        Prediction("ICE score 0 in a patient who is awake but cannot speak (global aphasia). ICANS grade?",
                   answer=icans, options=_GRADES, settings={**fever, "ice_score": 0}, hide=icans_hidden,
                   explain=lambda s: s.icans.explain()),
        Prediction("ICE score 0 because the patient cannot be roused. ICANS grade?", answer=icans, options=_GRADES,
                   settings={**fever, "ice_score": 0, "consciousness": CONSCIOUSNESS.UNAROUSABLE},
                   hide=icans_hidden, explain=lambda s: s.icans.explain()),
        Prediction("ICE score 3, awake, with a generalised seizure that stopped within a minute. ICANS grade?",
                   answer=icans, options=_GRADES,
                   settings={**fever, "ice_score": 3, "seizure": SEIZURE.RESOLVED}, hide=icans_hidden,
                   explain=lambda s: s.icans.explain()),
    ]


def crs_course() -> list[Prediction]:
    """Notebook 06, the CRS time course: a high-risk infusion and three interventions."""
    risky = {"dose": 3.0, "burden": 5.0, "tocilizumab": NOT_GIVEN, "steroids": NOT_GIVEN, "switch": NOT_GIVEN}

    def severe(s: Any) -> str:
        d = s.run.severe_days
        return ("it stays below the severe zone" if d == 0 else "it enters the severe zone for a few days" if d < 7
                else "it stays in the severe zone for more than a week")

    def serum(s: Any) -> str:
        untreated = simulate_crs(3.0, 5.0)
        day = s.run.days.searchsorted(3.0)
        ratio = s.run.il6[day] / untreated.il6[day]
        return "it rises above the untreated course" if ratio > 1.1 else (
            "it falls below the untreated course" if ratio < 0.9 else "it stays about the same")

    def peak(s: Any) -> str:
        ratio = s.run.car_t.max() / simulate_crs(3.0, 5.0).car_t.max()
        return "about half or less" if ratio < 0.6 else "higher" if ratio > 1.1 else "about the same"

    def tumour(s: Any) -> str:
        logs = s.run.tumour_log_reduction
        return "cleared" if s.run.tumour[-1] <= TUMOUR_FLOOR else (
            "reduced, but not cleared" if logs > 1 else "barely reduced, or growing again")

    return [
        Prediction("A high-risk infusion: tumour burden 5× and CAR-T dose 3× the reference. Without treatment, "
                   "IL-6 signalling …", answer=severe,
                   options=("it stays below the severe zone", "it enters the severe zone for a few days",
                            "it stays in the severe zone for more than a week"),
                   settings=risky, hide=("toxicity", "onset"),
                   explain=lambda s: f"More tumour and more cells mean more engagement: onset on day {s.run.onset_day:g} "
                                     f"and {s.run.severe_days:.1f} days in the severe zone."),
        Prediction("Same patient; tocilizumab (an IL-6 receptor blocker) on day 2. What does serum IL-6 do in the "
                   "following days, compared with no treatment?", answer=serum,
                   options=("it falls below the untreated course", "it stays about the same",
                            "it rises above the untreated course"),
                   settings={**risky, "tocilizumab": 2.0}, hide=("il6",),
                   explain="Blocking the receptor stops it consuming IL-6 (Nishimoto 2008), while the signal that "
                           "drives toxicity falls."),
        Prediction("Instead of tocilizumab, steroids from day 2. The CAR-T peak, compared with no treatment, is …",
                   answer=peak, options=("higher", "about the same", "about half or less"),
                   settings={**risky, "steroids": 2.0}, hide=("car_t",),
                   explain=lambda s: f"The cells stop expanding at about {s.run.car_t.max():.0f} times the reference "
                                     "dose, their level on day 2: steroids damp activation and kill T cells."),
        Prediction("Instead, the safety switch on day 2. By day 28 the tumour is …", answer=tumour,
                   options=("cleared", "reduced, but not cleared", "barely reduced, or growing again"),
                   settings={**risky, "switch": 2.0}, hide=("tumour",),
                   explain="The switch removes 90 % of the CAR-T cells in 30 minutes; the survivors have too few "
                           "divisions left to catch up with the tumour."),
    ]


def window() -> list[Prediction]:
    """Notebook 06b, the therapeutic window: burden, affinity, healthy antigen and tight limits."""
    base = {"dose": 1.0, "kd_m": 1e-8, "healthy_median": 1e2, "burden": 1.0, "required": 0.5, "accepted": 0.2}
    curves = ("response", "severe", "window", "dose_response", "dose_severe", "pareto", "pareto_mark", "front")

    def shape(s: Any) -> str:
        w = s.curves.window
        return "no dose meets both limits" if w is None else (
            "only one dose meets both limits, with no margin" if w[1] / w[0] < 1.05 else "a range of doses")

    def shift(s: Any) -> str:
        ref = window_curves(s.curves.doses, **{k: base[k] for k in ("kd_m", "healthy_median", "burden")})
        half = {name: [float(np.interp(0.5, c, s.curves.doses)) for c in (getattr(ref, name), getattr(s.curves, name))]
                for name in ("response", "severe_crs")}
        moves = [after > 1.2 * before for before, after in half.values()]
        return "both move to higher doses" if all(moves) else "only the response curve moves"

    def risk(s: Any) -> str:
        ref = window_curves(s.curves.doses, **{k: base[k] for k in ("kd_m", "healthy_median", "burden")})
        now, before = (float(np.interp(1.0, c.doses, c.severe_crs)) for c in (s.curves, ref))
        return "higher" if now > 1.1 * before else "lower" if now < 0.9 * before else "unchanged"

    return [
        Prediction("The tumour burden at infusion is five times the reference. Which doses give P(response) ≥ 50 % "
                   "with P(severe CRS) ≤ 20 %?", answer=shape,
                   options=("a range of doses", "only one dose meets both limits, with no margin",
                            "no dose meets both limits"),
                   settings={**base, "burden": 5.0}, hide=curves,
                   explain="More tumour means more activation at every dose: the severe-CRS curve moves to lower "
                           "doses, past the response curve's threshold."),
        Prediction("Back to the reference burden, with a ten-times weaker binder (K_D 10⁻⁷ M). The two curves …",
                   answer=shift, options=("both move to higher doses", "both move to lower doses",
                                          "only the response curve moves"),
                   settings={**base, "kd_m": 1e-7}, hide=curves,
                   explain=lambda s: f"Each CAR-T cell recognises fewer cells ({100 * s.curves.tumour_recognised:.0f} % "
                                     "of tumour cells), so every effect needs a higher dose."),
        Prediction("Reference binder, but healthy cells now carry 10³ antigen molecules (ten times more). The risk "
                   "of severe CRS at the reference dose is …", answer=risk,
                   options=("lower", "unchanged", "higher"),
                   settings={**base, "healthy_median": 1e3}, hide=curves,
                   explain=lambda s: f"{s.at_severe:.0%} instead of 10 %: engaging healthy cells adds activation "
                                     "without adding response."),
        Prediction("Reference settings, but you require P(response) ≥ 70 % and accept P(severe CRS) ≤ 10 %. "
                   "Which doses qualify?", answer=shape,
                   options=("a range of doses", "only one dose meets both limits, with no margin",
                            "no dose meets both limits"),
                   settings={**base, "required": 0.7, "accepted": 0.1}, hide=curves,
                   explain="The reference dose gives exactly 70 % and 10 %: any higher dose breaks the risk limit, "
                           "any lower one the response limit."),
    ]


def _recovery(s: Any) -> str:
    day = s.recovery_day
    return ("not within two years" if day is None else "within three months" if day < 91 else
            "within a year" if day < 366 else "not within two years")


def b_cells() -> list[Prediction]:
    """Notebook 06b, B-cell aplasia: how long it lasts, and a smaller expansion."""
    def depth(s: Any) -> str:
        nadir = float(s.run.b_cells.min())
        return ("they still fall to almost none" if nadir < 0.1 else
                "they are hardly touched" if nadir > 0.9 else "they dip, but stay at a fraction of normal")

    return [
        Prediction("CAR-T cells peak at 10¹⁰ and persist with a 30-day half-life. When are the B cells back to half "
                   "of normal?", answer=_recovery,
                   options=("within three months", "within a year", "not within two years"),
                   settings={"peak_car_t": 1e10, "half_life_days": 30.0, "renewal": 0.02},
                   hide=("b_cells", "recovery"),
                   explain=lambda s: f"After about {s.recovery_day / 30.44:.0f} months: the CAR-T cells must fall far "
                                     "below the killing threshold before B cells can come back."),
        Prediction("Now the CAR-T cells peak at only 10⁸ (same half-life). The B cells …", answer=depth,
                   options=("they still fall to almost none", "they dip, but stay at a fraction of normal",
                            "they are hardly touched"),
                   settings={"peak_car_t": 1e8, "half_life_days": 30.0, "renewal": 0.02},
                   hide=("b_cells", "recovery"),
                   explain=lambda s: f"They fall to {100 * s.run.b_cells.min():.0f} % of normal: 10⁸ CAR-T cells are "
                                     "far below the number that kills at half the maximum rate, so killing is slow."),
    ]


# --------------------------------------------------------------------------------------------------
# Notebook 05
def trials() -> list[Prediction]:
    """Notebook 05, the pivotal trials: ELIANA per enrolled patient, and the biggest fall in lymphoma."""
    def eliana(s: Any) -> float:
        return next(rate for r, rate in zip(s.rows, s.rates) if r.label.startswith("ELIANA (2018)"))

    def biggest_fall(s: Any) -> str:
        published = {r.label: r.orr_pct for r in s.rows}
        falls = {r.label: published[r.label] - rate for r, rate in zip(s.rows, s.rates) if rate is not None}
        return max(falls, key=falls.get).split(" (")[0]

    return [
        Prediction(
            "ELIANA reports remission in 81 % of the 75 children and young adults who were infused; 92 were enrolled. "
            "What share of the enrolled patients went into remission?",
            answer=eliana, unit="%", rel_tol=0.0, abs_tol=3.0,
            settings={"group": "B-cell ALL", "endpoint": "ORR", "per_enrolled": True}, hide=("bars", "errs"),
            explain="Everyone who was never infused counts as not responding: 61 responders out of 92."),
        Prediction(
            "In large B-cell lymphoma, count each trial's responders against everyone enrolled. Whose overall "
            "response rate falls the most?",
            answer=biggest_fall, options=("ZUMA-1", "JULIET", "TRANSCEND", "ZUMA-7 axi-cel arm"),
            settings={"group": "large B-cell lymphoma", "endpoint": "ORR", "per_enrolled": True},
            hide=("bars", "errs"),
            explain="The fall in points is the published rate times the share of enrolled patients left out: "
                    "TRANSCEND leaves out a quarter of a high rate (73 %); JULIET leaves out more (31 %) of a lower "
                    "rate (53 %). A randomised trial analysed by intention to treat does not fall at all."),
    ]


def survival() -> list[Prediction]:
    """Notebook 05, durable remission: where ZUMA-1's curve levels off."""
    zuma1 = "ZUMA-1 · axi-cel · refractory large B-cell lymphoma"
    return [
        Prediction(
            "ZUMA-1: the dots are the shares of patients alive at years 1 to 5. At what share alive does the fitted "
            "curve level off (the cure fraction)?",
            answer=lambda s: 100.0 * s.cure, unit="%", rel_tol=0.0, abs_tol=5.0,
            settings={"series": zuma1, "show_control": False, "months": 72},
            hide=("fit", "band", "marker"),
            explain="The last points barely fall: each year takes a smaller bite, so the plateau sits just below "
                    "the five-year point."),
    ]


def kinetics() -> list[Prediction]:
    """Notebook 05, kinetics: the typical patient, more persistence, and antigen-negative cells."""
    outcomes = ("remission", "CD19-positive relapse", "CD19-negative relapse", "no response")
    base = {"dose": 1.0, "expansion": 1.0, "persistence": 0.0079, "negative_share": 1e-12, "burden": 1e11}
    hide = ("level", "pos", "neg")
    return [
        Prediction(
            "The typical patient of Stein et al. (2019), 10¹¹ leukaemia cells, none without CD19. "
            "What happens over two years?",
            answer=lambda s: s.course.outcome, options=outcomes, settings=base, hide=hide,
            explain="The peak clears most of the leukaemia, but the long-lived cells left afterwards kill more slowly "
                    "than the leukaemia grows: it comes back, still carrying CD19."),
        Prediction(
            "Same patient, but 3 % of the peak (not 0.8 %) becomes long-lived. What happens now?",
            answer=lambda s: s.course.outcome, options=outcomes, settings={**base, "persistence": 0.03}, hide=hide,
            explain="The long-lived cells hold the level above the line where killing matches growth long enough "
                    "to take the last leukaemia cell (about day 47). The level dips below the line only after "
                    "7 months, when there is nothing left to grow back."),
        Prediction(
            "Keep that persistence, and let one leukaemia cell in a million have too little CD19 to be seen "
            "(notebook 03). What happens?",
            answer=lambda s: s.course.outcome, options=outcomes,
            settings={**base, "persistence": 0.03, "negative_share": 1e-6}, hide=hide,
            explain="The CAR-T cells cannot touch cells they cannot see: these grow back whatever the persistence."),
    ]


def virtual_trial() -> list[Prediction]:
    """Notebook 05, the virtual trial: identical patients (response and severe CRS), and how wide a small trial's
    range is."""
    def spread_answer(s: Any) -> str:
        r = s.observed["response"][0]
        return ("100 %: every patient responds" if r >= 99.5 else "0 %: nobody responds" if r <= 0.5 else
                "about the same as with variation")

    def crs_answer(s: Any) -> str:
        r = s.observed["severe_crs"][0]
        return "0 %: nobody" if r <= 0.5 else "100 %: everyone" if r >= 99.5 else "about half, as with variation"

    def width(s: Any) -> float:
        low, high = np.percentile(s.replicate_rates, [2.5, 97.5])
        return float(high - low)

    return [
        Prediction(
            "Make every virtual patient the typical patient (variation 0). What response rate does the trial show?",
            answer=spread_answer, options=("about the same as with variation", "100 %: every patient responds",
                                            "0 %: nobody responds"),
            settings={"n": 75, "spread": 0.0, "dose": 1.0, "seed": 1},
            hide=("virt", "virt_err", "expected", "this", "patches"),
            explain="In the model, identical patients all do the same thing: a response rate between 0 and 100 % "
                    "comes from patients differing."),
        Prediction(
            "Still at variation 0: what share of the infused patients has severe CRS?",
            answer=crs_answer, options=("0 %: nobody", "100 %: everyone", "about half, as with variation"),
            settings={"n": 75, "spread": 0.0, "dose": 1.0, "seed": 1},
            hide=("virt", "virt_err", "expected", "this", "patches"),
            explain="Notebook 06b's window model gives each patient a chance of severe CRS, not a certainty: "
                    "identical patients still differ in who has it, as real patients do for reasons the model "
                    "does not follow."),
        Prediction(
            "Back to the published variation. With only 20 patients enrolled, 95 % of re-runs of the trial land "
            "within a range of response rates. How many percentage points wide is it?",
            answer=width, unit="points", rel_tol=0.0, abs_tol=8.0,
            settings={"n": 20, "spread": 1.0, "dose": 1.0, "seed": 1}, hide=("patches", "this"),
            explain="With so few patients, each one moves the rate by 5 or 6 points."),
    ]


# --------------------------------------------------------------------------------------------------
# Notebook 07
def responder_costs() -> list[Prediction]:
    """Notebook 07, the cost per responder: ELIANA's cost per lasting remission, and patients lost before infusion."""
    eliana = "ELIANA · tisa-cel · B-cell ALL"
    base = {"case": eliana, "price_pct": 100, "care": 58_000, "extra_lost": 0}

    def change(s: Any) -> str:
        same = abs(s.per_responder - s.per_treated / s.case.response) < 1.0
        return "it stays the same" if same else "it rises by about a quarter"

    return [
        Prediction(
            "ELIANA at its list price ($475,000), with $58,000 of care after each infusion: how much does each patient "
            "still in remission at 3 years cost, in US$ thousands (type 500 for $500,000)?",
            answer=lambda s: s.per_durable / 1e3, unit="US$ thousands", rel_tol=0.2, abs_tol=0.0, settings=base,
            hide=("product", "care", "labels"),
            explain="Every infused patient is paid for, and only 44 % of them are still in remission at 3 years: "
                    "$533,000 ÷ 0.44 ≈ $1.2 million, two and a half times the price tag."),
        Prediction(
            "Now 20 percentage points more of the enrolled patients are lost before the infusion (manufacturing "
            "failed, or they became too ill). What happens to the cost per responder?",
            answer=change, options=("it rises by about a quarter", "it falls", "it stays the same"),
            settings={**base, "extra_lost": 20}, hide=("product", "care", "labels", "counts"),
            explain="The product is paid for only when it is infused, so the money per responder does not move; "
                    "what falls is the number of enrolled patients who respond (from 66 to 50 in 100)."),
    ]


def cost_effectiveness_plane() -> list[Prediction]:
    """Notebook 07, the cost-effectiveness plane: the published case, and fewer long-term survivors."""
    def band(s: Any) -> str:
        if s.icer is None:
            return "no QALYs gained"
        return ("below $100,000 per QALY" if s.icer <= 100_000 else
                "between $100,000 and $150,000 per QALY" if s.icer <= 150_000 else "above $150,000 per QALY")

    bands = ("between $100,000 and $150,000 per QALY", "above $150,000 per QALY", "below $100,000 per QALY",
             "no QALYs gained")
    hide = ("point", "ray")
    return [
        Prediction(
            "At the launch price, $475,000, with 40 % of children becoming long-term survivors (10 % with "
            "clofarabine): where does tisagenlecleucel fall?",
            answer=band, options=bands, settings={"price": 475_000, "long_term_share": 0.40}, hide=hide,
            explain="About 7 QALYs for about $330,000 more: roughly $46,000 per QALY."),
        Prediction(
            "Same price, but only 20 % become long-term survivors. Where does it fall now?",
            answer=band, options=bands, settings={"price": 475_000, "long_term_share": 0.20}, hide=hide,
            explain="A third of the extra survivors (10 points instead of 30): a third of the QALYs for the same "
                    "extra cost, so three times the ratio."),
    ]


# --------------------------------------------------------------------------------------------------
# Notebook 08
def gate_designer() -> list[Prediction]:
    """Notebook 08, logic gates: escape from a single receptor, OR against escape, AND against healthy tissue."""
    b_all, prostate = "B-ALL after CD19 CAR-T", "prostate cancer"
    hide = ("markers", "chosen", "curve")

    def or_healthy(s: Any) -> str:
        change = s.hit["OR"] - s.hit["A"]
        return ("about the same: nearly all, as before" if abs(change) < 0.05 else
                "fewer are hit: two antigens make it pickier" if change < 0 else
                "many more are hit: it now sees two antigens")

    def and_effect(s: Any) -> str:
        spared = s.hit["AND"] < 0.05 and s.hit["A"] > 0.5
        kept = s.killed["AND"] > 0.8 * s.killed["A"]
        return ("healthy cells spared, tumour killing kept" if spared and kept else
                "both fall to almost none" if spared else "tumour killing falls, healthy hits do not")

    return [
        Prediction(
            "B-ALL: 30 % of the leukaemia cells have lost CD19. What share of the leukaemia cells does a CD19 "
            "receptor alone (A) kill?",
            answer=lambda s: 100.0 * s.killed["A"], unit="%", rel_tol=0.0, abs_tol=8.0,
            settings={"scenario": b_all, "gate": "A", "lost_a": 30, "d50": 200.0}, hide=hide,
            explain="About 70 %: the receptor kills nearly every cell that still carries CD19 and none of the 30 % "
                    "that lost it. Those cells grow back as a CD19-negative relapse (notebook 05)."),
        Prediction(
            "Same leukaemia, now with a CD19 OR CD22 receptor. What happens to the healthy B cells it hits?",
            answer=or_healthy, options=("fewer are hit: two antigens make it pickier",
                                        "many more are hit: it now sees two antigens",
                                        "about the same: nearly all, as before"),
            settings={"scenario": b_all, "gate": "OR", "lost_a": 30, "d50": 200.0}, hide=hide,
            explain="Healthy B cells carry both antigens, so either receptor already hit nearly all of them. The OR "
                    "gate wins back the leukaemia cells that lost CD19 at no extra cost: B-cell aplasia was "
                    "already complete."),
        Prediction(
            "Prostate cancer: compared with a PSMA receptor alone, what does a PSMA AND PSCA gate do to the tumour "
            "and to the healthy cells?",
            answer=and_effect, options=("both fall to almost none", "tumour killing falls, healthy hits do not",
                                        "healthy cells spared, tumour killing kept"),
            settings={"scenario": prostate, "gate": "AND", "lost_a": 0, "d50": 200.0}, hide=hide,
            explain="Healthy cells with one antigen never pass the AND gate; the tumour, with both, still does (a "
                    "little less often, since both receptors must fire)."),
    ]


def microenvironment() -> list[Prediction]:
    """Notebook 08, the tumour microenvironment: two brakes, one released, and a barrier on top."""
    hide = ("current", "image")  # the lattice at step 300 would show the tumour's size
    both = {"tgf_beta": True, "pd_l1": True, "barrier": False, "armour": "none", "blockade": False, "step": 300}

    def many_times(s: Any) -> str:
        ratio = s.run.tumour[-1] / max(s.reference.tumour[-1], 1)
        return "many times more" if ratio > 3 else "a little more" if ratio > 1.2 else "about the same"

    def how_far(s: Any) -> str:
        from helpers.explorers.future import tme_params
        from helpers.models.spatial import simulate

        worst = simulate(tme_params(True, True, False, "none", False)).tumour[-1]
        best, now = s.reference.tumour[-1], s.run.tumour[-1]
        gap = worst - best
        return ("yes, all the way back" if now <= best + 0.15 * gap else
                "no change" if now >= worst - 0.15 * gap else "part of the way")

    def with_barrier(s: Any) -> str:
        from helpers.explorers.future import tme_params
        from helpers.models.spatial import simulate

        without = simulate(tme_params(True, True, False, "TGF-β-resistant", True)).tumour[-1]
        now = s.run.tumour[-1]
        return ("higher: the barrier keeps T cells out" if now > 1.2 * without else
                "lower: the barrier holds the tumour in" if now < 0.8 * without else
                "about where it was: armour and blockade work wherever the cells are")

    return [
        Prediction(
            "Switch TGF-β and PD-L1 on. At step 300, how many tumour cells are left compared with no "
            "microenvironment?",
            answer=many_times, options=("about the same", "many times more", "a little more"),
            settings=both, hide=hide,
            explain="Each contact kills less often and each kill tires the T cell faster: fewer kills per T cell, "
                    "and the tumour outgrows them."),
        Prediction(
            "Add PD-1 blockade. Does the tumour come back down to the dashed curve?",
            answer=how_far, options=("yes, all the way back", "part of the way", "no change"),
            settings={**both, "blockade": True}, hide=hide,
            explain="Blockade releases the PD-L1 brake; TGF-β still acts. Each brake needs its own answer."),
        Prediction(
            "Keep blockade, add the TGF-β-resistant armour, then switch the barrier on. Where does the tumour end, "
            "compared with the same setting without the barrier?",
            answer=with_barrier, options=("about where it was: armour and blockade work wherever the cells are",
                                          "lower: the barrier holds the tumour in",
                                          "higher: the barrier keeps T cells out"),
            settings={**both, "blockade": True, "armour": "TGF-β-resistant", "barrier": True}, hide=hide,
            explain="Answers to the brakes do nothing for T cells that cannot reach the tumour: the barrier needs an "
                    "answer of its own (an enzyme such as heparanase)."),
    ]

# --------------------------------------------------------------------------------------------------
# Notebook 09: the capstone
def capstone() -> list[Prediction]:
    """Notebook 09: who can get a therapy, what a bulky tumour does to the risk, and a dose for a frail patient."""
    from helpers.capstone import design_therapy
    from helpers.models.types import CELL_TYPES

    base = {"kd_m": 1e-8, "dose": 1.0, "bridging": False}
    curves = ("response", "severe", "window", "dose_response", "dose_severe")

    def who(s: Any) -> str:
        eligible = {kind for kind in CELL_TYPES if design_therapy(s.report.case.key, kind).eligible}
        return ("CAR-T only" if eligible == {"CAR-T"} else "CAR-T and TCR-T" if "TCR-T" in eligible
                else "CAR-T, NK and CAR-NK")

    def doses(s: Any) -> str:
        w = s.report.window
        if w is None:
            return "no dose meets both of his limits"
        return ("only doses up to about the reference dose" if w[1] <= 1.05 else
                "only doses above the reference dose" if w[0] >= 0.95 else "doses on both sides of the reference")

    return [
        Prediction(
            "Ana's lymphoma cells carry CD19 on their surface, and she carries HLA-A*02. Which cell types have an "
            "approved product that would see her tumour?", answer=who,
            options=("CAR-T only", "CAR-T and TCR-T", "CAR-T, NK and CAR-NK"),
            settings={**base, "case": "Ana", "cell_type": "TIL"}, show={"cell_type": "CAR-T"}, hide=("bars",),
            explain="The only approved TCR-T product sees a MAGE-A4 peptide, the only TIL product is grown from "
                    "melanoma, and no NK product is approved: HLA-A*02 alone makes no TCR against CD19."),
        Prediction(
            "Ana, CAR-T cells at the reference dose and binder, no bridging. Her tumour is three times the reference "
            "burden (at the reference burden, P(severe CRS) would be 10 %). Where is her P(severe CRS)?",
            answer=lambda s: ("below her 20 % limit" if s.report.severe_crs < 0.2 else
                              "just above it (20–25 %)" if s.report.severe_crs < 0.25 else
                              "well above it (about a third or more)"),
            options=("below her 20 % limit", "just above it (20–25 %)", "well above it (about a third or more)"),
            settings={**base, "case": "Ana", "cell_type": "CAR-T"}, hide=curves,
            explain=lambda s: f"{100 * s.report.severe_crs:.0f} %, above her 20 % limit: more tumour means more "
                              "activation at the same dose. Try bridging next."),
        Prediction(
            "Bill is frail: he accepts at most a 10 % chance of severe CRS. With CAR-T cells, the reference binder and "
            "no bridging, which doses meet both of his limits (P(response) ≥ 50 %)?", answer=doses,
            options=("only doses up to about the reference dose", "only doses above the reference dose",
                     "no dose meets both of his limits"),
            settings={**base, "case": "Bill", "cell_type": "CAR-T"}, hide=curves,
            explain=lambda s: (f"From about {s.report.window[0]:.2g}× up to {s.report.window[1]:.2g}×: a lower dose "
                               "keeps the risk within his limit and still gives a 50 % chance of response."
                               if s.report.window else "No dose: his limits leave no window.")),
    ]


#: Explorer class name -> its predictions.
PREDICTIONS: dict[str, Callable[[], list[Prediction]]] = {
    "ReleaseExplorer": release,
    "VeinToVeinExplorer": vein_to_vein,
    "WhoSeesExplorer": who_sees,
    "EligibilityExplorer": eligibility,
    "ExpansionExplorer": expansion,
    "OccupancyExplorer": occupancy,
    "ProofreadingExplorer": proofreading,
    "DensityExplorer": density,
    "AssayExplorer": assay,
    "CarrgoExplorer": carrgo,
    "SpatialExplorer": spatial,
    "GradingExplorer": grading,
    "CrsExplorer": crs_course,
    "WindowExplorer": window,
    "BCellExplorer": b_cells,
    "TrialsExplorer": trials,
    "CostEffectivenessExplorer": cost_effectiveness_plane,
    "ResponderCostExplorer": responder_costs,
    "GateExplorer": gate_designer,
    "TmeExplorer": microenvironment,
    "SurvivalExplorer": survival,
    "KineticsExplorer": kinetics,
    "VirtualTrialExplorer": virtual_trial,
    "CapstoneExplorer": capstone,
}
