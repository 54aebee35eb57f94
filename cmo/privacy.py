"""Leaving confidential evidence text out of what is shared.

Interview quotes are often confidential. Every writer of data can leave them out: the
excerpt keeps its id, source and place (span, page, line, timestamp), so the team that
holds the transcripts can put the text back, but the text itself is replaced.

Example:
    >>> from cmo.models import Collection, Excerpt, Source
    >>> private = Excerpt(id="q1", source=Source(id="p01", kind="interview"), text="My words")
    >>> withhold_quotes(Collection(excerpts=[private])).excerpts[0].text
    '[quote withheld]'
"""

from __future__ import annotations

from typing import Final

from .models import Collection, Configuration, Excerpt

__all__ = ["WITHHELD", "withhold_quotes"]

#: What an excerpt's text becomes when quotes are withheld.
WITHHELD: Final = "[quote withheld]"


def withhold_quotes(collection: Collection) -> Collection:
    """The same collection with the text of every excerpt and source replaced by :data:`WITHHELD`."""
    sources = {source.id: source.model_copy(update={"text": WITHHELD})
               if source.text is not None else source for source in collection.sources}
    replaced: dict[str, Excerpt] = {
        excerpt.id: excerpt.model_copy(update={"text": WITHHELD,
                                               "source": sources[excerpt.source.id]})
        for excerpt in collection.excerpts
    }

    def without_text(configuration: Configuration) -> Configuration:
        evidence = tuple(item.model_copy(update={"excerpt": replaced[item.excerpt.id]})
                         for item in configuration.evidence)
        return configuration.model_copy(update={"evidence": evidence})

    return collection.model_copy(update={
        "sources": tuple(sources.values()),
        "excerpts": tuple(replaced.values()),
        "configurations": tuple(without_text(c) for c in collection.configurations),
    })
