"""The authoring format is read by its own package, one concept per module: other formats
share only the private YAML and JSON parsing (``cmo._helpers.yaml_text``, ``json_text``)."""

from __future__ import annotations

import networkx as nx

from ..test_layers import import_graph

_FORMATS = ("bibliography", "qda", "rdf", "render", "store", "tables")


def test_no_other_format_imports_the_authoring_package_but_the_qda_theory_note():
    # A QDPX project carries the theory as an authoring document in a note: the one exception.
    graph = import_graph()
    importers = sorted({
        module for module, target in graph.edges
        if target.startswith("cmo.authoring") and module.split(".")[1:2][0] in _FORMATS})
    assert importers == ["cmo.qda.theory_note"]


def test_formats_parse_yaml_and_json_with_the_private_helpers():
    graph = import_graph()
    assert {"cmo.tables.options", "cmo.tables.records", "cmo.qda.mapping_file",
            "cmo.qda.theory_note", "cmo.authoring.serialise"} <= set(
        graph.predecessors("cmo._helpers.yaml_text"))
    assert {"cmo.tables.options", "cmo.tables.records", "cmo.bibliography.csl_json",
            "cmo.authoring.serialise"} <= set(graph.predecessors("cmo._helpers.json_text"))


def test_reading_and_writing_the_authoring_data_are_modules_of_their_own():
    graph = import_graph()
    assert "cmo.authoring.writing" not in nx.descendants(graph, "cmo.authoring.reading")
    assert "cmo.authoring.reading" not in nx.descendants(graph, "cmo.authoring.writing")

