"""Reading typed values out of cells, and building models, with every problem reported.

Messages name the row and the column and say what to write instead. They quote short
values (an id, a stance, a date) but never the text of an excerpt.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Final, TypeVar

from pydantic import BaseModel, ValidationError

from .._helpers.labels import did_you_mean
from .sheet import Problems, Row

__all__ = ["build", "choice", "date_value", "shown", "whole_number"]

_M = TypeVar("_M", bound=BaseModel)

#: Fields whose values may be quoted in messages: ids and short codes, never free text.
_QUOTABLE: Final = frozenset({"id", "source", "excerpt", "derived_from", "doi", "url", "wave",
                              "kind"})
_MESSAGES: Final = {
    "doi": ("is not a DOI", "write it as 10.xxxx/... (a 'doi:' or 'https://doi.org/' prefix "
                            "is fine)"),
    "url": ("is not a web address", "write an absolute address such as https://example.org/a"),
}


_SHORT: Final = 40


def shown(value: str) -> str:
    """A cell's value as a message may show it: quoted when short and on one line, else
    only its length, since a long value may be a quote in the wrong column.

    Example:
        >>> shown("q1"), shown("I felt that nobody listened to me until I met her, and then")
        ("'q1'", '(59 characters of text, not shown)')
    """
    value = value.strip()
    if len(value) <= _SHORT and "\n" not in value and "\r" not in value:
        return repr(value)
    return f"({len(value)} characters of text, not shown)"


def _key(text: str) -> str:
    return " ".join(text.casefold().replace("_", " ").replace("-", " ").split())


def choice(row: Row, field: str, options: Mapping[str, str], problems: Problems, *,
           what: str) -> str | None:
    """The value a cell chooses among ``options`` (accepted spellings -> value).

    Case, spaces, hyphens and underscores do not matter. An unknown value is a problem
    with a did-you-mean and the values allowed.
    """
    text = row.get(field)
    if text is None:
        return None
    accepted = {_key(spelling): value for spelling, value in options.items()}
    found = accepted.get(_key(text))
    if found is not None:
        return found
    allowed = sorted(set(options.values()))
    hint = did_you_mean(_key(text), accepted)
    use = f"use one of: {', '.join(allowed)}"
    problems.add(row.place(field), f"unknown {what} {shown(text)}",
                 f"{hint.removesuffix('?')}? {use}" if hint else use)
    return None


def whole_number(row: Row, field: str, problems: Problems) -> int | None:
    """A whole number (a character offset or a line), or None for a blank cell."""
    text = row.get(field)
    if text is None:
        return None
    try:
        return int(text.strip())
    except ValueError:
        pass
    try:
        number = float(text.strip())
    except ValueError:
        number = 0.5
    if number.is_integer():
        return int(number)
    problems.add(row.place(field), f"{shown(text)} is not a whole number",
                 "write a number such as 12, or leave the cell empty")
    return None


def date_value(row: Row, field: str, problems: Problems) -> dt.date | None:
    """A date written ``YYYY-MM-DD`` (or a date cell), or None for a blank cell."""
    text = row.get(field)
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        problems.add(row.place(field), f"{shown(text)} is not a date",
                     "write dates as YYYY-MM-DD, e.g. 2024-03-01")
        return None


def build(model: type[_M], values: Mapping[str, Any], problems: Problems, *,
          places: Mapping[str, str], default: str) -> _M | None:
    """``model(**values)``, or None with each validation error reported at its cell.

    Args:
        places: where each of the model's fields came from (``row 4, column 'Text' (C)``).
        default: where to report errors of the whole value (or of fields not in ``places``).
    """
    try:
        return model(**values)
    except ValidationError as error:
        for item in error.errors(include_url=False):
            name = str(item["loc"][0]) if item["loc"] else ""
            problems.add(places.get(name, default), *_explain(item, name))
        return None


def _explain(item: Any, name: str) -> tuple[str, str | None]:
    value = item.get("input")
    if item["type"] == "string_pattern_mismatch" and isinstance(value, str):
        if name in _MESSAGES:
            message, fix = _MESSAGES[name]
            return f"{shown(value)} {message}", fix
        if name in _QUOTABLE:
            return (f"{shown(value)} is not a valid id",
                    "use letters, digits, '_', '.' and '-', with no spaces")
    message = str(item["msg"]).removeprefix("Value error, ")
    return message[:1].lower() + message[1:], None
