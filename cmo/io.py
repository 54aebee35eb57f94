"""Loading and saving theories: one registry from file extension to reader and writer.

Example:
    >>> sorted(readable_extensions())
    ['.bib', '.csv', '.json', '.jsonld', '.nbib', '.nt', '.qdc', '.qde', '.qdpx', '.ris', '.ttl', '.xlsx', '.yaml', '.yml']
    >>> print(*sorted(writable_extensions()))
    .csv .dot .gv .html .json .jsonld .md .mmd .nt .pdf .png .qdc .qdpx .svg .ttl .txt .xlsx .yaml .yml
    >>> print(*sorted(writable_extensions(kind="data")))
    .csv .json .jsonld .nt .qdc .qdpx .ttl .xlsx .yaml .yml

Each format says what kind of output it is, and the options its writer takes:

    >>> mermaid = format_for("theory.mmd")
    >>> mermaid.kind, sorted(mermaid.accepted_options())
    ('diagram', ['configurations', 'direction', 'earlier', 'labels', 'quotes', 'redaction', 'themes', 'wrap'])

What a file is written of is its subject: a theory, two versions of one (a diagram of
the changes), their difference (the refinement log), a merge (the merge report) or an
import (the import report). One extension may serve several subjects:

    >>> print(*sorted(writable_extensions(subject="diff")))
    .md .txt
    >>> format_for("changes.md", subject="diff").name
    'Refinement log (Markdown)'
"""

from __future__ import annotations

import functools
import importlib
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal

from .exceptions import InputError, UnsupportedFormatError, UnsupportedOptionError
from .progress import tracking

if TYPE_CHECKING:  # imported where used: the registry alone loads no model and no graph
    from .models import Collection
    from .sharing.redaction import Redaction
    from .theory.graph import ProgrammeTheory

__all__ = ["FORMATS", "KINDS", "SUBJECTS", "Format", "Kind", "Subject", "check",
           "format_for", "load", "read", "readable_extensions", "save", "subject_of",
           "writable_extensions"]

#: What an output is: data (read back by ``cmo`` or another tool: ``cmo export``), a
#: diagram (``cmo render``), a report for people (``cmo report``) or a log of what a
#: command did (``cmo diff -o``, ``cmo merge --report``, ``cmo import --report``).
Kind = Literal["data", "diagram", "report", "log"]
KINDS: Final[tuple[Kind, ...]] = ("data", "diagram", "report", "log")

#: What a file is written of: a theory (or a collection), two versions of one (``(old,
#: new)``, drawn with their changes marked), their difference, a merge, an import.
Subject = Literal["theory", "versions", "diff", "merge", "import"]
#: The class of each subject's value, as ``module:Class`` (a theory is a
#: :class:`~cmo.theory.graph.ProgrammeTheory` or a :class:`~cmo.models.Collection`; two
#: versions are a pair of them).
SUBJECTS: Final[Mapping[Subject, str]] = {
    "diff": "cmo.theory.diff:TheoryDiff",
    "merge": "cmo.theory.merge_result:MergeResult",
    "import": "cmo.report.import_report:ImportReport",
}


@dataclass(frozen=True, slots=True)
class Format:
    """A file format: its extensions, what kind of output it is, where its reader and writer live.

    Modules are imported on first use, so ``import cmo`` stays light. ``options`` are
    passed to the reader and writer by the registry itself (``rdf_format=``...), never by
    the caller. The other functions a format may name (``sniffer``, ``fallback``,
    ``checker``, ``locator``) are ``module:function``, or a function of ``module``.
    """

    name: str
    extensions: tuple[str, ...]
    module: str
    reader: str | None
    writer: str | None
    options: Mapping[str, Any] = field(default_factory=dict)
    kind: Kind = "data"
    #: What the writer writes (see :data:`Subject`).
    subject: Subject = "theory"
    #: ``(path) -> bool``: whether a file of a shared extension is in this format.
    sniffer: str | None = None
    #: ``(path, *, authoring_error) -> Collection``: read a file the reader refused, or
    #: raise one message saying what the file holds.
    fallback: str | None = None
    #: ``(path, **options) -> None``: check a file further than reading it does (``cmo
    #: validate``: RDF against its SHACL shapes); raises :class:`~cmo.exceptions.InputError`.
    checker: str | None = None
    #: ``(text) -> ((location) -> line | None)``: the lines of values in a file's text.
    locator: str | None = None

    def function(self, role: str) -> Callable[..., Any]:
        """The function named by ``role`` (``"reader"``, ``"writer"``, ``"checker"``...)."""
        module, _, name = str(getattr(self, role)).rpartition(":")
        return getattr(importlib.import_module(module or self.module), name)

    def accepted_options(self) -> frozenset[str]:
        """The options :func:`save` takes for this format: ``redaction``, and its writer's.

        Read from the writer's signature (its keyword-only parameters, less those the
        registry passes itself), so the writer is the one place an option is declared.
        A writer that takes an option with nothing to do in its format (``quotes`` for a
        diagram, which never shows evidence text) declares it, and says so.
        """
        if self.writer is None:
            return frozenset()
        taken = _keywords(self.function("writer")) - set(self.options)
        return taken | {"redaction"} if self.subject == "theory" else taken

    def reader_options(self) -> frozenset[str]:
        """The options :func:`read` takes for this format: its reader's, and, for cmo's own
        formats, those of a list of records (a column map: the file is read as one).

        Example:
            >>> sorted(format_for("coding.qdpx", reading=True).reader_options())
            ['mapping']
            >>> sorted(format_for("cmocs.json", reading=True).reader_options())
            ['columns', 'separator']
        """
        if self.reader is None:
            return frozenset()
        taken = _keywords(self.function("reader")) - set(self.options)
        return taken | RECORDS.reader_options() if self.fallback else taken


@functools.cache
def _keywords(writer: Callable[..., Any]) -> frozenset[str]:
    """The keyword-only parameters of a writer; one taking ``**options`` is a mistake."""
    parameters = inspect.signature(writer).parameters.values()
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters):
        raise TypeError(f"{writer.__module__}.{writer.__qualname__} takes **options: declare "
                        "each option, so a mistyped one is refused")
    return frozenset(p.name for p in parameters if p.kind is inspect.Parameter.KEYWORD_ONLY)


_AUTHORING: Final = "cmo.authoring.serialise"
_RDF: Final = "cmo.rdf"
_DIAGRAM: Final = "cmo.render"
_TABLES: Final = "cmo.tables"
_QDA: Final = "cmo.qda"
_BIBLIOGRAPHY: Final = "cmo.bibliography"
_REPORT: Final = "cmo.report"
_LOGS: Final = "cmo.report.logs"
_RECORDS: Final = "cmo.tables.records"
_SHAPES: Final = "cmo.rdf.shapes:check_file"
_LOCATOR: Final = "cmo._helpers.yaml_text:locator"

FORMATS: Final[tuple[Format, ...]] = (
    Format("YAML", (".yaml", ".yml"), _AUTHORING, "read_yaml", "write_yaml",
           fallback=f"{_RECORDS}:read_foreign", locator=_LOCATOR),
    Format("JSON", (".json",), _AUTHORING, "read_json", "write_json",
           fallback=f"{_RECORDS}:read_foreign", locator=_LOCATOR),
    Format("Turtle", (".ttl",), _RDF, "read_rdf", "write_rdf", {"rdf_format": "turtle"},
           checker=_SHAPES),
    Format("JSON-LD", (".jsonld",), _RDF, "read_rdf", "write_rdf", {"rdf_format": "json-ld"},
           checker=_SHAPES),
    Format("N-Triples", (".nt",), _RDF, "read_rdf", "write_rdf", {"rdf_format": "nt"},
           checker=_SHAPES),
    Format("SVG", (".svg",), _DIAGRAM, None, "write_diagram", {"diagram_format": "svg"},
           kind="diagram"),
    Format("PNG", (".png",), _DIAGRAM, None, "write_diagram", {"diagram_format": "png"},
           kind="diagram"),
    Format("PDF", (".pdf",), _DIAGRAM, None, "write_diagram", {"diagram_format": "pdf"},
           kind="diagram"),
    Format("DOT", (".dot", ".gv"), _DIAGRAM, None, "write_diagram", {"diagram_format": "dot"},
           kind="diagram"),
    Format("Mermaid", (".mmd",), _DIAGRAM, None, "write_mermaid", kind="diagram"),
    Format("Outline", (".txt",), _DIAGRAM, None, "write_outline", kind="diagram"),
    Format("CSV", (".csv",), _TABLES, "read_csv", "write_csv"),
    Format("XLSX", (".xlsx",), _TABLES, "read_xlsx", "write_xlsx"),
    Format("REFI-QDA project", (".qdpx",), _QDA, "read_qdpx", "write_qdpx"),
    Format("REFI-QDA project XML", (".qde",), _QDA, "read_qde", None),
    Format("REFI-QDA codebook", (".qdc",), _QDA, "read_qdc", "write_qdc"),
    Format("BibTeX", (".bib",), _BIBLIOGRAPHY, "read_bibtex", None),
    Format("RIS", (".ris",), _BIBLIOGRAPHY, "read_ris", None),
    Format("MEDLINE", (".nbib",), _BIBLIOGRAPHY, "read_medline", None),
    Format("HTML report", (".html",), _REPORT, None, "write_report", kind="report"),
    Format("Markdown report", (".md",), _REPORT, None, "write_report", kind="report"),
    *(Format(f"Changes as {name}", extensions, "cmo.render.changes", None, "write_changes",
             {"diagram_format": drawn}, kind="diagram", subject="versions")
      for name, extensions, drawn in (("SVG", (".svg",), "svg"), ("PNG", (".png",), "png"),
                                      ("PDF", (".pdf",), "pdf"), ("DOT", (".dot", ".gv"), "dot"))),
    *(Format(f"{title} ({name})", (extension,), _LOGS, None, writer, {"log_format": written},
             kind="log", subject=subject)
      for title, writer, subject in (
          ("Refinement log", "write_refinement_log", "diff"),
          ("Merge report", "write_merge_report", "merge"),
          ("Import report", "write_import_report", "import"))
      for name, extension, written in (("Markdown", ".md", "markdown"),
                                       ("text", ".txt", "text"))),
)
#: Read instead of the authoring JSON when a ``.json`` file holds a list whose items have a
#: ``type`` and one of ``title``, ``author``, ``issued`` (Zotero's export).
CSL_JSON: Final = Format("CSL-JSON", (".json",), _BIBLIOGRAPHY, "read_csl_json", None,
                         sniffer=f"{_RECORDS}:holds_references")
#: Read when a ``.json``/``.yaml`` file holds a list of records (one object per
#: configuration, as LLM pipelines write them), read like a table.
RECORDS: Final = Format("list of records", (".json", ".yaml", ".yml"), _TABLES, "read_records",
                        None)
#: Options of the table readers: a column map, and a separator of values.
_TABLE_OPTIONS: Final = frozenset({"columns", "separator"})


def readable_extensions() -> list[str]:
    return [ext for f in FORMATS if f.reader for ext in f.extensions]


def writable_extensions(kind: Kind | None = None, *,
                        subject: Subject | None = "theory") -> list[str]:
    """The extensions :func:`save` writes of a subject (a theory, unless ``subject`` says
    otherwise; None for every subject), of one kind of output if ``kind`` is given."""
    return [ext for f in FORMATS if f.writer and kind in (None, f.kind)
            and subject in (None, f.subject) for ext in f.extensions]


def format_for(path: str | Path, *, subject: Subject = "theory",
               reading: bool = False) -> Format:
    """The format :func:`save` writes ``path`` in (of ``subject``), by its extension; with
    ``reading=True``, the format :func:`read` reads it in (before looking into the file).

    Raises:
        UnsupportedFormatError: an extension ``cmo`` cannot write (or read).
    """
    suffix = Path(path).suffix.lower()
    for candidate in FORMATS:
        if suffix in candidate.extensions and (
                candidate.reader if reading else candidate.writer and candidate.subject == subject):
            return candidate
    supported = readable_extensions() if reading else writable_extensions(subject=subject)
    raise UnsupportedFormatError(path, action="read" if reading else "write",
                                 supported=supported)


def read(path: str | Path, **options: Any) -> Collection:
    """Read one file into a :class:`~cmo.models.Collection`, by its extension.

    A ``.json`` or ``.yaml`` file is ``cmo``'s own format; or a CSL-JSON reference list
    (a list of items with a ``type`` and a ``title``, ``author`` or ``issued``, as Zotero
    exports it); or a list of records with context, mechanism and outcome fields (read
    like a table, see :mod:`cmo.tables.records`). Anything else is refused with one
    message saying what the file holds. Options go to the reader (``mapping=`` for QDA
    projects, ``columns=`` and ``separator=`` for tables and lists of records).
    """
    from ._helpers.collector import paused_collector

    chosen = original = format_for(path, reading=True)
    foreign = chosen.fallback is not None and (
        bool(_TABLE_OPTIONS & set(options)) or _holds_a_list(path))
    if foreign:
        chosen = RECORDS
        if not _TABLE_OPTIONS & set(options):
            chosen = next((other for other in _SNIFFED if Path(path).suffix.lower()
                           in other.extensions and other.function("sniffer")(path)), RECORDS)
    with (tracking(f"reading {Path(path).name}", size=_bytes_in(path),
                   shown_from=READ_SHOWN_FROM),
          paused_collector()):
        try:
            return chosen.function("reader")(path, **chosen.options, **options)
        except InputError as error:
            if chosen is not original or original.fallback is None:
                raise
            # Not cmo's own format after all? A wrapped list of records, or one message.
            return original.function("fallback")(path, authoring_error=error)


#: Formats that share an extension with cmo's own, told apart by a look into the file.
_SNIFFED: Final = (CSL_JSON,)
#: Files smaller than this are read before a progress row could be read.
READ_SHOWN_FROM: Final = 2**20


def _bytes_in(path: str | Path) -> int:
    try:
        return Path(path).stat().st_size
    except OSError:
        return 0  # the reader says what is wrong with the file


def _holds_a_list(path: str | Path) -> bool:
    """Whether a JSON or YAML file starts with a list (a mapping is cmo's own format)."""
    try:
        with Path(path).open("rb") as stream:
            start = stream.read(4096).removeprefix(b"\xef\xbb\xbf")
    except OSError:
        return False  # the reader says what is wrong with the file
    for line in start.splitlines():
        line = line.strip()
        if not line or line.startswith((b"#", b"%", b"---")):
            continue  # YAML comments, directives and the start of the document
        return line.startswith(b"[") or line == b"-" or line.startswith((b"- ", b"-\t"))
    return False


def check(path: str | Path) -> None:
    """Check a file further than reading it does, as its format says (RDF against the SHACL
    shapes of a valid theory, see :mod:`cmo.rdf.shapes`).

    The authoring formats (YAML, JSON) are checked by the models as they are read, so for
    them this does nothing.

    Raises:
        InputError: every violation, one line each, naming the file.
    """
    chosen = format_for(path, reading=True)
    if chosen.checker is not None:
        chosen.function("checker")(path, **chosen.options)



def load(*paths: str | Path) -> ProgrammeTheory:
    """Read one or more files into one programme theory.

    Raises:
        InputError: a file cannot be read, or two files give one id different content.
        UnsupportedFormatError: an extension we cannot read.
    """
    from .theory.graph import ProgrammeTheory

    if not paths:
        raise TypeError("load() needs at least one path")
    return ProgrammeTheory(*(read(path) for path in paths), names=[str(p) for p in paths])


def subject_of(value: Any) -> Subject:
    """What ``value`` is, as a subject of a file (see :data:`Subject`).

    Raises:
        TypeError: a value ``cmo`` writes no file of.
    """
    from .models import Collection
    from .theory.graph import ProgrammeTheory

    if isinstance(value, ProgrammeTheory | Collection):
        return "theory"
    if (isinstance(value, tuple) and len(value) == 2
            and all(isinstance(part, ProgrammeTheory | Collection) for part in value)):
        return "versions"
    for subject, where in SUBJECTS.items():
        module, _, name = where.partition(":")
        if isinstance(value, getattr(importlib.import_module(module), name)):
            return subject
    raise TypeError(f"cmo writes no file of a {type(value).__name__} (it writes a theory, "
                    "two versions (old, new), a TheoryDiff, a MergeResult or an ImportReport)")


def save(theory: Any, path: str | Path, *, redaction: Redaction | None = None,
         **options: Any) -> Path:
    """Write a theory to ``path`` in the format its extension names, atomically.

    Options go to the writer: ``themes=``/``configurations=`` filters for diagrams,
    ``quotes=False`` to leave evidence text out of data formats and reports (diagrams take
    it too, and have no text to leave out). ``redaction=`` (a
    :class:`cmo.sharing.redaction.Redaction`) redacts the theory first, for any format. The
    options each format takes are :meth:`Format.accepted_options`.

    ``theory`` may also be another subject (:data:`Subject`): two versions ``(old, new)``
    drawn with their changes marked (``.svg``...), a :class:`~cmo.theory.diff.TheoryDiff`
    (its refinement log, ``.md`` or ``.txt``), a merge result or an import report.

    Raises:
        UnsupportedFormatError: an extension ``cmo`` cannot write.
        UnsupportedOptionError: an option the format's writer does not take (a
            ``TypeError``); nothing is written.

    Example:
        >>> import cmo
        >>> theory = cmo.load("examples/social_prescribing/theory.yaml")
        >>> save(theory, "theory.mmd", theme=["Trust and hope"])
        Traceback (most recent call last):
        ...
        cmo.exceptions.UnsupportedOptionError: theory.mmd: Mermaid takes no option 'theme' (it takes: ...
    """
    subject = subject_of(theory)
    chosen = format_for(path, subject=subject)
    accepted = chosen.accepted_options()
    unknown = set(options) - accepted | ({"redaction"} - accepted if redaction else set())
    if unknown:
        raise UnsupportedOptionError(path, chosen.name, unknown, accepted)
    if redaction is not None:
        theory = redaction.redact(theory)
    if subject != "theory":
        return chosen.function("writer")(theory, path, **chosen.options, **options)
    with tracking(f"writing {Path(path).name}", size=len(theory.configurations)):
        # Every writer takes a theory or a collection: data formats need no graph built.
        return chosen.function("writer")(theory, path, **chosen.options, **options)
