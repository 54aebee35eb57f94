"""What changed between two versions in the team's judgements: the appraisal of sources and
excerpts, and the retroduction logs of configurations. :func:`cmo.theory.diff.diff` lists
them with the other changes.

Example:
    >>> from cmo.models import Collection, Source
    >>> old = Collection(sources=[Source(id="paper", kind="publication",
    ...                                  appraisal={"rigour": "moderate"})])
    >>> new = Collection(sources=[Source(id="paper", kind="publication",
    ...                                  appraisal={"rigour": "high", "relevance": "high"})])
    >>> [str(change) for change in appraisal_changes(old, new)]
    ["source 'paper', relevance: (not judged) -> high", "source 'paper', rigour: moderate -> high"]
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from ..models import Appraisal, Collection, Evidence, Judgement, Retroduction
from ..models.appraisal import APPRAISAL_DIMENSIONS

__all__ = ["AppraisalChange", "appraisal_changes", "evidence_appraisal_changes",
           "retroduction_changes"]


@dataclass(frozen=True, slots=True)
class AppraisalChange:
    """One judgement of a source or an excerpt that differs between versions."""

    what: Literal["source", "excerpt"]
    id: str
    dimension: str
    before: Judgement | None
    after: Judgement | None

    def __str__(self) -> str:
        before, after = _level(self.before), _level(self.after)
        change = f"{before} -> {after}" if before != after else f"{after} (justification or judge changed)"
        return f"{self.what} '{self.id}', {self.dimension}: {change}"


def appraisal_changes(old: Collection, new: Collection) -> tuple[AppraisalChange, ...]:
    """The judgements of sources and excerpts in both versions that differ, by id."""
    changes: list[AppraisalChange] = []
    for what, before, after in (("source", old.sources, new.sources),
                                ("excerpt", old.excerpts, new.excerpts)):
        if _same_values(before, after):
            continue
        earlier = {value.id: value.appraisal for value in before}
        for value in after:
            if value.id in earlier and earlier[value.id] != value.appraisal:
                changes += _judgements(what, value.id, earlier[value.id], value.appraisal)
    return tuple(changes)


def _same_values(before: tuple[Any, ...], after: tuple[Any, ...]) -> bool:
    """Whether two versions hold the very same values, in the same order (a version that
    keeps its sources or excerpts as they were): then no judgement of them changed."""
    return before is after or (len(before) == len(after) and all(
        a is b for a, b in zip(before, after, strict=True)))


def evidence_appraisal_changes(old: Iterable[Evidence], new: Iterable[Evidence]
                               ) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """For the excerpts cited in both, the levels judged of them or of their sources that
    changed: ``(before, after)``, one ``"source paper: rigour moderate, richness low"`` per
    source or excerpt (each source once, however many excerpts of it are cited). A changed
    justification alone is not listed here (:func:`appraisal_changes` lists it)."""
    earlier = {item.excerpt.id: item.excerpt for item in old}
    removed: dict[str, dict[str, None]] = {}
    added: dict[str, dict[str, None]] = {}
    for item in new:
        before, after = earlier.get(item.excerpt.id), item.excerpt
        if before is None or before == after:
            continue
        for what, ident, judged_before, judged_after in (
                ("source", after.source.id, before.source.appraisal, after.source.appraisal),
                ("excerpt", after.id, before.appraisal, after.appraisal)):
            if judged_before == judged_after:
                continue
            for change in _judgements(what, ident, judged_before, judged_after):
                if _level(change.before) == _level(change.after):
                    continue
                name = f"{what} {ident}"
                if change.before is not None:
                    removed.setdefault(name, {})[f"{change.dimension} {change.before.level}"] = None
                if change.after is not None:
                    added.setdefault(name, {})[f"{change.dimension} {change.after.level}"] = None
    return _said(removed), _said(added)


def _said(levels: dict[str, dict[str, None]]) -> tuple[str, ...]:
    return tuple(f"{name}: {', '.join(judged)}" for name, judged in levels.items())


def retroduction_changes(old: Retroduction | None, new: Retroduction | None
                         ) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The steps and alternatives of a log that one version has and the other not,
    ``(removed, added)``, each said in a line."""
    before, after = list(_lines(old)), list(_lines(new))
    return (tuple(line for line in before if line not in after),
            tuple(line for line in after if line not in before))


def _lines(log: Retroduction | None) -> Iterator[str]:
    if log is None:
        return
    for step in log.steps:
        yield f"{step.move} step: {step.inference}{_cites(step.excerpts, step.theories)}"
    for alternative in log.alternatives:
        yield (f"alternative set aside: {alternative.mechanism}, because "
               f"{alternative.set_aside_because}"
               f"{_cites(alternative.excerpts, alternative.theories)}")


def _cites(excerpts: tuple[str, ...], theories: tuple[str, ...]) -> str:
    cited = [*excerpts, *theories]
    return f" [{', '.join(cited)}]" if cited else ""


def _judgements(what: Literal["source", "excerpt"], ident: str, before: Appraisal | None,
                after: Appraisal | None) -> list[AppraisalChange]:
    return [AppraisalChange(what, ident, dimension, old, new)
            for dimension in APPRAISAL_DIMENSIONS
            if (old := getattr(before, dimension, None)) != (new := getattr(after, dimension, None))]


def _level(judgement: Judgement | None) -> str:
    return judgement.level if judgement is not None else "(not judged)"
