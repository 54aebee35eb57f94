"""Spreadsheet-safe text: a cell a spreadsheet would run as a formula is written as text.

A CSV file has no cell types: Excel, LibreOffice and Google Sheets run any cell that
starts with ``=``, ``+``, ``-`` or ``@`` as a formula (and some treat a leading tab or
carriage return the same way), so a quote such as ``=HYPERLINK("http://...")`` in an
export would become a live link, or worse, in whoever opens it. OWASP's rule (CSV
injection) is to put an apostrophe in front of such a cell: the apostrophe is the
spreadsheet's own mark for "this is text", so Excel shows the cell without it, as the
text it was.

The reader takes the apostrophe off again. To keep every text exactly as it was, a text
that already starts with apostrophes followed by one of those characters (``'=x``) gets
one more apostrophe too, and reading removes exactly one from any cell of that shape.

Example:
    >>> guarded("=SUM(A1:A9)"), guarded("-5 patients"), guarded("Trust")
    ("'=SUM(A1:A9)", "'-5 patients", 'Trust')
    >>> guarded("'=already quoted")
    "''=already quoted"
    >>> unguarded("'=SUM(A1:A9)"), unguarded("''=already quoted"), unguarded("'tis")
    ('=SUM(A1:A9)', "'=already quoted", "'tis")
"""

from __future__ import annotations

import re
from typing import Any, Final

__all__ = ["FORMULA_STARTS", "guarded", "text_cell", "unguarded"]

#: The first characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS: Final = "=+-@\t\r"
_TO_GUARD: Final = re.compile(f"'*[{re.escape(FORMULA_STARTS)}]")
_GUARDED: Final = re.compile(f"'+[{re.escape(FORMULA_STARTS)}]")


def guarded(text: str) -> str:
    """``text`` as a CSV cell that a spreadsheet shows as text, never runs as a formula."""
    return "'" + text if _TO_GUARD.match(text) else text


def text_cell(cell: Any) -> Any:
    """An openpyxl ``cell`` whose value is text starting with ``=``, marked as text: a
    workbook has cell types, so it keeps the text as it is rather than as a formula."""
    if isinstance(cell.value, str) and cell.value.startswith("="):
        cell.data_type = "s"
    return cell


def unguarded(cell: str) -> str:
    """The text a CSV cell holds: the inverse of :func:`guarded` (one apostrophe off)."""
    return cell[1:] if _GUARDED.match(cell) else cell
