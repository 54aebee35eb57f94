"""The appraisal scales of merged theories: which inputs declare one, and where they differ.

A collection that judges nothing and keeps the default scales (high / moderate / low) has
said nothing about scales: a coder's file without appraisal does not disagree with a
project that declares its own. The strict merge (:func:`cmo.theory.merge_strict.merge_strict`)
refuses files whose declared scales differ; the reporting merge
(:func:`cmo.theory.merge.merge`) keeps the first input's scales, reports the difference
and adds the other inputs' levels below the first's, so that every judgement it keeps is
still on its scale.

Example:
    >>> from cmo.models import AppraisalScales, Collection
    >>> own = Collection(appraisal_scales=AppraisalScales(rigour=["strong", "weak"]))
    >>> declares_scales(Collection()), declares_scales(own)
    (False, True)
    >>> differing_dimensions(Collection().appraisal_scales, own.appraisal_scales)
    ('rigour',)
    >>> widened(own.appraisal_scales, AppraisalScales()).rigour
    ('strong', 'weak', 'high', 'moderate', 'low')
"""

from __future__ import annotations

from collections.abc import Sequence

from ..models import AppraisalScales, Collection
from ..models.appraisal import APPRAISAL_DIMENSIONS

__all__ = ["declares_scales", "describe_scales", "differing_dimensions", "first_declared",
           "widened"]

_DEFAULT = AppraisalScales()


def declares_scales(collection: Collection) -> bool:
    """Whether a collection says anything about scales: its own levels, or judgements."""
    return collection.appraisal_scales != _DEFAULT or any(
        value.appraisal is not None for value in (*collection.sources, *collection.excerpts))


def first_declared(collections: Sequence[Collection]) -> int | None:
    """The index of the first collection that declares scales, if any."""
    return next((index for index, collection in enumerate(collections)
                 if declares_scales(collection)), None)


def differing_dimensions(first: AppraisalScales, other: AppraisalScales) -> tuple[str, ...]:
    """The dimensions whose levels (or their order) differ between two scales."""
    return tuple(dimension for dimension in APPRAISAL_DIMENSIONS
                 if first.levels(dimension) != other.levels(dimension))


def describe_scales(scales: AppraisalScales, dimensions: Sequence[str]) -> str:
    """The levels of some dimensions, highest first: ``rigour: high, moderate, low``."""
    return "; ".join(f"{dimension}: {', '.join(scales.levels(dimension))}"
                     for dimension in dimensions)


def widened(first: AppraisalScales, other: AppraisalScales) -> AppraisalScales:
    """``first``'s scales, with ``other``'s levels that it lacks added below its own."""
    return first.replaced(**{
        dimension: tuple(dict.fromkeys((*first.levels(dimension), *other.levels(dimension))))
        for dimension in APPRAISAL_DIMENSIONS})
