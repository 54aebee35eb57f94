"""The framework matrix as an XLSX sheet and as the CSV of its long table."""

from __future__ import annotations

import warnings
from pathlib import Path

import openpyxl
import pytest

from cmo.exceptions import CmoWarning, InputError
from cmo.models import Collection, Configuration, Evidence, Excerpt, Source
from cmo.report.heatmap import STANCE_COLOURS
from cmo.tables.matrix_sheet import _SHADES, SHEET_NAME, write_matrix_csv, write_matrix_xlsx
from cmo.theory.matrix import evidence_matrix

from ..theory.test_matrix import built_case


def _matrix(by: str = "participant"):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CmoWarning)
        return evidence_matrix(built_case(), by=by)


def test_the_sheet_has_three_header_rows_and_a_row_per_case_and_stance(tmp_path: Path):
    path = write_matrix_xlsx(_matrix(), tmp_path / "m.xlsx")
    sheet = openpyxl.load_workbook(path)[SHEET_NAME]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows == [
        ["Synthetic case: evidence by participant and configuration", "theme", "Trust", None,
         "Hope", "(no theme)"],
        [None, "configuration", "c-trust", "c-buy", "c-hope", "c-none"],
        ["participant", "stance", "CMOC 1", "CMOC 3", "CMOC 2", "CMOC 4"],
        ["P1", "supports", 1, 0, 1, 0],
        ["P1", "refutes", 1, 0, 0, 0],
        ["P1", "refines", 0, 0, 0, 0],
        ["P2", "supports", 1, 0, 1, 0],
        ["P2", "refutes", 0, 0, 0, 0],
        ["P2", "refines", 0, 0, 0, 0],
        ["(not given)", "supports", 0, 0, 0, 0],
        ["(not given)", "refutes", 0, 1, 0, 0],
        ["(not given)", "refines", 0, 0, 1, 0],
    ]
    assert [str(cells) for cells in sheet.merged_cells.ranges] == ["C1:D1"]
    assert sheet.freeze_panes == "C4"
    assert sheet["C4"].fill.fgColor.rgb == "00" + _SHADES["supports"]
    assert sheet["D11"].fill.fgColor.rgb == "00" + _SHADES["refutes"]
    assert sheet["D4"].fill.fill_type is None


def test_the_shades_are_lighter_forms_of_the_heatmaps_colours():
    def hue(colour: str) -> tuple[int, ...]:  # which channel is highest, and lowest
        channels = [int(colour.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4)]
        return tuple(sorted(range(3), key=channels.__getitem__))
    assert hue(_SHADES["supports"]) == hue(STANCE_COLOURS["supports"])
    assert hue(_SHADES["refutes"]) == hue(STANCE_COLOURS["refutes"])
    assert hue(_SHADES["refines"]) == hue(STANCE_COLOURS["refines only"])


def test_text_a_spreadsheet_would_run_stays_text(tmp_path: Path):
    source = Source(id="s1", kind="interview", site='=HYPERLINK("http://x.example","go")')
    hope = Configuration(id="hope", theme="=1+1", contexts=[{"label": "A"}],
                         outcomes=[{"label": "B"}],
                         evidence=[Evidence(excerpt=Excerpt(id="x", source=source,
                                                            text="Synthetic"), stance="supports")])
    matrix = evidence_matrix(Collection(configurations=[hope]), by="site")
    sheet = openpyxl.load_workbook(write_matrix_xlsx(matrix, tmp_path / "m.xlsx"))[SHEET_NAME]
    assert (sheet["C1"].value, sheet["C1"].data_type) == ("=1+1", "s")
    assert (sheet["A4"].value, sheet["A4"].data_type) == (
        '=HYPERLINK("http://x.example","go")', "s")
    text = write_matrix_csv(matrix, tmp_path / "m.csv").read_text(encoding="utf-8-sig")
    assert text.splitlines()[1] == "\"'=HYPERLINK(\"\"http://x.example\"\",\"\"go\"\")\",hope," \
                                   "CMOC 1,'=1+1,1,0,0,1"


def test_a_label_no_cell_can_hold_is_one_error_naming_it(tmp_path: Path):
    source = Source(id="s1", kind="interview", site="North \uffff")
    hope = Configuration(id="hope", contexts=[{"label": "A"}], outcomes=[{"label": "B"}],
                         evidence=[Evidence(excerpt=Excerpt(id="x", source=source,
                                                            text="Synthetic"), stance="supports")])
    matrix = evidence_matrix(Collection(configurations=[hope]), by="site")
    with pytest.raises(InputError) as raised:
        write_matrix_xlsx(matrix, tmp_path / "m.xlsx")
    assert str(raised.value) == (
        f"{tmp_path / 'm.xlsx'}: site, theme or title 'North \\uffff': holds the character U+FFFF, "
        "which an Excel workbook cannot (remove it, or export to CSV, YAML or JSON)")
    assert not (tmp_path / "m.xlsx").exists()


def test_the_csv_is_the_long_table(tmp_path: Path):
    text = write_matrix_csv(_matrix("wave"), tmp_path / "m.csv").read_text(encoding="utf-8-sig")
    assert text.splitlines() == [
        "wave,configuration,number,theme,supports,refutes,refines,evidence",
        "1,c-trust,CMOC 1,Trust,1,0,0,1",
        "1,c-hope,CMOC 2,Hope,1,0,0,1",
        "2,c-trust,CMOC 1,Trust,0,1,0,1",
        "10,c-trust,CMOC 1,Trust,1,0,0,1",
        "10,c-hope,CMOC 2,Hope,1,0,0,1",
        "baseline,c-hope,CMOC 2,Hope,0,0,1,1",
        "baseline,c-buy,CMOC 3,Trust,0,1,0,1",
    ]
