"""A diff lists changed appraisals and retroduction logs; neither makes a configuration
refined. All data synthetic."""

from __future__ import annotations

from hypothesis import given

from cmo import Collection, Configuration, Evidence, Excerpt, Source
from cmo.report.refinement_log import refinement_log_text
from cmo.theory.diff import diff

from ..strategies import collections


def paper(rigour: str, why: str | None = None) -> Source:
    return Source(id="paper", kind="publication",
                  appraisal={"rigour": {"level": rigour, "justification": why}})


def version(label: str, rigour: str, relevance: str | None, log: dict | None,
            why: str | None = None) -> Collection:
    quote = Excerpt(id="q1", source=paper(rigour, why), text="Synthetic quote",
                    appraisal={"relevance": relevance} if relevance else None)
    return Collection(version=label, configurations=[Configuration(
        id="hope", contexts=[{"label": "Trust"}], outcomes=[{"label": "Hope"}],
        evidence=[Evidence(excerpt=quote, stance="supports")], retroduction=log)])


STEP = {"move": "abductive", "inference": "Hope read as trust's outcome", "excerpts": ["q1"]}
ALTERNATIVE = {"mechanism": "Hope from the referral", "set_aside_because": "Not in the data"}


def test_changed_appraisals_are_listed_for_the_theory_and_each_configuration():
    old = version("IPT", "moderate", None, None)
    new = version("v2", "high", "low", None)
    difference = diff(old, new)
    assert [str(change) for change in difference.appraisals] == [
        "source 'paper', rigour: moderate -> high",
        "excerpt 'q1', relevance: (not judged) -> low"]
    [revision] = difference.revisions
    assert (revision.kind, [str(change) for change in revision.changes]) == (
        "retained", ["appraisal: - source paper: rigour moderate; + source paper: rigour high; "
                     "+ excerpt q1: relevance low"])
    assert not revision.unchanged
    assert difference.records()[0]["fields changed"] == "appraisal"


def test_a_changed_justification_is_a_change_of_the_same_level():
    old = version("IPT", "high", None, None)
    new = version("v2", "high", None, None, why="Methods reported in full")
    assert [str(c) for c in diff(old, new).appraisals] == [
        "source 'paper', rigour: high (justification or judge changed)"]
    assert diff(old, new).revisions[0].changes == ()  # the same level: nothing to list there


def test_a_changed_retroduction_log_is_listed_and_leaves_the_configuration_retained():
    old = version("IPT", "high", None, {"steps": [STEP]})
    new = version("v2", "high", None, {"steps": [STEP, {"move": "retroductive",
                                                        "inference": "Trust must come first",
                                                        "theories": ["Trust"]}],
                                       "alternatives": [ALTERNATIVE]})
    [revision] = diff(old, new).revisions
    assert revision.kind == "retained"
    assert [str(change) for change in revision.changes] == [
        "retroduction: + retroductive step: Trust must come first [Trust]; "
        "+ alternative set aside: Hope from the referral, because Not in the data"]
    assert "  retroduction: + retroductive step: Trust must come first [Trust]; " in \
        refinement_log_text(diff(old, new))
    [revision] = diff(new, old).revisions
    assert revision.changes[0].removed == (
        "retroductive step: Trust must come first [Trust]",
        "alternative set aside: Hope from the referral, because Not in the data")


def test_a_log_only_given_a_judge_lists_no_change():
    old = version("IPT", "high", None, {"steps": [STEP]})
    new = version("v2", "high", None, {"steps": [{**STEP, "judged_by": "Ana"}]})
    assert diff(old, new).revisions[0].changes == ()


@given(collections())
def test_a_version_compared_with_itself_has_no_judgement_changes(collection: Collection):
    difference = diff(collection, collection)
    assert difference.appraisals == ()
    assert all(revision.unchanged for revision in difference.revisions)
