"""Names: the known name closest to a misspelt one, names kept apart by a number, and
the order people sort names in ("P2" before "P10").

How two spellings of one element are recognised as the same, and the identifiers derived
from labels, are the models' own: :mod:`cmo.models.labels`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import Final

__all__ = ["did_you_mean", "natural_key", "unique_name"]

_DIGITS: Final = re.compile(r"(\d+)")


def natural_key(label: str) -> tuple[tuple[int, int | str], ...]:
    """Sorts labels as people do: the numbers in them by value ("P2" before "P10"), the
    rest whatever its case.

    Example:
        >>> sorted(["P10", "p2", "Site B", "P1", "site a", "CMOC 10", "CMOC 9"], key=natural_key)
        ['CMOC 9', 'CMOC 10', 'P1', 'p2', 'P10', 'site a', 'Site B']
    """
    return tuple((0, int(part)) if part.isdecimal() else (1, part.casefold())
                 for part in _DIGITS.split(label) if part)


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
