"""The targets of the benchmark issue, checked against a run's rows: measured, not promised.

- every stage within 2x of its floor at 10,000 configurations and more (RDF stages 1.5x);
- cost per configuration growing by no more than 20% from the smallest size to the largest
  (1,000 to 100,000 in a full run);
- peak memory of each stage at the largest size within 2x of the models alone;
- loading the largest size (YAML or JSON) within 4 GB, with room to spare;
- the outline and JSON-LD export within 2x of Turtle export's time per triple at 10,000
  configurations and more (issue 16).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final

RATIO: Final = 2.0
RDF_RATIO: Final = 1.5
#: The sizes at which the ratio targets apply.
RATIO_FROM: Final = 10_000
GROWTH: Final = 0.20
MEMORY_MULTIPLE: Final = 2.0
LOAD_LIMIT_MB: Final = 4096
LOADS: Final = ("load-yaml", "load-json")
#: Stages held against Turtle export's time per triple, and how far. They work on the same
#: theory at each size, so per triple of its RDF the comparison is of their times.
TURTLE: Final = "rdf-export-turtle"
AGAINST_TURTLE: Final = ("outline", "rdf-export-jsonld")
TURTLE_MULTIPLE: Final = 2.0

Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Verdict:
    target: str
    holds: bool | None  # None: not measured in this run
    detail: str

    def __str__(self) -> str:
        word = {True: "holds", False: "MISSED", None: "not measured"}[self.holds]
        return f"{word:<12} {self.target}: {self.detail}"


def ratio_limit(name: str) -> float:
    return RDF_RATIO if name.startswith("rdf-") else RATIO


def _stage_rows(rows: Iterable[Row]) -> dict[str, list[Row]]:
    by_stage: dict[str, list[Row]] = {}
    for row in rows:
        if row["name"] != "models":
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
    return verdicts or [Verdict(f"each stage within {RATIO:g}x of its floor ({RDF_RATIO:g}x "
                                f"for RDF) at {RATIO_FROM:,}+ configurations", None,
                                f"no size of {RATIO_FROM:,} or more was run")]


def growth_verdicts(rows: Iterable[Row]) -> list[Verdict]:
    verdicts = []
    for name, found in _stage_rows(rows).items():
        small, large = found[0], found[-1]
        if small["n"] == large["n"] or not small["seconds"]:
            continue
        growth = _growth(small, large, "seconds")
        floor = (f"; its floor's {_growth(small, large, 'floor_seconds'):+.0%}"
                 if small["floor_seconds"] and large["floor_seconds"] else "")
        verdicts.append(Verdict(
            f"{name} cost per configuration grows {GROWTH:.0%} at most", growth <= GROWTH,
            f"{growth:+.0%} from {small['n']:,} to {large['n']:,} "
            f"({small['seconds'] / small['n'] * 1e6:.0f} to "
            f"{large['seconds'] / large['n'] * 1e6:.0f} µs per configuration{floor})"))
    return verdicts or [Verdict(f"each stage's cost per configuration grows {GROWTH:.0%} at "
                                "most", None, "needs two sizes")]


def _growth(small: Row, large: Row, key: str) -> float:
    """How much the cost per configuration grew from the small size to the large one."""
    return (large[key] / large["n"]) / (small[key] / small["n"]) - 1


def memory_verdicts(rows: Iterable[Row]) -> list[Verdict]:
    rows = list(rows)
    models = {row["n"]: row["peak_mb"] for row in rows if row["name"] == "models"}
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


def verdicts(rows: list[Row]) -> list[Verdict]:
    return [*ratio_verdicts(rows), *growth_verdicts(rows), *memory_verdicts(rows),
            *turtle_verdicts(rows)]
