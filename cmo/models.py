"""The values a realist researcher writes down: sources, excerpts, evidence, elements, CMOCs.

Every model is an immutable pydantic value. A configuration holds its elements and its
evidence themselves (not their ids), so ``configuration.mechanism.reasoning`` and
``evidence.excerpt.source.site`` just work. A :class:`Collection` is what one file holds;
it always contains every source, excerpt and element its configurations use.

Example:
    >>> trust = Context(label="Patient trusts the link worker")
    >>> trust.id
    'c-patient-trusts-the-link-worker'
    >>> hope = Configuration(
    ...     id="hope",
    ...     contexts=[trust],
    ...     mechanism=Mechanism(resource="Link worker listens", reasoning="Patient feels hope"),
    ...     outcomes=[Outcome(label="Patient engages with support")],
    ... )
    >>> print(hope.sentence)
    If Patient trusts the link worker, then Patient engages with support, because Link worker listens → Patient feels hope.
    >>> hope.shape, hope.is_partial
    ('C-M-O', False)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Annotated, Any, ClassVar, Literal, Self, TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .labels import derive_id
from .types import DOI, IRI, Identifier, Label, SourceKind, Stance, Status, Text, Wave

__all__ = [
    "Actor",
    "Collection",
    "Configuration",
    "Context",
    "Element",
    "Evidence",
    "Excerpt",
    "Intervention",
    "Mechanism",
    "MiddleRangeTheory",
    "Outcome",
    "Source",
]


def _sort_key(item: object) -> tuple[str, str]:
    # Kind second: a context and an outcome may share an id (one state in two roles).
    if isinstance(item, _Value):
        return item.sort_key, str(getattr(item, "kind", ""))
    return str(item), ""


class _Value(BaseModel):
    """Shared behaviour: frozen, no unknown fields, set-like equality, compact repr."""

    model_config = ConfigDict(frozen=True, extra="forbid", validate_default=False)

    #: Tuple fields whose order carries no meaning: equality and hashing ignore it, so a
    #: theory read back from RDF (which has no order) equals the one written.
    _unordered: ClassVar[frozenset[str]] = frozenset()

    @property
    def sort_key(self) -> str:
        """The key that orders values of this kind (their id)."""
        return str(getattr(self, "id", ""))

    def _comparable(self) -> tuple[Any, ...]:
        return tuple(
            tuple(sorted(value, key=_sort_key)) if name in self._unordered else value
            for name, value in self.__dict__.items()
        )

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if type(other) is not type(self):
            return NotImplemented
        return self._comparable() == other._comparable()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._comparable())

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        # Leave out what was not said (None, empty, the default) so reprs stay readable.
        for name, field in type(self).model_fields.items():
            value = self.__dict__[name]
            if value is None or value == () or (
                    field.default is not None and value == field.default):
                continue
            yield name, _Reference(value) if isinstance(value, Source | Excerpt) else value


class _Reference:
    """Shows a referenced value by kind and id inside another value's repr."""

    def __init__(self, value: Source | Excerpt) -> None:
        self.value = value

    def __repr__(self) -> str:
        return f"<{type(self.value).__name__} {self.value.id!r}>"


class Source(_Value):
    """Where evidence comes from: an interview, an observation, a published paper...

    Example:
        >>> Source(id="tierney2024", kind="publication", doi="https://doi.org/10.3310/ETND8254")
        Source(id='tierney2024', kind='publication', doi='10.3310/ETND8254')
    """

    id: Identifier
    kind: SourceKind
    title: Label | None = None
    participant: Label | None = Field(None, description="The participant's (pseudonymous) id.")
    participant_role: Label | None = Field(None, description="e.g. patient, link worker.")
    site: Label | None = None
    wave: Wave | None = Field(None, description="Wave or timepoint of data collection.")
    date: dt.date | None = None
    citation: Text | None = None
    doi: DOI | None = None
    url: IRI | None = None
    notes: Text | None = None

    @property
    def doi_iri(self) -> str | None:
        """The DOI as a resolvable ``https://doi.org/...`` address."""
        return f"https://doi.org/{self.doi}" if self.doi else None


class Excerpt(_Value):
    """A verbatim passage of a source: a quote, an observation note, a sentence of a paper.

    Where it sits in the source is optional: a character span (``start`` inclusive,
    ``end`` exclusive, counted in code points), a page, a line or a timestamp.
    """

    id: Identifier
    source: Source
    text: Text
    start: Annotated[int, Field(ge=0)] | None = None
    end: Annotated[int, Field(ge=0)] | None = None
    page: Label | None = None
    line: Annotated[int, Field(ge=1)] | None = None
    timestamp: Label | None = Field(None, description="Time in a recording, e.g. 00:12:31.")

    @model_validator(mode="after")
    def _span_is_whole(self) -> Self:
        if (self.start is None) != (self.end is None):
            raise ValueError("give both 'start' and 'end' of the character span, or neither")
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValueError(f"span ends ({self.end}) before it starts ({self.start})")
        return self


class Evidence(_Value):
    """An excerpt cited for a configuration, with the stance it takes towards it."""

    excerpt: Excerpt
    stance: Stance
    note: Text | None = None

    @property
    def sort_key(self) -> str:
        return self.excerpt.id


def _derived_fields_are_optional(*names: str) -> Any:
    """Schema hook: fields filled in from others may be left out by whoever writes the data."""

    def edit(schema: dict[str, Any]) -> None:
        schema["required"] = [name for name in schema.get("required", []) if name not in names]

    return edit


class _Element(_Value):
    """A part of a configuration. Without an ``id``, one is derived from the label."""

    model_config = ConfigDict(json_schema_extra=_derived_fields_are_optional("id"))
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


class Context(_Element):
    """The circumstances in which a mechanism fires (or does not)."""

    _prefix = "c"
    kind: Literal["context"] = "context"


class Outcome(_Element):
    """What happens when the mechanism fires: intended or not."""

    _prefix = "o"
    kind: Literal["outcome"] = "outcome"


class Intervention(_Element):
    """What the programme does (the I of CIMO, or a strategy)."""

    _prefix = "i"
    kind: Literal["intervention"] = "intervention"


class Actor(_Element):
    """Who acts or is acted on (the A of ICAMO)."""

    _prefix = "a"
    kind: Literal["actor"] = "actor"


class Mechanism(_Value):
    """A mechanism: the resource the programme offers and people's reasoning in response.

    At least one half is required. The label defaults to ``"resource → reasoning"``.

    Example:
        >>> Mechanism(resource="Link worker is a consistent anchor point").label
        'Link worker is a consistent anchor point'
        >>> Mechanism(reasoning="Patient feels hope").id
        'm-patient-feels-hope'
    """

    model_config = ConfigDict(json_schema_extra=_derived_fields_are_optional("id", "label"))
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


class MiddleRangeTheory(_Value):
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


#: Any element of a configuration, told apart by its ``kind``.
Element = Annotated[
    Context | Mechanism | Outcome | Intervention | Actor, Field(discriminator="kind")
]

_PARTS: tuple[str, ...] = ("context", "mechanism", "outcome")


class Configuration(_Value):
    """A context-mechanism-outcome configuration (CMOC) and the evidence behind it.

    Partial configurations (a C-M or M-O dyad, or C-O with the mechanism still unknown)
    are accepted and reported as partial; at least two of the three parts are needed.
    """

    _unordered = frozenset(
        {"contexts", "outcomes", "interventions", "actors", "evidence", "theories",
         "derived_from"})

    id: Identifier
    label: Label | None = None
    theme: Label | None = Field(None, description="The area or theme of the programme theory.")
    status: Status = "proposed"
    rationale: Text | None = Field(None, description="Why it has this status: the refinement.")
    derived_from: tuple[Identifier, ...] = Field(
        (), description="Ids of the configurations of an earlier version this one comes from.")
    contexts: tuple[Context, ...] = ()
    mechanism: Mechanism | None = None
    outcomes: tuple[Outcome, ...] = ()
    interventions: tuple[Intervention, ...] = ()
    actors: tuple[Actor, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    theories: tuple[Label, ...] = Field((), description="Middle-range theories cited.")
    notes: Text | None = None

    @model_validator(mode="after")
    def _check_parts(self) -> Self:
        problems = []
        if self.id in self.derived_from:
            problems.append(f"configuration {self.id!r} cannot be derived from itself "
                            "(within one version; name the earlier version's id)")
        if len(self.missing) > 1:
            problems.append(
                f"configuration {self.id!r} has only its {self.shape.lower()}: "
                "give at least two of contexts, mechanism and outcomes"
            )
        for slot in ("contexts", "outcomes", "interventions", "actors"):
            ids = [element.id for element in getattr(self, slot)]
            problems += [f"{slot} lists {i!r} twice" for i in _repeated(ids)]
        cited = [evidence.excerpt.id for evidence in self.evidence]
        problems += [f"evidence cites excerpt {i!r} twice" for i in _repeated(cited)]
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @property
    def missing(self) -> tuple[str, ...]:
        """The parts of C, M and O this configuration does not have yet."""
        present = {"context": bool(self.contexts), "mechanism": self.mechanism is not None,
                   "outcome": bool(self.outcomes)}
        return tuple(part for part in _PARTS if not present[part])

    @property
    def is_partial(self) -> bool:
        """True for a dyad (C-M, M-O or C-O) rather than a whole C-M-O configuration."""
        return bool(self.missing)

    @property
    def shape(self) -> str:
        """``"C-M-O"``, or the dyad it is: ``"C-M"``, ``"M-O"``, ``"C-O"``."""
        return "-".join(part[0].upper() for part in _PARTS if part not in self.missing)

    @property
    def elements(self) -> tuple[Context | Mechanism | Outcome | Intervention | Actor, ...]:
        """Every element this configuration uses, in slot order."""
        mechanism = (self.mechanism,) if self.mechanism else ()
        return (*self.interventions, *self.actors, *self.contexts, *mechanism, *self.outcomes)

    @property
    def sentence(self) -> str:
        """The configuration as an *if-then-because* statement."""
        contexts = _join(element.label for element in self.contexts) or "(context not yet known)"
        outcomes = _join(element.label for element in self.outcomes) or "(outcome not yet known)"
        if self.mechanism is None:
            because = "(mechanism not yet known)"
        else:
            halves = [self.mechanism.resource, self.mechanism.reasoning]
            because = " → ".join(half for half in halves if half)
        return f"If {contexts}, then {outcomes}, because {because}."


class Collection(_Value):
    """What one file holds: sources, excerpts, elements and configurations.

    Whatever a configuration uses is added to the collection, so it is always complete.
    Two different values may not share an id (a context and an outcome may, when they are
    the same state in two roles: that is how chains are written).
    """

    _unordered = frozenset({"sources", "excerpts", "elements", "configurations", "theories"})

    title: Label | None = None
    version: Label | None = Field(None, description="Version label, e.g. 'IPT' or 'v2'.")
    date: dt.date | None = Field(None, description="When this version was settled.")
    description: Text | None = None
    theories: tuple[MiddleRangeTheory, ...] = Field(
        (), description="Middle-range theories the configurations cite, by name.")
    sources: tuple[Source, ...] = ()
    excerpts: tuple[Excerpt, ...] = ()
    elements: tuple[Element, ...] = ()
    configurations: tuple[Configuration, ...] = ()

    @model_validator(mode="after")
    def _complete_and_unique(self) -> Self:
        used_excerpts = [e.excerpt for c in self.configurations for e in c.evidence]
        excerpts = _unique("excerpts", [*self.excerpts, *used_excerpts])
        sources = _unique("sources", [*self.sources, *(excerpt.source for excerpt in excerpts)])
        used_elements = [element for c in self.configurations for element in c.elements]
        elements = _unique("elements", [*self.elements, *used_elements], key=_element_key)
        _check_shared_states(elements)
        _unique("configurations", self.configurations)
        cited = [MiddleRangeTheory(name=name) for c in self.configurations for name in c.theories]
        declared = {theory.name for theory in self.theories}
        theories = _unique("middle-range theories", [
            *self.theories, *(theory for theory in cited if theory.name not in declared)])
        object.__setattr__(self, "theories", theories)
        # Frozen for users; filled in once here, while the value is being made.
        object.__setattr__(self, "excerpts", excerpts)
        object.__setattr__(self, "sources", sources)
        object.__setattr__(self, "elements", elements)
        return self

    def configuration(self, configuration_id: str) -> Configuration:
        """The configuration with this id (``KeyError`` naming the known ids if none)."""
        for configuration in self.configurations:
            if configuration.id == configuration_id:
                return configuration
        known = ", ".join(sorted(c.id for c in self.configurations)) or "none"
        raise KeyError(f"no configuration {configuration_id!r} (known: {known})")


_V = TypeVar("_V", bound=_Value)


def _element_key(element: _Value) -> tuple[str, str]:
    return (getattr(element, "kind", ""), element.sort_key)


def _unique(
    what: str, values: Iterable[_V], key: Any = lambda value: value.sort_key
) -> tuple[_V, ...]:
    kept: dict[Any, _V] = {}
    for value in values:
        seen = kept.setdefault(key(value), value)
        if seen is not value and seen != value:
            raise ValueError(f"two different {what} have the id {value.sort_key!r}")
    return tuple(kept.values())


def _check_shared_states(elements: Iterable[_Value]) -> None:
    by_id: dict[str, Any] = {}
    for element in elements:
        other = by_id.setdefault(element.sort_key, element)
        if other is element:
            continue
        kinds = {other.kind, element.kind}  # type: ignore[attr-defined]
        same_state = kinds == {"context", "outcome"} and _state_of(other) == _state_of(element)
        if not same_state:
            raise ValueError(
                f"the id {element.sort_key!r} is used by {_a(other.kind)} and "  # type: ignore[attr-defined]
                f"{_a(element.kind)} (only a context and an outcome that are the same state, "  # type: ignore[attr-defined]
                "with the same label, description and aliases, may share an id)"
            )


def _state_of(element: Any) -> tuple[Any, ...]:
    """What a context and an outcome sharing an id must agree on: they are one state."""
    return element.label, element.description, frozenset(element.aliases)


def _a(word: str) -> str:
    return f"{'an' if word[0] in 'aeiou' else 'a'} {word}"


def _repeated(ids: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    return sorted({i for i in ids if i in seen or seen.add(i)})  # type: ignore[func-returns-value]


def _join(labels: Iterable[str]) -> str:
    items = list(labels)
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
