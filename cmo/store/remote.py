"""A remote graph store: a SPARQL 1.1 server, spoken to with the standard library only.

Graphs go through the SPARQL 1.1 Graph Store HTTP Protocol (``PUT``, ``GET``, ``HEAD`` and
``DELETE`` on ``<graph endpoint>?graph=<iri>``, as N-Triples) and queries through the
SPARQL 1.1 Protocol (a form ``POST`` to the query endpoint). The default endpoints are
Oxigraph's (``oxigraph serve``): ``<url>/query`` and ``<url>/store``. For another server,
give both, e.g. for Apache Jena Fuseki's dataset ``ds``: ``query_endpoint=".../ds/sparql"``
and ``graph_endpoint=".../ds/data"``.

Queries see the union of the named graphs as their default graph through Oxigraph's
``union-default-graph`` parameter. A server that ignores it (or a store opened with
``union_default_graph=False``) answers only what its own default graph holds, so portable
queries name graphs with ``GRAPH ?g { ... }``, which works everywhere.

Credentials come only from the environment (``CMO_STORE_TOKEN``, or ``CMO_STORE_USER`` and
``CMO_STORE_PASSWORD``), never from arguments or the URL, and never appear in a message;
:mod:`cmo.store.transport` sends the requests and explains their failures.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Final
from urllib.parse import quote, urlencode, urlsplit

from ..exceptions import StoreError
from .base import GraphStore, SelectResult, check_absent, check_graph_iri, display_url
from .transport import PASSWORD_VARIABLE, TOKEN_VARIABLE, USER_VARIABLE, HttpTransport

__all__ = [
    "PASSWORD_VARIABLE",
    "TOKEN_VARIABLE",
    "USER_VARIABLE",
    "RemoteStore",
]

_NTRIPLES: Final = "application/n-triples"
_RESULTS_JSON: Final = "application/sparql-results+json"
# Older servers still label N-Triples with its first media type.
_NTRIPLES_TYPES: Final = frozenset({_NTRIPLES, "text/plain"})
_DEFAULT_TIMEOUT: Final = 30.0


def _lexical(term: Mapping[str, Any] | None) -> str | None:
    """The lexical value of a term in SPARQL JSON results."""
    if term is None:
        return None
    kind = term.get("type")
    if kind == "bnode":
        return f"_:{term.get('value', '')}"
    if kind == "triple":  # RDF-star: the value is the quoted triple's three terms
        parts = term.get("value") or {}
        inner = (_ntriples_term(parts.get(key)) for key in ("subject", "predicate", "object"))
        return f"<< {' '.join(inner)} >>"
    value = term.get("value")
    return None if value is None else str(value)


def _ntriples_term(term: Mapping[str, Any] | None) -> str:
    """A term of a quoted triple, written as in N-Triples (enough to tell terms apart)."""
    if term is None:
        return "?"
    kind = term.get("type")
    if kind == "uri":
        return f"<{term.get('value', '')}>"
    if kind == "literal":
        return json.dumps(term.get("value", ""), ensure_ascii=False)
    return _lexical(term) or "?"


class RemoteStore(GraphStore):
    """A graph store on a SPARQL 1.1 server.

    Args:
        url: the server's base URL, e.g. ``http://127.0.0.1:7878`` (no credentials in it:
            set the environment variables above instead).
        query_endpoint: the SPARQL query endpoint; default ``<url>/query``.
        graph_endpoint: the Graph Store Protocol endpoint; default ``<url>/store``.
        readonly: refuse writes without sending them.
        union_default_graph: ask the server (Oxigraph's parameter) to query the union of the
            named graphs as the default graph.
        timeout: seconds to wait for the server to answer each request.

    Raises:
        StoreError: the URL is not http(s), holds credentials, a query or a fragment, or
            the credential variables are half set.

    Example:
        >>> RemoteStore("http://127.0.0.1:7878/")
        RemoteStore('http://127.0.0.1:7878')
    """

    def __init__(
        self,
        url: str,
        *,
        query_endpoint: str | None = None,
        graph_endpoint: str | None = None,
        readonly: bool = False,
        union_default_graph: bool = True,
        timeout: float = _DEFAULT_TIMEOUT,
    ) -> None:
        self.location = self._check_url(url, "url")
        self.query_endpoint = (
            self._check_url(query_endpoint, "query_endpoint")
            if query_endpoint
            else f"{self.location}/query"
        )
        self.graph_endpoint = (
            self._check_url(graph_endpoint, "graph_endpoint")
            if graph_endpoint
            else f"{self.location}/store"
        )
        self.readonly = readonly
        self.union_default_graph = union_default_graph
        # Reads the credentials once, keeps them private, writes them only into headers.
        self._transport = HttpTransport(self.location, timeout=timeout)

    @property
    def timeout(self) -> float:
        """Seconds to wait for the server to answer each request."""
        return self._transport.timeout

    @timeout.setter
    def timeout(self, seconds: float) -> None:
        self._transport.timeout = seconds

    @staticmethod
    def _check_url(url: str, name: str) -> str:
        shown = display_url(url)
        try:
            parts = urlsplit(url)
            parts.port  # noqa: B018 -- raises ValueError for a port that is not a number
        except ValueError:
            parts = None
        if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            raise StoreError(
                f"{shown}: {name} is not an http:// or https:// URL with a host "
                "(give one like http://127.0.0.1:7878)"
            )
        if parts.username is not None or parts.password is not None:
            raise StoreError(
                f"{shown}: the URL holds credentials, which cmo never takes from a URL "
                f"(remove them and set {TOKEN_VARIABLE}, or {USER_VARIABLE} and "
                f"{PASSWORD_VARIABLE}, in the environment)"
            )
        if parts.query or parts.fragment:
            raise StoreError(
                f"{shown}: {name} must not have a query (?...) or fragment (#...) "
                "(give the address alone)"
            )
        return shown

    def _graph_url(self, graph: str) -> str:
        check_graph_iri(self.location, graph)
        return f"{self.graph_endpoint}?graph={quote(graph, safe='')}"

    def _query(self, query: str, *, accept: str, action: str) -> tuple[str, bytes]:
        url = self.query_endpoint
        if self.union_default_graph:
            url = f"{url}?{urlencode({'union-default-graph': ''})}"
        _, content_type, data = self._transport.request(
            "POST",
            url,
            action=action,
            body=urlencode({"query": query}).encode("utf-8"),
            headers={
                "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
                "Accept": accept,
            },
        )
        return content_type, data

    def _results_json(self, query: str, expected: str) -> dict[str, Any]:
        action = f"running {'an' if expected == 'ASK' else 'a'} {expected} query"
        content_type, data = self._query(query, accept=_RESULTS_JSON, action=action)
        try:
            document = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            document = None
        if not isinstance(document, dict):
            raise StoreError(
                f"{self.location}: the server did not answer with SPARQL JSON results while "
                f"{action} (got {content_type}): check query_endpoint"
            )
        return document

    # -- GraphStore ------------------------------------------------------------------------

    def graphs(self) -> list[str]:
        """The IRIs of the named graphs on the server, sorted.

        Both patterns are asked for: ``GRAPH ?g {}`` finds empty graphs on servers that keep
        them (Oxigraph), ``GRAPH ?g { ?s ?p ?o }`` finds graphs on servers that answer only it.

        Returns:
            The IRIs.

        Raises:
            StoreError: the server cannot be reached or refuses the query.
        """
        rows = self.select(
            "SELECT DISTINCT ?g WHERE { { GRAPH ?g { } } UNION { GRAPH ?g { ?s ?p ?o } } }"
        )
        return sorted({row["g"] for row in rows if row["g"] and not row["g"].startswith("_:")})

    def has_graph(self, graph: str) -> bool:
        """Whether the server holds the named graph ``graph``.

        Args:
            graph: the graph's IRI.

        Returns:
            Whether it is there.

        Raises:
            StoreError: ``graph`` is not an absolute IRI, or the server fails.
        """
        url = self._graph_url(graph)
        action = f"looking for the graph <{graph}>"
        status, _, _ = self._transport.request(
            "HEAD", url, action=action, graph=graph, tolerate=frozenset({404, 405, 501})
        )
        if status in (405, 501):
            # Some servers allow GET but not HEAD on graphs: ask again the longer way.
            status, _, _ = self._transport.request(
                "GET", url, action=action, graph=graph, tolerate=frozenset({404}),
                headers={"Accept": _NTRIPLES},
            )
        return status != 404

    def put_graph(self, graph: str, ntriples: bytes, *, replace: bool = False) -> None:
        """Store N-Triples as the named graph ``graph`` with one ``PUT``.

        The server applies a ``PUT`` whole or not at all. Without ``replace``, the graph is
        first looked for; another client writing the same graph between the two requests
        is not detected.

        Args:
            graph: the graph's IRI.
            ntriples: the triples, as N-Triples in UTF-8.
            replace: overwrite the graph if the server already holds it.

        Raises:
            StoreError: the graph exists and ``replace`` is false, the store is read-only, or
                the server refuses the data or cannot be reached.
        """
        self._check_writable(f"store the graph <{graph}>")
        url = self._graph_url(graph)
        if not replace:
            check_absent(self, [graph])
        self._transport.request(
            "PUT",
            url,
            action=f"storing the graph <{graph}>",
            body=bytes(ntriples),
            headers={"Content-Type": f"{_NTRIPLES}; charset=utf-8"},
        )

    def get_graph(self, graph: str) -> bytes:
        """The triples of the named graph ``graph``, as N-Triples in UTF-8.

        Args:
            graph: the graph's IRI.

        Returns:
            The N-Triples.

        Raises:
            StoreError: no such graph (HTTP 404), or the server fails or answers in
                another format.
        """
        action = f"reading the graph <{graph}>"
        _, content_type, data = self._transport.request(
            "GET", self._graph_url(graph), action=action, graph=graph,
            headers={"Accept": _NTRIPLES},
        )
        if content_type not in _NTRIPLES_TYPES:
            raise StoreError(
                f"{self.location}: the server answered in {content_type}, not N-Triples, while "
                f"{action}: check graph_endpoint"
            )
        return data

    def delete_graph(self, graph: str, *, missing_ok: bool = False) -> None:
        """Remove the named graph ``graph`` with one ``DELETE``.

        Args:
            graph: the graph's IRI.
            missing_ok: do nothing, rather than raise, when there is no such graph.

        Raises:
            StoreError: no such graph (unless ``missing_ok``), the store is read-only, or the
                server refuses or cannot be reached.
        """
        self._check_writable(f"delete the graph <{graph}>")
        self._transport.request(
            "DELETE", self._graph_url(graph), action=f"deleting the graph <{graph}>",
            graph=graph, tolerate=frozenset({404}) if missing_ok else frozenset(),
        )

    def select(self, query: str) -> SelectResult:
        """Run a SPARQL SELECT query on the server.

        Args:
            query: the query; it may also use ``GRAPH ?g { ... }``.

        Returns:
            The rows, with :attr:`SelectResult.variables` in the projection's order.

        Raises:
            StoreError: the server rejects the query (the status and its explanation are in
                the message), the query is not a SELECT, or the server cannot be reached.
        """
        document = self._results_json(query, "SELECT")
        head = document.get("head") or {}
        results = document.get("results")
        if not isinstance(results, dict):
            raise StoreError(
                f"{self.location}: expected a SELECT query but the server answered for another "
                "kind (run it with the method for its kind)"
            )
        names = [str(name) for name in head.get("vars") or []]
        rows = [
            {name: _lexical(binding.get(name)) for name in names}
            for binding in results.get("bindings") or []
        ]
        return SelectResult(rows, variables=names)

    def ask(self, query: str) -> bool:
        """Run a SPARQL ASK query on the server.

        Args:
            query: the query.

        Returns:
            The answer.

        Raises:
            StoreError: the server rejects the query, the query is not an ASK, or the server
                cannot be reached.
        """
        document = self._results_json(query, "ASK")
        answer = document.get("boolean")
        if not isinstance(answer, bool):
            raise StoreError(
                f"{self.location}: expected an ASK query but the server answered for another "
                "kind (run it with the method for its kind)"
            )
        return answer

    def construct(self, query: str) -> bytes:
        """Run a SPARQL CONSTRUCT or DESCRIBE query on the server.

        Args:
            query: the query.

        Returns:
            The triples as N-Triples in UTF-8.

        Raises:
            StoreError: the server rejects the query, answers in another format (as for a
                SELECT), or cannot be reached.
        """
        action = "running a CONSTRUCT or DESCRIBE query"
        content_type, data = self._query(query, accept=_NTRIPLES, action=action)
        if content_type not in _NTRIPLES_TYPES:
            raise StoreError(
                f"{self.location}: expected a CONSTRUCT or DESCRIBE query but the server "
                f"answered in {content_type}"
            )
        return data

    def close(self) -> None:
        """Stop using the server; later calls raise. Closing twice does nothing."""
        self._transport.close()
