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

Example:
    >>> from cmo.models import Collection, Configuration
    >>> from cmo.rdf.writer import to_graph
    >>> collection = Collection(configurations=[Configuration(
    ...     id="hope", contexts=[{"label": "Trust"}], outcomes=[{"label": "Hope"}])])
    >>> from_graph(to_graph(collection)) == collection
    True
"""

from __future__ import annotations

import operator
import warnings
from collections import defaultdict
from pathlib import Path
from typing import Any, Final

from rdflib import Graph

from .._helpers.collector import paused_collector
from ..exceptions import CmoWarning, InputError, Problem
from ..models import (
    Code,
    Codebook,
    CodeSet,
    Collection,
    Configuration,
    Evidence,
    Excerpt,
    MiddleRangeTheory,
    Source,
)
from .collecting import Collector, Properties, n3, place, sorted_nodes
from .index import LABEL, TYPE, Lit, Term, TripleIndex
from .locators import doi_of, read_fragment
from .mapping import (
    CODE_FIELDS,
    CODE_SET_FIELDS,
    CODING_FIELDS,
    COLLECTION_FIELDS,
    CONFIGURATION_FIELDS,
    ELEMENT_CLASSES,
    ELEMENT_FIELDS,
    EVIDENCE_FIELDS,
    EXCERPT_FIELDS,
    MECHANISM_FIELDS,
    POSITION_FIELDS,
    QUOTE_FIELDS,
    SLOTS,
    SOURCE_FIELDS,
    SOURCE_KIND_TERMS,
    STANCE_TERMS,
    THEORY_FIELDS,
)
from .syntax import index_rdf
from .vocabulary import BIBO, CMO, DCTERMS, NAMESPACE, OA, OWL, PROV, RDF, SCHEMA, SKOS

__all__ = ["from_graph", "from_index", "read_rdf"]

_KIND_OF_SOURCE_TERM: Final = {str(term): kind for kind, term in SOURCE_KIND_TERMS.items()}
_STANCE_OF_TERM: Final = {str(term): stance for stance, term in STANCE_TERMS.items()}
_MODEL_OF_KIND: Final = {slot.kind: slot.model for slot in SLOTS}
_SLOTS: Final = tuple((slot, str(slot.predicate)) for slot in SLOTS)
_ELEMENT_CLASSES: Final = {kind: str(term) for kind, term in ELEMENT_CLASSES.items()}
# Terms looked up below, as the plain strings the index holds.
_CONFIGURATION, _HAS_CONFIGURATION, _STANCE, _CITES = map(str, (
    CMO.Configuration, CMO.hasConfiguration, CMO.stance, CMO.citesTheory))
_PARTICIPANT, _THEORY, _MIDDLE_RANGE_THEORY = map(str, (
    CMO.Participant, CMO.ProgrammeTheory, CMO.MiddleRangeTheory))
_CONCEPT, _SKOS_COLLECTION, _BROADER, _MEMBER, _IN_SCHEME = map(str, (
    SKOS.Concept, SKOS.Collection, SKOS.broader, SKOS.member, SKOS.inScheme))
_HAS_BODY, _HAS_TARGET, _HAS_SOURCE, _HAS_SELECTOR, _SPECIFIC_RESOURCE = map(str, (
    OA.hasBody, OA.hasTarget, OA.hasSource, OA.hasSelector, OA.SpecificResource))
#: What each kind of resource is typed when it is only that, and so can be let go of once
#: read (see :meth:`_Reader.read`).
_ONLY_EVIDENCE: Final = frozenset({str(OA.Annotation)})
_ONLY_EXCERPT: Final = frozenset({_SPECIFIC_RESOURCE})
_HAS_CODING: Final = str(CMO.hasCoding)
_ONLY_CODING: Final = frozenset({str(CMO.Coding)})
_ONLY_SELECTOR: Final = frozenset(map(str, (
    OA.TextQuoteSelector, OA.TextPositionSelector, OA.FragmentSelector)))
_DC_TYPE, _IDENTIFIER, _VALUE, _VERSION_INFO = map(str, (
    DCTERMS.type, DCTERMS.identifier, RDF.value, OWL.versionInfo))
_DERIVED_FROM, _REVISION_OF, _QUALIFIED_DERIVATION, _ENTITY, _ATTRIBUTED_TO = map(str, (
    PROV.wasDerivedFrom, PROV.wasRevisionOf, PROV.qualifiedDerivation, PROV.entity,
    PROV.wasAttributedTo))
_SAME_AS, _DOI, _POSITION = map(str, (SCHEMA.sameAs, BIBO.doi, SCHEMA.position))
_NOTE: Final = EVIDENCE_FIELDS[0].iri
_SELECTOR_FIELDS: Final = (*QUOTE_FIELDS, *POSITION_FIELDS)
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


class _Reader(Collector):
    """One pass over the triples: each resource is read once and kept by node."""

    def __init__(self, index: TripleIndex, *, consume: bool = False) -> None:
        super().__init__(index)
        self.consume = consume
        self.configurations: set[Term] = set()
        #: Selectors and codings read, let go of once every excerpt is (excerpts may share one).
        self.selectors: list[Term] = []
        self.codings: list[Term] = []
        self.sources: dict[Term, Source | None] = {}
        self.excerpts: dict[Term, Excerpt | None] = {}
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
        source_nodes = {value for _, value in index.pairs(_HAS_SOURCE)}
        source_nodes.update(subject for subject, kind in index.pairs(_DC_TYPE)
                            if kind in _KIND_OF_SOURCE_TERM)
        if self.consume:  # every resource is found: only descriptions are read from here
            index.forget_pairs()
        self.sources = {node: self.source(node) for node in sorted_nodes(source_nodes)}
        excerpt_nodes = {node for node in index.of_type(_SPECIFIC_RESOURCE)
                         if index.objects(node, _IDENTIFIER)}
        for annotation in annotations:
            excerpt_nodes.update(index.objects(annotation, _HAS_TARGET))
        self.excerpts = {node: self.excerpt(node) for node in sorted_nodes(excerpt_nodes)}
        for selector in self.selectors:
            self.read(selector, _ONLY_SELECTOR)
        for coding in self.codings:
            self.read(coding, _ONLY_CODING)
        self.selectors.clear()
        self.codings.clear()
        for kind, kind_class in _ELEMENT_CLASSES.items():
            for node in index.of_type(kind_class):
                self.element(node, kind)
        for annotation in sorted_nodes(annotations):
            self.read_evidence(annotation, configurations)
        read = [self.configuration(node) for node in sorted(
            sorted_nodes(configurations), key=lambda node: _position(index, node))]
        theories = self.middle_range_theories()
        codebook = self.codebook()
        data = self.theory()
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
        }, raise_now=True)

    def read(self, node: Term, only: frozenset[str]) -> None:
        """``node`` is read: when consuming, and it is nothing but ``only`` (no
        configuration, no other type), what it says is let go of, so the models built
        after it reuse that memory."""
        if self.consume and node not in self.configurations:
            self.index.forget(node, typed_only=only)

    def source(self, node: Term) -> Source | None:
        found = self.properties(node)
        identifier = self.identifier(node, found, "source")
        where = place("source", node, identifier)
        data = self.values(found, SOURCE_FIELDS, where)
        types = found.get(_DC_TYPE, [])
        kinds = sorted({_KIND_OF_SOURCE_TERM[t] for t in types if t in _KIND_OF_SOURCE_TERM})
        for unknown in sorted_nodes(t for t in types if isinstance(t, str)
                                    and t.startswith(NAMESPACE) and t not in _KIND_OF_SOURCE_TERM):
            self.problem(where, f"unknown source kind {n3(unknown)}", "use one of: " + ", ".join(
                sorted(n3(term) for term in _KIND_OF_SOURCE_TERM)))
        if len(kinds) > 1:
            self.problem(where, f"has {len(kinds)} kinds ({', '.join(kinds)})", "give it one")
        dois = _dois(found)
        if len(dois) > 1:
            self.problem(where, f"has {len(dois)} DOIs (schema:sameAs, bibo:doi)", "give it one")
        if dois:
            data["doi"] = dois[0]
        participants = sorted({self.identifier(agent, self.properties(agent), "participant")
                               for agent in found.get(_ATTRIBUTED_TO, [])
                               if self.index.has(agent, TYPE, _PARTICIPANT)} - {None})
        if len(participants) > 1:
            self.problem(where, f"is attributed to {len(participants)} cmo:Participant agents",
                         "give each source one participant")
        elif participants:
            data["participant"] = participants[0]
        if identifier is None:
            return None
        return self.build(Source, where, {"id": identifier, "kind": (kinds or ["other"])[0],
                                          **data})

    def excerpt(self, node: Term) -> Excerpt | None:
        found = self.properties(node)
        identifier = self.identifier(node, found, "excerpt")
        where = place("excerpt", node, identifier)
        sources = found.get(_HAS_SOURCE, [])
        if len(sources) != 1:
            self.problem(where, f"has {len(sources)} oa:hasSource values", "give it one source")
        data: dict[str, Any] = self.values(found, EXCERPT_FIELDS, where)
        codings = [self.values(self.properties(coding), CODING_FIELDS, where)
                   for coding in sorted_nodes(found.get(_HAS_CODING, []))]
        if codings:
            data["codings"] = codings
        self.codings += found.get(_HAS_CODING, [])
        for selector in sorted(found.get(_HAS_SELECTOR, [])):
            described = self.properties(selector)
            parts = self.values(described, _SELECTOR_FIELDS, where)
            for value in described.get(_VALUE, []):
                try:
                    name, content = read_fragment(value.value if isinstance(value, Lit)
                                                  else value)
                except ValueError as error:
                    warnings.warn(f"{where}: {error}; it was left out", CmoWarning, stacklevel=2)
                    continue
                parts[name] = content
            for name, content in parts.items():
                if data.setdefault(name, content) != content:
                    self.problem(where, f"has two different values for its {name}",
                                 "keep one selector of each kind")
            self.selectors.append(selector)
        self.read(node, _ONLY_EXCERPT)
        if "text" not in data:
            self.problem(where, "has no text", 'give it an oa:TextQuoteSelector with oa:exact; '
                         'write "[quote withheld]" when the text is confidential')
        source = self.sources.get(sources[0]) if len(sources) == 1 else None
        if identifier is None or source is None or "text" not in data:
            return None
        return self.build(Excerpt, where, {"id": identifier, "source": source, **data})

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
        derived_from = self.derived_from(found)
        if derived_from:
            data["derived_from"] = derived_from
        theories = self.cited_theories(found, where)
        if theories:
            data["theories"] = theories
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

    def derived_from(self, found: Properties) -> tuple[str, ...]:
        """Ids of the earlier configurations a configuration comes from (PROV-O)."""
        earlier = {*found.get(_DERIVED_FROM, []), *found.get(_REVISION_OF, [])}
        for derivation in found.get(_QUALIFIED_DERIVATION, []):
            earlier.update(self.index.objects(derivation, _ENTITY))
        ids = [self.identifier(node, self.properties(node), "earlier configuration")
               for node in sorted_nodes(earlier)]
        return tuple(sorted(i for i in ids if i is not None))

    def cited_theories(self, found: Properties, where: str) -> tuple[str, ...]:
        """Names of the middle-range theories a configuration cites (their labels)."""
        names = []
        for node in sorted_nodes(found.get(_CITES, [])):
            name = node if isinstance(node, Lit) else self.index.value(node, LABEL)
            if not isinstance(name, Lit):
                self.problem(where, f"cites the theory {n3(node)}, which has no rdfs:label",
                             "give the cmo:MiddleRangeTheory an rdfs:label (its name)")
            else:
                names.append(name.value)
        return tuple(sorted(names))

    def codebook(self) -> Codebook | None:
        """The codebook: each ``skos:Concept`` a code, each ``skos:Collection`` a code set.

        A code is known by its ``dcterms:identifier`` (its label, the path excerpts carry);
        one without is labelled by its ``skos:prefLabel`` below its ``skos:broader`` code.
        """
        # Codes are the concepts of a concept scheme (other data may call anything a concept).
        concepts = sorted_nodes(node for node in self.index.of_type(_CONCEPT)
                                if self.index.objects(node, _IN_SCHEME))
        codes_of = set(concepts)
        collections = sorted_nodes(node for node in self.index.of_type(_SKOS_COLLECTION)
                                   if codes_of & set(self.index.objects(node, _MEMBER))
                                   or not self.index.objects(node, _MEMBER))
        if not concepts and not collections:
            return None
        found = {node: self.properties(node) for node in concepts}
        data: dict[Term, dict[str, Any]] = {}
        for node in concepts:
            data[node] = self.values(found[node], CODE_FIELDS, place("code", node))
            broader = found[node].get(_BROADER, [])
            if len(broader) > 1:
                self.problem(place("code", node), f"has {len(broader)} skos:broader codes",
                             "give each code at most one parent")
            data[node]["broader"] = broader[0] if len(broader) == 1 else None
        labels: dict[Term, str | None] = {}

        def label_of(node: Term, seen: frozenset[Term] = frozenset()) -> str | None:
            if node not in labels:
                identifier = self.identifier(node, found.get(node, {}), "code", required=False)
                parent = data[node]["broader"] if node in data else None
                if identifier is None and node in data and "name" in data[node] and (
                        node not in seen):
                    above = label_of(parent, seen | {node}) if parent is not None else None
                    identifier = data[node]["name"] if parent is None else (
                        f"{above} / {data[node]['name']}" if above else None)
                labels[node] = identifier
            return labels[node]

        codes = []
        for node in concepts:
            label, parent = label_of(node), data[node].pop("broader")
            where = place("code", node, label)
            if label is None:
                self.problem(where, "has neither dcterms:identifier nor skos:prefLabel",
                             "give it a skos:prefLabel (its name)")
                continue
            if parent is not None:
                data[node]["parent"] = label_of(parent)
            if "name" not in data[node]:
                above = data[node].get("parent")
                data[node]["name"] = label.removeprefix(f"{above} / ") if above else label
            code = self.build(Code, where, data[node])
            if code is not None and code.label != label:
                self.problem(where, f"its dcterms:identifier is not its path {code.label!r} "
                             "(its skos:broader's identifier, ' / ', its skos:prefLabel)",
                             "write the path as its identifier")
            codes.append(code)
        sets = []
        for node in collections:
            where = place("code set", node)
            values = self.values(self.properties(node), CODE_SET_FIELDS, where)
            members = self.index.objects(node, _MEMBER)
            values["codes"] = tuple(sorted(filter(None, map(label_of, members))))
            if len(values["codes"]) < len(members):
                self.problem(where, "has a skos:member that is not a code (a skos:Concept)",
                             "make each member a skos:Concept of the codebook")
            sets.append(self.build(CodeSet, where, values))
        if None in codes or None in sets:
            return None
        return self.build(Codebook, "the codebook", {"codes": sorted(codes, key=_LABEL),
                                                     "sets": sorted(sets, key=_NAME)})

    def middle_range_theories(self) -> list[MiddleRangeTheory]:
        read = []
        for node in sorted_nodes(self.index.of_type(_MIDDLE_RANGE_THEORY)):
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
        theories = sorted_nodes(self.index.of_type(_THEORY))
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
        revises = sorted({version.value if isinstance(version, Lit) else version
                          for earlier in found.get(_REVISION_OF, [])
                          for version in self.index.objects(earlier, _VERSION_INFO)})
        if len(revises) > 1:
            self.problem("the theory", f"revises {len(revises)} versions (prov:wasRevisionOf)",
                         "name the one version it refines")
        elif revises:
            data["revises"] = revises[0]
        return data


def _dois(found: Properties) -> list[str]:
    """The distinct DOIs among a resource's ``schema:sameAs`` and ``bibo:doi`` values."""
    written = [value.value for value in found.get(_DOI, []) if isinstance(value, Lit)]
    linked = [doi_of(value) for value in found.get(_SAME_AS, []) if not isinstance(value, Lit)]
    return sorted({doi for doi in (*linked, *written) if doi})


#: Evidence's own order, without a Python call per link on top of its property.
_EVIDENCE_ORDER: Final = Evidence.sort_key.fget


_LABEL: Final = operator.attrgetter("label")
_NAME: Final = operator.attrgetter("name")


def _by_id(value: Any) -> str:
    return value.id


def _position(index: TripleIndex, node: Term) -> float:
    """A configuration's ``schema:position`` in its theory; those without one come last."""
    value = index.value(node, _POSITION)
    try:
        return float(value.value) if isinstance(value, Lit) else float("inf")
    except ValueError:
        return float("inf")
