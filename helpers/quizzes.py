"""The self-check questions of each notebook (kept here so answers are not on the learner's screen).

Every number in a question comes from the notebook's text and its cited sources.
"""

from __future__ import annotations

import numpy as np

from helpers.course import SERIES
from helpers.data import dose_targets
from helpers.models.journey import fraction_infused, hazard_from_median, intention_to_treat
from helpers.models.manufacturing import days_to_reach
from helpers.models.types import carrier_frequency, eligible_fraction, recognition
from helpers.models.killing import CarrgoParams, carrgo_equilibrium, specific_lysis
from helpers.models.recognition import occupancy
from helpers.models.toxicity import CONSCIOUSNESS, HYPOTENSION, HYPOXIA, crs_grade, icans_grade, window_curves
from helpers.text import sci
from helpers.quiz import Choice, MultipleChoice, Numeric, Question


def start_here() -> list[Question]:
    """Notebook 00: what adoptive cell transfer is, the kinds of cell therapy, explorers, expansion, the map."""
    tecelra = next(t for t in dose_targets() if t.key.startswith("afamitresgene"))
    days = days_to_reach(5e8, 36.0, tecelra.low_cells)
    titles = {lesson.number: f"{lesson.number} · {lesson.title}" for lesson in SERIES}
    return [
        MultipleChoice(
            "A patient's CAR-T cells have been grown to a dose and checked in the manufacturing lab. What happens "
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
                Choice("Only NK cells, because they recognise tumour cells through the peptides on their HLA", False,
                       "NK cells sense stress signals and *missing* HLA; they do not read particular peptides."),
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
            f"A culture for afamitresgene autoleucel (Tecelra), a TCR-T product, starts with 5 × 10⁸ cells that double "
            f"every 36 hours. How many days until it reaches the lowest labelled dose, {sci(tecelra.low_cells)} cells?",
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


def act_journey() -> list[Question]:
    """Notebook 01: the steps, transduction and lymphodepletion, the wait, intention to treat."""
    h12 = hazard_from_median(12.0)
    myeloma = 100 * float(fraction_infused(40.0, h12))
    car_positive = 8e8 * 0.25
    per_infused = 100 * (0.36 * 250) / 180
    return [
        MultipleChoice(
            "A patient with melanoma will be treated with tumour-infiltrating lymphocytes (TIL). Which order is right?",
            [
                Choice("Surgery → grow the TIL (about 3 weeks) → lymphodepletion → infusion → IL-2", True,
                       "Right: the cells come from the tumour, need no gene transfer, and IL-2 follows the infusion."),
                Choice("Leukapheresis → gene transfer → grow the cells → lymphodepletion → infusion", False,
                       "That is the CAR-T or TCR-T journey; TIL come from the tumour and are not engineered."),
                Choice("Surgery → grow the TIL (about 3 weeks) → infusion → lymphodepletion → IL-2", False,
                       "Lymphodepletion comes before the infusion: it makes room for the infused cells."),
                Choice("Surgery → lymphodepletion → grow the TIL (about 3 weeks) → infusion → IL-2", False,
                       "Lymphodepletion is given in the last days before the infusion, not weeks before it."),
            ],
            explanation="TIL: resect → grow (22 days for lifileucel) → lymphodeplete → infuse → IL-2 → monitor.",
            objective=1,
        ),
        MultipleChoice(
            "What is the main reason for giving fludarabine and cyclophosphamide a few days before a CAR-T infusion?",
            [
                Choice("To clear lymphocytes that would use up the IL-7 and IL-15 the cells need", True,
                       "Right: removing these 'cytokine sinks' is the best-supported explanation (in mice, "
                       "Gattinoni 2005); fewer suppressive cells may add to it."),
                Choice("To shrink the tumour, so that the infused cells have much less cancer left to face", False,
                       "Controlling the tumour while waiting is the job of bridging therapy; lymphodepletion is timed "
                       "and dosed to lower the patient's lymphocytes."),
                Choice("To prevent cytokine release syndrome in the days after the infusion", False,
                       "It does not; cytokine release syndrome comes from the activated cells after the infusion."),
                Choice("To make the bone marrow produce new T cells to join the product", False,
                       "Chemotherapy suppresses the marrow; the product was made before it is given."),
            ],
            explanation="Lymphodepletion makes room: fewer competing lymphocytes, more IL-7 and IL-15 for the infused "
                        "cells.",
            objective=2,
        ),
        Numeric(
            "A finished batch holds 8 × 10⁸ living T cells and its transduction efficiency is 25 %. How many cells "
            "count towards a dose of CAR-positive viable T cells?",
            answer=car_positive, rel_tol=0.05, unit="cells",
            correct_feedback="Right: 25 % of 8 × 10⁸ is 2 × 10⁸ CAR-positive cells.",
            too_low="Too low. Take 25 % of all the living T cells.",
            too_high="Too high. Only the transduced (CAR-positive) cells count.",
            explanation="CAR-positive cells = living T cells × transduction efficiency = 8 × 10⁸ × 0.25.",
            objective=2,
        ),
        Numeric(
            "Suppose patients with myeloma in a trial have a median of 12 months until they die or become too ill "
            "for the infusion, and their cells take 40 days. With no manufacturing failures and no bridging, what "
            "percentage of enrolled patients does the vein-to-vein model predict are infused?",
            answer=myeloma, rel_tol=0.0, abs_tol=1.5, unit="%",
            correct_feedback=f"Right: h = ln 2 ÷ (12 × 30.4 days) ≈ 0.0019 per day, and e^(−0.0019 × 40) ≈ "
                             f"{myeloma:.0f} %.",
            too_low="Too low. A 12-month median is a slow hazard: about 0.0019 per day.",
            too_high="Too high. Some patients are still lost in 40 days.",
            explanation="Hazard h = ln 2 ÷ median (in days); share infused = e^(−h × wait).",
            objective=3,
        ),
        Numeric(
            "A trial reports that 36 % of its 250 enrolled patients responded; 180 of them were infused. What "
            "percentage of the infused patients responded?",
            answer=per_infused, rel_tol=0.0, abs_tol=0.5, unit="%",
            correct_feedback="Right: 0.36 × 250 = 90 responders, and 90 ÷ 180 = 50 %.",
            too_low="Too low. Count the responders (36 % of 250), then divide by the 180 infused.",
            too_high="Too high. 36 % of 250 is 90 responders.",
            explanation="Rate among infused = rate among enrolled ÷ share infused = 0.36 ÷ (180/250).",
            objective=4,
        ),
    ]


def types_of_act() -> list[Question]:
    """Notebook 02: the cell types, who sees what, eligibility, recruiting the immune system."""
    low_mhc = recognition("surface", True, 0.1, 1e4, 30.0, 0.2)
    car_wins = low_mhc.fractions["CAR-T"] > low_mhc.fractions["TCR-T"]
    eligible = 100 * eligible_fraction(carrier_frequency(0.10), 0.40)
    return [
        MultipleChoice(
            "Which of these approved products can only be given to patients who carry a particular HLA type?",
            [
                Choice("Afamitresgene autoleucel (Tecelra)", True,
                       "Right: its TCR reads a MAGE-A4 peptide on a few HLA-A*02 alleles only."),
                Choice("Tisagenlecleucel (Kymriah)", False, "A CAR binds CD19 itself, whatever the HLA type."),
                Choice("Lifileucel (Amtagvi)", False,
                       "TIL are the patient's own T cells: they read peptides on the patient's own HLA types."),
                Choice("Idecabtagene vicleucel (Abecma)", False, "A CAR binds BCMA itself, whatever the HLA type."),
            ],
            explanation="Engineered TCRs are HLA-restricted; CARs are not; TIL use the patient's own HLA types.",
            objective=1,
        ),
        MultipleChoice(
            "A company wants one batch of donor cells to treat many unrelated patients. Why are NK cells attractive "
            "for this?",
            [
                Choice("They have no T-cell receptors, which let donor T cells attack the patient", True,
                       "Right: donor T cells' TCRs can attack the patient's tissues; NK cells have none."),
                Choice("NK cells need no lymphodepleting chemotherapy before the infusion", False,
                       "In the first CAR-NK trial the patients did receive lymphodepleting chemotherapy; the reason "
                       "is the absence of TCRs."),
                Choice("Their receptors read the same peptide–HLA complexes as the patient's own T cells", False,
                       "NK cells have no TCRs: they weigh stress ligands against MHC class I."),
                Choice("NK cells are collected from cord blood, which suits every patient's tissue type", False,
                       "Cord blood is one source, but the cells were HLA-mismatched; the absence of TCRs is what "
                       "avoids graft-versus-host disease."),
            ],
            explanation="Graft-versus-host disease comes from donor T cells' TCRs; NK cells have no TCRs.",
            objective=1,
        ),
        MultipleChoice(
            "A tumour keeps only 10 % of its normal MHC class I. Its target peptide would be shown at about 30 copies "
            "per cell with normal MHC, and the same protein sits on the surface at 10⁴ molecules per cell. In the "
            "model, which engineered cells recognise more tumour cells?",
            [
                Choice("The CAR-T cells", car_wins,
                       "Right: the CAR does not need MHC; with 10 % MHC only about 3 peptide–MHC remain, right at "
                       "the TCR's threshold."),
                Choice("The TCR-T cells", not car_wins, "With 10 % of MHC class I only about 3 peptide–MHC remain."),
                Choice("Both about the same", False, "The CAR recognises nearly all cells; the TCR about half."),
            ],
            explanation="Lowering MHC class I takes peptide–MHC below the TCR's threshold; a CAR is unaffected.",
            objective=2,
        ),
        Numeric(
            "An HLA allele has a frequency of 0.10 in a population and 40 % of tumours express the antigen. What "
            "percentage of patients are eligible for a TCR-T restricted to that allele?",
            answer=eligible, rel_tol=0.0, abs_tol=0.5, unit="%",
            correct_feedback=f"Right: carriers 1 − 0.9² = 19 %, times 0.40 = {eligible:.1f} %.",
            too_low="Too low. Each person has two copies: carriers are 1 − (1 − 0.10)² = 19 %, not 10 %.",
            too_high="Too high. Multiply the carriers by the share of tumours that express the antigen.",
            explanation="Eligible = (1 − (1 − q)²) × antigen-positive share.",
            objective=3,
        ),
        MultipleChoice(
            "A TCR-T was tested in a trial whose patients were mostly of European ancestry. Why might a smaller share "
            "of patients of other ancestries be eligible?",
            [
                Choice("Fewer people in some populations carry the HLA alleles the TCR reads", True,
                       "Right: allele frequencies differ several-fold between populations."),
                Choice("Tumours of patients of other ancestries show less of the target antigen", False,
                       "The data used here give one antigen-positive share per tumour type; the HLA factor is what "
                       "varies several-fold."),
                Choice("The TCR binds its peptide more weakly on the HLA-A*02:01 of other ancestries", False,
                       "HLA-A*02:01 is the same molecule in everyone who carries it; what differs is how many carry "
                       "it."),
            ],
            explanation="Eligibility = HLA carriers × antigen-positive: the first factor varies several-fold between "
                        "populations.",
            objective=3,
        ),
        MultipleChoice(
            "A colleague says: 'Cytokine release syndrome shows that macrophages help CAR-T cells kill the cancer.' "
            "What is the best reply?",
            [
                Choice("Partly: macrophages make its cytokines, but their help in killing is shown mainly in mice",
                       True,
                       "Right: macrophage IL-6 and IL-1 drive the toxicity; host help was shown in mice and one "
                       "patient (Alizadeh 2021)."),
                Choice("Largely: the IL-6 that activated macrophages release helps kill the tumour cells", False,
                       "IL-6 drives the symptoms of the syndrome; it is not what kills tumour cells."),
                Choice("Hardly: the syndrome comes mainly from cytokines the CAR-T cells make themselves", False,
                       "In mouse models macrophages and monocytes made the IL-6 and IL-1 that drive it."),
            ],
            explanation="Activation of macrophages is real, but it is the cost (cytokine release syndrome); host "
                        "immune help in killing is a research finding so far.",
            objective=4,
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
            "Two products target the same tumour: a TCR-T product that finds about 50 peptide–HLA complexes on each "
            "tumour cell, and a CAR-T product that finds about 50 copies of a surface protein. Going by the "
            "thresholds measured, which is more likely to kill?",
            [
                Choice("The TCR-T product: a T-cell clone killed targets bearing about 3 peptide–MHC", True,
                       "Right: TCRs respond to a handful of peptide–MHC complexes (Sykulev 1996)."),
                Choice("The CAR-T product: the CAR studied needed about 200 surface molecules to kill", False,
                       "About 200 was that CAR's lysis threshold (Watanabe 2015): 50 copies is below it. Other CAR "
                       "designs differ (Majzner 2020), but none in the table reaches TCR sensitivity."),
                Choice("Neither of them: no receptor can see a target at only 50 copies on a cell", False,
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
                Choice("A CAR with a stronger co-stimulatory domain, so that it acts before the organ is reached", False,
                       "A stronger signal lowers the antigen the CAR needs: more organ cells would be hit, not fewer."),
            ],
            explanation="Density discrimination works only when tumour and healthy tissue differ enough in antigen "
                        "level; tuning affinity moves the threshold between them.",
            objective=4,
        ),
    ]


def _half_lysis_hours(kills_per_day: float) -> float:
    """Hours until E:T 1:1 reaches 50 % specific lysis in notebook 04's assay (10⁴ targets, half speed at 10⁴)."""
    hours = np.linspace(0.0, 96.0, 9601)
    lysis = specific_lysis(hours, 1e4, 1.0, kills_per_day / 24.0, 1e4)
    return float(np.interp(50.0, lysis, hours))


def cytotoxic_killing() -> list[Question]:
    """Notebook 04: killing mechanisms, assays, CARRGO and spatial killing."""
    slow, fast = _half_lysis_hours(4.0), _half_lysis_hours(16.0)
    held = carrgo_equilibrium(CarrgoParams(rho=0.1, capacity=1e12, kappa1=1e-9, kappa2=1e-11, theta=0.05))
    return [
        MultipleChoice(
            "T cells that lack perforin can still kill some targets, slowly. Which route could be responsible?",
            [
                Choice("Fas ligand on the T cell engaging Fas (CD95) on the target, which triggers apoptosis", True,
                       "Right: the Fas route needs no perforin; it is slower than perforin and granzymes."),
                Choice("Granzymes entering the target cell on their own, without any pores to let them in", False,
                       "Granzymes need perforin's pores to reach the target's cytoplasm."),
                Choice("IL-2 released by the T cell, which is toxic to the tumour cells it touches", False,
                       "IL-2 is a growth signal for T cells, not a toxin."),
                Choice("Antibodies made by the T cell itself, which coat the target and then destroy it", False,
                       "T cells do not make antibodies; B cells and plasma cells do."),
            ],
            explanation="Killing routes: perforin and granzymes (fast), Fas ligand (slower), and cytokines that act "
                        "on the target and recruit other cells.",
            objective=1,
        ),
        Numeric(
            f"In the assay model, effectors that kill at most 4 targets a day reach 50 % lysis at E:T 1:1 after "
            f"{slow:.0f} hours. About when do effectors that kill at most 16 a day reach it, at the same E:T?",
            answer=fast, rel_tol=0.1, unit="hours",
            correct_feedback=f"Right: four times the killing speed, a quarter of the time: about {fast:.1f} hours.",
            too_low="Too early. Four times faster killing divides the time by four, not more.",
            too_high="Too late. Time and killing capacity enter as a product: four times the speed, a quarter "
                     "of the time.",
            explanation="Targets fall with k × E × t: the same lysis is reached when k × t is the same.",
            objective=2,
        ),
        MultipleChoice(
            "In CARRGO, CAR-T cells die at θ = 0.05 per day and expand at κ₂ = 10⁻¹¹ per tumour cell per day; "
            "the carrying capacity is 10¹² cells. What does the model predict?",
            [
                Choice(f"The tumour is held around {sci(held.tumour)} cells, where the nullclines cross", True,
                       f"Right: x* = θ/κ₂ = {sci(held.tumour)}, below the carrying capacity."),
                Choice("The tumour escapes, because κ₂ is too small for the CAR-T cells to expand at all", False,
                       f"Escape needs θ/κ₂ at or above the carrying capacity; here it is {sci(held.tumour)}."),
                Choice("The tumour is eliminated, because the CAR-T cells live a long time (small θ)", False,
                       "Long-lived cells lower x*, but CARRGO still has a coexistence point here."),
            ],
            explanation="Setting dy/dt = 0 gives x* = θ/κ₂: below it CAR-T cells shrink, above it they grow.",
            objective=3,
        ),
        MultipleChoice(
            "In the spatial model, 300 default T cells (kill chance 0.3) are exhausted after 5 kills. Which change "
            "leaves fewer tumour cells at step 300?",
            [
                Choice("Keep 300 cells, but let each kill 20 times before it is exhausted", True,
                       "Right: 300 cells that last for 20 kills leave far fewer tumour cells than 600 that tire "
                       "after 5 (over seeds 0–9 in the model)."),
                Choice("Double the dose to 600 cells, each still exhausted after 5 kills", False,
                       "Doubling the dose helps, but less: each cell still stops after 5 kills."),
                Choice("Give 50 cells a kill chance of 1, each still exhausted after 5 kills", False,
                       "Killing faster does not help if the cells stop after 5 kills: 50 such cells do worse than "
                       "300 default ones."),
            ],
            explanation="Only the tumour's edge can be reached, and each kill costs a T cell part of its budget: "
                        "how long the cells keep killing limits the outcome most.",
            objective=4,
        ),
    ]


def crs_and_icans() -> list[Question]:
    """Notebook 06: why CRS and ICANS happen, ASTCT grading, treatments, and reading clinical rates."""
    crs = crs_grade(39.1, HYPOTENSION.NONE, HYPOXIA.HIGH_FLOW)
    icans = icans_grade(8, CONSCIOUSNESS.AWAKENS_SPONTANEOUSLY)
    pairs = {(crs, icans), (crs - 1, icans), (crs, icans + 1), (crs + 1, icans)}
    return [
        MultipleChoice(
            "Two adults receive the same CAR-T dose. Patient A's marrow is full of leukaemia; patient B has little "
            "disease left. Who is more likely to develop severe CRS, and why?",
            [
                Choice("Patient A: more targets mean more CAR-T expansion and more activation of myeloid cells", True,
                       "Right: a high tumour burden was among the independent predictors of CRS (Hay et al. 2017)."),
                Choice("Patient B: with few targets the CAR-T cells turn on healthy tissue and inflame it instead",
                       False, "CRS follows target engagement: fewer targets, less expansion, less cytokine."),
                Choice("Neither: the risk of CRS depends on the CAR-T dose alone, not on the amount of disease",
                       False, "Dose matters, but so does burden: both raise the risk (Hay et al. 2017)."),
            ],
            explanation="More tumour means more targets, more CAR-T expansion and more activation: higher burden "
                        "and higher dose both raise the risk of severe CRS.",
            objective=1,
        ),
        MultipleChoice(
            "Day 4: 39.1 °C, blood pressure normal, oxygen 8 L/min by high-flow nasal cannula; ICE score 8, awakens "
            "spontaneously. What are the ASTCT grades?",
            [Choice(f"CRS grade {c}, ICANS grade {i}", (c, i) == (crs, icans),
                    "Right: high-flow oxygen is grade 3 CRS; ICE 7–9 and waking spontaneously are grade 1 ICANS."
                    if (c, i) == (crs, icans) else
                    "Check the tables: oxygen above 6 L/min (high flow) sets CRS; ICE 7–9 sets ICANS.")
             for c, i in sorted(pairs)],
            explanation="CRS: fever plus the worse of hypotension and hypoxia (high-flow cannula: grade 3). ICANS: "
                        "the worst domain (ICE 8 and awakening spontaneously: grade 1).",
            objective=2,
        ),
        MultipleChoice(
            "On day 5 a patient's CRS has settled after tocilizumab, but confusion (ICANS) is getting worse. Which "
            "treatment does the evidence in this notebook point to?",
            [
                Choice("A corticosteroid such as dexamethasone, with supportive care", True,
                       "Right: guidelines manage moderate to severe ICANS with corticosteroids (Santomasso et al. "
                       "2021); tocilizumab does not treat ICANS."),
                Choice("More tocilizumab, because it worked for the CRS", False,
                       "Blocking IL-6 signalling did not prevent neurotoxicity in mice (Norelli et al. 2018)."),
                Choice("Nothing: ICANS always settles by itself in days", False,
                       "Mild ICANS may only need supportive care, but worsening ICANS can become life-threatening."),
            ],
            explanation="Tocilizumab, with or without a corticosteroid, for prolonged or severe CRS; corticosteroids and "
                        "supportive care for moderate to severe ICANS (ASCO guideline, Santomasso et al. 2021).",
            objective=3,
        ),
        MultipleChoice(
            "Two trials of CAR-T products in adults with the same lymphoma report grade ≥ 3 CRS in 22 % (graded on "
            "the Penn scale) and in 13 % (Lee 2014 scale). What can you conclude?",
            [
                Choice("Little: the two scales grade the same patient differently", True,
                       "Right: in one comparison only 25 % of patients got the same CRS grade on every scale "
                       "(Pennisi et al. 2020)."),
                Choice("The second product is safer, because fewer of its patients had grade 3 or higher", False,
                       "On different scales, the two numbers are not comparable."),
                Choice("The first product works better, because more severe CRS means more active cells", False,
                       "Neither number says anything about efficacy, and they are on different scales."),
            ],
            explanation="Always read a clinical rate with its grading scale and its population (infused or enrolled; "
                        "label or publication).",
            objective=4,
        ),
    ]


def therapeutic_window() -> list[Question]:
    """Notebook 06b: the therapeutic window, what moves it, and B-cell aplasia."""
    doses = np.geomspace(0.01, 100.0, 241)
    reference = window_curves(doses)
    smaller = window_curves(doses, burden=0.3)
    widens = smaller.window is not None and reference.window is not None and smaller.window[1] > reference.window[1]
    return [
        MultipleChoice(
            "In the therapeutic-window explorer, what sets the upper edge of the window?",
            [
                Choice("The highest risk of severe CRS you accept, read off the severe-CRS curve", True,
                       "Right: above that dose the risk of severe CRS is higher than you accept."),
                Choice("The dose at which the chance of response stops rising and levels off", False,
                       "Response keeps rising slowly; the upper edge comes from the risk limit."),
                Choice("The largest number of cells the manufacturing lab can grow for one patient", False,
                       "Manufacturing limits exist, but the window is defined by response and risk."),
            ],
            explanation="The lower edge is where the response reaches what you require; the upper edge is where the "
                        "risk of severe CRS reaches what you accept.",
            objective=1,
        ),
        MultipleChoice(
            "Bridging therapy has shrunk a patient's tumour to 0.3 times the reference burden before infusion. How "
            "does the window move?",
            [
                Choice("It widens upwards: severe CRS now needs a higher dose", widens,
                       "Right: less tumour, less activation at every dose, so a higher dose stays within the limit."),
                Choice("It narrows: less tumour means the CAR-T cells work less well", not widens,
                       "Response per cell does not fall with burden in this model; severe-CRS risk does."),
                Choice("It does not move: the window depends only on the CAR's affinity", False,
                       "Burden moves the severe-CRS curve; affinity moves both curves."),
            ],
            explanation="Tumour burden drives activation and so the severe-CRS curve: reducing it before infusion "
                        "moves a patient back into (or further inside) the window.",
            objective=2,
        ),
        MultipleChoice(
            "Two patients are in remission after CD19 CAR-T therapy. In A the CAR-T cells vanish within two months; "
            "in B they persist for years. Which statement fits?",
            [
                Choice("B lacks healthy B cells for longer, so antibody levels need watching for longer", True, "Right: aplasia lasts as long as the CAR-T cells do; long-lived plasma cells lack CD19 "
                             "and keep making some antibodies (Bhoj et al. 2016)."),
                Choice("A stays without healthy B cells for longer, because the marrow is exhausted sooner", False,
                       "B cells come back once the CAR-T cells that kill them are gone."),
                Choice("Both lose their plasma cells for good, because plasma cells also carry CD19", False,
                       "Long-lived plasma cells lack CD19 and survived for years in patients (Bhoj et al. 2016)."),
            ],
            explanation="On-target, off-tumour: healthy B cells carry CD19 and are killed while CAR-T cells persist.",
            objective=3,
        ),
    ]


def clinical_applications() -> list[Question]:
    """Notebook 05: response criteria, durable remission, persistence and the two relapses, and a trial's rate as a
    sample."""
    from scipy.stats import fisher_exact

    from helpers.models.clinical import RECIST_PARTIAL_RESPONSE, cure_survival, proportion_interval
    from helpers.models.kinetics import STEIN_2019, KineticsParams
    from helpers.models.trial import patient_course

    # Objective 1: RECIST 1.1's partial response, a fall of at least 30 % in the summed target diameters.
    baseline_mm = 80.0
    largest_pr_mm = baseline_mm * (1.0 - RECIST_PARTIAL_RESPONSE)
    # Objective 2: the cure model read at two years, and its plateau.
    pi, scale, shape = 0.40, 12.0, 1.0
    at_two_years = 100.0 * float(cure_survival([24.0], pi, scale, shape)[0])
    # Objective 3: a patient whose cells persist, but who has antigen-negative cells.
    p = STEIN_2019
    lasting = KineticsParams(p.cmax, p.tmax_days, p.fold_expansion, p.alpha_per_day, 0.03, p.beta_per_day)
    escape = patient_course(lasting, negative_share=1e-6).outcome
    # Objective 4: two trials of 40 patients, 24 and 32 responders: a test of the difference.
    a, b = proportion_interval(24, 40), proportion_interval(32, 40)
    p_value = float(fisher_exact([[24, 16], [32, 8]]).pvalue)
    chance = p_value > 0.05
    return [
        Numeric(
            f"A melanoma trial judges response by RECIST 1.1. Before treatment, a patient's target lesions add up to "
            f"{baseline_mm:.0f} mm across. What is the largest sum (in mm) that still counts as a partial response?",
            answer=largest_pr_mm, rel_tol=0.0, abs_tol=1.0, unit="mm",
            correct_feedback=f"Right: a partial response is a fall of at least 30 %, so {baseline_mm:.0f} mm "
                             f"must fall to {largest_pr_mm:.0f} mm or less.",
            too_low="Too low: sums between yours and the answer also count; a partial response needs a fall of at "
                    "least 30 %, not more.",
            too_high="Too high: a partial response needs the sum to fall by at least 30 %.",
            explanation="RECIST 1.1 (Eisenhauer et al. 2009): partial response = the summed diameters of the target "
                        "lesions fall by at least 30 % from before treatment, with no new lesions and no growth "
                        "elsewhere. Lymphoma (Lugano) and myeloma (IMWG) "
                        "use other measures, so an ORR means different things in different diseases.",
            objective=1,
        ),
        Numeric(
            f"A cure model fitted to a trial has a cure fraction of {100 * pi:.0f} %, and the uncured patients' curve "
            f"is e^(−t/{scale:.0f} months). What share of patients does it put alive at 24 months?",
            answer=at_two_years, rel_tol=0.0, abs_tol=2.0, unit="%",
            correct_feedback=f"Right: {100 * pi:.0f} % + {100 * (1 - pi):.0f} % × e^(−2) ≈ {at_two_years:.0f} %. The "
                             "curve is still above its plateau, and will level off at the cure fraction.",
            too_low=f"Too low: the cure fraction ({100 * pi:.0f} %) is only the floor. Add the uncured patients still "
                    f"alive at 24 months: {100 * (1 - pi):.0f} % × e^(−24/{scale:.0f}).",
            too_high="Too high: after two scale lengths only about 14 % of the uncured are still alive.",
            explanation="S(t) = π + (1 − π) e^(−(t/λ)^k): the plateau is π; the uncured add to it less and less.",
            objective=2,
        ),
        MultipleChoice(
            "A child with B-ALL goes into remission after CD19 CAR-T cells. A year later the cells are still found in "
            "the blood and B cells have not come back, yet the leukaemia returns. What is the most likely "
            "explanation?",
            [
                Choice("The cells expanded too little at first", False,
                       "A weak peak shows as no response or an early relapse, and the cells would not still be "
                       "holding B cells off."),
                Choice("The CAR-T cells had stopped killing", False,
                       "B cells staying away (B-cell aplasia) shows the cells still kill CD19-positive targets."),
                Choice("Leukaemia cells with too little CD19 escaped", escape == "CD19-negative relapse",
                       "Right: cells the CAR cannot see grow back whatever the CAR-T cells do (antigen escape)."),
            ],
            explanation="Persisting CAR-T cells hold back CD19-positive cells; a relapse in their presence is most "
                        "often CD19-negative (antigen escape, notebook 03's threshold): 23 of 25 such relapses after "
                        "tisagenlecleucel in Pulsipher et al. (2022).",
            objective=3,
        ),
        MultipleChoice(
            "Two trials of the same product each treat 40 patients; 24 respond in one (60 %) and 32 in the other "
            "(80 %). What is the best reading?",
            [
                Choice("The second trial's manufacturing was better", False,
                       "Possible, but sampling alone can produce a difference this size."),
                Choice("Chance alone could produce a gap this size in trials of 40", chance,
                       f"Right: a test of the difference (Fisher's exact test) gives p ≈ {p_value:.2f}; the intervals "
                       f"are {100 * a[0]:.0f}–{100 * a[1]:.0f} % and {100 * b[0]:.0f}–{100 * b[1]:.0f} %."),
                Choice("A 20-point gap is too big to be chance, so the second trial's patients truly did better",
                       not chance,
                       f"A test of the difference (Fisher's exact test) gives p ≈ {p_value:.2f}: with 40 patients "
                       "per trial, chance is a plausible explanation."),
            ],
            explanation="With n = 40 each rate is uncertain by over ten points; differing patients and criteria add more.",
            objective=4,
        ),
    ]


def cost_and_complexity() -> list[Question]:
    """Notebook 07: what lowers the cost of a lasting remission, moving a therapy onto the threshold line, and what
    removes the one-batch-per-patient limit."""
    from helpers.models.economics import cost_per_enrolled, cost_per_responder, icer

    # Objective 1: a product at $400,000 with $50,000 of care; 30 % of infused patients still in remission.
    price, care, lasting = 400_000.0, 50_000.0, 0.30

    def per_remission(p: float, share: float) -> float:
        return cost_per_responder(cost_per_enrolled(p, 1.0, infusion=care).total, 1.0, share)

    def with_care(c: float) -> float:
        return cost_per_responder(cost_per_enrolled(price, 1.0, infusion=c).total, 1.0, lasting)

    options = {"Halve the price": per_remission(price / 2, lasting),
               "Double the share of patients whose remission lasts": per_remission(price, 2 * lasting),
               "Halve the cost of the hospital care after the infusion": with_care(care / 2)}
    best = min(options, key=options.get)
    base = per_remission(price, lasting)
    # Objective 2: the survivor-share lever, in the plane's simplification (QALYs in proportion to extra survivors).
    extra_cost, extra_qaly, planned, observed = 300_000.0, 3.0, 0.30, 0.15
    ratio = icer(extra_cost, extra_qaly * observed / planned, 0.0, 0.0)
    return [
        MultipleChoice(
            f"A product costs ${price:,.0f} and the care after the infusion ${care:,.0f}; {100 * lasting:.0f} % of "
            "infused patients are still in remission years later. Which change lowers the cost per lasting "
            "remission the most?",
            [Choice(text, text == best,
                    f"Right: ${options[text]:,.0f} per lasting remission, down from ${base:,.0f}. The share whose "
                    "remission lasts divides the whole bill, care included." if text == best else
                    f"That gives ${options[text]:,.0f} per lasting remission, down from ${base:,.0f}"
                    + ("; halving the price leaves the care cost untouched." if text == "Halve the price" else
                       ": the care is the smaller part of the bill."))
             for text in options],
            explanation="Cost per lasting remission = (price + care) ÷ share still in remission: the share divides "
                        "the whole bill, so raising it helps as much as cutting every cost by the same factor.",
            objective=1,
        ),
        Numeric(
            f"A CAR-T costs ${extra_cost:,.0f} more than standard care and gains {extra_qaly:.0f} QALYs per patient, "
            f"because {100 * planned:.0f} more patients in every 100 become long-term survivors. Longer follow-up "
            f"shows only {100 * observed:.0f} more in every 100. If every extra survivor brings the same QALYs and the "
            "costs do not change, what is the ICER (US$ per QALY)?",
            answer=ratio, rel_tol=0.02, unit="US$ per QALY",
            correct_feedback=f"Right: half the extra survivors, half the QALYs ({extra_qaly * observed / planned:.1f}), "
                             f"so twice the ratio: ${ratio:,.0f} per QALY.",
            too_low="Too low: fewer extra survivors means fewer QALYs for the same extra cost, so a higher ratio.",
            too_high="Too high: the QALYs halve, so the ratio doubles, no more.",
            explanation="ICER = extra cost ÷ extra QALYs. For a one-time therapy the QALYs come from the extra "
                        "long-term survivors, so the share whose remission lasts moves the ratio as much as the price.",
            objective=2,
        ),
        MultipleChoice(
            "A centre switches from autologous CAR-T cells to stored cells made from healthy donors. Which problem "
            "does it take on that it did not have before?",
            [Choice("Batches that fail to grow for a given patient", False,
                    "That is the autologous problem: a failed batch leaves that patient without cells. Donor "
                    "batches are made and tested before anyone needs them."),
             Choice("Donor cells attacking the patient, or being rejected", True,
                    "Right: the cells are not the patient's own, so they are edited against graft-versus-host "
                    "disease (the T-cell receptor removed) and against rejection (notebook 08)."),
             Choice("Waiting weeks for each patient's own batch to be made", False,
                    "That is the autologous problem the donor cells remove: they are made and stored in advance.")],
            explanation="Autologous cells come from the patient and go back only to that patient: one batch each, "
                        "and a wait. Allogeneic cells remove the wait but bring the donor-versus-patient problems.",
            objective=3,
        ),
    ]


def future_directions() -> list[Question]:
    """Notebook 08: choosing a gate for a new antigen pattern, matching a combination to an obstacle, and why
    donor cells are edited."""
    from helpers.explorers.future import PRESENT, SPREAD
    from helpers.models.recognition import TissueAntigens, gate_response

    # Objective 1: the tumour carries A and B; one healthy tissue carries A only, another B only.
    tumour = TissueAntigens(PRESENT, PRESENT, SPREAD, SPREAD)
    only_a = TissueAntigens(PRESENT, 0.0, SPREAD, SPREAD)
    only_b = TissueAntigens(0.0, PRESENT, SPREAD, SPREAD)

    def margin(gate: str) -> float:
        return gate_response(gate, tumour, 200.0) - max(gate_response(gate, only_a, 200.0),
                                                          gate_response(gate, only_b, 200.0))

    best = max(("AND", "OR", "NOT"), key=margin)
    return [
        MultipleChoice(
            "A tumour carries antigens A and B. The lung carries A but not B; the gut carries B but not A. Which "
            "gate kills the tumour and spares both healthy tissues?",
            [Choice("A OR B", best == "OR", "Either antigen is enough, so both the lung and the gut are hit."),
             Choice("A NOT B", best == "NOT", "It vetoes every cell carrying B, the tumour included, and still "
                                              "hits the lung."),
             Choice("A AND B", best == "AND", "Right: only the tumour carries both; each healthy tissue fails one "
                                              "of the two conditions.")],
            explanation="Ask which combination of signals is found on the tumour and on no healthy tissue: here, "
                        "A and B together.",
            objective=1,
        ),
        MultipleChoice(
            "In a solid-tumour trial, CAR-T cells reach the tumour but stop killing within days, and biopsies show "
            "PD-L1 on the tumour cells. Which added treatment best fits that obstacle?",
            [Choice("CAR-T cells that make heparanase", False,
                    "Heparanase digests the stroma; these cells already reach the tumour."),
             Choice("A PD-1 antibody given with the cells", True,
                    "Right: PD-L1 points to the PD-1 brake, and blockade releases it (pembrolizumab was tried this "
                    "way after CAR-T failure in lymphoma). TGF-β could also be at work: biopsies guide the choice."),
             Choice("A stronger lymphodepletion before the infusion", False,
                    "Lymphodepletion helps the cells expand; it does not release a brake inside the tumour.")],
            explanation="Match each answer to its obstacle: an enzyme for a barrier, resistance to TGF-β for "
                        "TGF-β, blockade for the PD-1 brake.",
            objective=2,
        ),
        MultipleChoice(
            "Donor (allogeneic) CAR-T cells are often edited to remove CD52. Why?",
            [Choice("So that the donor cells cannot attack the patient's healthy tissues and organs", False,
                    "That is why the T-cell receptor is removed (graft-versus-host disease)."),
             Choice("So that the patient's NK cells do not recognise them as foreign and kill them", False,
                    "Removing CD52 does nothing for that; NK cells react to missing HLA class I."),
             Choice("So an anti-CD52 antibody can clear the patient's T cells but not them", True,
                    "Right: alemtuzumab (anti-CD52) given with the cells stops the patient rejecting them, and "
                    "cells without CD52 survive it.")],
            explanation="Each edit answers one problem of donor cells: the T-cell receptor against graft-versus-host "
                        "disease, CD52 against the antibody used to stop rejection.",
            objective=3,
        ),
    ]


# --------------------------------------------------------------------------------------------------
# Notebook 09 (Review): a mixed quiz in two rounds, one question per notebook in each, in a mixed order.
def _revisit(number: str, heading: str) -> str:
    """``"<notebook filename>#<heading anchor>"`` for notebook ``number`` (the heading with spaces as hyphens)."""
    lesson = next(s for s in SERIES if s.number == number)
    return f"{lesson.filename}#{heading.replace(' ', '-')}"


def review_round_one() -> list[Question]:
    """Notebook 09, round one (in class): every notebook's key idea in a new situation, notebooks interleaved."""
    from helpers.explorers.future import PRESENT, SPREAD
    from helpers.models.recognition import TissueAntigens, gate_response
    from helpers.models.trial import patient_course
    from helpers.models.kinetics import STEIN_2019
    from helpers.models.types import recognition as who_recognises
    from helpers.data import culture_expansions, product_prices

    # 03: a binder 40-fold weaker (larger K_D) at the antigen level that half-occupies the tighter one.
    weaker = 40.0
    fmc63_kd = 1e-9  # any K_D: the answer depends only on the ratio
    weak_bound = 100.0 * float(occupancy(fmc63_kd, weaker * fmc63_kd))
    # 06: no fever, no treatment yet.
    no_fever = crs_grade(37.4, HYPOTENSION.NO_VASOPRESSORS, HYPOXIA.LOW_FLOW)
    # 00: the slowest published expansion (data/culture_expansion.csv), carried on to 1,000-fold.
    slow = max(culture_expansions(), key=lambda c: c.doubling_time_h)
    fold = 1000.0
    slow_days = days_to_reach(1.0, slow.doubling_time_h, fold)
    # 08: the tumour carries A and has lost B; the healthy tissue with A also carries B.
    tumour = TissueAntigens(PRESENT, 0.0, SPREAD, SPREAD)
    healthy = TissueAntigens(PRESENT, PRESENT, SPREAD, SPREAD)
    gates = {g: (gate_response(g, tumour, 200.0), gate_response(g, healthy, 200.0)) for g in ("A", "AND", "OR", "NOT")}
    best_gate = max(gates, key=lambda g: gates[g][0] - gates[g][1])
    # 05: the typical patient of Stein et al. (2019), whose cells fade.
    faded = patient_course(STEIN_2019).outcome
    # 01: a shorter wait at SCHOLAR-1's median survival.
    h = hazard_from_median(6.3)
    gained = 100.0 * (float(fraction_infused(20.0, h)) - float(fraction_infused(50.0, h)))
    # 06b: a ten-times tighter binder.
    doses = np.geomspace(0.01, 100.0, 241)
    ref, tight = window_curves(doses).window, window_curves(doses, kd_m=1e-9).window
    assert ref is not None and tight is not None
    narrows = tight[1] < ref[1] and abs(tight[0] - ref[0]) < 0.1 * ref[0]
    # 02: no MHC class I, an intracellular target, stress ligands present.
    seen = who_recognises("intracellular", True, 0.0, 1e4, 30.0, 0.8)
    nk_only = set(seen.recognised()) == {"NK", "CAR-NK"}
    # 07: the hospital-made product's reported price.
    ari = next(p for p in product_prices() if "ARI-0001" in p.product)

    return [
        Numeric(
            "The CD19 binder of obecabtagene autoleucel binds about 40-fold more weakly than FMC63: its K_D is about "
            "40 times larger. At a free antigen level equal to FMC63's K_D, what percentage of the weaker binder's "
            "receptors are bound?",
            answer=weak_bound, rel_tol=0.0, abs_tol=0.5, unit="%",
            correct_feedback=f"Right: L/(L + K_D) = 1/(1 + {weaker:.0f}) ≈ {weak_bound:.1f} %, while FMC63 is 50 % "
                             "bound at the same level.",
            too_low="Too low: use L/(L + K_D) with L = 1 and K_D = 40 (in units of FMC63's K_D).",
            too_high="Too high: 50 % is FMC63's own occupancy here; the weaker binder's K_D is 40 times the ligand "
                     "level.",
            explanation="Occupancy = L/(L + K_D): a 40-fold larger K_D needs about 40 times more antigen for the "
                        "same occupancy.",
            objective=1, revisit=_revisit("03", "1. Binding: affinity and occupancy"),
        ),
        MultipleChoice(
            "Day 1 after a CAR-T infusion, before any paracetamol or other treatment: 37.4 °C, low blood pressure "
            "that responds to fluids, oxygen 2 L/min by nasal cannula. What is the ASTCT CRS grade?",
            [Choice("Not graded as CRS yet: there is no fever", no_fever == 0,
                    "Right: fever (38 °C or more) is required until CRS has been diagnosed and treated; look for "
                    "another cause and keep watching."),
             Choice("Grade 2, set by the low-flow oxygen", no_fever == 2,
                    "Low-flow oxygen and fluid-responsive hypotension would be grade 2, but only with a fever "
                    "first."),
             Choice("Grade 1, because the temperature is raised", no_fever == 1,
                    "37.4 °C is below the 38 °C the consensus requires for fever."),
             Choice("Grade 3, as there is both hypotension and hypoxia", no_fever == 3,
                    "The grade follows the worse of the two, not their sum, and here fever is missing.")],
            explanation="ASTCT CRS: fever of 38 °C or more (not needed once CRS has been treated with antipyretics or "
                        "anticytokine therapy), then the worse of hypotension and hypoxia sets the grade.",
            objective=1, revisit=_revisit("06", "2. Grading at the bedside: the ASTCT consensus"),
        ),
        Numeric(
            f"The slowest T-cell expansion the course cites grew CD4⁺ T cells {slow.fold_low:.0f}-fold in "
            f"{slow.days:.0f} days. At that steady rate, about how many days would a culture need to grow "
            f"{fold:,.0f}-fold?",
            answer=slow_days, rel_tol=0.08, unit="days",
            correct_feedback=f"Right: {slow.fold_low:.0f}-fold in {slow.days:.0f} days is a doubling every "
                             f"{slow.doubling_time_h:.0f} hours; {fold:,.0f}-fold is log₂ {fold:,.0f} ≈ "
                             f"{np.log2(fold):.1f} doublings, about {slow_days:.0f} days.",
            too_low=f"Too short: {fold:,.0f}-fold is about {np.log2(fold) / np.log2(slow.fold_low):.1f} times as "
                    f"many doublings as {slow.fold_low:.0f}-fold, not the same number.",
            too_high=f"Too long: growth multiplies, so {fold:,.0f}-fold needs only about "
                     f"{np.log2(fold) / np.log2(slow.fold_low):.1f} times the {slow.days:.0f} days.",
            explanation="Doubling time = days × 24 ÷ log₂(fold); days needed = doubling time × log₂(target fold). "
                        "The number of doublings, not the fold itself, sets the time.",
            objective=1, revisit=_revisit("00", "4. Your first explorer: growing a dose"),
        ),
        MultipleChoice(
            "A tumour carries antigen A but has lost antigen B. The only healthy tissue with A carries B as well. "
            "Which receptor kills the tumour and spares that tissue?",
            [Choice(text, g == best_gate,
                    (f"Right: it kills {100 * gates[g][0]:.0f} % of the tumour cells and hits "
                     f"{100 * gates[g][1]:.0f} % of the healthy cells, whose B vetoes the attack.") if g == best_gate
                    else f"In the model it kills {100 * gates[g][0]:.0f} % of the tumour cells but hits "
                         f"{100 * gates[g][1]:.0f} % of the healthy cells" + reason)
             for g, text, reason in (
                 ("NOT", "A NOT B (B vetoes the attack)", "."),
                 ("AND", "A AND B (both must be seen)", ": the tumour has no B, so it escapes."),
                 ("OR", "A OR B (either one is enough)", ": either antigen is enough, and the tissue has both."),
                 ("A", "A receptor for A alone", ": a single receptor cannot tell the two apart."))],
            explanation="Pick the gate from what tells tumour and tissue apart: here the tumour lacks something the "
                        "healthy tissue has, which is what a NOT gate reads.",
            objective=1, revisit=_revisit("08", "1. Receptors that compute: AND, OR and NOT"),
        ),
        MultipleChoice(
            "A teenager with B-ALL goes into remission after CD19 CAR-T cells. Four months later healthy B cells are "
            "back in the blood; at nine months the leukaemia returns. Which kind of relapse is most likely?",
            [Choice("CD19-positive: the CAR-T cells had faded", faded == "CD19-positive relapse",
                    "Right: B cells coming back is a sign that the CAR-T cells have faded, so leukaemia that still "
                    "carries CD19 can grow back."),
             Choice("CD19-negative: cells without CD19 escaped", faded == "CD19-negative relapse",
                    "That kind follows when the CAR-T cells are still active, and B cells stay away; here they came "
                    "back."),
             Choice("Neither: B cells returning means a new cancer", False,
                    "Healthy B cells return when nothing kills them any more; they are not a new cancer.")],
            explanation="In the course's B-ALL model the typical patient's cells fade and the leukaemia grows back "
                        "still carrying CD19; in patients, an early return of B cells went with CD19-positive relapse "
                        "(Dourthe et al. 2021).",
            objective=1, revisit=_revisit("05", "3. Expansion, persistence and two kinds of relapse"),
        ),
        Numeric(
            "A hospital that makes CAR-T cells on site cuts the wait from enrolment to infusion from 50 days to 20. "
            "With a median survival of 6.3 months (SCHOLAR-1), no manufacturing failures and no bridging, how many "
            "more patients in every 100 enrolled reach the infusion in the vein-to-vein model?",
            answer=gained, rel_tol=0.0, abs_tol=1.5, unit="patients per 100",
            correct_feedback=f"Right: e^(−h × 20) − e^(−h × 50) with h = ln 2 ÷ (6.3 × 30.4 days) is about "
                             f"{gained:.1f} patients in every 100.",
            too_low="Too few: at this hazard each extra day of waiting loses about a third of a patient in every 100.",
            too_high="Too many: a 6.3-month median is a slow hazard; 30 days fewer saves about a tenth of the "
                     "patients, not more.",
            explanation="Share infused = e^(−h × wait), h = ln 2 ÷ median: while few are lost, the loss grows in "
                        "proportion to the wait.",
            objective=1, revisit=_revisit("01", "3. Vein to vein: who reaches the infusion?"),
        ),
        MultipleChoice(
            "A company offers a CAR binder ten times tighter than the reference one (K_D 10⁻⁹ M instead of 10⁻⁸ M). "
            "In the therapeutic-window model, with notebook 06b's limits (P(response) ≥ 50 %, P(severe CRS) ≤ 20 %), "
            "what happens to the window?",
            [Choice("It narrows from above; the lower edge barely moves", narrows,
                    f"Right: about {ref[0]:.2f}–{ref[1]:.2f}× becomes {tight[0]:.2f}–{tight[1]:.2f}×. Tumour "
                    "recognition gains little from a tighter binder, while healthy cells are engaged more."),
             Choice("It widens, as tumour cells are killed at lower doses", False,
                    "The tumour side gains little (a very tight binder gains nothing more), and the risk side "
                    "grows."),
             Choice("It moves as a whole to higher doses, keeping its width", False,
                    "That is what a weaker binder does; a tighter one engages healthy cells more.")],
            explanation="Affinity moves both curves: a tighter binder lowers the antigen a cell needs, which adds "
                        "healthy cells with little antigen to the engagement that drives severe CRS.",
            objective=1, revisit=_revisit("06b", "1. The therapeutic window"),
        ),
        MultipleChoice(
            "A melanoma relapses with no MHC class I on its cells (it lost β2-microglobulin). Its best target protein "
            "stays inside the cell, and the cells carry stress ligands. Which cells recognise most tumour cells?",
            [Choice("NK and CAR-NK cells", nk_only,
                    f"Right: with no MHC class I the NK brake is gone and the stress ligands trigger them "
                    f"({100 * seen.fractions['NK']:.0f} % in the model)."),
             Choice("TIL and TCR-T cells", False,
                    "With no MHC class I, no peptide is presented on it: a CD8 T cell's TCR has nothing to see."),
             Choice("CAR-T cells", False, "A CAR binds only surface molecules; this protein stays inside the cell."),
             Choice("None of the five", False, "Missing self removes the NK cells' brake, and stress ligands "
                                               "activate them.")],
            explanation="Losing MHC class I defeats TCRs; an inside target defeats CARs; NK cells need missing self "
                        "plus an activating signal, and both are present here.",
            objective=1, revisit=_revisit("02", "2. Which therapy can see this tumour?"),
        ),
        MultipleChoice(
            "A hospital makes its own CD19 CAR-T cells for its patients under hospital exemption, as Barcelona did "
            "with ARI-0001. Which limit of the commercial products remains?",
            [Choice("One batch per patient, which can fail or come too late", True,
                    "Right: the cells are still the patient's own (autologous); in its trial, not every patient "
                    "included was treated (Ortíz-Maldonado et al. 2021)."),
             Choice("Shipping each patient's cells to a distant plant and back", False,
                    "Point-of-care manufacturing makes the cells in the hospital that treats the patient."),
             Choice("A price close to the commercial list prices", False,
                    f"The reported price was €{ari.price:,.0f} per treatment, about a third of commercial list "
                    "prices (a price under hospital exemption, not the full cost of developing a product)."),
             Choice("Editing donor cells against graft-versus-host disease", False,
                    "That is a problem of allogeneic (donor) cells; these are the patient's own.")],
            explanation="Point-of-care manufacturing shortens the journey and the bill, but each batch is still "
                        "made from, and for, one patient.",
            objective=1, revisit=_revisit("07", "4. Why the cells are hard to make"),
        ),
        MultipleChoice(
            "A tumour's cells have lost Fas (CD95) from their surface. What does that mean for the CAR-T cells "
            "attacking it?",
            [Choice("They still kill through perforin and granzymes", True,
                    "Right: perforin opens pores and granzymes enter and trigger apoptosis; this route needs no Fas "
                    "and is the fastest one."),
             Choice("They can no longer kill these tumour cells at all", False,
                    "Fas ligand is only one route; perforin and granzymes, and cytokines, remain."),
             Choice("Their granzymes now get in without perforin", False,
                    "Granzymes need perforin's pores to reach the target's cytoplasm, whatever happens to Fas.")],
            explanation="Killing routes: perforin and granzymes (fastest), Fas ligand on Fas (slower, no perforin "
                        "needed), and cytokines that act on the target and recruit other cells.",
            objective=1, revisit=_revisit("04", "1. How a cytotoxic cell kills"),
        ),
    ]


def review_round_two() -> list[Question]:
    """Notebook 09, round two (a few days later: spaced practice): a second question per notebook, in another mixed
    order."""
    from helpers.explorers.economics import cost_case, default_care_cost
    from helpers.models.clinical import proportion_interval
    from helpers.models.economics import cost_per_enrolled, cost_per_responder
    from helpers.models.recognition import mean_time_to_signal
    from helpers.models.toxicity import simulate_b_cells
    from helpers.data import antigen_prevalence, hla_frequencies

    # 05: a small trial against an established rate.
    low, high = proportion_interval(9, 12)
    # 00: how many times more starting cells make a culture ready 3 days sooner, at one doubling a day.
    til = next(t for t in dose_targets() if t.key.startswith("lifileucel"))
    sooner, doubling_h = 3.0, 24.0
    factor = 2.0 ** (sooner * 24.0 / doubling_h)
    saved = days_to_reach(1e7, doubling_h, til.low_cells) - days_to_reach(factor * 1e7, doubling_h, til.low_cells)
    assert abs(saved - sooner) < 1e-6  # the growth model agrees: factor × the start saves exactly `sooner` days
    # 07: KarMMa's cost per responder.
    karmma = cost_case("KarMMa · ide-cel · myeloma")
    care = default_care_cost()
    per_responder = cost_per_responder(cost_per_enrolled(karmma.list_price, 1.0, infusion=care).total, 1.0,
                                       karmma.response)
    # 02: eligibility for a TCR reading MAGE-A4 on HLA-A*02:01 only, across ten solid tumour types.
    q = next(h.allele_frequency for h in hla_frequencies()
             if h.population == "Mexican or Chicano" and h.allele == "A*02:01")
    pooled = next(a.positive_fraction for a in antigen_prevalence()
                  if a.antigen == "MAGE-A4" and a.tumour.startswith("ten solid"))
    carriers = carrier_frequency(q)
    eligible = 100.0 * eligible_fraction(carriers, pooled)
    # 06: an ICANS case.
    icans = icans_grade(6, CONSCIOUSNESS.AWAKENS_TO_TOUCH)
    # 03: more proofreading steps, same step rate.
    k_p = 0.1
    wait_2, wait_6 = mean_time_to_signal(k_p, 2), mean_time_to_signal(k_p, 6)
    # 06b: a high, short-lived peak against a lower, longer-lived one.
    short = simulate_b_cells(peak_car_t=1e10, half_life_days=15.0)
    long_ = simulate_b_cells(peak_car_t=1e9, half_life_days=60.0)
    short_months, long_months = short.recovery_day(0.5) / 30.44, long_.recovery_day(0.5) / 30.44
    # 04: twice the effectors against effectors twice as fast, at 4 hours.
    base = float(specific_lysis(4.0, 1e4, 1.0, 8.0 / 24.0, 1e4))
    more = float(specific_lysis(4.0, 1e4, 2.0, 8.0 / 24.0, 1e4))
    faster = float(specific_lysis(4.0, 1e4, 1.0, 16.0 / 24.0, 1e4))
    same = abs(more - faster) < 1.0

    return [
        MultipleChoice(
            "A new CAR-T product reports responses in 9 of 12 infused patients (75 %). An approved product reports "
            "70 % in a trial of hundreds. What can the small trial show?",
            [Choice("Not that it is better: its 95 % interval is very wide", True,
                    f"Right: 9 of 12 fits true rates from about {100 * low:.0f} % to {100 * high:.0f} % (the 95 % "
                    "Wilson interval of notebook 05), which includes 70 %."),
             Choice("That it is better, since 75 % is above 70 %", False,
                    f"With 12 patients, one more or one fewer response moves the rate by about {100 / 12:.0f} points."),
             Choice("That it is better by 5 points, give or take 1", False,
                    f"Far from it: the interval runs from about {100 * low:.0f} % to {100 * high:.0f} %.")],
            explanation="A trial's rate is a sample: with few patients chance alone moves it by many points, and "
                        "different patients, criteria and denominators add more.",
            objective=1, revisit=_revisit("05", "4. A virtual trial: the rate is a sample"),
        ),
        MultipleChoice(
            f"A patient is too ill to wait long, so the lab must reach the dose {sooner:.0f} days sooner. Its "
            f"cells double every {doubling_h:.0f} hours. How many times more cells must it start the culture "
            f"with?",
            [Choice(f"{factor:.0f} times as many", True,
                    f"Right: {sooner:.0f} days are {sooner * 24 / doubling_h:.0f} doublings, and each doubling "
                    f"saved needs twice the start: 2^{sooner * 24 / doubling_h:.0f} = {factor:.0f}."),
             Choice(f"{sooner:.0f} times as many", False,
                    f"Each day saved is one doubling, which doubles the start needed: {sooner:.0f} days need "
                    f"{' × '.join(['2'] * round(sooner * 24 / doubling_h))} = {factor:.0f} times the cells."),
             Choice(f"{1000:,} times as many", False,
                    f"1,000-fold is about {np.log2(1000):.0f} doublings: that would save about {np.log2(1000):.0f} "
                    f"days, not {sooner:.0f}."),
             Choice(f"{sooner / 2:.1f} times as many", False,
                    "The start needed doubles with every day saved; it does not grow in proportion to the days.")],
            explanation="Days needed = doubling time × log₂(target ÷ start): starting with 2^n times more cells "
                        "saves n doublings. Shorter waits matter because patients are lost while they wait "
                        "(notebook 01).",
            objective=1, revisit=_revisit("00", "4. Your first explorer: growing a dose"),
        ),
        Numeric(
            f"In KarMMa, {100 * karmma.response:.0f} % of the infused patients with myeloma responded to "
            f"idecabtagene vicleucel (Abecma), launched at ${karmma.list_price:,.0f}. With ${care:,.0f} of care after each "
            "infusion, what does each responder cost, in US$?",
            answer=per_responder, rel_tol=0.03, unit="US$",
            correct_feedback=f"Right: (${karmma.list_price:,.0f} + ${care:,.0f}) ÷ {karmma.response:.2f} ≈ "
                             f"${per_responder:,.0f}, about {per_responder / karmma.list_price:.1f} times the price.",
            too_low="Too low: every infused patient is paid for, responder or not; divide the price and the care by "
                    "the response rate.",
            too_high="Too high: divide the cost of one infused patient (price plus care) by the response rate, "
                     "once.",
            explanation="Cost per responder = (price + care) ÷ response rate. Notebook 07 also divides by the share "
                        "still in remission years later; the course has no such share for KarMMa, so this stops at "
                        "responders.",
            objective=1, revisit=_revisit("07", "2. The cost of a response, and of a remission that lasts"),
        ),
        Numeric(
            f"A TCR reads a MAGE-A4 peptide on HLA-A*02:01 only. Across ten solid tumour types, {100 * pooled:.0f} % of "
            f"the tumours (pooled) carry MAGE-A4. Among Mexican or Chicano donors in the US registry, "
            f"A*02:01 has an allele frequency of {q:.3f}. What percentage of such patients would be eligible?",
            answer=eligible, rel_tol=0.0, abs_tol=0.7, unit="%",
            correct_feedback=f"Right: carriers 1 − (1 − {q:.3f})² ≈ {100 * carriers:.0f} %, times {pooled:.2f} ≈ "
                             f"{eligible:.1f} %.",
            too_low="Too low: each person has two copies of the gene, so carriers are 1 − (1 − q)², more than q.",
            too_high="Too high: multiply the carriers by the share of tumours that carry MAGE-A4.",
            explanation="Eligible share = HLA carriers × antigen-positive share (assuming the two are independent): "
                        "every restriction multiplies.",
            objective=1, revisit=_revisit("02", "3. Who can receive an HLA-restricted therapy?"),
        ),
        MultipleChoice(
            "Day 5: a patient scores 6 on the ICE test, wakes only when touched, and has had no seizure; imaging "
            "is normal. What is the ASTCT ICANS grade?",
            [Choice(f"Grade {g}", g == icans,
                    {2: "An ICE score of 3–6 alone is grade 2, but the grade is the worst domain.",
                     3: "Right: waking only to touch is grade 3, worse than the ICE score's grade 2.",
                     4: "Grade 4 needs an unarousable patient (or prolonged seizures, deep weakness or diffuse "
                        "oedema).",
                     1: "Grade 1 is an ICE score of 7–9 in a patient who wakes spontaneously."}[g])
             for g in (1, 2, 3, 4)],
            explanation="ICANS is graded by the most severe domain: ICE score, consciousness, seizure, motor findings, "
                        "raised intracranial pressure.",
            objective=1, revisit=_revisit("06", "2. Grading at the bedside: the ASTCT consensus"),
        ),
        MultipleChoice(
            f"A T cell's receptor must pass proofreading steps at k_p = {k_p:g} per second before it signals. If "
            "the number of steps rises from 2 to 6, what happens to the mean wait of a ligand that stays bound?",
            [Choice(f"It triples, from {wait_2:.0f} to {wait_6:.0f} seconds", wait_6 == 3 * wait_2,
                    f"Right: the wait is N/k_p, so {wait_2:.0f} s becomes {wait_6:.0f} s; better discrimination "
                    "costs time and signal."),
             Choice(f"It stays {wait_2:.0f} seconds: the steps run side by side", False,
                    "The steps come one after another: each must finish before the next starts."),
             Choice("It falls, as more steps make signalling faster", False,
                    "Each step adds waiting; a ligand that lets go first must start again.")],
            explanation="Kinetic proofreading: the signalling fraction (k_p/(k_p + k_off))^N sharpens discrimination "
                        "with every step, while the signal weakens and the mean wait N/k_p grows.",
            objective=1, revisit=_revisit("03", "2. Kinetic proofreading: waiting before signalling"),
        ),
        MultipleChoice(
            "A company edits its donor CAR-T cells to remove HLA class I as well as the T-cell receptor, to stop "
            "the patient's immune system rejecting them. Which of the patient's cells could still attack them?",
            [Choice("NK cells, which attack cells lacking HLA class I", True,
                    "Right: removing HLA class I hides the cells from CD8 T cells but releases the NK cells' brake "
                    "(missing self)."),
             Choice("CD8 T cells reading peptides on the donor HLA", False,
                    "With HLA class I removed there is no peptide–HLA for a CD8 T cell to read."),
             Choice("None: without HLA the cells are hidden", False,
                    "NK cells check for missing HLA class I: its absence is a signal in itself.")],
            explanation="Each edit answers one problem and can open another: without HLA class I, donor cells escape "
                        "CD8 T cells but become targets for NK cells (notebook 02).",
            objective=1, revisit=_revisit("08", "2. More engineering, and how far each idea had got"),
        ),
        MultipleChoice(
            "A centre plans to give cyclophosphamide alone, without fludarabine, before CD19 CAR-T cells for "
            "lymphoma. What does the evidence in the course suggest?",
            [Choice("Fewer remissions: less room made for the cells", True,
                    "Right: after fludarabine and cyclophosphamide, serum IL-15 rose, and high IL-15 went with more "
                    "expansion and remission (Kochenderfer et al. 2017); in one trial, cohorts given fludarabine had far more complete "
                    "remissions (Turtle et al. 2016; not randomised)."),
             Choice("No change: the chemotherapy only shrinks the lymphoma", False,
                    "Shrinking the tumour while waiting is bridging therapy's job; lymphodepletion lowers the "
                    "patient's lymphocytes."),
             Choice("More remissions: fludarabine harms the infused cells", False,
                    "It is given in the days before the infusion, to clear the patient's own lymphocytes.")],
            explanation="Lymphodepletion removes the patient's lymphocytes, which use up the IL-7 and IL-15 the "
                        "infused cells need.",
            objective=1, revisit=_revisit("01", "1. The journey, step by step"),
        ),
        MultipleChoice(
            "After CD19 CAR-T therapy, patient A's cells peak at 10¹⁰ and fall with a 15-day half-life; patient B's "
            "peak at 10⁹ and fall with a 60-day half-life. In the model, whose B cells return to half of normal "
            "first?",
            [Choice("Patient A, despite the higher peak", short_months < long_months,
                    f"Right: about {short_months:.0f} months for A against {long_months:.0f} for B. The aplasia "
                    "lasts as long as the cells do."),
             Choice("Patient B, whose peak was ten times lower", long_months < short_months,
                    f"B's half-life is {60 / 15:.0f} times longer, so its cells persist longer: about {long_months:.0f} months against "
                    f"{short_months:.0f} for A."),
             Choice("Neither: B cells never come back", False,
                    "B cells renew once the CAR-T cells that kill them have faded; in the model both patients' "
                    "B cells return within a year (with longer-lived cells, the model keeps them low for the two years it shows).")],
            explanation="B-cell aplasia is on-target, off-tumour toxicity: how long the CAR-T cells persist matters "
                        "at least as much as their peak.",
            objective=1, revisit=_revisit("06b", "2. On target, off tumour: B-cell aplasia"),
        ),
        MultipleChoice(
            "In the killing-assay model at E:T 1:1, effectors kill at most 8 targets a day. At 4 hours, which gives "
            "more lysis: twice as many effectors, or effectors that kill 16 a day?",
            [Choice("Both give equal lysis", same,
                    f"Right: about {more:.0f} % either way, up from {base:.0f} %: effectors and their speed enter "
                    "the model only as a product."),
             Choice("Twice as many effectors", more > faster + 1.0,
                    f"In this model both give about {more:.0f} %: killing depends on k × E."),
             Choice("The faster effectors", faster > more + 1.0,
                    f"In this model both give about {faster:.0f} %: killing depends on k × E.")],
            explanation="dT/dt = −k E T/(T + T_half): doubling E and doubling k change the rate in the same way. In "
                        "real wells, as in the model, lysis also saturates as most targets die.",
            objective=1, revisit=_revisit("04", "2. A killing assay in a dish"),
        ),
    ]


def review() -> list[Question]:
    """Notebook 09's quiz: round one of the mixed review (objective 1), then two questions on the capstone
    (objectives 2 and 3)."""
    from helpers.capstone import CASES, design_therapy

    # Objective 2: a new patient whose tumour cells carry a tenth of the reference antigen: too little response.
    def at(dose: float, **kw: float) -> tuple[float, float]:
        c = window_curves(np.array([dose, dose * 1.001]), tumour_median=200.0, **kw)
        return float(c.response[0]), float(c.severe_crs[0])

    ok = lambda r, s: r >= 0.5 and s <= 0.2  # noqa: E731 - the limits of the question
    double, bridge, tight = at(2.0), at(1.0, burden=0.5), at(1.0, kd_m=1e-9)
    # Objective 3: where Bill's cost per responder comes from.
    bill = design_therapy("Bill", "CAR-T")
    assert bill.cost_responder is not None and bill.cost_enrolled is not None and bill.response is not None
    return review_round_one() + [
        MultipleChoice(
            "Dora's leukaemia cells carry only a tenth of the reference antigen (2 × 10² molecules per cell), at the "
            "reference burden. At the reference dose and binder, notebook 06b's model gives her P(response) "
            f"{100 * at(1.0)[0]:.0f} % and P(severe CRS) {100 * at(1.0)[1]:.0f} %. Her team wants P(response) ≥ 50 % "
            "with P(severe CRS) ≤ 20 %. Which one change meets both?",
            [Choice("Twice the reference dose", ok(*double),
                    f"Right: P(response) {100 * double[0]:.0f} % and P(severe CRS) {100 * double[1]:.0f} %. Her "
                    "problem is too little response, not too much risk, so there is room to raise the dose."),
             Choice("Bridging therapy that halves the burden", ok(*bridge),
                    f"Bridging lowers the risk (to {100 * bridge[1]:.0f} %), but her risk was already low: the "
                    f"response stays at {100 * bridge[0]:.0f} %, because in this model it does not depend on burden."),
             Choice("A CAR that binds ten times more tightly", ok(*tight),
                    f"Closer, but not enough at the same dose: P(response) {100 * tight[0]:.0f} %. A tighter binder "
                    "recognises more of her dim cells, and more healthy cells too."),
             Choice("CAR-NK cells instead of CAR-T cells", False,
                    "No CAR-NK product is approved, and notebook 06b's dose curves describe CAR-T cells only.")],
            explanation="First find which limit a design fails. Ana's bulky tumour failed on risk (bridging helps); "
                        "Dora's dim antigen fails on response (a higher dose helps, while the risk allows it).",
            objective=2, revisit="06b_therapeutic_window.ipynb#1.-The-therapeutic-window"),
        MultipleChoice(
            f"The capstone gives Bill's design a cost of about ${round(bill.cost_responder, -3):,.0f} per responder. Where "
            "does that number come from, and what does it leave out?",
            [Choice("Notebook 07's arithmetic; it leaves out discounts and costs after three months", True,
                    f"Right: (${bill.price:,.0f} launch price + ${bill.cost_enrolled / bill.infused_share - bill.price:,.0f}"
                    f" of care) ÷ {100 * bill.response:.0f} % responding = ${bill.cost_responder:,.0f}. The price is "
                    "paid for every infused patient, responder or not."),
             Choice("Notebook 05's KarMMa trial report; it leaves out patients never infused", False,
                    "KarMMa reported responses, not costs: the arithmetic is notebook 07's."),
             Choice("Notebook 06b's window model; it leaves out the price of the product", False,
                    "Notebook 06b gives the probability of response that the cost is divided by, but the money "
                    "comes from notebook 07's data and arithmetic."),
             Choice("Notebook 01's journey data; it leaves out the care after infusion", False,
                    "Notebook 01 gives the share infused, one input; the cost itself, care included, is notebook "
                    "07's arithmetic.")],
            explanation="Each estimate of the capstone comes from one notebook's model or data; reading a number "
                        "means knowing which, and what that model leaves out.",
            objective=3, revisit="07_cost_and_complexity.ipynb"),
    ]
