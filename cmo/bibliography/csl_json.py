"""Reading CSL-JSON reference lists (``.json``), as Zotero and Mendeley export them.

CSL-JSON is a list of objects, one per reference (``id``, ``title``, ``author``,
``issued``, ``container-title``, ``DOI``, ``URL``...). :func:`cmo.io.read` reads a
``.json`` file that holds a list with this reader.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Final

from .._helpers.json_text import json_depth_line, json_number_line, too_many_digits
from ..exceptions import InputError, Problem
from ..models import Collection
from .references import Person, Reference, named, parse_date, read_reference_text, tidy
from .sources import to_collection

__all__ = ["read_csl_json"]

#: A CSL-JSON list nests about five levels deep (list, item, issued, date-parts, date).
MAX_DEPTH: Final = 32
_EMPTY: Final = Problem("", "no references found", "export the references again as CSL-JSON: "
                        'a list of objects such as {"id": "tierney2024", "title": ...}')
#: More digits than a part of a date needs; also below Python's limit on reading numbers.
_DIGITS: Final = 100
_JSON_KINDS: Final = {dict: "an object", list: "a list", str: "a string", bool: "true or false",
                      int: "a number", float: "a number", type(None): "null"}


def read_csl_json(path: str | Path) -> Collection:
    """Read a CSL-JSON file into publication sources, one per reference, with their DOIs.

    An item that is not an object is skipped with a :class:`~cmo.exceptions.CmoWarning`
    naming it; see :func:`.sources.to_collection` for ids, DOIs, citations and dates.

    Raises:
        InputError: the file is missing, empty or not JSON, holds no list, or no item in
            it can be read.

    Example:
        >>> path = getfixture("tmp_path") / "refs.json"
        >>> _ = path.write_text('[{"id": "tierney2024", "DOI": "10.3310/ETND8254", '
        ...                     '"author": [{"family": "Tierney", "given": "S."}], '
        ...                     '"issued": {"date-parts": [[2024]]}}]', encoding="utf-8")
        >>> source = read_csl_json(path).sources[0]
        >>> source.id, source.doi, source.citation
        ('tierney2024', '10.3310/ETND8254', 'Tierney, S. (2024).')
    """
    data = _parse(path, read_reference_text(path))
    if not isinstance(data, list):
        raise InputError([Problem("", f"holds {_kind(data)}, not a list of references",
                                  "export the references as CSL-JSON: a list of objects, "
                                  "one per reference")], source=path)
    references: list[Reference] = []
    problems: list[Problem] = []
    for number, item in enumerate(data, start=1):
        if isinstance(item, dict):
            references.append(_reference(number, item))
        else:
            problems.append(Problem(f"item {number}", f"not read: it is {_kind(item)}, not an "
                                    "object", 'write each reference as an object such as '
                                    '{"id": "tierney2024", "title": ...}'))
    return to_collection(path, references, problems, empty=_EMPTY)


def _parse(path: str | Path, text: str) -> Any:
    def fail(line: int, message: str, fix: str) -> InputError:
        return InputError([Problem(f"line {line}", message, fix)], source=path)

    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise fail(error.lineno, f"JSON syntax error: {error.msg} (column {error.colno})",
                   "check commas, brackets and quotes around this line") from None
    except ValueError:  # json reads a number of more digits than the limit as a ValueError
        raise InputError([too_many_digits(json_number_line(text))], source=path) from None
    except RecursionError:
        raise fail(json_depth_line(text, MAX_DEPTH), f"the data nests deeper than {MAX_DEPTH} levels",
                   "a CSL-JSON reference list needs only a few levels") from None


def _kind(value: object) -> str:
    return _JSON_KINDS.get(type(value), "a value")


def _reference(number: int, item: dict[str, Any]) -> Reference:
    key = item.get("id")
    key = tidy(str(key)) if isinstance(key, str | int) and not isinstance(key, bool) else None
    authors, more = named(_people(item.get("author")) or _people(item.get("editor")))
    year, month, day = _issued(item.get("issued"))
    return Reference(
        place=f"item {number} (id {key!r})" if key else f"item {number}",
        key=key, authors=authors, more_authors=more, title=_text(item.get("title")),
        container=_text(item.get("container-title")) or _text(item.get("publisher")),
        year=year, month=month, day=day, doi=_text(item.get("DOI")), url=_text(item.get("URL")))


def _text(value: object) -> str | None:
    """Text, or the first text of a list (some exports give ``container-title`` as one)."""
    values = value if isinstance(value, list) else [value]
    return next(filter(None, map(tidy, values)), None)


def _people(value: object) -> tuple[Person, ...]:
    people = []
    for name in value if isinstance(value, list) else []:
        if isinstance(name, dict):
            family = _text(name.get("literal")) or " ".join(filter(None, (
                _text(name.get("non-dropping-particle")), _text(name.get("family")))))
            given = _text(name.get("given")) or ""
        else:
            family, given = _text(name), ""
        if family:
            people.append(Person(family, given))
    return tuple(people)


def _issued(value: object) -> tuple[str | None, int | None, int | None]:
    """Year, month and day from ``{"date-parts": [[2024, 3, 5]]}``, ``{"raw": ...}`` or text."""
    if isinstance(value, dict):
        parts = value.get("date-parts")
        first = parts[0] if isinstance(parts, list) and parts else None
        if isinstance(first, list) and first and _number(first[0]) is not None:
            year, month, day = [*map(_number, first[:3]), None, None][:3]
            return str(year), month, day
        value = _text(value.get("raw")) or _text(value.get("literal"))
    return parse_date(_text(value))


def _number(value: object) -> int | None:
    """A part of a date: a number, or digits as text (``"2016"``, as Zotero writes years)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) <= _DIGITS:
        return int(value)
    return None
