"""Every notebook in real JupyterLab, in headless Chromium: Run All without an error, every explorer
renders its image, and a slider moved with the keyboard changes its figure.

Chromium is Debian's package (``apt-get install chromium``), driven by Playwright for Python. Without
it the tests are skipped with the reason, except when ``CI`` is set: then they fail. Screenshots are
written to ``tests/artifacts/`` (git-ignored).
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path

import pytest

from browser_support import (
    CHROMIUM_ARGS,
    ERRORS_JS,
    EXPLORERS_JS,
    KERNEL_STATUS_JS,
    PROMPTS_JS,
    LabServer,
    find_chromium,
    start_lab,
)

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
ARTIFACTS = ROOT / "tests" / "artifacts"
RUN_TIMEOUT_S = 180

pytestmark = pytest.mark.browser


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so the browser test must run)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def lab() -> LabServer:
    server = start_lab(ROOT)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser_context():
    chromium = find_chromium()
    if chromium is None:
        _unavailable("Debian's chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright Python package is not installed")
    with tempfile.TemporaryDirectory(prefix="act-chromium-") as profile, sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            profile, executable_path=chromium, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 1000},
        )
        yield context
        context.close()


def wait_for(page, predicate_js: str, timeout_s: float, what: str, arg=None):
    """Poll a JavaScript predicate until it returns something truthy."""
    deadline = time.monotonic() + timeout_s
    value = None
    while time.monotonic() < deadline:
        value = page.evaluate(predicate_js, arg) if arg is not None else page.evaluate(predicate_js)
        if value:
            return value
        time.sleep(0.25)
    raise AssertionError(f"timed out after {timeout_s:.0f} s waiting for {what} (last: {value!r})")


def kernel_idle(page) -> bool:
    return "Idle" in page.evaluate(KERNEL_STATUS_JS)


def wait_idle(page, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if kernel_idle(page):
            return
        time.sleep(0.25)
    raise AssertionError(f"kernel not idle after {timeout_s:.0f} s: {page.evaluate(KERNEL_STATUS_JS)!r}")


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_and_explorers_respond(browser_context, lab, notebook):
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / notebook.stem
    n_code = sum(c["cell_type"] == "code" for c in json.loads(notebook.read_text())["cells"])
    lab.delete_sessions()  # a fresh kernel, not one left from an earlier run
    page = browser_context.new_page()
    try:
        page.goto(lab.url(f"lab/tree/notebooks/{notebook.name}?reset"))
        page.wait_for_selector(".jp-NotebookPanel .jp-Notebook", timeout=60_000)
        wait_idle(page, 60)
        wait_for(page, "() => !!window.jupyterapp", 30, "the JupyterLab app object")

        # Clear the stored outputs so that only what this run produces is checked, then Run All.
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs')")
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
        wait_for(
            page,
            """(n) => { const p = (%s)(); return p.length === n && p.every(t => /^\\[\\d+\\]:$/.test(t)); }"""
            % PROMPTS_JS,
            RUN_TIMEOUT_S, f"all {n_code} code cells to run", n_code,
        )
        wait_idle(page, 60)
        prompts = page.evaluate(PROMPTS_JS)
        assert [int(p[1:-2]) for p in prompts] == list(range(1, n_code + 1)), prompts
        page.screenshot(path=str(shot.with_name(shot.name + "-run-all.png")), full_page=True)

        errors = page.evaluate(ERRORS_JS)
        assert not errors, f"error output in {notebook.name}: {errors}"

        explorers = wait_for(
            page,
            f"() => {{ const e = ({EXPLORERS_JS})(); return e.every(x => x.hasImage && x.width > 0) ? e : null; }}",
            30, "every explorer's image to load",
        )
        assert all(x["src"].startswith(("blob:", "data:")) for x in explorers), explorers
        with_slider = [i for i, x in enumerate(explorers) if x["sliders"]]
        if not with_slider:
            return  # a notebook without explorers: it ran cleanly, which is what there is to check

        index = with_slider[0]
        box = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .act-explorer").nth(index)
        box.scroll_into_view_if_needed()
        before = explorers[index]["src"]
        handle = box.locator(".widget-slider .noUi-handle").first
        handle.focus()
        page.keyboard.press("ArrowRight")
        changed = wait_for(
            page,
            f"(args) => {{ const e = ({EXPLORERS_JS})()[args[0]]; return e && e.src !== args[1] && e.width > 0; }}",
            10, "the explorer's image to change after ArrowRight", [index, before],
        )
        assert changed
        box.screenshot(path=str(shot.with_name(shot.name + "-explorer.png")))
        assert not page.evaluate(ERRORS_JS)
    except Exception:
        page.screenshot(path=str(shot.with_name(shot.name + "-failure.png")), full_page=True)
        raise
    finally:
        page.close()
