"""The ``cmo`` command on the worked example."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import click

from .conftest import EXAMPLE, ROOT
from .test_bad_input import run_cmo


def test_validate_prints_a_summary():
    result = run_cmo("validate", EXAMPLE)
    assert result.returncode == 0, result.stderr
    assert "valid" in result.stdout
    assert "11 configurations (1 partial, 0 unsupported), 33 elements, 4 chains, " \
           "2 sources, 15 excerpts" in result.stdout
    assert "partial: person-centred-care (M-O; no context yet)" in result.stdout


def _without_columns() -> dict[str, str]:
    return {name: value for name, value in os.environ.items() if name != "COLUMNS"}


def test_stats_piped_is_one_table_with_one_line_per_configuration():
    result = run_cmo("stats", EXAMPLE, env=_without_columns())
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Social prescribing link workers (worked example)"
    assert lines[3].split() == ["number", "configuration", "theme", "shape", "evidence", "supports",
                                "refutes", "refines", "cases", "sources", "participants",
                                "sites", "waves", "roles", "kinds"]
    row = next(line for line in lines if "referral-buy-in" in line)
    assert row.split() == ["1", "referral-buy-in", "Buy-in", "to", "social", "prescribing",
                           "C-M-O", "2", "1", "0", "1", "0", "1", "0", "0", "0", "1", "1"]


def test_stats_fits_a_terminal_of_100_columns_in_parts():
    result = run_cmo("stats", EXAMPLE, env={**_without_columns(), "COLUMNS": "100"})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(len(line.rstrip()) for line in lines) <= 100
    headers = [line.split() for line in lines if line.startswith(" number")]
    assert headers == [
        ["number", "configuration", "theme", "shape", "evidence", "supports"],
        ["number", "configuration", "refutes", "refines", "cases", "sources", "participants",
         "sites", "waves"],  # 'negative cases' over two lines
        ["number", "configuration", "roles", "kinds"]]
    assert [line.split() for line in lines if "referral-buy-in" in line] == [
        ["1", "referral-buy-in", "Buy-in", "to", "social", "prescribing", "C-M-O", "2", "1"],
        ["1", "referral-buy-in", "0", "1", "0", "1", "0", "0", "0"],
        ["1", "referral-buy-in", "1", "1"]]


def test_stats_shows_the_columns_asked_for():
    result = run_cmo("stats", EXAMPLE, "--by-wave", "--columns", "supports, refutes",
                     env=_without_columns())
    assert result.returncode == 0, result.stderr
    assert [line.split() for line in result.stdout.splitlines()][2:5] == [
        ["number", "configuration", "wave", "supports", "refutes"], ["─" * 62],
        ["1", "referral-buy-in", "(no", "wave)", "1", "0"]]


def test_stats_refuses_an_unknown_column_with_a_did_you_mean():
    result = run_cmo("stats", EXAMPLE, "--columns", "suports,refutes")
    assert result.returncode == 1
    assert result.stderr == (
        "Error: --columns: 'suports' is not a column (did you mean 'supports'?) (use some of: "
        "number, configuration, theme, shape, evidence, supports, refutes, refines, negative_cases, "
        "sources, participants, sites, waves, roles, kinds)\n")


def test_stats_help_and_the_docs_explain_every_column():
    from cmo.cli.stats_table import COLUMN_HELP, STRENGTH_COLUMNS, WAVE_COLUMNS

    assert set(COLUMN_HELP) == {*STRENGTH_COLUMNS, *WAVE_COLUMNS}
    shown = run_cmo("stats", "--help", env={**_without_columns(), "COLUMNS": "100"}).stdout
    assert max(len(line) for line in shown.splitlines()) <= 100
    assert "    negative_cases           negative cases: distinct participants whose evidence " \
           "refutes it (a\n                             source that names no participant " \
           "counts as its own case)\n" in shown
    docs = (ROOT / "docs" / "stats.md").read_text(encoding="utf-8")
    assert [name for name in COLUMN_HELP if f"\n| `{name}` |" not in docs] == []


def test_schema_is_json_schema_of_the_format():
    result = run_cmo("schema")
    schema = json.loads(result.stdout)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert {"sources", "excerpts", "elements", "configurations"} <= set(schema["properties"])


def test_export_merges_several_inputs_and_can_withhold_quotes(tmp_path: Path):
    extra = tmp_path / "extra.yaml"
    extra.write_text("""
sources: [{id: p01, kind: interview, participant: P01, site: North, wave: 1}]
excerpts: [{id: q1, source: p01, text: "Synthetic quote, not from a study"}]
configurations:
  - id: extra
    contexts: [trust]
    mechanism: {reasoning: Patient feels safe}
    evidence: [{excerpt: q1, stance: refutes}]
elements: [{id: trust, kind: outcome, label: Patient trusts the link worker}]
""", encoding="utf-8")
    output = tmp_path / "merged.yaml"
    result = run_cmo("export", EXAMPLE, extra, "-o", output, "--no-quotes")
    assert result.returncode == 0, result.stderr
    text = output.read_text(encoding="utf-8")
    assert "Synthetic quote" not in text and "sense of hope through" not in text
    assert text.count("[quote withheld]") == 16
    merged = run_cmo("validate", output)
    assert "12 configurations" in merged.stdout


LONGITUDINAL = """
title: Synthetic longitudinal study (made up for the tests)
sources:
  - {id: p01-w1, kind: interview, participant: P01, participant_role: patient, site: North, wave: 1}
  - {id: p01-w2, kind: interview, participant: P01, participant_role: patient, site: North, wave: 2}
  - {id: p02-w1, kind: interview, participant: P02, participant_role: patient, site: South, wave: 1}
  - {id: lw1-w1, kind: observation, participant: LW1, participant_role: link worker, site: North, wave: 1}
excerpts:
  - {id: q1, source: p01-w1, text: Synthetic quote 1}
  - {id: q2, source: p01-w2, text: Synthetic quote 2}
  - {id: q3, source: p02-w1, text: Synthetic quote 3}
  - {id: q4, source: lw1-w1, text: Synthetic quote 4}
configurations:
  - id: hope-through-trust
    theme: Trust
    contexts: [Patient trusts the link worker]
    mechanism: {reasoning: Patient feels hope}
    outcomes: [Patient engages with support]
    evidence:
      - {excerpt: q1, stance: supports}
      - {excerpt: q2, stance: supports}
      - {excerpt: q3, stance: refutes}
      - {excerpt: q4, stance: supports}
"""


def _cells(output: str, configuration: str) -> list[list[str]]:
    """The cells of a configuration's rows (number, id, ...): columns are two spaces or more
    apart."""
    rows = [re.split(r"\s{2,}", line.strip()) for line in output.splitlines()]
    return [cells for cells in rows if cells[1:2] == [configuration]]


def test_stats_counts_roles_kinds_and_negative_cases(tmp_path: Path):
    path = tmp_path / "longitudinal.yaml"
    path.write_text(LONGITUDINAL, encoding="utf-8")
    result = run_cmo("stats", path, env=_without_columns())
    assert result.returncode == 0, result.stderr
    # evidence, supports, refutes, refines, negative cases, then distinct sources,
    # participants, sites, waves, roles, kinds.
    assert _cells(result.stdout, "hope-through-trust") == [[
        "1", "hope-through-trust", "Trust", "C-M-O", "4", "3", "1", "0", "1", "4", "3", "2", "2",
        "2", "2"]]


def test_stats_by_wave_prints_one_row_per_configuration_and_wave(tmp_path: Path):
    path = tmp_path / "longitudinal.yaml"
    path.write_text(LONGITUDINAL, encoding="utf-8")
    result = run_cmo("stats", "--by-wave", path, env=_without_columns())
    assert result.returncode == 0, result.stderr
    # wave, evidence, sources, participants, supports, refutes, refines, then participants
    # supporting, refuting, refining.
    assert _cells(result.stdout, "hope-through-trust") == [
        ["1", "hope-through-trust", "1", "3", "3", "3", "2", "1", "0", "2", "1", "0"],
        ["1", "hope-through-trust", "2", "1", "1", "1", "1", "0", "0", "1", "0", "0"],
    ]
    assert "Synthetic quote" not in result.stdout


def test_stats_by_wave_of_publications_shows_no_wave():
    result = run_cmo("stats", "--by-wave", EXAMPLE, env=_without_columns())
    assert result.returncode == 0, result.stderr
    assert _cells(result.stdout, "referral-buy-in") == [
        ["1", "referral-buy-in", "(no wave)", "2", "1", "0", "1", "0", "1", "0", "0", "0"]]


def test_render_says_when_there_is_nothing_to_draw(tmp_path: Path):
    theory = tmp_path / "empty.yaml"
    theory.write_text("title: Sources only, so far\nsources:\n  - id: p01\n    kind: interview\n",
                      encoding="utf-8")
    for suffix in (".svg", ".mmd", ".txt"):
        output = tmp_path / f"empty{suffix}"
        result = run_cmo("render", theory, "-o", output)
        assert result.returncode == 1
        assert result.stderr == (
            f"Error: {theory}: nothing to draw: the theory has no configurations (add them "
            f"under 'configurations:', see docs/format.md); {output} was not written\n")
        assert not output.exists()


def _commands() -> dict[str, click.Command]:
    from cmo.cli import cli

    context = click.Context(cli)
    return {name: cli.get_command(context, name) for name in cli.list_commands(context)}


def test_each_group_of_commands_has_its_module():
    assert {name: command.callback.__module__ for name, command in _commands().items()} == {
        "validate": "cmo.cli.checking", "schema": "cmo.cli.checking", "stats": "cmo.cli.stats",
        "render": "cmo.cli.drawing", "export": "cmo.cli.writing", "report": "cmo.cli.writing",
        "diff": "cmo.cli.comparing", "merge": "cmo.cli.comparing",
        "import": "cmo.cli.importing", "store": "cmo.cli.store", "matrix": "cmo.cli.matrix",
        "agree": "cmo.cli.agreeing", "explore": "cmo.cli.explore",
        "verify": "cmo.cli.verifying"}
    modules = (ROOT / "cmo" / "cli").glob("*.py")
    assert {path.name: n for path in modules
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > 400} == {}


def test_the_list_of_commands_says_what_each_command_says_of_itself():
    """``cmo --help`` lists the commands from cmo.cli.COMMANDS, importing none of them: each
    line there is the first paragraph of the command's own help."""
    from cmo.cli import COMMANDS

    assert {name: " ".join(command.help.partition("\n\n")[0].split())
            for name, command in _commands().items()} == {
        name: summary for name, (_, _, summary) in COMMANDS.items()}


def test_the_values_the_options_offer_are_the_layers_own():
    """``--help`` lists choices from cmo.cli.choices, which imports nothing: each value there
    is the one the layer below defines."""
    from cmo.cli import choices
    from cmo.models.appraisal import APPRAISAL_DIMENSIONS
    from cmo.render import MAX_LAID_OUT
    from cmo.theory.matrix import MATRIX_BY

    assert (choices.MATRIX_BY, choices.APPRAISAL_DIMENSIONS, choices.MAX_LAID_OUT) == (
        MATRIX_BY, APPRAISAL_DIMENSIONS, MAX_LAID_OUT)
    assert set(choices.__all__) == {"APPRAISAL_DIMENSIONS", "MATRIX_BY", "MAX_LAID_OUT"}
