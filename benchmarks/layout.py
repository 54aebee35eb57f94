"""How long Graphviz's ``dot`` takes to lay out the full view of a large theory.

``layout_rows()`` draws the whole diagram (``cmo.to_dot(theory)``, default options) of a
seeded synthetic theory of 150, 300 and 500 configurations (5 evidence links each) as SVG,
one run each, and gives one row per size: ``dot``'s own CPU time (user and system, read
from the finished process with ``os.wait4``, so other processes on the machine do not
count), its wall-clock time, its peak resident memory, the layout bounds the diagram
carried (:func:`cmo.render.layout.layout_options`) and Graphviz's version. ``run.py`` adds
the rows beside the stages'.

Example:
    >>> rows = layout_rows(sizes=(3,))
    >>> sorted(rows[0])  # doctest: +NORMALIZE_WHITESPACE
    ['floor_seconds', 'graphviz', 'n', 'name', 'options', 'peak_mb', 'ratio', 'runs',
     'seconds', 'wall_seconds']
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any, Final

from environment import graphviz_version

import cmo
from cmo.render.layout import layout_options
from cmo.synthetic import synthetic_collection

__all__ = ["EVIDENCE_PER_CONFIGURATION", "SIZES", "graphviz_version", "lay_out", "layout_rows"]

SIZES: Final = (150, 300, 500)
#: Fewer than the stages' workload (20): the diagram draws counts, not evidence.
EVIDENCE_PER_CONFIGURATION: Final = 5
#: A layout still running after this long is stopped, and its row has no time.
TIMEOUT_SECONDS: Final = 600.0


def lay_out(source: str, *, timeout: float = TIMEOUT_SECONDS) -> dict[str, float | None]:
    """``dot -Tsvg`` run once on ``source``: its CPU seconds, wall seconds and peak MB
    (all None if it did not finish in ``timeout`` seconds)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "diagram.gv"
        path.write_text(source, encoding="utf-8")
        started = time.perf_counter()
        process = subprocess.Popen(["dot", "-Tsvg", str(path), "-o", os.devnull],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while True:  # wait4 reports this child's own resources, no other process's
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - started > timeout:
                process.kill()
                os.wait4(process.pid, 0)
                process.returncode = -9
                return {"seconds": None, "wall_seconds": None, "peak_mb": None}
            time.sleep(0.05)
        process.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - started
    if process.returncode != 0:
        raise RuntimeError(f"dot failed with exit status {process.returncode}")
    return {"seconds": round(usage.ru_utime + usage.ru_stime, 3),
            "wall_seconds": round(wall, 3), "peak_mb": round(usage.ru_maxrss / 1024, 1)}


def layout_rows(sizes: tuple[int, ...] = SIZES) -> list[dict[str, Any]]:
    """One ``layout-full`` row per size: ``dot``'s CPU seconds (``seconds``), its wall
    seconds, peak MB, the ``-G`` options the diagram's bounds amount to, and ``dot -V``."""
    version = graphviz_version()
    rows = []
    for size in sizes:
        collection = synthetic_collection(size, evidence_per_configuration=EVIDENCE_PER_CONFIGURATION,
                                          seed=1)
        source = cmo.to_dot(collection).source
        rows.append({"name": "layout-full", "n": size, "runs": 1, **lay_out(source),
                     "floor_seconds": None, "ratio": None,
                     "options": [f"-G{name}={value}"
                                 for name, value in layout_options(size).items()],
                     "graphviz": version})
    return rows
