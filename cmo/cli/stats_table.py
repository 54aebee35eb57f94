"""The table of ``cmo stats``: its columns, what each one counts, and how it fits a terminal.

The strength table has 15 columns, more than a 100-column terminal holds side by side. On
a terminal (or wherever ``COLUMNS`` gives a width) the table is *folded*: it is printed in
parts, each repeating the configuration's id (and its wave) and taking as many of the
remaining columns, in order, as fit. Elsewhere (a pipe, a file) it is one table with one
line per row, so it can be searched with grep. ``--columns`` chooses the columns.

Example:
    >>> import io
    >>> from rich.console import Console
    >>> rows = [{"configuration": "hope-through-trust", "evidence": 3, "supports": 2}]
    >>> console = Console(width=30, file=io.StringIO(), record=True)
    >>> print_table(rows, ("configuration", "evidence", "supports"), title="A theory",
    ...             console=console)
    >>> for line in console.export_text().splitlines():
    ...     print(line.rstrip() or "~")
    A theory
    ~
     configuration       evidence
     ────────────────────────────
     hope-through-trust         3
    ~
    ~
     configuration       supports
     ────────────────────────────
     hope-through-trust         2
    ~
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:  # rich is imported when a table is drawn, not for ``cmo stats --help``
    from rich.console import Console
    from rich.table import Table

__all__ = ["APPRAISAL_HELP", "COLUMN_HELP", "KEY_COLUMNS", "STRENGTH_COLUMNS", "WAVE_COLUMNS", "chosen_columns",
           "column_list", "print_table"]

#: What each column counts: the text of ``cmo stats --help`` and of docs/stats.md.
COLUMN_HELP: Final[Mapping[str, str]] = {
    "number": "its display number, as researchers cite it ('CMOC 7'): the number the file "
              "gives it, or else its place among the configurations",
    "configuration": "the configuration's id",
    "theme": "its theme (area of the programme theory)",
    "shape": "the parts it has: C-M-O, or C-O, M-O, C-M when one is missing",
    "wave": "the wave or timepoint of the sources ('(no wave)': sources that give none)",
    "evidence": "pieces of evidence it cites, whatever their stance",
    "sources": "distinct sources of that evidence (one interview, one paper...)",
    "participants": "distinct participants (one interviewed twice counts once)",
    "sites": "distinct sites of the sources",
    "waves": "distinct waves or timepoints of the sources",
    "supports": "pieces of evidence that support it",
    "refutes": "pieces of evidence that refute it",
    "refines": "pieces of evidence that refine it",
    "roles": "distinct participant roles (patient, link worker...) of the sources",
    "kinds": "distinct kinds of data (interview, observation, focus group, document, "
             "publication, other)",
    "negative_cases": "negative cases: distinct participants whose evidence refutes it "
                      "(a source that names no participant counts as its own case)",
    "participants_supporting": "distinct participants whose evidence at this wave supports it",
    "participants_refuting": "distinct participants whose evidence at this wave refutes it",
    "participants_refining": "distinct participants whose evidence at this wave refines it",
}

#: Columns of ``cmo stats``: keys of the theory's strength table ...
STRENGTH_COLUMNS: Final = (
    "number", "configuration", "theme", "shape", "evidence", "supports", "refutes", "refines",
    "negative_cases", "sources", "participants", "sites", "waves", "roles", "kinds")
#: ... and of its wave table (``--by-wave``).
WAVE_COLUMNS: Final = (
    "number", "configuration", "wave", "evidence", "sources", "participants", "supports", "refutes",
    "refines", "participants_supporting", "participants_refuting", "participants_refining")
#: The columns of ``--appraisal DIMENSION``, which depend on the file's scales.
APPRAISAL_HELP: Final = (
    "With --appraisal DIMENSION the columns are number, configuration, theme (and stance, with "
    "--by-stance), then one per level of the dimension's scale, highest first (high, moderate, "
    "low unless the file declares its own under appraisal_scales), counting the pieces of "
    "evidence judged at that level, and not_judged: pieces that neither their excerpt nor their "
    "source judges on that dimension.")
#: Columns every part of a folded table repeats, so each row can be told.
KEY_COLUMNS: Final = ("number", "configuration", "wave", "stance")
_TEXT_COLUMNS: Final = frozenset({"configuration", "theme", "shape", "wave", "stance"})


def column_list(width: int = 100) -> str:
    """Every column and what it counts, one per paragraph, wrapped to ``width`` (for
    ``--help``).

    Example:
        >>> print(column_list(60).splitlines()[6])
          theme                    its theme (area of the programme
    """
    return "\n".join(textwrap.fill(text, width, initial_indent=f"  {name:<25}",
                                    subsequent_indent=" " * 27)
                      for name, text in COLUMN_HELP.items())


def chosen_columns(names: str | None, available: Sequence[str]) -> tuple[str, ...]:
    """The columns ``--columns`` names (comma-separated, in the order given), with the
    configuration's number and id (and the wave) always first; all of ``available`` for None.

    Raises:
        InputError: a name that is not a column, with a did-you-mean and every column.

    Example:
        >>> chosen_columns("supports, refutes", STRENGTH_COLUMNS)
        ('number', 'configuration', 'supports', 'refutes')
        >>> chosen_columns("negative-cases", STRENGTH_COLUMNS)
        ('number', 'configuration', 'negative_cases')
    """
    from .._helpers.labels import did_you_mean
    from ..exceptions import InputError, Problem

    if names is None:
        return tuple(available)
    wanted = [name.strip().replace("-", "_").replace(" ", "_") for name in names.split(",")]
    unknown = [name for name in wanted if name not in available]
    if unknown:
        raise InputError([Problem(
            "--columns", f"{name!r} is not a column" + (
                f" ({hint})" if (hint := did_you_mean(name, available)) else ""),
            f"use some of: {', '.join(available)}") for name in unknown])
    keys = [name for name in KEY_COLUMNS if name in available]
    return tuple(dict.fromkeys([*keys, *(name for name in wanted if name)]))


def print_table(rows: Iterable[Mapping[str, Any]], columns: Sequence[str], *,
                title: str | None, console: Console, fold: bool = True) -> None:
    """Print ``rows`` as a table of ``columns`` on ``console``, folded into parts that each
    fit its width when ``fold`` (otherwise one table, as wide as it needs)."""
    from rich.console import Console
    from rich.measure import Measurement

    rows = list(rows)
    keys = [name for name in columns if name in KEY_COLUMNS]
    rest = [name for name in columns if name not in KEY_COLUMNS]
    parts = _parts(rows, keys, rest, console) if fold else [list(columns)]
    if title:  # above the table, not its caption: a narrow table would wrap it
        console.print(title, markup=False, highlight=False, soft_wrap=True)
    for part in parts:
        table = _table(rows, part)
        if fold:
            console.print(table)
        else:
            needed = Measurement.get(console, console.options.update_width(10_000), table)
            Console(width=needed.maximum, file=console.file,
                    color_system=console.color_system).print(table)


def _parts(rows: list[Mapping[str, Any]], keys: list[str], rest: list[str],
           console: Console) -> list[list[str]]:
    """The key columns with as many of the rest, in order, as fit the console's width."""
    parts: list[list[str]] = []
    part = list(keys)
    for name in rest:
        if len(part) > len(keys) and _width(rows, [*part, name], console) > console.width:
            parts.append(part)
            part = list(keys)
        part.append(name)
    parts.append(part)
    return parts


def _width(rows: list[Mapping[str, Any]], columns: list[str], console: Console) -> int:
    from rich.measure import Measurement

    table = _table(rows, columns)
    return Measurement.get(console, console.options.update_width(10_000), table).maximum


def _table(rows: list[Mapping[str, Any]], columns: Sequence[str]) -> Table:
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
    for column in columns:
        table.add_column(column.replace("_", "\n"), no_wrap=True, vertical="top",
                         justify="left" if column in _TEXT_COLUMNS else "right")
    for row in rows:
        table.add_row(*(_cell(column, row[column]) for column in columns))
    return table


def _cell(column: str, value: object) -> str:
    if value is None:
        return "(no wave)" if column == "wave" else ""
    return str(value)
