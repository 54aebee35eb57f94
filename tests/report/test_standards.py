"""The report's standard: RAMESES II for evaluations (the default) or the RAMESES publication
standards for realist syntheses, with the documents included and their appraisal; the
heatmap of evidence; `cmo report --standard` and `--matrix-by`."""

from __future__ import annotations

import re

import pytest

import cmo
from cmo.cli.writing import report as report_command
from cmo.exceptions import CmoWarning
from cmo.report import REPORT_STANDARDS, write_report
from cmo.report.content import report_content
from cmo.report.standards import RAMESES_SYNTHESIS

from ..test_bad_input import run_cmo
from .test_appraisal_and_retroduction import _reviewed


def _said(content: object) -> dict[int, str]:
    return {item.number: " ".join(item.says) for item in content.items if item.covered}


def test_the_synthesis_standard_fills_the_items_the_data_speak_to():
    content = report_content(cmo.ProgrammeTheory(_reviewed()), standard="rameses-synthesis")
    assert [item.name for item in content.items] == list(RAMESES_SYNTHESIS.items.values())
    assert len(content.items) == 19
    assert _said(content) == {
        9: "2 documents included. Appraisal: 2 of 3 sources judged (relevance: 1 moderate; "
           "rigour: 1 high, 1 low); 1 of 4 excerpts judged on their own. Rigour of the "
           "5 pieces of evidence linked to configurations: 1 high, 1 moderate, 2 low, "
           "1 not judged.",
        11: "1 configuration has a retroduction log: 2 inference steps (1 retroductive, "
            "1 inductive), 1 alternative set aside; the retroduction logs above give each "
            "step and why each alternative was set aside.",
        13: "2 documents (1 publication, 1 document); the table of documents included above "
            "gives each with its appraisal and the configurations it informs.",
        14: "2 configurations in 1 theme (2 partial, 0 with no supporting evidence), from "
            "4 excerpts of 3 sources; the evidence behind each configuration is listed above."}


def test_the_synthesis_report_lists_the_documents_included(tmp_path):
    path = write_report(_reviewed(), tmp_path / "review.md", standard="rameses-synthesis")
    text = path.read_text(encoding="utf-8")
    table = text[text.index("## Documents included"):text.index("## Retroduction logs")]
    assert table == (
        "## Documents included\n\n"
        "| Document | Kind | Relevance | Rigour | Richness | CMOCs informed |\n"
        "|---|---|---|---|---|---|\n"
        "| `paper` Synthetic A (2020) | publication | moderate | high: Synthetic trial |  | 1 |\n"
        "| `report` Synthetic grey report | document |  | low |  | 1, 2 |\n\n")
    assert "## RAMESES for realist syntheses" in text and "## RAMESES II" not in text
    assert text.count("*Needs your own text.*") == 15
    html = write_report(_reviewed(), tmp_path / "review.html", standard="rameses-synthesis")
    page = html.read_text(encoding="utf-8")
    assert ("<tr><td><code>report</code> Synthetic grey report</td><td>document</td><td></td>"
            "<td>low</td><td></td><td>1, 2</td></tr>") in page
    assert ("<p>What the data can say to each item of the RAMESES publication standards for "
            "realist syntheses (Wong et al. 2013); the rest needs the researcher's own "
            "text.</p>") in page


def test_an_evaluation_report_has_no_documents_table(tmp_path):
    text = write_report(_reviewed(), tmp_path / "r.md").read_text(encoding="utf-8")
    assert "## Documents included" not in text and "## RAMESES II" in text


def test_the_worked_example_as_a_synthesis(example_theory):
    content = report_content(example_theory, standard="rameses-synthesis")
    assert sorted(_said(content)) == [9, 11, 13, 14]
    assert [(d.source.id, d.configurations) for d in content.documents] == [
        ("tierney2024", (1, 2, 3, 4, 5, 6, 7, 8)), ("griffiths2023", (9, 10, 11))]
    assert _said(content)[13] == ("2 documents (2 publications); the table of documents "
                                  "included above gives each with its appraisal and the "
                                  "configurations it informs.")


def test_an_unknown_standard_is_refused(tmp_path):
    with pytest.raises(ValueError, match=r"^unknown report standard: 'prisma' \(use one of: "
                                         r"rameses-ii, rameses-synthesis\)$"):
        write_report(_reviewed(), tmp_path / "r.html", standard="prisma")  # type: ignore[arg-type]
    assert not (tmp_path / "r.html").exists()


def test_the_command_offers_each_standard():
    [option] = [p for p in report_command.params if p.name == "standard"]
    assert tuple(option.type.choices) == REPORT_STANDARDS


def test_the_command_writes_a_synthesis_report_with_a_heatmap(tmp_path):
    theory = cmo.save(_reviewed(), tmp_path / "review.yaml")
    result = run_cmo("report", theory, "--standard", "rameses-synthesis", "--matrix-by", "source",
                     "-o", tmp_path / "review.html")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "review.html").read_text(encoding="utf-8")
    assert "<h2>RAMESES for realist syntheses</h2>" in page
    assert "<h2>Evidence by source and configuration</h2>" in page and "<svg" in page


def test_the_command_refuses_an_unknown_standard(tmp_path):
    theory = cmo.save(_reviewed(), tmp_path / "review.yaml")
    result = run_cmo("report", theory, "--standard", "prisma", "-o", tmp_path / "r.md")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "'prisma' is not one of 'rameses-ii', 'rameses-synthesis'" in result.stderr
    assert not (tmp_path / "r.md").exists()


def test_a_markdown_report_holds_the_matrix_as_a_table_per_theme(tmp_path):
    text = write_report(_reviewed(), tmp_path / "r.md", matrix_by="source").read_text(
        encoding="utf-8")
    section = text[text.index("## Evidence by"):text.index("## RAMESES II")]
    assert section == (
        "## Evidence by source and configuration\n\n"
        "Each cell: +supports -refutes ~refines (evidence by stance); empty: none.\n\n"
        "### Trust\n\n"
        "| number | configuration | int1 | paper | report |\n| --- | --- | --- | --- | --- |\n"
        "| CMOC 1 | hope | +1 | +2 | -1 |\n\n"
        "### (no theme)\n\n"
        "| number | configuration | int1 | paper | report |\n| --- | --- | --- | --- | --- |\n"
        "| CMOC 2 | anchor |  |  | +1 |\n\n")


def test_a_heatmap_by_a_field_nobody_filled_says_so_and_the_report_stands(tmp_path):
    said = ("the report's matrix by site is left out: no source gives its site (fill 'site' "
            "in sources, or count by source instead)")
    with pytest.warns(CmoWarning) as caught:
        path = write_report(_reviewed(), tmp_path / "r.html", matrix_by="site")
    assert [str(warning.message) for warning in caught] == [said]
    page = path.read_text(encoding="utf-8")
    assert "<h2>Evidence by site and configuration</h2><p>" in page
    assert "<h2>RAMESES II</h2>" in page
    with pytest.warns(CmoWarning):
        text = write_report(_reviewed(), tmp_path / "r.md", matrix_by="site").read_text(
            encoding="utf-8")
    assert ("## Evidence by site and configuration\n\n*no source gives its site (fill 'site' "
            "in sources, or count by source instead).*\n\n## RAMESES II") in text
    theory = cmo.save(_reviewed(), tmp_path / "review.yaml")
    result = run_cmo("report", theory, "--matrix-by", "site", "-o", tmp_path / "cli.html")
    assert result.returncode == 0 and result.stderr == f"warning: {said}\n"


def test_a_matrix_by_an_unknown_field_is_refused_before_writing(tmp_path):
    with pytest.raises(ValueError, match=r"^unknown matrix rows: 'town'"):
        write_report(_reviewed(), tmp_path / "r.html", matrix_by="town")
    assert list(tmp_path.iterdir()) == []


def test_the_heatmap_numbers_configurations_as_the_table_does(tmp_path, example_theory):
    from ..conftest import EXAMPLE

    initial = cmo.load(EXAMPLE.parent / "initial.yaml")
    page = write_report(example_theory, tmp_path / "r.html", initial=initial,
                        matrix_by="source").read_text(encoding="utf-8")
    heatmap = page[page.index('<section class="cmo-matrix">'):]
    assert "<td class='n'>7</td><td><code>referral-buy-in</code>" in page
    assert re.findall(r">(CMOC \d+)<", heatmap)[:3] == ["CMOC 7", "CMOC 2", "CMOC 8"]
