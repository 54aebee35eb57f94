"""Opening a store from a location: a SPARQL server's URL, or a folder on disk.

This is the one module that knows both kinds of store (:mod:`cmo.store.embedded` and
:mod:`cmo.store.remote`); what they share lives in :mod:`cmo.store.base`, which knows neither.

Example:
    >>> import shutil, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> with open_store(folder) as store:
    ...     print(type(store).__name__, store.graphs())
    EmbeddedStore []
    >>> shutil.rmtree(folder)
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final

from ..exceptions import StoreError
from .base import GraphStore, display_url
from .embedded import EmbeddedStore
from .remote import RemoteStore

__all__ = ["is_url", "open_store"]

_URL_SCHEME: Final = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*)://")
_REMOTE_SCHEMES: Final = ("http", "https")


def is_url(location: str | Path) -> bool:
    """Whether ``location`` names a remote store (an ``http://`` or ``https://`` URL).

    Example:
        >>> is_url("http://127.0.0.1:7878"), is_url("stores/project")
        (True, False)
    """
    return isinstance(location, str) and location[:8].lower().startswith(
        tuple(f"{scheme}://" for scheme in _REMOTE_SCHEMES)
    )


def open_store(location: str | Path, *, readonly: bool = False) -> GraphStore:
    """Open the store at ``location``: a SPARQL server's URL, or a folder on disk.

    A string starting with ``http://`` or ``https://`` opens a
    :class:`~cmo.store.remote.RemoteStore` with Oxigraph's endpoint layout (``<url>/query``
    and ``<url>/store``); anything else is a folder for an
    :class:`~cmo.store.embedded.EmbeddedStore`, created if missing.

    Args:
        location: the URL or folder.
        readonly: refuse writes; an embedded folder must then already hold a store.

    Returns:
        The open store; close it, or use it in a ``with`` block.

    Raises:
        StoreError: the location is another kind of URL, or the store cannot be opened.

    Example:
        >>> open_store("ftp://triples.example.org/ds")
        Traceback (most recent call last):
        ...
        cmo.exceptions.StoreError: ftp://triples.example.org/ds: cannot open a store at a ftp:// URL (give ...)
    """
    if is_url(location):
        return RemoteStore(str(location), readonly=readonly)
    if isinstance(location, str):
        scheme = _URL_SCHEME.match(location)
        # "ftp://host" is surely a mistyped URL, not a folder named "ftp:" to create.
        if scheme and len(scheme.group(1)) > 1:
            raise StoreError(
                f"{display_url(location)}: cannot open a store at a {scheme.group(1)}:// URL "
                "(give an http:// or https:// URL of a SPARQL server, or a folder)"
            )
    return EmbeddedStore(location, readonly=readonly)
