"""``cmo stats`` by appraisal: --min-rigour (--min-relevance, --min-richness) and --appraisal.

The built theory is synthetic (made up for the tests) and says so; the worked example's
judgements are the ones its file gives, from the two abstracts.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cmo.cli import cli

from ..conftest import EXAMPLE

SYNTHETIC = """\
title: Synthetic appraisal case
sources:
  - {id: trial, kind: publication, title: Synthetic trial, appraisal: {rigour: high, relevance: moderate}}
  - {id: survey, kind: document, title: Synthetic survey, appraisal: {rigour: moderate}}
  - {id: blog, kind: document, title: Synthetic blog, appraisal: {rigour: low, relevance: high}}
  - {id: note, kind: document, title: Synthetic note}
excerpts:
  - {id: q1, source: trial, text: Synthetic quote 1}
  - {id: q2, source: trial, text: Synthetic quote 2, appraisal: {rigour: low}}
  - {id: q3, source: survey, text: Synthetic quote 3}
  - {id: q4, source: blog, text: Synthetic quote 4}
  - {id: q5, source: note, text: Synthetic quote 5}
  - {id: q6, source: note, text: Synthetic quote 6, appraisal: {rigour: moderate}}
  - {id: q7, source: survey, text: Synthetic quote 7, appraisal: {relevance: low}}
configurations:
  - id: trust
    theme: Synthetic theme
    contexts: [{label: Trust}]
    mechanism: {reasoning: Feels heard}
    outcomes: [{label: Hope}]
    evidence:
      - {excerpt: q1, stance: supports}
      - {excerpt: q2, stance: supports}
      - {excerpt: q3, stance: refutes}
      - {excerpt: q4, stance: supports}
      - {excerpt: q5, stance: refines}
      - {excerpt: q6, stance: supports}
      - {excerpt: q7, stance: refines}
"""


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("stats") / "synthetic.yaml"
    path.write_text(SYNTHETIC, encoding="utf-8")
    return path


def stats(*arguments: str | Path) -> Result:
    """``cmo stats`` as one table, one line per row (no terminal width to fold to)."""
    return CliRunner().invoke(cli, ["stats", *map(str, arguments)], env={"COLUMNS": None})


def cells(output: str, configuration: str) -> list[list[str]]:
    """The cells of a configuration's rows: columns are two spaces or more apart."""
    rows = [re.split(r"\s{2,}", line.strip()) for line in output.splitlines()]
    return [row for row in rows if row[1:2] == [configuration]]


def test_min_rigour_counts_only_evidence_judged_that_high_or_higher(synthetic: Path):
    result = stats(synthetic, "--min-rigour", "moderate", "--columns", "evidence,supports,"
                   "refutes,refines,sources")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:2] == [
        "Synthetic appraisal case", "Counting only evidence judged at least moderate on rigour"]
    assert cells(result.stdout, "trust") == [["1", "trust", "4", "2", "1", "1", "3"]]
    assert result.stderr == ""


def test_minimums_on_two_dimensions_both_apply(synthetic: Path):
    result = stats(synthetic, "--min-rigour", "moderate", "--min-relevance", "moderate",
                   "--columns", "evidence,supports")
    assert result.exit_code == 0, result.output
    assert "Counting only evidence judged at least moderate on relevance and at least moderate " \
           "on rigour" in result.stdout
    assert cells(result.stdout, "trust") == [["1", "trust", "1", "1"]]


def test_by_wave_takes_the_minimum_too(synthetic: Path):
    result = stats(synthetic, "--by-wave", "--min-rigour", "high", "--columns", "evidence")
    assert result.exit_code == 0, result.output
    assert cells(result.stdout, "trust") == [["1", "trust", "(no wave)", "1"]]


def test_appraisal_prints_the_evidence_at_each_level(synthetic: Path):
    result = stats(synthetic, "--appraisal", "rigour")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1] == \
        "Evidence by rigour: pieces at each level, highest first"
    # high, moderate, low, not judged
    assert cells(result.stdout, "trust") == [["1", "trust", "Synthetic theme", "1", "3", "2", "1"]]


def test_appraisal_by_stance_has_a_row_per_stance(synthetic: Path):
    result = stats(synthetic, "--appraisal", "rigour", "--by-stance")
    assert result.exit_code == 0, result.output
    assert cells(result.stdout, "trust") == [
        ["1", "trust", "Synthetic theme", "supports", "1", "1", "2", "0"],
        ["1", "trust", "Synthetic theme", "refutes", "0", "1", "0", "0"],
        ["1", "trust", "Synthetic theme", "refines", "0", "1", "0", "1"]]


def test_appraisal_of_a_dimension_nobody_judged_warns(synthetic: Path):
    result = stats(synthetic, "--appraisal", "richness")
    assert result.exit_code == 0, result.output
    assert cells(result.stdout, "trust") == [["1", "trust", "Synthetic theme", "0", "0", "0", "7"]]
    assert result.stderr == (
        "warning: no source or excerpt is judged on richness, so all evidence is counted "
        "not_judged (judge them under 'appraisal: {richness: ...}')\n")


def test_a_minimum_on_a_dimension_nobody_judged_warns(synthetic: Path):
    result = stats(synthetic, "--min-richness", "low", "--columns", "evidence")
    assert result.exit_code == 0, result.output
    assert cells(result.stdout, "trust") == [["1", "trust", "0"]]
    assert result.stderr == (
        "warning: no source or excerpt is judged on richness, so min_richness='low' leaves all "
        "evidence out (judge them under 'appraisal: {richness: ...}')\n")


def test_a_level_off_the_scale_is_one_message_listing_the_levels(synthetic: Path):
    result = stats(synthetic, "--min-rigour", "very high")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == ("Error: --min-rigour: 'very high' is not a level of the rigour "
                             "scale (use one of: high, moderate, low)\n")
    both = stats(synthetic, "--min-rigour", "top", "--min-relevance", "x")
    assert both.exit_code == 1
    assert both.stderr == (
        "Error: 2 problems:\n"
        "  - --min-relevance: 'x' is not a level of the relevance scale (use one of: high, "
        "moderate, low)\n"
        "  - --min-rigour: 'top' is not a level of the rigour scale (use one of: high, moderate, "
        "low)\n")


def test_a_projects_own_scale_gives_the_columns_and_the_levels(tmp_path: Path):
    path = tmp_path / "own.yaml"
    path.write_text("appraisal_scales: {rigour: [strong, adequate, weak]}\n"
                    + SYNTHETIC.replace("rigour: high", "rigour: strong")
                    .replace("rigour: moderate", "rigour: adequate")
                    .replace("rigour: low", "rigour: weak"), encoding="utf-8")
    result = stats(path, "--appraisal", "rigour", "--columns", "strong,weak,not_judged")
    assert result.exit_code == 0, result.output
    assert cells(result.stdout, "trust") == [["1", "trust", "1", "2", "1"]]
    refused = stats(path, "--min-rigour", "moderate")
    assert refused.exit_code == 1
    assert refused.stderr == ("Error: --min-rigour: 'moderate' is not a level of the rigour "
                              "scale (use one of: strong, adequate, weak)\n")


def test_options_that_do_not_go_together_are_refused(synthetic: Path):
    alone = stats(synthetic, "--by-stance")
    assert (alone.exit_code, alone.stderr) == (
        1, "Error: --by-stance goes with --appraisal DIMENSION (e.g. --appraisal rigour "
           "--by-stance)\n")
    both = stats(synthetic, "--by-wave", "--appraisal", "rigour")
    assert (both.exit_code, both.stderr) == (
        1, "Error: --by-wave and --appraisal cannot be combined (use one)\n")
    unknown = stats(synthetic, "--appraisal", "rigor")
    assert unknown.exit_code == 2
    assert "'rigor' is not one of 'relevance', 'rigour', 'richness'" in unknown.stderr


def test_the_worked_example_by_rigour():
    result = stats(EXAMPLE, "--appraisal", "rigour", "--columns", "high,moderate,low,not_judged")
    assert result.exit_code == 0, result.output
    rows = {row[1]: row[2:] for row in (cells(result.stdout, c)[0] for c in (
        "referral-buy-in", "solution-focused-linking", "motivational-training",
        "workload-threat"))}
    assert rows == {"referral-buy-in": ["2", "0", "0", "0"],
                    "solution-focused-linking": ["0", "3", "0", "0"],
                    "motivational-training": ["0", "0", "1", "0"],
                    "workload-threat": ["0", "1", "1", "0"]}
    moderate = stats(EXAMPLE, "--min-rigour", "moderate", "--columns", "evidence")
    assert [cells(moderate.stdout, c)[0][2] for c in (
        "referral-buy-in", "motivational-training", "workload-threat")] == ["2", "0", "1"]
