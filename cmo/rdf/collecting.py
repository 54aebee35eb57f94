"""Reading values out of an RDF graph while collecting, not raising, every problem.

Example:
    >>> from rdflib import Graph, Literal, URIRef
    >>> from rdflib.namespace import RDFS
    >>> from cmo.rdf.mapping import ELEMENT_FIELDS
    >>> node = URIRef("urn:x:trust")
    >>> graph = Graph().add((node, RDFS.label, Literal("Trust")))
    >>> collector = Collector(graph)
    >>> collector.values(collector.properties(node), ELEMENT_FIELDS, "context 'trust'")
    {'label': 'Trust'}
    >>> collector.identifier(node, collector.properties(node), "context")
    >>> print(*collector.problems)
    context <urn:x:trust>: has no dcterms:identifier (add one, e.g. ...)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ValidationError
from rdflib import Graph
from rdflib.term import BNode, Node

from ..exceptions import InputError, Problem
from .mapping import PREFIXES_MANAGER, Field
from .vocabulary import DCTERMS

__all__ = ["Collector", "Properties", "n3", "place", "sorted_nodes"]

#: The values of each predicate of one resource.
Properties = dict[Node, list[Node]]


def n3(term: Node) -> str:
    """A term as messages show it: ``cmo:stance``, ``<https://example.org/x>``."""
    return term.n3(PREFIXES_MANAGER)


def place(what: str, node: Node, identifier: str | None = None) -> str:
    """Where a problem is: ``configuration 'hope'``, else ``configuration <iri>``."""
    if identifier is not None:
        return f"{what} {identifier!r}"
    return f"{what} (a blank node)" if isinstance(node, BNode) else f"{what} <{node}>"


def sorted_nodes(nodes: Iterable[Node]) -> list[Node]:
    """Distinct nodes in a stable order, so problems are reported in a stable order."""
    return sorted(set(nodes), key=str)


class Collector:
    """Reads properties, literals and models from ``graph``, keeping ``problems``."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.problems: list[Problem] = []

    def properties(self, node: Node) -> Properties:
        """Every predicate of ``node`` and its values."""
        found: Properties = defaultdict(list)
        for predicate, value in self.graph.predicate_objects(node):
            found[predicate].append(value)
        return found

    def problem(self, where: str, message: str, fix: str | None = None) -> None:
        """Keep a problem found at ``where``."""
        self.problems.append(Problem(where, message, fix))

    def identifier(self, node: Node, found: Properties, what: str,
                   required: bool = True) -> str | None:
        """The ``dcterms:identifier`` of ``node`` (a problem if several, or none when required)."""
        values = found.get(DCTERMS.identifier, [])
        if len(values) > 1:
            self.problem(place(what, node), f"has {len(values)} dcterms:identifier values",
                         "give it exactly one")
            return None
        if not values and required:
            self.problem(place(what, node), "has no dcterms:identifier",
                         f'add one, e.g. {n3(node)} dcterms:identifier "my-{what}-1"'
                         if not isinstance(node, BNode) else "add one")
        return str(values[0]) if values else None

    def values(self, found: Properties, fields: Iterable[Field], where: str) -> dict[str, Any]:
        """The model values of ``fields`` that ``found`` holds, by field name."""
        data: dict[str, Any] = {}
        for field in fields:
            nodes = found.get(field.predicate, [])
            if len(nodes) > 1 and not field.many:
                self.problem(where, f"has {len(nodes)} values for {n3(field.predicate)}",
                             "give it at most one")
                continue
            try:
                converted = sorted(field.from_rdf(node) for node in nodes)
            except ValueError as error:
                self.problem(where, f"{n3(field.predicate)} {error}")
                continue
            if converted:
                data[field.name] = tuple(converted) if field.many else converted[0]
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
