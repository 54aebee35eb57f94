"""Will a process fit? An estimate from measured bytes per configuration, before running it.

The models of a small synthetic theory are measured with ``tracemalloc`` (a fraction of a
second). A benchmark process at ``n`` configurations holds the theory and its graph, the
revision where diff, merge or agreement run, and on top of that the largest stage it runs
needs room of its own (a second copy of the models for a load, millions of RDF terms for
the Turtle import). Each of these is a multiple of the traced models, measured in the full
run at 100,000 configurations (``docs/performance.md``: the models alone 2,083 MB, 1.6
times the traced 1,330 MB; the process peaked at 9,212 MB, 6.9 times), and the sum is
taken with :data:`MARGIN` to spare. A size is measured in one process or two
(:mod:`schedule`), so the estimate is of a process: a size and the stages it measures.
"""

from __future__ import annotations

import gc
import tracemalloc
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from workload import EVIDENCE_PER_CONFIGURATION, REVISION_READERS

from cmo.synthetic import synthetic_collection

#: What a process holds before any stage runs, as multiples of the traced models.
THEORY: Final = 1.6  # the models, measured alone
GRAPH: Final = 1.0
REVISION: Final = 1.6  # read by diff, merge and agreement only
#: What each stage needs above that, as a multiple of the traced models: its peak at
#: 100,000 configurations in the full run of 4eb1a33 over the traced models (1,330 MB).
STAGE: Final[dict[str, float]] = {
    "load-yaml": 1.2, "load-json": 0.93, "merge": 0.98, "dot-source": 0.15,
    "outline": 0.08, "rdf-import-turtle": 2.65, "qdpx-import": 1.08, "qdpx-reimport": 1.08,
    "report": 1.35, "agreement": 0.2, "matrix": 0.1}
#: A stage not measured yet is planned as needing as much as the largest.
UNKNOWN_STAGE: Final = max(STAGE.values())
#: Room to spare on the sum: measured peaks are 0.75 to 0.85 of the estimate.
MARGIN: Final = 1.25
#: How many configurations the per-configuration measurement uses.
_SAMPLE: Final = 200
_MEMINFO: Final = Path("/proc/meminfo")


def bytes_per_configuration() -> float:
    """Bytes the models of one configuration take, with its share of evidence, excerpts
    and sources, measured with ``tracemalloc`` on a small synthetic theory."""
    gc.collect()
    tracemalloc.start()
    try:
        collection = synthetic_collection(_SAMPLE,
                                          evidence_per_configuration=EVIDENCE_PER_CONFIGURATION)
        gc.collect()
        held, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del collection
    return held / _SAMPLE


def available_bytes() -> int | None:
    """``MemAvailable`` of ``/proc/meminfo``: what can be used without swapping."""
    try:
        for line in _MEMINFO.read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


@dataclass(frozen=True, slots=True)
class Estimate:
    n: int
    needed: float
    available: int | None

    @property
    def fits(self) -> bool:
        return self.available is None or self.needed <= self.available

    def refusal(self) -> str:
        largest = int(self.available / self.needed * self.n) if self.available else 0
        return (f"{self.n:,} configurations would need about {self.needed / 2**30:,.1f} GB "
                f"(estimated), but {(self.available or 0) / 2**30:.1f} GB is available "
                f"(MemAvailable in /proc/meminfo): leave this size out with a smaller "
                f"--sizes (this machine fits about {largest:,}), or free memory first")


def multiple(stages: Iterable[str]) -> float:
    """What a process measuring ``stages`` needs, as a multiple of the traced models."""
    chosen = set(stages)
    largest = max((STAGE.get(name, UNKNOWN_STAGE if name not in _SMALL else 0.05)
                   for name in chosen), default=0.0)
    return MARGIN * (THEORY + GRAPH + (REVISION if chosen & REVISION_READERS else 0.0)
                     + largest)


#: Stages that hold little beyond their inputs (peaks of 0-60 MB at 100,000).
_SMALL: Final = frozenset({"graph", "queries", "diff", "dot-layout", "rdf-export-turtle",
                           "rdf-export-jsonld", "rdf-export-ntriples", "qdpx-export"})


def estimates(sizes: list[int], per_configuration: float | None = None,
              stages: Iterable[str] = ()) -> list[Estimate]:
    """The estimate for each size measured in one process, against the memory available now."""
    per_configuration = per_configuration or bytes_per_configuration()
    available = available_bytes()
    factor = multiple(stages)
    return [Estimate(n, per_configuration * n * factor, available) for n in sizes]


def process_estimate(n: int, stages: Iterable[str], per_configuration: float,
                     available: int | None) -> Estimate:
    """The estimate for one process measuring ``stages`` at ``n`` configurations."""
    return Estimate(n, per_configuration * n * multiple(stages), available)
