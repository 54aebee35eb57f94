"""The quick road from an authoring file to a collection, for files that are simply valid.

Most files, and every file ``cmo`` writes, declare each source, excerpt and element once
and cite them by id. For those, the text is parsed without keeping lines, references are
resolved in the parsed data itself, and each kind of value is validated once, by pydantic,
straight into the models. Anything else (an anchor, a tag, an element written inline, or
a problem of any kind) raises :class:`NeedsCare`, and the careful reader
(:mod:`cmo.authoring.parsing`, :mod:`cmo.authoring.convert`) reads the text again, to
build what the quick road does not, or to name every problem with its line and field.

The quick parsers refuse what the careful ones refuse (duplicate keys, nesting deeper
than :data:`~cmo.authoring.parsing.MAX_DEPTH`, several YAML documents) by giving way.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, Final

import yaml
from pydantic import TypeAdapter, ValidationError

from ..models import Collection, Configuration, Element, Evidence, Excerpt, Source
from ..models.collection import HEADER_FIELDS
from ..models.configuration import SLOT_KINDS
from .parsing import MAX_DEPTH, YAML_LOADER, plain_value

__all__ = ["NeedsCare", "collection_from_data", "json_data", "yaml_data"]


class NeedsCare(Exception):
    """The file is not the simple, valid case: the careful reader must read it."""


# -- parsing ---------------------------------------------------------------------------------

def _without_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    mapping = dict(pairs)
    if len(mapping) != len(pairs):
        raise NeedsCare
    return mapping


def json_data(text: str) -> Any:
    """The data of a JSON document, or :class:`NeedsCare` for a duplicate key or bad syntax."""
    try:
        return json.loads(text, object_pairs_hook=_without_duplicates)
    except (ValueError, RecursionError):  # JSONDecodeError is a ValueError
        raise NeedsCare from None


_RESOLVERS: Final = yaml.resolver.Resolver.yaml_implicit_resolvers
_INTEGER: Final = "tag:yaml.org,2002:int"
#: Integers of up to this many digits are read straight away (Python's limit is far above).
_FEW_DIGITS: Final = 18
_NO_KEY: Final[Any] = object()


def _scalar(event: yaml.ScalarEvent) -> Any:
    """The value of an untagged plain scalar, as the careful parser makes it."""
    value = event.value
    tag = next((tag for tag, pattern in _RESOLVERS.get(value[:1], ()) if pattern.match(value)),
               None)
    if tag is None:
        return value
    if tag == _INTEGER and value.isdigit() and (value[0] != "0" or value == "0") and (
            len(value) <= _FEW_DIGITS):
        return int(value)  # the common case of YAML's integers (no sign, base or '_')
    if tag.endswith((":merge", ":value")):  # '<<' is refused, '=' is rare: the careful road
        raise NeedsCare
    try:
        return plain_value(value, tag)
    except ValueError:  # too many digits: the careful parser names the line
        raise NeedsCare from None


def yaml_data(text: str) -> Any:
    """The data of a YAML document built from PyYAML's event stream, without lines.

    Gives way (:class:`NeedsCare`) to the careful parser at anything it checks: an anchor
    or alias, a tag, a duplicate or non-text key, deep nesting, several documents, bad syntax.
    """
    containers: list[Any] = []
    keys: list[Any] = []
    documents: list[Any] = []
    names: dict[Any, Any] = {}
    mapping_start, sequence_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    try:
        for event in yaml.parse(text, Loader=YAML_LOADER):
            kind = type(event)
            if kind is yaml.ScalarEvent:
                if event.anchor is not None or event.tag is not None:
                    raise NeedsCare
                value: Any = event.value
                if event.implicit[0] and value[:1] in _RESOLVERS:  # perhaps not text
                    value = _scalar(event)
            elif kind is mapping_start or kind is sequence_start:
                if event.anchor is not None or event.tag is not None or (
                        len(containers) >= MAX_DEPTH):
                    raise NeedsCare
                containers.append({} if kind is mapping_start else [])
                keys.append(_NO_KEY)
                continue
            elif kind in ends:
                keys.pop()
                value = containers.pop()
            elif kind is yaml.AliasEvent:
                raise NeedsCare
            else:
                continue  # stream and document boundaries
            if not containers:
                documents.append(value)
                continue
            parent = containers[-1]
            if type(parent) is list:
                parent.append(value)
            elif keys[-1] is _NO_KEY:
                if type(value) is dict or type(value) is list or value in parent:
                    raise NeedsCare
                keys[-1] = names.setdefault(value, value)  # one object per key, as json's
            else:
                parent[keys[-1]] = value
                keys[-1] = _NO_KEY
    except yaml.YAMLError:
        raise NeedsCare from None
    if len(documents) > 1:
        raise NeedsCare
    return documents[0] if documents else None


# -- building --------------------------------------------------------------------------------

_SOURCES: Final = TypeAdapter(tuple[Source, ...])
_EXCERPTS: Final = TypeAdapter(tuple[Excerpt, ...])
_ELEMENTS: Final = TypeAdapter(tuple[Element, ...])
_EVIDENCE: Final = TypeAdapter(Evidence)
_CONFIGURATIONS: Final = TypeAdapter(list[Configuration])
#: The collection's own fields that the file gives as they are.
_HEADER: Final = frozenset({*HEADER_FIELDS, "theories"})
_FIELDS: Final = _HEADER | {"$schema", "sources", "excerpts", "elements", "configurations",
                            "codebook"}


def _listed(data: dict[str, Any], name: str) -> list[Any]:
    values = data.get(name, [])
    if type(values) is not list:
        raise NeedsCare
    return values


def _taken(data: dict[str, Any], name: str) -> list[Any]:
    """The list under ``name``, taken out of ``data``."""
    values = _listed(data, name)
    data.pop(name, None)
    return values


def _unique(values: tuple[Any, ...], key: Any) -> dict[Any, Any]:
    """The values by key; two values sharing one is for the careful reader to report."""
    found = {key(value): value for value in values}
    if len(found) != len(values):
        raise NeedsCare
    return found


def _resolve(mapping: Any, field: str, known: dict[Any, Any], kind: str | None = None) -> None:
    """Replace the id in ``mapping[field]`` by the value it names, in place."""
    try:
        reference = mapping[field]
        mapping[field] = known[reference if kind is None else (kind, reference)]
    except (KeyError, TypeError):
        raise NeedsCare from None


def _resolve_configuration(entry: Any, elements: dict[tuple[str, str], Any],
                           excerpts: dict[str, Excerpt], made: dict[Any, Evidence]) -> None:
    if type(entry) is not dict:
        raise NeedsCare
    for slot, kind in SLOT_KINDS.items():
        references = entry.get(slot)
        if references is not None:
            if type(references) is not list:
                raise NeedsCare
            try:
                entry[slot] = [elements[kind, reference] for reference in references]
            except (KeyError, TypeError):  # an element written inline, or a wrong id
                raise NeedsCare from None
    mechanism = entry.get("mechanism", entry)
    if type(mechanism) is str:
        _resolve(entry, "mechanism", elements, "mechanism")
    elif mechanism is None:  # 'mechanism:' left empty: the careful reader says so
        raise NeedsCare
    links = _listed(entry, "evidence")
    for index, link in enumerate(links):
        links[index] = _evidence(link, excerpts, made)


def _evidence(link: Any, excerpts: dict[str, Excerpt], made: dict[Any, Evidence]) -> Evidence:
    """The evidence value a link describes, made once for every link written the same way.

    Values are immutable, so configurations citing one excerpt with one stance (and no
    note, or the same one) share one value: less memory, and fewer values to make.
    """
    try:
        written = tuple(link.items())
        evidence = made.get(written)
    except (AttributeError, TypeError):  # not a mapping, or not plain values
        raise NeedsCare from None
    if evidence is None:
        _resolve(link, "excerpt", excerpts)
        evidence = made[written] = _EVIDENCE.validate_python(link)
    return evidence


def collection_from_data(data: Any) -> Collection:
    """The collection parsed authoring data describes, when every reference is by id.

    The data is used up: ids become the values they name, and each part is dropped once
    its values are made, so the data and the models are not both held whole.

    Raises:
        NeedsCare: anything but the simple, valid case.
    """
    if type(data) is not dict or not data.keys() <= _FIELDS or not isinstance(
            data.get("$schema"), str | None):
        raise NeedsCare
    try:
        sources = _unique(_SOURCES.validate_python(_taken(data, "sources")),
                          key=lambda source: source.id)
        written = _taken(data, "excerpts")
        for entry in written:
            _resolve(entry, "source", sources)
        excerpts = _unique(_EXCERPTS.validate_python(written), key=lambda excerpt: excerpt.id)
        del written
        elements = _unique(_ELEMENTS.validate_python(_taken(data, "elements")),
                           key=lambda element: (element.kind, element.id))
        configurations: list[Configuration] = []
        evidence: dict[Any, Evidence] = {}
        for batch in _batches(_taken(data, "configurations")):
            for entry in batch:
                _resolve_configuration(entry, elements, excerpts, evidence)
            configurations += _CONFIGURATIONS.validate_python(batch)
        _unique(configurations, key=lambda configuration: configuration.id)
        return Collection(**{name: data[name] for name in (*_HEADER, "codebook") if name in data},
                          sources=tuple(sources.values()), excerpts=tuple(excerpts.values()),
                          elements=tuple(elements.values()),
                          configurations=tuple(configurations))
    except ValidationError:
        raise NeedsCare from None


#: Configurations validated at a time: their written form is dropped batch by batch.
_BATCH: Final = 500


def _batches(entries: list[Any]) -> Iterator[list[Any]]:
    """The entries in order, a batch at a time, each batch taken out of ``entries``."""
    entries.reverse()
    while entries:
        batch = entries[-_BATCH:]
        del entries[-_BATCH:]
        batch.reverse()
        yield batch
