"""``cmo verify``: the summary, the problems (ids, never the quote unless it differs), --strict
and --fix. The transcript and quotes are synthetic."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import cmo
from cmo.cli import cli
from cmo.models import Collection, Configuration, Evidence, Excerpt, Source

from .test_matching import ALTERED, TRANSCRIPT
from .test_verification import extraction_table, write_abstracts


def run(*arguments: object) -> Result:
    return CliRunner().invoke(cli, ["verify", *map(str, arguments)], env={"COLUMNS": "120"})


def test_the_worked_example_passes_strict(abstracts, example_path, tmp_path):
    write_abstracts(abstracts, tmp_path)
    result = run(example_path, "--sources", tmp_path, "--strict")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == ("15 quotes checked: 0 exact at span, 15 exact elsewhere, 0 near, "
                        "0 not found, 0 no text")
    assert "tierney-hope (source tierney2024; cited by hope-through-trust): verbatim at " \
           "1380-1481 (span given: none)" in lines


def test_near_and_invented_quotes_are_shown_and_strict_fails(tmp_path):
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "p01.txt").write_text(TRANSCRIPT, encoding="utf-8")
    table = extraction_table(tmp_path / "table.csv")
    result = run(table, "--sources", tmp_path / "texts", "--strict")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == ("16 quotes checked: 0 exact at span, 4 exact elsewhere, 8 near, "
                        "4 not found, 0 no text")
    near = [line for line in lines if ": near, " in line]
    assert len(near) == 8
    assert ("quote-6 (source p01; cited by cmoc-05): near, 94.8 at 173-269: She sat with me "
            "for an hour and listened to everything, the housing, the [-money,-] {+bills,+} "
            "my mum's health.") in near
    missing = [line.split(" ")[0] for line in lines if line.endswith(": not found")]
    assert missing == ["quote-14", "quote-15", "quote-16", "quote-17"]
    assert lines[-1] == ("Error: 4 quote(s) not found in their sources: quote-14, quote-15, "
                         "quote-16, quote-17")
    assert run(table, "--sources", tmp_path / "texts").exit_code == 0


def test_fix_writes_spans_that_then_verify_at_their_span(tmp_path):
    source = Source(id="p01", kind="interview", text=TRANSCRIPT)
    theory = Collection(configurations=[Configuration(
        id="trust", contexts=[{"label": "Referral"}], outcomes=[{"label": "Trust"}],
        evidence=[Evidence(excerpt=Excerpt(id="q1", source=source, text="She sat with me",
                                           start=0, end=15), stance="supports"),
                  Evidence(excerpt=Excerpt(id="q2", source=source, text=ALTERED[
                      "word changed"][0]), stance="supports")])])
    original = cmo.save(theory, tmp_path / "theory.yaml")
    result = run(original, "--fix", "-o", tmp_path / "fixed.yaml")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == f"wrote {tmp_path / 'fixed.yaml'} (1 span corrected)"
    again = run(tmp_path / "fixed.yaml")
    assert again.output.splitlines()[0] == ("2 quotes checked: 1 exact at span, 0 exact "
                                            "elsewhere, 1 near, 0 not found, 0 no text")
    excerpt = cmo.load(tmp_path / "fixed.yaml").collection.excerpts
    assert [(x.id, x.start, x.end) for x in excerpt] == [("q1", 173, 188), ("q2", None, None)]


@pytest.mark.parametrize("arguments", [["--fix"], ["-o", "out.yaml"]])
def test_fix_and_output_go_together(arguments: list[str], example_path: Path):
    result = run(example_path, *arguments)
    assert result.exit_code == 2
    assert "--fix writes the corrected theory to -o FILE: give both" in result.output


def test_sources_without_text_are_named_once_each(example_path):
    result = run(example_path, "--strict")
    assert result.exit_code == 0
    assert result.output.splitlines()[-2:] == [
        "source griffiths2023: no text to check its 5 quote(s) against (keep its text in the "
        "theory, or give --sources a folder with griffiths2023.txt)",
        "source tierney2024: no text to check its 10 quote(s) against (keep its text in the "
        "theory, or give --sources a folder with tierney2024.txt)"]


def test_a_missing_sources_folder_is_one_message(example_path, tmp_path):
    result = run(example_path, "--sources", tmp_path / "none")
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == (
        f"Error: {tmp_path / 'none'}: no such folder (name the folder that holds the sources' "
        "texts)")
