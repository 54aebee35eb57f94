"""Reading a REFI-QDA project's XML (``.qde``): its users, notes, codebook, sources, cases
and sets, into a :class:`~cmo.qda.project.model.Project`.

Deviations from the standard that still let the content be read are collected as the
project's ``warnings`` rather than raised; sources and their selections are read by
:class:`~cmo.qda.project.source_reading.SourceReader`.

Example:
    >>> xml = b'''<Project xmlns="urn:QDA-XML:project:1.0" name="p"><CodeBook><Codes>
    ...   <Code guid="{a182cd3a-d83c-4d8c-bc80-26d9103ec6d6}" name="C: Trust" isCodable="true"/>
    ... </Codes></CodeBook></Project>'''
    >>> project = read_project(xml, name="p.qde")
    >>> [(code.guid, code.name) for code in project.codes.values()]
    [('A182CD3A-D83C-4D8C-BC80-26D9103EC6D6', 'C: Trust')]
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...exceptions import InputError, Problem
from ..safe_xml import parse_xml
from .guids import normal_guid
from .model import NAMESPACE, Case, Code, Project
from .source_reading import SourceReader
from .xml_values import NS, decode, text_of, variable_values

__all__ = ["read_codes", "read_project"]


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
    if root.tag != f"{NS}Project":
        raise InputError([Problem("", f"is not a REFI-QDA project (its root is {root.tag!r})",
                                  "give a .qdpx or .qde exported by a QDA program")],
                         source=name)
    project = Project(name=root.get("name") or name)
    variables = {normal_guid(v.get("guid", "")): v.get("name", "")
                 for v in root.iter(f"{NS}Variable")}
    users = {normal_guid(user.get("guid", "")): (user.get("name") or "").strip() or None
             for user in root.iterfind(f"{NS}Users/{NS}User")}
    for note in root.iterfind(f"{NS}Notes/{NS}Note"):
        text = text_of(note, f"{NS}PlainTextContent")
        path = note.get("plainTextPath")
        if text is None and path and source_text is not None:
            data = source_text(path)
            text = decode(data, note.get("name") or path, project) if data is not None else None
        if text:
            project.notes[normal_guid(note.get("guid", ""))] = text
            project.named_notes[note.get("name") or ""] = text
    codebook = root.find(f"{NS}CodeBook/{NS}Codes")
    if codebook is not None:
        read_codes(codebook, project, source=name)
    reader = SourceReader(project, variables, users, source_text)
    reader.read_sources(root.find(f"{NS}Sources"))
    for case in root.iterfind(f"{NS}Cases/{NS}Case"):
        project.cases.append(Case(
            guid=normal_guid(case.get("guid", "")), name=case.get("name") or "",
            sources=[normal_guid(ref.get("targetGUID", ""))
                     for ref in case.iterfind(f"{NS}SourceRef")],
            variables=variable_values(case, variables)))
    for member_set in root.iterfind(f"{NS}Sets/{NS}Set"):
        set_name = (member_set.get("name") or "").strip()
        codes = [normal_guid(ref.get("targetGUID", ""))
                 for ref in member_set.iterfind(f"{NS}MemberCode")]
        if codes or not member_set.findall(f"{NS}MemberSource"):
            project.sets[set_name] = codes
            description = text_of(member_set, f"{NS}Description")
            if description and description.strip():
                project.set_descriptions[set_name] = description
        for reference in member_set.iterfind(f"{NS}MemberSource"):
            member = project.sources.get(normal_guid(reference.get("targetGUID", "")))
            if member is not None and set_name and set_name not in member.sets:
                member.sets.append(set_name)
    if reader.problems:
        raise InputError(reader.problems, source=name)
    return project


def read_codes(codes: Any, project: Project, *, source: str,
               namespace: str = NAMESPACE) -> None:
    """Read the code tree of a ``<Codes>`` element (a project's, or a ``.qdc`` codebook's
    in its own ``namespace``) into ``project.codes``."""
    for code in codes.iterfind(f"{{{namespace}}}Code"):
        _read_code(code, None, project, source, f"{{{namespace}}}")


def _read_code(element: Any, parent: str | None, project: Project, source: str,
               ns: str = NS) -> None:
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
    # One plain pass over the children (a large export has 100,000s of codes): the text
    # of the first Description, and the codes below.
    tag_code, tag_description = f"{ns}Code", f"{ns}Description"
    description: str | None = None
    described = False
    below = []
    for child in element:
        tag = child.tag
        if tag == tag_code:
            below.append(child)
        elif tag == tag_description and not described:
            described, description = True, child.text or None
    code = Code(guid=guid, name=name, parent=parent, description=description,
                colour=element.get("color"))
    project.codes[guid] = code
    if parent is not None:
        project.codes[parent].children.append(guid)
    for child in below:
        _read_code(child, guid, project, source, ns)
