"""Agreement and framework matrices from every format a theory is kept in.

The coders' theories (synthetic, examples/coders) and the worked example are written as
Turtle, JSON-LD, JSON and a workbook; ``cmo agree`` and ``cmo matrix`` give from each what
they give from the YAML files.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import cmo

from ..conftest import EXAMPLE, ROOT
from ..test_bad_input import run_cmo

CODERS = ROOT / "examples" / "coders"


@pytest.mark.parametrize("suffix", [".ttl", ".jsonld", ".json", ".xlsx"])
def test_agreement_is_the_same_from_every_format(suffix: str, tmp_path: Path) -> None:
    names = ("ann", "bob", "cal")
    theories = [cmo.load(CODERS / f"{name}.yaml") for name in names]
    written = [cmo.save(theory, tmp_path / f"{name}{suffix}")
               for theory, name in zip(theories, names, strict=True)]
    expected = cmo.agree(*theories, names=names)
    found = cmo.agree(*map(cmo.load, written), names=names)
    assert (str(found.alpha), str(found.assignment_alpha)) == (
        str(expected.alpha), str(expected.assignment_alpha))
    assert found.table() == expected.table()
    assert found.disagreements() == expected.disagreements()
    result = run_cmo("agree", *written[:2])
    assert (result.returncode, result.stderr) == (0, "")
    assert "Cohen's kappa 0.640" in result.stdout


@pytest.mark.parametrize("suffix", [".ttl", ".json", ".xlsx"])
def test_the_matrix_is_the_same_from_every_format(suffix: str, tmp_path: Path) -> None:
    theory = cmo.load(EXAMPLE)
    copy = cmo.load(cmo.save(theory, tmp_path / f"theory{suffix}"))
    for by in ("source", "role", "kind"):
        assert cmo.evidence_matrix(copy, by=by).records() == \
            cmo.evidence_matrix(theory, by=by).records()
    assert copy.appraisal_table("rigour") == theory.appraisal_table("rigour")
