"""A REFI-QDA project as ``cmo`` keeps it: codes, sources, selections, cases and notes.

Only what ``cmo`` uses of the project XML is kept, as plain dataclasses; reading fills them
(:mod:`cmo.qda.project.reading`). GUIDs are normalised (:func:`~cmo.qda.project.guids.normal_guid`).

Example:
    >>> codes = {"A": Code(guid="A", name="Contexts"), "B": Code(guid="B", name="Trust", parent="A")}
    >>> codes["B"].path(codes)
    ['Contexts', 'Trust']
    >>> Selection(guid="S", source="P01", start=0, end=22).passage
    (0, 22, None)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Final

__all__ = [
    "NAMESPACE",
    "THEORY_NOTE",
    "WHOLE",
    "Case",
    "Code",
    "Place",
    "Project",
    "Selection",
    "TextSource",
]

#: The namespace of REFI-QDA project XML.
NAMESPACE: Final = "urn:QDA-XML:project:1.0"
#: The name of the project note in which ``cmo`` carries a theory through a QDA program.
THEORY_NOTE: Final = "cmo theory (read by cmo; edit the theory in cmo, not here)"
#: The medium of a :class:`Place` that is a whole source (coded as a whole).
WHOLE: Final = "whole source"


@dataclass
class Code:
    guid: str
    name: str
    parent: str | None = None
    description: str | None = None
    children: list[str] = field(default_factory=list)
    colour: str | None = None  # as written (``color``): checked where the codebook is made

    def path(self, codes: dict[str, Code]) -> list[str]:
        """The names from the top of the code tree down to this code."""
        names, node = [], self
        while node is not None:
            names.append(node.name)
            node = codes.get(node.parent) if node.parent else None
        return names[::-1]


@dataclass(slots=True)
class Selection:
    """A coded place in a source: a character span of its text, or (``place``) a page
    region, a picture region or a stretch of a recording."""

    guid: str
    source: str
    start: int
    end: int
    codes: list[str] = field(default_factory=list)
    description: str | None = None
    name: str | None = None
    #: Who applied each code (a user's name, or None), in the order of ``codes``.
    coders: list[str | None] = field(default_factory=list)
    #: Where a selection of a PDF, picture, audio or video source is (None for text).
    place: Place | None = None
    #: The text of each note linked to the selection (``NoteRef``).
    notes: list[str] = field(default_factory=list)

    @property
    def passage(self) -> tuple[int, int, Place | None]:
        """What the selection marks: selections of one source marking the same are one
        passage (a QDA program writes one selection per code applied to it)."""
        return self.start, self.end, self.place


@dataclass(frozen=True)
class Place:
    """Where a selection of a media source is, as REFI-QDA gives it.

    ``page`` for PDFs; ``region`` (first x, y, second x, y) for PDFs and pictures;
    ``begin`` and ``end`` in milliseconds for audio and video.
    """

    medium: str  # "PDF", "picture", "audio", "video", or WHOLE
    page: int | None = None
    region: tuple[int, int, int, int] | None = None
    begin: int | None = None
    end: int | None = None


@dataclass
class TextSource:
    guid: str
    name: str
    text: str | None  # None: the text could not be found, or the source is not text
    description: str | None = None
    selections: list[Selection] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    variables: dict[str, str] = field(default_factory=dict)
    #: "text", or the medium of a source that is not text ("PDF", "picture", "audio", "video").
    medium: str = "text"
    #: The document sets (``Sets/Set/MemberSource``) the source is in, by name.
    sets: list[str] = field(default_factory=list)


@dataclass
class Case:
    guid: str
    name: str
    sources: list[str] = field(default_factory=list)
    variables: dict[str, str] = field(default_factory=dict)


@dataclass
class Project:
    name: str
    codes: dict[str, Code] = field(default_factory=dict)
    sources: dict[str, TextSource] = field(default_factory=dict)
    cases: list[Case] = field(default_factory=list)
    sets: dict[str, list[str]] = field(default_factory=dict)
    #: The description of each code set that has one, by name.
    set_descriptions: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    #: The text of each note by its name, for the one ``cmo`` writes (:data:`THEORY_NOTE`).
    named_notes: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    #: True when the project XML and theory note are still what ``cmo`` wrote (its
    #: archive's fingerprint, :mod:`cmo.qda.fingerprint`): no program edited them.
    untouched: bool = False

    def selections(self) -> Iterator[Selection]:
        """Every selection of every source, source by source."""
        for source in self.sources.values():
            yield from source.selections
