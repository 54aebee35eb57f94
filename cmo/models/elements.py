"""The parts of a configuration: contexts, mechanisms, outcomes, interventions, actors;
and the middle-range theories that explain mechanisms."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Final, Literal

from pydantic import ConfigDict, Field, model_validator

from ._base import Value, derived_fields_are_optional
from .labels import derive_id
from .types import DOI, Identifier, Label, Text

__all__ = ["STATE_KINDS", "Actor", "AnyElement", "Context", "Element", "ElementByKind",
           "Intervention", "Mechanism", "MiddleRangeTheory", "Outcome", "may_share_id",
           "state_of"]


class Element(Value):
    """A part of a configuration: a :class:`Context`, :class:`Mechanism`, :class:`Outcome`,
    :class:`Intervention` or :class:`Actor`, told apart by its ``kind``.

    The base of the five kinds, for ``isinstance``; it has no fields of its own, so each
    kind keeps its fields in its own order. In a pydantic field, :data:`ElementByKind`
    reads any of them from data by its ``kind``.

    Example:
        >>> isinstance(Mechanism(reasoning="Patient feels hope"), Element)
        True
        >>> isinstance(MiddleRangeTheory(name="Salutogenesis"), Element)
        False
    """

    if TYPE_CHECKING:  # what every kind has (declared by each, in its own order)
        kind: str
        id: str
        label: str
        description: str | None
        aliases: tuple[str, ...]


class _Labelled(Element):
    """A context, outcome, intervention or actor. Without an ``id``, one is derived from
    the label."""

    model_config = ConfigDict(json_schema_extra=derived_fields_are_optional("id"))
    _prefix: ClassVar[str]
    _unordered = frozenset({"aliases"})
    id: Identifier
    label: Label
    description: Text | None = None
    aliases: tuple[Label, ...] = Field(
        (), description="Other wordings of the same element (synonyms), used to match it.")

    @model_validator(mode="before")
    @classmethod
    def _derive_id(cls, data: Any) -> Any:
        if isinstance(data, dict) and not data.get("id") and isinstance(data.get("label"), str):
            return {**data, "id": derive_id(cls._prefix, data["label"])}
        return data


class Context(_Labelled):
    """The circumstances in which a mechanism fires (or does not)."""

    _prefix = "c"
    kind: Literal["context"] = "context"


class Outcome(_Labelled):
    """What happens when the mechanism fires: intended or not."""

    _prefix = "o"
    kind: Literal["outcome"] = "outcome"


class Intervention(_Labelled):
    """What the programme does (the I of CIMO, or a strategy)."""

    _prefix = "i"
    kind: Literal["intervention"] = "intervention"


class Actor(_Labelled):
    """Who acts or is acted on (the A of ICAMO)."""

    _prefix = "a"
    kind: Literal["actor"] = "actor"


class Mechanism(Element):
    """A mechanism: the resource the programme offers and people's reasoning in response.

    At least one half is required. The label defaults to ``"resource → reasoning"``.

    Example:
        >>> Mechanism(resource="Link worker is a consistent anchor point").label
        'Link worker is a consistent anchor point'
        >>> Mechanism(reasoning="Patient feels hope").id
        'm-patient-feels-hope'
    """

    model_config = ConfigDict(json_schema_extra=derived_fields_are_optional("id", "label"))
    kind: Literal["mechanism"] = "mechanism"
    id: Identifier
    label: Label
    resource: Text | None = None
    reasoning: Text | None = None
    description: Text | None = None
    aliases: tuple[Label, ...] = Field(
        (), description="Other wordings of the same mechanism, used to match it.")
    _unordered = frozenset({"aliases"})

    @model_validator(mode="before")
    @classmethod
    def _fill_label_and_id(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        halves = [data.get(half) for half in ("resource", "reasoning")]
        if not any(isinstance(half, str) and half.strip() for half in halves):
            raise ValueError("a mechanism needs a 'resource', a 'reasoning' or both")
        texts = [half.strip() for half in halves if isinstance(half, str) and half.strip()]
        data = dict(data)
        if not data.get("label"):
            data["label"] = " → ".join(texts)
        if not data.get("id"):
            data["id"] = derive_id("m", *texts)
        return data

    @property
    def sort_key(self) -> str:
        return self.id


class MiddleRangeTheory(Value):
    """A published theory that explains mechanisms (trust, hope, salutogenesis...).

    Configurations cite it by name; the collection declares its citation once.

    Example:
        >>> MiddleRangeTheory(name="Salutogenesis", citation="Antonovsky (1979)")
        MiddleRangeTheory(name='Salutogenesis', citation='Antonovsky (1979)')
    """

    name: Label
    citation: Text | None = None
    doi: DOI | None = None
    description: Text | None = None

    @property
    def sort_key(self) -> str:
        return self.name


#: Any element, as a plain union of the five kinds (for type hints that name them all).
AnyElement = Context | Mechanism | Outcome | Intervention | Actor
#: Any element, told apart by its ``kind`` when read from data (for pydantic fields).
ElementByKind = Annotated[AnyElement, Field(discriminator="kind")]


#: The kinds of element that may share an id: a context and an outcome that are one state
#: in two roles (the outcome of one configuration is the context of the next: a chain).
STATE_KINDS: Final = frozenset({"context", "outcome"})


def state_of(element: Any) -> tuple[Any, ...]:
    """What a context and an outcome sharing an id must agree on: they are one state."""
    return element.label, element.description, frozenset(element.aliases)


def may_share_id(first: Any, second: Any) -> bool:
    """Whether two elements of different kinds may have one id: a context and an outcome
    that are the same state (same label, description and aliases).

    Example:
        >>> hope = Outcome(id="hope", label="Patient feels hope")
        >>> may_share_id(hope, Context(id="hope", label="Patient feels hope"))
        True
        >>> may_share_id(hope, Context(id="hope", label="Hope"))
        False
    """
    return {first.kind, second.kind} == STATE_KINDS and state_of(first) == state_of(second)
