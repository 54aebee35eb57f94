"""Where a selection's offsets land in its text: code points (the standard) or UTF-16 units.

REFI-QDA counts Unicode code points from 0, end exclusive. NVivo counts UTF-16 code units
(a character outside the Basic Multilingual Plane, such as an emoji, counts twice). The
two agree on texts without such characters; elsewhere the reading under which more
selections start and end on word boundaries is taken, unless the user says which.

Example:
    >>> text = "Hope 🙂 and trust"
    >>> Offsets(text, "utf16").span(8, 17), Offsets(text, "codepoints").span(7, 16)
    ((7, 16), (7, 16))
    >>> text[7:16]
    'and trust'
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from typing import Final, Literal

__all__ = ["OffsetChoice", "OffsetMode", "Offsets", "choose_mode", "on_boundaries"]

OffsetMode = Literal["codepoints", "utf16"]
#: What a mapping file may say about offsets: detect them, or which they count.
OffsetChoice = Literal["auto", "codepoints", "utf16"]
_ASTRAL: Final = re.compile("[\U00010000-\U0010FFFF]")


class Offsets:
    """Converts a selection's positions into code-point positions in ``text``."""

    def __init__(self, text: str, mode: OffsetMode) -> None:
        self.text = text
        self.mode = mode
        # The UTF-16 position of each character outside the BMP (each adds one unit).
        astral = [found.start() for found in _ASTRAL.finditer(text)] \
            if mode == "utf16" and not text.isascii() else []
        self._astral_units = [index + number for number, index in enumerate(astral)]

    def position(self, offset: int) -> int | None:
        """The code-point position of ``offset``, or None when it splits a character."""
        if self.mode == "codepoints" or not self._astral_units:
            return offset
        before = bisect_left(self._astral_units, offset)
        if before and self._astral_units[before - 1] == offset - 1:
            return None  # between the two halves of a surrogate pair
        return offset - before

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """``(start, end)`` in code points, or None when out of the text or splitting a character."""
        if self._astral_units:
            first, last = self.position(start), self.position(end)
            if first is None or last is None:
                return None
        else:  # code points already (called once or more per selection: kept short)
            first, last = start, end
        if not 0 <= first <= last <= len(self.text):
            return None
        return first, last


def on_boundaries(text: str, start: int, end: int) -> bool:
    """Whether a slice starts and ends where a person would: not inside a word or a CRLF."""
    def clean(position: int) -> bool:
        if position in (0, len(text)):
            return True
        before, after = text[position - 1], text[position]
        if before == "\r" and after == "\n":
            return False
        return not (before.isalnum() and after.isalnum())

    return clean(start) and clean(end)


def choose_mode(text: str, spans: Iterable[tuple[int, int]]) -> tuple[OffsetMode, float]:
    """The reading of ``spans`` under which most land on boundaries, and that share.

    Ties go to code points, the standard.
    """
    spans = list(spans)
    # Without characters outside the BMP the two readings agree: score one.
    modes = ("codepoints", "utf16") if _ASTRAL.search(text) else ("codepoints",)
    scores = {"utf16": -1}
    for mode in modes:
        offsets = Offsets(text, mode)  # type: ignore[arg-type]
        converted = [offsets.span(start, end) for start, end in spans]
        scores[mode] = sum(1 for span in converted if span and on_boundaries(text, *span))
    best: OffsetMode = "utf16" if scores["utf16"] > scores["codepoints"] else "codepoints"
    return best, (scores[best] / len(spans) if spans else 1.0)
