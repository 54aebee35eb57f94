"""``cmo import refs.bib -o sources.yaml`` works end to end, through the real command."""

from __future__ import annotations

from pathlib import Path

import pytest

import cmo.io
from cmo.exceptions import CmoWarning

from ..test_bad_input import run_cmo
from . import assert_seeds, write
from .test_bibtex import SEEDS


def test_import_writes_the_sources_and_reports_what_it_changed(tmp_path: Path) -> None:
    source = write(tmp_path, "refs.bib", SEEDS + "\n@misc{,\n  author = {Exampleson, A.},\n"
                   "  title = {Synthetic test reference},\n  year = {2020},\n}\n")
    output = tmp_path / "sources.yaml"
    result = run_cmo("import", source, "-o", output)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"{source}: 0 configurations, 0 excerpts, 3 sources",
        f"  - {source}: the entry on line 19: it has no key; it is read as 'exampleson2020' "
        "(cite it by that id, or give it a key in the reference manager)",
        f"wrote {output}",
    ]
    with pytest.warns(CmoWarning, match="it has no key"):
        imported = cmo.io.read(source)
    assert cmo.io.read(output).sources == imported.sources


def test_the_seeds_survive_the_round_trip_through_yaml(tmp_path: Path) -> None:
    output = tmp_path / "sources.yaml"
    result = run_cmo("import", write(tmp_path, "refs.bib", SEEDS), "-o", output)
    assert (result.returncode, result.stderr) == (0, "")
    assert_seeds(cmo.io.read(output))


def test_a_bibtex_file_with_nothing_readable_fails_cleanly(tmp_path: Path) -> None:
    source = write(tmp_path, "refs.bib", "\n@article{synthetic2020,\n  title = {Synthetic {test},\n")
    output = tmp_path / "sources.yaml"
    result = run_cmo("import", source, "-o", output)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr == (f"Error: {source}: entry 'synthetic2020' (line 2): not read: a '{{' "
                             "in this entry is not closed before the end of the file (balance its "
                             "braces { })\n")
    assert list(tmp_path.iterdir()) == [source]


def test_a_ris_file_without_records_fails_cleanly(tmp_path: Path) -> None:
    source = write(tmp_path, "refs.ris", "Synthetic test reference\n")
    output = tmp_path / "sources.yaml"
    result = run_cmo("import", source, "-o", output)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"Error: {source}: no RIS records found" in result.stderr
    assert "'TY  - JOUR'" in result.stderr
    assert list(tmp_path.iterdir()) == [source]


def test_an_empty_file_fails_cleanly(tmp_path: Path) -> None:
    source = write(tmp_path, "refs.bib", "")
    result = run_cmo("import", source, "-o", tmp_path / "sources.yaml")
    assert (result.returncode, "Traceback" in result.stderr) == (1, False)
    assert result.stderr.startswith(f"Error: {source}: the file is empty")
    assert list(tmp_path.iterdir()) == [source]
