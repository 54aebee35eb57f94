"""Appraisal scales and retroduction logs carried wherever a collection is remade: the strict
and the reporting merge, and a theory's part (``filtered``). All data synthetic."""

from __future__ import annotations

import pytest

from cmo import Collection, Configuration, Evidence, Excerpt, Source
from cmo.exceptions import InputError
from cmo.models import AppraisalScales
from cmo.report.merge_report import merge_report_text
from cmo.theory.graph import ProgrammeTheory
from cmo.theory.merge import merge
from cmo.theory.merge_strict import merge_strict

OWN = AppraisalScales(rigour=("strong", "adequate", "weak"))


def paper(rigour: str = "high") -> Source:
    return Source(id="paper", kind="publication", appraisal={"rigour": rigour})


def quote(number: int, source: Source | None = None) -> Excerpt:
    return Excerpt(id=f"q{number}", source=source or paper(),
                   text=f"Synthetic quote {number}")


def logged(cid: str, excerpt: Excerpt, cited: tuple[str, ...], **fields) -> Configuration:
    """A configuration citing ``excerpt`` as evidence whose log cites ``cited``."""
    return Configuration(
        id=cid, contexts=[{"label": "Trust"}], outcomes=[{"label": "Hope"}],
        evidence=[Evidence(excerpt=excerpt, stance="supports")],
        retroduction={"steps": [{"move": "abductive", "inference": "Synthetic inference",
                                 "excerpts": cited, "theories": ["Trust"]}],
                      "alternatives": [{"mechanism": "Synthetic alternative",
                                        "set_aside_because": "Synthetic reason",
                                        "excerpts": cited}]}, **fields)


def test_the_strict_merge_refuses_files_declaring_different_scales():
    ours = Collection(sources=[paper("strong")], appraisal_scales=OWN)
    default = Collection(sources=[Source(id="other", kind="publication",
                                         appraisal={"rigour": "high"})])
    with pytest.raises(InputError) as caught:
        merge_strict(ours, default, names=("ipt.yaml", "papers.yaml"))
    assert str(caught.value) == (
        "appraisal scales (rigour): ipt.yaml and papers.yaml declare different levels "
        "(rigour: strong, adequate, weak / rigour: high, moderate, low) "
        "(declare the same 'appraisal_scales' in every file that judges sources or excerpts)")


def test_the_strict_merge_keeps_the_scales_of_the_file_that_declares_them():
    unjudged = Collection(sources=[Source(id="other", kind="interview")])
    ours = Collection(sources=[paper("strong")], appraisal_scales=OWN)
    assert merge_strict(unjudged, ours).appraisal_scales == OWN
    assert merge_strict(ours, unjudged).appraisal_scales == OWN
    assert merge_strict(ours, ours.model_copy()).appraisal_scales == OWN


def test_the_merge_reports_different_scales_and_keeps_every_judgement_on_a_scale():
    ann = Collection(sources=[Source(id="a", kind="publication", appraisal={"rigour": "low"})])
    bob = Collection(sources=[Source(id="b", kind="publication",
                                     appraisal={"rigour": "adequate"})], appraisal_scales=OWN)
    result = merge(ann, bob, names=("ann.yaml", "bob.yaml"))
    assert result.collection.appraisal_scales.rigour == (
        "high", "moderate", "low", "strong", "adequate", "weak")
    assert result.collection.appraisal_scales.relevance == ("high", "moderate", "low")
    [conflict] = result.conflicts
    assert (conflict.kind, conflict.what, conflict.fields) == (
        "different appraisal scales", "appraisal scales", ("rigour",))
    assert merge_report_text(result).splitlines()[2:5] == [
        "conflict    appraisal scales differ (the first input's levels kept, the others' "
        "added below them)",
        "              ann.yaml 'appraisal_scales': rigour: high, moderate, low",
        "              bob.yaml 'appraisal_scales': rigour: strong, adequate, weak"]
    Collection.model_validate(result.collection.model_dump())  # valid as it is


def test_a_coder_who_judges_nothing_does_not_disagree_on_scales():
    ours = Collection(sources=[paper("strong")], appraisal_scales=OWN)
    result = merge(Collection(sources=[Source(id="x", kind="interview")]), ours)
    assert (result.collection.appraisal_scales, result.conflicts) == (OWN, ())


def test_a_retroduction_log_follows_its_excerpts_renaming():
    ann = Collection(configurations=[logged("hope", quote(1), ("q1",))])
    # Bob's q1 is another passage: it becomes q1.2, and his log cites q1.2.
    bobs = quote(1, Source(id="paper", kind="publication", appraisal={"rigour": "high"}))
    bobs = bobs.model_copy(update={"text": "Another synthetic quote"})
    bob = Collection(configurations=[logged("hope-b", bobs, ("q1",))])
    result = merge(ann, bob, names=("ann.yaml", "bob.yaml"))
    assert [(r.what, r.old, r.new) for r in result.renamings] == [("excerpt", "q1", "q1.2")]
    merged = Collection.model_validate(result.collection.model_dump())
    assert {c.id: c.retroduction.cited_excerpts() for c in merged.configurations} == {
        "hope": ("q1",), "hope-b": ("q1.2",)}
    assert merged.configuration("hope-b").retroduction.alternatives[0].excerpts == ("q1.2",)


def test_configurations_whose_logs_differ_are_both_kept():
    ann = Collection(configurations=[logged("hope", quote(1), ("q1",))])
    bob = Collection(configurations=[logged("hope", quote(1), ())])
    result = merge(ann, bob)
    assert [c.id for c in result.collection.configurations] == ["hope", "hope.2"]
    assert result.conflicts[0].fields == ("retroduction",)


def test_a_part_of_the_theory_keeps_its_scales_and_the_excerpts_its_logs_cite():
    extra = quote(2, paper("strong"))
    theory = ProgrammeTheory(Collection(
        appraisal_scales=OWN, excerpts=[extra],
        configurations=[logged("hope", quote(1, paper("strong")), ("q2",), theme="Trust"),
                        Configuration(id="other", contexts=[{"label": "Time"}],
                                      outcomes=[{"label": "Rest"}], theme="Time")]))
    part = theory.filtered(themes=["Trust"]).collection
    assert part.appraisal_scales == OWN
    assert sorted(e.id for e in part.excerpts) == ["q1", "q2"]
    assert theory.filtered(themes=["Time"]).collection.excerpts == ()
