"""Reports for RAMESES II: one self-contained HTML file, or Markdown with Mermaid.

``cmo report theory.yaml -o report.html`` writes the diagram, a table of configurations
(if-then-because sentence, status, support), the evidence behind each (collapsed), the
refinement log when an initial version is given too, and what the data say to each
RAMESES II item, naming those that need the researcher's own text.

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

__all__ = ["REPORT_FORMATS", "write_report"]

#: Report formats by file extension.
REPORT_FORMATS: Final = {".html": report_html, ".md": report_markdown}


def write_report(theory: ProgrammeTheory | Collection, path: str | Path, *,
                 initial: ProgrammeTheory | Collection | None = None,
                 quotes: bool = True) -> Path:
    """Write a report of ``theory`` (refined from ``initial``, if given), atomically.

    Args:
        theory: the theory reported on.
        path: ``.html`` (self-contained) or ``.md`` (Markdown with a Mermaid diagram).
        initial: the earlier version, for the refinement log and RAMESES II item 13.
        quotes: False leaves every quote out (see :mod:`cmo.sharing.privacy`).

    Raises:
        InputError: an empty theory.
        ValueError: an extension with no report format.
    """
    suffix = Path(path).suffix.lower()
    if suffix not in REPORT_FORMATS:
        raise ValueError(f"cannot write a report as {suffix or '(no extension)'!r} "
                         f"(use one of: {', '.join(sorted(REPORT_FORMATS))})")
    with tracking(f"writing {Path(path).name}", size=len(collection_of(theory).configurations)):
        content = report_content(_theory(theory, quotes), _theory(initial, quotes)
                                 if initial is not None else None)
        text = REPORT_FORMATS[suffix](content)
    return write_atomically(path, lambda stream: stream.write(text.encode("utf-8")))


def _theory(theory: ProgrammeTheory | Collection, quotes: bool) -> ProgrammeTheory:
    if quotes and isinstance(theory, ProgrammeTheory):
        return theory  # built already: no second graph
    collection = collection_of(theory)
    return ProgrammeTheory(collection if quotes else withhold_quotes(collection))
