"""Comparing two versions of a programme theory: what was added, removed and refined, and why.

Configurations of the new version are matched to the old by their derivation links
(``derived_from``) and otherwise by id. A match is *refined* when its content changed
(contexts, mechanism halves, outcomes, interventions, actors, label, theme, theories),
*merged* when it comes from several old configurations, *split* when one old
configuration gave several, and *retained* when its content is the same (its status and
evidence may still have changed: e.g. proposed -> supported). RAMESES II asks reports to
show exactly this.

Example:
    >>> from cmo.models import Collection, Configuration
    >>> old = Collection(version="IPT", configurations=[Configuration(
    ...     id="hope", contexts=[{"label": "Trust"}], mechanism={"reasoning": "Hope"})])
    >>> new = Collection(version="v2", configurations=[Configuration(
    ...     id="hope", status="refined", rationale="Patients named the resource.",
    ...     contexts=[{"label": "Trust"}],
    ...     mechanism={"resource": "Link worker listens", "reasoning": "Hope"})])
    >>> change = diff(old, new).revisions[0]
    >>> change.kind, [c.field for c in change.changes], change.status_change
    ('refined', ['mechanism resource'], ('proposed', 'refined'))
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final, Literal

import networkx as nx

from .exceptions import InputError, Problem
from .labels import normalise_label
from .models import Collection, Configuration, Evidence
from .models.configuration import ELEMENT_SLOTS
from .notebook import Records
from .theory import ProgrammeTheory, collection_of

__all__ = ["FieldChange", "Revision", "TheoryDiff", "diff"]

RevisionKind = Literal["refined", "merged", "split", "retained"]

_TEXT_FIELDS: Final = ("label", "theme")


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of a configuration that differs between versions.

    For slots (contexts, outcomes...) ``removed``/``added`` list labels; for text fields
    they hold the old and the new value.
    """

    field: str
    removed: tuple[str, ...]
    added: tuple[str, ...]

    def __str__(self) -> str:
        parts = [f"- {text}" for text in self.removed] + [f"+ {text}" for text in self.added]
        return f"{self.field}: " + "; ".join(parts)


@dataclass(frozen=True, slots=True)
class Revision:
    """A configuration of the new version and the one(s) of the old it comes from."""

    kind: RevisionKind
    old: tuple[Configuration, ...]
    new: Configuration
    matched_by: Literal["id", "derivation"]
    changes: tuple[FieldChange, ...]
    evidence_added: tuple[Evidence, ...]
    evidence_withdrawn: tuple[Evidence, ...]

    @property
    def status_change(self) -> tuple[str, str] | None:
        """``(old status, new status)`` when the status changed."""
        before = {c.status for c in self.old}
        return None if before == {self.new.status} else (
            "/".join(sorted(before)), self.new.status)


@dataclass(frozen=True, slots=True)
class TheoryDiff:
    """How a programme theory changed from one version to the next."""

    old_version: str | None
    new_version: str | None
    added: tuple[Configuration, ...]
    removed: tuple[Configuration, ...]
    revisions: tuple[Revision, ...]

    @property
    def changed(self) -> tuple[Revision, ...]:
        """Revisions in which anything changed: content, status or evidence."""
        return tuple(r for r in self.revisions if r.kind != "retained" or r.status_change
                     or r.evidence_added or r.evidence_withdrawn)

    def counts(self) -> dict[str, int]:
        """How many configurations were added, removed, refined, merged, split, retained."""
        kinds = Counter(r.kind for r in self.revisions)
        return {"added": len(self.added), "removed": len(self.removed),
                **{kind: kinds.get(kind, 0) for kind in ("refined", "merged", "split",
                                                        "retained")}}

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        """In a notebook: the table of changes and the refinement log (:mod:`cmo.notebook`)."""
        from .notebook import diff_mimebundle

        return diff_mimebundle(self)

    def records(self) -> Records:
        """One row per configuration: a table that ``pandas.DataFrame`` takes as it is."""
        rows = [_row(c.id, "added", (), None, c.status, c.rationale) for c in self.added]
        rows += [_row(c.id, "removed", (), c.status, None, None) for c in self.removed]
        for revision in self.revisions:
            change = revision.status_change
            rows.append(_row(
                revision.new.id, revision.kind, tuple(c.id for c in revision.old),
                change[0] if change else revision.new.status, revision.new.status,
                revision.new.rationale,
                changed=", ".join(c.field for c in revision.changes),
                evidence_added=len(revision.evidence_added),
                evidence_withdrawn=len(revision.evidence_withdrawn)))
        return Records(rows)


def _row(configuration: str, change: str, derived: tuple[str, ...], status_before: str | None,
         status: str | None, rationale: str | None, *, changed: str = "",
         evidence_added: int = 0, evidence_withdrawn: int = 0) -> dict[str, Any]:
    return {"configuration": configuration, "change": change, "from": ", ".join(derived),
            "status before": status_before, "status": status, "rationale": rationale,
            "fields changed": changed, "evidence added": evidence_added,
            "evidence withdrawn": evidence_withdrawn}


def diff(old: ProgrammeTheory | Collection, new: ProgrammeTheory | Collection, *,
         names: tuple[str, str] = ("the old version", "the new version")) -> TheoryDiff:
    """Compare two versions of a programme theory.

    Args:
        old: the earlier version (e.g. the initial programme theory).
        new: the later version.
        names: how to call the two in error messages (their file names).

    Raises:
        InputError: both versions carry the same version label, a derivation link names a
            configuration that is in neither version, or derivations form a cycle.
    """
    before, after = collection_of(old), collection_of(new)
    _check(before, after, names)
    old_by_id = {c.id: c for c in before.configurations}
    sources: dict[str, tuple[list[Configuration], Literal["id", "derivation"]]] = {}
    added = []
    for configuration in after.configurations:
        derived = [old_by_id[i] for i in configuration.derived_from if i in old_by_id]
        if derived:
            sources[configuration.id] = (derived, "derivation")
        elif configuration.id in old_by_id:
            sources[configuration.id] = ([old_by_id[configuration.id]], "id")
        else:
            added.append(configuration)
    uses = Counter(c.id for derived, _ in sources.values() for c in derived)
    new_by_id = {c.id: c for c in after.configurations}
    revisions = [_revision(new_by_id[new_id], derived, matched_by, uses)
                 for new_id, (derived, matched_by) in sources.items()]
    removed = tuple(c for c in before.configurations if c.id not in uses)
    return TheoryDiff(before.version, after.version, tuple(added), removed, tuple(revisions))


def _check(before: Collection, after: Collection, names: tuple[str, str]) -> None:
    problems = []
    if before.version and before.version == after.version:
        problems.append(Problem(
            "version", f"{names[0]} and {names[1]} are both labelled {after.version!r}",
            "give the new version its own label (e.g. 'v2')"))
    known = {c.id for c in before.configurations} | {c.id for c in after.configurations}
    derivations = nx.DiGraph()
    for configuration in after.configurations:
        for origin in configuration.derived_from:
            if origin not in known:
                problems.append(Problem(
                    f"{names[1]}, configuration {configuration.id!r}, field 'derived_from'",
                    f"names {origin!r}, which is in neither version",
                    f"use the id of a configuration of {names[0]}"))
            derivations.add_edge(configuration.id, origin)
    in_new = {c.id for c in after.configurations}
    for cycle in sorted(nx.simple_cycles(derivations)):
        if len(cycle) > 1 and all(node in in_new for node in cycle):
            problems.append(Problem(
                f"{names[1]}, configurations {', '.join(map(repr, cycle))}",
                "are derived from each other in a cycle",
                "derive each configuration from earlier ones only"))
    if problems:
        raise InputError(problems)


def _revision(new: Configuration, derived: list[Configuration],
              matched_by: Literal["id", "derivation"], uses: Counter[str]) -> Revision:
    changes = tuple(change for old in derived[:1] for change in _field_changes(old, new))
    if len(derived) > 1:  # merged: compare with the union of what was merged
        changes = tuple(_field_changes(_union(derived), new))
    added, withdrawn = _evidence_changes(derived, new)
    kind: RevisionKind
    if len(derived) > 1:
        kind = "merged"
    elif uses[derived[0].id] > 1:
        kind = "split"
    elif changes:
        kind = "refined"
    else:
        kind = "retained"
    return Revision(kind, tuple(derived), new, matched_by, changes, added, withdrawn)


def _evidence_changes(derived: list[Configuration], new: Configuration
                      ) -> tuple[tuple[Evidence, ...], tuple[Evidence, ...]]:
    """The evidence ``new`` adds, and the evidence of ``derived`` it no longer cites.

    Evidence left as it was (most of it, from one version to the next) is seen to be the
    same without reaching into its excerpts, which at 100,000 configurations lie scattered
    over gigabytes: that lookup alone was the one step of a diff whose cost per
    configuration grew with the size of the theory.
    """
    if len(derived) == 1 and derived[0].evidence == new.evidence:
        return (), ()
    old_evidence = {(e.excerpt.id, e.stance): e for c in derived for e in c.evidence}
    new_evidence = {(e.excerpt.id, e.stance): e for e in new.evidence}
    return (tuple(e for key, e in new_evidence.items() if key not in old_evidence),
            tuple(e for key, e in old_evidence.items() if key not in new_evidence))


def _union(configurations: list[Configuration]) -> Configuration:
    first = configurations[0]
    merged: dict[str, Any] = {slot: tuple({e.id: e for c in configurations
                                            for e in getattr(c, slot)}.values())
                              for slot in ELEMENT_SLOTS}
    return first.model_copy(update=merged)


def _labels(elements: Iterable[Any]) -> dict[str, str]:
    return {normalise_label(element.label): element.label for element in elements}


def _field_changes(old: Configuration, new: Configuration) -> Iterable[FieldChange]:
    for field in _TEXT_FIELDS:
        before, after = getattr(old, field), getattr(new, field)
        if before != after:
            yield FieldChange(field, (before,) if before else (), (after,) if after else ())
    for slot in ELEMENT_SLOTS:
        before, after = _labels(getattr(old, slot)), _labels(getattr(new, slot))
        if before.keys() != after.keys():
            yield FieldChange(slot, tuple(before[k] for k in before if k not in after),
                              tuple(after[k] for k in after if k not in before))
    for half in ("resource", "reasoning"):
        before = getattr(old.mechanism, half, None) if old.mechanism else None
        after = getattr(new.mechanism, half, None) if new.mechanism else None
        if normalise_label(before or "") != normalise_label(after or ""):
            yield FieldChange(f"mechanism {half}", (before,) if before else (),
                              (after,) if after else ())
    if set(old.theories) != set(new.theories):
        yield FieldChange("theories", tuple(sorted(set(old.theories) - set(new.theories))),
                          tuple(sorted(set(new.theories) - set(old.theories))))
