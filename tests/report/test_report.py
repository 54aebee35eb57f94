"""Reports: one self-contained HTML file, checked in a real headless browser."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess

import pytest

import cmo
from cmo.exceptions import InputError
from cmo.models import Collection, Configuration, Evidence, Excerpt, Source
from cmo.report import write_report
from cmo.report.content import report_content
from cmo.report.standards import RAMESES_II

from ..conftest import EXAMPLE
from ..test_bad_input import run_cmo

INITIAL = EXAMPLE.parent / "initial.yaml"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def report(tmp_path_factory, example_theory):
    path = tmp_path_factory.mktemp("report") / "report.html"
    return write_report(example_theory, path, initial=cmo.load(INITIAL), matrix_by="source")


def test_the_report_holds_every_section(report, example_theory):
    text = report.read_text(encoding="utf-8")
    for heading in ("Programme theory", "Configurations", "Evidence per configuration",
                    "Retroduction logs", "Evidence by source and configuration",
                    "Refinement log", "RAMESES II"):
        assert f"<h2>{heading}</h2>" in text
    for configuration in example_theory.configurations:
        assert f"<code>{configuration.id}</code>" in text
    assert "<h3>Removed</h3>" in text and "<code>role-understanding</code>" in text  # the log
    assert text.count("Needs your own text.") == len(RAMESES_II.items) - 4  # items 4, 13, 14, 15


def test_the_report_is_self_contained(report):
    text = report.read_text(encoding="utf-8")
    assert "<script" not in text and "<link" not in text and "@import" not in text
    # Only references inside the file (#...): namespace names (xmlns) are not fetched.
    assert not re.search(r"""(?:src|href)\s*=\s*["'](?!#)""", text)
    assert re.findall(r"url\(([^)]*)\)", text) and all(
        target.startswith("#") for target in re.findall(r"url\(([^)]*)\)", text))


def test_the_rameses_items_the_data_speak_to(example_theory):
    content = report_content(example_theory, cmo.load(INITIAL))
    said = {item.number: " ".join(item.says) for item in content.items if item.covered}
    assert sorted(said) == [4, 13, 14, 15]
    assert said == {
        4: "The initial programme theory (IPT) had 6 configurations in 3 themes. The refined "
           "theory (v2) has 11 configurations in 4 themes; the diagram and the table above "
           "show it.",
        13: "From the initial theory (IPT) to the refined theory (v2): 6 added, 1 removed, "
            "4 refined, 1 retained. The refinement log above gives each change and its "
            "rationale. 3 configurations have a retroduction log: 6 inference steps "
            "(2 abductive, 3 retroductive, 1 inductive), 4 alternatives set aside; the "
            "retroduction logs above give each step and why each alternative was set aside. "
            "Appraisal: 2 of 2 sources judged (relevance: 1 high, 1 moderate; rigour: 1 high, "
            "1 moderate; richness: 1 high, 1 moderate); 2 of 15 excerpts judged on their own. "
            "Rigour of the 18 pieces of evidence linked to configurations: 12 high, "
            "4 moderate, 2 low.",
        14: "2 sources (1 kind of data), 0 distinct participants, 2 roles, 0 sites, 0 waves.",
        15: "11 configurations (1 partial, 0 with no supporting evidence), 15 excerpts; the "
            "evidence behind each configuration is listed above."}


def test_the_rameses_items_of_one_version_count_in_the_singular_where_it_is_one():
    source = Source(id="s1", kind="interview", participant="p1")
    excerpt = Excerpt(id="x1", source=source, text="Synthetic quote.")
    theory = cmo.ProgrammeTheory(Collection(version="v1", configurations=[Configuration(
        id="c1", theme="Trust", contexts=[{"label": "Trust"}], outcomes=[{"label": "Hope"}],
        evidence=[Evidence(excerpt=excerpt, stance="supports")])]))
    said = {item.number: " ".join(item.says) for item in report_content(theory).items
            if item.covered}
    assert said == {
        4: "The programme theory (v1) has 1 configuration in 1 theme; the diagram and the "
           "table above show them.",
        14: "1 source (1 kind of data), 1 distinct participant, 0 roles, 0 sites, 0 waves.",
        15: "1 configuration (1 partial, 0 with no supporting evidence), 1 excerpt; the "
            "evidence behind each configuration is listed above."}


def test_an_edited_copy_of_one_version_is_reported_as_before_and_after(tmp_path):
    source = Source(id="s1", kind="interview")
    excerpt = Excerpt(id="x1", source=source, text="Synthetic quote.")
    before = Collection(version="v2", configurations=[Configuration(
        id="c1", contexts=[{"label": "Trust"}], outcomes=[{"label": "Hope"}])])
    after = Collection(version="v2", configurations=[Configuration(
        id="c1", status="supported", contexts=[{"label": "Trust"}], outcomes=[{"label": "Hope"}],
        evidence=[Evidence(excerpt=excerpt, stance="supports")])])
    content = report_content(cmo.ProgrammeTheory(after), cmo.ProgrammeTheory(before))
    said = {item.number: " ".join(item.says) for item in content.items if item.covered}
    assert said[4] == ("The initial programme theory (v2, before) had 1 configuration. The "
                       "refined theory (v2, after) has 1 configuration; the diagram and the "
                       "table above show it.")
    assert said[13].startswith("From the initial theory (v2, before) to the refined theory "
                               "(v2, after): 1 retained")
    text = write_report(after, tmp_path / "report.html", initial=before).read_text(
        encoding="utf-8")
    assert "<p>What changed from v2 (before) to v2 (after): " in text


def test_evidence_is_counted_in_pieces_one_or_more(report):
    text = report.read_text(encoding="utf-8")
    assert "<summary>CMOC 9 <code>hope-through-trust</code>: 1 piece</summary>" in text
    assert "<summary>CMOC 8 <code>anchor-point</code>: 2 pieces</summary>" in text
    assert ": 1 pieces" not in text


def test_the_refinement_log_is_formatted_under_the_diagram_of_the_changes(report):
    text = report.read_text(encoding="utf-8")
    log = text[text.index("<h2>Refinement log</h2>"):text.index("<h2>RAMESES II</h2>")]
    assert "<pre>" not in log and log.count("<svg") == 1
    assert "<h3>Refined</h3>" in log and "<h3>New configurations</h3>" in log
    assert ("<li><strong>Refined</strong> from <code>support-person</code>; status proposed "
            "-&gt; refined.</li>") in log
    # Both diagrams' ids are their own (and the heatmap's), so each refers to its own
    # gradients and shapes.
    ids = re.findall(r"""\bid=["']([^"']+)""", text)
    assert len(ids) == len(set(ids)) and text.count("<svg") == 3
    assert set(re.findall(r"url\(#([^)]*)\)", text)) <= set(ids)


def test_withheld_quotes_leave_no_quote_in_the_report(tmp_path, example_theory):
    path = write_report(example_theory, tmp_path / "shared.html", quotes=False)
    text = path.read_text(encoding="utf-8")
    for excerpt in example_theory.collection.excerpts:
        assert excerpt.text not in text
    assert "[quote withheld]" in text


def test_a_report_of_an_empty_theory_is_refused(tmp_path):
    with pytest.raises(InputError, match="has no configurations"):
        write_report(Collection(title="Empty"), tmp_path / "report.html")
    empty = tmp_path / "empty.yaml"
    empty.write_text("title: Empty\n", encoding="utf-8")
    result = run_cmo("report", empty, "-o", tmp_path / "report.html")
    assert result.returncode == 1 and "has no configurations" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "report.html").exists()


def test_the_cli_writes_a_report_of_two_versions(tmp_path):
    result = run_cmo("report", INITIAL, EXAMPLE, "-o", tmp_path / "report.html")
    assert result.returncode == 0, result.stderr
    assert "Refinement log" in (tmp_path / "report.html").read_text(encoding="utf-8")


def _browse(page, folder):
    """Open a page in headless Chromium: its screenshot, console lines and page requests."""
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (apt-get install chromium; make test does it)")
    net, shot = folder / "net.json", folder / "shot.png"
    result = subprocess.run(
        [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={folder / 'profile'}", "--enable-logging=stderr",
         "--v=0", f"--log-net-log={net}", "--window-size=1400,1800", f"--screenshot={shot}",
         page.as_uri()], capture_output=True, text=True, timeout=120, check=False)
    log = json.loads(net.read_text(encoding="utf-8"))
    kinds = {number: name for name, number in log["constants"]["logEventTypes"].items()}
    # The browser's own background requests have no origin; the page's have one ("null"
    # for a file), so only the page's are counted.
    requests = [event["params"]["url"] for event in log["events"]
                if kinds.get(event["type"]) == "URL_REQUEST_START_JOB"
                and event.get("params", {}).get("initiator") not in (None, "not an origin")]
    console = [line for line in result.stderr.splitlines() if ":CONSOLE" in line]
    return shot, console, requests


def test_the_browser_check_catches_errors_and_requests(tmp_path):
    """The check itself: a page with an error and an outside image is caught."""
    page = tmp_path / "control.html"
    page.write_text('<!DOCTYPE html><html><body><img src="http://127.0.0.1:9/x.png">'
                    "<script>undefinedFunction();</script></body></html>", encoding="utf-8")
    _, console, requests = _browse(page, tmp_path)
    assert any("undefinedFunction" in line for line in console)
    assert requests == ["http://127.0.0.1:9/x.png"]


@pytest.mark.needs_dot
def test_the_report_loads_in_a_browser_with_no_errors_or_requests(report, tmp_path):
    shot, console, requests = _browse(report, tmp_path)
    assert console == [] and requests == []
    assert shot.stat().st_size > 100_000  # the drawn diagram, not a blank page


@pytest.mark.needs_dot
def test_nothing_in_the_report_is_wider_than_the_window(report, tmp_path):
    """The page, read in Chromium at 1000 pixels, has no horizontal scroll: text wraps."""
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (apt-get install chromium; make test does it)")
    page = tmp_path / "measured.html"
    page.write_text(report.read_text(encoding="utf-8").replace("</body>", (
        "<script>document.title = 'widest ' + Math.max(...Array.from("
        "document.querySelectorAll('body > *'), e => e.scrollWidth)) + ' page ' + "
        "document.documentElement.scrollWidth + ' window ' + window.innerWidth;</script>"
        "</body>")), encoding="utf-8")
    result = subprocess.run(
        [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1000,800", "--dump-dom",
         page.as_uri()], capture_output=True, text=True, timeout=120, check=False)
    [title] = re.findall(r"<title>widest (\d+) page (\d+) window (\d+)</title>", result.stdout)
    widest, page_width, window = map(int, title)
    assert page_width <= window and widest <= window, title


def test_the_markdown_report_holds_a_mermaid_diagram_that_mermaid_reads(tmp_path,
                                                                          example_theory):
    from ..render.test_mermaid import PARSER, MermaidParser

    node = shutil.which("node")
    if node is None or not (PARSER / "node_modules" / "mermaid").exists():
        pytest.skip("Mermaid's parser is not installed (make test installs it)")
    path = write_report(example_theory, tmp_path / "report.md", initial=cmo.load(INITIAL))
    text = path.read_text(encoding="utf-8")
    [diagram] = re.findall(r"```mermaid\n(.*?)```", text, flags=re.S)
    parser = MermaidParser(node)
    try:
        parsed = parser.parse(diagram)
    finally:
        parser.close()
    assert parsed["type"].startswith("flowchart") and len(parsed["edges"]) > 20
    for heading in ("## Configurations", "## Evidence per configuration",
                    "## Refinement log", "## RAMESES II"):
        assert heading in text
    assert text.count("*Needs your own text.*") == 16


def test_the_markdown_reports_mermaid_diagram_is_drawn_by_mermaid_in_a_browser(
        tmp_path, example_theory):
    """Mermaid itself (its npm bundle, read from disk) draws the diagram in Chromium."""
    from ..render.test_mermaid import PARSER

    bundle = PARSER / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
    if CHROMIUM is None or not bundle.exists():
        pytest.skip("Chromium or Mermaid is not installed (make test installs both)")
    text = write_report(example_theory, tmp_path / "report.md").read_text(encoding="utf-8")
    [diagram] = re.findall(r"```mermaid\n(.*?)```", text, flags=re.S)
    page = tmp_path / "mermaid.html"
    page.write_text(
        f'<!DOCTYPE html><html><head><script src="{bundle.as_uri()}"></script></head><body>'
        f'<pre class="mermaid">{html.escape(diagram)}</pre><script>'
        "mermaid.initialize({startOnLoad: false});"
        "mermaid.run().then(() => { document.title = 'drawn'; })"
        ".catch(error => { document.title = 'failed: ' + error; });</script></body></html>",
        encoding="utf-8")
    result = subprocess.run(
        [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", "--allow-file-access-from-files",
         "--virtual-time-budget=20000", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False)
    assert "<title>drawn</title>" in result.stdout, result.stdout[:500]
    [svg] = re.findall(r"<svg.*?</svg>", result.stdout, flags=re.S)
    drawn = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", svg)).split())
    # Each configuration is named by its id or by its number (CMOC 1, CMOC 2...).
    for number, configuration in enumerate(example_theory.configurations, start=1):
        assert re.search(rf"\b(?:{re.escape(configuration.id)}|CMOC {number})\b", drawn), \
            configuration.id
    for element in example_theory.collection.elements:
        if element.kind in {"context", "outcome"}:
            assert " ".join(element.label.split()) in drawn, element.label
