"""Redaction of appraisals and retroduction logs: participants renamed in the analysts'
words, judges left out as coders are, logs citing the renamed excerpts. All data synthetic."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given

import cmo.io
from cmo import Collection, Configuration, Evidence, Excerpt, Source
from cmo.models import AppraisalScales
from cmo.sharing.privacy import WITHHELD
from cmo.sharing.pseudonyms import pseudonyms
from cmo.sharing.redaction import DROPPABLE, Redaction

from ..strategies import collections
from .test_redaction import outputs_text

KEY = b"synthetic test key, 32 bytes ok!"
NAMES = pseudonyms(["P07"], key=KEY)


def judged_study() -> Collection:
    """One interview of P07, judged and cited by a configuration's retroduction log."""
    interview = Source(id="p07-interview-1", kind="interview", participant="P07",
                       appraisal={"rigour": {"level": "strong", "judged_by": "AQX (synthetic)",
                                             "justification": "P07 spoke at length"}})
    quote = Excerpt(id="p07-q1", source=interview, text="SECRET-QUOTE (synthetic)",
                    appraisal={"relevance": {"level": "high", "judged_by": "BQX (synthetic)",
                                             "justification": "P07 names the link worker"}})
    hope = Configuration(
        id="hope", contexts=[{"label": "Trust"}], outcomes=[{"label": "Hope"}],
        evidence=[Evidence(excerpt=quote, stance="supports")],
        retroduction={
            "steps": [{"move": "retroductive", "inference": "P07 trusts before hoping",
                       "excerpts": ["p07-q1"], "judged_by": "AQX (synthetic)",
                       "theories": ["Trust"]}],
            "alternatives": [{"mechanism": "P07 hoped from the start",
                              "set_aside_because": "P07 says hope came later",
                              "excerpts": ["p07-q1"]}]})
    return Collection(configurations=[hope],
                      appraisal_scales=AppraisalScales(rigour=("strong", "weak")))


def test_participants_are_renamed_in_justifications_and_the_log_and_judges_left_out():
    shared = Redaction(key=KEY).redact(judged_study())
    p07 = NAMES["P07"]
    [source], [excerpt] = shared.sources, shared.excerpts
    assert (source.appraisal.rigour.level, source.appraisal.rigour.justification,
            source.appraisal.rigour.judged_by) == ("strong", f"{p07} spoke at length", None)
    assert (excerpt.appraisal.relevance.justification, excerpt.appraisal.relevance.judged_by
            ) == (f"{p07} names the link worker", None)
    log = shared.configuration("hope").retroduction
    assert (log.steps[0].inference, log.steps[0].judged_by, log.steps[0].theories) == (
        f"{p07} trusts before hoping", None, ("Trust",))
    assert (log.alternatives[0].mechanism, log.alternatives[0].set_aside_because) == (
        f"{p07} hoped from the start", f"{p07} says hope came later")
    assert log.cited_excerpts() == (excerpt.id,) == (f"{p07}-q1",)
    assert shared.appraisal_scales.rigour == ("strong", "weak")


def test_withholding_quotes_leaves_the_analysts_words():
    shared = Redaction(key=KEY, pseudonyms=False).redact(judged_study())
    assert shared.excerpts[0].text == WITHHELD
    assert shared.excerpts[0].appraisal.relevance.justification == "P07 names the link worker"
    assert shared.configuration("hope").retroduction.steps[0].inference == \
        "P07 trusts before hoping"


def test_justifications_appraisals_and_logs_can_be_dropped():
    assert {"source.appraisal", "excerpt.appraisal", "judgement.justification",
            "configuration.retroduction", "inference_step.excerpts"} <= set(DROPPABLE)
    study = judged_study()
    shared = Redaction(key=KEY, drop=["judgement.justification"]).redact(study)
    assert (shared.sources[0].appraisal.rigour.model_dump(),
            shared.excerpts[0].appraisal.relevance.model_dump()) == (
        {"level": "strong", "justification": None, "judged_by": None},
        {"level": "high", "justification": None, "judged_by": None})
    shared = Redaction(key=KEY, drop=["source.appraisal", "configuration.retroduction"]
                       ).redact(study)
    assert (shared.sources[0].appraisal, shared.configuration("hope").retroduction) == (
        None, None)
    assert shared.excerpts[0].appraisal.relevance.level == "high"


@given(collections())
def test_redaction_keeps_every_judgement_and_step(collection: Collection) -> None:
    shared = Redaction(key=KEY).redact(collection)

    def levels(values: tuple) -> list:
        return sorted([(d, j.level) for v in values if v.appraisal
                       for d, j in v.appraisal.judgements()])

    assert levels(shared.sources) == levels(collection.sources)
    assert levels(shared.excerpts) == levels(collection.excerpts)
    for before, after in zip(collection.configurations, shared.configurations, strict=True):
        if before.retroduction is None:
            assert after.retroduction is None
            continue
        assert [(s.move, len(s.excerpts), s.judged_by) for s in after.retroduction.steps] == [
            (s.move, len(s.excerpts), None) for s in before.retroduction.steps]
        assert len(after.retroduction.alternatives) == len(before.retroduction.alternatives)
    assert shared.appraisal_scales == collection.appraisal_scales


# The formats that carry appraisals and retroduction logs in their own fields.
CARRY_JUDGEMENTS = ("YAML", "JSON", "Turtle", "REFI-QDA project")


@pytest.mark.filterwarnings("ignore::cmo.exceptions.CmoWarning")
@pytest.mark.parametrize("name", CARRY_JUDGEMENTS)
def test_no_participant_or_judge_reaches_a_file_through_the_judgements(name: str,
                                                                      tmp_path: Path) -> None:
    chosen = next(f for f in cmo.io.FORMATS if f.name == name)
    unredacted = cmo.io.save(judged_study(), tmp_path / f"raw{chosen.extensions[0]}")
    raw = outputs_text(unredacted.parent)
    assert "p07 spoke at length" in raw and "aqx" in raw  # the search finds them
    unredacted.unlink()
    cmo.io.save(Redaction(key=KEY).redact(judged_study()),
                tmp_path / f"shared{chosen.extensions[0]}")
    text = outputs_text(tmp_path)
    assert [marker for marker in ("p07", "aqx", "bqx", "secret-quote") if marker in text] == []
    assert f"{NAMES['P07']} spoke at length".casefold() in text
