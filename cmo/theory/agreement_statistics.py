"""Agreement statistics between coders: Cohen's kappa and Krippendorff's alpha.

Neither is computed by hand: Cohen's kappa (with its standard error and 95% interval) comes
from ``statsmodels`` (:func:`statsmodels.stats.inter_rater.cohens_kappa`, on the contingency
table of the two coders' values), Krippendorff's alpha (nominal) from ``krippendorff``
(:func:`krippendorff.alpha`). Both are imported when first needed; without them a
:class:`~cmo.exceptions.CmoError` says what to install. A statistic that is undefined (no
units, or every value the same, so that agreement by chance is certain) is a
:class:`Statistic` whose value is None and whose ``reason`` says why: never NaN.

Values are category numbers: ``values[u]`` holds each coder's category for unit ``u``.
Units on which every coder gives the same category may instead be counted, by category, in
``same`` (most units of a theory are an excerpt nobody cited for a configuration, and
listing them one by one would cost time and memory for nothing): kappa's contingency
table counts them on its diagonal, and alpha's coincidences are the same whether ``k``
such units of ``m`` values each are given one by one or as one unit of ``k * m`` values
(each gives ``m`` coincidences of its category with itself), so they are given as one.

Example:
    >>> kappa = cohen_kappa([(0, 0), (0, 1), (1, 1), (1, 1)], categories=2)
    >>> round(kappa.value, 3), kappa.interval is not None
    (0.5, True)
    >>> print(cohen_kappa([(1, 1), (1, 1)], categories=2, labels=("cited", "not cited")))
    undefined: every value is 'not cited', so agreement by chance is certain
    >>> round(krippendorff_alpha([(0, 0, 0), (0, 1, 1), (1, 1, 1)], categories=2).value, 3)
    0.6
"""

from __future__ import annotations

import math
import warnings
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..exceptions import CmoError

__all__ = ["Statistic", "cohen_kappa", "krippendorff_alpha", "need_libraries"]

_INSTALL = "pip install 'cmo-realist[agreement]'"


@dataclass(frozen=True, slots=True)
class Statistic:
    """One agreement statistic: its value, or why it has none.

    Args:
        name: "Cohen's kappa" or "Krippendorff's alpha".
        value: the statistic, or None when undefined.
        reason: why it is undefined (None when it has a value).
        standard_error: its standard error, where the library gives one (kappa).
        interval: its 95% confidence interval, where the library gives one (kappa).

    Example:
        >>> print(Statistic("Cohen's kappa", 0.61234, standard_error=0.1, interval=(0.4, 0.8)))
        0.612 (SE 0.100, 95% CI 0.400 to 0.800)
    """

    name: str
    value: float | None
    reason: str | None = None
    standard_error: float | None = None
    interval: tuple[float, float] | None = None

    @property
    def defined(self) -> bool:
        """Whether it has a value."""
        return self.value is not None

    def __str__(self) -> str:
        if self.value is None:
            return f"undefined: {self.reason}"
        text = f"{self.value:.3f}"
        if self.standard_error is not None and self.interval is not None:
            low, high = self.interval
            text += f" (SE {self.standard_error:.3f}, 95% CI {low:.3f} to {high:.3f})"
        return text

    def record(self) -> dict[str, Any]:
        """The statistic as a row of a table (value, standard error, interval, reason)."""
        low, high = self.interval or (None, None)
        return {"statistic": self.name, "value": self.value, "standard error":
                self.standard_error, "95% CI low": low, "95% CI high": high,
                "undefined because": self.reason}


def need_libraries() -> None:
    """Raise a :class:`~cmo.exceptions.CmoError` naming the extra to install when
    statsmodels or krippendorff is missing."""
    missing = [name for name in ("statsmodels", "krippendorff") if not _importable(name)]
    if missing:
        raise CmoError(f"agreement between coders needs {' and '.join(missing)}, which "
                       f"{'is' if len(missing) == 1 else 'are'} not installed: {_INSTALL}")


def _importable(name: str) -> bool:
    try:
        __import__(name)
    except ImportError:
        return False
    return True


def _patterns(values: Sequence[Sequence[int]]) -> Counter[tuple[int, ...]]:
    """How many units give each combination of values: a theory's units are mostly a few
    combinations (both coders cite with the same stance, or neither cites), so the work
    is done once per combination rather than once per unit."""
    return Counter(map(tuple, values))


def _undefined(name: str, patterns: Counter[tuple[int, ...]], same: Mapping[int, int],
               labels: Sequence[str]) -> Statistic | None:
    if not patterns and not any(same.values()):
        return Statistic(name, None, "there are no units: the coders share no excerpt")
    used = set().union(*patterns) | {c for c, count in same.items() if count}
    if len(used) == 1:
        (only,) = used
        label = labels[only] if only < len(labels) else str(only)
        return Statistic(name, None, f"every value is {label!r}, so agreement by chance is "
                                     "certain")
    return None


def cohen_kappa(values: Sequence[Sequence[int]], *, categories: int,
                labels: Sequence[str] = (), same: Mapping[int, int] | None = None,
                error: bool = True) -> Statistic:
    """Cohen's kappa of two coders, from statsmodels, with its standard error and 95% CI.

    Args:
        values: per unit, the two coders' categories (numbers below ``categories``).
        categories: how many categories there are.
        labels: the categories' names, for the reason of an undefined kappa.
        same: more units, on which both coders gave the same category: how many per
            category.
        error: whether to give the standard error and interval too (statsmodels then
            takes fifteen times as long: a table of many configurations goes without).
    """
    name, same = "Cohen's kappa", same or {}
    patterns = _patterns(values)
    undefined = _undefined(name, patterns, same, labels)
    if undefined is not None:
        return undefined
    need_libraries()
    import numpy
    from statsmodels.stats.inter_rater import cohens_kappa

    table = numpy.zeros((categories, categories))
    for (first, second), count in patterns.items():  # whole numbers: added exactly
        table[first, second] += count
    for category, count in same.items():
        table[category, category] += count
    chance = float(table.sum(axis=0) @ table.sum(axis=1)) / float(table.sum()) ** 2
    if math.isclose(chance, 1.0):
        return Statistic(name, None, "both coders put every unit in the same category, so "
                                     "agreement by chance is certain")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        result = cohens_kappa(table, return_results=error)
    kappa = float(result.kappa if error else result)
    if math.isnan(kappa):
        return Statistic(name, None, "statsmodels could not compute it")
    if not error or math.isnan(result.std_kappa):
        return Statistic(name, kappa)
    return Statistic(name, kappa, standard_error=float(result.std_kappa),
                     interval=(float(result.kappa_low), float(result.kappa_upp)))


def krippendorff_alpha(values: Sequence[Sequence[int]], *, categories: int,
                       labels: Sequence[str] = (), same: Mapping[int, int] | None = None
                       ) -> Statistic:
    """Krippendorff's alpha (nominal) of two or more coders, from krippendorff.

    Args:
        values: per unit, every coder's category (numbers below ``categories``).
        categories: how many categories there are.
        labels: the categories' names, for the reason of an undefined alpha.
        same: more units, on which every coder gave the same category: how many per
            category.
    """
    name, same = "Krippendorff's alpha", same or {}
    patterns = _patterns(values)
    undefined = _undefined(name, patterns, same, labels)
    if undefined is not None:
        return undefined
    need_libraries()
    import krippendorff
    import numpy

    coders = max(map(len, patterns)) if patterns else 2
    agreed = [0] * categories
    unanimous = {unit for unit in patterns if len(set(unit)) == 1}
    for unit in unanimous:  # unanimous: one unit of all of them gives the same coincidences
        agreed[unit[0]] += len(unit) * patterns[unit]
    # The units not unanimous, one row each in their order (alpha sums the rows' shares).
    rows = []
    if len(unanimous) < len(patterns):
        rows = [numpy.bincount(numpy.asarray(unit), minlength=categories)
                for unit in values if tuple(unit) not in unanimous]
    for category, count in same.items():
        agreed[category] += count * coders
    rows += [numpy.eye(categories, dtype=numpy.int64)[c] * n for c, n in enumerate(agreed) if n]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        alpha = float(krippendorff.alpha(value_counts=numpy.array(rows),
                                         level_of_measurement="nominal"))
    if math.isnan(alpha):
        return Statistic(name, None, "krippendorff could not compute it")
    return Statistic(name, alpha)
