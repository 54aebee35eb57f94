"""How a configuration's mechanism was inferred: the retroduction log.

Transparent realist reports show the inferential moves from data to mechanism (abductive
redescription, retroductive reasoning to the conditions that make an outcome possible...)
and the alternative mechanisms considered, with why each was set aside. Each step and
alternative may cite excerpts (by id) and middle-range theories (by name).

Example:
    >>> log = Retroduction(
    ...     steps=[{"move": "abductive", "excerpts": ["tierney-hope"],
    ...             "inference": "Hope is read as the outcome of trust in the link worker",
    ...             "theories": ["Trust"]}],
    ...     alternatives=[{"mechanism": "Hope comes from the referral itself",
    ...                    "set_aside_because": "The abstract ties hope to trust built in talk"}])
    >>> log.steps[0].move, log.cited_excerpts()
    ('abductive', ('tierney-hope',))
"""

from __future__ import annotations

import datetime as dt
from typing import Final, Literal, get_args

from pydantic import Field, model_validator

from ._base import Value
from .types import Identifier, Label, Text

__all__ = [
    "INFERENCE_MOVES",
    "AlternativeMechanism",
    "InferenceMove",
    "InferenceStep",
    "Retroduction",
]

InferenceMove = Literal["abductive", "retroductive", "inductive", "deductive"]
INFERENCE_MOVES: Final[tuple[str, ...]] = get_args(InferenceMove)


class InferenceStep(Value):
    """One inferential move from data towards the mechanism."""

    _unordered = frozenset({"excerpts", "theories"})
    move: InferenceMove = Field(
        description="The kind of inference: abductive (redescribing what was seen in the "
                    "light of a theory), retroductive (reasoning back to what must hold for "
                    "the outcome to occur), inductive or deductive.")
    inference: Text = Field(description="What was inferred, and from what.")
    excerpts: tuple[Identifier, ...] = Field((), description="Ids of the excerpts it rests on.")
    theories: tuple[Label, ...] = Field((), description="Middle-range theories it draws on.")
    judged_by: Label | None = Field(None, description="Who made the inference (a team member).")
    date: dt.date | None = None

    @property
    def sort_key(self) -> str:
        return self.inference


class AlternativeMechanism(Value):
    """A mechanism considered for the configuration and set aside."""

    _unordered = frozenset({"excerpts", "theories"})
    mechanism: Text = Field(description="The alternative explanation considered.")
    set_aside_because: Text = Field(description="Why it was set aside.")
    excerpts: tuple[Identifier, ...] = Field(
        (), description="Ids of the excerpts that weigh against it (or for it).")
    theories: tuple[Label, ...] = Field((), description="Middle-range theories it draws on.")

    @property
    def sort_key(self) -> str:
        return self.mechanism


class Retroduction(Value):
    """The retroduction log of a configuration: its steps in order, and the alternatives."""

    _unordered = frozenset({"alternatives"})
    steps: tuple[InferenceStep, ...] = Field((), description="The inferential moves, in order.")
    alternatives: tuple[AlternativeMechanism, ...] = Field(
        (), description="Alternative mechanisms considered, and why each was set aside.")

    @model_validator(mode="after")
    def _logs_something(self) -> Retroduction:
        if not self.steps and not self.alternatives:
            raise ValueError("a retroduction log has at least one step or alternative "
                             "(leave 'retroduction' out when there is none)")
        return self

    def cited_excerpts(self) -> tuple[str, ...]:
        """Ids of every excerpt a step or an alternative cites, each once, in order."""
        return tuple(dict.fromkeys(
            excerpt for part in (*self.steps, *self.alternatives) for excerpt in part.excerpts))

    def cited_theories(self) -> tuple[str, ...]:
        """Names of every middle-range theory a step or an alternative cites, each once."""
        return tuple(dict.fromkeys(
            theory for part in (*self.steps, *self.alternatives) for theory in part.theories))
