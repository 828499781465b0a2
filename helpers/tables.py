"""Show a table from ``data/`` in a notebook, with clean column headings and its sources."""

from __future__ import annotations

from collections.abc import Mapping

from IPython.display import Markdown

from helpers.data import read_table


def data_table(name: str, columns: Mapping[str, str] | tuple[str, ...]) -> Markdown:
    """``data/<name>`` as a Markdown table, each row's source numbered below the table.

    ``columns`` maps each column to the heading learners see (with its unit, e.g. ``"CRS, any grade (%)"``);
    a plain tuple of column names uses the names themselves. Empty cells show as "—" (not reported or not
    verified: ``data/README.md`` says which).
    """
    labels = dict(columns) if isinstance(columns, Mapping) else {c: c.replace("_", " ") for c in columns}
    rows = read_table(name, tuple(labels))
    sources: list[str] = []
    lines = ["| " + " | ".join(labels.values()) + " | Source |", "|" + "---|" * (len(labels) + 1)]
    for row in rows:
        if row["source"] not in sources:
            sources.append(row["source"])
        cells = [(row[c].strip() or "—").replace("|", "/") for c in labels]
        lines.append("| " + " | ".join(cells) + f" | [{sources.index(row['source']) + 1}] |")
    lines.append("")
    lines += [f"[{i}] {s}  " for i, s in enumerate(sources, start=1)]
    return Markdown("\n".join(lines))
