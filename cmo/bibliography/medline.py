"""Reading MEDLINE reference lists (``.nbib``), as PubMed exports them ("Send to: Citation manager").

Each record is a run of lines ``TAG - value`` (tags of up to four letters, padded:
``PMID- ``, ``TI  - ``, ``FAU - ``), a value going on over lines indented by six spaces;
records are separated by blank lines. The id of a source is ``pmid`` and the PubMed id
(``pmid12345678``), and its web address the PubMed page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Final

from ..exceptions import Problem
from ..models import Collection
from .references import Person, Reference, named, parse_date, read_reference_text, tidy
from .sources import to_collection

__all__ = ["read_medline"]

# A tag padded to four characters, then '- ' (a value's own ' - ' is not a tag).
_TAG = re.compile(r"^(?=[A-Z][A-Z0-9 ]{3}-)([A-Z][A-Z0-9]{0,3}) *- ?(.*)$")
# The date of publication: "2024", "2024 Mar", "2024 Mar 15" (not a range: "2023 Jan-Feb").
_DATE = re.compile(r"^(\d{4})(?: ([A-Za-z]{3})[a-z]*(?: (\d{1,2}))?)?$")
_DOI = re.compile(r"^(.*\S)\s*\[doi\]$")
_MONTHS: Final = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                  "dec")
_PUBMED: Final = "https://pubmed.ncbi.nlm.nih.gov/{}/"
#: Where a record says what it was published in, in order of preference.
_CONTAINER_TAGS: Final = ("JT", "BTI", "TA", "PB")
_EMPTY: Final = Problem("", "no MEDLINE records found", "each record starts with a line "
                        "'PMID- 12345678'; export the references from PubMed again with "
                        "'Send to: Citation manager'")

_Fields = list[tuple[str, str]]


def read_medline(path: str | Path) -> Collection:
    """Read a MEDLINE (PubMed ``.nbib``) file into publication sources, one per record.

    Authors are read from ``FAU`` (full names) and ``CN`` (groups), or ``AU`` (family
    name and initials) when there is no ``FAU``; editors (``FED``) when there is no
    author. A record with no ``PMID``, ``TI`` or author is skipped with a
    :class:`~cmo.exceptions.CmoWarning` naming its line; see
    :func:`.sources.to_collection` for ids, DOIs, citations and dates.

    Raises:
        InputError: the file is missing or empty, or holds no record that can be read.

    Example:
        >>> path = getfixture("tmp_path") / "pubmed.nbib"
        >>> _ = path.write_text(  # a synthetic record
        ...     "PMID- 12345678\\nTI  - Synthetic test: social prescribing through link "
        ...     "workers as part\\n      of person-centred care.\\n"
        ...     "FAU - Exampleson, Alex\\nAU  - Exampleson A\\nDP  - 2024 Mar\\n"
        ...     "LID - 10.9999/synthetic.1 [doi]\\n", encoding="utf-8")
        >>> source = read_medline(path).sources[0]
        >>> source.id, source.doi, str(source.url)
        ('pmid12345678', '10.9999/synthetic.1', 'https://pubmed.ncbi.nlm.nih.gov/12345678/')
        >>> print(source.citation)
        Exampleson, A. (2024). Synthetic test: social prescribing through link workers as part
        of person-centred care.
    """
    references: list[Reference] = []
    problems: list[Problem] = []
    for line, fields in _records(read_reference_text(path, legacy=True)):
        if any(tag in {"PMID", "TI", "BTI", "FAU", "AU", "CN"} for tag, _ in fields):
            references.append(_reference(line, fields))
        else:
            problems.append(Problem(f"line {line}", "not read: these lines have no PMID, TI "
                                    "or AU tag", "start each record with a line such as "
                                    "'PMID- 12345678', and separate records by a blank line"))
    return to_collection(path, references, problems, empty=_EMPTY)


def _records(text: str) -> Iterator[tuple[int, _Fields]]:
    """Each record's first line and its tags and values, in order."""
    start, fields = 0, []
    for number, written in enumerate(text.splitlines(), start=1):
        line = written.lstrip("\ufeff").rstrip()
        match = _TAG.match(line)
        if not line or (match and match.group(1) == "PMID" and fields):
            if fields:
                yield start, fields
            start, fields = 0, []
            if not line:
                continue
        if match:
            fields.append((match.group(1), match.group(2)))
        elif fields:  # a value going on (indented, or not, as some tools wrap it)
            tag, value = fields[-1]
            fields[-1] = (tag, f"{value} {line.strip()}")
        else:
            fields.append(("", line))  # a line before any tag: a record without tags
        start = start or number
    if fields:
        yield start, fields


def _reference(line: int, fields: _Fields) -> Reference:
    values: dict[str, list[str]] = {}
    for tag, value in fields:
        if (text := tidy(value)) is not None:
            values.setdefault(tag, []).append(text)
    pmid = _first(values, "PMID")
    people = _people(fields, full="FAU", short="AU")
    authors, more = named(people or _people(fields, full="FED", short="ED"))
    year, month, day = _date(_first(values, "DP"))
    title = _title(_first(values, "TI"))
    book = _title(_first(values, "BTI"))
    container = next(filter(None, (values.get(tag, [None])[0] for tag in _CONTAINER_TAGS
                                   if tag != "BTI" or title)), None)
    doi = next((match.group(1) for tag in ("LID", "AID") for value in values.get(tag, [])
                if (match := _DOI.match(value))), None)
    return Reference(
        place=f"record {pmid!r} (line {line})" if pmid else f"the record on line {line}",
        key=f"pmid{pmid}" if pmid else None, authors=authors, more_authors=more,
        title=title or book, container=None if container == (title or book) else container,
        year=year, month=month, day=day, doi=doi,
        url=_PUBMED.format(pmid) if pmid and pmid.isdigit() else None)


def _first(values: dict[str, list[str]], tag: str) -> str | None:
    return values.get(tag, [None])[0]


def _title(text: str | None) -> str | None:
    """A title less the full stop PubMed ends every title with."""
    if text is None or not text.endswith(".") or text.endswith(".."):
        return text
    return text[:-1].rstrip() or None


def _people(fields: _Fields, *, full: str, short: str) -> list[Person]:
    """The people of the ``full`` names (and groups, ``CN``), or else of the ``short`` ones."""
    people = [_person(value, short=False) for tag, value in fields if tag in {full, "CN"}]
    if not any(tag == full for tag, _ in fields):
        people += [_person(value, short=True) for tag, value in fields if tag == short]
    return [person for person in people if person is not None]


def _person(value: str, *, short: bool) -> Person | None:
    """``Tierney, Stephanie`` (full), ``Tierney SJ`` (short: initials), or a group's name."""
    text = tidy(value)
    if text is None:
        return None
    if "," in text:
        family, _, given = text.partition(",")
        return Person(family.strip(), given.strip()) if family.strip() else None
    family, _, initials = text.rpartition(" ")
    if short and family and initials.isupper() and initials.isalpha():
        return Person(family, " ".join(initials))
    return Person(text)


def _date(text: str | None) -> tuple[str | None, int | None, int | None]:
    """The year, month and day of a ``DP`` date (``2024 Mar 15``); a range gives the year."""
    if text is None:
        return None, None, None
    match = _DATE.match(text)
    if match is None:
        year, _, _ = parse_date(text)
        return year, None, None
    year, name, day = match.groups()
    month = _MONTHS.index(name.lower()) + 1 if name and name.lower() in _MONTHS else None
    return year, month, int(day) if day and month else None
