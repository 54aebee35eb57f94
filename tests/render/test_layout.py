"""How hard dot works at a large diagram, and how large a PNG image may be."""

from __future__ import annotations

import json
import struct
import warnings

import pytest

import cmo
from cmo.exceptions import CmoWarning
from cmo.models import Collection, Configuration
from cmo.render.backend import PNG_LARGEST_SIDE, render
from cmo.render.layout import UNBOUNDED_UP_TO, layout_options
from cmo.synthetic import synthetic_collection


def test_the_bounds_grow_with_the_number_of_configurations():
    assert [layout_options(n) for n in (1, 60, 150)] == [{}, {}, {}]
    assert UNBOUNDED_UP_TO == 150
    assert layout_options(151) == layout_options(250) == {"nslimit": "1", "nslimit1": "1"}
    assert layout_options(251) == layout_options(400) == {
        "mclimit": "0.5", "nslimit": "1", "nslimit1": "1"}
    assert layout_options(401) == layout_options(500) == layout_options(10_000) == {
        "mclimit": "0.25", "nslimit": "0.5", "nslimit1": "0.5"}


def test_a_small_diagram_carries_no_bounds_and_a_large_one_does():
    small = cmo.to_dot(synthetic_collection(150, evidence_per_configuration=1, seed=1))
    large = cmo.to_dot(synthetic_collection(151, evidence_per_configuration=1, seed=1))
    assert "nslimit" not in small.source and "mclimit" not in small.source
    graph_line = large.source.splitlines()[1]
    assert graph_line.startswith("\tgraph [") and " nslimit=1 nslimit1=1 " in graph_line
    assert "mclimit" not in graph_line


@pytest.mark.needs_dot
def test_a_diagram_laid_out_with_the_bounds_has_every_node_and_line():
    digraph = cmo.to_dot(synthetic_collection(60, evidence_per_configuration=5, seed=1))
    bounded = digraph.copy()
    bounded.attr(**layout_options(500))  # set after the graph's own: the user's win alike
    assert bounded.source != digraph.source
    layouts = [json.loads(d.pipe(format="json0", quiet=True)) for d in (digraph, bounded)]
    names = [sorted(o["name"] for o in layout["objects"] if "nodes" not in o)
             for layout in layouts]
    lines = [sorted((e["tail"], e["head"]) for e in layout["edges"]) for layout in layouts]
    assert names[0] == names[1] and len(names[0]) == 54  # 49 elements, 5 legend entries
    assert lines[0] == lines[1] and len(lines[0]) == 121  # 117 pairs, 4 in the legend


@pytest.mark.needs_dot
def test_a_png_too_large_is_scaled_down_with_a_warning_naming_the_fixes():
    # 200 unlinked context -> outcome pairs (synthetic): a drawing about 19,000 pixels
    # tall at 150 dpi, laid out in a moment.
    pairs = [Configuration(id=f"pair-{n}", contexts=[{"label": f"Synthetic context {n}"}],
                           outcomes=[{"label": f"Synthetic outcome {n}"}]) for n in range(200)]
    digraph = cmo.to_dot(Collection(configurations=pairs))
    with pytest.warns(CmoWarning) as caught:
        data = render(digraph, diagram_format="png")
    width, height = struct.unpack(">II", data[16:24])
    assert height in (PNG_LARGEST_SIDE - 1, PNG_LARGEST_SIDE) and width < PNG_LARGEST_SIDE
    message = str(caught[0].message)
    assert message.startswith("the diagram is too large for a PNG image at 150 dpi: it was "
                              f"scaled down to {width} x {height} pixels")
    assert "SVG or PDF keep every detail" in message and "--summary" in message


@pytest.mark.needs_dot
def test_a_png_that_fits_is_drawn_at_full_resolution_without_a_warning(example_theory):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        data = render(cmo.to_dot(example_theory), diagram_format="png")
    width, height = struct.unpack(">II", data[16:24])
    assert width < PNG_LARGEST_SIDE and height < PNG_LARGEST_SIDE
