"""CSV files: one table per file, the configurations in the file named, the rest beside it.

``theory.csv`` holds the configurations; ``theory.excerpts.csv``, ``theory.sources.csv``,
``theory.elements.csv``, ``theory.theories.csv`` and ``theory.about.csv`` beside it hold
the other tables, and are read when present.

Files are written as UTF-8 with a byte-order mark, so Excel opens them with the right
characters, and read as UTF-8 with or without one. A file in another encoding is refused,
naming the encoding it seems to be in (found with ``charset-normalizer`` when installed)
and how to save it as UTF-8: guessing would silently change the words of quotes. Commas
separate the columns; a file whose header is separated by semicolons or tabs (as Excel
writes CSV in some countries) is read with that separator.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Final

from .._helpers import complete_set, guess_encoding, read_set, write_set_atomically
from ..exceptions import InputError, Problem
from ..models import Collection
from ..theory.graph import ProgrammeTheory
from .columns import CONFIGURATIONS, TABLES, TableSpec
from .formulas import guarded, unguarded
from .options import ReadOptions
from .reading import tables_to_collection
from .sheet import Problems, RawTable, join_place
from .writing import Cell, collection_to_tables, collection_to_write

__all__ = ["csv_bytes", "read_csv", "sibling", "write_csv"]

_BOM: Final = b"\xef\xbb\xbf"
_SNIFF: Final = 8192
_DELIMITERS: Final = (",", ";", "\t")
_SAVE_AS_UTF8: Final = ("save it as UTF-8: in Excel, Save As 'CSV UTF-8 (Comma delimited)'; "
                        "in LibreOffice, tick 'Edit filter settings' and choose 'Unicode "
                        "(UTF-8)'")


def sibling(path: str | Path, spec: TableSpec) -> Path:
    """The file beside ``path`` that holds the table ``spec``.

    Example:
        >>> from cmo.tables.columns import EXCERPTS
        >>> sibling("out/theory.csv", EXCERPTS).as_posix()
        'out/theory.excerpts.csv'
    """
    path = Path(path)
    if spec is CONFIGURATIONS:
        return path
    return path.with_name(f"{path.stem}.{spec.name}{path.suffix}")


def csv_bytes(headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> bytes:
    """A table as the bytes of a CSV file: Excel's dialect, text safe from formulas."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)  # Excel's dialect: commas, quotes as needed, CRLF rows
    writer.writerow(map(guarded, headers))
    # Text a spreadsheet would run as a formula is marked as text; numbers stay numbers.
    writer.writerows([["" if cell is None else guarded(cell) if isinstance(cell, str) else cell
                       for cell in row] for row in rows])
    return _BOM + buffer.getvalue().encode("utf-8")


def write_csv(theory: ProgrammeTheory | Collection, path: str | Path, *,
              quotes: bool = True) -> Path:
    """Write a theory as CSV files: the configurations to ``path``, the rest beside it.

    The files are one write (:func:`cmo._helpers.write_set_atomically`): if it fails or is
    killed, the earlier set is left whole, or, once every file is written, the new set is
    put in place whole (by the next read or write, if a kill came during the renames); a
    reader never sees a mix. A file of an earlier export beside ``path`` whose table is now
    empty is overwritten with its header alone, so reading the set again gives this theory.

    Args:
        theory: a programme theory or a collection.
        path: the ``.csv`` file of configurations.
        quotes: False leaves the text of every excerpt out (see :mod:`cmo.sharing.privacy`).

    Returns:
        ``path``.
    """
    try:
        tables = collection_to_tables(collection_to_write(theory, quotes=quotes, path=path))
    except InputError as error:
        raise error.with_source(path) from None
    outputs = {sibling(path, table.spec): csv_bytes(table.headers, table.rows)
               for table in tables}
    members = _members(path)
    complete_set(path, members)  # a write a kill interrupted first: its files count below
    for spec in TABLES:
        other = sibling(path, spec)
        if other not in outputs and _exists(other):
            outputs[other] = csv_bytes([column.header for column in spec.columns], [])
    write_set_atomically(outputs, output=path, members=members)
    return Path(path)


def _exists(path: Path) -> bool:
    """Whether a file is there; a name too long to be a file is not (writing the set then
    says so, naming the file asked for), rather than the error of looking it up."""
    try:
        return path.exists()
    except OSError:
        return False


def _members(path: str | Path) -> list[Path]:
    """Every file a set of CSV tables named ``path`` may hold."""
    return [sibling(path, spec) for spec in TABLES]


# -- reading ---------------------------------------------------------------------------------


def read_csv(path: str | Path, *, columns: Mapping[str, str | None] | None = None,
             separator: str | None = None) -> Collection:
    """Read a set of CSV tables: the configurations in ``path``, the others beside it.

    Args:
        path: the CSV file of configurations.
        columns: a column map, header -> cmo column (see :mod:`cmo.tables.options`).
        separator: what else separates values in a cell without a line break (``";"``).

    Raises:
        InputError: a file is missing, empty, not UTF-8 or not CSV, or rows break the
            models; every problem names the file, row and column.
    """
    path = Path(path)
    for spec in TABLES[1:]:
        ending = f".{spec.name}{path.suffix}".casefold()
        if path.name.casefold().endswith(ending):
            base = path.name[: -len(ending)] + path.suffix
            raise InputError([Problem("", f"holds the {spec.name} table of a set of CSV files",
                                      f"read the configurations file, {base!r}, which reads "
                                      "this one with it")], source=path)
    options = ReadOptions.of(columns=columns, separator=separator)

    def read(where: Mapping[Path, Path]) -> tuple[list[RawTable | None], Problems]:
        # Where each file's content is: itself, or the file a killed write left waiting.
        problems = Problems()
        if not where[path].exists():
            raise InputError([Problem("", "no such file", "check the path and the file "
                                      "name")], source=path)
        tables = [_raw_table(where[path], CONFIGURATIONS, problems)]
        tables += [_raw_table(where[sibling(path, spec)], spec, problems)
                   for spec in TABLES[1:] if where[sibling(path, spec)].is_file()]
        return tables, problems

    tables, problems = read_set(path, _members(path), read)  # never a mix of two exports
    problems.raise_for(path)  # a file that cannot be read leaves nothing safe to go on with
    return tables_to_collection([table for table in tables if table is not None],
                                source=path, problems=problems, options=options)


def _raw_table(path: Path, spec: TableSpec, problems: Problems) -> RawTable | None:
    # Messages name the file read (the InputError's source) first: places in it need no name.
    where = "" if spec is CONFIGURATIONS else path.name
    text = _text(path, problems, where)
    if text is None:
        return None
    # A field may be as long as the file (a whole transcript as one quote), no longer: the
    # text is in memory already. The limit is the csv module's global, so it is put back.
    limit = csv.field_size_limit()
    try:
        csv.field_size_limit(max(limit, len(text)))
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)))
    except csv.Error as error:
        problems.add(where, f"is not a CSV file that can be read ({error})",
                     "save it again from the spreadsheet as CSV UTF-8")
        return None
    finally:
        csv.field_size_limit(limit)
    rows = [[unguarded(cell) for cell in row] for row in rows]  # see cmo.tables.formulas
    numbered = tuple((number, tuple(row)) for number, row in enumerate(rows[1:], start=2)
                     if any(cell.strip() for cell in row))
    return RawTable(spec, where, tuple(rows[0]) if rows else (), numbered)


def _text(path: Path, problems: Problems, where: str) -> str | None:
    if path.is_dir():
        problems.add(where, "is a folder, not a file", "name a CSV file")
        return None
    data = path.read_bytes()
    if not data.removeprefix(_BOM).strip():
        problems.add(where, "the file is empty",
                     "export the table again, with its header row, or name another file")
        return None
    if data.startswith(b"PK\x03\x04"):
        problems.add(where, "is an Excel workbook (or another ZIP archive), not a CSV file",
                     "give it the extension .xlsx and read that")
        return None
    try:
        if b"\x00" in data[:_SNIFF]:
            raise UnicodeDecodeError("utf-8", data, data.index(b"\x00"),
                                     data.index(b"\x00") + 1, "NUL byte")
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        problems.add(join_place(where, f"line {line}, column {column}"),
                     f"is not UTF-8 text: it looks like {_encoding_of(data)}", _SAVE_AS_UTF8)
        return None


def _encoding_of(data: bytes) -> str:
    """The encoding ``data`` seems to be in, as charset-normalizer guesses it."""
    return guess_encoding(data[:65536]) or "binary data, not text"


def _delimiter(text: str) -> str:
    """The separator of the header row: a comma, or the semicolon or tab it has more of."""
    first = text.split("\n", 1)[0]
    widths = {delimiter: len(next(csv.reader([first], delimiter=delimiter), []))
              for delimiter in _DELIMITERS}
    return max(_DELIMITERS, key=lambda delimiter: (widths[delimiter], delimiter == ","))
