"""From a collection to authoring data: every element declared once and used by id, and
only the fields that were said (not None, empty or the default), in the model's order.
"""

from __future__ import annotations

import functools
from typing import Any, Final

from pydantic import BaseModel

from ..models import Collection, Mechanism
from ..models.configuration import SLOT_MODELS
from .document import Document

__all__ = ["collection_to_data"]


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
    data["sources"] = [_judged(_dump(source)) for source in collection.sources]
    data["excerpts"] = [_judged(_dump(excerpt, source=excerpt.source.id))
                        for excerpt in collection.excerpts]
    data["elements"] = [_element_data(element) for element in collection.elements]
    data["configurations"] = [
        _dump(configuration,
              **{slot: [e.id for e in getattr(configuration, slot)] for slot in SLOT_MODELS},
              mechanism=configuration.mechanism.id if configuration.mechanism else None,
              evidence=[_dump(e, excerpt=e.excerpt.id) for e in configuration.evidence])
        for configuration in collection.configurations
    ]
    # The scales are declared before what is judged on them: in the order of the format.
    order = [*(key for key in _ORDER if key in data), *(key for key in data if key not in _ORDER)]
    return {key: data[key] for key in order if data[key] not in ([], None)}


#: The top-level fields in the order of the format (:class:`~cmo.authoring.document.Document`).
_ORDER: Final = tuple(field.alias or name for name, field in Document.model_fields.items())


def _judged(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with each judgement of its appraisal written as the level alone
    (``rigour: high``) when nothing more is said of it."""
    appraisal = data.get("appraisal")
    if appraisal is not None:
        data["appraisal"] = {dimension: judgement["level"] if judgement.keys() == {"level"}
                             else judgement for dimension, judgement in appraisal.items()}
    return data


def _element_data(element: Any) -> dict[str, Any]:
    data = {"kind": element.kind, **_dump(element)}
    if isinstance(element, Mechanism):
        derived = Mechanism(resource=element.resource, reasoning=element.reasoning)
        if element.label == derived.label:
            del data["label"]
    return data
