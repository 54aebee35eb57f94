"""The problems of an authoring document, each named by its line, id and field.

:class:`Reader` collects them while :mod:`cmo.authoring.reading` makes the models, and
explains pydantic's errors in the researcher's words: an unknown field with a did-you-mean,
a missing one, a misspelt half of a mechanism, without the errors that only follow from
another (a field missing because it is misspelt).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Final

from pydantic import BaseModel, ValidationError

from .._helpers.labels import did_you_mean
from .._helpers.yaml_text import Location, Parsed
from ..exceptions import InputError, Problem
from ..models import (
    AlternativeMechanism,
    Appraisal,
    AppraisalScales,
    Code,
    Codebook,
    CodeSet,
    Context,
    InferenceStep,
    Judgement,
    Mechanism,
    MiddleRangeTheory,
    Retroduction,
    Source,
)
from ..models.appraisal import APPRAISAL_DIMENSIONS
from ..models.labels import normalise_label
from .document import ConfigurationEntry, Document, EvidenceEntry, ExcerptEntry

__all__ = ["EMPTY_APPRAISAL", "EMPTY_MECHANISM", "Reader", "value_at"]

_SINGULAR: Final = {"sources": "source", "excerpts": "excerpt", "elements": "element",
                    "configurations": "configuration", "evidence": "evidence",
                    "codes": "code", "sets": "code set", "steps": "step",
                    "alternatives": "alternative mechanism",
                    **dict.fromkeys(APPRAISAL_DIMENSIONS, "level")}
_KNOWN_FIELDS: Final = frozenset(
    name for model in (Document, Source, ExcerptEntry, ConfigurationEntry, EvidenceEntry,
                       Context, Mechanism, MiddleRangeTheory, Codebook, Code, CodeSet,
                       AppraisalScales, Appraisal, Judgement, Retroduction, InferenceStep,
                       AlternativeMechanism)
    for name in model.model_fields) | {"$schema"}


def _describe(data: Any, location: Location) -> str:
    """``configuration 'hope', evidence 2, field 'stance'`` for a location in the data."""
    parts: list[str] = []
    node, parent = data, ""
    for number, step in enumerate(location, start=1):
        if isinstance(step, int) and isinstance(node, list) and step < len(node):
            node = node[step]
            name = _SINGULAR.get(parent, parent.rstrip("s") or "item")
            ident = node.get("id") if isinstance(node, dict) else None
            parts.append(f"{name} {ident!r}" if isinstance(ident, str) else f"{name} {step + 1}")
        elif isinstance(node, dict) and step in node:
            node, parent = node[step], str(step)
            if not isinstance(node, list) or number == len(location):  # a list of entries
                parts.append(f"field {step!r}")
        else:
            parts.append(f"field {step!r}")
            break
    return ", ".join(parts)


class Reader:
    """Turns parsed data into a collection, collecting problems as it goes: each named by
    its line, the id of the entry it is in and its field, in the order of their lines."""

    def __init__(self, parsed: Parsed) -> None:
        self.parsed = parsed
        self.problems: list[Problem] = []
        self.lines: list[int | None] = []
        self.inline: dict[tuple[str, str], Any] = {}

    def problem(self, location: Location, message: str, fix: str | None = None) -> None:
        line = self.parsed.locate(location)
        where = _describe(self.parsed.data, location)
        place = ", ".join(part for part in (f"line {line}" if line else "", where) if part)
        self.problems.append(Problem(place, message, fix))
        self.lines.append(line)

    def error(self) -> InputError:
        """Every problem found, in the order of their lines (those of no line last)."""
        order = sorted(range(len(self.problems)),
                       key=lambda index: (self.lines[index] is None, self.lines[index] or 0))
        return InputError([self.problems[index] for index in order])

    def validation_problems(self, error: ValidationError, at: Location = ()) -> None:
        found: dict[Location, list[tuple[str, str | None, Any]]] = {}
        for item in error.errors(include_url=False):
            location, written = _in_data(self.parsed.data, at, item["loc"])
            if written is _NOT_WRITTEN:
                continue
            value = value_at(self.parsed.data, location)
            if item["type"] == "value_error" and location[-1:] == ("appraisal",) and value == {}:
                found.setdefault(location, []).append((*EMPTY_APPRAISAL, location))
                continue
            if item["type"] == "value_error" and location == ("appraisal_scales",):
                for problem in _levels_named_twice(value):
                    found.setdefault(location, []).append(problem)
                if found.get(location):
                    continue
            if _is_mechanism_without_halves(item, location, value) and not value:
                found.setdefault(location, []).append((*EMPTY_MECHANISM, location))
                continue
            halves = [half for half in ("resource", "reasoning")
                      if isinstance(value, dict) and half in value
                      and not isinstance(value[half], str)]
            if _is_mechanism(item, location, value) and halves:
                for half in halves:
                    found.setdefault(location, []).append(
                        (f"the mechanism's {half} must be text", "write it as text, in quotes if it "
                         "looks like a number", (*location, half)))
                continue
            if _is_mechanism_without_halves(item, location, value) and not (
                    value.keys() <= _MECHANISM_FIELDS):
                # The mechanism's halves are missing because they are misspelt: say so.
                for key in sorted(set(value) - _MECHANISM_FIELDS, key=str):
                    fix = did_you_mean(str(key), _MECHANISM_FIELDS) or "remove it"
                    found.setdefault(location, []).append(
                        (f"unknown field {key!r}", fix, (*location, key)))
                continue
            place = location[:-1] if item["type"] in {"missing", "extra_forbidden"} else location
            found.setdefault(place, []).append((*_explain(item), location))
        if not found:  # every error was of a member not written: say the first one plainly
            item = error.errors(include_url=False)[0]
            location, _ = _in_data(self.parsed.data, at, item["loc"])
            found[location] = [(*_explain(item), location)]
        for problems in found.values():
            for message, fix, location in _without_consequences(problems):
                self.problem(location, message, fix)

    def build(self, model: type[BaseModel], at: Location, **values: Any) -> Any:
        try:
            return model(**values)
        except ValidationError as error:
            self.validation_problems(error, at)
            return None

    def unique(self, entries: Sequence[Any], field: str, positions: Sequence[int],
               key: Callable[[Any], Any] = lambda entry: entry.id) -> dict[Any, Any]:
        found: dict[Any, Any] = {}
        for index, entry in zip(positions, entries, strict=True):
            if key(entry) in found:
                self.problem((field, index, "id"), f"the id {entry.id!r} is used twice",
                             f"give each {_SINGULAR[field]} its own id")
            found.setdefault(key(entry), entry)
        return found

    def same_as_before(self, element: Any, at: Location) -> Any:
        """An element written inline again (perhaps spelt differently) is the first one."""
        key = (element.kind, element.id)
        first = self.inline.setdefault(key, element)
        if first is element or first == element:
            return first
        if normalise_label(first.label) == normalise_label(element.label):
            return first
        self.problem(at, f"the id {element.id!r} is already used by a different {element.kind}",
                     "give this one another id")
        return None

    def reference(self, known: dict[str, Any], name: str, location: Location, what: str,
                  lost: set[str]) -> Any:
        """The value ``name`` refers to; None, and a problem unless it is one of ``lost``
        (declared, but reported where it is declared)."""
        if name in known or name in lost:
            return known.get(name)
        fix = did_you_mean(name, {*known, *lost}) or f"declare it under '{what}s'"
        self.problem(location, f"no {what} has the id {name!r}", fix)
        return None


_NOT_WRITTEN: Final = object()
#: The message and fix of 'mechanism:' written with nothing after it.
EMPTY_MECHANISM: Final = (
    "the mechanism is empty", "write its resource and/or reasoning below it, or remove the "
    "line 'mechanism:' if the mechanism is not known yet")
_MECHANISM_FIELDS: Final = frozenset(Mechanism.model_fields)
#: The message and fix of 'appraisal:' written with nothing in it.
EMPTY_APPRAISAL: Final = (
    "the appraisal is empty", "judge its relevance, rigour or richness below it, or remove "
    "the line 'appraisal:' if it is not judged yet")


def _levels_named_twice(scales: Any) -> list[tuple[str, str | None, Location]]:
    """A problem for each level a declared scale names again, where it names it again."""
    problems: list[tuple[str, str | None, Location]] = []
    for dimension, levels in scales.items() if isinstance(scales, dict) else ():
        seen: set[str] = set()
        for index, level in enumerate(levels if isinstance(levels, list) else ()):
            if not isinstance(level, str):
                continue
            if level in seen:
                problems.append((f"the {dimension} scale names the level {level!r} twice",
                                 "name each level once, highest first",
                                 ("appraisal_scales", dimension, index)))
            seen.add(level)
    return problems


def _is_member(step: str | int, node: Any) -> bool:
    """Whether a step of a pydantic location names a union member, not a place in the data.

    pydantic adds the names of union members (``str``, ``Context``, a tag such as
    ``context``) and of validators to locations.
    """
    if (isinstance(step, int) and isinstance(node, list)) or (
            isinstance(node, dict) and step in node):
        return False
    if isinstance(node, dict) and step == node.get("kind"):
        return True  # the tag of a tagged union (an element's kind)
    return isinstance(step, str) and (step[:1].isupper() or step in {"str", "none"}
                                      or "[" in step or step.startswith("function-"))


def _in_data(data: Any, at: Location, raw: tuple[str | int, ...]) -> tuple[Location, Any]:
    """Where a pydantic error sits in the data, and what was written where it chose a
    union member (``_NOT_WRITTEN`` when the error is of a member that does not match what
    was written: text where a mapping was written, or the other way round)."""
    node = value_at(data, at)
    location: list[str | int] = list(at)
    for step in raw:
        if _is_member(step, node):
            if (step == "str") == isinstance(node, dict):
                return tuple(location), _NOT_WRITTEN
            continue
        location.append(step)
        node = value_at(node, (step,))
    return tuple(location), node


def value_at(data: Any, location: Location) -> Any:
    """What is written at ``location`` in ``data``; None if nothing is.

    Example:
        >>> value_at({"configurations": [{"id": "hope"}]}, ("configurations", 0, "id"))
        'hope'
    """
    for step in location:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _is_mechanism(item: Any, location: Location, value: Any) -> bool:
    """Whether an error is the mechanism's own check of a mechanism written as a mapping."""
    return (item["type"] == "value_error" and isinstance(value, dict)
            and (location[-1:] == ("mechanism",) or value.get("kind") == "mechanism"))


def _is_mechanism_without_halves(item: Any, location: Location, value: Any) -> bool:
    """Whether an error is of a mechanism written as a mapping with neither half."""
    return _is_mechanism(item, location, value) and not value.keys() & {"resource", "reasoning"}


def _without_consequences(
        problems: list[tuple[str, str | None, Location]]) -> list[tuple[str, str | None, Location]]:
    """The problems of one mapping, less those that follow from another: a field reported
    missing because it is misspelt (the unknown field's did-you-mean names it), and a
    missing id when the label it would be made from is missing too."""
    meant = {fix for message, fix, _ in problems if message.startswith("unknown field")}
    missing = {location[-1] for message, _, location in problems
               if message == "is required but missing"}
    return [(message, fix, location) for message, fix, location in problems
            if message != "is required but missing" or not (
                f"did you mean {location[-1]!r}?" in meant
                or (location[-1] == "id" and "label" in missing))]


def _explain(item: Any) -> tuple[str, str | None]:
    kind, location = item["type"], item["loc"]
    field = str(location[-1]) if location else ""
    if kind == "extra_forbidden":
        fix = did_you_mean(field, _KNOWN_FIELDS) or "remove it"
        return f"unknown field {field!r}", fix
    if kind == "missing":
        return "is required but missing", f"add '{field}'"
    if kind == "literal_error":
        expected = item.get("ctx", {}).get("expected", "")
        return f"{item['input']!r} is not allowed", f"use one of: {expected}"
    if kind == "string_pattern_mismatch" and field in {"id", "source", "excerpt"}:
        return (f"{item['input']!r} is not a valid id",
                "use letters, digits, '_', '.' and '-', with no spaces")
    message = str(item["msg"]).removeprefix("Value error, ")
    return message[:1].lower() + message[1:], None
