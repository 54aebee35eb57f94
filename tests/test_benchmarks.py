"""The benchmark suite runs: every stage at a tiny size, one run each, into a temporary file.

``make bench`` itself (1,000 to 100,000 configurations) is not run here; this checks that
each benchmark and its floor work, that the results file has the promised shape, that the
inputs the benchmarks read are the theory they claim to be, and that sizes which cannot
fit in memory are refused.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import cmo
from cmo.render import to_dot, to_outline
from cmo.synthetic import synthetic_collection

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
STAGES = ("load-yaml", "load-json", "graph", "queries", "matrix", "agreement", "diff", "merge",
          "dot-source", "dot-layout", "outline", "rdf-export-turtle", "rdf-export-jsonld",
          "rdf-import-turtle", "rdf-export-ntriples", "qdpx-import", "qdpx-export", "report")
KEYS = {"name", "n", "runs", "seconds", "peak_mb", "floor_seconds", "ratio"}


@pytest.fixture(scope="module")
def benchmarks_importable():
    sys.path.insert(0, str(BENCHMARKS))
    yield
    sys.path.remove(str(BENCHMARKS))


def _run(*arguments: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(BENCHMARKS / "run.py"), *map(str, arguments)],
                          capture_output=True, text=True, check=False, timeout=120)


@pytest.mark.needs_dot
def test_every_benchmark_runs_at_a_tiny_size_and_writes_its_row(tmp_path):
    out = tmp_path / "results.json"
    result = _run("--sizes", "20,30", "--repeats", "1", "--out", out)
    assert result.returncode == 0, result.stderr
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert [(row["name"], row["n"]) for row in rows] == [
        *((name, 20) for name in STAGES), ("models", 20),
        *((name, 30) for name in STAGES), ("models", 30)]
    for row in rows:
        assert set(row) == KEYS
        assert row["n"] in (20, 30)
        if row["name"] == "models":
            assert row["seconds"] is None and row["floor_seconds"] is None
            continue
        assert row["runs"] == 1
        assert isinstance(row["seconds"], float) and 0 < row["seconds"] < 30
        assert isinstance(row["floor_seconds"], float) and 0 < row["floor_seconds"] < 30
        assert row["ratio"] == pytest.approx(row["seconds"] / row["floor_seconds"], rel=0.01,
                                             abs=0.01)
        assert row["peak_mb"] is None or 0 <= row["peak_mb"] < 1000
    assert "ratio" in result.stdout.splitlines()[0]  # the table
    assert "Targets (measured, not promised):" in result.stdout
    assert "cost per configuration grows 20% at most" in result.stdout  # two sizes: checked


def test_one_stage_can_be_run_alone_and_unknown_ones_are_named(tmp_path):
    out = tmp_path / "diff.json"
    result = _run("--sizes", "10", "--repeats", "1", "--only", "diff", "--out", out)
    assert result.returncode == 0, result.stderr
    assert [row["name"] for row in json.loads(out.read_text(encoding="utf-8"))] == [
        "diff", "models"]
    wrong = _run("--only", "difff", "--out", tmp_path / "x.json")
    assert wrong.returncode == 2 and "no stage difff (the stages: load-yaml" in wrong.stderr
    assert not (tmp_path / "x.json").exists()


def test_a_stage_stops_repeating_once_its_budget_is_spent(tmp_path):
    out = tmp_path / "budget.json"
    spent = _run("--sizes", "10", "--repeats", "4", "--budget", "1e-9", "--only", "diff",
                 "--out", out)
    assert spent.returncode == 0, spent.stderr
    assert json.loads(out.read_text(encoding="utf-8"))[0]["runs"] == 1
    ample = _run("--sizes", "10", "--repeats", "4", "--only", "diff", "--out", out)
    assert ample.returncode == 0, ample.stderr
    assert json.loads(out.read_text(encoding="utf-8"))[0]["runs"] == 4
    wrong = _run("--budget", "0", "--out", tmp_path / "x.json")
    assert wrong.returncode == 2 and "--budget must be a number of seconds above 0" in wrong.stderr


def test_sizes_that_cannot_fit_in_memory_are_refused_before_anything_runs(tmp_path):
    out = tmp_path / "results.json"
    result = _run("--sizes", "10,1000000000", "--out", out)
    assert result.returncode == 2
    assert "refused: 1,000,000,000 configurations would need about" in result.stderr
    assert "GB is available (MemAvailable in /proc/meminfo)" in result.stderr
    assert "smaller --sizes" in result.stderr
    assert not out.exists()


def test_sizes_run_two_at_a_time_only_where_they_fit_together(tmp_path, benchmarks_importable):
    from memory import Estimate
    from run import jobs_that_fit

    gb = 2**30
    plan = [Estimate(100_000, 9 * gb, 24 * gb), Estimate(10_000, 1 * gb, 24 * gb)]
    assert jobs_that_fit(plan, 2) == 2
    assert jobs_that_fit([Estimate(e.n, e.needed, 9.5 * gb) for e in plan], 2) == 1
    assert jobs_that_fit(plan, 1) == 1
    wrong = _run("--jobs", "0", "--out", tmp_path / "x.json")
    assert wrong.returncode == 2 and "--jobs must be 1 or more" in wrong.stderr


@pytest.mark.parametrize("sizes", ["0", "-5", "ten", ""])
def test_sizes_that_are_not_sizes_are_refused(tmp_path, sizes):
    result = _run("--sizes", sizes, "--out", tmp_path / "x.json")
    assert result.returncode == 2 and "--sizes" in result.stderr


def test_the_quick_yaml_is_the_theory_cmo_writes(tmp_path, benchmarks_importable):
    from workload import write_yaml_lines

    from cmo.authoring.writing import collection_to_data

    collection = synthetic_collection(30, evidence_per_configuration=3, themes=7)
    quick = write_yaml_lines(collection_to_data(collection), tmp_path / "quick.yaml")
    assert cmo.read(quick) == cmo.read(cmo.save(collection, tmp_path / "cmo.yaml")) == collection


def test_the_floors_read_the_same_files_and_write_the_same_kind_of_text(
        tmp_path, benchmarks_importable):
    from stages import drawing, loading, questions
    from workload import Workload

    workload = Workload(synthetic_collection(40, evidence_per_configuration=3), tmp_path)
    plain = loading.load_yaml_plainly(workload.file("theory.yaml"))
    assert len(plain.configurations) == 40 and len(plain.excerpts) == len(
        workload.collection.excerpts)
    assert loading.load_json_plainly(workload.file("theory.json")) == plain
    parts = questions.graph_parts(workload.theory.graph)
    bare = questions.bare_graph(parts)
    assert (bare.number_of_nodes(), bare.number_of_edges()) == (
        workload.theory.graph.number_of_nodes(), workload.theory.graph.number_of_edges())
    ours = to_dot(workload.theory).source
    theirs = drawing.plain_dot(parts, {c.id: c.theme for c in workload.collection.configurations})
    assert 0.3 < len(theirs) / len(ours) < 1.5  # the same nodes and edges, described alike
    theory = workload.theory
    contexts = list({e.id: e for c in theory.configurations for e in c.contexts}.values())
    reached = questions.plain_outcomes_reached(bare, [theory.node(c) for c in contexts])
    assert [sorted(found) for found in reached] == [
        sorted(theory.node(o) for o in theory.outcomes_of(c)) for c in contexts]
    counts = questions.plain_support_counts(workload.theory.configurations)
    support = workload.theory.support_table()
    assert [(row[0], row[1], row[2]) for row in counts] == [
        (s.configuration, s.evidence, s.sources) for s in support]


def test_the_outline_floor_wraps_the_same_lines_alike(benchmarks_importable):
    from stages import drawing

    theory = cmo.ProgrammeTheory(synthetic_collection(40, evidence_per_configuration=3))
    ours = to_outline(theory)
    theirs = drawing.plain_outline(drawing.outline_lines(to_outline(theory, width=10**9)))
    assert theirs.split() == ours.split()
    assert len(theirs.splitlines()) == pytest.approx(len(ours.splitlines()), rel=0.05)


def test_the_outline_and_json_ld_are_held_against_turtle_per_triple(benchmarks_importable):
    from targets import turtle_verdicts

    def row(name: str, n: int, seconds: float) -> dict:
        return {"name": name, "n": n, "seconds": seconds}

    rows = [row("rdf-export-turtle", 1_000, 0.1), row("outline", 1_000, 0.5),
            row("rdf-export-turtle", 10_000, 2.0), row("outline", 10_000, 1.0),
            row("rdf-export-jsonld", 10_000, 4.5)]
    assert [str(verdict) for verdict in turtle_verdicts(rows)] == [
        "holds        outline within 2x of rdf-export-turtle's time per triple at 10,000+ "
        "configurations: 0.50x at 10,000 (1 against 2 s)",
        "MISSED       rdf-export-jsonld within 2x of rdf-export-turtle's time per triple at "
        "10,000+ configurations: 2.25x at 10,000 (4.5 against 2 s)"]
    assert turtle_verdicts(rows[:2]) == []  # too small, or Turtle not measured


def test_the_memory_estimate_grows_with_the_size(benchmarks_importable):
    from memory import SAFETY, bytes_per_configuration, estimates

    per_configuration = bytes_per_configuration()
    assert 5_000 < per_configuration < 200_000  # 20 evidence links, shared excerpts
    small, large = estimates([1_000, 100_000], per_configuration)
    assert large.needed == pytest.approx(100 * small.needed)
    assert large.needed == pytest.approx(per_configuration * 100_000 * SAFETY)
