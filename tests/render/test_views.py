"""Views of a large theory drawn: the summary, and the render command's views and size limits.

Which configurations are around one or through an element is asked of the theory
(tests/theory/test_neighbourhood.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import cmo
from cmo.render.views import summary_dot
from cmo.synthetic import synthetic_collection

from ..test_bad_input import run_cmo


def test_the_summary_has_one_box_per_theme_and_counts_chains_between_themes(example_theory):
    source = summary_dot(example_theory).source
    themes = sorted({c.theme for c in example_theory.configurations})
    assert source.count("configurations\\n") == len(themes)  # one box each
    assert "1 chain" in source  # referral-buy-in (Buy-in) -> trust-through-skills (Trust)


@pytest.mark.needs_dot
def test_the_render_command_draws_each_view(tmp_path, example_path):
    for options in (["--summary"], ["--around", "hope-through-trust"],
                    ["--through", "Patient trusts the link worker", "--direction", "TB"]):
        output = tmp_path / f"view-{len(options)}-{options[0][2:]}.svg"
        result = run_cmo("render", example_path, "-o", output, *options)
        assert result.returncode == 0, result.stderr
        assert output.read_text(encoding="utf-8").lstrip().startswith("<?xml")


@pytest.mark.needs_dot
def test_a_large_full_diagram_comes_with_advice_and_the_summary_does_not(tmp_path):
    path = _quick_to_lay_out(310, tmp_path / "big.yaml")
    summary = run_cmo("render", path, "-o", tmp_path / "summary.svg", "--summary")
    assert summary.returncode == 0 and summary.stderr == ""
    full = run_cmo("render", path, "-o", tmp_path / "full.dot")
    assert full.returncode == 0 and full.stderr == ""  # DOT source is quick to write
    drawn = run_cmo("render", path, "-o", tmp_path / "full.svg")
    assert drawn.returncode == 0 and "310 configurations in one diagram" in drawn.stderr


def test_the_summary_view_is_refused_for_mermaid_with_a_reason(tmp_path, example_path):
    result = run_cmo("render", example_path, "-o", tmp_path / "x.mmd", "--summary")
    assert result.returncode == 1 and "summary view is drawn by Graphviz" in result.stderr


def test_a_diagram_too_large_to_lay_out_is_refused_with_advice_and_nothing_written(tmp_path):
    from cmo.exceptions import DiagramTooLargeError
    from cmo.render import MAX_LAID_OUT

    theory = cmo.ProgrammeTheory(synthetic_collection(MAX_LAID_OUT + 1,
                                                      evidence_per_configuration=1))
    target = tmp_path / "full.svg"
    target.write_text("kept", encoding="utf-8")
    with pytest.raises(DiagramTooLargeError) as refused:
        cmo.save(theory, target)
    assert f"{MAX_LAID_OUT + 1} configurations are too many" in str(refused.value)
    assert "--summary" in str(refused.value) and "--force" in str(refused.value)
    assert target.read_text(encoding="utf-8") == "kept"
    assert cmo.save(theory, tmp_path / "full.dot").stat().st_size > 0  # source is no layout


def test_the_cli_refuses_a_diagram_too_large_unless_forced(tmp_path):
    from cmo.render import MAX_LAID_OUT

    path = _quick_to_lay_out(MAX_LAID_OUT + 1, tmp_path / "big.yaml")
    refused = run_cmo("render", path, "-o", tmp_path / "full.svg")
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "too many for one diagram" in refused.stderr and "--summary" in refused.stderr
    assert not (tmp_path / "full.svg").exists()
    themed = run_cmo("render", path, "-o", tmp_path / "theme.svg", "--theme", "First")
    assert themed.returncode == 0, themed.stderr
    forced = run_cmo("render", path, "-o", tmp_path / "full.svg", "--force")
    assert forced.returncode == 0
    assert f"note: {MAX_LAID_OUT + 1} configurations in one diagram" in forced.stderr
    assert (tmp_path / "full.svg").read_text(encoding="utf-8").rstrip().endswith("</svg>")


def _quick_to_lay_out(count: int, path: Path) -> Path:
    """A synthetic theory of ``count`` unlinked context -> outcome pairs: as many
    configurations as a large theory, but dot lays it out in about a second even on a busy
    machine (no chains, no mechanisms, no evidence: nothing to cross), so the tests of the
    size limits never depend on how loaded the machine is."""
    lines = ["title: Synthetic pairs (generated, not real data)", "configurations:"]
    for number in range(count):
        lines += [f"  - id: pair-{number}", f"    theme: {'First' if number < 3 else 'Rest'}",
                  f"    contexts: [Synthetic context {number}]",
                  f"    outcomes: [Synthetic outcome {number}]"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
