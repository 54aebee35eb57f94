"""``cmo matrix``: the framework matrix printed, or written as SVG, HTML, Markdown, CSV, XLSX."""

from __future__ import annotations

import os
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from cmo.cli.matrix import matrix_command
from cmo.io import save
from cmo.report.matrix_files import MATRIX_FORMATS

from ..conftest import EXAMPLE
from ..theory.test_matrix import built_case


def _run(*arguments: str | Path) -> object:
    """``cmo matrix`` with these arguments (the command itself: no other command sees it)."""
    environment = {name: value for name, value in os.environ.items() if name != "COLUMNS"}
    return CliRunner(env=environment).invoke(matrix_command, list(map(str, arguments)))


@pytest.fixture
def case(tmp_path: Path) -> Path:
    return save(built_case(), tmp_path / "case.yaml")


def test_the_worked_example_by_source_prints_a_table_per_theme():
    result = _run(EXAMPLE, "--by", "source")
    assert result.exit_code == 0, result.output
    lines = [line.strip() for line in result.output.splitlines() if line.strip()]
    assert lines[:4] == [
        "Social prescribing link workers (worked example): evidence by source and "
        "configuration",
        "Each cell: +supports -refutes ~refines (evidence by stance); empty: none.",
        "Buy-in to social prescribing",
        "number  configuration    griffiths2023  tierney2024"]
    assert lines[5].split() == ["CMOC", "1", "referral-buy-in", "+1", "~1"]
    assert [line.split()[-1] for line in lines if line.startswith("CMOC")] == [
        "~1", "+1", "+2", "+1", "+2", "+2", "+1", "+1", "+3", "+1", "+2"]
    assert [line for line in lines if not line.startswith(("CMOC", "number", "─"))][2:] == [
        "Buy-in to social prescribing", "Trust and hope", "Connecting to external support",
        "Link worker practice"]


def test_some_sources_without_the_field_make_a_row_and_a_warning(case: Path):
    result = _run(case)  # --by participant is the default
    assert result.exit_code == 0, result.output
    assert result.stderr == ("warning: 1 of 4 sources gives no participant: their evidence is "
                             "counted under '(not given)'\n")
    lines = [line.strip() for line in result.stdout.splitlines()]
    assert lines[3:7] == ["", "number  configuration     P1  P2  (not given)", "─" * 45,
                          "CMOC 1  c-trust        +1 -1  +1"]
    assert "CMOC 2  c-hope         +1  +1           ~1" in lines


def test_a_field_nobody_filled_is_one_message_and_status_1():
    result = _run(EXAMPLE, "--by", "site")
    assert result.exit_code == 1
    assert result.stderr == ("Error: no source gives its site (fill 'site' in sources, or "
                             "count by source instead)\n")


def test_an_unknown_choice_is_a_usage_error_listing_the_choices():
    result = _run(EXAMPLE, "--by", "sites")
    assert result.exit_code == 2
    assert ("Invalid value for '--by': 'sites' is not one of 'participant', 'role', 'site', "
            "'wave', 'source', 'kind'.") in result.stderr


def test_an_output_of_no_known_form_is_refused_before_reading(tmp_path: Path):
    result = _run(EXAMPLE, "-o", tmp_path / "m.pdf")
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {tmp_path / 'm.pdf'}: cannot write a matrix as '.pdf' "
                             "(use one of: .csv, .html, .md, .svg, .xlsx)\n")


@pytest.mark.parametrize("suffix", sorted(MATRIX_FORMATS))
def test_every_form_is_written(case: Path, tmp_path: Path, suffix: str):
    output = tmp_path / f"m{suffix}"
    result = _run(case, "--by", "wave", "-o", output)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {output}\n"
    if suffix == ".xlsx":
        sheet = openpyxl.load_workbook(output).active
        assert [cell.value for cell in sheet["A"]][3:] == [
            "1", "1", "1", "2", "2", "2", "10", "10", "10", "baseline", "baseline", "baseline"]
        return
    text = output.read_text(encoding="utf-8-sig")
    first = {".svg": "<svg xmlns", ".html": "<!DOCTYPE html>",
             ".md": "# Synthetic case: evidence by wave and configuration",
             ".csv": "wave,configuration,number,theme,supports,refutes,refines,evidence"}
    assert text.startswith(first[suffix])


def test_a_minimum_rigour_counts_only_the_evidence_judged_that_high(case: Path):
    result = _run(case, "--by", "site", "--min-rigour", "moderate")
    assert result.exit_code == 0, result.output
    lines = [line.strip() for line in result.stdout.splitlines()]
    assert lines[0] == ("Synthetic case: evidence by site and configuration (rigour moderate "
                        "or higher)")
    assert "CMOC 1  c-trust           +1     +1" in lines
    assert "CMOC 2  c-hope            +1     +1" in lines
    wrong = _run(case, "--min-rigour", "very high")
    assert wrong.exit_code == 1
    assert wrong.stderr == ("Error: --min-rigour: 'very high' is not a level of the rigour scale "
                            "(use one of: high, moderate, low)\n")
