"""Parsing YAML safely, with the line of every value on demand.

YAML is read by one walk of its event stream (:func:`walk_yaml`), without recursion, so
neither deep nesting nor aliases that expand exponentially ("billion laughs") can exhaust
the stack or memory: both are refused with the line where they happen. Duplicate keys,
which YAML parsers usually let the last one win, are refused too. The walk says whether
the document is *plain* (no anchor, alias or tag: each value written once, as itself), so
that a reader may take a quick road for those and still read every file with one walk.

Values are text as the researcher typed them: ``wave: 1.10`` is ``"1.10"``, not ``1.1``;
``010`` is ``"010"``, not YAML 1.1's octal 8; ``12:30`` is ``"12:30"``, not 750 minutes;
``2024-03-05`` is text that a date field reads as a date; ``yes`` and ``no`` are words.
A plain value is a number only when written as numbers usually are (``7``, ``-2``,
``0.5``), and ``true``/``false`` and ``null``/``~`` keep their meaning. Tags that build
objects (``!!python/...``, ``!!binary``, ``!!set``...) are refused on any value.
"""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

import yaml

from ..exceptions import InputError, Problem

__all__ = ["MAX_DEPTH", "YAML_LOADER", "Location", "Parsed", "curly_quotes", "decoded",
           "locator", "parse_yaml", "plain_value", "problem_at", "walk_yaml"]

#: Deepest nesting an authoring file may have (a real one needs about 6 levels).
MAX_DEPTH: Final = 64
#: Aliases may make a document at most this many times larger than it is written.
MAX_EXPANSION: Final = 10
_EXPANSION_ALLOWANCE: Final = 10_000

#: PyYAML's C loader where it was built with libyaml, else its Python one.
YAML_LOADER: Final = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
Location = tuple[str | int, ...]

_YAML: Final = "tag:yaml.org,2002:"
#: YAML's rules for what a plain value is, by its first character.
_RESOLVERS: Final = yaml.resolver.Resolver.yaml_implicit_resolvers
#: The tags a value may be given: those of JSON's values, and dates. Others build objects.
_SCALAR_TAGS: Final = frozenset(_YAML + name for name in ("str", "int", "float", "bool", "null",
                                                          "timestamp"))
_COLLECTION_TAGS: Final = frozenset({_YAML + "map", _YAML + "seq", "!"})
_USUAL_INTEGER: Final = re.compile(r"-?(?:0|[1-9][0-9]*)")
#: Integers of up to this many digits are read straight away (Python's limit is far above).
_FEW_DIGITS: Final = 18
_BOOLEANS: Final = {"true": True, "True": True, "TRUE": True,
                    "false": False, "False": False, "FALSE": False}


def _tag_of(text: str) -> str | None:
    """The tag YAML resolves a plain ``text`` to, or None for text."""
    return next((tag for tag, pattern in _RESOLVERS.get(text[:1], ()) if pattern.match(text)),
                None)


def plain_value(text: str, tag: str | None) -> Any:
    """The value of a plain (unquoted, untagged) scalar that YAML resolves to ``tag``.

    Text as written, unless it is a number written the usual way, ``true``/``false``
    or null: a wave, a date or an id keeps the form the researcher typed.

    Raises:
        ValueError: an integer with more digits than Python reads
            (:func:`sys.get_int_max_str_digits`).

    Example:
        >>> [plain_value(text, _tag_of(text))
        ...  for text in ("7", "1.10", "0.5", "010", "12:30", "2024-03-05", "yes", "true", "~")]
        [7, '1.10', 0.5, '010', '12:30', '2024-03-05', 'yes', True, None]
    """
    if tag is None:
        return text
    if tag == _YAML + "int":
        if text.isdigit() and (text[0] != "0" or text == "0") and len(text) <= _FEW_DIGITS:
            return int(text)  # the common case (no sign, base or '_'), read straight away
        if _USUAL_INTEGER.fullmatch(text):
            limit = sys.get_int_max_str_digits()
            digits = len(text.lstrip("-"))
            if limit and digits > limit:
                raise ValueError(f"the number has {digits:,} digits, more than the {limit:,} "
                                 "a number may have")
            return int(text)
        return text
    if tag == _YAML + "null":
        return None
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
    """Parsed data, and how to find the line of any value in it.

    ``plain`` is True when every value was written once, as itself (no anchor, alias or
    tag): a reader may then take its quick road.
    """

    data: Any
    locate: Callable[[Location], int | None] = field(default=lambda location: None, repr=False)
    plain: bool = True


def problem_at(line: int | None, message: str, fix: str) -> InputError:
    """The error of one problem at ``line`` (None: the whole file)."""
    return InputError([Problem(f"line {line}" if line else "", message, fix)])


def _shown(tag: str) -> str:
    """A tag as it is usually written: ``!!python/object`` rather than its whole name."""
    return "!!" + tag.removeprefix(_YAML) if tag.startswith(_YAML) else tag


def _scalar(event: yaml.ScalarEvent) -> Any:
    """The value of a scalar: by :func:`plain_value`'s rules, or by its tag."""
    tag, value = event.tag, event.value
    if tag is None or tag == "!":
        tag = _tag_of(value) if event.implicit[0] else None
        if tag is not None and tag.endswith(":merge"):
            raise problem_at(_line(event), "merge keys ('<<') are not supported",
                           "write the values out in full")
        try:
            return plain_value(value, tag)
        except ValueError as error:
            raise problem_at(_line(event), str(error),
                           "quote the value to keep it as text") from None
    if tag not in _SCALAR_TAGS:
        raise problem_at(_line(event), f"the tag {_shown(tag)!r} is not allowed here",
                       "remove the tag: plain values need none")
    node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)
    try:
        return _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, node)
    except (yaml.YAMLError, ValueError) as error:
        shown = value if len(value) <= 40 else f"{value[:40]}..."
        raise problem_at(_line(event), f"cannot read {shown!r} as {_shown(tag)}: "
                       f"{str(error)[:200]}",
                       "quote the value to keep it as text, without the tag") from None


def _line(event: yaml.Event) -> int:
    return event.start_mark.line + 1 if event.start_mark else 0


_NO_KEY: Final[Any] = object()
_MAPPING_START, _SEQUENCE_START = yaml.MappingStartEvent, yaml.SequenceStartEvent
_ENDS: Final = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def walk_yaml(text: str | bytes, lines: dict[Location, int] | None = None) -> Parsed:
    """The values of one YAML document, built from PyYAML's event stream without recursion.

    Args:
        text: the document (bytes are read as UTF-8).
        lines: when given, filled with the line of every value and key, by its location.

    Returns:
        the data, ``plain`` saying whether it has no anchor, alias or tag (no lines:
        see :func:`locator`).

    Raises:
        InputError: a syntax error, duplicate key, unknown tag, nesting deeper than
            :data:`MAX_DEPTH`, aliases that expand more than :data:`MAX_EXPANSION` times,
            or several documents.

    Example:
        >>> walk_yaml("a: [1.10, 7]")
        Parsed(data={'a': ['1.10', 7]}, plain=True)
        >>> walk_yaml("a: &x [1]" + chr(10) + "b: *x").plain
        False
    """
    containers: list[Any] = []
    keys: list[Any] = []
    starts: list[int] = []  # the line each open container starts on
    places: list[Location] = []  # where each open container sits (when lines are kept)
    anchored: dict[int, tuple[str, int]] = {}  # depth: the anchor, and the count before it
    anchors: dict[str, tuple[Any, int]] = {}  # each anchor's value, and its size
    documents: list[Any] = []
    names: dict[str, str] = {}  # one object per key, as json's
    written = 0  # values written (aliases not counted)
    count = 0  # values of the open document, aliases expanded
    plain = True
    try:
        for event in yaml.parse(text, Loader=YAML_LOADER):
            kind = type(event)
            if kind is yaml.ScalarEvent:
                written += 1
                count += 1
                value: Any = event.value
                if event.anchor is not None or event.tag is not None:
                    plain = False
                    value = _scalar(event)
                    if event.anchor is not None:
                        anchors[event.anchor] = (value, 1)
                elif event.implicit[0] and value[:1] in _RESOLVERS:  # perhaps not text
                    value = _scalar(event)
                line = 0
            elif kind is _MAPPING_START or kind is _SEQUENCE_START:
                written += 1
                count += 1
                line = _line(event)
                if event.anchor is not None or event.tag is not None:
                    plain = False
                    if event.tag is not None and event.tag not in _COLLECTION_TAGS:
                        raise problem_at(line, f"the tag {_shown(event.tag)!r} is not allowed "
                                       "here", "remove the tag: lists and mappings need none")
                    if event.anchor is not None:
                        anchored[len(containers)] = (event.anchor, count - 1)
                if len(containers) >= MAX_DEPTH:
                    raise problem_at(line, f"the data nests deeper than {MAX_DEPTH} levels",
                                   "an authoring file needs only a few levels; check indentation")
                if lines is not None:
                    places.append(_child_location(containers, keys, places))
                containers.append({} if kind is _MAPPING_START else [])
                keys.append(_NO_KEY)
                starts.append(line)
                continue
            elif kind in _ENDS:
                keys.pop()
                value = containers.pop()
                line = starts.pop()
                if lines is not None:
                    places.pop()
                if anchored and len(containers) in anchored:
                    name, before = anchored.pop(len(containers))
                    anchors[name] = (value, count - before)
            elif kind is yaml.AliasEvent:
                plain = False
                line = _line(event)
                if event.anchor not in anchors:
                    raise problem_at(line, f"the alias *{event.anchor} refers to no anchor "
                                   "(or to the mapping it is inside)",
                                   "define '&name' before using '*name'")
                value, size = anchors[event.anchor]
                count += size
                if (count if containers else size) > (
                        MAX_EXPANSION * written + _EXPANSION_ALLOWANCE):
                    raise problem_at(line, f"aliases expand the document to more than "
                                   f"{MAX_EXPANSION} times its written size (an alias bomb?)",
                                   "write the values out instead of nesting aliases")
            else:
                continue  # stream and document boundaries
            if not containers:
                documents.append(value)
                count = 0
                continue
            parent = containers[-1]
            if type(parent) is list:
                if lines is not None:
                    lines[(*places[-1], len(parent))] = line or _line(event)
                parent.append(value)
            elif keys[-1] is _NO_KEY:
                if type(value) is dict or type(value) is list:
                    raise problem_at(line or _line(event), "a key must be plain text, not a "
                                   "list or mapping", "write the key as text")
                if value in parent:
                    raise problem_at(line or _line(event), f"the key {value!r} appears twice "
                                   "in the same mapping", "keep one of them")
                if type(value) is str:
                    value = names.setdefault(value, value)
                keys[-1] = value
                if lines is not None:
                    lines[(*places[-1], value)] = line or _line(event)
            else:
                parent[keys[-1]] = value
                keys[-1] = _NO_KEY
    except yaml.MarkedYAMLError as error:
        raise _syntax_error(text, error) from None
    except yaml.YAMLError as error:
        raise problem_at(None, f"YAML syntax error: {error}", "check the file is YAML") from None
    if len(documents) > 1:
        raise problem_at(None, f"the file holds {len(documents)} YAML documents (separated by '---')",
                       "keep one document per file")
    return Parsed(documents[0] if documents else None, plain=plain)


def _child_location(containers: list[Any], keys: list[Any], places: list[Location]) -> Location:
    """Where a value that starts now sits: the next item, or the value of the key."""
    if not containers:
        return ()
    if type(containers[-1]) is list:
        return (*places[-1], len(containers[-1]))
    return places[-1] if keys[-1] is _NO_KEY else (*places[-1], keys[-1])


def _syntax_error(text: str | bytes, error: yaml.MarkedYAMLError) -> InputError:
    mark = error.problem_mark or error.context_mark
    problem = error.problem or error.context or "not valid YAML"
    line = mark.line + 1 if mark else None
    if "nesting depth" in problem:
        # PyYAML 6.0.4 and later refuse deep nesting in the scanner, before our own check.
        return problem_at(line, f"the data nests deeper than {MAX_DEPTH} levels",
                        "an authoring file needs only a few levels; check indentation")
    curly = curly_quotes(decoded(text), {m.line + 1 for m in (error.context_mark, mark) if m})
    if curly:
        return problem_at(line, f"YAML syntax error: {problem}; {curly} are not YAML quotes "
                        "(a word processor may have put them in)", _STRAIGHT)
    return problem_at(line, f"YAML syntax error: {problem}",
                    "check indentation, colons and quotes around this line")


def decoded(text: str | bytes) -> str:
    """``text`` as text (bytes are UTF-8)."""
    return text if isinstance(text, str) else text.decode("utf-8", errors="replace")


#: Typographic quotes, which YAML reads as any other character.
_CURLY_QUOTES: Final = "“”‘’„‚«»"


_STRAIGHT: Final = "write straight quotes, \" or ', around the text"


def curly_quotes(text: str, pointed: set[int]) -> str:
    """The typographic quotes on the lines a syntax error points to (numbered from 1),
    e.g. ``"“ ”"``, or nothing.

    Example:
        >>> curly_quotes("id: x" + chr(10) + "label: “Hope: trust”", {2})
        '“ ”'
    """
    lines = text.splitlines()
    found = "".join(lines[line - 1] for line in sorted(pointed) if 0 < line <= len(lines))
    return " ".join(dict.fromkeys(c for c in found if c in _CURLY_QUOTES))


def locator(text: str | bytes) -> Callable[[Location], int | None]:
    """The line of a value, by its location in the data, in YAML or JSON ``text`` (JSON is
    YAML); None
    if it has none. Lines are found by walking the text again, only when a message needs
    them.

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
                walk_yaml(text, cache)
        for end in range(len(location), 0, -1):
            if location[:end] in cache:
                return cache[location[:end]]
        return None

    return locate


def parse_yaml(text: str | bytes) -> Parsed:
    """Parse one YAML document (:func:`walk_yaml`), with the line of each value on demand.

    Raises:
        InputError: as :func:`walk_yaml`.
    """
    parsed = walk_yaml(text)
    parsed.locate = locator(text)
    return parsed

