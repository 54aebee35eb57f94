"""An embedded graph store: a folder on disk, through pyoxigraph (Oxigraph's RocksDB store).

One process at a time may open a folder: Oxigraph locks it, and a second process gets a
:class:`~cmo.exceptions.StoreError` saying the folder is in use. A store opened ``readonly``
takes the lock too: Oxigraph's lock-free read-only mode is undefined while another process
writes (it can read half-compacted files), so ``readonly`` only refuses writes here.

Queries using ``SERVICE`` are refused: pyoxigraph would send them, and the data they have
matched, to another server (see :mod:`cmo.store.federation`).

Writing graphs first loads each into a staging graph (one transaction each), then swaps
them all into place with one SPARQL update (one transaction), so a reader or a crash never
sees half a graph, nor some of the graphs of one push. Staging graphs left by a crash are
hidden from queries and dropped when the store is next opened for writing. A write that
fails on the disk (full, a file-size limit, a folder that may not be written) is one
:class:`~cmo.exceptions.StoreError` naming the folder, what happened and the fix.

Checking and opening the folder is :mod:`cmo.store.folder`'s job; what pyoxigraph's and
RocksDB's errors mean for the user is :mod:`cmo.store.oxigraph_faults`'s.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from ..exceptions import StoreError
from .base import GraphStore, SelectResult, check_absent, check_graph_iri
from .federation import find_service
from .folder import load_pyoxigraph, open_folder
from .oxigraph_faults import reason, write_failure

if TYPE_CHECKING:
    import pyoxigraph

__all__ = ["EmbeddedStore"]

_STAGING_PREFIX: Final = "urn:x-cmo-store:staging:"


def _graph_names(graphs: Sequence[str]) -> str:
    """``the graph <a>`` or ``the graphs <a> and <b>``, for messages."""
    shown = [f"<{graph}>" for graph in graphs]
    if len(shown) == 1:
        return f"the graph {shown[0]}"
    return f"the graphs {', '.join(shown[:-1])} and {shown[-1]}"


class EmbeddedStore(GraphStore):
    """A graph store in a folder on disk.

    Args:
        path: the folder; created (with its parents) if missing, unless ``readonly``.
        readonly: refuse writes; the folder must already hold a store.

    Raises:
        StoreError: the path is a file, a folder holding other data, missing (read-only),
            in use by another process, or unreadable.

    Example:
        >>> import tempfile, shutil
        >>> folder = tempfile.mkdtemp()
        >>> with EmbeddedStore(folder) as store:
        ...     store.put_graph("https://example.org/g", b'<https://example.org/a> <https://example.org/p> "1" .\\n')
        ...     store.ask("ASK { GRAPH <https://example.org/g> { ?s ?p ?o } }")
        True
        >>> shutil.rmtree(folder)
    """

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        self.location = str(path)
        self.readonly = readonly
        self._ox = load_pyoxigraph()
        self._store: pyoxigraph.Store | None = open_folder(self.location, readonly=readonly)
        # The graphs queries may see, when a crash left staging graphs that must stay hidden.
        self._visible: list[pyoxigraph.NamedNode] | None = None
        if not readonly:
            self._drop_staging_graphs()
        elif self._staging_graphs():  # a reader leaves a crash's leftovers, unseen
            self._visible = [self._ox.NamedNode(graph) for graph in self.graphs()]

    def _fail(self, message: str) -> StoreError:
        return StoreError(f"{self.location}: {message}")

    def _write_error(self, error: BaseException, action: str) -> StoreError:
        """One message for a write that failed: the store, what happened, and the fix."""
        return self._fail(write_failure(error, action))

    @property
    def _open_store(self) -> pyoxigraph.Store:
        if self._store is None:
            raise self._fail("the store is closed (open it again to use it)")
        return self._store

    def _node(self, graph: str) -> pyoxigraph.NamedNode:
        return self._ox.NamedNode(check_graph_iri(self.location, graph))

    def _staging_graphs(self) -> list[pyoxigraph.NamedNode]:
        try:
            names = list(self._open_store.named_graphs())
        except OSError as error:
            raise self._fail(f"cannot list the graphs ({reason(error)})") from None
        return [name for name in names
                if isinstance(name, self._ox.NamedNode) and name.value.startswith(_STAGING_PREFIX)]

    def _drop_staging_graphs(self) -> None:
        try:
            for name in self._staging_graphs():
                self._open_store.remove_graph(name)
        except (OSError, RuntimeError) as error:
            raise self._write_error(error, "tidy the store") from None

    def graphs(self) -> list[str]:
        """The IRIs of the named graphs in the store, sorted.

        Returns:
            The IRIs.

        Raises:
            StoreError: the store is closed or cannot be read.
        """
        try:
            names = list(self._open_store.named_graphs())
        except OSError as error:
            raise self._fail(f"cannot list the graphs ({reason(error)})") from None
        return sorted(
            name.value
            for name in names
            if isinstance(name, self._ox.NamedNode) and not name.value.startswith(_STAGING_PREFIX)
        )

    def has_graph(self, graph: str) -> bool:
        """Whether the store holds the named graph ``graph`` (an empty graph counts).

        Args:
            graph: the graph's IRI.

        Returns:
            Whether it is there.

        Raises:
            StoreError: ``graph`` is not an absolute IRI, or the store cannot be read.
        """
        node = self._node(graph)
        try:
            return bool(self._open_store.contains_named_graph(node))
        except OSError as error:
            raise self._fail(f"cannot look for the graph <{graph}> ({reason(error)})") from None

    def put_graph(self, graph: str, ntriples: bytes, *, replace: bool = False) -> None:
        """Store N-Triples as the named graph ``graph``, all or nothing.

        Args:
            graph: the graph's IRI.
            ntriples: the triples, as N-Triples in UTF-8.
            replace: overwrite the graph if the store already holds it.

        Raises:
            StoreError: the graph exists and ``replace`` is false, the data is not valid
                N-Triples, the store is read-only or closed, or writing failed (a full disk,
                a file-size limit, a folder that may not be written).
        """
        self.put_graphs({graph: ntriples}, replace=replace)

    def put_graphs(self, graphs: Mapping[str, bytes], *, replace: bool = False) -> None:
        """Store several named graphs in one transaction: all of them, or none.

        Each graph is first loaded into a hidden staging graph; then one SPARQL update (one
        transaction) swaps every one into place. A failure or a crash before the swap
        leaves the store as it was, and the staging graphs are dropped.

        Args:
            graphs: each graph's IRI and its triples, as N-Triples in UTF-8.
            replace: overwrite the graphs the store already holds.

        Raises:
            StoreError: as :meth:`put_graph`; the store is then unchanged.
        """
        names = list(graphs)
        self._check_writable(f"store {_graph_names(names)}")
        nodes = [self._node(graph) for graph in names]
        # No local holds pyoxigraph's store: a caught error's traceback keeps its frames, and
        # they would keep the folder locked after close().
        self._open_store  # noqa: B018 -- raises if the store is closed
        if not replace:
            check_absent(self, names)
        staged: list[pyoxigraph.NamedNode] = []
        failure: StoreError | None = None
        for graph, ntriples in graphs.items():
            staging = self._ox.NamedNode(f"{_STAGING_PREFIX}{uuid.uuid4()}")
            staged.append(staging)
            try:
                # One transaction per graph: invalid data leaves not even its staging graph.
                self._open_store.load(
                    input=bytes(ntriples), format=self._ox.RdfFormat.N_TRIPLES, to_graph=staging
                )
            except SyntaxError as error:
                failure = self._fail(
                    f"cannot store the graph <{graph}>: the data is not valid N-Triples "
                    f"({reason(error)}); the store is unchanged"
                )
            except (OSError, RuntimeError, ValueError) as error:
                failure = self._write_error(error, f"store the graph <{graph}>")
            if failure is not None:
                self._drop_quietly(staged)
                raise failure
        # One update is one transaction: the old graphs are replaced whole or not at all.
        # CREATE and ADD SILENT keep an empty graph a graph (loading no triples creates no
        # graph). Every IRI passed check_graph_iri, so none can break out of its brackets.
        swap = " ; ".join(
            f"DROP SILENT GRAPH <{node.value}> ; CREATE SILENT GRAPH <{node.value}> ; "
            f"ADD SILENT <{staging.value}> TO <{node.value}> ; DROP SILENT GRAPH <{staging.value}>"
            for node, staging in zip(nodes, staged, strict=True)
        )
        try:
            self._open_store.update(swap)
        except (OSError, RuntimeError, SyntaxError) as error:
            failure = self._write_error(error, f"store {_graph_names(names)}")
        if failure is not None:
            self._drop_quietly(staged)
            raise failure

    def _drop_quietly(self, staged: Sequence[pyoxigraph.NamedNode]) -> None:
        """Drop staging graphs after a failure; if the disk refuses, the next open will."""
        for staging in staged:
            with contextlib.suppress(OSError, RuntimeError):
                self._open_store.remove_graph(staging)

    def get_graph(self, graph: str) -> bytes:
        """The triples of the named graph ``graph``, as N-Triples in UTF-8.

        Args:
            graph: the graph's IRI.

        Returns:
            The N-Triples (empty for an empty graph).

        Raises:
            StoreError: no such graph, or the store is closed or cannot be read.
        """
        node = self._node(graph)
        if not self.has_graph(graph):
            raise self._fail(f"no such graph <{graph}>: list the graphs to see their names")
        try:
            data = self._open_store.dump(format=self._ox.RdfFormat.N_TRIPLES, from_graph=node)
        except (OSError, ValueError) as error:
            raise self._fail(f"cannot read the graph <{graph}> ({reason(error)})") from None
        return bytes(data or b"")

    def delete_graph(self, graph: str, *, missing_ok: bool = False) -> None:
        """Remove the named graph ``graph`` and its triples.

        Args:
            graph: the graph's IRI.
            missing_ok: do nothing, rather than raise, when there is no such graph.

        Raises:
            StoreError: no such graph (unless ``missing_ok``), or the store is read-only,
                closed, or cannot be written.
        """
        self._check_writable(f"delete the graph <{graph}>")
        node = self._node(graph)
        if not self.has_graph(graph):
            if missing_ok:
                return
            raise self._fail(f"no such graph <{graph}> to delete: list the graphs to see their names")
        try:
            self._open_store.remove_graph(node)
        except (OSError, RuntimeError) as error:
            raise self._write_error(error, f"delete the graph <{graph}>") from None

    def _query(self, query: str, expected: str) -> Any:
        if (place := find_service(query)) is not None:
            # pyoxigraph has no switch to turn federation off: refuse before it runs.
            raise self._fail(
                f"federated queries are off for a local store, and the {expected} query uses "
                f"SERVICE (line {place[0]}, column {place[1]}): it would send the query, and "
                "the data it has matched, to another server (run it without SERVICE)"
            )
        if self._visible is None:
            options: dict[str, Any] = {"use_default_graph_as_union": True}
        else:
            options = {"default_graph": self._visible, "named_graphs": self._visible}
        try:
            return self._open_store.query(query, **options)
        except SyntaxError as error:
            raise self._fail(f"the {expected} query is not valid SPARQL ({reason(error)})") from None
        except (OSError, ValueError, RuntimeError) as error:
            raise self._fail(f"the {expected} query failed ({reason(error)})") from None

    def _wrong_form(self, expected: str, result: Any) -> StoreError:
        got = {
            self._ox.QuerySolutions: "a SELECT",
            self._ox.QueryBoolean: "an ASK",
            self._ox.QueryTriples: "a CONSTRUCT or DESCRIBE",
        }.get(type(result), "another kind of")
        article = "an" if expected.startswith("ASK") else "a"
        return self._fail(
            f"expected {article} {expected} query but got {got} query "
            "(run it with the method for its kind)"
        )

    def select(self, query: str) -> SelectResult:
        """Run a SPARQL SELECT query over the union of the named graphs.

        Args:
            query: the query; it may also use ``GRAPH ?g { ... }``.

        Returns:
            The rows, with :attr:`SelectResult.variables` in the projection's order.

        Raises:
            StoreError: the query is invalid or not a SELECT, or the store failed.
        """
        result = self._query(query, "SELECT")
        if not isinstance(result, self._ox.QuerySolutions):
            raise self._wrong_form("SELECT", result)
        variables = list(result.variables)
        names = [variable.value for variable in variables]
        try:
            pairs = list(zip(names, variables, strict=True))
            rows = [
                {name: self._lexical(solution[variable]) for name, variable in pairs}
                for solution in result
            ]
        except (OSError, RuntimeError) as error:
            raise self._fail(f"the SELECT query failed ({reason(error)})") from None
        return SelectResult(rows, variables=names)

    def _lexical(self, term: Any) -> str | None:
        if term is None:
            return None
        if isinstance(term, self._ox.BlankNode):
            return f"_:{term.value}"
        if isinstance(term, self._ox.Triple):
            return f"<< {term} >>"
        return str(term.value)

    def ask(self, query: str) -> bool:
        """Run a SPARQL ASK query over the union of the named graphs.

        Args:
            query: the query.

        Returns:
            The answer.

        Raises:
            StoreError: the query is invalid or not an ASK, or the store failed.
        """
        result = self._query(query, "ASK")
        if not isinstance(result, self._ox.QueryBoolean):
            raise self._wrong_form("ASK", result)
        return bool(result)

    def construct(self, query: str) -> bytes:
        """Run a SPARQL CONSTRUCT or DESCRIBE query over the union of the named graphs.

        Args:
            query: the query.

        Returns:
            The triples as N-Triples in UTF-8.

        Raises:
            StoreError: the query is invalid or not a CONSTRUCT or DESCRIBE, or the store failed.
        """
        result = self._query(query, "CONSTRUCT or DESCRIBE")
        if not isinstance(result, self._ox.QueryTriples):
            raise self._wrong_form("CONSTRUCT or DESCRIBE", result)
        try:
            return bytes(result.serialize(format=self._ox.RdfFormat.N_TRIPLES) or b"")
        except (OSError, RuntimeError, ValueError) as error:
            raise self._fail(f"the CONSTRUCT query failed ({reason(error)})") from None

    def close(self) -> None:
        """Release the store and its folder's lock; closing twice does nothing."""
        # pyoxigraph has no close(): dropping the last reference closes RocksDB and unlocks.
        self._store = None
