"""The tables of a theory and their columns, and how the headers people write are matched.

Headers are matched loosely: case, spaces, underscores, hyphens, brackets, plurals, a
trailing "statement" and a letter in brackets do not matter ("Context(s)", "contexts",
"CONTEXT", "context_statement" and "Context (C)" are one column), and each column has the
usual variants ("C", "Mechanism (resource)", "Resource", "evidence_quote", "CMOC ID" ...).
A column map (header -> column) names the rest.

Example:
    >>> header_key("Mechanism - reasoning") == header_key("mechanism_reasoning")
    True
    >>> CONFIGURATIONS.match(["CMOC ID", "Context (C)", "Resource", "outcome_statement",
    ...                       "Reviewer"]).fields
    {'id': 0, 'contexts': 1, 'mechanism_resource': 2, 'outcomes': 3}
    >>> CONFIGURATIONS.match(["Setting", "Why"], columns={"setting": "contexts",
    ...                                                    "Why": "mechanism reasoning"}).fields
    {'contexts': 0, 'mechanism_reasoning': 1}
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

__all__ = [
    "ABOUT",
    "CONFIGURATIONS",
    "ELEMENTS",
    "EXCERPTS",
    "QUOTE_COLUMNS",
    "RETRODUCTION",
    "SCALES",
    "SOURCES",
    "TABLES",
    "THEORIES",
    "Column",
    "HeaderMatch",
    "TableSpec",
    "header_key",
]

_WORDS: Final = re.compile(r"[^\W_]+")
#: A letter or two in brackets, as in "Context (C)" or "Mechanism (M)": a label, not a word.
_BRACKETED_LETTERS: Final = re.compile(r"[(\[]\s*[^\W\d_]{1,2}\s*[)\]]")
#: A last word that says nothing about the column ("context_statement").
_EMPTY_LAST_WORDS: Final = frozenset({"statement"})


@functools.lru_cache(maxsize=4096)  # headers repeat: once per table, or once per record
def header_key(text: str) -> str:
    """The form of a header (or sheet name) used to match it: lower case, words, no plurals.

    Example:
        >>> header_key("  Evidence_IDs "), header_key("Outcome(s)"), header_key("Theme/Area")
        ('evidence id', 'outcome', 'theme area')
        >>> header_key("Context (C)"), header_key("mechanism_statement")
        ('context', 'mechanism')
    """
    folded = unicodedata.normalize("NFKC", text).casefold().replace("(s)", "s")
    words = [word[:-1] if len(word) > 2 and word.endswith("s") and not word.endswith("ss")
             else word for word in _WORDS.findall(_BRACKETED_LETTERS.sub(" ", folded))]
    if len(words) > 1 and words[-1] in _EMPTY_LAST_WORDS:
        words.pop()
    return " ".join(words)


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
        left_out: headers the column map leaves out (mapped to nothing), with their indexes.
        mis_mapped: headers the column map gives a column this table lacks:
            (index, header, the column named).
    """

    fields: dict[str, int] = field(default_factory=dict)
    unknown: list[tuple[int, str]] = field(default_factory=list)
    repeated: list[tuple[str, int, int]] = field(default_factory=list)
    left_out: list[tuple[int, str]] = field(default_factory=list)
    mis_mapped: list[tuple[int, str, str]] = field(default_factory=list)


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
        return _keys(self.columns)

    def names_sheet(self, sheet: str) -> bool:
        """Whether a sheet of this name holds this table."""
        return header_key(sheet) in {header_key(name) for name in (self.name,
                                                                    *self.sheet_aliases)}

    def match(self, headers: Sequence[str | None], *,
              columns: Mapping[str, str | None] | None = None) -> HeaderMatch:
        """Match a table's headers to its columns (empty headers are skipped).

        Args:
            headers: row 1.
            columns: a column map: a header (matched loosely) -> the column it is (any
                header this table reads), or None to leave it out on purpose.
        """
        keys = self.keys
        mapped = {header_key(header): target for header, target in (columns or {}).items()}
        result = HeaderMatch()
        for index, header in enumerate(headers):
            if header is None or not header.strip():
                continue
            key = header_key(header)
            if key in mapped:
                target = mapped[key]
                if target is None:
                    result.left_out.append((index, header))
                    continue
                name = keys.get(header_key(target))
                if name is None:
                    result.mis_mapped.append((index, header, target))
                    continue
            else:
                name = keys.get(key)
            if name is None:
                result.unknown.append((index, header))
            elif name in result.fields:
                result.repeated.append((name, result.fields[name], index))
            else:
                result.fields[name] = index
        return result

    def suggest(self, header: str) -> str | None:
        """The written header of the column whose name (or usual variant) is closest to an
        unknown header, if one is close.

        Example:
            >>> CONFIGURATIONS.suggest("Contxt"), CONFIGURATIONS.suggest("mechansim resource")
            ('contexts', 'mechanism resource')
        """
        keys = self.keys
        close = difflib.get_close_matches(header_key(header), list(keys), n=1, cutoff=0.85)
        return self.column(keys[close[0]]).header if close else None


@functools.cache
def _keys(columns: tuple[Column, ...]) -> dict[str, str]:
    found: dict[str, str] = {}
    for column in columns:
        for header in (column.field, column.header, *column.aliases):
            found.setdefault(header_key(header), column.field)
    return found


def _column(field_name: str, *aliases: str, many: bool = False, core: bool = False,
            header: str | None = None) -> Column:
    return Column(field_name, header or field_name.replace("_", " "), aliases, many, core)


def _judgement_columns() -> tuple[Column, ...]:
    """The appraisal of a source or an excerpt: per dimension, its level, the justification
    and who judged (``rigour``, ``rigour justification``, ``rigour judged by``)."""
    spellings = {"relevance": ("relevance",), "rigour": ("rigour", "rigor", "trustworthiness"),
                 "richness": ("richness", "conceptual richness")}
    columns: list[Column] = []
    for dimension, names in spellings.items():
        columns += [
            _column(dimension, *(f"{name} {word}" for name in names
                                 for word in ("", "rating", "level", "appraisal"))),
            _column(f"{dimension}_justification", *(
                f"{name} {word}" for name in names
                for word in ("justification", "rationale", "reason", "reasoning"))),
            _column(f"{dimension}_judged_by", *(
                f"{name} {word}" for name in names
                for word in ("judged by", "appraised by", "appraiser", "rated by", "rater"))),
        ]
    return tuple(columns)


#: The appraisal columns of the sources and excerpts tables (see cmo.tables.appraisal).
_JUDGEMENTS: Final = _judgement_columns()


CONFIGURATIONS: Final = TableSpec("configurations", (
    "configuration", "cmocs", "cmoc", "cmos", "cmo", "configurations cmocs", "programme theory",
), (
    _column("id", "configuration id", "cmoc", "cmoc id", "cmo", "cmo id", "cmoc number",
            "configuration", "config id", core=True),
    # Its display number, "CMOC 7" ("cmoc number" is read as the id, as tables have used it).
    _column("number", "display number", "cmoc display number"),
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
    # One row per configuration and its quote (as LLM-assisted extraction writes them):
    # the quote becomes an excerpt of the source the row names. Never written: cmo writes
    # evidence in the excerpts table.
    _column("quote", "evidence quote", "quotation", "supporting quote", "illustrative quote",
            "verbatim quote", "excerpt", "excerpt text", "quote text", "evidence text",
            "evidence excerpt", "extract", "verbatim", "data extract", "supporting evidence"),
    _column("source", "source id", "file id", "file", "file name", "filename", "document",
            "document id", "study", "study id", "paper", "paper id", "article", "article id",
            "reference", "transcript", "interview"),
    _column("source_title", "source title", "paper title", "study title", "document title",
            "article title"),
    _column("source_kind", "source kind", "source type", "kind of source"),
    _column("participant", "participant id", "respondent", "interviewee"),
    _column("stance", "evidence stance", "direction", "direction of evidence"),
    _column("evidence_note", "evidence note", "evidence paraphrase", "paraphrase",
            "evidence summary", "summary of evidence", "supporting evidence paraphrase"),
    _column("confidence", "confidence level", "confidence rating", "certainty"),
    _column("page", "page number", "quote page"),
    _column("doi", "source doi"),
    # The appraisal of the row's quote (an excerpt's own). Never written.
    *_JUDGEMENTS,
))

#: The columns of the configurations table that describe the row's quote, not the
#: configuration.
QUOTE_COLUMNS: Final = ("quote", "source", "source_title", "source_kind", "participant",
                        "stance", "evidence_note", "confidence", "page", "doi",
                        *(column.field for column in _JUDGEMENTS))

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
    _column("source_title", "source title", "paper title", "study title", "document title"),
    *_JUDGEMENTS,
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
    *_JUDGEMENTS,
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

#: The retroduction log of each configuration: one row per inference step or alternative
#: mechanism set aside (see cmo.tables.retroduction).
RETRODUCTION: Final = TableSpec("retroduction", (
    "retroduction log", "retroduction logs", "retroductions", "inference steps", "inferences",
), (
    _column("configuration", "configuration id", "cmoc", "cmoc id", "cmo", "cmo id",
            core=True),
    _column("kind", "entry", "step or alternative", "part", "type", core=True),
    _column("order", "step number", "number", "position", "sequence", core=True),
    _column("move", "inference move", "kind of inference", "type of inference", core=True),
    _column("inference", "inference step", "what was inferred", core=True),
    _column("mechanism", "alternative mechanism", "alternative", "alternative explanation",
            "rival mechanism", "rival explanation", core=True),
    _column("set_aside_because", "set aside because", "why set aside", "reason set aside",
            "rejected because", "why rejected", core=True),
    _column("excerpts", "excerpt", "excerpt ids", "excerpt id", "evidence ids", "evidence",
            many=True, core=True),
    _column("theories", "middle range theories", "middle range theory", "theory", "mrt",
            many=True, core=True),
    _column("judged_by", "judged by", "inferred by", "analyst"),
    _column("date"),
))

#: A project's own appraisal scales: one row per dimension, its levels highest first
#: (written only for a scale that is not high / moderate / low).
SCALES: Final = TableSpec("scales", ("appraisal scales", "appraisal scale", "appraisal levels"), (
    _column("dimension", "appraisal dimension", "scale", "criterion", core=True),
    _column("levels", "level", "scale levels", many=True, core=True),
))

#: Every table, in the order they are written (sheets of a workbook, files of a CSV set).
TABLES: Final[tuple[TableSpec, ...]] = (CONFIGURATIONS, EXCERPTS, SOURCES, RETRODUCTION,
                                       ELEMENTS, THEORIES, SCALES, ABOUT)
