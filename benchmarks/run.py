"""Time each stage of cmo against its floor, at 1,000, 10,000 and 100,000 configurations.

``make bench`` runs ``python benchmarks/run.py``::

    python benchmarks/run.py [--sizes 1000,10000,100000] [--repeats N] [--only NAME,...]
                             [--budget SECONDS] [--jobs 2] [--out benchmarks/results.json]

Each size runs in a process of its own (:mod:`measure`) on a seeded synthetic theory with
20 evidence links per configuration (:mod:`workload`); every stage is timed against its
*floor*, the same raw work done by the dependency alone (:mod:`stages`, one module per area).
The results file holds one row per stage and size (``name``, ``n``, ``seconds``,
``peak_mb``, ``floor_seconds``, ``ratio``) and one ``models`` row per size, whose
``peak_mb`` is the memory of the synthetic theory's models alone. A table is printed,
then each target (:mod:`targets`) and whether it holds.

Before anything runs, each size's memory is estimated (:mod:`memory`) and a size that
cannot fit in the memory available is refused, with the fix.

Sizes run two at a time where the machine has two cores or more (``--jobs``): the largest
alone on one core, the others one after another on the second, so the whole suite takes
about as long as its largest size. Every ratio is measured within one process, its runs
and its floor's taking turns, so both sides share whatever the neighbour does; how far a
neighbour moves the figures is measured in ``docs/performance.md``. ``--jobs 1`` runs one
size at a time. Where the sizes running together would not fit in memory, they run one
at a time.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Final

from measure import BUDGET_SECONDS
from memory import Estimate, estimates
from stages import STAGE_NAMES, STAGES
from targets import verdicts

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
    return parser.parse_args(argv)


def refuse_what_cannot_fit(planned: list[Estimate]) -> list[str]:
    """Why each size that cannot fit in the memory available is refused (none: all fit)."""
    return [estimate.refusal() for estimate in planned if not estimate.fits]


def jobs_that_fit(planned: list[Estimate], jobs: int) -> int:
    """``jobs``, or fewer where the largest sizes, run together, would not fit in memory."""
    needed = sorted((estimate.needed for estimate in planned), reverse=True)
    available = planned[0].available
    while jobs > 1 and available is not None and sum(needed[:jobs]) > available:
        jobs -= 1
    return jobs


def measure_in_own_process(n: int, options: argparse.Namespace, folder: Path
                           ) -> tuple[dict[str, Any] | None, str | None]:
    """What was measured at ``n`` (all of it, or what a failed run kept), and why it failed."""
    out = folder / f"size-{n}.json"
    command = [sys.executable, str(HERE / "measure.py"), str(n), "--out", str(out),
               "--only", ",".join(options.only), "--budget", str(options.budget)]
    if options.repeats:
        command += ["--repeats", str(options.repeats)]
    finished = subprocess.run(command, check=False)
    measured = json.loads(out.read_text(encoding="utf-8")) if out.exists() else None
    if finished.returncode == 0:
        return measured, None
    return measured, (f"the benchmark of {n:,} configurations stopped (exit "
                      f"{finished.returncode}) after {len(measured['rows']) if measured else 0} "
                      "stages; its rows so far are kept; see the error above")


def rows_of(measured: dict[str, Any]) -> list[dict[str, Any]]:
    """The size's stage rows, and its ``models`` row (the models' memory alone)."""
    models = {"name": "models", "n": measured["n"], "runs": None, "seconds": None,
              "peak_mb": measured["models_mb"], "floor_seconds": None, "ratio": None}
    return [*measured["rows"], models]


def table(rows: list[dict[str, Any]]) -> str:
    order = {name: number for number, name in enumerate((*STAGE_NAMES, "models"))}
    lines = [f"{'stage':<20}{'n':>9}{'runs':>5}{'seconds':>10}{'floor s':>10}{'ratio':>8}"
             f"{'peak MB':>9}"]
    for row in sorted(rows, key=lambda row: (order[row["name"]], row["n"])):
        seconds = f"{row['seconds']:.3f}" if row["seconds"] is not None else "-"
        floor = f"{row['floor_seconds']:.3f}" if row["floor_seconds"] is not None else "-"
        ratio = f"{row['ratio']:.2f}" if row["ratio"] is not None else "-"
        peak = f"{row['peak_mb']:.0f}" if row["peak_mb"] is not None else "-"
        runs = row.get("runs") or "-"
        lines.append(f"{row['name']:<20}{row['n']:>9,}{runs:>5}{seconds:>10}{floor:>10}{ratio:>8}"
                     f"{peak:>9}")
    return "\n".join(lines)


def floors_described() -> str:
    named = sorted(STAGES, key=lambda stage: STAGE_NAMES.index(stage.name))
    return "\n".join(f"  {stage.name:<20} {stage.floor_is}" for stage in named)


def main(argv: list[str] | None = None) -> int:
    options = parse_options(argv)
    planned = estimates(options.sizes)
    refusals = refuse_what_cannot_fit(planned)
    if refusals:
        for refusal in refusals:
            print(f"refused: {refusal}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    rows: list[dict[str, Any]] = []
    failures: list[str] = []
    jobs = jobs_that_fit(planned, options.jobs)
    if jobs < options.jobs:
        print(f"the largest sizes would not fit in memory together: {jobs} at a time",
              file=sys.stderr)
    largest_first = sorted(options.sizes, reverse=True)
    with tempfile.TemporaryDirectory(prefix="cmo-bench-") as folder, \
            ThreadPoolExecutor(max_workers=jobs) as pool:
        running = {n: pool.submit(measure_in_own_process, n, options, Path(folder))
                   for n in largest_first}
        for n in options.sizes:
            measured, failure = running[n].result()
            failures += [failure] if failure else []
            if measured is None:
                continue
            rows += rows_of(measured)
            print(f"{n:,} configurations: the process peaked at "
                  f"{measured['process_peak_mb'] or 0:,.0f} MB", file=sys.stderr)
    options.out.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    print(table(rows))
    print("\nFloors (the same raw work by the dependency alone):\n" + floors_described())
    print("\nTargets (measured, not promised):")
    print("\n".join(str(verdict) for verdict in verdicts(rows)))
    print(f"\nWritten to {options.out} in {time.perf_counter() - started:.0f} s.")
    for failure in failures:
        print(f"incomplete: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
