"""Tables as researchers make them: variant headers, several values per cell, typed cells.

Every quote here is synthetic and says so.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import cmo.io
from cmo.exceptions import CmoWarning
from cmo.tables import read_csv, read_xlsx

from . import workbook, write_csv_rows

CMOC_HEADERS = ["CMOC ID", "Theme/Area", "Context(s)", "Mechanism (resource)",
                "Mechanism - reasoning", "Outcome(s)", "Evidence IDs", "Status", "Reviewer"]
QUOTE_HEADERS = ["Excerpt ID", "Participant ID", "Quote", "CMOC", "Stance", "Role", "Wave",
                 "Page", "Codes", "Interview date"]


def _review(path: Path) -> Path:
    return workbook(path, {
        "CMOCs": [
            CMOC_HEADERS,
            [1, "Trust and hope", "Patient is uncertain about the role\nPatient seeks help",
             "Link worker listens", "Patient feels heard", "Patient trusts the link worker",
             "q1; q2", "Supported", "AB"],
            [2, "Trust and hope", "Patient trusts the link worker", None,
             "Patient feels hope", "Patient has a sense of hope ; Patient engages", "q2",
             None, "CD"],
        ],
        "Quotes": [
            QUOTE_HEADERS,
            ["q1", "P07", "[synthetic quote one]", 1, "SUPPORTS", "patient", 1, 12,
             "trust\nhope", dt.datetime(2022, 3, 14)],
            ["q2", "P07", "[synthetic quote two]", "1\n2", "refines", "patient", 1, None,
             None, None],
            ["q3", "P08", "[synthetic quote three, cited by nobody yet]", None, None,
             "link worker", 2, None, "workload", None],
        ],
    })


def test_a_workbook_with_variant_headers_and_several_values_per_cell(tmp_path: Path):
    path = _review(tmp_path / "review.xlsx")
    with pytest.warns(CmoWarning) as caught:
        review = read_xlsx(path, separator=";")
    first, second = review.configuration("1"), review.configuration("2")
    assert (first.theme, first.status) == ("Trust and hope", "supported")
    assert [c.label for c in first.contexts] == ["Patient is uncertain about the role",
                                                 "Patient seeks help"]
    assert (first.mechanism.resource, first.mechanism.reasoning) == (
        "Link worker listens", "Patient feels heard")
    assert [o.label for o in second.outcomes] == ["Patient has a sense of hope",
                                                  "Patient engages"]
    assert second.mechanism.resource is None and second.status == "proposed"
    assert second.contexts[0].id == first.outcomes[0].id.replace("o-", "c-", 1)
    assert sorted((e.excerpt.id, e.stance) for e in first.evidence) == [
        ("q1", "supports"), ("q2", "refines")]
    assert [(e.excerpt.id, e.stance) for e in second.evidence] == [("q2", "refines")]
    q1 = next(e for e in review.excerpts if e.id == "q1")
    assert (q1.page, q1.codes, q1.source.id, q1.source.participant) == (
        "12", ("trust", "hope"), "P07", "P07")
    assert (q1.source.participant_role, q1.source.wave, q1.source.kind) == (
        "patient", "1", "other")
    assert "q3" in {excerpt.id for excerpt in review.excerpts}  # cited by nobody: kept
    messages = [str(warning.message) for warning in caught]
    assert any("review.xlsx" in m and "sheet 'CMOCs'" in m and "'Reviewer'" in m
               and "sheet 'Quotes'" in m and "'Interview date'" in m for m in messages)


def test_a_csv_set_with_semicolons_between_columns(tmp_path: Path):
    path = write_csv_rows(tmp_path / "review.csv", [
        ["Configuration ID", "C", "Resource", "Reasoning", "O", "Evidence"],
        ["trust-1", "Patient is uncertain;Patient seeks help", "Link worker listens",
         "Patient feels heard", "Patient trusts the link worker", "q1"],
    ], delimiter=";")
    write_csv_rows(tmp_path / "review.excerpts.csv", [
        ["ID", "Source", "Excerpt", "Source type", "Stance"],
        ["q1", "tierney2024", "[synthetic passage]", "Publication", "Refutes"],
    ], delimiter=";")
    (whole,) = read_csv(path).configurations  # ';' is prose unless asked for
    assert [c.label for c in whole.contexts] == ["Patient is uncertain;Patient seeks help"]
    review = read_csv(path, separator=";")
    (configuration,) = review.configurations
    assert [c.label for c in configuration.contexts] == ["Patient is uncertain",
                                                         "Patient seeks help"]
    assert configuration.mechanism.label == "Link worker listens → Patient feels heard"
    assert configuration.evidence[0].stance == "refutes"  # from the excerpt's own row
    assert review.sources[0].kind == "publication"


def test_a_csv_without_a_byte_order_mark_and_with_one(tmp_path: Path):
    rows = [["id", "contexts", "outcomes"], ["cafe-1", "Être écouté au café", "Espoir 🙂"]]
    for name, encoding in (("plain.csv", "utf-8"), ("marked.csv", "utf-8-sig")):
        (configuration,) = read_csv(write_csv_rows(tmp_path / name, rows,
                                                   encoding=encoding)).configurations
        assert configuration.outcomes[0].label == "Espoir 🙂"


def test_a_workbook_of_one_sheet_is_its_configurations(tmp_path: Path):
    path = workbook(tmp_path / "one.xlsx", {"Sheet1": [
        ["ID", "Contexts", "Mechanism", "Outcomes", "Theories"],
        ["a", "Trust", "Solution-focused approach", "Patient leads", "Salutogenesis"],
    ]})
    (configuration,) = read_xlsx(path).configurations
    assert configuration.mechanism.resource == "Solution-focused approach"  # undivided
    assert configuration.theories == ("Salutogenesis",)


def test_evidence_without_a_stance_reads_as_supports_with_a_warning(tmp_path: Path):
    path = workbook(tmp_path / "review.xlsx", {
        "configurations": [["id", "contexts", "outcomes", "evidence ids"],
                           ["a", "Trust", "Hope", "q1\nq2"]],
        "excerpts": [["id", "source", "text", "stance"],
                     ["q1", "s1", "[synthetic]", "refutes"],
                     ["q2", "s1", "[synthetic]", None]],
    })
    with pytest.warns(CmoWarning, match=r"1 pieces of evidence have no stance.*'a' cites 'q2'"):
        configuration = read_xlsx(path).configuration("a")
    assert sorted((e.excerpt.id, e.stance) for e in configuration.evidence) == [
        ("q1", "refutes"), ("q2", "supports")]


def test_the_elements_sheet_gives_ids_aliases_and_chains(tmp_path: Path):
    path = workbook(tmp_path / "review.xlsx", {
        "configurations": [["id", "contexts", "mechanism resource", "outcomes"],
                           ["first", "Referral", "Link worker listens", "trust"],
                           ["second", "Trust in the link worker", "Link worker stays", "Hope"]],
        "elements": [["kind", "id", "label", "aliases"],
                     ["Outcome", "trust", "Patient trusts the link worker",
                      "Trust in the link worker"],
                     ["contexts", "referral", "Patient agrees to a referral", None]],
    })
    collection = read_xlsx(path)
    first, second = collection.configurations
    assert first.outcomes[0].id == "trust" and first.contexts[0].id == "c-referral"
    assert second.contexts[0].id == "trust"  # an alias of an outcome: the chain
    assert second.contexts[0].kind == "context"
    assert {element.id for element in collection.elements} >= {"trust", "referral"}
    assert cmo.io.load(path).chains()


def test_typed_cells_are_read_as_their_text(tmp_path: Path):
    path = workbook(tmp_path / "typed.xlsx", {
        "configurations": [["id", "contexts", "outcomes", "evidence ids"],
                           [3, "Trust", "Hope", 7]],
        "excerpts": [["id", "source", "text", "configuration", "stance", "line", "timestamp",
                      "wave"], [7, "s1", "[synthetic]", 3, "supports", 40.0,
                                dt.time(0, 12, 31), 2]],
        "sources": [["id", "kind", "date"], ["s1", "Interview", dt.datetime(2022, 3, 14)]],
    })
    collection = read_xlsx(path)
    excerpt = collection.configuration("3").evidence[0].excerpt
    assert (excerpt.id, excerpt.line, excerpt.timestamp) == ("7", 40, "00:12:31")
    assert (excerpt.source.kind, excerpt.source.date, excerpt.source.wave) == (
        "interview", dt.date(2022, 3, 14), "2")


def test_an_undivided_mechanism_column_beside_a_resource_column_is_reported(tmp_path: Path):
    path = workbook(tmp_path / "both.xlsx", {"configurations": [
        ["id", "contexts", "Mechanism", "Resource", "outcomes"],
        ["a", "Trust", "Undivided", "Link worker listens", "Hope"],
    ]})
    with pytest.warns(CmoWarning, match="'Mechanism' \\(an undivided mechanism is read only"):
        (configuration,) = read_xlsx(path).configurations
    assert configuration.mechanism.resource == "Link worker listens"


def test_a_blank_optional_sheet_is_no_table(tmp_path: Path):
    path = workbook(tmp_path / "blank.xlsx", {
        "configurations": [["id", "contexts", "outcomes"], ["a", "Trust", "Hope"]],
        "elements": [], "excerpts": [[None]]})
    assert [c.id for c in read_xlsx(path).configurations] == ["a"]
