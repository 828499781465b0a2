"""The self-check questions of each notebook (kept here so answers are not on the learner's screen).

Every number in a question comes from the notebook's text and its cited sources.
"""

from __future__ import annotations

from helpers.models.manufacturing import cells_after
from helpers.quiz import Choice, MultipleChoice, Numeric, Question


def start_here() -> list[Question]:
    """Notebook 00: what adoptive cell transfer is, and exponential expansion."""
    grown = float(cells_after(1e7, 24.0, 10.0))
    return [
        MultipleChoice(
            "Which of these is adoptive cell transfer?",
            [
                Choice("Giving a patient a vaccine so that their own T cells multiply in the body", False,
                       "A vaccine stimulates cells inside the patient; in adoptive transfer the cells are "
                       "grown (and sometimes engineered) outside the body and given back."),
                Choice("Collecting a patient's T cells, adding a CAR in the lab, growing them and infusing them back",
                       True, "Yes: that is CAR-T therapy, one kind of adoptive cell transfer."),
                Choice("Infusing an antibody that blocks PD-1 on T cells", False,
                       "Checkpoint antibodies are drugs that act on the patient's cells where they are; "
                       "no cells are transferred."),
                Choice("Transfusing red blood cells after chemotherapy", False,
                       "A transfusion replaces blood cells; it does not transfer immune cells chosen or "
                       "engineered to fight the cancer."),
            ],
            explanation="Adoptive cell transfer: immune cells are taken from a patient or donor, expanded "
                        "and often engineered outside the body, and infused to fight the disease.",
        ),
        Numeric(
            "A culture starts with 10 million (1e7) T cells that double every 24 hours. "
            "About how many cells are there after 10 days? (Type e.g. 5e9.)",
            answer=grown, rel_tol=0.05, unit="cells",
            correct_feedback="Right: 10 doublings multiply the culture by 2¹⁰ = 1,024, so about 1.0×10¹⁰ cells.",
            too_low="Too few. Ten days at one doubling per day is ten doublings: multiply by 2 ten times.",
            too_high="Too many. Ten doublings multiply by 2¹⁰ = 1,024, not by 10¹⁰.",
            explanation="N = N₀ × 2^(t / T_d) = 1e7 × 2^(240 h / 24 h) = 1e7 × 1,024 ≈ 1.0e10 cells.",
        ),
    ]
