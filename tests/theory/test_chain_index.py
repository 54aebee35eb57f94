"""Chains are followed through the index the theory notes while building its graph: the same
answers as finding each configuration's context nodes again (synthetic theories)."""

from __future__ import annotations

import pytest

from cmo import Collection, Configuration, ProgrammeTheory
from cmo.synthetic import synthetic_collection


def _naive_users(theory: ProgrammeTheory, node: str) -> list[Configuration]:
    return [c for c in theory.configurations if any(theory.node(e) == node for e in c.contexts)]


def _naive_chains(theory: ProgrammeTheory) -> list[tuple[str, str, str]]:
    links = [(up.id, theory.node(o), down.id) for up in theory.configurations for o in up.outcomes
             for down in _naive_users(theory, theory.node(o)) if down is not up]
    return list(dict.fromkeys(links))


@pytest.mark.parametrize("size", [40, 400])
def test_chains_and_outcomes_are_those_found_by_looking_again(size):
    theory = ProgrammeTheory(synthetic_collection(size, evidence_per_configuration=1, seed=3))
    assert [(c.upstream, c.via, c.downstream) for c in theory.chains()] == _naive_chains(theory)
    for context in {e.id: e for c in theory.configurations for e in c.contexts}.values():
        node = theory.node(context)
        assert list(theory._context_of.get(node, ())) == _naive_users(theory, node)


def test_two_contexts_of_one_node_count_the_configuration_once():
    # "Trust" and "Confidence" (declared its synonym) are one state: the configuration is
    # its user once, not twice.
    first = Configuration(id="first", contexts=[{"label": "Listens"}], mechanism={"reasoning": "M"},
                          outcomes=[{"label": "Trust", "aliases": ["Confidence"]}])
    second = Configuration(id="second", contexts=[{"label": "Trust"}, {"label": "Confidence"}],
                           mechanism={"reasoning": "N"}, outcomes=[{"label": "Hope"}])
    theory = ProgrammeTheory(Collection(configurations=[first, second]))
    assert theory.node("Confidence") == theory.node("Trust")
    assert [(c.upstream, c.downstream) for c in theory.chains()] == [("first", "second")]
    assert [o.label for o in theory.outcomes_of("Listens")] == ["Trust", "Hope"]
    assert [c.id for c in theory._context_of[theory.node("Trust")]] == ["second"]
