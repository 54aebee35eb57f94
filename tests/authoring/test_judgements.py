"""Appraisals and retroduction logs in the authoring format: read, written, and each
mistake named by its line, id and field, with the fix. Every text here is synthetic."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

import cmo.io
from cmo.authoring.writing import collection_to_data
from cmo.models import AppraisalScales, Collection

from ..test_messages import problems

SOURCES = """\
sources:
  - id: tierney
    kind: publication
    appraisal:
{appraisal}
excerpts:
  - id: tierney-hope
    source: tierney
    text: "Synthetic passage."
"""

RETRODUCTION = """\
sources:
  - {{id: p01, kind: interview}}
excerpts:
  - {{id: p01-trust, source: p01, text: "Synthetic: she listened to me."}}
configurations:
  - id: hope
    contexts: [Patient trusts the link worker]
    outcomes: [Patient joins a community group]
    retroduction:
{retroduction}
"""

GOOD = """\
appraisal_scales:
  rigour: [strong, adequate, weak]
sources:
  - id: tierney
    kind: publication
    appraisal:
      relevance: high
      rigour:
        level: adequate
        justification: Synthetic justification.
        judged_by: AT
excerpts:
  - id: tierney-hope
    source: tierney
    text: "Synthetic passage."
    appraisal: {relevance: moderate}
configurations:
  - id: hope
    contexts: [Patient trusts the link worker]
    outcomes: [Patient joins a community group]
    theories: [Trust]
    retroduction:
      steps:
        - move: abductive
          inference: Synthetic inference from the passage.
          excerpts: [tierney-hope]
          theories: [Social capital]
      alternatives:
        - mechanism: Synthetic alternative.
          set_aside_because: Synthetic reason.
"""


def read(text: str, tmp_path: Path, name: str = "theory.yaml") -> Collection:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return cmo.io.read(path)


def test_appraisals_and_a_retroduction_log_are_read(tmp_path: Path) -> None:
    collection = read(GOOD, tmp_path)
    assert collection.appraisal_scales == AppraisalScales(rigour=("strong", "adequate", "weak"))
    source, = collection.sources
    assert (source.appraisal.relevance.level, source.appraisal.rigour.level,
            source.appraisal.rigour.judged_by) == ("high", "adequate", "AT")
    excerpt, = collection.excerpts
    assert excerpt.appraisal.relevance.level == "moderate"
    log = collection.configurations[0].retroduction
    assert [step.move for step in log.steps] == ["abductive"]
    assert log.cited_excerpts() == ("tierney-hope",)
    assert [alternative.set_aside_because for alternative in log.alternatives] == [
        "Synthetic reason."]
    assert [theory.name for theory in collection.theories] == ["Trust", "Social capital"]


def test_the_quick_road_reads_what_the_careful_one_does(tmp_path: Path) -> None:
    from cmo._helpers.yaml_text import parse_yaml
    from cmo.authoring.quick import collection_from_data
    from cmo.authoring.reading import data_to_collection

    collection = read(GOOD, tmp_path)
    cmo.io.save(collection, tmp_path / "written.yaml")
    text = (tmp_path / "written.yaml").read_bytes()
    assert collection_from_data(parse_yaml(text).data) == data_to_collection(
        parse_yaml(text)) == collection


def test_a_judgement_is_written_as_its_level_when_nothing_more_is_said(tmp_path: Path) -> None:
    data = collection_to_data(read(GOOD, tmp_path))
    assert list(data)[:2] == ["appraisal_scales", "theories"]
    assert data["appraisal_scales"] == {"rigour": ["strong", "adequate", "weak"]}
    assert data["sources"][0]["appraisal"] == {
        "relevance": "high",
        "rigour": {"level": "adequate", "justification": "Synthetic justification.",
                   "judged_by": "AT"}}
    assert data["excerpts"][0]["appraisal"] == {"relevance": "moderate"}


def test_the_default_scales_are_not_written(tmp_path: Path) -> None:
    text = SOURCES.format(appraisal="      rigour: low")
    data = collection_to_data(read(text, tmp_path))
    assert "appraisal_scales" not in data
    assert data["sources"] == [{"id": "tierney", "kind": "publication",
                                "appraisal": {"rigour": "low"}}]
    assert yaml.safe_load((cmo.io.save(read(text, tmp_path), tmp_path / "out.yaml"))
                          .read_text("utf-8"))["sources"] == data["sources"]


@pytest.mark.parametrize(("written", "problem"), [
    ("      relevance: hgh",
     "line 5, source 'tierney', field 'appraisal', field 'relevance': 'hgh' is not a level "
     "of the relevance scale (high, moderate, low) (did you mean 'high'?)"),
    ("      rigour: {level: excellent, judged_by: AT}",
     "line 5, source 'tierney', field 'appraisal', field 'rigour', field 'level': "
     "'excellent' is not a level of the rigour scale (high, moderate, low) (use one of its "
     "levels, or declare the project's own under 'appraisal_scales')"),
    ("      rigor: moderate",
     "line 5, source 'tierney', field 'appraisal', field 'rigor': unknown field 'rigor' "
     "(did you mean 'rigour'?)"),
    ("",
     "line 4, source 'tierney', field 'appraisal': the appraisal is empty (judge its "
     "relevance, rigour or richness below it, or remove the line 'appraisal:' if it is not "
     "judged yet)"),
    ("      {}",
     "line 4, source 'tierney', field 'appraisal': the appraisal is empty (judge its "
     "relevance, rigour or richness below it, or remove the line 'appraisal:' if it is not "
     "judged yet)"),
])
def test_a_mistake_in_an_appraisal_is_named(written: str, problem: str,
                                            tmp_path: Path) -> None:
    text = SOURCES.format(appraisal=written).replace("appraisal:\n\n", "appraisal:\n")
    assert problems(text, tmp_path) == [problem]
    # The same mistake in JSON is one problem too (JSON has no 'appraisal:' with nothing).
    assert len(problems(json.dumps(yaml.safe_load(text)), tmp_path, "theory.json")) == 1


def test_an_excerpt_is_checked_against_the_declared_scale(tmp_path: Path) -> None:
    text = ("appraisal_scales:\n  richness: [thick, thin]\n"
            + SOURCES.format(appraisal="      richness: thick")
            + "    appraisal:\n      richness: thik\n")
    assert problems(text, tmp_path) == [
        "line 13, excerpt 'tierney-hope', field 'appraisal', field 'richness': 'thik' is not "
        "a level of the richness scale (thick, thin) (did you mean 'thick'?)"]


def test_a_scale_naming_a_level_twice(tmp_path: Path) -> None:
    text = ("appraisal_scales:\n  rigour: [strong, adequate, strong]\n"
            + SOURCES.format(appraisal="      rigour: strong"))
    assert problems(text, tmp_path) == [
        "line 2, field 'appraisal_scales', level 3: the rigour scale names the level 'strong' "
        "twice (name each level once, highest first)"]


def test_an_unknown_dimension_of_the_scales(tmp_path: Path) -> None:
    text = "appraisal_scales:\n  rigor: [strong, weak]\n" + SOURCES.format(
        appraisal="      rigour: strong")
    assert problems(text, tmp_path) == [
        "line 2, field 'appraisal_scales', field 'rigor': unknown field 'rigor' (did you "
        "mean 'rigour'?)"]


STEP = """\
      steps:
        - move: {move}
          inference: Synthetic inference.
          excerpts: [{excerpt}]
"""


@pytest.mark.parametrize(("written", "problem"), [
    (STEP.format(move="retroductive", excerpt="p01-trsut"),
     "line 13, configuration 'hope', field 'retroduction', step 1, excerpt 1: no excerpt has "
     "the id 'p01-trsut' (did you mean 'p01-trust'?)"),
    ("      alternatives:\n"
     "        - mechanism: Synthetic alternative.\n"
     "          set_aside_because: Synthetic reason.\n"
     "          excerpts: [p01-trust, p02]\n",
     "line 13, configuration 'hope', field 'retroduction', alternative mechanism 1, "
     "excerpt 2: no excerpt has the id 'p02' (declare it under 'excerpts')"),
    (STEP.format(move="abductve", excerpt="p01-trust"),
     "line 11, configuration 'hope', field 'retroduction', step 1, field 'move': 'abductve' "
     "is not allowed (use one of: 'abductive', 'retroductive', 'inductive' or 'deductive')"),
    (STEP.format(move="abductive", excerpt="p01-trust").replace("inference", "inferrence"),
     "line 12, configuration 'hope', field 'retroduction', step 1, field 'inferrence': "
     "unknown field 'inferrence' (did you mean 'inference'?)"),
])
def test_a_mistake_in_a_retroduction_log_is_named(written: str, problem: str,
                                                  tmp_path: Path) -> None:
    assert problems(RETRODUCTION.format(retroduction=written), tmp_path) == [problem]


def test_every_problem_of_a_file_is_named_in_one_run(tmp_path: Path) -> None:
    text = (GOOD.replace("relevance: high", "relevance: hgh")
            .replace("excerpts: [tierney-hope]", "excerpts: [tierney-hpe]")
            .replace("contexts: [", "contxts: ["))
    assert problems(text, tmp_path) == [
        "line 7, source 'tierney', field 'appraisal', field 'relevance': 'hgh' is not a level "
        "of the relevance scale (high, moderate, low) (did you mean 'high'?)",
        "line 19, configuration 'hope', field 'contxts': unknown field 'contxts' (did you "
        "mean 'contexts'?)",
        "line 26, configuration 'hope', field 'retroduction', step 1, excerpt 1: no excerpt "
        "has the id 'tierney-hpe' (did you mean 'tierney-hope'?)"]


def test_a_step_with_a_wrong_move_still_has_its_excerpts_checked(tmp_path: Path) -> None:
    written = STEP.format(move="guess", excerpt="p01-trsut")
    assert problems(RETRODUCTION.format(retroduction=written), tmp_path) == [
        "line 11, configuration 'hope', field 'retroduction', step 1, field 'move': 'guess' "
        "is not allowed (use one of: 'abductive', 'retroductive', 'inductive' or "
        "'deductive')",
        "line 13, configuration 'hope', field 'retroduction', step 1, excerpt 1: no excerpt "
        "has the id 'p01-trsut' (did you mean 'p01-trust'?)"]


def test_cmo_validate_exits_1_with_the_one_message(tmp_path: Path) -> None:
    from ..test_bad_input import run_cmo

    path = tmp_path / "theory.yaml"
    path.write_text(SOURCES.format(appraisal="      relevance: hgh"), encoding="utf-8")
    result = run_cmo("validate", path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (f"{path}: line 5, source 'tierney', field 'appraisal', field 'relevance': 'hgh' "
            "is not a level of the relevance scale (high, moderate, low) (did you mean "
            "'high'?)") in result.stderr
