"""The shipped ontology declares and defines every term the writer uses, as vocabulary.py does."""

from __future__ import annotations

import importlib.resources
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, VANN

from cmo.rdf import CMO, NAMESPACE, ONTOLOGY_PATH, ontology, terms, to_graph

DOCS = Path(__file__).resolve().parents[2] / "docs" / "vocabulary.md"


@pytest.fixture(scope="module")
def declared():
    return ontology()


def _ours(nodes) -> set[URIRef]:
    return {node for node in nodes if isinstance(node, URIRef) and str(node).startswith(NAMESPACE)}


def test_the_ontology_ships_as_package_data():
    shipped = importlib.resources.files("cmo.rdf").joinpath("ontology/cmo.ttl")
    assert shipped.is_file()
    assert Path(str(shipped)) == ONTOLOGY_PATH


def test_the_ontology_has_its_header(declared):
    ontology_iri = URIRef(NAMESPACE.rstrip("#"))
    assert (ontology_iri, RDF.type, OWL.Ontology) in declared
    assert declared.value(ontology_iri, VANN.preferredNamespacePrefix) == Literal("cmo")
    assert declared.value(ontology_iri, OWL.versionInfo) is not None
    assert declared.value(ontology_iri, DCTERMS.title) is not None


def test_the_ontology_parses_with_a_second_parser(declared):
    triples = list(pyoxigraph.parse(path=str(ONTOLOGY_PATH), format=pyoxigraph.RdfFormat.TURTLE))
    assert len(triples) == len(declared)


def test_vocabulary_py_and_the_ontology_declare_the_same_terms(declared):
    assert _ours(declared.subjects()) == set(terms())


def test_every_term_has_a_label_a_definition_and_a_type(declared):
    for term in terms():
        assert declared.value(term, RDFS.label) is not None, term
        assert declared.value(term, RDFS.comment) is not None, term
        assert declared.value(term, RDFS.isDefinedBy) is not None, term
        assert set(declared.objects(term, RDF.type)) & {
            OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual}, term


def test_every_property_has_a_domain_and_a_range(declared):
    properties = set(declared.subjects(RDF.type, OWL.ObjectProperty)) | set(
        declared.subjects(RDF.type, OWL.DatatypeProperty))
    assert CMO.hasConfiguration in properties and CMO.stance in properties
    for term in properties:
        assert declared.value(term, RDFS.domain) is not None, term
        assert declared.value(term, RDFS.range) is not None, term


def test_every_cmo_term_the_writer_uses_is_defined(declared, example_theory):
    graph = to_graph(example_theory)
    used = _ours(graph.subjects()) | _ours(graph.predicates()) | _ours(graph.objects())
    assert {CMO.Configuration, CMO.hasContext, CMO.stance, CMO.refines, CMO.Publication} <= used
    for term in used:
        assert declared.value(term, RDFS.label) is not None, term
        assert declared.value(term, RDFS.comment) is not None, term


def test_the_documentation_lists_every_term():
    text = DOCS.read_text(encoding="utf-8")
    missing = sorted(str(term) for term in terms()
                     if f"cmo:{str(term).removeprefix(NAMESPACE)}`" not in text)
    assert missing == []


def test_the_documentation_tables_are_made_from_the_ontology(declared):
    from .vocabulary_tables import documented, tables

    assert documented() == tables(declared), "run: python -m tests.rdf.vocabulary_tables"


def test_every_class_is_aligned_with_a_standard(declared):
    for term in set(declared.subjects(RDF.type, OWL.Class)):
        parents = set(declared.objects(term, RDFS.subClassOf))
        assert any(not str(parent).startswith(NAMESPACE) for parent in parents), term
