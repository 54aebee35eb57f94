"""The ``cmo:`` vocabulary, the Web Annotation terms it is used with, and its OWL ontology.

``CMO``, ``OA`` and ``SCHEMA`` are closed namespaces: a misspelt term is an ``AttributeError``, not a
silently wrong IRI. Every other term the RDF uses comes from rdflib's own namespaces
(``PROV``, ``DCTERMS``, ``SKOS``, ``RDF``, ``RDFS``, ``OWL``, ``XSD``); ``SCHEMA`` is the
closed subset of schema.org (rdflib's ``SDO``) that ``cmo`` uses.

Example:
    >>> CMO.Configuration
    rdflib.term.URIRef('https://w3id.org/cmo#Configuration')
    >>> CMO.hasContext in CMO, OA.hasTarget
    (True, rdflib.term.URIRef('http://www.w3.org/ns/oa#hasTarget'))
    >>> CMO.hasContxt
    Traceback (most recent call last):
    ...
    AttributeError: term 'hasContxt' not in namespace 'https://w3id.org/cmo#'
    >>> from rdflib import Literal
    >>> (CMO.Configuration, RDFS.label, Literal("Configuration", lang="en")) in ontology()
    True
"""

# No ``from __future__ import annotations`` here: rdflib reads the term annotations of a
# DefinedNamespace at run time (``as_jsonld_context`` needs them to be classes, not strings).
# rdflib's open namespaces (``XSD``, ``SDO``) are not module globals here: pytest's doctest
# finder probes every global for ``_mock_name``, and open namespaces warn about that.

from pathlib import Path
from typing import Final

import rdflib.namespace
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, VANN, Namespace

__all__ = [
    "BIBO",
    "CMO",
    "DCTERMS",
    "NAMESPACE",
    "OA",
    "ONTOLOGY_PATH",
    "OWL",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SKOS",
    "ontology",
    "terms",
]

#: The namespace of the vocabulary; its preferred prefix is ``cmo:``.
NAMESPACE: Final = "https://w3id.org/cmo#"

#: The OWL ontology (Turtle) that declares and defines every ``cmo:`` term.
ONTOLOGY_PATH: Final = Path(__file__).parent / "ontology" / "cmo.ttl"


class CMO(rdflib.namespace.DefinedNamespace):
    """Realist evaluation: programme theories, CMO configurations and their evidence.

    Declared and defined in :data:`ONTOLOGY_PATH` (``cmo/rdf/ontology/cmo.ttl``).
    """

    _fail = True

    # Classes
    ProgrammeTheory: URIRef  # The whole set of CMO configurations for one programme.
    Configuration: URIRef  # A context-mechanism-outcome configuration (CMOC).
    Context: URIRef  # The circumstances in which a mechanism fires (or does not).
    Mechanism: URIRef  # A resource the programme offers and people's reasoning in response.
    Outcome: URIRef  # What happens when the mechanism fires, intended or not.
    Intervention: URIRef  # What the programme does: the I of CIMO, or a strategy.
    Actor: URIRef  # Who acts or is acted on: the A of ICAMO.
    Stance: URIRef  # The stance a piece of evidence takes towards a configuration.
    SourceKind: URIRef  # The kind of data a source is: interview, observation, paper...
    MiddleRangeTheory: URIRef  # A published theory that explains mechanisms: trust, hope...
    Status: URIRef  # Where a configuration stands in the refinement of the theory.
    Participant: URIRef  # A person whose words or actions a source records (prov:Agent).
    Coding: URIRef  # One QDA code applied to an excerpt, and who applied it.

    # Structure of a programme theory and its configurations
    hasConfiguration: URIRef  # A configuration that is part of a programme theory.
    hasContext: URIRef  # A context of a configuration.
    hasMechanism: URIRef  # The mechanism of a configuration.
    hasOutcome: URIRef  # An outcome of a configuration.
    hasIntervention: URIRef  # An intervention or strategy of a configuration.
    hasActor: URIRef  # An actor of a configuration.
    theme: URIRef  # The area or theme of the programme theory a configuration belongs to.
    number: URIRef  # A configuration's display number (CMOC 7), kept from version to version.
    status: URIRef  # Where a configuration stands: cmo:Proposed, cmo:Supported...
    citesTheory: URIRef  # A middle-range or substantive theory a configuration cites.

    # Statuses of configurations (refinement; derivation itself is PROV-O)
    Proposed: URIRef  # A hypothesis, not yet tested against the data.
    Supported: URIRef  # The data support it as it stands.
    Refined: URIRef  # Changed in the light of the data.
    Refuted: URIRef  # The data show it does not hold.
    New: URIRef  # Added in this version, from the data.
    Merged: URIRef  # Merges several configurations of the earlier version.
    Split: URIRef  # One of several an earlier configuration was split into.
    Abandoned: URIRef  # Set aside without being refuted.

    # Mechanism = resource + reasoning (Dalkin et al. 2015)
    resource: URIRef  # What the programme offers, as part of a mechanism.
    reasoning: URIRef  # How people's reasoning responds to the resource.

    # Evidence
    stance: URIRef  # The stance an evidence annotation takes towards its configuration.
    supports: URIRef  # The evidence supports the configuration.
    refutes: URIRef  # The evidence refutes the configuration.
    refines: URIRef  # The evidence calls for the configuration to be refined.
    hasCoding: URIRef  # A coding of an excerpt: a QDA code and who applied it.

    # Sources
    participantRole: URIRef  # The participant's role, e.g. patient or link worker.
    site: URIRef  # The site where the data were collected.
    wave: URIRef  # The wave or timepoint of data collection.
    group: URIRef  # A group the source belongs to (a QDA program's document set).
    Interview: URIRef  # Source kind: an interview (transcript or recording).
    Observation: URIRef  # Source kind: an observation (field notes).
    FocusGroup: URIRef  # Source kind: a focus group.
    Document: URIRef  # Source kind: a programme document (policy, minutes, leaflet).
    Publication: URIRef  # Source kind: a published paper, report or book.
    OtherSource: URIRef  # Source kind: any other kind of data.

    # Appraisal of sources and excerpts
    Judgement: URIRef  # One judgement of a source or excerpt: a level of a scale, why, by whom.
    AppraisalScale: URIRef  # The project's ordered levels of one appraisal dimension.
    AppraisalLevel: URIRef  # A level of an appraisal scale (high, moderate...), by rank.
    AppraisalDimension: URIRef  # What a scale judges: relevance, rigour or richness.
    relevance: URIRef  # The judgement of how far a source or excerpt speaks to the theory.
    rigour: URIRef  # The judgement of how trustworthy a source or excerpt is.
    richness: URIRef  # The judgement of how much a source or excerpt says of C and M.
    level: URIRef  # The level of the scale a judgement gives.
    justification: URIRef  # Why a judgement gives its level.
    dimension: URIRef  # The dimension an appraisal scale judges.
    rank: URIRef  # Where a level stands on its scale: 1 for the highest.
    Relevance: URIRef  # Dimension: relevance to the programme theory.
    Rigour: URIRef  # Dimension: rigour (trustworthiness).
    Richness: URIRef  # Dimension: conceptual richness.

    # Retroduction: how a configuration's mechanism was inferred
    InferenceStep: URIRef  # One inferential move towards a mechanism (a prov:Activity).
    InferenceMove: URIRef  # The kind of an inference step: abductive, retroductive...
    AlternativeMechanism: URIRef  # A mechanism considered for a configuration and set aside.
    hasInferenceStep: URIRef  # A step of the retroduction log of a configuration.
    move: URIRef  # The kind of inference a step makes.
    inference: URIRef  # What a step inferred, and from what.
    drawsOnTheory: URIRef  # A middle-range theory a step or an alternative draws on.
    consideredAlternative: URIRef  # An alternative mechanism considered and set aside.
    setAsideBecause: URIRef  # Why an alternative mechanism was set aside.
    citesExcerpt: URIRef  # An excerpt an alternative mechanism cites.
    Abductive: URIRef  # Move: redescribing what was seen in the light of a theory.
    Retroductive: URIRef  # Move: reasoning back to what must hold for the outcome.
    Inductive: URIRef  # Move: generalising from the cases seen.
    Deductive: URIRef  # Move: deriving what a theory predicts, to test it.

    _NS = Namespace(NAMESPACE)


class OA(rdflib.namespace.DefinedNamespace):
    """The Web Annotation Vocabulary terms ``cmo`` uses (https://www.w3.org/TR/annotation-vocab/)."""

    _fail = True

    Annotation: URIRef  # The class for Web Annotations.
    SpecificResource: URIRef  # A resource identified by a part of another (a source).
    TextQuoteSelector: URIRef  # Selects a part of a text by quoting it.
    TextPositionSelector: URIRef  # Selects a part of a text by its start and end positions.
    FragmentSelector: URIRef  # Selects a part of a resource with a fragment identifier.
    hasBody: URIRef  # The body of an annotation: what is said about the target.
    hasTarget: URIRef  # The target of an annotation: what it is about.
    hasSource: URIRef  # The resource a specific resource is a part of.
    hasSelector: URIRef  # A selector of the part of the source.
    exact: URIRef  # The copy of the selected text.
    start: URIRef  # The position of the first selected character (counting from 0).
    end: URIRef  # The position after the last selected character.
    motivatedBy: URIRef  # Why the annotation was made.
    assessing: URIRef  # Motivation: an assessment of the target (evidence for a configuration).

    _NS = Namespace("http://www.w3.org/ns/oa#")


class BIBO(rdflib.namespace.DefinedNamespace):
    """The Bibliographic Ontology terms ``cmo`` uses (http://purl.org/ontology/bibo/)."""

    _fail = True

    doi: URIRef  # The DOI of a document, as text (10.3310/ETND8254).

    _NS = Namespace("http://purl.org/ontology/bibo/")


class SCHEMA(rdflib.namespace.DefinedNamespace):
    """The schema.org terms ``cmo`` uses (a closed subset of rdflib's ``SDO``)."""

    _fail = True

    sameAs: URIRef  # The IRI of a reference page that identifies the item: its DOI address.
    url: URIRef  # The web address of the item.
    position: URIRef  # The position of an item in a series: a configuration's place in its theory.
    text: URIRef  # The textual content of a work: the whole text of a source, when kept.
    color: URIRef  # The colour of an item: a QDA code's colour, as #RRGGBB.

    _NS = Namespace("https://schema.org/")


def terms() -> frozenset[URIRef]:
    """Every term of the ``cmo:`` vocabulary.

    Example:
        >>> CMO.stance in terms(), len(terms())
        (True, 76)
    """
    return frozenset(dir(CMO))


def ontology() -> Graph:
    """The OWL ontology of the ``cmo:`` vocabulary, parsed.

    Example:
        >>> (CMO.hasMechanism, RDFS.range, CMO.Mechanism) in ontology()
        True
    """
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in (("cmo", NAMESPACE), ("vann", str(VANN)), ("owl", str(OWL)),
                              ("rdfs", str(RDFS)), ("dcterms", str(DCTERMS))):
        graph.bind(prefix, namespace)
    return graph.parse(ONTOLOGY_PATH, format="turtle")
