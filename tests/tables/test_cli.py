"""``cmo export`` to tables and ``cmo import`` from them, through the real command."""

from __future__ import annotations

from pathlib import Path

import pytest

import cmo.io

from ..conftest import EXAMPLE
from ..test_bad_input import run_cmo
from . import workbook


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_then_import_gives_an_equal_theory(suffix: str, tmp_path: Path):
    table, theory = tmp_path / f"x{suffix}", tmp_path / "y.yaml"
    exported = run_cmo("export", EXAMPLE, "-o", table)
    assert exported.returncode == 0, exported.stderr
    imported = run_cmo("import", table, "-o", theory)
    assert imported.returncode == 0, imported.stderr
    assert "11 configurations, 15 excerpts, 2 sources" in imported.stdout
    assert cmo.io.read(theory) == cmo.io.read(EXAMPLE)


def test_import_reports_columns_it_did_not_understand(tmp_path: Path):
    table = workbook(tmp_path / "review.xlsx", {"CMOCs": [
        ["CMOC", "C", "M", "O", "Reviewer", "Contxt"],
        ["a", "Trust", "Link worker listens", "Hope", "AB", "typo"],
    ]})
    result = run_cmo("import", table, "-o", tmp_path / "review.yaml")
    assert result.returncode == 0, result.stderr
    assert "columns not understood were kept in the notes: sheet 'CMOCs': 'Reviewer', " \
           "'Contxt' (did you mean 'contexts'?)" in result.stdout
    configuration = cmo.io.read(tmp_path / "review.yaml").configuration("a")
    assert configuration.mechanism.resource == "Link worker listens"
    assert configuration.notes == "Reviewer: AB\nContxt: typo"
