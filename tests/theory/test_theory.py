"""The programme theory: shared elements merge, chains form, queries answer."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pytest

from cmo import Collection, Configuration, Evidence, Excerpt, InputError, ProgrammeTheory, Source

INTERVIEW = Source(id="p01-w1", kind="interview", participant="P01", site="North", wave="1")
REINTERVIEW = Source(id="p01-w2", kind="interview", participant="P01", site="North", wave="2")
OTHER = Source(id="p02-w1", kind="interview", participant="P02", site="South", wave="1")


def quote(source: Source, number: int) -> Excerpt:
    return Excerpt(id=f"q{number}", source=source, text=f"Synthetic quote {number}")


def cmoc(cid: str, contexts: list[str], outcomes: list[str], mechanism: str | None = "M",
         evidence: tuple[Evidence, ...] = (), theme: str | None = None) -> Configuration:
    return Configuration(
        id=cid, theme=theme, contexts=[{"label": c} for c in contexts],
        mechanism={"reasoning": mechanism} if mechanism else None,
        outcomes=[{"label": o} for o in outcomes], evidence=evidence)


def test_the_same_element_in_two_configurations_is_one_node():
    theory = ProgrammeTheory(
        Collection(configurations=[cmoc("a", ["Patient trusts the link worker"], ["Hope"])]),
        Collection(configurations=[cmoc("b", ["patient trusts the  Link Worker."], ["Joy"])]),
    )
    node = theory.node("Patient trusts the link worker")
    assert theory.graph.nodes[node]["configurations"] == ("a", "b")
    assert len(theory.graph.nodes[node]["ids"]) == 1  # one label, spelt two ways, one id
    assert theory.graph.nodes[node]["label"] == "Patient trusts the link worker"  # the first


def test_elements_with_different_ids_but_one_label_merge_across_files():
    first = Collection(configurations=[Configuration(
        id="a", contexts=[{"id": "c1", "label": "Trust"}], mechanism={"reasoning": "x"})])
    second = Collection(configurations=[Configuration(
        id="b", contexts=[{"id": "ctx-7", "label": "trust"}], mechanism={"reasoning": "y"})])
    theory = ProgrammeTheory(first, second)
    assert theory.node("c1") == theory.node("ctx-7")
    assert set(theory.graph.nodes[theory.node("c1")]["ids"]) == {"c1", "ctx-7"}


def test_edges_carry_configuration_and_evidence():
    evidence = (Evidence(excerpt=quote(INTERVIEW, 1), stance="supports"),
                Evidence(excerpt=quote(OTHER, 2), stance="refutes"))
    theory = ProgrammeTheory(Collection(configurations=[
        cmoc("a", ["Trust"], ["Hope"], "Feels heard", evidence)]))
    edges = list(theory.graph.edges(keys=True, data=True))
    assert {(u, v, k) for u, v, k, _ in edges} == {
        ("c-trust", "m-feels-heard", "a"), ("m-feels-heard", "o-hope", "a")}
    assert all(d["evidence"] == evidence and d["refutes"] == 1 for *_, d in edges)


def test_a_dyad_without_mechanism_links_context_to_outcome():
    theory = ProgrammeTheory(Collection(configurations=[cmoc("a", ["Trust"], ["Hope"], None)]))
    assert list(theory.graph.edges()) == [("c-trust", "o-hope")]


def test_chains_and_outcomes_followed_through_them():
    theory = ProgrammeTheory(Collection(configurations=[
        cmoc("referral", ["Uncertain about the role"], ["Agrees to referral"], "Sees help"),
        cmoc("trust", ["Agrees to referral"], ["Trusts the link worker"], "Feels heard"),
        cmoc("hope", ["Trusts the link worker"], ["Has hope"], "Feels hopeful"),
        cmoc("loop", ["Has hope"], ["Uncertain about the role"], "Doubts"),
    ]))
    assert [(c.upstream, c.downstream) for c in theory.chains()] == [
        ("referral", "trust"), ("trust", "hope"), ("hope", "loop"), ("loop", "referral")]
    reached = [o.label for o in theory.outcomes_of("Uncertain about the role")]
    assert reached == ["Agrees to referral", "Trusts the link worker", "Has hope",
                       "Uncertain about the role"]  # a cycle ends, it does not loop
    node = theory.node("Trusts the link worker")
    assert theory.graph.nodes[node]["roles"] == ("context", "outcome")


def test_queries_a_researcher_asks():
    theory = ProgrammeTheory(Collection(configurations=[
        cmoc("a", ["Trust"], ["Hope"], "Feels heard"),
        cmoc("b", ["Trust", "Time"], ["Engagement"], "Feels safe"),
        cmoc("c", ["Time"], [], "Feels safe"),
    ]))
    assert [c.id for c in theory.configurations_using("Trust")] == ["a", "b"]
    assert [m.label for m in theory.mechanisms_in("Trust")] == ["Feels heard", "Feels safe"]
    assert [c.id for c in theory.partial_configurations()] == ["c"]
    assert [c.id for c in theory.unsupported_configurations()] == ["a", "b", "c"]
    with pytest.raises(KeyError, match="no element has the id or label 'Nothing'"):
        theory.configurations_using("Nothing")


def test_support_counts_distinct_sources_participants_sites_and_waves():
    evidence = (Evidence(excerpt=quote(INTERVIEW, 1), stance="supports"),
                Evidence(excerpt=quote(INTERVIEW, 2), stance="supports"),
                Evidence(excerpt=quote(REINTERVIEW, 3), stance="refines"),
                Evidence(excerpt=quote(OTHER, 4), stance="refutes"))
    theory = ProgrammeTheory(Collection(configurations=[cmoc("a", ["T"], ["H"], "M", evidence)]))
    support = theory.support("a")
    assert (support.evidence, support.sources, support.participants, support.sites,
            support.waves) == (4, 3, 2, 2, 2)
    assert (support.supports, support.refutes, support.refines) == (2, 1, 1)
    assert theory.support_table()[0] == support


def test_filtering_by_theme_and_configuration():
    theory = ProgrammeTheory(Collection(configurations=[
        cmoc("a", ["Trust"], ["Hope"], "Heard", theme="Trust"),
        cmoc("b", ["Time"], ["Engagement"], "Safe", theme="Access"),
    ]))
    assert theory.themes == ("Trust", "Access")
    assert [c.id for c in theory.filtered(themes=["Access"]).configurations] == ["b"]
    assert set(theory.filtered(configurations=["a"]).graph) == {"c-trust", "m-heard", "o-hope"}
    with pytest.raises(InputError, match="theme 'Nope': is not in this theory"):
        theory.filtered(themes=["Nope"])


def test_filtering_keeps_the_version_header():
    header = {"id": "sp", "title": "Social prescribing (synthetic)", "version": "v2",
              "revises": "IPT", "date": dt.date(2024, 5, 1), "description": "Refined."}
    theory = ProgrammeTheory(Collection(**header, configurations=[
        cmoc("a", ["Trust"], ["Hope"], "Heard", theme="Trust"),
        cmoc("b", ["Time"], ["Engagement"], "Safe", theme="Access"),
    ]))
    assert theory.filtered(themes=["Trust"]).collection.header == header
    assert theory.filtered(configurations=["b"]).collection.header == header


def test_the_graph_is_public_and_read_only():
    theory = ProgrammeTheory(Collection(configurations=[cmoc("a", ["T"], ["H"])]))
    assert isinstance(theory.graph, nx.MultiDiGraph)
    assert nx.is_directed_acyclic_graph(theory.graph)
    with pytest.raises(nx.NetworkXError, match="Frozen"):
        theory.graph.add_node("x")


def test_worked_example(example_theory):
    summary = example_theory.summary()
    assert summary["configurations"] == 11 and summary["chains"] == 4
    assert summary["partial"] == 1 and summary["unsupported"] == 0
    assert [o.label for o in example_theory.outcomes_of(
        "Patient is uncertain about the link worker role")] == [
        "Patient agrees to a referral to the link worker", "Patient trusts the link worker",
        "Patient has a sense of hope"]
    assert "ProgrammeTheory 'Social prescribing link workers" in repr(example_theory)


def test_one_file_loaded_twice_holds_each_configuration_once():
    import cmo

    example = "examples/social_prescribing/theory.yaml"
    once, twice = cmo.load(example), cmo.load(example, example)
    assert len(twice.configurations) == len(once.configurations) == 11
    assert twice.configurations == once.configurations
