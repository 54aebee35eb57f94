"""Appraisal in reports: how each piece of evidence is judged, how much of a configuration's
evidence stands at each level of rigour, and the documents a review included.

The counts come from :func:`cmo.theory.appraisal.appraisal_profile` (an excerpt's own
judgement over its source's); this module only words them. A report shows them only when
something in the theory is judged.

Example (synthetic):
    >>> from cmo.models import Excerpt, Source
    >>> paper = Source(id="p1", kind="publication", appraisal={"rigour": "moderate"})
    >>> judgement_text(Excerpt(id="q1", source=paper, text="Synthetic.",
    ...                        appraisal={"relevance": "high"}))
    'relevance high, rigour moderate'
    >>> profile_text({"high": 2, "moderate": 0, "low": 1, "not_judged": 1})
    '2 high, 1 low, 1 not judged'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from .._helpers.wording import counted
from ..models import Configuration, Excerpt, Source, appraisal_of
from ..models.appraisal import APPRAISAL_DIMENSIONS, judgement_on
from ..theory.appraisal import NOT_JUDGED, appraisal_profile
from ..theory.graph import ProgrammeTheory

__all__ = ["DOCUMENT_KINDS", "Document", "appraisal_summary", "documents", "is_appraised",
           "judgement_text", "profile_text", "rigour_profile"]

#: The kinds of source a realist review includes as documents.
DOCUMENT_KINDS: Final = ("publication", "document")


def is_appraised(theory: ProgrammeTheory) -> bool:
    """Whether any source or excerpt of the theory is judged (else reports say nothing of it)."""
    collection = theory.collection
    return any(value.appraisal is not None
               for value in (*collection.sources, *collection.excerpts))


def judgement_text(excerpt: Excerpt) -> str:
    """How an excerpt is judged, its own judgement over its source's: ``"rigour high"``."""
    appraisal = appraisal_of(excerpt)
    if appraisal is None:
        return ""
    return ", ".join(f"{dimension} {judgement.level}"
                     for dimension, judgement in appraisal.judgements())


def rigour_profile(theory: ProgrammeTheory, configuration: Configuration) -> dict[str, int]:
    """How many pieces of a configuration's evidence stand at each level of rigour, highest
    first, then ``not_judged``."""
    return appraisal_profile(configuration, theory.collection.appraisal_scales, "rigour").counts


def profile_text(counts: dict[str, int]) -> str:
    """A profile in words, levels with no evidence left out: ``"2 high, 1 not judged"``."""
    return ", ".join(f"{count} {'not judged' if level == NOT_JUDGED else level}"
                     for level, count in counts.items() if count) or "no evidence"


def appraisal_summary(theory: ProgrammeTheory) -> str:
    """What was judged, in a sentence or two: sources and excerpts judged on each dimension,
    and the rigour of all the evidence (each piece of evidence counted once per
    configuration it is linked to)."""
    collection = theory.collection
    sources, excerpts = collection.sources, collection.excerpts
    judged = []
    for dimension in APPRAISAL_DIMENSIONS:
        levels = [_level(source, dimension) for source in sources]
        given = [level for level in levels if level is not None]
        if given:
            by_level = profile_text({level: given.count(level) for level in
                                     collection.appraisal_scales.levels(dimension)})
            judged.append(f"{dimension}: {by_level}")
    own = sum(excerpt.appraisal is not None for excerpt in excerpts)
    judged_sources = sum(source.appraisal is not None for source in sources)
    text = (f"{judged_sources} of {counted(len(sources), 'source')} judged"
            + (f" ({'; '.join(judged)})" if judged else "") + "; "
            f"{own} of {counted(len(excerpts), 'excerpt')} judged on their own.")
    totals: dict[str, int] = {}
    for configuration in theory.configurations:
        for level, count in rigour_profile(theory, configuration).items():
            totals[level] = totals.get(level, 0) + count
    pieces = sum(totals.values())
    if pieces:
        text += (f" Rigour of the {counted(pieces, 'piece')} of evidence linked to "
                 f"configurations: {profile_text(totals)}.")
    return text


def _level(source: Source, dimension: str) -> str | None:
    judgement = judgement_on(source, dimension)
    return judgement.level if judgement is not None else None


@dataclass(frozen=True, slots=True)
class Document:
    """A document a review included: the source, and the configurations it informs."""

    source: Source
    #: The display numbers of the configurations its excerpts are evidence for, in order.
    configurations: tuple[int, ...]

    @property
    def name(self) -> str:
        """How the report names it: its citation, else its title, else its id."""
        return self.source.citation or self.source.title or self.source.id

    def judgement(self, dimension: str) -> str:
        """Its level on a dimension, with why when given: ``"high: Abstract only"``."""
        judgement = judgement_on(self.source, dimension)
        if judgement is None:
            return ""
        why = f": {judgement.justification}" if judgement.justification else ""
        return f"{judgement.level}{why}"


def documents(theory: ProgrammeTheory, numbers: dict[str, int]) -> tuple[Document, ...]:
    """The sources of kind publication or document, in the collection's order, each with
    the numbers of the configurations it informs (``numbers``: display number by id)."""
    informed: dict[str, set[int]] = {}
    for configuration in theory.configurations:
        for evidence in configuration.evidence:
            informed.setdefault(evidence.excerpt.source.id, set()).add(numbers[configuration.id])
    return tuple(Document(source, tuple(sorted(informed.get(source.id, ()))))
                 for source in theory.collection.sources if source.kind in DOCUMENT_KINDS)
