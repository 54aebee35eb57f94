"""Bad tables get one clear InputError naming the file and the place, never the quotes.

Each case is read through the Python API; a few also through the real ``cmo import``,
which must exit 1 with one message, no traceback, and no output file.
"""

from __future__ import annotations

import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

import cmo.io
from cmo.exceptions import CmoWarning, InputError
from cmo.models import Collection, Configuration, Excerpt, Source
from cmo.tables import read_csv, read_xlsx, write_csv, write_xlsx

from ..test_bad_input import run_cmo
from . import workbook, write_csv_rows

#: A quote that must never appear in a message.
SECRET = "[synthetic confidential quote 7f3a]"
GOOD_CONFIGURATIONS = [["id", "contexts", "mechanism reasoning", "outcomes", "evidence ids"],
                       ["trust", "Referral", "Patient feels heard", "Trust", "q1"],
                       ["hope", "Trust", "Patient feels hope", "Hope", None]]
GOOD_EXCERPTS = [["id", "source", "text", "configuration", "stance"],
                 ["q1", "p01", SECRET, "trust", "supports"]]


def _book(**sheets: list[list[object]]) -> Callable[[Path], Path]:
    chosen = {"configurations": GOOD_CONFIGURATIONS, "excerpts": GOOD_EXCERPTS, **sheets}
    return lambda path: workbook(path / "bad.xlsx", {name: rows for name, rows in
                                                      chosen.items() if rows is not None})


def _renamed_text(path: Path) -> Path:
    target = path / "bad.xlsx"
    target.write_text("id,contexts,outcomes\n", encoding="utf-8")
    return target


def _zip_of_nothing(path: Path) -> Path:
    target = path / "bad.xlsx"
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("notes.txt", "not a workbook")
    return target


def _csv(rows: list[list[object]], *, encoding: str = "utf-8",
         siblings: dict[str, list[list[object]]] | None = None) -> Callable[[Path], Path]:
    def make(path: Path) -> Path:
        for name, table in (siblings or {}).items():
            write_csv_rows(path / f"bad.{name}.csv", table, encoding=encoding)
        return write_csv_rows(path / "bad.csv", rows, encoding=encoding)
    return make


def _empty_csv(path: Path) -> Path:
    (path / "bad.csv").write_bytes(b"\xef\xbb\xbf \r\n")
    return path / "bad.csv"


# name: (how to make the file in a folder, fragments the message must contain)
CASES: dict[str, tuple[Callable[[Path], Path], tuple[str, ...]]] = {
    "no header row": (
        _book(configurations=[[None, None], *GOOD_CONFIGURATIONS]),
        ("bad.xlsx", "sheet 'configurations', row 1", "no header row", "row 1")),
    "header row of numbers": (
        _book(excerpts=[[1, 2, 3], ["q1", "p01", SECRET]]),
        ("bad.xlsx", "sheet 'excerpts', row 1", "not a header row", "A1, B1, C1")),
    "a title above the header row": (
        _book(configurations=[["Data extraction (synthetic)"], *GOOD_CONFIGURATIONS]),
        ("bad.xlsx", "sheet 'configurations', row 1",
         "none of the headers in row 1 is a column of the configurations table",
         "id, theme, status, contexts")),
    "configurations sheet missing": (
        _book(configurations=None, Configs=GOOD_CONFIGURATIONS),
        ("bad.xlsx", "sheet 'configurations'", "is missing", "'Configs'", "'excerpts'")),
    "renamed text file": (_renamed_text, ("bad.xlsx", "not an Excel workbook", "save it as")),
    "ZIP that is no workbook": (_zip_of_nothing, ("bad.xlsx", "ZIP archive", "not an Excel")),
    "empty CSV": (_empty_csv, ("bad.csv", "empty")),
    "CSV in another encoding": (
        _csv([["id", "contexts", "outcomes"], ["a", "Café société “quoted”", "Hope"]],
             encoding="cp1252"),
        ("bad.csv", "line 2, column", "not UTF-8", "looks like", "CSV UTF-8")),
    "unknown stance": (
        _book(excerpts=[GOOD_EXCERPTS[0], ["q1", "p01", SECRET, "trust", "suports"]]),
        ("bad.xlsx", "sheet 'excerpts', row 2, column 'stance' (E)", "unknown stance 'suports'",
         "did you mean 'supports'?")),
    "evidence ids naming no excerpt": (
        _book(configurations=[*GOOD_CONFIGURATIONS[:2], ["hope", "Trust", "Feels hope", "Hope",
                                                         "q01"]]),
        ("bad.xlsx", "sheet 'configurations', row 3, column 'evidence ids' (E)",
         "no excerpt has the id 'q01'", "did you mean 'q1'?")),
    "configuration with one part": (
        _book(configurations=[*GOOD_CONFIGURATIONS, ["lonely", "Trust", None, None, None]]),
        ("bad.xlsx", "sheet 'configurations', row 4", "configuration 'lonely'",
         "at least two")),
    "duplicate configuration id": (
        _book(configurations=[*GOOD_CONFIGURATIONS, ["trust", "Doubt", "Unsure", "Less", None]]),
        ("bad.xlsx", "sheet 'configurations', row 4, column 'id' (A)",
         "'trust' is already used on row 2")),
    "excerpt naming no configuration": (
        _book(excerpts=[GOOD_EXCERPTS[0], ["q1", "p01", SECRET, "trst", "supports"]]),
        ("bad.xlsx", "sheet 'excerpts', row 2, column 'configuration' (D)",
         "no configuration has the id 'trst'", "did you mean 'trust'?")),
    "rows of one excerpt disagree": (
        _book(excerpts=[*GOOD_EXCERPTS, ["q1", "p01", SECRET + " (edited)", "hope", "supports"]]),
        ("bad.xlsx", "sheet 'excerpts', row 3, column 'text' (C)", "excerpt 'q1'",
         "different text", "row 2")),
    "unknown status": (
        _book(configurations=[GOOD_CONFIGURATIONS[0] + ["status"],
                              GOOD_CONFIGURATIONS[1] + ["suported"]]),
        ("bad.xlsx", "column 'status' (F)", "unknown status 'suported'",
         "did you mean 'supported'?")),
    "excerpt with a control character": (
        _csv([["id", "contexts", "outcomes", "evidence ids"], ["a", "Trust", "Hope", "q1"]],
             siblings={"excerpts": [["id", "participant", "quote"],
                                    ["q1", "P01", SECRET + "\x07"]]}),
        ("bad.csv", "bad.excerpts.csv, row 2, column 'quote' (C)", "U+0007")),
    "excerpt naming a source the sources sheet lacks": (
        _book(excerpts=[GOOD_EXCERPTS[0], ["q1", "p4-w2", SECRET, "trust", "supports"]],
              sources=[["id", "kind"], ["p04-w2", "interview"], ["p01", "interview"]]),
        ("bad.xlsx", "sheet 'excerpts', row 2, column 'source' (B)",
         "no source has the id 'p4-w2' (sheet 'sources' lists each source)",
         "did you mean 'p04-w2'?")),
    "excerpt naming a source the sources file lacks": (
        _csv([["id", "contexts", "outcomes", "evidence ids"], ["a", "Trust", "Hope", "q1"]],
             siblings={"excerpts": [["id", "source", "quote"], ["q1", "p4-w2", SECRET]],
                       "sources": [["id", "kind"], ["p04-w2", "interview"]]}),
        ("bad.csv", "bad.excerpts.csv, row 2, column 'source' (B)",
         "no source has the id 'p4-w2' (bad.sources.csv lists each source)",
         "did you mean 'p04-w2'?")),
    "a quote in a column of ids": (
        _csv([["id", "contexts", "outcomes", "evidence ids"],
              ["a", "Trust", "Hope", SECRET + " and more words to make it long"]]),
        ("bad.csv", "row 2, column 'evidence ids' (D)", "the id (66 characters of text, not shown)")),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_tables_get_one_clear_message(case: str, tmp_path: Path):
    make, fragments = CASES[case]
    path = make(tmp_path)
    read = read_xlsx if path.suffix == ".xlsx" else read_csv
    with pytest.raises(InputError) as raised, warnings.catch_warnings():
        warnings.simplefilter("ignore", CmoWarning)  # columns or sheets not understood
        read(path)
    message = str(raised.value)
    assert raised.value.source == str(path)
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in: {message}"
    assert "synthetic confidential" not in message


def test_every_problem_is_reported_at_once(tmp_path: Path):
    path = _book(
        configurations=[*GOOD_CONFIGURATIONS, ["trust", "Doubt", "Unsure", "Less", "q9"]],
        excerpts=[GOOD_EXCERPTS[0], ["q1", "p01", SECRET, "trust", "agrees"]])(tmp_path)
    with pytest.raises(InputError) as raised:
        read_xlsx(path)
    assert [problem.message for problem in raised.value.problems] == [
        "unknown stance 'agrees'", "the id 'trust' is already used on row 2"]


def test_reading_an_excerpts_file_says_to_read_its_configurations(tmp_path: Path):
    path = write_csv_rows(tmp_path / "theory.excerpts.csv", GOOD_EXCERPTS)
    with pytest.raises(InputError, match=r"excerpts table .*read the configurations file, "
                                         r"'theory.csv'"):
        read_csv(path)


def test_a_missing_file(tmp_path: Path):
    for read, name in ((read_xlsx, "none.xlsx"), (read_csv, "none.csv")):
        with pytest.raises(InputError, match="no such file"):
            read(tmp_path / name)


def _quote(text: str, codes: tuple[str, ...] = ()) -> Collection:
    source = Source(id="p01", kind="interview")
    return Collection(excerpts=[Excerpt(id="q1", source=source, text=text, codes=codes)])


@pytest.mark.parametrize(("collection", "fragments"), [
    (_quote("x" * 40_000), ("excerpt 'q1', column 'text'", "40,000 characters", "32,767")),
    (_quote("[synthetic] \ufffe"), ("excerpt 'q1', column 'text'", "U+FFFE")),
])
def test_a_workbook_refuses_what_a_cell_cannot_hold(collection: Collection, fragments,
                                                    tmp_path: Path):
    path = tmp_path / "out.xlsx"
    with pytest.raises(InputError) as raised:
        write_xlsx(collection, path)
    for fragment in ("out.xlsx", *fragments):
        assert fragment in str(raised.value)
    assert list(tmp_path.iterdir()) == []
    write_csv(collection, tmp_path / "out.csv")  # CSV has no such limits
    assert read_csv(tmp_path / "out.csv") == collection


def test_a_value_with_a_line_break_in_a_cell_of_several_is_refused(tmp_path: Path):
    collection = _quote("[synthetic]", codes=("two\nlines",))
    with pytest.raises(InputError, match=r"out.csv: excerpt 'q1', column 'codes': .*line break"):
        write_csv(collection, tmp_path / "out.csv")
    assert list(tmp_path.iterdir()) == []


# -- through the real command ----------------------------------------------------------------


@pytest.mark.parametrize("case", ["no header row", "renamed text file",
                                  "CSV in another encoding", "unknown stance"])
def test_cmo_import_fails_cleanly(case: str, tmp_path: Path):
    make, fragments = CASES[case]
    path = make(tmp_path)
    output = tmp_path / "out.yaml"
    result = run_cmo("import", path, "-o", output)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.count("Error:") == 1
    for fragment in fragments:
        assert fragment in result.stderr
    assert SECRET not in result.stderr + result.stdout
    assert not output.exists()


def test_cmo_export_refuses_a_configuration_cmo_cannot_table(tmp_path: Path):
    theory = Collection(configurations=[Configuration(
        id="a", contexts=[{"label": "Trust"}], outcomes=[{"label": "Hope"}],
        theories=("Two\nlines",))])
    source = cmo.io.save(theory, tmp_path / "theory.yaml")
    result = run_cmo("export", source, "-o", tmp_path / "out.xlsx")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "configuration 'a', column 'theories'" in result.stderr
    assert not (tmp_path / "out.xlsx").exists()
