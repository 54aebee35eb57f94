"""Parsing YAML and JSON safely, with the line of every value on demand.

YAML is parsed from its event stream without recursion, so neither deep nesting nor
aliases that expand exponentially ("billion laughs") can exhaust the stack or memory:
both are refused with the line where they happen. Duplicate keys, which YAML parsers
usually let the last one win, are refused too.

Values are text as the researcher typed them: ``wave: 1.10`` is ``"1.10"``, not ``1.1``;
``010`` is ``"010"``, not YAML 1.1's octal 8; ``12:30`` is ``"12:30"``, not 750 minutes;
``2024-03-05`` is text that a date field reads as a date; ``yes`` and ``no`` are words.
A plain value is a number only when written as numbers usually are (``7``, ``-2``,
``0.5``), and ``true``/``false`` and ``null``/``~`` keep their meaning. Tags that build
objects (``!!python/...``, ``!!binary``, ``!!set``...) are refused on any value.
"""

from __future__ import annotations

import contextlib
import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

import yaml

from ..exceptions import InputError, Problem

__all__ = ["MAX_DEPTH", "YAML_LOADER", "Parsed", "json_number_line", "locator", "parse_json",
           "parse_yaml", "plain_value", "too_many_digits"]

#: Deepest nesting an authoring file may have (a real one needs about 6 levels).
MAX_DEPTH: Final = 64
#: Aliases may make a document at most this many times larger than it is written.
MAX_EXPANSION: Final = 10
_EXPANSION_ALLOWANCE: Final = 10_000

#: PyYAML's C loader where it was built with libyaml, else its Python one.
YAML_LOADER: Final = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
Location = tuple[str | int, ...]

_YAML: Final = "tag:yaml.org,2002:"
#: The tags a value may be given: those of JSON's values, and dates. Others build objects.
_SCALAR_TAGS: Final = frozenset(_YAML + name for name in ("str", "int", "float", "bool", "null",
                                                          "timestamp"))
_COLLECTION_TAGS: Final = frozenset({_YAML + "map", _YAML + "seq", "!"})
_USUAL_INTEGER: Final = re.compile(r"-?(?:0|[1-9][0-9]*)")
_BOOLEANS: Final = {"true": True, "True": True, "TRUE": True,
                    "false": False, "False": False, "FALSE": False}


def plain_value(text: str, tag: str) -> Any:
    """The value of a plain (unquoted, untagged) scalar that YAML resolves to ``tag``.

    Text as written, unless it is a number written the usual way, ``true``/``false``
    or null: a wave, a date or an id keeps the form the researcher typed.

    Raises:
        ValueError: an integer with more digits than Python reads
            (:func:`sys.get_int_max_str_digits`).

    Example:
        >>> [plain_value(text, _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)))
        ...  for text in ("7", "1.10", "0.5", "010", "12:30", "2024-03-05", "yes", "true", "~")]
        [7, '1.10', 0.5, '010', '12:30', '2024-03-05', 'yes', True, None]
    """
    if tag == _YAML + "null":
        return None
    if tag == _YAML + "int" and _USUAL_INTEGER.fullmatch(text):
        limit = sys.get_int_max_str_digits()
        digits = len(text.lstrip("-"))
        if limit and digits > limit:
            raise ValueError(f"the number has {digits:,} digits, more than the {limit:,} "
                             "a number may have")
        return int(text)
    if tag == _YAML + "float":
        with contextlib.suppress(ValueError):  # .inf, .nan, 1_000.5: kept as written
            number = float(text)
            if repr(number) == text:
                return number
    if tag == _YAML + "bool":
        return _BOOLEANS.get(text, text)
    return text


@dataclass
class Parsed:
    """Parsed data, and how to find the line of any value in it."""

    data: Any
    locate: Callable[[Location], int | None] = field(default=lambda location: None, repr=False)


@dataclass
class _Frame:
    container: dict[Any, Any] | list[Any]
    location: Location
    line: int
    anchor: str | None
    size: int = 1
    key: Any = None
    has_key: bool = False

    def child_location(self) -> Location:
        """Where a value that starts now sits: the next item, or the value of the key."""
        if isinstance(self.container, list):
            return (*self.location, len(self.container))
        return (*self.location, self.key) if self.has_key else self.location


def _problem(line: int | None, message: str, fix: str) -> InputError:
    return InputError([Problem(f"line {line}" if line else "", message, fix)])


def _shown(tag: str) -> str:
    """A tag as it is usually written: ``!!python/object`` rather than its whole name."""
    return "!!" + tag.removeprefix(_YAML) if tag.startswith(_YAML) else tag


def _scalar(event: yaml.ScalarEvent) -> Any:
    tag = event.tag
    line = event.start_mark.line + 1
    if tag is None or tag == "!":
        tag = _RESOLVER.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag.endswith(":merge"):
            raise _problem(line, "merge keys ('<<') are not supported",
                           "write the values out in full")
        try:
            return plain_value(event.value, tag)
        except ValueError as error:
            raise _problem(line, str(error), "quote the value to keep it as text") from None
    if tag not in _SCALAR_TAGS:
        raise _problem(line, f"the tag {_shown(tag)!r} is not allowed here",
                       "remove the tag: plain values need none")
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    try:
        return _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, node)
    except (yaml.YAMLError, ValueError) as error:
        shown = event.value if len(event.value) <= 40 else f"{event.value[:40]}..."
        raise _problem(line, f"cannot read {shown!r} as {_shown(tag)}: {str(error)[:200]}",
                       "quote the value to keep it as text, without the tag") from None


def _compose(text: str, lines: dict[Location, int] | None) -> Any:
    """Build Python values from YAML events, iteratively, checking depth and expansion."""
    stack: list[_Frame] = []
    anchors: dict[str, tuple[Any, int]] = {}
    documents: list[Any] = []
    written = 0

    def attach(value: Any, size: int, line: int, anchor: str | None) -> None:
        if anchor is not None:
            anchors[anchor] = (value, size)
        if not stack:
            documents.append(value)
            return
        parent = stack[-1]
        parent.size += size
        if isinstance(parent.container, list):
            if lines is not None:
                lines[(*parent.location, len(parent.container))] = line
            parent.container.append(value)
        elif not parent.has_key:
            if isinstance(value, dict | list):
                raise _problem(line, "a key must be plain text, not a list or mapping",
                               "write the key as text")
            if value in parent.container:
                raise _problem(line, f"the key {value!r} appears twice in the same mapping",
                               "keep one of them")
            parent.key, parent.has_key = value, True
            if lines is not None:
                lines[(*parent.location, value)] = line
        else:
            parent.container[parent.key] = value
            parent.has_key = False

    try:
        for event in yaml.parse(text, Loader=YAML_LOADER):
            line = event.start_mark.line + 1 if event.start_mark else 0
            if isinstance(event, yaml.ScalarEvent):
                written += 1
                attach(_scalar(event), 1, line, event.anchor)
            elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                written += 1
                if event.tag is not None and event.tag not in _COLLECTION_TAGS:
                    raise _problem(line, f"the tag {_shown(event.tag)!r} is not allowed here",
                                   "remove the tag: lists and mappings need none")
                if len(stack) >= MAX_DEPTH:
                    raise _problem(line, f"the data nests deeper than {MAX_DEPTH} levels",
                                   "an authoring file needs only a few levels; check indentation")
                location = stack[-1].child_location() if stack else ()
                container: dict[Any, Any] | list[Any] = (
                    {} if isinstance(event, yaml.MappingStartEvent) else [])
                stack.append(_Frame(container, location, line, event.anchor))
            elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                frame = stack.pop()
                attach(frame.container, frame.size, frame.line, frame.anchor)
            elif isinstance(event, yaml.AliasEvent):
                if event.anchor not in anchors:
                    raise _problem(line, f"the alias *{event.anchor} refers to no anchor "
                                   "(or to the mapping it is inside)",
                                   "define '&name' before using '*name'")
                value, size = anchors[event.anchor]
                attach(value, size, line, None)
                total = sum(frame.size for frame in stack) if stack else size
                if total > MAX_EXPANSION * written + _EXPANSION_ALLOWANCE:
                    raise _problem(line, f"aliases expand the document to more than "
                                   f"{MAX_EXPANSION} times its written size (an alias bomb?)",
                                   "write the values out instead of nesting aliases")
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "not valid YAML"
        if "nesting depth" in problem:
            # PyYAML 6.0.4 and later refuse deep nesting in the scanner, before our own check.
            raise _problem(mark.line + 1 if mark else None,
                           f"the data nests deeper than {MAX_DEPTH} levels",
                           "an authoring file needs only a few levels; check indentation"
                           ) from None
        curly = _curly_quotes(text, {m.line + 1 for m in (error.context_mark, mark) if m})
        if curly:
            raise _problem(mark.line + 1 if mark else None,
                           f"YAML syntax error: {problem}; {curly} are not YAML quotes "
                           "(a word processor may have put them in)", _STRAIGHT) from None
        raise _problem(mark.line + 1 if mark else None, f"YAML syntax error: {problem}",
                       "check indentation, colons and quotes around this line") from None
    except yaml.YAMLError as error:
        raise _problem(None, f"YAML syntax error: {error}", "check the file is YAML") from None
    if len(documents) > 1:
        raise _problem(None, f"the file holds {len(documents)} YAML documents (separated by '---')",
                       "keep one document per file")
    return documents[0] if documents else None


#: Typographic quotes, which YAML reads as any other character.
_CURLY_QUOTES: Final = "“”‘’„‚«»"


_STRAIGHT: Final = "write straight quotes, \" or ', around the text"


def _curly_quotes(text: str, pointed: set[int]) -> str:
    """The typographic quotes on the lines a syntax error points to (numbered from 1),
    e.g. ``"“ ”"``, or nothing.

    Example:
        >>> _curly_quotes("id: x" + chr(10) + "label: “Hope: trust”", {2})
        '“ ”'
    """
    lines = text.splitlines()
    found = "".join(lines[line - 1] for line in sorted(pointed) if 0 < line <= len(lines))
    return " ".join(dict.fromkeys(c for c in found if c in _CURLY_QUOTES))


def locator(text: str) -> Callable[[Location], int | None]:
    """The line of a value, by its location in the data, in YAML or JSON ``text``; None
    if it has none. Lines are found by parsing again, only when a message needs them.

    Example:
        >>> locator("id: x" + chr(10) + "revises: [IPT]")(("revises", 0))
        2
    """
    cache: dict[Location, int] | None = None

    def locate(location: Location) -> int | None:
        nonlocal cache
        if cache is None:
            cache = {}
            with contextlib.suppress(InputError):  # the error itself is reported already
                _compose(text, cache)
        for end in range(len(location), 0, -1):
            if location[:end] in cache:
                return cache[location[:end]]
        return None

    return locate


def parse_yaml(text: str) -> Parsed:
    """Parse one YAML document.

    Raises:
        InputError: a syntax error, duplicate key, unknown tag, nesting deeper than
            :data:`MAX_DEPTH`, or aliases that expand more than :data:`MAX_EXPANSION` times.
    """
    return Parsed(_compose(text, None), locator(text))


def _refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _problem(None, f"the key {key!r} appears twice in the same object",
                           "keep one of them")
        result[key] = value
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


def parse_json(text: str) -> Parsed:
    """Parse a JSON document.

    Raises:
        InputError: a syntax error, a duplicate key, nesting deeper than :data:`MAX_DEPTH`,
            or a number with more digits than Python reads.
    """
    try:
        data = json.loads(text, object_pairs_hook=_refuse_duplicates)
    except json.JSONDecodeError as error:
        curly = _curly_quotes(text, {error.lineno})
        if curly:
            raise _problem(error.lineno, f"JSON syntax error: {error.msg} (column "
                           f"{error.colno}); {curly} are not JSON quotes",
                           "write straight double quotes, \", around the text") from None
        raise _problem(error.lineno, f"JSON syntax error: {error.msg} (column {error.colno})",
                       "check commas, brackets and quotes around this line") from None
    except ValueError:  # json reads a number of more digits than the limit as a ValueError
        raise InputError([too_many_digits(json_number_line(text))]) from None
    except RecursionError:
        raise _problem(json_depth_line(text), f"the data nests deeper than {MAX_DEPTH} levels",
                       "an authoring file needs only a few levels") from None
    if _too_deep(data):
        raise _problem(json_depth_line(text), f"the data nests deeper than {MAX_DEPTH} levels",
                       "an authoring file needs only a few levels")
    # JSON is YAML: the YAML reader finds lines for messages, when one is needed.
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
