"""Two versions of a theory drawn as one diagram, the changes marked, as a file.

The registry (:mod:`cmo.io`) writes ``(old, new)`` this way: ``cmo.save((initial,
refined), "changes.svg")``, as ``cmo diff OLD NEW -o changes.svg`` does. The diagram is
:func:`cmo.render.diff_to_dot`'s.

Example:
    >>> import cmo
    >>> initial = cmo.load("examples/social_prescribing/initial.yaml")
    >>> refined = cmo.load("examples/social_prescribing/theory.yaml")
    >>> path = getfixture("tmp_path") / "changes.dot"
    >>> write_changes((initial, refined), path, diagram_format="dot") == path
    True
"""

from __future__ import annotations

from pathlib import Path

from ..models import Collection
from ..theory.graph import ProgrammeTheory
from . import write_diff_diagram

__all__ = ["write_changes"]


def write_changes(versions: tuple[ProgrammeTheory | Collection, ProgrammeTheory | Collection],
                  path: str | Path, *, diagram_format: str, labels: str = "number") -> Path:
    """Write the diagram of ``versions`` (old, new), the changes marked, atomically.

    Args:
        versions: the earlier version and the later one.
        path: the file to write.
        diagram_format: as :func:`cmo.render.write_diagram`'s.
        labels: how configurations are named: ``"number"``, ``"id"`` or ``"none"``.
    """
    old, new = versions
    return write_diff_diagram(old, new, path, diagram_format=diagram_format, labels=labels)
