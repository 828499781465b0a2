"""The self-check questions of each notebook (kept here so answers are not on the learner's screen).

Every number in a question comes from the notebook's text and its cited sources.
"""

from __future__ import annotations

from helpers.course import SERIES
from helpers.data import dose_targets
from helpers.models.manufacturing import days_to_reach
from helpers.models.recognition import occupancy
from helpers.text import sci
from helpers.quiz import Choice, MultipleChoice, Numeric, Question


def start_here() -> list[Question]:
    """Notebook 00: what adoptive cell transfer is, the kinds of cell therapy, explorers, expansion, the map."""
    tecelra = next(t for t in dose_targets() if t.key.startswith("afamitresgene"))
    days = days_to_reach(5e8, 36.0, tecelra.low_cells)
    titles = {lesson.number: f"{lesson.number} · {lesson.title}" for lesson in SERIES}
    return [
        MultipleChoice(
            "A patient's CAR-T product has just passed its release tests in the manufacturing lab. What happens "
            "next, in order?",
            [
                Choice("Lymphodepleting chemotherapy, then the infusion, then weeks of monitoring", True,
                       "Right: chemotherapy a few days before, a single infusion, then monitoring for response and "
                       "side effects."),
                Choice("The infusion, then lymphodepleting chemotherapy to help the cells settle", False,
                       "Chemotherapy after the infusion would harm the infused cells: it is given a few days before."),
                Choice("Leukapheresis, then the infusion, then lymphodepleting chemotherapy", False,
                       "Leukapheresis collected the cells at the start, before manufacturing; it is not repeated."),
                Choice("Monitoring for side effects, then the infusion once the patient is stable", False,
                       "Monitoring for cytokine release syndrome and neurotoxicity comes after the infusion."),
            ],
            explanation="The journey: collect → (engineer) → expand → lymphodeplete → infuse → monitor.",
            objective=1,
        ),
        MultipleChoice(
            "A melanoma makes a mutated protein that stays inside its cells; fragments of it are shown on the "
            "cells' HLA molecules. Which cell therapies could, in principle, recognise it?",
            [
                Choice("TIL or TCR-T cells, whose T-cell receptors read peptides presented on HLA", True,
                       "Right: T-cell receptors see peptides from inside the cell, presented on HLA."),
                Choice("CAR-T cells, because a CAR binds the whole protein directly, with no need for HLA", False,
                       "A CAR binds molecules on the cell surface; a protein kept inside the cell is out of its reach."),
                Choice("None of them: immune cells cannot see proteins that stay inside a cell", False,
                       "T cells can: cells cut their proteins into peptides and show them on HLA."),
                Choice("Only NK cells, because they respond to every protein that a tumour cell makes", False,
                       "NK cells sense stress signals and missing HLA, not particular peptides."),
            ],
            explanation="TCRs (TIL, TCR-T) read peptide–HLA; CARs read surface molecules; NK cells read stress "
                        "ligands and missing self.",
            objective=2,
        ),
        MultipleChoice(
            "You are using an explorer with the keyboard only. How do you move a slider by one step?",
            [
                Choice("Press Tab until the slider's handle is focused, then press an arrow key", True,
                       "Right: Tab moves the focus, ← and → move the slider one step."),
                Choice("Click on the figure itself, then press Enter until the curve changes", False,
                       "The figure is an image; it does not take keyboard input."),
                Choice("Press Shift + Enter on the explorer's cell, once for every step you want", False,
                       "Shift + Enter runs the cell again: that rebuilds the explorer at its starting values."),
            ],
            explanation="Every control is keyboard-operable: Tab to it, then use the arrow keys (or type into a box).",
            objective=3,
        ),
        Numeric(
            f"A TCR-T culture starts with 5 × 10⁸ cells that double every 36 hours. How many days until it reaches "
            f"the lowest labelled Tecelra dose, {sci(tecelra.low_cells)} cells?",
            answer=days, rel_tol=0.1, unit="days",
            correct_feedback=f"Right: {sci(tecelra.low_cells / 5e8, 3)}-fold is log₂ ≈ "
                             f"{days / 1.5:.2f} doublings of 1.5 days each, about {days:.1f} days.",
            too_low="Too short. Count the doublings (log₂ of the fold needed) and multiply by 1.5 days.",
            too_high="Too long. The fold needed is only about 5: a little over two doublings.",
            explanation="t = T_d × log₂(target ÷ start) = 1.5 days × log₂(2.68 × 10⁹ ÷ 5 × 10⁸).",
            objective=4,
        ),
        MultipleChoice(
            "Which notebook explains how the grade of cytokine release syndrome is decided at the bedside?",
            [
                Choice(titles["06"], True, "Right: notebook 06 grades CRS and ICANS with the ASTCT consensus."),
                Choice(titles["04"], False, "Notebook 04 is about how T cells kill, not how side effects are graded."),
                Choice(titles["03"], False, "Notebook 03 is about how receptors recognise antigen."),
                Choice(titles["06b"], False, "Notebook 06b weighs response against severe CRS across doses; the "
                                          "grading itself is in 06."),
            ],
            explanation="The course map lists what each notebook teaches.",
            objective=5,
        ),
    ]


def antigen_recognition() -> list[Question]:
    """Notebook 03: occupancy, proofreading, antigen-density thresholds and on-target off-tumour effects."""
    bound = 100 * float(occupancy(6e-9, 2e-9))
    return [
        Numeric(
            "A CAR's binder has K_D = 2 nM. What percentage of the binders is occupied at 6 nM of free antigen?",
            answer=bound, rel_tol=0.0, abs_tol=1.0, unit="%",
            correct_feedback=f"Right: L/(L + K_D) = 6/(6 + 2) = {bound:.0f} %.",
            too_low="Too low. Use L/(L + K_D) with L = 6 nM and K_D = 2 nM: three times K_D.",
            too_high="Too high. At three times K_D occupancy is 3/4, not more.",
            explanation="Occupancy = L/(L + K_D): 50 % at K_D, 75 % at 3 K_D, 90 % at 9 K_D (free ligand in excess).",
            objective=1,
        ),
        MultipleChoice(
            "A self peptide lets go of a TCR five times faster than a foreign one. What does adding proofreading "
            "steps do?",
            [
                Choice("Each step multiplies the foreign ÷ self ratio by up to five; every signal gets weaker and "
                       "slower", True,
                       "Right: each step punishes fast off-rates, at a cost in signal strength and time."),
                Choice("It makes the TCR bind the foreign peptide about five times more tightly with every step "
                       "that is added", False,
                       "Proofreading acts after binding; it does not change K_D."),
                Choice("It stops the self peptide from binding to the TCR at all, once there are enough "
                       "proofreading steps", False,
                       "The self peptide still binds; it usually lets go before the last step."),
                Choice("It makes both signals stronger, and the foreign one a little stronger than the self one", False,
                       "Every added step can only lose complexes, so signals get weaker."),
            ],
            explanation="Discrimination grows like ((k_p + k_off,self)/(k_p + k_off,foreign))^N, up to 5^N here, "
                        "while the signal falls and the wait N/k_p grows.",
            objective=2,
        ),
        MultipleChoice(
            "A tumour cell shows its target at about 50 copies per cell. Which receptor is more likely to trigger "
            "killing, going by the thresholds measured?",
            [
                Choice("A TCR that reads it as peptide–HLA: a T-cell clone killed targets with about 3 copies", True,
                       "Right: TCRs respond to a handful of peptide–MHC complexes (Sykulev 1996)."),
                Choice("A CAR that binds it on the surface: the CAR studied needed about 200 copies to kill", False,
                       "About 200 was that CAR's lysis threshold (Watanabe 2015): 50 copies is below it. Other CAR "
                       "designs differ (Majzner 2020), but none in the table reaches TCR sensitivity."),
                Choice("Neither: no receptor can see a target present at only 50 copies on a cell", False,
                       "T cells have killed targets carrying about 3 peptide–MHC complexes."),
            ],
            explanation="Measured thresholds: about 3 peptide–MHC per cell for a TCR; about 200 (killing) and a few "
                        "thousand (cytokines) for one CAR. CAR thresholds depend on the construct.",
            objective=3,
        ),
        MultipleChoice(
            "A solid-tumour antigen sits at about 10⁵ copies per tumour cell and 10² per cell of a vital organ. "
            "Which CAR is most likely to spare the organ?",
            [
                Choice("A lower-affinity CAR whose threshold falls between the organ's level and the tumour's", True,
                       "Right: a threshold between the two levels kills the tumour and spares most organ cells."),
                Choice("The highest-affinity CAR available, so that it finds and kills every tumour cell as fast as "
                       "possible", False,
                       "A tighter binder lowers the threshold towards the organ's antigen level: more organ cells hit."),
                Choice("Any CAR will do: healthy cells are spared because they are not cancerous", False,
                       "A CAR cannot tell cancerous from healthy cells; it only counts antigen."),
            ],
            explanation="Density discrimination works only when tumour and healthy tissue differ enough in antigen "
                        "level; tuning affinity moves the threshold between them.",
            objective=4,
        ),
    ]


def cytotoxic_killing() -> list[Question]:
    """Notebook 04: killing assays, CARRGO and spatial killing."""
    return [
        MultipleChoice(
            "In a 4-hour killing assay, E:T 3:1 gives 95 % specific lysis. What do you expect at E:T 10:1?",
            [
                Choice("A little more, close to 100 %: lysis saturates", True,
                       "Right: almost all targets are already dead, so extra effectors add little."),
                Choice("About 317 %: lysis scales with the number of effectors", False,
                       "Lysis is a percentage of targets; it cannot exceed 100 % and saturates long before."),
                Choice("Less, because effectors get in each other's way", False,
                       "Crowding slows each effector but does not undo kills; total lysis still rises."),
            ],
            explanation="Each extra effector has fewer surviving targets to find, so % lysis rises steeply at low "
                        "E:T and flattens at high E:T.",
        ),
        Numeric(
            "In CARRGO, CAR-T cells die at θ = 0.2 per day and expand at κ₂ = 10⁻¹⁰ per tumour cell per day. "
            "At what tumour size (cells) can they hold the tumour in check? (Type e.g. 3e9.)",
            answer=2e9, rel_tol=0.05, unit="cells",
            correct_feedback="Right: x* = θ/κ₂ = 0.2 / 10⁻¹⁰ = 2×10⁹ tumour cells.",
            too_low="Too low. Set the CAR-T equation to zero: κ₂ x − θ = 0.",
            too_high="Too high. x* = θ/κ₂: divide the death rate by the expansion rate.",
            explanation="dy/dt = y(κ₂x − θ) is zero when x = θ/κ₂: below that tumour size CAR-T cells shrink, "
                        "above it they expand.",
        ),
        MultipleChoice(
            "In the spatial model, why can a large tumour survive many T cells that each kill well?",
            [
                Choice("Only tumour cells at the surface can be touched, and T cells reach it by random search",
                       True, "Yes: geometry and search limit how many kills can happen per step."),
                Choice("Tumour cells inside the mass are resistant to perforin", False,
                       "In the model all tumour cells are equally sensitive; they are simply out of reach."),
                Choice("T cells cannot divide", False,
                       "They can divide after a kill; that does not help them reach the inner cells."),
            ],
            explanation="Killing needs contact. Random walkers find a tumour slowly, and only its edge is exposed; "
                        "exhaustion then caps how many kills each T cell makes.",
        ),
    ]


def side_effects() -> list[Question]:
    """Notebook 06: ASTCT grading, CRS dynamics and the therapeutic window."""
    return [
        MultipleChoice(
            "Day 3 after CAR-T infusion: temperature 38.9 °C, blood pressure held up by one vasopressor, "
            "oxygen 2 L/min by nasal cannula. What is the ASTCT CRS grade?",
            [
                Choice("Grade 3", True, "Right: the more severe of hypotension (one vasopressor: grade 3) and hypoxia "
                                         "(low-flow cannula: grade 2) sets the grade."),
                Choice("Grade 2", False, "Low-flow oxygen alone would be grade 2, but the vasopressor is grade 3, and "
                                         "the worse of the two sets the grade."),
                Choice("Grade 4", False, "Grade 4 needs multiple vasopressors (excluding vasopressin) or positive-"
                                         "pressure ventilation."),
                Choice("Grade 5", False, "Grade 5 is death from CRS."),
            ],
            explanation="ASTCT: fever is required (unless CRS has already been treated with tocilizumab or steroids), "
                        "and the "
                        "grade is set by the more severe of hypotension and hypoxia (Lee et al. 2019).",
        ),
        MultipleChoice(
            "Trial A reports grade ≥ 3 CRS in 22 % of patients (Penn scale), trial B in 13 % (Lee 2014 scale). "
            "What can you conclude?",
            [
                Choice("Not much about the products themselves: the scales grade the same patient differently, and "
                       "the diseases and denominators differ", True,
                       "Right: in one comparison only 25 % of patients got the same CRS grade on every scale "
                       "(Pennisi et al. 2020)."),
                Choice("Product B is safer", False, "Different scales (and diseases, and denominators) make the two "
                                                    "numbers not comparable."),
                Choice("Product A is more effective, because more CRS means more activity", False,
                       "Neither number says anything about efficacy, and they are on different scales."),
            ],
            explanation="Always read a clinical rate with its grading scale and its population (infused or enrolled; "
                        "label or publication).",
        ),
        MultipleChoice(
            "In the CRS explorer (high burden, 3× dose), you give tocilizumab on day 2 or the safety switch on "
            "day 2. Both prevent severe CRS. Why would a clinician reach for tocilizumab first?",
            [
                Choice("It blocks IL-6 signalling and leaves the CAR-T cells to kill the tumour; the switch "
                       "removes most of the CAR-T cells, and the tumour with them escapes", True,
                       "Right: in the explorer the switch stops CRS and the treatment together."),
                Choice("The switch does not work in humans", False,
                       "Inducible caspase-9 removed more than 85 % of the donor T cells carrying it within 30 minutes "
                       "in transplant patients (Di Stasi et al. 2011; Zhou et al. 2015)."),
                Choice("Tocilizumab also kills tumour cells", False,
                       "Tocilizumab is an antibody against the IL-6 receptor; it does not kill tumour cells."),
            ],
            explanation="Every intervention trades toxicity against efficacy to a different degree: IL-6 blockade "
                        "the least, steroids more (they damp and kill T cells), the safety switch the most.",
        ),
    ]
