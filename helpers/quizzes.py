"""The self-check questions of each notebook (kept here so answers are not on the learner's screen).

Every number in a question comes from the notebook's text and its cited sources.
"""

from __future__ import annotations

from helpers.course import SERIES
from helpers.data import dose_targets
from helpers.models.manufacturing import days_to_reach
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
    """Notebook 03: occupancy, proofreading, antigen density and on-target off-tumour effects."""
    return [
        Numeric(
            "A receptor has K_D = 10 nM. What percentage of receptors is bound when the free ligand is 30 nM?",
            answer=75.0, rel_tol=0.0, abs_tol=1.0, unit="%",
            correct_feedback="Right: L/(L+K_D) = 30/(30+10) = 0.75.",
            too_low="Too low. Use L/(L + K_D) with L = 30 nM and K_D = 10 nM.",
            too_high="Too high. Occupancy only reaches 90 % at L = 9 × K_D.",
            explanation="Occupancy = L/(L + K_D). At L = K_D it is 50 %, at 3 K_D 75 %, at 9 K_D 90 %.",
        ),
        MultipleChoice(
            "In kinetic proofreading, what happens when you add more proofreading steps?",
            [
                Choice("Foreign and self ligands are told apart better, but every signal gets weaker and slower", True,
                       "Yes: each step multiplies the signal by k_p/(k_p+k_off), which punishes fast off-rates most."),
                Choice("The receptor binds the foreign ligand more tightly", False,
                       "Proofreading does not change binding (K_D); it changes what happens after binding."),
                Choice("Self ligands are blocked from binding", False,
                       "Self ligands still bind; they just usually fall off before the last step."),
                Choice("Signals become stronger for every ligand", False,
                       "Each extra step can only lose complexes, so signals get weaker, not stronger."),
            ],
            explanation="Discrimination grows like ((k_p + k_off,self)/(k_p + k_off,foreign))^N while the foreign "
                        "signal falls and the mean time to signal, N/k_p, grows.",
        ),
        MultipleChoice(
            "Why do patients treated with CD19 CAR-T cells lose their healthy B cells (B-cell aplasia)?",
            [
                Choice("Healthy B cells carry CD19 too, so the CAR cannot tell them from the leukaemia", True,
                       "Right: this is on-target, off-tumour recognition: same antigen, similar amounts."),
                Choice("The lymphodepleting chemotherapy kills B cells permanently", False,
                       "Chemotherapy lowers lymphocytes for a while; lasting B-cell aplasia tracks CAR-T persistence."),
                Choice("The CAR cross-reacts with a different protein on B cells", False,
                       "That would be off-target; here the target itself is on healthy cells."),
                Choice("B cells are infected by the viral vector", False,
                       "The vector is used on the T cells in the lab, not in the patient."),
            ],
            explanation="When tumour and healthy cells express the same antigen at similar levels, no threshold "
                        "separates them: the trade-off curve lies on the diagonal. For CD19 the loss of B cells is "
                        "tolerable and managed with immunoglobulin replacement.",
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
