"""``cmo render --labels`` and ``cmo export --numbered``: configuration numbers from the shell."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

import cmo
from cmo.cli import cli

EXAMPLE = "examples/social_prescribing/theory.yaml"


def run(*arguments: str) -> str:
    result = CliRunner().invoke(cli, [str(a) for a in arguments])
    assert result.exit_code == 0, result.output
    return result.output


def test_render_names_configurations_by_number_by_default(tmp_path: Path):
    run("render", EXAMPLE, "-o", tmp_path / "theory.txt")
    lines = (tmp_path / "theory.txt").read_text(encoding="utf-8").splitlines()
    assert lines[3] == ("  CMOC 1 · referral-buy-in: Agreeing to a referral despite uncertainty"
                        "  [new;")


def test_render_labels_id_and_none(tmp_path: Path):
    run("render", EXAMPLE, "-o", tmp_path / "by-id.txt", "--labels", "id")
    run("render", EXAMPLE, "-o", tmp_path / "bare.mmd", "--labels", "none")
    by_id = (tmp_path / "by-id.txt").read_text(encoding="utf-8").splitlines()
    assert by_id[3].startswith("  referral-buy-in: Agreeing to a referral")
    bare = (tmp_path / "bare.mmd").read_text(encoding="utf-8")
    assert "CMOC" not in bare and "referral-buy-in" not in bare and '|"new"|' in bare


def test_render_refuses_unknown_labels(tmp_path: Path):
    result = CliRunner().invoke(cli, ["render", EXAMPLE, "-o", str(tmp_path / "x.txt"),
                                      "--labels", "numbers"])
    assert result.exit_code == 2
    assert "Invalid value for '--labels': 'numbers' is not one of 'number', 'id', 'none'." \
        in result.output


def test_export_numbered_writes_the_numbers_in(tmp_path: Path):
    run("export", EXAMPLE, "-o", tmp_path / "numbered.yaml", "--numbered")
    run("export", EXAMPLE, "-o", tmp_path / "plain.yaml")
    numbered = cmo.load(tmp_path / "numbered.yaml")
    assert [c.number for c in numbered.configurations] == list(range(1, 12))
    assert {c.number for c in cmo.load(tmp_path / "plain.yaml").configurations} == {None}


INITIAL = "examples/social_prescribing/initial.yaml"
NOTE = ("note: version v2 revises IPT, and configurations without a 'number:' are numbered in "
        "the order of the file; --earlier FILE keeps the numbers of the version it revises\n")


def test_render_earlier_keeps_the_numbers_of_the_version_revised(tmp_path: Path):
    result = CliRunner().invoke(cli, ["render", EXAMPLE, "-o", str(tmp_path / "v2.txt"),
                                      "--earlier", INITIAL])
    assert (result.exit_code, result.stderr) == (0, "")
    lines = (tmp_path / "v2.txt").read_text(encoding="utf-8").splitlines()
    assert lines[3].startswith("  CMOC 7 · referral-buy-in: ")  # new: after the IPT's 6
    assert lines[13].startswith("  CMOC 2 · trust-through-skills: ")  # from support-person


def test_render_says_how_a_revised_version_is_numbered(tmp_path: Path):
    result = CliRunner().invoke(cli, ["render", EXAMPLE, "-o", str(tmp_path / "v2.txt")])
    assert (result.exit_code, result.stderr) == (0, NOTE)
    by_id = CliRunner().invoke(cli, ["render", EXAMPLE, "-o", str(tmp_path / "v2.txt"),
                                     "--labels", "id"])
    initial = CliRunner().invoke(cli, ["render", INITIAL, "-o", str(tmp_path / "ipt.txt")])
    assert by_id.stderr == initial.stderr == ""
