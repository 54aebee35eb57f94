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
"""

from __future__ import annotations

import contextlib
import re
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from ..exceptions import StoreError
from .base import GraphStore, SelectResult, check_absent, check_graph_iri
from .federation import find_service

if TYPE_CHECKING:
    import pyoxigraph

__all__ = ["EmbeddedStore"]

_STAGING_PREFIX: Final = "urn:x-cmo-store:staging:"
# RocksDB writes this file into every store folder: its presence tells a store from other data.
_STORE_MARKER: Final = "CURRENT"
_MAX_REASON: Final = 200
# RocksDB says "While lock file: <folder>/LOCK: Resource temporarily unavailable"; the word,
# not the letters, so that "block checksum mismatch" is not taken for a lock.
_LOCK_WORD: Final = re.compile(r"\block\b", re.IGNORECASE)
# How RocksDB words the faults of the disk under a store (the system's strerror texts), what
# each means for the user, and what to do: its own text names a database file, not the store.
_DISK_FAULTS: Final = (
    ("no space left on device", "the disk is full", "free some space, then try again"),
    ("disk quota exceeded", "the disk quota is used up",
     "free some space or ask for a larger quota, then try again"),
    ("file too large", "a store file reached the size limit for files (ulimit -f)",
     "raise the limit, or free some space, then try again"),
    ("read-only file system", "the store folder is on a read-only file system",
     "copy the store to a folder you may write"),
    # Opening read-only does not help: Oxigraph locks the folder, which needs writing.
    ("permission denied", "you may not write in the store folder", "check the folder's permissions"),
)


def _pyoxigraph() -> Any:
    """Import pyoxigraph when a store is opened, so that ``import cmo`` stays light."""
    try:
        import pyoxigraph
    except ImportError:  # a broken install: pyoxigraph is one of cmo's dependencies
        raise StoreError(
            "the embedded store needs pyoxigraph, which is missing: reinstall cmo "
            "(pip install --force-reinstall cmo-realist), or use a SPARQL server's URL"
        ) from None
    return pyoxigraph


def _reason(error: BaseException) -> str:
    """pyoxigraph's explanation on one short line (it names positions, not data)."""
    # A SyntaxError's str() appends "(line N)", which its message already says better.
    message = error.msg if isinstance(error, SyntaxError) and error.msg else str(error)
    text = " ".join(message.split())
    return text if len(text) <= _MAX_REASON else f"{text[: _MAX_REASON - 3]}..."


def _disk_fault(error: BaseException) -> tuple[str, str] | None:
    """What happened and the fix, when ``error`` is a fault of the disk under the store.

    Example:
        >>> _disk_fault(OSError("IO error: While appending to file: s/000012.log: No space left on device"))
        ('the disk is full', 'free some space, then try again')
        >>> _disk_fault(OSError("Corruption: block checksum mismatch")) is None
        True
    """
    text = str(error).lower()
    for words, what, fix in _DISK_FAULTS:
        if words in text:
            return what, fix
    return None


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
        self._ox = _pyoxigraph()
        self._store: pyoxigraph.Store | None = self._open(Path(path).expanduser())
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
        if (fault := _disk_fault(error)) is not None:
            what, fix = fault
            return self._fail(f"cannot {action}: {what}; the store is unchanged ({fix})")
        return self._fail(f"cannot {action} ({_reason(error)}); the store is unchanged")

    def _open(self, path: Path) -> pyoxigraph.Store:
        try:
            self._check_folder(path)
        except OSError as error:  # e.g. a folder we may not list
            raise self._fail(
                f"cannot read or create the store folder ({error.strerror or error}): "
                "check the path and its permissions"
            ) from None
        try:
            return self._ox.Store(str(path))
        except (OSError, RuntimeError) as error:
            raise self._open_error(error) from None

    def _check_folder(self, path: Path) -> None:
        """Refuse what cannot be a store folder, and create a missing one for writing."""
        if path.exists() and not path.is_dir():
            raise self._fail("is a file, not a store folder (name a folder, new or holding a store)")
        if path.is_dir() and any(path.iterdir()) and not (path / _STORE_MARKER).exists():
            # Refuse rather than scatter database files among someone's own files.
            raise self._fail(
                "is a folder that holds other files, not a store "
                "(name an empty or new folder, or one that already holds a store)"
            )
        if self.readonly:
            if not (path / _STORE_MARKER).exists():
                raise self._fail(
                    "no store in this folder to open read-only "
                    "(check the path, or open it for writing once to create the store)"
                )
        else:
            path.mkdir(parents=True, exist_ok=True)

    def _open_error(self, error: OSError | RuntimeError) -> StoreError:
        text = str(error)
        if "lock hold by current process" in text:
            return self._fail(
                "the store folder is already open in this process "
                "(close the other store object first, or reuse it)"
            )
        if _LOCK_WORD.search(text):
            return self._fail(
                "the store folder is in use by another process "
                "(close that program or server first, or query it through its server)"
            )
        if (fault := _disk_fault(error)) is not None:
            what, fix = fault
            return self._fail(f"cannot open the store: {what} ({fix})")
        return self._fail(
            f"cannot open the store folder ({_reason(error)}): "
            "check that it holds an Oxigraph store and that you may read and write it"
        )

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
            raise self._fail(f"cannot list the graphs ({_reason(error)})") from None
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
            raise self._fail(f"cannot list the graphs ({_reason(error)})") from None
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
            raise self._fail(f"cannot look for the graph <{graph}> ({_reason(error)})") from None

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
                    f"({_reason(error)}); the store is unchanged"
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
            raise self._fail(f"cannot read the graph <{graph}> ({_reason(error)})") from None
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
            raise self._fail(f"the {expected} query is not valid SPARQL ({_reason(error)})") from None
        except (OSError, ValueError, RuntimeError) as error:
            raise self._fail(f"the {expected} query failed ({_reason(error)})") from None

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
            raise self._fail(f"the SELECT query failed ({_reason(error)})") from None
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
            raise self._fail(f"the CONSTRUCT query failed ({_reason(error)})") from None

    def close(self) -> None:
        """Release the store and its folder's lock; closing twice does nothing."""
        # pyoxigraph has no close(): dropping the last reference closes RocksDB and unlocks.
        self._store = None
