"""Running Graphviz's dot: real SVG, PNG and PDF bytes, and clear errors when it fails."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ElementTree

import graphviz
import pytest

from cmo.exceptions import DotNotFoundError, RenderError
from cmo.render import to_dot
from cmo.render.backend import PNG_DPI, render

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.mark.needs_dot
def test_svg_is_well_formed_xml(example_theory):
    root = ElementTree.fromstring(render(to_dot(example_theory), diagram_format="svg"))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"


@pytest.mark.needs_dot
def test_png_is_a_png_big_enough_to_print(example_theory):
    data = render(to_dot(example_theory), diagram_format="png")
    assert data.startswith(PNG_SIGNATURE)
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk comes first
    assert 1500 < width < 20_000 and 1000 < height < 20_000
    assert len(data) > 50_000


@pytest.mark.needs_dot
def test_png_resolution_does_not_change_the_diagram(example_theory):
    digraph = to_dot(example_theory)
    before = digraph.source
    render(digraph, diagram_format="png")
    assert digraph.source == before and f"dpi={PNG_DPI}" not in before


@pytest.mark.needs_dot
def test_pdf_is_a_pdf(example_theory):
    data = render(to_dot(example_theory), diagram_format="pdf")
    assert data.startswith(b"%PDF-") and b"%%EOF" in data[-64:]


def test_dot_missing_from_path_says_how_to_install_it(example_theory, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # a real environment without Graphviz
    with pytest.raises(DotNotFoundError) as caught:
        render(to_dot(example_theory), diagram_format="svg")
    message = str(caught.value)
    assert "Install Graphviz" in message and "apt-get install graphviz" in message
    assert isinstance(caught.value, RenderError) and isinstance(caught.value, FileNotFoundError)


@pytest.mark.needs_dot
def test_dot_failing_is_a_render_error_with_what_dot_said():
    broken = graphviz.Digraph()
    broken.node("x", label="<<table><tr><td>unclosed</td></table>>")
    with pytest.raises(RenderError, match=r"could not draw the diagram as SVG .*mismatched tag"):
        render(broken, diagram_format="svg")


def test_unknown_format_is_refused(example_theory):
    with pytest.raises(ValueError, match=r"unknown diagram format: 'gif' \(must be one of"):
        render(to_dot(example_theory), diagram_format="gif")
