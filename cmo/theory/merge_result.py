"""What a merge of programme theories gives: the merged collection and its account.

Matches made, near-duplicates suggested (never merged), conflicts with both sides,
renamings, and the provenance of every configuration and piece of evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from ..models import Collection

__all__ = ["Conflict", "ConflictKind", "Match", "MergeResult", "Renaming", "Side", "Suggestion"]

ConflictKind = Literal["same id", "contradicting outcomes", "supported and refuted",
                       "different appraisal scales"]


@dataclass(frozen=True, slots=True)
class Side:
    """One side of a conflict: the input, the id there (after renaming) and what it says."""

    input: str
    id: str
    detail: str


@dataclass(frozen=True, slots=True)
class Conflict:
    """Inputs that disagree; both sides are kept in the merged collection."""

    kind: ConflictKind
    what: str
    sides: tuple[Side, Side]
    fields: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Renaming:
    """A value of ``input`` whose id was taken by different content, given ``new`` instead."""

    what: str
    input: str
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class Match:
    """An element of ``input`` that is one with ``matched_id`` of ``matched_input``."""

    what: str
    id: str
    input: str
    matched_id: str
    matched_input: str
    by: Literal["label", "alias"]
    wording: str


@dataclass(frozen=True, slots=True)
class Suggestion:
    """Two elements of different inputs that may be one: left for a person to decide."""

    what: str
    id: str
    input: str
    other_id: str
    other_input: str
    score: float
    labels: tuple[str, str]


@dataclass(frozen=True, slots=True)
class MergeResult:
    """The merged collection, and the account of how it was made."""

    names: tuple[str, ...]
    collection: Collection
    provenance: dict[tuple[str, str], tuple[str, ...]]
    matches: tuple[Match, ...]
    suggestions: tuple[Suggestion, ...]
    conflicts: tuple[Conflict, ...]
    renamings: tuple[Renaming, ...]
    #: The inputs as given, in order (the merge report compares the coders on them).
    inputs: tuple[Collection, ...] = field(default=(), repr=False, compare=False)

    @property
    def adjudications(self) -> tuple[Renaming | Match | Suggestion, ...]:
        """Every decision made (renamings, matches) or left open (suggestions)."""
        return (*self.renamings, *self.matches, *self.suggestions)

    def renamed(self, what: str, input_name: str, old: str) -> str:
        """The id in the merged collection of value ``old`` of ``input_name``."""
        return next((r.new for r in self.renamings
                     if (r.what, r.input, r.old) == (what, input_name, old)), old)

    def records(self) -> list[dict[str, Any]]:
        """One row per match, suggestion, conflict, renaming and provenance entry."""
        def row(entry: str, what: str, ident: str, inputs: str, other: str = "",
                other_inputs: str = "", detail: str = "", score: float | None = None
                ) -> dict[str, Any]:
            return {"entry": entry, "what": what, "id": ident, "inputs": inputs,
                    "other id": other, "other inputs": other_inputs, "detail": detail,
                    "score": score}
        rows = [row("match", m.what, m.id, m.input, m.matched_id, m.matched_input,
                    f"by {m.by}: {m.wording}") for m in self.matches]
        rows += [row("suggestion", s.what, s.id, s.input, s.other_id, s.other_input,
                     " / ".join(s.labels), s.score) for s in self.suggestions]
        rows += [row(f"conflict: {c.kind}", c.what, c.sides[0].id, c.sides[0].input,
                     c.sides[1].id, c.sides[1].input, ", ".join(c.fields))
                 for c in self.conflicts]
        rows += [row("renaming", r.what, r.new, r.input, r.old) for r in self.renamings]
        rows += [row("provenance", what, ident, ", ".join(inputs))
                 for (what, ident), inputs in self.provenance.items()]
        return rows
