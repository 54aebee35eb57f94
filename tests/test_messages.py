"""The messages a researcher meets on a first day of writing a theory by hand.

Each test writes a small synthetic theory the way a new user might get it wrong, and
checks the whole message, word for word: where the problem is, what it is, what to do.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import cmo.io
from cmo.exceptions import InputError

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
