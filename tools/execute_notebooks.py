"""Execute every notebook in notebooks/ top to bottom on a fresh kernel and save it with its outputs.

Usage: ``make notebooks`` (or ``python tools/execute_notebooks.py [NAME.ipynb ...]``).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def execute(path: Path) -> float:
    """Execute ``path`` in place; return the seconds it took."""
    nb = nbformat.read(path, as_version=4)
    started = time.perf_counter()
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    elapsed = time.perf_counter() - started
    # Widget state would make JupyterLab show stale widgets without a kernel; explorers and quizzes
    # store their own static fallback (PNG / Markdown) in each output instead.
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    nbformat.write(nb, path)
    return elapsed


def main(names: list[str]) -> None:
    paths = [NOTEBOOKS / n for n in names] if names else sorted(NOTEBOOKS.glob("*.ipynb"))
    for path in paths:
        print(f"{path.name}: {execute(path):.1f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
