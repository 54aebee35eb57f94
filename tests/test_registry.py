"""The format registry (:data:`cmo.io.FORMATS`): what each output is, and the options it takes.

Every writer in the registry is run through :func:`cmo.save` with each shared option and
with an unknown one: an option the format takes writes the file, any other is refused by
name, with the options it does take, and nothing is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import cmo
from cmo.exceptions import UnsupportedOptionError
from cmo.io import FORMATS, Format, format_for, writable_extensions
from cmo.sharing.redaction import Redaction

from .conftest import EXAMPLE
from .test_bad_input import run_cmo

_DRAWING = frozenset({"configurations", "direction", "earlier", "labels", "quotes", "redaction",
                      "themes", "wrap"})
_GRAPHVIZ = _DRAWING | {"max_configurations", "summary"}
_DATA = frozenset({"quotes", "redaction"})
_RDF = _DATA | {"base"}

#: The options each writer takes through cmo.save, and the kind of output it makes.
EXPECTED: dict[str, tuple[str, frozenset[str]]] = {
    "YAML": ("data", _DATA),
    "JSON": ("data", _DATA),
    "Turtle": ("data", _RDF),
    "JSON-LD": ("data", _RDF),
    "N-Triples": ("data", _RDF),
    "SVG": ("diagram", _GRAPHVIZ),
    "PNG": ("diagram", _GRAPHVIZ),
    "PDF": ("diagram", _GRAPHVIZ),
    "DOT": ("diagram", _GRAPHVIZ),
    "Mermaid": ("diagram", _DRAWING),
    "Outline": ("diagram", _DRAWING | {"width"}),
    "CSV": ("data", _DATA),
    "XLSX": ("data", _DATA),
    "REFI-QDA project": ("data", _DATA),
    "REFI-QDA codebook": ("data", _DATA),
    "HTML report": ("report", _DATA | {"initial"}),
    "Markdown report": ("report", _DATA | {"initial"}),
}

WRITERS = [chosen for chosen in FORMATS if chosen.writer is not None]

#: A value for each option taken by more than one writer, and a mistyped one. "earlier"
#: and "initial" (an earlier version of the theory) are given the example theory itself.
SHARED: dict[str, Any] = {
    "quotes": False,
    "redaction": Redaction(),
    "themes": ["Trust and hope"],
    "configurations": ["anchor-point"],
    "direction": "TB",
    "wrap": 30,
    "labels": "id",
    "earlier": None,
    "initial": None,
    "summary": True,
    "max_configurations": None,
    "base": "https://example.org/study/",
    "theme": ["Trust and hope"],  # a typo of themes: no writer takes it
}


def test_every_writer_says_its_kind_and_its_options() -> None:
    assert {chosen.name: (chosen.kind, chosen.accepted_options())
            for chosen in WRITERS} == EXPECTED


def test_every_shared_option_is_tried() -> None:
    taken = [option for chosen in WRITERS for option in chosen.accepted_options()]
    assert {option for option in taken if taken.count(option) > 1} == set(SHARED) - {"theme"}


def test_the_kinds_of_output_by_extension() -> None:
    assert sorted(writable_extensions(kind="data")) == [
        ".csv", ".json", ".jsonld", ".nt", ".qdc", ".qdpx", ".ttl", ".xlsx", ".yaml", ".yml"]
    assert sorted(writable_extensions(kind="diagram")) == [
        ".dot", ".gv", ".mmd", ".pdf", ".png", ".svg", ".txt"]
    assert sorted(writable_extensions(kind="report")) == [".html", ".md"]
    assert format_for("Theory.MMD").name == "Mermaid"


@pytest.mark.parametrize("option", sorted(SHARED))
@pytest.mark.parametrize("chosen", WRITERS, ids=lambda chosen: chosen.name)
def test_an_option_is_taken_or_refused_by_name(chosen: Format, option: str, tmp_path: Path,
                                               example_theory: cmo.ProgrammeTheory) -> None:
    path = tmp_path / f"theory{chosen.extensions[0]}"
    accepted = EXPECTED[chosen.name][1]
    value = example_theory if option in ("earlier", "initial") else SHARED[option]
    if option in accepted:
        assert cmo.save(example_theory, path, **{option: value}) == path
        assert path.stat().st_size > 0
        return
    with pytest.raises(UnsupportedOptionError) as error:
        cmo.save(example_theory, path, **{option: value})
    assert str(error.value) == (f"{path}: {chosen.name} takes no option {option!r} "
                                f"(it takes: {', '.join(sorted(accepted))}); nothing was written")
    assert isinstance(error.value, TypeError)
    assert list(tmp_path.iterdir()) == []


def test_several_unknown_options_are_named_together(tmp_path: Path,
                                                    example_theory: cmo.ProgrammeTheory) -> None:
    path = tmp_path / "theory.gv"
    with pytest.raises(UnsupportedOptionError) as error:
        cmo.save(example_theory, path, theme="x", diagram_format="svg", quotes=False)
    assert str(error.value) == (
        f"{path}: DOT takes no options 'diagram_format', 'theme' (it takes: configurations, "
        "direction, earlier, labels, max_configurations, quotes, redaction, summary, themes, "
        "wrap); nothing was written")
    assert list(tmp_path.iterdir()) == []


def test_a_writer_taking_any_option_is_refused_by_the_registry() -> None:
    def swallowing(theory: Any, path: Any, **_: Any) -> None:
        return None

    from cmo.io import _keywords

    with pytest.raises(TypeError, match=r"swallowing takes \*\*options: declare each option"):
        _keywords(swallowing)


_COMMANDS = {"diagram": "draw it with 'cmo render'", "report": "write it with 'cmo report'"}


@pytest.mark.parametrize("extension", sorted(set(writable_extensions())
                                              - set(writable_extensions(kind="data"))))
def test_export_refuses_what_the_registry_says_is_not_data(extension: str,
                                                           tmp_path: Path) -> None:
    output = tmp_path / f"theory{extension}"
    result = run_cmo("export", EXAMPLE, "-o", output)
    chosen = format_for(output)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        f"Error: {output}: {chosen.name} is a {chosen.kind}: {_COMMANDS[chosen.kind]} "
        "('cmo export' writes data: use one of: .csv, .json, .jsonld, .nt, .qdc, .qdpx, .ttl, "
        ".xlsx, .yaml, .yml)\n")
    assert list(tmp_path.iterdir()) == []
