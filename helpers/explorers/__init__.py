"""Interactive explorers: controls + a persistent figure + update wiring (see :mod:`helpers.explorers.base`).

Every explorer in the course is listed in :data:`REGISTRY`, by notebook, so that the tests sweep all of
them and ``make bench`` times all of them.
"""

from __future__ import annotations

from collections.abc import Callable

from helpers.explorers.base import Explorer, Scene
from helpers.explorers.killing import (
    AssayExplorer,
    CarrgoExplorer,
    SpatialExplorer,
    assay_explorer,
    carrgo_explorer,
    spatial_explorer,
)
from helpers.explorers.manufacturing import ExpansionExplorer, expansion
from helpers.explorers.recognition import (
    DensityExplorer,
    OccupancyExplorer,
    ProofreadingExplorer,
    density_explorer,
    occupancy_explorer,
    proofreading_explorer,
)

#: Every explorer in the course: name -> (notebook, factory).
REGISTRY: dict[str, tuple[str, Callable[[], Explorer]]] = {
    "expansion": ("00_start_here.ipynb", ExpansionExplorer),
    "occupancy": ("03_antigen_recognition.ipynb", OccupancyExplorer),
    "proofreading": ("03_antigen_recognition.ipynb", ProofreadingExplorer),
    "density": ("03_antigen_recognition.ipynb", DensityExplorer),
    "assay": ("04_cytotoxic_killing.ipynb", AssayExplorer),
    "carrgo": ("04_cytotoxic_killing.ipynb", CarrgoExplorer),
    "spatial": ("04_cytotoxic_killing.ipynb", SpatialExplorer),
}

__all__ = [
    "REGISTRY", "Explorer", "Scene",
    "ExpansionExplorer", "expansion",
    "OccupancyExplorer", "ProofreadingExplorer", "DensityExplorer",
    "occupancy_explorer", "proofreading_explorer", "density_explorer",
    "AssayExplorer", "CarrgoExplorer", "SpatialExplorer",
    "assay_explorer", "carrgo_explorer", "spatial_explorer",
]
