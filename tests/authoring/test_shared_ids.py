"""The authoring reader applies the models' one rule for shared ids
(:func:`cmo.models.elements.may_share_id`)."""

from __future__ import annotations

from pathlib import Path

import pytest

import cmo.io
from cmo.exceptions import InputError

_ELEMENTS = """\
elements:
  - {{kind: outcome, id: hope, label: Patient feels hope}}
  - {{kind: context, id: hope, label: {label}}}
configurations:
  - {{id: c1, contexts: [hope], outcomes: [hope]}}
"""


def test_a_context_and_an_outcome_that_are_one_state_share_an_id(tmp_path: Path) -> None:
    path = tmp_path / "theory.yaml"
    path.write_text(_ELEMENTS.format(label="Patient feels hope"), encoding="utf-8")
    (configuration,) = cmo.io.read(path).configurations
    assert [e.kind for e in (*configuration.contexts, *configuration.outcomes)] == [
        "context", "outcome"]


def test_two_states_sharing_an_id_are_named(tmp_path: Path) -> None:
    path = tmp_path / "theory.yaml"
    path.write_text(_ELEMENTS.format(label="Hope"), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        cmo.io.read(path)
    assert str(caught.value) == "\n".join([
        f"{path}: 3 problems:",
        *(f"  - line {line}, element 'hope', field 'id': the id 'hope' is used twice (only a "
          "context and an outcome with the same label may share an id)" for line in (2, 3)),
        "  - the id 'hope' is used by an outcome and a context (only a context and an outcome "
        "that are the same state, with the same label, description and aliases, may share an "
        "id)"])
