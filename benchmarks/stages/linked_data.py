"""RDF: exporting Turtle, N-Triples and JSON-LD, and reading Turtle back.

The floors do the same raw work with pyoxigraph alone:

- **Export**: walk the theory's models, make each of their triples as pyoxigraph terms
  (``NamedNode``, ``Literal``, ``Triple``) with the IRIs ``cmo`` mints, and stream them to
  the file with ``pyoxigraph.serialize`` (Turtle with ``cmo``'s prefixes). The walk covers
  what the benchmark theory holds (sources and their participants, excerpts and their
  selectors, elements, configurations, evidence) and so makes about as many triples as
  ``cmo`` writes (a test holds the two within 5%); the parts the benchmark theory does not
  have (appraisal, retroduction, a codebook...) are left out.
- **Import**: parse the Turtle file with pyoxigraph, take every term's value into Python
  (each IRI's string, each literal's value, datatype and language), group them by subject,
  build the authoring data of the theory from them in one plain pass (resources found by
  their ``rdf:type``, references turned into ids by ``dcterms:identifier``), and validate it
  once as the plain pydantic models of :mod:`.loading`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Final
from urllib.parse import quote

import pyoxigraph
from pyoxigraph import Literal, NamedNode, Triple
from workload import Workload

from cmo.models import Collection
from cmo.rdf import read_rdf, write_rdf

from .common import Stage, Work
from .loading import PlainDocument

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_DC = "http://purl.org/dc/terms/"
_OA = "http://www.w3.org/ns/oa#"
_PROV = "http://www.w3.org/ns/prov#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_SCHEMA = "https://schema.org/"
_CMO = "https://w3id.org/cmo#"
#: The prefixes ``cmo``'s Turtle binds.
PREFIXES: Final = {"bibo": "http://purl.org/ontology/bibo/", "cmo": _CMO, "dcterms": _DC,
                   "oa": _OA, "owl": "http://www.w3.org/2002/07/owl#", "prov": _PROV,
                   "rdf": _RDF, "rdfs": _RDFS, "schema": _SCHEMA, "skos": _SKOS, "xsd": _XSD}
_TYPE = _RDF + "type"
_IDENTIFIER = _DC + "identifier"
_LABEL = _RDFS + "label"

# What each model's text fields are written as.
_COLLECTION_TEXT: Final = (("title", _DC + "title"), ("version", "http://www.w3.org/2002/07/"
                           "owl#versionInfo"), ("description", _DC + "description"))
_SOURCE_TEXT: Final = (("title", _DC + "title"), ("participant_role", _CMO + "participantRole"),
                       ("site", _CMO + "site"), ("wave", _CMO + "wave"),
                       ("citation", _DC + "bibliographicCitation"), ("notes", _SKOS + "note"),
                       ("text", _SCHEMA + "text"))
_ELEMENT_TEXT: Final = (("label", _LABEL), ("description", _DC + "description"))
_MECHANISM_TEXT: Final = (*_ELEMENT_TEXT, ("resource", _CMO + "resource"),
                          ("reasoning", _CMO + "reasoning"))
_CONFIGURATION_TEXT: Final = (("label", _LABEL), ("theme", _CMO + "theme"),
                              ("rationale", _SKOS + "changeNote"), ("notes", _SKOS + "note"))
_SLOTS: Final = (("interventions", _CMO + "hasIntervention"), ("actors", _CMO + "hasActor"),
                 ("contexts", _CMO + "hasContext"), ("mechanism", _CMO + "hasMechanism"),
                 ("outcomes", _CMO + "hasOutcome"))
_KINDS: Final = {"interview": "Interview", "observation": "Observation",
                 "focus group": "FocusGroup", "document": "Document",
                 "publication": "Publication", "other": "OtherSource"}
_ELEMENT_CLASSES: Final = {"context": "Context", "mechanism": "Mechanism",
                           "outcome": "Outcome", "intervention": "Intervention",
                           "actor": "Actor"}


def theory_triples(collection: Collection) -> Iterator[Triple]:
    """The triples of a theory as pyoxigraph terms, walked from its models (the floor of
    the exports)."""
    n, lit, triple = NamedNode, Literal, Triple
    a, identifier = n(_TYPE), n(_IDENTIFIER)
    count, integer = n(_XSD + "nonNegativeInteger"), n(_XSD + "integer")
    base = f"urn:cmo:{collection.id}:" if collection.id else "urn:cmo:"
    versioned = f"{base}theory/{quote(collection.version, safe='')}/" if collection.version \
        else base
    theory = n(versioned[:-1] if collection.version else f"{base}theory")
    yield triple(theory, a, n(_CMO + "ProgrammeTheory"))
    if collection.id is not None:
        yield triple(theory, identifier, lit(collection.id))
    for name, predicate in _COLLECTION_TEXT:
        value = getattr(collection, name)
        if value is not None:
            yield triple(theory, n(predicate), lit(value))
    has_configuration = n(_CMO + "hasConfiguration")
    for configuration in collection.configurations:
        yield triple(theory, has_configuration, n(f"{versioned}configuration/{configuration.id}"))

    participant_class, attributed = n(_CMO + "Participant"), n(_PROV + "wasAttributedTo")
    entity, dc_type = n(_PROV + "Entity"), n(_DC + "type")
    kinds = {kind: n(_CMO + term) for kind, term in _KINDS.items()}
    source_text = [(name, n(predicate)) for name, predicate in _SOURCE_TEXT]
    # Each resource's node is made once, where it is described, and reused where it is
    # named again (an excerpt by 20 evidence links, say).
    participants: dict[str, NamedNode] = {}
    sources: dict[str, NamedNode] = {}
    for source in collection.sources:
        if source.participant is not None and source.participant not in participants:
            node = participants[source.participant] = n(
                f"{base}participant/{quote(source.participant, safe='')}")
            yield triple(node, a, participant_class)
            yield triple(node, identifier, lit(source.participant))
        node = sources[source.id] = n(f"{base}source/{source.id}")
        yield triple(node, a, entity)
        yield triple(node, identifier, lit(source.id))
        yield triple(node, dc_type, kinds[source.kind])
        for name, predicate in source_text:
            value = getattr(source, name)
            if value is not None:
                yield triple(node, predicate, lit(value))
        if source.participant is not None:
            yield triple(node, attributed, participants[source.participant])

    specific, has_source, has_selector = (n(_OA + name) for name in (
        "SpecificResource", "hasSource", "hasSelector"))
    quote_selector, exact, subject = n(_OA + "TextQuoteSelector"), n(_OA + "exact"), n(
        _DC + "subject")
    position_selector, start, end = (n(_OA + name) for name in (
        "TextPositionSelector", "start", "end"))
    excerpts: dict[str, NamedNode] = {}
    for excerpt in collection.excerpts:
        iri = f"{base}excerpt/{excerpt.id}"
        node = excerpts[excerpt.id] = n(iri)
        yield triple(node, a, specific)
        yield triple(node, identifier, lit(excerpt.id))
        yield triple(node, has_source, sources[excerpt.source.id])
        for code in excerpt.codes:
            yield triple(node, subject, lit(code))
        yield triple(node, has_selector, n(f"{iri}/quote"))
        if excerpt.start is not None:
            yield triple(node, has_selector, n(f"{iri}/position"))
        selector = n(f"{iri}/quote")
        yield triple(selector, a, quote_selector)
        yield triple(selector, exact, lit(excerpt.text))
        if excerpt.start is not None:
            selector = n(f"{iri}/position")
            yield triple(selector, a, position_selector)
            yield triple(selector, start, lit(str(excerpt.start), datatype=count))
            if excerpt.end is not None:
                yield triple(selector, end, lit(str(excerpt.end), datatype=count))

    classes = {kind: n(_CMO + name) for kind, name in _ELEMENT_CLASSES.items()}
    alias = n(_SKOS + "altLabel")
    element_text = [(name, n(predicate)) for name, predicate in _ELEMENT_TEXT]
    mechanism_text = [(name, n(predicate)) for name, predicate in _MECHANISM_TEXT]
    elements: dict[str, NamedNode] = {}
    for element in collection.elements:
        if element.id in elements:  # a context that is also an outcome: typed twice
            yield triple(elements[element.id], a, classes[element.kind])
            continue
        node = elements[element.id] = n(f"{base}element/{element.id}")
        yield triple(node, a, classes[element.kind])
        yield triple(node, identifier, lit(element.id))
        for name, predicate in mechanism_text if element.kind == "mechanism" else element_text:
            value = getattr(element, name)
            if value is not None:
                yield triple(node, predicate, lit(value))
        for name in element.aliases:
            yield triple(node, alias, lit(name))

    configuration_class, position, status = (n(_CMO + "Configuration"), n(_SCHEMA + "position"),
                                             n(_CMO + "status"))
    configuration_text = [(name, n(predicate)) for name, predicate in _CONFIGURATION_TEXT]
    slots = [(name, n(predicate)) for name, predicate in _SLOTS]
    annotation, motivated_by, assessing = (n(_OA + name) for name in (
        "Annotation", "motivatedBy", "assessing"))
    has_body, has_target, stance, comment = (n(_OA + "hasBody"), n(_OA + "hasTarget"),
                                             n(_CMO + "stance"), n(_RDFS + "comment"))
    for number, configuration in enumerate(collection.configurations, start=1):
        node = n(f"{versioned}configuration/{configuration.id}")
        yield triple(node, a, configuration_class)
        yield triple(node, identifier, lit(configuration.id))
        yield triple(node, position, lit(str(number), datatype=integer))
        for name, predicate in configuration_text:
            value = getattr(configuration, name)
            if value is not None:
                yield triple(node, predicate, lit(value))
        yield triple(node, status, n(_CMO + configuration.status.capitalize()))
        for name, predicate in slots:
            content = getattr(configuration, name)
            for element in content if isinstance(content, tuple) else (content,) if content \
                    else ():
                yield triple(node, predicate, elements[element.id])
        for evidence in configuration.evidence:
            link = n(f"{versioned}evidence/{configuration.id}/{evidence.excerpt.id}")
            yield triple(link, a, annotation)
            yield triple(link, motivated_by, assessing)
            yield triple(link, has_body, node)
            yield triple(link, has_target, excerpts[evidence.excerpt.id])
            yield triple(link, stance, n(_CMO + evidence.stance))
            if evidence.note is not None:
                yield triple(link, comment, lit(evidence.note))


def serialize_plainly(collection: Collection, path: Path,
                      rdf_format: pyoxigraph.RdfFormat) -> None:
    """The export floor: the models' triples made as terms and serialised by pyoxigraph."""
    pyoxigraph.serialize(theory_triples(collection), output=str(path), format=rdf_format,
                         prefixes=PREFIXES)


def _rdf_export(option: str, rdf_format: pyoxigraph.RdfFormat, suffix: str
                ) -> Callable[[Workload], tuple[Work, Work]]:
    """Ours writes the theory's RDF file itself (the import reads it); the floor writes the
    same theory's triples from its models with pyoxigraph."""
    def prepare(w: Workload) -> tuple[Work, Work]:
        ours, floor = w.path(f"theory{suffix}"), w.path(f"floor{suffix}")
        return (lambda: write_rdf(w.collection, ours, rdf_format=option),
                lambda: serialize_plainly(w.collection, floor, rdf_format))

    return prepare


# -- reading --------------------------------------------------------------------------------

_SOURCE_KINDS: Final = {_CMO + term: kind for kind, term in _KINDS.items()}
_ELEMENT_KINDS: Final = {_CMO + name: kind for kind, name in _ELEMENT_CLASSES.items()}
_SOURCE_FIELDS: Final = {predicate: name for name, predicate in _SOURCE_TEXT}
_SLOT_OF: Final = {predicate: name for name, predicate in _SLOTS}
_CONFIGURATION_FIELDS: Final = {predicate: name for name, predicate in _CONFIGURATION_TEXT}
_ELEMENT_FIELDS: Final = {predicate: name for name, predicate in _MECHANISM_TEXT}
_EXACT, _START, _END = _OA + "exact", _OA + "start", _OA + "end"
_PROGRAMME_THEORY: Final = _CMO + "ProgrammeTheory"
_ENTITY: Final = _PROV + "Entity"
_DC_TYPE: Final = _DC + "type"
_ATTRIBUTED: Final = _PROV + "wasAttributedTo"
_SPECIFIC: Final = _OA + "SpecificResource"
_HAS_SOURCE: Final = _OA + "hasSource"
_HAS_SELECTOR: Final = _OA + "hasSelector"
_SUBJECT: Final = _DC + "subject"
_ALIAS: Final = _SKOS + "altLabel"
_CONFIGURATION: Final = _CMO + "Configuration"
_STATUS: Final = _CMO + "status"
_ANNOTATION: Final = _OA + "Annotation"
_HAS_TARGET: Final = _OA + "hasTarget"
_STANCE: Final = _CMO + "stance"
_COMMENT: Final = _RDFS + "comment"
_HAS_BODY: Final = _OA + "hasBody"


def read_plainly(path: Path) -> PlainDocument:
    """The import floor: every triple's terms taken into Python, grouped by subject, the
    authoring data built from them in one plain pass, validated once as plain models."""
    #: Each subject's predicates and values, one after the other (a dict of lists per
    #: subject would hold twice the memory of ``cmo``'s own index at 100,000).
    described: dict[str, list[Any]] = {}
    literal = Literal
    # Each IRI held once however often it is named, as any reader of a large file must
    # (pyoxigraph hands over a new str for every term).
    once = {}.setdefault
    for found in pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE):
        value = found.object
        if type(value) is literal:
            term: Any = (value.value, once(datatype := value.datatype.value, datatype),
                         value.language)
        else:
            term = once(iri := value.value, iri)
        said = described.get(subject := found.subject.value)
        if said is None:
            said = described[subject] = []
        predicate = found.predicate.value
        said += (once(predicate, predicate), term)
    return PlainDocument.model_validate(_document(described))


def _properties(said: list[Any]) -> dict[str, list[Any]]:
    properties: dict[str, list[Any]] = {}
    for number in range(0, len(said), 2):
        properties.setdefault(said[number], []).append(said[number + 1])
    return properties


def _text(values: list[Any]) -> str:
    return values[0][0]


def _document(described: dict[str, list[Any]]) -> dict[str, Any]:
    """The authoring data of the theory the triples describe (references by id)."""
    ids = {}
    for subject, said in described.items():
        for number in range(0, len(said), 2):
            if said[number] == _IDENTIFIER:
                ids[subject] = said[number + 1][0]
    document: dict[str, Any] = {}
    sources, excerpts, elements, configurations = [], [], [], []
    evidence: dict[str, list[dict[str, str]]] = {}
    for subject, said in described.items():
        properties = _properties(said)
        for kind in properties.get(_TYPE, ()):
            if kind == _PROGRAMME_THEORY:
                document.update(id=ids.get(subject), **{
                    name: _text(properties[predicate]) for name, predicate in _COLLECTION_TEXT
                    if predicate in properties})
            elif kind == _ENTITY:
                source = {"id": ids[subject],
                          "kind": _SOURCE_KINDS[properties[_DC_TYPE][0]]}
                for predicate, values in properties.items():
                    name = _SOURCE_FIELDS.get(predicate)
                    if name is not None:
                        source[name] = _text(values)
                for participant in properties.get(_ATTRIBUTED, ()):
                    source["participant"] = ids[participant]
                sources.append(source)
            elif kind == _SPECIFIC:
                excerpt = {"id": ids[subject], "source": ids[properties[_HAS_SOURCE][0]]}
                for selector in properties.get(_HAS_SELECTOR, ()):
                    held = _properties(described[selector])
                    if _EXACT in held:
                        excerpt["text"] = _text(held[_EXACT])
                    if _START in held:
                        excerpt["start"] = _text(held[_START])
                    if _END in held:
                        excerpt["end"] = _text(held[_END])
                if _SUBJECT in properties:
                    excerpt["codes"] = [code for code, _, _ in properties[_SUBJECT]]
                excerpts.append(excerpt)
            elif kind in _ELEMENT_KINDS:
                element = {"kind": _ELEMENT_KINDS[kind], "id": ids[subject]}
                for predicate, values in properties.items():
                    name = _ELEMENT_FIELDS.get(predicate)
                    if name is not None:
                        element[name] = _text(values)
                if _ALIAS in properties:
                    element["aliases"] = [label for label, _, _ in properties[_ALIAS]]
                elements.append(element)
            elif kind == _CONFIGURATION:
                configuration: dict[str, Any] = {"id": ids[subject]}
                for predicate, values in properties.items():
                    name = _CONFIGURATION_FIELDS.get(predicate)
                    if name is not None:
                        configuration[name] = _text(values)
                    elif predicate in _SLOT_OF:
                        name = _SLOT_OF[predicate]
                        chosen = [ids[node] for node in values]
                        configuration[name] = chosen[0] if name == "mechanism" else chosen
                for status in properties.get(_STATUS, ()):
                    configuration["status"] = status.removeprefix(_CMO).lower()
                configuration["evidence"] = evidence.setdefault(subject, [])
                configurations.append(configuration)
            elif kind == _ANNOTATION:
                link = {"excerpt": ids[properties[_HAS_TARGET][0]],
                        "stance": properties[_STANCE][0].removeprefix(_CMO)}
                if _COMMENT in properties:
                    link["note"] = _text(properties[_COMMENT])
                for body in properties[_HAS_BODY]:
                    evidence.setdefault(body, []).append(link)
    return {**document, "sources": sources, "excerpts": excerpts, "elements": elements,
            "configurations": configurations}


def _rdf_import_turtle(w: Workload) -> tuple[Work, Work]:
    path = w.file("theory.ttl")
    return (lambda: read_rdf(path, rdf_format="turtle"), lambda: read_plainly(path))


STAGES: Final[tuple[Stage, ...]] = (
    Stage("rdf-export-ntriples", "the models walked into pyoxigraph terms (the same triples), "
          "pyoxigraph.serialize to N-Triples",
          _rdf_export("nt", pyoxigraph.RdfFormat.N_TRIPLES, ".nt")),
    Stage("rdf-export-turtle", "the models walked into pyoxigraph terms (the same triples), "
          "pyoxigraph.serialize to Turtle with cmo's prefixes",
          _rdf_export("turtle", pyoxigraph.RdfFormat.TURTLE, ".ttl")),
    Stage("rdf-export-jsonld", "the models walked into pyoxigraph terms (the same triples), "
          "pyoxigraph.serialize to JSON-LD (expanded, one line)",
          _rdf_export("json-ld", pyoxigraph.RdfFormat.JSON_LD, ".jsonld")),
    Stage("rdf-import-turtle", "pyoxigraph.parse, every term's value taken into Python, "
          "grouped by subject, built into the authoring data in one plain pass, then "
          "model_validate of the plain models of load-json", _rdf_import_turtle),
)
