"""Reading RIS reference lists (``.ris``), as Zotero, Mendeley, EndNote or a database write them.

The file is cut into records here, at their ``TY`` and ``ER`` lines, so that messages can
name each record's line; ``rispy`` reads the tags of each record.

What databases and reference managers write besides the standard is read too: a
byte-order mark (EndNote, also in the middle of files joined together), ``ER  -`` without
its trailing space, ``TY - JOUR`` with one space, blank lines inside a record, and lines
between records (Ovid's numbers, JabRef's header), which are skipped. A file in
Windows-1252 or Latin-1 rather than UTF-8 is read, with a warning naming the encoding.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Final

import rispy

from ..exceptions import Problem
from ..models import Collection
from .references import Person, Reference, named, parse_date, read_reference_text, tidy
from .sources import to_collection

__all__ = ["read_ris"]

#: rispy's names of the tags that say what a reference was published in, by preference:
#: T2, JF, JO, JA, J2, PB.
_CONTAINER_FIELDS: Final = ("secondary_title", "alternate_title3", "journal_name",
                            "alternate_title2", "alternate_title1", "publisher")
#: rispy's names of the tags that may hold the date: PY, Y1, DA.
_DATE_FIELDS: Final = ("year", "publication_year", "date")
_START: Final = "TY  - "
# A tag as the standard writes it ('AU  - '), or with one space before the dash ('TY - ').
_TAG = re.compile(r"^([A-Z][A-Z0-9]) {1,2}-(?: |$)")
_ID = re.compile(r"^ID  - (.+)$", re.MULTILINE)
_EMPTY: Final = Problem("", "no RIS records found", "each reference starts with a line "
                        "'TY  - JOUR' (or another type) and ends with 'ER  - '; export the "
                        "references as RIS again")

_Record = tuple[int, list[str]]


def read_ris(path: str | Path) -> Collection:
    """Read a RIS file into publication sources, one per record, with their DOIs.

    A record that is not closed by an ``ER`` line, and tags outside any record, are
    skipped with a :class:`~cmo.exceptions.CmoWarning` naming the line, as is a file
    that is not UTF-8 (read in the encoding it seems to be in); see
    :func:`.sources.to_collection` for ids, DOIs, citations and dates.

    Raises:
        InputError: the file is missing or empty, or holds no record that can be read.

    Example:
        >>> path = getfixture("tmp_path") / "refs.ris"
        >>> _ = path.write_text("TY  - JOUR\\nID  - griffiths2023\\nAU  - Griffiths\\n"
        ...                     "AU  - Jiang\\nAU  - Walker\\nPY  - 2023\\n"
        ...                     "DO  - 10.4236/jss.2023.115006\\nER  - \\n", encoding="utf-8")
        >>> source = read_ris(path).sources[0]
        >>> source.id, source.doi, source.citation
        ('griffiths2023', '10.4236/jss.2023.115006', 'Griffiths, Jiang and Walker (2023).')
    """
    records, problems = _records(read_reference_text(path, legacy=True))
    references = [_reference(line, fields)
                  for line, lines in records for fields in rispy.loads("\n".join(lines))]
    return to_collection(path, references, problems, empty=_EMPTY)


def _records(text: str) -> tuple[list[_Record], list[Problem]]:
    """The records (first line and lines), and the lines that belong to none."""
    records: list[_Record] = []
    problems: list[Problem] = []
    record: _Record | None = None
    stray: int | None = None
    for number, written in enumerate(text.splitlines(), start=1):
        line = written.lstrip("\ufeff")
        match = _TAG.match(line)
        tag = match.group(1) if match else None
        if match and match.end() != 6:  # as the standard writes it, for rispy
            line = f"{tag}  - {line[match.end():]}"
        if line.startswith(_START):
            if record is not None:
                problems.append(_unclosed(record, f"the next record, on line {number}"))
            if stray is not None:
                problems.append(_stray(stray))
            record, stray = (number, [line]), None
        elif record is not None:
            record[1].append(line)
            if tag == "ER":
                records.append(record)
                record = None
        elif tag == "ER" and stray is not None:
            problems.append(_stray(stray))
            stray = None
        elif tag is not None and stray is None:
            stray = number
    if record is not None:
        problems.append(_unclosed(record, "the end of the file"))
    if stray is not None:
        problems.append(_stray(stray))
    return records, problems


def _unclosed(record: _Record, where: str) -> Problem:
    line, lines = record
    key = _ID.search("\n".join(lines))
    place = f"record {key.group(1).strip()!r} (line {line})" if key else f"line {line}"
    return Problem(place, f"not read: the record has no 'ER  - ' line before {where}",
                   "end each record with a line 'ER  - '")


def _stray(line: int) -> Problem:
    return Problem(f"line {line}", "not read: these tags are outside any record (no "
                   "'TY  - ' line starts it)", "start each record with a line such as "
                   "'TY  - JOUR'")


def _reference(line: int, fields: dict[str, Any]) -> Reference:
    key = _first(fields.get("id"))
    names = fields.get("authors") or fields.get("first_authors")
    authors, more = named([person for name in _all(names) if (person := _person(name))])
    dates = [parse_date(_first(fields.get(name))) for name in _DATE_FIELDS]
    month, day = next(((month, day) for _, month, day in dates if month and day), (None, None))
    return Reference(
        place=f"record {key!r} (line {line})" if key else f"the record on line {line}",
        key=key, authors=authors, more_authors=more,
        title=_first(fields.get("title")) or _first(fields.get("primary_title")),
        container=next(filter(None, map(_first, map(fields.get, _CONTAINER_FIELDS))), None),
        year=next((year for year, _, _ in dates if year), None), month=month, day=day,
        doi=_first(fields.get("doi")), url=_first(fields.get("urls")))


def _all(value: object) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _first(value: object) -> str | None:
    """The first text of a tag (a tag given twice is a list)."""
    return next(filter(None, map(tidy, _all(value))), None)


def _person(name: object) -> Person | None:
    """A name written ``Family, Given`` (or ``Family, Given, Suffix``), or a whole name."""
    text = tidy(name)
    if text is None:
        return None
    family, _, given = text.partition(",")
    return Person(family.strip(), given.split(",")[0].strip()) if family.strip() else None
