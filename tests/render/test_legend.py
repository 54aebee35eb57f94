"""The legend explains exactly what the diagram shows."""

from __future__ import annotations

import graphviz

from cmo.models import Collection, Configuration
from cmo.render import to_dot
from cmo.render.legend import add_legend


def names_in(source: str) -> set[str]:
    return {kind for kind in ("intervention", "actor", "context", "mechanism", "outcome",
                              "chain", "lines") if f'"legend {kind}"' in source}


def test_only_kinds_drawn_are_explained():
    dyad = Configuration(id="dyad", contexts=[{"label": "A"}], outcomes=[{"label": "B"}])
    assert names_in(to_dot(Collection(configurations=[dyad])).source) == {
        "context", "outcome", "lines"}


def test_the_worked_example_explains_every_kind(example_theory):
    assert names_in(to_dot(example_theory).source) == {
        "intervention", "actor", "context", "mechanism", "outcome", "chain", "lines"}


def test_an_empty_theory_has_no_legend():
    assert "cluster_legend" not in to_dot(Collection()).source


def test_samples_follow_the_causal_flow():
    digraph = graphviz.Digraph()
    add_legend(digraph, kinds=["outcome", "mechanism", "context"], edges=[], wrap=20)
    source = digraph.source
    assert '"legend context" -> "legend mechanism" [style=invis]' in source
    assert '"legend mechanism" -> "legend outcome" [style=invis]' in source
    assert '"legend lines"' not in source
