"""The explorable theory (cmo explore): the file it writes, its data, and the command."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import cmo
from cmo.cli import cli
from cmo.report.explorer import explorer_data, write_explorer
from cmo.synthetic import synthetic_collection

from ..conftest import EXAMPLE

INITIAL = EXAMPLE.parent / "initial.yaml"
pytestmark = pytest.mark.skipif(shutil.which("dot") is None,
                                reason="the explorer is drawn by Graphviz's dot")


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("explorer") / "theory.html"
    return write_explorer(cmo.load(EXAMPLE), path, initial=cmo.load(INITIAL))


def checked_theory() -> cmo.Collection:
    """Synthetic: one source whose text the theory holds, quoted verbatim, altered, invented."""
    text = ("Synthetic interview. The link worker listened to me and I felt I could trust "
            "her with things I had never told anyone.")
    source = {"id": "s1", "kind": "interview", "participant": "P1", "text": text}
    quotes = {"exact": "The link worker listened to me",
              "altered": "The link worker listened to me and I felt I could trust her with "
                         "things I never told anyone.",
              "invented": "I was given a leaflet about the gym"}
    return cmo.Collection(configurations=[cmo.Configuration(
        id="trust", contexts=[{"label": "Patient feels listened to"}],
        mechanism={"reasoning": "Patient comes to trust the link worker"},
        outcomes=[{"label": "Patient trusts the link worker"}],
        evidence=[{"stance": "supports", "excerpt": {"id": key, "text": quote, "source": source}}
                  for key, quote in quotes.items()])])


def test_one_file_holds_the_diagram_and_the_data(example):
    text = example.read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["'](?!#)""", text)
    data = json.loads(re.search(r"<script type='application/json' id='cmo-data'>(.*?)</script>",
                                text).group(1))
    assert [c["name"] for c in data["configurations"]] == [
        "CMOC 7", "CMOC 2", "CMOC 8", "CMOC 9", "CMOC 4", "CMOC 10", "CMOC 11", "CMOC 12",
        "CMOC 3", "CMOC 5", "CMOC 6"]
    hope = data["configurations"][3]
    assert hope["evidence"] == [{
        "excerpt": "tierney-hope", "source": "tierney2024", "participant": None, "wave": None,
        "site": None, "stance": "supports", "quote": "Patients talked about experiencing a sense "
        "of hope through the trust they developed in a link worker."}]
    assert (hope["status"], hope["rigour"], data["changes"]["hope-through-trust"]) == (
        "new", {"high": 1, "moderate": 0, "low": 0, "not_judged": 0}, "added")
    assert [len(hope["retroduction"]["steps"]), len(hope["retroduction"]["alternatives"])] == [2, 1]
    assert text.count("<figure class='view'") == 2  # the theory, and what changed


def test_cmo_explore_writes_a_redacted_explorer(tmp_path):
    out = tmp_path / "theory.html"
    result = CliRunner().invoke(cli, ["explore", str(INITIAL), str(EXAMPLE), "-o", str(out),
                                      "--redact"])
    assert (result.exit_code, result.output) == (0, f"wrote {out} (redacted)\n")
    data = explorer_data(cmo.load(EXAMPLE))
    assert data["configurations"][0]["evidence"][0]["quote"] is not None
    assert '"quote":null' in out.read_text(encoding="utf-8")
    bad = CliRunner().invoke(cli, ["explore", str(EXAMPLE), "-o", str(tmp_path / "x.svg")])
    assert (bad.exit_code, bad.output.splitlines()[-1]) == (
        1, f"Error: {tmp_path / 'x.svg'}: cannot write an explorer as '.svg' (use one of: .html)")


def test_cmo_explore_verify_marks_quotes(tmp_path):
    theory_path = cmo.save(checked_theory(), tmp_path / "theory.yaml")
    out = tmp_path / "theory.html"
    result = CliRunner().invoke(cli, ["explore", str(theory_path), "-o", str(out), "--verify"])
    assert (result.exit_code, result.output) == (0, f"wrote {out}\n")
    text = out.read_text(encoding="utf-8")
    assert text.count('"status":"near"') == 1 and text.count('"status":"not found"') == 1


def test_configurations_without_a_theme_are_one_part_of_a_large_theory(tmp_path):
    theory = synthetic_collection(70, evidence_per_configuration=1, themes=2)  # synthetic
    loose = theory.replaced(configurations=tuple(
        c.replaced(theme=None) if c.theme == theory.configurations[0].theme else c
        for c in theory.configurations))
    text = write_explorer(loose, tmp_path / "loose.html").read_text(encoding="utf-8")
    assert re.findall(r"<figcaption>([^<]*)</figcaption>", text) == [
        "Summary: one box per theme", "(no theme)", "Trust and hope"]
    assert text.count("<title>programme_theory</title>") == 2  # each part drawn


def test_a_redacted_theory_shows_pseudonyms_and_no_quotes(tmp_path):
    theory = synthetic_collection(3, evidence_per_configuration=1)  # synthetic
    key = cmo.new_key(tmp_path / "team.key")
    saved = cmo.save(theory, tmp_path / "theory.yaml")
    out = tmp_path / "shared.html"
    result = CliRunner().invoke(cli, ["explore", str(saved), "-o", str(out), "--key", str(key)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    participant = theory.configurations[0].evidence[0].excerpt.source.participant
    assert participant == "P00000" and participant not in text
    assert re.search(r'"participant":"P-[0-9a-f]{10}"', text)
    assert "Synthetic excerpt" not in text and '"quote":null' in text


def test_cmo_explore_refuses_bad_input_in_one_message(tmp_path):
    three = CliRunner().invoke(cli, ["explore", str(EXAMPLE), str(EXAMPLE), str(EXAMPLE), "-o",
                                     str(tmp_path / "x.html")])
    assert (three.exit_code, three.output.splitlines()[-1]) == (
        2, "Error: give one theory, or the initial theory and the refined one")
    broken = tmp_path / "broken.yaml"
    broken.write_text("configurations: [\n", encoding="utf-8")
    bad = CliRunner().invoke(cli, ["explore", str(broken), "-o", str(tmp_path / "x.html")])
    assert bad.exit_code == 1 and bad.output.startswith(f"Error: {broken}")
    assert "Traceback" not in bad.output and not (tmp_path / "x.html").exists()
