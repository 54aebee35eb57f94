"""Writing a theory as a REFI-QDA project (``.qdpx``) or codebook (``.qdc``).

The project opens in NVivo, ATLAS.ti, MAXQDA or QualCoder: a code tree with a branch of
configurations (one code each, its if-then-because statement as its description and as a
note, its elements as codes below it) and a branch of the excerpts' own codes; the sources
with the excerpts as coded selections at their spans (code points, as the standard says);
a source whose whole text was not kept is written as its excerpts, one after another.

REFI-QDA has no place for a configuration's parts, statuses or evidence stances, so the
theory itself also travels in a project note that ``cmo`` reads back (with the quotes
withheld from it: they live in the sources). GUIDs are derived from ids, so exporting the
same theory twice gives the same project.

Example:
    >>> from cmo.models import Collection, Configuration, Evidence, Excerpt, Source
    >>> quote = Excerpt(id="x1", source=Source(id="s1", kind="interview"), text="I felt hope.")
    >>> theory = Collection(id="t", configurations=[Configuration(
    ...     id="hope", contexts=[{"label": "Trust"}], outcomes=[{"label": "Hope"}],
    ...     evidence=[Evidence(excerpt=quote, stance="supports")])])
    >>> path = write_qdpx(theory, getfixture("tmp_path") / "theory.qdpx")
    >>> import cmo.qda
    >>> cmo.qda.read_qdpx(path) == theory
    True
"""

from __future__ import annotations

import zipfile
from collections import defaultdict
from pathlib import Path
from typing import IO, Any, Final

from lxml import etree

from ..files import write_atomically
from ..models import Collection, Configuration, Excerpt, Source
from ..privacy import withhold_quotes
from ..theory import ProgrammeTheory, collection_of
from .project import NAMESPACE, THEORY_NOTE
from .project import stable_guid as _guid

__all__ = ["CODEBOOK_NAMESPACE", "THEORY_NOTE", "project_xml", "write_qdc", "write_qdpx"]

#: The namespace of a REFI-QDA codebook (``.qdc``).
CODEBOOK_NAMESPACE: Final = "urn:QDA-XML:codebook:1.0"
_ORIGIN: Final = "cmo (realist evaluation)"
_SEPARATOR: Final = "\n\n"
_PREFIXES: Final = {"contexts": "C", "outcomes": "O", "interventions": "I", "actors": "A"}


class _Writer:
    """Builds the project XML and the source files of one collection."""

    def __init__(self, collection: Collection, namespace: str) -> None:
        self.collection = collection
        self.ns = f"{{{namespace}}}"
        self.files: dict[str, str] = {}  # archive path -> text
        self.spans: dict[str, tuple[str, int, int]] = {}  # excerpt id -> (source guid, span)

    def element(self, parent: Any, tag: str, **attributes: str) -> Any:
        return etree.SubElement(parent, self.ns + tag, attributes)

    def text_element(self, parent: Any, tag: str, text: str) -> Any:
        child = self.element(parent, tag)
        child.text = text
        return child

    # -- the code tree ---------------------------------------------------------------------

    def codes(self, parent: Any, *, notes: bool) -> dict[str, str]:
        """The code tree; returns the GUID of each configuration's code and each excerpt code."""
        codes = self.element(parent, "Codes")
        guids: dict[str, str] = {}
        # Always there, so the codebook is never empty (the schemas want one code at least).
        branch = self.code(codes, "Configurations", _guid("branch", "configurations"), False)
        by_theme: dict[str | None, list[Configuration]] = defaultdict(list)
        for configuration in self.collection.configurations:
            by_theme[configuration.theme].append(configuration)
        for theme, configurations in by_theme.items():
            holder = branch if theme is None else self.code(
                branch, f"Theme: {theme}", _guid("theme", theme), False)
            for configuration in configurations:
                guids[configuration.id] = self.configuration_code(holder, configuration,
                                                                  notes=notes)
        names = sorted({code for excerpt in self.collection.excerpts for code in excerpt.codes})
        if names:
            data_codes = self.code(codes, "Codes from the data", _guid("branch", "codes"), False)
            for name in names:
                guids["code:" + name] = self.code(data_codes, name, _guid("code", name),
                                                  True).get("guid")
        return guids

    def code(self, parent: Any, name: str, guid: str, codable: bool,
             description: str | None = None) -> Any:
        element = self.element(parent, "Code", guid=guid, name=name,
                               isCodable="true" if codable else "false")
        if description:
            self.text_element(element, "Description", description)
        return element

    def configuration_code(self, parent: Any, configuration: Configuration, *,
                           notes: bool) -> str:
        guid = _guid("configuration", configuration.id)
        name = f"{configuration.id}: {configuration.label}" if configuration.label \
            else configuration.id
        summary = _summary(configuration)
        element = self.element(parent, "Code", guid=guid, name=name, isCodable="true")
        self.text_element(element, "Description", summary)
        if notes:
            self.element(element, "NoteRef", targetGUID=_guid("note", configuration.id))
        for slot, prefix in _PREFIXES.items():
            for part in getattr(configuration, slot):
                self.code(element, f"{prefix}: {part.label}",
                          _guid("element", configuration.id, slot, part.id), False,
                          part.description)
        mechanism = configuration.mechanism
        if mechanism is not None:
            for half, prefix in (("resource", "Mres"), ("reasoning", "Mr")):
                if getattr(mechanism, half):
                    self.code(element, f"{prefix}: {getattr(mechanism, half)}",
                              _guid("element", configuration.id, half, mechanism.id), False)
        return guid

    # -- sources and selections ------------------------------------------------------------

    def sources(self, parent: Any, codes: dict[str, str]) -> None:
        by_source: dict[str, list[Excerpt]] = defaultdict(list)
        for excerpt in self.collection.excerpts:
            by_source[excerpt.source.id].append(excerpt)
        citing: dict[str, list[str]] = defaultdict(list)
        for configuration in self.collection.configurations:
            for evidence in configuration.evidence:
                citing[evidence.excerpt.id].append(codes[configuration.id])
        if not self.collection.sources:
            return
        sources = self.element(parent, "Sources")
        for source in self.collection.sources:
            for guid, name, text, placed in _text_sources(source, by_source.get(source.id, [])):
                self.files[f"sources/{guid}.txt"] = text
                element = self.element(sources, "TextSource", guid=guid, name=name,
                                       plainTextPath=f"internal://{guid}.txt")
                if source.notes and name == (source.title or source.id):
                    self.text_element(element, "Description", source.notes)
                for excerpt, (start, end) in placed:
                    self.selection(element, excerpt, start, end,
                                   [*citing.get(excerpt.id, []),
                                    *(codes["code:" + code] for code in excerpt.codes)])

    def selection(self, parent: Any, excerpt: Excerpt, start: int, end: int,
                  codes: list[str]) -> None:
        selection = self.element(parent, "PlainTextSelection", guid=_guid("excerpt", excerpt.id),
                                 name=excerpt.id, startPosition=str(start),
                                 endPosition=str(end))
        for number, code in enumerate(dict.fromkeys(codes)):
            coding = self.element(selection, "Coding", guid=_guid("coding", excerpt.id, str(number)))
            self.element(coding, "CodeRef", targetGUID=code)

    def notes(self, parent: Any, data: str) -> None:
        notes = self.element(parent, "Notes")
        for configuration in self.collection.configurations:
            note = self.element(notes, "Note", guid=_guid("note", configuration.id),
                                name=f"{configuration.id}: if-then-because")
            self.text_element(note, "PlainTextContent", _summary(configuration))
        note = self.element(notes, "Note", guid=_guid("note", "theory"), name=THEORY_NOTE)
        self.text_element(note, "PlainTextContent", data)


def _summary(configuration: Configuration) -> str:
    """A configuration as a researcher reads it in a QDA program's code description."""
    lines = [configuration.sentence, f"Status: {configuration.status}."]
    if configuration.rationale:
        lines.append(f"Why: {configuration.rationale}")
    return "\n".join(lines)


def _text_sources(source: Source, excerpts: list[Excerpt]) -> list[tuple[str, str, str, list[
        tuple[Excerpt, tuple[int, int]]]]]:
    """The text sources a source becomes: ``(guid, name, text, excerpts at their spans)``.

    A source whose whole text is kept is written as it is, each excerpt at its span (or
    where the text first holds it); excerpts found nowhere in it go to a second text
    source beside it. A source without its text is written as its excerpts, one after
    another. Spans count code points, end exclusive.
    """
    title = source.title or source.id
    guid = _guid("source", source.id)
    if source.text is None:
        text, placed = _joined(excerpts)
        return [(guid, title, text, placed)]
    placed, lost = [], []
    for excerpt in excerpts:
        start, end = excerpt.start, excerpt.end
        if start is None or end is None or source.text[start:end] != excerpt.text:
            start = source.text.find(excerpt.text)
            end = start + len(excerpt.text)
        (placed.append((excerpt, (start, end))) if start >= 0 else lost.append(excerpt))
    made = [(guid, title, source.text, placed)]
    if lost:
        text, joined = _joined(lost)
        made.append((_guid("source", source.id, "not found"),
                     f"{title} (excerpts not found in its text)", text, joined))
    return made


def _joined(excerpts: list[Excerpt]) -> tuple[str, list[tuple[Excerpt, tuple[int, int]]]]:
    parts, placed, at = [], [], 0
    for excerpt in excerpts:
        placed.append((excerpt, (at, at + len(excerpt.text))))
        parts.append(excerpt.text)
        at += len(excerpt.text) + len(_SEPARATOR)
    return _SEPARATOR.join(parts), placed


def project_xml(theory: ProgrammeTheory | Collection) -> tuple[bytes, dict[str, str]]:
    """The project XML (``project.qde``) and the source files it refers to, by archive path."""
    collection = collection_of(theory)
    writer = _Writer(collection, NAMESPACE)
    root = etree.Element(writer.ns + "Project", nsmap={None: NAMESPACE}, attrib={
        "name": collection.title or collection.id or "cmo theory", "origin": _ORIGIN})
    users = writer.element(root, "Users")
    writer.element(users, "User", guid=_guid("user"), name="cmo")
    codes = writer.codes(writer.element(root, "CodeBook"), notes=True)
    writer.sources(root, codes)
    # The theory itself, for cmo to read back; its quotes live in the sources instead.
    writer.notes(root, withhold_quotes(collection).model_dump_json())
    data = etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)
    return data, writer.files


def write_qdpx(theory: ProgrammeTheory | Collection, path: str | Path, *,
               quotes: bool = True) -> Path:
    """Write a REFI-QDA project archive, atomically.

    Args:
        theory: a programme theory or a collection.
        path: the ``.qdpx`` to write.
        quotes: False withholds the text of every excerpt and source (see :mod:`cmo.privacy`).
    """
    collection = collection_of(theory)
    data, files = project_xml(collection if quotes else withhold_quotes(collection))

    def write(stream: IO[bytes]) -> None:
        with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("project.qde", data)
            for name, text in files.items():
                archive.writestr(name, text.encode("utf-8"))

    return write_atomically(path, write)


def write_qdc(theory: ProgrammeTheory | Collection, path: str | Path, **_: Any) -> Path:
    """Write the code tree alone as a REFI-QDA codebook (``.qdc``), atomically."""
    collection = collection_of(theory)
    writer = _Writer(collection, CODEBOOK_NAMESPACE)
    root = etree.Element(writer.ns + "CodeBook", nsmap={None: CODEBOOK_NAMESPACE},
                         attrib={"origin": _ORIGIN})
    writer.codes(root, notes=False)
    data = etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)
    return write_atomically(path, lambda stream: stream.write(data))
