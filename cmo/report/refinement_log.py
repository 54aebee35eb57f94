"""The refinement log: how a programme theory changed and why, as text or Markdown.

The Markdown form is meant to be pasted into a report (RAMESES II items on how the
programme theory was refined). Evidence is named by excerpt id and stance, never quoted:
the log may leave the team, and quotes may be confidential. A configuration listed with a
retroduction log shows it (numbered steps, alternatives set aside; :mod:`cmo.report.retroduction`)
in Markdown, and its length in the text form.

Example:
    >>> from cmo.theory.diff import diff
    >>> from cmo.models import Collection, Configuration
    >>> old = Collection(version="IPT", configurations=[Configuration(
    ...     id="hope", contexts=[{"label": "Trust"}], mechanism={"reasoning": "Hope"})])
    >>> new = Collection(version="v2", configurations=[Configuration(
    ...     id="hope", status="supported", rationale="Patients described it.",
    ...     contexts=[{"label": "Trust"}], mechanism={"reasoning": "Hope"})])
    >>> print(refinement_log_text(diff(old, new)))
    IPT -> v2: 0 added, 0 removed, 0 refined, 0 merged, 0 split, 1 retained
    retained hope: status proposed -> supported
             rationale: Patients described it.

    A new configuration shows its if-then-because sentence; configurations in which nothing
    changed are listed as unchanged:

    >>> newer = Collection(version="v3", configurations=[*new.configurations, Configuration(
    ...     id="anchor", status="new", contexts=[{"label": "Needs reliable support"}],
    ...     mechanism={"reasoning": "Offloads to the link worker"},
    ...     outcomes=[{"label": "Feels supported"}])])
    >>> print(refinement_log_text(diff(new, newer)))
    v2 -> v3: 1 added, 0 removed, 0 refined, 0 merged, 0 split, 1 retained (1 unchanged)
    added    anchor: status new
             If Needs reliable support, then Feels supported, because Offloads to the link worker.
    unchanged: hope
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from ..models import Configuration, Excerpt
from ..theory.diff import Revision, TheoryDiff
from .escaping import escape_markdown
from .retroduction import retroduction_markdown, retroduction_summary

__all__ = ["refinement_log_markdown", "refinement_log_text"]

_INDENT: Final = " " * 9


def _versions(difference: TheoryDiff) -> str:
    return " -> ".join(difference.names)


def _summary(difference: TheoryDiff) -> str:
    unchanged = len(difference.unchanged)
    return ", ".join(f"{count} {kind}" for kind, count in difference.counts().items()) + (
        f" ({unchanged} unchanged)" if unchanged else "")


def _same_label(difference: TheoryDiff) -> str:
    return (f"both versions are labelled {difference.old_version!r}: the first is shown as "
            "before, the second as after")


def _status(revision: Revision) -> str:
    change = revision.status_change
    return f"status {change[0]} -> {change[1]}" if change else f"status {revision.new.status}"


def _evidence(revision: Revision) -> Iterator[str]:
    for label, items in (("evidence added", revision.evidence_added),
                         ("evidence withdrawn", revision.evidence_withdrawn)):
        if items:
            yield f"{label}: " + ", ".join(f"{e.excerpt.id} ({e.stance})" for e in items)


def refinement_log_text(difference: TheoryDiff) -> str:
    """The refinement log as text for a terminal, one block per configuration."""
    lines = [f"{_versions(difference)}: {_summary(difference)}"]
    if difference.same_label:
        lines.append(_same_label(difference))
    for revision in difference.changed:
        lines.append(f"{revision.kind:<9}{revision.new.id}{_origin(revision)}: "
                     f"{_status(revision)}")
        if revision.new.rationale:
            lines.append(f"{_INDENT}rationale: {revision.new.rationale}")
        lines += [f"{_INDENT}{change}" for change in revision.changes]
        lines += [f"{_INDENT}{line}" for line in _evidence(revision)]
        lines += _retroduction_text(revision.new)
    for configuration in difference.added:
        lines.append(f"{'added':<9}{configuration.id}: status {configuration.status}")
        lines.append(f"{_INDENT}{configuration.sentence}")
        if configuration.rationale:
            lines.append(f"{_INDENT}rationale: {configuration.rationale}")
        lines += _retroduction_text(configuration)
    lines += [f"{'removed':<9}{c.id}: was {c.status}" for c in difference.removed]
    lines += [f"{'judged':<9}{change}" for change in difference.appraisals]
    if difference.unchanged:
        lines.append("unchanged: " + ", ".join(r.new.id for r in difference.unchanged))
    return "\n".join(lines)


def _retroduction_text(configuration: Configuration) -> list[str]:
    log = configuration.retroduction
    return [f"{_INDENT}retroduction log: {retroduction_summary(log)}"] if log else []


def _retroduction(configuration: Configuration, excerpts: dict[str, Excerpt]) -> list[str]:
    """The configuration's retroduction log as a list item, its lines nested under it."""
    log = configuration.retroduction
    if log is None:
        return []
    return [f"- Retroduction log: {retroduction_summary(log)}.", "",
            *(f"  {line}" if line else "" for line in retroduction_markdown(configuration,
                                                                             excerpts))]


def _cited(difference: TheoryDiff) -> dict[str, Excerpt]:
    """The excerpts the new version's configurations cite as evidence, by id (to name the
    source of each excerpt a retroduction log cites)."""
    configurations = (*(r.new for r in difference.revisions), *difference.added)
    return {item.excerpt.id: item.excerpt for c in configurations for item in c.evidence}


def _origin(revision: Revision) -> str:
    """`` (from a, b)`` when the configuration comes from others than its namesake."""
    origin = _derived_from(revision)
    return f" (from {', '.join(origin)})" if origin else ""


def _derived_from(revision: Revision) -> list[str]:
    """The old configurations a revision comes from, unless it is only its namesake."""
    origin = [c.id for c in revision.old]
    return [] if origin == [revision.new.id] else origin


def _sentence(text: str) -> str:
    """``text`` with its first letter capital (``str.capitalize`` would lower the rest)."""
    return text[:1].upper() + text[1:]


def _title(configuration: Configuration) -> str:
    label = f": {escape_markdown(configuration.label)}" if configuration.label else ""
    return f"`{configuration.id}`{label}"


def refinement_log_markdown(difference: TheoryDiff) -> str:
    """The refinement log in Markdown, to paste into a report."""
    versions = " → ".join(map(escape_markdown, difference.names))
    lines = [f"# Refinement of the programme theory: {versions}", "",
             f"{_sentence(escape_markdown(_summary(difference)))}.", ""]
    if difference.same_label:
        lines += [f"{_sentence(escape_markdown(_same_label(difference)))}.", ""]
    sections: dict[str, list[str]] = {}
    excerpts = _cited(difference)
    for revision in difference.changed:
        origin = _derived_from(revision)
        source = " from " + ", ".join(f"`{i}`" for i in origin) if origin else ""
        entry = [f"### {_title(revision.new)}", "",
                 f"- **{revision.kind.capitalize()}**{source}; {_status(revision)}."]
        if revision.new.rationale:
            entry.append(f"- Rationale: {escape_markdown(revision.new.rationale)}")
        entry += [f"- {escape_markdown(str(change))}" for change in revision.changes]
        entry += [f"- {escape_markdown(line)}" for line in _evidence(revision)]
        entry += _retroduction(revision.new, excerpts)
        sections.setdefault(revision.kind, []).extend([*entry, ""])
    for configuration in difference.added:
        entry = [f"### {_title(configuration)}", "", f"- New; status {configuration.status}.",
                 f"- {escape_markdown(configuration.sentence)}"]
        if configuration.rationale:
            entry.append(f"- Rationale: {escape_markdown(configuration.rationale)}")
        entry += _retroduction(configuration, excerpts)
        sections.setdefault("added", []).extend([*entry, ""])
    later = difference.names[1] if difference.new_version else "the new version"
    for configuration in difference.removed:
        sections.setdefault("removed", []).extend(
            [f"### {_title(configuration)}", "",
             f"- Not carried into {escape_markdown(later)} "
             f"(was {configuration.status}).", ""])
    headings = {"refined": "Refined", "merged": "Merged", "split": "Split",
                "retained": "Retained (status, evidence, label, theme or theories changed)",
                "added": "New configurations", "removed": "Removed"}
    for kind, heading in headings.items():
        if kind in sections:
            lines += [f"## {heading}", "", *sections[kind]]
    if difference.appraisals:  # sources and excerpts judged anew, whoever cites them
        lines += ["## Appraisal changed", "",
                  *(f"- {escape_markdown(str(change))}" for change in difference.appraisals), ""]
    if difference.unchanged:
        lines += ["## Unchanged", "", ", ".join(f"`{r.new.id}`" for r in difference.unchanged),
                  ""]
    return "\n".join(lines).rstrip() + "\n"
