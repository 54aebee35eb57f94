"""Comparing two versions of a programme theory: what was added, removed and refined, and why.

Configurations of the new version are matched to the old by their derivation links
(``derived_from``, which may name the old configuration of the same id) and otherwise by
id. A link the old configuration of the same id carries too, to a configuration in neither
version, points further back (an edited copy keeps the links of the version it copies) and
is left aside.

A match is *merged* when it comes from several old configurations, *split* when one old
configuration gave several, *refined* when what it explains changed: its contexts, either
half of its mechanism (resource, reasoning), its outcomes, interventions or actors; and
*retained* otherwise. A retained configuration may still have a new status (proposed ->
supported), evidence, label, theme, middle-range theories, retroduction log or appraisal of
its evidence: those changes are listed, but they do not make it refined. A retained configuration with no change at all is
*unchanged* (:attr:`TheoryDiff.unchanged`). RAMESES II asks reports to show exactly this.

Two versions with the same label (an edited copy, before its label is changed) are told
apart as "before" and "after" (:attr:`TheoryDiff.names`).

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

from .._helpers.labels import did_you_mean
from ..exceptions import InputError, Problem
from ..models import Collection, Configuration, Evidence
from ..models.configuration import ELEMENT_SLOTS
from ..models.labels import normalise_label
from .diff_judgements import (
    AppraisalChange,
    appraisal_changes,
    evidence_appraisal_changes,
    retroduction_changes,
)
from .graph import ProgrammeTheory, collection_of
from .records import Records

__all__ = ["REFINING_FIELDS", "AppraisalChange", "FieldChange", "Revision", "TheoryDiff",
           "diff"]

RevisionKind = Literal["refined", "merged", "split", "retained"]

_TEXT_FIELDS: Final = ("label", "theme")
#: The fields whose change makes a configuration *refined*: what it explains. A change of
#: label, theme or middle-range theories is listed but leaves it *retained*.
REFINING_FIELDS: Final = (*ELEMENT_SLOTS, "mechanism resource", "mechanism reasoning")


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of a configuration that differs between versions.

    For slots (contexts, outcomes...) ``removed``/``added`` list labels; for text fields
    they hold the old and the new value; for ``retroduction`` the steps and alternatives
    one version has and the other not; for ``appraisal`` the levels judged of its evidence
    (of its excerpts, or their sources) that changed, ``"source paper: rigour moderate"``.
    """

    field: str
    removed: tuple[str, ...]
    added: tuple[str, ...]

    def __str__(self) -> str:
        parts = [f"- {text}" for text in self.removed] + [f"+ {text}" for text in self.added]
        return f"{self.field}: " + "; ".join(parts)

    @property
    def refines(self) -> bool:
        """Whether this change makes its configuration *refined* (see :data:`REFINING_FIELDS`)."""
        return self.field in REFINING_FIELDS


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

    @property
    def unchanged(self) -> bool:
        """Whether nothing changed: same content, status, evidence, label, theme, theories."""
        return (self.kind == "retained" and not self.changes and self.status_change is None
                and not self.evidence_added and not self.evidence_withdrawn)


@dataclass(frozen=True, slots=True)
class TheoryDiff:
    """How a programme theory changed from one version to the next."""

    old_version: str | None
    new_version: str | None
    added: tuple[Configuration, ...]
    removed: tuple[Configuration, ...]
    revisions: tuple[Revision, ...]
    #: The judgements of sources and excerpts in both versions that changed.
    appraisals: tuple[AppraisalChange, ...] = ()

    @property
    def names(self) -> tuple[str, str]:
        """How to call the two versions: their labels, ``"<label> (before)"`` and
        ``"<label> (after)"`` when both have the same one, ``"old"``/``"new"`` when unlabelled.
        """
        old, new = self.old_version, self.new_version
        if self.same_label:
            return f"{old} (before)", f"{new} (after)"
        return old or "old", new or "new"

    @property
    def same_label(self) -> bool:
        """Whether both versions carry the same label (e.g. an edited copy of one version)."""
        return self.old_version is not None and self.old_version == self.new_version

    @property
    def changed(self) -> tuple[Revision, ...]:
        """Revisions in which anything changed: content, status, evidence, label, theories..."""
        return tuple(r for r in self.revisions if not r.unchanged)

    @property
    def unchanged(self) -> tuple[Revision, ...]:
        """Revisions in which nothing changed at all."""
        return tuple(r for r in self.revisions if r.unchanged)

    def counts(self) -> dict[str, int]:
        """How many configurations were added, removed, refined, merged, split, retained
        (unchanged ones included)."""
        kinds = Counter(r.kind for r in self.revisions)
        return {"added": len(self.added), "removed": len(self.removed),
                **{kind: kinds.get(kind, 0) for kind in ("refined", "merged", "split",
                                                        "retained")}}

    def kinds(self) -> dict[str, str]:
        """What happened to each configuration, by its id: refined, merged, split, retained,
        added (ids of the new version) or removed (of the old): what the diagram of changes
        colours."""
        kinds = {revision.new.id: revision.kind for revision in self.revisions}
        kinds.update({c.id: "added" for c in self.added})
        kinds.update({c.id: "removed" for c in self.removed})
        return kinds

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
        InputError: a derivation link names a configuration that is in neither version (and
            that the old configuration of the same id does not name too), or derivations
            form a cycle.
    """
    before, after = collection_of(old), collection_of(new)
    old_by_id = {c.id: c for c in before.configurations}
    _check(before, after, old_by_id, names)
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
    return TheoryDiff(before.version, after.version, tuple(added), removed, tuple(revisions),
                      appraisal_changes(before, after))


def _inherited(configuration: Configuration, old_by_id: dict[str, Configuration]) -> set[str]:
    """Derivation links to a version before the old one: the old configuration of the same
    id names them too, and they are in neither version."""
    earlier = old_by_id.get(configuration.id)
    return set() if earlier is None else {
        origin for origin in configuration.derived_from
        if origin in earlier.derived_from and origin not in old_by_id}


def _check(before: Collection, after: Collection, old_by_id: dict[str, Configuration],
           names: tuple[str, str]) -> None:
    problems = []
    known = {c.id for c in before.configurations} | {c.id for c in after.configurations}
    derivations = nx.DiGraph()
    for configuration in after.configurations:
        if not configuration.derived_from:
            continue
        inherited = _inherited(configuration, old_by_id)
        for origin in configuration.derived_from:
            if origin in inherited:
                continue
            if origin not in known:
                problems.append(Problem(
                    f"{names[1]}, configuration {configuration.id!r}, field 'derived_from'",
                    f"names {origin!r}, which is in neither version",
                    did_you_mean(origin, old_by_id)
                    or f"use the id of a configuration of {names[0]}"))
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
    if not (len(derived) == 1 and derived[0].evidence == new.evidence):
        judged = evidence_appraisal_changes((e for c in derived for e in c.evidence),
                                            new.evidence)
        if any(judged):
            changes += (FieldChange("appraisal", *judged),)
    kind: RevisionKind
    if len(derived) > 1:
        kind = "merged"
    elif uses[derived[0].id] > 1:
        kind = "split"
    elif any(change.refines for change in changes):
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


def _same_labels(before: tuple[Any, ...], after: tuple[Any, ...]) -> bool:
    """Whether two slots hold the same labels in the same order: then their normalised
    labels are the same too, and normalising them (most of a diff's time) can be skipped.
    An edited version mostly keeps its elements, often the very same tuple."""
    return before is after or (len(before) == len(after) and all(
        a is b or a.label == b.label for a, b in zip(before, after, strict=True)))


def _field_changes(old: Configuration, new: Configuration) -> Iterable[FieldChange]:
    for field in _TEXT_FIELDS:
        before, after = getattr(old, field), getattr(new, field)
        if before != after:
            yield FieldChange(field, (before,) if before else (), (after,) if after else ())
    for slot in ELEMENT_SLOTS:
        old_elements, new_elements = getattr(old, slot), getattr(new, slot)
        if _same_labels(old_elements, new_elements):
            continue
        before, after = _labels(old_elements), _labels(new_elements)
        if before.keys() != after.keys():
            yield FieldChange(slot, tuple(before[k] for k in before if k not in after),
                              tuple(after[k] for k in after if k not in before))
    if old.mechanism is not new.mechanism:
        yield from _mechanism_changes(old, new)
    if old.theories != new.theories and set(old.theories) != set(new.theories):
        yield FieldChange("theories", tuple(sorted(set(old.theories) - set(new.theories))),
                          tuple(sorted(set(new.theories) - set(old.theories))))
    if old.retroduction != new.retroduction:
        removed, added = retroduction_changes(old.retroduction, new.retroduction)
        if removed or added:  # else only who inferred, or when, changed
            yield FieldChange("retroduction", removed, added)


def _mechanism_changes(old: Configuration, new: Configuration) -> Iterable[FieldChange]:
    for half in ("resource", "reasoning"):
        before = getattr(old.mechanism, half, None) if old.mechanism else None
        after = getattr(new.mechanism, half, None) if new.mechanism else None
        if before != after and normalise_label(before or "") != normalise_label(after or ""):
            yield FieldChange(f"mechanism {half}", (before,) if before else (),
                              (after,) if after else ())
