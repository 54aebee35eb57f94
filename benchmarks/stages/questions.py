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


#: Contexts and outcomes are one kind of node (a state), as in ``cmo``'s graph: the outcome
#: of one configuration that is another's context joins them in a chain.
_NODE_KIND: Final = {"context": "state", "outcome": "state", "mechanism": "mechanism",
                     "intervention": "intervention", "actor": "actor"}


def graph_parts(graph: nx.MultiDiGraph) -> GraphParts:
    """The nodes and edges, with their attributes, of a theory's graph as ``cmo`` built it."""
    return list(graph.nodes(data=True)), list(graph.edges(keys=True, data=True))


def collection_parts(collection: Collection) -> GraphParts:
    """The nodes and edges of the theory's graph, taken out of the collection in one plain
    pass: each element's node keyed by its kind and id (label, kind and the configurations
    using it), one edge per configuration from each context, intervention and actor to its
    mechanism and from the mechanism to each outcome (straight to the outcomes when it has
    none), carrying the configuration's id, theme, evidence and its counts by stance."""
    nodes: dict[tuple[str, str], tuple[str, dict[str, Any]]] = {}
    edges: list[tuple[str, str, str, dict[str, Any]]] = []
    for configuration in collection.configurations:
        key = configuration.id
        starts = [_node(nodes, e, key) for e in (*configuration.interventions,
                                                 *configuration.actors, *configuration.contexts)]
        outcomes = [_node(nodes, e, key) for e in configuration.outcomes]
        stances = Counter(evidence.stance for evidence in configuration.evidence)
        attributes = {"configuration": key, "theme": configuration.theme,
                      "evidence": configuration.evidence, "supports": stances["supports"],
                      "refutes": stances["refutes"], "refines": stances["refines"]}
        if configuration.mechanism is None:
            edges += [(s, o, key, attributes) for s in starts for o in outcomes]
        else:
            middle = _node(nodes, configuration.mechanism, key)
            edges += [(s, middle, key, attributes) for s in starts]
            edges += [(middle, o, key, attributes) for o in outcomes]
    return list(nodes.values()), edges


def _node(nodes: dict[tuple[str, str], tuple[str, dict[str, Any]]], element: Any,
          configuration: str) -> str:
    """The element's node (made the first time), noting the configuration that uses it."""
    key = (_NODE_KIND[element.kind], element.id)
    found = nodes.get(key)
    if found is None:
        found = nodes[key] = (element.id, {"label": element.label, "kind": element.kind,
                                           "configurations": {}})
    found[1]["configurations"][configuration] = None  # an ordered set
    return found[0]


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
    edges to its outcomes, which are states again. It reads networkx's adjacency dicts
    (``graph._succ``) as networkx's own algorithms do: through the read-only views the same
    walk takes about 7 times as long."""
    successors = graph._succ
    reached = []
    for start in contexts:
        seen, frontier, found = {start}, [start], {}
        while frontier:
            following = []
            for state in frontier:
                for middle, keys in successors[state].items():
                    for outcome, outcome_keys in successors[middle].items():
                        if not keys.keys().isdisjoint(outcome_keys):
                            found.setdefault(outcome, None)
                            if outcome not in seen:
                                seen.add(outcome)
                                following.append(outcome)
            frontier = following
        reached.append(list(found))
    return reached


def _graph(w: Workload) -> tuple[Work, Work]:
    return (lambda: cmo.ProgrammeTheory(w.collection).graph,  # the graph is made when asked for
            lambda: bare_graph(collection_parts(w.collection)))


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
    Stage("graph", "the same nodes and edges taken out of the collection in one plain pass "
          "and added to a bare networkx.MultiDiGraph", _graph),
    Stage("queries", "the same support counts in one plain pass, and the same traversal "
          "from every context on the bare graph's adjacency dicts", _queries),
    Stage("matrix", "evidence counted by participant, configuration and stance in one plain "
          "pass", _matrix),
)
