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
KEYS = {"name", "n", "runs", "seconds", "peak_mb", "floor_seconds", "ratio"}
META = {"date", "commit", "python", "packages", "machine", "graphviz", "layout_options",
        "seconds", "processes"}


@pytest.fixture(scope="module")
def benchmarks_importable():
    sys.path.insert(0, str(BENCHMARKS))
    yield
    sys.path.remove(str(BENCHMARKS))


def _run(*arguments: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(BENCHMARKS / "run.py"), *map(str, arguments)],
                          capture_output=True, text=True, check=False, timeout=120)


@pytest.mark.needs_dot
def test_every_benchmark_runs_at_a_tiny_size_and_writes_its_row(tmp_path, benchmarks_importable):
    from stages import STAGE_NAMES

    out = tmp_path / "results.json"
    result = _run("--sizes", "20,30", "--repeats", "1", "--no-extras", "--out", out)
    assert result.returncode == 0, result.stderr
    written = json.loads(out.read_text(encoding="utf-8"))
    assert set(written) == {"meta", "rows"}
    rows = written["rows"]
    assert [(row["name"], row["n"]) for row in rows] == [
        *((name, 20) for name in STAGE_NAMES), ("models", 20),
        *((name, 30) for name in STAGE_NAMES), ("models", 30)]
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
    meta = written["meta"]
    assert set(meta) == META
    assert sorted(meta["packages"]) == ["lxml", "networkx", "pydantic", "pyoxigraph", "rdflib"]
    assert meta["graphviz"].startswith("dot - graphviz version")
    assert sorted((process["n"], process["core"]) for process in meta["processes"]) == [
        (20, 2), (30, 1)]  # the larger first, each on a core of its own
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Measured ") and lines[3].startswith("Graphviz: dot - graphviz")
    assert "ratio" in lines[4]  # the table
    assert "Targets (measured, not promised):" in result.stdout
    assert "info         make bench under 15 minutes: not a full run" in result.stdout
    assert "Plan (2 at a time, up to 2):" in result.stderr


def test_a_large_size_is_measured_by_two_processes_and_its_rows_joined(
        tmp_path, benchmarks_importable):
    out = tmp_path / "split.json"
    result = _run("--sizes", "30", "--repeats", "1", "--no-extras", "--split-from", "30",
                  "--only", "load-json,graph,diff,merge", "--out", out)
    assert result.returncode == 0, result.stderr
    written = json.loads(out.read_text(encoding="utf-8"))
    assert [row["name"] for row in written["rows"]] == [
        "load-json", "graph", "diff", "merge", "models"]
    processes = written["meta"]["processes"]
    assert sorted(process["part"] for process in processes) == [1, 2]
    measured = [process["stages"] for process in processes]
    assert sorted(name for stages in measured for name in stages) == [
        "diff", "graph", "load-json", "merge"]
    assert ["diff", "merge"] in measured or any({"diff", "merge"} <= set(stages)
                                                 for stages in measured)
    assert "[30 (part 1)]" in result.stderr and "[30 (part 2)]" in result.stderr


def test_one_stage_can_be_run_alone_and_unknown_ones_are_named(tmp_path):
    out = tmp_path / "diff.json"
    result = _run("--sizes", "10", "--repeats", "1", "--only", "diff", "--out", out)
    assert result.returncode == 0, result.stderr
    assert [row["name"] for row in json.loads(out.read_text(encoding="utf-8"))["rows"]] == [
        "diff", "models"]
    wrong = _run("--only", "difff", "--out", tmp_path / "x.json")
    assert wrong.returncode == 2 and "no stage difff (the stages: load-yaml" in wrong.stderr
    assert not (tmp_path / "x.json").exists()


def test_a_stage_stops_repeating_once_its_budget_is_spent(tmp_path):
    out = tmp_path / "budget.json"
    spent = _run("--sizes", "10", "--repeats", "4", "--budget", "1e-9", "--only", "diff",
                 "--out", out)
    assert spent.returncode == 0, spent.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["rows"][0]["runs"] == 1
    ample = _run("--sizes", "10", "--repeats", "4", "--only", "diff", "--out", out)
    assert ample.returncode == 0, ample.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["rows"][0]["runs"] == 4
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
    from memory import multiple
    from run import parse_options, plan_that_fits
    from stages import STAGE_NAMES

    options = parse_options(["--sizes", "1000,10000,100000", "--out", str(tmp_path / "x.json")])
    per_configuration = 10_000.0  # bytes
    whole = per_configuration * 100_000 * multiple(STAGE_NAMES)
    plan, refusals = plan_that_fits(options, per_configuration, available=int(3 * whole))
    assert refusals == [] and len(plan) == 2
    assert sorted(job.part for lane in plan for job in lane.jobs if job.n == 100_000) == [1, 2]
    plan, refusals = plan_that_fits(options, per_configuration, available=int(1.1 * whole))
    assert refusals == [] and len(plan) == 1  # the two parts would not fit together
    assert [(job.n, job.part) for job in plan[0].jobs] == [(1_000, None), (10_000, None),
                                                           (100_000, None)]
    plan, refusals = plan_that_fits(options, per_configuration, available=int(0.5 * whole))
    assert len(refusals) == 1 and refusals[0].startswith("100,000 configurations would need")
    wrong = _run("--jobs", "0", "--out", tmp_path / "x.json")
    assert wrong.returncode == 2 and "--jobs must be 1 or more" in wrong.stderr


def test_the_plan_shares_a_large_size_between_the_cores_keeping_stages_together(
        benchmarks_importable):
    from schedule import TOGETHER, describe, make_plan
    from stages import STAGE_NAMES

    plan = make_plan([1_000, 10_000, 100_000], STAGE_NAMES, lanes=2, extras=True)
    parts = [job for lane in plan for job in lane.jobs if job.n == 100_000]
    assert [job.part for job in parts] == [1, 2]
    assert sorted(name for job in parts for name in job.stages) == sorted(STAGE_NAMES)
    for together in TOGETHER:
        assert sum(1 for job in parts if together & set(job.stages)) == 1
    assert sum(lane.extras for lane in plan) == 1
    assert abs(plan[0].seconds - plan[1].seconds) < 0.15 * max(plan[0].seconds, plan[1].seconds)
    text = describe(plan)
    assert text.splitlines()[-1].startswith("  estimated time of the run: ")
    alone = make_plan([1_000, 10_000, 100_000], STAGE_NAMES, lanes=1)
    assert [(job.n, job.part) for job in alone[0].jobs] == [(1_000, None), (10_000, None),
                                                            (100_000, None)]
    assert alone[0].seconds > max(lane.seconds for lane in plan)
    printed = _run("--plan", "--out", "/nonexistent/never-written.json")
    assert printed.returncode == 0 and "100,000 (part 2)" in printed.stdout


def test_every_timed_run_has_the_collector_paused_whichever_side(benchmarks_importable):
    import gc

    from measure import Peaks

    seen: list[bool] = []
    peaks = Peaks()
    for _ in range(2):
        peaks.run(lambda: seen.append(gc.isenabled()))
    assert seen == [False, False]
    assert gc.isenabled()
    with pytest.raises(ZeroDivisionError):
        peaks.run(lambda: 1 / 0)
    assert gc.isenabled()


def test_start_up_and_layout_rows_are_printed_with_their_targets(benchmarks_importable,
                                                                 monkeypatch):
    import types

    from run import extra_rows, extras_present, extras_table
    from targets import extra_verdicts

    # Tiny fakes of the row shape of benchmarks/startup.py and benchmarks/layout.py.
    startup = types.ModuleType("startup")
    startup.startup_rows = lambda runs: [
        {"name": "startup-help", "n": 0, "runs": runs, "seconds": 0.09,
         "floor_seconds": 0.07, "ratio": 1.29, "peak_mb": None, "floor_is": "import click"},
        {"name": "startup-validate", "n": 0, "runs": runs, "seconds": 0.5,
         "floor_seconds": 0.4, "ratio": 1.25, "peak_mb": None}]
    layout = types.ModuleType("layout")
    layout.layout_rows = lambda sizes: [
        {"name": "layout-full", "n": n, "runs": 1, "seconds": n / 40, "floor_seconds": None,
         "ratio": None, "peak_mb": 50.0, "options": ["-Gnslimit=1"]} for n in sizes]
    monkeypatch.setitem(sys.modules, "startup", startup)
    monkeypatch.setitem(sys.modules, "layout", layout)
    rows, failures = extra_rows(extras_present())
    assert failures == []
    assert [(row["name"], row["n"], row["runs"]) for row in rows] == [
        ("startup-help", 0, 15), ("startup-validate", 0, 15), ("layout-full", 150, 1),
        ("layout-full", 300, 1), ("layout-full", 500, 1)]
    assert [str(verdict) for verdict in extra_verdicts(rows)] == [
        "holds        startup-help within 1.5x of its floor: 0.09 s, ratio 1.29",
        "MISSED       startup-validate within 1.2x of its floor: 0.5 s, ratio 1.25",
        "holds        layout-full at 300 configurations under 10 s: 7.5 s",
        "holds        layout-full at 500 configurations under 30 s: 12.5 s"]
    table = extras_table(rows).splitlines()
    assert table[1].endswith("within 1.5x of its floor") and table[3].endswith("  -")
    assert table[5].endswith("under 30 s")

    def broken(runs: int) -> list:
        raise RuntimeError("no cmo on the path")

    startup.startup_rows = broken
    rows, failures = extra_rows(extras_present())
    assert [row["name"] for row in rows] == ["layout-full"] * 3
    assert failures == ["start-up or layout rows failed: RuntimeError: no cmo on the path"]


def test_the_targets_of_issue_20(benchmarks_importable):
    from targets import growth_verdicts, ratio_verdicts

    def row(name: str, n: int, seconds: float, floor: float) -> dict:
        return {"name": name, "n": n, "seconds": seconds, "floor_seconds": floor,
                "ratio": round(seconds / floor, 2)}

    rows = [row("rdf-export-turtle", 1_000, 0.2, 0.1), row("rdf-export-turtle", 10_000, 1.9, 1.0),
            row("queries", 1_000, 0.1, 0.1), row("queries", 10_000, 1.1, 1.0),
            row("queries", 100_000, 15.0, 12.0),
            row("report", 1_000, 0.1, 0.1), row("report", 10_000, 1.5, 1.6)]
    assert [str(verdict) for verdict in ratio_verdicts(rows)] == [
        "holds        rdf-export-turtle within 2x of its floor at 10,000+ configurations: "
        "1.90 at 10,000",
        "holds        queries within 2x of its floor at 10,000+ configurations: 1.10 at 10,000; "
        "1.25 at 100,000",
        "holds        report within 2x of its floor at 10,000+ configurations: 0.94 at 10,000"]
    assert [str(verdict) for verdict in growth_verdicts(rows)] == [
        "not measured load-json cost per configuration grows 20% at most from 1,000 to 10,000: "
        "needs both 1,000 and 10,000",
        "not measured graph cost per configuration grows 20% at most from 1,000 to 10,000: "
        "needs both 1,000 and 10,000",
        "holds        queries cost per configuration grows 20% at most from 1,000 to 10,000: "
        "+10% from 1,000 to 10,000 (100 to 110 µs per configuration; its floor's +0%)",
        "MISSED       report cost per configuration grows 20% at most from 1,000 to 10,000: "
        "+50% from 1,000 to 10,000 (100 to 150 µs per configuration; its floor's +60%, "
        "as much)",
        "info         rdf-export-turtle cost per configuration: -5% from 1,000 to 10,000 "
        "(200 to 190 µs per configuration; its floor's +0%)",
        "info         queries cost per configuration: +50% from 1,000 to 100,000 "
        "(100 to 150 µs per configuration; its floor's +20%)"]


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
    theirs = drawing.plain_dot(workload.collection)
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
    from memory import (
        MARGIN,
        THEORY,
        bytes_per_configuration,
        estimates,
        multiple,
        process_estimate,
    )

    per_configuration = bytes_per_configuration()
    assert 5_000 < per_configuration < 200_000  # 20 evidence links, shared excerpts
    small, large = estimates([1_000, 100_000], per_configuration, ["graph"])
    assert large.needed == pytest.approx(100 * small.needed)
    assert multiple(["graph"]) == pytest.approx(MARGIN * (THEORY + 1.0 + 0.05))
    # The revision is made only for diff, merge and agreement; the Turtle import needs most.
    assert multiple(["diff"]) - multiple(["graph"]) == pytest.approx(MARGIN * 1.6)
    assert multiple(["rdf-import-turtle", "graph"]) == multiple(["rdf-import-turtle"])
    assert multiple(["a-stage-not-measured-yet"]) == multiple(["rdf-import-turtle"])
    assert process_estimate(100_000, ["graph"], per_configuration, None).fits
