"""Reading a workbook from elsewhere safely: its size checked first, then its rows as they are.

An ``.xlsx`` file is a ZIP archive, so it is checked like a QDA project before openpyxl
opens it (see :mod:`cmo._helpers.zip_limits`), and its table of shared strings, which openpyxl
loads whole, may hold at most :data:`MAX_SHARED_STRINGS` strings. Rows are read from the
sheet's XML as they are written, keeping only cells that hold something: a row padded
with empty cells out to column XFD (as some programs write) costs no more than its values.
A formula cell whose value was never calculated (a program that writes formulas but does
not compute them) is told apart from an empty cell.

Example:
    >>> import io, zipfile
    >>> buffer = io.BytesIO()
    >>> with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
    ...     archive.writestr("xl/sharedStrings.xml", "<sst>" + "<si><t>a</t></si>" * 3 + "</sst>")
    >>> shared_strings(zipfile.ZipFile(buffer))
    3
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from typing import Any, Final

__all__ = ["MAX_SHARED_STRINGS", "UNCALCULATED", "shared_strings", "sheet_rows"]

#: The most shared strings a workbook may hold (each distinct text of a cell is one).
MAX_SHARED_STRINGS: Final = 1_000_000
_STRING: Final = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s/>]")
_CHUNK: Final = 2**16
_OVERLAP: Final = 64


class _Uncalculated:
    """The value of a formula cell that holds no calculated value."""

    def __repr__(self) -> str:
        return "UNCALCULATED"


#: Stands for the value of a formula cell whose value was never calculated.
UNCALCULATED: Final = _Uncalculated()


def shared_strings(archive: zipfile.ZipFile, *, limit: int = MAX_SHARED_STRINGS) -> int:
    """How many shared strings a workbook holds, counted up to just past ``limit``.

    Raises:
        zipfile.BadZipFile, zlib.error, OSError: the entry cannot be read.
    """
    found = 0
    for info in archive.infolist():
        if not info.filename.lower().endswith("sharedstrings.xml"):
            continue
        tail = b""
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                data = tail + chunk
                # A tag cut by the chunk's end is counted in the next round, not twice.
                cut = max(0, len(data) - _OVERLAP)
                found += sum(1 for match in _STRING.finditer(data) if match.start() < cut)
                tail = data[cut:]
                if found > limit:
                    return found
        found += len(_STRING.findall(tail))
    return found


def sheet_rows(workbook: Any, sheet: Any) -> Iterator[tuple[int, dict[int, object]]]:
    """Each row of a read-only openpyxl sheet that holds something: its number, and its
    cells that hold a value, by column (counted from 0). A formula with no calculated
    value is :data:`UNCALCULATED`.
    """
    from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

    class _Parser(WorkSheetParser):  # type: ignore[misc]
        def parse_cell(self, element: Any) -> dict[str, Any]:
            cell: dict[str, Any] = super().parse_cell(element)
            if cell["value"] is None and element.find(FORMULA_TAG) is not None:
                cell["value"] = UNCALCULATED
            return cell

    with sheet._get_source() as source:
        parser = _Parser(source, sheet._shared_strings, data_only=True, epoch=workbook.epoch,
                         date_formats=workbook._date_formats,
                         timedelta_formats=workbook._timedelta_formats)
        for number, cells in parser.parse():
            values = {cell["column"] - 1: cell["value"] for cell in cells
                      if cell["value"] is not None}
            if values:
                yield number, values
