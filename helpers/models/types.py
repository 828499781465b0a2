"""Types of adoptive cell therapy: which cells can see a tumour, and which patients can receive them.

Who recognises the tumour (a teaching model built from notebook 03's recognition models)
    Each cell type has its own route to recognition:

    * **CAR-T** binds a molecule on the tumour's surface, whatever the HLA type: the share of tumour
      cells recognised is notebook 03's log-normal density model (:func:`helpers.models.recognition.
      lognormal_mean_response`) with the CAR lysis threshold of about 200 molecules per cell (Watanabe et
      al. 2015). An intracellular antigen is invisible to it.
    * **TCR-T** sees a peptide of the antigen (any protein the cell makes, surface or intracellular) on one HLA type
      (afamitresgene autoleucel's TCR, for example, on HLA-A*02). It needs the patient to carry that HLA
      type and the tumour to keep MHC class I: the peptide–MHC copies per cell scale with the MHC class I
      level, and the share recognised follows the same density model with the T-cell threshold of about 3
      peptide–MHC complexes per cell (a mouse T-cell clone, Sykulev et al. 1996; mouse cytotoxic T cells also
      killed with about 3, Purbhoo et al. 2004). The CAR threshold is for one anti-CD20 CAR; thresholds
      depend on the CAR's design (Majzner et al. 2020).
    * **TIL** are the patient's own tumour-infiltrating T cells, with many TCRs against peptides on the
      patient's own HLA types, so they need no HLA match but they do need MHC class I (same model). The model
      assumes the TIL include T cells against this target (a simplification: TIL are a mixture, CD4+ T cells
      among them, and losing one HLA copy removes only some of their targets).
    * **NK** cells need no antigen: they weigh activating signals against inhibitory ones (Ljunggren and Kärre
      1990). Activation comes from stress ligands (for NKG2D, such as MICA; Bauer et al. 1999); MHC class I
      inhibits ("missing self": losing it removes the brake, but the cell must still carry some activating
      ligand). The chance of recognition is a Hill curve (steepness 2) in ``stress / mhc``, one half when they
      balance, 1 with no MHC class I and some stress ligand, 0 with no stress ligand. A qualitative rule with
      no fitted numbers.
    * **CAR-NK** cells recognise a cell by either route: ``1 - (1 - p_CAR)(1 - p_NK)``, treating the two as
      independent (a simplification).

Who can receive an HLA-restricted therapy
    A patient is eligible when they carry one of the HLA alleles the TCR is restricted to *and* their
    tumour expresses the antigen. (A label can also exclude alleles: Tecelra must not be given to carriers of
    HLA-A*02:05P; the model does not subtract them.) With allele frequency ``q`` (the summed frequency of the accepted alleles)
    and Hardy–Weinberg proportions, the share of people carrying at least one copy is ``1 - (1 - q)**2``;
    if HLA type and antigen expression are independent, the eligible share is carriers × antigen-positive.

Units: molecules (or peptide–MHC complexes) per cell; MHC class I and stress-ligand levels as fractions of
a normal cell's (MHC) or of a strongly stressed cell's (ligands), in [0, 1]; frequencies as fractions.
"""

from __future__ import annotations

from dataclasses import dataclass

from helpers.checks import check_choice, check_flag, check_number
from helpers.models.recognition import hill_response, lognormal_mean_response
from helpers.text import sci

#: The cell types the model compares, in display order.
CELL_TYPES: tuple[str, ...] = ("TIL", "TCR-T", "CAR-T", "NK", "CAR-NK")
#: Where an antigen can be.
LOCATIONS: tuple[str, ...] = ("surface", "intracellular")

#: CAR lysis threshold, molecules per cell (Watanabe et al. 2015; data/antigen_density.csv).
CAR_THRESHOLD = 200.0
#: T-cell lysis threshold, peptide–MHC complexes per cell (Sykulev et al. 1996; data/antigen_density.csv).
TCR_THRESHOLD = 3.0
#: Cell-to-cell spread of antigen density (standard deviation of ln density): notebook 03's default,
#: a teaching value.
SPREAD = 0.8
#: Steepness of the NK activation-versus-inhibition rule (a teaching value).
NK_HILL = 2.0


@dataclass(frozen=True)
class Recognition:
    """Share of tumour cells each cell type recognises, and why (one entry per :data:`CELL_TYPES`)."""

    fractions: dict[str, float]
    reasons: dict[str, str]

    def recognised(self, threshold: float = 0.5) -> tuple[str, ...]:
        """The cell types that recognise at least ``threshold`` of the tumour cells."""
        return tuple(name for name in CELL_TYPES if self.fractions[name] >= threshold)


def _share(median: float, threshold: float) -> float:
    if median <= 0:
        return 0.0
    return float(lognormal_mean_response(median, SPREAD, threshold))


def nk_activation(stress: float, mhc: float) -> float:
    """Chance an NK cell is triggered by a tumour cell (the qualitative rule above).

    ``stress`` and ``mhc`` are levels in [0, 1]. Activation ``stress`` against inhibition ``mhc``: a Hill curve in
    ``stress / mhc``: 0 with no stress ligand, 1/2 when they balance, 1 with no MHC class I and some stress."""
    s = check_number("stress", stress, 0.0, 1.0)
    m = check_number("mhc", mhc, 0.0, 1.0)
    if s == 0.0:
        return 0.0
    if m == 0.0:
        return 1.0
    return float(hill_response(s / m, 1.0, NK_HILL))


def recognition(
    location: str, hla_match: bool, mhc: float, surface_density: float, pmhc_copies: float, stress: float
) -> Recognition:
    """Which cell types recognise a tumour, and why.

    Parameters
    ----------
    location : {"surface", "intracellular"}
        Where the target antigen is (a surface protein is also processed into peptides on HLA).
    hla_match : bool
        Whether the patient carries the HLA type the TCR-T product is restricted to.
    mhc : float
        MHC class I on the tumour cells as a fraction of a normal cell's, in [0, 1] (0 = lost).
    surface_density : float
        Median antigen molecules on a tumour cell's surface, in [0, 1e7] (used only if on the surface).
    pmhc_copies : float
        Median peptide–MHC copies of the target peptide per tumour cell with normal MHC class I, in [0, 1e5].
    stress : float
        NK-activating stress ligands (e.g. MICA/B, ULBPs for NKG2D), as a level in [0, 1].
    """
    loc = check_choice("location", location, LOCATIONS)
    match = check_flag("hla_match", hla_match)
    m = check_number("mhc", mhc, 0.0, 1.0)
    density = check_number("surface_density", surface_density, 0.0, 1e7)
    copies = check_number("pmhc_copies", pmhc_copies, 0.0, 1e5)
    s = check_number("stress", stress, 0.0, 1.0)

    presented = copies * m  # peptide–MHC complexes per cell scale with MHC class I
    on_surface = loc == "surface"
    f: dict[str, float] = {}
    why: dict[str, str] = {}

    f["CAR-T"] = _share(density, CAR_THRESHOLD) if on_surface else 0.0
    if not on_surface:
        why["CAR-T"] = "the antigen is inside the cell, and a CAR binds only molecules on the surface"
    else:
        why["CAR-T"] = (f"binds the surface antigen directly, whatever the HLA or MHC level; a median "
                        f"{sci(density)} molecules per cell against a threshold of about {CAR_THRESHOLD:.0f}")

    pmhc_text = f"about {sci(presented)} peptide–MHC per cell against a threshold of about {TCR_THRESHOLD:.0f}"
    if m == 0.0:
        why["TIL"] = why["TCR-T"] = "MHC class I is lost, so no peptide is presented: a TCR has nothing to see"
    else:
        why["TIL"] = f"the patient's own T cells see peptides on the patient's own HLA; {pmhc_text}"
        why["TCR-T"] = f"the TCR sees its peptide on the matching HLA; {pmhc_text}"
    f["TIL"] = _share(presented, TCR_THRESHOLD)
    f["TCR-T"] = f["TIL"] if match else 0.0
    if not match:
        why["TCR-T"] = "the patient lacks the HLA type the TCR is restricted to, so its peptide–MHC never forms"

    f["NK"] = nk_activation(s, m)
    if s == 0.0:
        why["NK"] = "no stress ligands: nothing activates the NK cell, whatever the MHC class I"
    elif m == 0.0:
        why["NK"] = "no MHC class I means no brake ('missing self'): the stress ligands trigger the NK cell"
    else:
        balance = "outweigh" if s > m else ("balance" if s == m else "fall short of")
        why["NK"] = f"activating stress ligands ({s:.0%}) {balance} the inhibition by MHC class I ({m:.0%})"
    f["CAR-NK"] = 1.0 - (1.0 - f["CAR-T"]) * (1.0 - f["NK"])
    why["CAR-NK"] = "recognises a cell by either route: its CAR or its natural NK receptors"
    return Recognition({k: f[k] for k in CELL_TYPES}, {k: why[k] for k in CELL_TYPES})


def carrier_frequency(allele_frequency: float) -> float:
    """Share of people carrying at least one copy of an allele of frequency ``q`` (Hardy–Weinberg):
    ``1 - (1 - q)**2``. ``allele_frequency`` in [0, 1]."""
    q = check_number("allele_frequency", allele_frequency, 0.0, 1.0)
    return 1.0 - (1.0 - q) ** 2


def eligible_fraction(hla_carrier: float, antigen_positive: float) -> float:
    """Share of patients eligible for an HLA-restricted therapy: carriers × antigen-positive, assuming
    HLA type and antigen expression are independent. Both in [0, 1]."""
    c = check_number("hla_carrier", hla_carrier, 0.0, 1.0)
    a = check_number("antigen_positive", antigen_positive, 0.0, 1.0)
    return c * a


def eligible_by_population(allele_frequencies: dict[str, float], antigen_positive: float) -> dict[str, float]:
    """:func:`eligible_fraction` for each population, from summed allele frequencies of the accepted alleles."""
    if not isinstance(allele_frequencies, dict) or not allele_frequencies:
        raise ValueError("allele_frequencies must be a non-empty dict of population -> allele frequency in [0, 1]")
    return {pop: eligible_fraction(carrier_frequency(q), antigen_positive) for pop, q in allele_frequencies.items()}


__all__ = [
    "CAR_THRESHOLD", "CELL_TYPES", "LOCATIONS", "Recognition", "SPREAD", "TCR_THRESHOLD", "carrier_frequency",
    "eligible_by_population", "eligible_fraction", "nk_activation", "recognition",
]
