"""Finding a ``SERVICE`` clause in a SPARQL query, so a local store can refuse to federate.

pyoxigraph runs ``SERVICE <url> { ... }`` by sending the pattern, with the bindings found so
far, to ``<url>``, and it has no switch to turn that off. A folder store holds a team's data
on their own machine: a query that quietly sends part of it to another server must not run
there. :func:`find_service` finds the keyword as SPARQL's lexer does, so that a valid query
is never refused for a word that only looks like it.

rdflib's SPARQL parser would give a parse tree, but it refuses queries that pyoxigraph
runs (SPARQL 1.2 triple terms ``<<( ... )>>``, ``LATERAL``, directional language tags), so
the scan is lexical: it skips strings, IRIs, comments, variables and language tags, and
takes a word for the keyword only outside a prefixed name or blank node label
(``?service``, ``ex:service`` and ``PREFIX service: <...>`` are not the keyword).

Example:
    >>> find_service("SELECT * WHERE { SERVICE <https://example.org/sparql> { ?s ?p ?o } }")
    (1, 18)
    >>> find_service('SELECT ?service WHERE { ?service ex:service "SERVICE" } # SERVICE') is None
    True
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["find_service"]

_KEYWORD: Final = "service"
# The terminals that can hold the word without it being the keyword, as SPARQL defines them
# (long strings first, as '"""' also starts a short one). Escapes are taken loosely (any
# character after a backslash): a query with a wrong escape fails to parse and runs nothing.
_SKIPPED: Final = (
    r'"""(?:(?:"|"")?(?:[^"\\]|\\.))*"""'
    r"|'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r'|<(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>'  # an IRI, not "<"
    r"|\#[^\n\r]*"  # a comment
    r"|[?$][\w\u00B7\u0300-\u036F\u203F\u2040]*"  # a variable
    r"|@[A-Za-z]+(?:-[A-Za-z0-9]+)*(?:--[A-Za-z]+)?"  # a language tag
)
# A run of the characters of names: keywords, prefixed names, blank node labels, numbers.
_NAME_RUN: Final = r"(?:[\w\u00B7\u0300-\u036F\u203F\u2040.:%\-]|\\.)+"
_TOKEN: Final = re.compile(f"(?P<skipped>{_SKIPPED})|(?P<name>{_NAME_RUN})|.", re.DOTALL)
_WORD: Final = re.compile(r"\w+")


def find_service(query: str) -> tuple[int, int] | None:
    """Where the query uses the ``SERVICE`` keyword (line and column, from 1), or None.

    The keyword is found in any case (``service``, ``Service``) outside strings, IRIs,
    comments, variables, language tags, prefixed names and blank node labels. A run of name
    characters with no colon is split at its dots and dashes, as SPARQL's lexer splits
    ``1.SERVICE`` into a number, a dot and the keyword.

    Args:
        query: the SPARQL text.

    Returns:
        The line and column of the first ``SERVICE`` keyword, or None when there is none.

    Example:
        >>> find_service("PREFIX service: <https://example.org/>\\nASK { ?s service:p 1.Service?e {} }")
        (2, 22)
    """
    for token in _TOKEN.finditer(query):
        run = token.group("name")
        if not run or ":" in run:  # not a name, or a prefixed name or blank node label
            continue
        for word in _WORD.finditer(run):
            if word.group().lower() == _KEYWORD:
                offset = token.start() + word.start()
                line = query.count("\n", 0, offset) + 1
                return line, offset - (query.rfind("\n", 0, offset) + 1) + 1
    return None
