"""Where one quote is in its source's text: exactly at its span, exactly elsewhere, nearly,
or nowhere.

The tests, in order (the first that holds decides):

1. **exact at span**: the text at the excerpt's ``start:end`` is the quote;
2. **exact elsewhere**: the quote is found verbatim at other offsets (every occurrence,
   up to :data:`MOST_OCCURRENCES`, is given);
3. **near**: after folding typography (:mod:`cmo.quotes.normalising`), the best
   approximate occurrence scores :data:`NEAR_SCORE` or more out of 100: the best of
   ``rapidfuzz``'s ``partial_ratio_alignment`` (characters in order) and its
   ``token_sort_ratio`` against runs of as many words (words in any order: clauses
   swapped); the passage found is widened or narrowed to the whole words closest to the
   quote. A quote that differs only in typography scores 100;
4. **not found**: nothing scores that high.

Time is bounded: the approximate search, the only one that is not linear in the text, is
tried only for quotes of up to :data:`LONGEST_QUOTE` characters in texts of up to
:data:`LONGEST_TEXT`; beyond those, a quote not found verbatim or folded is not found
(about 0.03 s for a 300-character quote in 1.5 million characters).

Example:
    >>> text = "Patients valued the link worker. They felt hope for the first time."
    >>> match_quote("They felt hope", text).status, match_quote("They felt hope", text).span
    ('exact elsewhere', (33, 47))
    >>> near = match_quote("They felt hopeful", text)
    >>> near.status, near.score, near.span
    ('near', 88.2, (33, 47))
    >>> match_quote("Nobody ever said this sentence", text).status
    'not found'
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass
from typing import Final, Literal

from .normalising import normalised

__all__ = ["LONGEST_QUOTE", "LONGEST_TEXT", "MOST_OCCURRENCES",
           "MOST_WINDOW_CHARACTERS", "NEAR_SCORE", "STATUSES",
           "Match", "Status", "difference", "match_quote"]

Status = Literal["exact at span", "exact elsewhere", "near", "not found", "no text"]
#: Every status, best first ("no text": the quote or its source has no text to check, none
#: given or withheld).
STATUSES: Final[tuple[Status, ...]] = ("exact at span", "exact elsewhere", "near", "not found",
                                       "no text")
#: The lowest similarity (0-100) of a near match. Quotes with a word or two changed,
#: dropped or moved score 85-99; sentences that are not in the text seldom reach 70.
NEAR_SCORE: Final = 80.0
#: The longest quote (in characters) searched for approximately.
LONGEST_QUOTE: Final = 5_000
#: The longest source text (in characters) searched approximately.
LONGEST_TEXT: Final = 5_000_000
#: The most characters of the runs of words a quote is compared with in any order (the
#: number of words in the text times the length of the quote): about 0.1 s.
MOST_WINDOW_CHARACTERS: Final = 20_000_000
#: The most occurrences of a verbatim quote that are listed.
MOST_OCCURRENCES: Final = 20


@dataclass(frozen=True, slots=True)
class Match:
    """What was found of one quote in one text.

    ``span`` is the best occurrence (``start``, ``end`` offsets into the text, as an
    excerpt's span counts them), None when not found; ``occurrences`` every verbatim one;
    ``score`` the similarity, 100 for verbatim; ``found`` the text of the span.
    """

    status: Status
    score: float | None = None
    span: tuple[int, int] | None = None
    occurrences: tuple[tuple[int, int], ...] = ()
    found: str | None = None

    @property
    def is_verbatim(self) -> bool:
        """The quote is word for word in the text (at its span or elsewhere)."""
        return self.status in ("exact at span", "exact elsewhere")


def match_quote(quote: str, text: str, *, start: int | None = None,
                end: int | None = None) -> Match:
    """Where ``quote`` is in ``text`` (see the module for the tests and their order).

    Args:
        quote: the excerpt's text.
        text: the source's whole text.
        start, end: the excerpt's span, when it gives one.
    """
    if start is not None and end is not None and text[start:end] == quote and quote:
        return Match("exact at span", 100.0, (start, end), ((start, end),), quote)
    occurrences = _occurrences(quote, text)
    if occurrences:
        return Match("exact elsewhere", 100.0, occurrences[0], occurrences, quote)
    folded_quote = normalised(quote).text
    if not folded_quote:
        return Match("not found")
    folded = normalised(text)
    at = folded.text.find(folded_quote)
    if at >= 0:
        span = folded.span(at, at + len(folded_quote))
        return Match("near", 100.0, span, found=text[span[0]:span[1]])
    if len(folded_quote) > LONGEST_QUOTE or len(folded.text) > LONGEST_TEXT:
        return Match("not found")
    score, at, until = _best_approximate(folded_quote, folded.text)
    if score < NEAR_SCORE:
        return Match("not found")
    span = folded.span(at, until)
    return Match("near", round(score, 1), span, found=text[span[0]:span[1]])


def _best_approximate(quote: str, text: str) -> tuple[float, int, int]:
    """The best score of ``quote`` in ``text`` and where: the best alignment of its
    characters in order, or of its words in any order in a run of as many words (a quote
    with its clauses swapped), where the text is short enough (:data:`MOST_WINDOW_CHARACTERS`)."""
    from rapidfuzz import fuzz, process  # imported when needed: only for quotes not verbatim

    alignment = fuzz.partial_ratio_alignment(quote, text)
    best = (alignment.score,
            *_closest_words(quote, text, alignment.dest_start, alignment.dest_end))
    if best[0] >= NEAR_SCORE:
        return best
    count = quote.count(" ") + 1
    starts, ends = _words(text)
    if len(starts) * len(quote) > MOST_WINDOW_CHARACTERS:
        return best
    windows = [text[starts[at]:ends[min(at + count, len(ends)) - 1]]
               for at in range(max(1, len(starts) - count + 1))]
    found = process.extractOne(quote, windows, scorer=fuzz.token_sort_ratio,
                               score_cutoff=best[0])
    if found is None:
        return best
    _, score, at = found
    return score, starts[at], starts[at] + len(windows[at])


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """The span ``start:end`` of ``text`` (words separated by single spaces) widened to whole
    words, without the spaces at its ends."""
    start = text.rfind(" ", 0, start + 1) + 1 if start < len(text) and text[start] != " " else start
    while start < end and text[start] == " ":
        start += 1
    after = text.find(" ", max(end - 1, start))
    end = len(text) if after < 0 else after
    return start, max(start, end)


@functools.lru_cache(maxsize=16)
def _words(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Where each word of ``text`` (words separated by single spaces) starts, and where it
    ends: worked out once per source text."""
    starts = (0, *(match.end() for match in re.finditer(" ", text)))
    return starts, (*(at - 1 for at in starts[1:]), len(text))


def _closest_words(quote: str, text: str, start: int, end: int) -> tuple[int, int]:
    """The span of whole words around ``text[start:end]`` closest to ``quote``: an alignment
    may stop short of a word at either end ("I would say" found as "would say")."""
    from rapidfuzz import fuzz

    start, end = _whole_words(text, start, end)
    word_before = text.rfind(" ", 0, max(start - 1, 0)) + 1 if start > 0 else start
    second_word = text.find(" ", start, end) + 1 or start
    word_after = text.find(" ", end + 1)
    last_but_one = text.rfind(" ", start, end)
    starts = {start, word_before, second_word}
    ends = {end, len(text) if word_after < 0 else word_after, max(last_but_one, start)}
    spans = sorted((at, until) for at in starts for until in ends if at < until)
    return max(spans, key=lambda span: (fuzz.ratio(quote, text[span[0]:span[1]]),
                                        -(span[1] - span[0])), default=(start, end))


def _occurrences(quote: str, text: str) -> tuple[tuple[int, int], ...]:
    """The spans at which ``quote`` is in ``text``, verbatim (the first few)."""
    found: list[tuple[int, int]] = []
    at = text.find(quote) if quote else -1
    while at >= 0 and len(found) < MOST_OCCURRENCES:
        found.append((at, at + len(quote)))
        at = text.find(quote, at + 1)
    return tuple(found)


def difference(quote: str, found: str) -> str:
    """The words of ``quote`` that differ from the passage ``found`` in the source: words
    only in the source as ``[-word-]``, only in the quote as ``{+word+}`` (typography
    folded first, so a curly quote mark is no difference).

    Example:
        >>> difference("They felt very hopeful", "They felt hope")
        'They felt [-hope-] {+very hopeful+}'
    """
    quote_words = normalised(quote).text.split(" ")
    found_words = normalised(found).text.split(" ")
    shown: list[str] = []
    matcher = difflib.SequenceMatcher(a=found_words, b=quote_words, autojunk=False)
    for tag, found_start, found_end, quote_start, quote_end in matcher.get_opcodes():
        if tag == "equal":
            shown.extend(quote_words[quote_start:quote_end])
            continue
        if found_end > found_start:
            shown.append(f"[-{' '.join(found_words[found_start:found_end])}-]")
        if quote_end > quote_start:
            shown.append(f"{{+{' '.join(quote_words[quote_start:quote_end])}+}}")
    return " ".join(shown)
