"""The quick road from parsed authoring data to a collection, for files that are simply valid.

Most files, and every file ``cmo`` writes, declare each source, excerpt and element once
and cite them by id. For those, references are resolved in the parsed data itself, and
each kind of value is validated once, by pydantic, straight into the models. Anything
else (an element written inline, a problem of any kind) raises :class:`NeedsCare`, and
the careful reader (:mod:`cmo.authoring.reading`) reads the data, to build what the quick
road does not, or to name every problem with its line and field. Both roads take data
parsed by one set of rules (:mod:`cmo._helpers.yaml_text`, :mod:`cmo._helpers.json_text`)
from the text of the file, read once (:mod:`cmo.authoring.serialise`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Final

from pydantic import TypeAdapter, ValidationError

from .._helpers.yaml_text import Parsed
from ..models import Collection, Configuration, ElementByKind, Evidence, Excerpt, Source
from ..models._base import CITED_ONCE, RESOLVED, share_fields_sets
from ..models.collection import HEADER_FIELDS
from ..models.configuration import SLOT_KINDS
from .reading import data_to_collection

__all__ = ["NeedsCare", "collection_from_data", "quickly_or_carefully"]


class NeedsCare(Exception):
    """The file is not the simple, valid case: the careful reader must read it."""


_SOURCES: Final = TypeAdapter(tuple[Source, ...])
_EXCERPTS: Final = TypeAdapter(tuple[Excerpt, ...])
_ELEMENTS: Final = TypeAdapter(tuple[ElementByKind, ...])
_EVIDENCE: Final = TypeAdapter(Evidence)
_CONFIGURATIONS: Final = TypeAdapter(list[Configuration])
#: The collection's own fields that the file gives as they are.
_HEADER: Final = frozenset({*HEADER_FIELDS, "theories", "appraisal_scales"})
_FIELDS: Final = _HEADER | {"$schema", "sources", "excerpts", "elements", "configurations",
                            "codebook"}
#: What the quick road makes sure of itself, from the ids it reads (see cmo.models._base):
#: each configuration cites each excerpt once; every reference is resolved from the values
#: the file lists, so the collection has none to add.
_CHECKED: Final = {CITED_ONCE: True, RESOLVED: True}


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


def _judged(entries: list[Any]) -> None:
    """Give way on an ``appraisal:`` written with nothing after it: a slip, which the
    careful reader names (pydantic would read it as no appraisal)."""
    for entry in entries:
        if type(entry) is dict and entry.get("appraisal", entry) is None:
            raise NeedsCare


def _resolve(mapping: Any, field: str, known: dict[Any, Any], kind: str | None = None) -> None:
    """Replace the id in ``mapping[field]`` by the value it names, in place."""
    try:
        reference = mapping[field]
        mapping[field] = known[reference if kind is None else (kind, reference)]
    except (KeyError, TypeError):
        raise NeedsCare from None


def _resolve_configuration(entry: Any, elements: dict[tuple[str, str], Any],
                           excerpts: dict[str, Excerpt], made: dict[Any, Evidence],
                           firsts: dict[Any, Evidence]) -> None:
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
    cited: set[Any] = set()
    found = made.get
    for index, link in enumerate(links):
        if type(link) is not dict:
            raise NeedsCare
        written = (link.get("excerpt"), link.get("stance"), link.get("note", _ABSENT),
                   len(link))
        try:
            evidence = found(written)
        except TypeError:  # not plain values
            raise NeedsCare from None
        cited.add(written[0])
        links[index] = evidence if evidence is not None else _evidence(
            link, written, excerpts, made, firsts)
    if len(cited) != len(links):  # an excerpt cited twice: the models say so
        raise NeedsCare


#: What a link's note is when it has none (a note may also be written empty: ``note:``).
_ABSENT: Final = object()


def _evidence(link: dict[str, Any], written: tuple[Any, Any, Any, int],
              excerpts: dict[str, Excerpt], made: dict[Any, Evidence],
              firsts: dict[Any, Evidence]) -> Evidence:
    """The evidence value a link describes, made once for every link written the same way.

    ``written`` is the key of ``made``: the link's excerpt, stance and note (or
    ``_ABSENT``) and its number of fields. Only a valid link's key is kept, and a valid
    link has no fields but those three, so a link with the key of one kept says the same.

    Values are immutable, so configurations citing one excerpt with one stance (and no
    note, or the same one) share one value: less memory, and fewer values to make.
    ``firsts`` holds, under what a link says besides its excerpt, the first value validated
    for it: later links saying the same of another excerpt are copies of it (see
    :meth:`Evidence.citing`).
    """
    _resolve(link, "excerpt", excerpts)
    # Links differing only by their excerpt: the first is validated, the others are
    # copies of it citing their own (already checked) excerpt.
    said = written[1:]
    like = firsts.get(said)
    if like is None:
        evidence = firsts[said] = _EVIDENCE.validate_python(link)
        share_fields_sets((evidence,))  # and so its copies'
    else:
        evidence = like.citing(link["excerpt"])
    made[written] = evidence
    return evidence


def quickly_or_carefully(data: Any, again: Callable[[], Parsed]) -> Collection:
    """The collection authoring data makes, by the quick road; where it gives way, by the
    careful reader on the data made ``again`` (the quick road uses the data up), which
    builds it or names every problem."""
    try:
        return collection_from_data(data)
    except NeedsCare:
        return data_to_collection(again())


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
        written = _taken(data, "sources")
        _judged(written)
        sources = _unique(_SOURCES.validate_python(written), key=lambda source: source.id)
        written = _taken(data, "excerpts")
        _judged(written)
        for entry in written:
            _resolve(entry, "source", sources)
        excerpts = _unique(_EXCERPTS.validate_python(written), key=lambda excerpt: excerpt.id)
        del written
        elements = _unique(_ELEMENTS.validate_python(_taken(data, "elements")),
                           key=lambda element: (element.kind, element.id))
        configurations: list[Configuration] = []
        evidence: dict[Any, Evidence] = {}
        firsts: dict[Any, Evidence] = {}
        for batch in _batches(_taken(data, "configurations")):
            for entry in batch:
                _resolve_configuration(entry, elements, excerpts, evidence, firsts)
            configurations += _CONFIGURATIONS.validate_python(batch, context=_CHECKED)
        _unique(configurations, key=lambda configuration: configuration.id)
        return _collection(data, sources=tuple(sources.values()),
                           excerpts=tuple(excerpts.values()), elements=tuple(elements.values()),
                           configurations=tuple(configurations))
    except ValidationError:
        raise NeedsCare from None


def _collection(data: dict[str, Any], **values: tuple[Any, ...]) -> Collection:
    """The collection of ``values`` already made, with the file's header, its own checks run.

    ``Collection(...)`` would run every excerpt's and configuration's own checks again
    (pydantic runs a model's after-validators on an instance it is given, a quarter of the
    quick road at 10,000 configurations). Instead the header (id, title, theories,
    codebook...) is validated as a collection of its own, the collection is put together
    from it and the values, and then checked as a whole: validating a collection runs its
    checks (completeness, ids, numbers, appraisals, retroduction) on it, and nothing else.
    """
    given = {name: data[name] for name in (*_HEADER, "codebook") if name in data}
    header = Collection.model_validate(given)
    made = Collection.model_construct(given.keys() | values.keys(), **{
        name: getattr(header, name) for name in Collection.model_fields if name not in values},
        **values)
    return Collection.model_validate(made, context=_CHECKED)


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
