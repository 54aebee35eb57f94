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
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

from ..exceptions import InputError, Problem
from .safe_xml import parse_xml

__all__ = [
    "NAMESPACE",
    "Case",
    "Code",
    "Project",
    "Selection",
    "TextSource",
    "normal_guid",
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

    def path(self, codes: dict[str, Code]) -> list[str]:
        """The names from the top of the code tree down to this code."""
        names, node = [], self
        while node is not None:
            names.append(node.name)
            node = codes.get(node.parent) if node.parent else None
        return names[::-1]


@dataclass
class Selection:
    guid: str
    source: str
    start: int
    end: int
    codes: list[str] = field(default_factory=list)
    description: str | None = None
    name: str | None = None


@dataclass
class TextSource:
    guid: str
    name: str
    text: str | None  # None: the text could not be found
    description: str | None = None
    selections: list[Selection] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    variables: dict[str, str] = field(default_factory=dict)


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
        for code in codebook.iterfind(f"{_NS}Code"):
            _read_code(code, None, project)
    problems: list[Problem] = []
    sources = root.find(f"{_NS}Sources")
    for element in () if sources is None else sources:
        if element.tag == f"{_NS}TextSource":
            _read_source(element, project, variables, source_text, problems)
        elif isinstance(element.tag, str):
            project.warnings.append(f"{element.tag.removeprefix(_NS)} "
                                    f"{element.get('name') or element.get('guid')!r} was not "
                                    "read: only text sources are")
    for case in root.iterfind(f"{_NS}Cases/{_NS}Case"):
        project.cases.append(Case(
            guid=normal_guid(case.get("guid", "")), name=case.get("name") or "",
            sources=[normal_guid(ref.get("targetGUID", ""))
                     for ref in case.iterfind(f"{_NS}SourceRef")],
            variables=_variable_values(case, variables)))
    for member_set in root.iterfind(f"{_NS}Sets/{_NS}Set"):
        project.sets[member_set.get("name") or ""] = [
            normal_guid(ref.get("targetGUID", "")) for ref in member_set.iterfind(f"{_NS}MemberCode")]
    if problems:
        raise InputError(problems, source=name)
    return project


def _text_of(element: Any, tag: str) -> str | None:
    found = element.find(tag)
    return found.text if found is not None and found.text else None


def _read_code(element: Any, parent: str | None, project: Project) -> None:
    guid = normal_guid(element.get("guid", ""))
    code = Code(guid=guid, name=(element.get("name") or "").strip(), parent=parent,
                description=_text_of(element, f"{_NS}Description"))
    project.codes[guid] = code
    if parent is not None:
        project.codes[parent].children.append(guid)
    for child in element.iterfind(f"{_NS}Code"):
        _read_code(child, guid, project)


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


def _read_source(element: Any, project: Project, variables: dict[str, str],
                 source_text: Callable[[str], bytes | None] | None,
                 problems: list[Problem]) -> None:
    guid = normal_guid(element.get("guid", ""))
    name = element.get("name") or guid
    text = _text_of(element, f"{_NS}PlainTextContent")
    path = element.get("plainTextPath")
    if text is None and path:
        data = source_text(path) if source_text is not None else None
        if data is None:
            project.warnings.append(f"source {name!r}: its text {path!r} is not in the project; "
                                    "its excerpts are kept without text")
        else:
            text = _decode(data, name, project)
    elif text is not None and path:
        project.warnings.append(f"source {name!r} has both PlainTextContent and plainTextPath "
                                "(the standard allows one); the inline text was used")
    source = TextSource(guid=guid, name=name, text=text,
                        description=_text_of(element, f"{_NS}Description"),
                        variables=_variable_values(element, variables))
    source.notes = [project.notes[normal_guid(ref.get("targetGUID", ""))]
                    for ref in element.iterfind(f"{_NS}NoteRef")
                    if normal_guid(ref.get("targetGUID", "")) in project.notes]
    code_guids: dict[str, str] = {}  # as written -> as kept: a few codes, coded many times
    for selection in element.iterchildren(_SELECTION):
        codes, description = [], None
        for child in selection.iterchildren(_CODING, _DESCRIPTION):
            if child.tag == _DESCRIPTION:
                description = description or child.text or None
                continue
            for reference in child.iterchildren(_CODE_REF):
                written = reference.get("targetGUID", "")
                code = code_guids.get(written)
                if code is None:
                    code = code_guids[written] = normal_guid(written)
                if code not in project.codes:
                    problems.append(Problem(
                        f"selection {selection.get('guid')!r} in source {name!r}",
                        f"is coded with {code!r}, which is not in the codebook",
                        "export the project again with its codebook"))
                    continue
                codes.append(code)
        try:
            start, end = int(selection.get("startPosition", "")), int(selection.get("endPosition", ""))
        except ValueError:
            problems.append(Problem(f"selection {selection.get('guid')!r} in source {name!r}",
                                    "has no whole-number startPosition and endPosition",
                                    "export the project again"))
            continue
        source.selections.append(Selection(
            guid=normal_guid(selection.get("guid", "")), source=guid, start=start, end=end,
            codes=codes, description=description, name=selection.get("name")))
    project.sources[guid] = source


def _decode(data: bytes, name: str, project: Project) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # NVivo and QualCoder write a byte-order mark; offsets count without it
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        project.warnings.append(f"source {name!r} is not UTF-8 (byte {error.start}); "
                                "undecodable bytes were replaced")
        return data.decode("utf-8", errors="replace")
