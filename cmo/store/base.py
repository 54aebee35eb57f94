"""What every graph store offers, whatever holds it, and the checks both kinds share.

A store holds named graphs of RDF. It is either embedded (a folder on disk, through
pyoxigraph) or remote (a SPARQL 1.1 server, through the Graph Store HTTP Protocol and the
SPARQL 1.1 Protocol). Both answer the same methods, so the layer above never asks which.

Queries see the union of all named graphs as their default graph, and may also name graphs
with ``GRAPH ?g { ... }``. This module knows neither kind: :mod:`cmo.store.opening` picks
one from a location.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from types import TracebackType
from typing import Final, Self
from urllib.parse import urlsplit

from ..exceptions import StoreError

__all__ = [
    "GraphStore",
    "SelectResult",
    "check_absent",
    "check_graph_iri",
    "display_url",
]

# An absolute IRI as N-Triples and SPARQL accept it between angle brackets: a scheme, a colon,
# then no character that would end or break the bracketed form. Checking this ourselves gives
# the same message from both stores, and makes it safe to write the IRI into a SPARQL update.
_ABSOLUTE_IRI: Final = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\x00-\x20<>\"{}|^`\\]*")


class SelectResult(list[dict[str, str | None]]):
    """The rows of a SELECT query, with the variables of its projection in order.

    Each row maps a variable name (without ``?``) to the lexical value of its term: the IRI,
    the literal's text (without language tag or datatype), ``_:label`` for a blank node, or
    ``None`` when the variable is unbound. Each row's keys follow :attr:`variables`' order.

    Args:
        rows: the rows.
        variables: the projected variable names, in the query's order.

    Example:
        >>> result = SelectResult([{"s": "https://example.org/a", "o": None}], variables=["s", "o"])
        >>> result.variables, result[0]["o"]
        (('s', 'o'), None)
    """

    __slots__ = ("variables",)

    def __init__(
        self, rows: Iterable[dict[str, str | None]] = (), *, variables: Sequence[str]
    ) -> None:
        super().__init__(rows)
        self.variables: tuple[str, ...] = tuple(variables)


class GraphStore(ABC):
    """A store of named RDF graphs: an embedded folder or a remote SPARQL server.

    Stores are context managers: leaving the ``with`` block closes them. Every failure raises
    :class:`~cmo.exceptions.StoreError` with a message that names :attr:`location`.

    Attributes:
        location: the folder or URL, as shown in messages (a URL never shows credentials).
        readonly: whether writes are refused.
    """

    location: str
    readonly: bool

    @abstractmethod
    def graphs(self) -> list[str]:
        """The IRIs of the named graphs in the store, sorted.

        Raises:
            StoreError: the store cannot be read.
        """

    @abstractmethod
    def has_graph(self, graph: str) -> bool:
        """Whether the store holds the named graph ``graph`` (an empty graph counts).

        Args:
            graph: the graph's IRI.

        Raises:
            StoreError: ``graph`` is not an absolute IRI, or the store cannot be read.
        """

    @abstractmethod
    def put_graph(self, graph: str, ntriples: bytes, *, replace: bool = False) -> None:
        """Store N-Triples as the named graph ``graph``, all or nothing.

        A failure (invalid data, a refused request) leaves the store as it was.

        Args:
            graph: the graph's IRI.
            ntriples: the triples, as N-Triples in UTF-8.
            replace: overwrite the graph if the store already holds it.

        Raises:
            StoreError: the store already holds ``graph`` and ``replace`` is false, the data
                is not valid N-Triples, the store is read-only, or it refused the write.
        """

    def put_graphs(self, graphs: Mapping[str, bytes], *, replace: bool = False) -> None:
        """Store several named graphs; every check is made before any write.

        A folder store writes them in one transaction (all or none); a server takes one
        ``PUT`` per graph, each whole or not at all, so a failure part-way leaves the graphs
        before it stored.

        Args:
            graphs: each graph's IRI and its triples, as N-Triples in UTF-8.
            replace: overwrite the graphs the store already holds.

        Raises:
            StoreError: as :meth:`put_graph`.
        """
        if not replace:
            check_absent(self, graphs)
        for graph, ntriples in graphs.items():
            self.put_graph(graph, ntriples, replace=replace)

    @abstractmethod
    def get_graph(self, graph: str) -> bytes:
        """The triples of the named graph ``graph``, as N-Triples in UTF-8.

        Args:
            graph: the graph's IRI.

        Returns:
            The N-Triples (empty for an empty graph).

        Raises:
            StoreError: the store holds no such graph, or cannot be read.
        """

    @abstractmethod
    def delete_graph(self, graph: str, *, missing_ok: bool = False) -> None:
        """Remove the named graph ``graph`` and its triples.

        Args:
            graph: the graph's IRI.
            missing_ok: do nothing, rather than raise, when there is no such graph.

        Raises:
            StoreError: no such graph (unless ``missing_ok``), the store is read-only, or it
                refused the request.
        """

    @abstractmethod
    def select(self, query: str) -> SelectResult:
        """Run a SPARQL SELECT query over the union of the named graphs.

        Args:
            query: the query; it may also use ``GRAPH ?g { ... }``.

        Returns:
            The rows; see :class:`SelectResult`.

        Raises:
            StoreError: the query is invalid, is not a SELECT, or the store failed.
        """

    @abstractmethod
    def ask(self, query: str) -> bool:
        """Run a SPARQL ASK query over the union of the named graphs.

        Args:
            query: the query.

        Returns:
            The answer.

        Raises:
            StoreError: the query is invalid, is not an ASK, or the store failed.
        """

    @abstractmethod
    def construct(self, query: str) -> bytes:
        """Run a SPARQL CONSTRUCT or DESCRIBE query over the union of the named graphs.

        Args:
            query: the query.

        Returns:
            The resulting triples as N-Triples in UTF-8.

        Raises:
            StoreError: the query is invalid, is not a CONSTRUCT or DESCRIBE, or the store
                failed.
        """

    @abstractmethod
    def close(self) -> None:
        """Release the store (an embedded folder's lock); closing twice does nothing."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        # Only the location: never anything that could hold credentials.
        return f"{type(self).__name__}({self.location!r})"

    def _check_writable(self, action: str) -> None:
        """Refuse a write on a store opened read-only, before touching it."""
        if self.readonly:
            raise StoreError(
                f"{self.location}: cannot {action}: the store was opened read-only "
                "(open it without readonly to change it)"
            )


def check_absent(store: GraphStore, graphs: Iterable[str]) -> None:
    """Refuse, before anything is written, to overwrite a graph the store holds.

    Raises:
        StoreError: the store holds one of ``graphs`` (the first is named).
    """
    for graph in graphs:
        if store.has_graph(graph):
            raise StoreError(f"{store.location}: already holds the graph <{graph}> "
                             "(use --replace to overwrite it)")


def check_graph_iri(location: str, graph: str) -> str:
    """Return ``graph`` if it is an absolute IRI, else raise.

    Args:
        location: the store's location, for the message.
        graph: the graph name to check.

    Returns:
        ``graph`` unchanged.

    Raises:
        StoreError: ``graph`` is not an absolute IRI.

    Example:
        >>> check_graph_iri("store", "not an iri")
        Traceback (most recent call last):
        ...
        cmo.exceptions.StoreError: store: the graph name 'not an iri' is not an absolute IRI (give one like https://example.org/theory/1)
    """
    if not isinstance(graph, str) or not _ABSOLUTE_IRI.fullmatch(graph):
        shown = graph if len(str(graph)) <= 80 else f"{str(graph)[:77]}..."
        raise StoreError(
            f"{location}: the graph name {shown!r} is not an absolute IRI "
            "(give one like https://example.org/theory/1)"
        )
    return graph


def display_url(url: str) -> str:
    """``url`` as messages may show it: no user name or password, query or fragment.

    Example:
        >>> display_url("https://ann:secret@triples.example.org/ds/?key=k#top")
        'https://triples.example.org/ds'
    """
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port is not None else ""
    except ValueError:  # an unparsable port or bracketed host: show only the scheme
        return f"{url.split(':', 1)[0]}://(invalid address)"
    if ":" in host:  # an IPv6 address keeps its brackets
        host = f"[{host}]"
    return f"{parts.scheme}://{host}{port}{parts.path.rstrip('/')}"
