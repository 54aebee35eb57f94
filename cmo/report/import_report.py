"""The import report: what ``cmo import`` brought in from a QDA project, table or reference
list, and what it could not map, as text or Markdown.

The notes are the import's warnings (:class:`~cmo.exceptions.CmoWarning`); they name codes,
rows and ids, never the text of an excerpt. In Markdown, the file's name and the notes are
escaped (:func:`~cmo.report.escaping.escape_markdown`), so a code or a path with ``*`` or
``_`` shows as written.

Example (synthetic):
    >>> from cmo.models import Collection
    >>> report = ImportReport.of("coding.qdpx", Collection(), ["code '*Misc*' was not mapped"])
    >>> print(import_report_text(report), end="")
    coding.qdpx: 0 configurations, 0 excerpts, 0 sources
      - code '*Misc*' was not mapped
    >>> print(import_report_markdown(report), end="")
    # Import of coding.qdpx
    <BLANKLINE>
    0 configurations, 0 excerpts, 0 sources
    <BLANKLINE>
    - code '\\*Misc\\*' was not mapped
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..models import Collection
from .escaping import escape_markdown

__all__ = ["ImportReport", "import_report_markdown", "import_report_text"]


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What one import brought in: the file read, a summary of counts, and the notes."""

    source: Path
    summary: str
    notes: tuple[str, ...] = ()

    @classmethod
    def of(cls, source: str | Path, collection: Collection, notes: Iterable[str] = ()
           ) -> ImportReport:
        """The report of ``collection``, read from ``source``, with the import's notes."""
        summary = (f"{len(collection.configurations)} configurations, "
                   f"{len(collection.excerpts)} excerpts, {len(collection.sources)} sources")
        if collection.codebook.codes:
            summary += f", {len(collection.codebook.codes)} codes in the codebook"
        return cls(Path(source), summary, tuple(notes))


def import_report_text(report: ImportReport) -> str:
    """The report as lines of text (as ``cmo import`` prints it), ending in a newline."""
    return "\n".join([f"{report.source}: {report.summary}",
                      *(f"  - {note}" for note in report.notes)]) + "\n"


def import_report_markdown(report: ImportReport) -> str:
    """The report as Markdown: a heading and a list, for reports."""
    return "\n".join([f"# Import of {escape_markdown(report.source.name)}", "", report.summary,
                      "", *(f"- {escape_markdown(note)}" for note in report.notes)]
                     ).rstrip() + "\n"
