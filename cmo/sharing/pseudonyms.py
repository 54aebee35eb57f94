"""Pseudonyms for participants, and finding participant ids wherever they were written.

A pseudonym is ``P-`` and the start of HMAC-SHA256 of the participant id under a key
(:func:`pseudonyms`). A :class:`ParticipantRenamer` then finds those ids in other ids
("p07-interview-1") and in free text ("Interview with P07"), however they were spelt, and
puts the pseudonyms in their place. :class:`cmo.sharing.redaction.Redaction` uses both.

Example:
    >>> key = b"synthetic key for the docs only!"
    >>> renamer = ParticipantRenamer(pseudonyms(["P07"], key=key))
    >>> renamer.identifier("p07-interview-1"), renamer.text("Interview with P-07")
    ('P-1d2e4af8ae-interview-1', 'Interview with P-1d2e4af8ae')
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Final

from ..exceptions import InputError
from .keys import MIN_KEY_BYTES, short_key

__all__ = ["PSEUDONYM_LENGTH", "PSEUDONYM_PREFIX", "ParticipantRenamer", "pseudonyms"]

#: Hexadecimal digits in a pseudonym: 40 bits, so among 10,000 participants two share a
#: pseudonym with a chance of about 1 in 20,000 (and are then told apart, see
#: :func:`pseudonyms`).
PSEUDONYM_LENGTH: Final = 10
#: What every pseudonym starts with.
PSEUDONYM_PREFIX: Final = "P-"

# The words of a participant id: runs of letters, runs of digits ("P07" is "P", "07"). A
# letter's accents, when written as marks after it (decomposed), belong to its word.
_TOKEN: Final = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f])+|\d+")
# Latin letters that Unicode does not decompose into a letter and an accent (casefold
# already spells "ß" as "ss"), and their ASCII spelling, as people type them without the
# letter: "Łukasz" as "Lukasz", "Søren" as "Soren", "Æsa" as "Aesa".
_UNDECOMPOSED: Final = str.maketrans({
    "ø": "o", "ł": "l", "đ": "d", "ð": "d", "ħ": "h", "ı": "i", "ŧ": "t", "æ": "ae",
    "œ": "oe", "þ": "th", "ĸ": "k", "ŀ": "l"})
# In free text only ids this long are replaced: "A" or "7" would hit ordinary words.
_MIN_TEXT_MATCH: Final = 3


def pseudonyms(participants: Iterable[str], *, key: bytes,
               length: int = PSEUDONYM_LENGTH) -> dict[str, str]:
    """The pseudonym of each participant id under ``key``: ``P-`` and ``length`` hex digits.

    Each is the start of HMAC-SHA256(key, participant id), so it does not depend on the
    other participants, except when two share their first ``length`` digits: both then
    get as many more digits as tell them apart. Ids are taken exactly as written
    (``"P07"`` and ``"p07"`` are two participants, as support counts them).

    Args:
        participants: participant ids (repeats are ignored).
        key: the secret key, at least :data:`MIN_KEY_BYTES` bytes.
        length: hex digits in a pseudonym before any collision is resolved.

    Returns:
        Participant id -> pseudonym, one-to-one. Keep this table as private as the data.

    Example:
        >>> key = b"synthetic key for the docs only!"
        >>> pseudonyms(["P07", "P12"], key=key)
        {'P07': 'P-1d2e4af8ae', 'P12': 'P-72cef1b6c3'}
        >>> pseudonyms(["P07"], key=key) == {"P07": "P-1d2e4af8ae"}
        True
    """
    if len(key) < MIN_KEY_BYTES:
        raise InputError([short_key(len(key))])
    digests = {participant: hmac.new(key, participant.encode("utf-8"), hashlib.sha256).hexdigest()
               for participant in dict.fromkeys(participants)}
    by_start: dict[str, list[str]] = {}
    for participant, digest in digests.items():
        by_start.setdefault(digest[:length], []).append(participant)
    chosen: dict[str, str] = {}
    for group in by_start.values():
        # Longer than `length`, so never equal to another group's pseudonym either.
        size = length
        while len({digests[participant][:size] for participant in group}) < len(group):
            size += 1
        chosen.update({participant: PSEUDONYM_PREFIX + digests[participant][:size]
                       for participant in group})
    return {participant: chosen[participant] for participant in digests}


class ParticipantRenamer:
    """Finds participant ids in ids and text and puts their pseudonyms in their place.

    A participant id is found by its letters and digits, in order, whatever lies between
    them, and never inside a longer word or number: "P07" is found in "p07-interview",
    "P_07" and "P07a" (letters, then digits, then letters), not in "sp07" or "p070".
    Letters compare without case or accents, as ids are typed in ASCII: "Zoë-12" is found
    in "zoe-12-interview" and "ZOE-12", "Łukasz" in "lukasz-1" (see :func:`_fold`).
    Matching runs over the words of the text, so it stays fast with thousands of
    participants.
    """

    def __init__(self, names: Mapping[str, str]) -> None:
        self.names = dict(names)
        self.by_key: dict[tuple[str, ...], str] = {}
        # Sorted, so two ids with the same letters and digits ("P07", "p-07") resolve the
        # same way every time.
        for participant in sorted(self.names):
            if key := _key(participant):
                self.by_key.setdefault(key, self.names[participant])
        # Longest first, so "Mrs Example" wins over "Mrs".
        self.sizes = sorted({len(key) for key in self.by_key}, reverse=True)

    def _replaced(self, value: str, shortest: int) -> str:
        words = list(_TOKEN.finditer(value))
        folded = [_fold(word.group()) for word in words]
        parts, done, at = [], 0, 0
        while at < len(words):
            for size in self.sizes:
                end = at + size
                if end > len(words):
                    continue
                key = tuple(folded[at:end])
                if key in self.by_key and sum(map(len, key)) >= shortest:
                    parts += [value[done:words[at].start()], self.by_key[key]]
                    done, at = words[end - 1].end(), end
                    break
            else:
                at += 1
        return "".join([*parts, value[done:]]) if parts else value

    def identifier(self, value: str) -> str:
        if value in self.names:
            return self.names[value]
        return self._replaced(value, shortest=1)

    def text(self, value: str) -> str:
        return self._replaced(value, shortest=_MIN_TEXT_MATCH)

    def identifiers(self, values: Iterable[str]) -> dict[str, str]:
        """Old id -> new id, one-to-one, and never a participant's pseudonym by chance.

        A case is a participant or, without one, a source id (see
        :func:`cmo.theory.support.negative_cases_of`): an id may become a pseudonym only if it was
        that participant's id, so cases stay as many as they were.
        """
        taken: set[str] = set()
        reserved = set(self.names.values())
        renamed: dict[str, str] = {}
        pending = []
        for value in sorted(set(values)):
            new = self.identifier(value)
            if new == value and new not in reserved:
                renamed[value] = value
                taken.add(value)
            else:
                pending.append((value, new))
        for value, new in pending:
            allowed = self.names.get(value)
            candidate, number = new, 2
            while candidate in taken or (candidate in reserved and candidate != allowed):
                candidate, number = f"{new}-{number}", number + 1
            renamed[value] = candidate
            taken.add(candidate)
        return renamed


def _key(text: str) -> tuple[str, ...]:
    return tuple(map(_fold, _TOKEN.findall(text)))


@functools.lru_cache(maxsize=2**16)
def _fold(word: str) -> str:
    """A word as it compares: without case or accents, and with Latin letters that have
    no accent to take off spelt in ASCII; digits of any script as 0-9.

    Example:
        >>> [_fold(word) for word in ("Zoë", "ZOE", "Straße", "Søren", "Łukasz", "١٢")]
        ['zoe', 'zoe', 'strasse', 'soren', 'lukasz', '12']
    """
    if word.isdecimal():
        return "".join(str(unicodedata.decimal(digit)) for digit in word)
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", word).casefold())
    return "".join(character for character in decomposed
                   if not unicodedata.combining(character)).translate(_UNDECOMPOSED)


