"""Explorers for the types of ACT (notebook 02): which cell types can see a tumour, and which patients can
receive an HLA-restricted therapy."""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets
from matplotlib.figure import Figure

from helpers.data import AntigenPrevalence, antigen_prevalence, hla_frequencies
from helpers.explorers.base import Explorer, Scene, log_slider
from helpers.figures.types import (
    draw_eligibility_frame,
    draw_recognition_frame,
    update_eligibility,
    update_recognition,
)
from helpers.models.types import CELL_TYPES, Recognition, carrier_frequency, eligible_fraction, recognition
from helpers.text import sci

#: Peptide–MHC copies per tumour cell at normal MHC class I, the default: NY-ESO-1-positive tumour cells present
#: 10–50 copies of the NY-ESO-1/LAGE-1 157–165 epitope on HLA-A2 (Purbhoo et al. 2006); 10^1.5 ≈ 32 is inside that
#: range and on the log slider's grid (steps of 0.1 decade), so the slider shows what the model uses.
PMHC_DEFAULT = 10**1.5


@dataclass(frozen=True)
class WhoSeesState:
    """The tumour's properties and what each cell type recognises."""

    location: str
    hla_match: bool
    mhc: float
    surface_density: float
    pmhc_copies: float
    stress: float
    result: Recognition


class WhoSeesExplorer(Explorer[WhoSeesState]):
    """Which therapy can see this tumour? Set the tumour's antigen, HLA type, MHC class I and stress ligands and
    see the share of tumour cells each cell type recognises, with the reason."""

    title = "Which therapy can see this tumour?"
    figsize = (7.5, 3.7)

    def make_controls(self) -> dict[str, widgets.ValueWidget]:
        wide = widgets.Layout(width="max-content")
        return {
            "location": widgets.Dropdown(
                options=[("on the cell surface", "surface"), ("inside the cell", "intracellular")], value="surface",
                description="Target antigen is", layout=wide,
                tooltip="A CAR binds whole molecules on the surface; a TCR sees peptides of any protein on HLA"),
            "hla_match": widgets.Dropdown(
                options=[("carries HLA-A*02 (the TCR's HLA)", True), ("does not carry HLA-A*02", False)], value=True,
                description="The patient", layout=wide,
                tooltip="The TCR-T product is restricted to HLA-A*02 (like afamitresgene autoleucel)"),
            "mhc_pct": widgets.IntSlider(
                value=100, min=0, max=100, step=5, description="MHC class I (% of normal)",
                tooltip="How much MHC class I the tumour cells keep; 0 = lost (a known escape)"),
            "surface_density": log_slider(2e4, 1, 6, 0.1, "Surface antigen (molecules/cell)",
                                          "Median target molecules on a tumour cell's surface (used if on the surface)",
                                          ".2g"),
            "pmhc_copies": log_slider(PMHC_DEFAULT, 0, 3, 0.1, "Peptide–MHC (copies/cell)",
                                      "Median copies of the target peptide on HLA per tumour cell with normal MHC",
                                      ".2g"),
            "stress_pct": widgets.IntSlider(
                value=20, min=0, max=100, step=5, description="NK stress ligands (%)",
                tooltip="NKG2D ligands such as MICA/B and ULBPs, as % of a strongly stressed cell"),
        }

    def compute(self, **v: Any) -> WhoSeesState:
        mhc = float(v["mhc_pct"]) / 100.0
        stress = float(v["stress_pct"]) / 100.0
        result = recognition(v["location"], bool(v["hla_match"]), mhc, float(v["surface_density"]),
                             float(v["pmhc_copies"]), stress)
        return WhoSeesState(v["location"], bool(v["hla_match"]), mhc, float(v["surface_density"]),
                            float(v["pmhc_copies"]), stress, result)

    def build(self, fig: Figure) -> Scene:
        ax = fig.add_axes((0.14, 0.17, 0.82, 0.78))
        artists = draw_recognition_frame(ax, CELL_TYPES)
        return Scene({"artists": artists, "bars": artists.dynamic()}, artists.dynamic())

    def draw(self, scene: Scene, state: WhoSeesState) -> None:
        update_recognition(scene["artists"], state.result.fractions)

    def readout(self) -> str:
        r = self.state.result
        items = "".join(f"<li><b>{name}: {100 * r.fractions[name]:.0f} %</b> — {html.escape(r.reasons[name])}</li>"
                        for name in CELL_TYPES)
        return f"<ul style='margin:0'>{items}</ul>"

    def summary(self) -> str:
        s = self.state
        where = (f"on the surface ({sci(s.surface_density)} molecules per cell)" if s.location == "surface"
                 else "inside the cell")
        tumour = (f"A tumour whose target antigen is {where}, "
                  f"with {100 * s.mhc:.0f} % of normal MHC class I, {sci(s.pmhc_copies)} peptide–MHC copies at normal "
                  f"MHC, stress ligands at {100 * s.stress:.0f} %, in a patient who "
                  f"{'carries' if s.hla_match else 'does not carry'} HLA-A*02")
        shares = "; ".join(f"{name} {100 * s.result.fractions[name]:.0f} %" for name in CELL_TYPES)
        return f"{tumour}. Share of tumour cells recognised: {shares}."


def who_sees(predict: bool = False, **initial: Any) -> WhoSeesExplorer:
    """The "which therapy can see this tumour?" explorer of notebook 02 (see :class:`WhoSeesExplorer`);
    ``predict=True`` asks the Try-it's predictions first."""
    return WhoSeesExplorer.create(predict, **initial)


# --------------------------------------------------------------------------------------------------
#: HLA alleles a TCR product may accept: key -> (label, alleles).
ALLELE_SETS: dict[str, tuple[str, tuple[str, ...]]] = {
    "a0201": ("HLA-A*02:01 only", ("A*02:01",)),
    "tecelra": ("A*02:01, :02, :03 or :06 (as in the Tecelra label)", ("A*02:01", "A*02:02", "A*02:03", "A*02:06")),
}


def _antigen_key(row: AntigenPrevalence) -> str:
    return f"{row.antigen} · {row.tumour}"


@dataclass(frozen=True)
class EligibilityState:
    """Carrier and eligible shares by population (fractions)."""

    antigen: AntigenPrevalence
    alleles: tuple[str, ...]
    populations: tuple[str, ...]
    allele_frequency: tuple[float, ...]
    carriers: tuple[float, ...]
    eligible: tuple[float, ...]

    def eligible_of(self, population: str) -> float:
        return self.eligible[self.populations.index(population)]


class EligibilityExplorer(Explorer[EligibilityState]):
    """Who can receive an HLA-restricted TCR-T? Eligible = carries an accepted HLA allele × tumour expresses the
    antigen, for populations of the US donor registry."""

    title = "Who is eligible for an HLA-restricted TCR-T therapy?"
    figsize = (8.0, 4.6)

    @staticmethod
    def populations() -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for row in hla_frequencies():
            seen.setdefault(row.population)
        return tuple(seen)

    def make_controls(self) -> dict[str, widgets.ValueWidget]:
        wide = widgets.Layout(width="max-content")
        return {
            "antigen": widgets.Dropdown(
                options=[(f"{_antigen_key(a)} ({100 * a.positive_fraction:.0f} % positive)", _antigen_key(a))
                         for a in antigen_prevalence()],
                value=_antigen_key(antigen_prevalence()[0]), description="Antigen and tumour", layout=wide,
                tooltip="How often the tumour expresses the target antigen (sourced in data/antigen_prevalence.csv)"),
            "alleles": widgets.Dropdown(
                options=[(label, key) for key, (label, _) in ALLELE_SETS.items()], value="a0201",
                description="HLA alleles accepted", layout=wide,
                tooltip="Which HLA-A*02 alleles the TCR recognises its peptide on"),
        }

    def compute(self, **v: Any) -> EligibilityState:
        antigen = {_antigen_key(a): a for a in antigen_prevalence()}[v["antigen"]]
        alleles = ALLELE_SETS[v["alleles"]][1]
        pops = self.populations()
        q = {p: 0.0 for p in pops}
        for row in hla_frequencies():
            if row.allele in alleles:
                q[row.population] += row.allele_frequency
        carriers = tuple(carrier_frequency(min(q[p], 1.0)) for p in pops)
        eligible = tuple(eligible_fraction(c, antigen.positive_fraction) for c in carriers)
        return EligibilityState(antigen, alleles, pops, tuple(q[p] for p in pops), carriers, eligible)

    def build(self, fig: Figure) -> Scene:
        ax = fig.add_axes((0.33, 0.12, 0.63, 0.74))
        artists = draw_eligibility_frame(ax, self.populations())
        return Scene({"artists": artists, "carriers": artists.carriers, "eligible": artists.eligible,
                      "baseline": artists.baseline}, artists.dynamic())

    def draw(self, scene: Scene, state: EligibilityState) -> None:
        baseline = None
        if state.alleles != ALLELE_SETS["a0201"][1]:  # show where A*02:01 alone would leave each population
            narrow = self.compute(antigen=_antigen_key(state.antigen), alleles="a0201")
            baseline = narrow.eligible
        update_eligibility(scene["artists"], state.carriers, state.eligible, baseline)

    def _extremes(self) -> tuple[tuple[str, float], tuple[str, float]]:
        s = self.state
        pairs = sorted(zip(s.eligible, s.populations))
        return (pairs[-1][1], pairs[-1][0]), (pairs[0][1], pairs[0][0])

    def readout(self) -> str:
        (hi_pop, hi), (lo_pop, lo) = self._extremes()
        return (f"Eligible: highest <b>{100 * hi:.0f} %</b> ({html.escape(hi_pop)}), lowest <b>{100 * lo:.0f} %</b> "
                f"({html.escape(lo_pop)}): a <b>{hi / lo:.1f}-fold</b> difference")

    def summary(self) -> str:
        s = self.state
        (hi_pop, hi), (lo_pop, lo) = self._extremes()
        shares = "; ".join(f"{p} {100 * c:.0f} % carriers, {100 * e:.0f} % eligible"
                           for p, c, e in zip(s.populations, s.carriers, s.eligible))
        return (f"With {', '.join(s.alleles)} accepted and {s.antigen.antigen} in "
                f"{100 * s.antigen.positive_fraction:.0f} % of {s.antigen.tumour} tumours: {shares}. The highest share "
                f"eligible is {100 * hi:.0f} % ({hi_pop}), the lowest {100 * lo:.0f} % ({lo_pop}).")


def eligibility(predict: bool = False, **initial: Any) -> EligibilityExplorer:
    """The eligibility explorer of notebook 02 (see :class:`EligibilityExplorer`); ``predict=True`` asks the
    Try-it's predictions first."""
    return EligibilityExplorer.create(predict, **initial)
