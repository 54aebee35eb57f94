"""Questions a researcher asks of a programme theory while refining it.

Which configurations have no evidence, or only evidence against them? Which elements
hang on a single configuration? In which contexts is no mechanism known yet, and which
outcomes does the theory never explain? Where do chains of configurations loop back on
themselves, and which context-outcome patterns recur across sites or sources
(demi-regularities)?

Each query is a plain function of a :class:`~cmo.theory.graph.ProgrammeTheory` (the theory
offers each as a method too), or of any value of its shape
(:class:`~cmo.theory.shape.TheoryGraph`), and costs time linear in the size of the theory:
it looks every element up in the theory's index of graph nodes once, never pairs
configurations with each other. (Listing cycles costs time in proportion to how many there are.)

Example:
    >>> from cmo.models import Collection, Configuration
    >>> from cmo.theory.graph import ProgrammeTheory
    >>> theory = ProgrammeTheory(Collection(configurations=[
    ...     Configuration(id="hope", contexts=[{"label": "Trust"}],
    ...                   mechanism={"reasoning": "Feels hopeful"}, outcomes=[{"label": "Hope"}]),
    ...     Configuration(id="dyad", contexts=[{"label": "Time"}], outcomes=[{"label": "Hope"}]),
    ... ]))
    >>> [context.label for context in contexts_without_mechanism(theory)]
    ['Time']
    >>> [c.id for c in configurations_without_evidence(theory)]
    ['hope', 'dyad']
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..models import Configuration, Context, Outcome
from .shape import TheoryGraph
from .support import sources_behind, support_of

if TYPE_CHECKING:
    import networkx as nx

    from ..models import AnyElement

__all__ = [
    "DemiRegularity",
    "configurations_only_refuted",
    "configurations_without_evidence",
    "contexts_without_mechanism",
    "cycles",
    "demi_regularities",
    "elements_used_once",
    "outcomes_never_reached",
]

#: Evidence that shows a pattern happening: refining evidence says the configuration holds
#: but needs changing; refuting evidence says the pattern did not happen.
_SHOWS_THE_PATTERN = ("supports", "refines")


@dataclass(frozen=True, slots=True)
class DemiRegularity:
    """A context-outcome pattern that recurs across sites or sources.

    ``configurations`` are those linking ``context`` to ``outcome`` (perhaps through
    different mechanisms); ``sites`` and ``sources`` are the distinct sites and source ids
    of their evidence that supports or refines them, first cited first.
    """

    context: Context
    outcome: Outcome
    configurations: tuple[str, ...]
    sites: tuple[str, ...]
    sources: tuple[str, ...]


def configurations_without_evidence(theory: TheoryGraph) -> tuple[Configuration, ...]:
    """Configurations that cite no evidence at all (still to be tested against data).

    Args:
        theory: the programme theory.

    Returns:
        Those configurations, in the theory's order.

    Example:
        >>> from cmo.models import Collection, Configuration
        >>> from cmo.theory.graph import ProgrammeTheory
        >>> theory = ProgrammeTheory(Collection(configurations=[Configuration(
        ...     id="untested", contexts=[{"label": "Trust"}], outcomes=[{"label": "Hope"}])]))
        >>> [c.id for c in configurations_without_evidence(theory)]
        ['untested']
    """
    return tuple(c for c in theory.configurations if not c.evidence)


def configurations_only_refuted(theory: TheoryGraph) -> tuple[Configuration, ...]:
    """Configurations whose evidence all refutes them: candidates for the status "refuted".

    A configuration without evidence is not among them (see
    :func:`configurations_without_evidence`), nor is one with any supporting or refining
    evidence.

    Args:
        theory: the programme theory.

    Returns:
        Those configurations, in the theory's order.

    Example:
        >>> from cmo.models import Collection, Configuration, Evidence, Excerpt, Source
        >>> from cmo.theory.graph import ProgrammeTheory
        >>> quote = Excerpt(id="q1", source=Source(id="p01", kind="interview"),
        ...                 text="Synthetic quote 1")
        >>> theory = ProgrammeTheory(Collection(configurations=[Configuration(
        ...     id="doubted", contexts=[{"label": "Trust"}], outcomes=[{"label": "Hope"}],
        ...     evidence=[Evidence(excerpt=quote, stance="refutes")])]))
        >>> [c.id for c in configurations_only_refuted(theory)]
        ['doubted']
    """
    return tuple(c for c in theory.configurations if support_of(c).is_only_refuted)


def elements_used_once(theory: TheoryGraph) -> tuple[tuple[AnyElement, str], ...]:
    """Elements that only one configuration uses, each with that configuration's id.

    An element is a graph node: a state that is one configuration's outcome and another's
    context is used by two. Elements declared but used by no configuration are left out.

    Args:
        theory: the programme theory.

    Returns:
        ``(element, configuration id)`` pairs, in the order of the graph's nodes.

    Example:
        >>> from cmo.models import Collection, Configuration
        >>> from cmo.theory.graph import ProgrammeTheory
        >>> theory = ProgrammeTheory(Collection(configurations=[
        ...     Configuration(id="a", contexts=[{"label": "Trust"}], outcomes=[{"label": "Hope"}]),
        ...     Configuration(id="b", contexts=[{"label": "Trust"}], outcomes=[{"label": "Joy"}]),
        ... ]))
        >>> [(element.label, configuration) for element, configuration in elements_used_once(theory)]
        [('Hope', 'a'), ('Joy', 'b')]
    """
    return tuple((data["elements"][0], data["configurations"][0])
                 for _, data in theory.graph.nodes(data=True)
                 if len(data["configurations"]) == 1)


def contexts_without_mechanism(theory: TheoryGraph) -> tuple[Context, ...]:
    """Contexts in which no mechanism is known: every configuration in them is a C-O dyad.

    Args:
        theory: the programme theory.

    Returns:
        One context per graph node, in the order of the graph's nodes.

    Example:
        >>> from cmo.models import Collection, Configuration
        >>> from cmo.theory.graph import ProgrammeTheory
        >>> theory = ProgrammeTheory(Collection(configurations=[Configuration(
        ...     id="dyad", contexts=[{"label": "Time"}], outcomes=[{"label": "Hope"}])]))
        >>> contexts_without_mechanism(theory)
        (Context(id='c-time', label='Time'),)
    """
    with_mechanism = {theory.node(context) for c in theory.configurations if c.mechanism
                      for context in c.contexts}
    return tuple(_element(theory, node, "context") for node, roles in theory.graph.nodes(
        data="roles") if "context" in roles and node not in with_mechanism)


def outcomes_never_reached(theory: TheoryGraph) -> tuple[Outcome, ...]:
    """Outcomes the theory never explains: no standing whole configuration produces them.

    For a realist an outcome is explained (*reached*) when the theory says in which
    context which mechanism produces it: a whole C-M-O configuration, whose evidence does
    not all refute it (a configuration not yet tested still counts: it is the theory's
    current explanation). An outcome is *never reached* when every configuration that
    produces it lacks a context or a mechanism (an M-O or C-O dyad), or is refuted by all
    its evidence. Reaching an outcome's context through a chain is not required.

    Args:
        theory: the programme theory.

    Returns:
        One outcome per graph node, in the order of the graph's nodes.

    Example:
        >>> from cmo.models import Collection, Configuration
        >>> from cmo.theory.graph import ProgrammeTheory
        >>> theory = ProgrammeTheory(Collection(configurations=[Configuration(
        ...     id="dyad", mechanism={"reasoning": "Feels hopeful"}, outcomes=[{"label": "Hope"}])]))
        >>> outcomes_never_reached(theory)
        (Outcome(id='o-hope', label='Hope'),)
    """
    reached = {theory.node(outcome) for c in theory.configurations
               if not c.is_partial and not support_of(c).is_only_refuted
               for outcome in c.outcomes}
    return tuple(_element(theory, node, "outcome") for node, roles in theory.graph.nodes(
        data="roles") if "outcome" in roles and node not in reached)


def cycles(theory: TheoryGraph, *, max_length: int | None = None) -> tuple[tuple[str, ...], ...]:
    """Chains of configurations that lead back to where they started.

    Configuration A is followed by B when an outcome of A is a context of B (see
    :meth:`~cmo.theory.graph.ProgrammeTheory.chains`); a configuration whose outcome is one of
    its own contexts (a self-reinforcing loop) is a cycle of one.

    A densely chained theory can hold a great many cycles: all of them take time in
    proportion to their number (``networkx.simple_cycles``), while cycles of at most
    ``max_length`` configurations take time in proportion to the number of chains of that
    length, so a short bound stays fast on a large theory.

    Args:
        theory: the programme theory.
        max_length: leave out cycles of more configurations than this.

    Returns:
        Each cycle once, as configuration ids starting from the one that comes first in the
        theory; cycles ordered by those positions.

    Example:
        >>> from cmo.models import Collection, Configuration
        >>> from cmo.theory.graph import ProgrammeTheory
        >>> theory = ProgrammeTheory(Collection(configurations=[
        ...     Configuration(id="a", contexts=[{"label": "Hope"}], outcomes=[{"label": "Trust"}]),
        ...     Configuration(id="b", contexts=[{"label": "Trust"}], outcomes=[{"label": "Hope"}]),
        ... ]))
        >>> cycles(theory), cycles(theory, max_length=1)
        ((('a', 'b'),), ())
    """
    import networkx as nx

    # Nodes are positions in the theory, so "comes first" is "smallest".
    position = {c.id: number for number, c in enumerate(theory.configurations)}
    graph = nx.DiGraph()
    graph.add_edges_from((position[chain.upstream], position[chain.downstream])
                         for chain in theory.chains())
    for configuration in theory.configurations:
        produced = {theory.node(outcome) for outcome in configuration.outcomes}
        if any(theory.node(context) in produced for context in configuration.contexts):
            graph.add_edge(position[configuration.id], position[configuration.id])
    found = [(*cycle[cycle.index(min(cycle)):], *cycle[:cycle.index(min(cycle))])
             for cycle in (nx.simple_cycles(graph) if max_length is None
                           else _short_cycles(graph, max_length))]
    names = [c.id for c in theory.configurations]
    return tuple(tuple(names[number] for number in cycle) for cycle in sorted(found))


def _short_cycles(graph: nx.DiGraph, max_length: int) -> Iterator[list[int]]:
    """Cycles of at most ``max_length`` nodes, each found once: from its smallest node.

    (networkx's own ``length_bound`` search is far slower on large, densely linked graphs.)
    """
    for start in graph if max_length > 0 else ():
        paths = [[start]]
        while paths:
            path = paths.pop()
            for following in graph.successors(path[-1]):
                if following == start:
                    yield path
                elif following > start and following not in path and len(path) < max_length:
                    paths.append([*path, following])


@dataclass
class _Pattern:
    configurations: dict[str, None] = field(default_factory=dict)
    sites: dict[str, None] = field(default_factory=dict)
    sources: dict[str, None] = field(default_factory=dict)


def demi_regularities(
    theory: TheoryGraph, *, min_sites: int = 2, min_sources: int = 2
) -> tuple[DemiRegularity, ...]:
    """Context-outcome patterns that recur across distinct sites and sources.

    A pattern is a context and an outcome (graph nodes) that one or more configurations
    link, whatever their mechanisms. It recurs where the evidence supporting or refining
    those configurations (refuting evidence shows the pattern *not* happening) comes from
    at least ``min_sites`` distinct sites *and* at least ``min_sources`` distinct sources.
    For a review of publications, which have no site, pass ``min_sites=0``.

    Args:
        theory: the programme theory.
        min_sites: the fewest distinct sites a pattern needs.
        min_sources: the fewest distinct sources a pattern needs.

    Returns:
        The patterns that reach both thresholds, in the order configurations first show
        them.

    Example:
        >>> from cmo.models import Collection, Configuration, Evidence, Excerpt, Source
        >>> from cmo.theory.graph import ProgrammeTheory
        >>> def seen_at(site, n):
        ...     source = Source(id=f"s{n}", kind="observation", site=site)
        ...     return Evidence(stance="supports", excerpt=Excerpt(
        ...         id=f"q{n}", source=source, text=f"Synthetic note {n}"))
        >>> theory = ProgrammeTheory(Collection(configurations=[
        ...     Configuration(id="a", contexts=[{"label": "Trust"}], outcomes=[{"label": "Hope"}],
        ...                   evidence=[seen_at("North", 1)]),
        ...     Configuration(id="b", contexts=[{"label": "Trust"}], outcomes=[{"label": "Hope"}],
        ...                   mechanism={"reasoning": "Feels heard"}, evidence=[seen_at("South", 2)]),
        ... ]))
        >>> [(p.context.label, p.outcome.label, p.configurations, p.sites)
        ...  for p in demi_regularities(theory)]
        [('Trust', 'Hope', ('a', 'b'), ('North', 'South'))]
    """
    patterns: dict[tuple[str, str], _Pattern] = {}
    for configuration in theory.configurations:
        behind = sources_behind(configuration, stances=_SHOWS_THE_PATTERN)
        outcomes = [theory.node(outcome) for outcome in configuration.outcomes]
        for context in configuration.contexts:
            for outcome in outcomes:
                pattern = patterns.setdefault((theory.node(context), outcome), _Pattern())
                pattern.configurations[configuration.id] = None
                pattern.sources.update(dict.fromkeys(source.id for source in behind))
                pattern.sites.update(dict.fromkeys(s.site for s in behind if s.site))
    return tuple(
        DemiRegularity(context=_element(theory, context, "context"),
                       outcome=_element(theory, outcome, "outcome"),
                       configurations=tuple(pattern.configurations),
                       sites=tuple(pattern.sites), sources=tuple(pattern.sources))
        for (context, outcome), pattern in patterns.items()
        if len(pattern.sites) >= min_sites and len(pattern.sources) >= min_sources)


def _element(theory: TheoryGraph, node: str, kind: str) -> AnyElement:
    """The element of a graph node in one role (a state node may hold a context and an outcome)."""
    elements = theory.graph.nodes[node]["elements"]
    return next((element for element in elements if element.kind == kind), elements[0])
