"""Reading the excerpts and sources tables: sources, excerpts, and the evidence links.

The excerpts table has one row per piece of evidence, a (configuration, excerpt) pair with
its stance and note, and one row for each excerpt no configuration cites. An excerpt's
own columns (text, source, span, codes...) repeat on each of its rows: they must agree
(a later row may leave them blank). A source is described by the sources table and by
the source columns of the excerpts table (participant, source kind, role, site, wave,
doi); these too must agree.

A configuration cites an excerpt in either table: by the excerpts table's configuration
column, or by its own evidence ids. A stance missing from the pair's row is taken from a
row of the excerpt with no configuration; failing that, it is read as ``supports`` and a
:class:`~cmo.exceptions.CmoWarning` lists those pairs.

A table of configurations may also carry one quote per row (as LLM-assisted extraction
writes them, with no excerpts table): each becomes an excerpt ``quote-<row>`` of the
source the row names, cited by the row's configuration. A source named there (by its id,
or by a reference such as ``Smith et al. 2020``, whose id is then made from it) needs no
other declaration. So does a source the excerpts table names when there is no sources table;
when there is one, it lists every source, and an excerpt naming another (a mistyped
``p4-w2`` for ``p04-w2``) is an error with the closest id, not a new source.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from .._helpers.labels import did_you_mean
from ..exceptions import CmoWarning
from ..models import AppraisalScales, Evidence, Excerpt, Source
from ..models.labels import IDENTIFIER_PATTERN, slugify
from ..models.types import SOURCE_KINDS, STANCES
from .appraisal import APPRAISAL_FIELDS, row_judgements, take_appraisal
from .columns import EXCERPTS
from .sheet import Problems, Row, Table, with_extras
from .values import build, choice, date_value, shown, whole_number

__all__ = ["SOURCE_KIND_SPELLINGS", "STANCE_SPELLINGS", "EvidenceTables", "configuration_id",
           "read_evidence"]

#: The spellings of a stance accepted in a cell.
STANCE_SPELLINGS: Final = {**{stance: stance for stance in STANCES},
                           "support": "supports", "refute": "refutes", "refine": "refines"}
#: The spellings of a source's kind accepted in a cell.
SOURCE_KIND_SPELLINGS: Final = {**{kind: kind for kind in SOURCE_KINDS},
                                **{f"{kind}s": kind for kind in SOURCE_KINDS},
                                "paper": "publication", "article": "publication"}
_IDENTIFIER: Final = re.compile(IDENTIFIER_PATTERN)
#: Source fields the excerpts table may carry: its column -> the source's field.
_SOURCE_COLUMNS: Final = {"participant": "participant", "participant_role": "participant_role",
                          "site": "site", "wave": "wave", "doi": "doi",
                          "source_title": "title"}
#: The columns of a configurations row that describe its quote, as excerpts table columns.
_QUOTE_FIELDS: Final = {"text": "quote", "source": "source", "source_title": "source_title",
                        "source_kind": "source_kind", "participant": "participant",
                        "stance": "stance", "note": "evidence_note", "page": "page",
                        "doi": "doi", "configuration": "id",
                        **{name: name for name in APPRAISAL_FIELDS}}
_SOURCE_TEXT_FIELDS: Final = ("title", "participant", "participant_role", "site", "wave",
                              "citation", "doi", "url", "notes")
_LISTED: Final = 10


@dataclass
class _Gathered:
    """The values of one source or excerpt, gathered from the rows that give them."""

    first: str
    values: dict[str, Any] = field(default_factory=dict)
    places: dict[str, str] = field(default_factory=dict)


class _Gatherer:
    """Gathers values of things that several rows describe, reporting disagreements."""

    def __init__(self, what: str, problems: Problems, *, quote: bool) -> None:
        self.what, self.problems, self.quote = what, problems, quote
        self.items: dict[str, _Gathered] = {}

    def touch(self, key: str, place: str) -> None:
        self.items.setdefault(key, _Gathered(place))

    def add(self, key: str, name: str, value: Any, place: str) -> None:
        if value is None or value == ():
            return
        item = self.items[key]
        if name not in item.values:
            item.values[name], item.places[name] = value, place
            return
        old = item.values[name]
        if old == value or (isinstance(value, tuple) and set(old) == set(value)):
            return
        label = name.replace("_", " ")
        message = (f"{self.what} {shown(key)} has {label} {shown(str(value))} here, but "
                   f"{shown(str(old))} at {item.places[name]}" if self.quote else
                   f"{self.what} {shown(key)} has a different {label} here than at "
                   f"{item.places[name]}")
        self.problems.add(place, message, f"make the rows of one {self.what} agree, or give "
                                          f"them different ids")


@dataclass(frozen=True, slots=True)
class _Link:
    configuration: str
    excerpt: str
    stance: str | None
    note: str | None
    place: str


@dataclass
class EvidenceTables:
    """What the excerpts and sources tables hold, ready for the configurations to cite."""

    sources: dict[str, Source]
    excerpts: dict[str, Excerpt]
    #: Every excerpt id the excerpts table gives, whether or not the excerpt could be made.
    known: set[str]
    links: dict[tuple[str, str], _Link]
    #: Stance and note of an excerpt's row that names no configuration.
    defaults: dict[str, tuple[str | None, str | None]]
    where: str | None
    defaulted: list[tuple[str, str]] = field(default_factory=list)
    _cited_by: dict[str, list[_Link]] = field(default_factory=dict)

    def for_configuration(self, configuration: str, row: Row,
                          problems: Problems) -> tuple[Evidence, ...] | None:
        """The evidence a configuration's row cites (None if some of it is missing)."""
        if not self._cited_by:
            for link in self.links.values():
                self._cited_by.setdefault(link.configuration, []).append(link)
        pairs: dict[str, tuple[str | None, str | None]] = {
            link.excerpt: (link.stance, link.note)
            for link in self._cited_by.get(configuration, ())}
        places = {link.excerpt: link.place for link in self._cited_by.get(configuration, ())}
        complete = True
        for excerpt in row.values("evidence"):
            if excerpt in pairs:
                continue
            if excerpt not in self.known:
                complete = False
                table = self.where or "an excerpts table"
                fix = did_you_mean(excerpt, self.known) or f"add it to {table}"
                parts = [part.strip() for part in re.split(r"[;,]", excerpt)]
                if len(parts) > 1 and all(part in self.known for part in parts):
                    fix = ("write one id per line in the cell, or read the table with a "
                           "separator (separator: ';' in a column map)")
                elif not _IDENTIFIER.match(excerpt):
                    header = row.table.headers[row.table.fields["evidence"]]
                    fix = (f"if column {header!r} holds the passages themselves, map it to "
                           f"'quote' in a column map (--map: '{header}: quote')")
                problems.add(row.place("evidence"), f"no excerpt has the id {shown(excerpt)}",
                             fix)
                continue
            pairs[excerpt] = self.defaults.get(excerpt, (None, None))
        evidence = []
        for excerpt, (stance, note) in pairs.items():
            if excerpt not in self.excerpts:
                complete = False  # reported where the excerpt is
                continue
            if stance is None:
                stance = self.defaults.get(excerpt, (None, None))[0]
            if stance is None:
                stance = "supports"
                self.defaulted.append((configuration, excerpt))
            made = build(Evidence, {"excerpt": self.excerpts[excerpt], "stance": stance,
                                    "note": note}, problems, places={},
                         default=places.get(excerpt, row.place("evidence")))
            if made is None:
                complete = False
                continue
            evidence.append(made)
        return tuple(evidence) if complete else None

    def check_links(self, configurations: set[str], problems: Problems) -> None:
        """Report excerpt rows naming a configuration that no row of configurations gives."""
        for link in self.links.values():
            if link.configuration not in configurations:
                problems.add(link.place, "no configuration has the id "
                             f"{shown(link.configuration)}",
                             did_you_mean(link.configuration, configurations)
                             or "add it to the configurations table, or correct the id")

    def warn_defaulted(self, source: str | Path) -> None:
        """One :class:`CmoWarning` listing the evidence read as ``supports`` for want of a stance."""
        if not self.defaulted:
            return
        listed = ", ".join(f"{shown(configuration)} cites {shown(excerpt)}"
                          for configuration, excerpt in self.defaulted[:_LISTED])
        more = (f" and {len(self.defaulted) - _LISTED} more"
                if len(self.defaulted) > _LISTED else "")
        warnings.warn(f"{source}: {len(self.defaulted)} pieces of evidence have no stance and "
                      f"were read as 'supports': {listed}{more}", CmoWarning, stacklevel=4)


def configuration_id(row: Row) -> str:
    """The id of the configuration a row of configurations gives (``cmoc-<row>`` if blank)."""
    return (row.get("id") or "").strip() or f"cmoc-{row.number}"


def _quote_rows(table: Table) -> Table:
    """The quotes of a table of configurations, as rows of an excerpts table."""
    quotes = Table(EXCERPTS, table.where, table.headers,
                   {name: table.fields[column] for name, column in _QUOTE_FIELDS.items()
                    if column in table.fields}, separator=table.separator,
                   record_word=table.record_word)
    confidence = (table.headers[table.fields["confidence"]],) if table.has("confidence") else ()
    for row in table.rows:
        if not row.has_quote():
            continue
        cells = {name: row.cells[column] for name, column in _QUOTE_FIELDS.items()
                 if column in row.cells}
        cells["configuration"] = configuration_id(row)
        named = cells.get("source", "").strip()
        if named and not _IDENTIFIER.match(named):  # a reference: "Smith et al. (2020)"
            cells["source"] = slugify(named)
            cells.setdefault("source_title", named)
        extras = tuple((header, row.cells["confidence"]) for header in confidence
                       if "confidence" in row.cells) + row.extras
        note = with_extras(cells.get("note"), extras)
        if note is not None:
            cells["note"] = note
        quotes.rows.append(Row(quotes, row.number, cells))
    return quotes


def _source_id(row: Row, problems: Problems) -> str | None:
    """The source an excerpt row names: its source column, else its participant."""
    named = row.get("source")
    if named is not None:
        return named.strip()
    participant = row.get("participant")
    if participant is not None:
        participant = participant.strip()
        return participant if _IDENTIFIER.match(participant) else slugify(participant)
    problems.add(row.place("source"), "the excerpt has no source",
                 "name its source (an interview, a paper) in a 'source' column, or its "
                 "participant in a 'participant' column")
    return None


def _read_sources(table: Table | None, sources: _Gatherer, problems: Problems,
                  scales: AppraisalScales) -> None:
    seen: dict[str, int] = {}
    for row in table.rows if table is not None else ():
        identifier = row.get("id")
        if identifier is None:
            problems.add(row.place("id"), "the source has no id",
                         "give each source a short id, such as tierney2024 or p07-wave1")
            continue
        identifier = identifier.strip()
        if identifier in seen:
            problems.add(row.place("id"), f"the id {shown(identifier)} is used twice (also on row "
                         f"{seen[identifier]})", "give each source its own id")
            continue
        seen[identifier] = row.number
        sources.touch(identifier, row.place())
        sources.add(identifier, "kind", choice(row, "kind", SOURCE_KIND_SPELLINGS, problems,
                                               what="kind of source"), row.place("kind"))
        sources.add(identifier, "date", date_value(row, "date", problems), row.place("date"))
        for name in _SOURCE_TEXT_FIELDS:
            text = with_extras(row.get(name), row.extras) if name == "notes" else row.get(name)
            sources.add(identifier, name, text, row.place(name))
        for name, text in row_judgements(row, scales, problems).items():
            sources.add(identifier, name, text, row.place(name))


def _read_excerpts(table: Table, sources: _Gatherer, excerpts: _Gatherer,
                   evidence: EvidenceTables, problems: Problems, *, scales: AppraisalScales,
                   prefix: str = "excerpt", declared: Table | None = None) -> None:
    """Read the rows of an excerpts table (or the quotes of a configurations table, with
    ``prefix='quote'``); a source not in the ``declared`` sources table is an error."""
    listed = set(sources.items) if declared is not None else None
    where = declared.where if declared is not None else ""
    for row in table.rows:
        identifier = (row.get("id") or "").strip() or f"{prefix}-{row.number}"
        if prefix != "excerpt" and identifier in evidence.known:
            problems.add(row.place("text"), f"the quote's id {shown(identifier)} is also the "
                         "id of an excerpt in the excerpts table", "give that excerpt "
                         "another id")
            continue
        evidence.known.add(identifier)
        excerpts.touch(identifier, row.place())
        source = _source_id(row, problems)
        if source is not None and listed is not None and row.get("source") is not None and (
                source not in listed):
            problems.add(row.place("source"), f"no source has the id {shown(source)} "
                         f"({where} lists each source)",
                         did_you_mean(source, listed) or f"add it to {where}, or correct "
                         "the id")
            source = None  # the excerpt is not made; its citations are not reported again
        if source is not None:
            excerpts.add(identifier, "source", source, row.place("source"))
            sources.touch(source, row.place("source"))
            sources.add(source, "kind", choice(row, "source_kind", SOURCE_KIND_SPELLINGS,
                                               problems, what="kind of source"),
                        row.place("source_kind"))
            for column, name in _SOURCE_COLUMNS.items():
                sources.add(source, name, row.get(column), row.place(column))
        excerpts.add(identifier, "text", row.get("text"), row.place("text"))
        for name in ("start", "end", "line"):
            excerpts.add(identifier, name, whole_number(row, name, problems), row.place(name))
        for name in ("page", "timestamp"):
            excerpts.add(identifier, name, row.get(name), row.place(name))
        excerpts.add(identifier, "codes", tuple(row.values("codes")), row.place("codes"))
        for name, text in row_judgements(row, scales, problems).items():
            excerpts.add(identifier, name, text, row.place(name))
        stance = choice(row, "stance", STANCE_SPELLINGS, problems, what="stance")
        note = with_extras(row.get("note"), row.extras)
        configurations = row.values("configuration")
        for configuration in configurations:
            _link(evidence, _Link(configuration, identifier, stance, note,
                                  row.place("configuration")), problems)
        if not configurations and (stance or note):
            first = evidence.defaults.setdefault(identifier, (stance, note))
            if first != (stance, note):
                problems.add(row.place("stance"), f"excerpt {shown(identifier)} is given a "
                             "different stance or note, with no configuration, on another row",
                             "name the configuration each stance is towards")


def _link(evidence: EvidenceTables, link: _Link, problems: Problems) -> None:
    other = evidence.links.setdefault((link.configuration, link.excerpt), link)
    if other is not link and (other.stance, other.note) != (link.stance, link.note):
        problems.add(link.place, f"configuration {shown(link.configuration)} cites excerpt "
                     f"{shown(link.excerpt)} again, with another stance or note (first at "
                     f"{other.place})", "keep one row for each piece of evidence")


def read_evidence(sources_table: Table | None, excerpts_table: Table | None,
                  problems: Problems, *, quotes: Table | None = None,
                  scales: AppraisalScales | None = None) -> EvidenceTables:
    """Read the sources and excerpts tables (either may be absent), and the quotes of a
    table of configurations (``quotes``) that has a quote column; appraisals are judged on
    ``scales`` (high / moderate / low by default)."""
    scales = scales or AppraisalScales()
    sources = _Gatherer("source", problems, quote=True)
    excerpts = _Gatherer("excerpt", problems, quote=False)
    evidence = EvidenceTables({}, {}, set(), {}, {},
                              excerpts_table.where if excerpts_table is not None else None)
    _read_sources(sources_table, sources, problems, scales)
    if excerpts_table is not None:
        _read_excerpts(excerpts_table, sources, excerpts, evidence, problems, scales=scales,
                       declared=sources_table)
    if quotes is not None and quotes.has("quote"):
        _read_excerpts(_quote_rows(quotes), sources, excerpts, evidence, problems,
                       scales=scales, prefix="quote")
    for identifier, item in sources.items.items():
        values = {"kind": "other", **item.values, "id": identifier}
        values["appraisal"] = take_appraisal(values, item.places, problems, scales=scales,
                                         default=item.first)
        made = build(Source, values, problems, places=item.places, default=item.first)
        if made is not None:
            evidence.sources[identifier] = made
    for identifier, item in excerpts.items.items():
        values = dict(item.values)
        values["appraisal"] = take_appraisal(values, item.places, problems, scales=scales,
                                         default=item.first)
        source = evidence.sources.get(values.pop("source", ""))
        if source is None:
            continue  # no source, or one that could not be made: reported already
        if "text" not in values:
            problems.add(item.first, f"excerpt {shown(identifier)} has no text",
                         "paste the passage into the text column (or write "
                         "'[quote withheld]' when it is confidential)")
            continue
        made = build(Excerpt, {**values, "id": identifier, "source": source}, problems,
                     places=item.places, default=item.first)
        if made is not None:
            evidence.excerpts[identifier] = made
    return evidence
