"""RDF: exporting Turtle, N-Triples and JSON-LD, and reading Turtle back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

import pyoxigraph
from workload import Workload

from cmo.rdf import read_rdf, write_rdf

from .common import AfterOurs, Stage, Work


def _rdf_export(option: str, rdf_format: pyoxigraph.RdfFormat, suffix: str
                ) -> Callable[[Workload], tuple[Work, Work]]:
    """Ours writes the theory's RDF file itself (the import reads it); the floor serialises
    the triples of the N-Triples file, parsed once for the three exports."""
    def prepare(w: Workload) -> tuple[Work, Work]:
        ours, floor = w.path(f"theory{suffix}"), w.path(f"floor{suffix}")

        def same_triples() -> Work:
            triples = w.kept("triples", lambda: list(pyoxigraph.parse(
                path=str(w.file("theory.nt")), format=pyoxigraph.RdfFormat.N_TRIPLES)))
            return lambda: pyoxigraph.serialize(triples, output=str(floor), format=rdf_format)

        return (lambda: write_rdf(w.collection, ours, rdf_format=option),
                AfterOurs(same_triples))

    return prepare


def _rdf_import_turtle(w: Workload) -> tuple[Work, Work]:
    path = w.file("theory.ttl")
    return (lambda: read_rdf(path, rdf_format="turtle"),
            lambda: list(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)))


STAGES: Final[tuple[Stage, ...]] = (
    Stage("rdf-export-ntriples", "pyoxigraph.serialize of the same triples, held in memory",
          _rdf_export("nt", pyoxigraph.RdfFormat.N_TRIPLES, ".nt"), frozenset({"triples"})),
    Stage("rdf-export-turtle", "pyoxigraph.serialize of the same triples, held in memory",
          _rdf_export("turtle", pyoxigraph.RdfFormat.TURTLE, ".ttl"), frozenset({"triples"})),
    Stage("rdf-export-jsonld", "pyoxigraph.serialize of the same triples, held in memory "
          "(expanded JSON-LD, one line)",
          _rdf_export("json-ld", pyoxigraph.RdfFormat.JSON_LD, ".jsonld"), frozenset({"triples"})),
    Stage("rdf-import-turtle", "list(pyoxigraph.parse(path))", _rdf_import_turtle),
)
