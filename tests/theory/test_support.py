"""Evidence strength: distinct sources, participants, roles, sites, waves, kinds and stances.

Every source and quote here is synthetic (made up for the tests) and says so.
"""

from __future__ import annotations

import pytest
from hypothesis import given

from cmo import Collection, Configuration, Evidence, Excerpt, ProgrammeTheory, Source
from cmo.theory.support import (
    Support,
    WaveSupport,
    negative_cases_of,
    sources_behind,
    support_by_wave,
    support_of,
)

from ..strategies import collections


def interview(participant: str, wave: str | None, *, site: str | None = "North",
              role: str | None = "patient", kind: str = "interview") -> Source:
    """A synthetic source: one participant at one wave."""
    return Source(id=f"{participant.lower()}-w{wave}", kind=kind, participant=participant,
                  participant_role=role, site=site, wave=wave, title="Synthetic source")


def said(source: Source, number: int, stance: str) -> Evidence:
    return Evidence(excerpt=Excerpt(id=f"q{number}", source=source,
                                    text=f"Synthetic quote {number}"), stance=stance)


def cmoc(evidence: list[Evidence], cid: str = "trust") -> Configuration:
    return Configuration(id=cid, theme="Synthetic theme", contexts=[{"label": "Trust"}],
                         mechanism={"reasoning": "Feels heard"}, outcomes=[{"label": "Hope"}],
                         evidence=evidence)


P01_W1 = interview("P01", "1")
P01_W2 = interview("P01", "2")                       # the same patient, re-interviewed
P02_W1 = interview("P02", "1", site="South")
P02_W2 = interview("P02", "2", site="South")
LW1 = interview("LW1", "1", role="link worker", kind="observation")
P03 = interview("P03", "10", role="carer", kind="focus group")
PAPER = Source(id="paper", kind="publication", title="Synthetic paper")

EVIDENCE = [
    said(P03, 8, "supports"),        # cited first, yet wave 10 comes after waves 1 and 2
    said(P01_W1, 1, "supports"),
    said(P01_W1, 2, "supports"),     # a second quote of the same source
    said(P01_W2, 3, "refines"),
    said(P02_W1, 4, "refutes"),      # P02 first doubts it...
    said(P02_W2, 5, "supports"),     # ...and supports it at the re-interview
    said(LW1, 6, "supports"),
    said(PAPER, 7, "refutes"),       # a paper: no participant, site or wave
]


def test_a_participant_interviewed_twice_is_one_participant_two_sources_two_waves():
    support = support_of(cmoc([said(P01_W1, 1, "supports"), said(P01_W2, 2, "supports")]))
    assert (support.evidence, support.sources, support.participants, support.waves,
            support.sites, support.roles, support.kinds) == (2, 2, 1, 2, 1, 1, 1)


def test_support_counts_every_distinct_thing_and_each_stance():
    assert support_of(cmoc(EVIDENCE)) == Support(
        configuration="trust", evidence=8, sources=7, participants=4, sites=2, waves=3,
        supports=5, refutes=2, refines=1, roles=3, kinds=4,
        sources_supporting=4, sources_refuting=2, sources_refining=1, negative_cases=2)


def test_negative_cases_are_participants_or_else_sources():
    assert negative_cases_of(cmoc(EVIDENCE)) == {"P02": ("p02-w1",), "paper": ("paper",)}
    doubting_twice = cmoc([said(P02_W1, 1, "refutes"), said(P02_W2, 2, "refutes"),
                           said(P01_W1, 3, "supports")])
    assert negative_cases_of(doubting_twice) == {"P02": ("p02-w1", "p02-w2")}
    support = support_of(doubting_twice)
    assert (support.negative_cases, support.sources_refuting, support.refutes) == (1, 2, 2)
    assert not support.is_only_refuted and support.is_supported


def test_only_refuted_needs_evidence_and_all_of_it_refuting():
    assert support_of(cmoc([said(PAPER, 1, "refutes")])).is_only_refuted
    assert not support_of(cmoc([])).is_only_refuted
    assert not support_of(cmoc([said(PAPER, 1, "refutes"), said(LW1, 2, "refines")])) \
        .is_only_refuted


def test_a_source_without_participant_site_or_wave_counts_only_as_a_source():
    support = support_of(cmoc([said(PAPER, 1, "supports"), said(PAPER, 2, "supports")]))
    assert (support.sources, support.participants, support.sites, support.waves,
            support.roles, support.kinds) == (1, 0, 0, 0, 0, 1)


def test_sources_behind_by_stance():
    configuration = cmoc(EVIDENCE)
    assert [s.id for s in sources_behind(configuration, stances=["refutes"])] == [
        "p02-w1", "paper"]
    assert [s.id for s in sources_behind(configuration, stances=["supports", "refines"])] == [
        "p03-w10", "p01-w1", "p02-w2", "lw1-w1", "p01-w2"]
    assert len(sources_behind(configuration)) == 7


def test_sources_behind_refuses_an_unknown_stance():
    with pytest.raises(ValueError, match=r"unknown stance 'agrees' \(must be one of"):
        sources_behind(cmoc(EVIDENCE), stances=["agrees"])


def test_support_at_each_wave_in_natural_order():
    assert support_by_wave(cmoc(EVIDENCE)) == [
        WaveSupport(configuration="trust", wave="1", evidence=4, sources=3, participants=3,
                    supports=3, refutes=1, refines=0, participants_supporting=2,
                    participants_refuting=1, participants_refining=0),
        WaveSupport(configuration="trust", wave="2", evidence=2, sources=2, participants=2,
                    supports=1, refutes=0, refines=1, participants_supporting=1,
                    participants_refuting=0, participants_refining=1),
        WaveSupport(configuration="trust", wave="10", evidence=1, sources=1, participants=1,
                    supports=1, refutes=0, refines=0, participants_supporting=1,
                    participants_refuting=0, participants_refining=0),
        WaveSupport(configuration="trust", wave=None, evidence=1, sources=1, participants=0,
                    supports=0, refutes=1, refines=0, participants_supporting=0,
                    participants_refuting=0, participants_refining=0),
    ]


def test_numbered_waves_by_value_then_named_waves_as_first_cited_then_none():
    waves = ["follow-up", "10", "baseline", None, "2", "1", "follow-up", "02.5"]
    evidence = [said(interview(f"P{n}", wave), n, "supports") for n, wave in enumerate(waves)]
    assert [row.wave for row in support_by_wave(cmoc(evidence))] == [
        "1", "2", "02.5", "10", "follow-up", "baseline", None]
    assert support_by_wave(cmoc([])) == []


def test_the_theory_gives_tables_of_plain_dicts():
    theory = ProgrammeTheory(Collection(configurations=[
        cmoc(EVIDENCE), Configuration(id="untested", contexts=[{"label": "Time"}],
                                      outcomes=[{"label": "Hope"}])]))
    table = theory.strength_table()
    assert list(table[0]) == [
        "configuration", "theme", "shape", "evidence", "sources", "participants", "sites",
        "waves", "supports", "refutes", "refines", "roles", "kinds", "sources_supporting",
        "sources_refuting", "sources_refining", "negative_cases"]
    assert table[0] == {"configuration": "trust", "theme": "Synthetic theme", "shape": "C-M-O",
                        **{k: v for k, v in support_of(cmoc(EVIDENCE)).as_record().items()
                           if k != "configuration"}}
    assert table[1]["theme"] is None and table[1]["shape"] == "C-O"
    assert table[1]["evidence"] == table[1]["negative_cases"] == 0
    waves = theory.wave_table()
    assert [(row["configuration"], row["wave"]) for row in waves] == [
        ("trust", "1"), ("trust", "2"), ("trust", "10"), ("trust", None)]
    assert waves[0] == support_by_wave(cmoc(EVIDENCE))[0].as_record()
    assert theory.support_by_wave("trust") == support_by_wave(cmoc(EVIDENCE))


def test_tables_never_carry_quote_text():
    theory = ProgrammeTheory(Collection(configurations=[cmoc(EVIDENCE)]))
    cells = [value for table in (theory.strength_table(), theory.wave_table())
             for row in table for value in row.values()]
    assert not any("Synthetic quote" in str(cell) for cell in cells)


@given(collections())
def test_waves_partition_the_evidence_and_its_sources(collection):
    for configuration in collection.configurations:
        support, rows = support_of(configuration), support_by_wave(configuration)
        for count in ("evidence", "sources", "supports", "refutes", "refines"):
            assert sum(getattr(row, count) for row in rows) == getattr(support, count)
        assert len([row for row in rows if row.wave is not None]) == support.waves
        assert all(row.participants <= support.participants for row in rows)
        assert support.negative_cases <= support.sources_refuting <= support.refutes
        assert support.sources <= (support.sources_supporting + support.sources_refuting
                                   + support.sources_refining)
        assert support.is_only_refuted == (support.evidence > 0 and support.supports
                                           == support.refines == 0)


def test_worked_example_evidence_strength(example_theory):
    support = example_theory.support("referral-buy-in")
    assert (support.kinds, support.roles, support.sources_supporting,
            support.sources_refining, support.negative_cases) == (1, 1, 1, 1, 0)
    table = example_theory.strength_table()
    assert len(table) == 11
    assert {row["kinds"] for row in table} == {1}          # two publications, nothing else
    assert {row["negative_cases"] for row in table} == {0}  # abstracts report no negative case
    assert sum(row["evidence"] for row in table) == 18
    waves = example_theory.wave_table()                     # publications have no wave
    assert [row["wave"] for row in waves] == [None] * 11
