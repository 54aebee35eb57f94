"""N-Triples, written straight from a theory's descriptions: one line per triple.

Example:
    >>> said = [("http://www.w3.org/2000/01/rdf-schema#label", 'Said "hope"\\n', STRING)]
    >>> print("".join(chunks([("urn:x:hope", said)])), end="")
    <urn:x:hope> <http://www.w3.org/2000/01/rdf-schema#label> "Said \\"hope\\"\\n" .
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from json.encoder import encode_basestring
from typing import Final

from .index import STRING
from .statements import Description

__all__ = ["CHUNK", "STRING", "chunks", "quoted"]

#: A string as an N-Triples (and Turtle) string literal, quotes included: ``"`` and ``\``
#: escaped, control characters as ``\n``, ``\t``... or ``\u00XX`` (escapes both grammars
#: share). JSON's string escaping is exactly that, and runs in C: a tenth of the cost of
#: ``str.translate`` on a large theory.
quoted: Final[Callable[[str], str]] = encode_basestring
#: How many descriptions go into one chunk of text written at a time.
CHUNK: Final = 2000


def chunks(descriptions: Iterable[Description]) -> Iterator[str]:
    """The N-Triples text of ``descriptions``, a few thousand resources at a time."""
    lines: list[str] = []
    add, quote = lines.append, quoted
    for number, (subject, said) in enumerate(descriptions, start=1):
        head = f"<{subject}> <"
        for predicate, value, datatype in said:
            if datatype is None:
                add(f"{head}{predicate}> <{value}> .\n")
            elif datatype == STRING:
                add(f"{head}{predicate}> {quote(value)} .\n")
            else:
                add(f"{head}{predicate}> {quote(value)}^^<{datatype}> .\n")
        if number % CHUNK == 0:
            yield "".join(lines)
            lines.clear()
    yield "".join(lines)
