"""How the evidence behind a configuration is judged: profiles, filters and weights.

Every piece of evidence is judged on each dimension (relevance, rigour, richness) by its
excerpt's own judgement, else by its source's (:func:`cmo.models.appraisal_of`), or not at
all. From that:

- :func:`appraisal_profile`: how much of a configuration's evidence stands at each level of a
  dimension's scale (highest first), and how much nobody judged, overall and by stance;
- :func:`evidence_filter`: a test that keeps only evidence at or above minimum levels
  (``min_rigour="moderate"``), which the support counts of :mod:`cmo.theory.support` take;
- :func:`weighted_support`: evidence by stance, each piece weighted by its level.

Nothing here reads excerpt text.

Example:
    >>> from cmo.models import AppraisalScales, Configuration, Evidence, Excerpt, Source
    >>> paper = Source(id="paper", kind="publication", appraisal={"rigour": "moderate"})
    >>> quotes = [Excerpt(id="q1", source=paper, text="Synthetic quote 1"),
    ...           Excerpt(id="q2", source=paper, text="Synthetic quote 2",
    ...                   appraisal={"rigour": "high"})]
    >>> configuration = Configuration(id="c1", contexts=[{"label": "Trust"}],
    ...     outcomes=[{"label": "Hope"}], evidence=[Evidence(excerpt=q, stance="supports") for q in quotes])
    >>> appraisal_profile(configuration, AppraisalScales()).counts
    {'high': 1, 'moderate': 1, 'low': 0, 'not_judged': 0}
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final, TypedDict

from ..exceptions import CmoWarning, InputError, Problem
from ..models import AppraisalScales, Collection, Configuration, Evidence, Excerpt
from ..models.appraisal import APPRAISAL_DIMENSIONS, judgement_on
from ..models.types import STANCES

__all__ = [
    "NOT_JUDGED",
    "AppraisalProfile",
    "Minimums",
    "WeightedSupport",
    "appraisal_profile",
    "appraisal_rows",
    "default_weights",
    "evidence_filter",
    "kept_by",
    "level_of",
    "warn_if_nobody_judged",
    "weighted_support",
]

#: The count of evidence that nobody judged on the dimension (after the scale's levels).
NOT_JUDGED: Final = "not_judged"

#: A test of one piece of evidence: whether it counts.
Keep = Callable[[Evidence], bool]


class Minimums(TypedDict, total=False):
    """The lowest level that counts on each dimension (keywords of the support queries)."""

    min_relevance: str | None
    min_rigour: str | None
    min_richness: str | None


def level_of(excerpt: Excerpt, dimension: str) -> str | None:
    """The level an excerpt is judged on a dimension: its own, else its source's, else None.

    The rule of :func:`cmo.models.appraisal_of`, for one dimension, without building the
    appraisal it merges (this runs for every piece of evidence of every table).

    Example:
        >>> from cmo.models import Excerpt, Source
        >>> paper = Source(id="p", kind="publication", appraisal={"rigour": "low"})
        >>> level_of(Excerpt(id="q", source=paper, text="Synthetic"), "rigour")
        'low'
    """
    for judged in (excerpt, excerpt.source):
        judgement = judgement_on(judged, dimension)
        if judgement is not None:
            return judgement.level  # type: ignore[no-any-return]
    return None


@dataclass(frozen=True, slots=True)
class AppraisalProfile:
    """How the evidence of one configuration is judged on one dimension.

    ``counts`` maps each level of the scale, highest first, then :data:`NOT_JUDGED`, to the
    pieces of evidence at that level; ``by_stance`` does the same for each stance
    (supports, refutes, refines).
    """

    configuration: str
    dimension: str
    counts: dict[str, int]
    by_stance: dict[str, dict[str, int]]

    @property
    def judged(self) -> int:
        """Pieces of evidence judged on the dimension, whatever their level."""
        return sum(self.counts.values()) - self.counts[NOT_JUDGED]


def appraisal_profile(configuration: Configuration, scales: AppraisalScales,
                      dimension: str = "rigour", *, keep: Keep | None = None) -> AppraisalProfile:
    """How much of a configuration's evidence stands at each level of a dimension's scale.

    Args:
        configuration: any configuration; one without evidence gets zeros.
        scales: the project's scales (``theory.collection.appraisal_scales``).
        dimension: ``"relevance"``, ``"rigour"`` (the default) or ``"richness"``.
        keep: which evidence counts (all of it unless told), e.g. :func:`evidence_filter`.

    Returns:
        Its :class:`AppraisalProfile`.

    Raises:
        InputError: an unknown dimension, or evidence judged at a level not on the scale.

    Example:
        >>> from cmo.models import AppraisalScales, Configuration, Evidence, Excerpt, Source
        >>> judged = Source(id="judged", kind="interview", appraisal={"relevance": "low"})
        >>> unjudged = Source(id="unjudged", kind="interview")
        >>> configuration = Configuration(id="c1", contexts=[{"label": "Trust"}],
        ...     outcomes=[{"label": "Hope"}], evidence=[
        ...     Evidence(excerpt=Excerpt(id="q1", source=judged, text="Synthetic 1"), stance="supports"),
        ...     Evidence(excerpt=Excerpt(id="q2", source=unjudged, text="Synthetic 2"),
        ...              stance="refutes")])
        >>> profile = appraisal_profile(configuration, AppraisalScales(), "relevance")
        >>> profile.counts, profile.by_stance["refutes"]
        ({'high': 0, 'moderate': 0, 'low': 1, 'not_judged': 1}, {'high': 0, 'moderate': 0, 'low': 0, 'not_judged': 1})
    """
    levels = _levels(scales, dimension)
    by_stance = {stance: dict.fromkeys((*levels, NOT_JUDGED), 0) for stance in STANCES}
    problems = []
    for item in configuration.evidence:
        if keep is not None and not keep(item):
            continue
        level = level_of(item.excerpt, dimension) or NOT_JUDGED
        if level not in by_stance[item.stance]:
            problems.append(Problem(
                f"configuration {configuration.id!r}, excerpt {item.excerpt.id!r}",
                f"{dimension} {level!r} is not on the {dimension} scale",
                f"use one of: {', '.join(levels)}"))
            continue
        by_stance[item.stance][level] += 1
    if problems:
        raise InputError(problems)
    counts = {level: sum(row[level] for row in by_stance.values()) for level in (*levels, NOT_JUDGED)}
    return AppraisalProfile(configuration.id, dimension, counts, by_stance)


def appraisal_rows(configurations: Iterable[Configuration], scales: AppraisalScales,
                   dimension: str = "rigour", *, by_stance: bool = False,
                   keep: Keep | None = None) -> list[dict[str, Any]]:
    """Appraisal profiles as rows of plain ``dict`` (e.g. for ``pandas.DataFrame``).

    Args:
        configurations: the configurations, in the order the rows should follow.
        scales: the project's scales.
        dimension: the dimension profiled.
        by_stance: one row per configuration and stance (with a ``stance`` column) rather
            than one per configuration.
        keep: which evidence counts (all of it unless told).

    Returns:
        Rows of ``configuration``, ``theme``, (``stance``), then the count at each level,
        highest first, and ``not_judged``.

    Example:
        >>> from cmo.models import AppraisalScales, Configuration
        >>> appraisal_rows([Configuration(id="c1", contexts=[{"label": "Trust"}],
        ...     outcomes=[{"label": "Hope"}])], AppraisalScales(rigour=["strong", "weak"]))
        [{'configuration': 'c1', 'theme': None, 'strong': 0, 'weak': 0, 'not_judged': 0}]
    """
    rows = []
    for configuration in configurations:
        profile = appraisal_profile(configuration, scales, dimension, keep=keep)
        key = {"configuration": configuration.id, "theme": configuration.theme}
        if by_stance:
            rows += [{**key, "stance": stance, **counts}
                     for stance, counts in profile.by_stance.items()]
        else:
            rows.append({**key, **profile.counts})
    return rows


def evidence_filter(scales: AppraisalScales, *, min_relevance: str | None = None,
                    min_rigour: str | None = None, min_richness: str | None = None
                    ) -> Keep | None:
    """A test that keeps evidence judged at or above each minimum given.

    Evidence not judged on a dimension that has a minimum is left out: nothing says it
    reaches the level.

    Args:
        scales: the project's scales.
        min_relevance, min_rigour, min_richness: the lowest level that counts on each
            dimension (None: any, judged or not).

    Returns:
        The test, or None when no minimum is given (every piece of evidence counts).

    Raises:
        InputError: a level not on its dimension's scale (every such level, each with the
            scale's levels).

    Example:
        >>> from cmo.models import AppraisalScales, Evidence, Excerpt, Source
        >>> paper = Source(id="p", kind="publication", appraisal={"rigour": "moderate"})
        >>> evidence = Evidence(excerpt=Excerpt(id="q", source=paper, text="Synthetic"),
        ...                     stance="supports")
        >>> evidence_filter(AppraisalScales(), min_rigour="moderate")(evidence)
        True
        >>> evidence_filter(AppraisalScales(), min_rigour="high")(evidence)
        False
        >>> evidence_filter(AppraisalScales(), min_rigour="very high")
        Traceback (most recent call last):
        cmo.exceptions.InputError: min_rigour: 'very high' is not a level of the rigour scale (use one of: high, moderate, low)
    """
    given = {"relevance": min_relevance, "rigour": min_rigour, "richness": min_richness}
    minimums = {dimension: level for dimension, level in given.items() if level is not None}
    problems = [Problem(f"min_{dimension}", f"{level!r} is not a level of the {dimension} scale",
                        f"use one of: {', '.join(scales.levels(dimension))}")
                for dimension, level in minimums.items() if level not in scales.levels(dimension)]
    if problems:
        raise InputError(problems)
    if not minimums:
        return None
    # The levels that pass on each dimension, found once rather than ranked per evidence.
    passing = {dimension: frozenset(levels[:levels.index(level) + 1])
               for dimension, level in minimums.items()
               for levels in [scales.levels(dimension)]}

    def keep(evidence: Evidence) -> bool:
        return all(level_of(evidence.excerpt, dimension) in levels
                   for dimension, levels in passing.items())

    return keep


def warn_if_nobody_judged(collection: Collection, dimension: str, why: str) -> None:
    """Warn (:class:`~cmo.exceptions.CmoWarning`) when no source or excerpt of ``collection``
    is judged on ``dimension``: what depends on it (``why``) is then empty or all unjudged,
    which is legal but most likely not what was meant.

    Example:
        >>> import warnings
        >>> from cmo.models import Collection
        >>> with warnings.catch_warnings(record=True) as caught:
        ...     warnings.simplefilter("always")
        ...     warn_if_nobody_judged(Collection(), "rigour", "min_rigour leaves all evidence out")
        >>> print(caught[0].message)  # doctest: +NORMALIZE_WHITESPACE
        no source or excerpt is judged on rigour, so min_rigour leaves all evidence out
        (judge them under 'appraisal: {rigour: ...}')
    """
    if not any(judgement_on(value, dimension) is not None
               for value in (*collection.sources, *collection.excerpts)):
        warnings.warn(f"no source or excerpt is judged on {dimension}, so {why} (judge them "
                      f"under 'appraisal: {{{dimension}: ...}}')", CmoWarning, stacklevel=3)


def kept_by(collection: Collection, minimums: Minimums, *, warn: bool = False) -> Keep | None:
    """:func:`evidence_filter` on the collection's own scales, for the minimums given as
    keywords (``{"min_rigour": "moderate"}``).

    Args:
        collection: what the evidence comes from; its ``appraisal_scales`` are the scales.
        minimums: ``min_relevance``, ``min_rigour``, ``min_richness`` (any of them).
        warn: warn (:func:`warn_if_nobody_judged`) of a minimum on a dimension that nothing
            in the collection is judged on (a table then counts nothing).

    Example:
        >>> from cmo.models import Collection
        >>> kept_by(Collection(), {}) is None
        True
    """
    keep = evidence_filter(collection.appraisal_scales, **minimums)
    for name, level in minimums.items() if warn else ():
        if level is not None:
            warn_if_nobody_judged(collection, name.removeprefix("min_"),
                                  f"{name}={level!r} leaves all evidence out")
    return keep


@dataclass(frozen=True, slots=True)
class WeightedSupport:
    """Evidence of one configuration by stance, each piece counting its level's weight."""

    configuration: str
    dimension: str
    supports: float
    refutes: float
    refines: float

    def as_record(self) -> dict[str, Any]:
        """A plain ``dict``: one row of a table."""
        return {"configuration": self.configuration, "dimension": self.dimension,
                "supports": self.supports, "refutes": self.refutes, "refines": self.refines}


def default_weights(scales: AppraisalScales, dimension: str = "rigour") -> dict[str, float]:
    """The weight of each level unless told: 1 for the highest, each level below half the
    one above.

    Example:
        >>> from cmo.models import AppraisalScales
        >>> default_weights(AppraisalScales())
        {'high': 1.0, 'moderate': 0.5, 'low': 0.25}
    """
    return {level: 0.5 ** rank for rank, level in enumerate(_levels(scales, dimension))}


def weighted_support(configuration: Configuration, scales: AppraisalScales,
                     dimension: str = "rigour", *, weights: Mapping[str, float] | None = None,
                     unjudged: float = 0.0) -> WeightedSupport:
    """Evidence of a configuration by stance, weighted by how it is judged on a dimension.

    Args:
        configuration: any configuration.
        scales: the project's scales.
        dimension: the dimension that weighs.
        weights: the weight of some levels; a level not named keeps its
            :func:`default_weights` weight (1, 0.5, 0.25 ... from the highest).
        unjudged: the weight of evidence not judged on the dimension (0: it does not count,
            as when filtering; 1: it counts as fully as the highest level).

    Raises:
        InputError: a weight for a level not on the scale, or a negative weight.

    Example:
        >>> from cmo.models import AppraisalScales, Configuration, Evidence, Excerpt, Source
        >>> strong = Source(id="trial", kind="publication", appraisal={"rigour": "high"})
        >>> weak = Source(id="blog", kind="document", appraisal={"rigour": "low"})
        >>> configuration = Configuration(id="c1", contexts=[{"label": "Trust"}],
        ...     outcomes=[{"label": "Hope"}], evidence=[
        ...     Evidence(excerpt=Excerpt(id="q1", source=strong, text="Synthetic 1"), stance="supports"),
        ...     Evidence(excerpt=Excerpt(id="q2", source=weak, text="Synthetic 2"), stance="supports")])
        >>> weighted_support(configuration, AppraisalScales()).supports
        1.25
        >>> weighted_support(configuration, AppraisalScales(), weights={"low": 0}).supports
        1.0
    """
    levels = _levels(scales, dimension)
    weights = {**default_weights(scales, dimension), **(weights or {})}
    problems = [Problem(f"weights[{level!r}]", f"is not a level of the {dimension} scale",
                        f"use some of: {', '.join(levels)}") for level in weights if level not in levels]
    problems += [Problem(f"weights[{level!r}]" if level else "unjudged",
                         f"weight {weight!r} is negative", "give 0 or more")
                 for level, weight in [*weights.items(), ("", unjudged)] if weight < 0]
    if problems:
        raise InputError(problems)
    totals = dict.fromkeys(STANCES, 0.0)
    for item in configuration.evidence:
        level = level_of(item.excerpt, dimension)
        totals[item.stance] += unjudged if level is None else weights.get(level, 0.0)
    return WeightedSupport(configuration.id, dimension, totals["supports"], totals["refutes"],
                           totals["refines"])


def _levels(scales: AppraisalScales, dimension: str) -> tuple[str, ...]:
    if dimension not in APPRAISAL_DIMENSIONS:
        raise InputError([Problem("dimension", f"{dimension!r} is not an appraisal dimension",
                                  f"use one of: {', '.join(APPRAISAL_DIMENSIONS)}")])
    return scales.levels(dimension)
