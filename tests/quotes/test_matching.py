"""One quote in one text: exact at its span, exact elsewhere, near (with its score), not found.

The transcript and every quote are synthetic, written for these tests.
"""

from __future__ import annotations

import random
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cmo.quotes import NEAR_SCORE, difference, match_quote
from cmo.quotes.normalising import normalised

#: Synthetic: no participant said this.
TRANSCRIPT = (
    "Synthetic transcript, written for tests. Interviewer: How did the referral go? "
    "Participant: At first I did not know what a link worker was, I thought she was another "
    "nurse. She sat with me for an hour and listened to everything, the housing, the money, "
    "my mum's health. After a few weeks I started going to the walking group on Tuesdays "
    "because she came with me the first time. Some weeks I could not face it, with the kids "
    "and the shifts at work, and she never made me feel bad about that. The council still "
    "has not fixed the damp in the flat, and there is nothing she can do about that. I would "
    "say she is the one person I can ring when it all gets too much.")

#: Quotes seeded with alterations, as a careless copy or a language model makes them.
ALTERED = {
    "word changed": ("She sat with me for an hour and listened to everything, the housing, "
                     "the bills, my mum's health.", 94.8),
    "word changed again": ("After a few weeks I began going to the walking group on Tuesdays "
                           "because she came with me the first time.", 94.3),
    "words dropped": ("Some weeks I could not face it, with the kids and the shifts, and she "
                      "never made me feel bad about that.", 92.3),
    "word dropped": ("I would say she is the one person I can ring when it gets too much.",
                     94.0),
    "words reordered": ("The council still has not fixed the damp in the flat, and she can "
                        "do nothing about that.", 84.1),
    "clauses swapped": ("At first I thought she was another nurse, I did not know what a link "
                        "worker was.", 97.5),
    "curly apostrophe": ("the housing, the money, my mum\u2019s health.", 100.0),
    "dash and line break": ("Some weeks I could not face it \u2014 with the kids and the "
                            "shifts\nat work, and she never made me feel bad about that.", 98.2),
}
#: Quotes nobody said (in this transcript or anywhere): synthetic.
INVENTED = (
    "The link worker helped me find a job at the garden centre and now I feel like myself again.",
    "My GP told me I had to go, so I went, but I never really saw the point of it.",
    "Honestly the best part was the cookery class where I met my friend Jean.",
    "She phoned every week to check how I was doing with my medication.",
)


def test_a_quote_at_its_span_is_exact_at_span():
    start = TRANSCRIPT.index("She sat")
    match = match_quote("She sat with me", TRANSCRIPT, start=start, end=start + 15)
    assert (match.status, match.score, match.span, match.occurrences) == (
        "exact at span", 100.0, (start, start + 15), ((start, start + 15),))


def test_a_quote_elsewhere_gives_every_place_it_is_found():
    match = match_quote("She sat with me", TRANSCRIPT, start=0, end=15)
    assert (match.status, match.span, match.occurrences) == (
        "exact elsewhere", (173, 188), ((173, 188),))
    twice = match_quote("about that.", TRANSCRIPT)
    assert (twice.status, twice.occurrences) == ("exact elsewhere", ((479, 490), (577, 588)))


@pytest.mark.parametrize("alteration", sorted(ALTERED))
def test_each_altered_quote_is_near_with_its_score(alteration: str):
    quote, score = ALTERED[alteration]
    match = match_quote(quote, TRANSCRIPT)
    assert (match.status, match.score) == ("near", score)
    assert match.found is not None and match.found == TRANSCRIPT[slice(*match.span)]
    assert match.found == match.found.strip() and match.found[0].isalpha()  # whole words


@pytest.mark.parametrize("quote", INVENTED)
def test_each_invented_quote_is_not_found(quote: str):
    assert match_quote(quote, TRANSCRIPT).status == "not found"


def test_typography_alone_scores_100_and_spans_the_original_text():
    match = match_quote(ALTERED["curly apostrophe"][0], TRANSCRIPT)
    assert match.found == "the housing, the money, my mum's health."
    hyphenated = "the link wor-\nker was"
    assert normalised(hyphenated).text == "the link worker was"
    assert match_quote("link worker", hyphenated).span == (4, 17)


def test_the_difference_shows_the_changed_words_only():
    quote, _ = ALTERED["word changed"]
    found = match_quote(quote, TRANSCRIPT).found or ""
    assert difference(quote, found) == (
        "She sat with me for an hour and listened to everything, the housing, the "
        "[-money,-] {+bills,+} my mum's health.")


def test_an_empty_quote_is_not_found_and_the_threshold_is_80():
    assert match_quote("", TRANSCRIPT).status == "not found"
    assert match_quote("   ", TRANSCRIPT).status == "not found"
    assert NEAR_SCORE == 80.0


def test_a_long_source_is_searched_in_bounded_time():
    """Synthetic: 1.5 million characters of shuffled words; an invented quote is not in it."""
    words = ["link", "worker", "patient", "trust", "hope", "support", "referral", "housing"]
    text = " ".join(random.Random(19).choice(words) for _ in range(200_000))
    started = time.perf_counter()
    assert match_quote("an invented sentence nobody said about it", text).status == "not found"
    assert match_quote("x" * 6_000, text).status == "not found"
    assert time.perf_counter() - started < 10


_PIECES = ["trust", "hope", "link", "worker", " ", "  ", "\n", "\u2019", "'", "\u201c", '"',
           "\u2014", "-", "-\n", ",", "."]


@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=40),
       st.integers(0, 39), st.integers(1, 40))
def test_a_passage_with_its_typography_changed_is_found_where_it_is(pieces, first, size):
    """Synthetic text of words and typography: a passage of it, typed plainly, is found, and
    the span found folds to what the passage folds to."""
    text = "".join(pieces)
    passage = "".join(pieces[first:first + size])
    plain = normalised(passage).text
    if not plain or not any(character.isalpha() for character in plain):
        return
    match = match_quote(plain, text)
    assert match.status in ("exact elsewhere", "near")
    assert match.span is not None
    assert normalised(text[match.span[0]:match.span[1]]).text == plain
    if match.status == "near":
        assert match.score == 100.0
