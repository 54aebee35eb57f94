"""Reports for RAMESES II (realist evaluations) or RAMESES for realist syntheses: one
self-contained HTML file, or Markdown with Mermaid.

``cmo report theory.yaml -o report.html`` writes the diagram, a table of configurations
(if-then-because sentence, status, support, and the rigour of the evidence when anything
is appraised), the evidence behind each (collapsed), the retroduction logs, the refinement
log when an initial version is given too, and what the data say to each item of the
standard, naming those that need the researcher's own text. ``standard="rameses-synthesis"``
(``cmo report --standard rameses-synthesis``) follows the standards for realist reviews and
lists the documents included with their appraisal. See docs/reports.md.

Example:
    >>> import cmo
    >>> theory = cmo.load("examples/social_prescribing/theory.yaml")
    >>> path = write_report(theory, getfixture("tmp_path") / "report.html")
    >>> text = path.read_text(encoding="utf-8")
    >>> "hope-through-trust" in text and "<script" not in text and "http://" not in text.split("<svg")[0]
    True
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from .._helpers import write_atomically
from ..models import Collection
from ..progress import tracking
from ..sharing.privacy import withhold_quotes
from ..theory.graph import ProgrammeTheory, collection_of
from .content import report_content
from .html import report_html
from .markdown import report_markdown
from .standards import REPORT_STANDARDS, ReportStandard

__all__ = ["REPORT_FORMATS", "REPORT_STANDARDS", "write_report"]

#: Report formats by file extension.
REPORT_FORMATS: Final = {".html": report_html, ".md": report_markdown}


def write_report(theory: ProgrammeTheory | Collection, path: str | Path, *,
                 initial: ProgrammeTheory | Collection | None = None,
                 quotes: bool = True, standard: ReportStandard = "rameses-ii",
                 matrix_by: str | None = None) -> Path:
    """Write a report of ``theory`` (refined from ``initial``, if given), atomically.

    Args:
        theory: the theory reported on.
        path: ``.html`` (self-contained) or ``.md`` (Markdown with a Mermaid diagram).
        initial: the earlier version, for the refinement log and RAMESES II item 13.
        quotes: False leaves every quote out (see :mod:`cmo.sharing.privacy`).
        standard: the reporting standard: ``"rameses-ii"`` (realist evaluations, the
            default) or ``"rameses-synthesis"`` (realist syntheses, with the documents
            included).
        matrix_by: the framework matrix of the evidence by this field of the sources
            (``"participant"``, ``"site"``, ``"wave"``, ``"source"`` ...: see
            :data:`cmo.theory.matrix.MATRIX_BY`) against the configurations: a heatmap in
            HTML, a table per theme in Markdown.

    Raises:
        InputError: an empty theory.
        ValueError: an extension with no report format, an unknown standard, or an unknown
            ``matrix_by``.
    """
    suffix = Path(path).suffix.lower()
    if suffix not in REPORT_FORMATS:
        raise ValueError(f"cannot write a report as {suffix or '(no extension)'!r} "
                         f"(use one of: {', '.join(sorted(REPORT_FORMATS))})")
    if standard not in REPORT_STANDARDS:
        raise ValueError(f"unknown report standard: {standard!r} "
                         f"(use one of: {', '.join(REPORT_STANDARDS)})")
    with tracking(f"writing {Path(path).name}", size=len(collection_of(theory).configurations)):
        content = report_content(_theory(theory, quotes), _theory(initial, quotes)
                                 if initial is not None else None, standard=standard,
                                 quotes=quotes, matrix_by=matrix_by)
        text = REPORT_FORMATS[suffix](content)
    return write_atomically(path, lambda stream: stream.write(text.encode("utf-8")))


def _theory(theory: ProgrammeTheory | Collection, quotes: bool) -> ProgrammeTheory:
    if quotes and isinstance(theory, ProgrammeTheory):
        return theory  # built already: no second graph
    collection = collection_of(theory)
    return ProgrammeTheory(collection if quotes else withhold_quotes(collection))
