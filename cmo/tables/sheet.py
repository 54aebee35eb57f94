"""A table as read from a file: its header matched to columns, its rows, and the problems.

Each format module (CSV, XLSX) hands over :class:`RawTable` values: cells as the file
holds them. :func:`read_table` matches the header row to the table's columns and keeps
each row's non-blank cells by field, so the rest of the reading never sees a format.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from ..exceptions import CmoWarning, InputError, Problem
from .cells import cell_text, column_letter, split_values
from .columns import TableSpec
from .options import ReadOptions

__all__ = ["KEEPS_UNKNOWN_COLUMNS", "Problems", "RawTable", "Row", "Table", "join_place",
           "read_table", "warn_unknown_columns", "with_extras"]

#: The tables whose columns not understood are kept, as ``header: value`` lines of the
#: notes (or description) of what each row describes: every table.
KEEPS_UNKNOWN_COLUMNS: Final = frozenset({"configurations", "excerpts", "sources", "elements",
                                          "theories", "about"})


@dataclass(frozen=True, slots=True)
class RawTable:
    """A table as a file holds it: its first row and the rows below, not yet understood.

    Attributes:
        spec: which table of a theory it is.
        where: how messages name it: ``"sheet 'excerpts'"`` or ``"theory.excerpts.csv"``.
        header: the cells of row 1.
        rows: each further row that is not blank, with its row number (row 1 is the header):
            its cells in order, or only those that hold something, by column (from 0), so
            that a row padded out to column XFD costs no more than its values.
        record_word: for a list of records (JSON, YAML), what messages call one ("record"),
            and rows are numbered from 1; None for a sheet or CSV file.
    """

    spec: TableSpec
    where: str
    header: tuple[object, ...]
    rows: tuple[tuple[int, Sequence[object] | Mapping[int, object]], ...]
    record_word: str | None = None


class Problems:
    """The problems found in a set of tables, collected to be raised once."""

    def __init__(self) -> None:
        self.found: list[Problem] = []
        #: Headers not understood, by table: ``(where, kept, [header (did you mean...)])``.
        self.unknown_columns: list[tuple[str, bool, list[str]]] = []

    def add(self, place: str, message: str, fix: str | None = None) -> None:
        self.found.append(Problem(place, message, fix))

    def note_unknown(self, where: str, headers: list[str], *, kept: bool = False) -> None:
        """Note headers of one table that were not understood (for one warning at the end):
        kept in the notes, or left out."""
        for noted, was_kept, listed in self.unknown_columns:
            if noted == where and was_kept == kept:
                listed.extend(headers)
                return
        self.unknown_columns.append((where, kept, list(headers)))

    def __bool__(self) -> bool:
        return bool(self.found)

    def raise_for(self, source: str | Path) -> None:
        """Raise every problem found so far as one :class:`InputError`, if there is any."""
        if self.found:
            raise InputError(self.found, source=source)


def join_place(*parts: str) -> str:
    return ", ".join(part for part in parts if part)


@dataclass(frozen=True, slots=True)
class Table:
    """A table whose header is understood: which column holds each field, and its rows."""

    spec: TableSpec
    where: str
    headers: tuple[str, ...]
    fields: dict[str, int]
    rows: list[Row] = field(default_factory=list)
    #: Splits a cell of several values that has no line break (None: only line breaks do).
    separator: str | None = None
    #: See :attr:`RawTable.record_word`.
    record_word: str | None = None

    def has(self, field_name: str) -> bool:
        """Whether the table has a column for ``field_name``."""
        return field_name in self.fields

    def column_place(self, field_name: str) -> str:
        """``column 'Stance' (E)``: the column as its header names it, and its letter
        (``field 'stance'`` in a list of records)."""
        if field_name not in self.fields:
            what = "field" if self.record_word else "column"
            return f"{what} {self.spec.column(field_name).header!r} (missing)"
        index = self.fields[field_name]
        if self.record_word:
            return f"field {self.headers[index]!r}"
        return f"column {self.headers[index]!r} ({column_letter(index)})"


@dataclass(frozen=True, slots=True)
class Row:
    """One row of a table: its number in the file and its non-blank cells, by field."""

    table: Table
    number: int
    cells: dict[str, str]
    #: The row's cells in columns not understood: ``(header, text)``, kept as notes.
    extras: tuple[tuple[str, str], ...] = ()

    def get(self, field_name: str) -> str | None:
        """The cell's text, or None when it is blank or the table has no such column."""
        return self.cells.get(field_name)

    def has_quote(self) -> bool:
        """Whether this row of configurations carries a quote of its own (its evidence)."""
        return self.table.spec.name == "configurations" and self.get("quote") is not None

    def values(self, field_name: str) -> list[str]:
        """The values of a cell that holds several (see :mod:`cmo.tables.cells`)."""
        return split_values(self.cells.get(field_name), separator=self.table.separator)

    def place(self, field_name: str | None = None) -> str:
        """``sheet 'excerpts', row 4, column 'Stance' (E)``."""
        column = self.table.column_place(field_name) if field_name else ""
        return join_place(self.table.where, f"{self.table.record_word or 'row'} {self.number}",
                          column)


def with_extras(text: str | None, extras: tuple[tuple[str, str], ...]) -> str | None:
    """``text`` followed by a ``header: value`` line for each extra cell it does not hold yet.

    Example:
        >>> print(with_extras("Checked twice", (("Reviewer", "AB"), ("Confidence", "high"))))
        Checked twice
        Reviewer: AB
        Confidence: high
        >>> with_extras("Reviewer: AB", (("Reviewer", "AB"),))
        'Reviewer: AB'
    """
    lines = [text] if text else []
    held = set(text.splitlines()) if text else set()
    lines += [line for header, value in extras
              if (line := f"{header}: {value}") not in held]
    return "\n".join(lines) or None


def read_table(raw: RawTable, problems: Problems,
               options: ReadOptions | None = None) -> Table | None:
    """Match a raw table's header row to its columns and keep its rows.

    A missing or unreadable header row is a problem (None is returned); headers not
    understood are noted for :func:`warn_unknown_columns`, and kept (see
    :data:`KEEPS_UNKNOWN_COLUMNS`).
    """
    options = options or ReadOptions()
    header_place = raw.where if raw.record_word else join_place(raw.where, "row 1")
    texts = [cell_text(cell) for cell in raw.header]
    if not any(texts):
        problems.add(header_place, "has no header row: row 1 is empty",
                     "put the column names (id, contexts, mechanism resource ...) in row 1")
        return None
    odd = [index for index, cell in enumerate(raw.header)
           if cell is not None and not isinstance(cell, str)]
    if odd:
        cells = ", ".join(f"{column_letter(index)}1" for index in odd)
        problems.add(header_place, f"is not a header row: {cells} hold numbers or dates, "
                     "not column names", "put the column names in row 1, above the data")
        return None
    headers = tuple(text.strip() if text else "" for text in texts)
    matched = raw.spec.match(headers, columns=options.columns)
    for index, header, target in matched.mis_mapped:
        hint = raw.spec.suggest(target)
        named = repr(header) if raw.record_word else f"{header!r} ({column_letter(index)})"
        problems.add(header_place, f"the column map makes {named} the column {target!r}, which the "
                     f"{raw.spec.name} table does not have",
                     f"did you mean {hint!r}? correct the column map" if hint else
                     "name one of the columns in docs/tables.md in the column map")
    if not matched.fields:
        core = ", ".join(column.header for column in raw.spec.columns if column.core)
        problems.add(header_place, f"none of the headers in row 1 is a column of the "
                     f"{raw.spec.name} table", f"put the column names in row 1 ({core} ...), "
                     "or name yours in a column map (--map)")
        return None
    table = Table(raw.spec, raw.where, headers, matched.fields, separator=options.separator,
                  record_word=raw.record_word)
    for name, first, second in matched.repeated:
        both = (f"fields {headers[first]!r} and {headers[second]!r}" if raw.record_word else
                f"columns {headers[first]!r} ({column_letter(first)}) and "
                f"{headers[second]!r} ({column_letter(second)})")
        problems.add(header_place, f"{both} both give {raw.spec.column(name).header!r}",
                     "keep one of them, or rename one")
    keeps = raw.spec.name in KEEPS_UNKNOWN_COLUMNS
    unknown = [_described(raw.spec, header) for _, header in matched.unknown]
    if unknown:
        problems.note_unknown(raw.where, unknown, kept=keeps)
    unheaded = sorted({index for _, cells in raw.rows for index, cell in _items(cells)
                       if (index >= len(headers) or not headers[index])
                       and cell_text(cell) is not None})
    if unheaded:
        problems.note_unknown(raw.where, [f"column {column_letter(index)} (no header)"
                                          for index in unheaded])
    extra = matched.unknown if keeps else []
    for number, cells in raw.rows:
        kept = {name: text for name, index in matched.fields.items()
                if (text := cell_text(_at(cells, index))) is not None}
        extras = tuple((header, text) for index, header in extra
                       if (text := cell_text(_at(cells, index))) is not None)
        if kept or extras:
            table.rows.append(Row(table, number, kept, extras))
    return table


def _items(cells: Sequence[object] | Mapping[int, object]) -> Iterable[tuple[int, object]]:
    return cells.items() if isinstance(cells, Mapping) else enumerate(cells)


def _at(cells: Sequence[object] | Mapping[int, object], index: int) -> object:
    if isinstance(cells, Mapping):
        return cells.get(index)
    return cells[index] if index < len(cells) else None


def _described(spec: TableSpec, header: str) -> str:
    suggestion = spec.suggest(header)
    return f"{header!r} (did you mean {suggestion!r}?)" if suggestion else repr(header)


def warn_unknown_columns(problems: Problems, source: str | Path) -> None:
    """One :class:`CmoWarning` naming the file, and each table's headers not understood."""
    for kept, what in ((True, "kept in the notes"), (False, "left out")):
        # A file of one table needs no table name; a set or workbook names each table.
        listed = "; ".join(f"{where}: {', '.join(headers)}" if where else ", ".join(headers)
                           for where, was_kept, headers in problems.unknown_columns
                           if was_kept == kept)
        if listed:
            warnings.warn(f"{source}: columns not understood were {what}: {listed}",
                          CmoWarning, stacklevel=4)
