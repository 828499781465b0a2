"""Export the course to static HTML with nbconvert: the fallback when no kernel is available, and printable.

Usage: ``make site`` (or ``python tools/export_site.py [OUTPUT_DIR]``; default ``build/site``).

Every notebook in ``notebooks/`` (the series and the glossary) becomes ``<name>.html`` with its stored outputs:
explorers show the figure stored at their starting settings, as an ``<img>`` with its description as alt text.
Links between notebooks (``03_antigen_recognition.ipynb``, ``glossary.ipynb#vasopressor``) are rewritten to the
exported pages, the course's stylesheet (underlined links) is added, and ``index.html`` lists the series.
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
sys.path.insert(0, str(ROOT))

from helpers.course import COURSE_CSS, SERIES  # noqa: E402  (the repository's own package)

#: A link to another notebook of the course, in the exported HTML: href="name.ipynb" or "name.ipynb#fragment".
_NOTEBOOK_HREF = re.compile(r'href="([\w.-]+)\.ipynb(#[^"]*)?"')


def export_notebook(path: Path, exporter: HTMLExporter) -> str:
    """One notebook as a standalone HTML page, links rewritten to the exported pages, the course CSS added."""
    body, _ = exporter.from_notebook_node(nbformat.read(path, as_version=4))
    body = _NOTEBOOK_HREF.sub(lambda m: f'href="{m.group(1)}.html{m.group(2) or ""}"', body)
    style = f"<style>{COURSE_CSS.read_text(encoding='utf-8')}</style>"
    return body.replace("</head>", f"{style}\n</head>", 1)


def index_page() -> str:
    """The site's landing page: the series, in teaching order, with the notebooks that exist linked."""
    rows = []
    for lesson in SERIES:
        name = html.escape(f"{lesson.number} · {lesson.title}")
        cell = (f'<a href="{lesson.filename[:-len(".ipynb")]}.html">{name}</a>' if lesson.available
                else f"{name} <em>(in preparation)</em>")
        rows.append(f"<tr><td>{cell}</td><td>{html.escape(lesson.teaches)}</td></tr>")
    css = COURSE_CSS.read_text(encoding="utf-8")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Adoptive cell therapy: an open course</title>
<style>body {{ font-family: sans-serif; max-width: 60rem; margin: 2rem auto; line-height: 1.5; }}
a {{ text-decoration: underline; }} td, th {{ padding: 0.3rem 0.6rem; text-align: left; vertical-align: top; }}
{css}</style></head>
<body><main><h1>Adoptive cell therapy: an open course</h1>
<p>Teaching material, not medical advice. This is the static copy of the notebooks: the figures show their starting
settings. Run the notebooks in JupyterLab to use the explorers. See also the <a href="glossary.html">glossary</a>.</p>
<table><thead><tr><th scope="col">Notebook</th><th scope="col">What it teaches</th></tr></thead>
<tbody>{"".join(rows)}</tbody></table></main></body></html>
"""


def export(out: Path) -> list[Path]:
    """Write every notebook, and the index, to ``out``; return the pages written."""
    out.mkdir(parents=True, exist_ok=True)
    exporter = HTMLExporter(template_name="lab")
    written = []
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        page = out / f"{path.stem}.html"
        page.write_text(export_notebook(path, exporter), encoding="utf-8")
        written.append(page)
    index = out / "index.html"
    index.write_text(index_page(), encoding="utf-8")
    return [index, *written]


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build" / "site"
    for page in export(target):
        print(page)
