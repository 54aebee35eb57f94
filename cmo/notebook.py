"""How theories, configurations, diffs and tables show themselves in a Jupyter notebook.

Jupyter asks an object for its ``_repr_mimebundle_`` or ``_repr_html_``. This module
attaches those hooks to configurations and tables (the theory and the diff answer by
calling the functions here), so the models and the theory's values import no presentation
code. A notebook shows a theory as its diagram, a configuration as a card with its
if-then-because sentence and evidence, a diff as its table of changes above its refinement
log, and a table as an HTML table.
Query results (``theory.chains()``, ``theory.demi_regularities()``, ``theory.support(id)``)
show as compact tables too. Wide tables and diagrams scroll inside the cell rather than
shrink or wrap mid-word. A plain console keeps the text ``repr``.

Tables (:class:`Records`) are lists of rows; ``.to_pandas()`` makes a DataFrame when
pandas is installed (``pip install 'cmo-realist[pandas]'``).

Example:
    >>> from cmo.models import Configuration
    >>> hope = Configuration(id="hope", contexts=[{"label": "Trust"}],
    ...                      outcomes=[{"label": "Hope <3"}])
    >>> card = configuration_html(hope)
    >>> "If Trust, then Hope &lt;3" in card and "<details" not in card
    True
    >>> Records([{"configuration": "hope", "evidence": 2}])._repr_html_()
    '<div style="overflow-x:auto;max-width:100%"><table class="cmo-table" ...><thead><tr><th>configuration</th>...'
"""

from __future__ import annotations

import shutil
from dataclasses import fields, is_dataclass
from html import escape
from typing import Any, Final

from .models import AppraisalScales, Configuration
from .theory.agreement import Agreement
from .theory.diff import TheoryDiff
from .theory.graph import ProgrammeTheory
from .theory.matrix import EvidenceMatrix
from .theory.records import Listing, Records
from .theory.support import Support, WaveSupport

__all__ = ["MAX_INLINE", "Listing", "Records", "agreement_html", "configuration_html",
           "diff_mimebundle", "listing_html", "matrix_html", "matrix_svg", "records_html",
           "support_html", "theory_mimebundle"]

#: Above this many configurations a notebook shows the summary, not the whole diagram
#: (``dot`` takes seconds, and a diagram that size is unreadable inline).
MAX_INLINE: Final = 60


def records_html(records: Records) -> str:
    """A table as HTML: one column per key, in the order the rows first give them."""
    from .render.jupyter import scrolling  # when shown: import cmo stays light

    columns = list(dict.fromkeys(key for row in records for key in row))
    head = "".join(f"<th>{escape(str(column))}</th>" for column in columns)
    body = "".join("<tr>" + "".join(f"<td>{escape(_cell(row.get(column)))}</td>"
                                    for column in columns) + "</tr>" for row in records)
    # Words wrap whole (notebooks' styles may break them anywhere); a table wider
    # than the cell scrolls.
    return scrolling(f'<table class="cmo-table" style="word-break:normal;'
                     f'overflow-wrap:normal"><thead><tr>{head}</tr></thead>'
                     f"<tbody>{body}</tbody></table>")


def listing_html(listing: Listing) -> str:
    """Query results as HTML: one row per result, one column per field.

    Example:
        >>> from cmo.theory.graph import Chain
        >>> print(listing_html(Listing([Chain("referral", "trust", "hope")])))  # doctest: +ELLIPSIS
        <div ...><table ...><thead><tr><th>upstream</th><th>via</th><th>downstream</th></tr>...
    """
    if not listing:
        return _note("None found.")
    return records_html(Records(_fields(item) for item in listing))


def _fields(item: Any) -> dict[str, Any]:
    if is_dataclass(item):
        return {field.name: getattr(item, field.name) for field in fields(item)}
    return {"value": item}


def _cell(value: Any) -> str:
    """A value as a table shows it: elements by label, several values joined."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    label = getattr(value, "label", None)
    if isinstance(label, str):
        return label
    if isinstance(value, tuple | list | set | frozenset):
        return ", ".join(map(_cell, value))
    return str(value)


def configuration_html(configuration: Configuration, *, number: int | None = None,
                       scales: AppraisalScales | None = None) -> str:
    """A card: the number ("CMOC 7"), id, theme and status, the if-then-because sentence,
    the evidence (each piece with how it is judged), the rigour of the evidence, and the
    retroduction log.

    The number is ``number``, else the one written in the configuration (a configuration
    on its own cannot know the number the order of its theory gives it). The rigour of the
    evidence is counted on ``scales`` (the theory's ``collection.appraisal_scales``), else on
    the default scale when every level fits it. Quotes sit in a collapsed ``<details>``
    (a notebook on a shared screen shows none by default), as does the retroduction log.

    Example (synthetic):
        >>> from cmo.models import Evidence, Excerpt, Source
        >>> paper = Source(id="p1", kind="publication", appraisal={"rigour": "moderate"})
        >>> quote = Excerpt(id="x1", source=paper, text="Synthetic quote.")
        >>> card = configuration_html(Configuration(id="hope", contexts=[{"label": "Trust"}],
        ...     outcomes=[{"label": "Hope"}], evidence=[Evidence(excerpt=quote, stance="supports")],
        ...     retroduction={"steps": [{"move": "abductive", "inference": "Hope read as trust",
        ...                              "excerpts": ["x1"]}]}))
        >>> "<p>Rigour of evidence: 1 moderate</p>" in card
        True
        >>> "<summary>Retroduction log: 1 inference step (1 abductive), 0 alternatives set aside</summary>" in card
        True
    """
    from .report.appraisal import judgement_text

    number = number if number is not None else configuration.number
    cited = f"<b>CMOC {number}</b> " if number is not None else ""
    counts: dict[str, int] = {}
    for evidence in configuration.evidence:
        counts[evidence.stance] = counts.get(evidence.stance, 0) + 1
    stance_text = ", ".join(f"{n} {stance}" for stance, n in sorted(counts.items())) \
        or "no evidence yet"
    theme = f" · {escape(configuration.theme)}" if configuration.theme else ""
    label = f" {escape(configuration.label)}" if configuration.label else ""
    rows = "".join(
        f"<li><b>{escape(e.stance)}</b> {escape(e.excerpt.id)} ({escape(e.excerpt.source.id)})"
        + (f" <small>{escape(judged)}</small>" if (judged := judgement_text(e.excerpt)) else "")
        + f"<blockquote>{escape(e.excerpt.text)}</blockquote></li>"
        for e in configuration.evidence)
    evidence = (f"<details><summary>Evidence: {escape(stance_text)}</summary>"
                f"<ul>{rows}</ul></details>") if rows else \
        f"<p>Evidence: {escape(stance_text)}</p>"
    return (f'<div class="cmo-configuration" style="border:1px solid #ccc;border-radius:6px;'
            f'padding:8px 12px;max-width:60em">'
            f"<p>{cited}<code>{escape(configuration.id)}</code>{label}<br>"
            f"<small>{escape(configuration.shape)} · {escape(configuration.status)}{theme}"
            f"</small></p><p>{escape(configuration.sentence)}</p>{evidence}"
            f"{_rigour(configuration, scales)}{_retroduction(configuration)}</div>")


def _rigour(configuration: Configuration, scales: AppraisalScales | None) -> str:
    """How much of the evidence stands at each level of rigour, when any of it is judged."""
    from .exceptions import InputError
    from .report.appraisal import profile_text
    from .theory.appraisal import appraisal_profile

    try:
        profile = appraisal_profile(configuration, scales or AppraisalScales(), "rigour")
    except InputError:  # a project's own levels, and no scales given to count them on
        return ""
    return f"<p>Rigour of evidence: {escape(profile_text(profile.counts))}</p>" \
        if profile.judged else ""


def _retroduction(configuration: Configuration) -> str:
    """The retroduction log, folded: steps, alternatives, the quotes of what they cite."""
    log = configuration.retroduction
    if log is None:
        return ""
    from .report.markdown_html import markdown_to_html
    from .report.retroduction import retroduction_markdown, retroduction_summary

    excerpts = {item.excerpt.id: item.excerpt for item in configuration.evidence}
    lines = retroduction_markdown(configuration, excerpts, quotes=True)
    return (f"<details><summary>Retroduction log: {escape(retroduction_summary(log))}"
            f"</summary>{markdown_to_html(chr(10).join(lines))}</details>")


def _svg(digraph: Any) -> str | None:
    """The diagram as SVG text, or None when Graphviz's ``dot`` is not installed."""
    if shutil.which("dot") is None:
        return None
    from .render import render
    from .render.jupyter import scrolling

    svg = render(digraph, diagram_format="svg").decode("utf-8")
    # Wide diagrams scroll rather than shrink: their labels stay legible.
    return scrolling(svg)


def _note(text: str) -> str:
    return f'<p style="color:#555"><small>{escape(text)}</small></p>'


def support_html(support: Support | WaveSupport) -> str:
    """A configuration's support as a one-row table."""
    return records_html(Records([support.as_record()]))


def theory_mimebundle(theory: ProgrammeTheory) -> dict[str, str]:
    """The theory for a notebook: its diagram (SVG) above its table, and its text ``repr``."""
    from .render import to_dot

    bundle = {"text/plain": repr(theory)}
    table = records_html(theory.strength_table())
    if len(theory.configurations) > MAX_INLINE:
        html = _note(f"{len(theory.configurations)} configurations: too many to draw inline; "
                     "draw one box per theme with cmo.save(theory, 'x.svg', summary=True), "
                     "or a theme with themes=[...].") + table
    else:
        svg = _svg(to_dot(theory))
        html = (svg or _note("Install Graphviz to see the diagram: "
                             "sudo apt-get install graphviz")) + table
    bundle["text/html"] = html
    return bundle


def diff_mimebundle(difference: TheoryDiff) -> dict[str, str]:
    """A diff for a notebook: its table of changes above its refinement log, each once.

    The HTML holds the table and the log (its Markdown set as HTML, so it wraps between
    words); a console shows the text log. No Markdown copy is offered beside them, which
    some frontends would show as a second log. The diagram of the changes is
    ``cmo.render.diff_to_dot(old, new)``, which a notebook draws inline as it is.
    """
    from .report.markdown_html import markdown_to_html
    from .report.refinement_log import refinement_log_markdown, refinement_log_text

    log = markdown_to_html(refinement_log_markdown(difference), heading_offset=2)
    # Rationales are long: the log gives each once, so the table leaves them out.
    table = Records({name: value for name, value in row.items() if name != "rationale"}
                    for row in difference.records())
    return {"text/plain": refinement_log_text(difference),
            "text/html": records_html(table)
            + f'<div class="cmo-refinement-log" style="word-break:normal">{log}</div>'}


def matrix_svg(matrix: EvidenceMatrix) -> str:
    """A framework matrix as its heatmap (:func:`cmo.report.heatmap.heatmap_svg`)."""
    from .report.heatmap import heatmap_svg  # when shown: import cmo stays light

    return heatmap_svg(matrix)


def matrix_html(matrix: EvidenceMatrix) -> str:
    """A framework matrix as its heatmap at its own size, scrolling sideways if wide."""
    from .render.jupyter import scrolling

    return scrolling(matrix_svg(matrix))


def agreement_html(agreement: Agreement) -> str:
    """Agreement between coders as a notebook shows it: the statistics, a row per
    configuration, what was matched how and the disagreements (never quote text)."""
    from .report.agreement_report import agreement_html as html

    return html(agreement, level=3)


# The hooks Jupyter looks for, attached here so neither the models nor the theory layer
# imports presentation code. A configuration shows as its card.
Configuration._repr_html_ = configuration_html  # type: ignore[attr-defined]
Records._repr_html_ = records_html  # type: ignore[attr-defined]
Listing._repr_html_ = listing_html  # type: ignore[attr-defined]
ProgrammeTheory._repr_mimebundle_ = (  # type: ignore[attr-defined]
    lambda theory, include=None, exclude=None: theory_mimebundle(theory))
TheoryDiff._repr_mimebundle_ = (  # type: ignore[attr-defined]
    lambda difference, include=None, exclude=None: diff_mimebundle(difference))
Support._repr_html_ = WaveSupport._repr_html_ = support_html  # type: ignore[attr-defined]
EvidenceMatrix._repr_html_ = matrix_html  # type: ignore[attr-defined]
Agreement._repr_html_ = agreement_html  # type: ignore[attr-defined]
EvidenceMatrix._repr_svg_ = matrix_svg  # type: ignore[attr-defined]
