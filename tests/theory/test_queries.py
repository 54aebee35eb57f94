"""Queries for refinement work: gaps in evidence and in the theory, cycles, demi-regularities.

One synthetic theory (made up for the tests, as are its sources and quotes) holds a case
for each query:

    referral     Uncertain about the role -> Sees help -> Agrees to referral   P01 w1, w2 (North)
    trust        Agrees to referral -> Feels heard -> Trusts the link worker   P02 (South); P03 refutes
    hope         Trusts the link worker -> Feels hopeful -> Has hope           P01 w1 (North), P02 (South)
    hope-safety  Trusts the link worker -> Feels safe -> Has hope              P04 (South)
    doubt        Has hope -> Doubts -> Uncertain about the role                no evidence (closes a cycle)
    momentum     Engaged -> Gains confidence -> Engaged                        no evidence (a loop of one)
    waiting      Long waiting list -> Loses patience -> Disengages             only refuted (P03)
    housing      Housing insecurity -> Disengages                              C-O dyad, no evidence
    hunch        Uncertain about the role -> Asks the GP                       C-O dyad, P01 w2 refines
    pressure     Feels pressured -> Drops out                                  M-O dyad, no evidence
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cmo import Collection, Configuration, Evidence, Excerpt, ProgrammeTheory, Source
from cmo.theory.queries import DemiRegularity, cycles, demi_regularities

_quotes = iter(range(1, 100))


def interview(participant: str, wave: str, site: str) -> Source:
    return Source(id=f"{participant.lower()}-w{wave}", kind="interview", participant=participant,
                  site=site, wave=wave, title="Synthetic interview")


P01_W1 = interview("P01", "1", "North")
P01_W2 = interview("P01", "2", "North")
P02 = interview("P02", "1", "South")
P03 = interview("P03", "1", "East")
P04 = interview("P04", "2", "South")


def said(stance: str, *sources: Source) -> list[Evidence]:
    evidence = []
    for source in sources:
        number = next(_quotes)
        evidence.append(Evidence(stance=stance, excerpt=Excerpt(
            id=f"q{number}", source=source, text=f"Synthetic quote {number}")))
    return evidence


def cmoc(cid: str, context: str | None, mechanism: str | None, outcome: str,
         evidence: list[Evidence] | None = None) -> Configuration:
    return Configuration(
        id=cid, contexts=[{"label": context}] if context else [],
        mechanism={"reasoning": mechanism} if mechanism else None,
        outcomes=[{"label": outcome}], evidence=evidence or [])


@pytest.fixture(scope="module")
def theory() -> ProgrammeTheory:
    return ProgrammeTheory(Collection(title="Synthetic theory", configurations=[
        cmoc("referral", "Uncertain about the role", "Sees help", "Agrees to referral",
             said("supports", P01_W1, P01_W2)),
        cmoc("trust", "Agrees to referral", "Feels heard", "Trusts the link worker",
             said("supports", P02) + said("refutes", P03)),
        cmoc("hope", "Trusts the link worker", "Feels hopeful", "Has hope",
             said("supports", P01_W1, P02)),
        cmoc("hope-safety", "Trusts the link worker", "Feels safe", "Has hope",
             said("supports", P04)),
        cmoc("doubt", "Has hope", "Doubts", "Uncertain about the role"),
        cmoc("momentum", "Engaged", "Gains confidence", "Engaged"),
        cmoc("waiting", "Long waiting list", "Loses patience", "Disengages",
             said("refutes", P03)),
        cmoc("housing", "Housing insecurity", None, "Disengages"),
        cmoc("hunch", "Uncertain about the role", None, "Asks the GP",
             said("refines", P01_W2)),
        cmoc("pressure", None, "Feels pressured", "Drops out"),
    ]))


def ids(configurations: tuple[Configuration, ...]) -> list[str]:
    return [configuration.id for configuration in configurations]


def test_configurations_with_no_evidence(theory):
    assert ids(theory.configurations_without_evidence()) == [
        "doubt", "momentum", "housing", "pressure"]


def test_configurations_with_only_refuting_evidence(theory):
    assert ids(theory.configurations_only_refuted()) == ["waiting"]  # not trust: mixed
    # Unsupported (the earlier query) also counts refining-only and untested ones.
    assert ids(theory.unsupported_configurations()) == [
        "doubt", "momentum", "waiting", "housing", "hunch", "pressure"]


def test_elements_used_by_one_configuration_only(theory):
    assert [(element.label, configuration) for element, configuration
            in theory.elements_used_once()] == [
        ("Sees help", "referral"), ("Feels heard", "trust"), ("Feels hopeful", "hope"),
        ("Feels safe", "hope-safety"), ("Doubts", "doubt"),
        ("Engaged", "momentum"),  # its context and its outcome: one state, one configuration
        ("Gains confidence", "momentum"), ("Long waiting list", "waiting"),
        ("Loses patience", "waiting"), ("Housing insecurity", "housing"),
        ("Asks the GP", "hunch"), ("Feels pressured", "pressure"), ("Drops out", "pressure"),
    ]


def test_contexts_in_which_no_mechanism_is_known(theory):
    # "Uncertain about the role" is also a C-O dyad's context (hunch), but a mechanism is
    # known for it (referral).
    found = theory.contexts_without_mechanism()
    assert [(context.kind, context.label) for context in found] == [
        ("context", "Housing insecurity")]


def test_outcomes_never_reached(theory):
    # Disengages: only refuted (waiting) or a C-O dyad (housing); Asks the GP: a C-O dyad;
    # Drops out: an M-O dyad. "Uncertain about the role" is reached by an untested but
    # whole configuration (doubt).
    found = theory.outcomes_never_reached()
    assert [(outcome.kind, outcome.label) for outcome in found] == [
        ("outcome", "Disengages"), ("outcome", "Asks the GP"), ("outcome", "Drops out")]


def test_cycles_each_once_from_the_first_configuration(theory):
    assert theory.cycles() == (
        ("referral", "trust", "hope", "doubt"),
        ("referral", "trust", "hope-safety", "doubt"),
        ("momentum",),
    )
    assert theory.cycles(max_length=3) == (("momentum",),)
    assert cycles(theory) == theory.cycles()


@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5)), max_size=12),
       st.integers(0, 4))
def test_short_cycles_are_the_cycles_up_to_that_length(links, max_length):
    # Configuration n leads from state a to state b: a random, often looping theory.
    theory = ProgrammeTheory(Collection(configurations=[
        cmoc(f"c{n}", f"State {a}", "Synthetic mechanism", f"State {b}")
        for n, (a, b) in enumerate(links)]))
    every = theory.cycles()
    assert len(set(every)) == len(every)
    assert theory.cycles(max_length=max_length) == tuple(
        cycle for cycle in every if len(cycle) <= max_length)


def test_no_cycles_in_a_chain_that_does_not_loop():
    chain = ProgrammeTheory(Collection(configurations=[
        cmoc("a", "Uncertain", "Sees help", "Agrees"), cmoc("b", "Agrees", "Heard", "Trusts")]))
    assert chain.cycles() == ()


def test_a_demi_regularity_across_two_sites(theory):
    (pattern,) = theory.demi_regularities()
    assert pattern == DemiRegularity(
        context=pattern.context, outcome=pattern.outcome,
        configurations=("hope", "hope-safety"),  # two mechanisms, one C-O pattern
        sites=("North", "South"), sources=("p01-w1", "p02-w1", "p04-w2"))
    assert (pattern.context.kind, pattern.context.label) == ("context", "Trusts the link worker")
    assert (pattern.outcome.kind, pattern.outcome.label) == ("outcome", "Has hope")


def test_a_pattern_at_one_site_falls_below_the_threshold(theory):
    # referral: two sources (P01 twice) but one site: a demi-regularity only at min_sites=1.
    found = theory.demi_regularities(min_sites=1)
    assert [(p.configurations, p.sites, p.sources) for p in found] == [
        (("referral",), ("North",), ("p01-w1", "p01-w2")),
        (("hope", "hope-safety"), ("North", "South"), ("p01-w1", "p02-w1", "p04-w2")),
    ]
    assert theory.demi_regularities(min_sources=4) == ()


def test_refuting_evidence_does_not_make_a_pattern_recur(theory):
    found = {p.configurations: (p.sites, p.sources)
             for p in theory.demi_regularities(min_sites=1, min_sources=1)}
    assert found == {
        ("referral",): (("North",), ("p01-w1", "p01-w2")),
        ("trust",): (("South",), ("p02-w1",)),        # P03 (East) refutes: not counted
        ("hope", "hope-safety"): (("North", "South"), ("p01-w1", "p02-w1", "p04-w2")),
        ("hunch",): (("North",), ("p01-w2",)),        # refining evidence counts
    }
    everything = demi_regularities(theory, min_sites=0, min_sources=0)
    assert [p.configurations for p in everything] == [
        ("referral",), ("trust",), ("hope", "hope-safety"), ("doubt",), ("momentum",),
        ("waiting",), ("housing",), ("hunch",)]


def test_a_review_without_sites_passes_min_sites_zero():
    papers = [Source(id=f"paper{n}", kind="publication", title="Synthetic paper")
              for n in (1, 2)]
    review = ProgrammeTheory(Collection(configurations=[
        cmoc("a", "Trust", "Heard", "Hope", said("supports", papers[0])),
        cmoc("b", "Trust", None, "Hope", said("supports", papers[1]))]))
    assert review.demi_regularities() == ()
    (pattern,) = review.demi_regularities(min_sites=0)
    assert (pattern.configurations, pattern.sites, pattern.sources) == (
        ("a", "b"), (), ("paper1", "paper2"))


def test_worked_example_refinement_queries(example_theory):
    assert example_theory.configurations_without_evidence() == ()
    assert example_theory.configurations_only_refuted() == ()
    assert example_theory.contexts_without_mechanism() == ()   # no C-O dyad in it
    # The only outcome without a context-and-mechanism explanation is the M-O dyad's.
    assert [o.label for o in example_theory.outcomes_never_reached()] == ["Person-centred care"]
    assert example_theory.cycles() == ()
    # Each configuration rests on one paper: nothing recurs across two sources.
    assert example_theory.demi_regularities(min_sites=0) == ()
    shared = {"referral-agreed", "trust", "not-connected", "link-worker-referral"}
    once = example_theory.elements_used_once()
    assert len(once) == example_theory.graph.number_of_nodes() - len(shared) == 29
    assert not shared & {example_theory.node(element) for element, _ in once}
