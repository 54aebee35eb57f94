"""The folder of an embedded store: checked, created if missing, and opened with pyoxigraph.

pyoxigraph is imported only when a folder is opened, so that ``import cmo`` stays light. A
folder is refused when it cannot be a store: a file, a folder holding other files (RocksDB
would scatter its database files among them), or, for reading only, a folder with no store.

Example:
    >>> import tempfile, pathlib
    >>> notes = pathlib.Path(tempfile.mkdtemp()) / "notes.txt"
    >>> _ = notes.write_text("synthetic", encoding="utf-8")
    >>> open_folder(str(notes), readonly=False)
    Traceback (most recent call last):
    ...
    cmo.exceptions.StoreError: .../notes.txt: is a file, not a store folder (name a folder, new or holding a store)
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from ..exceptions import StoreError
from .oxigraph_faults import open_failure

if TYPE_CHECKING:
    import pyoxigraph

__all__ = ["load_pyoxigraph", "open_folder"]

# RocksDB writes this file into every store folder: its presence tells a store from other data.
_STORE_MARKER: Final = "CURRENT"


def load_pyoxigraph() -> Any:
    """Import pyoxigraph when a store is opened, so that ``import cmo`` stays light.

    Raises:
        StoreError: pyoxigraph is missing (a broken install: it is one of cmo's dependencies).
    """
    try:
        import pyoxigraph
    except ImportError:  # a broken install: pyoxigraph is one of cmo's dependencies
        raise StoreError(
            "the embedded store needs pyoxigraph, which is missing: reinstall cmo "
            "(pip install --force-reinstall cmo-realist), or use a SPARQL server's URL"
        ) from None
    return pyoxigraph


def open_folder(location: str, *, readonly: bool) -> pyoxigraph.Store:
    """Open pyoxigraph's store in the folder ``location``, creating it unless ``readonly``.

    Args:
        location: the folder, as the user gave it (messages name it so).
        readonly: the folder must already hold a store; it is not created.

    Returns:
        pyoxigraph's store, which holds the folder's lock until it is dropped.

    Raises:
        StoreError: the path is a file, a folder holding other data, missing (read-only),
            in use, or unreadable.
    """
    ox = load_pyoxigraph()
    path = Path(location).expanduser()
    try:
        _check_folder(location, path, readonly=readonly)
    except OSError as error:  # e.g. a folder we may not list
        raise StoreError(
            f"{location}: cannot read or create the store folder ({error.strerror or error}): "
            "check the path and its permissions"
        ) from None
    try:
        return ox.Store(str(path))
    except (OSError, RuntimeError) as error:
        raise StoreError(f"{location}: {open_failure(error)}") from None


def _check_folder(location: str, path: Path, *, readonly: bool) -> None:
    """Refuse what cannot be a store folder, and create a missing one for writing."""
    if path.exists() and not path.is_dir():
        raise StoreError(
            f"{location}: is a file, not a store folder (name a folder, new or holding a store)")
    if path.is_dir() and any(path.iterdir()) and not (path / _STORE_MARKER).exists():
        # Refuse rather than scatter database files among someone's own files.
        raise StoreError(
            f"{location}: is a folder that holds other files, not a store "
            "(name an empty or new folder, or one that already holds a store)"
        )
    if readonly:
        if not (path / _STORE_MARKER).exists():
            raise StoreError(
                f"{location}: no store in this folder to open read-only "
                "(check the path, or open it for writing once to create the store)"
            )
    else:
        path.mkdir(parents=True, exist_ok=True)
