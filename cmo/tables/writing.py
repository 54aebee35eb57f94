"""From a collection to tables: one row per configuration, per piece of evidence, per source.

Each table keeps its core columns and adds the others only when some row has a value in
them. The excerpts table has one row per (configuration, excerpt) pair, grouped by
configuration, then one row for each excerpt no configuration cites. The retroduction,
elements, theories, scales and about tables are left out when they would be empty.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..exceptions import CmoWarning, InputError, Problem
from ..models import Collection, Configuration, Evidence, Excerpt, Mechanism, Source
from ..models.collection import HEADER_FIELDS
from ..sharing.privacy import withhold_quotes
from ..theory.graph import ProgrammeTheory, collection_of
from .appraisal import judgement_cells, scale_rows
from .cells import join_values
from .columns import (
    ABOUT,
    CONFIGURATIONS,
    ELEMENTS,
    EXCERPTS,
    RETRODUCTION,
    SCALES,
    SOURCES,
    THEORIES,
    TableSpec,
)
from .elements import Elements
from .retroduction import retroduction_rows

__all__ = ["OutputTable", "collection_to_tables", "collection_to_write"]

#: A cell as written: text, a whole number, or blank.
Cell = str | int | None


@dataclass(frozen=True, slots=True)
class OutputTable:
    """A table to write: its header, its rows, and what each row is (for messages).

    Attributes:
        spec: which table of a theory it is.
        headers: the header row.
        rows: the cells of each row, in the order of ``headers``.
        names: what each row describes: ``"configuration 'hope'"``, ``"excerpt 'q1'"``.
    """

    spec: TableSpec
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    names: tuple[str, ...]


class _Builder:
    """Turns records (field -> cell) into a table, keeping core columns and used ones."""

    def __init__(self, spec: TableSpec, problems: list[Problem]) -> None:
        self.spec, self.problems = spec, problems
        self.records: list[dict[str, Cell]] = []
        self.names: list[str] = []

    def add(self, name: str, /, **cells: Any) -> None:
        record: dict[str, Cell] = {}
        for field, value in cells.items():
            if self.spec.column(field).many:
                try:
                    value = join_values(list(value))
                except ValueError:
                    self.problems.append(Problem(
                        f"{name}, column {self.spec.column(field).header!r}",
                        "a value holds a line break, which separates the values of a cell",
                        "remove the line break, or export to YAML or JSON"))
                    value = None
            record[field] = value
        self.records.append(record)
        self.names.append(name)

    def table(self) -> OutputTable:
        used = [column for column in self.spec.columns if column.core or any(
            record.get(column.field) is not None for record in self.records)]
        rows = tuple(tuple(record.get(column.field) for column in used)
                     for record in self.records)
        return OutputTable(self.spec, tuple(column.header for column in used), rows,
                           tuple(self.names))


def _source_cells(source: Source) -> dict[str, Cell]:
    return {"participant": source.participant, "source_kind": source.kind,
            "participant_role": source.participant_role, "site": source.site,
            "wave": source.wave, "doi": source.doi}


def _excerpt_cells(excerpt: Excerpt) -> dict[str, Any]:
    return {"id": excerpt.id, "source": excerpt.source.id, "text": excerpt.text,
            "codes": excerpt.codes, "page": excerpt.page, "line": excerpt.line,
            "timestamp": excerpt.timestamp, "start": excerpt.start, "end": excerpt.end,
            **_source_cells(excerpt.source), **judgement_cells(excerpt.appraisal)}


def _configurations(collection: Collection, elements: Elements,
                    problems: list[Problem]) -> OutputTable:
    builder = _Builder(CONFIGURATIONS, problems)
    by_id = any(elements.needs_mechanism_id(c.mechanism)
                for c in collection.configurations if c.mechanism is not None)
    for configuration in collection.configurations:
        mechanism: Mechanism | None = configuration.mechanism
        builder.add(
            f"configuration {configuration.id!r}",
            id=configuration.id, number=configuration.number, label=configuration.label,
            theme=configuration.theme,
            status=configuration.status,
            mechanism_resource=mechanism.resource if mechanism else None,
            mechanism_reasoning=mechanism.reasoning if mechanism else None,
            mechanism_id=mechanism.id if mechanism and by_id else None,
            **{slot: [elements.cell_for(element) for element in getattr(configuration, slot)]
               for slot in ("contexts", "outcomes", "interventions", "actors")},
            evidence=[evidence.excerpt.id for evidence in configuration.evidence],
            theories=configuration.theories, rationale=configuration.rationale,
            derived_from=configuration.derived_from, notes=configuration.notes)
    return builder.table()


def _evidence_rows(collection: Collection) -> Iterable[tuple[Excerpt, Configuration | None,
                                                             Evidence | None]]:
    cited: set[str] = set()
    for configuration in collection.configurations:
        for evidence in configuration.evidence:
            cited.add(evidence.excerpt.id)
            yield evidence.excerpt, configuration, evidence
    for excerpt in collection.excerpts:
        if excerpt.id not in cited:
            yield excerpt, None, None


def _excerpts(collection: Collection, problems: list[Problem]) -> OutputTable:
    builder = _Builder(EXCERPTS, problems)
    for excerpt, configuration, evidence in _evidence_rows(collection):
        builder.add(f"excerpt {excerpt.id!r}", **_excerpt_cells(excerpt),
                    configuration=[configuration.id] if configuration else [],
                    stance=evidence.stance if evidence else None,
                    note=evidence.note if evidence else None)
    return builder.table()


def _sources(collection: Collection, problems: list[Problem]) -> OutputTable:
    builder = _Builder(SOURCES, problems)
    for source in collection.sources:
        builder.add(f"source {source.id!r}", id=source.id, kind=source.kind,
                    **{name: getattr(source, name) for name in (
                        "title", "participant", "participant_role", "site", "wave", "citation",
                        "doi", "url", "notes")},
                    date=source.date.isoformat() if source.date else None,
                    **judgement_cells(source.appraisal))
    return builder.table()


def _retroduction(collection: Collection, problems: list[Problem]) -> OutputTable:
    builder = _Builder(RETRODUCTION, problems)
    for configuration in collection.configurations:
        if configuration.retroduction is not None:
            for cells in retroduction_rows(configuration.id, configuration.retroduction):
                builder.add(f"the retroduction log of configuration {configuration.id!r}",
                            **cells)
    return builder.table()


def _scales(collection: Collection, problems: list[Problem]) -> OutputTable:
    builder = _Builder(SCALES, problems)
    for dimension, levels in scale_rows(collection.appraisal_scales):
        builder.add(f"the {dimension} scale", dimension=dimension, levels=levels)
    return builder.table()


def _elements(elements: Elements, problems: list[Problem]) -> OutputTable:
    builder = _Builder(ELEMENTS, problems)
    for element in elements.declared:
        halves = ({"resource": element.resource, "reasoning": element.reasoning}
                  if isinstance(element, Mechanism) else {})
        builder.add(f"{element.kind} {element.id!r}", kind=element.kind, id=element.id,
                    label=element.label, description=element.description,
                    aliases=element.aliases, **halves)
    return builder.table()


def _theories(collection: Collection, problems: list[Problem]) -> OutputTable:
    builder = _Builder(THEORIES, problems)
    for theory in collection.theories:
        builder.add(f"theory {theory.name!r}", name=theory.name, citation=theory.citation,
                    doi=theory.doi, description=theory.description)
    return builder.table()


def _about(collection: Collection, problems: list[Problem]) -> OutputTable:
    builder = _Builder(ABOUT, problems)
    header = collection.header
    if any(value is not None for value in header.values()):
        date = header["date"]
        builder.add("the theory", **{name: header[name] for name in HEADER_FIELDS
                                     if name != "date"},
                    date=date.isoformat() if date else None)
    return builder.table()


def collection_to_write(theory: ProgrammeTheory | Collection, *, quotes: bool,
                        path: str | Path) -> Collection:
    """The collection to write: a theory's own, with the excerpts' text withheld if asked.

    Tables have no place for the whole text of a source (a transcript): a
    :class:`~cmo.exceptions.CmoWarning` says how many sources had one.
    """
    collection = collection_of(theory)
    if not quotes:
        return withhold_quotes(collection)
    with_text = sum(source.text is not None for source in collection.sources)
    if with_text:
        warnings.warn(f"{path}: tables do not hold the whole texts of sources; {with_text} "
                      "sources' texts (transcripts) are left out (keep the YAML, JSON or QDA "
                      "project for them)", CmoWarning, stacklevel=3)
    return collection


def collection_to_tables(collection: Collection) -> Sequence[OutputTable]:
    """The tables of a collection: configurations, excerpts and sources, then the
    retroduction, elements, theories, scales and about tables when they have rows.

    Raises:
        InputError: a value that cannot be written in a cell of several values (one with a
            line break), naming what holds it; the caller names the file.
    """
    problems: list[Problem] = []
    elements = Elements(collection.elements)
    tables = [_configurations(collection, elements, problems), _excerpts(collection, problems),
              _sources(collection, problems), _retroduction(collection, problems),
              _elements(elements, problems), _theories(collection, problems),
              _scales(collection, problems), _about(collection, problems)]
    if problems:
        raise InputError(problems)
    return [table for table in tables
            if table.rows or table.spec in (CONFIGURATIONS, EXCERPTS, SOURCES)]
