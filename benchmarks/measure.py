"""Timing and memory of every stage at one size, in a process of its own.

``python benchmarks/measure.py N --repeats R --only NAME,... --out PATH`` builds the
size's workload once, then times each stage and its floor in turn (ours, floor, ours,
floor... so that a change in the machine's load hits both alike) and keeps the medians.
``run.py`` starts one such process per size, so each size starts from a clean interpreter
and its memory is its own.

Memory: before each timed run the kernel's high-water mark of resident memory is reset
(``/proc/self/clear_refs``), and after it ``VmHWM`` less the resident memory before the run
is the run's peak: what the stage needed on top of what was already there, counted at the
page level by the kernel (no tracing, so timings are not slowed). Memory freed by earlier runs
is given back to the system first (glibc's ``malloc_trim``), or it would count as resident
and hide the run's peak. Where the kernel does not offer the reset, peaks are ``None``.

Garbage collection: the same conditions on both sides. Once the workload is built its
objects are frozen (``gc.freeze()``), so a collection does not walk the benchmark's own
millions of inputs. Every timed run, ``cmo``'s and its floor's alike, runs with the cyclic
collector paused (``gc.disable()``), as ``cmo``'s readers and writers pause it themselves
(``cmo/_helpers/collector.py``), and between runs, untimed, ``gc.collect()`` frees what
the last run left, so that neither side inherits the other's garbage.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

from stages import STAGE_NAMES, STAGES, Stage
from workload import EVIDENCE_PER_CONFIGURATION, REVISION_READERS, SEED, Workload

from cmo.synthetic import synthetic_collection

_STATUS = Path("/proc/self/status")
_CLEAR_REFS = Path("/proc/self/clear_refs")


def _libc() -> Any:
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.malloc_trim  # noqa: B018 (glibc only)
    except (OSError, AttributeError):
        return None
    return libc


_LIBC = _libc()


#: Seconds a stage may spend on further runs: once its runs and its floor's together have
#: taken this long, the median of the runs so far is kept.
BUDGET_SECONDS: Final = 20.0


def repeats_for(n: int) -> int:
    """At most 7 runs up to 1,000 configurations, 5 up to 10,000, 3 up to 50,000 and one
    run above (at 100,000 a run of most stages takes longer than the budget anyway)."""
    return 7 if n <= 1_000 else 5 if n <= 10_000 else 3 if n <= 50_000 else 1


def _status_kb(field: str) -> int | None:
    try:
        for line in _STATUS.read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def resident_mb() -> float | None:
    kb = _status_kb("VmRSS")
    return kb / 1024 if kb is not None else None


def _give_back_free_memory() -> None:
    """Return memory freed by earlier runs to the system (glibc's ``malloc_trim``), so that
    it is not counted as resident before the next run, which would hide that run's peak."""
    if _LIBC is not None:
        _LIBC.malloc_trim(0)


def _reset_peak() -> bool:
    try:
        _CLEAR_REFS.write_text("5")
    except OSError:
        return False
    return True


class Peaks:
    """The highest resident memory the process reached, over every run."""

    def __init__(self) -> None:
        self.highest_mb = 0.0

    def run(self, work: Callable[[], Any]) -> tuple[float, float | None]:
        """Seconds one run of ``work`` took, and its peak memory above what was resident.

        The garbage of earlier runs is collected first (untimed), and the cyclic collector
        is paused during the run, whichever side it is.
        """
        gc.collect()
        _give_back_free_memory()
        before = resident_mb()
        can_reset = _reset_peak()
        gc.disable()
        try:
            start = time.perf_counter()
            result = work()
            seconds = time.perf_counter() - start
        finally:
            gc.enable()
        high = _status_kb("VmHWM")
        del result
        if before is None or high is None or not can_reset:
            return seconds, None
        self.highest_mb = max(self.highest_mb, high / 1024)
        return seconds, max(0.0, high / 1024 - before)


def measure_stage(stage: Stage, workload: Workload, repeats: int, peaks: Peaks,
                  budget: float = BUDGET_SECONDS) -> dict[str, Any]:
    """One row: medians of the runs of the stage and of its floor, and its peak.

    Up to ``repeats`` runs of each, stopping early once they have taken ``budget`` seconds
    together, so that the time goes to the short stages, whose timings the machine's noise
    moves most. ``runs`` says how many were made.
    """
    ours, floor = stage.prepare(workload)
    timings: list[float] = []
    floor_timings: list[float] = []
    peak: float | None = None
    while len(timings) < repeats and sum(timings) + sum(floor_timings) < budget:
        seconds, run_peak = peaks.run(ours)
        timings.append(seconds)
        peak = max(peak or 0.0, run_peak) if run_peak is not None else peak
        getattr(floor, "prepare", lambda: None)()
        floor_timings.append(peaks.run(floor)[0])
    seconds, floor_seconds = statistics.median(timings), statistics.median(floor_timings)
    return {"name": stage.name, "n": workload.n, "runs": len(timings),
            "seconds": _significant(seconds),
            "peak_mb": round(peak, 1) if peak is not None else None,
            "floor_seconds": _significant(floor_seconds),
            "ratio": round(seconds / floor_seconds, 2) if floor_seconds > 0 else None}


def _significant(seconds: float) -> float:
    return float(f"{seconds:.4g}")


def measure_size(n: int, *, repeats: int | None = None, budget: float = BUDGET_SECONDS,
                 only: tuple[str, ...] = STAGE_NAMES,
                 log: Callable[[str], None] = lambda line: None,
                 save: Callable[[dict[str, Any]], None] = lambda measured: None
                 ) -> dict[str, Any]:
    """Every chosen stage at ``n`` configurations, and the memory of the models alone.

    ``save`` is given what has been measured after each stage, so that a run stopped
    half-way (at 100,000 configurations it takes most of an hour) keeps what it measured.
    """
    repeats = repeats or repeats_for(n)
    peaks = Peaks()
    gc.collect()
    before = resident_mb()
    start = time.perf_counter()
    collection = synthetic_collection(n, evidence_per_configuration=EVIDENCE_PER_CONFIGURATION,
                                      seed=SEED)
    gc.collect()
    after = resident_mb()
    models_mb = after - before if before is not None and after is not None else None
    rows: list[dict[str, Any]] = []
    measured = {"n": n, "repeats": repeats,
                "models_mb": round(models_mb, 1) if models_mb else None,
                "process_peak_mb": None, "rows": rows}
    with tempfile.TemporaryDirectory(prefix=f"cmo-bench-{n}-") as folder:
        log(f"  input {'theory':<28} {time.perf_counter() - start:7.1f} s")
        chosen = [stage for stage in STAGES if stage.name in only]
        workload = Workload(collection, Path(folder), log,
                            revision=any(stage.name in REVISION_READERS for stage in chosen))
        del collection
        log(f"{n} configurations: theories made in {time.perf_counter() - start:.1f} s "
            f"(models alone {models_mb or 0:.0f} MB), files made as first read; median of up "
            f"to {repeats} runs each, fewer once a stage has taken {budget:g} s")
        gc.collect()
        gc.freeze()
        for number, stage in enumerate(chosen):
            began = time.perf_counter()
            row = measure_stage(stage, workload, repeats, peaks, budget)
            rows.append(row)
            rows.sort(key=lambda measured_row: STAGE_NAMES.index(measured_row["name"]))
            workload.let_go(keeping=set().union(*(later.keeps for later in chosen[number + 1:])))
            measured["process_peak_mb"] = round(peaks.highest_mb, 1) or None
            log(_progress(row, time.perf_counter() - began))
            save(measured)
        gc.unfreeze()
    return measured


def _progress(row: dict[str, Any], wall_seconds: float) -> str:
    peak = f", peak {row['peak_mb']:.0f} MB" if row["peak_mb"] is not None else ""
    return (f"  {row['name']:<20} {row['seconds']:9.3f} s  floor {row['floor_seconds']:9.3f} s"
            f"  ratio {row['ratio']}{peak}  ({row['runs']} runs, {wall_seconds:.1f} s in all)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--repeats", type=int)
    parser.add_argument("--budget", type=float, default=BUDGET_SECONDS)
    parser.add_argument("--only", default=",".join(STAGE_NAMES))
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--label", help="what the log lines start with (default: the size)")
    options = parser.parse_args(argv)
    label = options.label or f"{options.n:,}"
    def save(measured: dict[str, Any]) -> None:
        options.out.write_text(json.dumps(measured, indent=2) + "\n", encoding="utf-8")

    save(measure_size(options.n, repeats=options.repeats, budget=options.budget,
                      only=tuple(options.only.split(",")),
                      log=lambda line: print(f"[{label}] {line}", file=sys.stderr, flush=True),
                      save=save))


if __name__ == "__main__":
    main()
