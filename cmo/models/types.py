"""Constrained types shared by the models: identifiers, text, DOIs, IRIs and the vocabularies.

Each is an ``Annotated`` alias, so pydantic validates it and its JSON Schema documents it.
"""

from __future__ import annotations

import re
from typing import Annotated, Final, Literal, get_args

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints

from .labels import IDENTIFIER_PATTERN

__all__ = [
    "DOI",
    "IRI",
    "SOURCE_KINDS",
    "STANCES",
    "STATUSES",
    "Identifier",
    "Label",
    "SourceKind",
    "Stance",
    "Status",
    "Text",
    "Wave",
]

SourceKind = Literal["interview", "observation", "focus group", "document", "publication", "other"]
Stance = Literal["supports", "refutes", "refines"]
Status = Literal[
    "proposed", "supported", "refined", "refuted", "new", "merged", "split", "abandoned"
]

SOURCE_KINDS: Final[tuple[str, ...]] = get_args(SourceKind)
STANCES: Final[tuple[str, ...]] = get_args(Stance)
STATUSES: Final[tuple[str, ...]] = get_args(Status)

# Unicode's control characters (category Cc) but tab and line ends, and lone surrogates (Cs).
_INVISIBLE: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)


def _check_text(value: str) -> str:
    """Refuse blank text, control characters and lone surrogates: none is ever meant."""
    if not value.strip():
        raise ValueError("must not be blank")
    found = _INVISIBLE.search(value)
    if found:
        raise ValueError(f"contains the invisible character U+{ord(found.group()):04X} "
                         f"at position {found.start()}")
    return value


def _strip_doi(value: object) -> object:
    if isinstance(value, str):
        return _DOI_PREFIX.sub("", value.strip())
    return value


def _number_to_text(value: object) -> object:
    # A wave is often written as a bare number in YAML (wave: 1); it is a label, not a count.
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


#: A stable identifier: ASCII letters, digits and ``_ . -``.
Identifier = Annotated[
    str,
    StringConstraints(pattern=IDENTIFIER_PATTERN, min_length=1, max_length=200),
    Field(description="A stable identifier: ASCII letters, digits, '_', '.', '-'."),
]
#: Free text (a quote, a note): not blank, no control characters.
Text = Annotated[str, AfterValidator(_check_text)]
#: A short human-readable name, written on diagrams.
Label = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_check_text)]
#: A DOI such as ``10.3310/ETND8254`` (``doi:`` and ``https://doi.org/`` prefixes are removed).
DOI = Annotated[
    str,
    BeforeValidator(_strip_doi),
    StringConstraints(pattern=r"^10\.\d{4,9}/[^\s]+$"),
    Field(description="A DOI such as 10.3310/ETND8254."),
]
#: An absolute IRI such as ``https://example.org/report.pdf``.
IRI = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]+$"),
    Field(description="An absolute web address, such as https://example.org/report."),
]
#: A wave or timepoint of data collection: ``1``, ``"T2"``, ``"follow-up"``.
Wave = Annotated[str, BeforeValidator(_number_to_text), AfterValidator(_check_text)]
