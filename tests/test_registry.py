"""The format registry (:data:`cmo.io.FORMATS`): what each output is, and the options it takes.

Every writer in the registry (data, diagrams, reports and the logs of the commands) is run
through :func:`cmo.save` with each shared option and with an unknown one: an option the
format takes writes the file, any other is refused by name, with the options it does take,
and nothing is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import cmo
from cmo.exceptions import UnsupportedFormatError, UnsupportedOptionError
from cmo.io import FORMATS, Format, format_for, writable_extensions
from cmo.models import Collection
from cmo.report.import_report import ImportReport
from cmo.sharing.redaction import Redaction
from cmo.theory.diff import diff
from cmo.theory.merge import merge

from .conftest import EXAMPLE
from .test_bad_input import run_cmo

_DRAWING = frozenset({"configurations", "direction", "earlier", "labels", "quotes", "redaction",
                      "themes", "wrap"})
_GRAPHVIZ = _DRAWING | {"max_configurations", "summary"}
_DATA = frozenset({"quotes", "redaction"})
_RDF = _DATA | {"base"}

_NONE: frozenset[str] = frozenset()

#: The kind of output each writer makes, what it is written of, and the options it takes
#: through cmo.save.
EXPECTED: dict[str, tuple[str, str, frozenset[str]]] = {
    "YAML": ("data", "theory", _DATA),
    "JSON": ("data", "theory", _DATA),
    "Turtle": ("data", "theory", _RDF),
    "JSON-LD": ("data", "theory", _RDF),
    "N-Triples": ("data", "theory", _RDF),
    "SVG": ("diagram", "theory", _GRAPHVIZ),
    "PNG": ("diagram", "theory", _GRAPHVIZ),
    "PDF": ("diagram", "theory", _GRAPHVIZ),
    "DOT": ("diagram", "theory", _GRAPHVIZ),
    "Mermaid": ("diagram", "theory", _DRAWING),
    "Outline": ("diagram", "theory", _DRAWING | {"width"}),
    "CSV": ("data", "theory", _DATA),
    "XLSX": ("data", "theory", _DATA),
    "REFI-QDA project": ("data", "theory", _DATA),
    "REFI-QDA codebook": ("data", "theory", _DATA),
    "HTML report": ("report", "theory", _DATA | {"initial", "matrix_by", "standard"}),
    "Markdown report": ("report", "theory", _DATA | {"initial", "matrix_by", "standard"}),
    "Changes as SVG": ("diagram", "versions", frozenset({"labels"})),
    "Changes as PNG": ("diagram", "versions", frozenset({"labels"})),
    "Changes as PDF": ("diagram", "versions", frozenset({"labels"})),
    "Changes as DOT": ("diagram", "versions", frozenset({"labels"})),
    "Refinement log (Markdown)": ("log", "diff", _NONE),
    "Refinement log (text)": ("log", "diff", _NONE),
    "Merge report (Markdown)": ("log", "merge", _NONE),
    "Merge report (text)": ("log", "merge", _NONE),
    "Import report (Markdown)": ("log", "import", _NONE),
    "Import report (text)": ("log", "import", _NONE),
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
    "standard": "rameses-synthesis",
    "matrix_by": "source",
    "theme": ["Trust and hope"],  # a typo of themes: no writer takes it
}


INITIAL = EXAMPLE.parent / "initial.yaml"


@pytest.fixture(scope="module")
def subjects(example_theory: cmo.ProgrammeTheory) -> dict[str, Any]:
    """A value of each subject a file is written of (the import report's note is synthetic)."""
    initial = cmo.load(INITIAL)
    return {
        "theory": example_theory,
        "versions": (initial, example_theory),
        "diff": diff(initial, example_theory),
        "merge": merge(example_theory.collection, Collection(id="other"),
                       names=("theory.yaml", "other.yaml")),
        "import": ImportReport.of("coding.qdpx", example_theory.collection,
                                  ["synthetic note: code 'Misc' was not mapped"]),
    }


def test_every_writer_says_its_kind_its_subject_and_its_options() -> None:
    assert {chosen.name: (chosen.kind, chosen.subject, chosen.accepted_options())
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
    assert writable_extensions(kind="log") == []  # of a theory: logs are of what commands do
    assert writable_extensions(kind="log", subject=None) == [".md", ".txt"] * 3
    assert format_for("Theory.MMD").name == "Mermaid"
    assert format_for("log.MD", subject="diff").name == "Refinement log (Markdown)"
    assert format_for("merge.txt", subject="merge").name == "Merge report (text)"
    assert format_for("changes.gv", subject="versions").name == "Changes as DOT"


def test_a_subject_is_written_only_in_its_formats(tmp_path: Path,
                                                  subjects: dict[str, Any]) -> None:
    path = tmp_path / "log.yaml"
    with pytest.raises(UnsupportedFormatError) as error:
        cmo.save(subjects["diff"], path)
    assert str(error.value) == (f"{path}: cannot write files with extension '.yaml' "
                                "(use one of: .md, .txt)")
    with pytest.raises(TypeError) as refused:
        cmo.save("a theory?", tmp_path / "x.md")
    assert str(refused.value) == (
        "cmo writes no file of a str (it writes a theory, two versions (old, new), a TheoryDiff, "
        "a MergeResult or an ImportReport)")
    assert list(tmp_path.iterdir()) == []


def test_the_logs_are_written_as_the_commands_write_them(tmp_path: Path,
                                                         subjects: dict[str, Any]) -> None:
    written = cmo.save(subjects["import"], tmp_path / "import.md")
    assert written.read_text(encoding="utf-8") == (
        "# Import of coding.qdpx\n\n11 configurations, 15 excerpts, 2 sources\n\n"
        "- synthetic note: code 'Misc' was not mapped\n")
    written = cmo.save(subjects["import"], tmp_path / "import.txt")
    assert written.read_text(encoding="utf-8") == (
        "coding.qdpx: 11 configurations, 15 excerpts, 2 sources\n"
        "  - synthetic note: code 'Misc' was not mapped\n")


@pytest.mark.parametrize("option", sorted(SHARED))
@pytest.mark.parametrize("chosen", WRITERS, ids=lambda chosen: chosen.name)
def test_an_option_is_taken_or_refused_by_name(chosen: Format, option: str, tmp_path: Path,
                                               example_theory: cmo.ProgrammeTheory,
                                               subjects: dict[str, Any]) -> None:
    path = tmp_path / f"theory{chosen.extensions[0]}"
    accepted = EXPECTED[chosen.name][2]
    written = subjects[chosen.subject]
    value = example_theory if option in ("earlier", "initial") else SHARED[option]
    if option in accepted:
        assert cmo.save(written, path, **{option: value}) == path
        assert path.stat().st_size > 0
        return
    with pytest.raises(UnsupportedOptionError) as error:
        cmo.save(written, path, **{option: value})
    takes = f"it takes: {', '.join(sorted(accepted))}" if accepted else "it takes none"
    assert str(error.value) == (f"{path}: {chosen.name} takes no option {option!r} "
                                f"({takes}); nothing was written")
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


def test_import_refuses_a_report_in_no_log_format_before_reading(tmp_path: Path) -> None:
    report = tmp_path / "import.log"
    result = run_cmo("import", EXAMPLE, "-o", tmp_path / "out.yaml", "--report", report)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (f"Error: {report}: cannot write an import report as '.log' "
                             "(use one of: .md, .txt)\n")
    assert list(tmp_path.iterdir()) == []
