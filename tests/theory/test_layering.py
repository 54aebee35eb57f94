"""The theory package depends one way: the theory imports the questions put to it, never back."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from cmo.models import Collection, Configuration
from cmo.theory import queries
from cmo.theory.graph import ProgrammeTheory
from cmo.theory.shape import Chain, TheoryGraph

from ..test_layers import _cycles, import_graph


def test_no_circle_runs_through_the_theory_package():
    graph = import_graph()
    theory = graph.subgraph(module for module in graph if module.startswith("cmo.theory"))
    assert _cycles(nx.DiGraph(theory)) == []


def test_the_questions_import_the_shape_of_a_theory_not_the_theory():
    graph = import_graph()
    assert graph.has_edge("cmo.theory.graph", "cmo.theory.queries")
    assert "cmo.theory.graph" not in nx.descendants(graph, "cmo.theory.queries")
    assert sorted(target for target in graph.successors("cmo.theory.shape")) == ["cmo.models"]


def test_a_programme_theory_has_the_shape_the_questions_read():
    theory = ProgrammeTheory(Collection(configurations=[
        Configuration(id="a", contexts=[{"label": "Hope"}], outcomes=[{"label": "Trust"}]),
        Configuration(id="b", contexts=[{"label": "Trust"}], outcomes=[{"label": "Hope"}]),
    ]))
    assert isinstance(theory, TheoryGraph)
    assert theory.chains() == (Chain("a", "o-trust", "b"), Chain("b", "c-hope", "a"))
    assert queries.cycles(theory) == theory.cycles() == (("a", "b"),)


def test_every_module_of_the_theory_holds_one_concept_in_at_most_400_lines():
    package = Path(queries.__file__).parent
    lengths = {path.name: len(path.read_text(encoding="utf-8").splitlines())
               for path in sorted(package.glob("*.py"))}
    assert {name: length for name, length in lengths.items() if length > 400} == {}
    assert {"merge_identity.py", "merge_renaming.py", "merge_strict.py"} <= set(lengths)
