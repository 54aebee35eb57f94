"""Which process measures what, on which core: the plan of a run, made before anything runs.

A size is measured in a process of its own (:mod:`measure`). On a machine of two cores the
largest size decides the run's time, so a size of :data:`SPLIT_FROM` configurations or
more is split into two processes, each measuring part of the stages on the same seeded
theory (each makes its own: nothing is shared or cached between processes or runs), and
every process is placed on one of the *lanes* (one per core, ``--jobs``) so that the lanes
finish about together: the longest piece of work first, each onto the lane with least to
do (longest-processing-time-first). Stages that read what another made (the Turtle import
reads the Turtle export's file; the YAML and JSON loads share one conversion of the theory;
diff, merge and agreement share the revision) stay in one process.

The estimate of each piece is the cost per configuration measured in the last full run
(:data:`STAGE_US`, :data:`INPUT_US`: microseconds per configuration at 100,000, cmo's run
and the floor's together, with the stage's untimed preparation), times the runs
:func:`measure.repeats_for` and the budget allow. It only orders the work and prints the
plan (``run.py --plan``); nothing measured depends on it.

Example:
    >>> plan = make_plan([1_000, 10_000, 100_000], ("load-yaml", "graph", "diff"), lanes=2)
    >>> [[(job.n, job.part) for job in lane.jobs] for lane in plan]
    [[(100000, 1)], [(1000, None), (10000, None), (100000, 2)]]
    >>> [job.stages for lane in plan for job in lane.jobs if job.n == 100_000]
    [('load-yaml',), ('graph', 'diff')]
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final

from measure import BUDGET_SECONDS, repeats_for
from stages import STAGE_NAMES
from workload import REVISION_READERS

#: Sizes from which one size is measured by two processes at once (where there are two lanes).
SPLIT_FROM: Final = 50_000

#: Microseconds per configuration at 100,000, cmo's run and its floor's together, with the
#: stage's untimed preparation (the full run of 4eb1a33, and for the floors made honest in
#: issue 20 what their new work costs at 10,000, scaled). Only for planning.
STAGE_US: Final[dict[str, float]] = {
    "load-yaml": 1_900, "load-json": 720, "graph": 100, "queries": 420, "matrix": 140,
    "agreement": 470, "diff": 280, "merge": 740, "dot-source": 70, "dot-layout": 1,
    "outline": 450, "rdf-export-turtle": 550, "rdf-export-jsonld": 900,
    "rdf-import-turtle": 3_000, "rdf-export-ntriples": 600, "qdpx-import": 350,
    "qdpx-export": 880, "qdpx-reimport": 1_000, "report": 470}
#: A stage not in :data:`STAGE_US` (a new one) is planned as costly as this.
UNKNOWN_US: Final = 1_000
#: Microseconds per configuration at 100,000 of the inputs each process makes, untimed: the
#: theory and its graph (every process), the revision (diff, merge, agreement), the YAML and
#: JSON files (the loads), the QDA project (the QDPX import).
INPUT_US: Final[dict[str, float]] = {"theory": 400, "revision": 100, "graph": 50,
                                     "authoring files": 735, "qda project": 135}
#: What each input is read by.
INPUT_READERS: Final[dict[str, frozenset[str]]] = {
    "revision": REVISION_READERS,
    "authoring files": frozenset({"load-yaml", "load-json"}),
    "qda project": frozenset({"qdpx-import"})}
#: Stages measured in one process: a later one reads what an earlier one made, or they
#: share a costly input.
TOGETHER: Final[tuple[frozenset[str], ...]] = (
    frozenset({"load-yaml", "load-json"}),
    frozenset({"diff", "merge", "agreement"}),
    frozenset({"rdf-export-ntriples", "rdf-export-turtle", "rdf-export-jsonld",
               "rdf-import-turtle"}))
#: Seconds a process takes to start (imports) and, in ``run.py``, to estimate memory.
PROCESS_SECONDS: Final = 3.0
#: Seconds the start-up and layout rows are planned to take (``benchmarks/startup.py``,
#: ``benchmarks/layout.py``), run after a lane's sizes.
EXTRAS_SECONDS: Final = 120.0


def stage_seconds(name: str, n: int, *, repeats: int | None = None,
                  budget: float = BUDGET_SECONDS) -> float:
    """The planned seconds of one stage at ``n``: its runs (and its floor's), as many as
    :func:`measure.measure_stage` will make within ``repeats`` and ``budget``."""
    one = STAGE_US.get(name, UNKNOWN_US) * n / 1e6
    most = repeats or repeats_for(n)
    runs = min(most, int(budget // one) + 1) if one > 0 else most
    return runs * one


def process_seconds(n: int, stages: Iterable[str], *, repeats: int | None = None,
                    budget: float = BUDGET_SECONDS) -> float:
    """The planned seconds of one process measuring ``stages`` at ``n``, inputs included."""
    chosen = set(stages)
    inputs = ["theory", "graph", *(name for name, readers in INPUT_READERS.items()
                                   if readers & chosen)]
    return (PROCESS_SECONDS + sum(INPUT_US[name] for name in inputs) * n / 1e6
            + sum(stage_seconds(name, n, repeats=repeats, budget=budget) for name in chosen))


@dataclass(frozen=True, slots=True)
class Job:
    """One process: ``stages`` at ``n`` configurations; ``part`` 1 or 2 of a split size."""

    n: int
    stages: tuple[str, ...]
    seconds: float
    part: int | None = None

    @property
    def label(self) -> str:
        return f"{self.n:,}" + (f" (part {self.part})" if self.part else "")


@dataclass(slots=True)
class Lane:
    """The processes one core runs, one after another."""

    jobs: list[Job] = field(default_factory=list)
    extras: bool = False

    @property
    def seconds(self) -> float:
        return sum(job.seconds for job in self.jobs) + (EXTRAS_SECONDS if self.extras else 0)


def _groups(stages: Sequence[str]) -> list[tuple[str, ...]]:
    """The stages in the pieces that must stay in one process, in the stages' order."""
    pieces: list[tuple[str, ...]] = []
    placed: set[str] = set()
    for name in stages:
        if name in placed:
            continue
        together = next((group for group in TOGETHER if name in group), frozenset({name}))
        piece = tuple(other for other in stages if other in together)
        placed.update(piece)
        pieces.append(piece)
    return pieces


def make_plan(sizes: Sequence[int], stages: Sequence[str], *, lanes: int,
              repeats: int | None = None, budget: float = BUDGET_SECONDS,
              extras: bool = False, split_from: int = SPLIT_FROM) -> list[Lane]:
    """The processes of a run and the lanes they run on, one lane per core.

    With two lanes or more a size of ``split_from`` or more is cut into its pieces
    (stages measured together); whole sizes and pieces go, longest first, each to the lane
    where the run would end soonest (a lane's pieces of one size become one process, which
    makes its inputs once), and each lane runs its smaller sizes first. ``extras``
    (start-up and layout rows) are placed as one more piece, and run after the lane's sizes.
    """
    ordered = tuple(name for name in STAGE_NAMES if name in stages)
    items: list[tuple[int, tuple[str, ...], bool]] = []  # (n, stages, may be split)
    for n in sizes:
        split = lanes > 1 and n >= split_from
        items += ([(n, piece, True) for piece in _groups(ordered)] if split
                  else [(n, ordered, False)])
    if extras:
        items.append((0, ("start-up and layout rows",), False))
    placed: list[dict[tuple[int, bool], list[str]]] = [{} for _ in range(max(1, lanes))]

    def load(lane: dict[tuple[int, bool], list[str]]) -> float:
        return sum(process_seconds(n, chosen, repeats=repeats, budget=budget) if n else
                   EXTRAS_SECONDS for (n, _), chosen in lane.items())

    def cost(item: tuple[int, tuple[str, ...], bool]) -> float:
        return (process_seconds(item[0], item[1], repeats=repeats, budget=budget) if item[0]
                else EXTRAS_SECONDS)

    def after(lane: dict[tuple[int, bool], list[str]], n: int, chosen: tuple[str, ...],
              split: bool) -> float:
        trial = {key: list(value) for key, value in lane.items()}
        trial.setdefault((n, split), []).extend(chosen)
        return load(trial)

    for n, chosen, split in sorted(items, key=lambda item: -cost(item)):
        lane = min(placed, key=functools.partial(after, n=n, chosen=chosen, split=split))
        lane.setdefault((n, split), []).extend(chosen)
    parts = {n: sum(1 for lane in placed if (n, True) in lane) for n in sizes}
    plan: list[Lane] = []
    counted: dict[int, int] = {}
    for lane in placed:
        jobs = []
        for (n, split), chosen in sorted(lane.items()):
            if not n:
                continue
            names = tuple(name for name in ordered if name in chosen)
            part = None
            if split and parts[n] > 1:
                counted[n] = part = counted.get(n, 0) + 1
            jobs.append(Job(n, names, process_seconds(n, names, repeats=repeats,
                                                      budget=budget), part))
        plan.append(Lane(jobs, extras=(0, False) in lane))
    return [lane for lane in plan if lane.jobs or lane.extras]


def describe(plan: list[Lane]) -> str:
    """The plan as text: each lane's processes with their planned seconds, and the total."""
    lines = []
    for number, lane in enumerate(plan, 1):
        steps = [f"{job.label} {job.seconds / 60:.1f} min ({len(job.stages)} stages)"
                 for job in lane.jobs]
        steps += [f"start-up and layout rows {EXTRAS_SECONDS / 60:.1f} min"] if lane.extras else []
        lines.append(f"  core {number}: {' -> '.join(steps)}; {lane.seconds / 60:.1f} min")
        lines += [f"    {job.label}: {', '.join(job.stages)}" for job in lane.jobs if job.part]
    longest = max((lane.seconds for lane in plan), default=0.0)
    lines.append(f"  estimated time of the run: {longest / 60:.1f} min (the longest lane)")
    return "\n".join(lines)
