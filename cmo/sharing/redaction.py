"""Redacting a collection for sharing: quotes withheld, participants pseudonymised, fields dropped.

A :class:`Redaction` is applied before any export, report or diagram is written. It
withholds the text of quotes and sources (as :func:`cmo.sharing.privacy.withhold_quotes` does),
replaces each participant id by a stable pseudonym such as ``P-3f9a1c07b2``, and drops
the fields the team names (``source.site``, ``excerpt.codes``...). What it keeps is
counted as before: each configuration keeps its number of excerpts, sources and distinct
participants, since pseudonyms are one-to-one.

Pseudonyms are HMAC-SHA256 of the participant id under a key (see
:mod:`cmo.sharing.pseudonyms`). With the same key the same
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

import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

from pydantic import BaseModel

from .._helpers.labels import did_you_mean
from ..exceptions import InputError, Problem
from ..models import (
    AlternativeMechanism,
    Collection,
    Configuration,
    Evidence,
    Excerpt,
    InferenceStep,
    Judgement,
    Source,
)
from ..theory.graph import ProgrammeTheory, collection_of
from .keys import MIN_KEY_BYTES, short_key
from .privacy import withhold_quotes
from .pseudonyms import ParticipantRenamer, pseudonyms
from .rewrite import CollectionRewrite

__all__ = ["DROPPABLE", "Redaction"]

# Fields that are the value itself (what it holds, or what names it), never dropped.
_HELD: Final[Mapping[str, frozenset[str]]] = {
    "collection": frozenset({"theories", "sources", "excerpts", "elements", "configurations"}),
    "configuration": frozenset({"contexts", "mechanism", "outcomes", "interventions",
                                "actors", "evidence"}),
}
_MODELS: Final[Mapping[str, type[BaseModel]]] = {
    "collection": Collection, "source": Source, "excerpt": Excerpt, "evidence": Evidence,
    "configuration": Configuration, "judgement": Judgement, "inference_step": InferenceStep,
    "alternative_mechanism": AlternativeMechanism}


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
            renamer = ParticipantRenamer(names)
        else:
            renamer = ParticipantRenamer({})
        return CollectionRewrite(renamer, frozenset(self.drop)).collection(collection)


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
