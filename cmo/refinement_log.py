"""The refinement log: how a programme theory changed and why, as text or Markdown.

The Markdown form is meant to be pasted into a report (RAMESES II items on how the
programme theory was refined). Evidence is named by excerpt id and stance, never quoted:
the log may leave the team, and quotes may be confidential.

Example:
    >>> from cmo.diff import diff
    >>> from cmo.models import Collection, Configuration
    >>> old = Collection(version="IPT", configurations=[Configuration(
    ...     id="hope", contexts=[{"label": "Trust"}], mechanism={"reasoning": "Hope"})])
    >>> new = Collection(version="v2", configurations=[Configuration(
    ...     id="hope", status="supported", rationale="Patients described it.",
    ...     contexts=[{"label": "Trust"}], mechanism={"reasoning": "Hope"})])
    >>> print(to_text(diff(old, new)))
    IPT -> v2: 0 added, 0 removed, 0 refined, 0 merged, 0 split, 1 retained
    retained hope: status proposed -> supported
             rationale: Patients described it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from .diff import Revision, TheoryDiff
from .models import Configuration

__all__ = ["to_markdown", "to_text"]

# Characters that change the meaning of Markdown inside a line of prose (CommonMark):
# emphasis, code, links, HTML and table cells. Others ((, ), +, #) only matter at the
# start of a line or after ']', which these escapes already cover.
_MARKDOWN_SPECIAL: Final = re.compile(r"([\\`*_\[\]<>|])")
_INDENT: Final = " " * 9


def _versions(difference: TheoryDiff) -> str:
    return f"{difference.old_version or 'old'} -> {difference.new_version or 'new'}"


def _summary(difference: TheoryDiff) -> str:
    return ", ".join(f"{count} {kind}" for kind, count in difference.counts().items())


def _status(revision: Revision) -> str:
    change = revision.status_change
    return f"status {change[0]} -> {change[1]}" if change else f"status {revision.new.status}"


def _evidence(revision: Revision) -> Iterator[str]:
    for label, items in (("evidence added", revision.evidence_added),
                         ("evidence withdrawn", revision.evidence_withdrawn)):
        if items:
            yield f"{label}: " + ", ".join(f"{e.excerpt.id} ({e.stance})" for e in items)


def to_text(difference: TheoryDiff) -> str:
    """A readable account for a terminal, one block per configuration."""
    lines = [f"{_versions(difference)}: {_summary(difference)}"]
    for revision in difference.revisions:
        origin = ", ".join(c.id for c in revision.old)
        derived = f" (from {origin})" if revision.matched_by == "derivation" else ""
        lines.append(f"{revision.kind:<9}{revision.new.id}{derived}: {_status(revision)}")
        if revision.new.rationale:
            lines.append(f"{_INDENT}rationale: {revision.new.rationale}")
        lines += [f"{_INDENT}{change}" for change in revision.changes]
        lines += [f"{_INDENT}{line}" for line in _evidence(revision)]
    for configuration in difference.added:
        lines.append(f"{'added':<9}{configuration.id}: status {configuration.status}")
        if configuration.rationale:
            lines.append(f"{_INDENT}rationale: {configuration.rationale}")
    lines += [f"{'removed':<9}{c.id}: was {c.status}" for c in difference.removed]
    return "\n".join(lines)


def _md(text: str) -> str:
    """Text safe inside Markdown prose: special characters escaped, lines joined."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _title(configuration: Configuration) -> str:
    label = f": {_md(configuration.label)}" if configuration.label else ""
    return f"`{configuration.id}`{label}"


def to_markdown(difference: TheoryDiff) -> str:
    """A refinement log in Markdown, to paste into a report."""
    versions = f"{_md(difference.old_version or 'old')} → {_md(difference.new_version or 'new')}"
    lines = [f"# Refinement of the programme theory: {versions}", "",
             f"{_md(_summary(difference)).capitalize()}.", ""]
    sections: dict[str, list[str]] = {}
    for revision in difference.changed:
        entry = [f"### {_title(revision.new)}", "",
                 f"- **{revision.kind.capitalize()}** from "
                 + ", ".join(f"`{c.id}`" for c in revision.old) + f"; {_status(revision)}."]
        if revision.new.rationale:
            entry.append(f"- Rationale: {_md(revision.new.rationale)}")
        entry += [f"- {_md(str(change))}" for change in revision.changes]
        entry += [f"- {_md(line)}" for line in _evidence(revision)]
        sections.setdefault(revision.kind, []).extend([*entry, ""])
    for configuration in difference.added:
        entry = [f"### {_title(configuration)}", "", f"- New; status {configuration.status}."]
        if configuration.rationale:
            entry.append(f"- Rationale: {_md(configuration.rationale)}")
        sections.setdefault("added", []).extend([*entry, ""])
    for configuration in difference.removed:
        sections.setdefault("removed", []).extend(
            [f"### {_title(configuration)}", "",
             f"- Not carried into {_md(difference.new_version or 'the new version')} "
             f"(was {configuration.status}).", ""])
    headings = {"refined": "Refined", "merged": "Merged", "split": "Split",
                "retained": "Retained (status or evidence changed)",
                "added": "New configurations", "removed": "Removed"}
    for kind, heading in headings.items():
        if kind in sections:
            lines += [f"## {heading}", "", *sections[kind]]
    changed = set(map(id, difference.changed))
    unchanged = [f"`{r.new.id}`" for r in difference.revisions if id(r) not in changed]
    if unchanged:
        lines += ["## Unchanged", "", ", ".join(unchanged), ""]
    return "\n".join(lines).rstrip() + "\n"
