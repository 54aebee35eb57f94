"""Parsing RDF text into a graph, with syntax errors that name the line but quote nothing.

rdflib's own messages show the text around an error, which may be a confidential quote,
so they are replaced by the line (and column, for JSON-LD) and the parser's reason. Nor
does rdflib log a traceback for a literal its datatype cannot read (``"abc"^^xsd:date``):
the reader and the shapes check report those as problems.

Example:
    >>> len(parse_rdf('<urn:x:a> <urn:x:b> "c" .', rdf_format="nt"))
    1
    >>> parse_rdf('<urn:x:a> <urn:x:b> "secret" oops .', rdf_format="nt", source="t.nt")
    Traceback (most recent call last):
    ...
    cmo.exceptions.InputError: t.nt: line 1: not a valid N-Triples statement (...)
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Final

from rdflib import Graph
from rdflib.exceptions import ParserError
from rdflib.plugins.parsers.notation3 import BadSyntax
from rdflib.plugins.parsers.ntriples import NTGraphSink, W3CNTriplesParser

from .._helpers import read_text
from ..exceptions import InputError, Problem
from .index import TripleIndex

__all__ = ["RDF_FORMATS", "index_rdf", "parse_rdf", "quiet_literals"]

#: The rdflib format names ``cmo`` reads and writes, and what users call them.
RDF_FORMATS: Final = {"json-ld": "JSON-LD", "nt": "N-Triples", "turtle": "Turtle"}

_WHY: Final = re.compile(r"^Bad syntax \((.*)\) at \^ in:$", re.MULTILINE)
#: The formats pyoxigraph (Rust) parses for the reader, by their rdflib names.
_FAST: Final = {"turtle": "TURTLE", "nt": "N_TRIPLES"}
_LOCATION: Final = re.compile(r"^Parser error at line (\d+)(?: between columns (\d+) and \d+| column (\d+))?: ")
_CHECK: Final = {
    "turtle": "check the statement ends with ' .', that prefixes are declared and quotes closed",
    "nt": "each line holds one statement: <subject> <predicate> object .",
    "json-ld": "check the brackets, commas and quotes",
}


class _FailedConversions(logging.Filter):
    """Drops rdflib's "Failed to convert Literal" records: they are reported as problems."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Failed to convert Literal")


@contextlib.contextmanager
def quiet_literals() -> Iterator[None]:
    """Within the block, rdflib logs no traceback for a literal its datatype cannot read."""
    logger = logging.getLogger("rdflib.term")
    dropping = _FailedConversions()
    logger.addFilter(dropping)
    try:
        yield
    finally:
        logger.removeFilter(dropping)


class _CountingParser(W3CNTriplesParser):
    """rdflib's N-Triples parser, counting lines so an error can say where it is."""

    def __init__(self, graph: Graph) -> None:
        super().__init__(NTGraphSink(graph))
        self.lines = 0

    def readline(self) -> str | None:
        line = super().readline()
        self.lines += line is not None
        return line


class _RemoteContext(Exception):
    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


def _refuse_remote_contexts(data: object) -> None:
    """Raise for the first ``@context`` (or ``@import``) naming a document elsewhere."""
    pending = [data]
    while pending:
        value = pending.pop()
        if isinstance(value, list):
            pending.extend(value)
        elif isinstance(value, dict):
            for key, member in value.items():
                if key in {"@context", "@import"}:
                    for context in member if isinstance(member, list) else [member]:
                        if isinstance(context, str):
                            raise _RemoteContext(context[:200])
                pending.append(member)


def parse_rdf(text: str, *, rdf_format: str, source: str | Path | None = None) -> Graph:
    """Parse Turtle, JSON-LD or N-Triples text into a new graph.

    Args:
        text: the RDF.
        rdf_format: ``"turtle"``, ``"json-ld"`` or ``"nt"``.
        source: the file it came from, named in errors and used as the base for relative IRIs.

    Returns:
        The graph.

    Raises:
        InputError: a syntax error, at the line the parser gives.
        ValueError: an unknown ``rdf_format``.
    """
    if rdf_format not in RDF_FORMATS:
        raise ValueError(f"unknown rdf_format: {rdf_format!r} (must be one of {sorted(RDF_FORMATS)})")
    graph = Graph(bind_namespaces="none")
    name = RDF_FORMATS[rdf_format]
    public_id = Path(source).resolve().as_uri() if source is not None else None
    parser = _CountingParser(graph)
    try:
        if rdf_format == "json-ld":
            _refuse_remote_contexts(json.loads(text))
        if rdf_format == "nt":
            with quiet_literals():
                parser.parse(io.StringIO(text))
        else:
            with warnings.catch_warnings(), quiet_literals():
                # rdflib's JSON-LD parser uses its own deprecated ConjunctiveGraph: not ours to fix.
                warnings.filterwarnings("ignore", "ConjunctiveGraph", DeprecationWarning)
                graph.parse(data=text, format=rdf_format, publicID=public_id)
    except BadSyntax as error:
        why = _WHY.search(str(error))
        problem = Problem(f"line {error.lines + 1}", f"{name} syntax error" + (
            f": {why.group(1)}" if why else ""), _CHECK[rdf_format])
    except _RemoteContext as error:
        problem = Problem("", f"refers to the remote JSON-LD context <{error.url}>, which cmo "
                          "does not fetch (reading a file never touches the network)",
                          "put the context itself in the file's @context")
    except json.JSONDecodeError as error:
        problem = Problem(f"line {error.lineno}, column {error.colno}",
                          f"{name} syntax error: {error.msg}", _CHECK[rdf_format])
    except ParserError:
        problem = Problem(f"line {parser.lines}", f"not a valid {name} statement",
                          _CHECK[rdf_format])
    except Exception as error:
        # Reported, not swallowed: the type says what failed; rdflib's text may quote data.
        problem = Problem("", f"cannot be read as {name} ({type(error).__name__})",
                          f"check that the file is {name}")
    else:
        return graph
    raise InputError([problem], source=source)


def index_rdf(path: str | Path, *, rdf_format: str,
              by_predicate: frozenset[str] | None = None) -> TripleIndex:
    """Parse an RDF file into a :class:`~cmo.rdf.index.TripleIndex` for the reader.

    Turtle and N-Triples are parsed by pyoxigraph (Rust), much faster than rdflib; JSON-LD
    by rdflib. Syntax errors name the line and column, never the text around them.
    ``by_predicate`` limits the predicates indexed for :meth:`TripleIndex.pairs`.

    Raises:
        InputError: the file cannot be read, or is not valid ``rdf_format``.
    """
    if rdf_format in _FAST:
        # Optimistic: pyoxigraph streams the file itself, so its text is never held in
        # memory. Whatever goes wrong (a missing or binary file, a syntax error) is read
        # again below, by the careful path that names the problem.
        index = _index_quickly(path, rdf_format, by_predicate)
        if index is not None:
            return index
    text = read_text(path)
    if rdf_format not in _FAST:
        return TripleIndex.from_rdflib(parse_rdf(text, rdf_format=rdf_format, source=path),
                                       by_predicate=by_predicate)
    import pyoxigraph

    try:
        return TripleIndex.from_oxigraph(pyoxigraph.parse(
            text, format=getattr(pyoxigraph.RdfFormat, _FAST[rdf_format]),
            base_iri=Path(path).resolve().as_uri()), by_predicate=by_predicate)
    except SyntaxError as error:
        message = error.msg or str(error)
        located = _LOCATION.match(message)
        where = "" if located is None else f"line {located.group(1)}" + (
            f", column {located.group(2) or located.group(3)}"
            if located.group(2) or located.group(3) else "")
        why = message[located.end():] if located else message
        problem = Problem(where, f"{RDF_FORMATS[rdf_format]} syntax error: {why[:200]}",
                          _CHECK[rdf_format])
    raise InputError([problem], source=path)


def _index_quickly(path: str | Path, rdf_format: str,
                   by_predicate: frozenset[str] | None) -> TripleIndex | None:
    """The file's triples parsed straight from disk, or None if that fails or finds none."""
    import pyoxigraph

    try:
        index = TripleIndex.from_oxigraph(pyoxigraph.parse(
            path=Path(path), format=getattr(pyoxigraph.RdfFormat, _FAST[rdf_format]),
            base_iri=Path(path).resolve().as_uri()), by_predicate=by_predicate)
    except (SyntaxError, OSError, ValueError):
        return None
    return index if len(index) else None
