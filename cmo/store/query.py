"""Running any SPARQL query on a store, by its form: SELECT, ASK, CONSTRUCT or DESCRIBE.

Example:
    >>> query_form("PREFIX cmo: <https://w3id.org/cmo#>  # the vocabulary\\nASK { ?s ?p ?o }")
    'ask'
"""

from __future__ import annotations

import re
from typing import Final

from ..exceptions import InputError, Problem
from .base import GraphStore, SelectResult

__all__ = ["query_form", "run_query"]

_PROLOGUE: Final = re.compile(
    r"\s*(?:#[^\n]*\n|PREFIX\s+[^:\s]*:\s*<[^>]*>|BASE\s*<[^>]*>)", re.IGNORECASE)
_FORMS: Final = ("select", "ask", "construct", "describe")


def query_form(query: str) -> str:
    """``select``, ``ask``, ``construct`` or ``describe``: the form of a SPARQL query.

    Raises:
        InputError: the text does not start (after its prefixes) with one of them.
    """
    position = 0
    while match := _PROLOGUE.match(query, position):
        if match.end() == position:
            break
        position = match.end()
    keyword = re.match(r"\s*([A-Za-z]+)", query[position:])
    word = keyword.group(1).lower() if keyword else ""
    if word not in _FORMS:
        raise InputError([Problem("", "is not a SPARQL query this command can run",
                                  "start it (after any PREFIX lines) with SELECT, ASK, "
                                  "CONSTRUCT or DESCRIBE")], source="the query")
    return word


def run_query(store: GraphStore, query: str) -> SelectResult | bool | bytes:
    """Rows for SELECT, True or False for ASK, N-Triples for CONSTRUCT and DESCRIBE."""
    form = query_form(query)
    if form == "select":
        return store.select(query)
    if form == "ask":
        return store.ask(query)
    return store.construct(query)
