"""A context-mechanism-outcome configuration (CMOC) and the evidence behind it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Self

from pydantic import Field, PositiveInt, ValidationInfo, model_validator

from ._base import CITED_ONCE, Value, checked_by_reader
from .elements import Actor, AnyElement, Context, Intervention, Mechanism, Outcome
from .evidence import Evidence
from .retroduction import Retroduction
from .types import Identifier, Label, Status, Text

__all__ = ["ELEMENT_SLOTS", "KIND_MODELS", "SLOT_KINDS", "SLOT_MODELS", "Configuration"]

#: The slots of a configuration that hold several elements (the mechanism holds one), with
#: the model and the kind of element each holds, and the model of each such kind.
SLOT_MODELS: dict[str, type[Context | Outcome | Intervention | Actor]] = {
    "contexts": Context, "outcomes": Outcome, "interventions": Intervention, "actors": Actor}
SLOT_KINDS: dict[str, str] = {"contexts": "context", "outcomes": "outcome",
                              "interventions": "intervention", "actors": "actor"}
KIND_MODELS: dict[str, type[Context | Outcome | Intervention | Actor]] = {
    SLOT_KINDS[slot]: model for slot, model in SLOT_MODELS.items()}
ELEMENT_SLOTS: tuple[str, ...] = tuple(SLOT_KINDS)

_PARTS: tuple[str, ...] = ("context", "mechanism", "outcome")



class Configuration(Value):
    """A context-mechanism-outcome configuration (CMOC) and the evidence behind it.

    Partial configurations (a C-M or M-O dyad, or C-O with the mechanism still unknown)
    are accepted and reported as partial; at least two of the three parts are needed.
    """

    _unordered = frozenset(
        {"contexts", "outcomes", "interventions", "actors", "evidence", "theories",
         "derived_from"})

    id: Identifier
    number: PositiveInt | None = Field(
        None, description="Its display number, cited as 'CMOC 7' and kept from version to "
                          "version; given in order when left out (see cmo.theory.numbering).")
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
    retroduction: Retroduction | None = Field(
        None, description="How the mechanism was inferred: the steps, and the alternative "
                          "mechanisms set aside.")
    notes: Text | None = None

    @model_validator(mode="after")
    def _check_parts(self, info: ValidationInfo) -> Self:
        # derived_from may name the configuration's own id: the earlier version's one.
        problems = []
        if len(self.missing) > 1:
            problems.append(
                f"configuration {self.id!r} has only its {self.shape.lower()}: "
                "give at least two of contexts, mechanism and outcomes"
            )
        for slot in ELEMENT_SLOTS:
            elements = getattr(self, slot)
            if len(elements) > 1:
                ids = [element.id for element in elements]
                problems += [f"{slot} lists {i!r} twice" for i in _repeated(ids)]
        if not checked_by_reader(info, CITED_ONCE):  # reading every link's excerpt's id
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

    def with_elements(self, change: Callable[[AnyElement], AnyElement]) -> Configuration:
        """The same configuration with every element passed through ``change``.

        Example:
            >>> hope = Configuration(id="h", contexts=[{"label": "Trust"}],
            ...                      outcomes=[{"label": "Hope"}])
            >>> hope.with_elements(lambda e: e.model_copy(update={"id": e.id + "-2"})).contexts
            (Context(id='c-trust-2', label='Trust'),)
        """
        return self.replaced(
            **{slot: tuple(map(change, getattr(self, slot))) for slot in ELEMENT_SLOTS},
            mechanism=change(self.mechanism) if self.mechanism else None)

    @property
    def elements(self) -> tuple[AnyElement, ...]:
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


def _repeated(ids: list[str]) -> list[str]:
    if len(set(ids)) == len(ids):
        return []
    seen: set[str] = set()
    return sorted({i for i in ids if i in seen or seen.add(i)})  # type: ignore[func-returns-value]


def _join(labels: Iterable[str]) -> str:
    items = list(labels)
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
