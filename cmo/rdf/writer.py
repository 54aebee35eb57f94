"""Writing a theory as RDF: Turtle, JSON-LD or N-Triples, in the ``cmo:`` vocabulary.

Everything is written in one pass over the collection: sources, excerpts, elements,
then each configuration with its evidence annotations. See ``docs/vocabulary.md``.

Example:
    >>> from cmo.models import Collection, Configuration
    >>> collection = Collection(configurations=[Configuration(
    ...     id="hope", contexts=[{"label": "Trust"}], outcomes=[{"label": "Hope"}])])
    >>> graph = to_graph(collection, base="https://example.org/study/")
    >>> hope = URIRef("https://example.org/study/configuration/hope")
    >>> (hope, RDF.type, CMO.Configuration) in graph
    True
    >>> sorted(str(o) for o in graph.objects(hope, CMO.hasContext))
    ['https://example.org/study/element/c-trust']
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from ..files import write_atomically
from ..models import (
    AnyElement,
    Collection,
    Configuration,
    Excerpt,
    Mechanism,
    Source,
)
from ..privacy import withhold_quotes
from ..theory import ProgrammeTheory
from .locators import FRAGMENTS, doi_iri
from .mapping import (
    COLLECTION_FIELDS,
    CONFIGURATION_FIELDS,
    ELEMENT_CLASSES,
    ELEMENT_FIELDS,
    EVIDENCE_FIELDS,
    MECHANISM_FIELDS,
    POSITION_FIELDS,
    PREFIXES,
    QUOTE_FIELDS,
    SLOTS,
    SOURCE_FIELDS,
    SOURCE_KIND_TERMS,
    STANCE_TERMS,
    THEORY_FIELDS,
    Field,
    Iris,
)
from .syntax import RDF_FORMATS
from .vocabulary import BIBO, CMO, DCTERMS, OA, OWL, PROV, RDF, SCHEMA

__all__ = ["to_graph", "triples", "write_rdf"]

Triple = tuple[Node, Node, Node]


def triples(collection: Collection, *, base: str | None = None) -> Iterator[Triple]:
    """Every triple of a collection, in one pass, with IRIs minted under ``base``.

    Args:
        collection: what to write.
        base: where instance IRIs are minted (see :class:`~cmo.rdf.mapping.Iris`); by
            default ``urn:cmo:<collection id>:``, or ``urn:cmo:`` without an id.

    Returns:
        An iterator of ``(subject, predicate, object)`` rdflib terms.

    Example:
        >>> from cmo.models import Collection
        >>> [str(o) for _, _, o in triples(Collection(title="IPT"))]
        ['https://w3id.org/cmo#ProgrammeTheory', 'IPT']
    """
    iris = Iris.of(collection, base)
    theory = iris.theory()
    yield theory, RDF.type, CMO.ProgrammeTheory
    if collection.id is not None:
        yield theory, DCTERMS.identifier, Literal(collection.id)
    yield from _fields(theory, collection, COLLECTION_FIELDS)
    if collection.revises is not None:
        # The earlier version is described only as far as naming it needs.
        earlier = iris.of_version(collection.revises).theory()
        yield theory, PROV.wasRevisionOf, earlier
        yield earlier, OWL.versionInfo, Literal(collection.revises)
    for middle_range_theory in collection.theories:
        node = iris.middle_range_theory(middle_range_theory.name)
        yield node, RDF.type, CMO.MiddleRangeTheory
        yield from _fields(node, middle_range_theory, THEORY_FIELDS)
        if middle_range_theory.doi:
            yield from _doi(node, middle_range_theory.doi)
    participants: set[str] = set()
    for source in collection.sources:
        if source.participant is not None and source.participant not in participants:
            participants.add(source.participant)
            yield from _identified(iris.participant(source.participant), CMO.Participant,
                                   source.participant)
        yield from _source(iris, source)
    for excerpt in collection.excerpts:
        yield from _excerpt(iris, excerpt)
    for element in collection.elements:
        yield from _element(iris, element)
    for position, configuration in enumerate(collection.configurations, start=1):
        node = iris.configuration(configuration.id)
        yield theory, CMO.hasConfiguration, node
        # The researcher's order of configurations (a report's table order) survives.
        yield node, SCHEMA.position, Literal(position)
        yield from _configuration(iris, node, configuration, collection.revises)


def to_graph(theory: ProgrammeTheory | Collection, *, base: str | None = None,
             quotes: bool = True) -> Graph:
    """The theory as an rdflib graph, with the ``cmo``, ``oa``, ``prov``... prefixes bound.

    Args:
        theory: a programme theory or a collection.
        base: where instance IRIs are minted; the default ``urn:cmo:<theory id>:`` is not
            resolvable, so give an ``https://`` base of your own to publish the data.
        quotes: False leaves the text of every excerpt out (see :mod:`cmo.privacy`).

    Returns:
        A new graph.

    Example:
        >>> from cmo.models import Collection
        >>> len(to_graph(Collection(title="IPT", version="v2")))
        3
    """
    collection = theory.collection if isinstance(theory, ProgrammeTheory) else theory
    if not quotes:
        collection = withhold_quotes(collection)
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    iris = Iris.of(collection, base)
    for prefix in ("configuration", "element", "source", "excerpt"):
        graph.bind(prefix, getattr(iris, prefix)(""))
    graph.addN((*triple, graph) for triple in triples(collection, base=base))
    return graph


def write_rdf(theory: ProgrammeTheory | Collection, path: str | Path, *, rdf_format: str,
              quotes: bool = True, base: str | None = None) -> Path:
    """Write a theory as RDF, atomically.

    Args:
        theory: a programme theory or a collection.
        path: the file to write.
        rdf_format: ``"turtle"``, ``"json-ld"`` or ``"nt"`` (N-Triples).
        quotes: False leaves the text of every excerpt out (see :mod:`cmo.privacy`).
        base: where instance IRIs are minted (see :func:`to_graph`).

    Returns:
        The path written.

    Raises:
        ValueError: an unknown ``rdf_format`` or an unusable ``base``.

    Example:
        >>> import tempfile, pathlib
        >>> from cmo.models import Collection
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "theory.ttl"
        >>> write_rdf(Collection(title="IPT"), path, rdf_format="turtle").read_text()
        '@prefix cmo: <https://w3id.org/cmo#> ...'
    """
    if rdf_format not in RDF_FORMATS:
        raise ValueError(f"unknown rdf_format: {rdf_format!r} (must be one of {sorted(RDF_FORMATS)})")
    graph = to_graph(theory, base=base, quotes=quotes)
    options: dict[str, Any] = {"context": dict(PREFIXES)} if rdf_format == "json-ld" else {}

    def write(stream: IO[bytes]) -> None:
        graph.serialize(destination=stream, format=rdf_format, encoding="utf-8", **options)

    return write_atomically(path, write)


def _fields(subject: URIRef, value: object, fields: Iterable[Field]) -> Iterator[Triple]:
    for field in fields:
        content = getattr(value, field.name)
        if content is None or content == ():
            continue
        for member in content if field.many else (content,):
            yield subject, field.predicate, field.to_rdf(member)


def _identified(node: URIRef, kind: URIRef, identifier: str) -> Iterator[Triple]:
    yield node, RDF.type, kind
    yield node, DCTERMS.identifier, Literal(identifier)


def _doi(node: URIRef, doi: str) -> Iterator[Triple]:
    yield node, SCHEMA.sameAs, doi_iri(doi)
    yield node, BIBO.doi, Literal(doi)


def _source(iris: Iris, source: Source) -> Iterator[Triple]:
    node = iris.source(source.id)
    yield from _identified(node, PROV.Entity, source.id)
    yield node, DCTERMS.type, SOURCE_KIND_TERMS[source.kind]
    yield from _fields(node, source, SOURCE_FIELDS)
    if source.participant is not None:
        yield node, PROV.wasAttributedTo, iris.participant(source.participant)
    if source.doi:
        yield from _doi(node, source.doi)


def _excerpt(iris: Iris, excerpt: Excerpt) -> Iterator[Triple]:
    node = iris.excerpt(excerpt.id)
    yield from _identified(node, OA.SpecificResource, excerpt.id)
    yield node, OA.hasSource, iris.source(excerpt.source.id)
    quote = iris.selector(excerpt.id, "quote")
    yield from _selector(node, quote, OA.TextQuoteSelector, _fields(quote, excerpt, QUOTE_FIELDS))
    if excerpt.start is not None:
        position = iris.selector(excerpt.id, "position")
        yield from _selector(node, position, OA.TextPositionSelector,
                             _fields(position, excerpt, POSITION_FIELDS))
    for name, fragment in FRAGMENTS.items():
        value = getattr(excerpt, name)
        if value is not None:
            selector = iris.selector(excerpt.id, name)
            yield from _selector(node, selector, OA.FragmentSelector,
                                 _fragment(selector, *fragment(value)))


def _selector(target: URIRef, selector: URIRef, kind: URIRef,
              description: Iterable[Triple]) -> Iterator[Triple]:
    yield target, OA.hasSelector, selector
    yield selector, RDF.type, kind
    yield from description


def _fragment(selector: URIRef, value: str, conforms_to: URIRef | None) -> Iterator[Triple]:
    yield selector, RDF.value, Literal(value)
    if conforms_to is not None:
        yield selector, DCTERMS.conformsTo, conforms_to


def _element(iris: Iris, element: AnyElement) -> Iterator[Triple]:
    node = iris.element(element.id)
    yield from _identified(node, ELEMENT_CLASSES[element.kind], element.id)
    yield from _fields(node, element,
                       MECHANISM_FIELDS if isinstance(element, Mechanism) else ELEMENT_FIELDS)


def _configuration(iris: Iris, node: URIRef, configuration: Configuration,
                   revises: str | None) -> Iterator[Triple]:
    yield from _identified(node, CMO.Configuration, configuration.id)
    yield from _fields(node, configuration, CONFIGURATION_FIELDS)
    for name in configuration.theories:
        yield node, CMO.citesTheory, iris.middle_range_theory(name)
    earlier_iris = iris.of_version(revises)
    revision = configuration.status == "refined"
    for earlier_id in configuration.derived_from:
        earlier = earlier_iris.configuration(earlier_id)
        yield earlier, DCTERMS.identifier, Literal(earlier_id)
        yield node, PROV.wasDerivedFrom, earlier
        derivation = iris.derivation(configuration.id, earlier_id)
        yield node, PROV.qualifiedDerivation, derivation
        # Typed Derivation as well as Revision: readers without PROV's subclass axioms.
        yield derivation, RDF.type, PROV.Derivation
        yield derivation, PROV.entity, earlier
        if revision:
            yield derivation, RDF.type, PROV.Revision
            yield node, PROV.wasRevisionOf, earlier
    for slot in SLOTS:
        content = getattr(configuration, slot.name)
        for element in content if slot.many else (content,) if content else ():
            yield node, slot.predicate, iris.element(element.id)
    for evidence in configuration.evidence:
        annotation = iris.evidence(configuration.id, evidence.excerpt.id)
        yield annotation, RDF.type, OA.Annotation
        yield annotation, OA.motivatedBy, OA.assessing
        yield annotation, OA.hasBody, node
        yield annotation, OA.hasTarget, iris.excerpt(evidence.excerpt.id)
        yield annotation, CMO.stance, STANCE_TERMS[evidence.stance]
        yield from _fields(annotation, evidence, EVIDENCE_FIELDS)
