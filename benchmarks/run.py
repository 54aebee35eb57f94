"""Time each stage of cmo against its floor, at 1,000, 10,000 and 100,000 configurations.

``make bench`` runs ``python benchmarks/run.py``::

    python benchmarks/run.py [--sizes 1000,10000,100000] [--repeats N] [--only NAME,...]
                             [--budget SECONDS] [--jobs 2] [--plan] [--no-extras]
                             [--split-from 50000]
                             [--out benchmarks/results.json]

Each size runs in a process of its own (:mod:`measure`) on a seeded synthetic theory with
20 evidence links per configuration (:mod:`workload`); every stage is timed against its
*floor*, the same raw work done by the dependency alone (:mod:`stages`, one module per area),
both with the cyclic garbage collector paused. The results file holds a ``meta`` object
(:mod:`environment`: date, commit, machine, Python, the libraries, Graphviz and the layout
options, and each process's time) and ``rows``: one per stage and size (``name``, ``n``,
``runs``, ``seconds``, ``peak_mb``, ``floor_seconds``, ``ratio``), one ``models`` row per
size, whose ``peak_mb`` is the memory of the synthetic theory's models alone, and the
start-up and layout rows (``benchmarks/startup.py``, ``benchmarks/layout.py``, where
present; not with ``--only`` or ``--no-extras``). Tables are printed, then each target
(:mod:`targets`) and whether it holds.

Before anything runs, the run is planned (:mod:`schedule`; ``--plan`` prints the plan and
its estimated time and stops): on a machine of two cores or more (``--jobs``) the sizes
run on two *lanes* at once, and a size of 50,000 or more is measured by two processes
that share the stages between them, so the whole suite takes about half its work. Every
ratio is measured within one process, its runs and its floor's taking turns, so both
sides share whatever the neighbour does; how far a neighbour moves the figures is measured
in ``docs/performance.md``. ``--jobs 1`` runs one process at a time. Each process's memory
is estimated (:mod:`memory`): a size that cannot fit is refused, with the fix, and where
the processes of two lanes would not fit together they run one at a time.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Final

from environment import describe, environment
from measure import BUDGET_SECONDS
from memory import Estimate, available_bytes, bytes_per_configuration, process_estimate
from schedule import SPLIT_FROM, Job, Lane, make_plan
from schedule import describe as describe_plan
from stages import STAGE_NAMES, STAGES
from targets import EXTRA_TARGETS, run_verdict, verdicts

HERE: Final = Path(__file__).resolve().parent
RESULTS: Final = HERE / "results.json"
SIZES: Final = (1_000, 10_000, 100_000)


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a list of whole numbers (e.g. --sizes 1000,10000)") from None
    if not sizes or any(size < 1 for size in sizes):
        raise argparse.ArgumentTypeError(f"sizes must be 1 or more configurations, not {text!r}")
    return sizes


def _stage_names(text: str) -> tuple[str, ...]:
    names = tuple(name.strip() for name in text.split(",") if name.strip())
    unknown = [name for name in names if name not in STAGE_NAMES]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"no stage {', '.join(unknown) or '(none given)'} (the stages: {', '.join(STAGE_NAMES)})")
    return names


def _repeats(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"--repeats must be 1 or more, not {text!r}")
    return int(text)


def _jobs(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"--jobs must be 1 or more, not {text!r}")
    return int(text)


def _seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if seconds <= 0:
        raise argparse.ArgumentTypeError(f"--budget must be a number of seconds above 0, not {text!r}")
    return seconds


def parse_options(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Time each stage of cmo against its floor (see docs/performance.md).")
    parser.add_argument("--sizes", type=_sizes, default=list(SIZES),
                        help="configurations, comma-separated (default 1000,10000,100000)")
    parser.add_argument("--repeats", type=_repeats, default=None,
                        help="runs per stage, the median kept (default 7, 5 and 3 by size)")
    parser.add_argument("--budget", type=_seconds, default=BUDGET_SECONDS,
                        help="seconds after which a stage stops repeating (default "
                             f"{BUDGET_SECONDS:g}); the median of the runs made is kept")
    parser.add_argument("--only", type=_stage_names, default=STAGE_NAMES,
                        help=f"stages, comma-separated: {', '.join(STAGE_NAMES)}")
    parser.add_argument("--jobs", type=_jobs, default=min(2, os.cpu_count() or 1),
                        help="sizes measured at once, each in a process of its own "
                             "(default 2 on a machine of 2 cores or more, else 1)")
    parser.add_argument("--out", type=Path, default=RESULTS,
                        help="results file (default benchmarks/results.json)")
    parser.add_argument("--plan", action="store_true",
                        help="print which process measures what, on which core, and the "
                             "estimated time, then stop (nothing is measured)")
    parser.add_argument("--split-from", type=_sizes, default=[SPLIT_FROM],
                        help="sizes from which one size is measured by two processes at once "
                             f"(default {SPLIT_FROM:,}; with --jobs 2 or more)")
    parser.add_argument("--no-extras", action="store_true",
                        help="leave out the start-up and layout rows (left out with --only too)")
    options = parser.parse_args(argv)
    options.extras = not options.no_extras and options.only == STAGE_NAMES
    return options


#: The start-up and layout rows: module, function, its arguments. Each runs where present
#: (``benchmarks/startup.py``, ``benchmarks/layout.py``).
EXTRAS: Final = (("startup", "startup_rows", {"runs": 15}),
                 ("layout", "layout_rows", {"sizes": (150, 300, 500)}))


def extras_present() -> list[Any]:
    """The functions that make the start-up and layout rows, of the modules present."""
    found = []
    for module, function, arguments in EXTRAS:
        try:
            imported = importlib.import_module(module)
        except ImportError as error:
            if isinstance(error, ModuleNotFoundError) and error.name == module:
                continue  # not written yet
            found.append(functools.partial(_raise, error))  # named with the rows' failures
            continue
        found.append(functools.partial(getattr(imported, function), **arguments))
    return found


def _raise(error: Exception) -> list[dict[str, Any]]:
    raise error


def extra_rows(makers: list[Any]) -> tuple[list[dict[str, Any]], list[str]]:
    """The start-up and layout rows, and why any could not be made (they stay out)."""
    rows: list[dict[str, Any]] = []
    failures: list[str] = []
    for make in makers:
        try:
            rows += make()
        except Exception as error:  # a broken extra must not lose the stages' rows
            failures.append(f"start-up or layout rows failed: {type(error).__name__}: {error}")
    return rows, failures


def plan_that_fits(options: argparse.Namespace, per_configuration: float,
                   available: int | None) -> tuple[list[Lane], list[str]]:
    """The plan (:mod:`schedule`) on as many lanes as fit in memory together, and why any
    process is refused (it cannot fit even alone)."""
    lanes = options.jobs
    while True:
        plan = make_plan(options.sizes, options.only, lanes=lanes, repeats=options.repeats,
                         budget=options.budget, extras=options.extras,
                         split_from=options.split_from[0])
        needed = [[process_estimate(job.n, job.stages, per_configuration, available)
                   for job in lane.jobs] for lane in plan]
        largest: dict[int, Estimate] = {}
        for estimate in (estimate for lane in needed for estimate in lane):
            if not estimate.fits and estimate.needed > getattr(largest.get(estimate.n), "needed", 0):
                largest[estimate.n] = estimate
        refusals = [largest[n].refusal() for n in sorted(largest)]
        together = sum(max((estimate.needed for estimate in lane), default=0.0)
                       for lane in needed)
        if refusals or lanes == 1 or available is None or together <= available:
            return plan, refusals
        lanes -= 1
        print(f"the processes of {lanes + 1} cores would need about {together / 2**30:.1f} GB "
              f"together, more than the {available / 2**30:.1f} GB available: {lanes} at a time",
              file=sys.stderr)


def measure_in_own_process(job: Job, options: argparse.Namespace, folder: Path
                           ) -> tuple[dict[str, Any] | None, str | None]:
    """What was measured by the job's process (all of it, or what a failed run kept), and
    why it failed."""
    out = folder / f"size-{job.n}-{job.part or 0}.json"
    command = [sys.executable, str(HERE / "measure.py"), str(job.n), "--out", str(out),
               "--only", ",".join(job.stages), "--budget", str(options.budget)]
    if options.repeats:
        command += ["--repeats", str(options.repeats)]
    if job.part:
        command += ["--label", job.label]
    started = time.perf_counter()
    finished = subprocess.run(command, check=False)
    measured = json.loads(out.read_text(encoding="utf-8")) if out.exists() else None
    if measured is not None:
        measured["wall_seconds"] = round(time.perf_counter() - started, 1)
    if finished.returncode == 0:
        return measured, None
    return measured, (f"the benchmark of {job.label} configurations stopped (exit "
                      f"{finished.returncode}) after {len(measured['rows']) if measured else 0} "
                      "stages; its rows so far are kept; see the error above")


def run_lane(lane: Lane, options: argparse.Namespace, folder: Path
             ) -> tuple[list[tuple[Job, dict[str, Any] | None, str | None]],
                        list[dict[str, Any]], list[str]]:
    """The lane's processes, one after another, then the start-up and layout rows if the
    lane has them."""
    measured = [(job, *measure_in_own_process(job, options, folder)) for job in lane.jobs]
    extras, failures = extra_rows(extras_present()) if lane.extras else ([], [])
    return measured, extras, failures


def rows_of(parts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A size's stage rows, from its one or two processes, and its ``models`` row (the
    models' memory alone, as the first process measured it)."""
    models = {"name": "models", "n": parts[0]["n"], "runs": None, "seconds": None,
              "peak_mb": parts[0]["models_mb"], "floor_seconds": None, "ratio": None}
    rows = [row for part in parts for row in part["rows"]]
    return [*sorted(rows, key=lambda row: STAGE_NAMES.index(row["name"])), models]


def table(rows: list[dict[str, Any]]) -> str:
    order = {name: number for number, name in enumerate((*STAGE_NAMES, "models"))}
    lines = [f"{'stage':<20}{'n':>9}{'runs':>5}{'seconds':>10}{'floor s':>10}{'ratio':>8}"
             f"{'peak MB':>9}"]
    for row in sorted(rows, key=lambda row: (order.get(row["name"], len(order)), row["n"])):
        lines.append(_line(row))
    return "\n".join(lines)


def _line(row: dict[str, Any], width: int = 20) -> str:
    seconds = f"{row['seconds']:.3f}" if row["seconds"] is not None else "-"
    floor = f"{row['floor_seconds']:.3f}" if row["floor_seconds"] is not None else "-"
    ratio = f"{row['ratio']:.2f}" if row["ratio"] is not None else "-"
    peak = f"{row['peak_mb']:.0f}" if row["peak_mb"] is not None else "-"
    runs = row.get("runs") or "-"
    return (f"{row['name']:<{width}}{row['n']:>9,}{runs:>5}{seconds:>10}{floor:>10}{ratio:>8}"
            f"{peak:>9}")


def extras_table(rows: list[dict[str, Any]]) -> str:
    """The start-up and layout rows, each with its target (and the command timed)."""
    lines = [f"{'start-up and layout':<24}{'n':>9}{'runs':>5}{'seconds':>10}{'floor s':>10}"
             f"{'ratio':>8}{'peak MB':>9}  target"]
    for row in rows:
        target = EXTRA_TARGETS.get((row["name"], row["n"])) or EXTRA_TARGETS.get(
            (row["name"], None))
        command = f" ({row['command']})" if row.get("command") else ""
        lines.append(f"{_line(row, 24)}  {target.text if target else '-'}{command}")
    return "\n".join(lines)


def floors_described(rows: list[dict[str, Any]] = ()) -> str:
    named = sorted(STAGES, key=lambda stage: STAGE_NAMES.index(stage.name))
    described = [f"  {stage.name:<20} {stage.floor_is}" for stage in named]
    seen: set[str] = set()
    for row in rows:
        if row.get("floor_is") and row["name"] not in seen:
            seen.add(row["name"])
            described.append(f"  {row['name']:<24} {row['floor_is']}")
    return "\n".join(described)


def processes(lanes: list[list[tuple[Job, dict[str, Any] | None, str | None]]]
              ) -> list[dict[str, Any]]:
    """What each process measured, on which core, in how long, and its peak memory."""
    return [{"core": core, "n": job.n, "part": job.part, "stages": list(job.stages),
             "planned_seconds": round(job.seconds), "seconds": (measured or {}).get(
                 "wall_seconds"), "peak_mb": (measured or {}).get("process_peak_mb")}
            for core, lane in enumerate(lanes, 1) for job, measured, _ in lane]


def main(argv: list[str] | None = None) -> int:
    options = parse_options(argv)
    per_configuration = bytes_per_configuration()
    plan, refusals = plan_that_fits(options, per_configuration, available_bytes())
    if refusals:
        for refusal in refusals:
            print(f"refused: {refusal}", file=sys.stderr)
        return 2
    print(f"Plan ({len(plan)} at a time, up to {options.jobs}):\n{describe_plan(plan)}",
          file=sys.stderr if not options.plan else sys.stdout, flush=True)
    if options.plan:
        return 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="cmo-bench-") as folder, \
            ThreadPoolExecutor(max_workers=len(plan)) as pool:
        running = [pool.submit(run_lane, lane, options, Path(folder)) for lane in plan]
        done = [future.result() for future in running]
    lanes = [measured for measured, _, _ in done]
    extras = [row for _, rows, _ in done for row in rows]
    failures = [failure for _, _, failed in done for failure in failed]
    by_size: dict[int, list[dict[str, Any]]] = {}
    for lane in lanes:
        for job, measured, failure in lane:
            failures += [failure] if failure else []
            if measured is not None:
                by_size.setdefault(job.n, []).append({**measured, "part": job.part or 0})
            print(f"{job.label} configurations: the process peaked at "
                  f"{(measured or {}).get('process_peak_mb') or 0:,.0f} MB in "
                  f"{(measured or {}).get('wall_seconds') or 0:,.0f} s", file=sys.stderr)
    rows = [row for n in options.sizes if n in by_size
            for row in rows_of(sorted(by_size[n], key=lambda part: part["part"]))]
    wall = time.perf_counter() - started
    meta = {**environment({str(row["n"]): row.get("options") for row in extras
                           if row["name"].startswith("layout")}),
            "seconds": round(wall, 1), "processes": processes(lanes)}
    options.out.write_text(json.dumps({"meta": meta, "rows": [*rows, *extras]}, indent=2)
                           + "\n", encoding="utf-8")
    print(describe(meta))
    print(table(rows))
    if extras:
        print("\n" + extras_table(extras))
    print("\nFloors (the same raw work by the dependency alone):\n" + floors_described(extras))
    print("\nTargets (measured, not promised):")
    print("\n".join(str(verdict) for verdict in verdicts([*rows, *extras])))
    print(run_verdict(wall, full=tuple(options.sizes) == SIZES and options.only == STAGE_NAMES))
    print(f"\nWritten to {options.out} in {wall:.0f} s ({wall / 60:.1f} min).")
    for failure in failures:
        print(f"incomplete: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
