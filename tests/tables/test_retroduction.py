"""The retroduction table: a configuration's inference steps and alternatives, as rows.

Every inference, alternative and quote here is synthetic and says so.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from cmo.exceptions import InputError
from cmo.models import Collection, Configuration, Evidence, Excerpt, Retroduction, Source
from cmo.tables import read_csv, read_xlsx, write_csv, write_xlsx

from ..test_bad_input import run_cmo
from . import workbook, write_csv_rows

CONFIGURATIONS = [["id", "contexts", "outcomes", "evidence ids"],
                  ["hope", "Trust", "Hope", "q1"], ["buy-in", "Unsure", "Referral", None]]
EXCERPTS = [["id", "source", "text", "stance"], ["q1", "p01", "[synthetic quote]", "supports"]]
HEADER = ["configuration", "kind", "order", "move", "inference", "mechanism",
          "set aside because", "excerpts", "theories"]


def _logged() -> Collection:
    quote = Excerpt(id="q1", source=Source(id="p01", kind="interview"), text="[synthetic quote]")
    log = Retroduction(
        steps=[{"move": "abductive", "inference": "Hope read as trust (synthetic)",
                "excerpts": ["q1"], "theories": ["Trust"], "judged_by": "AT",
                "date": dt.date(2024, 3, 1)},
               {"move": "retroductive", "inference": "-Trust needs time (synthetic)"}],
        alternatives=[{"mechanism": "Referral alone (synthetic)",
                       "set_aside_because": "=Not what was seen (synthetic)",
                       "excerpts": ["q1"]}])
    return Collection(configurations=[Configuration(
        id="hope", contexts=[{"label": "Trust"}], outcomes=[{"label": "Hope"}],
        evidence=[Evidence(excerpt=quote, stance="supports")], retroduction=log)])


def test_a_log_is_one_row_per_step_and_alternative(tmp_path: Path):
    path = write_xlsx(_logged(), tmp_path / "theory.xlsx")
    sheet = openpyxl.load_workbook(path)["retroduction"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows == [
        (*HEADER, "judged by", "date"),
        ("hope", "step", 1, "abductive", "Hope read as trust (synthetic)", None, None, "q1",
         "Trust", "AT", "2024-03-01"),
        ("hope", "step", 2, "retroductive", "-Trust needs time (synthetic)", None, None, None,
         None, None, None),
        ("hope", "alternative", 1, None, None, "Referral alone (synthetic)",
         "=Not what was seen (synthetic)", "q1", None, None, None)]
    back = read_xlsx(path)
    assert back == _logged()
    assert [theory.name for theory in back.theories] == ["Trust"]


def test_a_csv_log_sits_beside_the_configurations_with_its_formulas_marked(tmp_path: Path):
    path = write_csv(_logged(), tmp_path / "theory.csv")
    with (tmp_path / "theory.retroduction.csv").open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert [(row["kind"], row["inference"] or row["set aside because"]) for row in rows] == [
        ("step", "Hope read as trust (synthetic)"), ("step", "'-Trust needs time (synthetic)"),
        ("alternative", "'=Not what was seen (synthetic)")]
    assert read_csv(path) == _logged()


def _read(tmp_path: Path, rows: list[list[object]]) -> Collection:
    return read_xlsx(workbook(tmp_path / "log.xlsx", {
        "configurations": CONFIGURATIONS, "excerpts": EXCERPTS, "retroduction": rows}))


def test_steps_follow_their_order_column_or_else_the_rows(tmp_path: Path):
    collection = _read(tmp_path, [
        ["CMOC ID", "order", "move", "inference", "Alternative mechanism", "Why set aside"],
        ["hope", 2, "Retroduction", "Second (synthetic)", None, None],
        ["hope", 1, "abduction", "First (synthetic)", None, None],
        ["buy-in", None, "inductive", "Only (synthetic)", None, None],
        ["buy-in", None, None, None, "Rival (synthetic)", "Weaker (synthetic)"]])
    hope, buy_in = collection.configurations
    assert [(step.move, step.inference) for step in hope.retroduction.steps] == [
        ("abductive", "First (synthetic)"), ("retroductive", "Second (synthetic)")]
    assert hope.retroduction.alternatives == ()
    assert [step.inference for step in buy_in.retroduction.steps] == ["Only (synthetic)"]
    assert buy_in.retroduction.alternatives[0].set_aside_because == "Weaker (synthetic)"


def _message(tmp_path: Path, rows: list[list[object]]) -> str:
    path = tmp_path / "log.xlsx"
    with pytest.raises(InputError) as raised:
        _read(tmp_path, [HEADER, *rows])
    return str(raised.value).removeprefix(f"{path}: ")


STEP = {"configuration": "hope", "kind": "step", "order": 1, "move": "abductive",
        "inference": "Hope read as trust (synthetic)", "excerpts": "q1"}
ALTERNATIVE = {"configuration": "hope", "kind": "alternative", "order": 1,
               "mechanism": "Referral alone (synthetic)",
               "set aside because": "Not seen (synthetic)"}


def _row(cells: dict[str, object], **changes: object) -> list[object]:
    """A row of the retroduction sheet (``set_aside_because`` for 'set aside because')."""
    changed = {**cells, **{name.replace("_", " "): value for name, value in changes.items()}}
    return [changed.get(header) for header in HEADER]


@pytest.mark.parametrize(("rows", "expected"), [
    ([_row(STEP, move="abductiv")],
     "sheet 'retroduction', row 2, column 'move' (D): unknown move 'abductiv' (did you mean "
     "'abductive'? use one of: abductive, deductive, inductive, retroductive)"),
    ([_row(STEP, excerpts="q01")],
     "sheet 'retroduction', row 2, column 'excerpts' (H): no excerpt has the id 'q01' (did you "
     "mean 'q1'?)"),
    ([_row(STEP, configuration="hop")],
     "sheet 'retroduction', row 2, column 'configuration' (A): no configuration has the id "
     "'hop' (did you mean 'hope'?)"),
    ([_row(STEP), _row(STEP, inference="Another step (synthetic)")],
     "sheet 'retroduction', row 3, column 'order' (C): configuration 'hope' has step 1 twice "
     "(also on row 2) (give each step of a configuration its own order (1, 2, 3...))"),
    ([_row(STEP), _row(STEP, order=None)],
     "sheet 'retroduction', row 3, column 'order' (C): the step has no order, though other "
     "steps of configuration 'hope' have one (number every step of the configuration "
     "(1, 2, 3...), or none (they are then in the order of the rows))"),
    ([_row(STEP, mechanism="Rival (synthetic)")],
     "sheet 'retroduction', row 2, column 'mechanism' (F): column 'mechanism' is for "
     "alternatives, and this row is a step (empty the cell, or move it to a row of its own)"),
    ([_row(ALTERNATIVE, set_aside_because=None)],
     "sheet 'retroduction', row 2, column 'set aside because' (G): the alternative has no "
     "reason for setting it aside (write why it was set aside)"),
    ([_row(STEP, kind="guess")],
     "sheet 'retroduction', row 2, column 'kind' (B): unknown kind of entry 'guess' (use one "
     "of: alternative, step)"),
    ([_row({"configuration": "hope", "excerpts": "q1", "theories": "Trust"})],
     "sheet 'retroduction', row 2, column 'kind' (B): the row is neither a step nor an "
     "alternative (write 'step' (with a move and an inference) or 'alternative' (with a "
     "mechanism and why it was set aside) in the kind column)"),
    ([_row(STEP, configuration=None)],
     "sheet 'retroduction', row 2, column 'configuration' (A): the row names no configuration "
     "(write the id of the configuration whose log it belongs to)"),
])
def test_a_bad_log_gets_one_clear_message(rows: list[list[object]], expected: str,
                                          tmp_path: Path):
    assert _message(tmp_path, rows) == expected


def test_a_bad_date_of_a_step(tmp_path: Path):
    path = workbook(tmp_path / "log.xlsx", {
        "configurations": CONFIGURATIONS, "excerpts": EXCERPTS,
        "retroduction": [[*HEADER, "date"], [*_row(STEP), "March"]]})
    with pytest.raises(InputError) as raised:
        read_xlsx(path)
    assert str(raised.value) == (
        f"{path}: sheet 'retroduction', row 2, column 'date' (J): 'March' is not a date "
        "(write dates as YYYY-MM-DD, e.g. 2024-03-01)")


def test_cmo_import_refuses_a_log_citing_a_missing_excerpt(tmp_path: Path):
    path = write_csv_rows(tmp_path / "theory.csv", CONFIGURATIONS)
    write_csv_rows(tmp_path / "theory.excerpts.csv", EXCERPTS)
    write_csv_rows(tmp_path / "theory.retroduction.csv",
                   [HEADER, _row(STEP, excerpts="q9")])
    output = tmp_path / "out.yaml"
    result = run_cmo("import", path, "-o", output)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert ("theory.retroduction.csv, row 2, column 'excerpts' (H): no excerpt has the id "
            "'q9' (add it to the excerpts table, or correct the id)") in result.stderr
    assert not output.exists()
