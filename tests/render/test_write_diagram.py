"""Writing diagrams to files: every format, atomically, through the registry too."""

from __future__ import annotations

import shutil

import pytest

import cmo.io
import cmo.render
from cmo.exceptions import DotNotFoundError, InputError
from cmo.render import to_dot, write_diagram

from .test_parts import CountingTheory

SIGNATURES = {"svg": b"<?xml", "png": b"\x89PNG\r\n\x1a\n", "pdf": b"%PDF-"}


def test_public_api():
    assert cmo.render.__all__ == ["DEFAULT_WRAP", "DIAGRAM_FORMATS", "DIRECTIONS", "LABELS",
                                  "MAX_LAID_OUT",
                                  "diff_to_dot", "to_dot", "to_mermaid", "to_outline",
                                  "write_diagram", "write_diff_diagram", "write_mermaid",
                                  "write_outline"]
    assert sorted(cmo.render.DIAGRAM_FORMATS) == ["dot", "pdf", "png", "svg"]


@pytest.mark.needs_dot
@pytest.mark.parametrize("diagram_format", ["svg", "png", "pdf"])
def test_drawn_formats_are_written(example_theory, tmp_path, diagram_format):
    path = write_diagram(example_theory, tmp_path / f"theory.{diagram_format}",
                         diagram_format=diagram_format)
    assert path == tmp_path / f"theory.{diagram_format}"
    assert path.read_bytes().startswith(SIGNATURES[diagram_format])
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left


@pytest.mark.parametrize("name", ["theory.dot", "theory.gv"])
def test_dot_source_needs_no_graphviz_and_is_deterministic(example_theory, tmp_path,
                                                          monkeypatch, name):
    monkeypatch.setenv("PATH", str(tmp_path))
    first = cmo.io.save(example_theory, tmp_path / name).read_bytes()
    second = write_diagram(example_theory, tmp_path / "again", diagram_format="dot").read_bytes()
    assert first == second == to_dot(example_theory).source.encode("utf-8")


def test_failed_drawing_leaves_an_existing_file_untouched(example_theory, tmp_path,
                                                         monkeypatch):
    target = tmp_path / "out" / "theory.svg"
    target.parent.mkdir()
    target.write_text("the previous diagram", encoding="utf-8")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(DotNotFoundError):
        write_diagram(example_theory, target, diagram_format="svg")
    assert target.read_text(encoding="utf-8") == "the previous diagram"
    assert [p.name for p in target.parent.iterdir()] == ["theory.svg"]


def test_bad_filter_leaves_no_file(example_theory, tmp_path):
    with pytest.raises(InputError, match="theme 'Nope'"):
        write_diagram(example_theory, tmp_path / "theory.dot", diagram_format="dot",
                      themes=["Nope"])
    assert not list(tmp_path.iterdir())


def test_unknown_format_is_refused(example_theory, tmp_path):
    with pytest.raises(ValueError, match=r"\['dot', 'pdf', 'png', 'svg'\]"):
        write_diagram(example_theory, tmp_path / "theory.gif", diagram_format="gif")


@pytest.mark.needs_dot
def test_the_registry_writes_filtered_diagrams(example_theory, tmp_path):
    path = cmo.io.save(example_theory, tmp_path / "trust.svg", themes=["Trust and hope"],
                       wrap=30)
    text = path.read_text(encoding="utf-8")
    assert "Trust and hope" in text and "Buy&#45;in to social prescribing" not in text


def test_a_collection_is_drawn_like_its_theory(example_theory):
    assert to_dot(example_theory.collection).source == to_dot(example_theory).source


@pytest.mark.parametrize(("suffix", "options"), [
    (".gv", {"diagram_format": "dot"}),
    (".svg", {"diagram_format": "svg"}),
    (".gv", {"diagram_format": "dot", "summary": True}),
])
def test_a_diagram_filters_the_theory_once(example_theory, tmp_path, suffix, options):
    if options["diagram_format"] == "svg" and shutil.which("dot") is None:
        pytest.skip("Graphviz 'dot' is not installed (apt-get install graphviz)")
    theory = CountingTheory(example_theory.collection)
    write_diagram(theory, tmp_path / f"part{suffix}", themes=["Trust and hope"], **options)
    assert theory.filterings == 1
    assert to_dot(theory, themes="Trust and hope").source == to_dot(
        example_theory, themes="Trust and hope").source
    assert theory.filterings == 2
