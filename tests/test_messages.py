"""The messages a researcher meets on a first day of writing a theory by hand.

Each test writes a small synthetic theory the way a new user might get it wrong, and
checks the whole message, word for word: where the problem is, what it is, what to do.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import cmo.io
import cmo.theory.diff
from cmo.exceptions import InputError

from .test_bad_input import run_cmo

# A configuration with a context and an outcome; each test writes its mechanism.
CONFIGURATION = """\
configurations:
  - id: hope
    contexts: [Patient trusts the link worker]
{mechanism}
    outcomes: [Patient joins a community group]
"""


def problems(text: str, tmp_path: Path, name: str = "theory.yaml") -> list[str]:
    """Every problem ``cmo`` finds in the file ``text``, as printed."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        cmo.io.read(path)
    assert raised.value.source == str(path)
    return [str(problem) for problem in raised.value.problems]


def test_a_misspelt_half_of_a_mechanism_gets_a_did_you_mean(tmp_path: Path) -> None:
    text = CONFIGURATION.format(mechanism="    mechanism:\n"
                                          "      reasonning: Patient feels hopeful")
    assert problems(text, tmp_path) == [
        "line 5, configuration 'hope', field 'mechanism', field 'reasonning': "
        "unknown field 'reasonning' (did you mean 'reasoning'?)"]


def test_a_misspelt_half_of_a_declared_mechanism_gets_a_did_you_mean(tmp_path: Path) -> None:
    text = ("elements:\n"
            "  - id: hopeful\n"
            "    kind: mechanism\n"
            "    resorce: Link worker listens\n"
            + CONFIGURATION.format(mechanism="    mechanism: hopeful"))
    assert problems(text, tmp_path) == [
        "line 4, element 'hopeful', field 'resorce': "
        "unknown field 'resorce' (did you mean 'resource'?)"]


@pytest.mark.parametrize("written", ["    mechanism:", '    mechanism: ""', "    mechanism: {}"])
def test_an_empty_mechanism_is_an_error_not_no_mechanism(written: str, tmp_path: Path) -> None:
    assert problems(CONFIGURATION.format(mechanism=written), tmp_path) == [
        "line 4, configuration 'hope', field 'mechanism': the mechanism is empty (write its "
        "resource and/or reasoning below it, or remove the line 'mechanism:' if the "
        "mechanism is not known yet)"]


def test_a_half_of_a_mechanism_that_is_not_text(tmp_path: Path) -> None:
    text = CONFIGURATION.format(mechanism="    mechanism:\n      resource: [Link worker]")
    assert problems(text, tmp_path) == [
        "line 5, configuration 'hope', field 'mechanism', field 'resource': the mechanism's "
        "resource must be text (write it as text, in quotes if it looks like a number)"]


def test_a_mechanism_written_as_a_list_names_its_field(tmp_path: Path) -> None:
    text = CONFIGURATION.format(mechanism="    mechanism: [Patient feels hopeful]")
    assert problems(text, tmp_path) == [
        "line 4, configuration 'hope', field 'mechanism': input should be a valid string"]


def test_no_mechanism_line_is_still_a_partial_configuration(tmp_path: Path) -> None:
    path = tmp_path / "theory.yaml"
    path.write_text(CONFIGURATION.format(mechanism="    # mechanism: not known yet"),
                    encoding="utf-8")
    assert cmo.io.read(path).configurations[0].shape == "C-O"


def test_a_misspelt_label_in_an_inline_element_is_one_problem(tmp_path: Path) -> None:
    text = CONFIGURATION.format(mechanism="    mechanism: {reasoning: Patient feels hopeful}")
    text = text.replace("[Patient trusts the link worker]", "[{lable: Trust}]")
    assert problems(text, tmp_path) == [
        "line 3, configuration 'hope', context 1, field 'lable': "
        "unknown field 'lable' (did you mean 'label'?)"]


# Synthetic: a theory with one problem of each kind, in every section.
MANY_PROBLEMS = """\
version: v2
revises: v2
sources:
  - id: s1
    kind: interview
    sourse: synthetic
  - id: s2
    kind: intervew
excerpts:
  - id: quote-1
    source: s9
    text: "Synthetic excerpt."
  - id: quote-2
    source: s2
    text: "Synthetic excerpt."
elements:
  - id: c1
    kind: context
    lable: Patient is low
configurations:
  - id: hope
    status: suported
    contexts: [Patient trusts the link worker, c1, c2]
    mechanism: {reasonning: Patient feels hopeful}
    outcomes: [Patient joins a group]
    evidence:
      - {excerpt: qoute-1, stance: supports}
      - {excerpt: quote-2, stance: supports}
  - id: trust
    contexts: [Patient trusts the link worker]
    outcomes: [Patient joins a group]
    evidence:
      - {excerpt: quote-1, stance: agrees}
      - {excerpt: quote-8, stance: supports}
"""


def test_every_problem_in_a_file_is_reported_in_one_run(tmp_path: Path) -> None:
    # Field names, values, references and the version together, in the order of the file;
    # no problem that only follows from another (quote-2's source s2, quote-1's missing source s9).
    assert problems(MANY_PROBLEMS, tmp_path) == [
        "line 6, source 's1', field 'sourse': unknown field 'sourse' (did you mean 'source'?)",
        "line 8, source 's2', field 'kind': 'intervew' is not allowed (use one of: "
        "'interview', 'observation', 'focus group', 'document', 'publication' or 'other')",
        "line 11, excerpt 'quote-1', field 'source': no source has the id 's9' (declare it under "
        "'sources')",
        "line 19, element 'c1', field 'lable': unknown field 'lable' (did you mean 'label'?)",
        "line 22, configuration 'hope', field 'status': 'suported' is not allowed (use one "
        "of: 'proposed', 'supported', 'refined', 'refuted', 'new', 'merged', 'split' or "
        "'abandoned')",
        "line 23, configuration 'hope', context 3: no element has the id 'c2' (declare it "
        "under 'elements', or write a one-word label as {label: c2})",
        "line 24, configuration 'hope', field 'mechanism', field 'reasonning': unknown field "
        "'reasonning' (did you mean 'reasoning'?)",
        "line 27, configuration 'hope', evidence 1, field 'excerpt': no excerpt has the id "
        "'qoute-1' (did you mean 'quote-1'?)",
        "line 33, configuration 'trust', evidence 1, field 'stance': 'agrees' is not allowed "
        "(use one of: 'supports', 'refutes' or 'refines')",
        "line 34, configuration 'trust', evidence 2, field 'excerpt': no excerpt has the id "
        "'quote-8' (did you mean 'quote-2'?)",
        "version 'v2' cannot revise itself (name the label of the earlier version in "
        "'revises')",
    ]


def test_curly_quotes_are_said_not_to_be_yaml_quotes(tmp_path: Path) -> None:
    # Pasted from a word processor: the colon inside the "quotes" ends the key.
    text = "configurations:\n  - id: hope\n    label: “Hope: a sense of it”\n"
    assert problems(text, tmp_path) == [
        "line 3: YAML syntax error: mapping values are not allowed in this context; “ ” are "
        "not YAML quotes (a word processor may have put them in) (write straight quotes, "
        "\" or ', around the text)"]


def test_curly_quotes_are_said_not_to_be_json_quotes(tmp_path: Path) -> None:
    assert problems("{“title”: “Hope”}", tmp_path, "theory.json") == [
        "line 1: JSON syntax error: Expecting property name enclosed in double quotes "
        "(column 2); “ ” are not JSON quotes (write straight double quotes, \", around the "
        "text)"]


def test_other_syntax_errors_keep_their_advice(tmp_path: Path) -> None:
    assert problems("title: ‘Hope’\nconfigurations:\n  - id: [a\n", tmp_path) == [
        "line 4: YAML syntax error: did not find expected ',' or ']' (check indentation, "
        "colons and quotes around this line)"]


# -- choosing what to draw, and derivations ----------------------------------------------------

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "social_prescribing"


def test_a_theme_is_found_whatever_its_case() -> None:
    theory = cmo.load(EXAMPLE / "theory.yaml")
    chosen = theory.filtered(themes=["trust AND hope", " Trust and hope"])
    assert [c.id for c in chosen.configurations] == [
        "trust-through-skills", "anchor-point", "hope-through-trust"]


def test_a_theme_cmo_render_draws_whatever_its_case(tmp_path: Path) -> None:
    output = tmp_path / "trust.mmd"
    result = run_cmo("render", EXAMPLE / "theory.yaml", "-o", output, "--theme",
                     "TRUST AND HOPE")
    assert result.returncode == 0, result.stderr
    assert "version v2 · 3 configurations" in output.read_text(encoding="utf-8")


@pytest.mark.parametrize(("options", "message"), [
    (("--theme", "Trust and hop"),
     "Error: theme 'Trust and hop': is not in this theory (did you mean 'Trust and hope'?)"),
    (("--around", "hope-trough-trust"),
     "Error: configuration 'hope-trough-trust': no configuration 'hope-trough-trust' (known: "
     "anchor-point, connecting-with, hope-through-trust, motivational-training, "
     "person-centred-care, readiness-to-connect, referral-buy-in, solution-focused-linking, "
     "structural-barriers, trust-through-skills, workload-threat) (did you mean "
     "'hope-through-trust'?)"),
    (("--through", "Patient trust the link worker"),
     "Error: element 'Patient trust the link worker': no element has the id or label "
     "'Patient trust the link worker' (did you mean 'Patient trusts the link worker'?)"),
])
def test_what_to_draw_gets_a_did_you_mean(options: tuple[str, ...], message: str,
                                          tmp_path: Path) -> None:
    output = tmp_path / "part.mmd"
    result = run_cmo("render", EXAMPLE / "theory.yaml", "-o", output, *options)
    assert (result.returncode, result.stderr) == (1, message + "\n")
    assert not output.exists()


def test_a_misspelt_derivation_gets_a_did_you_mean(tmp_path: Path) -> None:
    later = tmp_path / "theory.yaml"
    later.write_text((EXAMPLE / "theory.yaml").read_text(encoding="utf-8").replace(
        "derived_from: [support-person]", "derived_from: [suport-person]"), encoding="utf-8")
    with pytest.raises(InputError) as raised:
        cmo.theory.diff.diff(cmo.load(EXAMPLE / "initial.yaml"), cmo.load(later),
                      names=("initial.yaml", "theory.yaml"))
    assert str(raised.value) == (
        "theory.yaml, configuration 'trust-through-skills', field 'derived_from': names "
        "'suport-person', which is in neither version (did you mean 'support-person'?)")
