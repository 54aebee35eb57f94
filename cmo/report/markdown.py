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

from .._helpers.wording import counted
from ..exceptions import InputError
from ..render.mermaid import to_mermaid
from .content import ReportContent
from .escaping import escape_markdown
from .refinement_log import refinement_log_markdown

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
    lines += ["## Configurations", "",
              "| CMOC | Configuration | Theme | If-then-because | Status | Supports | Refutes | "
              "Refines | Sources |", "|---:|---|---|---|---|---:|---:|---:|---:|"]
    lines += [f"| {row.number} | `{row.id}` | {escape_markdown(row.theme or '')} | "
              f"{escape_markdown(row.sentence)} | {row.status} | "
              f"{row.supports} | {row.refutes} | {row.refines} | {row.sources} |"
              for row in content.rows]
    lines += ["", "## Evidence per configuration", ""]
    for row in content.rows:
        evidence = row.configuration.evidence
        lines += [f"<details><summary>CMOC {row.number} <code>{row.id}</code>: "
                  f"{counted(len(evidence), 'piece')}</summary>", ""]
        for item in evidence:
            source = item.excerpt.source
            lines += [f"- **{item.stance}** `{item.excerpt.id}` "
                      f"({escape_markdown(source.citation or source.title or source.id)})",
                      "", *(f"  > {escape_markdown(line)}"
                            for line in item.excerpt.text.splitlines()), ""]
        lines += ["</details>", ""]
    if content.refinement is not None:
        log = refinement_log_markdown(content.refinement).splitlines()
        lines += ["## Refinement log", "", *("#" + line if line.startswith("#") else line
                                             for line in log[1:]), ""]
    lines += ["## RAMESES II", "", "| Item | Name | From the data |", "|---:|---|---|"]
    lines += [f"| {item.number} | {item.name} | "
              + (escape_markdown(" ".join(item.says)) if item.covered
                 else "*Needs your own text.*") + " |"
              for item in content.items]
    return "\n".join(lines) + "\n"
