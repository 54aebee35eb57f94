"""N-Triples, written straight from a theory's descriptions: one line per triple.

Example:
    >>> said = [("http://www.w3.org/2000/01/rdf-schema#label", 'Said "hope"\\n', STRING)]
    >>> print("".join(chunks([("urn:x:hope", said)])), end="")
    <urn:x:hope> <http://www.w3.org/2000/01/rdf-schema#label> "Said \\"hope\\"\\n" .
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Final

from .index import STRING
from .statements import Description

__all__ = ["CHUNK", "ESCAPES", "STRING", "chunks"]

#: N-Triples and Turtle strings may hold any character but these four unescaped.
ESCAPES: Final = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
#: How many descriptions go into one chunk of text written at a time.
CHUNK: Final = 2000


def chunks(descriptions: Iterable[Description]) -> Iterator[str]:
    """The N-Triples text of ``descriptions``, a few thousand resources at a time."""
    lines: list[str] = []
    escapes = ESCAPES
    for number, (subject, said) in enumerate(descriptions, start=1):
        head = f"<{subject}> <"
        for predicate, value, datatype in said:
            if datatype is None:
                lines.append(f"{head}{predicate}> <{value}> .\n")
            elif datatype == STRING:
                lines.append(f'{head}{predicate}> "{value.translate(escapes)}" .\n')
            else:
                lines.append(f'{head}{predicate}> "{value.translate(escapes)}"^^<{datatype}> .\n')
        if number % CHUNK == 0:
            yield "".join(lines)
            lines = []
    yield "".join(lines)
