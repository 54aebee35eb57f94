"""The tables of a theory and their columns, and how the headers people write are matched.

Headers are matched loosely: case, spaces, underscores, hyphens, brackets and plurals do
not matter ("Context(s)", "contexts", "CONTEXT" are one column), and each column has the
usual variants ("C", "Mechanism (resource)", "Resource", "Quote", "CMOC ID" ...).

Example:
    >>> header_key("Mechanism - reasoning") == header_key("mechanism_reasoning")
    True
    >>> CONFIGURATIONS.match(["CMOC ID", "Context(s)", "Resource", "O", "Reviewer"]).fields
    {'id': 0, 'contexts': 1, 'mechanism_resource': 2, 'outcomes': 3}
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

__all__ = [
    "ABOUT",
    "CONFIGURATIONS",
    "ELEMENTS",
    "EXCERPTS",
    "SOURCES",
    "TABLES",
    "THEORIES",
    "Column",
    "HeaderMatch",
    "TableSpec",
    "header_key",
]

_WORDS: Final = re.compile(r"[^\W_]+")


def header_key(text: str) -> str:
    """The form of a header (or sheet name) used to match it: lower case, words, no plurals.

    Example:
        >>> header_key("  Evidence_IDs "), header_key("Outcome(s)"), header_key("Theme/Area")
        ('evidence id', 'outcome', 'theme area')
    """
    folded = unicodedata.normalize("NFKC", text).casefold().replace("(s)", "s")
    words = _WORDS.findall(folded)
    return " ".join(word[:-1] if len(word) > 2 and word.endswith("s")
                    and not word.endswith("ss") else word for word in words)


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a table.

    Args:
        field: the name the code uses for it.
        header: the header written when exporting.
        aliases: other headers read as this column.
        many: whether a cell holds several values (one per line, or separated by ';').
        core: written even when no row has a value in it.
    """

    field: str
    header: str
    aliases: tuple[str, ...] = ()
    many: bool = False
    core: bool = False


@dataclass(frozen=True, slots=True)
class HeaderMatch:
    """Which column of a table each header is.

    Attributes:
        fields: the index of the column holding each field.
        unknown: the headers not understood, with their indexes.
        repeated: a field given by two columns: (field, first index, second index).
    """

    fields: dict[str, int] = field(default_factory=dict)
    unknown: list[tuple[int, str]] = field(default_factory=list)
    repeated: list[tuple[str, int, int]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class TableSpec:
    """One table of a theory: its name, the names its sheet may have, and its columns."""

    name: str
    sheet_aliases: tuple[str, ...]
    columns: tuple[Column, ...]

    def column(self, field_name: str) -> Column:
        """The column holding ``field_name``."""
        return next(column for column in self.columns if column.field == field_name)

    @property
    def keys(self) -> dict[str, str]:
        """Every accepted header, in its matching form, and the field it names."""
        found: dict[str, str] = {}
        for column in self.columns:
            for header in (column.field, column.header, *column.aliases):
                found.setdefault(header_key(header), column.field)
        return found

    def names_sheet(self, sheet: str) -> bool:
        """Whether a sheet of this name holds this table."""
        return header_key(sheet) in {header_key(name) for name in (self.name,
                                                                    *self.sheet_aliases)}

    def match(self, headers: Sequence[str | None]) -> HeaderMatch:
        """Match a table's headers to its columns (empty headers are skipped)."""
        keys = self.keys
        result = HeaderMatch()
        for index, header in enumerate(headers):
            if header is None or not header.strip():
                continue
            name = keys.get(header_key(header))
            if name is None:
                result.unknown.append((index, header))
            elif name in result.fields:
                result.repeated.append((name, result.fields[name], index))
            else:
                result.fields[name] = index
        return result

    def suggest(self, header: str) -> str | None:
        """The written header closest to an unknown one, if any is close."""
        written = {header_key(column.header): column.header for column in self.columns}
        close = difflib.get_close_matches(header_key(header), list(written), n=1, cutoff=0.75)
        return written[close[0]] if close else None


def _column(field_name: str, *aliases: str, many: bool = False, core: bool = False,
            header: str | None = None) -> Column:
    return Column(field_name, header or field_name.replace("_", " "), aliases, many, core)


CONFIGURATIONS: Final = TableSpec("configurations", (
    "configuration", "cmocs", "cmoc", "cmos", "cmo", "configurations cmocs", "programme theory",
), (
    _column("id", "configuration id", "cmoc", "cmoc id", "cmo", "cmo id", "cmoc number",
            "configuration", "config id", core=True),
    _column("label", "name", "title", "cmoc label", "configuration label", "short name"),
    _column("theme", "area", "theme area", "area theme", "programme theory area",
            "theory area", "category", "domain", core=True),
    _column("status", "cmoc status", "configuration status", core=True),
    _column("contexts", "context", "c", many=True, core=True),
    _column("mechanism_resource", "mechanism resource", "resource", "m resource",
            "resource mechanism", core=True),
    _column("mechanism_reasoning", "mechanism reasoning", "reasoning", "m reasoning",
            "reasoning mechanism", "response", core=True),
    _column("mechanism_id", "mechanism id", "m id"),
    _column("outcomes", "outcome", "o", many=True, core=True),
    _column("interventions", "intervention", "i", "strategy", "strategies",
            "intervention strategy", many=True),
    _column("actors", "actor", "a", many=True),
    # Not "quotes" or "excerpts": a column so named may hold the passages themselves.
    _column("evidence", "evidence ids", "evidence id", "excerpt ids", "quote ids",
            "evidence excerpt ids", header="evidence ids", many=True, core=True),
    _column("theories", "middle range theories", "middle range theory", "theory",
            "substantive theories", "substantive theory", "mrt", many=True),
    _column("rationale", "refinement", "refinement rationale", "reason", "justification"),
    _column("derived_from", "derived from", "derived", "previous id", "earlier id",
            "previous configuration", many=True),
    _column("notes", "note", "comment", "comments", "memo"),
    # An undivided mechanism: read as the resource (as the worked example's initial
    # theory writes it) when the table has no resource column. Never written.
    _column("mechanism", "mechanisms", "m"),
))

EXCERPTS: Final = TableSpec("excerpts", (
    "excerpt", "evidence", "quotes", "quotations", "extracts", "segments",
), (
    _column("id", "excerpt id", "quote id", "segment id", "extract id", "evidence id",
            core=True),
    _column("source", "source id", "study", "study id", "paper", "document", "transcript",
            "reference", "article", core=True),
    _column("participant", "participant id", "respondent", "interviewee", "pid",
            "participant code", core=True),
    _column("text", "excerpt", "quote", "quotation", "extract", "excerpt text", "quote text",
            "segment", "passage", "evidence", "verbatim", core=True),
    _column("stance", "evidence stance", "support", "direction", core=True),
    _column("configuration", "configuration id", "cmoc", "cmoc id", "cmo", "cmo id",
            many=True, core=True),
    _column("note", "evidence note", "notes", "comment", "comments", "memo",
            header="evidence note"),
    _column("codes", "code", "coding", "tags", "tag", "nodes", many=True),
    _column("page", "page number", "p", "pp"),
    _column("line", "line number"),
    _column("timestamp", "time", "time stamp", "timecode", "time code"),
    _column("start", "span start", "start offset", "character start"),
    _column("end", "span end", "end offset", "character end"),
    _column("source_kind", "source kind", "kind", "source type", "type", "data type",
            "kind of source", "type of data"),
    _column("participant_role", "participant role", "role", "participant type",
            "participant group", "stakeholder group"),
    _column("site", "location", "setting"),
    _column("wave", "timepoint", "time point", "round", "interview round", "phase"),
    _column("doi", "source doi"),
))

SOURCES: Final = TableSpec("sources", ("source", "studies", "papers", "documents"), (
    _column("id", "source", "source id", "study", "study id", "paper", "document", core=True),
    _column("kind", "source kind", "type", "source type", "data type", core=True),
    _column("title"),
    _column("participant", "participant id", "respondent", "interviewee"),
    _column("participant_role", "participant role", "role", "participant type"),
    _column("site", "location", "setting"),
    _column("wave", "timepoint", "time point", "round"),
    _column("date", "interview date", "publication date"),
    _column("citation", "reference", "full reference"),
    _column("doi"),
    _column("url", "link", "web address", "address"),
    _column("notes", "note", "comment", "comments", "memo"),
))

ELEMENTS: Final = TableSpec("elements", ("element", "codebook"), (
    _column("kind", "element kind", "type", "part", core=True),
    _column("id", "element id", core=True),
    _column("label", "name", core=True),
    _column("resource", "mechanism resource"),
    _column("reasoning", "mechanism reasoning"),
    _column("description", "definition"),
    _column("aliases", "alias", "synonyms", "synonym", "also known as", "other wordings",
            many=True),
))

THEORIES: Final = TableSpec("theories", (
    "middle range theories", "middle range theory", "substantive theories",
), (
    _column("name", "theory", "middle range theory", "label", core=True),
    _column("citation", "reference"),
    _column("doi"),
    _column("description", "definition"),
))

ABOUT: Final = TableSpec("about", ("about this theory", "theory", "metadata"), (
    _column("id", "theory id"),
    _column("title", "name"),
    _column("version", "version label"),
    _column("revises", "revises version", "previous version"),
    _column("date"),
    _column("description"),
))

#: Every table, in the order they are written (sheets of a workbook, files of a CSV set).
TABLES: Final[tuple[TableSpec, ...]] = (CONFIGURATIONS, EXCERPTS, SOURCES, ELEMENTS, THEORIES,
                                       ABOUT)
