"""Writing a theory as RDF: Turtle, N-Triples or JSON-LD, in the ``cmo:`` vocabulary.

What the RDF says is decided once, in :mod:`cmo.rdf.statements`. Each format is written
straight from it (:mod:`~cmo.rdf.turtle`, :mod:`~cmo.rdf.ntriples`, :mod:`~cmo.rdf.jsonld`)
and streamed to the file, so a theory of any size is written without an RDF graph in
memory; :func:`to_graph` gives an rdflib graph to anyone who wants one. See
``docs/vocabulary.md``.

Example:
    >>> from rdflib import URIRef
    >>> from cmo.models import Collection, Configuration
    >>> from cmo.rdf.vocabulary import CMO, RDF
    >>> collection = Collection(configurations=[Configuration(
    ...     id="hope", contexts=[{"label": "Trust"}], outcomes=[{"label": "Hope"}])])
    >>> graph = to_graph(collection, base="https://example.org/study/")
    >>> hope = URIRef("https://example.org/study/configuration/hope")
    >>> (hope, RDF.type, CMO.Configuration) in graph
    True
    >>> sorted(str(o) for o in graph.objects(hope, CMO.hasContext))
    ['https://example.org/study/element/c-trust']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any, Final

from rdflib import Graph, Literal, URIRef

from .._helpers import write_atomically
from .._helpers.collector import paused_collector
from ..models import Collection
from ..progress import current
from ..sharing.privacy import withhold_quotes
from ..theory.graph import ProgrammeTheory, collection_of
from . import jsonld, ntriples, turtle
from .index import STRING
from .mapping import PREFIXES, Iris
from .statements import Description, descriptions
from .syntax import RDF_FORMATS

__all__ = ["to_graph", "write_rdf"]

#: Each format's text, made straight from the descriptions, without a graph.
_CHUNKS: Final[dict[str, Callable[[Iterable[Description]], Iterator[str]]]] = {
    "turtle": turtle.chunks, "nt": ntriples.chunks, "json-ld": jsonld.chunks}


def _collection(theory: ProgrammeTheory | Collection, quotes: bool) -> Collection:
    collection = collection_of(theory)
    return collection if quotes else withhold_quotes(collection)


def to_graph(theory: ProgrammeTheory | Collection, *, base: str | None = None,
             quotes: bool = True) -> Graph:
    """The theory as an rdflib graph, with the ``cmo``, ``oa``, ``prov``... prefixes bound.

    Args:
        theory: a programme theory or a collection.
        base: where instance IRIs are minted; the default ``urn:cmo:<theory id>:`` is not
            resolvable, so give an ``https://`` base of your own to publish the data.
        quotes: False leaves the text of every excerpt out (see :mod:`cmo.sharing.privacy`).

    Returns:
        A new graph.

    Example:
        >>> from cmo.models import Collection
        >>> len(to_graph(Collection(title="IPT", version="v2")))
        3
    """
    collection = _collection(theory, quotes)
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    iris = Iris.of(collection, base)
    for prefix in ("configuration", "element", "source", "excerpt"):
        graph.bind(prefix, getattr(iris, prefix)(""))
    nodes: dict[str, URIRef] = {}  # most IRIs recur: each is made into a term once

    def node(iri: str) -> URIRef:
        term = nodes.get(iri)
        if term is None:
            term = nodes[iri] = URIRef(iri)
        return term

    def term(value: str, datatype: str | None) -> Any:
        if datatype is None:
            return node(value)
        return Literal(value) if datatype == STRING else Literal(value, datatype=node(datatype))

    graph.addN((node(subject), node(predicate), term(value, datatype), graph)
               for subject, said in descriptions(collection, base=base)
               for predicate, value, datatype in said)
    return graph


def write_rdf(theory: ProgrammeTheory | Collection, path: str | Path, *, rdf_format: str,
              quotes: bool = True, base: str | None = None) -> Path:
    """Write a theory as RDF, atomically.

    Every format is streamed: memory stays that of the theory itself, and time grows
    with the number of triples alone.

    Args:
        theory: a programme theory or a collection.
        path: the file to write.
        rdf_format: ``"turtle"``, ``"json-ld"`` or ``"nt"`` (N-Triples).
        quotes: False leaves the text of every excerpt out (see :mod:`cmo.sharing.privacy`).
        base: where instance IRIs are minted (see :func:`to_graph`).

    Returns:
        The path written.

    Raises:
        ValueError: an unknown ``rdf_format`` or an unusable ``base``.

    Example:
        >>> import tempfile, pathlib
        >>> from cmo.models import Collection
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "theory.ttl"
        >>> write_rdf(Collection(title="IPT"), path, rdf_format="turtle").read_text()
        '@prefix bibo: <http://purl.org/ontology/bibo/> ...'
    """
    if rdf_format not in RDF_FORMATS:
        raise ValueError(f"unknown rdf_format: {rdf_format!r} (must be one of {sorted(RDF_FORMATS)})")
    collection = _collection(theory, quotes)
    Iris.of(collection, base)  # an unusable base fails before anything is written
    chunks = _CHUNKS[rdf_format]

    def write(stream: IO[bytes]) -> None:
        with paused_collector():
            row = current()
            if row.shown:
                row.expect(_resources_in(collection))
            described = row.track(descriptions(collection, base=base), every=1_000)
            for chunk in chunks(described):
                stream.write(chunk.encode("utf-8"))

    return write_atomically(path, write)


def _resources_in(collection: Collection) -> int:
    """About how many resources :func:`descriptions` yields (for progress, not counting)."""
    return (1 + len(collection.theories) + 2 * len(collection.sources)
            + 3 * len(collection.excerpts) + len(collection.elements)
            + len(collection.configurations) + len(collection.codebook.codes)
            + len(collection.codebook.sets)
            + sum(len(configuration.evidence) for configuration in collection.configurations))

