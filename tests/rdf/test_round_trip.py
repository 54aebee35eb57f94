"""Model -> RDF -> model gives an equal collection, in every format; RDF -> RDF is lossless."""

from __future__ import annotations

import pytest
from hypothesis import given
from rdflib import Graph
from rdflib.compare import isomorphic

import cmo.io
from cmo.models import Collection
from cmo.rdf import parse_rdf, read_rdf, to_graph, write_rdf
from cmo.sharing.privacy import withhold_quotes

from ..strategies import collections
from . import assert_same_collection

FORMATS = {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt"}


@pytest.mark.parametrize("extension", sorted(FORMATS))
@given(collection=collections())
def test_every_collection_survives_each_format(extension, collection: Collection,
                                               tmp_path_factory):
    path = tmp_path_factory.mktemp("rdf") / f"theory.{extension}"
    write_rdf(collection, path, rdf_format=FORMATS[extension])
    assert_same_collection(read_rdf(path, rdf_format=FORMATS[extension]), collection)


def _turtle_to_json_ld_to_turtle(turtle: str) -> tuple[Graph, Graph]:
    first = parse_rdf(turtle, rdf_format="turtle")
    json_ld = first.serialize(format="json-ld")
    again = parse_rdf(parse_rdf(json_ld, rdf_format="json-ld").serialize(format="turtle"),
                      rdf_format="turtle")
    return first, again


@given(collection=collections())
def test_turtle_to_json_ld_to_turtle_is_isomorphic(collection: Collection):
    first, again = _turtle_to_json_ld_to_turtle(to_graph(collection).serialize(format="turtle"))
    assert len(first) > 0
    assert isomorphic(first, again)


def test_worked_example_turtle_to_json_ld_to_turtle_is_isomorphic(example_theory, tmp_path):
    path = write_rdf(example_theory, tmp_path / "theory.ttl", rdf_format="turtle")
    first, again = _turtle_to_json_ld_to_turtle(path.read_text(encoding="utf-8"))
    assert len(first) == len(again) > 400
    assert isomorphic(first, again)


@pytest.mark.parametrize("extension", sorted(FORMATS))
def test_worked_example_survives_each_format(example_theory, tmp_path, extension):
    path = cmo.io.save(example_theory, tmp_path / f"theory.{extension}")
    read = cmo.io.read(path)
    assert_same_collection(read, example_theory.collection)
    assert len(read.configurations) == 11


def test_yaml_to_rdf_to_yaml_gives_an_equal_theory(example_path, tmp_path):
    original = cmo.io.read(example_path)
    turtle = cmo.io.save(original, tmp_path / "theory.ttl")
    yaml_again = cmo.io.save(cmo.io.read(turtle), tmp_path / "again.yaml")
    assert_same_collection(cmo.io.read(yaml_again), original)


@given(collection=collections(max_configurations=3))
def test_withheld_quotes_survive_as_withheld(collection: Collection, tmp_path_factory):
    path = tmp_path_factory.mktemp("private") / "theory.nt"
    write_rdf(collection, path, rdf_format="nt", quotes=False)
    assert_same_collection(read_rdf(path, rdf_format="nt"), withhold_quotes(collection))


def test_ids_survive_any_base(example_theory):
    graph = to_graph(example_theory, base="https://example.org/studies/sp#")
    assert any(str(subject).startswith("https://example.org/studies/sp#theory/v2/configuration/")
               for subject in graph.subjects())
    from cmo.rdf import from_graph
    assert_same_collection(from_graph(graph), example_theory.collection)


def test_the_order_of_configurations_survives_rdf(example_theory, tmp_path):
    for name in ("theory.ttl", "theory.jsonld", "theory.nt"):
        path = cmo.io.save(example_theory, tmp_path / name)
        read = [c.id for c in cmo.io.read(path).configurations]
        assert read == [c.id for c in example_theory.configurations], name


@pytest.mark.parametrize("extension", sorted(FORMATS))
@given(collection=collections())
def test_rdf_to_model_to_rdf_is_isomorphic(extension, collection: Collection, tmp_path_factory):
    """What we write, read back and write again is the same graph, in every format."""
    folder = tmp_path_factory.mktemp("again")
    first = write_rdf(collection, folder / f"first.{extension}", rdf_format=FORMATS[extension])
    again = write_rdf(read_rdf(first, rdf_format=FORMATS[extension]),
                      folder / f"again.{extension}", rdf_format=FORMATS[extension])
    graphs = [parse_rdf(path.read_text(encoding="utf-8"), rdf_format=FORMATS[extension])
              for path in (first, again)]
    assert len(graphs[0]) > 0
    assert isomorphic(*graphs)


@pytest.mark.parametrize("extension", ["ttl", "nt"])
@given(collection=collections())
def test_streamed_text_is_the_graph_to_graph_gives(extension, collection: Collection,
                                                   tmp_path_factory):
    """The streamed Turtle and N-Triples say exactly what the rdflib graph says."""
    path = tmp_path_factory.mktemp("streamed") / f"theory.{extension}"
    write_rdf(collection, path, rdf_format=FORMATS[extension])
    streamed = parse_rdf(path.read_text(encoding="utf-8"), rdf_format=FORMATS[extension])
    assert isomorphic(streamed, to_graph(collection))
    import pyoxigraph

    second = list(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE
                                   if extension == "ttl" else pyoxigraph.RdfFormat.N_TRIPLES))
    assert len(second) == len(streamed)  # no triple written twice, none lost
