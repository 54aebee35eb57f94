"""The logs of ``cmo``'s commands as files: the refinement log (``cmo diff -o``), the merge
report (``cmo merge --report``) and the import report (``cmo import --report``).

Each is written in Markdown (``.md``, for reports) or plain text (``.txt``), atomically;
the registry (:mod:`cmo.io`) picks the writer by what is written and the extension, so
``cmo.save(difference, "changes.md")`` writes a refinement log.

Example (synthetic):
    >>> from cmo.models import Collection
    >>> path = getfixture("tmp_path") / "import.txt"
    >>> _ = write_import_report(ImportReport.of("a.csv", Collection()), path, log_format="text")
    >>> print(path.read_text(encoding="utf-8"), end="")
    a.csv: 0 configurations, 0 excerpts, 0 sources
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Final, Literal, TypeVar

from .._helpers import write_atomically
from ..theory.diff import TheoryDiff
from ..theory.merge_result import MergeResult
from . import merge_report, refinement_log
from .import_report import ImportReport, import_report_markdown, import_report_text

__all__ = ["LOG_FORMATS", "LogFormat", "write_import_report", "write_merge_report",
           "write_refinement_log"]

#: How a log is written: Markdown or plain text.
LogFormat = Literal["markdown", "text"]
LOG_FORMATS: Final[tuple[LogFormat, ...]] = ("markdown", "text")

_Logged = TypeVar("_Logged")


def _write(value: _Logged, path: str | Path, log_format: LogFormat,
           forms: dict[LogFormat, Callable[[_Logged], str]]) -> Path:
    if log_format not in forms:
        raise ValueError(f"unknown log format: {log_format!r} (must be one of {sorted(forms)})")
    text = forms[log_format](value)
    if not text.endswith("\n"):  # a text file ends with a line end, whatever the log
        text += "\n"
    return write_atomically(path, lambda stream: stream.write(text.encode("utf-8")))


def write_refinement_log(difference: TheoryDiff, path: str | Path, *,
                         log_format: LogFormat) -> Path:
    """Write the refinement log of ``difference`` (see :mod:`cmo.report.refinement_log`)."""
    return _write(difference, path, log_format,
                  {"markdown": refinement_log.refinement_log_markdown,
                   "text": refinement_log.refinement_log_text})


def write_merge_report(result: MergeResult, path: str | Path, *, log_format: LogFormat) -> Path:
    """Write the merge report of ``result`` (see :mod:`cmo.report.merge_report`)."""
    return _write(result, path, log_format,
                  {"markdown": merge_report.merge_report_markdown,
                   "text": merge_report.merge_report_text})


def write_import_report(report: ImportReport, path: str | Path, *,
                        log_format: LogFormat) -> Path:
    """Write an import report (see :mod:`cmo.report.import_report`)."""
    return _write(report, path, log_format,
                  {"markdown": import_report_markdown, "text": import_report_text})
