"""Turning references into publication sources: ids, DOIs, dates, and what went wrong.

The same for every format: the id is the entry's key made valid (``Müller:2020`` is
``Muller-2020``), or the first author's family name and the year when there is no key
(``tierney2024``); a DOI loses ``https://doi.org/`` and ``doi:``; the date is kept only
when the day is known, since a year alone is not a date (the year is in the citation).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import string
import unicodedata
import warnings
from collections.abc import Iterable
from itertools import chain, count
from pathlib import Path
from typing import Final

from pydantic import TypeAdapter, ValidationError

from ..exceptions import CmoWarning, InputError, Problem
from ..models import Collection, Source
from ..models.types import DOI, IRI
from .references import Reference, citation_text

__all__ = ["clean_doi", "clean_id", "to_collection"]

_MAX_ID: Final = 200
_NOT_ID = re.compile(r"[^A-Za-z0-9_.\-]+")
_NOT_ALPHANUMERIC = re.compile(r"[^a-z0-9]+")
_DOI_PREFIX = re.compile(r"^(?:(?:https?://)?(?:dx\.)?doi\.org/|doi:?\s*)", re.IGNORECASE)
_YEAR = re.compile(r"^\s*(\d{4})")
_PLACE_NUMBER = re.compile(r"(?:line|item) (\d+)")
_AS_DOI: Final = TypeAdapter(DOI)
_AS_IRI: Final = TypeAdapter(IRI)


def clean_id(key: str) -> str:
    """A valid identifier made from a key: accents dropped, other characters made ``-``.

    Example:
        >>> clean_id("tierney2024"), clean_id("Müller:2020 b"), clean_id("日本")
        ('tierney2024', 'Muller-2020-b', '')
    """
    cleaned = _NOT_ID.sub("-", _ascii(key)).strip("-.")
    return cleaned[:_MAX_ID].rstrip("-.")


def clean_doi(text: str) -> str | None:
    """The DOI in ``text`` without ``https://doi.org/`` or ``doi:``; ``None`` if it is not one.

    Example:
        >>> clean_doi("https://doi.org/10.3310/ETND8254"), clean_doi("doi: 10.4236/jss.2023.115006")
        ('10.3310/ETND8254', '10.4236/jss.2023.115006')
        >>> clean_doi("ETND8254") is None
        True
    """
    try:
        return _AS_DOI.validate_python(_DOI_PREFIX.sub("", text.strip()))
    except ValidationError:
        return None


def to_collection(path: str | Path, references: Iterable[Reference],
                  skipped: Iterable[Problem] = (), *, empty: Problem) -> Collection:
    """A collection of publication sources, one per reference, in the order given.

    Every problem (``skipped`` entries, and those found here) is given as a
    :class:`~cmo.exceptions.CmoWarning` naming the file; a reference whose id another
    one already has is skipped.

    Raises:
        InputError: no source could be made: every problem, or ``empty`` if there was none.
    """
    references = list(references)
    problems = list(skipped)
    reserved = {clean_id(reference.key) for reference in references if reference.key}
    places: dict[str, str] = {}
    sources = [source for reference in references
               if (source := _source(reference, places, reserved, problems)) is not None]
    problems.sort(key=_file_order)
    if not sources:
        raise InputError(problems or [empty], source=path)
    for problem in problems:
        warnings.warn(f"{path}: {problem}", CmoWarning, stacklevel=3)
    return Collection(sources=sources)


def _source(reference: Reference, places: dict[str, str], reserved: set[str],
            problems: list[Problem]) -> Source | None:
    place, key = reference.place, reference.key
    identifier = clean_id(key or "")
    if not identifier:
        identifier = _unused(_derived_id(reference), {*places, *reserved})
        why = f"its key {key!r} has no character an id may use" if key else "it has no key"
        problems.append(Problem(place, f"{why}; it is read as {identifier!r}",
                                "cite it by that id, or give it a key in the reference manager"))
    elif identifier in places:
        became = f"becomes the id {identifier!r}, " if identifier != key else "is "
        problems.append(Problem(place, f"the key {key!r} {became}already used by "
                                f"{places[identifier]}; the first is kept, this one skipped",
                                "give each reference its own key"))
        return None
    elif identifier != key:
        problems.append(Problem(place, f"the key {key!r} is not a valid id; it is read as "
                                f"{identifier!r}", "cite it by that id, or use only ASCII "
                                "letters, digits, '_', '.' and '-' in keys"))
    places[identifier] = place
    reference = _checked_year(reference, problems)
    doi = clean_doi(reference.doi) if reference.doi else None
    if reference.doi and doi is None:
        problems.append(Problem(place, f"{reference.doi!r} is not a DOI; the source is kept "
                                "without it", "correct the DOI: it looks like 10.3310/ETND8254"))
    url = _iri(reference.url)
    if reference.url and url is None:
        problems.append(Problem(place, f"{reference.url!r} is not a web address; the source is "
                                "kept without it", "write the whole address, https://..."))
    try:
        return Source(id=identifier, kind="publication", title=reference.title,
                      citation=citation_text(reference), doi=doi or (url and clean_doi(url)),
                      url=url, date=_date(reference, problems))
    except ValidationError as error:
        problems.append(Problem(place, f"cannot be made a source ({error.errors()[0]['msg']}); "
                                "it was skipped", "check its fields in the reference manager"))
        return None


def _checked_year(reference: Reference, problems: list[Problem]) -> Reference:
    """The reference, less a year written in digits that are not four (``5``, 20 digits)."""
    year = reference.year
    if year is None or not year.isdigit() or len(year) == 4:
        return reference
    shown = year if len(year) <= 12 else f"{year[:12]}... ({len(year):,} digits)"
    problems.append(Problem(reference.place, f"the year {shown} is not a year of publication; "
                            "it is left out", "correct the year: four digits, such as 2024"))
    return dataclasses.replace(reference, year=None, month=None, day=None)


def _date(reference: Reference, problems: list[Problem]) -> dt.date | None:
    """The publication date, only when the day is known: a year alone is not a date."""
    year, month, day = reference.year, reference.month, reference.day
    if not (year and year.isdigit() and month and day):
        return None
    try:
        return dt.date(int(year), month, day)
    except (ValueError, OverflowError):  # a month or day of twenty digits overflows
        problems.append(Problem(reference.place, f"{year}-{month:02}-{day:02} is not a date; "
                                "only the year is kept", "correct the date"))
        return None


def _iri(text: str | None) -> str | None:
    try:
        return _AS_IRI.validate_python(text) if text else None
    except ValidationError:
        return None


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def _derived_id(reference: Reference) -> str:
    """An id like a citekey: first author's family name and year (``tierney2024``)."""
    year = _YEAR.match(reference.year or "")
    year_text = year.group(1) if year else ""
    family = reference.authors[0].family if reference.authors else ""
    stem = _NOT_ALPHANUMERIC.sub("", _ascii(family).lower())
    if stem:
        return f"{stem}{year_text}"
    words = [word for word in _NOT_ALPHANUMERIC.split(_ascii(reference.title or "").lower())
             if word][:3] or ["reference"]
    return "-".join([*words, year_text] if year_text else words)


def _unused(stem: str, used: set[str]) -> str:
    """``stem``, or ``stem`` with b, c, ... (then a number) added, whichever is free."""
    letters = (stem + letter for letter in string.ascii_lowercase[1:])
    numbers = (f"{stem}-{number}" for number in count(27))
    return next(candidate for candidate in chain([stem], letters, numbers)
                if candidate not in used)


def _file_order(problem: Problem) -> int:
    """Where a problem is in its file (its line or item number), to report them in order."""
    number = _PLACE_NUMBER.search(problem.place)
    return int(number.group(1)) if number else 0
