"""Judgements of a source or an excerpt: its relevance, rigour and richness.

Realist reviews judge each piece of evidence for *relevance* (does it speak to the
theory?) and *rigour* (is it trustworthy?), and sometimes *richness* (does it say enough
about context and mechanism to explain?). Each judgement is a level of a scale the project
declares once (:class:`AppraisalScales`, ``high / moderate / low`` unless told otherwise),
with a short justification and who judged.

A source is judged once (a paper's rigour); an excerpt may be judged too (a passage's
relevance), and what it does not judge it takes from its source (:func:`appraisal_of`).

Example:
    >>> paper = Appraisal(relevance="high", rigour={"level": "moderate",
    ...     "justification": "Abstract only; methods reported in outline", "judged_by": "AT"})
    >>> paper.rigour.level
    'moderate'
    >>> AppraisalScales().at_least("rigour", "high", "moderate")
    True
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Final, Literal, get_args

from pydantic import Field, model_validator

from ._base import Value
from .types import Label, Text

__all__ = [
    "APPRAISAL_DIMENSIONS",
    "DEFAULT_LEVELS",
    "Appraisal",
    "AppraisalDimension",
    "AppraisalScales",
    "Judgement",
    "appraisal_of",
    "judgement_on",
]

AppraisalDimension = Literal["relevance", "rigour", "richness"]
APPRAISAL_DIMENSIONS: Final[tuple[str, ...]] = get_args(AppraisalDimension)
#: The levels of each scale unless a project declares its own, highest first.
DEFAULT_LEVELS: Final[tuple[str, ...]] = ("high", "moderate", "low")


class Judgement(Value):
    """One judgement: a level of its scale, why, and who judged.

    Written as the level alone (``rigour: high``) when there is nothing more to say.

    Example:
        >>> Judgement.model_validate("high")
        Judgement(level='high')
    """

    level: Label = Field(description="A level of the declared scale, e.g. 'high'.")
    justification: Text | None = Field(None, description="Why this level, in a sentence.")
    judged_by: Label | None = Field(None, description="Who judged (a team member).")

    @model_validator(mode="before")
    @classmethod
    def _level_alone(cls, data: Any) -> Any:
        return {"level": data} if isinstance(data, str) else data


class Appraisal(Value):
    """The judgements of one source or excerpt; each is optional."""

    relevance: Judgement | None = Field(
        None, description="How far it speaks to the programme theory.")
    rigour: Judgement | None = Field(
        None, description="How trustworthy it is: the methods behind it, their reporting.")
    richness: Judgement | None = Field(
        None, description="How much it says of contexts and mechanisms (conceptual richness).")

    @model_validator(mode="after")
    def _judges_something(self) -> Appraisal:
        if self.relevance is None and self.rigour is None and self.richness is None:
            raise ValueError("an appraisal judges at least one of relevance, rigour and "
                             "richness (leave 'appraisal' out when nothing is judged)")
        return self

    def judgements(self) -> Iterator[tuple[str, Judgement]]:
        """Each dimension that is judged, with its judgement, in the order of the dimensions."""
        for dimension in APPRAISAL_DIMENSIONS:
            judgement = getattr(self, dimension)
            if judgement is not None:
                yield dimension, judgement

    def over(self, fallback: Appraisal | None) -> Appraisal:
        """This appraisal, with ``fallback``'s judgement where this one has none."""
        if fallback is None:
            return self
        return self.replaced(**{dimension: getattr(self, dimension) or getattr(fallback, dimension)
                                for dimension in APPRAISAL_DIMENSIONS})


def _levels(dimension: str) -> Any:
    return Field(DEFAULT_LEVELS, min_length=1,
                 description=f"The levels of {dimension}, highest first.")


class AppraisalScales(Value):
    """The scale of each dimension, declared once per project: its levels, highest first.

    Example:
        >>> scales = AppraisalScales(rigour=["strong", "adequate", "weak"])
        >>> scales.rank("rigour", "weak"), scales.at_least("rigour", "weak", "adequate")
        (2, False)
    """

    relevance: tuple[Label, ...] = _levels("relevance")
    rigour: tuple[Label, ...] = _levels("rigour")
    richness: tuple[Label, ...] = _levels("richness")

    @model_validator(mode="after")
    def _levels_differ(self) -> AppraisalScales:
        for dimension in APPRAISAL_DIMENSIONS:
            levels = getattr(self, dimension)
            if len(set(levels)) != len(levels):
                raise ValueError(f"the {dimension} scale names a level twice: {list(levels)}")
        return self

    def levels(self, dimension: str) -> tuple[str, ...]:
        """The levels of a dimension's scale, highest first."""
        return getattr(self, _known(dimension))  # type: ignore[no-any-return]

    def rank(self, dimension: str, level: str) -> int:
        """Where a level stands on its scale: 0 for the highest.

        Raises:
            ValueError: the level is not on the scale (the message lists the levels).
        """
        levels = self.levels(dimension)
        if level not in levels:
            raise ValueError(f"{level!r} is not a level of the {dimension} scale "
                             f"({', '.join(levels)})")
        return levels.index(level)

    def at_least(self, dimension: str, level: str, minimum: str) -> bool:
        """Whether ``level`` is ``minimum`` or above on the dimension's scale."""
        return self.rank(dimension, level) <= self.rank(dimension, minimum)

    def off_scale(self, appraisal: Appraisal) -> list[str]:
        """What in ``appraisal`` is not on these scales, one sentence each."""
        return [f"{dimension} {judgement.level!r} is not on the {dimension} scale "
                f"({', '.join(self.levels(dimension))})"
                for dimension, judgement in appraisal.judgements()
                if judgement.level not in self.levels(dimension)]


def appraisal_of(excerpt: Any) -> Appraisal | None:
    """What an excerpt is judged: its own judgements, and its source's where it has none.

    Example:
        >>> from cmo.models import Excerpt, Source
        >>> paper = Source(id="p", kind="publication", appraisal={"rigour": "high"})
        >>> quote = Excerpt(id="q", source=paper, text="Synthetic", appraisal={"relevance": "low"})
        >>> judged = appraisal_of(quote)
        >>> judged.relevance.level, judged.rigour.level
        ('low', 'high')
    """
    own, inherited = excerpt.appraisal, excerpt.source.appraisal
    if own is None:
        return inherited  # type: ignore[no-any-return]
    return own.over(inherited)  # type: ignore[no-any-return]


def judgement_on(value: Any, dimension: str) -> Judgement | None:
    """How a source or an excerpt is itself judged on one dimension (None: not judged).

    Example:
        >>> from cmo.models import Source
        >>> judgement_on(Source(id="p", kind="publication", appraisal={"rigour": "low"}), "rigour")
        Judgement(level='low')
    """
    appraisal = value.appraisal
    return None if appraisal is None else getattr(appraisal, dimension)  # type: ignore[no-any-return]


def _known(dimension: str) -> str:
    if dimension not in APPRAISAL_DIMENSIONS:
        raise ValueError(f"no appraisal dimension {dimension!r} "
                         f"(use one of: {', '.join(APPRAISAL_DIMENSIONS)})")
    return dimension
