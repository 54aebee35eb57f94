"""The targets of the benchmark issues, checked against a run's rows: measured, not promised.

- every stage within 2x of its honest floor at 10,000 configurations and more (issue 20:
  the RDF stages too, no longer 1.5x);
- the cost per configuration of ``queries``, ``report``, ``load-json`` and ``graph``
  growing by no more than 20% from 1,000 to 10,000 configurations, the floor's growth shown
  beside it (issue 20); every stage's growth from the smallest size to the largest is
  shown as information;
- start-up (``benchmarks/startup.py``): ``cmo --help`` and a subcommand's help within 1.5x
  of a Python that only imports click, ``cmo validate`` within 1.2x of one that only
  imports pydantic, networkx and yaml; layout (``benchmarks/layout.py``): a full view of
  300 configurations laid out in under 10 s, 500 in under 30 s;
- peak memory of each stage at the largest size within 2x of the models alone;
- loading the largest size (YAML or JSON) within 4 GB, with room to spare;
- the outline and JSON-LD export within 2x of Turtle export's time per triple at 10,000
  configurations and more (issue 16);
- ``make bench`` under 15 minutes on the 2-core machine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Final

RATIO: Final = 2.0
#: The sizes at which the ratio targets apply.
RATIO_FROM: Final = 10_000
GROWTH: Final = 0.20
#: The stages held to the growth target, and the sizes it is measured between.
GROWTH_STAGES: Final = ("load-json", "graph", "queries", "report")
GROWTH_FROM: Final = 1_000
GROWTH_TO: Final = 10_000
MEMORY_MULTIPLE: Final = 2.0
LOAD_LIMIT_MB: Final = 4096
LOADS: Final = ("load-yaml", "load-json")
#: Stages held against Turtle export's time per triple, and how far. They work on the same
#: theory at each size, so per triple of its RDF the comparison is of their times.
TURTLE: Final = "rdf-export-turtle"
AGAINST_TURTLE: Final = ("outline", "rdf-export-jsonld")
TURTLE_MULTIPLE: Final = 2.0
#: ``make bench`` (every stage at 1,000, 10,000 and 100,000) on the 2-core machine.
RUN_MINUTES: Final = 15.0

Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Verdict:
    target: str
    holds: bool | None  # None: not measured in this run
    detail: str

    #: A figure shown for information, not a target.
    info: bool = False

    def __str__(self) -> str:
        word = "info" if self.info else {True: "holds", False: "MISSED",
                                         None: "not measured"}[self.holds]
        return f"{word:<12} {self.target}: {self.detail}"


@dataclass(frozen=True, slots=True)
class Target:
    """The target of a start-up or layout row: what it says, and whether a row meets it."""

    text: str
    met: Callable[[Row], bool]


def _ratio_within(limit: float) -> Target:
    return Target(f"within {limit:g}x of its floor",
                  lambda row: row["ratio"] is not None and row["ratio"] <= limit)


def _seconds_under(limit: float) -> Target:
    return Target(f"under {limit:g} s",
                  lambda row: row["seconds"] is not None and row["seconds"] < limit)


#: The start-up and layout rows' targets, by row name and size (None: any size).
EXTRA_TARGETS: Final[dict[tuple[str, int | None], Target]] = {
    ("startup-help", None): _ratio_within(1.5),
    ("startup-subcommand-help", None): _ratio_within(1.5),
    ("startup-validate", None): _ratio_within(1.2),
    ("layout-full", 300): _seconds_under(10.0),
    ("layout-full", 500): _seconds_under(30.0),
}
#: The rows that are not stages: the models' memory, start-up and layout.
NOT_STAGES: Final = frozenset({"models", *(name for name, _ in EXTRA_TARGETS)})


def ratio_limit(name: str) -> float:
    """Every stage's ratio target (issue 20: the RDF stages' too)."""
    return RATIO


def _stage_rows(rows: Iterable[Row]) -> dict[str, list[Row]]:
    by_stage: dict[str, list[Row]] = {}
    for row in rows:
        if row["name"] not in NOT_STAGES and row.get("seconds") is not None:
            by_stage.setdefault(row["name"], []).append(row)
    return {name: sorted(found, key=lambda row: row["n"]) for name, found in by_stage.items()}


def ratio_verdicts(rows: Iterable[Row]) -> list[Verdict]:
    verdicts = []
    for name, found in _stage_rows(rows).items():
        limit = ratio_limit(name)
        large = [row for row in found if row["n"] >= RATIO_FROM and row["ratio"] is not None]
        if large:
            verdicts.append(Verdict(
                f"{name} within {limit:g}x of its floor at {RATIO_FROM:,}+ configurations",
                all(row["ratio"] <= limit for row in large),
                "; ".join(f"{row['ratio']:.2f} at {row['n']:,}" for row in large)))
    return verdicts or [Verdict(f"each stage within {RATIO:g}x of its floor at {RATIO_FROM:,}+ "
                                "configurations", None,
                                f"no size of {RATIO_FROM:,} or more was run")]


def growth_verdicts(rows: Iterable[Row]) -> list[Verdict]:
    """The growth target of :data:`GROWTH_STAGES` from :data:`GROWTH_FROM` to
    :data:`GROWTH_TO`, with the floor's growth beside it; then, for information, every
    stage's growth from the smallest size to the largest."""
    by_stage = _stage_rows(rows)
    verdicts = []
    for name in GROWTH_STAGES:
        at = {row["n"]: row for row in by_stage.get(name, ())}
        small, large = at.get(GROWTH_FROM), at.get(GROWTH_TO)
        target = (f"{name} cost per configuration grows {GROWTH:.0%} at most from "
                  f"{GROWTH_FROM:,} to {GROWTH_TO:,}")
        if small is None or large is None or not small["seconds"]:
            verdicts.append(Verdict(target, None, f"needs both {GROWTH_FROM:,} and {GROWTH_TO:,}"))
            continue
        growth = _growth(small, large, "seconds")
        verdicts.append(Verdict(target, growth <= GROWTH, _growth_detail(small, large, growth)))
    for name, found in by_stage.items():
        small, large = found[0], found[-1]
        if small["n"] == large["n"] or not small["seconds"]:
            continue
        if (small["n"], large["n"]) == (GROWTH_FROM, GROWTH_TO) and name in GROWTH_STAGES:
            continue
        verdicts.append(Verdict(f"{name} cost per configuration", None, _growth_detail(
            small, large, _growth(small, large, "seconds")), info=True))
    return verdicts


def _growth_detail(small: Row, large: Row, growth: float) -> str:
    detail = (f"{growth:+.0%} from {small['n']:,} to {large['n']:,} "
              f"({small['seconds'] / small['n'] * 1e6:.0f} to "
              f"{large['seconds'] / large['n'] * 1e6:.0f} µs per configuration")
    if small["floor_seconds"] and large["floor_seconds"]:
        floor = _growth(small, large, "floor_seconds")
        detail += f"; its floor's {floor:+.0%}" + (
            ", as much" if growth > GROWTH and floor >= growth else "")
    return detail + ")"


def _growth(small: Row, large: Row, key: str) -> float:
    """How much the cost per configuration grew from the small size to the large one."""
    return (large[key] / large["n"]) / (small[key] / small["n"]) - 1


def memory_verdicts(rows: Iterable[Row]) -> list[Verdict]:
    rows = list(rows)
    models = {row["n"]: row["peak_mb"] for row in rows if row["name"] == "models"}
    rows = [row for row in rows if row["name"] not in NOT_STAGES or row["name"] == "models"]
    if not models or not all(models.values()):
        return [Verdict("peak memory within 2x of the models alone", None,
                        "memory was not measured (no /proc on this system)")]
    largest = max(models)
    alone = models[largest]
    at_largest = [row for row in rows if row["n"] == largest and row["name"] != "models"
                  and row["peak_mb"] is not None]
    over = [f"{row['name']} {row['peak_mb'] / alone:.1f}x" for row in at_largest
            if row["peak_mb"] > MEMORY_MULTIPLE * alone]
    verdicts = [Verdict(
        f"peak memory of each stage at {largest:,} within {MEMORY_MULTIPLE:g}x of the models "
        f"alone ({alone:,.0f} MB)", not over,
        "over: " + ", ".join(over) if over else "every stage is")]
    for row in at_largest:
        if row["name"] in LOADS:
            verdicts.append(Verdict(
                f"{row['name']} of {largest:,} configurations fits in 4 GB", row["peak_mb"] <
                LOAD_LIMIT_MB, f"peak {row['peak_mb']:,.0f} MB above the interpreter"))
    return verdicts


def turtle_verdicts(rows: Iterable[Row]) -> list[Verdict]:
    """The outline and JSON-LD export against Turtle export's time per triple, where both
    were measured at 10,000 configurations or more."""
    rows = list(rows)
    turtle = {row["n"]: row["seconds"] for row in rows if row["name"] == TURTLE}
    verdicts = []
    for name in AGAINST_TURTLE:
        pairs = [(row, turtle[row["n"]]) for row in rows if row["name"] == name
                 and row["n"] >= RATIO_FROM and turtle.get(row["n"])]
        if pairs:
            verdicts.append(Verdict(
                f"{name} within {TURTLE_MULTIPLE:g}x of {TURTLE}'s time per triple at "
                f"{RATIO_FROM:,}+ configurations",
                all(row["seconds"] <= TURTLE_MULTIPLE * seconds for row, seconds in pairs),
                "; ".join(f"{row['seconds'] / seconds:.2f}x at {row['n']:,} ({row['seconds']:.3g} "
                          f"against {seconds:.3g} s)" for row, seconds in sorted(
                              pairs, key=lambda pair: pair[0]["n"]))))
    return verdicts


def extra_verdicts(rows: Iterable[Row]) -> list[Verdict]:
    """The start-up and layout rows against their targets (rows without one are left out)."""
    verdicts = []
    for row in rows:
        target = EXTRA_TARGETS.get((row["name"], row["n"])) or EXTRA_TARGETS.get(
            (row["name"], None))
        if target is None:
            continue
        size = f" at {row['n']:,} configurations" if row["n"] else ""
        ratio = f", ratio {row['ratio']:.2f}" if row.get("ratio") is not None else ""
        verdicts.append(Verdict(f"{row['name']}{size} {target.text}", target.met(row),
                                f"{row['seconds']:.3g} s{ratio}" if row["seconds"] is not None
                                else "not finished"))
    return verdicts


def run_verdict(seconds: float, *, full: bool) -> Verdict:
    """``make bench`` under :data:`RUN_MINUTES` (only a full run is held to it)."""
    minutes = f"{seconds / 60:.1f} min"
    if not full:
        return Verdict(f"make bench under {RUN_MINUTES:g} minutes", None,
                       f"not a full run ({minutes})", info=True)
    return Verdict(f"make bench under {RUN_MINUTES:g} minutes", seconds <= RUN_MINUTES * 60,
                   minutes)


def verdicts(rows: list[Row]) -> list[Verdict]:
    return [*ratio_verdicts(rows), *growth_verdicts(rows), *extra_verdicts(rows),
            *memory_verdicts(rows), *turtle_verdicts(rows)]
