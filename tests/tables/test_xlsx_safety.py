"""Workbooks from elsewhere: zip bombs, huge string tables, rows padded to XFD, formulas.

Each workbook is written part by part with :mod:`zipfile`, so what a program outside
``cmo`` might write is in front of the reader. The cell texts are synthetic.
"""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from cmo.exceptions import CmoWarning, InputError
from cmo.tables import read_xlsx
from cmo.tables.xlsx_rows import shared_strings

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_BOOK_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def _inline(reference: str, text: str) -> str:
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'


def _row(number: int, cells: str) -> str:
    return f'<row r="{number}">{cells}</row>'


def xlsx(path: Path, rows: str, *, shared: bytes | None = None) -> Path:
    """Write a workbook of one sheet, ``configurations``, whose sheetData is ``rows``."""
    strings = (f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_STRINGS_TYPE}"/>'
               if shared is not None else "")
    string_link = (f'<Relationship Id="rId2" Target="sharedStrings.xml" Type="{_RELS}/'
                   'sharedStrings"/>' if shared is not None else "")
    parts = {
        "[Content_Types].xml": f'<Types xmlns="{_TYPES}"><Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_BOOK_TYPE}"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_SHEET_TYPE}"/>'
        f"{strings}</Types>",
        "_rels/.rels": f'<Relationships xmlns="{_PACKAGE}"><Relationship Id="rId1" '
        f'Type="{_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{_MAIN}" xmlns:r="{_RELS}"><sheets>'
        '<sheet name="configurations" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{_PACKAGE}"><Relationship '
        f'Id="rId1" Type="{_RELS}/worksheet" Target="worksheets/sheet1.xml"/>{string_link}'
        "</Relationships>",
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{_MAIN}"><sheetData>{rows}'
        "</sheetData></worksheet>",
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
        if shared is not None:
            archive.writestr("xl/sharedStrings.xml", shared)
    return path


HEADER = _row(1, _inline("A1", "id") + _inline("B1", "contexts") + _inline("C1", "outcomes"))


def test_a_plain_written_workbook_reads(tmp_path: Path):
    path = xlsx(tmp_path / "t.xlsx", HEADER + _row(2, _inline("A2", "a") + _inline("B2", "C")
                                                   + _inline("C2", "O")))
    (configuration,) = read_xlsx(path).configurations
    assert (configuration.id, configuration.contexts[0].label) == ("a", "C")


def test_six_million_shared_strings_are_refused_at_once(tmp_path: Path):
    strings = b"<sst xmlns=\"" + _MAIN.encode() + b"\">" + b"<si><t>x</t></si>" * 6_000_000 \
        + b"</sst>"
    path = xlsx(tmp_path / "bomb.xlsx", HEADER, shared=strings)
    assert path.stat().st_size < 400_000  # a few hundred kilobytes, as the file
    started = time.perf_counter()
    with pytest.raises(InputError) as caught:
        read_xlsx(path)
    assert time.perf_counter() - started < 5
    assert str(caught.value) == (f"{path}: xl/sharedStrings.xml: inflates more than 200 times "
                                 "its compressed size (a zip bomb?) (do not open this file; "
                                 "ask for a fresh export)")


def test_the_number_of_shared_strings_is_bounded_too(tmp_path: Path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", "<sst>" + "<x:si><x:t>a</x:t></x:si>" * 5000
                         + "</sst>")
    archive = zipfile.ZipFile(buffer)
    assert shared_strings(archive) == 5000
    assert shared_strings(archive, limit=100) < 5000  # stops counting past the limit


def test_rows_padded_to_column_xfd_cost_only_their_values(tmp_path: Path):
    padding = "".join(f'<c r="XFD{number}" s="1"/>' for number in range(1, 2))
    rows = [_row(1, _inline("A1", "id") + _inline("B1", "contexts") + _inline("C1", "outcomes")
                 + padding)]
    rows += [_row(n, _inline(f"A{n}", f"c{n}") + _inline(f"B{n}", "Synthetic context")
                  + _inline(f"C{n}", "Synthetic outcome") + f'<c r="XFD{n}" s="1"/>')
             for n in range(2, 5002)]
    path = xlsx(tmp_path / "padded.xlsx", "".join(rows))
    started = time.perf_counter()
    collection = read_xlsx(path)
    assert time.perf_counter() - started < 20
    assert len(collection.configurations) == 5000


def test_a_value_past_the_header_is_named(tmp_path: Path):
    path = xlsx(tmp_path / "t.xlsx", HEADER + _row(2, _inline("A2", "a") + _inline("B2", "C")
                                                   + _inline("C2", "O")
                                                   + _inline("XFD2", "stray")))
    with pytest.warns(CmoWarning) as caught:
        read_xlsx(path)
    assert [str(w.message) for w in caught] == [
        f"{path}: columns not understood were left out: sheet 'configurations': column XFD "
        "(no header)"]


def test_a_formula_with_no_calculated_value_is_reported(tmp_path: Path):
    rows = HEADER + _row(2, _inline("A2", "a") + '<c r="B2" t="str"><f>CONCAT("C","")</f></c>'
                         + _inline("C2", "O"))
    path = xlsx(tmp_path / "formula.xlsx", rows)
    with pytest.raises(InputError) as caught:
        read_xlsx(path)
    assert str(caught.value).splitlines()[1] == (
        "  - sheet 'configurations', row 2, column B: holds a formula whose value was never "
        "calculated (the program that saved it does not compute formulas) (open the workbook "
        "in Excel or LibreOffice and save it, so the value is stored)")


def test_a_formula_with_its_value_reads_as_the_value(tmp_path: Path):
    rows = HEADER + _row(2, _inline("A2", "a") + '<c r="B2" t="str"><f>CONCAT("C","")</f>'
                         '<v>Calculated</v></c>' + _inline("C2", "O"))
    (configuration,) = read_xlsx(xlsx(tmp_path / "f.xlsx", rows)).configurations
    assert configuration.contexts[0].label == "Calculated"


def test_a_workbook_of_more_than_a_million_texts_is_refused(tmp_path: Path):
    # Distinct texts compress far less than 200 times: only the count catches them.
    strings = b"<sst>" + b"".join(b"<si><t>%d</t></si>" % (number * 7919)
                                  for number in range(1_000_001)) + b"</sst>"
    path = xlsx(tmp_path / "many.xlsx", HEADER, shared=strings)
    with pytest.raises(InputError) as caught:
        read_xlsx(path)
    assert str(caught.value) == (f"{path}: holds more than 1,000,000 distinct texts (shared "
                                 "strings), more than a table of configurations needs (split "
                                 "the workbook, or export the tables as CSV)")


def test_a_header_and_rows_reaching_column_xfd_stay_small(tmp_path: Path):
    rows = [_row(1, _inline("A1", "id") + _inline("B1", "contexts") + _inline("C1", "outcomes")
                 + _inline("XFD1", "Far"))]
    rows += [_row(n, _inline(f"A{n}", f"c{n}") + _inline(f"B{n}", "C") + _inline(f"C{n}", "O")
                  + _inline(f"XFD{n}", "x")) for n in range(2, 5002)]
    path = xlsx(tmp_path / "wide.xlsx", "".join(rows))
    tracemalloc.start()
    try:
        with pytest.warns(CmoWarning):
            collection = read_xlsx(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 150 * 2**20  # padded to XFD, the rows alone would take 650 MB
    assert len(collection.configurations) == 5000
    assert collection.configurations[0].notes == "Far: x"
