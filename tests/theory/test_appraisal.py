"""Support by appraisal: profiles of rigour (relevance, richness), filters and weights.

Every source, quote and judgement here is synthetic (made up for the tests) and says so.
"""

from __future__ import annotations

import pytest
from hypothesis import given

from cmo import Collection, Configuration, Evidence, Excerpt, ProgrammeTheory, Source
from cmo.exceptions import CmoWarning, InputError
from cmo.models import AppraisalScales, appraisal_of
from cmo.models.appraisal import APPRAISAL_DIMENSIONS
from cmo.theory.appraisal import (
    NOT_JUDGED,
    appraisal_profile,
    default_weights,
    evidence_filter,
    level_of,
    weighted_support,
)
from cmo.theory.support import support_of

from ..strategies import collections

TRIAL = Source(id="trial", kind="publication", title="Synthetic trial",
               appraisal={"rigour": "high", "relevance": "moderate"})
SURVEY = Source(id="survey", kind="document", title="Synthetic survey", appraisal={"rigour": "moderate"})
BLOG = Source(id="blog", kind="document", title="Synthetic blog",
              appraisal={"rigour": {"level": "low", "justification": "Synthetic: no methods given",
                                    "judged_by": "AT"}, "relevance": "high"})
NOTE = Source(id="note", kind="document", title="Synthetic note")           # nobody judged it


def said(source: Source, number: int, stance: str, **appraisal: str) -> Evidence:
    return Evidence(excerpt=Excerpt(id=f"q{number}", source=source, text=f"Synthetic quote {number}",
                                    appraisal=appraisal or None), stance=stance)


EVIDENCE = [
    said(TRIAL, 1, "supports"),                          # rigour high, relevance moderate
    said(TRIAL, 2, "supports", rigour="low"),            # its own rigour over the trial's
    said(SURVEY, 3, "refutes"),                          # rigour moderate, relevance not judged
    said(BLOG, 4, "supports"),                           # rigour low, relevance high
    said(NOTE, 5, "refines"),                            # not judged at all
    said(NOTE, 6, "supports", rigour="moderate"),        # judged as an excerpt only
    said(SURVEY, 7, "refines", relevance="low"),         # rigour from the survey
]


def cmoc(evidence: list[Evidence], cid: str = "trust") -> Configuration:
    return Configuration(id=cid, theme="Synthetic theme", contexts=[{"label": "Trust"}],
                         mechanism={"reasoning": "Feels heard"}, outcomes=[{"label": "Hope"}],
                         evidence=evidence)


@pytest.fixture(scope="module")
def theory() -> ProgrammeTheory:
    return ProgrammeTheory(Collection(configurations=[
        cmoc(EVIDENCE), cmoc([], "empty"), cmoc(EVIDENCE[3:5], "weak")]))


def test_an_excerpt_is_judged_by_its_own_judgement_then_its_sources():
    levels = [level_of(item.excerpt, "rigour") for item in EVIDENCE]
    assert levels == ["high", "low", "moderate", "low", None, "moderate", "moderate"]
    assert [level_of(item.excerpt, "relevance") for item in EVIDENCE] == [
        "moderate", "moderate", None, "high", None, None, "low"]


def test_the_profile_counts_evidence_at_each_level_highest_first_then_not_judged():
    profile = appraisal_profile(cmoc(EVIDENCE), AppraisalScales())
    assert profile.configuration == "trust" and profile.dimension == "rigour"
    assert list(profile.counts.items()) == [("high", 1), ("moderate", 3), ("low", 2),
                                            (NOT_JUDGED, 1)]
    assert profile.by_stance == {
        "supports": {"high": 1, "moderate": 1, "low": 2, "not_judged": 0},
        "refutes": {"high": 0, "moderate": 1, "low": 0, "not_judged": 0},
        "refines": {"high": 0, "moderate": 1, "low": 0, "not_judged": 1},
    }
    assert profile.judged == 6


def test_the_profile_of_relevance_on_a_projects_own_scale():
    scales = AppraisalScales(relevance=["high", "moderate", "low", "none"])
    profile = appraisal_profile(cmoc(EVIDENCE), scales, "relevance")
    assert profile.counts == {"high": 1, "moderate": 2, "low": 1, "none": 0, "not_judged": 3}


def test_the_profile_refuses_a_level_off_the_scale_and_an_unknown_dimension():
    with pytest.raises(InputError) as raised:
        appraisal_profile(cmoc(EVIDENCE), AppraisalScales(rigour=["strong", "weak"]))
    assert str(raised.value).startswith("6 problems:\n  - configuration 'trust', excerpt 'q1': "
                                        "rigour 'high' is not on the rigour scale "
                                        "(use one of: strong, weak)\n")
    with pytest.raises(InputError, match=r"^dimension: 'rigor' is not an appraisal dimension "
                                         r"\(use one of: relevance, rigour, richness\)$"):
        appraisal_profile(cmoc(EVIDENCE), AppraisalScales(), "rigor")


def test_the_appraisal_table_has_one_row_per_configuration(theory: ProgrammeTheory):
    assert theory.appraisal_table() == [
        {"configuration": "trust", "theme": "Synthetic theme", "high": 1, "moderate": 3, "low": 2,
         "not_judged": 1},
        {"configuration": "empty", "theme": "Synthetic theme", "high": 0, "moderate": 0, "low": 0,
         "not_judged": 0},
        {"configuration": "weak", "theme": "Synthetic theme", "high": 0, "moderate": 0, "low": 1,
         "not_judged": 1},
    ]
    assert theory.appraisal_table("relevance")[2] == {
        "configuration": "weak", "theme": "Synthetic theme", "high": 1, "moderate": 0, "low": 0,
        "not_judged": 1}


def test_the_appraisal_table_by_stance_has_one_row_per_configuration_and_stance(
        theory: ProgrammeTheory):
    rows = theory.appraisal_table(by_stance=True)
    assert len(rows) == 9
    assert rows[:3] == [
        {"configuration": "trust", "theme": "Synthetic theme", "stance": "supports", "high": 1,
         "moderate": 1, "low": 2, "not_judged": 0},
        {"configuration": "trust", "theme": "Synthetic theme", "stance": "refutes", "high": 0,
         "moderate": 1, "low": 0, "not_judged": 0},
        {"configuration": "trust", "theme": "Synthetic theme", "stance": "refines", "high": 0,
         "moderate": 1, "low": 0, "not_judged": 1},
    ]


def test_support_counts_only_evidence_at_or_above_the_minimum(theory: ProgrammeTheory):
    everything = theory.support("trust")
    assert (everything.supports, everything.refutes, everything.refines) == (4, 1, 2)
    moderate = theory.support("trust", min_rigour="moderate")    # q1, q3, q6, q7
    assert (moderate.evidence, moderate.supports, moderate.refutes, moderate.refines) == (4, 2, 1, 1)
    assert (moderate.sources, moderate.kinds) == (3, 2)
    high = theory.support("trust", min_rigour="high")            # q1
    assert (high.evidence, high.supports, high.sources) == (1, 1, 1)
    low = theory.support("trust", min_rigour="low")              # all but q5, not judged
    assert (low.evidence, low.refines) == (6, 1)


def test_minimums_on_several_dimensions_all_apply(theory: ProgrammeTheory):
    relevant = theory.support("trust", min_relevance="moderate")  # q1, q2, q4
    assert (relevant.evidence, relevant.supports, relevant.sources) == (3, 3, 2)
    both = theory.support("trust", min_relevance="moderate", min_rigour="moderate")  # q1
    assert (both.evidence, both.supports, both.sources) == (1, 1, 1)
    rich = theory.support("trust", min_richness="low")           # nobody judged richness
    assert rich.evidence == 0


def test_the_tables_take_the_same_minimums(theory: ProgrammeTheory):
    rows = theory.strength_table(min_rigour="moderate")
    assert [(row["configuration"], row["evidence"], row["supports"]) for row in rows] == [
        ("trust", 4, 2), ("empty", 0, 0), ("weak", 0, 0)]
    assert [(s.configuration, s.evidence) for s in theory.support_table(min_rigour="low")] == [
        ("trust", 6), ("empty", 0), ("weak", 1)]
    assert [(row["wave"], row["evidence"]) for row in theory.wave_table(min_rigour="high")] == [
        (None, 1)]
    assert [row.evidence for row in theory.support_by_wave("trust", min_rigour="moderate")] == [4]
    assert theory.strength_table(min_rigour=None) == theory.strength_table()


def test_a_minimum_off_the_scale_is_refused_with_the_scales_levels(theory: ProgrammeTheory):
    with pytest.raises(InputError) as raised:
        theory.support("trust", min_rigour="very high")
    assert str(raised.value) == ("min_rigour: 'very high' is not a level of the rigour scale "
                                 "(use one of: high, moderate, low)")
    custom = AppraisalScales(rigour=["strong", "adequate", "weak"])
    with pytest.raises(InputError) as raised:
        evidence_filter(custom, min_rigour="moderate", min_relevance="top")
    assert str(raised.value) == (
        "2 problems:\n"
        "  - min_relevance: 'top' is not a level of the relevance scale "
        "(use one of: high, moderate, low)\n"
        "  - min_rigour: 'moderate' is not a level of the rigour scale "
        "(use one of: strong, adequate, weak)")
    assert isinstance(raised.value, ValueError)


def test_a_projects_own_scale_filters_by_its_own_levels():
    source = Source(id="s", kind="interview", title="Synthetic", appraisal={"rigour": "adequate"})
    collection = Collection(appraisal_scales={"rigour": ["strong", "adequate", "weak"]},
                            configurations=[cmoc([said(source, 1, "supports")])])
    theory = ProgrammeTheory(collection)
    assert theory.support("trust", min_rigour="adequate").supports == 1
    assert theory.support("trust", min_rigour="strong").supports == 0
    assert theory.appraisal_table()[0] == {"configuration": "trust", "theme": "Synthetic theme",
                                           "strong": 0, "adequate": 1, "weak": 0, "not_judged": 0}


def test_without_a_minimum_every_piece_of_evidence_counts():
    assert evidence_filter(AppraisalScales()) is None
    assert support_of(cmoc(EVIDENCE), keep=None) == support_of(cmoc(EVIDENCE))


def test_weighted_support_weighs_each_piece_by_its_level(theory: ProgrammeTheory):
    assert default_weights(AppraisalScales(rigour=["a", "b", "c", "d"])) == {
        "a": 1.0, "b": 0.5, "c": 0.25, "d": 0.125}
    weighted = theory.weighted_support("trust")
    # supports: q1 high 1 + q2 low 0.25 + q4 low 0.25 + q6 moderate 0.5; refines: q7 0.5, q5 0
    assert weighted.as_record() == {"configuration": "trust", "dimension": "rigour",
                                    "supports": 2.0, "refutes": 0.5, "refines": 0.5}
    assert theory.weighted_support("trust", unjudged=1.0).refines == 1.5
    assert theory.weighted_support("trust", weights={"low": 0}).supports == 1.5
    assert theory.weighted_support("trust", "relevance").supports == 0.5 + 0.5 + 1.0


def test_weights_off_the_scale_or_negative_are_refused():
    with pytest.raises(InputError) as raised:
        weighted_support(cmoc(EVIDENCE), AppraisalScales(), weights={"top": 2.0, "low": -1.0},
                         unjudged=-0.5)
    assert str(raised.value) == (
        "3 problems:\n"
        "  - weights['top']: is not a level of the rigour scale (use some of: high, moderate, low)\n"
        "  - weights['low']: weight -1.0 is negative (give 0 or more)\n"
        "  - unjudged: weight -0.5 is negative (give 0 or more)")


def test_a_table_warns_of_a_dimension_nobody_judged(theory: ProgrammeTheory):
    with pytest.warns(CmoWarning) as caught:
        rows = theory.strength_table(min_richness="low")
    assert [row["evidence"] for row in rows] == [0, 0, 0]
    assert [str(warning.message) for warning in caught] == [
        "no source or excerpt is judged on richness, so min_richness='low' leaves all evidence "
        "out (judge them under 'appraisal: {richness: ...}')"]
    with pytest.warns(CmoWarning, match=r"^no source or excerpt is judged on richness, so all "
                                        r"evidence is counted not_judged "):
        assert theory.appraisal_table("richness")[0]["not_judged"] == 7


def test_the_appraisal_table_takes_minimums_on_other_dimensions(theory: ProgrammeTheory):
    # the rigour of the evidence of moderate relevance or above: q1 (high), q2 and q4 (low)
    assert theory.appraisal_table(min_relevance="moderate")[0] == {
        "configuration": "trust", "theme": "Synthetic theme", "high": 1, "moderate": 0, "low": 2,
        "not_judged": 0}


@given(collections())
def test_profiles_filters_and_weights_agree_on_any_theory(collection: Collection):
    theory = ProgrammeTheory(collection)
    scales = collection.appraisal_scales
    for configuration in theory.configurations:
        stances = [item.stance for item in configuration.evidence]
        for dimension in APPRAISAL_DIMENSIONS:
            # the level of each piece is appraisal_of's judgement
            for item in configuration.evidence:
                merged = appraisal_of(item.excerpt)
                judged = getattr(merged, dimension) if merged is not None else None
                assert level_of(item.excerpt, dimension) == (judged and judged.level)
            levels = scales.levels(dimension)
            profile = appraisal_profile(configuration, scales, dimension)
            assert sum(profile.counts.values()) == len(configuration.evidence)
            assert {stance: sum(counts.values()) for stance, counts in profile.by_stance.items()} \
                == {stance: stances.count(stance) for stance in ("supports", "refutes", "refines")}
            minimum = {f"min_{dimension}": levels[-1]}
            assert theory.support(configuration.id, **minimum).evidence == profile.judged
            highest = {f"min_{dimension}": levels[0]}
            assert theory.support(configuration.id, **highest).evidence == profile.counts[levels[0]]
            flat = theory.weighted_support(configuration.id, dimension,
                                           weights=dict.fromkeys(levels, 1.0), unjudged=1.0)
            assert (flat.supports, flat.refutes, flat.refines) == (
                stances.count("supports"), stances.count("refutes"), stances.count("refines"))
