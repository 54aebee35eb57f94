"""Reading a theory back from RDF in the ``cmo:`` vocabulary (ours, or anyone's).

Every resource is found by its type or by how it is used, and read by its
``dcterms:identifier`` (never by its IRI), so data minted under any base loads. Foreign
data that uses only part of the vocabulary loads where it can: an element without a
label is labelled with its identifier, one without an identifier gets one derived from
its label, and a source without a ``dcterms:type`` of ours is of kind ``other``. What
cannot be read is collected and raised once, as an :class:`~cmo.exceptions.InputError`
whose messages name resources by id or IRI and never quote evidence text.

Example:
    >>> from cmo.models import Collection, Configuration
    >>> from cmo.rdf.writer import to_graph
    >>> collection = Collection(configurations=[Configuration(
    ...     id="hope", contexts=[{"label": "Trust"}], outcomes=[{"label": "Hope"}])])
    >>> from_graph(to_graph(collection)) == collection
    True
"""

from __future__ import annotations

import warnings
from collections import defaultdict
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal
from rdflib.term import Node

from ..exceptions import CmoWarning, InputError, Problem
from ..files import read_text
from ..models import (
    Collection,
    Configuration,
    Evidence,
    Excerpt,
    MiddleRangeTheory,
    Source,
)
from .collecting import Collector, Properties, n3, place, sorted_nodes
from .locators import doi_of, read_fragment
from .mapping import (
    COLLECTION_FIELDS,
    CONFIGURATION_FIELDS,
    ELEMENT_CLASSES,
    ELEMENT_FIELDS,
    EVIDENCE_FIELDS,
    MECHANISM_FIELDS,
    POSITION_FIELDS,
    QUOTE_FIELDS,
    SLOTS,
    SOURCE_FIELDS,
    SOURCE_KIND_TERMS,
    STANCE_TERMS,
    THEORY_FIELDS,
)
from .syntax import parse_rdf
from .vocabulary import BIBO, CMO, DCTERMS, NAMESPACE, OA, OWL, PROV, RDF, RDFS, SCHEMA

__all__ = ["from_graph", "read_rdf"]

_KIND_OF_SOURCE_TERM = {term: kind for kind, term in SOURCE_KIND_TERMS.items()}
_STANCE_OF_TERM = {term: stance for stance, term in STANCE_TERMS.items()}
_MODEL_OF_KIND = {slot.kind: slot.model for slot in SLOTS}


def read_rdf(path: str | Path, *, rdf_format: str) -> Collection:
    """Read a Turtle, JSON-LD or N-Triples file into a collection.

    Args:
        path: the file to read.
        rdf_format: ``"turtle"``, ``"json-ld"`` or ``"nt"``.

    Returns:
        The collection, every tuple sorted by id.

    Raises:
        InputError: the file cannot be read or parsed (naming the line when the parser
            gives it), or its resources cannot make a theory (naming each).
    """
    graph = parse_rdf(read_text(path), rdf_format=rdf_format, source=path)
    try:
        return from_graph(graph)
    except InputError as error:
        raise error.with_source(path) from None


def from_graph(graph: Graph) -> Collection:
    """The collection an rdflib graph describes.

    Args:
        graph: RDF in the ``cmo:`` vocabulary.

    Returns:
        The collection, every tuple sorted by id (RDF has no order).

    Raises:
        InputError: every problem found, at once.
    """
    return _Reader(graph).collection()


class _Reader(Collector):
    """One pass over a graph: each resource is read once and kept by node."""

    def __init__(self, graph: Graph) -> None:
        super().__init__(graph)
        self.sources: dict[Node, Source | None] = {}
        self.excerpts: dict[Node, Excerpt | None] = {}
        self.elements: dict[tuple[Node, str], Any] = {}
        self.evidence: dict[Node, list[Evidence]] = defaultdict(list)

    def collection(self) -> Collection:
        graph = self.graph
        configurations = set(graph.subjects(RDF.type, CMO.Configuration))
        configurations.update(graph.objects(None, CMO.hasConfiguration))
        for slot in SLOTS:
            configurations.update(graph.subjects(slot.predicate, None))
        annotations = set(graph.subjects(CMO.stance, None))
        annotations.update(annotation for annotation, body in graph.subject_objects(OA.hasBody)
                           if body in configurations)
        source_nodes = set(graph.objects(None, OA.hasSource))
        for term in SOURCE_KIND_TERMS.values():
            source_nodes.update(graph.subjects(DCTERMS.type, term))
        self.sources = {node: self.source(node) for node in sorted_nodes(source_nodes)}
        excerpt_nodes = {node for node in graph.subjects(RDF.type, OA.SpecificResource)
                         if (node, DCTERMS.identifier, None) in graph}
        for annotation in annotations:
            excerpt_nodes.update(graph.objects(annotation, OA.hasTarget))
        self.excerpts = {node: self.excerpt(node) for node in sorted_nodes(excerpt_nodes)}
        for kind, kind_class in ELEMENT_CLASSES.items():
            for node in graph.subjects(RDF.type, kind_class):
                self.element(node, kind)
        for annotation in sorted_nodes(annotations):
            self.read_evidence(annotation, configurations)
        read = [self.configuration(node) for node in sorted(
            sorted_nodes(configurations), key=lambda node: _position(graph, node))]
        theories = self.middle_range_theories()
        data = self.theory()
        if not (len(graph) and (data is not None or source_nodes or excerpt_nodes
                                 or configurations or self.elements)):
            self.problems.append(Problem(
                "", "holds no RDF triples" if not len(graph) else "holds no cmo: resources",
                f"expected the vocabulary {NAMESPACE} (cmo:ProgrammeTheory, cmo:Configuration...)"))
        if self.problems:
            raise InputError(self.problems)
        return self.build(Collection, "the theory", {
            **(data or {}),
            "theories": theories,
            "sources": sorted(self.sources.values(), key=_by_id),
            "excerpts": sorted(self.excerpts.values(), key=_by_id),
            "elements": sorted(self.elements.values(), key=lambda e: (e.id, e.kind)),
            "configurations": read,
        }, raise_now=True)

    def source(self, node: Node) -> Source | None:
        found = self.properties(node)
        identifier = self.identifier(node, found, "source")
        where = place("source", node, identifier)
        data = self.values(found, SOURCE_FIELDS, where)
        types = found.get(DCTERMS.type, [])
        kinds = sorted({_KIND_OF_SOURCE_TERM[t] for t in types if t in _KIND_OF_SOURCE_TERM})
        for unknown in sorted_nodes(t for t in types if str(t).startswith(NAMESPACE)
                               and t not in _KIND_OF_SOURCE_TERM):
            self.problem(where, f"unknown source kind {n3(unknown)}", "use one of: " + ", ".join(
                sorted(n3(term) for term in SOURCE_KIND_TERMS.values())))
        if len(kinds) > 1:
            self.problem(where, f"has {len(kinds)} kinds ({', '.join(kinds)})", "give it one")
        dois = _dois(found)
        if len(dois) > 1:
            self.problem(where, f"has {len(dois)} DOIs (schema:sameAs, bibo:doi)", "give it one")
        if dois:
            data["doi"] = dois[0]
        participants = sorted({self.identifier(agent, self.properties(agent), "participant")
                               for agent in found.get(PROV.wasAttributedTo, [])
                               if (agent, RDF.type, CMO.Participant) in self.graph} - {None})
        if len(participants) > 1:
            self.problem(where, f"is attributed to {len(participants)} cmo:Participant agents",
                         "give each source one participant")
        elif participants:
            data["participant"] = participants[0]
        if identifier is None:
            return None
        return self.build(Source, where, {"id": identifier, "kind": (kinds or ["other"])[0],
                                          **data})

    def excerpt(self, node: Node) -> Excerpt | None:
        found = self.properties(node)
        identifier = self.identifier(node, found, "excerpt")
        where = place("excerpt", node, identifier)
        sources = found.get(OA.hasSource, [])
        if len(sources) != 1:
            self.problem(where, f"has {len(sources)} oa:hasSource values", "give it one source")
        data: dict[str, Any] = {}
        for selector in sorted_nodes(found.get(OA.hasSelector, [])):
            described = self.properties(selector)
            parts = {**self.values(described, QUOTE_FIELDS, where),
                     **self.values(described, POSITION_FIELDS, where)}
            for value in described.get(RDF.value, []):
                try:
                    name, content = read_fragment(str(value))
                except ValueError as error:
                    warnings.warn(f"{where}: {error}; it was left out", CmoWarning, stacklevel=2)
                    continue
                parts[name] = content
            for name, content in parts.items():
                if data.setdefault(name, content) != content:
                    self.problem(where, f"has two different values for its {name}",
                                 "keep one selector of each kind")
        if "text" not in data:
            self.problem(where, "has no text", 'give it an oa:TextQuoteSelector with oa:exact; '
                         'write "[quote withheld]" when the text is confidential')
        source = self.sources.get(sources[0]) if len(sources) == 1 else None
        if identifier is None or source is None or "text" not in data:
            return None
        return self.build(Excerpt, where, {"id": identifier, "source": source, **data})

    def element(self, node: Node, kind: str) -> Any:
        if (node, kind) in self.elements:
            return self.elements[node, kind]
        found = self.properties(node)
        identifier = self.identifier(node, found, kind, required=False)
        where = place(kind, node, identifier)
        data = self.values(found, MECHANISM_FIELDS if kind == "mechanism" else ELEMENT_FIELDS,
                           where)
        if identifier is not None:
            data["id"] = identifier
            if kind != "mechanism":
                data.setdefault("label", identifier)
        elif "label" not in data and kind != "mechanism":
            self.problem(where, "has neither rdfs:label nor dcterms:identifier", "add both")
        element = self.build(_MODEL_OF_KIND[kind], where, data)
        self.elements[node, kind] = element
        return element

    def read_evidence(self, annotation: Node, configurations: set[Node]) -> None:
        found = self.properties(annotation)
        where = place("evidence", annotation)
        stances = found.get(CMO.stance, [])
        known = ", ".join(sorted(n3(term) for term in STANCE_TERMS.values()))
        if len(stances) != 1:
            self.problem(where, f"has {len(stances)} cmo:stance values", f"give one of: {known}")
        elif stances[0] not in _STANCE_OF_TERM:
            self.problem(where, f"unknown stance {n3(stances[0])}", f"use one of: {known}")
        bodies = [body for body in found.get(OA.hasBody, []) if body in configurations]
        targets = found.get(OA.hasTarget, [])
        if not bodies:
            self.problem(where, "has no oa:hasBody that is a cmo:Configuration",
                         "link it to the configuration it is evidence for")
        if not targets:
            self.problem(where, "has no oa:hasTarget", "link it to the excerpt it cites")
        data = self.values(found, EVIDENCE_FIELDS, where)
        if len(stances) != 1 or stances[0] not in _STANCE_OF_TERM:
            return
        for target in targets:
            excerpt = self.excerpts.get(target)  # None: its problem is already reported
            evidence = None if excerpt is None else self.build(Evidence, where, {
                "excerpt": excerpt, "stance": _STANCE_OF_TERM[stances[0]], **data})
            if evidence is not None:
                for body in bodies:
                    self.evidence[body].append(evidence)

    def configuration(self, node: Node) -> Configuration | None:
        found = self.properties(node)
        identifier = self.identifier(node, found, "configuration")
        where = place("configuration", node, identifier)
        data = self.values(found, CONFIGURATION_FIELDS, where)
        derived_from = self.derived_from(found, where)
        if derived_from:
            data["derived_from"] = derived_from
        theories = self.cited_theories(found, where)
        if theories:
            data["theories"] = theories
        complete = identifier is not None
        for slot in SLOTS:
            elements = [self.element(value, slot.kind) for value in found.get(slot.predicate, [])]
            complete = complete and None not in elements
            if slot.many:
                data[slot.name] = tuple(sorted(filter(None, elements), key=_by_id))
            elif len(elements) > 1:
                self.problem(where, f"has {len(elements)} mechanisms", "give it at most one")
            elif elements:
                data[slot.name] = elements[0]
        data["evidence"] = tuple(sorted(self.evidence.get(node, []), key=lambda e: e.sort_key))
        if not complete:
            return None
        return self.build(Configuration, where, {"id": identifier, **data})

    def derived_from(self, found: Properties, where: str) -> tuple[str, ...]:
        """Ids of the earlier configurations a configuration comes from (PROV-O)."""
        earlier = set(found.get(PROV.wasDerivedFrom, [])) | set(found.get(PROV.wasRevisionOf, []))
        for derivation in found.get(PROV.qualifiedDerivation, []):
            earlier.update(self.graph.objects(derivation, PROV.entity))
        ids = []
        for node in sorted_nodes(earlier):
            identifier = self.identifier(node, self.properties(node), "earlier configuration")
            if identifier is not None:
                ids.append(identifier)
        return tuple(sorted(ids))

    def cited_theories(self, found: Properties, where: str) -> tuple[str, ...]:
        """Names of the middle-range theories a configuration cites (their labels)."""
        names = []
        for node in sorted_nodes(found.get(CMO.citesTheory, [])):
            name = node if isinstance(node, Literal) else self.graph.value(node, RDFS.label)
            if name is None:
                self.problem(where, f"cites the theory {n3(node)}, which has no rdfs:label",
                             "give the cmo:MiddleRangeTheory an rdfs:label (its name)")
            else:
                names.append(str(name))
        return tuple(sorted(names))

    def middle_range_theories(self) -> list[MiddleRangeTheory]:
        read = []
        for node in sorted_nodes(self.graph.subjects(RDF.type, CMO.MiddleRangeTheory)):
            found = self.properties(node)
            where = place("middle-range theory", node, None)
            data = self.values(found, THEORY_FIELDS, where)
            dois = _dois(found)
            if dois:
                data["doi"] = dois[0]
            built = self.build(MiddleRangeTheory, where, data)
            if built is not None:
                read.append(built)
        return sorted(read, key=lambda theory: theory.name)

    def theory(self) -> dict[str, Any] | None:
        theories = sorted_nodes(self.graph.subjects(RDF.type, CMO.ProgrammeTheory))
        if len(theories) > 1:
            self.problem("", f"holds {len(theories)} cmo:ProgrammeTheory resources",
                         "write one programme theory per file")
        if len(theories) != 1:
            return None
        found = self.properties(theories[0])
        data = self.values(found, COLLECTION_FIELDS, "the theory")
        identifier = self.identifier(theories[0], found, "programme theory", required=False)
        if identifier is not None:
            data["id"] = identifier
        revises = sorted({str(version) for earlier in found.get(PROV.wasRevisionOf, [])
                          for version in self.graph.objects(earlier, OWL.versionInfo)})
        if len(revises) > 1:
            self.problem("the theory", f"revises {len(revises)} versions (prov:wasRevisionOf)",
                         "name the one version it refines")
        elif revises:
            data["revises"] = revises[0]
        return data


def _dois(found: dict[Any, list[Node]]) -> list[str]:
    """The distinct DOIs among a resource's ``schema:sameAs`` and ``bibo:doi`` values."""
    written = [str(value) for value in found.get(BIBO.doi, []) if isinstance(value, Literal)]
    return sorted({doi for doi in (*map(doi_of, found.get(SCHEMA.sameAs, [])), *written)
                   if doi})


def _by_id(value: Any) -> str:
    return value.id


def _position(graph: Graph, node: Node) -> float:
    """A configuration's ``schema:position`` in its theory; those without one come last."""
    value = graph.value(node, SCHEMA.position)
    try:
        return float(value.toPython()) if isinstance(value, Literal) else float("inf")
    except (TypeError, ValueError):
        return float("inf")
