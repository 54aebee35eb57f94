"""The ``cmo`` command on the worked example."""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import EXAMPLE
from .test_bad_input import run_cmo


def test_validate_prints_a_summary():
    result = run_cmo("validate", EXAMPLE)
    assert result.returncode == 0, result.stderr
    assert "valid" in result.stdout
    assert "11 configurations (1 partial, 0 unsupported), 33 elements, 4 chains, " \
           "2 sources, 15 excerpts" in result.stdout
    assert "partial: person-centred-care (M-O; no context yet)" in result.stdout


def test_stats_prints_support_counts_per_configuration():
    result = run_cmo("stats", EXAMPLE)
    assert result.returncode == 0, result.stderr
    row = next(line for line in result.stdout.splitlines() if "referral-buy-in" in line)
    cells = [cell.strip() for cell in row.split("│")[1:-1]]
    assert cells == ["referral-buy-in", "Buy-in to social prescribing", "C-M-O",
                     "2", "1", "0", "0", "0", "1", "0", "1"]


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
