"""Refinement and attribution as PROV-O: versions, derivations, revisions, participants."""

from __future__ import annotations

import pyoxigraph
from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, SKOS

from cmo.models import Collection, Configuration, Evidence, Excerpt, Source
from cmo.rdf import CMO, from_graph, to_graph

BASE = "https://example.org/sp/"


def _refined() -> Collection:
    interview = Source(id="i1", kind="interview", participant="P07", wave="1")
    follow_up = Source(id="i2", kind="interview", participant="P07", wave="2")
    return Collection(
        id="sp", version="v2", revises="IPT",
        excerpts=[Excerpt(id="x1", source=interview, text="synthetic"),
                  Excerpt(id="x2", source=follow_up, text="synthetic")],
        configurations=[
            Configuration(id="trust", status="refined", rationale="Narrowed to first visits.",
                          derived_from=["rapport"], contexts=[{"label": "First visit"}],
                          outcomes=[{"label": "Trust"}]),
            Configuration(id="hope", status="merged", derived_from=["hope-a", "hope-b"],
                          contexts=[{"label": "Trust"}], outcomes=[{"label": "Hope"}],
                          evidence=[Evidence(excerpt=Excerpt(id="x3", source=interview,
                                                             text="synthetic"),
                                             stance="supports")]),
        ])


def test_a_version_is_a_revision_of_the_version_it_refines():
    graph = to_graph(_refined(), base=BASE)
    version = URIRef(f"{BASE}theory/v2")
    earlier = URIRef(f"{BASE}theory/IPT")
    assert (version, RDF.type, CMO.ProgrammeTheory) in graph
    assert (version, PROV.wasRevisionOf, earlier) in graph
    assert graph.value(earlier, URIRef("http://www.w3.org/2002/07/owl#versionInfo")) == \
        Literal("IPT")


def test_a_refined_configuration_is_a_qualified_revision_of_the_earlier_one():
    graph = to_graph(_refined(), base=BASE)
    trust = URIRef(f"{BASE}theory/v2/configuration/trust")
    rapport = URIRef(f"{BASE}theory/IPT/configuration/rapport")
    assert (trust, PROV.wasDerivedFrom, rapport) in graph
    assert (trust, PROV.wasRevisionOf, rapport) in graph
    derivation = graph.value(trust, PROV.qualifiedDerivation)
    assert {PROV.Revision, PROV.Derivation} <= set(graph.objects(derivation, RDF.type))
    assert (derivation, PROV.entity, rapport) in graph
    assert (trust, CMO.status, CMO.Refined) in graph
    assert (trust, SKOS.changeNote, Literal("Narrowed to first visits.")) in graph


def test_a_merged_configuration_derives_from_each_of_its_parts():
    graph = to_graph(_refined(), base=BASE)
    hope = URIRef(f"{BASE}theory/v2/configuration/hope")
    parts = set(graph.objects(hope, PROV.wasDerivedFrom))
    assert parts == {URIRef(f"{BASE}theory/IPT/configuration/hope-a"),
                     URIRef(f"{BASE}theory/IPT/configuration/hope-b")}
    assert not set(graph.objects(hope, PROV.wasRevisionOf))
    kinds = {kind for derivation in graph.objects(hope, PROV.qualifiedDerivation)
             for kind in graph.objects(derivation, RDF.type)}
    assert kinds == {PROV.Derivation}


def test_sources_are_attributed_to_one_participant_across_waves():
    graph = to_graph(_refined(), base=BASE)
    participant = URIRef(f"{BASE}participant/P07")
    assert (participant, RDF.type, CMO.Participant) in graph
    attributed = set(graph.subjects(PROV.wasAttributedTo, participant))
    assert attributed == {URIRef(f"{BASE}source/i1"), URIRef(f"{BASE}source/i2")}


def test_refinement_and_attribution_survive_the_round_trip():
    collection = _refined()
    assert from_graph(to_graph(collection, base=BASE)) == collection


def test_versions_side_by_side_keep_their_configurations_apart():
    """Two versions in one store: each version's configurations have IRIs of their own."""
    initial = Collection(id="sp", version="IPT", configurations=[Configuration(
        id="rapport", contexts=[{"label": "First visit"}], outcomes=[{"label": "Trust"}])])
    store = pyoxigraph.Store()
    for collection in (initial, _refined()):
        ntriples = to_graph(collection, base=BASE).serialize(format="nt")
        store.load(ntriples.encode(), format=pyoxigraph.RdfFormat.N_TRIPLES)
    rows = store.query("""
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        PREFIX cmo: <https://w3id.org/cmo#>
        SELECT ?new ?old WHERE {
            ?n prov:wasRevisionOf ?o ; dcterms:identifier ?new .
            ?o a cmo:Configuration ; dcterms:identifier ?old .
        }""")
    assert {(row["new"].value, row["old"].value) for row in rows} == {("trust", "rapport")}


def test_the_default_base_is_the_theory_id():
    graph = to_graph(Collection(id="sp", version="v2"))
    assert (URIRef("urn:cmo:sp:theory/v2"), RDF.type, CMO.ProgrammeTheory) in graph
