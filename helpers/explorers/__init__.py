"""Interactive explorers: controls + a persistent figure + update wiring (see :mod:`helpers.explorers.base`).

Every explorer in the course is listed in :data:`REGISTRY`, by notebook, so that the tests sweep all of
them and ``make bench`` times all of them.
"""

from __future__ import annotations

from collections.abc import Callable

from helpers.explorers.base import Explorer, Scene
from helpers.explorers.manufacturing import ExpansionExplorer, expansion

#: Every explorer in the course: name -> (notebook, factory).
REGISTRY: dict[str, tuple[str, Callable[[], Explorer]]] = {
    "expansion": ("00_start_here.ipynb", ExpansionExplorer),
}

__all__ = ["REGISTRY", "Explorer", "ExpansionExplorer", "Scene", "expansion"]
