"""The merge report: matches, suggestions, conflicts, renamings and provenance, as text or Markdown.

Excerpts are named by id, never quoted: the report may leave the team, and quotes may be
confidential. When the inputs share sources (coders of the same interviews or papers), the
report ends with the agreement between coders (:mod:`cmo.report.agreement_report`).

Example:
    >>> from cmo.theory.merge import merge
    >>> from cmo.models import Collection, Configuration
    >>> a = Collection(configurations=[Configuration(id="x",
    ...     contexts=[{"label": "Trust"}], outcomes=[{"label": "Hope"}])])
    >>> b = Collection(configurations=[Configuration(id="x", status="refuted",
    ...     contexts=[{"label": "Trust"}], outcomes=[{"label": "Hope"}])])
    >>> print(merge_report_text(merge(a, b, names=("ann.yaml", "bob.yaml"))))
    merged ann.yaml, bob.yaml: 2 configurations, 2 elements, 0 excerpts, 0 pieces of evidence
    0 matches, 0 suggestions, 1 conflict, 1 renaming
    conflict    configuration 'x': same id, different content (status)
                  ann.yaml 'x': proposed: If Trust, then Hope, because (mechanism not yet known).
                  bob.yaml 'x.2': refuted: If Trust, then Hope, because (mechanism not yet known).
    renamed     configuration 'x' of bob.yaml -> 'x.2'
    from        ann.yaml: 1 configuration (1 only there), 0 pieces of evidence
    from        bob.yaml: 1 configuration (1 only there), 0 pieces of evidence
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Final

from .._helpers.wording import counted
from ..exceptions import CmoError, CmoWarning
from ..theory.agreement import Agreement, agree
from ..theory.agreement_matching import shared_sources
from ..theory.merge import Conflict, Match, MergeResult, Renaming, Suggestion
from .agreement_report import agreement_lines, agreement_markdown
from .escaping import escape_markdown

__all__ = ["merge_report_markdown", "merge_report_text"]

_INDENT: Final = " " * 14
_HEADINGS: Final = {
    "same id": "same id, different content",
    "contradicting outcomes": "contradicting outcomes for the same context and mechanism",
    "supported and refuted": "supported in one input, refuted in another",
    "different appraisal scales": "appraisal scales differ (the first input's levels kept, "
                                  "the others' added below them)",
}


def _summary(result: MergeResult) -> tuple[str, str]:
    merged = result.collection
    evidence = sum(len(c.evidence) for c in merged.configurations)
    return (f"merged {', '.join(result.names)}: "
            f"{counted(len(merged.configurations), 'configuration')}, "
            f"{counted(len(merged.elements), 'element')}, {counted(len(merged.excerpts), 'excerpt')}, "
            f"{counted(evidence, 'piece', 'pieces')} of evidence",
            f"{counted(len(result.matches), 'match', 'matches')}, "
            f"{counted(len(result.suggestions), 'suggestion')}, "
            f"{counted(len(result.conflicts), 'conflict')}, "
            f"{counted(len(result.renamings), 'renaming')}")


def _match(match: Match) -> str:
    return (f"{match.what} '{match.id}' ({match.input}) is '{match.matched_id}' "
            f"({match.matched_input}), by {match.by} \"{match.wording}\"")


def _suggestion(suggestion: Suggestion) -> str:
    return (f"{suggestion.what} '{suggestion.id}' ({suggestion.input}) may be "
            f"'{suggestion.other_id}' ({suggestion.other_input}), score {suggestion.score:.2f}: "
            f"\"{suggestion.labels[0]}\" / \"{suggestion.labels[1]}\"")


def _conflict(conflict: Conflict) -> tuple[str, list[str]]:
    heading = _HEADINGS[conflict.kind]
    if conflict.kind == "same id":
        fields = f" ({', '.join(conflict.fields)})" if conflict.fields else ""
        heading = f"{conflict.what} '{conflict.sides[0].id}': {heading}{fields}"
    return heading, [f"{side.input} '{side.id}': {side.detail}" for side in conflict.sides]


def _renaming(renaming: Renaming) -> str:
    return f"{renaming.what} '{renaming.old}' of {renaming.input} -> '{renaming.new}'"


def _provenance(result: MergeResult) -> Iterator[str]:
    for name in result.names:
        mine = [inputs for (what, _), inputs in result.provenance.items()
                if what == "configuration" and name in inputs]
        evidence = sum(1 for (what, _), inputs in result.provenance.items()
                       if what == "evidence" and name in inputs)
        only = sum(1 for inputs in mine if inputs == (name,))
        yield (f"{name}: {counted(len(mine), 'configuration')} ({only} only there), "
               f"{counted(evidence, 'piece', 'pieces')} of evidence")


def _agreement(result: MergeResult) -> Agreement | str | None:
    """The agreement between the inputs when they share sources; why not, if it cannot be
    computed; None when they share none (or there are fewer than two)."""
    if len(result.inputs) < 2 or not shared_sources(result.inputs)[0]:
        return None
    try:
        with warnings.catch_warnings():  # the sources left out are in the section itself
            warnings.simplefilter("ignore", CmoWarning)
            return agree(*result.inputs, names=result.names)
    except CmoError as error:  # statsmodels or krippendorff not installed
        return f"not computed: {error}"


def merge_report_text(result: MergeResult) -> str:
    """The merge report as text for a terminal, one line per match, suggestion and renaming.

    Args:
        result: what :func:`cmo.theory.merge.merge` returned.

    Returns:
        The report, without a final newline.
    """
    lines = list(_summary(result))
    lines += [f"{'match':<12}{_match(m)}" for m in result.matches]
    lines += [f"{'suggestion':<12}{_suggestion(s)}" for s in result.suggestions]
    for conflict in result.conflicts:
        heading, sides = _conflict(conflict)
        lines += [f"{'conflict':<12}{heading}", *(f"{_INDENT}{side}" for side in sides)]
    lines += [f"{'renamed':<12}{_renaming(r)}" for r in result.renamings]
    lines += [f"{'from':<12}{line}" for line in _provenance(result)]
    agreement = _agreement(result)
    if isinstance(agreement, str):
        lines.append(f"{'agreement':<12}{agreement}")
    elif agreement is not None:
        lines += agreement_lines(agreement)
    return "\n".join(lines)


def merge_report_markdown(result: MergeResult) -> str:
    """The merge report in Markdown, to keep with the merged theory or paste into a report.

    Args:
        result: what :func:`cmo.theory.merge.merge` returned.

    Returns:
        Markdown text ending in one newline.
    """
    summary, counts = _summary(result)
    merged = escape_markdown(summary.split(": ", 1)[1]).capitalize()
    lines = [f"# Merge of {escape_markdown(', '.join(result.names))}", "",
             f"{merged}; {escape_markdown(counts)}.", ""]
    sections = [
        ("Matches", [escape_markdown(_match(m)) for m in result.matches]),
        ("Suggestions (not merged: decide, then declare an alias)",
         [escape_markdown(_suggestion(s)) for s in result.suggestions]),
    ]
    for title, items in sections:
        if items:
            lines += [f"## {title}", "", *(f"- {item}" for item in items), ""]
    if result.conflicts:
        lines += ["## Conflicts", ""]
        for conflict in result.conflicts:
            heading, sides = _conflict(conflict)
            lines += [f"- {escape_markdown(heading)}",
                      *(f"    - {escape_markdown(side)}" for side in sides)]
        lines.append("")
    if result.renamings:
        lines += ["## Renamings", "",
                  *(f"- {escape_markdown(_renaming(r))}" for r in result.renamings), ""]
    lines += ["## Provenance", "",
              *(f"- {escape_markdown(line)}" for line in _provenance(result)), ""]
    agreement = _agreement(result)
    if isinstance(agreement, str):
        lines += ["## Agreement between coders", "", escape_markdown(agreement).capitalize()]
    elif agreement is not None:
        lines.append(agreement_markdown(agreement, level=2))
    return "\n".join(lines).rstrip() + "\n"
