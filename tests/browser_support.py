"""A JupyterLab server and a headless Chromium for the browser tests.

Chromium is Debian's (found with :func:`shutil.which`), driven by Playwright for Python through
``executable_path``; Playwright's own browser download (``playwright install``) is never used.
"""

from __future__ import annotations

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
from dataclasses import dataclass
from pathlib import Path

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def find_chromium() -> str | None:
    """Path of Debian's chromium, or None."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LabServer:
    """A JupyterLab server started for the tests, on 127.0.0.1 with a random token."""

    root: Path
    port: int
    token: str
    process: subprocess.Popen
    tmp: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        sep = "&" if "?" in path else "?"
        return f"{self.base}/{path.lstrip('/')}{sep}token={self.token}"

    def api(self, method: str, path: str) -> object:
        request = urllib.request.Request(self.url(f"api/{path}"), method=method)
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def delete_sessions(self) -> None:
        """Delete every session and shut down every kernel, so the next notebook gets a fresh kernel."""
        for session in self.api("GET", "sessions") or []:  # type: ignore[union-attr]
            self.api("DELETE", f"sessions/{session['id']}")
        for kernel in self.api("GET", "kernels") or []:  # type: ignore[union-attr]
            self.api("DELETE", f"kernels/{kernel['id']}")

    def stop(self) -> None:
        try:
            self.delete_sessions()
        except (OSError, urllib.error.URLError):
            pass
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        shutil.rmtree(self.tmp, ignore_errors=True)


def start_lab(root: Path, timeout: float = 90.0) -> LabServer:
    """Start JupyterLab on ``root`` with its own settings (news prompt silenced) and workspaces."""
    tmp = Path(tempfile.mkdtemp(prefix="act-lab-"))
    settings = tmp / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    notebook_settings = tmp / "settings" / "@jupyterlab" / "notebook-extension"
    notebook_settings.mkdir(parents=True)
    # Render every cell (no virtual scrolling), so the test sees all prompts and outputs.
    (notebook_settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    (tmp / "workspaces").mkdir()
    port, token = free_port(), secrets.token_hex(16)
    cmd = [
        sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
        f"--ServerApp.token={token}", f"--ServerApp.root_dir={root}", "--ServerApp.open_browser=False",
        "--LabApp.expose_app_in_browser=True",  # window.jupyterapp, to run commands such as Run All
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    env = {
        **os.environ,
        "JUPYTERLAB_SETTINGS_DIR": str(tmp / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp / "workspaces"),
        "JUPYTER_PREFER_ENV_PATH": "1",  # this environment's kernel, not a user-wide one
        "MPLBACKEND": "module://matplotlib_inline.backend_inline",
    }
    log = open(tmp / "server.log", "wb")
    process = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    server = LabServer(root, port, token, process, tmp)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"JupyterLab exited early:\n{(tmp / 'server.log').read_text(errors='replace')}")
        try:
            server.api("GET", "status")
            return server
        except (OSError, urllib.error.URLError):
            time.sleep(0.5)
    server.stop()
    raise RuntimeError(f"JupyterLab did not answer within {timeout:.0f} s")


# JavaScript run in the page -----------------------------------------------------------------------

#: Texts of every code cell's input prompt in the open notebook.
PROMPTS_JS = """() => Array.from(document.querySelectorAll(
    '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputPrompt')).map(p => p.textContent.trim())"""

#: Text of the status bar's kernel status item (e.g. "Python 3 (ipykernel) | Idle").
KERNEL_STATUS_JS = """() => Array.from(document.querySelectorAll('#jp-main-statusbar .jp-StatusBar-TextItem'))
    .map(e => e.textContent).join(' | ')"""

#: Error outputs and widget failures in the open notebook.
ERRORS_JS = """() => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  const found = [];
  panel.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
    .forEach(e => found.push(e.textContent.slice(0, 500)));
  panel.querySelectorAll('.jp-OutputArea-output').forEach(e => {
    if (e.textContent.includes('Error displaying widget') || e.textContent.includes('Traceback'))
      found.push(e.textContent.slice(0, 500));
  });
  panel.querySelectorAll('.act-explorer-error').forEach(e => found.push(e.textContent));
  return found;
}"""

#: For every explorer: whether its image has loaded, and its src.
EXPLORERS_JS = """() => Array.from(document.querySelectorAll(
    '.jp-NotebookPanel:not(.lm-mod-hidden) .act-explorer')).map(box => {
  const img = box.querySelector('img.act-explorer-image');
  return {hasImage: !!img, src: img ? img.src : '', width: img ? img.naturalWidth : 0,
          sliders: box.querySelectorAll('.widget-slider .noUi-handle').length};
})"""
