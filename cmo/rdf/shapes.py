"""Checking RDF against the SHACL shapes of a valid programme theory (with pyshacl).

The shapes ship beside the ontology (``cmo/rdf/ontology/shapes.ttl``). A violation is
reported as one readable line naming the resource (by its ``dcterms:identifier`` where it
has one), the property and what to write instead; values are never quoted, since they
may be confidential evidence.

A literal whose text its datatype cannot read (``"abc"^^xsd:date``, ``"x"^^xsd:integer``)
is a violation too, named the same way (rdflib's logged traceback for it is not printed:
see :func:`.syntax.quiet_literals`).

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

from .._helpers import read_text
from ..exceptions import InputError, Problem
from .collecting import n3, place
from .syntax import parse_rdf, quiet_literals
from .vocabulary import CMO, DCTERMS, OA, PROV, RDF, SKOS

__all__ = ["SHAPES_PATH", "Violation", "check_file", "check_graph", "check_rdf", "ill_typed",
           "shapes"]

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
    (SKOS.Collection, "code set"), (CMO.Judgement, "judgement"),
    (CMO.AppraisalScale, "appraisal scale"), (CMO.AppraisalLevel, "appraisal level"),
    (CMO.InferenceStep, "inference step"), (CMO.AlternativeMechanism, "alternative mechanism"),
    (PROV.Agent, "team member"),
)


_WHOLE_NUMBER: Final = 'a whole number such as "3"^^xsd:integer'
#: How to write a value of each datatype, for messages.
_EXAMPLES: Final = {URIRef(f"http://www.w3.org/2001/XMLSchema#{name}"): example for name, example in {
    "date": 'a date such as "2024-05-31"^^xsd:date',
    "dateTime": 'a date and time such as "2024-05-31T09:30:00"^^xsd:dateTime',
    "integer": _WHOLE_NUMBER, "int": _WHOLE_NUMBER, "long": _WHOLE_NUMBER,
    "nonNegativeInteger": 'a whole number from 0, such as "3"^^xsd:nonNegativeInteger',
    "positiveInteger": 'a whole number from 1, such as "3"^^xsd:positiveInteger',
    "decimal": 'a number such as "0.5"^^xsd:decimal',
    "double": 'a number such as "0.5"^^xsd:double',
    "boolean": '"true" or "false"',
}.items()}


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


def ill_typed(graph: Graph) -> list[Violation]:
    """A violation for each literal whose text its datatype cannot read, sorted.

    Example:
        >>> from rdflib.namespace import XSD
        >>> graph = Graph()
        >>> with quiet_literals():
        ...     _ = graph.add((URIRef("urn:x:s1"), DCTERMS.date, Literal("abc", datatype=XSD.date)))
        >>> for violation in ill_typed(graph):
        ...     print(violation)
        resource <urn:x:s1>: dcterms:date is not a valid xsd:date: write a date such as "2024-05-31"^^xsd:date
    """
    found = set()
    for subject, predicate, value in graph:
        if isinstance(value, Literal) and value.ill_typed and value.datatype is not None:
            datatype = n3(value.datatype)
            example = _EXAMPLES.get(value.datatype, f"a valid {datatype}")
            found.add(Violation(focus=_name(graph, subject), path=n3(predicate),
                                message=f"{n3(predicate)} is not a valid {datatype}: "
                                f"write {example}"))
    return sorted(found, key=lambda v: (v.focus, v.path, v.message))


def check_graph(graph: Graph) -> list[Violation]:
    """Every violation of the shapes in ``graph``, and every ill-typed literal, sorted;
    empty when it conforms."""
    from pyshacl import validate  # imported here: it loads slowly and only validate needs it

    with warnings.catch_warnings(), quiet_literals():
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
    literals = ill_typed(graph)
    # A shape broken only by an ill-typed literal is said once, by the clearer message.
    named = {(violation.focus, violation.path) for violation in literals}
    found = {violation for violation in found if (violation.focus, violation.path) not in named}
    return sorted([*found, *literals], key=lambda v: (v.focus, v.path, v.message))


def check_rdf(path: str | Path, *, rdf_format: str) -> list[Violation]:
    """Parse an RDF file and check it against the shapes.

    Raises:
        InputError: the file cannot be read or parsed (with its line).
    """
    with quiet_literals():
        return check_graph(parse_rdf(read_text(path), rdf_format=rdf_format, source=path))


def raise_for(violations: list[Violation], *, source: str | Path | None = None) -> None:
    """Raise one :class:`~cmo.exceptions.InputError` listing the violations, if any."""
    if violations:
        raise InputError([Problem(v.focus, v.message) for v in violations], source=source)


def check_file(path: str | Path, *, rdf_format: str) -> None:
    """Check an RDF file against the shapes (``cmo validate``, through :func:`cmo.io.check`).

    Raises:
        InputError: the file cannot be read or parsed, or every violation, one line each.
    """
    raise_for(check_rdf(path, rdf_format=rdf_format), source=path)


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
