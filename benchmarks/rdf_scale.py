"""Linked data at scale: Turtle and N-Triples export and import against pyoxigraph alone.

A seeded synthetic theory of 10,000 configurations with 200,000 evidence links (about
1.7 million triples) is written and read by cmo, and the same triples are serialized and
parsed by pyoxigraph alone (the floor):

- export floor: ``pyoxigraph.serialize`` of the same triples, already in memory, to a file;
- import floor: ``pyoxigraph.parse`` of the same file into a list of triples.

Both sides run with the cyclic garbage collector off, as cmo's reader and writer run.
``python benchmarks/rdf_scale.py [CONFIGURATIONS]`` prints the table; ``make bench`` runs it.
"""

from __future__ import annotations

import gc
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

import pyoxigraph

from cmo.rdf import read_rdf, write_rdf
from cmo.synthetic import synthetic_collection

CONFIGURATIONS: Final = 10_000
EVIDENCE_PER_CONFIGURATION: Final = 20
REPEATS: Final = 5
FORMATS: Final = {"turtle": (".ttl", pyoxigraph.RdfFormat.TURTLE),
                  "ntriples": (".nt", pyoxigraph.RdfFormat.N_TRIPLES)}
#: The targets of the linked-data issue: export within 1.5x, import within 2x of the floor.
TARGETS: Final = {"export": 1.5, "import": 2.0}


def median_seconds(work: Callable[[], Any], repeats: int = REPEATS) -> float:
    timings = []
    for _ in range(repeats):
        gc.collect()
        gc.disable()
        start = time.perf_counter()
        result = work()
        timings.append(time.perf_counter() - start)
        del result
        gc.enable()
    return statistics.median(timings)


def _stages(collection: Any, ours: Path, floor: Path, option: str, rdf_format: Any,
            triples: list[Any]) -> list[tuple[str, Callable[[], Any], Callable[[], Any]]]:
    """Each stage: what cmo does, and what pyoxigraph alone does with the same triples."""
    return [
        ("export", lambda: write_rdf(collection, ours, rdf_format=option),
         lambda: pyoxigraph.serialize(triples, output=str(floor), format=rdf_format)),
        ("import", lambda: read_rdf(ours, rdf_format=option),
         lambda: list(pyoxigraph.parse(path=str(ours), format=rdf_format))),
    ]


def results(configurations: int = CONFIGURATIONS) -> list[dict[str, Any]]:
    """One row per stage: name, n, seconds, floor_seconds, ratio, target, triples."""
    collection = synthetic_collection(configurations, seed=1,
                                      evidence_per_configuration=EVIDENCE_PER_CONFIGURATION)
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for name, (suffix, rdf_format) in FORMATS.items():
            ours, floor = Path(folder) / f"ours{suffix}", Path(folder) / f"floor{suffix}"
            option = "turtle" if name == "turtle" else "nt"
            write_rdf(collection, ours, rdf_format=option)
            triples = list(pyoxigraph.parse(path=str(ours), format=rdf_format))
            for stage, work, raw in _stages(collection, ours, floor, option, rdf_format, triples):
                seconds, floor_seconds = median_seconds(work), median_seconds(raw)
                rows.append({"name": f"rdf-{stage}-{name}", "n": configurations,
                             "triples": len(triples), "seconds": round(seconds, 3),
                             "floor_seconds": round(floor_seconds, 3),
                             "ratio": round(seconds / floor_seconds, 2), "peak_mb": None,
                             "target": TARGETS[stage] if name == "turtle" else None})
            del triples
    return rows


def main() -> None:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else CONFIGURATIONS
    print(f"{'stage':<24}{'n':>7}{'triples':>10}{'s':>8}{'floor s':>9}{'ratio':>7}{'target':>8}")
    for row in results(size):
        target = f"{row['target']:.1f}" if row["target"] else "-"
        print(f"{row['name']:<24}{row['n']:>7}{row['triples']:>10}{row['seconds']:>8.2f}"
              f"{row['floor_seconds']:>9.2f}{row['ratio']:>7.2f}{target:>8}")


if __name__ == "__main__":
    main()
