"""Appraisal (judgements on declared scales) and retroduction logs (PROV-O activities) in
RDF: what is written, that the shapes accept it and refuse it broken, and what bad RDF gets
from the reader. All data here are synthetic."""

from __future__ import annotations

import pyoxigraph
import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF

from cmo.exceptions import InputError
from cmo.models import Collection, Configuration, Evidence, Excerpt, Source
from cmo.rdf import CMO, from_graph, read_rdf, to_graph, write_rdf
from cmo.rdf.shapes import SHAPES_PATH, check_graph

BASE = "https://example.org/sp/"
RIGOUR = URIRef(f"{BASE}source/paper/appraisal/rigour")
STEP = URIRef(f"{BASE}configuration/hope/inference-step/1")
ALTERNATIVE = URIRef(f"{BASE}configuration/hope/alternative/1")


def _collection(**scales: list[str]) -> Collection:
    paper = Source(id="paper", kind="publication", appraisal={
        "rigour": {"level": "moderate", "justification": "Synthetic: abstract only",
                   "judged_by": "AT"},
        "relevance": "high"})
    quote = Excerpt(id="q1", source=paper, text="Synthetic passage",
                    appraisal={"richness": "low"})
    hope = Configuration(
        id="hope", contexts=[{"label": "Trust"}], outcomes=[{"label": "Hope"}],
        evidence=[Evidence(excerpt=quote, stance="supports")],
        retroduction={
            "steps": [{"move": "abductive", "inference": "Synthetic first inference",
                       "excerpts": ["q1"], "theories": ["Trust"], "judged_by": "AT"},
                      {"move": "retroductive", "inference": "Synthetic second inference"}],
            "alternatives": [{"mechanism": "Synthetic alternative",
                              "set_aside_because": "Synthetic reason", "excerpts": ["q1"]}]})
    return Collection(configurations=[hope], appraisal_scales=scales)


def _graph():
    return to_graph(_collection(), base=BASE)


def _problems(graph) -> list[str]:
    with pytest.raises(InputError) as raised:
        from_graph(graph)
    return [str(problem) for problem in raised.value.problems]


def _violations(graph) -> list[str]:
    return [str(violation) for violation in check_graph(graph)]


def test_a_judgement_is_a_level_of_its_scale_with_why_and_who():
    graph = _graph()
    level = URIRef(f"{BASE}appraisal-scale/rigour/moderate")
    member = URIRef(f"{BASE}team-member/AT")
    assert set(graph.predicate_objects(RIGOUR)) == {
        (RDF.type, CMO.Judgement), (CMO.level, level),
        (CMO.justification, Literal("Synthetic: abstract only")),
        (PROV.wasAttributedTo, member)}
    assert graph.value(URIRef(f"{BASE}source/paper"), CMO.rigour) == RIGOUR
    assert set(graph.predicate_objects(member)) == {
        (RDF.type, PROV.Agent), (URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
                                 Literal("AT"))}
    ranks = {str(graph.value(node, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"))):
             graph.value(node, CMO.rank).toPython()
             for node in graph.subjects(RDF.type, CMO.AppraisalLevel)
             if "/rigour/" in str(node)}
    assert ranks == {"high": 1, "moderate": 2, "low": 3}


def test_a_step_is_a_prov_activity_using_its_excerpts():
    graph = _graph()
    assert set(graph.predicate_objects(STEP)) == {
        (RDF.type, PROV.Activity), (RDF.type, CMO.InferenceStep),
        (URIRef("https://schema.org/position"), Literal(1)), (CMO.move, CMO.Abductive),
        (CMO.inference, Literal("Synthetic first inference")),
        (PROV.used, URIRef(f"{BASE}excerpt/q1")),
        (CMO.drawsOnTheory, URIRef(f"{BASE}middle-range-theory/trust-33a579ff")),
        (PROV.wasAssociatedWith, URIRef(f"{BASE}team-member/AT"))}
    second = URIRef(f"{BASE}configuration/hope/inference-step/2")
    assert graph.value(second, PROV.wasInformedBy) == STEP
    assert sorted(graph.objects(URIRef(f"{BASE}configuration/hope"), CMO.hasInferenceStep)) \
        == [STEP, second]
    assert graph.value(ALTERNATIVE, CMO.setAsideBecause) == Literal("Synthetic reason")


def test_what_we_write_conforms_and_reads_back_equal():
    assert _violations(_graph()) == []
    assert from_graph(_graph()) == _collection()


def test_a_project_scale_without_judgements_is_written_and_read():
    collection = Collection(appraisal_scales={"rigour": ["strong", "weak"]})
    assert from_graph(to_graph(collection)).appraisal_scales.rigour == ("strong", "weak")
    assert len(to_graph(Collection())) == 1  # the default scales, unused, are not written


def test_pyoxigraph_answers_rigour_at_least_moderate(tmp_path):
    path = write_rdf(_collection(), tmp_path / "theory.nt", rdf_format="nt", base=BASE)
    store = pyoxigraph.Store()
    store.load(path=str(path), format=pyoxigraph.RdfFormat.N_TRIPLES)
    rows = store.query("""
        PREFIX cmo: <https://w3id.org/cmo#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?source ?level WHERE {
          ?source cmo:rigour/cmo:level ?judged .
          ?judged cmo:rank ?rank ; skos:prefLabel ?level .
          ?moderate skos:inScheme/cmo:dimension cmo:Rigour ; skos:prefLabel "moderate" ;
                    cmo:rank ?minimum .
          FILTER(?rank <= ?minimum)
        }""")
    assert [(row["source"].value, row["level"].value) for row in rows] == [
        (f"{BASE}source/paper", "moderate")]


def test_the_shapes_refuse_a_level_of_another_scale_and_the_reader_names_it():
    graph = _graph()
    graph.set((RIGOUR, CMO.level, URIRef(f"{BASE}appraisal-scale/relevance/low")))
    assert _violations(graph) == [
        f"judgement <{RIGOUR}>: its cmo:level must be a level of the rigour scale "
        "(the cmo:AppraisalScale of cmo:Rigour)"]
    assert _problems(graph) == [
        f"source 'paper', its rigour judgement <{RIGOUR}>: gives the level <{BASE}appraisal-scale/"
        "relevance/low>, which is not on the rigour scale (use a level of the rigour scale "
        "(high, moderate, low): a cmo:AppraisalLevel in the cmo:AppraisalScale of cmo:Rigour)"]


def test_a_level_written_as_text_is_read_when_it_is_on_the_scale():
    graph = _graph()
    graph.set((RIGOUR, CMO.level, Literal("moderate")))
    assert from_graph(graph) == _collection()
    graph.set((RIGOUR, CMO.level, Literal("excellent")))
    assert _problems(graph) == [
        f"source 'paper', its rigour judgement <{RIGOUR}>: gives the level 'excellent', which is not on "
        "the rigour scale (use a level of the rigour scale (high, moderate, low): a "
        "cmo:AppraisalLevel in the cmo:AppraisalScale of cmo:Rigour)"]


def test_a_step_citing_what_is_not_an_excerpt_is_refused():
    graph = _graph()
    graph.add((STEP, PROV.used, URIRef(f"{BASE}excerpt/q9")))
    assert _violations(graph) == [
        f"inference step <{STEP}>: prov:used must link to an excerpt (an oa:SpecificResource)"]
    assert _problems(graph) == [
        f"configuration 'hope', inference step <{STEP}>: cites <{BASE}excerpt/q9> (prov:used), "
        "which is not an excerpt of the theory (link it to an excerpt: an oa:SpecificResource "
        "with a dcterms:identifier and an oa:hasSource)"]


def test_a_step_without_a_move_is_refused():
    graph = _graph()
    graph.remove((STEP, CMO.move, None))
    assert _violations(graph) == [
        f"inference step <{STEP}>: needs exactly one cmo:move: cmo:Abductive, "
        "cmo:Retroductive, cmo:Inductive or cmo:Deductive"]
    assert _problems(graph) == [
        f"configuration 'hope', inference step <{STEP}>: has no cmo:move (give it one of: "
        "cmo:Abductive, cmo:Retroductive, cmo:Inductive, cmo:Deductive)"]


def test_an_alternative_without_its_reason_is_refused():
    graph = _graph()
    graph.remove((ALTERNATIVE, CMO.setAsideBecause, None))
    assert _violations(graph) == [
        f"alternative mechanism <{ALTERNATIVE}>: needs exactly one cmo:setAsideBecause: why "
        "it was set aside (a text)"]
    assert _problems(graph) == [
        f"configuration 'hope', alternative mechanism <{ALTERNATIVE}>: has no "
        "cmo:setAsideBecause (say why it was set aside, as a text)"]


def test_a_level_without_rank_and_a_team_member_without_name_are_refused():
    graph = _graph()
    level = URIRef(f"{BASE}appraisal-scale/rigour/low")
    graph.remove((level, CMO.rank, None))
    graph.remove((URIRef(f"{BASE}team-member/AT"), None, Literal("AT")))
    assert _violations(graph) == [
        f"appraisal level <{level}>: needs exactly one cmo:rank: its place on the scale, "
        '"1"^^xsd:positiveInteger for the highest',
        f"judgement <{RIGOUR}>: needs at most one prov:wasAttributedTo: a prov:Agent with an "
        "rdfs:label, who judged",
        f"team member <{BASE}team-member/AT>: a team member needs exactly one rdfs:label: "
        "their name"]


def test_a_scale_ranking_two_levels_alike_is_refused():
    graph = _graph()
    graph.set((URIRef(f"{BASE}appraisal-scale/rigour/low"), CMO.rank, Literal(
        2, datatype=URIRef("http://www.w3.org/2001/XMLSchema#positiveInteger"))))
    assert _problems(graph) == [
        f"appraisal scale <{BASE}appraisal-scale/rigour>: gives two levels the same cmo:rank "
        "(rank its levels 1, 2, 3...)"]


def test_the_fast_reader_names_the_file_and_the_step(tmp_path):
    graph = _graph()
    graph.add((STEP, PROV.used, URIRef(f"{BASE}excerpt/q9")))
    path = tmp_path / "theory.ttl"
    path.write_text(graph.serialize(format="turtle"), encoding="utf-8")
    with pytest.raises(InputError) as raised:
        read_rdf(path, rdf_format="turtle")
    assert str(raised.value) == (
        f"{path}: configuration 'hope', inference step <{STEP}>: cites <{BASE}excerpt/q9> "
        "(prov:used), which is not an excerpt of the theory (link it to an excerpt: an "
        "oa:SpecificResource with a dcterms:identifier and an oa:hasSource)")


def test_the_shapes_cover_every_cmo_term_we_write(example_theory):
    """Each cmo: class and property the worked example is written with has a shape."""
    shapes = SHAPES_PATH.read_text(encoding="utf-8")
    graph = to_graph(example_theory)
    used = {str(term).removeprefix(str(CMO)) for term in (
        *graph.predicates(), *graph.objects(None, RDF.type)) if str(term).startswith(str(CMO))}
    assert {"rigour", "level", "rank", "InferenceStep", "move", "setAsideBecause"} <= used
    assert sorted(term for term in used if f"cmo:{term}" not in shapes) == []
