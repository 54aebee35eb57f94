"""Which configurations and excerpts of different coders are one, for their agreement.

Configurations are matched as the merge matches them: the same id, else the same contexts,
mechanism and outcomes, each element being one across coders by id, normalised label or
alias (:class:`~cmo.theory.merge_identity.ElementIdentities`). Excerpts are matched by id,
else by the same source and span (start and end), else by the same source and the same
text once its whitespace is normalised. Only the sources every coder has count; the others
are left out. Each match says how it was made.

Example:
    >>> from cmo.models import Collection, Configuration
    >>> a = Collection(configurations=[Configuration(id="hope",
    ...     contexts=[{"label": "Trust"}], outcomes=[{"label": "Hope"}])])
    >>> b = Collection(configurations=[Configuration(id="c7",
    ...     contexts=[{"label": "trust"}], outcomes=[{"label": "Hope"}])])
    >>> [(m.id, m.ids, m.by) for m in match_configurations((a, b), ("ann", "bob"))]
    [('hope', ('hope', 'c7'), (None, 'elements'))]
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Literal

from ..models import Collection, Configuration, Excerpt
from .merge_identity import ElementIdentities

__all__ = ["MatchedConfiguration", "MatchedExcerpt", "match_configurations", "match_excerpts",
           "shared_sources"]

ConfigurationMatch = Literal["id", "elements"]
ExcerptMatch = Literal["id", "span", "text"]


@dataclass(frozen=True, slots=True)
class MatchedConfiguration:
    """One configuration across coders.

    Args:
        id: its id in the first coder's theory that has it.
        ids: its id in each coder's theory (None where a coder has none).
        by: how each coder's configuration was matched to the first's (None for the first
            and for coders without it): ``"id"`` or ``"elements"``.
    """

    id: str
    ids: tuple[str | None, ...]
    by: tuple[ConfigurationMatch | None, ...]


@dataclass(frozen=True, slots=True)
class MatchedExcerpt:
    """One excerpt across coders: the first coder's that has it, and each coder's id.

    Args:
        excerpt: the first coder's excerpt that has it (its id names it).
        ids: its id in each coder's theory (None where a coder has none).
        by: how each coder's excerpt was matched (None for the first and the absent):
            ``"id"``, ``"span"`` or ``"text"``.
    """

    excerpt: Excerpt
    ids: tuple[str | None, ...]
    by: tuple[ExcerptMatch | None, ...]

    @property
    def id(self) -> str:
        """Its id in the first coder's theory that has it."""
        return self.excerpt.id


class _Groups:
    """Groups of values, one value per coder at most, found through keys in order: first
    the value's id key, then the keys derived from it (``derive``: a span, a text, the
    elements), each finding the first group that gave it whose place for the coder is free.

    Derived keys cost time (an excerpt's text folded, a configuration's elements looked up)
    and are needed only when a value's id finds no free group: they are worked out then,
    for every value added before (in order, so each key finds the group it would have found
    had it been given at once). The last coder's keys are not kept: no coder comes after to
    look them up (its own values never fill a group of its own twice).
    """

    def __init__(self, coders: int,
                 derive: Callable[[object], Sequence[tuple[str, Hashable | None]]]) -> None:
        self.coders = coders
        self.derive = derive
        self.members: list[list[str | None]] = []
        self.by: list[list[str | None]] = []
        self.first: list[object] = []
        self.by_id: dict[Hashable, int] = {}
        self.derived: dict[Hashable, int] = {}
        self.pending: list[tuple[int, object]] = []

    def add(self, coder: int, ident: str, value: object, id_key: Hashable) -> None:
        members = self.members
        group: int | None = None  # every group so far holds a value of the first coder
        how: str | None = None
        if coder:
            group, how = self.by_id.get(id_key), "id"
            if group is None or members[group][coder] is not None:
                group, how = self._derived(coder, value)
        if group is None:
            group, how = len(members), None
            members.append([None] * self.coders)
            self.by.append([None] * self.coders)
            self.first.append(value)
        members[group][coder], self.by[group][coder] = ident, how
        if coder < self.coders - 1:
            self.by_id.setdefault(id_key, group)
            self.pending.append((group, value))

    def _derived(self, coder: int, value: object) -> tuple[int | None, str | None]:
        derived, members = self.derived, self.members
        for group, earlier in self.pending:
            for _how, key in self.derive(earlier):
                if key is not None:
                    derived.setdefault(key, group)
        self.pending.clear()
        for how, key in self.derive(value):
            if key is not None and (group := derived.get(key)) is not None \
                    and members[group][coder] is None:
                return group, how
        return None, None


def _signature(configuration: Configuration, identities: ElementIdentities
               ) -> tuple[object, ...] | None:
    node = identities.node
    contexts = frozenset(map(node, configuration.contexts))
    mechanism = node(configuration.mechanism) if configuration.mechanism else None
    outcomes = frozenset(map(node, configuration.outcomes))
    if not (contexts or mechanism or outcomes):
        return None
    return ("elements", contexts, mechanism, outcomes)


def match_configurations(collections: Sequence[Collection], names: Sequence[str]
                         ) -> tuple[MatchedConfiguration, ...]:
    """The configurations of every coder, matched across coders, in the order first met.

    Args:
        collections: each coder's theory.
        names: each coder's name (for the element identities' account).
    """
    identities = ElementIdentities(tuple(names), aliases={}, suggest=False)

    def by_elements(configuration: object) -> tuple[tuple[str, Hashable | None]]:
        # An element's node never changes once identified, so a signature worked out
        # later, after later coders' elements are identified, is the same.
        return (("elements", _signature(configuration, identities)),)  # type: ignore[arg-type]

    groups = _Groups(len(collections), by_elements)
    for coder, collection in enumerate(collections):
        identities.next_input()
        for element in collection.elements:
            identities.identify(coder + 1, element)
        for configuration in collection.configurations:
            groups.add(coder, configuration.id, configuration, configuration.id)
    return tuple(MatchedConfiguration(first.id, tuple(members), tuple(by))  # type: ignore[attr-defined, arg-type]
                 for first, members, by in zip(groups.first, groups.members, groups.by,
                                               strict=True))


def shared_sources(collections: Sequence[Collection]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The ids of the sources every coder has, and of those some coder lacks (both sorted)."""
    held = [{source.id for source in collection.sources} for collection in collections]
    every = set.intersection(*held) if held else set()
    return tuple(sorted(every)), tuple(sorted(set().union(*held) - every))


def match_excerpts(collections: Sequence[Collection], sources: Sequence[str]
                   ) -> tuple[MatchedExcerpt, ...]:
    """The excerpts of ``sources`` in every coder's theory, matched across coders."""
    kept = set(sources)
    groups = _Groups(len(collections), _span_and_text)
    for coder, collection in enumerate(collections):
        for excerpt in collection.excerpts:
            source = excerpt.source.id
            if source in kept:
                groups.add(coder, excerpt.id, excerpt, (source, excerpt.id))
    return tuple(MatchedExcerpt(first, tuple(members), tuple(by))  # type: ignore[arg-type]
                 for first, members, by in zip(groups.first, groups.members, groups.by,
                                               strict=True))


def _span_and_text(excerpt: object) -> tuple[tuple[str, Hashable | None], ...]:
    """The keys an excerpt is found by when its id finds none: the same source and span,
    else the same source and text once its white space is normalised."""
    assert isinstance(excerpt, Excerpt)
    source = excerpt.source.id
    span = (None if excerpt.start is None or excerpt.end is None
            else ("span", source, excerpt.start, excerpt.end))
    return (("span", span), ("text", ("text", source, " ".join(excerpt.text.split()))))
