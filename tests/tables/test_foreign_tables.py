"""Extraction tables made elsewhere: realist-review templates and LLM-assisted pipelines.

No public extraction table could be found to copy, so the headers are those the issue
lists from real tables (``context_statement``, ``evidence_quote``, ``Context (C)``,
``Mechanism - resource``...); every row and quote here is synthetic and says so.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

import cmo.io
from cmo.cli import cli
from cmo.exceptions import CmoWarning, InputError
from cmo.tables import read_csv, read_xlsx
from cmo.tables.columns import CONFIGURATIONS

from . import workbook, write_csv_rows

#: An LLM-assisted extraction: one row per configuration and its quote.
LLM_HEADERS = ["cmoc_id", "file_id", "context_statement", "mechanism_statement",
               "outcome_statement", "evidence_quote", "evidence_paraphrase", "confidence",
               "model"]
LLM_ROWS = [
    ["1", "smith2020", "Patients unsure of the link worker role; seeking help",
     "Link worker listens", "Patient trusts the link worker",
     "[synthetic quote one]", "Listening builds trust", "high", "synthetic-llm"],
    ["1", "Jones et al. (2021)", "", "", "", "[synthetic quote two]", "", "medium",
     "synthetic-llm"],
    ["2", "smith2020", "Housing problems, debts and caring duties", "Advice on benefits",
     "Patient feels relief", "[synthetic quote three]", "", "low", "synthetic-llm"],
]
#: A realist review's template: resource and reasoning, letters in brackets.
TEMPLATE_HEADERS = ["CMOC ID", "Context (C)", "Mechanism - resource", "Mechanism (reasoning)",
                    "Outcome (O)", "study_id", "Quote", "Stance", "Reviewer"]
TEMPLATE_ROWS = [
    ["T1", "Patient seeks help with non-medical issues", "Link worker knows local services",
     "Patient feels hope", "Patient accepts referral", "tierney2024",
     "[synthetic passage]", "Supports", "AB"],
    ["T2", "Structural factors outside the link worker's control", None, None,
     "Patient connects with the link worker only", None, None, None, "CD"],
]


def _read(path: Path, **options: object):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", CmoWarning)
        collection = cmo.io.read(path, **options)
    return collection, [str(warning.message) for warning in caught]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_an_llm_extraction_table_imports_each_quote_as_evidence(suffix: str, tmp_path: Path):
    path = tmp_path / f"llm{suffix}"
    if suffix == ".csv":
        write_csv_rows(path, [LLM_HEADERS, *LLM_ROWS])
    else:
        workbook(path, {"Sheet1": [LLM_HEADERS, *LLM_ROWS]})
    review, messages = _read(path)
    assert [c.id for c in review.configurations] == ["1", "2"]
    first, second = review.configurations
    assert [c.label for c in first.contexts] == [
        "Patients unsure of the link worker role; seeking help"]  # ';' is prose
    assert [c.label for c in second.contexts] == ["Housing problems, debts and caring duties"]
    assert first.mechanism.resource == "Link worker listens"
    assert [(e.excerpt.id, e.excerpt.source.id, e.stance, e.note) for e in first.evidence] == [
        ("quote-2", "smith2020", "supports",
         "Listening builds trust\nconfidence: high\nmodel: synthetic-llm"),
        ("quote-3", "jones-et-al-2021", "supports", "confidence: medium\nmodel: synthetic-llm"),
    ]
    assert [e.excerpt.text for e in second.evidence] == ["[synthetic quote three]"]
    assert [(s.id, s.title, s.kind) for s in review.sources] == [
        ("smith2020", None, "other"), ("jones-et-al-2021", "Jones et al. (2021)", "other")]
    assert len(review.excerpts) == 3
    assert any("columns not understood were kept in the notes" in m and "'model'" in m
               for m in messages)
    assert any("3 pieces of evidence have no stance and were read as 'supports'" in m
               for m in messages)


def test_a_realist_review_template_with_resource_and_reasoning(tmp_path: Path):
    path = write_csv_rows(tmp_path / "template.csv", [TEMPLATE_HEADERS, *TEMPLATE_ROWS])
    review, messages = _read(path)
    supported, structural = review.configurations
    assert (supported.mechanism.resource, supported.mechanism.reasoning) == (
        "Link worker knows local services", "Patient feels hope")
    assert [(e.excerpt.id, e.excerpt.source.id, e.stance, e.note)
            for e in supported.evidence] == [("quote-2", "tierney2024", "supports",
                                              "Reviewer: AB")]
    assert structural.evidence == () and structural.notes == "Reviewer: CD"
    assert messages == [f"{path}: columns not understood were kept in the notes: "
                        "'Reviewer'"]


@pytest.mark.parametrize(("header", "field"), [
    ("context_statement", "contexts"), ("Context (C)", "contexts"), ("CONTEXTS", "contexts"),
    ("Mechanism - resource", "mechanism_resource"), ("mechanism_reasoning_statement",
                                                     "mechanism_reasoning"),
    ("Mechanism (reasoning)", "mechanism_reasoning"), ("Outcome(s)", "outcomes"),
    ("CMOC ID", "id"), ("evidence_quote", "quote"), ("evidence_paraphrase", "evidence_note"),
    ("file_id", "source"), ("study_id", "source"), ("Confidence", "confidence"),
])
def test_header_variants_are_recognised(header: str, field: str):
    assert CONFIGURATIONS.match([header]).fields == {field: 0}


@pytest.mark.filterwarnings("ignore::cmo.exceptions.CmoWarning")
def test_a_further_row_of_an_id_that_changes_the_configuration_is_refused(tmp_path: Path):
    rows = [LLM_HEADERS, LLM_ROWS[0], ["1", "smith2020", "Another context", "", "", "[q]",
                                       "", "", ""]]
    with pytest.raises(InputError) as caught:
        read_csv(write_csv_rows(tmp_path / "t.csv", rows))
    assert str(caught.value) == (
        f"{tmp_path / 't.csv'}: row 3, column 'cmoc_id' (A): the id '1' is already used on "
        "row 2 (give each configuration its own id (a row that only adds a quote may repeat "
        "the id, with the configuration's other cells the same or empty))")


def test_a_quote_without_a_source_is_refused_naming_its_row(tmp_path: Path):
    rows = [["id", "context", "outcome", "evidence_quote"], ["a", "C", "O", "[synthetic]"]]
    with pytest.raises(InputError) as caught:
        read_csv(write_csv_rows(tmp_path / "t.csv", rows))
    assert str(caught.value) == (
        f"{tmp_path / 't.csv'}: row 2, column 'source' (missing): the excerpt has no source "
        "(name its source (an interview, a paper) in a 'source' column, or its participant "
        "in a 'participant' column)")


def test_a_column_map_names_the_headers_cmo_does_not_know(tmp_path: Path):
    rows = [["Setting", "Why it works", "What happened", "Paper", "Reviewer", "Extra"],
            ["Rural practice", "Patient feels heard", "Patient returns", "smith2020", "AB",
             "kept"]]
    path = write_csv_rows(tmp_path / "t.csv", rows)
    columns = {"setting": "contexts", "Why it works": "mechanism reasoning",
               "What happened": "Outcome(s)", "Reviewer": None}
    review, messages = _read(path, columns=columns)
    (configuration,) = review.configurations
    assert [c.label for c in configuration.contexts] == ["Rural practice"]
    assert configuration.mechanism.reasoning == "Patient feels heard"
    # 'Paper' is a source column: with no quote in the row, it is kept in the notes.
    assert configuration.notes == "Paper: smith2020\nExtra: kept"
    assert messages == [f"{path}: columns not understood were kept in the notes: "
                        "'Extra'"]


def test_a_column_map_to_a_column_the_table_lacks_is_refused(tmp_path: Path):
    path = write_csv_rows(tmp_path / "t.csv", [["Setting", "O"], ["A", "B"]])
    with pytest.raises(InputError) as caught:
        read_csv(path, columns={"Setting": "contxts"})
    assert str(caught.value).splitlines()[1] == (
        "  - row 1: the column map makes 'Setting' (A) the column 'contxts', which the "
        "configurations table does not have (did you mean 'contexts'? correct the column map)")


def test_close_headers_get_a_did_you_mean(tmp_path: Path):
    path = workbook(tmp_path / "t.xlsx", {"CMOCs": [
        ["CMOC", "Contxt", "mechansim resource", "C", "O", "Outcome notes"],
        ["a", "Trust", "Listens", "Unsure", "Hope", "synthetic"]]})
    review, messages = _read(path)
    assert review.configurations[0].notes == (
        "Contxt: Trust\nmechansim resource: Listens\nOutcome notes: synthetic")
    assert messages == [f"{path}: columns not understood were kept in the notes: sheet 'CMOCs': "
                        "'Contxt' (did you mean 'contexts'?), 'mechansim resource' (did you "
                        "mean 'mechanism resource'?), 'Outcome notes'"]


def test_a_separator_splits_cells_only_when_asked(tmp_path: Path):
    path = write_csv_rows(tmp_path / "t.csv", [["id", "contexts", "outcomes"],
                                               ["a", "Trust; Hope", "Engages, returns"]])
    (whole,) = read_csv(path).configurations
    assert [c.label for c in whole.contexts] == ["Trust; Hope"]
    (split,) = read_csv(path, separator=";").configurations
    assert [c.label for c in split.contexts] == ["Trust", "Hope"]
    assert [o.label for o in split.outcomes] == ["Engages, returns"]


@pytest.mark.filterwarnings("ignore::cmo.exceptions.CmoWarning")
def test_unknown_columns_of_excerpts_and_sources_are_kept_in_their_notes(tmp_path: Path):
    path = workbook(tmp_path / "t.xlsx", {
        "configurations": [["id", "contexts", "outcomes"], ["a", "C", "O"]],
        "excerpts": [["id", "source", "text", "configuration", "stance", "Coder"],
                     ["q1", "s1", "[synthetic]", "a", "supports", "AB"]],
        "sources": [["id", "kind", "Recruited via"], ["s1", "interview", "GP practice"]],
    })
    review = read_xlsx(path)
    assert review.configurations[0].evidence[0].note == "Coder: AB"
    assert review.sources[0].notes == "Recruited via: GP practice"


def test_cli_import_with_a_column_map(tmp_path: Path):
    table = write_csv_rows(tmp_path / "t.csv", [["Setting", "Why", "Result"],
                                                ["Rural; remote", "Feels heard", "Returns"]])
    (tmp_path / "columns.yaml").write_text(
        "columns:\n  Setting: contexts\n  Why: mechanism reasoning\n  Result: outcomes\n"
        "separator: ';'\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(table), "--map",
                                      str(tmp_path / "columns.yaml"), "-o",
                                      str(tmp_path / "t.yaml")])
    assert result.exit_code == 0, result.output
    (configuration,) = cmo.io.read(tmp_path / "t.yaml").configurations
    assert [c.label for c in configuration.contexts] == ["Rural", "remote"]


def test_cli_refuses_a_column_map_that_is_not_one(tmp_path: Path):
    table = write_csv_rows(tmp_path / "t.csv", [["C", "O"], ["a", "b"]])
    (tmp_path / "columns.yaml").write_text("columns:\n  C: [1, 2]\nsheets: 1\n",
                                           encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(table), "--map",
                                      str(tmp_path / "columns.yaml"), "-o",
                                      str(tmp_path / "t.yaml")])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {tmp_path / 'columns.yaml'}: 2 problems:\n"
        "  - key 'sheets': is not a key of a column map (use 'columns' and 'separator')\n"
        "  - columns, 'C': does not name a column (write the name of a cmo column (contexts, "
        "quote, source...), or null to leave it out)\n")
    assert not (tmp_path / "t.yaml").exists()


def test_unknown_columns_of_elements_theories_and_about_are_kept_in_descriptions(
        tmp_path: Path):
    path = workbook(tmp_path / "t.xlsx", {
        "configurations": [["id", "contexts", "outcomes", "theories"],
                           ["a", "Trust", "Hope", "Social capital"]],
        "elements": [["kind", "id", "label", "Source of wording"],
                     ["context", "trust", "Trust", "workshop"]],
        "theories": [["name", "Field"], ["Social capital", "sociology"]],
        "about": [["id", "title", "Funder"], ["ipt", "Synthetic", "none"]],
    })
    with pytest.warns(CmoWarning):
        review = read_xlsx(path)
    assert review.elements[0].description == "Source of wording: workshop"
    assert review.theories[0].description == "Field: sociology"
    assert review.description == "Funder: none"


@pytest.mark.filterwarnings("ignore::cmo.exceptions.CmoWarning")
def test_ids_separated_by_semicolons_get_a_fix_that_says_so(tmp_path: Path):
    path = workbook(tmp_path / "t.xlsx", {
        "configurations": [["id", "contexts", "outcomes", "evidence ids"],
                           ["a", "C", "O", "q1; q2"]],
        "excerpts": [["id", "source", "text"], ["q1", "s1", "[synthetic]"],
                     ["q2", "s1", "[synthetic]"]],
    })
    with pytest.raises(InputError) as caught:
        read_xlsx(path)
    assert str(caught.value) == (
        f"{path}: sheet 'configurations', row 2, column 'evidence ids' (D): no excerpt has "
        "the id 'q1; q2' (write one id per line in the cell, or read the table with a "
        "separator (separator: ';' in a column map))")
    assert len(read_xlsx(path, separator=";").configurations[0].evidence) == 2
