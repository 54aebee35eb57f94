"""Parsing YAML and JSON safely, with the line of every value on demand.

YAML is parsed from its event stream without recursion, so neither deep nesting nor
aliases that expand exponentially ("billion laughs") can exhaust the stack or memory:
both are refused with the line where they happen. Duplicate keys, which YAML parsers
usually let the last one win, are refused too.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

import yaml

from ..exceptions import InputError, Problem

__all__ = ["MAX_DEPTH", "YAML_LOADER", "Parsed", "parse_json", "parse_yaml"]

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


def _scalar(event: yaml.ScalarEvent) -> Any:
    tag = event.tag
    if tag is None or tag == "!":
        tag = _RESOLVER.resolve(yaml.ScalarNode, event.value, event.implicit)
    construct = _CONSTRUCTOR.yaml_constructors.get(tag)
    if tag.endswith(":merge"):
        raise _problem(event.start_mark.line + 1, "merge keys ('<<') are not supported",
                       "write the values out in full")
    if construct is None:
        raise _problem(event.start_mark.line + 1, f"the tag {tag!r} is not allowed here",
                       "remove the tag: plain values need none")
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    try:
        return construct(_CONSTRUCTOR, node)
    except (yaml.YAMLError, ValueError) as error:
        raise _problem(event.start_mark.line + 1, f"cannot read {event.value!r} as {tag}: {error}",
                       "quote the value to keep it as text") from None


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
        raise _problem(mark.line + 1 if mark else None, f"YAML syntax error: {problem}",
                       "check indentation, colons and quotes around this line") from None
    except yaml.YAMLError as error:
        raise _problem(None, f"YAML syntax error: {error}", "check the file is YAML") from None
    if len(documents) > 1:
        raise _problem(None, f"the file holds {len(documents)} YAML documents (separated by '---')",
                       "keep one document per file")
    return documents[0] if documents else None


def _locator(text: str) -> Callable[[Location], int | None]:
    """Find lines by parsing again, only when an error needs them."""
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
    return Parsed(_compose(text, None), _locator(text))


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


def parse_json(text: str) -> Parsed:
    """Parse a JSON document.

    Raises:
        InputError: a syntax error, a duplicate key, or nesting deeper than :data:`MAX_DEPTH`.
    """
    try:
        data = json.loads(text, object_pairs_hook=_refuse_duplicates)
    except json.JSONDecodeError as error:
        raise _problem(error.lineno, f"JSON syntax error: {error.msg} (column {error.colno})",
                       "check commas, brackets and quotes around this line") from None
    except RecursionError:
        raise _problem(json_depth_line(text), f"the data nests deeper than {MAX_DEPTH} levels",
                       "an authoring file needs only a few levels") from None
    if _too_deep(data):
        raise _problem(json_depth_line(text), f"the data nests deeper than {MAX_DEPTH} levels",
                       "an authoring file needs only a few levels")
    # JSON is YAML: the YAML reader finds lines for messages, when one is needed.
    return Parsed(data, _locator(text))


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
