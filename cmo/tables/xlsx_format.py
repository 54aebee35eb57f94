"""Excel workbooks (.xlsx): one sheet per table, read and written with openpyxl.

Sheets are found by name (``configurations``, ``excerpts``, ``sources``, ``elements``,
``theories``, ``about``, or the usual variants: ``CMOCs``, ``Quotes``, ``Studies``...);
a workbook of one sheet is its table of configurations whatever the sheet is called.
Sheets not understood are left out with a :class:`~cmo.exceptions.CmoWarning`.
"""

from __future__ import annotations

import contextlib
import difflib
import errno
import io
import os
import warnings
import zipfile
import zlib
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

from .._helpers import temporary_file, write_atomically, writing_output
from .._helpers.zip_limits import size_problems
from ..exceptions import CmoWarning, InputError, Problem
from ..models import Collection
from ..theory.graph import ProgrammeTheory
from .cells import LINE_BREAK, column_letter
from .columns import CONFIGURATIONS, TABLES, TableSpec, header_key
from .formulas import text_cell
from .options import ReadOptions
from .reading import tables_to_collection
from .sheet import Problems, RawTable
from .writing import OutputTable, collection_to_tables, collection_to_write
from .xlsx_rows import MAX_SHARED_STRINGS, UNCALCULATED, shared_strings, sheet_rows

__all__ = ["MAX_CELL_LENGTH", "check_cell", "load_openpyxl", "read_xlsx", "write_xlsx"]

#: The most characters an Excel cell holds.
MAX_CELL_LENGTH: Final = 32_767
#: Characters XML (so a workbook) cannot hold, though a Python string can.
_NOT_XML: Final = ("\ufffe", "\uffff")
_WIDEST: Final = 60
_OLD_EXCEL: Final = b"\xd0\xcf\x11\xe0"


def load_openpyxl() -> Any:
    """The openpyxl module (imported when a workbook is read or written)."""
    try:
        import openpyxl
    except ModuleNotFoundError as error:  # pragma: no cover - openpyxl is a dependency
        raise ModuleNotFoundError("reading and writing .xlsx needs openpyxl: "
                                  "pip install 'openpyxl>=3.1'") from error
    return openpyxl


def write_xlsx(theory: ProgrammeTheory | Collection, path: str | Path, *,
               quotes: bool = True) -> Path:
    """Write a theory as an Excel workbook, atomically: one sheet per table.

    Args:
        theory: a programme theory or a collection.
        path: the ``.xlsx`` file to write.
        quotes: False leaves the text of every excerpt out (see :mod:`cmo.sharing.privacy`).

    Raises:
        InputError: a value a workbook cannot hold (longer than an Excel cell, or a
            line break in a value of a cell of several values), naming what holds it.
    """
    try:
        tables = collection_to_tables(collection_to_write(theory, quotes=quotes, path=path))
    except InputError as error:
        raise error.with_source(path) from None
    data = _workbook(tables, path)
    return write_atomically(path, lambda stream: stream.write(data))


def _workbook(tables: Sequence[OutputTable], path: str | Path) -> bytes:
    openpyxl = load_openpyxl()
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font

    problems: list[Problem] = []
    for table in tables:
        for row, name in zip(table.rows, table.names, strict=True):
            for header, value in zip(table.headers, row, strict=True):
                if isinstance(value, str):
                    check_cell(value, f"{name}, column {header!r}", problems)
    if problems:  # checked first: an abandoned write-only workbook leaves its streams open
        raise InputError(problems, source=path)
    bold, wrapped = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    workbook = openpyxl.Workbook(write_only=True)
    buffer = io.BytesIO()
    # openpyxl writes each sheet to a temporary file before zipping them: a full disk or a
    # file-size limit there names the workbook asked for, as any failure to write does.
    with writing_output(path), _building(workbook), contextlib.ExitStack() as files:
        for table in tables:
            sheet = workbook.create_sheet(table.spec.name)
            _write_sheet_to(sheet, files.enter_context(temporary_file(path)))
            sheet.freeze_panes = "A2"
            for index in range(len(table.headers)):
                sheet.column_dimensions[column_letter(index)].width = _width(table, index)
            sheet.append([_cell(sheet, WriteOnlyCell, header, font=bold)
                          for header in table.headers])
            for row in table.rows:
                sheet.append([_cell(sheet, WriteOnlyCell, value, alignment=wrapped
                                    if isinstance(value, str) and "\n" in value else None)
                              for value in row])
        workbook.save(buffer)
    return buffer.getvalue()


def _write_sheet_to(sheet: Any, file: Path) -> None:
    """Have openpyxl write a sheet to ``file`` (beside the workbook, where the next write
    finds it if this one is killed) rather than to a file of its own in the system's
    temporary folder, which a killed writer would leave there."""
    from openpyxl.worksheet._writer import ALL_TEMP_FILES, WorksheetWriter

    sheet._writer = WorksheetWriter(sheet, out=str(file))  # as sheet._get_writer() would
    ALL_TEMP_FILES.append(str(file))  # openpyxl removes it once zipped (writer.cleanup)
    sheet._writer.write_top()


@contextlib.contextmanager
def _building(workbook: Any) -> Iterator[None]:
    """A failure to write one of openpyxl's temporary files as the :class:`OSError` it is
    (lxml reports it as ``SerialisationError('IO_EFBIG')``), the workbook abandoned."""
    from lxml.etree import SerialisationError

    try:
        yield
    except SerialisationError as error:
        _abandon(workbook)
        name = str(error).removeprefix("IO_")
        number = getattr(errno, name, None) if name.isupper() else None
        raise OSError(number, os.strerror(number) if number else str(error)) from None
    except OSError:
        _abandon(workbook)
        raise


def _abandon(workbook: Any) -> None:
    """Close the streams of a workbook whose saving failed and remove its temporary files,
    so that neither they nor the errors of closing them are left for later."""
    from lxml.etree import SerialisationError

    for sheet in workbook.worksheets:
        # openpyxl keeps a write-only sheet's rows and file as generators (private names).
        for stream in (getattr(sheet, "_rows", None),
                       getattr(getattr(sheet, "_writer", None), "xf", None)):
            if stream is not None:
                with contextlib.suppress(SerialisationError, OSError):
                    stream.close()
        writer = getattr(sheet, "_writer", None)
        if writer is not None:
            with contextlib.suppress(OSError, ValueError):
                writer.cleanup()


def _cell(sheet: Any, make: Any, value: object, **style: Any) -> Any:
    cell = text_cell(make(sheet, value=value))  # text, not a formula
    for name, setting in style.items():
        if setting is not None:
            setattr(cell, name, setting)
    return cell


def check_cell(value: str, place: str, problems: list[Problem]) -> None:
    """Add to ``problems`` what keeps ``value`` (text at ``place``) out of an Excel cell."""
    if len(value) > MAX_CELL_LENGTH:
        problems.append(Problem(place, f"holds {len(value):,} characters, more than an Excel "
                                f"cell can ({MAX_CELL_LENGTH:,})",
                                "export to CSV, YAML or JSON, which have no such limit"))
    for character in _NOT_XML:
        if character in value:
            problems.append(Problem(place, f"holds the character U+{ord(character):04X}, which "
                                    "an Excel workbook cannot", "remove it, or export to CSV, "
                                    "YAML or JSON"))


def _width(table: OutputTable, index: int) -> float:
    longest = max([len(table.headers[index]), *(
        max(map(len, LINE_BREAK.split(str(row[index])))) for row in table.rows[:200]
        if row[index] is not None)])
    return float(min(max(longest + 2, 8), _WIDEST))


# -- reading ---------------------------------------------------------------------------------


def read_xlsx(path: str | Path, *, columns: Mapping[str, str | None] | None = None,
              separator: str | None = None) -> Collection:
    """Read an Excel workbook of tables (see :mod:`cmo.tables`) into a collection.

    Args:
        path: the workbook.
        columns: a column map, header -> cmo column (see :mod:`cmo.tables.options`).
        separator: what else separates values in a cell without a line break (``";"``).

    Raises:
        InputError: the file is not a workbook, a sheet or header row is missing, or
            rows break the models; every problem names the sheet, row and column.
    """
    path = Path(path)
    options = ReadOptions.of(columns=columns, separator=separator)
    problems = Problems()
    tables = _raw_tables(path, problems)
    return tables_to_collection(tables, source=path, problems=problems, options=options)


def _refuse(path: Path, message: str, fix: str) -> InputError:
    return InputError([Problem("", message, fix)], source=path)


def _open(path: Path) -> Any:
    if not path.exists():
        raise _refuse(path, "no such file", "check the path and the file name")
    if path.is_dir():
        raise _refuse(path, "is a folder, not a file", "name a workbook inside it")
    save_as = "open it in Excel or LibreOffice and save it as an Excel Workbook (.xlsx)"
    with path.open("rb") as stream:
        start = stream.read(8)
    if not start.strip():
        raise _refuse(path, "the file is empty", save_as)
    if start.startswith(_OLD_EXCEL):
        raise _refuse(path, "is an old Excel 97-2003 workbook (.xls), not .xlsx", save_as)
    if not zipfile.is_zipfile(path):
        raise _refuse(path, "is not an Excel workbook (.xlsx): it is not even a ZIP archive "
                      "(perhaps a text or CSV file renamed)", save_as)
    _check_size(path, save_as)
    openpyxl = load_openpyxl()
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", module="openpyxl")
            return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except OSError:
        raise  # cannot be read at all (permissions...): said as such by the caller
    # A workbook is untrusted input: whatever openpyxl fails on, the user hears one message.
    except Exception:
        raise _refuse(path, "is a ZIP archive but not an Excel workbook (.xlsx) that can be "
                      "read", save_as) from None


def _check_size(path: Path, save_as: str) -> None:
    """Refuse a workbook that would inflate too far, before openpyxl reads any of it."""
    found: list[Problem] = []
    try:
        with zipfile.ZipFile(path) as archive:
            found = size_problems(archive)
            count = 0 if found else shared_strings(archive)
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, ValueError,
            NotImplementedError, RuntimeError):
        # A corrupt deflate stream, a bad CRC, an encrypted entry: the same one message.
        raise _refuse(path, "is a ZIP archive but not an Excel workbook (.xlsx) that can be "
                      "read", save_as) from None
    if found:
        raise InputError(found, source=path)
    if count > MAX_SHARED_STRINGS:
        raise _refuse(path, f"holds more than {MAX_SHARED_STRINGS:,} distinct texts (shared "
                      "strings), more than a table of configurations needs",
                      "split the workbook, or export the tables as CSV")


def _raw_tables(path: Path, problems: Problems) -> list[RawTable]:
    workbook = _open(path)
    try:
        sheets = list(workbook.worksheets)
        chosen: dict[str, tuple[TableSpec, Any]] = {}
        ignored: list[str] = []
        for sheet in sheets:
            spec = next((spec for spec in TABLES if spec.names_sheet(sheet.title)), None)
            if spec is None and len(sheets) == 1:
                spec = CONFIGURATIONS  # a workbook of one sheet: its table of configurations
            if spec is None:
                ignored.append(sheet.title)
            elif spec.name in chosen:
                problems.add(f"sheet {sheet.title!r}", f"holds {spec.name}, as sheet "
                             f"{chosen[spec.name][1].title!r} does", "rename or remove one")
            else:
                chosen[spec.name] = (spec, sheet)
        if CONFIGURATIONS.name not in chosen:
            names = ", ".join(repr(sheet.title) for sheet in sheets) or "none"
            keys = {header_key(title): title for title in ignored}
            close = difflib.get_close_matches(header_key("configurations"), list(keys), n=1)
            problems.add("sheet 'configurations'", f"is missing (the workbook's sheets: {names})",
                         f"did you mean {keys[close[0]]!r}? rename it 'configurations'" if close
                         else "name the sheet that has one row per configuration "
                              "'configurations'")
        if ignored:
            warnings.warn(f"{path}: sheets not understood were left out: "
                          f"{', '.join(map(repr, ignored))} (known sheets: "
                          f"{', '.join(spec.name for spec in TABLES)})", CmoWarning,
                          stacklevel=3)
        tables = [_raw_table(spec, workbook, sheet, problems) for spec, sheet in chosen.values()]
        # A blank sheet of an optional table (made for later, say) is no table at all.
        return [table for table in tables if table.spec is CONFIGURATIONS or table.rows
                or any(cell is not None for cell in table.header)]
    except OSError:
        raise
    except Exception:  # rows are parsed lazily: the same untrusted input as above
        raise _refuse(path, "is a ZIP archive but not an Excel workbook (.xlsx) that can be "
                      "read", "open it in Excel or LibreOffice and save it again as .xlsx"
                      ) from None
    finally:
        workbook.close()


def _raw_table(spec: TableSpec, workbook: Any, sheet: Any, problems: Problems) -> RawTable:
    """A sheet's rows as they are written (its stated size may be wrong, and rows may be
    padded with empty cells out to column XFD: only cells holding something are kept)."""
    where = f"sheet {sheet.title!r}"
    header: tuple[object, ...] = ()
    rows: list[tuple[int, dict[int, object]]] = []
    for number, cells in sheet_rows(workbook, sheet):
        for column, value in cells.items():
            if value is UNCALCULATED:
                problems.add(f"{where}, row {number}, column {column_letter(column)}",
                             "holds a formula whose value was never calculated (the program "
                             "that saved it does not compute formulas)", "open the workbook "
                             "in Excel or LibreOffice and save it, so the value is stored")
        if number == 1:
            header = tuple(cells.get(column) for column in range(max(cells) + 1))
            continue
        kept = {column: value for column, value in cells.items()
                if value is not UNCALCULATED and str(value).strip()}
        if kept:
            rows.append((number, kept))
    return RawTable(spec, where, header, tuple(rows))
