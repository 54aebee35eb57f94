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
"""

from __future__ import annotations

import functools
import importlib
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal

from ._helpers.collector import paused_collector
from .exceptions import InputError, UnsupportedFormatError, UnsupportedOptionError
from .models import Collection
from .progress import tracking
from .theory.graph import ProgrammeTheory

if TYPE_CHECKING:
    from .sharing.redaction import Redaction

__all__ = ["FORMATS", "KINDS", "Format", "Kind", "check_shapes", "format_for", "load", "read",
           "readable_extensions", "save", "writable_extensions"]

#: What an output is: data (read back by ``cmo`` or another tool: ``cmo export``), a
#: diagram (``cmo render``) or a report for people (``cmo report``).
Kind = Literal["data", "diagram", "report"]
KINDS: Final[tuple[Kind, ...]] = ("data", "diagram", "report")


@dataclass(frozen=True, slots=True)
class Format:
    """A file format: its extensions, what kind of output it is, where its reader and writer live.

    Modules are imported on first use, so ``import cmo`` stays light. ``options`` are
    passed to the reader and writer by the registry itself (``rdf_format=``...), never by
    the caller.
    """

    name: str
    extensions: tuple[str, ...]
    module: str
    reader: str | None
    writer: str | None
    options: Mapping[str, Any] = field(default_factory=dict)
    kind: Kind = "data"

    def function(self, role: str) -> Callable[..., Any]:
        return getattr(importlib.import_module(self.module), getattr(self, role))

    def accepted_options(self) -> frozenset[str]:
        """The options :func:`save` takes for this format: ``redaction``, and its writer's.

        Read from the writer's signature (its keyword-only parameters, less those the
        registry passes itself), so the writer is the one place an option is declared.
        A writer that takes an option with nothing to do in its format (``quotes`` for a
        diagram, which never shows evidence text) declares it, and says so.
        """
        if self.writer is None:
            return frozenset()
        return _keywords(self.function("writer")) - set(self.options) | {"redaction"}


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

FORMATS: Final[tuple[Format, ...]] = (
    Format("YAML", (".yaml", ".yml"), _AUTHORING, "read_yaml", "write_yaml"),
    Format("JSON", (".json",), _AUTHORING, "read_json", "write_json"),
    Format("Turtle", (".ttl",), _RDF, "read_rdf", "write_rdf", {"rdf_format": "turtle"}),
    Format("JSON-LD", (".jsonld",), _RDF, "read_rdf", "write_rdf", {"rdf_format": "json-ld"}),
    Format("N-Triples", (".nt",), _RDF, "read_rdf", "write_rdf", {"rdf_format": "nt"}),
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
)
#: Read instead of the authoring JSON when a ``.json`` file holds a list whose items have a
#: ``type`` and one of ``title``, ``author``, ``issued`` (Zotero's export).
CSL_JSON: Final = Format("CSL-JSON", (".json",), _BIBLIOGRAPHY, "read_csl_json", None)
#: Read when a ``.json``/``.yaml`` file holds a list of records (one object per
#: configuration, as LLM pipelines write them), read like a table.
RECORDS: Final = Format("list of records", (".json", ".yaml", ".yml"), _TABLES, "read_records",
                        None)
#: Options of the table readers: a column map, and a separator of values.
_TABLE_OPTIONS: Final = frozenset({"columns", "separator"})


def readable_extensions() -> list[str]:
    return [ext for f in FORMATS if f.reader for ext in f.extensions]


def writable_extensions(kind: Kind | None = None) -> list[str]:
    """The extensions :func:`save` writes (of one kind of output, if ``kind`` is given)."""
    return [ext for f in FORMATS if f.writer and kind in (None, f.kind) for ext in f.extensions]


def format_for(path: str | Path) -> Format:
    """The format :func:`save` writes ``path`` in, by its extension.

    Raises:
        UnsupportedFormatError: an extension ``cmo`` cannot write.
    """
    return _format_for(path, "writer")


def _format_for(path: str | Path, role: str) -> Format:
    suffix = Path(path).suffix.lower()
    for candidate in FORMATS:
        if suffix in candidate.extensions and getattr(candidate, role):
            return candidate
    supported = readable_extensions() if role == "reader" else writable_extensions()
    raise UnsupportedFormatError(path, action="read" if role == "reader" else "write",
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
    chosen = _format_for(path, "reader")
    foreign = chosen.module == _AUTHORING and (
        bool(_TABLE_OPTIONS & set(options)) or _holds_a_list(path))
    if foreign:
        chosen = RECORDS
        if Path(path).suffix.lower() == ".json" and not _TABLE_OPTIONS & set(options):
            from .tables.records import holds_references

            chosen = CSL_JSON if holds_references(path) else RECORDS
    with (tracking(f"reading {Path(path).name}", size=_bytes_in(path),
                   shown_from=READ_SHOWN_FROM),
          paused_collector()):
        try:
            return chosen.function("reader")(path, **chosen.options, **options)
        except InputError as error:
            if chosen.module != _AUTHORING:
                raise
            from .tables.records import read_foreign

            # Not cmo's own format after all? A wrapped list of records, or one message.
            return read_foreign(path, authoring_error=error)


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


def check_shapes(path: str | Path) -> None:
    """Check an RDF file against the SHACL shapes of a valid theory (see :mod:`cmo.rdf.shapes`).

    The authoring formats (YAML, JSON) are checked by the models as they are read, so for
    them this does nothing.

    Raises:
        InputError: every violation, one line each, naming the file.
    """
    chosen = _format_for(path, "reader")
    if chosen.module != _RDF:
        return
    from .rdf.shapes import check_rdf, raise_for

    raise_for(check_rdf(path, **chosen.options), source=path)


def load(*paths: str | Path) -> ProgrammeTheory:
    """Read one or more files into one programme theory.

    Raises:
        InputError: a file cannot be read, or two files give one id different content.
        UnsupportedFormatError: an extension we cannot read.
    """
    if not paths:
        raise TypeError("load() needs at least one path")
    return ProgrammeTheory(*(read(path) for path in paths), names=[str(p) for p in paths])


def save(theory: ProgrammeTheory | Collection, path: str | Path, *,
         redaction: Redaction | None = None, **options: Any) -> Path:
    """Write a theory to ``path`` in the format its extension names, atomically.

    Options go to the writer: ``themes=``/``configurations=`` filters for diagrams,
    ``quotes=False`` to leave evidence text out of data formats and reports (diagrams take
    it too, and have no text to leave out). ``redaction=`` (a
    :class:`cmo.sharing.redaction.Redaction`) redacts the theory first, for any format. The
    options each format takes are :meth:`Format.accepted_options`.

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
    chosen = _format_for(path, "writer")
    unknown = set(options) - chosen.accepted_options()
    if unknown:
        raise UnsupportedOptionError(path, chosen.name, unknown, chosen.accepted_options())
    if redaction is not None:
        theory = redaction.redact(theory)
    size = len(theory.configurations)
    with tracking(f"writing {Path(path).name}", size=size):
        # Every writer takes a theory or a collection: data formats need no graph built.
        return chosen.function("writer")(theory, path, **chosen.options, **options)
