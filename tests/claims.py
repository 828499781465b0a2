"""Support for tests/test_claims.py: find a notebook cell by its id and check that it says what a test asserts.

Every claim test names the cell (``says("00_start_here.ipynb", "key-expansion", "about **9.6 days**")``) and
then runs the model at the same settings. If the prose changes, ``says`` fails; if the model changes, the
assertion fails: the sentence and the model cannot drift apart unnoticed.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


@lru_cache(maxsize=None)
def _cells(notebook: str) -> dict[str, str]:
    nb = json.loads((NOTEBOOKS / notebook).read_text(encoding="utf-8"))
    return {cell["id"]: "".join(cell["source"]) for cell in nb["cells"]}


def cell(notebook: str, cell_id: str) -> str:
    """The source of cell ``cell_id`` of ``notebook`` (whitespace runs collapsed to one space)."""
    cells = _cells(notebook)
    if cell_id not in cells:
        raise AssertionError(f"{notebook} has no cell {cell_id!r}; its cells are {sorted(cells)}")
    return re.sub(r"\s+", " ", cells[cell_id])


def says(notebook: str, cell_id: str, *fragments: str) -> str:
    """Assert that cell ``cell_id`` of ``notebook`` contains every fragment (whitespace-insensitive); return it."""
    text = cell(notebook, cell_id)
    for fragment in fragments:
        wanted = re.sub(r"\s+", " ", fragment)
        assert wanted in text, f"{notebook} · {cell_id} no longer says {fragment!r}"
    return text
