"""Every notebook in real JupyterLab, in headless Chromium: Run All on a fresh kernel without an error,
every explorer renders its image, a slider moved with the keyboard changes its figure, a prediction can be
revealed with clicks, dropdowns show their selected option, every explorer image's accessible name is its
description, links are underlined, axe-core finds no critical or serious violation in the course's own content,
and navigation and glossary links open their notebooks.

Chromium is Debian's package (``apt-get install chromium``), driven by Playwright for Python (never
``playwright install``). Without chromium or the ``playwright`` package the tests are skipped with the
reason, except when ``CI`` is set: then they fail. Screenshots go to ``tests/artifacts/`` (git-ignored):
``<notebook>-run-all.png``, ``<notebook>-slider.png`` and, when a test fails, ``<notebook>-failure.png``.

One JupyterLab server and one browser serve all notebooks; ``tests/browser_support.py`` holds the helpers
(and the ``ACT_BROWSER_NOTEBOOKS`` / ``ACT_BROWSER_ARTIFACTS`` overrides used to develop the test).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from browser_support import (
    require_chromium,
    unavailable,
    AXE_EXCLUDE,
    LabServer,
    NotebookPage,
    artifacts_dir,
    chromium_context,
    code_cell_count,
    find_axe,
    lab_root,
    notebook_paths,
    start_lab,
)

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext

NOTEBOOKS = notebook_paths()

pytestmark = pytest.mark.browser


#: Skip, or fail under CI (tests/test_browser_policy.py checks the policy through this name).
_unavailable = unavailable


def _assert_no_errors(nb: NotebookPage, when: str) -> None:
    errors = nb.errors()
    assert not errors, (
        f"{nb.notebook.name}: errors {when}:\n" + "\n".join(errors) + f"\nbrowser errors: {nb.browser_errors}"
    )


@dataclass
class BrowserLab:
    """The JupyterLab server and the browser shared by every notebook's test."""

    server: LabServer
    context: BrowserContext


@pytest.fixture(scope="module")
def browser_lab() -> Iterator[BrowserLab]:
    """Start one JupyterLab server and one headless Chromium for the whole module."""
    chromium = require_chromium()
    server = start_lab(lab_root(NOTEBOOKS))
    try:
        with chromium_context(chromium) as context:
            yield BrowserLab(server, context)
    finally:
        server.stop()


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda path: path.name)
def test_notebook_runs_and_explorers_respond(browser_lab: BrowserLab, notebook: Path) -> None:
    artifacts = artifacts_dir()
    shots = {kind: artifacts / f"{notebook.stem}-{kind}.png" for kind in ("run-all", "slider", "failure")}
    for stale in shots.values():
        stale.unlink(missing_ok=True)
    n_code = code_cell_count(notebook)

    browser_lab.server.delete_sessions()  # a fresh kernel, not one left from an earlier notebook
    nb = NotebookPage(browser_lab.context.new_page(), browser_lab.server, notebook)
    try:
        nb.open()
        nb.run_all()
        _assert_no_errors(nb, "after Run All")
        prompts = nb.prompts()
        assert prompts == [f"[{i}]:" for i in range(1, n_code + 1)], (
            f"{notebook.name}: expected its {n_code} code cells to run once each, in order, on a fresh kernel; "
            f"prompts are {prompts}"
        )

        explorers = nb.wait_for_explorer_images()  # fails unless every explorer shows a loaded image
        nb.screenshot(shots["run-all"])
        _assert_no_errors(nb, "once the widgets rendered")  # a widget can fail after its cell finished

        assert not nb.blank_selects(), f"dropdowns showing no option: {nb.blank_selects()}"
        for name in nb.image_names():
            assert name["title"] and name["title"] == name["caption"], name

        if explorers:  # reveal first: a pending prediction may hide everything a slider would change
            feedback = nb.reveal_first_prediction()
            assert "You predicted" in feedback, feedback
            _assert_no_errors(nb, "after revealing a prediction")
        with_slider = [i for i, explorer in enumerate(explorers) if explorer["sliders"]]
        if with_slider:
            before, after = nb.nudge_slider(with_slider[0])
            nb.screenshot(shots["slider"])
            assert after != before
            _assert_no_errors(nb, "after moving a slider")

        decorations = nb.link_decorations()
        assert all("underline" in d for d in decorations), f"links not underlined: {decorations}"

        axe = find_axe()
        if axe is None:
            _unavailable("axe-core is not installed (make installs it from the npm registry)")
        panel = ".jp-NotebookPanel:not(.lm-mod-hidden)"
        violations = nb.axe(axe, [f"{panel} .jp-RenderedMarkdown", f"{panel} .jp-OutputArea-output"],
                            [f"{panel} {selector}" for selector in AXE_EXCLUDE])
        serious = [v for v in violations if v["impact"] in ("critical", "serious")]
        assert not serious, f"{notebook.name}: axe-core violations in the course's content: {serious}"
    except BaseException:
        try:
            nb.screenshot(shots["failure"])
        except Exception:  # the page may be gone; the original failure matters more
            pass
        raise
    finally:
        nb.page.close()


def test_navigation_and_glossary_links_open_in_jupyterlab(browser_lab: BrowserLab) -> None:
    """Clicking a glossary link and a "Next" link in a rendered notebook opens the linked notebook."""
    start = next((p for p in NOTEBOOKS if p.name == "00_start_here.ipynb"), None)
    if start is None:
        pytest.skip("notebook 00 is not among the notebooks under test")
    browser_lab.server.delete_sessions()
    nb = NotebookPage(browser_lab.context.new_page(), browser_lab.server, start)
    try:
        nb.open()
        assert nb.follow_link("glossary.ipynb#leukapheresis") == "glossary.ipynb"
        nb.page.goto(browser_lab.server.notebook_url(start))
        nb.page.wait_for_selector(".jp-NotebookPanel .jp-RenderedMarkdown")
        assert nb.follow_link("01_the_act_journey.ipynb") == "01_the_act_journey.ipynb"
    finally:
        nb.page.close()
