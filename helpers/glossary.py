"""The course glossary: terms, their definitions and the sources of the definitions (``data/glossary.csv``).

``notebooks/glossary.ipynb`` is generated from the table (``python tools/build_glossary.py``; a test checks
that it is current). Each term is a heading there, and a heading's anchor is its text with spaces replaced by
hyphens: the rule JupyterLab and nbconvert both use, so ``[vasopressor](glossary.ipynb#vasopressor)`` works
in JupyterLab, on nbviewer and in the static HTML export. :func:`link` writes such a link;
:func:`first_uses` finds where a notebook first uses each term (the tests require that use to be linked to
the glossary or defined in bold where it stands).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from helpers.data import read_table

#: The glossary notebook, relative to the other notebooks.
GLOSSARY_NOTEBOOK = "glossary.ipynb"
_ANCHOR = re.compile(r"^[A-Za-z0-9-]+$")


@dataclass(frozen=True)
class Term:
    """One glossary entry."""

    term: str
    aliases: tuple[str, ...]
    definition: str
    source: str

    @property
    def anchor(self) -> str:
        """The heading anchor of the term in the glossary notebook (spaces become hyphens)."""
        return self.term.replace(" ", "-")

    @property
    def forms(self) -> tuple[str, ...]:
        """The term and its aliases, longest first (so "CAR-T cells" is found before "CAR")."""
        return tuple(sorted({self.term, *self.aliases}, key=len, reverse=True))


@lru_cache(maxsize=1)
def terms() -> tuple[Term, ...]:
    """Every glossary entry, validated: unique terms and aliases, anchors made of letters, digits and hyphens."""
    rows = read_table("glossary.csv", ("term", "aliases", "definition"))
    entries: list[Term] = []
    seen: dict[str, str] = {}
    for line, row in enumerate(rows, start=2):
        aliases = tuple(a.strip() for a in row["aliases"].split("|") if a.strip())
        entry = Term(row["term"].strip(), aliases, row["definition"].strip(), row["source"].strip())
        if not entry.definition:
            raise ValueError(f"glossary.csv, line {line}: the definition of {entry.term!r} is empty")
        if not _ANCHOR.match(entry.anchor):
            raise ValueError(f"glossary.csv, line {line}: {entry.term!r} must be letters, digits, spaces and hyphens")
        for form in entry.forms:
            key = form.lower()
            if key in seen and seen[key] != entry.term:
                raise ValueError(f"glossary.csv, line {line}: {form!r} is also a form of {seen[key]!r}")
            seen[key] = entry.term
        entries.append(entry)
    return tuple(entries)


def entry(name: str) -> Term:
    """The glossary entry whose term or alias is ``name`` (case-insensitive)."""
    for item in terms():
        if name.lower() in (form.lower() for form in item.forms):
            return item
    raise ValueError(f"{name!r} is not in the glossary (data/glossary.csv)")


def link(name: str, text: str | None = None) -> str:
    """A Markdown link from ``text`` (default: ``name``) to the glossary entry of ``name``."""
    return f"[{text or name}]({GLOSSARY_NOTEBOOK}#{entry(name).anchor})"


def _pattern(form: str) -> re.Pattern[str]:
    # Abbreviations and names with capitals match exactly (KD is not "kD"); plain words ignore case.
    flags = 0 if form != form.lower() else re.IGNORECASE
    return re.compile(rf"(?<![\w-]){re.escape(form)}(?![\w])", flags)


@lru_cache(maxsize=None)
def _patterns() -> tuple[tuple[Term, tuple[re.Pattern[str], ...]], ...]:
    return tuple((t, tuple(_pattern(f) for f in t.forms)) for t in terms())


def first_uses(markdown: str) -> dict[str, tuple[int, str]]:
    """For each glossary term used in ``markdown``: the position and text of its first use (any form)."""
    found: dict[str, tuple[int, str]] = {}
    for item, patterns in _patterns():
        hits = [m for p in patterns if (m := p.search(markdown))]
        if hits:
            first = min(hits, key=lambda m: (m.start(), -len(m.group())))
            found[item.term] = (first.start(), first.group())
    return found


def notebook_markdown() -> list[str]:
    """The glossary notebook's Markdown cells: a title and introduction, then one cell per letter."""
    intro = (
        "# Glossary\n\n"
        "[Course map](00_start_here.ipynb) · Terms used across the course, in alphabetical order. Each definition "
        "names the page it was checked against. Notebooks link a term's first use to its entry here.\n\n"
        "> Teaching material, not medical advice."
    )
    cells = [intro]
    by_letter: dict[str, list[Term]] = {}
    for item in sorted(terms(), key=lambda t: t.term.lower()):
        by_letter.setdefault(item.term[0].upper(), []).append(item)
    for letter, items in by_letter.items():
        parts = [f"## {letter}"]
        for item in items:
            also = f" *Also:* {', '.join(item.aliases[:4])}." if item.aliases else ""
            parts.append(f"### {item.term}\n\n{item.definition}{also}\n\n*Source:* {item.source}")
        cells.append("\n\n".join(parts))
    return cells


def search(text: str) -> list[Term]:
    """The entries whose term, aliases or definition contain every word of ``text`` (case-insensitive), terms that
    match by name first; all entries, alphabetically, for an empty ``text``."""
    if not isinstance(text, str):
        raise ValueError(f"text must be a string; got {type(text).__name__}")
    words = text.lower().split()
    ordered = sorted(terms(), key=lambda t: t.term.lower())
    if not words:
        return ordered
    names = {t.term: " ".join(t.forms).lower() for t in ordered}
    hits = [t for t in ordered if all(w in f"{names[t.term]} {t.definition.lower()}" for w in words)]
    return sorted(hits, key=lambda t: not all(w in names[t.term] for w in words))


def _table_html(entries: list[Term]) -> str:
    import html

    rows = "".join(
        f"<tr><th scope='row'><a href='{GLOSSARY_NOTEBOOK}#{html.escape(t.anchor)}'>{html.escape(t.term)}</a></th>"
        f"<td>{html.escape(t.definition)}</td></tr>" for t in entries)
    return ("<table class='act-glossary-table'><thead><tr><th scope='col'>Term</th><th scope='col'>Definition</th>"
            f"</tr></thead><tbody>{rows}</tbody></table>")


class GlossarySearch:
    """A search box over the glossary for notebook 09: type part of a term or a word of its definition and the
    table below shows the matching entries, each linked to its full entry (with its source) in the glossary
    notebook. Without a kernel the whole table is shown."""

    def __init__(self) -> None:
        import ipywidgets as widgets

        self.box = widgets.Text(value="", placeholder="e.g. cytokine, HLA, grade", description="Search the glossary",
                                continuous_update=True, style={"description_width": "initial"},
                                layout=widgets.Layout(width="32rem"))
        self.status = widgets.HTML()
        self.table = widgets.HTML()
        self.box.observe(lambda change: self.show(change["new"]), names="value")
        self.widget = widgets.VBox([self.box, self.status, self.table])
        self.show("")

    def show(self, text: str) -> list[Term]:
        """Show the entries matching ``text`` (as typing it in the box does); returns them."""
        found = search(text)
        what = f"matching “{text.strip()}”" if text.strip() else "in the glossary"
        self.status.value = f"<span role='status'>{len(found)} of {len(terms())} terms {what}</span>"
        self.table.value = _table_html(found) if found else "<p>No term matches: try a shorter word.</p>"
        return found

    def _repr_mimebundle_(self, include: object = None, exclude: object = None, **kwargs: object) -> dict:
        bundle = dict(self.widget._repr_mimebundle_(include=include, exclude=exclude) or {})
        bundle["text/html"] = _table_html(search(""))
        bundle["text/plain"] = f"Glossary search: {len(terms())} terms"
        return bundle


def glossary_search() -> GlossarySearch:
    """The searchable glossary table of notebook 09 (see :class:`GlossarySearch`)."""
    return GlossarySearch()
