"""The floors of the drawing stages do the same work as cmo: the DOT source's floor finds
the same nodes and lines in the configurations themselves; the outline's wraps the same
lines (synthetic theories)."""

from __future__ import annotations

import pytest

import cmo
from cmo.synthetic import synthetic_collection

from ..conftest import benchmark_module


@pytest.fixture(scope="module")
def drawing():
    return benchmark_module("stages.drawing")


def test_the_dot_source_floor_finds_the_same_nodes_and_lines_in_the_collection(drawing):
    collection = synthetic_collection(60, evidence_per_configuration=4, seed=1)
    theory = cmo.ProgrammeTheory(collection)
    nodes, edges = drawing.plain_parts(collection)
    assert sorted(name for name, *_ in nodes.values()) == sorted(theory.graph.nodes)
    assert sorted(edges) == sorted(set(theory.graph.edges()))
    for name, _, _, configurations, _ in nodes.values():
        assert configurations == list(theory.graph.nodes[name]["configurations"])
    lines = sum(len(tooltip) for tooltip in edges.values())
    assert lines == theory.graph.number_of_edges()  # one tooltip line per configuration
    text = drawing.plain_dot(collection)
    ours = cmo.to_dot(theory).source
    assert text.count(" -> ") == len(edges) and 0.3 < len(text) / len(ours) < 1.5
