"""Headers people write are matched to columns; cells of several values split and join."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cmo.tables.cells import join_values, split_values
from cmo.tables.columns import CONFIGURATIONS, EXCERPTS, TABLES, header_key

from ..strategies import labels


@pytest.mark.parametrize(("header", "field"), [
    ("Context(s)", "contexts"), ("C", "contexts"), ("contexts", "contexts"),
    ("Mechanism (resource)", "mechanism_resource"), ("Resource", "mechanism_resource"),
    ("Mechanism - reasoning", "mechanism_reasoning"), ("Reasoning", "mechanism_reasoning"),
    ("Outcome(s)", "outcomes"), ("O", "outcomes"), ("Evidence IDs", "evidence"),
    ("evidence_ids", "evidence"), ("CMOC", "id"), ("CMOC ID", "id"),
    ("Configuration ID", "id"), ("Theme/Area", "theme"), ("DERIVED-FROM", "derived_from"),
    ("Middle-range theories", "theories"), ("Mechanism", "mechanism"),
])
def test_configuration_headers(header: str, field: str):
    assert CONFIGURATIONS.match([header]).fields == {field: 0}


@pytest.mark.parametrize(("header", "field"), [
    ("Excerpt", "text"), ("Quote", "text"), ("Participant ID", "participant"),
    ("CMOC", "configuration"), ("CMOC ID", "configuration"), ("Quote ID", "id"),
    ("Source type", "source_kind"), ("Evidence note", "note"), ("Timepoint", "wave"),
])
def test_excerpt_headers(header: str, field: str):
    assert EXCERPTS.match([header]).fields == {field: 0}


def test_unknown_and_repeated_headers_are_told_apart():
    matched = CONFIGURATIONS.match(["id", "Context", "Reviewer", "Contexts", "", None])
    assert matched.fields == {"id": 0, "contexts": 1}
    assert matched.unknown == [(2, "Reviewer")]
    assert matched.repeated == [("contexts", 1, 3)]
    assert CONFIGURATIONS.suggest("Contxt") == "contexts"


@pytest.mark.parametrize("spec", TABLES, ids=lambda spec: spec.name)
def test_no_header_names_two_columns_of_a_table(spec):
    fields: dict[str, str] = {}
    for column in spec.columns:
        for header in (column.field, column.header, *column.aliases):
            assert fields.setdefault(header_key(header), column.field) == column.field, header


def test_sheet_names_are_matched_loosely():
    assert CONFIGURATIONS.names_sheet("CMOCs") and EXCERPTS.names_sheet("Quotes")
    assert not CONFIGURATIONS.names_sheet("Sheet1")


@given(values=st.lists(labels, min_size=1, max_size=4, unique=True))
def test_values_joined_in_a_cell_split_back(values: list[str]):
    assert split_values(join_values(values)) == values


def test_semicolons_and_commas_are_prose_unless_a_separator_is_asked_for():
    assert split_values("Housing; employment, caring") == ["Housing; employment, caring"]
    assert split_values("Trust;Hope ; Engagement", separator=";") == [
        "Trust", "Hope", "Engagement"]
    assert split_values("Housing; employment\nHope", separator=";") == [
        "Housing; employment", "Hope"]
    assert split_values("Housing; employment\n") == ["Housing; employment"]
    assert split_values("Trust\r\n\r\nHope\n") == ["Trust", "Hope"]
    assert split_values("Trust\u2028still one") == ["Trust\u2028still one"]
    with pytest.raises(ValueError, match="line break"):
        join_values(["two\nlines"])
