"""Notebooks: rich display of theories, configurations, diffs and tables; the walkthrough runs."""

from __future__ import annotations

import shutil
from html import unescape

import pytest

import cmo
from cmo.models import Collection, Configuration, Evidence, Excerpt, Source
from cmo.notebook import MAX_INLINE, Records, configuration_html
from cmo.render import diff_to_dot, to_dot
from cmo.render.views import summary_dot
from cmo.report.refinement_log import refinement_log_text
from cmo.synthetic import synthetic_collection
from cmo.theory.diff import diff
from cmo.theory.graph import Chain

from .conftest import ROOT

WALKTHROUGH = ROOT / "examples" / "social_prescribing" / "walkthrough.ipynb"


@pytest.mark.needs_dot
def test_a_theory_shows_its_diagram_and_table(example_theory):
    bundle = example_theory._repr_mimebundle_()
    assert bundle["text/plain"] == repr(example_theory)
    html = bundle["text/html"]
    assert "<svg" in html and 'class="cmo-table"' in html
    assert "hope-through-trust" in html


def test_a_large_theory_shows_its_table_and_says_how_to_draw_it():
    large = cmo.ProgrammeTheory(synthetic_collection(MAX_INLINE + 1, evidence_per_configuration=1))
    html = large._repr_mimebundle_()["text/html"]
    assert "<svg" not in html and "too many to draw inline" in html
    assert html.count("<tr>") == MAX_INLINE + 2  # header and one row per configuration


def test_a_configuration_card_escapes_and_folds_its_quotes():
    source = Source(id="s1", kind="interview")
    quote = Excerpt(id="x1", source=source, text="Synthetic <b>bold</b> & quote")
    card = configuration_html(Configuration(
        id="c1", label="A & B", contexts=[{"label": "Trust <context>"}],
        outcomes=[{"label": "Hope"}], evidence=[Evidence(excerpt=quote, stance="refutes")]))
    assert "Trust &lt;context&gt;" in card and "A &amp; B" in card
    assert "<details><summary>Evidence: 1 refutes</summary>" in card
    assert "Synthetic &lt;b&gt;bold&lt;/b&gt; &amp; quote" in card and "<b>bold" not in card


def test_a_diff_shows_its_table_and_its_log_once(example_theory, example_path):
    initial = cmo.load(example_path.parent / "initial.yaml")
    difference = diff(initial, example_theory)
    bundle = difference._repr_mimebundle_()
    # One rich form (a frontend showing Markdown and HTML would show the log twice).
    assert sorted(bundle) == ["text/html", "text/plain"]
    assert bundle["text/plain"] == refinement_log_text(difference)
    html = bundle["text/html"]
    assert html.count('<table class="cmo-table"') == 1 and "<pre>" not in html
    assert html.startswith('<div style="overflow-x:auto;max-width:100%"><table')
    # The log is set as HTML (it wraps between words), its headings under the cell's.
    assert "<h3>Refinement of the programme theory: IPT → v2</h3>" in html
    assert "<h4>Removed</h4>" in html and "<h5><code>role-understanding</code>" in html
    for configuration in example_theory.configurations:  # each rationale once: in the log
        if configuration.rationale:
            assert unescape(html).count(" ".join(configuration.rationale.split())) == 1, \
                configuration.id


def test_query_results_show_as_compact_tables(example_theory):
    chains = example_theory.chains()
    assert chains[0] == Chain("referral-buy-in", "referral-agreed", "trust-through-skills")
    assert chains._repr_html_().startswith(
        '<div style="overflow-x:auto;max-width:100%"><table class="cmo-table" '
        'style="word-break:normal;overflow-wrap:normal"><thead><tr><th>upstream</th>'
        "<th>via</th><th>downstream</th></tr></thead><tbody><tr><td>referral-buy-in</td>"
        "<td>referral-agreed</td><td>trust-through-skills</td></tr>")
    assert chains._repr_html_().count("<tr>") == len(chains) + 1
    found = example_theory.demi_regularities(min_sites=0, min_sources=1)
    assert ("<tr><td>Patient is uncertain about the link worker role</td><td>Patient agrees "
            "to a referral to the link worker</td><td>referral-buy-in</td><td></td>"
            "<td>tierney2024</td></tr>") in found._repr_html_()
    assert "Context(" not in found._repr_html_()
    assert example_theory.demi_regularities()._repr_html_() == (
        '<p style="color:#555"><small>None found.</small></p>')
    support = example_theory.support("hope-through-trust")._repr_html_()
    assert support.count("<tr>") == 2 and "<th>negative_cases</th>" in support
    assert "<td>hope-through-trust</td><td>1</td><td>1</td>" in support


@pytest.mark.needs_dot
def test_diagrams_scroll_inside_the_cell_at_their_own_size(example_theory, example_path):
    initial = cmo.load(example_path.parent / "initial.yaml")
    for diagram in (diff_to_dot(initial, example_theory), to_dot(example_theory),
                    summary_dot(example_theory)):
        bundle = diagram._repr_mimebundle_()
        assert bundle["image/svg+xml"].startswith("<?xml")
        assert bundle["text/html"].startswith(
            '<div style="overflow-x:auto;max-width:100%"><svg')
    assert list(diagram._repr_mimebundle_(exclude=["text/html"])) == ["image/svg+xml"]
    assert list(diagram._repr_mimebundle_(include=["image/png"])) == ["image/png"]
    assert diagram._repr_mimebundle_(include=[]) == {}


def test_tables_are_records_that_pandas_takes_when_it_is_there(example_theory):
    table = example_theory.strength_table()
    assert isinstance(table, Records) and isinstance(table, list) and len(table) == 11
    try:
        import pandas
    except ImportError:
        with pytest.raises(ImportError, match="pip install 'cmo-realist\\[pandas\\]'"):
            table.to_pandas()
    else:
        frame = table.to_pandas()
        assert isinstance(frame, pandas.DataFrame) and len(frame) == 11


def test_records_without_rows_show_an_empty_table():
    assert Records()._repr_html_() == (
        '<div style="overflow-x:auto;max-width:100%"><table class="cmo-table" '
        'style="word-break:normal;overflow-wrap:normal"><thead><tr></tr></thead><tbody></tbody>'
        "</table></div>")
    assert Collection().configurations == ()


@pytest.mark.needs_dot
def test_the_walkthrough_notebook_runs_and_shows_its_diagrams(tmp_path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    if shutil.which("dot") is None:
        pytest.skip("Graphviz 'dot' is not installed")
    notebook = nbformat.read(WALKTHROUGH, as_version=4)
    client = nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3",
                                     resources={"metadata": {"path": str(ROOT)}})
    client.execute()  # raises CellExecutionError on any error
    outputs = [output for cell in notebook.cells if cell.cell_type == "code"
               for output in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    html = [o["data"].get("text/html", "") for o in outputs if "data" in o]
    svgs = [o["data"].get("image/svg+xml", "") for o in outputs if "data" in o]
    assert any("<svg" in h for h in html)            # the theory's diagram
    assert sum(1 for s in svgs if "<svg" in s) >= 2  # the diff and the theme, drawn inline
    assert any("cmo-configuration" in h for h in html)
    assert any("<th>upstream</th><th>via</th><th>downstream</th>" in h for h in html)  # chains
    assert any("<th>negative_cases</th>" in h for h in html)  # one configuration's support
    assert any("Retroduction log" in h for h in html)  # folded in the configuration's card
    assert any("<th>not_judged</th>" in h for h in html)  # the rigour of each one's evidence
    assert any("<svg" in h and "evidence by source and configuration" in h for h in html)
    assert any("<h3>Agreement between coders</h3>" in h and "<table>" in h for h in html)
    [log] = [h for h in html if "Refinement of the programme theory" in h]  # the diff, once
    assert "<pre>" not in log
    plain = [o["data"].get("text/plain", "") for o in outputs if "data" in o]
    assert any("True" in p and "theory.qdpx" in p for p in plain)
