"""``cmo agree``: agreement between coders' files, printed and written; bad input, exit 1.

SYNTHETIC coders (see tests/theory/test_agreement.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import cmo
from cmo.cli.agreeing import agree_command
from cmo.cli.comparing import merge_command
from cmo.models import Source

from ..theory.test_agreement import ANN, BOB, EXAMPLES, coder


def run(*arguments: str | Path) -> Result:
    """``cmo agree ARGUMENTS``: the command itself, until cmo.cli registers it (adding it to
    the shared group here would change the group for every other test)."""
    return CliRunner().invoke(agree_command, list(map(str, arguments)), env={"COLUMNS": ""})


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    return (cmo.save(coder(ANN), tmp_path / "ann.yaml"),
            cmo.save(coder(BOB, ids={"readiness": "c2"}), tmp_path / "bob.yaml"))


def test_prints_the_statistics_the_table_and_the_disagreements(files: tuple[Path, Path]
                                                                ) -> None:
    ann, bob = files
    result = run(ann, bob)
    assert result.exit_code == 0, result.output
    lines = [line.rstrip() for line in result.output.splitlines()]
    assert lines[:4] == [
        f"agreement of {ann}, {bob}: 12 units (2 configurations x 6 excerpts of 2 shared "
        "sources)",
        "same value: 75.0% of units",
        "stance      Cohen's kappa 0.640 (SE 0.173, 95% CI 0.301 to 0.979); Krippendorff's "
        "alpha 0.650",
        "assignment  Cohen's kappa 0.636 (SE 0.219, 95% CI 0.208 to 1.065); Krippendorff's "
        "alpha 0.641"]
    rows = [line.split() for line in lines if line.startswith((" trust", " readiness"))]
    assert rows == [["trust-referral", "trust-referral", "trust-referral", "id", "6", "5", "3",
                     "2", "0.5", "0.532"],
                    ["readiness", "readiness", "c2", "elements", "6", "4", "3", "1", "0.76",
                     "0.776"]]
    assert lines[-3:] == [
        f"disagree    excerpt 'e3' (p01) in 'trust-referral': {ann} supports, {bob} refines",
        f"disagree    excerpt 'e6' (p02) in 'trust-referral': {ann} not cited, {bob} supports",
        f"disagree    excerpt 'e5' (p01) in 'readiness': {ann} not cited, {bob} refutes"]
    assert "Synthetic excerpt" not in result.output


def test_writes_what_the_extension_names(files: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "agreement.json"
    result = run(*files, "-o", out)
    assert result.exit_code == 0, result.output
    assert result.output.endswith(f"wrote {out}\n")
    assert json.loads(out.read_text("utf-8"))["units"] == 12


def test_the_example_files(tmp_path: Path) -> None:
    result = run(*(EXAMPLES / f"{name}.yaml" for name in ("ann", "bob", "cal")))
    assert result.exit_code == 0, result.output
    assert "stance      Krippendorff's alpha 0.757" in result.output


def test_one_file_is_refused(files: tuple[Path, Path]) -> None:
    result = run(files[0])
    assert result.exit_code == 1
    assert result.output == (f"Error: {files[0]}: agreement needs two or more files, one per "
                             "coder (give the other coders' files too)\n")


def test_files_about_different_sources_are_refused(files: tuple[Path, Path],
                                                   tmp_path: Path) -> None:
    other = cmo.save(coder(BOB, sources=[Source(id="q01", kind="interview")]),
                     tmp_path / "other.yaml")
    result = run(files[0], other)
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {files[0]}, {other}: no source is in every coder's theory, so there is "
        "nothing to agree on (agreement is measured on the sources every coder coded: give "
        "them the same source ids)\n")
    assert "Traceback" not in result.output


def test_sources_not_every_coder_has_are_a_warning(files: tuple[Path, Path],
                                                   tmp_path: Path) -> None:
    wider = coder(BOB, sources=[*cmo.read(files[1]).sources,
                                Source(id="p03", kind="interview")])
    more = cmo.save(wider, tmp_path / "more.yaml")
    result = CliRunner().invoke(agree_command, [str(files[0]), str(more)])
    assert result.exit_code == 0, result.output
    assert result.stderr == (f"warning: {files[0]}, {more}: 1 of 3 sources are not in every "
                             "coder's theory and were left out of the agreement: p03\n")


def test_a_bad_output_extension_is_refused_before_reading(files: tuple[Path, Path]) -> None:
    result = run(*files, "-o", "agreement.pdf")
    assert result.exit_code == 1
    assert result.output == ("Error: agreement.pdf: cannot write an agreement as '.pdf' (use "
                             "one of: .csv, .html, .json, .md, .txt, .xlsx)\n")


def test_merge_report_has_the_agreement_section(files: tuple[Path, Path],
                                                tmp_path: Path) -> None:
    report = tmp_path / "merge.md"
    result = CliRunner().invoke(merge_command, [*map(str, files), "-o", str(tmp_path / "m.yaml"),
                                                "--report", str(report)])
    assert result.exit_code == 0, result.output
    assert "stance      Cohen's kappa 0.640" in result.output
    assert "## Agreement between coders" in report.read_text("utf-8")


def test_the_same_file_twice_is_refused(files: tuple[Path, Path]) -> None:
    result = run(files[0], files[0])
    assert result.exit_code == 1
    assert result.output == (f"Error: '{files[0]}' is given more than once (give each coder's "
                             "theory once, under a name of its own)\n")
