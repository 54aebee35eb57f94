"""Will a size fit? An estimate from measured bytes per configuration, before running it.

The models of a small synthetic theory are measured with ``tracemalloc`` (a fraction of a
second); the benchmark process at ``n`` configurations needs that many bytes per
configuration times ``n``, times :data:`SAFETY`: the process holds the theory, its
revision, its graph and its files' inputs while a stage builds a second copy of the
models (a load) or millions of RDF terms (the RDF floors). :data:`SAFETY` was set from the
highest resident memory measured at 10,000 and 100,000 configurations (see
``docs/performance.md``), with room to spare.
"""

from __future__ import annotations

import gc
import tracemalloc
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from workload import EVIDENCE_PER_CONFIGURATION

from cmo.synthetic import synthetic_collection

#: The benchmark process's peak as a multiple of the traced models: measured 11 to 13.
SAFETY: Final = 16.0
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


def estimates(sizes: list[int], per_configuration: float | None = None) -> list[Estimate]:
    """The estimate for each size, against the memory available now."""
    per_configuration = per_configuration or bytes_per_configuration()
    available = available_bytes()
    return [Estimate(n, per_configuration * n * SAFETY, available) for n in sizes]
