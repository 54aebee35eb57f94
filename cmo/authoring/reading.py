"""From parsed authoring data to a collection: references resolved, every problem reported.

Reading collects every problem (unknown fields with a did-you-mean, duplicate ids,
references to missing sources, excerpts and elements, invalid values) and raises one
:class:`~cmo.exceptions.InputError` naming the line, the id and the field of each
(:mod:`cmo.authoring.problems`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from pydantic import ValidationError

from .._helpers.labels import did_you_mean
from .._helpers.yaml_text import Location, Parsed
from ..models import (
    Codebook,
    Collection,
    Configuration,
    Evidence,
    Excerpt,
    Mechanism,
)
from ..models.collection import HEADER_FIELDS
from ..models.configuration import SLOT_MODELS
from ..models.elements import STATE_KINDS, may_share_id
from .document import Document
from .judgements import (
    appraisal_scales,
    cites_declared_excerpts,
    report_empty_appraisals,
    retroduction_stand_in,
)
from .problems import EMPTY_MECHANISM, Reader, value_at

__all__ = ["data_to_collection"]


def data_to_collection(parsed: Parsed) -> Collection:
    """Build a collection from parsed authoring data.

    Raises:
        InputError: every problem found, with its line, id and field.
    """
    reader = Reader(parsed)
    if not isinstance(parsed.data, dict):
        found = type(parsed.data).__name__ if parsed.data is not None else "nothing"
        reader.problem((), f"expected a mapping with 'configurations', found {found}",
                       "see docs/format.md for the layout")
        raise reader.error()
    read = _readable(reader)
    document, positions, lost = read.document, read.positions, read.lost
    report_empty_appraisals(reader)
    scales = appraisal_scales(reader, document, positions)
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
        sharing = by_id[element.id]  # one element of each kind
        if len(sharing) > 1 and not (len(sharing) == 2 and may_share_id(*sharing)):
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
        codebook=document.codebook or Codebook(), appraisal_scales=scales)
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


def _readable(reader: Reader) -> _Readable:
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
            cited = value_at(entry, rest[1:3])
            if rest[1] == "evidence" and isinstance(cited, dict):
                # A stand-in for the piece of evidence, to check the excerpt it names.
                evidence = list(entry["evidence"])
                evidence[rest[2]] = {"excerpt": cited.get("excerpt"), "stance": "supports"}
                section[rest[0]] = {**entry, "evidence": evidence}
            elif rest[1] == "retroduction" and (
                    log := retroduction_stand_in(entry["retroduction"], rest[2:])) is not None:
                section[rest[0]] = {**entry, "retroduction": log}
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


def _configuration(reader: Reader, entry: Any, at: Location, declared: dict[str, list[Any]],
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
        reader.problem((*at, "mechanism"), *EMPTY_MECHANISM)
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
    cited = cites_declared_excerpts(reader, entry.retroduction, at, excerpts, broken)
    if not make or not cited or any(v is None for slot in (*SLOT_MODELS, "evidence") for v in values[slot]) or (
            mechanism is not None and values["mechanism"] is None):
        return None
    return reader.build(Configuration, at, **values)


def _element(reader: Reader, item: Any, model: type[Any], at: Location,
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
    if chosen is None and kind in STATE_KINDS:
        other = next((c for c in candidates if c.kind in STATE_KINDS), None)
        if other is not None:  # an outcome used as a context: a chain
            return model(id=other.id, label=other.label, description=other.description,
                         aliases=other.aliases)
    if chosen is None:
        reader.problem(at, f"{item!r} is a {candidates[0].kind}, not a {kind}",
                       f"use a {kind} here")
    return chosen
