"""Contradictions between the inputs of a merge: outcomes that disagree, and one
configuration supported in one input and refuted in another.

:func:`cmo.theory.merge.merge` reports them with its other conflicts; they are found here, on
the merged configurations, once every input is in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ..models import AnyElement, Configuration
from .merge_result import Conflict, Side

__all__ = ["contradictions"]


def contradictions(configurations: Iterable[Configuration],
                   origin: Mapping[str, list[tuple[int, str]]],
                   node: Callable[[AnyElement], str], names: tuple[str, ...], *,
                   at_most: int) -> list[Conflict]:
    """Contradicting outcomes, and configurations supported in one input, refuted in another.

    Outcomes contradict when configurations of different inputs have the same contexts
    and mechanism (as one element: by id, label or alias) and outcomes of which neither
    set includes the other. A configuration is supported or refuted by its ``status``; one
    configuration is the same id in two inputs, or the same contexts, mechanism, outcomes.

    Args:
        configurations: the merged configurations.
        origin: each merged configuration's id -> ``(input number, id in that input)``.
        node: the merged element an element is (see :class:`~cmo.theory.graph.ProgrammeTheory`).
        names: the inputs' names, by number less one.
        at_most: configurations compared within one group of the same cause, which
            keeps the cost linear.
    """
    conflicts = []
    inputs = {ident: [n for n, _ in found] for ident, found in origin.items()}
    by_cause: dict[Any, list[Configuration]] = {}
    same: dict[Any, list[Configuration]] = {}
    outcomes_of: dict[str, frozenset[str]] = {}
    for configuration in configurations:
        contexts = frozenset(map(node, configuration.contexts))
        mechanism = node(configuration.mechanism) if configuration.mechanism else None
        outcomes = outcomes_of[configuration.id] = frozenset(map(node, configuration.outcomes))
        if contexts and mechanism and outcomes:
            by_cause.setdefault((contexts, mechanism), []).append(configuration)
        same.setdefault(("cmo", contexts, mechanism, outcomes), []).append(configuration)
        for _, original in origin[configuration.id]:
            same.setdefault(("id", original), []).append(configuration)

    def side(configuration: Configuration, number: int, detail: str) -> Side:
        return Side(names[number - 1], configuration.id, detail)

    def apart(a: Configuration, b: Configuration) -> tuple[int, int] | None:
        return next(((i, j) for i in inputs[a.id] for j in inputs[b.id] if i != j), None)

    for group in by_cause.values():
        for index, a in enumerate(group[:at_most]):
            for b in group[index + 1:at_most]:
                pair, out_a, out_b = apart(a, b), outcomes_of[a.id], outcomes_of[b.id]
                if pair and not (out_a <= out_b or out_b <= out_a):
                    conflicts.append(Conflict("contradicting outcomes", "configuration", (
                        side(a, pair[0], _join(o.label for o in a.outcomes)),
                        side(b, pair[1], _join(o.label for o in b.outcomes))), ("outcomes",)))
    reported = set()
    for group in same.values():
        if len(group) < 2:  # one configuration: nothing to contradict it
            continue
        supported = [c for c in group if c.status == "supported"]
        for b in (c for c in group if c.status == "refuted"):
            found = next(((a, pair) for a in supported if (pair := apart(a, b))), None)
            if found and (found[0].id, b.id) not in reported:
                reported.add((found[0].id, b.id))
                conflicts.append(Conflict("supported and refuted", "configuration", (
                    side(found[0], found[1][0], "supported"), side(b, found[1][1], "refuted")),
                    ("status",)))
    return conflicts


def _join(labels: Iterable[str]) -> str:
    return "; ".join(f'"{label}"' for label in labels)
