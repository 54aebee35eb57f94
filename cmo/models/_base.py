"""What every model shares: frozen, no unknown fields, set-like equality, short reprs."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, ClassVar, Final

from pydantic import BaseModel, ConfigDict, ValidationInfo

__all__ = ["CITED_ONCE", "RESOLVED", "Value", "checked_by_reader", "derived_fields_are_optional",
           "share_fields_sets", "sort_key_of"]

#: Keys of the validation context (``validate_python(data, context={...: True})``) by which
#: a reader says it has itself made sure, from the ids it read, of what the models would
#: otherwise walk every value to check. CITED_ONCE: each configuration it validates cites
#: each excerpt (by id) once. RESOLVED: every source, excerpt and element that the
#: collection's configurations and excerpts use is one the collection lists (the reader
#: resolved each reference by id from them), and each evidence value's fields set is shared.
CITED_ONCE: Final = "cmo: each configuration cites each excerpt once"
RESOLVED: Final = "cmo: every value used is one the collection lists"


def checked_by_reader(info: ValidationInfo, what: str) -> bool:
    """Whether the reader validating this value said it has checked ``what`` itself."""
    return bool(info.context and info.context.get(what))

#: One set of given-field names per distinct combination, shared by every value given it.
_FIELDS_SETS: dict[frozenset[str], set[str]] = {}
_SHARED_IDS: set[int] = set()


def share_fields_sets(values: Iterable[BaseModel]) -> None:
    """Let values that were given the same fields share one ``model_fields_set``.

    pydantic keeps a set of the names given per instance: 216 bytes for an evidence link,
    728 for an excerpt, a third of a large theory's memory. Values are frozen, so nothing
    changes the set in place (``model_copy`` copies it first); sharing it is safe.
    """
    shared_ids, fields_sets = _SHARED_IDS, _FIELDS_SETS
    last: set[str] | None = None  # values in a row were mostly given the same fields
    for value in values:
        given = value.__pydantic_fields_set__
        if id(given) in shared_ids:
            continue
        if last is not None and given == last:
            shared = last
        else:
            shared = fields_sets.get(frozenset(given))
            if shared is None:
                shared = fields_sets[frozenset(given)] = set(given)
                shared_ids.add(id(shared))
        object.__setattr__(value, "__pydantic_fields_set__", shared)
        last = shared


def sort_key_of(item: object) -> tuple[str, str]:
    # Kind second: elements of two kinds may share an id (see elements.may_share_id).
    if isinstance(item, Value):
        return item.sort_key, str(getattr(item, "kind", ""))
    return str(item), ""


class Value(BaseModel):
    """Shared behaviour: frozen, no unknown fields, set-like equality, compact repr."""

    model_config = ConfigDict(frozen=True, extra="forbid", validate_default=False)

    #: Tuple fields whose order carries no meaning: equality and hashing ignore it, so a
    #: theory read back from RDF (which has no order) equals the one written.
    _unordered: ClassVar[frozenset[str]] = frozenset()
    #: Shown as ``<Kind 'id'>`` inside another value's repr (sources, excerpts).
    _shown_by_id: ClassVar[bool] = False

    @property
    def sort_key(self) -> str:
        """The key that orders values of this kind (their id)."""
        return str(getattr(self, "id", ""))

    def _comparable(self) -> tuple[Any, ...]:
        return tuple(
            _in_order(value) if name in self._unordered else value
            for name, value in self.__dict__.items()
        )

    def equal_apart_from(self, other: Value, *names: str) -> bool:
        """Whether ``other`` equals this value but for the fields ``names``, without
        copying either to leave them out (fields shared by both are not looked into)."""
        if type(other) is not type(self):
            return False
        theirs = other.__dict__
        for name, value in self.__dict__.items():
            their = theirs[name]
            if name in names or value is their or value == their:
                continue
            if name not in self._unordered or _in_order(value) != _in_order(their):
                return False
        return True

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if type(other) is not type(self):
            return NotImplemented
        return self._comparable() == other._comparable()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._comparable())

    def replaced(self, **fields: Any) -> Any:
        """This value with ``fields`` replaced: itself, not a copy, when none of them differs.

        Keeping unchanged values keeps them shared, and comparisons by identity cheap.
        """
        if all(_same(getattr(self, name), new) for name, new in fields.items()):
            return self
        return self.model_copy(update=fields)

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        # Leave out what was not said (None, empty, the default) so reprs stay readable.
        for name, field in type(self).model_fields.items():
            value = self.__dict__[name]
            if value is None or value == () or (
                    field.default is not None and value == field.default):
                continue
            yield name, _Reference(value) if getattr(value, "_shown_by_id", False) else value


class _Reference:
    """Shows a referenced value by kind and id inside another value's repr."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def __repr__(self) -> str:
        return f"<{type(self.value).__name__} {self.value.id!r}>"


def derived_fields_are_optional(*names: str) -> Any:
    """Schema hook: fields filled in from others may be left out by whoever writes the data."""

    def edit(schema: dict[str, Any]) -> None:
        schema["required"] = [name for name in schema.get("required", []) if name not in names]

    return edit


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, tuple) and isinstance(new, tuple):
        return len(old) == len(new) and all(
            a is b or a == b for a, b in zip(old, new, strict=True))
    return old is new or old == new


def _in_order(values: Iterable[Any]) -> tuple[Any, ...]:
    """A tuple field whose order carries no meaning, in the order that compares it."""
    return tuple(sorted(values, key=sort_key_of))
