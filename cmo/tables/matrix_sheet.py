"""The framework matrix as a spreadsheet: an XLSX sheet, or its long table as CSV.

The sheet is the matrix realist teams build by hand in NVivo or MAXQDA: one column per
configuration, grouped under its theme, and for each case (site, wave, source...) three
rows, one per stance, so every cell is a number a spreadsheet can sum, filter and pivot
(a cell holding "3 / 1 / 0" could not be). Above the counts, three header rows: the theme
(one merged cell over its configurations), the configuration's id and its display number
("CMOC 7"); the first cell says what the matrix shows (and which evidence counts, when
not all of it does). The first two columns (the case and the stance) and the header rows stay in
view while scrolling. Cells with evidence are shaded by stance (the heatmap's colours).

The CSV file is the long table of :meth:`cmo.theory.matrix.EvidenceMatrix.records`: one
line per case and configuration with evidence.

Text a spreadsheet would run as a formula (``=...``) is kept as text in both.

Example:
    >>> import pathlib, tempfile
    >>> from cmo.models import Collection, Configuration, Evidence, Excerpt, Source
    >>> source = Source(id="s1", kind="interview", site="=North")  # synthetic
    >>> hope = Configuration(id="hope", theme="Trust", contexts=[{"label": "Trust"}],
    ...     outcomes=[{"label": "Hope"}], evidence=[Evidence(stance="supports",
    ...     excerpt=Excerpt(id="x1", source=source, text="Synthetic"))])
    >>> matrix = evidence_matrix(Collection(configurations=[hope]), by="site")
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> print(write_matrix_csv(matrix, folder / "m.csv").read_text(encoding="utf-8-sig"))
    site,configuration,number,theme,supports,refutes,refines,evidence
    '=North,hope,CMOC 1,Trust,1,0,0,1
    <BLANKLINE>
    >>> write_matrix_xlsx(matrix, folder / "m.xlsx").name
    'm.xlsx'
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, Final

from .._helpers import write_atomically, writing_output
from ..exceptions import InputError, Problem
from ..models.types import STANCES
from ..theory.matrix import EvidenceMatrix, evidence_matrix
from .cells import column_letter
from .csv_format import csv_bytes
from .formulas import text_cell
from .xlsx_format import check_cell, load_openpyxl

__all__ = ["SHEET_NAME", "evidence_matrix", "write_matrix_csv", "write_matrix_xlsx"]

#: The name of the matrix's sheet.
SHEET_NAME: Final = "matrix"
#: The shade of a count by stance: the heatmap's colours (cmo.report.heatmap), lightened.
_SHADES: Final = {"supports": "B3E2D5", "refutes": "F2CFB3", "refines": "CCE9F8"}
_HEADER_ROWS: Final = 3


def write_matrix_xlsx(matrix: EvidenceMatrix, path: str | Path) -> Path:
    """Write the matrix as an Excel workbook of one sheet, atomically.

    Args:
        matrix: a matrix from :func:`cmo.theory.matrix.evidence_matrix`.
        path: the ``.xlsx`` file to write.

    Raises:
        InputError: a label an Excel cell cannot hold (too long, or U+FFFE/U+FFFF).
        OutputError: the file cannot be written.
    """
    with writing_output(path):
        data = _workbook(matrix, path)
    return write_atomically(path, lambda stream: stream.write(data))


def write_matrix_csv(matrix: EvidenceMatrix, path: str | Path) -> Path:
    """Write the matrix's long table (one line per case and configuration with evidence)
    as a CSV file, atomically (UTF-8 with a byte order mark, as Excel expects)."""
    records = matrix.records()
    headers = (matrix.by, "configuration", "number", "theme", *STANCES, "evidence")
    rows = [tuple(record[name] for name in headers) for record in records]
    data = csv_bytes(headers, rows)
    return write_atomically(path, lambda stream: stream.write(data))


def _workbook(matrix: EvidenceMatrix, path: str | Path) -> bytes:
    openpyxl = load_openpyxl()
    from openpyxl.styles import Alignment, Font, PatternFill

    groups = matrix.by_theme()
    columns = [column for _, group in groups for column in group]
    problems: list[Problem] = []
    for value in (matrix.caption, *matrix.rows, *(theme for theme, _ in groups)):
        check_cell(value, f"{matrix.by}, theme or title {value[:40]!r}", problems)
    if problems:
        raise InputError(problems, source=path)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = SHEET_NAME
    bold, centred = Font(bold=True), Alignment(horizontal="center")
    _put(sheet, 1, 1, matrix.caption)
    _put(sheet, 1, 2, "theme", font=bold)
    _put(sheet, 2, 2, "configuration", font=bold)
    _put(sheet, 3, 1, matrix.by, font=bold)
    _put(sheet, 3, 2, "stance", font=bold)
    first = 3
    for theme, group in groups:
        _put(sheet, 1, first, theme, font=bold, alignment=centred)
        if len(group) > 1:
            sheet.merge_cells(start_row=1, start_column=first, end_row=1,
                              end_column=first + len(group) - 1)
        first += len(group)
    for index, column in enumerate(columns, start=3):
        _put(sheet, 2, index, column.configuration)
        _put(sheet, 3, index, column.name, font=bold)
        sheet.column_dimensions[column_letter(index - 1)].width = max(
            9.0, min(len(column.configuration) + 2.0, 20.0))
    fills = {stance: PatternFill("solid", fgColor=colour) for stance, colour in _SHADES.items()}
    line = _HEADER_ROWS
    for row in matrix.rows:
        for stance in STANCES:
            line += 1
            _put(sheet, line, 1, row)
            _put(sheet, line, 2, stance)
            for index, column in enumerate(columns, start=3):
                count = getattr(matrix.cell(row, column.configuration), stance)
                cell = sheet.cell(row=line, column=index, value=count)
                if count:
                    cell.fill = fills[stance]
    sheet.column_dimensions["A"].width = min(max([len(matrix.by), *map(len, matrix.rows)],
                                                 default=8) + 2, 40)
    sheet.column_dimensions["B"].width = 14
    sheet.freeze_panes = f"C{_HEADER_ROWS + 1}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _put(sheet: Any, row: int, column: int, value: str, **style: Any) -> None:
    """A text cell, kept as text even when it starts with ``=`` (never a formula)."""
    cell = text_cell(sheet.cell(row=row, column=column, value=value))
    for name, setting in style.items():
        setattr(cell, name, setting)
