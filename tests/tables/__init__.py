"""Tests of the data-extraction tables (cmo.tables), with helpers that build fixture files.

Fixture workbooks and CSV files are made in code, so what each test reads is in front of
the reader; every quote in them is synthetic and says so.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping, Sequence
from pathlib import Path

import openpyxl

from cmo.models import Collection, Configuration, Excerpt, Source

__all__ = ["tabular", "workbook", "write_csv_rows", "xml_safe"]

Rows = Sequence[Sequence[object]]


def workbook(path: Path, sheets: Mapping[str, Rows]) -> Path:
    """Write an .xlsx file with one sheet per entry, each a list of rows (row 1 first)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    book.save(path)
    return path


def write_csv_rows(path: Path, rows: Rows, *, encoding: str = "utf-8",
                   delimiter: str = ",") -> Path:
    """Write a CSV file of ``rows`` (row 1 first) in ``encoding``."""
    with path.open("w", encoding=encoding, newline="") as stream:
        csv.writer(stream, delimiter=delimiter).writerows(rows)
    return path


def tabular(collection: Collection) -> Collection:
    """The collection without what tables do not carry: the whole texts of sources and
    their groups, who applied each code (an excerpt's codes are kept), the codebook, and
    an empty retroduction log (no steps, no alternatives: a table has no row to show it)."""
    # Document sets (a source's groups) come from QDA projects; tables do not carry them.
    no_groups = {"groups": ()} if "groups" in Source.model_fields else {}
    sources = {source.id: source.model_copy(update={"text": None, **no_groups})
               for source in collection.sources}
    dropped = {"codings": ()} if "codings" in Excerpt.model_fields else {}
    excerpts = {excerpt.id: excerpt.model_copy(update={"source": sources[excerpt.source.id],
                                                       **dropped})
                for excerpt in collection.excerpts}
    configurations = tuple(configuration.model_copy(update={"evidence": tuple(
        evidence.model_copy(update={"excerpt": excerpts[evidence.excerpt.id]})
        for evidence in configuration.evidence), **_no_empty_log(configuration)})
        for configuration in collection.configurations)
    # Written by the QDA formats, not by tables: a codebook of codes applied or not.
    codebook = {"codebook": Collection.model_fields["codebook"].default} if (
        "codebook" in Collection.model_fields) else {}
    return collection.model_copy(update={**codebook, "sources": tuple(sources.values()),
                                         "excerpts": tuple(excerpts.values()),
                                         "configurations": configurations})


def _no_empty_log(configuration: Configuration) -> dict[str, None]:
    log = getattr(configuration, "retroduction", None)
    return {"retroduction": None} if log is not None and not (
        log.steps or log.alternatives) else {}


def xml_safe(collection: Collection) -> bool:
    """Whether a workbook can hold every text of the collection (no U+FFFE or U+FFFF)."""
    text = json.dumps(collection.model_dump(mode="json"), ensure_ascii=False)
    return "\ufffe" not in text and "\uffff" not in text
