"""Text as it is compared approximately: typography folded, offsets kept.

Quotes copied by hand or by a language model often differ from their source only in
typography: curly or straight quote marks, a dash for a hyphen, a line break or a double
space for a space, a word hyphenated across a line end. :func:`normalised` folds those
away and keeps, for every character of the result, the offset of the character of the
original it came from, so a passage found in the folded text is a span of the original.

Example:
    >>> folded = normalised("Patients\u2019  trust\\nthe link work-\\ner")
    >>> folded.text
    "Patients' trust the link worker"
    >>> folded.span(16, 31)
    (17, 34)
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Final

__all__ = ["Normalised", "normalised"]

#: Typographic characters and the plain one each is compared as.
_FOLDED: Final = str.maketrans({
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u00b4`", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
    "\u2026": "...",
})
#: A word hyphenated at a line end ("work-\\ner"): the hyphen and the line break are dropped.
_LINE_END_HYPHEN: Final = re.compile(r"(?<=\w)[-\u00ad\u2010\u2011]\s*\n\s*(?=\w)")
_SPACES: Final = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Normalised:
    """A folded text and, for each of its characters, the offset it came from."""

    text: str
    origins: tuple[int, ...]
    #: The length of the original text (where a span that ends at the end of it ends).
    length: int

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that ``text[start:end]`` came from."""
        if start >= end:
            at = self.origins[start] if start < len(self.origins) else self.length
            return at, at
        # Every character folded from one of the original ('…' -> '...') has its offset.
        stop = self.origins[end - 1] + 1
        return self.origins[start], stop


@functools.lru_cache(maxsize=16)
def normalised(text: str) -> Normalised:
    """``text`` with quote marks, dashes, hyphenation at line ends and runs of white space
    folded (see the module), and the offsets of the original characters.

    About a second for a million characters; a source's text is folded once for all its
    quotes (the last few texts folded are kept).
    """
    kept: list[str] = []
    origins: list[int] = []
    skipped = {offset for match in _LINE_END_HYPHEN.finditer(text)
               for offset in range(match.start(), match.end())}
    previous_space = True  # white space at the start is dropped
    for offset, character in enumerate(text):
        if offset in skipped:
            continue
        if character.isspace():
            if previous_space:
                continue
            character, previous_space = " ", True
        else:
            previous_space = False
        for folded in character.translate(_FOLDED):
            kept.append(folded)
            origins.append(offset)
    while kept and kept[-1] == " ":
        kept.pop()
        origins.pop()
    return Normalised("".join(kept), tuple(origins), len(text))
