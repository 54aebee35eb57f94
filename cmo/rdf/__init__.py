"""Linked data: a theory as RDF (Turtle, JSON-LD, N-Triples) in the ``cmo:`` vocabulary.

Configurations, elements and sources are typed resources; evidence links are Web
Annotations (``oa:hasBody`` the configuration, ``oa:hasTarget`` the excerpt); sources
are PROV entities described with Dublin Core and schema.org; their appraisal is a
``cmo:Judgement`` per dimension, on the project's ranked scales; a configuration's
retroduction log is a chain of PROV activities (:mod:`~cmo.rdf.appraisal`,
:mod:`~cmo.rdf.retroduction`). ``docs/vocabulary.md`` documents every term;
:func:`ontology` gives the OWL ontology.

Example:
    >>> import tempfile, pathlib
    >>> from cmo.models import Collection, Configuration
    >>> collection = Collection(title="IPT", configurations=[Configuration(
    ...     id="hope", contexts=[{"label": "Trust"}], mechanism={"reasoning": "Hope"})])
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "theory.ttl"
    >>> read_rdf(write_rdf(collection, path, rdf_format="turtle"), rdf_format="turtle") == collection
    True
"""

from __future__ import annotations

from .mapping import DEFAULT_BASE, Iris
from .reader import from_graph, read_rdf
from .statements import descriptions
from .syntax import RDF_FORMATS, parse_rdf
from .vocabulary import CMO, NAMESPACE, OA, ONTOLOGY_PATH, SCHEMA, ontology, terms
from .writer import to_graph, write_rdf

__all__ = [
    "CMO",
    "DEFAULT_BASE",
    "NAMESPACE",
    "OA",
    "ONTOLOGY_PATH",
    "RDF_FORMATS",
    "SCHEMA",
    "Iris",
    "descriptions",
    "from_graph",
    "ontology",
    "parse_rdf",
    "read_rdf",
    "terms",
    "to_graph",
    "write_rdf",
]
