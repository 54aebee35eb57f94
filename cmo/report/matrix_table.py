"""The framework matrix as text: a Markdown table per theme, and the rows a terminal prints.

Turned on its side: one line per configuration (a theory has many more configurations
than sites or waves), one column per case, so 150 configurations make a long table, not
an unreadably wide one. A cell says the evidence by stance in a few characters:
``+3 -1 ~2`` is 3 pieces that support, 1 that refutes and 2 that refine; an empty cell,
none.

Example:
    >>> from cmo.models import Collection, Configuration, Evidence, Excerpt, Source
    >>> def said(id, site, stance):  # synthetic
    ...     source = Source(id=f"s-{id}", kind="interview", site=site)
    ...     return Evidence(excerpt=Excerpt(id=id, source=source, text="Synthetic"),
    ...                     stance=stance)
    >>> hope = Configuration(id="hope", theme="Trust", contexts=[{"label": "Trust"}],
    ...     outcomes=[{"label": "Hope"}], evidence=[said("x1", "North", "supports"),
    ...     said("x2", "North", "refutes"), said("x3", "South", "refines")])
    >>> print(matrix_markdown(evidence_matrix(Collection(configurations=[hope]), by="site")))
    # Evidence by site and configuration
    <BLANKLINE>
    Each cell: +supports -refutes ~refines (evidence by stance); empty: none.
    <BLANKLINE>
    ## Trust
    <BLANKLINE>
    | number | configuration | North | South |
    | --- | --- | --- | --- |
    | CMOC 1 | hope | +1 -1 | ~1 |
    <BLANKLINE>
"""

from __future__ import annotations

from typing import Final

from ..theory.matrix import Cell, EvidenceMatrix, MatrixColumn, evidence_matrix
from ..theory.records import Records
from .escaping import escape_markdown

__all__ = ["LEGEND", "cell_text", "evidence_matrix", "matrix_markdown", "matrix_rows",
           "row_keys"]

#: How to read a cell, said under every table.
LEGEND: Final = "Each cell: +supports -refutes ~refines (evidence by stance); empty: none."
_KEYS: Final = ("number", "configuration")


def cell_text(cell: Cell) -> str:
    """The evidence of a cell by stance, in a few characters (``""`` for none).

    Example:
        >>> cell_text(Cell(supports=3, refines=2)), cell_text(Cell())
        ('+3 ~2', '')
    """
    return " ".join(f"{mark}{count}" for mark, count in (
        ("+", cell.supports), ("-", cell.refutes), ("~", cell.refines)) if count)


def row_keys(matrix: EvidenceMatrix) -> dict[str, str]:
    """The column name of each of the matrix's rows in :func:`matrix_rows`: the row itself,
    unless it is ``number`` or ``configuration``, which then get the field in front."""
    return {row: f"{matrix.by} {row}" if row in _KEYS else row for row in matrix.rows}


def matrix_rows(matrix: EvidenceMatrix, columns: tuple[MatrixColumn, ...] | None = None,
                ) -> Records:
    """One row per configuration (of ``columns``, all by default): its ``number``, its
    ``configuration`` id, then the :func:`cell_text` of each of the matrix's rows."""
    keys = row_keys(matrix)
    return Records(
        {"number": column.name, "configuration": column.configuration,
         **{keys[row]: cell_text(matrix.cell(row, column.configuration))
            for row in matrix.rows}}
        for column in (matrix.columns if columns is None else columns))


def matrix_markdown(matrix: EvidenceMatrix) -> str:
    """The matrix as Markdown: a heading, the legend, and a table per theme."""
    lines = [f"# {escape_markdown(matrix.caption)}", "", LEGEND, ""]
    if not matrix.rows:
        return "\n".join([*lines, "No configuration cites evidence yet.", ""])
    headers = [*_KEYS, *row_keys(matrix).values()]
    for theme, columns in matrix.by_theme():
        lines += [f"## {escape_markdown(theme)}", "",
                  "| " + " | ".join(map(escape_markdown, headers)) + " |",
                  "| " + " | ".join("---" for _ in headers) + " |"]
        lines += ["| " + " | ".join(escape_markdown(str(row[name])) for name in headers) + " |"
                  for row in matrix_rows(matrix, columns)]
        lines.append("")
    return "\n".join(lines)
