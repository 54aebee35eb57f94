"""The framework matrix: cases, sites, waves, sources or kinds against configurations."""

from __future__ import annotations

import warnings

import pytest

from cmo.exceptions import CmoWarning, InputError
from cmo.io import load
from cmo.models import Collection, Configuration, Evidence, Excerpt, Source
from cmo.theory.matrix import MATRIX_BY, NOT_GIVEN, Cell, evidence_matrix

from ..conftest import EXAMPLE


def built_case() -> Collection:
    """A synthetic case: four sources (one without participant or role; rigour judged high,
    not at all, moderate and low), six excerpts, four configurations in two themes and none
    (one without evidence)."""
    sources = [
        Source(id="s1", kind="interview", participant="P1", participant_role="patient",
               site="North", wave=1, appraisal={"rigour": "high"}),
        Source(id="s2", kind="interview", participant="P1", participant_role="patient",
               site="North", wave=2),
        Source(id="s3", kind="interview", participant="P2", participant_role="link worker",
               site="South", wave=10, appraisal={"rigour": "moderate"}),
        Source(id="s4", kind="observation", site="South", wave="baseline",
               appraisal={"rigour": "low"}),
    ]
    source_of = {"x1": 0, "x2": 1, "x3": 2, "x4": 3, "x5": 2, "x6": 3}
    excerpts = {id: Excerpt(id=id, source=sources[number], text=f"Synthetic excerpt {id}")
                for id, number in source_of.items()}

    def cmoc(id: str, theme: str | None, *cited: tuple[str, str]) -> Configuration:
        return Configuration(id=id, theme=theme, contexts=[{"label": f"Context {id}"}],
                             outcomes=[{"label": f"Outcome {id}"}],
                             evidence=[Evidence(excerpt=excerpts[x], stance=stance)
                                       for x, stance in cited])

    return Collection(title="Synthetic case", configurations=[
        cmoc("c-trust", "Trust", ("x1", "supports"), ("x2", "refutes"), ("x3", "supports")),
        cmoc("c-hope", "Hope", ("x1", "supports"), ("x4", "refines"), ("x5", "supports")),
        cmoc("c-buy", "Trust", ("x6", "refutes")),
        cmoc("c-none", None),
    ])


def test_rows_are_the_participants_and_cells_count_evidence_by_stance():
    with pytest.warns(CmoWarning) as caught:
        matrix = evidence_matrix(built_case(), by="participant")
    assert [str(w.message) for w in caught] == [
        "1 of 4 sources gives no participant: their evidence is counted under '(not given)'"]
    assert matrix.rows == ("P1", "P2", NOT_GIVEN)
    assert [(c.configuration, c.name, c.theme) for c in matrix.columns] == [
        ("c-trust", "CMOC 1", "Trust"), ("c-hope", "CMOC 2", "Hope"),
        ("c-buy", "CMOC 3", "Trust"), ("c-none", "CMOC 4", None)]
    assert matrix.cell("P1", "c-trust") == Cell(supports=1, refutes=1)
    assert matrix.cell("P1", "c-hope") == Cell(supports=1)
    assert matrix.cell("P2", "c-trust") == Cell(supports=1)
    assert matrix.cell(NOT_GIVEN, "c-hope") == Cell(refines=1)
    assert matrix.cell(NOT_GIVEN, "c-buy") == Cell(refutes=1)
    assert matrix.cell("P2", "c-none") == Cell()
    assert matrix.total == 7
    assert matrix.title == "Synthetic case"


def test_the_long_table_has_one_row_per_row_value_and_configuration_with_evidence():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CmoWarning)
        records = evidence_matrix(built_case(), by="participant").records()
    assert records == [
        {"participant": "P1", "configuration": "c-trust", "number": "CMOC 1", "theme": "Trust",
         "supports": 1, "refutes": 1, "refines": 0, "evidence": 2},
        {"participant": "P1", "configuration": "c-hope", "number": "CMOC 2", "theme": "Hope",
         "supports": 1, "refutes": 0, "refines": 0, "evidence": 1},
        {"participant": "P2", "configuration": "c-trust", "number": "CMOC 1", "theme": "Trust",
         "supports": 1, "refutes": 0, "refines": 0, "evidence": 1},
        {"participant": "P2", "configuration": "c-hope", "number": "CMOC 2", "theme": "Hope",
         "supports": 1, "refutes": 0, "refines": 0, "evidence": 1},
        {"participant": NOT_GIVEN, "configuration": "c-hope", "number": "CMOC 2",
         "theme": "Hope", "supports": 0, "refutes": 0, "refines": 1, "evidence": 1},
        {"participant": NOT_GIVEN, "configuration": "c-buy", "number": "CMOC 3",
         "theme": "Trust", "supports": 0, "refutes": 1, "refines": 0, "evidence": 1},
    ]


def test_to_pandas_is_the_long_table():
    pytest.importorskip("pandas")
    frame = evidence_matrix(built_case(), by="site").to_pandas()
    assert list(frame.columns) == ["site", "configuration", "number", "theme", "supports",
                                   "refutes", "refines", "evidence"]
    assert frame["evidence"].sum() == 7
    wide = frame.pivot_table(index="site", columns="number", values="evidence", fill_value=0)
    assert wide.loc["South"].to_dict() == {"CMOC 1": 1, "CMOC 2": 2, "CMOC 3": 1}


def test_waves_go_in_numeric_order_then_other_labels():
    matrix = evidence_matrix(built_case(), by="wave")
    assert matrix.rows == ("1", "2", "10", "baseline")
    assert matrix.cell("10", "c-hope") == Cell(supports=1)
    assert matrix.cell("baseline", "c-buy") == Cell(refutes=1)


@pytest.mark.parametrize(("by", "rows"), [
    ("role", ("link worker", "patient", NOT_GIVEN)),
    ("site", ("North", "South")),
    ("source", ("s1", "s2", "s3", "s4")),
    ("kind", ("interview", "observation")),
])
def test_every_choice_of_rows_counts_every_piece_of_evidence_once(by, rows):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CmoWarning)
        matrix = evidence_matrix(built_case(), by=by)
    assert matrix.rows == rows
    assert matrix.total == 7
    assert sum(r["evidence"] for r in matrix.records()) == 7


def test_columns_grouped_by_theme_in_the_order_themes_first_appear():
    matrix = evidence_matrix(built_case(), by="kind")
    assert [(theme, [c.name for c in group]) for theme, group in matrix.by_theme()] == [
        ("Trust", ["CMOC 1", "CMOC 3"]), ("Hope", ["CMOC 2"]), ("(no theme)", ["CMOC 4"])]


def test_a_field_no_source_gives_is_one_error_naming_it_and_the_fix():
    case = built_case()
    bare = case.replaced(configurations=tuple(
        c.replaced(evidence=tuple(e for e in c.evidence if e.excerpt.source.id == "s4"))
        for c in case.configurations))
    with pytest.raises(InputError) as raised:
        evidence_matrix(bare, by="participant")
    assert str(raised.value) == ("no source gives its participant (fill 'participant' in "
                                 "sources, or count by source instead)")
    with pytest.raises(InputError, match=r"^no source gives its participant role \(fill "
                                         r"'participant_role' in sources"):
        evidence_matrix(bare, by="role")


def test_an_unknown_choice_lists_the_choices():
    with pytest.raises(ValueError) as raised:
        evidence_matrix(built_case(), by="sites")
    assert str(raised.value) == ("unknown matrix rows: 'sites' (must be one of ['kind', "
                                 "'participant', 'role', 'site', 'source', 'wave'])")
    assert MATRIX_BY == ("participant", "role", "site", "wave", "source", "kind")


def test_a_theory_without_evidence_makes_an_empty_matrix():
    matrix = evidence_matrix(Collection(configurations=[
        Configuration(id="c", contexts=[{"label": "A"}], outcomes=[{"label": "B"}])]), "site")
    assert (matrix.rows, matrix.total, matrix.records()) == ((), 0, [])


def test_the_worked_example_by_source_role_and_kind():
    theory = load(EXAMPLE)
    by_source = evidence_matrix(theory, by="source")
    assert by_source.rows == ("griffiths2023", "tierney2024")
    assert {(r["source"], r["number"]): (r["supports"], r["refutes"], r["refines"])
            for r in by_source.records()} == {
        ("tierney2024", "CMOC 1"): (1, 0, 1), ("tierney2024", "CMOC 2"): (1, 0, 0),
        ("tierney2024", "CMOC 3"): (2, 0, 0), ("tierney2024", "CMOC 4"): (1, 0, 0),
        ("tierney2024", "CMOC 5"): (2, 0, 0), ("tierney2024", "CMOC 6"): (2, 0, 0),
        ("tierney2024", "CMOC 7"): (1, 0, 0), ("tierney2024", "CMOC 8"): (1, 0, 0),
        ("griffiths2023", "CMOC 9"): (3, 0, 0), ("griffiths2023", "CMOC 10"): (1, 0, 0),
        ("griffiths2023", "CMOC 11"): (2, 0, 0)}
    by_role = evidence_matrix(theory, by="role")
    assert by_role.rows == ("link worker", "patient")
    assert [sum(r["evidence"] for r in by_role.records() if r["role"] == role)
            for role in by_role.rows] == [6, 12]
    assert evidence_matrix(theory, by="kind").rows == ("publication",)
    with pytest.raises(InputError, match=r"^no source gives its site \(fill 'site' in "
                                         r"sources, or count by source instead\)$"):
        evidence_matrix(theory, by="site")


def test_only_the_evidence_kept_counts():
    matrix = evidence_matrix(built_case(), by="site",
                             keep=lambda evidence: evidence.stance != "supports")
    assert matrix.rows == ("North", "South")
    assert matrix.total == 3
    assert matrix.cell("North", "c-trust") == Cell(refutes=1)
    assert matrix.cell("South", "c-hope") == Cell(refines=1)


def test_only_evidence_of_the_rigour_asked_for_counts():
    matrix = evidence_matrix(built_case(), by="site", min_rigour="moderate")
    assert matrix.total == 4  # s1 (high) and s3 (moderate); s2 not judged, s4 low
    assert matrix.cell("North", "c-trust") == Cell(supports=1)
    assert matrix.cell("South", "c-hope") == Cell(supports=1)
    with pytest.raises(InputError, match=r"^min_rigour: 'very high' is not a level of the "
                                         r"rigour scale \(use one of: high, moderate, low\)$"):
        evidence_matrix(built_case(), by="site", min_rigour="very high")


def test_rows_sort_with_the_numbers_in_them_by_value():
    sources = [Source(id=f"s{n}", kind="interview", participant=f"P{n}", site=site)
               for n, site in ((10, "Site ²"), (2, "site b"), (1, "Site A"), (33, "Site A"))]
    configuration = Configuration(
        id="c", contexts=[{"label": "A"}], outcomes=[{"label": "B"}],
        evidence=[Evidence(excerpt=Excerpt(id=f"x-{s.id}", source=s, text="Synthetic"),
                           stance="supports") for s in sources])
    collection = Collection(configurations=[configuration])
    assert evidence_matrix(collection, by="participant").rows == ("P1", "P2", "P10", "P33")
    assert evidence_matrix(collection, by="source").rows == ("s1", "s2", "s10", "s33")
    assert evidence_matrix(collection, by="site").rows == ("Site A", "site b", "Site ²")
