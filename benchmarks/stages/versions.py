"""Comparing versions: diff, merge and agreement between coders.

The floors compare plain field values (tuples of strings, numbers and frozensets read off
the models' attributes, timed as part of the floor), never cmo's models, whose equality
sorts their unordered fields: that is cmo's work, not the floor's."""

from __future__ import annotations

from typing import Any, Final

from workload import Workload

import cmo
from cmo.models import Collection
from cmo.theory.diff import diff
from cmo.theory.merge import merge

from .common import STANCES, Stage, Work

# -- plain field values: what a floor compares, read straight off the models ------------
#
# Each is a tuple of built-ins (strings, numbers, None, and frozensets where cmo's own
# equality ignores the order: evidence, slots, aliases, theories), made, timed, by the
# floor itself: no cmo model is compared or hashed.

def _judged(appraisal: Any) -> tuple[Any, ...] | None:
    if appraisal is None:
        return None
    return tuple(None if judgement is None else
                 (judgement.level, judgement.justification, judgement.judged_by)
                 for judgement in (appraisal.relevance, appraisal.rigour, appraisal.richness))


def _log(retroduction: Any) -> tuple[Any, ...] | None:
    if retroduction is None:
        return None
    return (tuple((s.move, s.inference, s.excerpts, s.theories, s.judged_by, s.date)
                  for s in retroduction.steps),
            frozenset((a.mechanism, a.set_aside_because, a.excerpts, a.theories)
                      for a in retroduction.alternatives))


def _labels(elements: Any) -> frozenset[str]:
    return frozenset(element.label for element in elements)


def _ids(elements: Any) -> frozenset[str]:
    return frozenset(element.id for element in elements)


def _what_diff_compares(c: Any) -> tuple[Any, ...]:
    """A configuration as ``cmo.diff`` compares it: status, label, theme, the labels in each
    slot, both halves of the mechanism, theories, retroduction, and each piece of evidence
    as (excerpt id, stance)."""
    m = c.mechanism
    return (c.status, c.label, c.theme, _labels(c.contexts),
            m.resource if m else None, m.reasoning if m else None, _labels(c.outcomes),
            _labels(c.interventions), _labels(c.actors), frozenset(c.theories),
            _log(c.retroduction), frozenset((e.excerpt.id, e.stance) for e in c.evidence))


def _source(s: Any) -> tuple[Any, ...]:
    return (s.kind, s.title, s.participant, s.participant_role, s.site, s.wave,
            frozenset(s.groups), s.date, s.citation, s.doi, s.url, s.notes, s.text,
            _judged(s.appraisal))


def _excerpt(e: Any) -> tuple[Any, ...]:
    return (e.source.id, e.text, e.start, e.end, e.page, e.line, e.timestamp,
            frozenset(e.codes), frozenset((c.code, c.coder) for c in e.codings),
            _judged(e.appraisal))


def _element(e: Any) -> tuple[Any, ...]:
    return (e.label, getattr(e, "resource", None), getattr(e, "reasoning", None),
            e.description, frozenset(e.aliases))


def _theory(t: Any) -> tuple[Any, ...]:
    return tuple(t.__dict__.values())


def _configuration(c: Any) -> tuple[Any, ...]:
    """Every field of a configuration: elements by id, evidence as (excerpt id, stance,
    note)."""
    return (c.number, c.label, c.theme, c.status, c.rationale, frozenset(c.derived_from),
            _ids(c.contexts), c.mechanism.id if c.mechanism else None, _ids(c.outcomes),
            _ids(c.interventions), _ids(c.actors),
            frozenset((e.excerpt.id, e.stance, e.note) for e in c.evidence),
            frozenset(c.theories), _log(c.retroduction), c.notes)


_MERGED: Final = (("theories", "name", _theory), ("sources", "id", _source),
                  ("excerpts", "id", _excerpt), ("elements", "id", _element),
                  ("configurations", "id", _configuration))


def plain_diff(old: Collection, new: Collection
               ) -> tuple[list[str], list[str], dict[str, tuple[int, ...]], list[tuple[str, str]]]:
    """Configurations added, removed and changed (with the fields that changed), matched by
    id and compared as plain field values; sources and excerpts whose appraisal changed."""
    before = {c.id: _what_diff_compares(c) for c in old.configurations}
    after = {c.id: _what_diff_compares(c) for c in new.configurations}
    added = [i for i in after if i not in before]
    removed = [i for i in before if i not in after]
    changed = {i: tuple(n for n, (a, b) in enumerate(zip(before[i], fields, strict=True))
                        if a != b)
               for i, fields in after.items() if i in before and before[i] != fields}
    judged = []
    for what, earlier, later in (("source", old.sources, new.sources),
                                 ("excerpt", old.excerpts, new.excerpts)):
        appraisals = {value.id: _judged(value.appraisal) for value in earlier}
        judged += [(what, value.id) for value in later if value.id in appraisals
                   and appraisals[value.id] != _judged(value.appraisal)]
    return added, removed, changed, judged


def plain_merge(first: Collection, second: Collection) -> dict[str, list[Any]]:
    """Every value of both versions keyed by kind and id, compared as plain field values
    where they share a key (a different one kept under ``<id>.2``), and the merged lists."""
    merged: dict[str, list[Any]] = {}
    for field, key_name, fields in _MERGED:
        plain: dict[tuple[str, str], tuple[Any, ...]] = {}
        kept: dict[tuple[str, str], Any] = {}
        for collection in (first, second):
            for value in getattr(collection, field):
                key = (getattr(value, "kind", ""), getattr(value, key_name))
                values = fields(value)
                seen = plain.setdefault(key, values)
                if seen is values:
                    kept[key] = value
                elif seen != values:
                    kept[(key[0], key[1] + ".2")] = value
        merged[field] = list(kept.values())
    return merged


def _cause(c: Any) -> tuple[Any, ...] | None:
    mechanism = c.mechanism.id if c.mechanism else None
    contexts, outcomes = _ids(c.contexts), _ids(c.outcomes)
    return (contexts, mechanism, outcomes) if contexts or mechanism or outcomes else None


def _units(first: Collection, second: Collection) -> tuple[int, dict[tuple[int, str], list[int]]]:
    """Configurations matched as ``cmo.agree`` matches them (by id, else by the ids of their
    contexts, mechanism and outcomes), and the (configuration, excerpt id) pairs either cites,
    valued by stance (3: not cited)."""
    categories = {stance: number for number, stance in enumerate(STANCES)}
    by_id: dict[str, int] = {}
    by_cause: dict[Any, int] = {}
    for number, configuration in enumerate(first.configurations):
        by_id.setdefault(configuration.id, number)
        by_cause.setdefault(_cause(configuration), number)
    by_cause.pop(None, None)
    count, taken = len(first.configurations), set()
    cited: dict[tuple[int, str], list[int]] = {}
    for coder, collection in enumerate((first, second)):
        for number, configuration in enumerate(collection.configurations):
            if coder:
                number = by_id.get(configuration.id, -1)
                if number < 0 or number in taken:
                    number = by_cause.get(_cause(configuration), -1)
                    if number < 0 or number in taken:
                        number, count = count, count + 1
                taken.add(number)
            for evidence in configuration.evidence:
                unit = cited.setdefault((number, evidence.excerpt.id), [3, 3])
                unit[coder] = categories[evidence.stance]
    return count, cited


def plain_agreement(first: Collection, second: Collection) -> tuple[float, float]:
    """Cohen's kappa (statsmodels, with its standard error and 95% interval, as ``cmo``
    gives it) and Krippendorff's alpha (krippendorff) of two coders on every (configuration,
    excerpt) pair: the pairs either coder cited, valued by stance, found in one plain pass;
    the rest, cited by neither, counted and handed over whole."""
    import krippendorff
    import numpy
    from statsmodels.stats.inter_rater import cohens_kappa

    configurations, cited = _units(first, second)
    excerpts = {e.id for e in first.excerpts} | {e.id for e in second.excerpts}
    neither = configurations * len(excerpts) - len(cited)
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
    kappa = float(cohens_kappa(table).kappa)  # with its SE and interval, as cmo's
    alpha = float(krippendorff.alpha(value_counts=numpy.array(rows),
                                     level_of_measurement="nominal"))
    return kappa, alpha


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
    Stage("agreement", "configurations matched by id, else by the ids of their contexts, "
          "mechanism and outcomes (as cmo matches them), excerpts by id (every id of the "
          "workload's excerpts matches), the pairs either version cites found in one plain "
          "pass, then statsmodels' cohens_kappa (with its standard error and interval, as cmo "
          "gives it) and krippendorff.alpha on them (the version as a second coder)",
          _agreement),
    Stage("diff", "each configuration of both versions taken as plain field values (status, "
          "label, theme, the labels of each slot, the mechanism's halves, theories, "
          "retroduction, evidence as excerpt id and stance), keyed by id and compared, the "
          "fields that differ named; sources' and excerpts' appraisals compared by id", _diff),
    Stage("merge", "every value of both versions taken as plain field values, keyed by kind "
          "and id, compared where they share a key (a different one kept under a new id), "
          "and the merged lists built", _merge),
)
