"""Data-extraction tables: a theory as spreadsheets (XLSX) or CSV files, read and written.

A realist review keeps one row per configuration (id, theme, contexts, mechanism
resource and reasoning, outcomes, evidence ids, status...) and one row per piece of
evidence (excerpt id, source, text, participant, stance, configuration...), with the
appraisal of sources and excerpts in columns (relevance, rigour, richness) and each
configuration's retroduction log in a table of its own (one row per inference step or
alternative mechanism; see :mod:`cmo.tables.appraisal` and :mod:`cmo.tables.retroduction`).
A workbook holds each table as a sheet; CSV holds one table per file, the configurations
in the file named and the others beside it (``theory.excerpts.csv``...).
``docs/tables.md`` describes every table and column.

Example:
    >>> import pathlib, tempfile
    >>> from cmo.models import Collection, Configuration
    >>> hope = Configuration(id="hope", contexts=[{"label": "Trust"}],
    ...                      outcomes=[{"label": "Hope"}, {"label": "Engagement"}])
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> read_xlsx(write_xlsx(Collection(configurations=[hope]), folder / "t.xlsx")).configurations
    (Configuration(id='hope', contexts=(Context(id='c-trust', label='Trust'),), outcomes=(...)),)
    >>> read_csv(write_csv(Collection(configurations=[hope]), folder / "t.csv")).configurations == (hope,)
    True
"""

from __future__ import annotations

from .csv_format import read_csv, write_csv
from .options import ReadOptions, read_column_map
from .records import read_records
from .xlsx_format import read_xlsx, write_xlsx

__all__ = ["ReadOptions", "read_column_map", "read_csv", "read_records", "read_xlsx",
           "write_csv", "write_xlsx"]
