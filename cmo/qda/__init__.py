"""REFI-QDA: the exchange format of NVivo, ATLAS.ti, MAXQDA and QualCoder, in and out.

Reading takes a ``.qdpx`` project (a ZIP of the project XML and its sources) or a bare
``.qde``, safely (:mod:`cmo.qda.archive`, :mod:`cmo.qda.safe_xml`), and maps its codes to
configurations (:mod:`cmo.qda.importing`) as a mapping file says (:mod:`cmo.qda.mapping_file`).
``docs/qda.md`` documents it.

Example:
    >>> import io, zipfile
    >>> xml = '''<Project xmlns="urn:QDA-XML:project:1.0" name="Pilot">
    ...  <CodeBook><Codes>
    ...   <Code guid="00000000-0000-0000-0000-00000000000c" name="C: Trusts her" isCodable="true"/>
    ...   <Code guid="00000000-0000-0000-0000-00000000000f" name="O: Hope" isCodable="true"/>
    ...  </Codes></CodeBook>
    ...  <Sources><TextSource guid="00000000-0000-0000-0000-000000000001" name="P01" plainTextPath="internal://P01.txt">
    ...   <PlainTextSelection guid="00000000-0000-0000-0000-0000000000a1" startPosition="0" endPosition="22">
    ...    <Coding guid="00000000-0000-0000-0000-0000000000b1">
    ...     <CodeRef targetGUID="00000000-0000-0000-0000-00000000000c"/></Coding>
    ...    <Coding guid="00000000-0000-0000-0000-0000000000b2">
    ...     <CodeRef targetGUID="00000000-0000-0000-0000-00000000000f"/></Coding>
    ...   </PlainTextSelection></TextSource></Sources></Project>'''
    >>> path = getfixture("tmp_path") / "pilot.qdpx"
    >>> with zipfile.ZipFile(path, "w") as archive:
    ...     archive.writestr("project.qde", xml)
    ...     archive.writestr("sources/P01.txt", "Synthetic: I trust her. It gave me hope.")
    >>> collection = read_qdpx(path)
    >>> draft = collection.configurations[0]
    >>> print(draft.id, draft.shape, draft.evidence[0].excerpt.text)
    draft-1 C-O Synthetic: I trust her
"""

from __future__ import annotations

from pathlib import Path

from .._helpers import read_text
from .._helpers.collector import paused_collector
from ..models import Collection
from .archive import Archive
from .codebook import read_qdc
from .exporting import write_qdc, write_qdpx
from .fingerprint import untouched
from .importing import to_collection
from .mapping_file import Mapping, read_mapping
from .project import THEORY_NOTE, read_project

__all__ = ["read_qdc", "read_qde", "read_qdpx", "write_qdc", "write_qdpx"]


def read_qdpx(path: str | Path, *, mapping: str | Path | Mapping | None = None) -> Collection:
    """Read a REFI-QDA project archive (``.qdpx``).

    Args:
        path: the archive.
        mapping: a mapping file (or its contents) saying which codes are which part.

    Raises:
        InputError: the archive or its XML is unsafe or broken, or cannot make a theory.
    """
    with paused_collector():
        archive = Archive(path, name=path)
        xml = archive.project_bytes()
        project = read_project(xml, name=f"{path}!{archive.project_name}",
                               source_text=archive.source_bytes)
        project.untouched = untouched(archive.comment, xml, project.named_notes.get(THEORY_NOTE))
        del xml
        return to_collection(project, _mapping(mapping), name=str(path))


def read_qde(path: str | Path, *, mapping: str | Path | Mapping | None = None) -> Collection:
    """Read a bare REFI-QDA project XML (``.qde``): sources must hold their text inline."""
    data = _xml_bytes(path)
    with paused_collector():
        project = read_project(data, name=str(path))
        return to_collection(project, _mapping(mapping), name=str(path))


def _xml_bytes(path: str | Path) -> bytes:
    """The bytes of an XML file, in the encoding it declares (UTF-8, UTF-16...): the XML
    parser reads it, so a UTF-16 file is checked like a UTF-8 one."""
    file = Path(path)
    data = file.read_bytes() if file.is_file() else b""
    # A missing, empty or folder path: read_text says which, naming the file.
    return data if data.strip() else read_text(path).encode("utf-8")


def _mapping(mapping: str | Path | Mapping | None) -> Mapping:
    return mapping if isinstance(mapping, Mapping) else read_mapping(mapping)
