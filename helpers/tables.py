"""Show a table from ``data/`` in a notebook, with its sources."""

from __future__ import annotations

from IPython.display import Markdown

from helpers.data import read_table


def data_table(name: str, columns: tuple[str, ...]) -> Markdown:
    """``data/<name>`` as a Markdown table of ``columns``, each row's source numbered below the table."""
    rows = read_table(name, columns)
    sources: list[str] = []
    lines = ["| " + " | ".join(c.replace("_", " ") for c in columns) + " | source |",
             "|" + "---|" * (len(columns) + 1)]
    for row in rows:
        if row["source"] not in sources:
            sources.append(row["source"])
        cells = [row[c].replace("|", "/") for c in columns]
        lines.append("| " + " | ".join(cells) + f" | [{sources.index(row['source']) + 1}] |")
    lines.append("")
    lines += [f"[{i}] {s}  " for i, s in enumerate(sources, start=1)]
    return Markdown("\n".join(lines))
