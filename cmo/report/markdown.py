"""The report as Markdown, with its diagram in Mermaid (GitHub and many editors draw it).

Every text taken from the theory (title, themes, sentences, citations, quotes) is escaped
with :func:`cmo.report.escaping.escape_markdown`, so it shows as written and carries no HTML.

Example:
    >>> import cmo
    >>> from cmo.report.content import report_content
    >>> text = report_markdown(report_content(cmo.load("examples/social_prescribing/theory.yaml")))
    >>> text.splitlines()[0], "```mermaid" in text
    ('# Social prescribing link workers (worked example)', True)
"""

from __future__ import annotations

import warnings

from .._helpers.wording import counted
from ..exceptions import CmoWarning, InputError
from ..render.mermaid import to_mermaid
from .appraisal import judgement_text, profile_text
from .content import ReportContent
from .escaping import escape_markdown
from .refinement_log import refinement_log_markdown
from .retroduction import retroduction_markdown, retroduction_summary

__all__ = ["report_markdown"]


def report_markdown(content: ReportContent) -> str:
    """The report as Markdown text."""
    lines = [f"# {escape_markdown(content.title)}", ""]
    lines += [f"**{name}:** {escape_markdown(value)}  " for name, value in content.facts] + [""]
    lines += ["## Programme theory", ""]
    try:
        lines += ["```mermaid", to_mermaid(content.theory, earlier=content.initial), "```", ""]
    except InputError as error:  # too large for one diagram: say so, as the HTML report does
        lines += [f"*{escape_markdown(str(error))}*", ""]
    rigour = (" Rigour of evidence |", "---|") if content.appraised else ("", "")
    lines += ["## Configurations", "",
              "| CMOC | Configuration | Theme | If-then-because | Status | Supports | Refutes | "
              f"Refines | Sources |{rigour[0]}", f"|---:|---|---|---|---|---:|---:|---:|---:|{rigour[1]}"]
    lines += [f"| {row.number} | `{row.id}` | {escape_markdown(row.theme or '')} | "
              f"{escape_markdown(row.sentence)} | {row.status} | "
              f"{row.supports} | {row.refutes} | {row.refines} | {row.sources} |"
              + (f" {escape_markdown(profile_text(row.rigour))} |" if content.appraised else "")
              for row in content.rows]
    lines += ["", "## Evidence per configuration", ""]
    for row in content.rows:
        evidence = row.configuration.evidence
        lines += [f"<details><summary>CMOC {row.number} <code>{row.id}</code>: "
                  f"{counted(len(evidence), 'piece')}</summary>", ""]
        for item in evidence:
            source = item.excerpt.source
            judged = judgement_text(item.excerpt) if content.appraised else ""
            lines += [f"- **{item.stance}** `{item.excerpt.id}` "
                      f"({escape_markdown(source.citation or source.title or source.id)})"
                      + (f" *{escape_markdown(judged)}*" if judged else ""),
                      "", *(f"  > {escape_markdown(line)}"
                            for line in item.excerpt.text.splitlines()), ""]
        lines += ["</details>", ""]
    lines += _documents(content) + _retroduction(content) + _matrix(content)
    if content.refinement is not None:
        log = refinement_log_markdown(content.refinement).splitlines()
        lines += ["## Refinement log", "", *("#" + line if line.startswith("#") else line
                                             for line in log[1:]), ""]
    lines += [f"## {content.standard.heading}", "", "| Item | Name | From the data |",
              "|---:|---|---|"]
    lines += [f"| {item.number} | {item.name} | "
              + (escape_markdown(" ".join(item.says)) if item.covered
                 else "*Needs your own text.*") + " |"
              for item in content.items]
    return "\n".join(lines) + "\n"


def _documents(content: ReportContent) -> list[str]:
    """The documents a review included, with their appraisal and the CMOCs they inform."""
    if not content.documents:
        return []
    lines = ["## Documents included", "",
             "| Document | Kind | Relevance | Rigour | Richness | CMOCs informed |",
             "|---|---|---|---|---|---|"]
    lines += [f"| `{document.source.id}` {escape_markdown(document.name)} | "
              f"{document.source.kind} | "
              + " | ".join(escape_markdown(document.judgement(dimension))
                           for dimension in ("relevance", "rigour", "richness"))
              + f" | {', '.join(map(str, document.configurations))} |"
              for document in content.documents]
    return [*lines, ""]


def _retroduction(content: ReportContent) -> list[str]:
    """Each configuration's retroduction log, under its number and id."""
    if not content.retroduced:
        return []
    lines = ["## Retroduction logs", ""]
    excerpts = content.excerpts
    for row in content.retroduced:
        log = row.configuration.retroduction
        assert log is not None  # retroduced rows have one
        lines += [f"### CMOC {row.number} `{row.id}`: {retroduction_summary(log)}", "",
                  *retroduction_markdown(row.configuration, excerpts, quotes=content.quotes),
                  ""]
    return lines


def _matrix(content: ReportContent) -> list[str]:
    """The framework matrix of the evidence, a table per theme (:mod:`cmo.report.matrix_table`);
    a field no source gives, or some leave empty, is said in the report, as in HTML."""
    if content.matrix_by is None:
        return []
    from ..theory.matrix import evidence_matrix
    from .matrix_table import matrix_markdown

    heading = f"## Evidence by {content.matrix_by} and configuration"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", CmoWarning)
        try:
            matrix = evidence_matrix(content.numbered(), content.matrix_by)
        except InputError as error:
            return [heading, "", *(f"*{escape_markdown(str(problem))}.*"
                                   for problem in error.problems), ""]
    notes = [f"*{escape_markdown(str(warning.message))}.*" for warning in caught
             if issubclass(warning.category, CmoWarning)]
    table = matrix_markdown(matrix).splitlines()
    # Its title becomes the section's heading, its themes the section's subheadings.
    return [heading, "", *notes, *([""] if notes else []),
            *("#" + line if line.startswith("#") else line for line in table[2:]), ""]
