"""A REFI-QDA project as read from its XML: users, codes, sources, selections, cases...

Only what ``cmo`` uses is kept, as plain dataclasses; GUIDs are normalised (upper case,
no braces) because exports spell them both ways. Deviations from the standard that still
let the content be read are collected as ``warnings`` rather than raised.

Example:
    >>> xml = b'''<Project xmlns="urn:QDA-XML:project:1.0" name="p"><CodeBook><Codes>
    ...   <Code guid="{a182cd3a-d83c-4d8c-bc80-26d9103ec6d6}" name="C: Trust" isCodable="true"/>
    ... </Codes></CodeBook></Project>'''
    >>> project = read_project(xml, name="p.qde")
    >>> [(code.guid, code.name) for code in project.codes.values()]
    [('A182CD3A-D83C-4D8C-BC80-26D9103EC6D6', 'C: Trust')]
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Final

from ..exceptions import InputError, Problem
from .safe_xml import parse_xml

__all__ = [
    "NAMESPACE",
    "WHOLE",
    "Case",
    "Code",
    "Place",
    "Project",
    "Selection",
    "TextSource",
    "normal_guid",
    "read_codes",
    "read_project",
]

#: The namespace of REFI-QDA project XML.
NAMESPACE: Final = "urn:QDA-XML:project:1.0"
#: The name of the project note in which ``cmo`` carries a theory through a QDA program.
THEORY_NOTE: Final = "cmo theory (read by cmo; edit the theory in cmo, not here)"
_NS: Final = f"{{{NAMESPACE}}}"
_GUID_PREFIX: Final = uuid.NAMESPACE_URL.bytes + b"cmo:"
#: A hex digit with its two top bits set to the RFC 4122 variant (binary 10).
_VARIANT: Final = {digit: "89AB"[int(digit, 16) & 3] for digit in "0123456789ABCDEF"}
_SELECTION: Final = f"{_NS}PlainTextSelection"
_CODING: Final = f"{_NS}Coding"
_CODE_REF: Final = f"{_NS}CodeRef"
_DESCRIPTION: Final = f"{_NS}Description"
#: Positions past this are not from a real project (and would not fit the models).
_MAX_POSITION: Final = 2**53
_DIGITS: Final = re.compile("[0-9]{1,15}")


def stable_guid(*parts: str) -> str:
    """A GUID derived from names, so the same theory always gets the same GUIDs.

    It is ``uuid.uuid5(uuid.NAMESPACE_URL, "cmo:" + "\x1f".join(parts))`` in upper case,
    computed without making a ``UUID`` (an export derives hundreds of thousands).

    Example:
        >>> stable_guid("note", "theory") == str(uuid.uuid5(
        ...     uuid.NAMESPACE_URL, "cmo:note\x1ftheory")).upper()
        True
    """
    value = hashlib.sha1(_GUID_PREFIX + "\x1f".join(parts).encode()).hexdigest().upper()
    # The first 16 bytes, with the version (5) and the RFC 4122 variant set.
    return (f"{value[:8]}-{value[8:12]}-5{value[13:16]}-{_VARIANT[value[16]]}{value[17:20]}-"
            f"{value[20:32]}")


def normal_guid(value: str) -> str:
    """A GUID as ``cmo`` keeps it: upper case, without braces."""
    return value.strip().strip("{}").upper()


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


@dataclass
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

    @property
    def passage(self) -> tuple[int, int, Place | None]:
        """What the selection marks: selections of one source marking the same are one
        passage (a QDA program writes one selection per code applied to it)."""
        return self.start, self.end, self.place


#: The medium of a :class:`Place` that is a whole source (coded as a whole).
WHOLE: Final = "whole source"


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


def read_project(data: bytes, *, name: str,
                 source_text: Callable[[str], bytes | None] | None = None) -> Project:
    """Read a project's XML (``.qde``).

    Args:
        data: the XML.
        name: the file, for messages.
        source_text: finds the bytes of a ``plainTextPath`` (``internal://...``) in the
            archive; None for a bare ``.qde``.

    Raises:
        InputError: not REFI-QDA project XML, or a selection that names an unknown code.
    """
    root = parse_xml(data, source=name)
    if root.tag != f"{_NS}Project":
        raise InputError([Problem("", f"is not a REFI-QDA project (its root is {root.tag!r})",
                                  "give a .qdpx or .qde exported by a QDA program")],
                         source=name)
    project = Project(name=root.get("name") or name)
    variables = {normal_guid(v.get("guid", "")): v.get("name", "")
                 for v in root.iter(f"{_NS}Variable")}
    users = {normal_guid(user.get("guid", "")): (user.get("name") or "").strip() or None
             for user in root.iterfind(f"{_NS}Users/{_NS}User")}
    for note in root.iterfind(f"{_NS}Notes/{_NS}Note"):
        text = _text_of(note, f"{_NS}PlainTextContent")
        path = note.get("plainTextPath")
        if text is None and path and source_text is not None:
            data = source_text(path)
            text = _decode(data, note.get("name") or path, project) if data is not None else None
        if text:
            project.notes[normal_guid(note.get("guid", ""))] = text
            project.named_notes[note.get("name") or ""] = text
    codebook = root.find(f"{_NS}CodeBook/{_NS}Codes")
    if codebook is not None:
        read_codes(codebook, project, source=name)
    reader = _SourceReader(project, variables, users, source_text)
    sources = root.find(f"{_NS}Sources")
    for element in () if sources is None else sources:
        if element.tag == f"{_NS}TextSource":
            reader.text_source(element)
        elif element.tag in _MEDIA:
            reader.media_source(element)
        elif isinstance(element.tag, str):
            project.warnings.append(f"{element.tag.removeprefix(_NS)} "
                                    f"{element.get('name') or element.get('guid')!r} was not "
                                    "read: it is not a kind of source REFI-QDA defines")
    if reader.empty:
        project.warnings.append(
            f"{len(reader.empty)} sources have no text ({_names(reader.empty)}): NVivo for "
            "Mac writes an empty text and keeps the document beside it (.docx); the sources "
            "are kept, and their excerpts without text")
    if reader.zero_length:
        project.warnings.append(f"{reader.zero_length} selections mark no text (they start "
                                "where they end); kept as excerpts without text")
    if reader.transcripts:
        project.warnings.append(f"{reader.transcripts} selections of transcripts were not "
                                "read: their sync points give no positions in the text")
    for case in root.iterfind(f"{_NS}Cases/{_NS}Case"):
        project.cases.append(Case(
            guid=normal_guid(case.get("guid", "")), name=case.get("name") or "",
            sources=[normal_guid(ref.get("targetGUID", ""))
                     for ref in case.iterfind(f"{_NS}SourceRef")],
            variables=_variable_values(case, variables)))
    for member_set in root.iterfind(f"{_NS}Sets/{_NS}Set"):
        set_name = (member_set.get("name") or "").strip()
        codes = [normal_guid(ref.get("targetGUID", ""))
                 for ref in member_set.iterfind(f"{_NS}MemberCode")]
        if codes or not member_set.findall(f"{_NS}MemberSource"):
            project.sets[set_name] = codes
            description = _text_of(member_set, f"{_NS}Description")
            if description and description.strip():
                project.set_descriptions[set_name] = description
        for reference in member_set.iterfind(f"{_NS}MemberSource"):
            member = project.sources.get(normal_guid(reference.get("targetGUID", "")))
            if member is not None and set_name and set_name not in member.sets:
                member.sets.append(set_name)
    if reader.problems:
        raise InputError(reader.problems, source=name)
    return project


_MEDIA: Final = {f"{_NS}PDFSource": ("PDF", f"{_NS}PDFSelection"),
                 f"{_NS}PictureSource": ("picture", f"{_NS}PictureSelection"),
                 f"{_NS}AudioSource": ("audio", f"{_NS}AudioSelection"),
                 f"{_NS}VideoSource": ("video", f"{_NS}VideoSelection")}
_SHOWN: Final = 5


def _names(names: list[str]) -> str:
    shown = ", ".join(repr(name) for name in names[:_SHOWN])
    return shown + (f" and {len(names) - _SHOWN} more" if len(names) > _SHOWN else "")


def _whole(value: str | None) -> int | None:
    """A position written as digits, or None."""
    return int(value) if value is not None and _DIGITS.fullmatch(value.strip()) else None


def _text_of(element: Any, tag: str) -> str | None:
    found = element.find(tag)
    return found.text if found is not None and found.text else None


def read_codes(codes: Any, project: Project, *, source: str,
               namespace: str = NAMESPACE) -> None:
    """Read the code tree of a ``<Codes>`` element (a project's, or a ``.qdc`` codebook's
    in its own ``namespace``) into ``project.codes``."""
    for code in codes.iterfind(f"{{{namespace}}}Code"):
        _read_code(code, None, project, source, f"{{{namespace}}}")


def _read_code(element: Any, parent: str | None, project: Project, source: str,
               ns: str = _NS) -> None:
    guid = normal_guid(element.get("guid", ""))
    name = (element.get("name") or "").strip()
    if not name:  # the standard requires a name; keep the code, and what it codes
        name = f"unnamed code {guid}"
        project.warnings.append(f"a code has no name; it is called {name!r}")
    if guid in project.codes:
        # Two codes with one GUID would make the code tree a loop (a code its own ancestor).
        first = project.codes[guid]
        ancestors, node = set(), parent
        while node is not None and node not in ancestors:
            ancestors.add(node)
            node = project.codes[node].parent
        where = "inside itself" if guid in ancestors else "twice in the codebook"
        raise InputError([Problem(f"code {name!r}", f"has the GUID {guid} of the code "
                                  f"{first.name!r}, so it appears {where} (GUIDs are the "
                                  "same in any case, with or without braces)",
                                  "give each code its own GUID in the QDA program, or "
                                  "export the project again")], source=source)
    code = Code(guid=guid, name=name, parent=parent,
                description=_text_of(element, f"{ns}Description"), colour=element.get("color"))
    project.codes[guid] = code
    if parent is not None:
        project.codes[parent].children.append(guid)
    for child in element.iterfind(f"{ns}Code"):
        _read_code(child, guid, project, source, ns)


def _variable_values(element: Any, variables: dict[str, str]) -> dict[str, str]:
    values = {}
    for value in element.iterfind(f"{_NS}VariableValue"):
        reference = value.find(f"{_NS}VariableRef")
        name = variables.get(normal_guid(reference.get("targetGUID", ""))) if reference is not None \
            else None
        content = next((child.text for child in value if child.tag != f"{_NS}VariableRef"
                        and child.text), None)
        if name and content is not None:
            values[name] = content.strip()
    return values


def _file_name(path: str | None) -> str | None:
    """The name of a source's file without its folder and extension, from a text path."""
    if not path:
        return None
    base = path.split("://", 1)[-1].replace("\\", "/").rsplit("/", 1)[-1]
    stem = base.rsplit(".", 1)[0] if "." in base.lstrip(".") else base
    return stem.strip() or None


class _SourceReader:
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

    def _source(self, element: Any, medium: str, name: str | None = None) -> TextSource:
        guid = normal_guid(element.get("guid", ""))
        path = element.get("plainTextPath") or element.get("path")
        name = name or (element.get("name") or "").strip() or _file_name(path) or guid
        source = TextSource(guid=guid, name=name, text=None, medium=medium,
                            description=_text_of(element, _DESCRIPTION),
                            variables=_variable_values(element, self.variables))
        source.notes = [self.project.notes[normal_guid(ref.get("targetGUID", ""))]
                        for ref in element.iterfind(f"{_NS}NoteRef")
                        if normal_guid(ref.get("targetGUID", "")) in self.project.notes]
        return source

    def text_source(self, element: Any, name: str | None = None,
                    beside: Iterable[Any] = ()) -> None:
        """Read a text source (or a PDF's text, or a transcript); ``beside`` are text
        selections of it written outside it (beside a PDF's Representation)."""
        source = self._source(element, "text", name)
        text = _text_of(element, f"{_NS}PlainTextContent")
        path = element.get("plainTextPath")
        if text is None and path:
            data = self.source_text(path) if self.source_text is not None else None
            if data is None:
                self.project.warnings.append(f"source {source.name!r}: its text {path!r} is "
                                             "not in the project; its excerpts are kept "
                                             "without text")
            else:
                text = _decode(data, source.name, self.project)
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
                     for point in element.iterchildren(f"{_NS}SyncPoint")}
        for selection in element.iterchildren(f"{_NS}TranscriptSelection"):
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
        for transcript in element.iterchildren(f"{_NS}Transcript"):  # its text, coded
            self.text_source(transcript, name=None if (transcript.get("name") or "").strip()
                             else f"{source.name} (transcript)")
        representation = element.find(f"{_NS}Representation")
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
        kept without a span, and reported (:mod:`cmo.qda.importing`).
        """
        try:
            values = tuple(int(selection.get(name, "")) for name in names)
        except ValueError:
            values = ()
        if len(values) != len(names) or any(abs(value) > _MAX_POSITION for value in values):
            self.problems.append(Problem(
                f"selection {selection.get('guid')!r} in source {source.name!r}",
                f"has no whole-number {' and '.join(names)}",
                "export the project again"))
            return None
        return values

    def _add(self, selection: Any, source: TextSource, start: int, end: int,
             place: Place | None) -> None:
        codes: list[str] = []
        coders: list[str | None] = []
        description = None
        selection_user = self.users.get(normal_guid(selection.get("creatingUser", "")))
        for child in selection.iterchildren(_CODING, _DESCRIPTION):
            if child.tag == _DESCRIPTION:
                description = description or child.text or None
                continue
            coder = self.users.get(normal_guid(child.get("creatingUser", ""))) or selection_user
            for reference in child.iterchildren(_CODE_REF):
                written = reference.get("targetGUID", "")
                code = self._code_guids.get(written)
                if code is None:
                    code = self._code_guids[written] = normal_guid(written)
                if code not in self.project.codes:
                    self.problems.append(Problem(
                        f"selection {selection.get('guid')!r} in source {source.name!r}",
                        f"is coded with {code!r}, which is not in the codebook",
                        "export the project again with its codebook"))
                    continue
                codes.append(code)
                coders.append(coder)
        source.selections.append(Selection(
            guid=normal_guid(selection.get("guid", "")), source=source.guid, start=start,
            end=end, codes=codes, description=description, name=selection.get("name"),
            coders=coders, place=place))


def _decode(data: bytes, name: str, project: Project) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # NVivo and QualCoder write a byte-order mark; offsets count without it
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        project.warnings.append(f"source {name!r} is not UTF-8 (byte {error.start}); "
                                "undecodable bytes were replaced")
        return data.decode("utf-8", errors="replace")
