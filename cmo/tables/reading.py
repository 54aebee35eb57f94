"""From tables to a collection: configurations, their elements and evidence, and the rest.

The format modules hand over raw tables; this module reads them in order (the theory's
description, middle-range theories, sources and excerpts, elements, configurations),
collects every problem, and raises them once as an :class:`~cmo.exceptions.InputError`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

from pydantic import ValidationError

from ..models import Collection, Configuration, MiddleRangeTheory, Retroduction
from ..models.collection import HEADER_FIELDS
from ..models.configuration import SLOT_KINDS
from ..models.types import STATUSES
from .appraisal import read_scales
from .columns import QUOTE_COLUMNS
from .elements import Elements, read_elements
from .evidence import EvidenceTables, configuration_id, read_evidence
from .options import ReadOptions
from .retroduction import RetroductionLogs, read_retroduction
from .sheet import Problems, RawTable, Row, Table, read_table, warn_unknown_columns, with_extras
from .values import build, choice, date_value, shown, whole_number

__all__ = ["tables_to_collection"]

_STATUS_SPELLINGS: Final = {status: status for status in STATUSES}
#: A configuration's fields that are one cell each, as the cell gives them.
_PLAIN: Final = ("label", "theme", "rationale", "notes")


def tables_to_collection(raw_tables: Sequence[RawTable], *, source: str | Path,
                         problems: Problems, options: ReadOptions | None = None) -> Collection:
    """Read a set of tables (one per kind at most) into a collection.

    Args:
        raw_tables: the tables the file holds.
        source: the file, for messages.
        problems: problems found already (by the format module); more are added.
        options: a column map and a separator of values (see :mod:`cmo.tables.options`).

    Raises:
        InputError: every problem found, each naming its table, row and column.
    """
    tables: dict[str, Table] = {}
    for raw in raw_tables:
        table = read_table(raw, problems, options)
        if table is not None:
            tables[raw.spec.name] = table
    configurations_table = tables.get("configurations")
    if configurations_table is not None and configurations_table.has("mechanism") and (
            configurations_table.has("mechanism_resource")):
        undivided = configurations_table.headers[configurations_table.fields["mechanism"]]
        problems.note_unknown(configurations_table.where, [
            f"{undivided!r} (an undivided mechanism is read only when there is no resource "
            "column)"])
    warn_unknown_columns(problems, source)
    header = _about(tables.get("about"), problems)
    theories = _theories(tables.get("theories"), problems)
    scales = read_scales(tables.get("scales"), problems)
    evidence = read_evidence(tables.get("sources"), tables.get("excerpts"), problems,
                             quotes=configurations_table, scales=scales)
    retroduction = read_retroduction(tables.get("retroduction"), problems,
                                     excerpts=evidence.known)
    elements = read_elements(tables.get("elements"), problems)
    configurations = _configurations(configurations_table, elements, evidence, retroduction,
                                     problems)
    problems.raise_for(source)
    evidence.warn_defaulted(source)
    try:
        return Collection(**header, theories=theories,
                          sources=tuple(evidence.sources.values()),
                          excerpts=tuple(evidence.excerpts.values()),
                          elements=tuple(elements.declared), configurations=configurations,
                          appraisal_scales=scales)
    except ValidationError as error:
        about = tables.get("about")
        for item in error.errors(include_url=False):
            name = str(item["loc"][0]) if item["loc"] else ""
            place = about.where if about is not None and name in HEADER_FIELDS else ""
            problems.add(place, str(item["msg"]).removeprefix("Value error, "))
        problems.raise_for(source)
        raise  # not reached: raise_for raised


def _about(table: Table | None, problems: Problems) -> dict[str, Any]:
    """The theory's description: the one row of the about table."""
    if table is None or not table.rows:
        return {}
    row, *others = table.rows
    for other in others:
        problems.add(other.place(), "the about table describes the theory in one row",
                     "keep one row below the header")
    values: dict[str, Any] = {name: row.get(name) for name in HEADER_FIELDS if name != "date"}
    values["date"] = date_value(row, "date", problems)
    values["description"] = with_extras(values["description"], row.extras)
    if values["id"] is not None:
        values["id"] = values["id"].strip()
    places = {name: row.place(name) for name in HEADER_FIELDS}
    # Checked here, field by field, so a bad cell is reported at its place.
    checked = build(Collection, values, problems, places=places, default=row.place())
    return {name: getattr(checked, name) for name in HEADER_FIELDS} if checked else {}


def _theories(table: Table | None, problems: Problems) -> tuple[MiddleRangeTheory, ...]:
    """The middle-range theories the theories table declares, with their citations."""
    found: dict[str, tuple[MiddleRangeTheory, int]] = {}
    for row in table.rows if table is not None else ():
        if row.get("name") is None:
            problems.add(row.place("name"), "the theory has no name",
                         "write the name the configurations cite it by")
            continue
        values = {name: row.get(name) for name in ("name", "citation", "doi", "description")}
        values["description"] = with_extras(values["description"], row.extras)
        places = {name: row.place(name) for name in values}
        theory = build(MiddleRangeTheory, values, problems, places=places, default=row.place())
        if theory is None:
            continue
        first, number = found.setdefault(theory.name, (theory, row.number))
        if first != theory:
            problems.add(row.place("name"), f"the theory {theory.name!r} is described twice "
                         f"(also on row {number})", "keep one row for each theory")
    return tuple(theory for theory, _ in found.values())


def _configurations(table: Table | None, elements: Elements, evidence: EvidenceTables,
                    retroduction: RetroductionLogs,
                    problems: Problems) -> tuple[Configuration, ...]:
    groups: dict[str, list[Row]] = {}
    for row in table.rows if table is not None else ():
        identifier = configuration_id(row)
        first = groups.setdefault(identifier, [row])[0]
        if first is row:
            continue
        if row.has_quote() and _same_configuration(first, row):
            groups[identifier].append(row)  # one more quote of the same configuration
            continue
        problems.add(row.place("id"), f"the id {shown(identifier)} is already used on "
                     f"{row.table.record_word or 'row'} {first.number}",
                     "give each configuration its own id" + (
                         " (a row that only adds a quote may repeat the id, with the "
                         "configuration's other cells the same or empty)"
                         if row.table.has("quote") else ""))
    made: list[Configuration] = []
    for identifier, rows in groups.items():
        configuration = _configuration(identifier, rows, elements, evidence, problems,
                                       retroduction.log(identifier, problems))
        if configuration is not None:
            made.append(configuration)
    evidence.check_links(set(groups), problems)
    retroduction.check_configurations(set(groups), problems)
    return tuple(made)


def _same_configuration(first: Row, row: Row) -> bool:
    """Whether a further row of an id says nothing of its configuration that the first
    row does not (its quote columns aside)."""
    return all(first.get(name) == text for name, text in row.cells.items()
               if name not in QUOTE_COLUMNS and name != "id")


def _unquoted(row: Row) -> tuple[tuple[str, str], ...]:
    """What a row without a quote says in columns of a quote (a source, a stance...), and
    in columns not understood: kept in the configuration's notes."""
    table = row.table
    return tuple((table.headers[table.fields[name]], row.cells[name])
                 for name in QUOTE_COLUMNS if name in row.cells) + row.extras


def _configuration(identifier: str, rows: list[Row], elements: Elements,
                   evidence: EvidenceTables, problems: Problems,
                   retroduction: Retroduction | None) -> Configuration | None:
    row = rows[0]
    table = row.table
    values: dict[str, Any] = {"id": identifier, **{name: row.get(name) for name in _PLAIN}}
    # Columns not understood describe the quote in a row that has one (see evidence.py),
    # and the configuration otherwise.
    values["notes"] = with_extras(values["notes"], tuple(
        extra for each in rows if not each.has_quote() for extra in _unquoted(each)))
    complete = True
    for slot, kind in SLOT_KINDS.items():
        found = [elements.element(kind, text, row.place(slot), problems)
                 for text in row.values(slot)]
        complete &= None not in found
        values[slot] = tuple(found)
    resource = "mechanism_resource" if table.has("mechanism_resource") else "mechanism"
    mechanism_id = row.get("mechanism_id")
    given = [name for name in (resource, "mechanism_reasoning", "mechanism_id") if row.get(name)]
    values["mechanism"] = elements.mechanism(
        row.get(resource), row.get("mechanism_reasoning"),
        mechanism_id.strip() if mechanism_id else None,
        row.place(given[0] if given else resource), problems)
    complete &= values["mechanism"] is not None or not given
    status = choice(row, "status", _STATUS_SPELLINGS, problems, what="status")
    complete &= status is not None or row.get("status") is None
    values["status"] = status or "proposed"
    values["derived_from"] = tuple(row.values("derived_from"))
    values["number"] = whole_number(row, "number", problems)
    values["theories"] = tuple(row.values("theories"))
    values["evidence"] = evidence.for_configuration(identifier, row, problems)
    if retroduction is not None:
        values["retroduction"] = retroduction
    if not complete or values["evidence"] is None:
        return None
    places = {name: row.place(name) for name in (*_PLAIN, *SLOT_KINDS, "derived_from", "number",
                                                 "theories", "evidence", "id") if table.has(name)}
    return build(Configuration, values, problems, places=places, default=row.place())
