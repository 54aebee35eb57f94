"""Theories in a store (push, catalogue, pull) and SPARQL by form, against both stores."""

from __future__ import annotations

import shutil
import tempfile

import pytest
import rdflib
from hypothesis import given, settings

import cmo.io
from cmo.exceptions import InputError, StoreError
from cmo.models import Collection
from cmo.store import StoredVersion, catalogue, open_store, pull, push, push_all, run_query
from cmo.store.base import GraphStore, SelectResult
from cmo.store.query import query_form

from ..conftest import ROOT
from ..strategies import collections

EXAMPLE = ROOT / "examples" / "social_prescribing"
INITIAL = cmo.io.read(EXAMPLE / "initial.yaml")
THEORY = cmo.io.read(EXAMPLE / "theory.yaml")
GRAPH_IPT = "urn:cmo:social-prescribing:theory/IPT"
GRAPH_V2 = "urn:cmo:social-prescribing:theory/v2"
CMO = "PREFIX cmo: <https://w3id.org/cmo#>\n"


@pytest.fixture
def pushed(graph_store: GraphStore) -> GraphStore:
    """A store holding both versions of the worked example."""
    assert push_all(graph_store, [INITIAL, THEORY]) == [GRAPH_IPT, GRAPH_V2]
    return graph_store


def snapshot(store: GraphStore) -> dict[str, set[bytes]]:
    """Every graph's triples, as a set of N-Triples lines."""
    return {graph: set(store.get_graph(graph).splitlines()) for graph in store.graphs()}


def literals(ntriples: bytes) -> set[str]:
    graph = rdflib.Graph().parse(data=ntriples.decode("utf-8"), format="nt")
    return {str(o) for o in graph.objects() if isinstance(o, rdflib.Literal)}


# -- push, catalogue, pull ------------------------------------------------------------------


def test_the_example_has_what_the_tests_assume() -> None:
    assert (INITIAL.id, INITIAL.version, THEORY.id, THEORY.version, THEORY.revises) == (
        "social-prescribing", "IPT", "social-prescribing", "v2", "IPT")


def test_push_returns_the_graph_of_each_version(graph_store: GraphStore) -> None:
    assert push(graph_store, INITIAL) == GRAPH_IPT
    assert push(graph_store, THEORY) == GRAPH_V2
    assert graph_store.graphs() == [GRAPH_IPT, GRAPH_V2]


def test_catalogue_lists_both_versions(pushed: GraphStore) -> None:
    assert catalogue(pushed) == [
        StoredVersion(graph=GRAPH_IPT, theory="social-prescribing", version="IPT",
                      revises=None, title=INITIAL.title, date="2023-09-29", configurations=6),
        StoredVersion(graph=GRAPH_V2, theory="social-prescribing", version="v2",
                      revises="IPT", title=THEORY.title, date="2024-11-29", configurations=11),
    ]


def test_catalogue_of_an_empty_store(graph_store: GraphStore) -> None:
    assert catalogue(graph_store) == []


def test_pull_gives_the_latest_version_by_default(pushed: GraphStore) -> None:
    assert pull(pushed, "social-prescribing") == THEORY


def test_pull_a_named_version(pushed: GraphStore) -> None:
    assert pull(pushed, "social-prescribing", version="IPT") == INITIAL
    assert pull(pushed, "social-prescribing", version="v2") == THEORY


def test_pushing_a_version_again_is_refused_and_changes_nothing(pushed: GraphStore) -> None:
    before = snapshot(pushed)
    changed = THEORY.model_copy(update={"title": "Changed"})
    with pytest.raises(StoreError) as caught:
        push(pushed, changed)
    message = str(caught.value)
    assert message.startswith(f"{pushed.location}: ")
    assert f"<{GRAPH_V2}>" in message and "--replace" in message
    assert snapshot(pushed) == before
    assert pull(pushed, "social-prescribing") == THEORY


def test_replace_overwrites_a_version(pushed: GraphStore) -> None:
    changed = THEORY.model_copy(update={"title": "Changed"})
    assert push(pushed, changed, replace=True) == GRAPH_V2
    assert pull(pushed, "social-prescribing") == changed
    assert pull(pushed, "social-prescribing", version="IPT") == INITIAL
    assert [v.title for v in catalogue(pushed)] == [INITIAL.title, "Changed"]


def test_a_refused_push_writes_none_of_its_versions(graph_store: GraphStore) -> None:
    push(graph_store, THEORY)
    with pytest.raises(StoreError, match="--replace"):
        push_all(graph_store, [INITIAL, THEORY])
    assert graph_store.graphs() == [GRAPH_V2]


def test_quotes_false_stores_no_excerpt_text(graph_store: GraphStore) -> None:
    push_all(graph_store, [INITIAL, THEORY], quotes=False)
    texts = {excerpt.text for excerpt in (*INITIAL.excerpts, *THEORY.excerpts)}
    assert len(texts) == 15
    for graph in (GRAPH_IPT, GRAPH_V2):
        stored = graph_store.get_graph(graph)
        decoded = stored.decode("utf-8")
        assert not [text for text in texts if text in decoded]
        assert not texts & literals(stored)
        assert "[quote withheld]" in literals(stored)
    pulled = pull(graph_store, "social-prescribing")
    assert {excerpt.text for excerpt in pulled.excerpts} == {"[quote withheld]"}
    assert {e.id for e in pulled.excerpts} == {e.id for e in THEORY.excerpts}


def test_a_theory_without_an_id_cannot_be_pushed(graph_store: GraphStore) -> None:
    anonymous = THEORY.model_copy(update={"id": None})
    with pytest.raises(InputError) as caught:
        push_all(graph_store, [anonymous], names=["theory.yaml"])
    message = str(caught.value)
    assert "theory.yaml" in message and "has no id" in message
    assert "add 'id: " in message
    assert graph_store.graphs() == []


def test_two_inputs_of_the_same_version_are_refused_before_any_write(
    graph_store: GraphStore,
) -> None:
    renamed = INITIAL.model_copy(update={"version": "v2", "revises": None})
    with pytest.raises(InputError) as caught:
        push_all(graph_store, [THEORY, renamed], names=["theory.yaml", "initial.yaml"])
    message = str(caught.value)
    assert f"two inputs are the same version ({GRAPH_V2})" in message
    assert "its own 'version'" in message
    assert graph_store.graphs() == []


def test_pull_of_an_unknown_theory_lists_the_theories(pushed: GraphStore) -> None:
    with pytest.raises(StoreError) as caught:
        pull(pushed, "other-study")
    assert str(caught.value) == (
        f"{pushed.location}: holds no theory 'other-study' (theories: social-prescribing)")


def test_pull_from_an_empty_store(graph_store: GraphStore) -> None:
    with pytest.raises(StoreError, match=r"holds no theory 'x' \(theories: none\)"):
        pull(graph_store, "x")


def test_pull_of_an_unknown_version_lists_the_versions(pushed: GraphStore) -> None:
    with pytest.raises(StoreError) as caught:
        pull(pushed, "social-prescribing", version="v3")
    assert str(caught.value) == (
        f"{pushed.location}: theory 'social-prescribing' has no version 'v3' "
        "(versions: 'IPT', 'v2')")


def test_pull_with_two_latest_versions_asks_for_one(pushed: GraphStore) -> None:
    # Two refinements of the IPT, neither revising the other.
    push(pushed, THEORY.model_copy(update={"version": "v2-site-b"}))
    with pytest.raises(StoreError) as caught:
        pull(pushed, "social-prescribing")
    message = str(caught.value)
    assert "no single latest version" in message
    assert "'IPT'" in message and "'v2'" in message and "'v2-site-b'" in message
    assert "--version" in message
    assert pull(pushed, "social-prescribing", version="v2-site-b").version == "v2-site-b"


def test_theories_share_a_store(pushed: GraphStore) -> None:
    other = Collection.model_validate({
        "id": "other-study", "version": "1", "title": "Synthetic theory (made up for the tests)",
        "configurations": [{"id": "c1", "contexts": [{"label": "Trust"}],
                            "outcomes": [{"label": "Hope"}]}]})
    assert push(pushed, other) == "urn:cmo:other-study:theory/1"
    assert [(v.theory, v.version) for v in catalogue(pushed)] == [
        ("other-study", "1"), ("social-prescribing", "IPT"), ("social-prescribing", "v2")]
    assert pull(pushed, "other-study") == other
    assert pull(pushed, "social-prescribing") == THEORY


def test_pull_of_an_unversioned_theory(graph_store: GraphStore) -> None:
    unversioned = INITIAL.model_copy(update={"version": None})
    push(graph_store, unversioned)
    assert pull(graph_store, "social-prescribing") == unversioned


# -- query_form and run_query ---------------------------------------------------------------


@pytest.mark.parametrize(("query", "form"), [
    ("SELECT ?s WHERE { ?s ?p ?o }", "select"),
    ("  select distinct ?s { ?s ?p ?o }", "select"),
    (f"{CMO}PREFIX owl: <http://www.w3.org/2002/07/owl#>\nSELECT * {{ ?s ?p ?o }}", "select"),
    ("# which configurations?\n# (a comment)\nSELECT ?c { ?c a ?t }", "select"),
    (f"{CMO}  # the vocabulary\nASK {{ ?c cmo:status cmo:Refuted }}", "ask"),
    ("PREFIX : <https://example.org/>\nPREFIX ex:<https://example.org/x#>ASK { :a ?p ?o }",
     "ask"),
    (f"# chains\n{CMO}CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}", "construct"),
    ("BASE <https://example.org/>\nDESCRIBE <theory>", "describe"),
    ("prefix cmo: <https://w3id.org/cmo#> describe ?c where { ?c a cmo:Configuration }",
     "describe"),
])
def test_query_form(query: str, form: str) -> None:
    assert query_form(query) == form


@pytest.mark.parametrize("junk", [
    "", "   \n", "# only a comment\n", CMO, "hello world",
    "INSERT DATA { <https://example.org/a> <https://example.org/b> 1 }",
    "DROP ALL", "PREFIX cmo <https://w3id.org/cmo#> SELECT * {}", "SELECTED ?s {}",
])
def test_query_form_of_junk_is_an_input_error(junk: str) -> None:
    with pytest.raises(InputError) as caught:
        query_form(junk)
    message = str(caught.value)
    assert message.startswith("the query: ")
    assert "SELECT, ASK, CONSTRUCT or DESCRIBE" in message


@pytest.mark.parametrize(("query", "form"), [
    ("ASK{ ?s ?p ?o }", "ask"), ("SELECT*{ ?s ?p ?o }", "select")])
def test_query_form_without_space_after_the_keyword(query: str, form: str) -> None:
    assert query_form(query) == form


def test_run_query_select(pushed: GraphStore) -> None:
    rows = run_query(pushed, f"""{CMO}
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?g (COUNT(?c) AS ?n) WHERE {{ GRAPH ?g {{ ?c a cmo:Configuration }} }}
        GROUP BY ?g ORDER BY ?g""")
    assert isinstance(rows, SelectResult)
    assert rows.variables == ("g", "n")
    assert rows == [{"g": GRAPH_IPT, "n": "6"}, {"g": GRAPH_V2, "n": "11"}]


def test_run_query_ask(pushed: GraphStore) -> None:
    assert run_query(pushed, f"{CMO}ASK {{ GRAPH ?g {{ ?c cmo:status cmo:Refined }} }}") is True
    assert run_query(pushed, f"{CMO}ASK {{ GRAPH ?g {{ ?c cmo:status cmo:Refuted }} }}") is False


def test_run_query_construct(pushed: GraphStore) -> None:
    result = run_query(pushed, f"""{CMO}
        PREFIX dcterms: <http://purl.org/dc/terms/>
        CONSTRUCT {{ ?u cmo:leadsTo ?d }} WHERE {{
            GRAPH <{GRAPH_V2}> {{ ?u cmo:hasOutcome ?s . ?d cmo:hasContext ?s }} }}""")
    assert isinstance(result, bytes)
    graph = rdflib.Graph().parse(data=result.decode("utf-8"), format="nt")
    configuration = "urn:cmo:social-prescribing:theory/v2/configuration/"
    assert {(str(s).removeprefix(configuration), str(o).removeprefix(configuration))
            for s, _, o in graph} == {
        ("referral-buy-in", "trust-through-skills"), ("trust-through-skills", "hope-through-trust"),
        ("anchor-point", "hope-through-trust"), ("structural-barriers", "connecting-with")}


def test_run_query_describe(pushed: GraphStore) -> None:
    result = run_query(pushed, f"DESCRIBE <{GRAPH_V2}/configuration/hope-through-trust>")
    assert isinstance(result, bytes)
    graph = rdflib.Graph().parse(data=result.decode("utf-8"), format="nt")
    assert rdflib.Literal("Trust gives a sense of hope") in set(graph.objects())


def test_run_query_refuses_junk_before_asking_the_store(pushed: GraphStore) -> None:
    with pytest.raises(InputError):
        run_query(pushed, "DELETE WHERE { ?s ?p ?o }")
    assert pushed.graphs() == [GRAPH_IPT, GRAPH_V2]


def test_run_query_malformed_sparql_is_a_store_error(pushed: GraphStore) -> None:
    with pytest.raises(StoreError) as caught:
        run_query(pushed, "SELECT ?s WHERE { ?s ?p }")
    assert str(caught.value).startswith(f"{pushed.location}: ")


# -- any theory -----------------------------------------------------------------------------


@settings(max_examples=15)
@given(collection=collections())
def test_push_then_pull_gives_the_same_collection(collection: Collection) -> None:
    if collection.id is None:
        collection = collection.model_copy(update={"id": "t"})
    if collection.version is None:  # see test_pull_of_an_unversioned_theory
        collection = collection.model_copy(update={"version": "v1"})
    folder = tempfile.mkdtemp()
    try:
        with open_store(folder) as store:
            push(store, collection)
            assert pull(store, collection.id) == collection
            assert pull(store, collection.id, version=collection.version) == collection
    finally:
        shutil.rmtree(folder, ignore_errors=True)
