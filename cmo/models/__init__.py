"""The values a realist researcher writes down: sources, excerpts, evidence, elements, CMOCs.

Every model is an immutable pydantic value. A configuration holds its elements and its
evidence themselves (not their ids), so ``configuration.mechanism.reasoning`` and
``evidence.excerpt.source.site`` just work. A :class:`Collection` is what one file holds;
it always contains every source, excerpt and element its configurations use.

Example:
    >>> trust = Context(label="Patient trusts the link worker")
    >>> trust.id
    'c-patient-trusts-the-link-worker'
    >>> hope = Configuration(
    ...     id="hope",
    ...     contexts=[trust],
    ...     mechanism=Mechanism(resource="Link worker listens", reasoning="Patient feels hope"),
    ...     outcomes=[Outcome(label="Patient engages with support")],
    ... )
    >>> print(hope.sentence)
    If Patient trusts the link worker, then Patient engages with support, because Link worker listens → Patient feels hope.
    >>> hope.shape, hope.is_partial
    ('C-M-O', False)
"""

from __future__ import annotations

from .appraisal import Appraisal, AppraisalScales, Judgement, appraisal_of
from .codebook import Code, Codebook, CodeSet
from .collection import Collection
from .configuration import Configuration
from .elements import (
    Actor,
    AnyElement,
    Context,
    Element,
    ElementByKind,
    Intervention,
    Mechanism,
    MiddleRangeTheory,
    Outcome,
)
from .evidence import Coding, Evidence, Excerpt, Source
from .retroduction import AlternativeMechanism, InferenceStep, Retroduction

__all__ = [
    "Actor",
    "AlternativeMechanism",
    "AnyElement",
    "Appraisal",
    "AppraisalScales",
    "Code",
    "CodeSet",
    "Codebook",
    "Coding",
    "Collection",
    "Configuration",
    "Context",
    "Element",
    "ElementByKind",
    "Evidence",
    "Excerpt",
    "InferenceStep",
    "Intervention",
    "Judgement",
    "Mechanism",
    "MiddleRangeTheory",
    "Outcome",
    "Retroduction",
    "Source",
    "appraisal_of",
]
