"""The documentation's examples work: every YAML block of docs/format.md loads."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import cmo
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


def _example_lines() -> list[tuple[str, int, str]]:
    """The Python a reader copies: doctest lines of the README and docs, the example script
    and the walkthrough's code cells, as (file, line, text)."""
    found = []
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.lstrip().startswith((">>> ", "... ")):
                found.append((path.name, number, line.lstrip()[4:]))
    script = ROOT / "examples" / "social_prescribing" / "build_theory.py"
    found += [(script.name, number, line) for number, line
              in enumerate(script.read_text(encoding="utf-8").splitlines(), 1)]
    notebook = ROOT / "examples" / "social_prescribing" / "walkthrough.ipynb"
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    found += [(notebook.name, number, line) for number, cell in enumerate(cells, 1)
              if cell["cell_type"] == "code" for line in cell["source"]]
    return found


def test_the_examples_use_only_the_names_at_the_top_of_cmo():
    """``import cmo`` then ``cmo.NAME`` (or ``from cmo import NAME``): never a module of cmo."""
    public = "|".join(cmo.__all__)
    deep = re.compile(rf"\b(?:from cmo\.\w+|import cmo\.\w+|cmo\.(?!(?:{public})\b)[A-Za-z]\w*)")
    found = [f"{name}:{number}: {text.strip()}" for name, number, text in _example_lines()
             if deep.search(text)]
    assert found == [], "examples reaching into cmo's modules:\n" + "\n".join(found)
