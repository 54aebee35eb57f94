"""Notebooks: rich display of theories, configurations, diffs and tables; the walkthrough runs."""

from __future__ import annotations

import shutil

import pytest

import cmo
from cmo.diff import diff
from cmo.models import Collection, Configuration, Evidence, Excerpt, Source
from cmo.notebook import MAX_INLINE, Records, configuration_html
from cmo.synthetic import synthetic_collection

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


def test_a_diff_shows_its_changes_and_log(example_theory, example_path):
    initial = cmo.load(example_path.parent / "initial.yaml")
    bundle = diff(initial, example_theory)._repr_mimebundle_()
    assert "role-understanding" in bundle["text/html"] and "removed" in bundle["text/plain"]
    assert bundle["text/markdown"].startswith("#")


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
    assert Records()._repr_html_().startswith('<table class="cmo-table">')
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
    plain = [o["data"].get("text/plain", "") for o in outputs if "data" in o]
    assert any("True" in p and "theory.qdpx" in p for p in plain)
