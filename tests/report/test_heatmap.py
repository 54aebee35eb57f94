"""The framework matrix as a heatmap (SVG), a report section and Markdown tables."""

from __future__ import annotations

import re
import warnings
import xml.etree.ElementTree as ET

from cmo.exceptions import CmoWarning
from cmo.models import Collection, Configuration, Evidence, Excerpt, Source
from cmo.report.heatmap import STANCE_COLOURS, heatmap_page, heatmap_section, heatmap_svg
from cmo.report.matrix_table import LEGEND, cell_text, matrix_markdown, matrix_rows
from cmo.synthetic import synthetic_collection
from cmo.theory.matrix import Cell, evidence_matrix

from ..theory.test_matrix import built_case

SVG = "{http://www.w3.org/2000/svg}"


def _quiet_matrix(theory, by):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CmoWarning)
        return evidence_matrix(theory, by=by)


def _shown(text: ET.Element) -> str:
    """What a text element shows (its tooltip left out)."""
    parts = [text.text or ""]
    for child in text:
        if child.tag != f"{SVG}title":
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    return "".join(parts)


def _tips(svg: str) -> list[str]:
    """The tooltips of the cells with evidence, in drawing order."""
    root = ET.fromstring(svg)
    return [group.find(f"{SVG}title").text for group in root.iter(f"{SVG}g")
            if group.find(f"{SVG}rect") is not None and group.find(f"{SVG}text") is not None
            and group.find(f"{SVG}text").get("text-anchor") == "middle"]


def test_the_heatmap_draws_one_cell_per_row_and_configuration_with_evidence():
    svg = heatmap_svg(_quiet_matrix(built_case(), "participant"))
    # Columns by theme: Trust (CMOC 1, 3), Hope (CMOC 2), no theme (CMOC 4); rows in order.
    assert _tips(svg) == [
        "P1 × CMOC 1: 1 supports, 1 refutes, 0 refines",
        "P1 × CMOC 2: 1 supports, 0 refutes, 0 refines",
        "P2 × CMOC 1: 1 supports, 0 refutes, 0 refines",
        "P2 × CMOC 2: 1 supports, 0 refutes, 0 refines",
        "(not given) × CMOC 3: 0 supports, 1 refutes, 0 refines",
        "(not given) × CMOC 2: 0 supports, 0 refutes, 1 refines",
    ]
    root = ET.fromstring(svg)
    texts = [_shown(text) for text in root.iter(f"{SVG}text")]
    columns = [text for text in texts if text.startswith("CMOC")]
    assert columns == ["CMOC 1", "CMOC 3", "CMOC 2", "CMOC 4"]
    themes = ["Trust", "Hope", "(no theme)"]
    assert [text for text in texts if text in themes] == themes
    assert texts.count("P1") == 2  # row labels on both sides
    assert [name for name in STANCE_COLOURS if name in texts] == list(STANCE_COLOURS)
    assert "darker: more evidence (most in a cell: 2); the number is the evidence in the cell" \
        in texts


def test_cells_are_coloured_by_stance():
    svg = heatmap_svg(_quiet_matrix(built_case(), "participant"))
    fills = [rect.get("fill") for group in ET.fromstring(svg).iter(f"{SVG}g")
             for rect in group.findall(f"{SVG}rect")
             if group.find(f"{SVG}text") is not None
             and group.find(f"{SVG}text").get("text-anchor") == "middle"]
    # 2 pieces (the most) is the full colour; 1 piece, half of it, the middle of 5 shades.
    assert fills == ["#cc79a7", "#59c0a4", "#59c0a4", "#59c0a4", "#e49659", "#91cef1"]
    assert STANCE_COLOURS["supports and refutes"].lower() == fills[0]


def test_every_label_is_escaped_and_the_picture_is_well_formed_xml():
    source = Source(id="s1", kind="interview", site='<b>North & "South"</b>')
    hope = Configuration(
        id="hope", label="Hope </text><script>", theme="Trust & <hope>",
        contexts=[{"label": "A"}], outcomes=[{"label": "B"}],
        evidence=[Evidence(excerpt=Excerpt(id="x", source=source, text="Synthetic"),
                           stance="supports")])
    svg = heatmap_svg(evidence_matrix(Collection(title="T <&>", configurations=[hope]), "site"))
    root = ET.fromstring(svg)  # raises if anything got through unescaped
    texts = {_shown(text) for text in root.iter(f"{SVG}text")}
    assert '<b>North & "South"</b>' in texts
    assert "Trust & <hope>" in texts
    assert "<script" not in svg and "&lt;b&gt;North &amp; &quot;South&quot;" in svg
    titles = {title.text for title in root.iter(f"{SVG}title")}
    assert "CMOC 1: Hope </text><script>" in titles


def test_150_configurations_make_a_picture_that_scrolls_rather_than_shrinks():
    matrix = _quiet_matrix(synthetic_collection(150, seed=1), "site")
    svg = heatmap_svg(matrix)
    root = ET.fromstring(svg)
    width, height = float(root.get("width")), float(root.get("height"))
    assert root.get("viewBox") == f"0 0 {width:.0f} {height:.0f}"
    assert width >= 150 * 26  # each column keeps its width
    assert len(matrix.rows) == 7 and height < 400
    columns = [_shown(t) for t in root.iter(f"{SVG}text") if _shown(t).startswith("CMOC ")]
    assert len(columns) == 150 and columns[:3] == ["CMOC 1", "CMOC 6", "CMOC 11"]
    assert len(_tips(svg)) == len(matrix.cells)


def test_a_narrow_theme_gets_a_header_in_two_lines_and_its_group_widens():
    source = Source(id="s1", kind="interview")
    hope = Configuration(id="hope", theme="Buy-in to social prescribing",
                         contexts=[{"label": "A"}], outcomes=[{"label": "B"}],
                         evidence=[Evidence(excerpt=Excerpt(id="x", source=source,
                                                            text="Synthetic"), stance="refines")])
    root = ET.fromstring(heatmap_svg(evidence_matrix(Collection(configurations=[hope]),
                                                     "source")))
    spans = [span.text for span in root.iter(f"{SVG}tspan")]
    assert spans == ["Buy-in to social", "prescribing"]


def test_the_report_section_says_what_is_missing_instead_of_failing():
    section = heatmap_section(Collection(configurations=built_case().configurations), by="site")
    assert section.startswith('<section class="cmo-matrix"><h2>Evidence by site and '
                              "configuration</h2><p>Each cell counts the evidence from one site")
    assert '<div style="overflow-x:auto;max-width:100%"><svg' in section
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the section notes the warning rather than raising it
        noted = heatmap_section(built_case(), by="role", level=3)
    assert noted.startswith('<section class="cmo-matrix"><h3>Evidence by role')
    assert ("<p>1 of 4 sources gives no participant role: their evidence is counted under "
            "&#x27;(not given)&#x27;.</p>") in noted
    bare = Collection(configurations=[Configuration(
        id="c", contexts=[{"label": "A"}], outcomes=[{"label": "B"}], evidence=[Evidence(
            stance="supports", excerpt=Excerpt(id="x", text="Synthetic",
                                               source=Source(id="s", kind="document")))])])
    assert heatmap_section(bare, by="wave") == (
        '<section class="cmo-matrix"><h2>Evidence by wave and configuration</h2>'
        "<p>no source gives its wave (fill &#x27;wave&#x27; in sources, or count by "
        "source instead).</p></section>")


def test_the_page_holds_the_heatmap():
    page = heatmap_page(_quiet_matrix(built_case(), "wave"))
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>Synthetic case: evidence by wave and configuration</title>" in page
    assert "<h1>" not in page  # the picture carries its caption
    assert page.count("<svg") == 1 and page.endswith("</html>\n")


def test_cells_as_text_and_the_markdown_tables_by_theme():
    assert [cell_text(c) for c in (Cell(), Cell(2, 1, 3), Cell(refutes=4))] == [
        "", "+2 -1 ~3", "-4"]
    matrix = _quiet_matrix(built_case(), "participant")
    assert matrix_rows(matrix)[0] == {"number": "CMOC 1", "configuration": "c-trust",
                                      "P1": "+1 -1", "P2": "+1", "(not given)": ""}
    assert matrix_markdown(matrix) == "\n".join([
        "# Synthetic case: evidence by participant and configuration", "", LEGEND, "",
        "## Trust", "",
        "| number | configuration | P1 | P2 | (not given) |",
        "| --- | --- | --- | --- | --- |",
        "| CMOC 1 | c-trust | +1 -1 | +1 |  |",
        "| CMOC 3 | c-buy |  |  | -1 |", "",
        "## Hope", "",
        "| number | configuration | P1 | P2 | (not given) |",
        "| --- | --- | --- | --- | --- |",
        "| CMOC 2 | c-hope | +1 | +1 | ~1 |", "",
        "## (no theme)", "",
        "| number | configuration | P1 | P2 | (not given) |",
        "| --- | --- | --- | --- | --- |",
        "| CMOC 4 | c-none |  |  |  |", ""])


def test_markdown_escapes_labels_and_a_row_named_like_a_key_keeps_its_column():
    source = Source(id="number", kind="interview")
    hope = Configuration(id="hope", theme="*Trust* | hope", contexts=[{"label": "A"}],
                         outcomes=[{"label": "B"}],
                         evidence=[Evidence(excerpt=Excerpt(id="x", source=source,
                                                            text="Synthetic"), stance="supports")])
    text = matrix_markdown(evidence_matrix(Collection(configurations=[hope]), "source"))
    assert "## \\*Trust\\* \\| hope" in text
    assert "| number | configuration | source number |" in text
    assert re.search(r"\| CMOC 1 \| hope \| \+1 \|", text)


def test_a_notebook_shows_the_matrix_as_its_heatmap_scrolling_sideways():
    import cmo.notebook  # attaches the display hooks

    matrix = _quiet_matrix(built_case(), "site")
    svg = heatmap_svg(matrix)
    assert matrix._repr_svg_() == svg
    assert matrix._repr_html_() == f'<div style="overflow-x:auto;max-width:100%">{svg}</div>'
    assert cmo.notebook.matrix_svg(matrix) == svg


def test_the_report_section_says_which_evidence_counts():
    section = heatmap_section(built_case(), by="site", level=3, min_rigour="moderate")
    assert section.startswith('<section class="cmo-matrix"><h3>Evidence by site and '
                              "configuration (rigour moderate or higher)</h3>")
    assert section.count("<g><title>") == 4 + 3  # 4 cells with evidence, 3 theme headers


def test_a_tall_grid_has_its_column_labels_below_it_too():
    matrix = _quiet_matrix(synthetic_collection(40, themes=2, seed=3), "source")
    root = ET.fromstring(heatmap_svg(matrix))
    assert len(matrix.rows) == 10
    assert sum(_shown(t).startswith("CMOC ") for t in root.iter(f"{SVG}text")) == 40
    tall = _quiet_matrix(synthetic_collection(80, themes=2, seed=3), "source")
    root = ET.fromstring(heatmap_svg(tall))
    assert len(tall.rows) == 20
    labels = [t for t in root.iter(f"{SVG}text") if _shown(t).startswith("CMOC ")]
    assert len(labels) == 160
    anchors = [t.get("text-anchor") for t in labels]
    assert (anchors.count(None), anchors.count("end")) == (80, 80)  # above, and below
