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
