"""Export the course to static HTML with nbconvert: the fallback when no kernel is available, and printable.

Usage: ``make site`` (or ``python tools/export_site.py [OUTPUT_DIR]``; default ``build/site``).

Every notebook in ``notebooks/`` (the series and the glossary) becomes ``<name>.html`` with its stored outputs:
explorers show the figure stored at their starting settings, as an ``<img>`` with its description as alt text.
(Their ``application/vnd.jupyter.widget-view+json`` outputs are dropped by nbconvert, as the notebooks store no
widget state, so the PNG fallback beside them is what shows.) Links between notebooks
(``03_antigen_recognition.ipynb``, ``glossary.ipynb#vasopressor``) are rewritten to the exported pages, each page
gets a navigation bar (course index, glossary), the course's stylesheets (``helpers/course.css``: underlined links;
``helpers/site.css``: readable type, a reading width, print rules), and ``index.html`` lists the series.

No request leaves the machine: the site is read from disk, offline, or printed. nbconvert's ``lab`` template loads
require.js and MathJax from a CDN (and mermaid, or the ipywidgets HTML manager, when a notebook needs them); the
template used here (:data:`SITE_TEMPLATE`) drops those scripts, and the pages carry no script at all.

Mathematics is rendered at build time to plain HTML (:func:`tex_to_html`), without MathJax and without a new
dependency. The notebooks use a small part of TeX: sub- and superscripts, Greek letters, a few operators
(``\\times``, ``\\approx``, ``\\ll``, ``\\rightleftharpoons``), ``\\frac``, ``\\sqrt``, ``\\text``, ``\\ln`` and one
``pmatrix``. Each becomes HTML (``<sub>``, ``<sup>``, Unicode symbols, a stacked fraction, a CSS grid for the
matrix) that reads well on screen and in print and stays selectable text; screen readers hear the fraction as
"a over b". A formula using a command outside that set is shown as its TeX source in ``<code>`` rather than
mangled (``tests/test_site.py`` checks that none is left). Vendoring MathJax (a PyPI package ships 2.7) would
have added a pinned dependency, several megabytes of script per site, and a page that renders only with
JavaScript; converting the TeX to MathML would also need a new package. Dollar signs that are amounts of money
(``$57,000 to $59,000``) are told from math by Pandoc's rule: a closing ``$`` is not preceded by a space and not
followed by a digit.
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

import jinja2
import nbformat
from nbconvert import HTMLExporter
from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
SITE_CSS = ROOT / "helpers" / "site.css"
sys.path.insert(0, str(ROOT))

from helpers.course import COURSE_CSS, SERIES  # noqa: E402  (the repository's own package)

COURSE_TITLE = "Adoptive cell therapy: an open course"

#: A link to another notebook of the course, in the exported HTML: href="name.ipynb" or "name.ipynb#fragment".
_NOTEBOOK_HREF = re.compile(r'href="([\w.-]+)\.ipynb(#[^"]*)?"')

#: The ``lab`` template without any script loaded from elsewhere (require.js, MathJax, mermaid, the widgets'
#: HTML manager), with a site navigation bar before the notebook's ``<main>``.
SITE_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block body_header -%}
<body class="jp-Notebook" data-jp-theme-light="true" data-jp-theme-name="JupyterLab Light">
<nav class="act-site-nav" aria-label="Course"><a href="index.html">Course index</a>
<a href="glossary.html">Glossary</a></nav>
<main>
{%- endblock body_header -%}
"""


# --------------------------------------------------------------------------------------------------
# TeX to HTML
_SYMBOLS = {
    # Greek
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε", "zeta": "ζ",
    "eta": "η", "theta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ",
    "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "upsilon": "υ", "phi": "φ", "varphi": "φ", "chi": "χ",
    "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Pi": "Π",
    "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    # operators and relations
    "times": "×", "cdot": "·", "div": "÷", "pm": "±", "mp": "∓", "approx": "≈", "sim": "∼", "simeq": "≃",
    "neq": "≠", "ne": "≠", "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "ll": "≪", "gg": "≫",
    "propto": "∝", "infty": "∞", "partial": "∂", "int": "∫", "sum": "∑", "prod": "∏", "to": "→",
    "rightarrow": "→", "leftarrow": "←", "Rightarrow": "⇒", "Leftarrow": "⇐", "leftrightarrow": "↔",
    "rightleftharpoons": "⇌", "in": "∈", "ldots": "…", "cdots": "⋯", "circ": "∘", "degree": "°",
    # spacing and delimiters
    "quad": "\u2003", "qquad": "\u2003\u2003", ",": "\u2009", ";": "\u2005", ":": "\u2005", " ": " ", "!": "",
    "{": "{", "}": "}", "%": "%", "$": "$", "&": "&amp;", "_": "_", "#": "#",
    "lbrace": "{", "rbrace": "}", "langle": "⟨", "rangle": "⟩",
}
#: Size prefixes for delimiters (``\left(``, ``\Big[``): dropped, the delimiter stays.
_SIZES = {"left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "displaystyle"}
#: Function names set upright.
_FUNCTIONS = {"ln", "log", "exp", "sin", "cos", "tan", "min", "max", "lim", "det"}
#: Commands whose argument is text set upright.
_TEXT = {"text", "textrm", "mathrm", "operatorname", "mathit", "textit", "mathbf", "textbf"}


class _UnknownTeX(ValueError):
    """The formula uses TeX outside the subset converted here."""


class _TeXParser:
    """A recursive-descent reader of the TeX subset described in the module docstring."""

    def __init__(self, tex: str) -> None:
        self.s = tex
        self.i = 0

    def parse(self) -> str:
        out = self.group(until=None)
        if self.i < len(self.s):
            raise _UnknownTeX(f"unbalanced braces in {self.s!r}")
        return out

    def group(self, until: str | None) -> str:
        parts: list[str] = []
        while self.i < len(self.s):
            c = self.s[self.i]
            if until is not None and c == until:
                return "".join(parts)
            if c == "}" and until is None:
                raise _UnknownTeX("unbalanced }")
            if c in "_^":
                self.i += 1
                tag = "sub" if c == "_" else "sup"
                parts.append(f"<{tag}>{self.atom()}</{tag}>")
            else:
                parts.append(self.atom())
        if until is not None:
            raise _UnknownTeX(f"missing {until!r}")
        return "".join(parts)

    def braced(self) -> str:
        """The next argument: a {group} or a single atom."""
        self.skip_space()
        return self.atom()

    def skip_space(self) -> None:
        while self.i < len(self.s) and self.s[self.i].isspace():
            self.i += 1

    def raw_braced(self) -> str:
        self.skip_space()
        if self.i >= len(self.s) or self.s[self.i] != "{":
            raise _UnknownTeX("expected {")
        end = self.s.index("}", self.i)
        text, self.i = self.s[self.i + 1:end], end + 1
        return text

    def atom(self) -> str:
        if self.i >= len(self.s):
            raise _UnknownTeX("missing argument")
        c = self.s[self.i]
        if c == "{":
            self.i += 1
            inner = self.group(until="}")
            self.i += 1
            return inner
        if c == "\\":
            return self.command()
        if c.isspace():
            while self.i < len(self.s) and self.s[self.i].isspace():
                self.i += 1
            return " "
        if c.isascii() and c.isalpha():
            start = self.i
            while self.i < len(self.s) and self.s[self.i].isascii() and self.s[self.i].isalpha():
                self.i += 1
            return f"<var>{self.s[start:self.i]}</var>"
        self.i += 1
        if c == "-":
            return "−"
        if c == "~":
            return "\u00a0"
        if c == "&":
            raise _UnknownTeX("& outside a matrix")
        return html.escape(c, quote=False)

    def command(self) -> str:
        match = re.compile(r"\\([A-Za-z]+|.)").match(self.s, self.i)
        if not match:
            raise _UnknownTeX("a lone backslash")
        name = match.group(1)
        self.i = match.end()
        if name in _SIZES:
            return ""
        if name in _SYMBOLS:
            return _SYMBOLS[name]
        if name in _FUNCTIONS:
            return f'<span class="tex-fn">{name}</span>'
        if name in _TEXT:
            return f'<span class="tex-text">{html.escape(self.raw_braced(), quote=False)}</span>'
        if name in ("frac", "dfrac", "tfrac"):
            numerator, denominator = self.braced(), self.braced()
            return (f'<span class="tex-frac"><span class="tex-num">{numerator}</span>'
                    f'<span class="tex-visually-hidden"> over </span>'
                    f'<span class="tex-den">{denominator}</span></span>')
        if name == "sqrt":
            return f'√<span class="tex-sqrt">{self.braced()}</span>'
        if name == "begin":
            return self.environment(self.raw_braced())
        raise _UnknownTeX(f"\\{name}")

    def environment(self, env: str) -> str:
        if env not in ("pmatrix", "bmatrix", "matrix"):
            raise _UnknownTeX(f"environment {env}")
        end = self.s.find(f"\\end{{{env}}}", self.i)
        if end < 0:
            raise _UnknownTeX(f"missing \\end{{{env}}}")
        body, self.i = self.s[self.i:end], end + len(f"\\end{{{env}}}")
        rows = [[tex_to_html_inner(cell.strip()) for cell in row.split("&")]
                for row in re.split(r"\\\\", body) if row.strip()]
        columns = max(len(row) for row in rows)
        cells = "".join(f'<span class="tex-cell">{cell}</span>' for row in rows for cell in row)
        grid = f'<span class="tex-matrix" style="grid-template-columns: repeat({columns}, auto)">{cells}</span>'
        opening, closing = {"pmatrix": ("(", ")"), "bmatrix": ("[", "]")}.get(env, ("", ""))
        return f'<span class="tex-delim">{opening}</span>{grid}<span class="tex-delim">{closing}</span>'


def tex_to_html_inner(tex: str) -> str:
    """The HTML of a TeX formula (without its wrapper); raises :class:`_UnknownTeX` outside the subset."""
    return _TeXParser(tex.strip()).parse().strip()


def tex_to_html(tex: str, display: bool = False) -> str:
    """A TeX formula as HTML: ``<span class="tex">`` (``tex tex-display`` for display math, set as a block).

    A formula outside the converted subset is shown as its TeX source, in ``<code class="tex-source">``."""
    kind = "tex tex-display" if display else "tex"
    try:
        return f'<span class="{kind}">{tex_to_html_inner(tex)}</span>'
    except (_UnknownTeX, ValueError):
        delimiter = "$$" if display else "$"
        return f'<code class="tex-source">{html.escape(delimiter + tex + delimiter, quote=False)}</code>'


# --------------------------------------------------------------------------------------------------
# Markdown with math
_CODE = re.compile(r"(^|\n)(```|~~~).*?\n\2[^\n]*|`[^`\n]*`", re.S)


def escape_currency(source: str) -> str:
    """Escape the dollar signs of amounts of money (``$57,000``) so that they are not read as math delimiters.

    A ``$`` followed by a digit opens math only if a closing ``$`` follows in the same paragraph, one that is not
    preceded by a space and not followed by a digit (Pandoc's rule); otherwise it becomes ``\\$``. ``$$``, escaped
    dollars and code are left alone."""
    out, last = [], 0
    for code in _CODE.finditer(source):
        out.append(_escape_currency_text(source[last:code.start()]))
        out.append(code.group(0))
        last = code.end()
    out.append(_escape_currency_text(source[last:]))
    return "".join(out)


def _escape_currency_text(text: str) -> str:
    chars = list(text)
    i = 0
    while i < len(text):
        if text[i] != "$" or (i and text[i - 1] == "\\"):
            i += 1
            continue
        if text.startswith("$$", i):  # display math: skip to its end
            end = text.find("$$", i + 2)
            i = len(text) if end < 0 else end + 2
            continue
        paragraph_end = text.find("\n\n", i)
        paragraph_end = len(text) if paragraph_end < 0 else paragraph_end
        closer = next((j for j in range(i + 2, paragraph_end) if text[j] == "$" and text[j - 1] not in " \t\n\\"
                       and not (j + 1 < len(text) and text[j + 1].isdigit())), None)
        if closer is None:
            if i + 1 < len(text) and text[i + 1].isdigit():
                chars[i] = "\\$"
            i += 1
        else:
            i = closer + 1
    return "".join(chars)


class _SiteRenderer(IPythonRenderer):
    """nbconvert's Markdown renderer, with math rendered to HTML at build time (:func:`tex_to_html`)."""

    def block_math(self, body: str) -> str:
        return tex_to_html(body, display=True)

    def inline_math(self, body: str) -> str:
        return tex_to_html(body)

    def latex_environment(self, name: str, body: str) -> str:
        return tex_to_html(f"\\begin{{{name}}}{body}\\end{{{name}}}", display=True)


class SiteExporter(HTMLExporter):
    """nbconvert's HTML exporter with the site template (no remote script) and math rendered to HTML."""

    @jinja2.pass_context
    def markdown2html(self, context, source):  # type: ignore[no-untyped-def]
        cell = context.get("cell", {})
        path = context.get("resources", {}).get("metadata", {}).get("path", "")
        renderer = _SiteRenderer(
            escape=False, attachments=cell.get("attachments", {}), embed_images=self.embed_images, path=path,
            anchor_link_text=self.anchor_link_text, exclude_anchor_links=self.exclude_anchor_links,
            **self.lexer_options,
        )
        return MarkdownWithMath(renderer=renderer).render(escape_currency(source))


def make_exporter() -> SiteExporter:
    return SiteExporter(template_name="lab", template_file="act_site.html.j2",
                        extra_loaders=[jinja2.DictLoader({"act_site.html.j2": SITE_TEMPLATE})])


# --------------------------------------------------------------------------------------------------
# Pages
def _stylesheets() -> str:
    return "".join(f"<style>{css.read_text(encoding='utf-8')}</style>\n" for css in (COURSE_CSS, SITE_CSS))


def notebook_title(nb: nbformat.NotebookNode, fallback: str) -> str:
    """The first Markdown heading of the notebook, as plain text (for ``<title>``)."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^#{1,2}\s+(.+)$", cell.source, re.M)
            if match:
                text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", match.group(1))
                return re.sub(r"[*_`$\\]", "", text).strip()
    return fallback


#: Ids that nbconvert writes once per output (a uuid4 ``div`` around each widget output is gone with the widgets;
#: headings get their ids from their text, so two headings with the same text in one page would share one).
_HEADING_ID = re.compile(r'<(h[1-6]) id="([^"]*)"')


def _unique_heading_ids(body: str) -> str:
    seen: dict[str, int] = {}

    def rename(m: re.Match[str]) -> str:
        tag, ident = m.group(1), m.group(2)
        seen[ident] = seen.get(ident, 0) + 1
        if seen[ident] == 1:
            return m.group(0)
        return f'<{tag} id="{ident}-{seen[ident]}"'

    return _HEADING_ID.sub(rename, body)


def export_notebook(path: Path, exporter: HTMLExporter) -> str:
    """One notebook as a standalone HTML page, links rewritten to the exported pages, the course CSS added."""
    nb = nbformat.read(path, as_version=4)
    title = f"{notebook_title(nb, path.stem)} · {COURSE_TITLE}"
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title, "path": str(path.parent)}})
    body = _NOTEBOOK_HREF.sub(lambda m: f'href="{m.group(1)}.html{m.group(2) or ""}"', body)
    body = _unique_heading_ids(body)
    return body.replace("</head>", f"{_stylesheets()}</head>", 1)


#: The teacher guides, whose generated prediction sheets become printable pages of the site.
TEACHER = ROOT / "teacher"
_SHEET_BLOCK = re.compile(r"<!-- BEGIN GENERATED: prediction sheet -->\n(.*?)<!-- END GENERATED: prediction sheet -->",
                          re.S)


def sheet_name(notebook_stem: str) -> str:
    """The site page of a notebook's printable prediction sheet."""
    return f"prediction-sheet-{notebook_stem}.html"


def sheet_page(notebook_stem: str) -> str | None:
    """The prediction sheet of ``teacher/<notebook>.md`` as a printable page (one page per student), or None when the
    notebook has no guide. The sheet carries no answers: the keys stay in the teacher guides."""
    guide = TEACHER / f"{notebook_stem}.md"
    match = _SHEET_BLOCK.search(guide.read_text(encoding="utf-8")) if guide.exists() else None
    if not match:
        return None
    markdown = re.sub(r"^## .*\n", "", match.group(1), count=1)  # the sheet's heading becomes the page's <h1>
    renderer = _SiteRenderer(escape=False, attachments={}, embed_images=False, path="", anchor_link_text="¶",
                             exclude_anchor_links=True)
    body = MarkdownWithMath(renderer=renderer).render(escape_currency(markdown))
    lesson = next((s for s in SERIES if s.filename == f"{notebook_stem}.ipynb"), None)
    name = f"{lesson.number} · {lesson.title}" if lesson else notebook_stem
    title = f"Prediction sheet: {name}"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{html.escape(title)} · {COURSE_TITLE}</title>
{_stylesheets()}</head>
<body class="act-site-sheet">
<nav class="act-site-nav" aria-label="Course"><a href="index.html">Course index</a>
<a href="{notebook_stem}.html">The notebook</a></nav>
<main><h1>{html.escape(title)}</h1>
{body}</main></body></html>
"""


def index_page() -> str:
    """The site's landing page: the series, in teaching order, with the notebooks that exist linked."""
    rows = []
    for lesson in SERIES:
        name = html.escape(f"{lesson.number} · {lesson.title}")
        cell = (f'<a href="{lesson.filename[:-len(".ipynb")]}.html">{name}</a>' if lesson.available
                else f"{name} <em>(in preparation)</em>")
        stem = lesson.filename[:-len(".ipynb")]
        sheet = (f'<a href="{sheet_name(stem)}">sheet<span class="visually-hidden"> for {name}</span></a>'
                 if lesson.available and (TEACHER / f"{stem}.md").exists() else "")
        rows.append(f"<tr><td>{cell}</td><td>{html.escape(lesson.teaches)}</td><td>{sheet}</td></tr>")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{COURSE_TITLE}</title>
{_stylesheets()}</head>
<body class="act-site-index">
<nav class="act-site-nav" aria-label="Course"><a href="index.html" aria-current="page">Course index</a>
<a href="glossary.html">Glossary</a></nav>
<main><h1>{COURSE_TITLE}</h1>
<p>Teaching material, not medical advice. This is the static copy of the notebooks: the figures show their starting
settings. Run the notebooks in JupyterLab to use the explorers. See also the <a href="glossary.html">glossary</a>.</p>
<p>Each notebook has a one-page prediction sheet to print for students: they write each prediction before they
reveal it. Teachers find the answer keys in the teacher guides (<code>teacher/</code> in the repository).</p>
<table><thead><tr><th scope="col">Notebook</th><th scope="col">What it teaches</th>
<th scope="col">Prediction sheet</th></tr></thead>
<tbody>{"".join(rows)}</tbody></table></main></body></html>
"""


def export(out: Path) -> list[Path]:
    """Write every notebook, and the index, to ``out``; return the pages written."""
    out.mkdir(parents=True, exist_ok=True)
    exporter = make_exporter()
    written = []
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        page = out / f"{path.stem}.html"
        page.write_text(export_notebook(path, exporter), encoding="utf-8")
        written.append(page)
        sheet = sheet_page(path.stem)
        if sheet is not None:
            (out / sheet_name(path.stem)).write_text(sheet, encoding="utf-8")
            written.append(out / sheet_name(path.stem))
    index = out / "index.html"
    index.write_text(index_page(), encoding="utf-8")
    return [index, *written]


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build" / "site"
    for page in export(target):
        print(page)
