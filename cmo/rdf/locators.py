"""Where things are, written as IRIs: DOIs as addresses, places in a source as fragments.

A DOI becomes ``https://doi.org/<doi>``. The page, line and time of an excerpt become
``oa:FragmentSelector`` values in the syntax of the standard they conform to: RFC 3778
(``page=12``), RFC 5147 (``line=39,40``) and Media Fragments (``t=00:12:31``). Reading
finds a resource's DOI in either form (:func:`dois_in`).

Example:
    >>> page_fragment("12"), read_fragment("page=12")
    (('page=12', rdflib.term.URIRef('http://tools.ietf.org/rfc/rfc3778')), ('page', '12'))
    >>> doi_of(doi_iri("10.3310/ETND8254"))
    '10.3310/ETND8254'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final
from urllib.parse import quote, unquote

from rdflib import URIRef

from .index import Lit, Term
from .vocabulary import BIBO, SCHEMA

__all__ = [
    "DOI_PREFIXES",
    "FRAGMENTS",
    "MEDIA_FRAGMENTS",
    "RFC3778",
    "RFC5147",
    "doi_iri",
    "doi_of",
    "dois_in",
    "line_fragment",
    "page_fragment",
    "read_fragment",
    "time_fragment",
]

#: How a DOI is written as an IRI; the reader also accepts the older forms.
DOI_PREFIXES: Final = ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/",
                       "http://dx.doi.org/")
# Characters a DOI may hold that are unsafe in an IRI (and '%', '#', '?') are %-encoded.
_DOI_SAFE: Final = "/:;()[]@!$&'*+,="
# The predicates a resource gives its DOI by: its address, or the DOI itself.
_SAME_AS, _DOI = str(SCHEMA.sameAs), str(BIBO.doi)


def doi_iri(doi: str) -> URIRef:
    """The DOI as an ``https://doi.org/`` IRI.

    Example:
        >>> doi_iri("10.1002/(SICI)1097-4636<63>3.0.CO;2-N")
        rdflib.term.URIRef('https://doi.org/10.1002/(SICI)1097-4636%3C63%3E3.0.CO;2-N')
    """
    return URIRef(DOI_PREFIXES[0] + quote(doi, safe=_DOI_SAFE))


def doi_of(iri: str) -> str | None:
    """The DOI an IRI names, or None when it is not a DOI address."""
    for prefix in DOI_PREFIXES:
        if iri.lower().startswith(prefix):
            return unquote(iri[len(prefix):])
    return None


RFC3778: Final = URIRef("http://tools.ietf.org/rfc/rfc3778")  # application/pdf: page=
RFC5147: Final = URIRef("http://tools.ietf.org/rfc/rfc5147")  # text/plain: line=
MEDIA_FRAGMENTS: Final = URIRef("http://www.w3.org/TR/media-frags/")  # t=
# Normal play time as Media Fragments 1.0 defines it: [[h:]mm:]ss[.fraction]
_NPT: Final = re.compile(r"(?:npt:)?(?:\d+:[0-5]\d:[0-5]\d|[0-5]\d:[0-5]\d|\d+)(?:\.\d*)?")


def page_fragment(page: str) -> tuple[str, URIRef | None]:
    """The fragment of a page; it conforms to RFC 3778 only for page numbers.

    Example:
        >>> page_fragment("xii")
        ('page=xii', None)
    """
    return f"page={quote(page, safe='')}", RFC3778 if page.isascii() and page.isdecimal() else None


def line_fragment(line: int) -> tuple[str, URIRef]:
    """The fragment of a line (counted from 1): RFC 5147 counts line *positions* from 0.

    Example:
        >>> line_fragment(40)[0]
        'line=39,40'
    """
    return f"line={line - 1},{line}", RFC5147


def time_fragment(timestamp: str) -> tuple[str, URIRef | None]:
    """The fragment of a time in a recording; it conforms to Media Fragments for NPT times.

    Example:
        >>> time_fragment("00:12:31")
        ('t=00:12:31', rdflib.term.URIRef('http://www.w3.org/TR/media-frags/'))
    """
    conforms = MEDIA_FRAGMENTS if _NPT.fullmatch(timestamp) else None
    return f"t={quote(timestamp, safe=':.,')}", conforms


#: Excerpt fields written as ``oa:FragmentSelector``s (also the names of their selectors).
FRAGMENTS: Final = {"page": page_fragment, "line": line_fragment, "timestamp": time_fragment}


def read_fragment(value: str) -> tuple[str, Any]:
    """The excerpt field (``page``, ``line``, ``timestamp``) and value a fragment gives.

    Raises:
        ValueError: a fragment of another kind, or a ``line=`` that is not RFC 5147.

    Example:
        >>> read_fragment("line=39,40"), read_fragment("t=1:02:03.5")
        (('line', 40), ('timestamp', '1:02:03.5'))
    """
    name, _, rest = value.partition("=")
    if name == "page" and rest:
        return "page", unquote(rest)
    if name == "t" and rest:
        return "timestamp", unquote(rest)
    if name == "line" and re.fullmatch(r"\d+(,\d+)?", rest):
        # line=a (the position before line a+1) or line=a,b (lines a+1 to b): line a+1.
        return "line", int(rest.split(",")[0]) + 1
    raise ValueError(f"unknown fragment {value[:40]!r} (expected page=, line= or t=)")


def dois_in(found: Mapping[str, list[Term]]) -> list[str]:
    """The distinct DOIs among a resource's ``schema:sameAs`` and ``bibo:doi`` values
    (``found``: its values by predicate), sorted.

    Example:
        >>> dois_in({str(SCHEMA.sameAs): ["https://doi.org/10.3310/ETND8254"],
        ...          str(BIBO.doi): [Lit("10.3310/ETND8254")]})
        ['10.3310/ETND8254']
    """
    written = [value.value for value in found.get(_DOI, []) if isinstance(value, Lit)]
    linked = [doi_of(value) for value in found.get(_SAME_AS, []) if not isinstance(value, Lit)]
    return sorted({doi for doi in (*linked, *written) if doi})
