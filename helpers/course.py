"""The map of the series: one notebook per concept, in teaching order (DESIGN.md §1)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from IPython.display import HTML, Markdown

#: The repository's ``notebooks/`` folder.
NOTEBOOKS: Path = Path(__file__).resolve().parent.parent / "notebooks"
#: The course's page style (links underlined, so they are distinguishable without colour).
COURSE_CSS: Path = Path(__file__).resolve().parent / "course.css"


@dataclass(frozen=True)
class Lesson:
    """One notebook of the series."""

    number: str
    filename: str
    title: str
    teaches: str
    centrepiece: str

    @property
    def available(self) -> bool:
        """True once the notebook exists in ``notebooks/``."""
        return (NOTEBOOKS / self.filename).exists()


SERIES: tuple[Lesson, ...] = (
    Lesson("00", "00_start_here.ipynb", "Start here",
           "what adoptive cell transfer is; how to use the course", "expansion calculator; this map"),
    Lesson("01", "01_the_act_journey.ipynb", "The ACT journey",
           "isolate → (engineer) → expand → lymphodeplete → infuse → monitor", "vein-to-vein timeline"),
    Lesson("02", "02_types_of_act.ipynb", "Types of ACT",
           "TIL, TCR-T, CAR-T, NK and CAR-NK: source, what each sees, MHC restriction",
           "which cell can see this tumour?"),
    Lesson("03", "03_antigen_recognition.ipynb", "Antigen recognition",
           "affinity, antigen-density thresholds, kinetic proofreading, on-target off-tumour",
           "occupancy, proofreading and antigen-density explorers"),
    Lesson("04", "04_cytotoxic_killing.ipynb", "Cytotoxic killing",
           "perforin/granzyme and Fas, serial killing, E:T ratio, expansion and exhaustion",
           "killing assay, tumour–CAR-T dynamics, spatial killing"),
    Lesson("05", "05_clinical_applications.ipynb", "Clinical applications",
           "leukaemia, lymphoma, myeloma, melanoma, synovial sarcoma; response criteria and denominators, durable "
           "remission, expansion and persistence, relapse", "pivotal trials, survival plateau, kinetics, virtual trial"),
    Lesson("06", "06_crs_and_icans.ipynb", "CRS and ICANS",
           "cytokine release syndrome and neurotoxicity: why they happen, ASTCT grading, tocilizumab, steroids "
           "and safety switches", "grading form; cytokine time course with treatments"),
    Lesson("06b", "06b_therapeutic_window.ipynb", "The therapeutic window",
           "dose, affinity, tumour burden and healthy antigen against response and severe CRS; B-cell aplasia",
           "therapeutic window; B-cell aplasia"),
    Lesson("07", "07_cost_and_complexity.ipynb", "Cost and complexity",
           "prices, cost per responder and per lasting remission, cost-effectiveness; why autologous cells are "
           "hard to make; point-of-care and allogeneic manufacturing",
           "cost per responder; the cost-effectiveness plane"),
    Lesson("08", "08_future_directions.ipynb", "Future directions",
           "logic-gated (AND, OR, NOT), armoured, switchable, edited allogeneic and in-body-made cells; the tumour "
           "microenvironment; combinations",
           "logic-gate designer; the tumour microenvironment"),
    Lesson("09", "09_review.ipynb", "Review",
           "a capstone that designs a therapy for three patients with every model of the course; a mixed quiz "
           "across the series in two spaced rounds; the glossary, searchable; further reading",
           "capstone: design a therapy for this patient"),
)


#: Heading of the course map in notebook 00 (its anchor is the heading with spaces as hyphens).
MAP_HEADING = "The course map"
MAP_LINK = f"00_start_here.ipynb#{MAP_HEADING.replace(' ', '-')}"


def available() -> list[Lesson]:
    """The notebooks that exist, in teaching order."""
    return [lesson for lesson in SERIES if lesson.available]


def neighbours(filename: str) -> tuple[Lesson | None, Lesson | None]:
    """The previous and next *available* notebooks of ``filename`` (None at either end)."""
    ready = available()
    names = [lesson.filename for lesson in ready]
    if filename not in names:
        raise ValueError(f"{filename!r} is not an available notebook of the series: {names}")
    i = names.index(filename)
    return (ready[i - 1] if i else None), (ready[i + 1] if i + 1 < len(ready) else None)


def course_map_markdown() -> str:
    """The series as a Markdown table; notebooks that exist are links, the others say "in preparation"."""
    lines = [
        "| # | Notebook | What it teaches | Interactive centrepiece |",
        "|---|---|---|---|",
    ]
    for lesson in SERIES:
        name = f"[{lesson.title}]({lesson.filename})" if lesson.available else f"{lesson.title} *(in preparation)*"
        lines.append(f"| {lesson.number} | {name} | {lesson.teaches} | {lesson.centrepiece} |")
    return "\n".join(lines)


def course_style() -> HTML:
    """The course's page style, for the setup cell: underlines links in the notebook (JupyterLab underlines them only
    on hover), so that they are distinguishable without colour."""
    return HTML(f"<style>{COURSE_CSS.read_text(encoding='utf-8')}</style>")


def course_map() -> Markdown:
    """The map of the series, for display in a notebook."""
    return Markdown(course_map_markdown())
