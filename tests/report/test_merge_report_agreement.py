"""The agreement between coders as a report, and as the last section of the merge report.

SYNTHETIC coders (see tests/theory/test_agreement.py).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from cmo.exceptions import UnsupportedFormatError
from cmo.models import Collection, Source
from cmo.report.agreement_report import agreement_markdown, agreement_text, write_agreement
from cmo.report.merge_report import merge_report_markdown, merge_report_text
from cmo.theory.agreement import agree
from cmo.theory.merge import merge

from ..theory.test_agreement import ANN, BOB, CAL, coder

NAMES = ("ann.yaml", "bob.yaml")


def _two() -> tuple[Collection, Collection]:
    return coder(ANN), coder(BOB, ids={"readiness": "c2"})


def test_the_text_names_statistics_matches_and_disagreements() -> None:
    assert agreement_text(agree(*_two(), names=NAMES)).splitlines() == [
        "agreement of ann.yaml, bob.yaml: 12 units (2 configurations x 6 excerpts of 2 shared "
        "sources)",
        "same value: 75.0% of units",
        "stance      Cohen's kappa 0.640 (SE 0.173, 95% CI 0.301 to 0.979); Krippendorff's "
        "alpha 0.650",
        "assignment  Cohen's kappa 0.636 (SE 0.219, 95% CI 0.208 to 1.065); Krippendorff's "
        "alpha 0.641",
        "CMOC        'trust-referral': kappa 0.500, alpha 0.532: 5 cited, 2 disagreements",
        "CMOC        'readiness': kappa 0.760, alpha 0.776: 4 cited, 1 disagreement",
        "matched     configuration 'readiness' (ann.yaml) is 'c2' (bob.yaml, by elements)",
        "disagree    excerpt 'e3' (p01) in 'trust-referral': ann.yaml supports, bob.yaml refines",
        "disagree    excerpt 'e6' (p02) in 'trust-referral': ann.yaml not cited, bob.yaml "
        "supports",
        "disagree    excerpt 'e5' (p01) in 'readiness': ann.yaml not cited, bob.yaml refutes"]


def test_three_coders_give_alpha_alone() -> None:
    lines = agreement_text(agree(coder(ANN), coder(BOB), coder(CAL))).splitlines()
    assert lines[2:5] == ["stance      Krippendorff's alpha 0.757",
                          "assignment  Krippendorff's alpha 0.757",
                          "CMOC        'trust-referral': alpha 0.657: 5 cited, 2 disagreements"]


def test_the_markdown_section() -> None:
    text = agreement_markdown(agree(*_two(), names=NAMES), level=2)
    assert text.startswith("## Agreement between coders\n\nAgreement of ann.yaml, bob.yaml: "
                           "12 units (2 configurations x 6 excerpts of 2 shared sources).\n")
    assert ("| configuration | id in ann.yaml | id in bob.yaml | matched by | units | cited | "
            "agreed | disagreed | kappa | alpha | undefined |\n"
            "|---|---|---|---|---:|---:|---:|---:|---:|---:|---|\n"
            "| trust-referral | trust-referral | trust-referral | id | 6 | 5 | 3 | 2 | 0.500 | "
            "0.532 |  |\n") in text
    assert text.endswith("### Disagreements to adjudicate\n\n"
                         "- excerpt 'e3' (p01) in 'trust-referral': ann.yaml supports, bob.yaml "
                         "refines\n"
                         "- excerpt 'e6' (p02) in 'trust-referral': ann.yaml not cited, bob.yaml "
                         "supports\n"
                         "- excerpt 'e5' (p01) in 'readiness': ann.yaml not cited, bob.yaml "
                         "refutes\n")
    assert "Synthetic excerpt" not in text  # never a quote


def test_the_merge_report_ends_with_the_agreement_when_inputs_share_sources() -> None:
    result = merge(*_two(), names=NAMES)
    text = merge_report_text(result)
    assert text.endswith(agreement_text(agree(*_two(), names=NAMES)))
    markdown = merge_report_markdown(result)
    assert markdown.endswith("\n\n" + agreement_markdown(agree(*_two(), names=NAMES), level=2))
    assert markdown.count("## Agreement between coders") == 1


def test_no_agreement_section_without_shared_sources() -> None:
    other = coder(BOB, sources=[Source(id="q01", kind="interview")])
    result = merge(coder(ANN), other, names=NAMES)
    assert "agreement" not in merge_report_text(result)
    assert "Agreement between coders" not in merge_report_markdown(result)


def test_the_merge_report_says_when_the_libraries_are_missing(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(__import__("sys").modules, "statsmodels", None)  # as if not installed
    text = merge_report_text(merge(*_two(), names=NAMES))
    assert text.splitlines()[-1] == (
        "agreement   not computed: agreement between coders needs statsmodels, which is not "
        "installed: pip install 'cmo-realist[agreement]'")


def test_written_files(tmp_path: Path) -> None:
    agreement = agree(*_two(), names=NAMES)
    assert write_agreement(agreement, tmp_path / "a.md").read_text("utf-8") == \
        agreement_markdown(agreement)
    assert write_agreement(agreement, tmp_path / "a.txt").read_text("utf-8") == \
        agreement_text(agreement) + "\n"
    data = json.loads(write_agreement(agreement, tmp_path / "a.json").read_text("utf-8"))
    assert (data["coders"], data["units"], data["observed"]) == (list(NAMES), 12, 0.75)
    assert data["statistics"][1] == {
        "on": "stance", "statistic": "Krippendorff's alpha", "value": agreement.alpha.value,
        "standard error": None, "95% CI low": None, "95% CI high": None,
        "undefined because": None}
    assert len(data["disagreements"]) == 3
    rows = list(csv.DictReader(io.StringIO(
        write_agreement(agreement, tmp_path / "a.csv").read_text("utf-8-sig"))))
    assert [(r["configuration"], r["id in bob.yaml"], r["kappa"]) for r in rows] == [
        ("trust-referral", "trust-referral", "0.5"), ("readiness", "c2", "0.76")]
    workbook = load_workbook(write_agreement(agreement, tmp_path / "a.xlsx"))
    assert workbook.sheetnames == ["configurations", "statistics", "disagreements", "matching"]
    assert [c.value for c in workbook["disagreements"]["A"]] == ["excerpt", "e3", "e6", "e5"]
    with pytest.raises(UnsupportedFormatError) as refused:
        write_agreement(agreement, tmp_path / "a.pdf")
    assert str(refused.value) == (f"{tmp_path / 'a.pdf'}: cannot write an agreement to files "
                                  "with extension '.pdf' (use one of: .csv, .html, .json, .md, .txt, "
                                  ".xlsx)")
