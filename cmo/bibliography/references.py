"""A reference as a reference list holds it: people, title, year, DOI, and its citation.

Each format module (:mod:`.bibtex`, :mod:`.ris`, :mod:`.csl_json`) reads its entries into
:class:`Reference` values; :mod:`.sources` makes them sources.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from .._helpers import read_text
from ..exceptions import InputError, Problem

__all__ = ["LEGACY_ENCODINGS", "MORE_AUTHORS", "NAMED_AUTHORS", "Person", "Reference",
           "citation_text", "named", "parse_date", "read_reference_text", "tidy"]

#: Up to this many authors are named in a citation; with more, the first and "et al.".
NAMED_AUTHORS: Final = 3
#: How a list of authors says that it names only some of them (BibTeX's "and others").
MORE_AUTHORS: Final = frozenset({"others", "et al", "et al."})
#: What a BibTeX or RIS file that is not UTF-8 is most likely in, where other encodings
#: read it as well: Windows-1252 (Latin-1 and curly quotes), as EndNote, older Zotero and
#: JabRef exports and database vendors write.
LEGACY_ENCODINGS: Final = ("cp1252",)
_DATE = re.compile(r"^\s*(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_NAME_WORDS = re.compile(r"[^\s.\-]+|-")


@dataclass(frozen=True, slots=True)
class Person:
    """An author or editor: a family name (or an organisation's whole name) and given names.

    Example:
        >>> str(Person("Chatterjee", "Helen J.")), str(Person("Dupont", "Jean-Paul"))
        ('Chatterjee, H. J.', 'Dupont, J.-P.')
        >>> str(Person("World Health Organization"))
        'World Health Organization'
    """

    family: str
    given: str = ""

    def __str__(self) -> str:
        initials = ""
        for word in _NAME_WORDS.findall(self.given):
            initials = f"{initials.rstrip()}-" if word == "-" else f"{initials}{word[0]}. "
        initials = initials.strip(" -")
        return f"{self.family}, {initials}" if initials else self.family


@dataclass(frozen=True, slots=True)
class Reference:
    """One entry of a reference list, as its format module read it.

    Args:
        place: where it is in its file, for messages: ``"entry 'tierney2024' (line 2)"``.
        key: its key (BibTeX citekey, RIS ``ID``, CSL-JSON ``id``), if it has one.
        authors: its authors (its editors when it names no author), in order.
        more_authors: the list of authors ends with "and others".
        year: the year as written: ``"2024"`` (``"in press"`` is kept as it is).
        month: the month of publication (1-12), when known.
        day: the day of the month, when known.
    """

    place: str
    key: str | None = None
    authors: tuple[Person, ...] = ()
    more_authors: bool = False
    title: str | None = None
    container: str | None = None
    year: str | None = None
    month: int | None = None
    day: int | None = None
    doi: str | None = None
    url: str | None = None


def named(people: Sequence[Person]) -> tuple[tuple[Person, ...], bool]:
    """The people a list names, and whether it ends with "others" or "et al.".

    Example:
        >>> named([Person("Tierney", "S."), Person("others")])
        ((Person(family='Tierney', given='S.'),), True)
    """
    kept = tuple(person for person in people if person.family.casefold() not in MORE_AUTHORS)
    return kept, len(kept) < len(people)


def tidy(text: object) -> str | None:
    """Text on one line, runs of white space made one space; ``None`` if blank or not text."""
    if not isinstance(text, str):
        return None
    return " ".join(_CONTROL.sub(" ", text).split()) or None


def parse_date(text: str | None) -> tuple[str | None, int | None, int | None]:
    """The year, month and day of a date written ``2024``, ``2024-03-05`` or ``2024/03/05/``.

    Example:
        >>> parse_date("2024/03/05/"), parse_date("2023"), parse_date("in press")
        (('2024', 3, 5), ('2023', None, None), ('in press', None, None))
    """
    match = _DATE.match(text or "")
    if match is None:
        return tidy(text), None, None
    year, month, day = match.groups()
    return year, int(month) if month else None, int(day) if day else None


def citation_text(reference: Reference) -> str | None:
    """A readable citation: authors, year, title and where it was published.

    Up to three authors are named; with more, or "and others", the first and "et al.".

    Example:
        >>> print(citation_text(Reference("", authors=(Person("Tierney", "S."),),
        ...       more_authors=True, year="2024", title="Patient buy-in", container="HSDR")))
        Tierney, S. et al. (2024). Patient buy-in. HSDR.
    """
    names = _names(reference.authors, reference.more_authors)
    lead = names or reference.title
    if lead is None:
        return None
    parts = [f"{lead} ({reference.year})" if reference.year else lead]
    if names and reference.title:
        parts.append(reference.title)
    if reference.container:
        parts.append(reference.container)
    return " ".join(part if part.endswith((".", "?", "!")) else f"{part}." for part in parts)


def read_reference_text(path: str | Path, *, legacy: bool = False) -> str:
    """The text of a reference list.

    Args:
        path: the file.
        legacy: a file that is not UTF-8 is read in the encoding it seems to be in
            (Windows-1252 where others read it as well: :data:`LEGACY_ENCODINGS`), with a
            :class:`~cmo.exceptions.CmoWarning` naming it, instead of being refused.

    Raises:
        InputError: the file is missing, empty, binary or not UTF-8 (with ``legacy``: in
            no encoding that can be guessed).
    """
    path = Path(path)
    if path.is_file() and not path.read_bytes().strip():
        raise InputError([Problem("", "the file is empty", "export the references again from "
                                  "Zotero, Mendeley or EndNote")], source=path)
    return read_text(path, fallback=LEGACY_ENCODINGS if legacy else None)


def _names(people: tuple[Person, ...], more: bool) -> str | None:
    if not people:
        return None
    if more or len(people) > NAMED_AUTHORS:
        return f"{people[0]} et al."
    named = [str(person) for person in people]
    return named[0] if len(named) == 1 else f"{', '.join(named[:-1])} and {named[-1]}"
