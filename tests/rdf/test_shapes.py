"""SHACL shapes: our exports conform; graphs that misuse the vocabulary fail, readably."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

import cmo.io
from cmo.models import Collection, Configuration, Evidence, Excerpt, Source
from cmo.rdf import CMO, OA, to_graph
from cmo.rdf.shapes import SHAPES_PATH, check_graph, check_rdf

from ..strategies import collections

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "social_prescribing"
BASE = "https://example.org/sp/"


def test_the_shapes_ship_beside_the_ontology():
    assert SHAPES_PATH.name == "shapes.ttl" and SHAPES_PATH.parent.name == "ontology"


@pytest.mark.parametrize("name", ["initial.yaml", "theory.yaml"])
@pytest.mark.parametrize("rdf_format", ["turtle", "json-ld", "nt"])
def test_the_worked_example_conforms_in_every_format(name, rdf_format, tmp_path):
    path = cmo.io.save(cmo.io.load(EXAMPLES / name),
                       tmp_path / f"theory.{ {'turtle': 'ttl', 'json-ld': 'jsonld'}.get(rdf_format, rdf_format)}")
    assert check_rdf(path, rdf_format=rdf_format) == []


@settings(max_examples=40)
@given(collection=collections())
def test_every_generated_theory_conforms(collection: Collection):
    assert check_graph(to_graph(collection)) == []


def test_withheld_quotes_conform(example_theory):
    assert check_graph(to_graph(example_theory, quotes=False)) == []


def _small():
    source = Source(id="s1", kind="interview", participant="P1")
    excerpt = Excerpt(id="x1", source=source, text="synthetic", start=3, end=9)
    return to_graph(Collection(configurations=[Configuration(
        id="hope", contexts=[{"label": "Trust"}], mechanism={"reasoning": "Feels hope"},
        outcomes=[{"label": "Hope"}],
        evidence=[Evidence(excerpt=excerpt, stance="supports")])]), base=BASE)


def _lines(graph) -> list[str]:
    return [str(violation) for violation in check_graph(graph)]


def test_a_configuration_without_identifier_fails():
    graph = _small()
    graph.remove((URIRef(f"{BASE}configuration/hope"), DCTERMS.identifier, None))
    assert _lines(graph) == [f"configuration <{BASE}configuration/hope>: needs exactly one "
                             "dcterms:identifier: a plain string of ASCII letters, digits, "
                             "'_', '.' and '-'"]


def test_a_status_that_is_not_ours_fails():
    graph = _small()
    graph.add((URIRef(f"{BASE}configuration/hope"), CMO.status, Literal("supported")))
    [line] = _lines(graph)
    assert line.startswith("configuration 'hope': needs at most one cmo:status, one of")


def test_two_mechanisms_and_a_mechanism_without_halves_fail():
    graph = _small()
    mechanism = URIRef(f"{BASE}element/second")
    graph.add((mechanism, RDF.type, CMO.Mechanism))
    graph.add((mechanism, DCTERMS.identifier, Literal("second")))
    graph.add((URIRef(f"{BASE}configuration/hope"), CMO.hasMechanism, mechanism))
    assert _lines(graph) == [
        "configuration 'hope': needs at most one cmo:hasMechanism, linking to a cmo:Mechanism",
        "mechanism 'second': a mechanism needs a cmo:resource, a cmo:reasoning or both"]


def test_evidence_without_a_stance_and_an_excerpt_without_text_fail():
    graph = _small()
    graph.remove((None, CMO.stance, None))
    graph.remove((None, OA.exact, None))
    graph.remove((None, RDF.type, OA.TextQuoteSelector))
    assert _lines(graph) == [
        f"evidence <{BASE}evidence/hope/x1>: needs exactly one cmo:stance: cmo:supports, "
        "cmo:refutes or cmo:refines",
        "excerpt 'x1': needs exactly one oa:TextQuoteSelector with its text (oa:exact); write "
        '"[quote withheld]" when the text is confidential']


def test_a_span_that_ends_before_it_starts_fails():
    graph = _small()
    position = URIRef(f"{BASE}excerpt/x1/position")
    graph.set((position, OA.start, Literal(12, datatype=URIRef(
        "http://www.w3.org/2001/XMLSchema#nonNegativeInteger"))))
    [line] = _lines(graph)
    assert line.startswith(f"position selector <{position}>: needs one oa:start and one oa:end")


def test_a_dyad_passes_and_a_lone_context_fails():
    graph = _small()
    configuration = URIRef(f"{BASE}configuration/hope")
    graph.remove((configuration, CMO.hasOutcome, None))
    assert _lines(graph) == []
    graph.remove((configuration, CMO.hasMechanism, None))
    assert _lines(graph) == ["configuration 'hope': needs at least two of cmo:hasContext, "
                             "cmo:hasMechanism and cmo:hasOutcome"]


def test_a_source_of_an_unknown_kind_fails():
    graph = _small()
    graph.set((URIRef(f"{BASE}source/s1"), DCTERMS.type, URIRef("https://example.org/Podcast")))
    [line] = _lines(graph)
    assert line.startswith("source 's1': needs one dcterms:type: cmo:Interview")


def test_messages_never_quote_evidence_text():
    graph = _small()
    graph.add((URIRef(f"{BASE}excerpt/x1/quote"), OA.exact, Literal("a second secret quote")))
    lines = _lines(graph)
    assert lines and not any("secret" in line for line in lines)


def test_cmo_validate_reports_each_violation_of_an_rdf_file(tmp_path):
    from ..test_bad_input import run_cmo

    graph = _small()
    graph.set((URIRef(f"{BASE}configuration/hope"), CMO.status, Literal("supposed")))
    graph.remove((None, CMO.stance, None))
    path = tmp_path / "theory.ttl"
    graph.serialize(path, format="turtle")
    result = run_cmo("validate", path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{path}: 2 problems:" in result.stderr
    assert "  - configuration 'hope': needs at most one cmo:status, one of cmo:Proposed" \
        in result.stderr
    assert f"  - evidence <{BASE}evidence/hope/x1>: needs exactly one cmo:stance" in result.stderr


def test_cmo_validate_passes_our_own_export(tmp_path, example_path):
    from ..test_bad_input import run_cmo

    path = cmo.io.save(cmo.io.load(example_path), tmp_path / "theory.jsonld")
    result = run_cmo("validate", path)
    assert result.returncode == 0, result.stderr
    assert f"{path}: valid" in result.stdout


def test_cmo_validate_no_shapes_skips_the_shacl_check(tmp_path):
    from ..test_bad_input import run_cmo

    graph = _small()
    graph.remove((URIRef(f"{BASE}source/s1"), DCTERMS.type, None))  # the reader allows this
    path = tmp_path / "theory.ttl"
    graph.serialize(path, format="turtle")
    checked = run_cmo("validate", path)
    assert checked.returncode == 1 and "source 's1': needs one dcterms:type" in checked.stderr
    unchecked = run_cmo("validate", "--no-shapes", path)
    assert unchecked.returncode == 0, unchecked.stderr
