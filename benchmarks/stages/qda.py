"""REFI-QDA projects: reading a coded project, writing one."""

from __future__ import annotations

import json
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from lxml import etree
from workload import Workload

from cmo.qda import read_qdpx, write_qdpx

from .common import AfterOurs, Stage, Work


def read_project_plainly(path: Path) -> tuple[Any, list[str]]:
    """lxml parsing the project XML, and the source texts read and decoded."""
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("project.qde"), etree.XMLParser(huge_tree=True))
        texts = [archive.read(name).decode("utf-8-sig") for name in archive.namelist()
                 if name.lower().startswith("sources/")]
    return root, texts


@dataclass(frozen=True, slots=True)
class ProjectParts:
    """What a project archive holds, as its dependencies hold it before they serialise it:
    the project XML as an lxml tree, the theory note as JSON data, the other files' bytes."""

    project: Any
    note_name: str | None
    note: Any
    files: dict[str, bytes]


def project_parts(path: Path) -> ProjectParts:
    """The parts of the archive ``cmo`` wrote, read back (untimed) for the floor to write."""
    with zipfile.ZipFile(path) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    project = etree.fromstring(files.pop("project.qde"), etree.XMLParser(huge_tree=True))
    notes = [name for name, data in files.items() if data.lstrip(b"\xef\xbb\xbf").startswith(b"{")]
    note_name = notes[0] if notes else None
    note = json.loads(files.pop(note_name)) if note_name else None
    return ProjectParts(project, note_name, note, files)


def write_project_plainly(parts: ProjectParts, path: Path) -> Path:
    """lxml serialising the same project XML tree, json the same theory note, and zipfile
    compressing them with the same source files into an archive."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", etree.tostring(parts.project, encoding="utf-8",
                                                       xml_declaration=True))
        if parts.note_name is not None:
            archive.writestr(parts.note_name,
                             json.dumps(parts.note, ensure_ascii=False).encode("utf-8"))
        for name, data in parts.files.items():
            archive.writestr(name, data)
    return path


def _qdpx_import(w: Workload) -> tuple[Work, Work]:
    path = w.file("coded.qdpx")

    def ours() -> Any:
        with warnings.catch_warnings():  # it reports uncited excerpts and unmapped codes
            warnings.simplefilter("ignore")
            return read_qdpx(path)

    return ours, lambda: read_project_plainly(path)


def _qdpx_export(w: Workload) -> tuple[Work, Work]:
    ours, floor = w.path("export.qdpx"), w.path("floor.qdpx")

    def same_parts() -> Work:
        parts = project_parts(ours)
        return lambda: write_project_plainly(parts, floor)

    return lambda: write_qdpx(w.collection, ours), AfterOurs(same_parts)


STAGES: Final[tuple[Stage, ...]] = (
    Stage("qdpx-import", "lxml parsing the project XML, plus reading and decoding the "
          "source texts", _qdpx_import),
    Stage("qdpx-export", "lxml serialising the same project XML tree, json the same theory "
          "note, zipfile compressing them with the same source files", _qdpx_export),
)
