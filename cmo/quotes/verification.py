"""Every excerpt of a theory checked against its source's text, with summaries and fixes.

Example (synthetic text):
    >>> from cmo.models import Collection, Configuration, Evidence, Excerpt, Source
    >>> source = Source(id="p01", kind="interview",
    ...                 text="Synthetic: I trusted her. She knew the services.")
    >>> said = Excerpt(id="q1", source=source, text="She knew the services.")
    >>> invented = Excerpt(id="q2", source=source, text="The bus never came on time.")
    >>> theory = Collection(configurations=[Configuration(
    ...     id="trust", contexts=[{"label": "Referral"}], outcomes=[{"label": "Trust"}],
    ...     evidence=[Evidence(excerpt=said, stance="supports"),
    ...               Evidence(excerpt=invented, stance="supports")])])
    >>> checked = verify(theory)
    >>> [(row["excerpt"], row["status"], row["found_start"]) for row in checked.records()]
    [('q1', 'exact elsewhere', 26), ('q2', 'not found', None)]
    >>> checked.by_source()[0]["not found"], checked.not_found
    (1, ('q2',))
    >>> fixed = checked.fixed()
    >>> [(x.id, x.start, x.end) for x in fixed.excerpts]
    [('q1', 26, 48), ('q2', None, None)]
    >>> verify(fixed).records()[0]["status"]
    'exact at span'
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..models import Collection, Configuration, Excerpt
from ..sharing.privacy import WITHHELD
from ..theory.graph import ProgrammeTheory, collection_of
from ..theory.records import Records
from .matching import STATUSES, Match, Status, difference, match_quote
from .texts import source_texts

__all__ = ["Checked", "Verification", "verify"]


@dataclass(frozen=True, slots=True)
class Checked:
    """One excerpt, what was found of it, and the configurations that cite it."""

    excerpt: Excerpt
    match: Match
    configurations: tuple[str, ...]


@dataclass(frozen=True)
class Verification:
    """The excerpts of a collection checked against their sources' texts, in its order."""

    collection: Collection
    checked: tuple[Checked, ...]
    _by_id: dict[str, Checked] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {item.excerpt.id: item for item in self.checked})

    def status(self, excerpt_id: str) -> Status:
        """What was found of one excerpt (``KeyError`` if the collection has no such excerpt)."""
        return self._by_id[excerpt_id].match.status

    @property
    def unverified(self) -> frozenset[str]:
        """The ids of the excerpts not found word for word (near, not found, or no text)."""
        return frozenset(item.excerpt.id for item in self.checked if not item.match.is_verbatim)

    @property
    def not_found(self) -> tuple[str, ...]:
        """The ids of the excerpts whose source has text but does not hold them."""
        return tuple(item.excerpt.id for item in self.checked if item.match.status == "not found")

    def records(self, *, quotes: bool = False) -> Records:
        """One row per excerpt: its id, source, the configurations citing it, the status,
        the score, the span it gives and the span found, and how often it is found verbatim.

        With ``quotes=True``, the quote, the passage found and their word difference too
        (for the team's eyes: they are the source's words).
        """
        rows = Records()
        for item in self.checked:
            excerpt, match = item.excerpt, item.match
            found_start, found_end = match.span if match.span else (None, None)
            row: dict[str, Any] = {
                "excerpt": excerpt.id, "source": excerpt.source.id,
                "configurations": ", ".join(item.configurations), "status": match.status,
                "score": match.score, "start": excerpt.start, "end": excerpt.end,
                "found_start": found_start, "found_end": found_end,
                "occurrences": len(match.occurrences)}
            if quotes:
                row["quote"] = excerpt.text
                row["found"] = match.found
                row["difference"] = (difference(excerpt.text, match.found)
                                     if match.status == "near" and match.found else None)
            rows.append(row)
        return rows

    def by_source(self) -> Records:
        """How many excerpts of each source have each status."""
        return _summary("source", ((item.excerpt.source.id, item) for item in self.checked))

    def by_configuration(self) -> Records:
        """How many excerpts each configuration cites with each status (configurations
        citing none are left out)."""
        return _summary("configuration", ((configuration, item) for item in self.checked
                                          for configuration in item.configurations))

    def fixed(self) -> Collection:
        """The collection with the span of each excerpt found verbatim once elsewhere set to
        where it is (excerpts found several times, or not verbatim, are left as they are)."""
        spans = {item.excerpt.id: item.match.span for item in self.checked
                 if item.match.status == "exact elsewhere" and len(item.match.occurrences) == 1}
        if not spans:
            return self.collection
        excerpts = {excerpt.id: excerpt.model_copy(update=dict(zip(
            ("start", "end"), spans[excerpt.id], strict=True))) if excerpt.id in spans
            else excerpt for excerpt in self.collection.excerpts}

        def cited(configuration: Configuration) -> Configuration:
            evidence = tuple(item.model_copy(update={"excerpt": excerpts[item.excerpt.id]})
                             for item in configuration.evidence)
            return configuration.model_copy(update={"evidence": evidence})

        return self.collection.model_copy(update={
            "excerpts": tuple(excerpts.values()),
            "configurations": tuple(cited(c) for c in self.collection.configurations)})


def verify(theory: ProgrammeTheory | Collection, sources: str | Path | None = None
           ) -> Verification:
    """Check every excerpt of ``theory`` against its source's text.

    Args:
        theory: a programme theory or a collection (an imported extraction table too:
            each row's document is a source, each quote an excerpt).
        sources: a folder of text files named by source id or title, for the sources whose
            text the theory does not hold (see :mod:`cmo.quotes.texts`).

    A quote or source text withheld for sharing (:data:`cmo.sharing.privacy.WITHHELD`) has
    nothing to check: the quote is "no text", like one whose source has no text.

    Raises:
        InputError: ``sources`` is not a folder, or one of its files cannot be read.
    """
    collection = collection_of(theory)
    texts = source_texts(collection, sources)
    citing: dict[str, list[str]] = {}
    for configuration in collection.configurations:
        for item in configuration.evidence:
            ids = citing.setdefault(item.excerpt.id, [])
            if configuration.id not in ids:
                ids.append(configuration.id)
    checked = []
    for excerpt in collection.excerpts:
        text = texts.get(excerpt.source.id)
        withheld = WITHHELD in (text, excerpt.text)
        match = (Match("no text") if text is None or withheld else
                 match_quote(excerpt.text, text, start=excerpt.start, end=excerpt.end))
        checked.append(Checked(excerpt, match, tuple(sorted(citing.get(excerpt.id, ())))))
    return Verification(collection, tuple(checked))


def _summary(key: str, items: Iterable[tuple[str, Checked]]) -> Records:
    counts: dict[str, Counter[str]] = {}
    for name, item in items:
        counts.setdefault(name, Counter())[item.match.status] += 1
    return Records({key: name, "excerpts": sum(counter.values()),
                    **{status: counter[status] for status in STATUSES}}
                   for name, counter in sorted(counts.items()))
