"""What a run was measured on: the machine, Python, the libraries, Graphviz and the commit.

``run.py`` writes it into ``results.json`` as its ``meta`` object and prints it above the
table, so that two runs' figures can be told apart by what they ran on.

Example:
    >>> meta = environment()
    >>> sorted(meta)
    ['commit', 'date', 'graphviz', 'layout_options', 'machine', 'packages', 'python']
    >>> sorted(meta["packages"])
    ['lxml', 'networkx', 'pydantic', 'pyoxigraph', 'rdflib']
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any, Final

__all__ = ["PACKAGES", "describe", "environment", "graphviz_version"]

HERE: Final = Path(__file__).resolve().parent
#: The libraries whose speed the stages and floors depend on.
PACKAGES: Final = ("pydantic", "networkx", "rdflib", "pyoxigraph", "lxml")


def _output(command: list[str]) -> str | None:
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=30,
                              cwd=HERE)
    except (OSError, subprocess.SubprocessError):
        return None
    text = (done.stdout or done.stderr).strip()
    return text if done.returncode == 0 and text else None


def graphviz_version() -> str | None:
    """``dot -V`` (which Graphviz prints on stderr), or None where ``dot`` is not installed."""
    return _output(["dot", "-V"])


def _memory_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    return None


def _processor() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _commit() -> dict[str, Any] | None:
    commit = _output(["git", "rev-parse", "--short=12", "HEAD"])
    if commit is None:
        return None
    changed = _output(["git", "status", "--porcelain", "--untracked-files=no"])
    return {"id": commit, "uncommitted_changes": bool(changed)}


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def environment(layout_options: dict[str, Any] | None = None) -> dict[str, Any]:
    """The run's ``meta`` object: date (UTC), commit, Python and library versions, the
    machine (cores, memory, processor), Graphviz's version and the layout options used
    (``layout_options``: what the layout rows say they passed to ``dot``)."""
    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": _commit(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "packages": {package: _version(package) for package in PACKAGES},
        "machine": {"cores": os.cpu_count(), "memory_gb": _memory_gb(),
                    "processor": _processor(), "system": platform.platform()},
        "graphviz": graphviz_version(),
        "layout_options": layout_options or {},
    }


def _options(used: Any) -> str:
    text = " ".join(map(str, used)) if isinstance(used, list | tuple) else str(used or "")
    return text or "dot's defaults"


def describe(meta: dict[str, Any]) -> str:
    """The ``meta`` object as a few lines of text."""
    machine, commit = meta["machine"], meta["commit"]
    packages = ", ".join(f"{name} {version or 'not installed'}"
                         for name, version in meta["packages"].items())
    where = (f"{commit['id']}{' with uncommitted changes' if commit['uncommitted_changes'] else ''}"
             if commit else "not a git checkout")
    options = "; ".join(f"{size}: {_options(used)}" for size, used in
                        meta["layout_options"].items()) or "none recorded"
    return "\n".join([
        f"Measured {meta['date']} at commit {where}",
        f"Machine: {machine['cores']} cores, {machine['memory_gb']} GB, {machine['processor']} "
        f"({machine['system']})",
        f"Python: {meta['python']}; {packages}",
        f"Graphviz: {meta['graphviz'] or 'dot not found'}; layout options: {options}",
    ])
