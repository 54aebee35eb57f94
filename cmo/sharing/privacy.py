"""Leaving confidential evidence text out of what is shared, and putting it back.

Interview quotes are often confidential. Every writer of data can leave them out: the
excerpt keeps its id, source and place (span, page, line, timestamp), so the team that
holds the transcripts can put the text back, but the text itself is replaced. A source's
whole text, when it is kept, is withheld the same way.

Example:
    >>> from cmo.models import Collection, Excerpt, Source
    >>> private = Excerpt(id="q1", source=Source(id="p01", kind="interview"), text="My words")
    >>> shared = withhold_quotes(Collection(excerpts=[private]))
    >>> shared.excerpts[0].text
    '[quote withheld]'
    >>> restore_text(shared, excerpts={"q1": "My words"}, sources={}).excerpts[0].text
    'My words'
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from ..models import Collection, Configuration, Excerpt, Source

__all__ = ["WITHHELD", "restore_text", "withhold_quotes"]

#: What an excerpt's text becomes when quotes are withheld.
WITHHELD: Final = "[quote withheld]"


def withhold_quotes(collection: Collection) -> Collection:
    """The same collection with the text of every excerpt and source replaced by :data:`WITHHELD`."""
    return _with_texts(collection, lambda excerpt: WITHHELD,
                       lambda source: WITHHELD if source.text is not None else None)


def restore_text(collection: Collection, *, excerpts: dict[str, str],
                 sources: dict[str, str]) -> Collection:
    """Put the text back, by excerpt and source id: the inverse of :func:`withhold_quotes`."""
    return _with_texts(collection, lambda excerpt: excerpts.get(excerpt.id, excerpt.text),
                       lambda source: sources.get(source.id, source.text))


def _with_texts(collection: Collection, excerpt_text: Callable[[Excerpt], str],
                source_text: Callable[[Source], str | None]) -> Collection:
    """The collection with each excerpt's and source's text replaced, everywhere it is held."""
    sources = {source.id: source.model_copy(update={"text": source_text(source)})
               for source in collection.sources}
    excerpts = {excerpt.id: excerpt.model_copy(update={
        "text": excerpt_text(excerpt), "source": sources[excerpt.source.id]})
        for excerpt in collection.excerpts}

    def with_excerpts(configuration: Configuration) -> Configuration:
        evidence = tuple(item.model_copy(update={"excerpt": excerpts[item.excerpt.id]})
                         for item in configuration.evidence)
        return configuration.model_copy(update={"evidence": evidence})

    return collection.model_copy(update={
        "sources": tuple(sources.values()),
        "excerpts": tuple(excerpts.values()),
        "configurations": tuple(with_excerpts(c) for c in collection.configurations),
    })
