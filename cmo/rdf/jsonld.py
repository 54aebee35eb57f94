"""JSON-LD, written straight from a theory's descriptions: one node object per resource.

The document is a ``@context`` holding the prefixes every output binds (``cmo:``,
``oa:``, ``prov:``...) and a ``@graph`` of node objects, each a resource's ``@id``, its
``@type`` and its properties, indented for people to read. Vocabulary terms are written
as compact IRIs (``cmo:hasContext``), resources of the theory in full, as Turtle writes
them; a resource pointed to is ``{"@id": ...}``, a plain string literal a JSON string, a
whole number (``xsd:integer``) a JSON number, any other typed literal
``{"@value": ..., "@type": ...}``. Like Turtle and N-Triples, the text is made a few
thousand resources at a time, so a theory of any size is written in the memory of the
theory itself, in time linear in its triples.

An IRI that reads as a compact IRI of a bound prefix (``schema:x``, a scheme named like a
prefix) would be taken for one: the resource that holds it is written in full, with the
prefixes unbound in its own ``@context``.

Example:
    >>> from cmo.models import Collection
    >>> from cmo.rdf.statements import descriptions
    >>> text = "".join(chunks(descriptions(Collection(title="IPT"))))
    >>> print(text[text.index('"@graph"'):], end="")
    "@graph": [
        {
          "@id": "urn:cmo:theory",
          "@type": "cmo:ProgrammeTheory",
          "dcterms:title": "IPT"
        }
      ]
    }
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from operator import itemgetter
from typing import Final

from .mapping import PREFIXES
from .ntriples import CHUNK, STRING, quoted
from .statements import Description, Statement
from .turtle import SHORT_NAMES
from .vocabulary import RDF

__all__ = ["chunks"]

_TYPE: Final = str(RDF.type)
_INTEGER: Final = f"{PREFIXES['xsd']}integer"
#: The lexical forms a JSON number gives back unchanged (JSON-LD reads 7 as "7"^^xsd:integer):
#: canonical, and short enough for any parser's numbers (not "-0", "007" or 10**21).
_CANONICAL_INTEGER: Final = re.compile(r"0|-?[1-9][0-9]{0,14}")
#: Vocabulary terms by IRI, as JSON strings of compact IRIs: Turtle's prefixed names
#: (rdf:type is JSON-LD's @type, not "a").
_SHORT: Final = {iri: quoted(name) for iri, name in SHORT_NAMES.items() if name != "a"}
#: What an IRI starts with when JSON-LD would read it as a compact IRI of our prefixes.
_PREFIXED: Final = tuple(f"{prefix}:" for prefix in PREFIXES)
_CONTEXT: Final = json.dumps(dict(sorted(PREFIXES.items())), indent=2).replace("\n", "\n  ")
#: A node's own context unbinding every prefix: its IRIs are then read as written.
_UNBOUND: Final = json.dumps(dict.fromkeys(sorted(PREFIXES)))
#: A node starts with a comma, taken off the first one: ``,`` and these joins are its layout.
_NODE: Final = ",\n    {\n      "
_PROPERTY: Final = ",\n      "
_MEMBER: Final = ",\n        "
_END: Final = "\n    }"
_predicate: Final = itemgetter(0)


def _read_as_prefixed(iri: str) -> bool:
    """Whether JSON-LD would expand ``iri`` as a compact IRI of one of our prefixes."""
    return iri.startswith(_PREFIXED) and not iri.partition(":")[2].startswith("//")


class _Written(dict[str, str]):
    """Predicates and datatypes as JSON strings: compact when we can, else the full IRI.

    Only these are kept (a theory writes a few dozen); subjects and objects are not, so
    memory does not grow with the theory. ``misread`` holds those written in full that
    would be read as compact IRIs.
    """

    def __init__(self, short: dict[str, str]) -> None:
        super().__init__()
        self._short = short
        self.misread: set[str] = set()

    def __missing__(self, iri: str) -> str:
        written = self._short.get(iri)
        if written is None:
            written = quoted(iri)
            if _read_as_prefixed(iri):
                self.misread.add(iri)
        self[iri] = written
        return written


def chunks(descriptions: Iterable[Description]) -> Iterator[str]:
    """The JSON-LD text of ``descriptions``, a few thousand resources at a time."""
    yield f'{{\n  "@context": {_CONTEXT},\n  "@graph": ['
    first = True
    for text in _nodes(descriptions, _SHORT):
        if first and text:
            text, first = text[1:], False  # the comma before the first node
        yield text
    yield "\n  ]\n}\n"


def _nodes(descriptions: Iterable[Description], short: dict[str, str],
           context: str | None = None) -> Iterator[str]:
    """Node objects, each after a comma, a few thousand at a time.

    Args:
        descriptions: the resources.
        short: vocabulary terms as written (``{}``: every IRI in full).
        context: a ``@context`` of each node's own.
    """
    written = _Written(short)
    quote, prefixed, type_key = quoted, _PREFIXED, written[_TYPE]
    nodes: list[str] = []
    add = nodes.append
    # One loop, no calls per statement: this is the hot path of exporting a large theory.
    for number, (subject, said) in enumerate(descriptions, start=1):
        types: list[str] = []
        lines: list[str] = []
        maybe_misread = subject.startswith(prefixed)
        for predicate, value, datatype in said:
            key = written[predicate]
            if datatype is None:
                shown = short.get(value)
                if shown is None:
                    shown = quote(value)
                    maybe_misread = maybe_misread or value.startswith(prefixed)
                if key is type_key:
                    types.append(shown)
                else:
                    lines.append(f'{key}: {{"@id": {shown}}}')
            elif datatype == STRING:
                lines.append(f"{key}: {quote(value)}")
            elif datatype == _INTEGER and _CANONICAL_INTEGER.fullmatch(value):
                lines.append(f"{key}: {value}")
            else:
                lines.append(f'{key}: {{"@value": {quote(value)}, "@type": {written[datatype]}}}')
        if short and (maybe_misread or written.misread) and _misread(subject, said, written):
            # An IRI that would be read as a compact one: this node abbreviates nothing.
            add("".join(_nodes([(subject, said)], {}, _UNBOUND)))
            continue
        if len(said) > 1 and len(set(map(_predicate, said))) < len(said):
            lines = _grouped([key for key in map(written.__getitem__, map(_predicate, said))
                              if key is not type_key], lines)
        node = f'{_NODE}"@id": {quote(subject)}' if context is None else (
            f'{_NODE}"@context": {context}{_PROPERTY}"@id": {quote(subject)}')
        if types:
            node += (f'{_PROPERTY}"@type": {types[0]}' if len(types) == 1
                     else f'{_PROPERTY}"@type": [{", ".join(types)}]')
        add(f"{node}{_PROPERTY}{_PROPERTY.join(lines)}{_END}" if lines else node + _END)
        if number % CHUNK == 0:
            yield "".join(nodes)
            nodes.clear()
    yield "".join(nodes)


def _grouped(keys: list[str], lines: list[str]) -> list[str]:
    """``"key": value`` lines made one line per key, holding a list of its values."""
    values: dict[str, list[str]] = {}
    for key, line in zip(keys, lines, strict=True):
        values.setdefault(key, []).append(line[len(key) + 2:])
    return [f"{key}: {shown[0]}" if len(shown) == 1
            else f"{key}: [\n        {_MEMBER.join(shown)}\n      ]"
            for key, shown in values.items()]


def _misread(subject: str, said: list[Statement], written: _Written) -> bool:
    """Whether an IRI of the resource, written in full, would be read as a compact IRI."""
    return (_read_as_prefixed(subject)
            or any(predicate in written.misread or datatype in written.misread
                   or (datatype is None and value not in _SHORT and _read_as_prefixed(value))
                   for predicate, value, datatype in said))
