"""Reading values out of indexed triples while collecting, not raising, every problem.

Example:
    >>> from cmo.rdf.index import LABEL, Lit, TripleIndex
    >>> from cmo.rdf.mapping import ELEMENT_FIELDS
    >>> index = TripleIndex()
    >>> index.add("urn:x:trust", LABEL, Lit("Trust"))
    >>> collector = Collector(index)
    >>> collector.values(index.properties("urn:x:trust"), ELEMENT_FIELDS, "context 'trust'")
    {'label': 'Trust'}
    >>> collector.identifier("urn:x:trust", index.properties("urn:x:trust"), "context")
    >>> print(*collector.problems)
    context <urn:x:trust>: has no dcterms:identifier (add one, e.g. ...)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

from pydantic import BaseModel, ValidationError

from ..exceptions import InputError, Problem
from .index import Lit, Term, TripleIndex
from .mapping import PREFIXES, Field
from .vocabulary import DCTERMS

__all__ = ["Collector", "Properties", "n3", "place", "sorted_nodes"]

#: The values of each predicate of one resource.
Properties = dict[str, list[Term]]

_IDENTIFIER: Final = str(DCTERMS.identifier)
_BY_LENGTH: Final = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))


def n3(term: Term | Any) -> str:
    """A term as messages show it: ``cmo:stance``, ``<https://example.org/x>``, ``"text"``."""
    if isinstance(term, Lit):
        return repr(term.value)
    text = str(term)
    if text.startswith("_:"):
        return text
    for prefix, namespace in _BY_LENGTH:
        if text.startswith(namespace) and text[len(namespace):].replace("_", "a").isalnum():
            return f"{prefix}:{text[len(namespace):]}"
    return f"<{text}>"


def place(what: str, node: Term, identifier: str | None = None) -> str:
    """Where a problem is: ``configuration 'hope'``, else ``configuration <iri>``."""
    if identifier is not None:
        return f"{what} {identifier!r}"
    if isinstance(node, str) and node.startswith("_:"):
        return f"{what} (a blank node)"
    return f"{what} <{node}>"


def sorted_nodes(nodes: Iterable[Term]) -> list[Term]:
    """Distinct nodes in a stable order, so problems are reported in a stable order."""
    return sorted(set(nodes), key=str)


class Collector:
    """Reads properties, literals and models from ``index``, keeping ``problems``."""

    def __init__(self, index: TripleIndex) -> None:
        self.index = index
        self.problems: list[Problem] = []

    def properties(self, node: Term) -> Properties:
        """Every predicate of ``node`` and its values."""
        return self.index.properties(node)

    def problem(self, where: str, message: str, fix: str | None = None) -> None:
        """Keep a problem found at ``where``."""
        self.problems.append(Problem(where, message, fix))

    def identifier(self, node: Term, found: Properties, what: str,
                   required: bool = True) -> str | None:
        """The ``dcterms:identifier`` of ``node`` (a problem if several, or none when required)."""
        values = found.get(_IDENTIFIER, [])
        if len(values) > 1:
            self.problem(place(what, node), f"has {len(values)} dcterms:identifier values",
                         "give it exactly one")
            return None
        if not values:
            if required:
                blank = isinstance(node, str) and node.startswith("_:")
                self.problem(place(what, node), "has no dcterms:identifier",
                             "add one" if blank else
                             f'add one, e.g. {n3(node)} dcterms:identifier "my-{what}-1"')
            return None
        value = values[0]
        return value.value if isinstance(value, Lit) else value

    def values(self, found: Properties, fields: Iterable[Field], where: str) -> dict[str, Any]:
        """The model values of ``fields`` that ``found`` holds, by field name."""
        data: dict[str, Any] = {}
        for field in fields:
            nodes = found.get(field.iri)
            if not nodes:
                continue
            if len(nodes) > 1 and not field.many:
                self.problem(where, f"has {len(nodes)} values for {n3(field.iri)}",
                             "give it at most one")
                continue
            try:
                if len(nodes) == 1:
                    value = field.from_rdf(nodes[0])
                    data[field.name] = (value,) if field.many else value
                else:
                    data[field.name] = tuple(sorted(field.from_rdf(node) for node in nodes))
            except ValueError as error:
                self.problem(where, f"{n3(field.iri)} {error}")
        return data

    def build(self, model: type[BaseModel], where: str, data: dict[str, Any],
              raise_now: bool = False) -> Any:
        """``model(**data)``, or None with its validation errors kept as problems."""
        try:
            return model(**data)
        except ValidationError as error:
            for detail in error.errors(include_input=False, include_url=False):
                field = ".".join(str(part) for part in detail["loc"])
                message = detail["msg"].removeprefix("Value error, ")
                self.problem(f"{where}, field {field!r}" if field else where, message)
        if raise_now:
            raise InputError(self.problems)
        return None
