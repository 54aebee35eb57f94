"""Programme theories in a triple store: each version of a theory is one named graph.

A version's named graph is the IRI of its ``cmo:ProgrammeTheory`` resource,
``<base>theory/<version>`` (``urn:cmo:<theory id>:theory/<version>`` by default; see
``docs/vocabulary.md``), so a store holds any number of theories and versions side by
side and SPARQL can query across all of them.

Example:
    >>> import tempfile
    >>> from cmo.models import Collection, Configuration
    >>> from cmo.store import open_store
    >>> ipt = Collection(id="sp", version="IPT", configurations=[Configuration(
    ...     id="hope", contexts=[{"label": "Trust"}], outcomes=[{"label": "Hope"}])])
    >>> with open_store(tempfile.mkdtemp()) as store:
    ...     push(store, ipt)
    ...     print([(v.theory, v.version, v.configurations) for v in catalogue(store)])
    ...     pull(store, "sp") == ipt
    'urn:cmo:sp:theory/IPT'
    [('sp', 'IPT', 1)]
    True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from ..exceptions import InputError, Problem, StoreError
from ..models import Collection
from ..progress import tracking
from ..rdf import from_graph, parse_rdf, to_graph
from ..rdf.mapping import Iris
from ..sharing.privacy import withhold_quotes
from .base import GraphStore, check_absent

__all__ = ["StoredVersion", "catalogue", "pull", "push", "push_all"]

_CATALOGUE: Final = """
PREFIX cmo: <https://w3id.org/cmo#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?graph ?theory ?version ?revises ?title ?date
       (COUNT(DISTINCT ?configuration) AS ?configurations)
WHERE {
  GRAPH ?graph {
    ?node a cmo:ProgrammeTheory .
    OPTIONAL { ?node dcterms:identifier ?theory }
    OPTIONAL { ?node owl:versionInfo ?version }
    OPTIONAL { ?node prov:wasRevisionOf/owl:versionInfo ?revises }
    OPTIONAL { ?node dcterms:title ?title }
    OPTIONAL { ?node dcterms:date ?date }
    OPTIONAL { ?node cmo:hasConfiguration ?configuration }
  }
}
GROUP BY ?graph ?theory ?version ?revises ?title ?date
ORDER BY ?theory ?date ?version ?graph
"""


@dataclass(frozen=True, slots=True)
class StoredVersion:
    """One version of a theory that a store holds (one named graph)."""

    graph: str
    theory: str | None
    version: str | None
    revises: str | None
    title: str | None
    date: str | None
    configurations: int


def push(store: GraphStore, collection: Collection, *, replace: bool = False,
         quotes: bool = True, base: str | None = None) -> str:
    """Put one version of a theory into its own named graph, all or nothing.

    Args:
        store: where to put it.
        collection: the version; it needs an ``id`` (the theory's, shared by its versions).
        replace: overwrite the version if the store holds it already.
        quotes: False leaves the text of every excerpt out (see :mod:`cmo.sharing.privacy`).
        base: where IRIs are minted (default ``urn:cmo:<theory id>:``).

    Returns:
        The IRI of the named graph.

    Raises:
        InputError: the theory has no id.
        StoreError: the store holds that version already (and ``replace`` is False), or
            refuses or cannot be reached.
    """
    return push_all(store, [collection], replace=replace, quotes=quotes, base=base)[0]


def push_all(store: GraphStore, collections: Sequence[Collection], *, replace: bool = False,
             quotes: bool = True, base: str | None = None,
             names: Sequence[str] = ()) -> list[str]:
    """Put several versions, each in its own graph; every check is made before any write.

    On a folder store the versions are written in one transaction: a failure (a full disk,
    a crash) leaves none of them. A server takes them one at a time (see
    :meth:`~cmo.store.base.GraphStore.put_graphs`).

    ``names`` say what to call each collection in errors (its file). Returns the graph IRIs.
    """
    labels = list(names) or [f"theory {n}" for n in range(1, len(collections) + 1)]
    graphs = [_graph_of(collection, base, label)
              for collection, label in zip(collections, labels, strict=True)]
    repeated = sorted({graph for graph in graphs if graphs.count(graph) > 1})
    if repeated:
        raise InputError([Problem("", f"two inputs are the same version ({repeated[0]})",
                                  "give each version its own 'version' label")])
    if not replace:
        check_absent(store, graphs)
    size = sum(len(collection.configurations) for collection in collections)
    data: dict[str, bytes] = {}
    with tracking(f"pushing to {store.location}", total=len(collections), size=size) as row:
        for collection, graph in zip(collections, graphs, strict=True):
            shared = collection if quotes else withhold_quotes(collection)
            data[graph] = to_graph(shared, base=base).serialize(format="nt", encoding="utf-8")
            row.advance()
        store.put_graphs(data, replace=replace)
    return graphs


def catalogue(store: GraphStore) -> list[StoredVersion]:
    """The theories and versions a store holds, one row per named graph."""
    return [StoredVersion(graph=row["graph"] or "", theory=row["theory"], version=row["version"],
                          revises=row["revises"], title=row["title"], date=row["date"],
                          configurations=int(row["configurations"] or 0))
            for row in store.select(_CATALOGUE)]


def pull(store: GraphStore, theory: str, *, version: str | None = None) -> Collection:
    """Read one version of a theory back from a store.

    Args:
        store: where it is.
        theory: the theory's id.
        version: its version label; by default the latest, the version that no other
            version in the store revises.

    Raises:
        StoreError: the store holds no such theory or version, or several latest versions.
    """
    held = catalogue(store)
    versions = [v for v in held if v.theory == theory]
    if not versions:
        known = ", ".join(sorted({v.theory for v in held if v.theory})) or "none"
        raise StoreError(f"{store.location}: holds no theory {theory!r} (theories: {known})")
    labels = ", ".join(repr(v.version) for v in versions)
    if version is not None:
        chosen = [v for v in versions if v.version == version]
        if not chosen:
            raise StoreError(f"{store.location}: theory {theory!r} has no version {version!r} "
                             f"(versions: {labels})")
    else:
        revised = {v.revises for v in versions if v.revises is not None}
        chosen = [v for v in versions if v.version not in revised]
        if len(chosen) != 1:
            raise StoreError(f"{store.location}: theory {theory!r} has no single latest "
                             f"version (versions: {labels}); name one with --version")
    graph = chosen[0].graph
    text = store.get_graph(graph).decode("utf-8")
    try:
        return from_graph(parse_rdf(text, rdf_format="nt", source=graph))
    except InputError as error:
        raise error.with_source(f"{store.location} <{graph}>") from None


def _graph_of(collection: Collection, base: str | None, name: str) -> str:
    if collection.id is None:
        raise InputError([Problem("", "the theory has no id, which names it in a store",
                                  "add 'id: my-study' at the top of the file; every version "
                                  "of a theory shares it")], source=name)
    return str(Iris.of(collection, base).theory())
