"""Helpers for the browser test: a JupyterLab server, Chromium, and a notebook driven in the page.

Chromium is Debian's package (found with :func:`shutil.which`), driven by Playwright for Python through
``executable_path``; Playwright's own browser download (``playwright install``) is never used.

Nothing here imports Playwright at module level, so the test module can still be collected (and skip or
fail with a clear reason) when the ``playwright`` package is missing.

Environment variables (for developing the test against throwaway notebooks):

``ACT_BROWSER_NOTEBOOKS``
    A directory of notebooks, or a glob such as ``/tmp/dev/notebooks/*.ipynb``; default
    ``<repo>/notebooks``. JupyterLab is rooted at the parent of the notebooks' directory.
``ACT_BROWSER_ARTIFACTS``
    Where screenshots go; default ``<repo>/tests/artifacts``.
"""

from __future__ import annotations

import glob
import importlib.util
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Locator, Page

REPO = Path(__file__).resolve().parent.parent

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

#: Parts of the outputs that axe-core does not check: controls drawn by ipywidgets itself (its slider handles have
#: no accessible name of their own; the slider's visible label is a separate element), not the course's content.
#: Listed in the issue note as remaining for ipywidgets.
AXE_EXCLUDE = [".widget-slider .noUi-handle"]

#: Time limits, in seconds.
LAB_START_TIMEOUT_S = 90
KERNEL_READY_TIMEOUT_S = 60
RUN_ALL_TIMEOUT_S = 120
EXPLORER_IMAGES_TIMEOUT_S = 30
SLIDER_TIMEOUT_S = 10


# --------------------------------------------------------------------------------------------------
# What to test and where to put screenshots
def notebook_paths() -> list[Path]:
    """The notebooks to test, sorted: ``ACT_BROWSER_NOTEBOOKS`` (directory or glob) or ``<repo>/notebooks``."""
    spec = os.environ.get("ACT_BROWSER_NOTEBOOKS") or str(REPO / "notebooks")
    pattern = os.path.join(spec, "*.ipynb") if os.path.isdir(spec) else spec
    return sorted(Path(p).resolve() for p in glob.glob(pattern))


def lab_root(notebooks: list[Path]) -> Path:
    """The directory JupyterLab serves: the parent of the notebooks' (common) directory."""
    if not notebooks:
        return REPO
    return Path(os.path.commonpath([nb.parent for nb in notebooks])).parent


def artifacts_dir() -> Path:
    """Where screenshots are written (created if missing)."""
    path = Path(os.environ.get("ACT_BROWSER_ARTIFACTS") or REPO / "tests" / "artifacts")
    path.mkdir(parents=True, exist_ok=True)
    return path


def code_cell_count(notebook: Path) -> int:
    """Number of code cells in a notebook file."""
    return sum(cell["cell_type"] == "code" for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"])


def find_chromium() -> str | None:
    """Path of Debian's chromium, or None."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def unavailable(reason: str) -> NoReturn:
    """Skip with ``reason``; but fail when ``CI`` is set, where the browser tests must run."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so the browser test must run)")
    pytest.skip(reason)


def require_chromium() -> str:
    """Debian's chromium, once it and the playwright package are both installed; otherwise :func:`unavailable`."""
    chromium = find_chromium()
    if chromium is None:
        unavailable("Debian's chromium is not installed (apt-get install chromium)")
    if importlib.util.find_spec("playwright") is None:
        unavailable("the playwright Python package is not installed (pip install -r requirements-test.txt)")
    return chromium


@contextmanager
def chromium_browser() -> Iterator[Browser]:
    """A headless Chromium (Debian's, through Playwright), closed afterwards; skips or fails as
    :func:`require_chromium` does."""
    chromium = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def find_axe() -> Path | None:
    """axe-core's ``axe.min.js`` (installed from the npm registry by ``make``), or None.

    ``ACT_AXE_CORE`` overrides the path."""
    override = os.environ.get("ACT_AXE_CORE")
    candidates = [Path(override)] if override else []
    candidates += [REPO / ".venv" / "node_modules" / "axe-core" / "axe.min.js"]
    return next((path for path in candidates if path.is_file()), None)


# --------------------------------------------------------------------------------------------------
# JupyterLab server
def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class LabServer:
    """A JupyterLab server on 127.0.0.1 with a random token, in its own process group."""

    root: Path
    port: int
    token: str
    process: subprocess.Popen[bytes]
    tmp: Path

    @property
    def log_path(self) -> Path:
        return self.tmp / "server.log"

    def url(self, path: str) -> str:
        """Absolute URL of ``path`` (relative to the server), with the token."""
        sep = "&" if "?" in path else "?"
        return f"http://127.0.0.1:{self.port}/{path.lstrip('/')}{sep}token={self.token}"

    def notebook_url(self, notebook: Path) -> str:
        """URL opening ``notebook`` alone in a fresh workspace (``?reset``)."""
        relative = notebook.resolve().relative_to(self.root).as_posix()
        return self.url(f"lab/tree/{urllib.request.pathname2url(relative)}?reset")

    def api(self, method: str, path: str) -> Any:
        """Call the REST API; returns the decoded JSON body (None when empty)."""
        request = urllib.request.Request(self.url(f"api/{path}"), method=method)
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def delete_sessions(self) -> None:
        """Delete every session and shut down every kernel, so the next notebook opened gets a fresh kernel."""
        for session in self.api("GET", "sessions") or []:
            self._delete(f"sessions/{session['id']}")
        for kernel in self.api("GET", "kernels") or []:
            self._delete(f"kernels/{kernel['id']}")

    def _delete(self, path: str) -> None:
        try:
            self.api("DELETE", path)
        except urllib.error.HTTPError as exc:
            if exc.code != 404:  # already gone (a session's kernel, say)
                raise

    def log_tail(self, chars: int = 4000) -> str:
        return self.log_path.read_text(errors="replace")[-chars:] if self.log_path.exists() else ""

    def stop(self) -> None:
        """Delete sessions and kernels through the API, then end the server's process group and wait."""
        if self.process.poll() is None:
            try:
                self.delete_sessions()
            except (OSError, urllib.error.URLError):
                pass
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
            except ProcessLookupError:
                pass
        shutil.rmtree(self.tmp, ignore_errors=True)


def start_lab(root: Path) -> LabServer:
    """Start JupyterLab serving ``root``, with fresh settings (news prompt off) and workspaces.

    ``window.jupyterapp`` is exposed so the test can run commands such as Run All.
    """
    tmp = Path(tempfile.mkdtemp(prefix="act-lab-"))
    settings = tmp / "settings"
    user_settings = {
        # No "news" / update-check prompt over the notebook.
        "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
        # Render every cell (no windowing), so that all prompts, outputs and images are in the DOM.
        "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    }
    for plugin, values in user_settings.items():
        file = settings / f"{plugin}.jupyterlab-settings"
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(json.dumps(values), encoding="utf-8")
    for name in ("workspaces", "config", "runtime"):
        (tmp / name).mkdir()

    port, token = free_port(), secrets.token_hex(16)
    cmd = [
        sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
        f"--ServerApp.token={token}", f"--ServerApp.root_dir={root}",
        "--LabApp.expose_app_in_browser=True",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    env = {
        **os.environ,
        "JUPYTERLAB_SETTINGS_DIR": str(settings),
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp / "workspaces"),
        # Ignore the developer's own Jupyter config (passwords, other roots) and runtime files.
        "JUPYTER_CONFIG_DIR": str(tmp / "config"),
        "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
        "JUPYTER_PREFER_ENV_PATH": "1",
    }
    # tests/conftest.py sets MPLBACKEND=Agg for the test process; kernels must get the inline backend.
    env.pop("MPLBACKEND", None)
    with open(tmp / "server.log", "wb") as log:
        process = subprocess.Popen(
            cmd, env=env, cwd=root, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    server = LabServer(root, port, token, process, tmp)
    deadline = time.monotonic() + LAB_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log_text = server.log_tail()
            server.stop()
            raise RuntimeError(f"JupyterLab exited early (code {process.returncode}):\n{log_text}")
        try:
            server.api("GET", "status")
            return server
        except (OSError, urllib.error.URLError):
            time.sleep(0.3)
    log_text = server.log_tail()
    server.stop()
    raise RuntimeError(f"JupyterLab did not answer within {LAB_START_TIMEOUT_S} s:\n{log_text}")


@contextmanager
def chromium_context(executable: str) -> Iterator[BrowserContext]:
    """A headless Chromium with a fresh, temporary profile (user-data dir)."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="act-chromium-") as profile, sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=executable, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 1000},
        )
        try:
            yield context
        finally:
            context.close()


# --------------------------------------------------------------------------------------------------
# JavaScript evaluated in the page. The open notebook is the visible notebook panel.
_PANEL = "document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)')"

#: {kernel, status, prompts}: kernel name and status from the status bar ("Python 3 (ipykernel) | Idle"; the
#: toolbar's dot turns idle too early) and the text of every code cell's input prompt ("[3]:", "[*]:", "[ ]:").
STATE_JS = f"""() => {{
  const item = Array.from(document.querySelectorAll('#jp-main-statusbar .jp-StatusBar-TextItem'))
    .map(e => e.textContent.trim()).find(t => t.includes(' | '));
  const panel = {_PANEL};
  const prompts = panel ? Array.from(panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt'))
    .map(p => p.textContent.trim()) : [];
  const [kernel, status] = item ? item.split(' | ').map(t => t.trim()) : ['', ''];
  return {{kernel, status, prompts}};
}}"""

#: True once the notebook's kernel is idle.
KERNEL_IDLE_JS = f"() => {{ const s = ({STATE_JS})(); return s.status === 'Idle' && s.kernel !== 'No Kernel'; }}"

#: True when the app object and the notebook commands exist.
APP_READY_JS = """() => !!(window.jupyterapp && window.jupyterapp.commands.hasCommand('notebook:run-all-cells')
  && window.jupyterapp.commands.hasCommand('notebook:clear-all-cell-outputs'))"""

#: Start a command without awaiting it (Run All's promise settles only when every cell has run);
#: its outcome is kept in window.__actCommands for diagnostics.
EXECUTE_JS = """(id) => {
  window.__actCommands = window.__actCommands || {};
  window.__actCommands[id] = 'running';
  window.jupyterapp.commands.execute(id).then(
    () => { window.__actCommands[id] = 'done'; },
    (e) => { window.__actCommands[id] = 'failed: ' + e; });
}"""

#: True when outputs are cleared: no prompt holds a number and no output is left.
CLEARED_JS = f"""() => {{
  const panel = {_PANEL};
  return !!panel && !panel.querySelector('.jp-OutputArea-output')
    && ({STATE_JS})().prompts.every(t => !/\\d/.test(t));
}}"""

#: True once Run All has started: a prompt shows "[*]" or a number (outputs were cleared before), or
#: there is no code cell at all.
RUN_STARTED_JS = f"""() => {{
  const prompts = ({STATE_JS})().prompts;
  return prompts.length === 0 || prompts.some(t => t === '[*]:' || /^\\[\\d+\\]:$/.test(t));
}}"""

#: True once Run All has finished: the kernel is idle and no cell is queued or running. (After an error,
#: Run All stops and the remaining prompts go back to "[ ]:"; the test reports the error then.)
RUN_FINISHED_JS = f"() => {{ const s = ({STATE_JS})(); return s.status === 'Idle' && !s.prompts.includes('[*]:'); }}"

#: Every problem visible in the open notebook: error outputs (from the notebook model, which also catches
#: errors without "Traceback" such as a SyntaxError), stderr tracebacks, widgets that failed to display,
#: and explorers reporting an error.
ERRORS_JS = f"""() => {{
  const found = [];
  const widget = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const cells = widget && widget.content && widget.content.model ? widget.content.model.cells : null;
  if (cells) {{
    for (let i = 0; i < cells.length; i++) {{
      const cell = cells.get(i);
      if (cell.type !== 'code') continue;
      for (const out of cell.outputs.toJSON())
        if (out.output_type === 'error') found.push(`cell ${{i + 1}}: ${{out.ename}}: ${{out.evalue}}`);
    }}
  }}
  const panel = {_PANEL};
  if (!panel) return found.concat(['no notebook panel']);
  panel.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
    .forEach(e => {{ if (e.textContent.includes('Traceback')) found.push(e.textContent.slice(0, 1500)); }});
  panel.querySelectorAll('.jp-OutputArea-output').forEach(e => {{
    if (e.textContent.includes('Error displaying widget')) found.push(e.textContent.slice(0, 500));
  }});
  panel.querySelectorAll('.jupyter-widgets-error-widget, .act-explorer-error')
    .forEach(e => found.push(e.textContent.trim().slice(0, 500) || e.className));
  return found;
}}"""

#: One record per explorer: its image's src and natural width, and its number of slider handles.
EXPLORERS_JS = f"""() => {{
  const panel = {_PANEL};
  return panel ? Array.from(panel.querySelectorAll('.act-explorer')).map(box => {{
    const img = box.querySelector('img.act-explorer-image');
    return {{src: img ? img.getAttribute('src') || '' : '', width: img && img.complete ? img.naturalWidth : 0,
             sliders: box.querySelectorAll('.widget-slider .noUi-handle').length}};
  }}) : [];
}}"""

#: True when every explorer shows a loaded blob:/data: image and no widget is still loading.
EXPLORERS_READY_JS = f"""() => {{
  const panel = {_PANEL};
  if (!panel || Array.from(panel.querySelectorAll('.jp-OutputArea-output'))
      .some(e => e.textContent.trim() === 'Loading widget...')) return false;
  return ({EXPLORERS_JS})().every(x => /^(blob|data):/.test(x.src) && x.width > 0);
}}"""

#: True when explorer ``index`` shows a loaded image whose src differs from ``before``.
IMAGE_CHANGED_JS = f"""([index, before]) => {{
  const x = ({EXPLORERS_JS})()[index];
  return !!x && x.src !== before && /^(blob|data):/.test(x.src) && x.width > 0;
}}"""

#: Dropdowns in the course's explorers that show no selected option (ipywidgets shows a value of None as blank).
BLANK_SELECTS_JS = f"""() => {{
  const panel = {_PANEL};
  return panel ? Array.from(panel.querySelectorAll('.act-explorer select'))
    .filter(s => s.selectedIndex < 0).map(s => (s.closest('.widget-dropdown') || s).textContent.trim().slice(0, 80)) : [];
}}"""

#: For every explorer image: its accessible name (alt text) and the caption under it, which must agree.
IMAGE_NAMES_JS = f"""() => {{
  const panel = {_PANEL};
  return panel ? Array.from(panel.querySelectorAll('.act-explorer')).map(box => {{
    const img = box.querySelector('img.act-explorer-image');
    const caption = box.querySelector('.act-explorer-caption');
    return {{title: img ? (img.getAttribute('alt') || '') : '',
             caption: caption ? caption.textContent.trim() : ''}};
  }}) : [];
}}"""

#: Computed text decoration of the links in the notebook's rendered Markdown.
LINK_DECORATION_JS = f"""() => {{
  const panel = {_PANEL};
  return panel ? Array.from(panel.querySelectorAll('.jp-RenderedMarkdown a[href]'))
    .map(a => getComputedStyle(a).textDecorationLine) : [];
}}"""

#: Run axe-core (injected first) on the course's own content: rendered Markdown and outputs. Resolves to the
#: violations as [{id, impact, help, nodes: [target, ...]}].
AXE_JS = """async ([include, exclude]) => {
  const result = await axe.run({include: include, exclude: exclude},
    {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},
     resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                      nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}));
}"""

#: The visible dialog's text, if any (a kernel chooser or error dialog would block the run).
DIALOG_JS = "() => { const d = document.querySelector('.jp-Dialog'); return d ? d.textContent.trim() : ''; }"


def reveal_prediction(box: Locator) -> str:
    """In an explorer's prediction box, enter a prediction (the first option, or "1") and click Reveal, as a learner
    does; returns the feedback shown."""
    box.scroll_into_view_if_needed()
    radios = box.locator("input[type=radio]")
    if radios.count() and radios.first.is_visible():
        radios.first.check()
    else:
        box.locator("input[type=text]").first.fill("1")
    box.get_by_role("button", name="Reveal").click()
    verdict = box.locator(".act-explorer-verdict")
    verdict.wait_for(timeout=SLIDER_TIMEOUT_S * 1000)
    return verdict.inner_text()


# --------------------------------------------------------------------------------------------------
# Driving a notebook in the page
class NotebookPage:
    """One notebook opened in JupyterLab in a Playwright page."""

    def __init__(self, page: Page, server: LabServer, notebook: Path) -> None:
        self.page = page
        self.server = server
        self.notebook = notebook
        #: Uncaught exceptions and console errors in the page, reported with failures (not asserted on:
        #: JupyterLab may log harmless errors).
        self.browser_errors: list[str] = []
        page.on("pageerror", lambda error: self.browser_errors.append(f"uncaught: {error}"))
        page.on("console", self._on_console)

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.browser_errors.append(f"console: {message.text[:300]}")

    def wait_until(self, predicate_js: str, timeout_s: float, what: str, arg: Any = None) -> None:
        """Wait until the JavaScript predicate is truthy; on timeout fail with what the page shows."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        try:
            self.page.wait_for_function(predicate_js, arg=arg, timeout=timeout_s * 1000, polling=200)
        except PlaywrightTimeout:
            raise AssertionError(
                f"{self.notebook.name}: timed out after {timeout_s:g} s waiting for {what}; "
                f"page state {self.page.evaluate(STATE_JS)}, dialog {self.page.evaluate(DIALOG_JS)!r}, "
                f"errors {self.page.evaluate(ERRORS_JS)}, explorers {self.page.evaluate(EXPLORERS_JS)}, "
                f"commands {self.page.evaluate('() => window.__actCommands || {}')}, "
                f"browser errors {self.browser_errors}"
            ) from None

    def open(self) -> None:
        """Open the notebook and wait until its (fresh) kernel is idle and the app's commands exist."""
        self.page.goto(self.server.notebook_url(self.notebook), timeout=KERNEL_READY_TIMEOUT_S * 1000)
        self.page.wait_for_selector(".jp-NotebookPanel .jp-Notebook", timeout=KERNEL_READY_TIMEOUT_S * 1000)
        self.wait_until(KERNEL_IDLE_JS, KERNEL_READY_TIMEOUT_S, "the kernel to be idle (status bar)")
        self.wait_until(APP_READY_JS, KERNEL_READY_TIMEOUT_S, "window.jupyterapp and the notebook commands")
        self.page.evaluate("() => window.jupyterapp.shell.collapseLeft()")  # more room for the notebook

    def execute(self, command: str) -> None:
        """Start a JupyterLab command (e.g. ``notebook:run-all-cells``) on the current notebook."""
        self.page.evaluate(EXECUTE_JS, command)

    def run_all(self) -> None:
        """Clear the stored outputs, Run All, and wait until every cell has run (or one has failed).

        Clearing first means that only outputs of this run are checked, and that prompts only show
        numbers once this run has executed them.
        """
        self.execute("notebook:clear-all-cell-outputs")
        self.wait_until(CLEARED_JS, 30, "the stored outputs to be cleared")
        self.execute("notebook:run-all-cells")
        self.wait_until(RUN_STARTED_JS, 30, "Run All to start")
        self.wait_until(RUN_FINISHED_JS, RUN_ALL_TIMEOUT_S, "Run All to finish")

    def prompts(self) -> list[str]:
        """Input prompts of every code cell, e.g. ``["[1]:", "[2]:"]``."""
        return list(self.page.evaluate(STATE_JS)["prompts"])

    def errors(self) -> list[str]:
        """Error outputs, failed widgets and explorer errors in the notebook."""
        return list(self.page.evaluate(ERRORS_JS))

    def blank_selects(self) -> list[str]:
        """Dropdowns of the course's explorers that show no selected option."""
        return list(self.page.evaluate(BLANK_SELECTS_JS))

    def image_names(self) -> list[dict[str, str]]:
        """Accessible name (title) and caption of every explorer image."""
        return list(self.page.evaluate(IMAGE_NAMES_JS))

    def link_decorations(self) -> list[str]:
        """The computed ``text-decoration-line`` of every link in the rendered Markdown."""
        return list(self.page.evaluate(LINK_DECORATION_JS))

    def axe(self, axe_js: Path, include: list[str], exclude: list[str]) -> list[dict[str, Any]]:
        """axe-core's violations within the ``include`` selectors (minus ``exclude``) of the open notebook."""
        self.page.add_script_tag(path=str(axe_js))
        return list(self.page.evaluate(AXE_JS, [include, exclude]))

    def reveal_first_prediction(self) -> str:
        """In the first explorer asking for a prediction, enter one (the first option, or "1") and click Reveal;
        returns the feedback shown."""
        return reveal_prediction(self.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .act-explorer-predict").first)

    def follow_link(self, href: str) -> str:
        """Click the first rendered-Markdown link to ``href`` (a relative link as written in the notebook, which
        JupyterLab rewrites to a server URL); return the title of the notebook that opens."""
        target, _, fragment = href.partition("#")
        selector = f"a[href*='/{target}']" + (f"[href$='#{fragment}']" if fragment else "")
        link = self.page.locator(f".jp-NotebookPanel:not(.lm-mod-hidden) .jp-RenderedMarkdown {selector}").first
        link.scroll_into_view_if_needed()
        link.click()
        self.page.wait_for_function(
            "(name) => { const w = window.jupyterapp.shell.currentWidget; return !!w && w.title.label === name; }",
            arg=target, timeout=KERNEL_READY_TIMEOUT_S * 1000)
        return str(self.page.evaluate("() => window.jupyterapp.shell.currentWidget.title.label"))

    def explorers(self) -> list[dict[str, Any]]:
        """For every ``.act-explorer``: ``src`` and natural ``width`` of its image, and its ``sliders``."""
        return list(self.page.evaluate(EXPLORERS_JS))

    def wait_for_explorer_images(self) -> list[dict[str, Any]]:
        """Wait until every explorer shows a loaded image; returns :meth:`explorers`."""
        self.wait_until(EXPLORERS_READY_JS, EXPLORER_IMAGES_TIMEOUT_S, "every explorer's image to load")
        return self.explorers()

    def nudge_slider(self, index: int) -> tuple[str, str]:
        """Move the first slider of explorer ``index`` one step with the keyboard; wait for a new image.

        Focuses the slider's noUiSlider handle and presses ArrowRight (ArrowLeft when the slider cannot go
        further right). If the image has not changed after a few seconds the key is pressed again (one step
        may leave a figure pixel-identical), at most three times within :data:`SLIDER_TIMEOUT_S`.
        Returns the image ``src`` before and after; fails if it did not change.
        """
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        box = self.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .act-explorer").nth(index)
        handle = box.locator(".widget-slider .noUi-handle").first
        handle.scroll_into_view_if_needed()
        before = self.explorers()[index]["src"]
        first_value = handle.get_attribute("aria-valuenow")
        # Decide the direction once, from the handle's ARIA range: pressing ArrowRight and then, on seeing no
        # change yet, ArrowLeft can race the slider's update and step back to the starting image.
        at_max = float(first_value or 0) >= float(handle.get_attribute("aria-valuemax") or "inf")
        key = "ArrowLeft" if at_max else "ArrowRight"
        deadline = time.monotonic() + SLIDER_TIMEOUT_S
        for attempt in range(1, 4):
            handle.focus()
            handle.press(key)
            remaining = deadline - time.monotonic()
            wait_s = remaining if attempt == 3 else min(remaining, SLIDER_TIMEOUT_S / 3)
            try:
                self.page.wait_for_function(IMAGE_CHANGED_JS, arg=[index, before], timeout=max(wait_s, 0.1) * 1000,
                                            polling=100)
                return before, self.explorers()[index]["src"]
            except PlaywrightTimeout:
                if time.monotonic() >= deadline:
                    break
        raise AssertionError(
            f"{self.notebook.name}: explorer {index}'s image did not change within {SLIDER_TIMEOUT_S} s of {key} "
            f"on its first slider (value {first_value} -> {handle.get_attribute('aria-valuenow')}); "
            f"errors {self.errors()}, browser errors {self.browser_errors}"
        )

    def screenshot(self, path: Path) -> None:
        """Full-page screenshot to ``path``."""
        self.page.screenshot(path=str(path), full_page=True)
