"""CSV exports a spreadsheet opens safely, and that read back exactly: formulas, huge quotes.

Every quote here is synthetic and says so.
"""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cmo.models import Appraisal, Collection, Configuration, Evidence, Excerpt, Retroduction, Source
from cmo.tables import read_csv, read_xlsx, write_csv, write_xlsx
from cmo.tables.formulas import guarded, unguarded

# Any text a model holds: not blank, no control characters but tab and line ends.
_ANY_TEXT = st.text(st.one_of(st.characters(blacklist_categories=("Cc", "Cs")),
                              st.sampled_from("'=+-@\t\r\n \"")), min_size=1,
                    max_size=30).filter(lambda text: text.strip())


def _theory(text: str, note: str | None = None) -> Collection:
    """A theory holding ``text`` in a quote, a justification of rigour, an inference and an
    alternative mechanism (the text cells of the sources, excerpts and retroduction tables)."""
    source = Source(id="p01", kind="interview",
                    appraisal=Appraisal(rigour={"level": "high", "justification": text}))
    quote = Excerpt(id="q1", source=source, text=text, line=12)
    log = Retroduction(steps=[{"move": "abductive", "inference": text, "excerpts": ["q1"]}],
                       alternatives=[{"mechanism": text, "set_aside_because": note or text}])
    return Collection(configurations=[Configuration(
        id="hope", contexts=[{"label": "Trust"}], outcomes=[{"label": "Hope"}],
        evidence=[Evidence(excerpt=quote, stance="supports", note=note)], retroduction=log)])


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


@pytest.mark.parametrize(("text", "cell"), [
    ("=HYPERLINK(\"http://example.org\") [synthetic]", "'=HYPERLINK(\"http://example.org\") "
                                                       "[synthetic]"),
    ("+44 is a code [synthetic]", "'+44 is a code [synthetic]"),
    ("-5 patients [synthetic]", "'-5 patients [synthetic]"),
    ("@mention [synthetic]", "'@mention [synthetic]"),
    ("\tindented [synthetic]", "'\tindented [synthetic]"),
    ("\rreturn [synthetic]", "'\rreturn [synthetic]"),
    ("'=already marked [synthetic]", "''=already marked [synthetic]"),
    ("'tis plain [synthetic]", "'tis plain [synthetic]"),
    ("a = b [synthetic]", "a = b [synthetic]"),
])
def test_a_cell_a_spreadsheet_would_run_is_written_as_text(text: str, cell: str,
                                                           tmp_path: Path):
    path = write_csv(_theory(text, note=text), tmp_path / "theory.csv")
    (row,) = _rows(tmp_path / "theory.excerpts.csv")
    assert (row["text"], row["evidence note"], row["line"]) == (cell, cell, "12")
    (source,) = _rows(tmp_path / "theory.sources.csv")
    assert source["rigour justification"] == cell
    step, alternative = _rows(tmp_path / "theory.retroduction.csv")
    assert (step["inference"], alternative["mechanism"]) == (cell, cell)
    assert read_csv(path) == _theory(text, note=text)


@given(text=_ANY_TEXT)
def test_guarding_a_cell_is_undone_exactly(text: str):
    assert unguarded(guarded(text)) == text
    assert guarded(text)[:1] not in {"=", "+", "-", "@", "\t", "\r"}


@given(text=_ANY_TEXT, note=_ANY_TEXT)
def test_any_text_survives_a_csv_export(text: str, note: str, tmp_path_factory):
    path = tmp_path_factory.mktemp("csv") / "theory.csv"
    write_csv(_theory(text, note), path)
    (configuration,) = read_csv(path).configurations
    back = configuration.evidence[0]
    assert (back.excerpt.text, back.note) == (text, note)
    assert back.excerpt.source.appraisal.rigour.justification == text
    log = configuration.retroduction
    assert (log.steps[0].inference, log.alternatives[0].set_aside_because) == (text, note)


def test_a_configuration_id_that_looks_like_a_number_is_not_marked(tmp_path: Path):
    theory = Collection(configurations=[Configuration(
        id="7", contexts=[{"label": "Trust"}], outcomes=[{"label": "-Hope"}])])
    path = write_csv(theory, tmp_path / "theory.csv")
    (row,) = _rows(path)
    assert (row["id"], row["outcomes"]) == ("7", "'-Hope")
    assert read_csv(path) == theory


def test_a_quote_longer_than_the_csv_modules_field_limit_survives(tmp_path: Path):
    text = "[synthetic] " + "a long synthetic transcript " * 10_714  # 300,004 characters
    assert len(text) > 300_000 > csv.field_size_limit()
    limit = csv.field_size_limit()
    path = write_csv(_theory(text), tmp_path / "theory.csv")
    assert read_csv(path).excerpts[0].text == text
    assert csv.field_size_limit() == limit  # put back as it was


@pytest.mark.parametrize("text", ["=1+1 [synthetic]", "+1 [synthetic]", "-1 [synthetic]",
                                  "@SUM(A1) [synthetic]", "'=1+1 [synthetic]"])
def test_a_workbook_holds_formula_like_text_as_text(text: str, tmp_path: Path):
    path = write_xlsx(_theory(text), tmp_path / "theory.xlsx")
    with zipfile.ZipFile(path) as archive:
        sheets = [archive.read(name) for name in archive.namelist()
                  if name.startswith("xl/worksheets/sheet")]
    assert not [sheet for sheet in sheets if b"<f>" in sheet]  # no formula anywhere
    assert read_xlsx(path) == _theory(text)
