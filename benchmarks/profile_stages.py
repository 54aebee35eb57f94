"""What dominates each stage: a short profile of ``cmo``'s side, one run, with pyinstrument.

``python benchmarks/profile_stages.py [--size 10000] [--only NAME,...] [--top 8]`` prints,
for each stage, the functions that take the most of its time themselves (self time, as a
share of the stage) and the ``cmo`` functions under which most of it is spent (total
time), run as ``measure.py`` times it (the cyclic collector paused). pyinstrument is not
a dependency of ``cmo``: ``pip install pyinstrument`` first.
"""

from __future__ import annotations

import argparse
import gc
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pyinstrument import Profiler
from stages import STAGE_NAMES, STAGES
from workload import build_workload

_ROOT = str(Path(__file__).resolve().parent.parent)


def _frames(frame: Any) -> Iterator[Any]:
    stack = [frame]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(current.children)


def _where(frame: Any) -> str:
    path = (frame.file_path or "").replace(_ROOT + "/", "")
    if "site-packages/" in path:
        path = path.split("site-packages/", 1)[1]
    return f"{path}:{frame.function}"


def summary(root: Any, top: int) -> list[str]:
    """The ``top`` functions by self time, and the ``cmo`` functions by total time."""
    total = root.time or 1e-9
    own: Counter[str] = Counter()
    under: Counter[str] = Counter()
    for frame in _frames(root):
        if frame.function == "[self]":  # pyinstrument's own-time leaf of its parent
            own[_where(frame.parent)] += frame.time
        elif (frame.file_path or "").startswith(_ROOT + "/cmo/"):
            # Count each cmo function once per path from the root (not again when recursive).
            ancestors = set()
            parent = frame.parent
            while parent is not None:
                ancestors.add(_where(parent))
                parent = parent.parent
            if _where(frame) not in ancestors:
                under[_where(frame)] += frame.time
    lines = [f"  self  {share / total:4.0%}  {where}" for where, share in own.most_common(top)]
    lines += [f"  total {share / total:4.0%}  {where}" for where, share in under.most_common(top)]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--only", default=",".join(STAGE_NAMES))
    parser.add_argument("--top", type=int, default=8)
    options = parser.parse_args()
    chosen = set(options.only.split(","))
    with tempfile.TemporaryDirectory(prefix="cmo-profile-") as folder:
        workload = build_workload(options.size, Path(folder))
        gc.collect()
        gc.freeze()
        for stage in STAGES:
            if stage.name not in chosen:
                continue
            ours, _ = stage.prepare(workload)
            gc.collect()
            profiler = Profiler(interval=0.001)
            gc.disable()  # as measure.py times it: the cyclic collector paused
            profiler.start()
            try:
                ours()
            finally:
                profiler.stop()
                gc.enable()
            root = profiler.last_session.root_frame()
            print(f"{stage.name} at {options.size:,} configurations: {root.time:.2f} s")
            print("\n".join(summary(root, options.top)), flush=True)


if __name__ == "__main__":
    main()
