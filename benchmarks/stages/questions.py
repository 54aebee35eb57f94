"""The theory and the questions put to it: building the graph, support and chains, the
framework matrix."""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Iterable
from typing import Any, Final

import networkx as nx
from workload import Workload

import cmo
from cmo.models import Collection, Configuration

from .common import STANCES, Stage, Work

GraphParts = tuple[list[tuple[str, dict[str, Any]]], list[tuple[str, str, str, dict[str, Any]]]]


def graph_parts(graph: nx.MultiDiGraph) -> GraphParts:
    """The nodes and edges, with their attributes, of a theory's graph: the floor's input."""
    return list(graph.nodes(data=True)), list(graph.edges(keys=True, data=True))


def bare_graph(parts: GraphParts) -> nx.MultiDiGraph:
    nodes, edges = parts
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from(edges)
    return graph


def plain_support_counts(configurations: Iterable[Configuration]) -> list[tuple[Any, ...]]:
    """The counts of :class:`cmo.Support`, in one plain pass over each configuration's evidence."""
    rows = []
    for configuration in configurations:
        links: Counter[str] = Counter()
        by_stance: dict[str, dict[str, Any]] = {stance: {} for stance in STANCES}
        for evidence in configuration.evidence:
            links[evidence.stance] += 1
            source = evidence.excerpt.source
            by_stance[evidence.stance].setdefault(source.id, source)
        sources = {i: s for found in by_stance.values() for i, s in found.items()}
        distinct = [len({getattr(s, name) for s in sources.values()} - {None})
                    for name in ("participant", "site", "wave", "participant_role", "kind")]
        cases = {s.participant or s.id for s in by_stance["refutes"].values()}
        rows.append((configuration.id, sum(links.values()), len(sources), *distinct,
                     *(links[stance] for stance in STANCES),
                     *(len(by_stance[stance]) for stance in STANCES), len(cases)))
    return rows


def plain_matrix(collection: Collection) -> Counter[tuple[str, str, str]]:
    """The framework matrix by participant: evidence counted by (participant, configuration,
    stance) in one plain pass."""
    counts: Counter[tuple[str, str, str]] = Counter()
    for configuration in collection.configurations:
        for evidence in configuration.evidence:
            participant = evidence.excerpt.source.participant or "(not given)"
            counts[participant, configuration.id, evidence.stance] += 1
    return counts

def plain_outcomes_reached(graph: nx.MultiDiGraph, contexts: Iterable[str]) -> list[list[str]]:
    """From each context node, every outcome downstream, following chains: from a state along
    a configuration's edge (its key) to its mechanism, on along the same configuration's
    edges to its outcomes, which are states again."""
    successors = graph.succ
    reached = []
    for start in contexts:
        seen, frontier, found = {start}, [start], {}
        while frontier:
            following = []
            for state in frontier:
                for middle, keys in successors[state].items():
                    for outcome, outcome_keys in successors[middle].items():
                        if keys.keys() & outcome_keys.keys():
                            found.setdefault(outcome, None)
                            if outcome not in seen:
                                seen.add(outcome)
                                following.append(outcome)
            frontier = following
        reached.append(list(found))
    return reached


def _graph(w: Workload) -> tuple[Work, Work]:
    parts = graph_parts(w.theory.graph)
    return lambda: cmo.ProgrammeTheory(w.collection), lambda: bare_graph(parts)


def _queries(w: Workload) -> tuple[Work, Work]:
    theory = w.theory
    contexts = list({e.id: e for c in theory.configurations for e in c.contexts}.values())
    context_nodes = [theory.node(context) for context in contexts]
    bare = bare_graph(graph_parts(theory.graph))

    def ours() -> Any:
        return theory.support_table(), [theory.outcomes_of(context) for context in contexts]

    def floor() -> Any:
        return (plain_support_counts(theory.configurations),
                plain_outcomes_reached(bare, context_nodes))

    return ours, floor


def _matrix(w: Workload) -> tuple[Work, Work]:
    def ours() -> Any:
        with warnings.catch_warnings():  # sources that name no participant: a warning
            warnings.simplefilter("ignore")
            return cmo.evidence_matrix(w.theory, by="participant")

    return ours, lambda: plain_matrix(w.collection)


STAGES: Final[tuple[Stage, ...]] = (
    Stage("graph", "the same nodes and edges added to a bare networkx.MultiDiGraph", _graph),
    Stage("queries", "the same support counts in one plain pass, and the same traversal "
          "from every context on the bare graph", _queries),
    Stage("matrix", "evidence counted by participant, configuration and stance in one plain "
          "pass", _matrix),
)
