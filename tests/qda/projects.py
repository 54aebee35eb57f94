"""REFI-QDA projects built in code for the tests: codes, sources, selections, cases.

Every text here is synthetic (made for the tests), never real interview data.
"""

from __future__ import annotations

import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr


def guid(name: str, *, braces: bool = False, lower: bool = False) -> str:
    """A stable GUID for a name (so tests can refer to it), spelled as exports do."""
    value = str(uuid.uuid5(uuid.NAMESPACE_URL, f"cmo-test:{name}")).upper()
    value = value.lower() if lower else value
    return f"{{{value}}}" if braces else value


@dataclass
class CodeSpec:
    name: str
    children: list[CodeSpec] = field(default_factory=list)
    description: str | None = None


@dataclass
class SelectionSpec:
    start: int
    end: int
    codes: list[str]  # code names
    description: str | None = None
    coders: list[str] | None = None  # a user's name per code (creatingUser of its Coding)
    name: str | None = None  # the selection's name attribute (``line:12``)


@dataclass
class SourceSpec:
    name: str
    text: str | None  # None: missing from the archive
    selections: list[SelectionSpec] = field(default_factory=list)
    inline: bool = False
    encoding: str = "utf-8"  # "utf-8-sig" writes a BOM
    variables: dict[str, str] = field(default_factory=dict)
    named: bool = True  # False: no name attribute (the file name stands in)
    path: str | None = None  # plainTextPath as written; default internal://<guid>.txt


@dataclass
class ProjectSpec:
    codes: list[CodeSpec]
    sources: list[SourceSpec]
    cases: dict[str, list[str]] = field(default_factory=dict)  # case -> source names
    case_variables: dict[str, dict[str, str]] = field(default_factory=dict)
    sets: dict[str, list[str]] = field(default_factory=dict)  # set -> code names
    source_sets: dict[str, list[str]] = field(default_factory=dict)  # set -> source names
    users: list[str] = field(default_factory=lambda: ["tester"])
    media: list[str] = field(default_factory=list)  # raw XML of PDF/picture/audio/video sources
    files: dict[str, bytes] = field(default_factory=dict)  # more archive entries, by name
    braces: bool = False
    lower: bool = False
    folder: str = "sources"
    project_file: str = "project.qde"

    def _guid(self, name: str) -> str:
        return guid(name, braces=self.braces, lower=self.lower)

    def xml(self) -> str:
        codes = "".join(self._code(code) for code in self.codes)
        variables = sorted({name for spec in self.sources for name in spec.variables} |
                           {name for values in self.case_variables.values() for name in values})
        parts = ['<?xml version="1.0" encoding="utf-8"?>',
                 '<Project xmlns="urn:QDA-XML:project:1.0" name="Synthetic test project">',
                 "<Users>" + "".join(f'<User guid="{self._guid("user:" + user)}" '
                                     f"name={quoteattr(user)}/>" for user in self.users)
                 + "</Users>",
                 f"<CodeBook><Codes>{codes}</Codes></CodeBook>"]
        if variables:
            parts.append("<Variables>" + "".join(
                f'<Variable guid="{self._guid("var:" + v)}" name={quoteattr(v)} '
                'typeOfVariable="Text"/>' for v in variables) + "</Variables>")
        if self.cases:
            parts.append("<Cases>" + "".join(self._case(case, names)
                                             for case, names in self.cases.items()) + "</Cases>")
        parts.append("<Sources>" + "".join(map(self._source, self.sources))
                     + "".join(self.media) + "</Sources>")
        if self.sets or self.source_sets:
            parts.append("<Sets>" + "".join(
                f'<Set guid="{self._guid("set:" + name)}" name={quoteattr(name)}>' + "".join(
                    f'<MemberCode targetGUID="{self._guid("code:" + code)}"/>' for code in codes)
                + "</Set>" for name, codes in self.sets.items()) + "".join(
                f'<Set guid="{self._guid("set:" + name)}" name={quoteattr(name)}>' + "".join(
                    f'<MemberSource targetGUID="{self._guid("source:" + source)}"/>'
                    for source in sources) + "</Set>"
                for name, sources in self.source_sets.items()) + "</Sets>")
        parts.append("</Project>")
        return "\n".join(parts)

    def _code(self, code: CodeSpec) -> str:
        inner = (f"<Description>{escape(code.description)}</Description>"
                 if code.description else "") + "".join(map(self._code, code.children))
        return (f'<Code guid="{self._guid("code:" + code.name)}" name={quoteattr(code.name)} '
                f'isCodable="true">{inner}</Code>')

    def _values(self, values: dict[str, str]) -> str:
        return "".join(f'<VariableValue><VariableRef targetGUID="{self._guid("var:" + name)}"/>'
                       f"<TextValue>{escape(value)}</TextValue></VariableValue>"
                       for name, value in values.items())

    def _case(self, case: str, names: list[str]) -> str:
        refs = "".join(f'<SourceRef targetGUID="{self._guid("source:" + n)}"/>' for n in names)
        return (f'<Case guid="{self._guid("case:" + case)}" name={quoteattr(case)}>'
                f"{self._values(self.case_variables.get(case, {}))}{refs}</Case>")

    def _selection(self, spec: SourceSpec, number: int, selection: SelectionSpec) -> str:
        coders = selection.coders or [self.users[0]] * len(selection.codes)
        name = f" name={quoteattr(selection.name)}" if selection.name is not None else ""
        return (
            f'<PlainTextSelection guid="{self._guid(f"sel:{spec.name}:{number}")}"{name} '
            f'startPosition="{selection.start}" endPosition="{selection.end}">'
            + (f"<Description>{escape(selection.description)}</Description>"
               if selection.description else "")
            + "".join(f'<Coding guid="{self._guid(f"coding:{spec.name}:{number}:{c}")}" '
                      f'creatingUser="{self._guid("user:" + coder)}">'
                      f'<CodeRef targetGUID="{self._guid("code:" + c)}"/></Coding>'
                      for c, coder in zip(selection.codes, coders, strict=True))
            + "</PlainTextSelection>")

    def text_path(self, spec: SourceSpec) -> str:
        """The plainTextPath of a source kept in the archive."""
        if spec.path is not None:
            return spec.path
        return f'internal://{self._guid("source:" + spec.name).strip("{}")}.txt'

    def _source(self, spec: SourceSpec) -> str:
        selections = "".join(self._selection(spec, n, s) for n, s in enumerate(spec.selections))
        source_guid = self._guid("source:" + spec.name)
        if spec.inline:
            content = f"<PlainTextContent>{escape(spec.text or '')}</PlainTextContent>"
            attributes = ""
        else:
            content = ""
            attributes = f" plainTextPath={quoteattr(self.text_path(spec))}"
        name = f" name={quoteattr(spec.name)}" if spec.named else ""
        return (f'<TextSource guid="{source_guid}"{name}{attributes}>'
                f"{content}{selections}{self._values(spec.variables)}</TextSource>")

    def write(self, path: Path) -> Path:
        """Write the project as a ``.qdpx`` archive (or a bare ``.qde`` for that suffix)."""
        if path.suffix == ".qde":
            path.write_text(self.xml(), encoding="utf-8")
            return path
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(self.project_file, self.xml())
            for spec in self.sources:
                if spec.inline or spec.text is None:
                    continue
                name = self.text_path(spec).split("://", 1)[-1].replace("\\", "/")
                if ":" in name or name.lower().startswith(("/", "sources/")):
                    name = name.rsplit("/", 1)[-1]  # a path on the author's disk
                archive.writestr(f"{self.folder}/{name}", spec.text.encode(spec.encoding))
            for name, data in self.files.items():
                archive.writestr(name, data)
        return path


def span(text: str, part: str) -> tuple[int, int]:
    """Where ``part`` is in ``text``, in code points."""
    start = text.index(part)
    return start, start + len(part)


def utf16_span(text: str, part: str) -> tuple[int, int]:
    """Where ``part`` is in ``text``, in UTF-16 code units (as NVivo counts)."""
    start, end = span(text, part)
    return (len(text[:start].encode("utf-16-le")) // 2, len(text[:end].encode("utf-16-le")) // 2)
