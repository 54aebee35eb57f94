"""Appraisal in tables: judgement columns of sources and excerpts, and a project's own scales.

Every judgement, justification and quote here is synthetic and says so.
"""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from cmo.exceptions import InputError
from cmo.models import (
    Appraisal,
    AppraisalScales,
    Collection,
    Configuration,
    Evidence,
    Excerpt,
    Source,
)
from cmo.tables import read_csv, read_xlsx, write_csv, write_xlsx

from . import workbook, write_csv_rows

FORMATS = {".xlsx": (write_xlsx, read_xlsx), ".csv": (write_csv, read_csv)}
OWN_SCALES = AppraisalScales(rigour=("strong", "adequate", "weak"), richness=("thick", "thin"))


def _appraised(scales: AppraisalScales | None = None) -> Collection:
    scales = scales or AppraisalScales()
    rigour = scales.levels("rigour")
    paper = Source(id="paper1", kind="publication", appraisal=Appraisal(
        relevance={"level": "high", "justification": "About link workers (synthetic)",
                   "judged_by": "AT"},
        rigour={"level": rigour[1], "justification": "=Abstract only (synthetic)"}))
    quote = Excerpt(id="q1", source=paper, text="[synthetic quote]",
                    appraisal=Appraisal(rigour={"level": rigour[-1], "judged_by": "BW"}))
    return Collection(appraisal_scales=scales, configurations=[Configuration(
        id="hope", contexts=[{"label": "Trust"}], outcomes=[{"label": "Hope"}],
        evidence=[Evidence(excerpt=quote, stance="supports")])])


def _sheet(path: Path, name: str) -> list[tuple[object, ...]]:
    return list(openpyxl.load_workbook(path, read_only=True)[name].values)


def test_sources_and_excerpts_carry_their_judgements_in_columns(tmp_path: Path):
    path = write_xlsx(_appraised(), tmp_path / "theory.xlsx")
    assert _sheet(path, "sources") == [
        ("id", "kind", "relevance", "relevance justification", "relevance judged by", "rigour",
         "rigour justification"),
        ("paper1", "publication", "high", "About link workers (synthetic)", "AT", "moderate",
         "=Abstract only (synthetic)")]
    header, row = _sheet(path, "excerpts")
    assert header[-2:] == ("rigour", "rigour judged by")
    assert row[-2:] == ("low", "BW")
    assert "scales" not in openpyxl.load_workbook(path, read_only=True).sheetnames
    assert read_xlsx(path) == _appraised()


@pytest.mark.parametrize("suffix", sorted(FORMATS))
def test_a_projects_own_scales_are_kept(suffix: str, tmp_path: Path):
    write, read = FORMATS[suffix]
    path = write(_appraised(OWN_SCALES), tmp_path / f"theory{suffix}")
    assert read(path) == _appraised(OWN_SCALES)
    if suffix == ".xlsx":
        rows = _sheet(path, "scales")
    else:
        with (tmp_path / "theory.scales.csv").open(encoding="utf-8-sig", newline="") as stream:
            rows = [tuple(row) for row in csv.reader(stream)]
    assert rows == [("dimension", "levels"), ("rigour", "strong\nadequate\nweak"),
                    ("richness", "thick\nthin")]


def test_a_csv_export_with_the_default_scales_has_no_scales_file(tmp_path: Path):
    write_csv(_appraised(), tmp_path / "theory.csv")
    assert not (tmp_path / "theory.scales.csv").exists()
    write_csv(_appraised(OWN_SCALES), tmp_path / "theory.csv")
    write_csv(_appraised(), tmp_path / "theory.csv")  # an earlier export's scales do not linger
    assert read_csv(tmp_path / "theory.csv").appraisal_scales == AppraisalScales()


def test_levels_and_headers_are_read_loosely(tmp_path: Path):
    path = workbook(tmp_path / "review.xlsx", {
        "configurations": [["id", "contexts", "outcomes", "evidence ids"],
                           ["hope", "Trust", "Hope", "q1"]],
        "excerpts": [["id", "source", "text", "stance", "Rigor", "Rigor rationale"],
                     ["q1", "paper1", "[synthetic quote]", "supports", "Weak",
                      "[synthetic reason]"]],
        "sources": [["id", "kind", "Relevance rating", "Trustworthiness"],
                    ["paper1", "paper", "HIGH", "adequate"]],
        "Appraisal scales": [["Dimension", "Levels"], ["rigor", "Strong\nAdequate\nWeak"]],
    })
    collection = read_xlsx(path)
    assert collection.appraisal_scales.rigour == ("Strong", "Adequate", "Weak")
    (paper,) = collection.sources
    assert (paper.appraisal.relevance.level, paper.appraisal.rigour.level) == ("high", "Adequate")
    judged = collection.excerpts[0].appraisal.rigour
    assert (judged.level, judged.justification) == ("Weak", "[synthetic reason]")


def test_a_column_map_names_a_vendors_appraisal_columns(tmp_path: Path):
    path = write_csv_rows(tmp_path / "extraction.csv", [
        ["id", "contexts", "outcomes", "evidence ids"], ["hope", "Trust", "Hope", "q1"]])
    write_csv_rows(tmp_path / "extraction.excerpts.csv", [
        ["id", "source", "text", "stance", "CASP quality", "Appraised by (initials)"],
        ["q1", "paper1", "[synthetic quote]", "supports", "moderate", "AT"]])
    collection = read_csv(path, columns={"CASP quality": "rigour",
                                         "Appraised by (initials)": "rigour judged by"})
    judged = collection.excerpts[0].appraisal.rigour
    assert (judged.level, judged.judged_by) == ("moderate", "AT")


def test_a_row_of_a_configuration_and_its_quote_judges_the_quote(tmp_path: Path):
    path = write_csv_rows(tmp_path / "llm.csv", [
        ["cmoc_id", "study_id", "context_statement", "outcome_statement", "evidence_quote",
         "stance", "Rigour", "Rigour justification"],
        ["1", "smith2020", "Unsure", "Referral", "[synthetic quote]", "supports", "low",
         "[synthetic reason]"],
        ["2", "smith2020", "Trust", "Hope", None, None, "high", None]])
    first, second = read_csv(path).configurations
    judged = first.evidence[0].excerpt.appraisal.rigour
    assert (judged.level, judged.justification) == ("low", "[synthetic reason]")
    assert second.notes == "study_id: smith2020\nRigour: high"  # no quote to judge: kept


def _bad(tmp_path: Path, *, sources: list[list[object]] | None = None,
         excerpts: list[list[object]] | None = None,
         scales: list[list[object]] | None = None) -> Path:
    sheets = {"configurations": [["id", "contexts", "outcomes", "evidence ids"],
                                 ["hope", "Trust", "Hope", "q1"]],
              "excerpts": excerpts or [["id", "source", "text"],
                                       ["q1", "paper1", "[synthetic quote]"]],
              "sources": sources or [["id", "kind"], ["paper1", "publication"]]}
    if scales is not None:
        sheets["scales"] = scales
    return workbook(tmp_path / "bad.xlsx", sheets)


def _message(path: Path) -> str:
    with pytest.raises(InputError) as raised:
        read_xlsx(path)
    return str(raised.value).removeprefix(f"{path}: ")


def test_a_level_off_its_scale_is_refused_with_the_scale(tmp_path: Path):
    path = _bad(tmp_path, sources=[["id", "kind", "rigour"], ["paper1", "publication", "hihg"]])
    assert _message(path) == (
        "sheet 'sources', row 2, column 'rigour' (C): 'hihg' is not a level of the rigour "
        "scale (high, moderate, low) (did you mean 'high'? write one of its levels, or declare "
        "the project's own levels in the scales table (docs/tables.md))")


def test_a_level_off_a_projects_own_scale_is_refused(tmp_path: Path):
    path = _bad(tmp_path, excerpts=[["id", "source", "text", "richness"],
                                    ["q1", "paper1", "[synthetic quote]", "high"]],
                scales=[["dimension", "levels"], ["richness", "thick\nthin"]])
    assert _message(path) == (
        "sheet 'excerpts', row 2, column 'richness' (D): 'high' is not a level of the richness "
        "scale (thick, thin) (write one of its levels, or declare the project's own levels in "
        "the scales table (docs/tables.md))")


def test_a_justification_without_a_level_is_refused(tmp_path: Path):
    path = _bad(tmp_path, sources=[["id", "kind", "relevance justification"],
                                   ["paper1", "publication", "[synthetic reason]"]])
    assert _message(path) == (
        "sheet 'sources', row 2, column 'relevance justification' (C): the relevance judgement "
        "has no level (write its level in the relevance column (high, moderate, low), or empty "
        "the cell)")


def test_rows_of_one_excerpt_must_agree_on_its_judgements(tmp_path: Path):
    path = _bad(tmp_path, excerpts=[
        ["id", "source", "text", "configuration", "rigour"],
        ["q1", "paper1", "[synthetic quote]", "hope", "high"],
        ["q1", "paper1", None, None, "low"]])
    assert _message(path) == (
        "sheet 'excerpts', row 3, column 'rigour' (E): excerpt 'q1' has a different rigour here "
        "than at sheet 'excerpts', row 2, column 'rigour' (E) (make the rows of one excerpt "
        "agree, or give them different ids)")


@pytest.mark.parametrize(("rows", "expected"), [
    ([["rigur", "a\nb"]], "sheet 'scales', row 2, column 'dimension' (A): unknown appraisal "
     "dimension 'rigur' (did you mean 'rigour'? use one of: relevance, richness, rigour)"),
    ([["rigour", "a\nb"], ["Rigor", "c"]], "sheet 'scales', row 3, column 'dimension' (A): "
     "the rigour scale is declared twice (also on row 2) (keep one row for each scale)"),
    ([["relevance", None]], "sheet 'scales', row 2, column 'levels' (B): the relevance scale "
     "has no levels (write its levels in the cell, one per line, highest first)"),
    ([["richness", "thick\nthick"]], "sheet 'scales', row 2, column 'levels' (B): the richness "
     "scale names 'thick' twice (keep each level once)"),
])
def test_a_bad_scales_table_is_refused(rows: list[list[object]], expected: str,
                                       tmp_path: Path):
    path = _bad(tmp_path, scales=[["dimension", "levels"], *rows])
    assert _message(path) == expected
