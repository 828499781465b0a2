"""The lecture app (``make app``): the course's notebooks served by Voilà, code hidden, explorers live.

    python tools/app.py [--port 8866] [--no-browser]

Voilà serves ``notebooks/`` (only the course's notebooks, never tests or helpers) on 127.0.0.1:

* ``/`` is the landing page: the series in teaching order with titles, from :data:`helpers.course.SERIES`
  (only the notebooks that exist, :func:`helpers.course.available`), plus the glossary. It is a Voilà template
  (``act``, based on ``lab``) written into a temporary directory at start-up, so it never drifts from the series.
* ``/voila/render/<notebook>`` is a notebook: Markdown and outputs, no code (``strip_sources``), tracebacks not
  sent to the page. The notebooks' relative links (``01_the_act_journey.ipynb``, ``glossary.ipynb#CD19``) resolve
  to other ``/voila/render/`` pages.
* Every notebook is executed ahead of time in a pre-heated kernel (``preheat_kernel``, one per notebook), so a
  notebook page shows its explorers within seconds instead of after a fresh kernel has run the whole notebook.
  After a page takes its kernel, Voilà starts the next one after :data:`FILL_DELAY_S`, to leave the CPU to the
  page just opened. (Progressive rendering, the alternative, still runs a fresh kernel per visit and was slower.)

Ctrl-C (or SIGTERM) stops the server and shuts down its kernels.

:func:`app_command` is the command that ``make app`` runs; :func:`voila_args` holds every Voilà option
(the browser test ``tests/test_app.py`` starts the app with :func:`app_command`).
"""

from __future__ import annotations

import argparse
import html
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = REPO / "notebooks"
#: Name of the Voilà template holding the landing page (it renders notebooks with Voilà's ``lab`` template).
TEMPLATE = "act"
DEFAULT_PORT = 8866
#: Seconds Voilà waits, after a page has taken a pre-heated kernel, before pre-heating the next one.
FILL_DELAY_S = 10
#: The glossary notebook, linked from the landing page after the series.
GLOSSARY = "glossary.ipynb"

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def voila_args(port: int, open_browser: bool = False) -> list[str]:
    """Every command-line option of Voilà for the app (the one place for them)."""
    return [
        str(NOTEBOOKS),  # a directory: tree mode, one page per notebook
        "--Voila.ip=127.0.0.1",
        f"--port={port}",
        "--Voila.open_browser=True" if open_browser else "--no-browser",
        f"--template={TEMPLATE}",
        "--classic_tree=True",  # the landing page is the template's (server-rendered) tree.html
        "--theme=light",
        "--strip_sources=True",  # no code cells in the page (Voilà's default, stated)
        "--show_tracebacks=False",  # an error says so, without a traceback
        "--preheat_kernel=True",
        "--pool_size=1",
        f"--VoilaKernelManager.fill_delay={FILL_DELAY_S}",
        # Static files (images beside the notebooks) only; notebooks and .py files are never served raw.
        "--VoilaConfiguration.file_allowlist=.*[.](png|jpe?g|gif|svg)",
    ]


def app_command(port: int = DEFAULT_PORT, open_browser: bool = True) -> list[str]:
    """The command that starts the app (what ``make app`` runs, with the port and browser flags)."""
    cmd = [sys.executable, str(Path(__file__).resolve()), f"--port={port}"]
    return cmd if open_browser else [*cmd, "--no-browser"]


def landing_html() -> str:
    """The landing page (a Jinja template for Voilà's tree page): the available notebooks in teaching order."""
    from helpers.course import available

    items = "\n".join(
        f'      <li><a href="{{{{ base_url }}}}voila/render/{html.escape(lesson.filename)}">'
        f"{html.escape(lesson.number)} · {html.escape(lesson.title)}</a>"
        f'<span class="teaches">{html.escape(lesson.teaches)}</span></li>'
        for lesson in available()
    )
    glossary = (
        f'    <p><a href="{{{{ base_url }}}}voila/render/{GLOSSARY}">Glossary</a>: every term of the course.</p>\n'
        if (NOTEBOOKS / GLOSSARY).exists() else ""
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <title>Adoptive cell therapy: the course</title>
  <style>
    body {{ font-family: system-ui, sans-serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem;
            color: #1a1a1a; background: #fff; line-height: 1.5; }}
    a {{ color: #0b57a4; text-decoration: underline; text-underline-offset: 2px; }}
    ol.act-series {{ list-style: none; padding: 0; }}
    ol.act-series li {{ padding: .6rem 0; border-bottom: 1px solid #ddd; }}
    ol.act-series a {{ font-size: 1.15rem; }}
    .teaches {{ display: block; color: #444; }}
  </style>
</head>
<body>
  <main>
    <h1>Adoptive cell therapy: the course</h1>
    <p>Open a notebook to read it with its live explorers. Work through them in order.</p>
    <ol class="act-series">
{items}
    </ol>
{glossary}  </main>
</body>
</html>
"""


def write_template(data_dir: Path) -> Path:
    """Write the ``act`` Voilà template (based on ``lab``, plus the landing page) under ``data_dir``, a directory
    to put first on ``JUPYTER_PATH``; returns the template's directory."""
    template = data_dir / "voila" / "templates" / TEMPLATE
    template.mkdir(parents=True, exist_ok=True)
    (template / "conf.json").write_text(json.dumps({"base_template": "lab"}), encoding="utf-8")
    (template / "tree.html").write_text(landing_html(), encoding="utf-8")
    return template


def serve(port: int, open_browser: bool) -> int:
    """Run Voilà in this process until Ctrl-C or SIGTERM (Voilà then shuts down its kernels)."""
    data_dir = Path(tempfile.mkdtemp(prefix="act-app-"))
    try:
        write_template(data_dir)
        os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(data_dir), os.environ.get("JUPYTER_PATH")]))
        os.environ.pop("MPLBACKEND", None)  # kernels use the inline backend (tests set Agg)
        os.environ["JUPYTER_PREFER_ENV_PATH"] = "1"
        print(f"The course app: http://127.0.0.1:{port}/  (Ctrl-C stops it)", flush=True)
        print(f"Pre-heating one kernel per notebook in {NOTEBOOKS.relative_to(REPO)}/ ...", flush=True)
        from voila.app import Voila

        Voila.launch_instance(argv=voila_args(port, open_browser))
        return 0
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port on 127.0.0.1 (default {DEFAULT_PORT})")
    parser.add_argument("--no-browser", action="store_true", help="do not open a web browser")
    args = parser.parse_args(argv)
    return serve(args.port, open_browser=not args.no_browser)


if __name__ == "__main__":
    sys.exit(main())
