"""What the RDF of a theory says, resource by resource, as plain strings.

This is the one place that decides which triples a theory becomes; the writers only
format it. Each :data:`Description` is a subject IRI and its statements; a statement is a
predicate IRI, an object, and the object's datatype IRI when it is a literal (``None``
when the object is an IRI). Plain strings rather than rdflib or pyoxigraph terms: a large
theory has millions of triples, and building a term object for each costs more than
formatting the whole file (``docs/performance.md``).

Example:
    >>> from cmo.models import Collection
    >>> for subject, said in descriptions(Collection(title="IPT")):
    ...     for predicate, value, datatype in said:
    ...         print(subject, predicate.rsplit("/", 1)[-1], value.rsplit("/", 1)[-1], datatype)
    urn:cmo:theory 22-rdf-syntax-ns#type cmo#ProgrammeTheory None
    urn:cmo:theory title IPT http://www.w3.org/2001/XMLSchema#string
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Final

from ..models import (
    AnyElement,
    Codebook,
    Collection,
    Configuration,
    Excerpt,
    Mechanism,
    Source,
)
from .appraisal import TeamMembers, judgement_statements, scale_descriptions, uses_scales
from .locators import FRAGMENTS, doi_iri
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
    STRING,
    THEORY_FIELDS,
    Field,
    Iris,
)
from .retroduction import retroduction_statements
from .vocabulary import BIBO, CMO, DCTERMS, OA, OWL, PROV, RDF, SCHEMA, SKOS

__all__ = ["Description", "Statement", "descriptions"]

#: A predicate, an object, and the object's datatype (``None``: the object is an IRI).
Statement = tuple[str, str, str | None]
#: A subject and what is said of it.
Description = tuple[str, list[Statement]]

# The terms used on every resource, as plain strings once (str() of an rdflib term is slow
# enough to matter a million times over).
_TYPE: Final = str(RDF.type)
_VALUE: Final = str(RDF.value)
_IDENTIFIER: Final = str(DCTERMS.identifier)
_INTEGER: Final = "http://www.w3.org/2001/XMLSchema#integer"
_ANNOTATION: Final = str(OA.Annotation)
_MOTIVATED_BY: Final = str(OA.motivatedBy)
_ASSESSING: Final = str(OA.assessing)
_HAS_BODY: Final = str(OA.hasBody)
_HAS_TARGET: Final = str(OA.hasTarget)
_HAS_SOURCE: Final = str(OA.hasSource)
_HAS_SELECTOR: Final = str(OA.hasSelector)
_STANCE: Final = str(CMO.stance)
_STANCES: Final = {stance: str(term) for stance, term in STANCE_TERMS.items()}
_SOURCE_KINDS: Final = {kind: str(term) for kind, term in SOURCE_KIND_TERMS.items()}
_ELEMENT_CLASSES: Final = {kind: str(term) for kind, term in ELEMENT_CLASSES.items()}
_DOI: Final = str(BIBO.doi)
_CONFIGURATION: Final = str(CMO.Configuration)
_MIDDLE_RANGE_THEORY: Final = str(CMO.MiddleRangeTheory)
_PARTICIPANT: Final = str(CMO.Participant)
_PROGRAMME_THEORY: Final = str(CMO.ProgrammeTheory)
_CITES_THEORY: Final = str(CMO.citesTheory)
_CODING: Final = str(CMO.Coding)
_HAS_CODING: Final = str(CMO.hasCoding)
_HAS_CONFIGURATION: Final = str(CMO.hasConfiguration)
_CONFORMS_TO: Final = str(DCTERMS.conformsTo)
_DC_TYPE: Final = str(DCTERMS.type)
_FRAGMENT_SELECTOR: Final = str(OA.FragmentSelector)
_SPECIFIC_RESOURCE: Final = str(OA.SpecificResource)
_TEXT_POSITION_SELECTOR: Final = str(OA.TextPositionSelector)
_TEXT_QUOTE_SELECTOR: Final = str(OA.TextQuoteSelector)
_VERSION_INFO: Final = str(OWL.versionInfo)
_DERIVATION: Final = str(PROV.Derivation)
_ENTITY: Final = str(PROV.Entity)
_REVISION: Final = str(PROV.Revision)
_PROV_ENTITY: Final = str(PROV.entity)
_QUALIFIED_DERIVATION: Final = str(PROV.qualifiedDerivation)
_WAS_ATTRIBUTED_TO: Final = str(PROV.wasAttributedTo)
_WAS_DERIVED_FROM: Final = str(PROV.wasDerivedFrom)
_WAS_REVISION_OF: Final = str(PROV.wasRevisionOf)
_POSITION: Final = str(SCHEMA.position)
_SAME_AS: Final = str(SCHEMA.sameAs)
_SLOTS: Final = tuple((slot.name, str(slot.predicate), slot.many) for slot in SLOTS)
_CONCEPT_SCHEME, _CONCEPT, _SKOS_COLLECTION = map(str, (
    SKOS.ConceptScheme, SKOS.Concept, SKOS.Collection))
_IN_SCHEME, _TOP_CONCEPT_OF, _BROADER, _MEMBER = map(str, (
    SKOS.inScheme, SKOS.topConceptOf, SKOS.broader, SKOS.member))
# Statements said of every evidence link alike, made once (a large theory has millions).
_ANNOTATED: Final[Statement] = (_TYPE, _ANNOTATION, None)
_ASSESSES: Final[Statement] = (_MOTIVATED_BY, _ASSESSING, None)
_TAKES_STANCE: Final = {stance: (_STANCE, term, None) for stance, term in _STANCES.items()}


def descriptions(collection: Collection, *, base: str | None = None) -> Iterator[Description]:
    """Every resource of a collection and what is said of it, in one pass.

    Args:
        collection: what to describe.
        base: where instance IRIs are minted (see :class:`~cmo.rdf.mapping.Iris`); by
            default ``urn:cmo:<collection id>:``, or ``urn:cmo:`` without an id.
    """
    iris = Iris.of(collection, base)
    theory = (iris.theory())
    said = [(_TYPE, _PROGRAMME_THEORY, None)]
    if collection.id is not None:
        said.append((_IDENTIFIER, collection.id, STRING))
    said += _fields(collection, COLLECTION_FIELDS)
    if collection.revises is not None:
        # The earlier version is described only as far as naming it needs.
        earlier = (iris.of_version(collection.revises).theory())
        said.append((_WAS_REVISION_OF, earlier, None))
        yield earlier, [(_VERSION_INFO, collection.revises, STRING)]
    said += [(_HAS_CONFIGURATION, (iris.configuration(c.id)), None)
             for c in collection.configurations]
    yield theory, said
    for middle_range_theory in collection.theories:
        yield (iris.middle_range_theory(middle_range_theory.name)), [
            (_TYPE, _MIDDLE_RANGE_THEORY, None),
            *_fields(middle_range_theory, THEORY_FIELDS),
            *_doi(middle_range_theory.doi)]
    if uses_scales(collection.appraisal_scales, any(
            value.appraisal is not None for value in (*collection.sources, *collection.excerpts))):
        yield from scale_descriptions(iris, collection.appraisal_scales)
    participants: set[str] = set()
    team: TeamMembers = set()  # who judged or inferred, each described once
    for source in collection.sources:
        if source.participant is not None and source.participant not in participants:
            participants.add(source.participant)
            yield (iris.participant(source.participant)), _identified(
                _PARTICIPANT, source.participant)
        yield from _source(iris, source, team)
    excerpt_base = (iris.excerpt(""))
    for excerpt in collection.excerpts:
        yield from _excerpt(iris, excerpt_base, excerpt, team)
    described: set[str] = set()
    for element in collection.elements:
        node, said = _element(iris, element)
        if node in described:
            # A context that is also an outcome (a chain): one resource, typed twice.
            said = said[:1]
        described.add(node)
        yield node, said
    if collection.codebook.codes or collection.codebook.sets:
        yield from _codebook(iris, collection.codebook)
    earlier: set[str] = set()  # earlier versions' configurations, named once each
    earlier_iris = iris.of_version(collection.revises)
    for position, configuration in enumerate(collection.configurations, start=1):
        yield from _configuration(iris, excerpt_base, position, configuration, earlier_iris,
                                  earlier, team)


def _fields(value: object, fields: Iterable[Field]) -> list[Statement]:
    said = []
    for field in fields:
        content = getattr(value, field.name)
        if content is None or content == ():
            continue
        predicate = field.iri
        for member in content if field.many else (content,):
            said.append((predicate, *field.to_rdf(member)))
    return said


def _identified(kind: str, identifier: str) -> list[Statement]:
    return [(_TYPE, kind, None), (_IDENTIFIER, identifier, STRING)]


def _doi(doi: str | None) -> list[Statement]:
    if doi is None:
        return []
    return [(_SAME_AS, str(doi_iri(doi)), None), (_DOI, doi, STRING)]


def _source(iris: Iris, source: Source, team: TeamMembers) -> Iterator[Description]:
    node = iris.source(source.id)
    said = _identified(_ENTITY, source.id)
    said.append((_DC_TYPE, _SOURCE_KINDS[source.kind], None))
    said += _fields(source, SOURCE_FIELDS)
    if source.participant is not None:
        said.append((_WAS_ATTRIBUTED_TO, (iris.participant(source.participant)), None))
    said += _doi(source.doi)
    judged, judgements = judgement_statements(iris, node, source.appraisal, team)
    yield node, said + judged
    yield from judgements


def _excerpt(iris: Iris, excerpt_base: str, excerpt: Excerpt,
             team: TeamMembers) -> Iterator[Description]:
    node = excerpt_base + excerpt.id
    said = _identified(_SPECIFIC_RESOURCE, excerpt.id)
    said.append((_HAS_SOURCE, (iris.source(excerpt.source.id)), None))
    if excerpt.codes:
        said += _fields(excerpt, EXCERPT_FIELDS)
    codings = [(f"{node}/coding/{number}", _CODING, _fields(coding, CODING_FIELDS))
               for number, coding in enumerate(sorted(excerpt.codings,
                                                      key=lambda c: c.sort_key), start=1)]
    said += [(_HAS_CODING, coding, None) for coding, _, _ in codings]
    selectors = [(f"{node}/quote", _TEXT_QUOTE_SELECTOR, _fields(excerpt, QUOTE_FIELDS))]
    if excerpt.start is not None:
        selectors.append((f"{node}/position", _TEXT_POSITION_SELECTOR,
                          _fields(excerpt, POSITION_FIELDS)))
    for name, fragment in FRAGMENTS.items():
        value = getattr(excerpt, name)
        if value is not None:
            text, conforms_to = fragment(value)
            described = [(_VALUE, text, STRING)]
            if conforms_to is not None:
                described.append((_CONFORMS_TO, str(conforms_to), None))
            selectors.append((f"{node}/{name}", _FRAGMENT_SELECTOR, described))
    said += [(_HAS_SELECTOR, selector, None) for selector, _, _ in selectors]
    judged, judgements = judgement_statements(iris, node, excerpt.appraisal, team)
    yield node, said + judged
    for selector, kind, described in (*codings, *selectors):
        yield selector, [(_TYPE, kind, None), *described]
    yield from judgements


def _element(iris: Iris, element: AnyElement) -> Description:
    fields = MECHANISM_FIELDS if isinstance(element, Mechanism) else ELEMENT_FIELDS
    return (iris.element(element.id)), [
        *_identified(_ELEMENT_CLASSES[element.kind], element.id), *_fields(element, fields)]


def _codebook(iris: Iris, codebook: Codebook) -> Iterator[Description]:
    """The codebook as SKOS: a concept scheme, a concept per code, a collection per set."""
    scheme = iris.codebook()
    yield scheme, [(_TYPE, _CONCEPT_SCHEME, None)]
    for code in codebook.codes:
        said = [*_identified(_CONCEPT, code.label), (_IN_SCHEME, scheme, None),
                *_fields(code, CODE_FIELDS)]
        said.append((_BROADER, iris.code(code.parent), None) if code.parent is not None
                     else (_TOP_CONCEPT_OF, scheme, None))
        yield iris.code(code.label), said
    for code_set in codebook.sets:
        yield iris.code_set(code_set.name), [
            (_TYPE, _SKOS_COLLECTION, None), *_fields(code_set, CODE_SET_FIELDS),
            *((_MEMBER, iris.code(label), None) for label in code_set.codes)]


def _configuration(iris: Iris, excerpt_base: str, position: int, configuration: Configuration,
                   earlier_iris: Iris, named: set[str],
                   team: TeamMembers) -> Iterator[Description]:
    node = (iris.configuration(configuration.id))
    said = _identified(_CONFIGURATION, configuration.id)
    # The researcher's order of configurations (a report's table order) survives.
    said.append((_POSITION, str(position), _INTEGER))
    said += _fields(configuration, CONFIGURATION_FIELDS)
    said += [(_CITES_THEORY, (iris.middle_range_theory(name)), None)
             for name in configuration.theories]
    for name, predicate, many in _SLOTS:
        content = getattr(configuration, name)
        for element in content if many else (content,) if content else ():
            said.append((predicate, (iris.element(element.id)), None))
    revision = configuration.status == "refined"
    derivations = []
    for earlier_id in configuration.derived_from:
        earlier = (earlier_iris.configuration(earlier_id))
        derivation = (iris.derivation(configuration.id, earlier_id))
        said += [(_WAS_DERIVED_FROM, earlier, None),
                 (_QUALIFIED_DERIVATION, derivation, None)]
        # Typed Derivation as well as Revision: for readers without PROV's subclass axioms.
        described = [(_TYPE, _DERIVATION, None), (_PROV_ENTITY, earlier, None)]
        if revision:
            said.append((_WAS_REVISION_OF, earlier, None))
            described.append((_TYPE, _REVISION, None))
        derivations.append((derivation, described))
        if earlier not in named:
            named.add(earlier)
            derivations.append((earlier, [(_IDENTIFIER, earlier_id, STRING)]))
    logged, log = retroduction_statements(iris, node, configuration.retroduction, team)
    yield node, said + logged
    yield from derivations
    yield from log
    evidence_base = (iris.evidence(configuration.id, ""))
    body = (_HAS_BODY, node, None)
    for evidence in configuration.evidence:
        excerpt_id = evidence.excerpt.id
        said = [_ANNOTATED, _ASSESSES, body, (_HAS_TARGET, excerpt_base + excerpt_id, None),
                _TAKES_STANCE[evidence.stance]]
        if evidence.note is not None:
            said += _fields(evidence, EVIDENCE_FIELDS)
        yield evidence_base + excerpt_id, said
