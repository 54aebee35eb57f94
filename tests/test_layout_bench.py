"""The layout rows of the benchmark: dot laying out the full view, one row per size.

Run at a tiny size only; no timing is asserted (``make bench`` measures 150, 300, 500).
"""

from __future__ import annotations

import pytest

from .conftest import benchmark_module


@pytest.fixture(scope="module")
def layout_module():
    return benchmark_module("layout")


@pytest.mark.needs_dot
def test_a_layout_row_per_size_with_dot_own_time_memory_options_and_version(layout_module):
    rows = layout_module.layout_rows(sizes=(10, 151))
    assert [(row["name"], row["n"], row["runs"]) for row in rows] == [
        ("layout-full", 10, 1), ("layout-full", 151, 1)]
    for row in rows:
        assert sorted(row) == ["floor_seconds", "graphviz", "n", "name", "options", "peak_mb",
                               "ratio", "runs", "seconds", "wall_seconds"]
        assert row["floor_seconds"] is None and row["ratio"] is None
        assert row["seconds"] > 0 and row["wall_seconds"] > 0 and row["peak_mb"] > 1
        assert row["graphviz"].startswith("dot - graphviz version ")
    assert rows[0]["options"] == []
    assert rows[1]["options"] == ["-Gnslimit=1", "-Gnslimit1=1"]


@pytest.mark.needs_dot
def test_a_layout_that_runs_too_long_is_stopped_and_has_no_time(layout_module):
    import cmo
    from cmo.synthetic import synthetic_collection

    source = cmo.to_dot(synthetic_collection(150, evidence_per_configuration=5, seed=1)).source
    assert layout_module.lay_out(source, timeout=0.0) == {
        "seconds": None, "wall_seconds": None, "peak_mb": None}


def test_the_graphviz_version_is_dot_own_words(layout_module):
    version = layout_module.graphviz_version()
    assert version is None or version.startswith("dot - graphviz version ")
