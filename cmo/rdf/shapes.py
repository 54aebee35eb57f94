"""Checking RDF against the SHACL shapes of a valid programme theory (with pyshacl).

The shapes ship beside the ontology (``cmo/rdf/ontology/shapes.ttl``). A violation is
reported as one readable line naming the resource (by its ``dcterms:identifier`` where it
has one), the property and what to write instead; values are never quoted, since they
may be confidential evidence.

Example:
    >>> from cmo.models import Collection, Configuration
    >>> from cmo.rdf.writer import to_graph
    >>> hope = Configuration(id="hope", contexts=[{"label": "Trust"}], outcomes=[{"label": "Hope"}])
    >>> check_graph(to_graph(Collection(configurations=[hope])))
    []
    >>> graph = to_graph(Collection(configurations=[hope]))
    >>> _ = graph.remove((None, CMO.hasOutcome, None))
    >>> for violation in check_graph(graph):
    ...     print(violation)
    configuration 'hope': needs at least two of cmo:hasContext, cmo:hasMechanism and cmo:hasOutcome
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from ..exceptions import InputError, Problem
from ..files import read_text
from .collecting import n3, place
from .syntax import parse_rdf
from .vocabulary import CMO, DCTERMS, OA, PROV, RDF, SKOS

__all__ = ["SHAPES_PATH", "Violation", "check_graph", "check_rdf", "shapes"]

#: The SHACL shapes (Turtle) of a valid programme theory.
SHAPES_PATH: Final = Path(__file__).parent / "ontology" / "shapes.ttl"

#: What each kind of resource is called in a message, by its type.
_KINDS: Final = (
    (CMO.ProgrammeTheory, "programme theory"), (CMO.Configuration, "configuration"),
    (CMO.Context, "context"), (CMO.Mechanism, "mechanism"), (CMO.Outcome, "outcome"),
    (CMO.Intervention, "intervention"), (CMO.Actor, "actor"), (OA.Annotation, "evidence"),
    (OA.SpecificResource, "excerpt"), (OA.TextQuoteSelector, "quote selector"),
    (OA.TextPositionSelector, "position selector"), (CMO.Participant, "participant"),
    (CMO.MiddleRangeTheory, "middle-range theory"), (PROV.Derivation, "derivation"),
    (PROV.Revision, "derivation"), (PROV.Entity, "source"), (SKOS.Concept, "code"),
    (SKOS.Collection, "code set"),
)


@dataclass(frozen=True, slots=True)
class Violation:
    """One way a graph breaks a shape: where, which property, and what to do.

    Args:
        focus: the resource, as a message names it (``configuration 'hope'``).
        path: the property (``cmo:stance``), or empty for the resource as a whole.
        message: what is wrong and what to write instead.
        severity: ``Violation``, ``Warning`` or ``Info``.
    """

    focus: str
    path: str
    message: str
    severity: str = "Violation"

    def __str__(self) -> str:
        return f"{self.focus}: {self.message}"


_SHAPES: dict[str, Graph] = {}


def shapes() -> Graph:
    """The shapes graph (parsed once per process)."""
    if "shapes" not in _SHAPES:
        _SHAPES["shapes"] = Graph().parse(SHAPES_PATH, format="turtle")
    return _SHAPES["shapes"]


def check_graph(graph: Graph) -> list[Violation]:
    """Every violation of the shapes in ``graph``, sorted; empty when it conforms."""
    from pyshacl import validate  # imported here: it loads slowly and only validate needs it

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # pyshacl's own, not ours
        _, results, _ = validate(graph, shacl_graph=shapes(), inference="none",
                                 allow_warnings=True)
    found = set()
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage)
        severity = results.value(result, SH.resultSeverity)
        found.add(Violation(
            focus=_name(graph, focus),
            path=n3(path) if isinstance(path, URIRef) else "",
            message=str(message) if message is not None else "breaks a shape",
            severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation"))
    return sorted(found, key=lambda v: (v.focus, v.path, v.message))


def check_rdf(path: str | Path, *, rdf_format: str) -> list[Violation]:
    """Parse an RDF file and check it against the shapes.

    Raises:
        InputError: the file cannot be read or parsed (with its line).
    """
    return check_graph(parse_rdf(read_text(path), rdf_format=rdf_format, source=path))


def raise_for(violations: list[Violation], *, source: str | Path | None = None) -> None:
    """Raise one :class:`~cmo.exceptions.InputError` listing the violations, if any."""
    if violations:
        raise InputError([Problem(v.focus, v.message) for v in violations], source=source)


def _name(graph: Graph, node: Node | None) -> str:
    """A resource as messages name it: its kind and id, else its IRI."""
    if node is None:
        return "the graph"
    if isinstance(node, Literal):
        return "a value"
    kinds = set(graph.objects(node, RDF.type))
    what = next((name for kind, name in _KINDS if kind in kinds), "resource")
    identifier = graph.value(node, DCTERMS.identifier)
    return place(what, node, str(identifier) if isinstance(identifier, Literal) else None)
