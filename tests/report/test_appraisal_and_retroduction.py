"""Reports show appraisal (the rigour of each configuration's evidence, each piece's
judgement) and retroduction logs (numbered steps, alternatives set aside), in HTML and
Markdown, in the refinement log and in the notebook's configuration card."""

from __future__ import annotations

import pytest

import cmo
from cmo.models import AppraisalScales, Collection, Configuration, Evidence, Excerpt, Source
from cmo.notebook import configuration_html
from cmo.report import write_report
from cmo.report.content import report_content
from cmo.report.refinement_log import refinement_log_markdown, refinement_log_text
from cmo.theory.diff import diff

from ..conftest import EXAMPLE


def _reviewed(scales: AppraisalScales | None = None, *, retroduction: bool = True) -> Collection:
    """A synthetic review: a strong paper, a weak report, an interview nobody judged."""
    paper = Source(id="paper", kind="publication", citation="Synthetic A (2020)",
                   appraisal={"rigour": {"level": "high", "justification": "Synthetic trial",
                                         "judged_by": "AT"}, "relevance": "moderate"})
    report = Source(id="report", kind="document", title="Synthetic grey report",
                    appraisal={"rigour": "low"})
    interview = Source(id="int1", kind="interview", participant="P1")
    quotes = {
        "q1": Excerpt(id="q1", source=paper, text="Synthetic quote one."),
        "q2": Excerpt(id="q2", source=paper, text="Synthetic quote two.",
                      appraisal={"rigour": "moderate"}),
        "q3": Excerpt(id="q3", source=report, text="Synthetic quote three."),
        "q4": Excerpt(id="q4", source=interview, text="Synthetic quote four."),
    }
    log = {"steps": [
        {"move": "inductive", "inference": "Trust is reported before hope", "excerpts": ["q1"]},
        {"move": "retroductive", "inference": "Hope needs trust to be established first",
         "excerpts": ["q1", "q2"], "theories": ["Trust"], "judged_by": "AT"}],
        "alternatives": [{"mechanism": "Hope comes from the referral itself",
                          "set_aside_because": "Nobody linked hope to the referral",
                          "excerpts": ["q4"]}]} if retroduction else None
    hope = Configuration(
        id="hope", theme="Trust", contexts=[{"label": "Trust"}], outcomes=[{"label": "Hope"}],
        evidence=[Evidence(excerpt=quotes["q1"], stance="supports"),
                  Evidence(excerpt=quotes["q2"], stance="supports"),
                  Evidence(excerpt=quotes["q3"], stance="refutes"),
                  Evidence(excerpt=quotes["q4"], stance="supports")],
        retroduction=log)
    anchor = Configuration(id="anchor", contexts=[{"label": "Needs support"}],
                           outcomes=[{"label": "Offloads"}],
                           evidence=[Evidence(excerpt=quotes["q3"], stance="supports")])
    return Collection(title="Synthetic review", version="v2", configurations=[hope, anchor],
                      **({"appraisal_scales": scales} if scales else {}))


def test_the_table_gives_the_rigour_of_each_configurations_evidence(tmp_path):
    content = report_content(cmo.ProgrammeTheory(_reviewed()))
    assert [row.rigour for row in content.rows] == [
        {"high": 1, "moderate": 1, "low": 1, "not_judged": 1},
        {"high": 0, "moderate": 0, "low": 1, "not_judged": 0}]
    markdown = write_report(_reviewed(), tmp_path / "r.md").read_text(encoding="utf-8")
    assert ("| 1 | `hope` | Trust | If Trust, then Hope, because (mechanism not yet known). | "
            "proposed | 3 | 1 | 0 | 3 | 1 high, 1 moderate, 1 low, 1 not judged |") in markdown
    html = write_report(_reviewed(), tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<th>Rigour of evidence</th>" in html
    assert ("<td>1 high, 1 moderate, 1 low, 1 not judged<div class='bar' title='1 high, "
            "1 moderate, 1 low, 1 not judged'><span style='width:25.0%;background:#1b7837'>"
            "</span><span style='width:25.0%;background:#7fbf7b'></span><span style='width:"
            "25.0%;background:#d9f0d3'></span><span style='width:25.0%;background:#bbbbbb'>"
            "</span></div></td>") in html


def test_each_piece_of_evidence_says_how_it_is_judged(tmp_path):
    markdown = write_report(_reviewed(), tmp_path / "r.md").read_text(encoding="utf-8")
    assert "- **supports** `q2` (Synthetic A (2020)) *relevance moderate, rigour moderate*" \
        in markdown
    assert "- **supports** `q4` (int1)\n" in markdown  # nobody judged it: nothing said
    html = write_report(_reviewed(), tmp_path / "r.html").read_text(encoding="utf-8")
    assert ("<code>q3</code> (Synthetic grey report) <span class='judged'>rigour low</span>"
            in html)


def test_a_theory_nobody_appraised_has_no_rigour_column(tmp_path, example_theory):
    plain = Collection(configurations=[Configuration(
        id="c1", contexts=[{"label": "Trust"}], outcomes=[{"label": "Hope"}])])
    html = write_report(plain, tmp_path / "r.html").read_text(encoding="utf-8")
    assert "Rigour" not in html and "Retroduction" not in html and "class='judged'" not in html


def test_a_projects_own_scale_is_counted_on_its_levels():
    scales = AppraisalScales(rigour=["high", "moderate", "low", "very low"])
    content = report_content(cmo.ProgrammeTheory(_reviewed(scales)))
    assert content.rows[1].rigour == {"high": 0, "moderate": 0, "low": 1, "very low": 0,
                                      "not_judged": 0}


def test_the_retroduction_log_is_numbered_with_its_alternatives(tmp_path):
    markdown = write_report(_reviewed(), tmp_path / "r.md").read_text(encoding="utf-8")
    log = markdown[markdown.index("## Retroduction logs"):markdown.index("## RAMESES II")]
    assert log == (
        "## Retroduction logs\n\n"
        "### CMOC 1 `hope`: 2 inference steps (1 retroductive, 1 inductive), 1 alternative "
        "set aside\n\n"
        "1. *Inductive*: Trust is reported before hope. Excerpt: `q1` (paper).\n"
        "   > `q1`: Synthetic quote one.\n"
        "2. *Retroductive* (AT): Hope needs trust to be established first. Excerpts: `q1` "
        "(paper), `q2` (paper). Theory: Trust.\n"
        "   > `q2`: Synthetic quote two.\n\n"
        "Alternatives considered and set aside:\n\n"
        "- Hope comes from the referral itself. Set aside: Nobody linked hope to the "
        "referral. Excerpt: `q4` (int1).\n"
        "   > `q4`: Synthetic quote four.\n\n")
    html = write_report(_reviewed(), tmp_path / "r.html").read_text(encoding="utf-8")
    assert ("<h2>Retroduction logs</h2>" in html and "<h3>CMOC 1 <code>hope</code>: 2 inference "
            "steps (1 retroductive, 1 inductive), 1 alternative set aside</h3>") in html
    assert ("<li><em>Retroductive</em> (AT): Hope needs trust to be established first. "
            "Excerpts: <code>q1</code> (paper), <code>q2</code> (paper). Theory: Trust.\n"
            "<blockquote>\n<p><code>q2</code>: Synthetic quote two.</p>\n</blockquote>\n</li>"
            ) in html


@pytest.mark.parametrize("suffix", [".md", ".html"])
def test_a_report_withholding_quotes_cites_excerpts_by_id_alone(tmp_path, suffix):
    text = write_report(_reviewed(), tmp_path / f"r{suffix}", quotes=False).read_text(
        encoding="utf-8")
    assert "Synthetic quote" not in text and "quote withheld" in text
    assert "Excerpts: `q1` (paper), `q2` (paper)" in text or \
        "Excerpts: <code>q1</code> (paper), <code>q2</code> (paper)" in text


def test_the_rameses_ii_data_analysis_item_names_the_retroduction_and_the_appraisal():
    content = report_content(cmo.ProgrammeTheory(_reviewed()))
    [analysis] = [item for item in content.items if item.number == 13]
    assert analysis.says == (
        "1 configuration has a retroduction log: 2 inference steps (1 retroductive, "
        "1 inductive), 1 alternative set aside; the retroduction logs above give each step "
        "and why each alternative was set aside.",
        "Appraisal: 2 of 3 sources judged (relevance: 1 moderate; rigour: 1 high, 1 low); "
        "1 of 4 excerpts judged on their own. Rigour of the 5 pieces of evidence linked to "
        "configurations: 1 high, 1 moderate, 2 low, 1 not judged.")


def test_the_refinement_log_shows_the_retroduction_of_what_it_lists():
    before = _reviewed(retroduction=False)
    after = _reviewed()
    after = after.replaced(version="v3", configurations=[
        after.configurations[0].replaced(status="supported"), after.configurations[1]])
    difference = diff(before, after)
    markdown = refinement_log_markdown(difference)
    assert ("- Retroduction log: 2 inference steps (1 retroductive, 1 inductive), 1 alternative "
            "set aside.\n\n"
            "  1. *Inductive*: Trust is reported before hope. Excerpt: `q1` (paper).\n") \
        in markdown
    assert "Synthetic quote" not in markdown  # the log never quotes
    assert ("         retroduction log: 2 inference steps (1 retroductive, 1 inductive), "
            "1 alternative set aside") in refinement_log_text(difference).splitlines()


def test_the_configuration_card_shows_appraisal_and_the_retroduction_log():
    hope = _reviewed().configurations[0]
    card = configuration_html(hope)
    assert "<p>Rigour of evidence: 1 high, 1 moderate, 1 low, 1 not judged</p>" in card
    assert "q2 (paper) <small>relevance moderate, rigour moderate</small>" in card
    assert ("<details><summary>Retroduction log: 2 inference steps (1 retroductive, "
            "1 inductive), 1 alternative set aside</summary><ol>") in card
    assert "<p>Alternatives considered and set aside:</p>" in card


def test_the_card_leaves_out_a_rigour_profile_it_cannot_count():
    """A project's own levels, with no scales given: each piece's judgement only."""
    hope = _reviewed(retroduction=False)
    source = Source(id="s", kind="publication", appraisal={"rigour": "strong"})
    card = configuration_html(Configuration(
        id="c", contexts=[{"label": "A"}], outcomes=[{"label": "B"}],
        evidence=[Evidence(excerpt=Excerpt(id="x", source=source, text="Synthetic."),
                           stance="supports")]))
    assert "Rigour of evidence" not in card and "<small>rigour strong</small>" in card
    counted = configuration_html(hope.configurations[0],
                                 scales=AppraisalScales(rigour=["high", "moderate", "low"]))
    assert "<p>Rigour of evidence: 1 high, 1 moderate, 1 low, 1 not judged</p>" in counted


def test_a_redacted_theorys_retroduction_log_quotes_nothing(tmp_path):
    from cmo.sharing.privacy import withhold_quotes

    text = write_report(withhold_quotes(_reviewed()), tmp_path / "r.md").read_text(
        encoding="utf-8")
    log = text[text.index("## Retroduction logs"):text.index("## RAMESES II")]
    assert ">" not in log and "Excerpts: `q1` (paper), `q2` (paper)" in log


def test_the_refinement_log_lists_every_judgement_made_anew() -> None:
    folder = EXAMPLE.parent
    difference = cmo.diff(cmo.load(folder / "initial.yaml"), cmo.load(folder / "theory.yaml"))
    text = refinement_log_text(difference).splitlines()
    assert [line for line in text if line.startswith("judged")] == [
        "judged   source 'griffiths2023', relevance: (not judged) -> moderate",
        "judged   source 'griffiths2023', rigour: (not judged) -> moderate",
        "judged   source 'griffiths2023', richness: (not judged) -> moderate",
        "judged   excerpt 'griffiths-training', rigour: (not judged) -> low",
        "judged   excerpt 'griffiths-workload', rigour: (not judged) -> low"]
    markdown = refinement_log_markdown(difference)
    assert ("## Appraisal changed\n\n- source 'griffiths2023', relevance: (not judged) -\\> "
            "moderate\n") in markdown
