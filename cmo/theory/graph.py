"""The programme theory: configurations merged into one graph that can be queried.

The same element used by several configurations is one node (matched by id, then by
normalised label or a declared alias); an outcome of one configuration that is the context of another joins
them in a chain. Edges run intervention/actor/context -> mechanism -> outcome, one edge
per configuration (the edge key is the configuration id), carrying that configuration's
evidence and its counts by stance.

Example:
    >>> from cmo.models import Collection, Configuration
    >>> trust = Configuration(id="trust", contexts=[{"label": "Link worker listens"}],
    ...     mechanism={"reasoning": "Patient comes to trust the link worker"},
    ...     outcomes=[{"label": "Patient trusts the link worker"}])
    >>> hope = Configuration(id="hope", contexts=[{"label": "Patient trusts the link worker"}],
    ...     mechanism={"reasoning": "Patient feels hope"}, outcomes=[{"label": "Patient engages"}])
    >>> theory = ProgrammeTheory(Collection(configurations=[trust, hope]))
    >>> [outcome.label for outcome in theory.outcomes_of("Link worker listens")]
    ['Patient trusts the link worker', 'Patient engages']
    >>> theory.chains()
    (Chain(upstream='trust', via='o-patient-trusts-the-link-worker', downstream='hope'),)
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from typing import TYPE_CHECKING, Any, Final, Unpack

from .._helpers.collector import paused_collector
from .._helpers.labels import did_you_mean
from ..exceptions import InputError, Problem
from ..models import (
    AnyElement,
    Codebook,
    Collection,
    Configuration,
    Context,
    Mechanism,
    Outcome,
)
from ..models.labels import normalise_label
from . import queries
from .appraisal import (
    Minimums,
    WeightedSupport,
    appraisal_rows,
    kept_by,
    warn_if_nobody_judged,
    weighted_support,
)
from .merge_strict import merge_strict
from .records import Listing, Records
from .shape import Chain
from .support import (
    Support,
    WaveSupport,
    is_supported,
    strength_rows,
    support_by_wave,
    support_of,
    wave_rows,
)

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["ELEMENT_FAMILIES", "Chain", "ProgrammeTheory", "collection_of"]


#: Elements of these kinds can be one node: an outcome that is another CMOC's context.
ELEMENT_FAMILIES: Final = {"context": "state", "outcome": "state", "mechanism": "mechanism",
                  "intervention": "intervention", "actor": "actor"}


class ProgrammeTheory:
    """Configurations merged into a graph of elements, with the queries realist work needs.

    Args:
        collections: one or more collections (files) of configurations.
        names: how to call each collection in error messages.

    The networkx graph is public (:attr:`graph`) and read-only: a theory does not change;
    build a new one from changed collections. It is made the first time it is asked for
    (so ``cmo validate`` never imports networkx); its nodes and edges are worked out at once.
    """

    @paused_collector()
    def __init__(self, *collections: Collection, names: Iterable[str] = ()) -> None:
        self.collection: Collection = merge_strict(*collections, names=names) if collections \
            else Collection()
        self._configurations = {c.id: c for c in self.collection.configurations}
        self._node_of: dict[tuple[str, str], str] = {}
        # The graph's nodes (name -> attributes) and edges, made into networkx's when asked for.
        self._nodes: dict[str, dict[str, Any]] = {}
        self._edges: list[tuple[str, str, str, dict[str, Any]]] = []
        # Each element's node and that node's attributes, by kind and id: what building
        # the edges looks up for every element of every configuration.
        nodes: dict[tuple[str, str], tuple[str, dict[str, Any]]] = {}
        for element in self.collection.elements:
            nodes[(element.kind, element.id)] = self._add_element(element)
        self._node_by_kind_id = {key: name for key, (name, _) in nodes.items()}
        # What following chains asks of every state again and again, noted once while
        # building: the configurations that have it as a context, in the theory's order, and
        # each configuration's outcome nodes.
        self._context_of: dict[str, list[Configuration]] = {}
        self._outcome_nodes: dict[str, list[str]] = {}
        for configuration in self.collection.configurations:
            self._add_configuration(nodes, configuration)
        for data in self._nodes.values():
            data["roles"] = tuple(sorted(data["roles"]))
            for name in ("ids", "elements", "configurations"):
                data[name] = tuple(data[name])

    @cached_property
    @paused_collector()
    def graph(self) -> nx.MultiDiGraph:
        """The theory as a read-only networkx ``MultiDiGraph`` (made when first asked for)."""
        import networkx as nx

        graph = nx.MultiDiGraph(title=self.collection.title, version=self.collection.version)
        graph.add_nodes_from(self._nodes.items())
        graph.add_edges_from(self._edges)
        self._edges = []  # the graph holds them now (its nodes' data is still read here)
        return nx.freeze(graph)

    # -- building ------------------------------------------------------------------------

    def _add_element(self, element: AnyElement) -> tuple[str, dict[str, Any]]:
        """The element's node, made if it is the first of its node, and the node's attributes."""
        family = ELEMENT_FAMILIES[element.kind]
        by_id = (family, "id:" + element.id)
        by_labels = [(family, normalise_label(text)) for text in (element.label, *element.aliases)]
        node = self._node_of.get(by_id)
        if node is None:
            node = next((self._node_of[key] for key in by_labels if key in self._node_of), None)
        if node is None:
            node = element.id
            self._nodes[node] = {"label": element.label, "kind": element.kind, "roles": set(),
                                 "ids": [], "elements": [], "configurations": {}}
        data = self._nodes[node]
        if element not in data["elements"]:
            data["elements"].append(element)
        if element.id not in data["ids"]:
            data["ids"].append(element.id)
        self._node_of.setdefault(by_id, node)
        for key in by_labels:  # declared aliases (synonyms) match like the label itself
            self._node_of.setdefault(key, node)
        return node, data

    def _add_configuration(self, nodes: dict[tuple[str, str], tuple[str, dict[str, Any]]],
                           configuration: Configuration) -> None:
        def node(element: AnyElement, role: str) -> str:
            name, data = nodes[(element.kind, element.id)]
            data["roles"].add(role)
            data["configurations"][configuration.id] = None  # an ordered set
            return name

        contexts = [node(e, "context") for e in configuration.contexts]
        outcomes = [node(e, "outcome") for e in configuration.outcomes]
        drivers = [node(e, e.kind) for e in (*configuration.interventions, *configuration.actors)]
        for name in contexts:
            users = self._context_of.setdefault(name, [])
            if not users or users[-1] is not configuration:  # two contexts, one node: once
                users.append(configuration)
        self._outcome_nodes[configuration.id] = outcomes
        stances = [evidence.stance for evidence in configuration.evidence]
        attributes = {"configuration": configuration.id, "theme": configuration.theme,
                      "evidence": configuration.evidence, "supports": stances.count("supports"),
                      "refutes": stances.count("refutes"), "refines": stances.count("refines")}
        if configuration.mechanism is not None:
            mechanism = node(configuration.mechanism, "mechanism")
            pairs = [(c, mechanism) for c in (*drivers, *contexts)]
            pairs += [(mechanism, o) for o in outcomes]
        else:
            pairs = [(c, o) for c in (*drivers, *contexts) for o in outcomes]
        self._edges += [(start, end, configuration.id, attributes) for start, end in pairs]

    # -- looking things up ---------------------------------------------------------------

    @property
    def title(self) -> str | None:
        return self.collection.title

    @property
    def configurations(self) -> tuple[Configuration, ...]:
        return self.collection.configurations

    @property
    def codebook(self) -> Codebook:
        """The QDA code tree and code sets (``codebook.code(label)`` finds an excerpt's code)."""
        return self.collection.codebook

    @property
    def themes(self) -> tuple[str, ...]:
        """The themes, in the order configurations first use them."""
        return tuple(dict.fromkeys(c.theme for c in self.configurations if c.theme))

    def configuration(self, configuration_id: str) -> Configuration:
        """The configuration with this id (``KeyError`` naming the known ids if none)."""
        found = self._configurations.get(configuration_id)
        return found if found is not None else self.collection.configuration(configuration_id)

    def node(self, element: str | AnyElement) -> str:
        """The graph node of an element, given as the element, its id or its label.

        Raises:
            KeyError: no element has that id or label.
        """
        if not isinstance(element, str):
            found = self._node_by_kind_id.get((element.kind, element.id))
            return found if found is not None else \
                self._node_of[(ELEMENT_FAMILIES[element.kind], "id:" + element.id)]
        for family in ("state", "mechanism", "intervention", "actor"):
            for key in ((family, "id:" + element), (family, normalise_label(element))):
                if key in self._node_of:
                    return self._node_of[key]
        raise KeyError(f"no element has the id or label {element!r}")

    def configurations_using(self, element: str | AnyElement) -> tuple[Configuration, ...]:
        """The configurations that use an element (in any role)."""
        names = self._nodes[self.node(element)]["configurations"]
        return tuple(self._configurations[name] for name in names)

    def mechanisms_in(self, context: str | AnyElement) -> tuple[Mechanism, ...]:
        """The mechanisms that fire in a context, one per mechanism node."""
        node = self.node(context)
        found: dict[str, Mechanism] = {}
        for configuration in self._context_of.get(node, ()):
            if configuration.mechanism is not None:
                found.setdefault(self.node(configuration.mechanism), configuration.mechanism)
        return tuple(found.values())

    def outcomes_of(self, context: str | AnyElement) -> tuple[Outcome, ...]:
        """The outcomes a context leads to, following chains (nearest first)."""
        start = self.node(context)
        frontier, seen_states = [start], {start}
        found: dict[str, Outcome] = {}
        outcome_nodes = self._outcome_nodes
        while frontier:
            following: list[str] = []
            for state in frontier:
                for configuration in self._context_of.get(state, ()):
                    for name, outcome in zip(outcome_nodes[configuration.id],
                                             configuration.outcomes, strict=True):
                        found.setdefault(name, outcome)
                        if name not in seen_states:
                            seen_states.add(name)
                            following.append(name)
            frontier = following
        return tuple(found.values())

    def chains(self) -> tuple[Chain, ...]:
        """Every link where one configuration's outcome is another's context."""
        links = []
        outcome_nodes, context_of = self._outcome_nodes, self._context_of
        for upstream in self.configurations:
            for state in outcome_nodes[upstream.id]:
                links += [Chain(upstream.id, state, downstream.id)
                          for downstream in context_of.get(state, ()) if downstream is not upstream]
        return Listing(dict.fromkeys(links))

    def partial_configurations(self) -> tuple[Configuration, ...]:
        """Configurations missing a context, mechanism or outcome (dyads)."""
        return tuple(c for c in self.configurations if c.is_partial)

    def unsupported_configurations(self) -> tuple[Configuration, ...]:
        """Configurations that no evidence supports (none at all, or only refuting/refining)."""
        return tuple(c for c in self.configurations if not is_supported(c))

    # Support: ``min_rigour="moderate"`` (min_relevance, min_richness) counts only evidence
    # judged that high or higher (cmo.theory.appraisal.evidence_filter).

    def support(self, configuration_id: str, **minimums: Unpack[Minimums]) -> Support:
        """Support counts of one configuration."""
        return support_of(self.configuration(configuration_id), keep=kept_by(self.collection, minimums))

    def support_table(self, **minimums: Unpack[Minimums]) -> list[Support]:
        """Support counts of every configuration, in order."""
        keep = kept_by(self.collection, minimums, warn=True)
        return [support_of(c, keep=keep) for c in self.configurations]

    def support_by_wave(self, configuration_id: str, **minimums: Unpack[Minimums]
                        ) -> list[WaveSupport]:
        """Support of one configuration at each wave (:func:`cmo.theory.support.support_by_wave`)."""
        return support_by_wave(self.configuration(configuration_id), keep=kept_by(self.collection, minimums))

    def strength_table(self, **minimums: Unpack[Minimums]) -> Records:
        """Support counts, one row (a dict) per configuration (:func:`cmo.theory.support.strength_rows`).

        A notebook shows it as a table; ``.to_pandas()`` makes it a DataFrame.
        """
        return Records(strength_rows(self.configurations, keep=kept_by(self.collection, minimums, warn=True)))

    def wave_table(self, **minimums: Unpack[Minimums]) -> Records:
        """Support per configuration and wave, one row each (:func:`cmo.theory.support.wave_rows`)."""
        return Records(wave_rows(self.configurations, keep=kept_by(self.collection, minimums, warn=True)))

    def weighted_support(self, configuration_id: str, dimension: str = "rigour", *,
                         weights: dict[str, float] | None = None, unjudged: float = 0.0
                         ) -> WeightedSupport:
        """Evidence by stance weighted by its level (:func:`cmo.theory.appraisal.weighted_support`)."""
        return weighted_support(self.configuration(configuration_id), self.collection.appraisal_scales,
                                dimension, weights=weights, unjudged=unjudged)

    def appraisal_table(self, dimension: str = "rigour", *, by_stance: bool = False,
                        **minimums: Unpack[Minimums]) -> Records:
        """Evidence at each level of a dimension and not judged, one row per configuration
        (and stance): :func:`cmo.theory.appraisal.appraisal_rows`."""
        keep = kept_by(self.collection, minimums, warn=True)
        rows = appraisal_rows(self.configurations, self.collection.appraisal_scales, dimension,
                              by_stance=by_stance, keep=keep)
        warn_if_nobody_judged(self.collection, dimension, "all evidence is counted not_judged")
        return Records(rows)

    # -- refinement work: each query is documented in cmo.theory.queries ---------------

    def configurations_without_evidence(self) -> tuple[Configuration, ...]:
        """Configurations that cite no evidence at all."""
        return queries.configurations_without_evidence(self)

    def configurations_only_refuted(self) -> tuple[Configuration, ...]:
        """Configurations whose evidence all refutes them."""
        return queries.configurations_only_refuted(self)

    def elements_used_once(self) -> tuple[tuple[AnyElement, str], ...]:
        """Elements only one configuration uses, with that configuration's id."""
        return queries.elements_used_once(self)

    def contexts_without_mechanism(self) -> tuple[Context, ...]:
        """Contexts in which no mechanism is known (used only by C-O dyads)."""
        return queries.contexts_without_mechanism(self)

    def outcomes_never_reached(self) -> tuple[Outcome, ...]:
        """Outcomes that no whole C-M-O configuration, not refuted, produces."""
        return queries.outcomes_never_reached(self)

    def cycles(self, *, max_length: int | None = None) -> tuple[tuple[str, ...], ...]:
        """Chains of configurations that lead back to where they started, each once."""
        return queries.cycles(self, max_length=max_length)

    def demi_regularities(
        self, *, min_sites: int = 2, min_sources: int = 2
    ) -> tuple[queries.DemiRegularity, ...]:
        """Context-outcome patterns recurring across distinct sites and sources."""
        return Listing(queries.demi_regularities(self, min_sites=min_sites,
                                                 min_sources=min_sources))

    def filtered(
        self, *, themes: Iterable[str] = (), configurations: Iterable[str] = ()
    ) -> ProgrammeTheory:
        """The theory restricted to some themes and/or configurations (by id).

        A theme is found whatever its case and spacing (``"trust and HOPE"``). The part
        keeps the theory's header (id, title, version, what it revises, date, description).

        Raises:
            InputError: a theme or configuration that the theory does not have; the
                message suggests the closest one, or lists the ones it has.
        """
        spelt = {normalise_label(theme): theme for theme in reversed(self.themes)}
        wanted = {"theme": {spelt.get(normalise_label(name), name) for name in themes},
                  "configuration": set(configurations)}
        valid = {"theme": set(self.themes), "configuration": set(self._configurations)}
        problems = [
            Problem(f"{what} {name!r}", "is not in this theory", did_you_mean(name, valid[what])
                    or "use one of: " + (", ".join(map(repr, sorted(valid[what]))) or "none"))
            for what, names in wanted.items() for name in sorted(names)
            if name not in valid[what]
        ]
        if problems:
            raise InputError(problems)
        kept = [c for c in self.configurations
                if (not wanted["theme"] or c.theme in wanted["theme"])
                and (not wanted["configuration"] or c.id in wanted["configuration"])]
        collection = self.collection
        # A retroduction log cites excerpts by id: they stay, cited as evidence or not.
        logged = {i for c in kept if c.retroduction for i in c.retroduction.cited_excerpts()}
        return ProgrammeTheory(Collection(
            **collection.header, theories=collection.theories, configurations=kept,
            excerpts=[e for e in collection.excerpts if e.id in logged],
            codebook=collection.codebook, appraisal_scales=collection.appraisal_scales))

    def summary(self) -> dict[str, int]:
        """Counts a researcher checks first."""
        return {"configurations": len(self.configurations), "elements": len(self._nodes),
                "sources": len(self.collection.sources), "excerpts": len(self.collection.excerpts),
                "chains": len(self.chains()), "partial": len(self.partial_configurations()),
                "unsupported": len(self.unsupported_configurations())}

    def __repr__(self) -> str:
        title = f" {self.title!r}" if self.title else ""
        counts = self.summary()
        return (f"<ProgrammeTheory{title}: {counts['configurations']} configurations, "
                f"{counts['elements']} elements, {counts['sources']} sources, "
                f"{counts['excerpts']} excerpts>")


def collection_of(theory: ProgrammeTheory | Collection) -> Collection:
    """What a theory holds (every writer takes either): the collection or the theory's."""
    return theory.collection if isinstance(theory, ProgrammeTheory) else theory
