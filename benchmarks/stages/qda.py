"""REFI-QDA projects: reading a coded project, writing one, and reading back what ``cmo``
wrote, each against lxml, json, zipfile and plain pydantic models doing the same work."""

from __future__ import annotations

import hashlib
import json
import uuid
import warnings
import zipfile
from pathlib import Path
from typing import Any, Final

from lxml import etree
from pydantic import BaseModel, ConfigDict
from workload import Workload

from cmo.models import Collection
from cmo.qda import read_qdpx, write_qdpx

from .common import Stage, Work
from .loading import PlainDocument, PlainExcerpt, PlainSource

_NS: Final = "{urn:QDA-XML:project:1.0}"
_PARSER: Final = etree.XMLParser(huge_tree=True, resolve_entities=False, no_network=True)


class PlainCode(BaseModel):
    """A code of the codebook: built-in checks only, as the plain models of loading."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str
    parent: str | None = None
    description: str | None = None


class PlainProject(BaseModel):
    """What a coded project holds, as plain models: its codes, sources and excerpts."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    title: str | None = None
    codes: tuple[PlainCode, ...] = ()
    sources: tuple[PlainSource, ...] = ()
    excerpts: tuple[PlainExcerpt, ...] = ()


def _selections(archive: zipfile.ZipFile, root: Any, codes: dict[str, str]
                ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, str]]:
    """Every text source (its text read from the archive and decoded) and every selection
    of it: its GUID, span, text sliced from its source's and codes through its codings."""
    sources, excerpts, texts = [], [], {}
    named = {name.lower(): name for name in archive.namelist()}  # Sources/ or sources/
    for source in root.iter(f"{_NS}TextSource"):
        guid = source.get("guid")
        text = archive.read(named["sources/" + source.get("plainTextPath").removeprefix(
            "internal://").lower()]).decode("utf-8-sig")
        sources.append({"id": guid, "kind": "interview", "title": source.get("name"),
                        "text": text})
        for selection in source.iterchildren(f"{_NS}PlainTextSelection"):
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
            name = selection.get("name") or selection.get("guid")
            texts[name] = text[start:end]
            excerpts.append({"id": name, "source": guid, "text": texts[name], "start": start,
                             "end": end, "codes": [codes[reference.get("targetGUID")]
                                                   for reference in selection.iter(
                                                       f"{_NS}CodeRef")]})
    return sources, excerpts, texts


def _archive(path: Path) -> tuple[zipfile.ZipFile, Any, dict[str, str]]:
    archive = zipfile.ZipFile(path)
    root = etree.fromstring(archive.read("project.qde"), _PARSER)
    codes = {code.get("guid"): code.get("name") for code in root.iter(f"{_NS}Code")}
    return archive, root, codes


def read_project_plainly(path: Path) -> PlainProject:
    """lxml parsing the project XML, walking every selection (GUID, span, codes through its
    codings) and slicing its text from its decoded source text, then one validation of the
    codes, sources and excerpts as plain models."""
    archive, root, codes = _archive(path)
    with archive:
        sources, excerpts, _ = _selections(archive, root, codes)
    tree = [{"name": code.get("name"),
             "parent": parent.get("name") if (parent := code.getparent()).tag == f"{_NS}Code"
             else None} for code in root.iter(f"{_NS}Code")]
    return PlainProject.model_validate({"title": root.get("name"), "codes": tree,
                                        "sources": sources, "excerpts": excerpts})


def read_own_project_plainly(path: Path) -> PlainDocument:
    """What reading back a project ``cmo`` wrote does, plainly: lxml parsing the project XML
    and walking every selection as above, json parsing the theory note, each excerpt given
    its selection's text and each source its text, then one validation as plain models."""
    archive, root, codes = _archive(path)
    with archive:
        sources, _, texts = _selections(archive, root, codes)
        note = next(note for note in root.iter(f"{_NS}Note") if note.get("plainTextPath"))
        data = json.loads(archive.read("sources/" + note.get("plainTextPath").removeprefix(
            "internal://")).decode("utf-8"))
    text_of = {source["title"]: source["text"] for source in sources}
    for source in data.get("sources", ()):
        if "text" in source:
            source["text"] = text_of.get(source.get("title") or source["id"])
    for excerpt in data.get("excerpts", ()):
        excerpt["text"] = texts.get(excerpt["id"], excerpt["text"])
    data.pop("$schema", None)
    return PlainDocument.model_validate(data)


# -- writing a project: the same XML tree, note and archive, made from the models ---------

_URL: Final = uuid.NAMESPACE_URL.bytes + b"cmo:"


def _guid(*parts: str) -> str:
    """A name-based GUID (SHA-1 of the parts), as a GUID is written."""
    value = hashlib.sha1(_URL + "\x1f".join(parts).encode()).hexdigest().upper()
    return f"{value[:8]}-{value[8:12]}-5{value[13:16]}-8{value[17:20]}-{value[20:32]}"


def _fields(value: BaseModel, **replaced: Any) -> dict[str, Any]:
    """A model's fields that are set, as plain JSON values (nested values by their id)."""
    data = {}
    for name, item in value.__dict__.items():
        item = replaced.get(name, item)
        if item is None or item == ():
            continue
        data[name] = list(item) if isinstance(item, tuple) else item
    return data


def project_tree(collection: Collection) -> tuple[Any, dict[str, Any], dict[str, str]]:
    """The project XML tree (lxml), the theory note's data (plain dicts of the models'
    fields) and the source texts, all made from the collection."""
    sub = etree.SubElement
    root = etree.Element(f"{_NS}Project", nsmap={None: _NS[1:-1]},
                         name=collection.title or "cmo theory", origin="cmo")
    sub(sub(root, f"{_NS}Users"), f"{_NS}User", guid=_guid("user"), name="cmo")
    codes_element = sub(sub(root, f"{_NS}CodeBook"), f"{_NS}Codes")
    branch = sub(codes_element, f"{_NS}Code", guid=_guid("branch", "configurations"),
                 name="Configurations", isCodable="false")
    themes: dict[str | None, Any] = {None: branch}
    code_of, sentences = {}, {}
    for configuration in collection.configurations:
        theme = configuration.theme
        if theme not in themes:
            themes[theme] = sub(branch, f"{_NS}Code", guid=_guid("theme", theme),
                                name=f"Theme: {theme}", isCodable="false")
        guid = code_of[configuration.id] = _guid("configuration", configuration.id)
        code = sub(themes[theme], f"{_NS}Code", guid=guid, isCodable="true",
                   name=f"{configuration.id}: {configuration.label}")
        mechanism = configuration.mechanism
        sentence = sentences[configuration.id] = (
            f"If {', '.join(c.label for c in configuration.contexts)}, then "
            f"{', '.join(o.label for o in configuration.outcomes)}, because "
            f"{mechanism.label if mechanism else ''}.\nStatus: {configuration.status}.")
        sub(code, f"{_NS}Description").text = sentence
        sub(code, f"{_NS}NoteRef", targetGUID=_guid("note", configuration.id))
        for prefix, slot in (("C", "contexts"), ("O", "outcomes")):
            for part in getattr(configuration, slot):
                sub(code, f"{_NS}Code", guid=_guid("element", configuration.id, slot, part.id),
                    name=f"{prefix}: {part.label}", isCodable="false")
        if mechanism is not None:
            for prefix, half in (("Mres", "resource"), ("Mr", "reasoning")):
                if getattr(mechanism, half):
                    sub(code, f"{_NS}Code", isCodable="false",
                        guid=_guid("element", configuration.id, half, mechanism.id),
                        name=f"{prefix}: {getattr(mechanism, half)}")
    data_codes = sorted({code for excerpt in collection.excerpts for code in excerpt.codes})
    if data_codes:
        data_branch = sub(codes_element, f"{_NS}Code", guid=_guid("branch", "codes"),
                          name="Codes from the data", isCodable="false")
        for name in data_codes:
            code_of["code:" + name] = _guid("code", name)
            sub(data_branch, f"{_NS}Code", guid=code_of["code:" + name], name=name,
                isCodable="true")
    citing: dict[str, list[str]] = {}
    for configuration in collection.configurations:
        for evidence in configuration.evidence:
            citing.setdefault(evidence.excerpt.id, []).append(code_of[configuration.id])
    by_source: dict[str, list[Any]] = {}
    for excerpt in collection.excerpts:
        by_source.setdefault(excerpt.source.id, []).append(excerpt)
    sources_element, files = sub(root, f"{_NS}Sources"), {}
    for source in collection.sources:
        guid = _guid("source", source.id)
        files[f"sources/{guid}.txt"] = source.text or ""
        element = sub(sources_element, f"{_NS}TextSource", guid=guid,
                      name=source.title or source.id, plainTextPath=f"internal://{guid}.txt")
        for excerpt in by_source.get(source.id, ()):
            selection = sub(element, f"{_NS}PlainTextSelection",
                            guid=_guid("excerpt", excerpt.id), name=excerpt.id,
                            startPosition=str(excerpt.start), endPosition=str(excerpt.end))
            targets = [*citing.get(excerpt.id, ()),
                       *(code_of["code:" + code] for code in excerpt.codes)]
            for number, target in enumerate(dict.fromkeys(targets)):
                coding = sub(selection, f"{_NS}Coding",
                             guid=_guid("coding", excerpt.id, str(number)))
                sub(coding, f"{_NS}CodeRef", targetGUID=target)
    notes = sub(root, f"{_NS}Notes")
    for configuration in collection.configurations:
        note = sub(notes, f"{_NS}Note", guid=_guid("note", configuration.id),
                   name=f"{configuration.id}: if-then-because")
        sub(note, f"{_NS}PlainTextContent").text = sentences[configuration.id]
    sub(notes, f"{_NS}Note", guid=_guid("note", "theory"), name="cmo theory",
        plainTextPath=f"internal://{_guid('note', 'theory')}.txt")
    note_data = {
        "title": collection.title, "id": collection.id, "version": collection.version,
        "sources": [_fields(source, text="[quote withheld]" if source.text else None)
                    for source in collection.sources],
        "excerpts": [_fields(excerpt, source=excerpt.source.id, text="[quote withheld]")
                     for excerpt in collection.excerpts],
        "elements": [{"kind": element.kind, **_fields(element)}
                     for element in collection.elements],
        "configurations": [_fields(
            configuration, contexts=[e.id for e in configuration.contexts],
            outcomes=[e.id for e in configuration.outcomes],
            mechanism=configuration.mechanism.id if configuration.mechanism else None,
            evidence=[{"excerpt": e.excerpt.id, "stance": e.stance}
                      for e in configuration.evidence])
            for configuration in collection.configurations]}
    return root, note_data, files


def write_project_plainly(collection: Collection, path: Path) -> Path:
    """The project XML tree built with lxml from the collection and serialised, the theory
    note's data json.dumps'd, and zipfile compressing them with the source texts."""
    root, note, files = project_tree(collection)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", etree.tostring(root, encoding="utf-8",
                                                       xml_declaration=True))
        archive.writestr(f"sources/{_guid('note', 'theory')}.txt",
                         json.dumps(note, ensure_ascii=False).encode("utf-8"))
        for name, text in files.items():
            archive.writestr(name, text.encode("utf-8"))
    return path


def _quietly(path: Path) -> Work:
    def ours() -> Any:
        with warnings.catch_warnings():  # it reports uncited excerpts and unmapped codes
            warnings.simplefilter("ignore")
            return read_qdpx(path)

    return ours


def _qdpx_import(w: Workload) -> tuple[Work, Work]:
    path = w.file("coded.qdpx")
    return _quietly(path), lambda: read_project_plainly(path)


def _qdpx_export(w: Workload) -> tuple[Work, Work]:
    ours, floor = w.path("export.qdpx"), w.path("floor.qdpx")
    return (lambda: write_qdpx(w.collection, ours),
            lambda: write_project_plainly(w.collection, floor))


def _qdpx_reimport(w: Workload) -> tuple[Work, Work]:
    path = w.path("export.qdpx")
    if not path.exists():  # qdpx-export writes it, unless it was left out (--only)
        write_qdpx(w.collection, path)
    return _quietly(path), lambda: read_own_project_plainly(path)


STAGES: Final[tuple[Stage, ...]] = (
    Stage("qdpx-import", "lxml parsing the project XML and walking every selection (GUID, "
          "span, codes) with its text sliced from its source's, then one validation of the "
          "codes, sources and excerpts as plain pydantic models", _qdpx_import),
    Stage("qdpx-export", "lxml building the same project XML tree from the models and "
          "serialising it, json the note's data (plain dicts of the models' fields), zipfile "
          "compressing them with the source texts", _qdpx_export),
    Stage("qdpx-reimport", "reading cmo's own export plainly: lxml walking every selection "
          "for its text, json the theory note, one validation as plain pydantic models",
          _qdpx_reimport),
)
