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
from typing import Literal

from ..models import Appraisal, Collection, Evidence, Judgement, Retroduction, appraisal_of
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
        earlier = {value.id: value.appraisal for value in before}
        for value in after:
            if value.id in earlier and earlier[value.id] != value.appraisal:
                changes += _judgements(what, value.id, earlier[value.id], value.appraisal)
    return tuple(changes)


def evidence_appraisal_changes(old: Iterable[Evidence], new: Iterable[Evidence]
                               ) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """For the excerpts cited in both, the judgements (their own or their source's) that
    changed: ``(before, after)``, one ``"q1: rigour moderate"`` each."""
    earlier = {item.excerpt.id: appraisal_of(item.excerpt) for item in old}
    removed: list[str] = []
    added: list[str] = []
    for ident, after in {item.excerpt.id: appraisal_of(item.excerpt) for item in new}.items():
        if ident not in earlier or earlier[ident] == after:
            continue
        for change in _judgements("excerpt", ident, earlier[ident], after):
            if change.before is not None:
                removed.append(f"{ident}: {change.dimension} {change.before.level}")
            if change.after is not None:
                added.append(f"{ident}: {change.dimension} {change.after.level}")
    return tuple(dict.fromkeys(removed)), tuple(dict.fromkeys(added))


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
