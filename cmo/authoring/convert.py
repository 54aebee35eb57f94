"""Between the authoring format and the models: resolve references, report every problem.

Reading collects every problem (unknown fields with a did-you-mean, duplicate ids,
references to missing sources, excerpts and elements, invalid values) and raises one
:class:`~cmo.exceptions.InputError` naming the line, the id and the field of each.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Final

from pydantic import BaseModel, ValidationError

from .._helpers.labels import did_you_mean
from ..exceptions import InputError, Problem
from ..models import (
    Code,
    Codebook,
    CodeSet,
    Collection,
    Configuration,
    Context,
    Evidence,
    Excerpt,
    Mechanism,
    MiddleRangeTheory,
    Source,
)
from ..models.collection import HEADER_FIELDS
from ..models.configuration import SLOT_MODELS
from ..models.labels import normalise_label
from .document import ConfigurationEntry, Document, EvidenceEntry, ExcerptEntry
from .parsing import Location, Parsed

__all__ = ["collection_to_data", "data_to_collection"]

_SINGULAR: Final = {"sources": "source", "excerpts": "excerpt", "elements": "element",
                    "configurations": "configuration", "evidence": "evidence",
                    "codes": "code", "sets": "code set"}
_KNOWN_FIELDS: Final = frozenset(
    name for model in (Document, Source, ExcerptEntry, ConfigurationEntry, EvidenceEntry,
                       Context, Mechanism, MiddleRangeTheory, Codebook, Code, CodeSet)
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


class _Reader:
    """Turns parsed data into a collection, collecting problems as it goes."""

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
            value = _value_at(self.parsed.data, location)
            if _is_mechanism_without_halves(item, location, value) and not value:
                found.setdefault(location, []).append((*_EMPTY_MECHANISM, location))
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
_EMPTY_MECHANISM: Final = (
    "the mechanism is empty", "write its resource and/or reasoning below it, or remove the "
    "line 'mechanism:' if the mechanism is not known yet")
_MECHANISM_FIELDS: Final = frozenset(Mechanism.model_fields)


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
    node = _value_at(data, at)
    location: list[str | int] = list(at)
    for step in raw:
        if _is_member(step, node):
            if (step == "str") == isinstance(node, dict):
                return tuple(location), _NOT_WRITTEN
            continue
        location.append(step)
        node = _value_at(node, (step,))
    return tuple(location), node


def _value_at(data: Any, location: Location) -> Any:
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


def data_to_collection(parsed: Parsed) -> Collection:
    """Build a collection from parsed authoring data.

    Raises:
        InputError: every problem found, with its line, id and field.
    """
    reader = _Reader(parsed)
    if not isinstance(parsed.data, dict):
        found = type(parsed.data).__name__ if parsed.data is not None else "nothing"
        reader.problem((), f"expected a mapping with 'configurations', found {found}",
                       "see docs/format.md for the layout")
        raise reader.error()
    read = _readable(reader)
    document, positions, lost = read.document, read.positions, read.lost
    sources = reader.unique(document.sources, "sources", positions["sources"])
    excerpts: dict[str, Excerpt] = {}
    for index, entry in zip(positions["excerpts"], document.excerpts, strict=True):
        at = ("excerpts", index)
        source = reader.reference(sources, entry.source, (*at, "source"), "source",
                                  lost["sources"])
        values = {**dict(entry), "source": source}
        if source is not None and entry.id not in excerpts:
            excerpt = reader.build(Excerpt, at, **values)
            if excerpt is not None:
                excerpts[entry.id] = excerpt
    reader.unique(document.excerpts, "excerpts", positions["excerpts"])
    broken = {entry.id for entry in document.excerpts} - set(excerpts) | lost["excerpts"]
    declared = reader.unique(document.elements, "elements", positions["elements"],
                             key=lambda e: (e.kind, e.id))
    by_id: dict[str, list[Any]] = {}
    for element in declared.values():
        by_id.setdefault(element.id, []).append(element)
    by_id.update({name: [] for name in lost["elements"] if name not in by_id})
    for index, element in zip(positions["elements"], document.elements, strict=True):
        kinds = {e.kind for e in by_id[element.id]}
        if len(kinds) > 1 and (kinds != {"context", "outcome"} or len(
                {(e.label, e.description, frozenset(e.aliases)) for e in by_id[element.id]}) > 1):
            reader.problem(("elements", index, "id"), f"the id {element.id!r} is used twice",
                           "only a context and an outcome with the same label may share an id")

    reader.inline.update(declared)
    configurations = [
        _configuration(reader, entry, ("configurations", index), by_id, excerpts, broken,
                       make=index not in read.unmade)
        for index, entry in zip(positions["configurations"], document.configurations, strict=True)
    ]
    reader.unique(document.configurations, "configurations", positions["configurations"])
    numbers: dict[int, str] = {}  # a display number ("CMOC 7") names one configuration
    for index, entry in zip(positions["configurations"], document.configurations, strict=True):
        if entry.number is not None and numbers.setdefault(entry.number, entry.id) != entry.id:
            reader.problem(("configurations", index, "number"), f"configuration "
                           f"{numbers[entry.number]!r} has the number {entry.number} already",
                           "give each configuration its own number, or leave numbers out: "
                           "they are then given in order")
            configurations = [c.replaced(number=None) if c is not None and c.id == entry.id
                              else c for c in configurations]  # reported once, here
    # Made of what could be read, to report the problems of the whole with the others'.
    collection = reader.build(
        Collection, (), **{name: getattr(document, name) for name in HEADER_FIELDS},
        theories=document.theories, sources=tuple(sources.values()),
        excerpts=tuple(excerpts.values()), elements=tuple(declared.values()),
        configurations=tuple(c for c in configurations if c is not None),
        codebook=document.codebook or Codebook())
    if reader.problems:
        raise reader.error()
    return collection


_SECTIONS: Final = ("theories", "sources", "excerpts", "elements", "configurations")
#: Times the document is read again, less what could not be read, to find the rest.
_ROUNDS: Final = 3


@dataclass
class _Readable:
    """What could be read of a document, and where each entry of a section was written."""

    document: Document
    #: The index in the file of each entry of a section.
    positions: dict[str, list[int]]
    #: The ids of entries of a section that could not be read (and were reported).
    lost: dict[str, set[str]]
    #: The index in the file of each configuration read without some of its fields.
    unmade: set[int]


def _readable(reader: _Reader) -> _Readable:
    """The document, less the entries and fields that cannot be read, each reported.

    The file is read again without them, so that every problem in it, of values,
    references and derivations alike, is reported in one run. A configuration read without
    some of its fields has its references checked but is not made.
    """
    data: dict[str, Any] = dict(reader.parsed.data)
    positions = {section: list(range(len(data[section])))
                 if isinstance(data.get(section), list) else [] for section in _SECTIONS}
    read = _Readable(Document(), positions, {section: set() for section in _SECTIONS}, set())
    for round_ in range(_ROUNDS):
        try:
            read.document = Document.model_validate(data)
        except ValidationError as error:
            if round_ == 0:
                reader.validation_problems(error)
            data = _without(data, error, read, fields=round_ == 0)
            continue
        return read
    raise reader.error()


def _without(data: dict[str, Any], error: ValidationError, read: _Readable, *,
             fields: bool) -> dict[str, Any]:
    """A copy of ``data`` less what ``error`` is about: a top-level value, an entry of a
    section or (if ``fields``) a field of a configuration, which is then not to be made."""
    data = {key: list(value) if key in _SECTIONS and isinstance(value, list) else value
            for key, value in data.items()}
    entries: dict[str, set[int]] = {}
    for item in error.errors(include_url=False):
        head, *rest = item["loc"] or ("",)
        section = data.get(head)
        if head not in _SECTIONS or not isinstance(section, list) or not rest or not (
                isinstance(rest[0], int) and rest[0] < len(section)):
            data.pop(str(head), None)
            continue
        entry = section[rest[0]]
        if fields and head == "configurations" and len(rest) > 1 and isinstance(entry, dict):
            cited = _value_at(entry, rest[1:3])
            if rest[1] == "evidence" and isinstance(cited, dict):
                # A stand-in for the piece of evidence, to check the excerpt it names.
                evidence = list(entry["evidence"])
                evidence[rest[2]] = {"excerpt": cited.get("excerpt"), "stance": "supports"}
                section[rest[0]] = {**entry, "evidence": evidence}
            else:
                section[rest[0]] = {key: value for key, value in entry.items() if key != rest[1]}
            read.unmade.add(read.positions[head][rest[0]])
        else:
            entries.setdefault(head, set()).add(rest[0])
    for head, dropped in entries.items():
        section = data[head]
        read.lost[head].update(entry["id"] for index, entry in enumerate(section)
                               if index in dropped and isinstance(entry, dict)
                               and isinstance(entry.get("id"), str))
        read.positions[head] = [place for index, place in enumerate(read.positions[head])
                                if index not in dropped]
        data[head] = [entry for index, entry in enumerate(section) if index not in dropped]
    return data


def _configuration(reader: _Reader, entry: Any, at: Location, declared: dict[str, list[Any]],
                   excerpts: dict[str, Excerpt], broken: set[str], *, make: bool) -> Any:
    """The configuration ``entry`` describes, its references checked; None if a problem
    was reported, or if not ``make`` (some of its fields could not be read)."""
    values = dict(entry)
    for slot, model in SLOT_MODELS.items():
        values[slot] = tuple(
            _element(reader, item, model, (*at, slot, index), declared)
            for index, item in enumerate(getattr(entry, slot)))
    mechanism = entry.mechanism
    if "mechanism" in entry.model_fields_set and not (
            mechanism.strip() if isinstance(mechanism, str) else mechanism):
        # 'mechanism:' with nothing after it is a slip, not "no mechanism yet".
        reader.problem((*at, "mechanism"), *_EMPTY_MECHANISM)
        mechanism, values["mechanism"] = "", None  # reported: the configuration is not made
    elif isinstance(mechanism, str):
        values["mechanism"] = _element(reader, mechanism, Mechanism, (*at, "mechanism"),
                                       declared)
    evidence = []
    for index, cited in enumerate(entry.evidence):
        # An excerpt that is declared but broken has been reported where it is declared.
        excerpt = reader.reference(excerpts, cited.excerpt, (*at, "evidence", index, "excerpt"),
                                   "excerpt", broken)
        evidence.append(Evidence(excerpt=excerpt, stance=cited.stance, note=cited.note)
                        if excerpt is not None else None)
    values["evidence"] = tuple(evidence)
    if not make or any(v is None for slot in (*SLOT_MODELS, "evidence") for v in values[slot]) or (
            mechanism is not None and values["mechanism"] is None):
        return None
    return reader.build(Configuration, at, **values)


def _element(reader: _Reader, item: Any, model: type[Any], at: Location,
             declared: dict[str, list[Any]]) -> Any:
    if not isinstance(item, str):
        return reader.same_as_before(item, at)
    if any(character.isspace() for character in item):
        if model is Mechanism:
            # Which half the sentence is cannot be guessed: the researcher says.
            reader.problem(at, "a mechanism written as text does not say whether it is what "
                               "the programme offers or how people respond",
                           "write it as 'mechanism: {reasoning: ...}' (how people respond), "
                           "'{resource: ...}' (what the programme offers), or both")
            return None
        inline = reader.build(model, at, label=item)
        return None if inline is None else reader.same_as_before(inline, at)
    kind = model.model_fields["kind"].default
    candidates = declared.get(item)
    if item in declared and not candidates:
        return None  # declared, but not readable: reported where it is declared
    if not candidates:
        reader.problem(at, f"no element has the id {item!r}", did_you_mean(item, declared)
                       or f"declare it under 'elements', or write a one-word label as "
                       f"{{label: {item}}}")
        return None
    chosen = next((c for c in candidates if c.kind == kind), None)
    if chosen is None and kind in {"context", "outcome"}:
        other = next((c for c in candidates if c.kind in {"context", "outcome"}), None)
        if other is not None:  # an outcome used as a context: a chain
            return model(id=other.id, label=other.label, description=other.description,
                         aliases=other.aliases)
    if chosen is None:
        reader.problem(at, f"{item!r} is a {candidates[0].kind}, not a {kind}",
                       f"use a {kind} here")
    return chosen


def _dump(value: BaseModel, **replaced: Any) -> dict[str, Any]:
    """The fields of ``value`` that were said (not None, empty or the default), in the
    model's order, with ``replaced`` standing in for some (a nested value by its id)."""
    data = _dump_flat(value, replaced)
    if data is not None:
        return data
    data = value.model_dump(mode="json", exclude_none=True, exclude_defaults=True,
                            exclude=set(replaced))
    data.update(replaced)
    ordered = [name for name in type(value).model_fields if name in data]
    return {key: data[key] for key in ordered if data[key] not in ((), [], None)}


_FLAT: Final = (str, int, float)
_REQUIRED: Final = object()


@functools.cache
def _defaults(model: type[BaseModel]) -> tuple[tuple[str, Any], ...]:
    """Each field of ``model`` in order, with its default (or a marker: it has none)."""
    return tuple((name, _REQUIRED if field.is_required() else field.default)
                 for name, field in model.model_fields.items())


def _dump_flat(value: BaseModel, replaced: dict[str, Any]) -> dict[str, Any] | None:
    """:func:`_dump` read straight off a value whose fields are all text, numbers or tuples
    of them (evidence links and excerpts: millions in a large theory), which pydantic's
    JSON dump would give back unchanged (tuples as lists); None for any other value."""
    data: dict[str, Any] = {}
    fields = value.__dict__
    for name, default in _defaults(type(value)):
        item = replaced[name] if name in replaced else fields[name]
        if item is None or item == () or item == [] or (
                name not in replaced and default is not _REQUIRED and item == default):
            continue
        if isinstance(item, tuple):
            if not all(type(part) in _FLAT for part in item):
                return None
            item = list(item)
        elif type(item) not in _FLAT and name not in replaced:
            return None
        data[name] = item
    return data


def collection_to_data(collection: Collection) -> dict[str, Any]:
    """The authoring data of a collection: every element declared once, used by id."""
    data: dict[str, Any] = _dump(collection, sources=None, excerpts=None, elements=None,
                                 configurations=None)
    data["sources"] = [_dump(source) for source in collection.sources]
    data["excerpts"] = [_dump(excerpt, source=excerpt.source.id)
                        for excerpt in collection.excerpts]
    data["elements"] = [_element_data(element) for element in collection.elements]
    data["configurations"] = [
        _dump(configuration,
              **{slot: [e.id for e in getattr(configuration, slot)] for slot in SLOT_MODELS},
              mechanism=configuration.mechanism.id if configuration.mechanism else None,
              evidence=[_dump(e, excerpt=e.excerpt.id) for e in configuration.evidence])
        for configuration in collection.configurations
    ]
    return {key: value for key, value in data.items() if value not in ([], None)}


def _element_data(element: Any) -> dict[str, Any]:
    data = {"kind": element.kind, **_dump(element)}
    if isinstance(element, Mechanism):
        derived = Mechanism(resource=element.resource, reasoning=element.reasoning)
        if element.label == derived.label:
            del data["label"]
    return data
