"""Comparing versions: diff, merge and agreement between coders."""

from __future__ import annotations

from typing import Any, Final

from workload import Workload

import cmo
from cmo.models import Collection
from cmo.theory.diff import diff
from cmo.theory.merge import merge

from .common import STANCES, Stage, Work


def plain_agreement(first: Collection, second: Collection) -> tuple[float, float]:
    """Cohen's kappa (statsmodels) and Krippendorff's alpha (krippendorff) of two coders on
    every (configuration, excerpt) pair: the pairs either coder cited, valued by stance,
    found in one plain pass; the rest, cited by neither, counted and handed over whole."""
    import krippendorff
    import numpy
    from statsmodels.stats.inter_rater import cohens_kappa

    categories = (*STANCES, "not cited")
    cited: dict[tuple[str, str], list[int]] = {}
    for coder, collection in enumerate((first, second)):
        for configuration in collection.configurations:
            for evidence in configuration.evidence:
                unit = cited.setdefault((configuration.id, evidence.excerpt.id), [3, 3])
                unit[coder] = categories.index(evidence.stance)
    configurations = {c.id for c in first.configurations} | {c.id for c in second.configurations}
    excerpts = {e.id for e in first.excerpts} | {e.id for e in second.excerpts}
    neither = len(configurations) * len(excerpts) - len(cited)
    table = numpy.zeros((4, 4))
    agreed = numpy.zeros(4, dtype=numpy.int64)
    rows = []
    for a, b in cited.values():
        table[a, b] += 1
        if a == b:
            agreed[a] += 2
        else:
            rows.append(numpy.bincount([a, b], minlength=4))
    table[3, 3] += neither
    agreed[3] += 2 * neither
    rows += [numpy.eye(4, dtype=numpy.int64)[c] * n for c, n in enumerate(agreed) if n]
    kappa = float(cohens_kappa(table, return_results=False))
    alpha = float(krippendorff.alpha(value_counts=numpy.array(rows),
                                     level_of_measurement="nominal"))
    return kappa, alpha


def plain_diff(old: Collection, new: Collection) -> tuple[list[str], list[str], list[str]]:
    """Configurations added, removed and changed, matched by id and compared as values."""
    before = {c.id: c for c in old.configurations}
    after = {c.id: c for c in new.configurations}
    added = [i for i in after if i not in before]
    removed = [i for i in before if i not in after]
    changed = [i for i, c in after.items() if i in before and before[i] != c]
    return added, removed, changed


def plain_merge(first: Collection, second: Collection) -> dict[str, dict[tuple[str, str], Any]]:
    """Every value of both versions keyed by kind and id; those sharing a key compared."""
    merged: dict[str, dict[tuple[str, str], Any]] = {}
    for field in ("sources", "excerpts", "elements", "configurations"):
        kept: dict[tuple[str, str], Any] = {}
        for collection in (first, second):
            for value in getattr(collection, field):
                key = (getattr(value, "kind", ""), value.sort_key)
                seen = kept.setdefault(key, value)
                if seen is not value and seen != value:
                    kept[(key[0], key[1] + ".2")] = value
        merged[field] = kept
    return merged


def _agreement(w: Workload) -> tuple[Work, Work]:
    def ours() -> Any:
        agreement = cmo.agree(w.collection, w.revision, names=("first", "second"))
        return agreement.kappa, agreement.alpha

    return ours, lambda: plain_agreement(w.collection, w.revision)


def _diff(w: Workload) -> tuple[Work, Work]:
    return (lambda: diff(w.collection, w.revision),
            lambda: plain_diff(w.collection, w.revision))


def _merge(w: Workload) -> tuple[Work, Work]:
    return (lambda: merge(w.collection, w.revision),
            lambda: plain_merge(w.collection, w.revision))


STAGES: Final[tuple[Stage, ...]] = (
    Stage("agreement", "the pairs either version cites, found in one plain pass, then "
          "statsmodels' cohens_kappa and krippendorff.alpha on them (the version as a "
          "second coder)", _agreement),
    Stage("diff", "configurations of both versions keyed by id and compared", _diff),
    Stage("merge", "every value of both versions keyed by kind and id, those sharing a key "
          "compared", _merge),
)
