"""Interactive explorers: controls + a persistent figure + update wiring (see :mod:`helpers.explorers.base`).

Notebooks import the explorers of their topic from its module (``helpers.explorers.recognition``, …), so a
notebook loads only what it uses. Every explorer in the course is listed in :data:`REGISTRY`, by notebook,
so that the tests sweep all of them and ``make bench`` times all of them.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from helpers.explorers.base import Explorer, Scene


def _lazy(path: str) -> Callable[[], Explorer]:
    """A factory that imports ``module:Class`` on first use (keeps ``import helpers.explorers`` light)."""

    def factory(predict: bool = False, **initial: object) -> Explorer:
        module, _, name = path.partition(":")
        return getattr(import_module(f"helpers.explorers.{module}"), name).create(predict, **initial)

    factory.__qualname__ = factory.__name__ = path.split(":")[1]
    return factory


#: Every explorer in the course: name -> (notebook, factory).
REGISTRY: dict[str, tuple[str, Callable[[], Explorer]]] = {
    "expansion": ("00_start_here.ipynb", _lazy("manufacturing:ExpansionExplorer")),
    "vein_to_vein": ("01_the_act_journey.ipynb", _lazy("journey:VeinToVeinExplorer")),
    "release": ("01_the_act_journey.ipynb", _lazy("manufacturing:ReleaseExplorer")),
    "who_sees": ("02_types_of_act.ipynb", _lazy("types:WhoSeesExplorer")),
    "eligibility": ("02_types_of_act.ipynb", _lazy("types:EligibilityExplorer")),
    "occupancy": ("03_antigen_recognition.ipynb", _lazy("recognition:OccupancyExplorer")),
    "proofreading": ("03_antigen_recognition.ipynb", _lazy("recognition:ProofreadingExplorer")),
    "density": ("03_antigen_recognition.ipynb", _lazy("recognition:DensityExplorer")),
    "assay": ("04_cytotoxic_killing.ipynb", _lazy("killing:AssayExplorer")),
    "carrgo": ("04_cytotoxic_killing.ipynb", _lazy("killing:CarrgoExplorer")),
    "spatial": ("04_cytotoxic_killing.ipynb", _lazy("killing:SpatialExplorer")),
    "trials": ("05_clinical_applications.ipynb", _lazy("clinical:TrialsExplorer")),
    "survival": ("05_clinical_applications.ipynb", _lazy("clinical:SurvivalExplorer")),
    "kinetics": ("05_clinical_applications.ipynb", _lazy("clinical:KineticsExplorer")),
    "virtual_trial": ("05_clinical_applications.ipynb", _lazy("clinical:VirtualTrialExplorer")),
    "grading": ("06_crs_and_icans.ipynb", _lazy("toxicity:GradingExplorer")),
    "crs": ("06_crs_and_icans.ipynb", _lazy("toxicity:CrsExplorer")),
    "window": ("06b_therapeutic_window.ipynb", _lazy("toxicity:WindowExplorer")),
    "b_cells": ("06b_therapeutic_window.ipynb", _lazy("toxicity:BCellExplorer")),
    "responder_costs": ("07_cost_and_complexity.ipynb", _lazy("economics:ResponderCostExplorer")),
    "cost_effectiveness": ("07_cost_and_complexity.ipynb", _lazy("economics:CostEffectivenessExplorer")),
    "gates": ("08_future_directions.ipynb", _lazy("future:GateExplorer")),
    "microenvironment": ("08_future_directions.ipynb", _lazy("future:TmeExplorer")),
    "capstone": ("09_review.ipynb", _lazy("review:CapstoneExplorer")),
}

__all__ = ["REGISTRY", "Explorer", "Scene"]
