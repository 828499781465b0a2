"""Write notebooks/glossary.ipynb from data/glossary.csv: Markdown, plus one cell that applies the course's page
style; ``make notebooks`` then stores its output.

Usage: ``python tools/build_glossary.py``. ``tests/test_notebooks.py`` fails when the notebook is out of date.
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
        if i == 0:  # the course's page style (underlined links), as in every notebook's setup cell
            setup = nbformat.v4.new_code_cell("from helpers.course import course_style\n\ncourse_style()")
            setup.id = "setup"
            nb.cells.append(setup)
    return nb


if __name__ == "__main__":
    nbformat.write(build(), PATH)
    print(f"wrote {PATH}")
