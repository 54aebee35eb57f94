"""Writing RDF: the worked example, read by a second parser and queried with SPARQL; JSON-LD
read by two parsers as the Turtle graph, in Turtle's time and memory."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyoxigraph
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import RDF, Graph, Literal
from rdflib.compare import isomorphic

from cmo.models import Collection, Configuration
from cmo.rdf import CMO, OA, jsonld, ntriples, parse_rdf, to_graph, write_rdf
from cmo.rdf.index import STRING
from cmo.sharing.privacy import WITHHELD

from ..strategies import collections

PREFIXES = """
PREFIX cmo: <https://w3id.org/cmo#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
"""
TIERNEY = "https://doi.org/10.3310/ETND8254"
GRIFFITHS = "https://doi.org/10.4236/jss.2023.115006"
TRUST = "Patient trusts the link worker"


@pytest.fixture(scope="module")
def turtle(example_theory, tmp_path_factory) -> Path:
    return write_rdf(example_theory, tmp_path_factory.mktemp("rdf") / "theory.ttl",
                     rdf_format="turtle")


@pytest.fixture(scope="module")
def store(turtle) -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    store.load(path=str(turtle), format=pyoxigraph.RdfFormat.TURTLE)
    return store


def _both(store: pyoxigraph.Store, turtle: Path, query: str) -> set[tuple[str, ...]]:
    """The answers of both SPARQL engines (pyoxigraph, rdflib), checked to agree; None if unbound."""
    oxigraph = {tuple(None if term is None else term.value for term in row)
                for row in store.query(PREFIXES + query)}
    graph = Graph().parse(turtle, format="turtle")
    rdflib = {tuple(None if term is None else str(term) for term in row)
              for row in graph.query(PREFIXES + query)}
    assert oxigraph == rdflib
    return oxigraph


def test_a_second_parser_reads_the_same_triples(turtle, example_theory, tmp_path):
    ours = Graph().parse(turtle, format="turtle")
    theirs = list(pyoxigraph.parse(path=str(turtle), format=pyoxigraph.RdfFormat.TURTLE))
    assert len(theirs) == len(ours) > 400
    json_ld = write_rdf(example_theory, tmp_path / "theory.jsonld", rdf_format="json-ld")
    assert len(list(pyoxigraph.parse(path=str(json_ld),
                                     format=pyoxigraph.RdfFormat.JSON_LD))) == len(ours)


def test_sparql_lists_configurations_with_contexts_and_outcomes(store, turtle):
    rows = _both(store, turtle, """
        SELECT ?configuration ?context ?outcome WHERE {
            ?theory a cmo:ProgrammeTheory ; cmo:hasConfiguration ?c .
            ?c a cmo:Configuration ; dcterms:identifier ?configuration .
            OPTIONAL { ?c cmo:hasContext/rdfs:label ?context }
            OPTIONAL { ?c cmo:hasOutcome/rdfs:label ?outcome }
        }""")
    assert len({configuration for configuration, _, _ in rows}) == 11
    assert ("hope-through-trust", TRUST, "Patient has a sense of hope") in rows
    # An M-O dyad: no context, and the query still lists it.
    assert {context for c, context, _ in rows if c == "person-centred-care"} == {None}


def test_sparql_follows_chains_through_shared_states(store, turtle):
    chains = _both(store, turtle, """
        SELECT ?upstream ?state ?downstream WHERE {
            ?u cmo:hasOutcome ?s ; dcterms:identifier ?upstream .
            ?d cmo:hasContext ?s ; dcterms:identifier ?downstream .
            ?s a cmo:Context, cmo:Outcome ; rdfs:label ?state .
        }""")
    assert chains == {
        ("referral-buy-in", "Patient agrees to a referral to the link worker",
         "trust-through-skills"),
        ("trust-through-skills", TRUST, "hope-through-trust"),
        ("anchor-point", TRUST, "hope-through-trust"),
        ("structural-barriers", "Patient does not connect to external support",
         "connecting-with"),
    }


def test_sparql_finds_refuting_or_refining_evidence(store, turtle):
    rows = _both(store, turtle, """
        SELECT ?configuration ?stance ?excerpt WHERE {
            ?evidence a oa:Annotation ; oa:hasBody ?c ; cmo:stance ?stance ;
                      oa:hasTarget/dcterms:identifier ?excerpt .
            FILTER (?stance IN (cmo:refutes, cmo:refines))
            ?c dcterms:identifier ?configuration .
        }""")
    assert rows == {("referral-buy-in", str(CMO.refines), "tierney-limitation")}


def test_sparql_finds_the_doi_behind_supporting_evidence(store, turtle, example_theory):
    rows = _both(store, turtle, """
        SELECT DISTINCT ?configuration ?doi WHERE {
            ?evidence oa:hasBody ?c ; cmo:stance cmo:supports ;
                      oa:hasTarget/oa:hasSource/schema:sameAs ?doi .
            ?c dcterms:identifier ?configuration .
        }""")
    expected = {(c.id, e.excerpt.source.doi_iri) for c in example_theory.collection.configurations
                for e in c.evidence if e.stance == "supports"}
    assert rows == expected
    assert ("hope-through-trust", TIERNEY) in rows
    assert ("workload-threat", GRIFFITHS) in rows
    assert len({configuration for configuration, _ in rows}) == 11


def test_sparql_reads_quotes_and_mechanism_halves(store, turtle):
    rows = _both(store, turtle, """
        SELECT ?resource ?reasoning ?quote WHERE {
            ?c dcterms:identifier "hope-through-trust" ; cmo:hasMechanism ?m .
            ?m cmo:resource ?resource ; cmo:reasoning ?reasoning .
            ?evidence oa:hasBody ?c ; oa:hasTarget/oa:hasSelector ?selector .
            ?selector a oa:TextQuoteSelector ; oa:exact ?quote .
        }""")
    (resource, reasoning, quote), = rows
    assert (resource, reasoning) == ("A trusting relationship with the link worker",
                                     "Patient experiences a sense of hope")
    assert quote.startswith("Patients talked about experiencing a sense of hope")


@pytest.mark.parametrize("rdf_format", ["turtle", "json-ld", "nt"])
def test_withheld_quotes_leave_no_excerpt_text(example_theory, tmp_path, rdf_format):
    texts = [excerpt.text for excerpt in example_theory.collection.excerpts]
    path = write_rdf(example_theory, tmp_path / "private", rdf_format=rdf_format, quotes=False)
    written = path.read_text(encoding="utf-8")
    graph = parse_rdf(written, rdf_format=rdf_format)
    literals = {str(o) for o in graph.objects() if isinstance(o, Literal)}
    for text in texts:
        assert text not in written
        assert not any(text in literal or text[:40] in literal for literal in literals)
    quotes = list(graph.subjects(predicate=None, object=OA.TextQuoteSelector))
    assert len(quotes) == len(texts) == 15
    assert {str(graph.value(quote, OA.exact)) for quote in quotes} == {WITHHELD}


def test_quotes_are_written_when_not_withheld(example_theory, turtle):
    written = turtle.read_text(encoding="utf-8")
    assert all(excerpt.text in written for excerpt in example_theory.collection.excerpts)


def test_instance_iris_are_minted_under_the_base(example_theory):
    graph = to_graph(example_theory, base="https://example.org/sp/")
    configurations = set(graph.subjects(object=CMO.Configuration))
    assert "https://example.org/sp/theory/v2/configuration/hope-through-trust" in map(str, configurations)
    assert all(str(node).startswith("https://example.org/sp/") for node in graph.subjects())


@pytest.mark.parametrize("base", ["example.org/", "https://example.org/x", "urn:a b:"])
def test_an_unusable_base_is_refused(base):
    with pytest.raises(ValueError, match="base must be an absolute IRI"):
        to_graph(Collection(), base=base)


def test_an_unknown_format_is_refused(tmp_path):
    with pytest.raises(ValueError, match=r"unknown rdf_format: 'rdfxml' \(must be one of"):
        write_rdf(Collection(), tmp_path / "theory.rdf", rdf_format="rdfxml")
    assert list(tmp_path.iterdir()) == []


def test_writing_is_repeatable(example_theory, tmp_path):
    first = write_rdf(example_theory, tmp_path / "a.ttl", rdf_format="turtle").read_bytes()
    second = write_rdf(example_theory, tmp_path / "b.ttl", rdf_format="turtle").read_bytes()
    assert first == second
    assert sorted(path.name for path in tmp_path.iterdir()) == ["a.ttl", "b.ttl"]


# -- JSON-LD, written from the statements as Turtle is ------------------------------------


def _two_parsers(path: Path, rdf_format: str) -> tuple[Graph, set[pyoxigraph.Quad]]:
    """The file as rdflib reads it (through cmo's parser) and as pyoxigraph reads it."""
    oxigraph_format = {"turtle": pyoxigraph.RdfFormat.TURTLE, "nt": pyoxigraph.RdfFormat.N_TRIPLES,
                       "json-ld": pyoxigraph.RdfFormat.JSON_LD}[rdf_format]
    return (parse_rdf(path.read_text(encoding="utf-8"), rdf_format=rdf_format),
            set(pyoxigraph.parse(path=str(path), format=oxigraph_format)))


def assert_json_ld_says_what_turtle_says(theory: Any, folder: Path, **options: Any) -> int:
    """Both parsers read the JSON-LD export as the same graph as the Turtle export."""
    json_ld = write_rdf(theory, folder / "theory.jsonld", rdf_format="json-ld", **options)
    turtle = write_rdf(theory, folder / "theory.ttl", rdf_format="turtle", **options)
    (ours, theirs), (turtle_ours, turtle_theirs) = (_two_parsers(json_ld, "json-ld"),
                                                     _two_parsers(turtle, "turtle"))
    assert isomorphic(ours, turtle_ours)
    assert theirs == turtle_theirs
    assert len(ours) == len(theirs)
    return len(theirs)


@pytest.mark.parametrize("quotes", [True, False])
def test_json_ld_of_the_example_is_the_turtle_graph_to_two_parsers(example_theory, tmp_path,
                                                                   quotes):
    # 489 triples, and 166 for the worked example's appraisal and retroduction logs.
    assert assert_json_ld_says_what_turtle_says(example_theory, tmp_path, quotes=quotes) == 655
    written = (tmp_path / "theory.jsonld").read_text(encoding="utf-8")
    texts = [excerpt.text for excerpt in example_theory.collection.excerpts]
    assert all((text in written) is quotes for text in texts)


@settings(max_examples=40)
@given(collection=collections(), quotes=st.booleans())
def test_json_ld_of_any_theory_is_the_turtle_graph_to_two_parsers(collection, quotes,
                                                                  tmp_path_factory):
    folder = tmp_path_factory.mktemp("json-ld")
    assert assert_json_ld_says_what_turtle_says(collection, folder, quotes=quotes) > 0


def test_json_ld_is_indented_with_compact_vocabulary_terms(tmp_path):
    collection = Collection(id="sp", title="IPT", configurations=[Configuration(
        id="hope", contexts=[{"label": "Trust"}, {"label": "Time"}],
        outcomes=[{"label": "Hope"}])])
    text = write_rdf(collection, tmp_path / "t.jsonld", rdf_format="json-ld").read_text()
    assert json.loads(text)["@context"]["cmo"] == "https://w3id.org/cmo#"
    configuration = text[text.index('    {\n      "@id": "urn:cmo:sp:configuration/hope"'):]
    assert configuration[:configuration.index("\n    }") + 6] == """\
    {
      "@id": "urn:cmo:sp:configuration/hope",
      "@type": "cmo:Configuration",
      "dcterms:identifier": "hope",
      "schema:position": 1,
      "cmo:status": {"@id": "cmo:Proposed"},
      "cmo:hasContext": [
        {"@id": "urn:cmo:sp:element/c-trust"},
        {"@id": "urn:cmo:sp:element/c-time"}
      ],
      "cmo:hasOutcome": {"@id": "urn:cmo:sp:element/o-hope"}
    }"""


INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


def test_iris_like_compact_iris_and_odd_numbers_are_read_as_written(example_theory, tmp_path):
    """A base or an address whose scheme is named like a prefix (cmo:, schema:) would be
    expanded by the context: those resources unbind the prefixes in a context of their own."""
    count = assert_json_ld_says_what_turtle_says(example_theory, tmp_path, base="cmo:study/")
    assert count == 655
    text = (tmp_path / "theory.jsonld").read_text(encoding="utf-8")
    assert '"@context": {"bibo": null, "cmo": null,' in text
    assert '"@type": "https://w3id.org/cmo#Configuration"' in text
    odd = [("urn:x:a", [(str(RDF.type), "schema:Thing", None), ("cmo:said", "v", STRING),
                        ("urn:x:p", "w", "xsd:odd"), ("urn:x:p", "https://ok.org/", None)]),
           ("urn:x:b", [("urn:x:p", "oa://authority/path", None)]),
           # Whole numbers are JSON numbers only where one reads back as the same text.
           ("urn:x:c", [("urn:x:n", number, INTEGER) for number in
                        ("5", "-12", "0", "-0", "007", "+3", "12345678901234567890")])]
    paths = {name: tmp_path / f"odd.{name}" for name in ("json-ld", "nt")}
    paths["json-ld"].write_text("".join(jsonld.chunks(odd)), encoding="utf-8")
    paths["nt"].write_text("".join(ntriples.chunks(odd)), encoding="utf-8")
    (ours, theirs), (nt_ours, nt_theirs) = (_two_parsers(paths[name], name) for name in paths)
    assert isomorphic(ours, nt_ours) and theirs == nt_theirs and len(theirs) == 12
    text = paths["json-ld"].read_text(encoding="utf-8")
    assert '"@id": "oa://authority/path"' in text
    assert '"urn:x:n": [\n        5,\n        -12,\n        0,\n        {"@value": "-0",' in text
