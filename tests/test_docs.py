"""The documentation's examples work: every YAML block of docs/format.md loads."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import cmo.io

from .conftest import ROOT

FORMAT = ROOT / "docs" / "format.md"


def yaml_blocks(path: Path) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", path.read_text(encoding="utf-8"), flags=re.S)


@pytest.mark.parametrize("number", range(len(yaml_blocks(FORMAT))))
def test_format_examples_load(number: int, tmp_path: Path) -> None:
    path = tmp_path / "example.yaml"
    path.write_text(yaml_blocks(FORMAT)[number], encoding="utf-8")
    theory = cmo.io.load(path)
    assert theory.configurations


def test_the_complete_example_shows_every_part(tmp_path: Path) -> None:
    path = tmp_path / "example.yaml"
    path.write_text(yaml_blocks(FORMAT)[0], encoding="utf-8")
    theory = cmo.io.load(path)
    assert [c.id for c in theory.configurations] == ["anchor-point", "hope-through-trust",
                                                     "hope-dyad"]
    assert [(c.upstream, c.downstream) for c in theory.chains()] == [
        ("anchor-point", "hope-through-trust")]
    assert [c.id for c in theory.partial_configurations()] == ["hope-dyad"]
    interview = theory.collection.sources[1]
    assert (interview.participant, interview.wave, str(interview.date)) == (
        "P07", "1", "2022-03-14")
    excerpt = theory.collection.excerpts[1]
    assert (excerpt.start, excerpt.end, excerpt.timestamp) == (1520, 1611, "00:12:31")
    dyad = theory.configuration("hope-dyad")
    assert dyad.contexts[0].description.startswith("Carried over")
    anchor = theory.configuration("anchor-point")
    assert (anchor.status, anchor.derived_from) == ("refined", ("trust-through-skills",))
    assert anchor.rationale.startswith("Interviews showed")
    assert (theory.collection.version, str(theory.collection.date)) == ("v2", "2024-06-30")
    assert [(t.name, bool(t.citation)) for t in theory.collection.theories] == [("Trust", True)]
    assert theory.node("Trust in the link worker") == theory.node("trust")  # an alias
