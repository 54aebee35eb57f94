"""Versions of one theory (:mod:`cmo.theory.versions`), and ``cmo validate`` on them: each
checked on its own, said to be versions."""

from __future__ import annotations

from pathlib import Path

import pytest

from cmo.cli.version_files import validated
from cmo.exceptions import InputError
from cmo.models import Collection, Configuration
from cmo.theory.versions import are_versions, check_derivations

from ..test_bad_input import run_cmo
from ..test_layers import import_graph

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "social_prescribing"


def _copy(tmp_path: Path, name: str, *edits: tuple[str, str]) -> Path:
    text = (EXAMPLES / name).read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_two_versions_are_each_validated_and_said_to_be_versions() -> None:
    result = run_cmo("validate", "initial.yaml", "theory.yaml", cwd=EXAMPLES)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == (
        "initial.yaml: valid\n"
        "  6 configurations (0 partial, 0 unsupported), 19 elements, 2 chains, 1 sources, "
        "5 excerpts\n"
        "theory.yaml: valid\n"
        "  11 configurations (1 partial, 0 unsupported), 33 elements, 4 chains, 2 sources, "
        "15 excerpts\n"
        "  partial: person-centred-care (M-O; no context yet)\n"
        "initial.yaml and theory.yaml are versions of one theory ('social-prescribing'): "
        "v2 revises IPT; each is checked on its own (compare them with: cmo diff "
        "initial.yaml theory.yaml)\n")


def _line_of(path: Path, text: str) -> int:
    """The line of ``path`` on which ``text`` is (the example grows; its lines move)."""
    written = path.read_text(encoding="utf-8")
    return written[:written.index(text)].count("\n") + 1


def test_a_misspelt_derivation_is_refused_with_its_line(tmp_path: Path) -> None:
    theory = _copy(tmp_path, "theory.yaml",
                   ("derived_from: [support-person]", "derived_from: [suport-person]"))
    _copy(tmp_path, "initial.yaml")
    result = run_cmo("validate", "initial.yaml", "theory.yaml", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (1, "")
    line = _line_of(theory, "derived_from: [suport-person]")
    assert result.stderr == (
        f"Error: theory.yaml: line {line}, configuration 'trust-through-skills', field "
        "'derived_from': names 'suport-person', which is in neither version (did you mean "
        "'support-person'?)\n")


def test_an_edited_copy_with_the_same_label_is_a_version(tmp_path: Path) -> None:
    edited = _copy(tmp_path, "theory.yaml", ("status: refined", "status: supported"))
    found = validated(EXAMPLES / "theory.yaml", edited)
    assert [len(theory.configurations) for _, theory in found.theories] == [11, 11]
    assert found.note == (
        f"{EXAMPLES / 'theory.yaml'} and {edited} are versions of one theory "
        "('social-prescribing'): both labelled 'v2', as an edited copy is (cmo diff compares "
        "them as before and after); each is checked on its own (compare them with: cmo diff "
        f"{EXAMPLES / 'theory.yaml'} {edited})")


def test_files_of_different_theories_are_still_merged_and_refused(tmp_path: Path) -> None:
    other = _copy(tmp_path, "initial.yaml", ("id: social-prescribing", "id: other"))
    with pytest.raises(InputError, match="give it different content"):
        validated(other, EXAMPLES / "theory.yaml")


def test_parts_of_one_theory_are_merged(tmp_path: Path) -> None:
    parts = []
    for name in ("hope", "trust"):
        parts.append(tmp_path / f"{name}.yaml")
        parts[-1].write_text(f"id: synthetic\nconfigurations:\n  - id: {name}\n"
                             f"    contexts: [Patient meets the link worker]\n"
                             f"    outcomes: [Patient feels {name}]\n", encoding="utf-8")
    found = validated(*parts)
    assert [(name, len(theory.configurations)) for name, theory in found.theories] == [
        (f"{parts[0]}, {parts[1]}", 2)]
    assert found.note is None


@pytest.mark.parametrize(("headers", "expected"), [
    ((("sp", "IPT", None), ("sp", "v2", "IPT")), True),
    ((("sp", None, None), ("sp", "v2", None)), False),
    ((("sp", "v1", None), ("other", "v2", "v1")), False),
    ((("sp", "v2", None), ("sp", "v2", None)), False),
    ((("sp", None, None), ("sp", "v2", None), ("sp", "v3", "v2")), True),
])
def test_which_collections_are_versions(headers: tuple[tuple[str | None, ...], ...],
                                        expected: bool) -> None:
    collections = [Collection(id=theory_id, version=version, revises=revises)
                   for theory_id, version, revises in headers]
    assert are_versions(collections) is expected


def test_cmo_diff_refuses_a_misspelt_derivation_with_its_line(tmp_path: Path) -> None:
    theory = _copy(tmp_path, "theory.yaml", ("derived_from: [collaborative-networks]",
                                             "derived_from: [colaborative-networks]"))
    _copy(tmp_path, "initial.yaml")
    result = run_cmo("diff", "initial.yaml", "theory.yaml", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (1, "")
    line = _line_of(theory, "derived_from: [colaborative-networks]")
    assert result.stderr == (
        f"Error: theory.yaml: line {line}, configuration 'readiness-to-connect', field "
        "'derived_from': names 'colaborative-networks', which is in neither version (did you "
        "mean 'collaborative-networks'?)\n")


def test_a_derivation_is_placed_by_the_locator_the_reader_gives() -> None:
    parts = {"contexts": [{"label": "Trust"}], "outcomes": [{"label": "Hope"}]}
    earlier = Collection(configurations=[Configuration(id="hope", **parts)])
    later = Collection(configurations=[Configuration(id="hope-v2", derived_from=["hop"],
                                                     **parts)])
    lines = {("configurations", 0, "derived_from", 0): 7}
    with pytest.raises(InputError) as error:
        check_derivations(earlier, later, "v2.yaml", line=lines.get, earlier_name="v1.yaml")
    assert str(error.value) == (
        "v2.yaml: line 7, configuration 'hope-v2', field 'derived_from': names 'hop', which is "
        "in neither version (did you mean 'hope'?)")


def test_the_questions_about_versions_read_no_file() -> None:
    allowed = ("cmo.models", "cmo.theory", "cmo.exceptions", "cmo._helpers")
    imported = set(import_graph().successors("cmo.theory.versions"))
    assert {module for module in imported if not module.startswith(allowed)} == set()
