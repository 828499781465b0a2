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
