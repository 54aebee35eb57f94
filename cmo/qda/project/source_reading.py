"""Reading a project's sources and their coded selections: text, PDF, picture, audio and
video sources, transcripts, and codes applied to a source as a whole.

Each selection becomes a :class:`~cmo.qda.project.model.Selection` of its source, with its
codes and who applied them. What cannot be read (a position that is not a whole number, a
code not in the codebook) is collected as problems, raised at once by
:func:`~cmo.qda.project.reading.read_project`; what can still be read (a source without its
text, a transcript's selections without positions) is said in the project's warnings.

Example:
    >>> from lxml import etree
    >>> project = Project(name="p")
    >>> reader = SourceReader(project, variables={}, users={}, source_text=None)
    >>> reader.read_sources(etree.fromstring('''<Sources xmlns="urn:QDA-XML:project:1.0">
    ...   <TextSource guid="a1" name="P01"><PlainTextContent>Synthetic text.</PlainTextContent>
    ...    <PlainTextSelection guid="b1" startPosition="0" endPosition="9"/></TextSource>
    ... </Sources>'''))
    >>> [(s.guid, s.start, s.end) for s in project.sources["A1"].selections]
    [('B1', 0, 9)]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, Final

from ...exceptions import Problem
from .guids import normal_guid
from .model import WHOLE, Place, Project, Selection, TextSource
from .xml_values import NS, decode, text_of, variable_values

__all__ = ["SourceReader"]

_SELECTION: Final = f"{NS}PlainTextSelection"
_CODING: Final = f"{NS}Coding"
_CODE_REF: Final = f"{NS}CodeRef"
_DESCRIPTION: Final = f"{NS}Description"
_NOTE_REF: Final = f"{NS}NoteRef"
#: Positions past this are not from a real project (and would not fit the models).
_MAX_POSITION: Final = 2**53
_DIGITS: Final = re.compile("[0-9]{1,15}")
_MEDIA: Final = {f"{NS}PDFSource": ("PDF", f"{NS}PDFSelection"),
                 f"{NS}PictureSource": ("picture", f"{NS}PictureSelection"),
                 f"{NS}AudioSource": ("audio", f"{NS}AudioSelection"),
                 f"{NS}VideoSource": ("video", f"{NS}VideoSelection")}
_SHOWN: Final = 5


def _names(names: list[str]) -> str:
    shown = ", ".join(repr(name) for name in names[:_SHOWN])
    return shown + (f" and {len(names) - _SHOWN} more" if len(names) > _SHOWN else "")


def _whole(value: str | None) -> int | None:
    """A position written as digits, or None."""
    return int(value) if value is not None and _DIGITS.fullmatch(value.strip()) else None


def _file_name(path: str | None) -> str | None:
    """The name of a source's file without its folder and extension, from a text path."""
    if not path:
        return None
    base = path.split("://", 1)[-1].replace("\\", "/").rsplit("/", 1)[-1]
    stem = base.rsplit(".", 1)[0] if "." in base.lstrip(".") else base
    return stem.strip() or None


class SourceReader:
    """Reads sources and their selections into a project, collecting what went wrong."""

    def __init__(self, project: Project, variables: dict[str, str],
                 users: dict[str, str | None],
                 source_text: Callable[[str], bytes | None] | None) -> None:
        self.project, self.variables, self.users = project, variables, users
        self.source_text = source_text
        self.problems: list[Problem] = []
        self.empty: list[str] = []
        self.zero_length = 0
        self.transcripts = 0
        self._code_guids: dict[str, str] = {}  # as written -> as kept
        self._users_written: dict[str, str | None] = {}  # as written -> the user's name

    def read_sources(self, sources: Any) -> None:
        """Read every source of a ``<Sources>`` element, then say in the project's warnings
        what could be read only in part."""
        project = self.project
        for element in () if sources is None else sources:
            if element.tag == f"{NS}TextSource":
                self.text_source(element)
            elif element.tag in _MEDIA:
                self.media_source(element)
            elif isinstance(element.tag, str):
                project.warnings.append(f"{element.tag.removeprefix(NS)} "
                                        f"{element.get('name') or element.get('guid')!r} was not "
                                        "read: it is not a kind of source REFI-QDA defines")
        if self.empty:
            project.warnings.append(
                f"{len(self.empty)} sources have no text ({_names(self.empty)}): NVivo for "
                "Mac writes an empty text and keeps the document beside it (.docx); the sources "
                "are kept, and their excerpts without text")
        if self.zero_length:
            project.warnings.append(f"{self.zero_length} selections mark no text (they start "
                                    "where they end); kept as excerpts without text")
        if self.transcripts:
            project.warnings.append(f"{self.transcripts} selections of transcripts were not "
                                    "read: their sync points give no positions in the text")

    def _source(self, element: Any, medium: str, name: str | None = None) -> TextSource:
        guid = normal_guid(element.get("guid", ""))
        path = element.get("plainTextPath") or element.get("path")
        name = name or (element.get("name") or "").strip() or _file_name(path) or guid
        source = TextSource(guid=guid, name=name, text=None, medium=medium,
                            description=text_of(element, _DESCRIPTION),
                            variables=variable_values(element, self.variables))
        source.notes = [self.project.notes[normal_guid(ref.get("targetGUID", ""))]
                        for ref in element.iterfind(f"{NS}NoteRef")
                        if normal_guid(ref.get("targetGUID", "")) in self.project.notes]
        return source

    def text_source(self, element: Any, name: str | None = None,
                    beside: Iterable[Any] = ()) -> None:
        """Read a text source (or a PDF's text, or a transcript); ``beside`` are text
        selections of it written outside it (beside a PDF's Representation)."""
        source = self._source(element, "text", name)
        text = text_of(element, f"{NS}PlainTextContent")
        path = element.get("plainTextPath")
        if text is None and path:
            data = self.source_text(path) if self.source_text is not None else None
            if data is None:
                self.project.warnings.append(f"source {source.name!r}: its text {path!r} is "
                                             "not in the project; its excerpts are kept "
                                             "without text")
            else:
                text = decode(data, source.name, self.project)
        elif text is not None and path:
            self.project.warnings.append(f"source {source.name!r} has both PlainTextContent "
                                         "and plainTextPath (the standard allows one); the "
                                         "inline text was used")
        if text is not None and not text.strip():
            self.empty.append(source.name)
            text = None
        source.text = text
        for selection in (*element.iterchildren(_SELECTION), *beside):
            place = self._place(selection, source, ("startPosition", "endPosition"))
            if place is not None:
                start, end = place
                if start == end:
                    self.zero_length += 1
                self._add(selection, source, start, end, None)
        # A transcript's selections run between sync points, which say where in its text.
        positions = {normal_guid(point.get("guid", "")): point.get("position")
                     for point in element.iterchildren(f"{NS}SyncPoint")}
        for selection in element.iterchildren(f"{NS}TranscriptSelection"):
            start, end = (_whole(positions.get(normal_guid(selection.get(point, ""))))
                          for point in ("fromSyncPoint", "toSyncPoint"))
            if start is None or end is None or end < start:
                self.transcripts += 1
                continue
            self._add(selection, source, start, end, None)
        self._as_a_whole(element, source)
        self.project.sources[source.guid] = source

    def media_source(self, element: Any) -> None:
        medium, tag = _MEDIA[element.tag]
        source = self._source(element, medium)
        for selection in element.iterchildren(tag):
            if medium == "audio" or medium == "video":
                found = self._place(selection, source, ("begin", "end"))
                if found is not None:
                    self._add(selection, source, *found, Place(medium, begin=found[0],
                                                               end=found[1]))
                continue
            names = ("firstX", "firstY", "secondX", "secondY")
            region = self._place(selection, source, names)
            page = self._place(selection, source, ("page",)) if medium == "PDF" else (None,)
            if region is not None and page is not None:
                self._add(selection, source, 0, 0, Place(
                    medium, page=page[0], region=(region[0], region[1], region[2], region[3])))
        self._as_a_whole(element, source)
        self.project.sources[source.guid] = source
        for transcript in element.iterchildren(f"{NS}Transcript"):  # its text, coded
            self.text_source(transcript, name=None if (transcript.get("name") or "").strip()
                             else f"{source.name} (transcript)")
        representation = element.find(f"{NS}Representation")
        # Some writers put the text selections of a PDF beside its Representation.
        beside = list(element.iterchildren(_SELECTION))
        if representation is not None:  # a PDF's text, with selections of its own
            self.text_source(representation, name=f"{source.name} (text)", beside=beside)
        elif beside:
            self.project.warnings.append(
                f"{medium} source {source.name!r}: {len(beside)} text selections were not "
                "read: the source has no text (a Representation) they could mark")

    def _as_a_whole(self, element: Any, source: TextSource) -> None:
        """Codes applied to a source as a whole (``Coding`` in the source itself): one
        selection of the whole source."""
        if element.find(_CODING) is not None:
            self._add(element, source, 0, 0, Place(WHOLE))

    def _place(self, selection: Any, source: TextSource,
               names: tuple[str, ...]) -> tuple[Any, ...] | None:
        """The whole-number attributes ``names`` of a selection, or None (a problem).

        Positions out of order or out of the text are not a problem here: the excerpt is
        kept without a span, and reported (:mod:`cmo.qda.excerpts`).
        """
        try:
            values = tuple([int(selection.get(name, "")) for name in names])
        except ValueError:
            values = ()
        if len(values) != len(names) or not all(
                -_MAX_POSITION <= value <= _MAX_POSITION for value in values):
            self.problems.append(Problem(
                f"selection {selection.get('guid')!r} in source {source.name!r}",
                f"has no whole-number {' and '.join(names)}",
                "export the project again"))
            return None
        return values

    def _user(self, written: str) -> str | None:
        """The name of the user a ``creatingUser`` attribute names (None: no such user)."""
        try:
            return self._users_written[written]
        except KeyError:
            found = self._users_written[written] = self.users.get(normal_guid(written))
            return found

    def _code(self, written: str, selection: Any, source: TextSource) -> str | None:
        """The code a ``targetGUID`` names, as kept; None (a problem) if it is none."""
        code = normal_guid(written)
        if code not in self.project.codes:
            self.problems.append(Problem(
                f"selection {selection.get('guid')!r} in source {source.name!r}",
                f"is coded with {code!r}, which is not in the codebook",
                "export the project again with its codebook"))
            return None
        self._code_guids[written] = code  # codes are all read before any source
        return code

    def _add(self, selection: Any, source: TextSource, start: int, end: int,
             place: Place | None) -> None:
        # Hundreds of thousands of selections in a large project: one pass over the
        # children, and each user and code GUID as written looked up once.
        codes: list[str] = []
        coders: list[str | None] = []
        notes: list[str] = []
        description = None
        user, known, project_notes = self._user, self._code_guids, self.project.notes
        selection_user = user(selection.get("creatingUser", ""))
        # Plain iteration, told apart by tag: a third of the time of iterchildren(tag).
        for child in selection:
            tag = child.tag
            if tag == _CODING:
                coder = user(child.get("creatingUser", "")) or selection_user
                for reference in child:
                    if reference.tag == _CODE_REF:
                        written = reference.get("targetGUID", "")
                        code = known.get(written) or self._code(written, selection, source)
                        if code is not None:
                            codes.append(code)
                            coders.append(coder)
            elif tag == _DESCRIPTION:
                description = description or child.text or None
            elif tag == _NOTE_REF and (
                    guid := normal_guid(child.get("targetGUID", ""))) in project_notes:
                notes.append(project_notes[guid])
        source.selections.append(Selection(
            guid=normal_guid(selection.get("guid", "")), source=source.guid, start=start,
            end=end, codes=codes, description=description, name=selection.get("name"),
            coders=coders, place=place, notes=notes))
