"""What a cell holds: text, and several values in one cell.

A cell that holds several values (contexts, outcomes, evidence ids, codes...) gives them
one per line, as people type lists in spreadsheet cells (Alt+Enter). Semicolons and commas
belong to the prose of a value and never split it, unless the reader is asked for a
separator (``separator=";"``); even then a cell with a line break is split only at line
breaks. Earlier versions of ``cmo`` split at ``;`` by default, so a single value
containing a semicolon is still written with a line break after it, which every version
reads as one value.

Example:
    >>> split_values("Trust\\nHope"), split_values("Housing; employment")
    (['Trust', 'Hope'], ['Housing; employment'])
    >>> split_values("Trust ; Hope", separator=";"), split_values("A; B\\n", separator=";")
    (['Trust', 'Hope'], ['A; B'])
    >>> join_values(["Trust", "Hope"]), join_values(["A; B"])
    ('Trust\\nHope', 'A; B\\n')
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Final

__all__ = ["LINE_BREAK", "cell_text", "column_letter", "has_line_break", "join_values",
           "split_values"]

#: What separates values in a cell when writing (and, first, when reading).
LINE_BREAK: Final = re.compile(r"\r\n|\r|\n")


def has_line_break(text: str) -> bool:
    """Whether ``text`` holds a line break (which would split it in a cell of values)."""
    return LINE_BREAK.search(text) is not None


def split_values(text: str | None, *, separator: str | None = None) -> list[str]:
    """The values of a cell: one per line (or, when it has no line break, separated by
    ``separator`` if one is given)."""
    if text is None:
        return []
    by_lines = has_line_break(text) or not separator
    parts = LINE_BREAK.split(text) if by_lines else text.split(separator)
    return [part.strip() for part in parts if part.strip()]


def join_values(values: Sequence[str]) -> str | None:
    """The cell holding ``values``, one per line (None for no values).

    Raises:
        ValueError: a value holds a line break, so it could not be told apart.
    """
    if not values:
        return None
    if any(has_line_break(value) for value in values):
        raise ValueError("a value holds a line break")
    if len(values) == 1 and ";" in values[0]:
        return values[0] + "\n"  # the line break says: one value, not split at ';'
    return "\n".join(values)


def cell_text(value: object) -> str | None:
    """The text of a cell as a spreadsheet gives it (numbers, dates and times included).

    Whole numbers lose their ``.0``, dates at midnight are written ``YYYY-MM-DD`` and
    blank cells are None.

    Example:
        >>> cell_text(3.0), cell_text(dt.datetime(2024, 3, 1)), cell_text(dt.time(0, 12, 31))
        ('3', '2024-03-01', '00:12:31')
        >>> cell_text("  ") is None
        True
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        minutes, seconds = divmod(int(value.total_seconds()), 60)
        return f"{minutes // 60:02d}:{minutes % 60:02d}:{seconds:02d}"
    text = str(value)
    return text if text.strip() else None


def column_letter(index: int) -> str:
    """The spreadsheet letter of a column, counted from 0.

    Example:
        >>> column_letter(0), column_letter(25), column_letter(26)
        ('A', 'Z', 'AA')
    """
    letters = ""
    number = index + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
