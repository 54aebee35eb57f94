"""Writing a theory as a REFI-QDA project (``.qdpx``) or codebook (``.qdc``).

The project opens in NVivo, ATLAS.ti, MAXQDA or QualCoder: a code tree with a branch of
configurations (one code each, its if-then-because statement as its description and as a
note, its elements as codes below it) and a branch of the excerpts' own codes; the sources
with the excerpts as coded selections at their spans (code points, as the standard says);
a source whose whole text was not kept is written as its excerpts, one after another.

REFI-QDA has no place for a configuration's parts, statuses or evidence stances, so the
theory itself also travels in a project note that ``cmo`` reads back, its text a file in
the archive (:mod:`cmo.qda.theory_note`). The XML is written as it is made, straight into
the archive (:class:`_Writer`). GUIDs are derived from ids, so exporting the
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

import contextlib
import io
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Final

from lxml import etree

from ..files import write_atomically
from ..models import Collection, Configuration, Excerpt, Source
from ..privacy import withhold_quotes
from ..theory import ProgrammeTheory, collection_of
from .bulk import paused_collector
from .project import NAMESPACE, THEORY_NOTE
from .project import stable_guid as _guid
from .theory_note import write_theory_note

__all__ = ["CODEBOOK_NAMESPACE", "THEORY_NOTE", "project_xml", "write_qdc", "write_qdpx"]

#: The namespace of a REFI-QDA codebook (``.qdc``).
CODEBOOK_NAMESPACE: Final = "urn:QDA-XML:codebook:1.0"
_ORIGIN: Final = "cmo (realist evaluation)"
_SEPARATOR: Final = "\n\n"
_PREFIXES: Final = {"contexts": "C", "outcomes": "O", "interventions": "I", "actors": "A"}
_THEORY_GUID: Final = _guid("note", "theory")
#: Where the theory note's text lives in the archive (its ``plainTextPath``).
_THEORY_FILE: Final = f"sources/{_THEORY_GUID}.txt"


class _Writer:
    """Writes the XML of one collection as it goes, and collects the source files.

    The XML is written by lxml's incremental writer (``etree.xmlfile``): the containers
    (``Codes``, ``Sources``, ``Notes``...) are opened on the stream, and each value's
    element (a configuration's code, a text source with its selections, a note) is built
    as a small tree and written at once, so no tree of the whole project is ever held.
    Those small trees carry no namespace: written inside the root, which declares the
    REFI-QDA namespace as the default, they are in it.
    """

    def __init__(self, collection: Collection, namespace: str, out: Any) -> None:
        self.collection = collection
        self.ns = f"{{{namespace}}}"
        self.out = out
        self.files: dict[str, str] = {}  # archive path -> text
        self.summaries: dict[str, str] = {}  # configuration id -> its if-then-because

    def container(self, tag: str, **attributes: str) -> Any:
        """An element opened on the stream, to write others into (a context manager)."""
        return self.out.element(self.ns + tag, attributes)

    def write(self, element: Any) -> None:
        self.out.write(element, pretty_print=True)

    # -- the code tree ---------------------------------------------------------------------

    def codes(self, *, notes: bool) -> dict[str, str]:
        """The code tree; returns the GUID of each configuration's code and each excerpt code."""
        guids: dict[str, str] = {}
        by_theme: dict[str | None, list[Configuration]] = defaultdict(list)
        for configuration in self.collection.configurations:
            by_theme[configuration.theme].append(configuration)
        with self.container("Codes"):
            # Always there, so the codebook is never empty (the schemas want one code at least).
            with self.container("Code", guid=_guid("branch", "configurations"),
                                name="Configurations", isCodable="false"):
                for theme, configurations in by_theme.items():
                    with (self.container("Code", guid=_guid("theme", theme),
                                         name=f"Theme: {theme}", isCodable="false")
                          if theme is not None else _nothing()):
                        for configuration in configurations:
                            guids[configuration.id] = self.configuration_code(
                                configuration, notes=notes)
            names = sorted({code for excerpt in self.collection.excerpts
                            for code in excerpt.codes})
            if names:
                data_codes = _code(None, "Codes from the data", _guid("branch", "codes"), False)
                for name in names:
                    guids["code:" + name] = _code(data_codes, name, _guid("code", name),
                                                  True).get("guid")
                self.write(data_codes)
        return guids

    def configuration_code(self, configuration: Configuration, *, notes: bool) -> str:
        guid = _guid("configuration", configuration.id)
        name = f"{configuration.id}: {configuration.label}" if configuration.label \
            else configuration.id
        summary = self.summaries[configuration.id] = _summary(configuration)
        element = _code(None, name, guid, True, summary)
        if notes:
            etree.SubElement(element, "NoteRef", targetGUID=_guid("note", configuration.id))
        for slot, prefix in _PREFIXES.items():
            for part in getattr(configuration, slot):
                _code(element, f"{prefix}: {part.label}",
                      _guid("element", configuration.id, slot, part.id), False,
                      part.description)
        mechanism = configuration.mechanism
        if mechanism is not None:
            for half, prefix in (("resource", "Mres"), ("reasoning", "Mr")):
                if getattr(mechanism, half):
                    _code(element, f"{prefix}: {getattr(mechanism, half)}",
                          _guid("element", configuration.id, half, mechanism.id), False)
        self.write(element)
        return guid

    # -- sources and selections ------------------------------------------------------------

    def sources(self, codes: dict[str, str]) -> None:
        by_source: dict[str, list[Excerpt]] = defaultdict(list)
        for excerpt in self.collection.excerpts:
            by_source[excerpt.source.id].append(excerpt)
        citing: dict[str, list[str]] = defaultdict(list)
        for configuration in self.collection.configurations:
            code = codes[configuration.id]
            for evidence in configuration.evidence:
                citing[evidence.excerpt.id].append(code)
        if not self.collection.sources:
            return
        with self.container("Sources"):
            for source in self.collection.sources:
                for guid, name, text, placed in _text_sources(source,
                                                              by_source.get(source.id, [])):
                    self.files[f"sources/{guid}.txt"] = text
                    element = etree.Element("TextSource", guid=guid, name=name,
                                            plainTextPath=f"internal://{guid}.txt")
                    if source.notes and name == (source.title or source.id):
                        _text_element(element, "Description", source.notes)
                    for excerpt, (start, end) in placed:
                        _selection(element, excerpt, start, end,
                                   [*citing.get(excerpt.id, []),
                                    *(codes["code:" + code] for code in excerpt.codes)])
                    self.write(element)

    def notes(self) -> None:
        with self.container("Notes"):
            for configuration in self.collection.configurations:
                note = etree.Element("Note", guid=_guid("note", configuration.id),
                                     name=f"{configuration.id}: if-then-because")
                _text_element(note, "PlainTextContent", self.summaries[configuration.id])
                self.write(note)
            # The theory itself, for cmo to read back: its text is a file in the archive.
            self.write(etree.Element("Note", guid=_THEORY_GUID, name=THEORY_NOTE,
                                     plainTextPath=f"internal://{_THEORY_GUID}.txt"))


def _code(parent: Any, name: str, guid: str, codable: bool,
          description: str | None = None) -> Any:
    """A ``Code`` element (below ``parent``, or on its own when None)."""
    attributes = {"guid": guid, "name": name, "isCodable": "true" if codable else "false"}
    element = etree.Element("Code", attributes) if parent is None \
        else etree.SubElement(parent, "Code", attributes)
    if description:
        _text_element(element, "Description", description)
    return element


def _text_element(parent: Any, tag: str, text: str) -> Any:
    child = etree.SubElement(parent, tag)
    child.text = text
    return child


def _selection(parent: Any, excerpt: Excerpt, start: int, end: int, codes: list[str]) -> None:
    selection = etree.SubElement(parent, "PlainTextSelection",
                                 guid=_guid("excerpt", excerpt.id), name=excerpt.id,
                                 startPosition=str(start), endPosition=str(end))
    for number, code in enumerate(dict.fromkeys(codes)):
        coding = etree.SubElement(selection, "Coding",
                                  guid=_guid("coding", excerpt.id, str(number)))
        etree.SubElement(coding, "CodeRef", targetGUID=code)


@contextlib.contextmanager
def _nothing() -> Iterator[None]:
    yield


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


def _write_project(collection: Collection, stream: IO[bytes]) -> dict[str, str]:
    """Write the project XML (``project.qde``) to ``stream``; returns the source files it
    refers to, by archive path (the theory note's file is written by
    :func:`~cmo.qda.theory_note.write_theory_note`)."""
    with etree.xmlfile(stream, encoding="utf-8") as out:
        out.write_declaration()
        writer = _Writer(collection, NAMESPACE, out)
        with out.element(writer.ns + "Project", nsmap={None: NAMESPACE}, attrib={
                "name": collection.title or collection.id or "cmo theory", "origin": _ORIGIN}):
            users = etree.Element("Users")
            etree.SubElement(users, "User", guid=_guid("user"), name="cmo")
            writer.write(users)
            with writer.container("CodeBook"):
                codes = writer.codes(notes=True)
            writer.sources(codes)
            writer.notes()
    return writer.files


def project_xml(theory: ProgrammeTheory | Collection) -> tuple[bytes, dict[str, str]]:
    """The project XML (``project.qde``) and the files it refers to, by archive path: the
    source texts and the theory note's text."""
    collection = collection_of(theory)
    xml, note = io.BytesIO(), io.BytesIO()
    files = _write_project(collection, xml)
    write_theory_note(collection, note)
    return xml.getvalue(), {**files, _THEORY_FILE: note.getvalue().decode("utf-8")}


def write_qdpx(theory: ProgrammeTheory | Collection, path: str | Path, *,
               quotes: bool = True) -> Path:
    """Write a REFI-QDA project archive, atomically.

    The XML, the theory note and the source texts are written into the archive as they
    are made, to a temporary file that replaces ``path`` once it is complete.

    Args:
        theory: a programme theory or a collection.
        path: the ``.qdpx`` to write.
        quotes: False withholds the text of every excerpt and source (see :mod:`cmo.privacy`).
    """
    collection = collection_of(theory)
    if not quotes:
        collection = withhold_quotes(collection)

    def write(stream: IO[bytes]) -> None:
        with paused_collector(), zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
            with archive.open("project.qde", "w") as entry:
                files = _write_project(collection, entry)
            with archive.open(_THEORY_FILE, "w") as entry:
                write_theory_note(collection, entry)
            for name, text in files.items():
                archive.writestr(name, text.encode("utf-8"))

    return write_atomically(path, write)


def write_qdc(theory: ProgrammeTheory | Collection, path: str | Path, **_: Any) -> Path:
    """Write the code tree alone as a REFI-QDA codebook (``.qdc``), atomically."""
    collection = collection_of(theory)

    def write(stream: IO[bytes]) -> None:
        with etree.xmlfile(stream, encoding="utf-8") as out:
            out.write_declaration()
            writer = _Writer(collection, CODEBOOK_NAMESPACE, out)
            with out.element(writer.ns + "CodeBook", nsmap={None: CODEBOOK_NAMESPACE},
                             attrib={"origin": _ORIGIN}):
                writer.codes(notes=False)

    return write_atomically(path, write)
