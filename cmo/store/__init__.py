"""Versions of theories in a triple store: an embedded folder on disk, or a SPARQL server.

The verbs a notebook needs (each also ``cmo.NAME``):

- :func:`open_store` takes a location: an ``http://`` or ``https://`` URL opens a SPARQL 1.1
  server (Oxigraph's endpoint layout by default), anything else is a folder holding an
  embedded store (pyoxigraph, created if missing).
- :func:`push` and :func:`push_all` put versions of a theory in, each one named graph;
  :func:`catalogue` lists the :class:`StoredVersion` s a store holds; :func:`pull` reads one
  back; :func:`run_query` runs any SPARQL query over all of them.
- Every failure raises :class:`StoreError` naming the store's folder or URL, never
  credentials or data.

Each name is imported the first time it is used, so ``import cmo.store`` loads neither
pyoxigraph nor the RDF mapping. The stores themselves live in :mod:`cmo.store.base` (what
every store offers), :mod:`cmo.store.embedded` and :mod:`cmo.store.remote`.

Queries see the union of the named graphs as their default graph (on a server, through
Oxigraph's ``union-default-graph`` parameter), and may name graphs with
``GRAPH ?g { ... }``, which works on any SPARQL server.

Credentials for a server come only from the environment, never from arguments or the URL:
``CMO_STORE_TOKEN`` (sent as a bearer token), or ``CMO_STORE_USER`` and
``CMO_STORE_PASSWORD`` (HTTP basic authentication).

Example:
    >>> import shutil, tempfile
    >>> from cmo.store import open_store
    >>> folder = tempfile.mkdtemp()
    >>> label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    >>> with open_store(folder) as store:
    ...     store.put_graph("https://example.org/theory/1",
    ...                     f'<https://example.org/c1> {label} "Trust" .\\n'.encode())
    ...     print(store.graphs())
    ...     rows = store.select("SELECT ?label WHERE { ?concept ?p ?label }")
    ...     print(rows.variables, rows)
    ['https://example.org/theory/1']
    ('label',) [{'label': 'Trust'}]
    >>> shutil.rmtree(folder)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Final

from ..exceptions import StoreError

if TYPE_CHECKING:  # what type checkers and editors see; at run time, __getattr__ imports
    from .opening import open_store
    from .query import run_query
    from .theories import StoredVersion, catalogue, pull, push, push_all

#: Where each public name lives: name -> its module in this package. The same imports, for
#: type checkers, stand in the ``if TYPE_CHECKING:`` block above.
_PUBLIC: Final[dict[str, str]] = {
    "open_store": "opening",
    "push": "theories",
    "push_all": "theories",
    "pull": "theories",
    "catalogue": "theories",
    "StoredVersion": "theories",
    "run_query": "query",
}

__all__ = [
    "StoreError",
    "StoredVersion",
    "catalogue",
    "open_store",
    "pull",
    "push",
    "push_all",
    "run_query",
]


def __getattr__(name: str) -> Any:
    """Import a public name the first time it is asked for (PEP 562)."""
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # asked once: later uses do not come back here
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
