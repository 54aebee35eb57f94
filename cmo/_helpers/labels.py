"""Names: the known name closest to a misspelt one, and names kept apart by a number.

How two spellings of one element are recognised as the same, and the identifiers derived
from labels, are the models' own: :mod:`cmo.models.labels`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["did_you_mean", "unique_name"]


def did_you_mean(name: str, known: Iterable[str]) -> str | None:
    """``"did you mean 'x'?"`` for the known name closest to ``name``, if one is close.

    Example:
        >>> did_you_mean("suports", ["supports", "refutes"])
        "did you mean 'supports'?"
    """
    close = difflib.get_close_matches(name, sorted(known), n=1)
    return f"did you mean {close[0]!r}?" if close else None


def unique_name(base: str, taken: set[str], *, separator: str = "-") -> str:
    """``base``, or ``base-2``, ``base-3``... whichever ``taken`` lacks; it is added to ``taken``.

    Example:
        >>> taken = {"hope"}
        >>> unique_name("hope", taken), unique_name("hope", taken, separator="_"), sorted(taken)
        ('hope-2', 'hope_2', ['hope', 'hope-2', 'hope_2'])
    """
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}{separator}{number}"
    taken.add(candidate)
    return candidate
