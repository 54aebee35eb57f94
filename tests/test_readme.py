"""The README's command lines work as written (its Python runs as doctests)."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest

from .conftest import ROOT
from .test_bad_input import run_cmo

README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = re.findall(r"^\$ cmo (.+)$", README, flags=re.M)


def test_quick_start_is_exactly_make_demo_and_make_test():
    quick_start = README.split("## Quick start", 1)[1].split("##", 1)[0]
    assert re.findall(r"```console\n(.*?)```", quick_start, flags=re.S) == [
        "make demo\nmake test\n"]


@pytest.mark.needs_dot
def test_readme_commands_run_in_order(tmp_path: Path):
    """Run one after another, as a reader would: later commands use what earlier ones wrote."""
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    (tmp_path / "out").mkdir()
    assert len(COMMANDS) > 10
    for command in COMMANDS:
        arguments, _, redirect = command.partition(" > ")
        result = run_cmo(*shlex.split(arguments), cwd=tmp_path)
        assert result.returncode == 0, f"cmo {command}\n{result.stderr}"
        if redirect:
            assert result.stdout, command
        for path in re.findall(r"-o (\S+)", arguments):
            assert (tmp_path / path).stat().st_size > 0, command


def test_the_readme_picture_is_the_worked_example():
    picture = ROOT / "docs" / "images" / "social_prescribing.svg"
    svg = picture.read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "Social prescribing link workers" in svg
