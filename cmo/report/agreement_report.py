"""The agreement between coders, for people: text for a terminal, Markdown for a report,
and the files ``cmo agree -o`` writes (.md, .txt, .json, .csv, .xlsx).

Excerpts are named by id, never quoted: the report may leave the team, and quotes may be
confidential. The merge report ends with the same section when the inputs share sources.

Example (synthetic):
    >>> from cmo.models import Collection, Configuration, Excerpt, Source
    >>> from cmo.theory.agreement import agree
    >>> paper = Source(id="s1", kind="document")
    >>> quotes = [Excerpt(id=f"q{n}", source=paper, text=f"Synthetic passage {n}.")
    ...           for n in (1, 2, 3, 4)]
    >>> def coder(*stances):
    ...     return Collection(excerpts=quotes, configurations=[Configuration(id="hope",
    ...         contexts=[{"label": "Trust"}], outcomes=[{"label": "Hope"}],
    ...         evidence=[{"excerpt": q, "stance": s} for q, s in zip(quotes, stances) if s])])
    >>> print(agreement_text(agree(coder("supports", "supports", None, "refutes"),
    ...     coder("supports", "refines", None, "refutes"), names=("ann.yaml", "bob.yaml"))))
    agreement of ann.yaml, bob.yaml: 4 units (1 configuration x 4 excerpts of 1 shared source)
    same value: 75.0% of units
    stance      Cohen's kappa 0.667 (SE 0.258, 95% CI 0.162 to 1.172); Krippendorff's alpha 0.696
    assignment  Cohen's kappa 1.000 (SE 0.000, 95% CI 1.000 to 1.000); Krippendorff's alpha 1.000
    CMOC        'hope': kappa 0.667, alpha 0.696: 3 cited, 1 disagreement
    disagree    excerpt 'q2' (s1) in 'hope': ann.yaml supports, bob.yaml refines
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

from .._helpers import write_atomically
from .._helpers.wording import counted
from ..exceptions import UnsupportedFormatError
from ..tables.csv_format import csv_bytes
from ..tables.formulas import text_cell
from ..tables.xlsx_format import load_openpyxl
from ..theory.agreement import CATEGORIES, Agreement, Statistic
from .escaping import escape_markdown
from .markdown_html import markdown_to_html
from .page import html_page

__all__ = ["AGREEMENT_FORMATS", "agreement_html", "agreement_lines", "agreement_markdown",
           "agreement_text", "write_agreement"]

_LABEL: Final = 12


def _summary(agreement: Agreement) -> str:
    left = f", {len(agreement.left_out)} left out" if agreement.left_out else ""
    return (f"agreement of {', '.join(agreement.names)}: {counted(agreement.units, 'unit')} "
            f"({counted(len(agreement.configurations), 'configuration')} x "
            f"{counted(len(agreement.excerpts), 'excerpt')} of "
            f"{counted(len(agreement.sources), 'shared source')}{left})")


def _observed(agreement: Agreement) -> str | None:
    share = agreement.observed
    return None if share is None else f"same value: {100 * share:.1f}% of units"


def _pair(kappa: Statistic, alpha: Statistic) -> list[str]:
    """The two statistics on one line when both have values, else one line each."""
    if kappa.defined and alpha.defined:
        return [f"{kappa.name} {kappa}; {alpha.name} {alpha}"]
    if kappa.reason and kappa.reason.startswith("Cohen's kappa is for two coders"):
        return [f"{alpha.name} {alpha}" if alpha.defined else f"{alpha.name}: {alpha}"]
    return [f"{s.name} {s}" if s.defined else f"{s.name}: {s}" for s in (kappa, alpha)]


def _statistics(agreement: Agreement) -> Iterator[tuple[str, str]]:
    yield from (("stance", line) for line in _pair(agreement.kappa, agreement.alpha))
    yield from (("assignment", line) for line in _pair(agreement.assignment_kappa,
                                                       agreement.assignment_alpha))


def _configuration(row: Mapping[str, Any]) -> str:
    values = ", ".join(f"{name} {_number(row[name])}" for name in ("kappa", "alpha")
                       if name in row)
    return (f"{values}: {row['cited']} cited, "
            f"{counted(row['disagreed'], 'disagreement')}")


def _number(value: float | None) -> str:
    return "undefined" if value is None else f"{value:.3f}"


def _disagreement(agreement: Agreement, row: Mapping[str, Any]) -> str:
    stances = ", ".join(f"{name} {row[f'stance by {name}']}" for name in agreement.names)
    return (f"excerpt '{row['excerpt']}' ({row['source']}) in '{row['configuration']}': "
            f"{stances}")


def _matches(agreement: Agreement) -> Iterator[str]:
    """What was matched other than by the same id: each coder's id and how it was matched."""
    found = (*(("configuration", c) for c in agreement.configurations),
             *(("excerpt", e) for e in agreement.excerpts))
    for what, matched in found:
        holder = next(n for n, ident in enumerate(matched.ids) if ident is not None)
        others = ", ".join(f"'{ident}' ({name}, by {how})" for name, ident, how in zip(
            agreement.names, matched.ids, matched.by, strict=True) if how not in (None, "id"))
        if others:
            yield f"{what} '{matched.id}' ({agreement.names[holder]}) is {others}"


def agreement_lines(agreement: Agreement) -> list[str]:
    """The agreement as lines of text, each with a label of 12 characters: the summary,
    the statistics, each configuration, what was matched how, and each disagreement."""
    lines = [_summary(agreement)]
    if (observed := _observed(agreement)) is not None:
        lines.append(observed)
    lines += [f"{label:<{_LABEL}}{text}" for label, text in _statistics(agreement)]
    lines += [f"{'CMOC':<{_LABEL}}'{row['configuration']}': {_configuration(row)}"
              for row in agreement.table()]
    lines += [f"{'matched':<{_LABEL}}{line}" for line in _matches(agreement)]
    lines += [f"{'disagree':<{_LABEL}}{_disagreement(agreement, row)}"
              for row in agreement.disagreements()]
    return lines


def agreement_text(agreement: Agreement) -> str:
    """The agreement as text for a terminal, without a final newline."""
    return "\n".join(agreement_lines(agreement))


def _markdown_table(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    if not rows:
        return []
    columns = list(rows[0])
    lines = ["| " + " | ".join(escape_markdown(c) for c in columns) + " |",
             "|" + "|".join("---:" if any(isinstance(row[c], int | float) for row in rows)
                            else "---" for c in columns) + "|"]
    lines += ["| " + " | ".join(escape_markdown(_cell(row[c])) for c in columns) + " |"
              for row in rows]
    return lines


def _cell(value: object) -> str:
    if value is None:
        return ""
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def agreement_markdown(agreement: Agreement, *, level: int = 1) -> str:
    """The agreement in Markdown: a heading of ``level`` ("Agreement between coders"), the
    statistics, a table per configuration, what was matched how and the disagreements.

    Returns:
        Markdown text ending in one newline.
    """
    heading = "#" * level
    lines = [f"{heading} Agreement between coders", "",
             escape_markdown(_summary(agreement)).capitalize() + ".", ""]
    if agreement.left_out:
        lines += [f"Left out (not in every coder's theory): "
                  f"{escape_markdown(', '.join(agreement.left_out))}.", ""]
    if (observed := _observed(agreement)) is not None:
        lines += [observed.capitalize() + ".", ""]
    lines += [f"- {on}: {escape_markdown(text)}" for on, text in _statistics(agreement)]
    lines += ["", f"{heading}# Per configuration", "", *_markdown_table(agreement.table()), ""]
    if matches := list(_matches(agreement)):
        lines += [f"{heading}# Matched across coders", "",
                  *(f"- {escape_markdown(m)}" for m in matches), ""]
    disagreements = agreement.disagreements()
    lines += [f"{heading}# Disagreements to adjudicate", ""]
    lines += [f"- {escape_markdown(_disagreement(agreement, row))}" for row in disagreements]
    if not disagreements:
        lines.append("None: every coder gave every unit the same value.")
    return "\n".join(lines).rstrip() + "\n"


def _json(agreement: Agreement) -> bytes:
    data = {"coders": list(agreement.names), "units": agreement.units,
            "categories": list(CATEGORIES), "shared sources": list(agreement.sources),
            "left out": list(agreement.left_out), "observed": agreement.observed,
            "statistics": agreement.statistics(), "configurations": agreement.table(),
            "matching": agreement.matching(), "disagreements": agreement.disagreements()}
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _csv(agreement: Agreement) -> bytes:
    rows = agreement.table()
    return csv_bytes(list(rows[0]) if rows else ["configuration"],
                     [list(row.values()) for row in rows])


def _xlsx(agreement: Agreement) -> bytes:
    from openpyxl.cell import WriteOnlyCell

    workbook = load_openpyxl().Workbook(write_only=True)
    for title, rows in (("configurations", agreement.table()),
                        ("statistics", agreement.statistics()),
                        ("disagreements", agreement.disagreements()),
                        ("matching", agreement.matching())):
        sheet = workbook.create_sheet(title)
        if rows:
            for values in (list(rows[0]), *(list(row.values()) for row in rows)):
                sheet.append([text_cell(WriteOnlyCell(sheet, value=value)) for value in values])
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


#: What ``cmo agree -o`` writes, by extension: the report (.md, .txt), everything (.json),
#: the table per configuration (.csv), or every table as a sheet (.xlsx).
def agreement_html(agreement: Agreement, *, level: int = 1) -> str:
    """The agreement as HTML (its Markdown set by :func:`~.markdown_html.markdown_to_html`):
    what a notebook shows, and the body of an ``.html`` file."""
    return markdown_to_html(agreement_markdown(agreement, level=level))


def _html(agreement: Agreement) -> bytes:
    body = agreement_html(agreement, level=2)
    return html_page("Agreement between coders", body).encode("utf-8")


AGREEMENT_FORMATS: Final[Mapping[str, Callable[[Agreement], bytes]]] = {
    ".md": lambda a: agreement_markdown(a).encode("utf-8"), ".html": _html,
    ".txt": lambda a: (agreement_text(a) + "\n").encode("utf-8"),
    ".json": _json, ".csv": _csv, ".xlsx": _xlsx}


def write_agreement(agreement: Agreement, path: str | Path) -> Path:
    """Write the agreement to ``path``, in the format its extension names
    (:data:`AGREEMENT_FORMATS`); quotes are never written.

    Raises:
        UnsupportedFormatError: an extension not in :data:`AGREEMENT_FORMATS`.
        OutputError: the file cannot be written.
    """
    writer = AGREEMENT_FORMATS.get(Path(path).suffix.lower())
    if writer is None:
        raise UnsupportedFormatError(path, action="write an agreement to",
                                     supported=list(AGREEMENT_FORMATS))
    content = writer(agreement)
    return write_atomically(path, lambda stream: stream.write(content))
