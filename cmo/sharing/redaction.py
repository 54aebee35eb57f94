"""Redacting a collection for sharing: quotes withheld, participants pseudonymised, fields dropped.

A :class:`Redaction` is applied before any export, report or diagram is written. It
withholds the text of quotes and sources (as :func:`cmo.sharing.privacy.withhold_quotes` does),
replaces each participant id by a stable pseudonym such as ``P-3f9a1c07b2``, and drops
the fields the team names (``source.site``, ``excerpt.codes``...). What it keeps is
counted as before: each configuration keeps its number of excerpts, sources and distinct
participants, since pseudonyms are one-to-one.

Pseudonyms are HMAC-SHA256 of the participant id under a key. With the same key the same
participant gets the same pseudonym in every export, so a team can link its own shared
files; without a key a random one is drawn for each call, so two exports cannot be
linked. Keep the key secret and apart from what is shared: whoever holds it can test a
guessed participant id against a pseudonym.

Example:
    >>> from cmo.models import Collection, Configuration, Evidence, Excerpt, Source
    >>> source = Source(id="p07-interview-1", kind="interview", participant="P07")
    >>> quote = Excerpt(id="p07-q1", source=source, text="Synthetic quote, not real data")
    >>> hope = Configuration(id="hope", contexts=[{"label": "Trust"}],
    ...                      outcomes=[{"label": "Hope"}],
    ...                      evidence=[Evidence(excerpt=quote, stance="supports")])
    >>> key = b"synthetic key for the docs only!"
    >>> shared = Redaction(key=key).redact(Collection(configurations=[hope]))
    >>> shared.sources[0].participant, shared.sources[0].id
    ('P-1d2e4af8ae', 'P-1d2e4af8ae-interview-1')
    >>> shared.excerpts[0].id, shared.excerpts[0].text
    ('P-1d2e4af8ae-q1', '[quote withheld]')
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import re
import secrets
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from pydantic import BaseModel

from .._helpers.labels import did_you_mean
from ..exceptions import InputError, Problem
from ..models import Codebook, Collection, Configuration, Evidence, Excerpt, Source
from ..theory.graph import ProgrammeTheory, collection_of
from .keys import MIN_KEY_BYTES, new_key, read_key, short_key
from .privacy import withhold_quotes

__all__ = [
    "DROPPABLE",
    "MIN_KEY_BYTES",
    "PSEUDONYM_LENGTH",
    "PSEUDONYM_PREFIX",
    "Redaction",
    "new_key",
    "pseudonyms",
    "read_key",
]

#: Hexadecimal digits in a pseudonym: 40 bits, so among 10,000 participants two share a
#: pseudonym with a chance of about 1 in 20,000 (and are then told apart, see
#: :func:`pseudonyms`).
PSEUDONYM_LENGTH: Final = 10
#: What every pseudonym starts with.
PSEUDONYM_PREFIX: Final = "P-"

# Free-text fields in which participant ids are replaced, model by model (quotes are not:
# they are withheld, or shared verbatim on purpose). Labels and themes are drawn on
# diagrams, so they are replaced too.
_ELEMENT_TEXT: Final = ("label", "description", "aliases")
_TEXT_FIELDS: Final[Mapping[str, tuple[str, ...]]] = {
    "collection": ("title", "description"),
    "source": ("title", "citation", "notes", "url", "groups"),
    "excerpt": ("codes",),
    "evidence": ("note",),
    "configuration": ("label", "theme", "notes", "rationale"),
    "context": _ELEMENT_TEXT, "outcome": _ELEMENT_TEXT, "intervention": _ELEMENT_TEXT,
    "actor": _ELEMENT_TEXT,
    "mechanism": ("label", "resource", "reasoning", "description", "aliases"),
}
# Fields that are the value itself (what it holds, or what names it), never dropped.
_HELD: Final[Mapping[str, frozenset[str]]] = {
    "collection": frozenset({"theories", "sources", "excerpts", "elements", "configurations"}),
    "configuration": frozenset({"contexts", "mechanism", "outcomes", "interventions",
                                "actors", "evidence"}),
}
_MODELS: Final[Mapping[str, type[BaseModel]]] = {
    "collection": Collection, "source": Source, "excerpt": Excerpt, "evidence": Evidence,
    "configuration": Configuration}


def _droppable() -> tuple[str, ...]:
    """Every optional field (default ``None`` or empty) that is not the value's substance."""
    names = []
    for prefix, model in _MODELS.items():
        held = _HELD.get(prefix, frozenset())
        names += [f"{prefix}.{name}" for name, info in model.model_fields.items()
                  if not info.is_required() and info.default in (None, ()) and name not in held]
    return tuple(sorted(names))


#: The field names :class:`Redaction` can drop, as ``"model.field"``.
DROPPABLE: Final[tuple[str, ...]] = _droppable()

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


@dataclass(frozen=True, kw_only=True)
class Redaction:
    """How to redact a collection before it is shared.

    Args:
        quotes: True keeps the text of excerpts and sources; False (the default) withholds
            it (see :func:`cmo.sharing.privacy.withhold_quotes`).
        pseudonyms: True (the default) replaces each participant id, and every source or
            excerpt id that contains one, by a pseudonym.
        key: the pseudonym key (at least :data:`MIN_KEY_BYTES` bytes, see
            :func:`read_key`); the same key gives the same pseudonyms in every export.
            ``None`` draws a random key for each call of :meth:`redact`.
        drop: fields to leave out, named as in :data:`DROPPABLE` (``"source.site"``).

    Raises:
        InputError: an unknown field name (with the closest known one), a field that
            cannot be dropped, or a key that is too short.

    Example:
        >>> Redaction(drop=["source.site", "excerpt.codes"]).drop
        ('source.site', 'excerpt.codes')
        >>> Redaction(drop=["source.sites"])
        Traceback (most recent call last):
        ...
        cmo.exceptions.InputError: drop: unknown field 'source.sites' (did you mean 'source.site'?)
    """

    quotes: bool = False
    pseudonyms: bool = True
    # Not in the repr: a key must never reach a log or a message.
    key: bytes | None = field(default=None, repr=False)
    drop: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        drop = (self.drop,) if isinstance(self.drop, str) else tuple(self.drop)
        object.__setattr__(self, "drop", tuple(dict.fromkeys(drop)))
        problems = [problem for name in self.drop if (problem := _check_drop(name))]
        if self.key is not None:
            if not isinstance(self.key, bytes | bytearray):
                problems.append(Problem("key", f"must be bytes, not {type(self.key).__name__}",
                                        "read a key file with cmo.sharing.redaction.read_key(path)"))
            elif len(self.key) < MIN_KEY_BYTES:
                problems.append(short_key(len(self.key)))
            else:
                object.__setattr__(self, "key", bytes(self.key))
        if problems:
            raise InputError(problems)

    def redact(self, theory: ProgrammeTheory | Collection) -> Collection:
        """The collection as it may be shared: quotes withheld, pseudonyms, fields dropped.

        Args:
            theory: a programme theory or a collection; it is not changed.

        Returns:
            A new, valid collection. Sources, excerpts and configurations keep their
            number; distinct participants, sites and waves keep theirs unless their field
            is dropped.

        Example:
            >>> from cmo.models import Collection, Source
            >>> interview = Source(id="s1", kind="interview", participant="P07", site="Leeds")
            >>> shared = Redaction(drop=["source.site"]).redact(Collection(sources=[interview]))
            >>> shared.sources[0].site is None, shared.sources[0].participant.startswith("P-")
            (True, True)
        """
        collection = collection_of(theory)
        if not self.quotes:
            collection = withhold_quotes(collection)
        participants = {s.participant for s in collection.sources if s.participant}
        if self.pseudonyms and participants:
            names = pseudonyms(participants, key=self.key or secrets.token_bytes(MIN_KEY_BYTES))
            renamer = _Renamer(names)
        else:
            renamer = _Renamer({})
        return _Rewrite(renamer, frozenset(self.drop)).collection(collection)


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


def _check_drop(name: object) -> Problem | None:
    """What is wrong with a field name given to ``drop``, if anything."""
    if not isinstance(name, str):
        return Problem("drop", f"field names are text, not {type(name).__name__}",
                       "write them as 'source.site'")
    if name in DROPPABLE:
        return None
    prefix, _, field_name = name.partition(".")
    model = _MODELS.get(prefix)
    if name == "excerpt.text":
        return Problem("drop", f"{name!r} cannot be dropped",
                       "quotes are withheld with quotes=False, the default")
    if model is not None and field_name in model.model_fields:
        return Problem("drop", f"{name!r} cannot be dropped",
                       f"every {prefix} needs it; fields that can be dropped: "
                       + ", ".join(n for n in DROPPABLE if n.startswith(prefix + ".")))
    fix = did_you_mean(name, DROPPABLE) or "use one of: " + ", ".join(DROPPABLE)
    return Problem("drop", f"unknown field {name!r}", fix)


class _Renamer:
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


class _Rewrite:
    """One pass over a collection: ids renamed, text replaced, fields dropped."""

    def __init__(self, renamer: _Renamer, drop: frozenset[str]) -> None:
        self.renamer = renamer
        self.drop = drop

    def _update(self, prefix: str, value: BaseModel, update: dict[str, Any]) -> dict[str, Any]:
        """``update`` plus the replaced free text and the dropped fields of ``value``."""
        for name in _TEXT_FIELDS.get(prefix, ()):
            current = update.get(name, getattr(value, name))
            if isinstance(current, str):
                update[name] = self.renamer.text(current)
            elif isinstance(current, tuple):
                update[name] = tuple(dict.fromkeys(map(self.renamer.text, current)))
        for name in self.drop:
            model, _, field_name = name.partition(".")
            if model == prefix:
                update[field_name] = type(value).model_fields[field_name].default
        if prefix == "excerpt" and ({"excerpt.start", "excerpt.end"} & self.drop):
            update["start"] = update["end"] = None  # a span is whole or absent
        if prefix == "excerpt":
            # Who coded what names team members, which nobody outside the team needs.
            update["codings"] = ()
        return update

    def _remade(self, prefix: str, value: Any, **update: Any) -> Any:
        # Validated again, so the result is a collection that could have been read.
        return type(value).model_validate({**value.__dict__, **self._update(prefix, value, update)})

    def collection(self, collection: Collection) -> Collection:
        source_ids = self.renamer.identifiers(source.id for source in collection.sources)
        excerpt_ids = self.renamer.identifiers(excerpt.id for excerpt in collection.excerpts)
        # One table for elements of every kind: a context and an outcome sharing an id (a
        # chain) still share it.
        element_ids = self.renamer.identifiers(element.id for element in collection.elements)
        configuration_ids = self.renamer.identifiers(c.id for c in collection.configurations)
        names = self.renamer.names
        sources = {source.id: self._remade("source", source, id=source_ids[source.id],
                                           participant=names.get(source.participant or "",
                                                                 source.participant))
                   for source in collection.sources}
        excerpts = {excerpt.id: self._remade("excerpt", excerpt, id=excerpt_ids[excerpt.id],
                                             source=sources[excerpt.source.id])
                    for excerpt in collection.excerpts}

        elements = {(element.kind, element.id): self._remade(
            element.kind, element, id=element_ids[element.id]) for element in collection.elements}

        def element(value: Any) -> Any:
            return elements[value.kind, value.id]

        def configuration(value: Configuration) -> Configuration:
            evidence = tuple(self._remade("evidence", item, excerpt=excerpts[item.excerpt.id])
                             for item in value.evidence)
            # Ids of the version it comes from, renamed as that version's are.
            origins = tuple(map(self.renamer.identifier, value.derived_from))
            return self._remade(
                "configuration", value.with_elements(element), id=configuration_ids[value.id],
                derived_from=origins, evidence=evidence)

        return self._remade(
            "collection", collection, sources=tuple(sources.values()),
            excerpts=tuple(excerpts.values()), elements=tuple(elements.values()),
            configurations=tuple(map(configuration, collection.configurations)),
            codebook=self.codebook(collection.codebook))

    def codebook(self, codebook: Codebook) -> Codebook:
        """The codebook with participant ids replaced in its text, as in excerpts' codes
        (a code named after a participant names them), so labels still match."""
        if not codebook.codes and not codebook.sets:
            return codebook
        text = self.renamer.text

        def optional(value: str | None) -> str | None:
            return text(value) if value is not None else None

        return Codebook(
            codes=tuple(code.replaced(name=text(code.name), parent=optional(code.parent),
                                      description=optional(code.description))
                        for code in codebook.codes),
            sets=tuple(code_set.replaced(name=text(code_set.name),
                                         description=optional(code_set.description),
                                         codes=tuple(map(text, code_set.codes)))
                       for code_set in codebook.sets))
