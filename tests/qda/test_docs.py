"""docs/qda.md works as written: its mapping file is valid and its commands run."""

from __future__ import annotations

import re
import shlex

from cmo.qda.mapping_file import read_mapping

from ..conftest import ROOT
from ..test_bad_input import run_cmo
from .projects import CodeSpec, ProjectSpec, SelectionSpec, SourceSpec, span

DOC = (ROOT / "docs" / "qda.md").read_text(encoding="utf-8")
[MAP] = re.findall(r"```yaml\n(.*?)```", DOC, flags=re.S)
COMMANDS = re.findall(r"^\$ cmo (.+)$", DOC, flags=re.M)


def test_the_mapping_file_shown_is_valid(tmp_path):
    path = tmp_path / "map.yaml"
    path.write_text(MAP, encoding="utf-8")
    mapping = read_mapping(path)
    assert mapping.roles["Hopeful"] == "outcome" and mapping.window == 200
    assert mapping.sources.participant_role == "Role"


def test_the_commands_shown_run_in_order(tmp_path):
    text = "Synthetic. I was uncertain about her role. She felt like someone who listened. " \
           "I felt hopeful after."
    ProjectSpec(
        codes=[CodeSpec("Uncertain about the role"), CodeSpec("Feels heard"),
               CodeSpec("Hopeful"), CodeSpec("Interesting quote")],
        sources=[SourceSpec("P01", text, [
            SelectionSpec(*span(text, "I was uncertain about her role"),
                          ["Uncertain about the role", "Interesting quote"]),
            SelectionSpec(*span(text, "She felt like someone who listened"), ["Feels heard"]),
            SelectionSpec(*span(text, "I felt hopeful after"), ["Hopeful"])])],
    ).write(tmp_path / "coding.qdpx")
    (tmp_path / "map.yaml").write_text(MAP, encoding="utf-8")
    assert len(COMMANDS) == 3
    for command in COMMANDS:
        result = run_cmo(*shlex.split(command), cwd=tmp_path)
        assert result.returncode == 0, f"cmo {command}\n{result.stderr}"
    assert "1 configurations, 3 excerpts, 1 sources" in (
        tmp_path / "import-report.md").read_text(encoding="utf-8")
    assert (tmp_path / "theory.qdpx").stat().st_size > 0
    assert (tmp_path / "codebook.qdc").stat().st_size > 0
