"""Write notebooks/glossary.ipynb from data/glossary.csv (Markdown only; nothing to run).

Usage: ``python tools/build_glossary.py``. ``tests/test_glossary.py`` fails when the notebook is out of date.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from helpers.glossary import notebook_markdown

PATH = Path(__file__).resolve().parent.parent / "notebooks" / "glossary.ipynb"


def build() -> nbformat.NotebookNode:
    """The glossary notebook, with stable cell ids."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    nb.metadata["language_info"] = {"name": "python"}
    for i, text in enumerate(notebook_markdown()):
        cell = nbformat.v4.new_markdown_cell(text)
        cell.id = "glossary-intro" if i == 0 else f"glossary-{text[3].lower()}"
        nb.cells.append(cell)
    return nb


if __name__ == "__main__":
    nbformat.write(build(), PATH)
    print(f"wrote {PATH}")
