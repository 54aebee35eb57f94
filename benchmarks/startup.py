"""How long the ``cmo`` command takes to answer, against Python importing its dependencies.

A command that does 10 ms of work should not make its user wait half a second for
imports. ``startup_rows()`` times three things, each as the wall-clock time of a whole
process (start to exit), its runs and its floor's taking turns, medians of ``runs`` each:

- ``startup-help``: ``cmo --help``, against a Python that only imports click (the least
  any click program pays to answer);
- ``startup-subcommand-help``: the slowest subcommand's ``--help`` (each subcommand's,
  ``cmo store push`` included, is timed 3 times first, and the slowest is named in the
  row's ``command``), against the same floor;
- ``startup-validate``: ``cmo validate`` of the worked example (11 configurations),
  against a Python that only imports pydantic, networkx and yaml (the libraries it reads
  and checks the theory with).

``cmo`` runs as ``python -m cmo`` from this checkout, as installed: each command runs once
untimed first, with Python free to write its bytecode (``PYTHONDONTWRITEBYTECODE`` is
dropped), so no run compiles a module that changed since its last ``.pyc``, as no
library's run does. Each row also gives the processes' CPU time (user and system, from
``os.wait4``), steadier than wall time on a busy machine.
``run.py`` adds the rows beside the stages'.

Example:
    >>> rows = startup_rows(runs=1)
    >>> [row["name"] for row in rows]
    ['startup-help', 'startup-subcommand-help', 'startup-validate']
    >>> sorted(rows[0])  # doctest: +NORMALIZE_WHITESPACE
    ['command', 'cpu_seconds', 'floor_cpu_seconds', 'floor_is', 'floor_seconds', 'n',
     'name', 'peak_mb', 'ratio', 'runs', 'seconds']
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

__all__ = ["EXAMPLE", "help_commands", "run_once", "startup_rows"]

ROOT: Final = Path(__file__).resolve().parent.parent
#: The worked example ``cmo validate`` checks.
EXAMPLE: Final = "examples/social_prescribing/theory.yaml"
#: Runs of each subcommand's help that pick the slowest one.
SCREENING_RUNS: Final = 3
_CMO: Final = (sys.executable, "-m", "cmo")
_CLICK_FLOOR: Final = (sys.executable, "-c", "import click")
_VALIDATE_FLOOR: Final = (sys.executable, "-c", "import pydantic, networkx, yaml")
#: The environment of every run: Python may cache bytecode, as in an installed package.
_ENVIRONMENT: Final = {name: value for name, value in os.environ.items()
                       if name != "PYTHONDONTWRITEBYTECODE"}


def run_once(command: Sequence[str]) -> tuple[float, float]:
    """Run ``command`` once from the checkout, its output thrown away: its wall seconds
    and CPU seconds (user and system, this process's alone).

    Raises:
        RuntimeError: the command failed (its timing would mean nothing).
    """
    started = time.perf_counter()
    process = subprocess.Popen(list(command), cwd=ROOT, env=_ENVIRONMENT,
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)  # this child's resources, no other's
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        failed = subprocess.run(list(command), cwd=ROOT, env=_ENVIRONMENT,
                                capture_output=True, text=True, check=False)
        raise RuntimeError(f"{' '.join(command[1:])} exited with {process.returncode}: "
                           f"{failed.stderr.strip()[-300:]}")
    return wall, usage.ru_utime + usage.ru_stime


def help_commands() -> list[tuple[str, ...]]:
    """Every subcommand's words, as typed after ``cmo`` (``("store", "push")`` too)."""
    import click

    from cmo.cli import cli

    context = click.Context(cli)
    found: list[tuple[str, ...]] = []
    for name in cli.list_commands(context):
        command = cli.get_command(context, name)
        found.append((name,))
        if isinstance(command, click.Group):
            found += [(name, sub) for sub in command.list_commands(context)]
    return found


def _row(name: str, arguments: Sequence[str], floor: Sequence[str], floor_is: str,
         runs: int) -> dict[str, Any]:
    """One row: ``cmo ARGUMENTS`` and ``floor`` taking turns, ``runs`` times each (after
    one untimed run of each)."""
    run_once([*_CMO, *arguments])
    run_once(floor)
    ours, theirs = [], []
    for _ in range(runs):
        ours.append(run_once([*_CMO, *arguments]))
        theirs.append(run_once(floor))
    seconds = statistics.median(wall for wall, _ in ours)
    floor_seconds = statistics.median(wall for wall, _ in theirs)
    return {"name": name, "n": 0, "runs": runs, "command": " ".join(["cmo", *arguments]),
            "seconds": _significant(seconds), "floor_seconds": _significant(floor_seconds),
            "ratio": round(seconds / floor_seconds, 2), "peak_mb": None,
            "cpu_seconds": _significant(statistics.median(cpu for _, cpu in ours)),
            "floor_cpu_seconds": _significant(statistics.median(cpu for _, cpu in theirs)),
            "floor_is": floor_is}


def slowest_help(runs: int = SCREENING_RUNS) -> tuple[str, ...]:
    """The subcommand whose ``--help`` takes longest (median wall time of ``runs``, after
    one untimed run)."""
    timed = {}
    for words in help_commands():
        run_once([*_CMO, *words, "--help"])
        timed[words] = statistics.median(run_once([*_CMO, *words, "--help"])[0]
                                         for _ in range(runs))
    return max(timed, key=timed.__getitem__)


def startup_rows(runs: int = 15) -> list[dict[str, Any]]:
    """The start-up rows: ``cmo --help``, the slowest subcommand's help and ``cmo validate``
    of the worked example, each against its floor (see the module's docstring)."""
    click_floor = "python -c 'import click': a Python that only imports click"
    return [
        _row("startup-help", ["--help"], _CLICK_FLOOR, click_floor, runs),
        _row("startup-subcommand-help", [*slowest_help(), "--help"], _CLICK_FLOOR,
             click_floor, runs),
        _row("startup-validate", ["validate", EXAMPLE], _VALIDATE_FLOOR,
             "python -c 'import pydantic, networkx, yaml': a Python that only imports the "
             "libraries cmo validate reads and checks a theory with", runs),
    ]


def _significant(seconds: float) -> float:
    return float(f"{seconds:.4g}")


if __name__ == "__main__":
    for measured in startup_rows(int(sys.argv[1]) if len(sys.argv) > 1 else 15):
        print(f"{measured['command']:<48} {measured['seconds'] * 1000:6.0f} ms  floor "
              f"{measured['floor_seconds'] * 1000:5.0f} ms  ratio {measured['ratio']:.2f}  "
              f"(CPU {measured['cpu_seconds'] * 1000:.0f} / "
              f"{measured['floor_cpu_seconds'] * 1000:.0f} ms)")
