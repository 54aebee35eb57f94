"""The report as one self-contained HTML file: open it offline, attach it, print it.

Everything is inside the file: styles, and the diagrams as inline SVG; there are no
scripts and nothing is fetched. Evidence quotes sit in collapsed ``<details>``. When
anything is appraised, the table of configurations shows the rigour of each one's evidence
as a small stacked bar with its counts. With an initial version, the refinement log is its
Markdown (:func:`cmo.report.refinement_log.refinement_log_markdown`) set as HTML, under the
diagram of what changed (:func:`cmo.render.diff_to_dot`); retroduction logs are set the
same way (:mod:`cmo.report.retroduction`).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from html import escape
from typing import Any, Final

from .._helpers.wording import counted
from ..models import Excerpt
from ..theory.appraisal import NOT_JUDGED
from .appraisal import judgement_text, profile_text
from .content import ReportContent
from .markdown_html import markdown_to_html
from .refinement_log import refinement_log_markdown
from .retroduction import retroduction_markdown, retroduction_summary

__all__ = ["MAX_DIAGRAM", "report_html"]

#: Above this many configurations the report leaves a whole-theory diagram out (``dot``
#: would take long, and the result is unreadable): draw themes with ``cmo render``.
MAX_DIAGRAM: Final = 150

#: Where an SVG names an id or refers to one: id="...", href="#...", url(#...).
_IDS: Final = re.compile(r"""(\bid=["']|href=["']#|url\(#)""")

_STYLE: Final = """
body { overflow-wrap: break-word; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2em auto;
       max-width: 72em; padding: 0 1em; color: #222; line-height: 1.45; }
h1 { font-size: 1.6em; } h2 { font-size: 1.25em; margin-top: 2em; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; width: 100%; font-size: 0.92em; }
th, td { border: 1px solid #ddd; padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #f4f4f4; } td.n { text-align: right; }
.diagram { overflow-x: auto; border: 1px solid #eee; padding: 0.5em; }
.diagram svg { max-width: 100%; height: auto; }
.log { overflow-wrap: anywhere; } .log h3 { font-size: 1.1em; } .log h4 { font-size: 1em; }
.log ul { padding-left: 1.4em; }
details { margin: 0.4em 0; } blockquote { margin: 0.3em 1.5em; color: #444; }
.missing { color: #8a4b00; } dl.facts dt { font-weight: bold; } dl.facts dd { margin: 0 0 .4em 0; }
.bar { display: flex; width: 8em; height: 0.8em; border: 1px solid #999; margin-top: 2px; }
.bar span { display: block; height: 100%; } .judged { color: #555; font-size: 0.9em; }
"""

#: The shades of a scale's levels, highest first (a longer scale reuses the last), and of
#: evidence nobody judged.
_SHADES: Final = ("#1b7837", "#7fbf7b", "#d9f0d3", "#f7f7f7")
_UNJUDGED: Final = "#bbbbbb"


def report_html(content: ReportContent) -> str:
    """The report as HTML text."""
    parts = [f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
             f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
             f"<title>{escape(content.title)}</title><style>{_STYLE}</style></head><body>",
             f"<h1>{escape(content.title)}</h1>"]
    if content.facts:
        parts.append("<dl class='facts'>" + "".join(
            f"<dt>{escape(name)}</dt><dd>{escape(value)}</dd>" for name, value in content.facts)
            + "</dl>")
    parts.append("<h2>Programme theory</h2>" + _diagram(content))
    parts.append("<h2>Configurations</h2>" + _table(content))
    parts.append("<h2>Evidence per configuration</h2>" + _evidence(content))
    if content.documents:
        parts.append("<h2>Documents included</h2>" + _documents(content))
    if content.retroduced:
        parts.append("<h2>Retroduction logs</h2>" + _retroduction(content))
    if content.matrix_by is not None:
        from .heatmap import heatmap_section

        parts.append(heatmap_section(content.numbered(), content.matrix_by))
    if content.refinement is not None:
        parts.append("<h2>Refinement log</h2>" + _refinement(content))
    parts.append(f"<h2>{escape(content.standard.heading)}</h2>" + _rameses(content))
    parts.append("<p><small>Written by cmo.</small></p></body></html>")
    return "".join(parts)


def _diagram(content: ReportContent) -> str:
    from ..render import to_dot

    return _drawn(len(content.theory.configurations),
                  lambda: to_dot(content.theory, earlier=content.initial), "theory-")


def _refinement(content: ReportContent) -> str:
    """The diagram of what changed, then the log: each change and its rationale."""
    from ..render import diff_to_dot

    initial, refinement = content.initial, content.refinement
    if initial is None or refinement is None:
        return ""
    count = len(content.theory.configurations) + len(refinement.removed)
    diagram = _drawn(count, lambda: diff_to_dot(initial, content.theory), "changes-")
    # The log's own title repeats the section's: its summary line and sections stay.
    log = refinement_log_markdown(refinement).split("\n", 1)[1]
    old, new = refinement.names
    return (f"<p>What changed from {escape(old)} to {escape(new)}: the "
            "diagram colours each configuration by its change, the log gives each change and "
            f"its rationale.</p>{diagram}<div class='log'>"
            f"{markdown_to_html(log, heading_offset=1)}</div>")


def _drawn(count: int, digraph: Callable[[], Any], prefix: str) -> str:
    """A diagram of ``count`` configurations as inline SVG, or why it is missing.

    Its ids (and the references to them) start with ``prefix``: Graphviz numbers every
    diagram's ids alike, and two diagrams on one page must not share one.
    """
    if count > MAX_DIAGRAM:
        return (f"<p class='missing'>{count} configurations are too many for one readable "
                "diagram; draw each theme with <code>cmo render --theme</code>.</p>")
    if shutil.which("dot") is None:
        return ("<p class='missing'>Graphviz is not installed, so the diagram is missing: "
                "sudo apt-get install graphviz, then write the report again.</p>")
    from ..render import render

    svg = render(digraph(), diagram_format="svg").decode("utf-8")
    svg = _IDS.sub(lambda match: match.group(1) + prefix, svg[svg.index("<svg"):])
    return f"<div class='diagram'>{svg}</div>"


def _table(content: ReportContent) -> str:
    rigour = "<th>Rigour of evidence</th>" if content.appraised else ""
    head = ("<tr><th>CMOC</th><th>Configuration</th><th>Theme</th><th>If-then-because</th><th>Status</th>"
            f"<th>Supports</th><th>Refutes</th><th>Refines</th><th>Sources</th>{rigour}</tr>")
    body = "".join(
        f"<tr><td class='n'>{row.number}</td>"
        f"<td><code>{escape(row.id)}</code></td><td>{escape(row.theme or '')}</td>"
        f"<td>{escape(row.sentence)}</td><td>{escape(row.status)}</td>"
        f"<td class='n'>{row.supports}</td><td class='n'>{row.refutes}</td>"
        f"<td class='n'>{row.refines}</td><td class='n'>{row.sources}</td>"
        + (f"<td>{_bar(row.rigour)}</td>" if content.appraised else "") + "</tr>"
        for row in content.rows)
    note = ("<p>Rigour of evidence: how many pieces of each configuration's evidence stand at "
            "each level of rigour (an excerpt's own judgement, else its source's); the bar "
            "is darker the higher the level, grey where nobody judged.</p>"
            if content.appraised else "")
    return f"{note}<table>{head}{body}</table>"


def _bar(counts: dict[str, int]) -> str:
    """A profile as a stacked bar (one part per level, as wide as its share) over its counts."""
    text = escape(profile_text(counts))
    total = sum(counts.values())
    if not total:
        return text
    levels = [level for level in counts if level != NOT_JUDGED]
    parts = "".join(
        f"<span style='width:{100 * count / total:.1f}%;background:"
        f"{_UNJUDGED if level == NOT_JUDGED else _SHADES[min(levels.index(level), 3)]}'></span>"
        for level, count in counts.items() if count)
    return f"{text}<div class='bar' title='{text}'>{parts}</div>"


def _evidence(content: ReportContent) -> str:
    parts = []
    # Excerpts recur across configurations, stances are three: each is escaped once.
    excerpts: dict[int, str] = {}
    stances: dict[str, str] = {}
    for row in content.rows:
        evidence = row.configuration.evidence
        shown = []
        for link in evidence:
            excerpt = excerpts.get(id(link.excerpt))
            if excerpt is None:
                excerpt = excerpts[id(link.excerpt)] = _excerpt(link.excerpt, content.appraised)
            stance = stances.get(link.stance)
            if stance is None:
                stance = stances[link.stance] = f"<li><b>{escape(link.stance)}</b> "
            shown.append(stance + excerpt)
        summary = (f"CMOC {row.number} <code>{escape(row.id)}</code>: "
                   f"{counted(len(evidence), 'piece')}")
        parts.append(f"<details><summary>{summary}</summary><ul>{''.join(shown)}</ul></details>"
                     if shown else f"<p>{summary} (no evidence yet)</p>")
    return "".join(parts)


def _excerpt(excerpt: Excerpt, appraised: bool) -> str:
    """An excerpt cited as evidence, after its stance: its id, source, how it is judged (when
    anything in the theory is) and its quote."""
    source = excerpt.source
    judged = judgement_text(excerpt) if appraised else ""
    return (f"<code>{escape(excerpt.id)}</code> "
            f"({escape(source.citation or source.title or source.id)})"
            + (f" <span class='judged'>{escape(judged)}</span>" if judged else "")
            + f"<blockquote>{escape(excerpt.text)}</blockquote></li>")


def _documents(content: ReportContent) -> str:
    """The documents a review included: each with its appraisal and the CMOCs it informs."""
    rows = "".join(
        f"<tr><td><code>{escape(document.source.id)}</code> {escape(document.name)}</td>"
        f"<td>{escape(document.source.kind)}</td>"
        + "".join(f"<td>{escape(document.judgement(dimension))}</td>"
                  for dimension in ("relevance", "rigour", "richness"))
        + f"<td>{escape(', '.join(map(str, document.configurations)))}</td></tr>"
        for document in content.documents)
    return ("<table><tr><th>Document</th><th>Kind</th><th>Relevance</th><th>Rigour</th>"
            f"<th>Richness</th><th>CMOCs informed</th></tr>{rows}</table>")


def _retroduction(content: ReportContent) -> str:
    """Each retroduction log: numbered steps, then the alternatives set aside."""
    excerpts = content.excerpts
    parts = []
    for row in content.retroduced:
        log = row.configuration.retroduction
        assert log is not None  # retroduced rows have one
        lines = retroduction_markdown(row.configuration, excerpts, quotes=content.quotes)
        parts.append(f"<h3>CMOC {row.number} <code>{escape(row.id)}</code>: "
                     f"{escape(retroduction_summary(log))}</h3>"
                     f"<div class='log'>{markdown_to_html(chr(10).join(lines))}</div>")
    return ("<p>How each mechanism was inferred: the inferential moves in order, the "
            "excerpts and middle-range theories each rests on, and the alternative mechanisms "
            f"considered, with why each was set aside.</p>{''.join(parts)}")


def _rameses(content: ReportContent) -> str:
    rows = "".join(
        f"<tr><td class='n'>{item.number}</td><td>{escape(item.name)}</td><td>"
        + (" ".join(escape(text) for text in item.says) if item.covered else
           "<span class='missing'>Needs your own text.</span>") + "</td></tr>"
        for item in content.items)
    return (f"<p>What the data can say to each item of {escape(content.standard.about)}; "
            "the rest needs the researcher's own text.</p>"
            f"<table><tr><th>Item</th><th>Name</th><th>From the data</th></tr>{rows}</table>")
