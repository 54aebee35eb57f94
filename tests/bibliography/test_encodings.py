"""Reference lists that are not UTF-8: Windows-1252 and Latin-1, as EndNote, older Zotero and
JabRef exports and database vendors write them, are read with a warning naming the encoding.

Every entry is synthetic (its title says so); the files are built here, byte by byte.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cmo.bibliography import read_bibtex, read_csl_json, read_ris
from cmo.exceptions import InputError

from ..test_bad_input import run_cmo
from . import read_noting

TITLE = "Synthetic test: patients’ trust in a café, über alles"
RIS = (f"TY  - JOUR\r\nID  - muller2020\r\nAU  - Müller, Jürgen\r\nAU  - Dupré, Élodie\r\n"
       f"TI  - {TITLE}\r\nT2  - Santé & Société\r\nPY  - 2020\r\nER  - \r\n")
BIBTEX = ("@article{muller2020,\n  author = {Müller, Jürgen and Dupré, Élodie},\n"
          f"  title = {{{TITLE}}},\n  journal = {{Santé \\& Société}},\n  year = {{2020}}\n}}\n")
CITATION = f"Müller, J. and Dupré, É. (2020). {TITLE}. Santé & Société."


def _windows_1252(place: str, path: Path, byte: str) -> str:
    return (f"{path}: {place}: byte {byte} is not UTF-8: the file is read as Windows-1252 "
            "(cp1252), the encoding it seems to be in (check its accented letters and quotes; "
            "save it as UTF-8 to be sure)")


@pytest.mark.parametrize(("name", "text", "place", "read"), [
    ("refs.ris", RIS, "line 3, column 8", read_ris),
    ("refs.bib", BIBTEX, "line 2, column 14", read_bibtex),
])
def test_windows_1252_is_read_and_named(tmp_path: Path, name: str, text: str, place: str,
                                        read: object) -> None:
    path = tmp_path / name
    path.write_bytes(text.encode("cp1252"))
    collection, notes = read_noting(read, path)  # type: ignore[arg-type]
    assert [(source.id, source.title, source.citation) for source in collection.sources] == [
        ("muller2020", TITLE, CITATION)]
    assert notes == [_windows_1252(place, path, "0xfc")]


def test_latin_1_is_read_as_windows_1252_which_holds_it(tmp_path: Path) -> None:
    path = tmp_path / "refs.ris"
    path.write_bytes("TY  - JOUR\nAU  - Núñez, José\nAU  - Sørensen, Åse\n"
                     "TI  - Synthetic test: à la carte\nPY  - 2019\nER  - \n".encode("latin-1"))
    collection, notes = read_noting(read_ris, path)
    assert [source.citation for source in collection.sources] == [
        "Núñez, J. and Sørensen, Å. (2019). Synthetic test: à la carte."]
    assert notes == [_windows_1252("line 2, column 8", path, "0xfa"),
                     f"{path}: the record on line 1: it has no key; it is read as 'nunez2019' "
                     "(cite it by that id, or give it a key in the reference manager)"]


def test_files_joined_together_keep_their_utf_8_and_their_windows_1252(tmp_path: Path) -> None:
    path = tmp_path / "refs.ris"
    path.write_bytes(RIS.encode("utf-8") + "TY  - JOUR\nID  - dupre2021\nAU  - Dupré, Élodie\n"
                     "TI  - Synthetic test: café\nPY  - 2021\nER  - \n".encode("cp1252"))
    collection, notes = read_noting(read_ris, path)
    assert [source.citation for source in collection.sources] == [
        CITATION, "Dupré, É. (2021). Synthetic test: café."]
    assert notes == [f"{path}: line 11, column 11: byte 0xe9 is not UTF-8: the bytes that are "
                     "not UTF-8 are read as Windows-1252 (cp1252), the encoding they seem to "
                     "be in, and the rest as UTF-8 (check its accented letters and quotes; save "
                     "it as UTF-8 to be sure)"]


def test_utf_8_with_a_byte_order_mark_is_read_without_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "refs.ris"
    path.write_bytes(b"\xef\xbb\xbf" + RIS.encode("utf-8"))
    collection, notes = read_noting(read_ris, path)
    assert ([source.citation for source in collection.sources], notes) == ([CITATION], [])


def test_latex_and_windows_1252_together(tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    path.write_bytes("@article{a2021, author = {M{\\\"u}ller, J. and Dupré, É.}, year = {2021},"
                     " title = {Synthetic test: caf{\\'e} and café}}\n".encode("cp1252"))
    collection, notes = read_noting(read_bibtex, path)
    assert [source.citation for source in collection.sources] == [
        "Müller, J. and Dupré, É. (2021). Synthetic test: café and café."]
    assert notes == [_windows_1252("line 1, column 50", path, "0xe9")]


def test_csl_json_must_be_utf_8(tmp_path: Path) -> None:
    path = tmp_path / "refs.json"
    path.write_bytes('[{"id": "a", "type": "book", "title": "Synthetic café"}]'.encode("cp1252"))
    with pytest.raises(InputError) as caught:
        read_csl_json(path)
    assert str(caught.value) == (f"{path}: line 1, column 53: byte 0xe9 is not valid UTF-8 "
                                 "(save the file as UTF-8 (in most editors: 'Save with "
                                 "encoding'))")


def test_import_reports_the_encoding(tmp_path: Path) -> None:
    source = tmp_path / "refs.ris"
    source.write_bytes(RIS.encode("cp1252"))
    output = tmp_path / "sources.yaml"
    result = run_cmo("import", source, "-o", output)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        f"{source}: 0 configurations, 0 excerpts, 1 sources",
        f"  - {_windows_1252('line 3, column 8', source, '0xfc')}",
        f"wrote {output}",
    ]
