"""The floors of the theory's benchmark stages (``benchmarks/stages/questions.py``) do the same
work as ``cmo``: the graph floor takes the same graph out of the collection, the queries
floor gives the same answers. Synthetic theories only."""

from __future__ import annotations

import pytest

import cmo
from cmo.synthetic import synthetic_collection

from .conftest import benchmark_module


@pytest.fixture(scope="module")
def questions():
    return benchmark_module("stages.questions")


@pytest.mark.parametrize(("size", "evidence"), [(40, 3), (300, 20)])
def test_the_graph_floor_takes_the_same_graph_out_of_the_collection(questions, size, evidence):
    collection = synthetic_collection(size, evidence_per_configuration=evidence, seed=1)
    theory = cmo.ProgrammeTheory(collection)
    bare = questions.bare_graph(questions.collection_parts(collection))

    def edges(graph):
        return sorted((u, v, key, data["configuration"], data["theme"], data["supports"],
                       data["refutes"], data["refines"], len(data["evidence"]))
                      for u, v, key, data in graph.edges(keys=True, data=True))

    def nodes(graph):
        return sorted((name, data["label"], sorted(data["configurations"]))
                      for name, data in graph.nodes(data=True))

    assert edges(bare) == edges(theory.graph)
    assert nodes(bare) == nodes(theory.graph)
    assert bare.number_of_edges() == 2 * size  # context -> mechanism -> outcome, each once


def test_the_queries_floor_reaches_the_same_outcomes(questions):
    theory = cmo.ProgrammeTheory(synthetic_collection(300, evidence_per_configuration=3, seed=1))
    bare = questions.bare_graph(questions.collection_parts(theory.collection))
    contexts = list({e.id: e for c in theory.configurations for e in c.contexts}.values())
    reached = questions.plain_outcomes_reached(bare, [theory.node(c) for c in contexts])
    assert reached == [[theory.node(o) for o in theory.outcomes_of(c)] for c in contexts]
    counts = questions.plain_support_counts(theory.configurations)
    assert counts == [(s.configuration, s.evidence, s.sources, s.participants, s.sites, s.waves,
                       s.roles, s.kinds, s.supports, s.refutes, s.refines, s.sources_supporting,
                       s.sources_refuting, s.sources_refining, s.negative_cases)
                      for s in theory.support_table()]
