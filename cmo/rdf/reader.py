"""Reading a theory back from RDF in the ``cmo:`` vocabulary (ours, or anyone's).

Every resource is found by its type or by how it is used, and read by its
``dcterms:identifier`` (never by its IRI), so data minted under any base loads. Turtle and
N-Triples are parsed by pyoxigraph (Rust) into a :class:`~cmo.rdf.index.TripleIndex` of
plain strings; JSON-LD and rdflib graphs are indexed the same way, so one reader serves all. Foreign
data that uses only part of the vocabulary loads where it can: an element without a
label is labelled with its identifier, one without an identifier gets one derived from
its label, and a source without a ``dcterms:type`` of ours is of kind ``other``. What
cannot be read is collected and raised once, as an :class:`~cmo.exceptions.InputError`
whose messages name resources by id or IRI and never quote evidence text.

This module finds the resources and reads the configurations, their elements and
evidence (and their retroduction logs, by :mod:`cmo.rdf.retroduction`); sources and
excerpts are read by :mod:`cmo.rdf.source_reader` (their appraisal by
:mod:`cmo.rdf.appraisal`), the codebook by
:mod:`cmo.rdf.codebook_reader`, and what the theory says of itself (its version, the
middle-range theories it cites, where configurations come from) by
:mod:`cmo.rdf.theory_reader`.

Example:
    >>> from cmo.models import Collection, Configuration
    >>> from cmo.rdf.writer import to_graph
    >>> collection = Collection(configurations=[Configuration(
    ...     id="hope", contexts=[{"label": "Trust"}], outcomes=[{"label": "Hope"}])])
    >>> from_graph(to_graph(collection)) == collection
    True
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any, Final

from rdflib import Graph

from .._helpers.collector import paused_collector
from ..exceptions import InputError, Problem
from ..models import Collection, Configuration, Evidence
from .codebook_reader import read_codebook
from .collecting import n3, place, sorted_nodes
from .index import Lit, Term, TripleIndex
from .mapping import (
    CONFIGURATION_FIELDS,
    ELEMENT_CLASSES,
    ELEMENT_FIELDS,
    EVIDENCE_FIELDS,
    MECHANISM_FIELDS,
    SLOTS,
    STANCE_TERMS,
)
from .retroduction import read_retroduction
from .source_reader import SourceReader
from .syntax import index_rdf
from .theory_reader import (
    cited_theories,
    derived_from,
    read_middle_range_theories,
    read_programme_theory,
)
from .vocabulary import CMO, DCTERMS, NAMESPACE, OA, SCHEMA

__all__ = ["from_graph", "from_index", "read_rdf"]

_STANCE_OF_TERM: Final = {str(term): stance for stance, term in STANCE_TERMS.items()}
_MODEL_OF_KIND: Final = {slot.kind: slot.model for slot in SLOTS}
_SLOTS: Final = tuple((slot, str(slot.predicate)) for slot in SLOTS)
_ELEMENT_CLASSES: Final = {kind: str(term) for kind, term in ELEMENT_CLASSES.items()}
# Terms looked up below, as the plain strings the index holds.
_CONFIGURATION, _HAS_CONFIGURATION, _STANCE = map(str, (
    CMO.Configuration, CMO.hasConfiguration, CMO.stance))
_HAS_BODY, _HAS_TARGET, _HAS_SOURCE = map(str, (OA.hasBody, OA.hasTarget, OA.hasSource))
_DC_TYPE, _POSITION = str(DCTERMS.type), str(SCHEMA.position)
#: What evidence is typed when it is only that, and so can be let go of once read (see
#: :meth:`~cmo.rdf.source_reader.SourceReader.read`).
_ONLY_EVIDENCE: Final = frozenset({str(OA.Annotation)})
_NOTE: Final = EVIDENCE_FIELDS[0].iri
assert len(EVIDENCE_FIELDS) == 1, "read_evidence reads the note alone"
#: The predicates the reader finds resources by (the others it reads only per resource).
_FOUND_BY: Final = frozenset({_HAS_CONFIGURATION, _STANCE, _HAS_BODY, _HAS_SOURCE, _DC_TYPE,
                              *(predicate for _, predicate in _SLOTS)})
_KNOWN_STANCES: Final = ", ".join(sorted(n3(term) for term in _STANCE_OF_TERM))


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
    try:
        with paused_collector():
            return from_index(index_rdf(path, rdf_format=rdf_format, by_predicate=_FOUND_BY),
                              consume=True)
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
    return from_index(TripleIndex.from_rdflib(graph))


def from_index(index: TripleIndex, *, consume: bool = False) -> Collection:
    """The collection that indexed triples describe (see :func:`from_graph`).

    ``consume`` lets go of each part of the index once it is read, leaving the index of
    no further use: the models of a large file are then built beside a smaller index.
    """
    return _Reader(index, consume=consume).collection()


class _Reader(SourceReader):
    """One pass over the triples: each resource is read once and kept by node."""

    def __init__(self, index: TripleIndex, *, consume: bool = False) -> None:
        super().__init__(index, consume=consume)
        self.elements: dict[tuple[Term, str], Any] = {}
        self.evidence: dict[Term, list[Evidence]] = defaultdict(list)
        #: Note-less evidence by excerpt node and stance: values are frozen, so the links
        #: of several configurations to one excerpt, with one stance, share one value.
        self.plain_evidence: dict[tuple[Term, str], Evidence] = {}

    def collection(self) -> Collection:
        index = self.index
        configurations = self.configurations = set(index.of_type(_CONFIGURATION))
        configurations.update(value for _, value in index.pairs(_HAS_CONFIGURATION))
        for _, predicate in _SLOTS:
            configurations.update(subject for subject, _ in index.pairs(predicate))
        annotations = {subject for subject, _ in index.pairs(_STANCE)}
        annotations.update(annotation for annotation, body in index.pairs(_HAS_BODY)
                           if body in configurations)
        source_nodes = self.source_nodes()
        scales = self.read_appraisal_scales()
        if self.consume:  # every resource is found: only descriptions are read from here
            index.forget_pairs()
        self.sources = {node: self.source(node) for node in sorted_nodes(source_nodes)}
        excerpt_nodes = self.excerpt_nodes(annotations)
        self.excerpts = {node: self.excerpt(node) for node in sorted_nodes(excerpt_nodes)}
        self.let_go_of_parts()
        for kind, kind_class in _ELEMENT_CLASSES.items():
            for node in index.of_type(kind_class):
                self.element(node, kind)
        for annotation in sorted_nodes(annotations):
            self.read_evidence(annotation, configurations)
        read = [self.configuration(node) for node in sorted(
            sorted_nodes(configurations), key=lambda node: _position(index, node))]
        theories = read_middle_range_theories(self)
        codebook = read_codebook(self)
        data = read_programme_theory(self)
        if not (len(index) and (data is not None or source_nodes or excerpt_nodes
                                 or configurations or self.elements)):
            self.problems.append(Problem(
                "", "holds no RDF triples" if not len(index) else "holds no cmo: resources",
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
            **({"codebook": codebook} if codebook is not None else {}),
            **({"appraisal_scales": self.scales} if scales else {}),
        }, raise_now=True)

    def element(self, node: Term, kind: str) -> Any:
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

    def read_evidence(self, annotation: Term, configurations: set[Term]) -> None:
        found = self.properties(annotation)
        stances = found.get(_STANCE, [])
        bodies = [body for body in found.get(_HAS_BODY, []) if body in configurations]
        targets = found.get(_HAS_TARGET, [])
        known = len(stances) == 1 and stances[0] in _STANCE_OF_TERM
        # Named only when there is something to say about it (most evidence is well formed).
        where = "" if known and bodies and targets and _NOTE not in found else \
            place("evidence", annotation)
        if len(stances) != 1:
            self.problem(where, f"has {len(stances)} cmo:stance values",
                         f"give one of: {_KNOWN_STANCES}")
        elif stances[0] not in _STANCE_OF_TERM:
            self.problem(where, f"unknown stance {n3(stances[0])}",
                         f"use one of: {_KNOWN_STANCES}")
        if not bodies:
            self.problem(where, "has no oa:hasBody that is a cmo:Configuration",
                         "link it to the configuration it is evidence for")
        if not targets:
            self.problem(where, "has no oa:hasTarget", "link it to the excerpt it cites")
        # Most evidence has no note: its fields are read only when it has one.
        data = self.values(found, EVIDENCE_FIELDS, where) if _NOTE in found else {}
        if not known:
            return
        stance = _STANCE_OF_TERM[stances[0]]  # type: ignore[index]
        for target in targets:
            excerpt = self.excerpts.get(target)  # None: its problem is already reported
            if excerpt is None:
                continue
            if data:
                evidence = self.build(Evidence, where, {"excerpt": excerpt, "stance": stance,
                                                        **data})
            else:
                evidence = self.plain_evidence.get((target, stance))
                if evidence is None:
                    # Both parts are valid already (a validated excerpt, a known stance): the
                    # model is made without validating them again, a tenth of the cost.
                    evidence = self.plain_evidence[target, stance] = Evidence.model_construct(
                        excerpt=excerpt, stance=stance)
            if evidence is not None:
                for body in bodies:
                    self.evidence[body].append(evidence)
        self.read(annotation, _ONLY_EVIDENCE)

    def configuration(self, node: Term) -> Configuration | None:
        found = self.properties(node)
        identifier = self.identifier(node, found, "configuration")
        where = place("configuration", node, identifier)
        data = self.values(found, CONFIGURATION_FIELDS, where)
        earlier = derived_from(self, found)
        if earlier:
            data["derived_from"] = earlier
        theories = cited_theories(self, found, where)
        if theories:
            data["theories"] = theories
        retroduction = read_retroduction(self, found, where, self.excerpts)
        if retroduction is not None:
            data["retroduction"] = retroduction
        complete = identifier is not None
        for slot, predicate in _SLOTS:
            elements = [self.element(value, slot.kind) for value in found.get(predicate, [])]
            complete = complete and None not in elements
            if slot.many:
                data[slot.name] = tuple(sorted(filter(None, elements), key=_by_id))
            elif len(elements) > 1:
                self.problem(where, f"has {len(elements)} mechanisms", "give it at most one")
            elif elements:
                data[slot.name] = elements[0]
        data["evidence"] = tuple(sorted(self.evidence.get(node, []), key=_EVIDENCE_ORDER))
        if not complete:
            return None
        return self.build(Configuration, where, {"id": identifier, **data})

#: Evidence's own order, without a Python call per link on top of its property.
_EVIDENCE_ORDER: Final = Evidence.sort_key.fget


def _by_id(value: Any) -> str:
    return value.id


def _position(index: TripleIndex, node: Term) -> float:
    """A configuration's ``schema:position`` in its theory; those without one come last."""
    value = index.value(node, _POSITION)
    try:
        return float(value.value) if isinstance(value, Lit) else float("inf")
    except ValueError:
        return float("inf")
