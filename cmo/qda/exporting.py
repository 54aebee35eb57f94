"""Writing a theory as a REFI-QDA project (``.qdpx``) or codebook (``.qdc``).

The project opens in NVivo, ATLAS.ti, MAXQDA or QualCoder: a code tree with a branch of
configurations (one code each, its if-then-because statement as its description and as a
note, its elements as codes below it) and a branch of the excerpts' own codes; the sources
with the excerpts as coded selections at their spans (code points, as the standard says);
a source whose whole text was not kept is written as its excerpts, one after another.

REFI-QDA has no place for a configuration's parts, statuses or evidence stances, so the
theory itself also travels in a project note that ``cmo`` reads back, its text a file in
the archive (:mod:`cmo.qda.theory_note`). Appraisals and retroduction logs are notes a QDA
user reads, linked to their sources, selections and configuration codes
(:mod:`cmo.qda.judgement_notes`). The XML is written as text as it is made,
straight into the archive (:class:`_Writer`). GUIDs are derived from ids, so exporting the
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

import io
import zipfile
from collections import defaultdict
from pathlib import Path
from typing import IO, Final

from .._helpers import write_atomically
from .._helpers.collector import paused_collector
from ..models import Code, Collection, Configuration, Excerpt, Source
from ..sharing.privacy import withhold_quotes
from ..theory.graph import ProgrammeTheory, collection_of
from .codebook import CODEBOOK_NAMESPACE
from .fingerprint import Fingerprint
from .judgement_notes import judgement_notes, note_guid
from .project import NAMESPACE, THEORY_NOTE
from .project import stable_guid as _guid
from .theory_note import write_theory_note
from .xml_text import XmlText, element, empty, end, start

__all__ = ["CODEBOOK_NAMESPACE", "THEORY_NOTE", "project_xml", "write_qdc", "write_qdpx"]

_ORIGIN: Final = "cmo (realist evaluation)"
_SEPARATOR: Final = "\n\n"
_PREFIXES: Final = {"contexts": "C", "outcomes": "O", "interventions": "I", "actors": "A"}
_DECLARATION: Final = '<?xml version="1.0" encoding="utf-8"?>\n'
_THEORY_GUID: Final = _guid("note", "theory")
#: Where the theory note's text lives in the archive (its ``plainTextPath``).
_THEORY_FILE: Final = f"sources/{_THEORY_GUID}.txt"


class _Writer:
    """Writes the XML of one collection as it goes, and collects the source files.

    The XML is written as text (:mod:`cmo.qda.xml_text`), a value at a time (a
    configuration's code, a text source with its selections, a note), so no tree or
    string of the whole project is ever held.
    """

    def __init__(self, collection: Collection, out: XmlText) -> None:
        self.collection = collection
        self.out = out
        self.files: dict[str, str] = {}  # archive path -> text
        self.summaries: dict[str, str] = {}  # configuration id -> its if-then-because

    # -- the code tree ---------------------------------------------------------------------

    def codes(self, *, notes: bool) -> dict[str, str]:
        """The code tree; returns the GUID of each configuration's code and each excerpt code."""
        guids: dict[str, str] = {}
        by_theme: dict[str | None, list[Configuration]] = defaultdict(list)
        for configuration in self.collection.configurations:
            by_theme[configuration.theme].append(configuration)
        write = self.out.write
        write(start("Codes"))
        codebook = self.collection.codebook
        has_codes = bool(codebook.codes) or any(e.codes for e in self.collection.excerpts)
        # There unless codes follow, so the code tree is never empty (the schemas want one).
        if self.collection.configurations or not has_codes:
            write(start("Code", guid=_guid("branch", "configurations"), name="Configurations",
                        isCodable="false"), "\n")
            for theme, configurations in by_theme.items():
                if theme is not None:
                    write(start("Code", guid=_guid("theme", theme), name=f"Theme: {theme}",
                                isCodable="false"), "\n")
                for configuration in configurations:
                    guids[configuration.id] = self.configuration_code(configuration,
                                                                      notes=notes)
                if theme is not None:
                    write(end("Code"), "\n")
            write(end("Code"), "\n")
        children: dict[str | None, list[Code]] = defaultdict(list)
        for code in codebook.codes:
            children[code.parent].append(code)
            guids["code:" + code.label] = _guid("code", code.label)
        self.codebook_codes(children, None)
        names = sorted({code for excerpt in self.collection.excerpts for code in excerpt.codes
                        if "code:" + code not in guids})
        if names:
            write(start("Code", guid=_guid("branch", "codes"), name="Codes from the data",
                        isCodable="false"), "\n")
            for name in names:
                guids["code:" + name] = _guid("code", name)
                write(empty("Code", guid=guids["code:" + name], name=name, isCodable="true"),
                      "\n")
            write(end("Code"), "\n")
        write(end("Codes"))
        return guids

    def codebook_codes(self, children: dict[str | None, list[Code]], parent: str | None) -> None:
        """The codebook's codes below ``parent`` (a label; None: the top), as a tree."""
        for code in children.get(parent, ()):
            attributes = {"guid": _guid("code", code.label), "name": code.name,
                          "isCodable": "true"}
            if code.colour:
                attributes["color"] = code.colour
            self.out.write(start("Code", **attributes))
            if code.description:
                self.out.write(element("Description", code.description))
            self.codebook_codes(children, code.label)
            self.out.write(end("Code"), "\n")

    def sets(self, *, member: str) -> None:
        """The code sets; ``member`` is the attribute naming a member code (a project's
        ``targetGUID``, a codebook's ``guid``)."""
        code_sets = self.collection.codebook.sets
        if not code_sets:
            return
        self.out.write(start("Sets"), "\n")
        for code_set in code_sets:
            pieces = [start("Set", guid=_guid("set", code_set.name), name=code_set.name)]
            if code_set.description:
                pieces.append(element("Description", code_set.description))
            pieces += [empty("MemberCode", **{member: _guid("code", label)})
                       for label in code_set.codes]
            self.out.write(*pieces, end("Set"), "\n")
        self.out.write(end("Sets"), "\n")

    def configuration_code(self, configuration: Configuration, *, notes: bool) -> str:
        guid = _guid("configuration", configuration.id)
        name = f"{configuration.id}: {configuration.label}" if configuration.label \
            else configuration.id
        summary = self.summaries[configuration.id] = _summary(configuration)
        pieces = [start("Code", guid=guid, name=name, isCodable="true"),
                  element("Description", summary)]
        if notes:
            pieces.append(empty("NoteRef", targetGUID=_guid("note", configuration.id)))
            if configuration.retroduction is not None:
                pieces.append(empty("NoteRef", targetGUID=note_guid("configuration",
                                                                    configuration.id)))
        for slot, prefix in _PREFIXES.items():
            for part in getattr(configuration, slot):
                pieces.append(_code(f"{prefix}: {part.label}",
                                    _guid("element", configuration.id, slot, part.id),
                                    part.description))
        mechanism = configuration.mechanism
        if mechanism is not None:
            for half, prefix in (("resource", "Mres"), ("reasoning", "Mr")):
                if getattr(mechanism, half):
                    pieces.append(_code(f"{prefix}: {getattr(mechanism, half)}",
                                        _guid("element", configuration.id, half, mechanism.id)))
        self.out.write(*pieces, end("Code"), "\n")
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
        self.out.write(start("Sources"), "\n")
        for source in self.collection.sources:
            for guid, name, text, placed in _text_sources(source, by_source.get(source.id, [])):
                self.files[f"sources/{guid}.txt"] = text
                pieces = [start("TextSource", guid=guid, name=name,
                                plainTextPath=f"internal://{guid}.txt"), "\n"]
                if source.notes and name == (source.title or source.id):
                    pieces.append(element("Description", source.notes))
                for excerpt, (first, last) in placed:
                    pieces.append(_selection(excerpt, first, last, [
                        *citing.get(excerpt.id, []),
                        *(codes["code:" + code] for code in excerpt.codes)]))
                if source.appraisal is not None and guid == _guid("source", source.id):
                    pieces.append(empty("NoteRef", targetGUID=note_guid("source", source.id)))
                self.out.write(*pieces, end("TextSource"), "\n")
        self.out.write(end("Sources"), "\n")

    def notes(self) -> None:
        write = self.out.write
        write(start("Notes"), "\n")
        for configuration in self.collection.configurations:
            write(start("Note", guid=_guid("note", configuration.id),
                        name=f"{configuration.id}: if-then-because"),
                  element("PlainTextContent", self.summaries[configuration.id]), end("Note"),
                  "\n")
        for guid, name, text in judgement_notes(self.collection):
            write(start("Note", guid=guid, name=name), element("PlainTextContent", text),
                  end("Note"), "\n")
        # The theory itself, for cmo to read back: its text is a file in the archive.
        write(empty("Note", guid=_THEORY_GUID, name=THEORY_NOTE,
                    plainTextPath=f"internal://{_THEORY_GUID}.txt"), "\n", end("Notes"))


def _code(name: str, guid: str, description: str | None = None) -> str:
    """A code that cannot be coded (an element), with its description if it has one."""
    if not description:
        return empty("Code", guid=guid, name=name, isCodable="false")
    return start("Code", guid=guid, name=name, isCodable="false") + \
        element("Description", description) + end("Code")


def _selection(excerpt: Excerpt, first: int, last: int, codes: list[str]) -> str:
    """A coded selection, written without escaping: its GUIDs are hex digits, its positions
    digits, and its name the excerpt's id (an identifier: letters, digits, ``_ . -``)."""
    codings = "".join(
        f'<Coding guid="{_guid("coding", excerpt.id, str(number))}">'
        f'<CodeRef targetGUID="{code}"/></Coding>'
        for number, code in enumerate(dict.fromkeys(codes)))
    if excerpt.appraisal is not None:  # its appraisal, a note a QDA user reads
        codings += f'<NoteRef targetGUID="{note_guid("excerpt", excerpt.id)}"/>'
    return (f'<PlainTextSelection guid="{_guid("excerpt", excerpt.id)}" name="{excerpt.id}" '
            f'startPosition="{first}" endPosition="{last}">{codings}</PlainTextSelection>\n')


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
    out = XmlText(stream)
    writer = _Writer(collection, out)
    out.write(_DECLARATION, start("Project", xmlns=NAMESPACE,
                                  name=collection.title or collection.id or "cmo theory",
                                  origin=_ORIGIN), "\n",
              start("Users"), empty("User", guid=_guid("user"), name="cmo"), end("Users"),
              "\n", start("CodeBook"))
    codes = writer.codes(notes=True)
    out.write(end("CodeBook"), "\n")
    writer.sources(codes)
    writer.notes()
    out.write("\n")
    writer.sets(member="targetGUID")
    out.write(end("Project"), "\n")
    out.flush()
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
        quotes: False withholds the text of every excerpt and source (see :mod:`cmo.sharing.privacy`).
    """
    collection = collection_of(theory)
    if not quotes:
        collection = withhold_quotes(collection)

    def write(stream: IO[bytes]) -> None:
        with paused_collector(), zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
            with archive.open("project.qde", "w") as entry:
                fingerprint = Fingerprint(entry)
                files = _write_project(collection, fingerprint)  # type: ignore[arg-type]
            with archive.open(_THEORY_FILE, "w") as entry:
                fingerprint.stream = entry
                write_theory_note(collection, fingerprint)  # type: ignore[arg-type]
            for name, text in files.items():
                archive.writestr(name, text.encode("utf-8"))
            # Reading it back skips looking for a program's edits while both are unchanged.
            archive.comment = fingerprint.comment()

    return write_atomically(path, write)


def write_qdc(theory: ProgrammeTheory | Collection, path: str | Path, *,
              quotes: bool = True) -> Path:
    """Write the code tree alone as a REFI-QDA codebook (``.qdc``), atomically.

    ``quotes`` is taken, and ignored, so one call withholding quotes serves every format:
    a codebook holds codes, never an excerpt's or a source's text.
    """
    collection = collection_of(theory)

    def write(stream: IO[bytes]) -> None:
        out = XmlText(stream)
        out.write(_DECLARATION, start("CodeBook", xmlns=CODEBOOK_NAMESPACE, origin=_ORIGIN),
                  "\n")
        writer = _Writer(collection, out)
        writer.codes(notes=False)
        writer.sets(member="guid")
        out.write(end("CodeBook"), "\n")
        out.flush()

    return write_atomically(path, write)
