"""Named graphs of RDF in a store: an embedded folder on disk, or a remote SPARQL server.

:func:`open_store` takes a location: an ``http://`` or ``https://`` URL opens a
:class:`RemoteStore` (a SPARQL 1.1 server, Oxigraph's endpoint layout by default), anything
else is a folder for an :class:`EmbeddedStore` (pyoxigraph, created if missing). Both offer
the methods of :class:`GraphStore`; every failure raises :class:`~cmo.exceptions.StoreError`
naming the store's folder or URL, never credentials or data.

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

from .base import GraphStore, SelectResult
from .embedded import EmbeddedStore
from .opening import open_store
from .remote import PASSWORD_VARIABLE, TOKEN_VARIABLE, USER_VARIABLE, RemoteStore

__all__ = [
    "PASSWORD_VARIABLE",
    "TOKEN_VARIABLE",
    "USER_VARIABLE",
    "EmbeddedStore",
    "GraphStore",
    "RemoteStore",
    "SelectResult",
    "open_store",
]
