"""Counts written as a reader says them: "1 piece", "2 pieces", "0 sources".

Example:
    >>> counted(1, "piece"), counted(2, "piece"), counted(0, "match", "matches")
    ('1 piece', '2 pieces', '0 matches')
    >>> counted(1, "kind", of="data"), counted(3, "kind", of="data")
    ('1 kind of data', '3 kinds of data')
"""

from __future__ import annotations

__all__ = ["counted"]


def counted(number: int, singular: str, plural: str | None = None, *, of: str = "") -> str:
    """``number`` and the noun, singular for exactly one, plural otherwise.

    Args:
        number: how many.
        singular: the noun for one ("piece").
        plural: the noun for any other number; the singular with an "s" when not given.
        of: words after the noun that do not change with the number ("of evidence").

    Returns:
        The count and its noun, e.g. ``"2 pieces of evidence"``.
    """
    noun = singular if number == 1 else plural or singular + "s"
    return f"{number} {noun} of {of}" if of else f"{number} {noun}"
