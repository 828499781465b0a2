"""Structure of every notebook (DESIGN.md §1): title, objectives, takeaways, references, quiz, an
exercise with a hidden solution, run in order with outputs stored, no errors, kernelspec present.
Execution itself is checked by nbval (``make test`` runs ``pytest --nbval``) and the browser test."""

import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def markdown(nb):
    return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")


def code_cells(nb):
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def test_there_are_notebooks():
    assert any(p.name == "00_start_here.ipynb" for p in NOTEBOOKS)


@pytest.fixture(params=NOTEBOOKS, ids=lambda p: p.name)
def nb(request):
    return load(request.param)


def test_title_and_required_sections(nb):
    first = "".join(nb["cells"][0]["source"])
    assert nb["cells"][0]["cell_type"] == "markdown" and first.startswith("# "), "first cell is a # title"
    text = markdown(nb)
    for heading in ("Learning objectives", "Check your understanding", "Key takeaways", "References"):
        assert re.search(rf"^#+ .*{heading}", text, re.MULTILINE | re.IGNORECASE), heading
    assert re.search(r"\*\*Try it", text), "predict-then-check prompts"
    assert "<details>" in text and "<summary>" in text, "an exercise with a hidden solution"
    assert re.search(r"doi\.org/10\.\d{4,}/", text), "references carry DOIs"


def test_a_quiz_is_shown(nb):
    assert any("Quiz(" in "".join(c["source"]) or "quiz" in "".join(c["source"]) for c in code_cells(nb))


def test_setup_cell_imports_only_helpers(nb):
    setup = "".join(code_cells(nb)[0]["source"])
    imports = re.findall(r"^\s*(?:from|import)\s+([\w.]+)", setup, re.MULTILINE)
    assert imports and all(m.split(".")[0] == "helpers" for m in imports), imports


def test_run_in_order_with_outputs_and_no_errors(nb):
    counts = [c["execution_count"] for c in code_cells(nb)]
    assert counts == list(range(1, len(counts) + 1)), f"not run top to bottom on a fresh kernel: {counts}"
    for cell in code_cells(nb):
        assert all(o["output_type"] != "error" for o in cell["outputs"])
        assert not any(o.get("name") == "stderr" for o in cell["outputs"]), "stderr output stored"


def test_kernelspec(nb):
    spec = nb["metadata"]["kernelspec"]
    assert spec["name"] == "python3" and spec["language"] == "python"


def test_no_stored_widget_state(nb):
    """Without a kernel, explorers show their stored PNG; saved widget state would show stale widgets."""
    assert "widgets" not in nb["metadata"]


def test_explorers_store_a_static_fallback(nb):
    for cell in code_cells(nb):
        for out in cell["outputs"]:
            data = out.get("data", {})
            if "application/vnd.jupyter.widget-view+json" in data:
                assert "image/png" in data or "text/markdown" in data, "".join(cell["source"])
                text = "".join(data["text/plain"])
                assert text.strip() and "Widget" not in text


def test_explorer_cells_ignore_widget_output_in_nbval(nb):
    for cell in code_cells(nb):
        has_widget = any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in cell["outputs"])
        if has_widget:
            assert "nbval-ignore-output" in cell["metadata"].get("tags", []), "".join(cell["source"])
