"""How to read a table someone else made: a column map, and a separator of values.

A column map says which column of ``cmo`` each header of a table is, for headers
``cmo`` does not recognise by itself (see :mod:`cmo.tables.columns`); a header mapped to
nothing is left out on purpose, without a warning. A separator, when given, also splits
a cell of several values that has no line break (by default only line breaks do).

The map is a YAML (or JSON) file, as ``cmo import --map`` takes it::

    columns:
      Setting: contexts
      Why it works: mechanism reasoning
      Reviewer: null          # left out on purpose
    separator: ";"            # optional

Example:
    >>> options = ReadOptions.of(columns={"Setting": "contexts"}, separator=";")
    >>> options.columns, options.separator
    ({'Setting': 'contexts'}, ';')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from .._helpers import read_text
from ..exceptions import InputError, Problem

__all__ = ["ReadOptions", "read_column_map"]

_MAP_KEYS: Final = ("columns", "separator")


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How to read a foreign table.

    Attributes:
        columns: header -> the ``cmo`` column it is (any header ``docs/tables.md`` lists
            for it), or None to leave the column out on purpose.
        separator: what else separates values in a cell without a line break.
    """

    columns: Mapping[str, str | None] = field(default_factory=dict)
    separator: str | None = None

    @classmethod
    def of(cls, *, columns: Mapping[str, str | None] | None = None,
           separator: str | None = None) -> ReadOptions:
        """Options from the keyword arguments of the readers, checked.

        Raises:
            TypeError: a header or column that is not text, or an empty separator.
        """
        columns = dict(columns or {})
        for header, target in columns.items():
            if not isinstance(header, str) or not (target is None or isinstance(target, str)):
                raise TypeError(f"columns must map headers to column names (or None), "
                                f"not {header!r} to {target!r}")
        if separator is not None and (not isinstance(separator, str) or not separator.strip()):
            raise TypeError(f"separator must be a character such as ';', not {separator!r}")
        return cls(columns, separator)


def read_column_map(path: str | Path) -> ReadOptions:
    """Read a column map file (see the module's description).

    Raises:
        InputError: the file cannot be read, is not a mapping of ``columns`` (header ->
            column name or null) and ``separator``, naming the key at fault.
    """
    from .._helpers.json_text import parse_json
    from .._helpers.yaml_text import parse_yaml

    path = Path(path)
    try:
        text = read_text(path)
        parsed = (parse_json if path.suffix.lower() == ".json" else parse_yaml)(text)
    except InputError as error:
        raise error.with_source(path) from None
    data: Any = parsed.data
    problems: list[Problem] = []
    fix = ("write 'columns:' and below it one 'Your header: cmo column' per line "
           "(docs/tables.md)")
    if not isinstance(data, dict) or not isinstance(data.get("columns", {}), dict):
        raise InputError([Problem("", "is not a column map", fix)], source=path)
    for key in data:
        if key not in _MAP_KEYS:
            problems.append(Problem(f"key {key!r}", "is not a key of a column map",
                                    f"use {' and '.join(map(repr, _MAP_KEYS))}"))
    columns: dict[str, str | None] = {}
    for header, target in data.get("columns", {}).items():
        if not isinstance(target, str | None) or (isinstance(target, str)
                                                   and not target.strip()):
            problems.append(Problem(f"columns, {str(header)!r}", "does not name a column",
                                    "write the name of a cmo column (contexts, quote, "
                                    "source...), or null to leave it out"))
            continue
        columns[str(header)] = target
    separator = data.get("separator")
    if separator is not None and (not isinstance(separator, str) or not separator.strip()):
        problems.append(Problem("separator", "is not a separator",
                                "write one character in quotes, such as ';'"))
        separator = None
    if problems:
        raise InputError(problems, source=path)
    return ReadOptions(columns, separator)
