"""Writing a theory as tables and reading them back gives the same theory."""

from __future__ import annotations

import csv
import warnings
from pathlib import Path

import openpyxl
import pytest
from hypothesis import assume, given

import cmo.io
from cmo.exceptions import CmoWarning
from cmo.models import (
    Collection,
    Configuration,
    Context,
    Evidence,
    Excerpt,
    Mechanism,
    Outcome,
    Source,
)
from cmo.sharing.privacy import WITHHELD, withhold_quotes
from cmo.tables import read_csv, read_xlsx, write_csv, write_xlsx

from ..conftest import EXAMPLE
from ..strategies import collections
from . import tabular, xml_safe

FORMATS = {".xlsx": (write_xlsx, read_xlsx), ".csv": (write_csv, read_csv)}


def _without_warnings(function, *arguments, **options):
    with warnings.catch_warnings():
        warnings.simplefilter("error", CmoWarning)
        return function(*arguments, **options)


@given(collection=collections())
def test_xlsx_round_trip_gives_an_equal_collection(collection: Collection, tmp_path_factory):
    collection = tabular(collection)
    assume(xml_safe(collection))
    path = tmp_path_factory.mktemp("xlsx") / "theory.xlsx"
    _without_warnings(write_xlsx, collection, path)
    assert _without_warnings(read_xlsx, path) == collection


@given(collection=collections())
def test_csv_round_trip_gives_an_equal_collection(collection: Collection, tmp_path_factory):
    collection = tabular(collection)
    path = tmp_path_factory.mktemp("csv") / "theory.csv"
    _without_warnings(write_csv, collection, path)
    assert _without_warnings(read_csv, path) == collection


@pytest.mark.parametrize("suffix", sorted(FORMATS))
def test_the_worked_example_survives(suffix: str, example_theory, tmp_path: Path):
    path = tmp_path / f"theory{suffix}"
    _without_warnings(cmo.io.save, example_theory, path)
    assert cmo.io.read(path) == cmo.io.read(EXAMPLE)


def test_one_evidence_row_per_pair_and_one_for_each_uncited_excerpt(tmp_path: Path):
    source = Source(id="p01", kind="interview", participant="P01", site="Site A", wave="1")
    cited = Excerpt(id="q1", source=source, text="[synthetic quote one]", page="3")
    uncited = Excerpt(id="q2", source=source, text="[synthetic quote two]", codes=("hope",))
    evidence = Evidence(excerpt=cited, stance="supports")
    collection = Collection(excerpts=[uncited], configurations=[
        Configuration(id="a", contexts=[{"label": "Trust"}], outcomes=[{"label": "Hope"}],
                      evidence=[evidence]),
        Configuration(id="b", contexts=[{"label": "Doubt"}], outcomes=[{"label": "Hope"}],
                      evidence=[Evidence(excerpt=cited, stance="refutes", note="A negative case")]),
    ])
    path = write_xlsx(collection, tmp_path / "theory.xlsx")
    sheet = openpyxl.load_workbook(path, read_only=True)["excerpts"]
    header, *rest = list(sheet.values)
    rows = [dict(zip(header, row, strict=True)) for row in rest]
    assert [(row["id"], row["configuration"], row["stance"]) for row in rows] == [
        ("q1", "a", "supports"), ("q1", "b", "refutes"), ("q2", None, None)]
    assert rows[1]["evidence note"] == "A negative case"
    assert {row["participant"] for row in rows} == {"P01"}
    back = read_xlsx(path)
    assert back == collection
    assert back.configuration("b").evidence[0].stance == "refutes"
    assert "q2" in {excerpt.id for excerpt in back.excerpts}


@pytest.mark.parametrize("suffix", sorted(FORMATS))
def test_awkward_elements_and_values_survive(suffix: str, tmp_path: Path):
    """Labels that are other elements' ids, labels alike but for case, semicolons in
    values, a label with a line break, mechanisms sharing their halves, a chain, text that
    looks like a formula, and white space at the ends of free text."""
    same = Context(id="c1", label="Same")
    chain = Outcome(id="c1", label="Same")
    housing = Context(id="c3", label="Housing; employment")
    first = Mechanism(id="m1", resource="Link worker listens", reasoning="Patient feels heard")
    second = first.model_copy(update={"id": "m2", "description": "The same halves"})
    source = Source(id="p01", kind="interview")
    formula = Excerpt(id="q1", source=source, text="=SUM(A1) is not a formula",
                      codes=("hope; trust",))
    collection = Collection(configurations=[
        Configuration(id="x", contexts=[Context(id="c0", label="c1"), same,
                                        Context(id="c2", label="same")],
                      mechanism=first, outcomes=[chain],
                      evidence=[Evidence(excerpt=formula, stance="refines", note="  spaced  ")]),
        Configuration(id="y", contexts=[housing, Context(id="c4", label="Two\nlines")],
                      mechanism=second, outcomes=[chain], theories=("Trust; hope",),
                      rationale="\nStarts and ends with a line break\n"),
        Configuration(id="z", contexts=[housing], mechanism=second, outcomes=[chain]),
    ])
    write, read = FORMATS[suffix]
    assert read(_without_warnings(write, collection, tmp_path / f"t{suffix}")) == collection


@pytest.mark.parametrize("suffix", sorted(FORMATS))
def test_quotes_can_be_withheld(suffix: str, example_theory, tmp_path: Path):
    write, read = FORMATS[suffix]
    back = read(write(example_theory, tmp_path / f"t{suffix}", quotes=False))
    assert {excerpt.text for excerpt in back.excerpts} == {WITHHELD}
    assert back == withhold_quotes(example_theory.collection)


def test_source_texts_are_left_out_with_a_warning(tmp_path: Path):
    source = Source(id="p01", kind="interview", text="[synthetic transcript]")
    collection = Collection(excerpts=[Excerpt(id="q1", source=source, text="[synthetic]")])
    with pytest.warns(CmoWarning, match="1 sources' texts"):
        write_xlsx(collection, tmp_path / "t.xlsx")
    assert read_xlsx(tmp_path / "t.xlsx") == tabular(collection)


def test_csv_is_utf8_with_a_byte_order_mark_and_its_tables_sit_beside_it(example_theory,
                                                                        tmp_path: Path):
    path = write_csv(example_theory, tmp_path / "theory.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbfid,")
    with (tmp_path / "theory.excerpts.csv").open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    evidence = sum(len(c.evidence) for c in example_theory.configurations)
    assert len(rows) == evidence  # every excerpt of the example is cited
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "theory.about.csv", "theory.csv", "theory.elements.csv", "theory.excerpts.csv",
        "theory.retroduction.csv", "theory.sources.csv", "theory.theories.csv"]


def test_an_earlier_exports_tables_do_not_linger(example_theory, tmp_path: Path):
    path = tmp_path / "theory.csv"
    write_csv(example_theory, path)
    small = Collection(configurations=[Configuration(
        id="hope", contexts=[{"label": "Trust"}], outcomes=[{"label": "Hope"}])])
    write_csv(small, path)
    assert read_csv(path) == small
    assert (tmp_path / "theory.about.csv").read_bytes().count(b"\n") == 1  # a header alone


@pytest.mark.parametrize("suffix", sorted(FORMATS))
def test_writing_leaves_no_temporary_files(suffix: str, example_theory, tmp_path: Path):
    cmo.io.save(example_theory, tmp_path / f"theory{suffix}")
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
