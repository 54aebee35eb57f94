"""Parsing JSON safely: one message for each problem, with its line, and the line of every
value on demand (JSON is YAML: :func:`~cmo._helpers.yaml_text.locator` finds it).
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any, Final

from ..exceptions import InputError, Problem
from .yaml_text import MAX_DEPTH, Parsed, curly_quotes, decoded, locator, problem_at

__all__ = ["json_depth_line", "json_number_line", "load_json", "parse_json", "too_many_digits"]


def _refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise problem_at(None, f"the key {key!r} appears twice in the same object",
                               "keep one of them")
            seen.add(key)
    return result


_JSON_TOKEN: Final = re.compile(r'"(?:[^"\\]|\\.)*"|[\[{]|[\]}]')


def json_depth_line(text: str, limit: int = MAX_DEPTH) -> int:
    """The line of JSON ``text`` where nesting first goes deeper than ``limit`` (1 if never).

    Example:
        >>> json_depth_line('{"a": [1],', limit=1), json_depth_line('[1]', limit=1)
        (1, 1)
        >>> json_depth_line('{"a": "[[[",' + chr(10) + '"b": [[2]]}', limit=2)
        2
    """
    depth = 0
    for token in _JSON_TOKEN.finditer(text):
        depth += {"[": 1, "{": 1, "]": -1, "}": -1}.get(token.group(), 0)
        if depth > limit:
            return text.count("\n", 0, token.start()) + 1
    return 1


def json_number_line(text: str) -> int:
    """The line of JSON ``text`` where a number has more digits than Python reads (1 if none).

    Example:
        >>> json_number_line('[1,' + chr(10) + '2' * 5000 + ']')
        2
    """
    limit = sys.get_int_max_str_digits()
    found = re.search(rf"\d{{{limit + 1}}}", text) if limit else None
    return text.count("\n", 0, found.start()) + 1 if found else 1


def too_many_digits(line: int) -> Problem:
    """The problem of a JSON number with more digits than Python reads."""
    return Problem(f"line {line}", "a number has more digits than the "
                   f"{sys.get_int_max_str_digits():,} a number may have",
                   "write it as text, in quotes")


def load_json(text: str | bytes) -> Any:
    """The data of a JSON document, its nesting not checked (:func:`parse_json` checks it).

    Raises:
        InputError: a syntax error, a duplicate key, nesting too deep for Python, or a
            number with more digits than Python reads.

    Example:
        >>> load_json('{"a": [1, "b"]}')
        {'a': [1, 'b']}
    """
    try:
        return json.loads(text, object_pairs_hook=_refuse_duplicates)
    except json.JSONDecodeError as error:
        curly = curly_quotes(decoded(text), {error.lineno})
        if curly:
            raise problem_at(error.lineno, f"JSON syntax error: {error.msg} (column "
                           f"{error.colno}); {curly} are not JSON quotes",
                           "write straight double quotes, \", around the text") from None
        raise problem_at(error.lineno, f"JSON syntax error: {error.msg} (column {error.colno})",
                       "check commas, brackets and quotes around this line") from None
    except InputError:  # a duplicate key (an InputError is a ValueError: not a number)
        raise
    except ValueError:  # json reads a number of more digits than the limit as a ValueError
        raise InputError([too_many_digits(json_number_line(decoded(text)))]) from None
    except RecursionError:
        raise problem_at(json_depth_line(decoded(text)),
                       f"the data nests deeper than {MAX_DEPTH} levels",
                       "an authoring file needs only a few levels") from None


def parse_json(text: str | bytes) -> Parsed:
    """Parse a JSON document, with the line of each value on demand.

    Raises:
        InputError: as :func:`load_json`, or nesting deeper than :data:`MAX_DEPTH`.
    """
    data = load_json(text)
    if _too_deep(data):
        raise problem_at(json_depth_line(decoded(text)),
                       f"the data nests deeper than {MAX_DEPTH} levels",
                       "an authoring file needs only a few levels")
    return Parsed(data, locator(text))


def _too_deep(data: Any) -> bool:
    stack = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            return True
        if isinstance(value, dict):
            stack.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)
    return False
