"""What pyoxigraph's errors, and those of the RocksDB database under it, mean for the user.

pyoxigraph raises ``OSError`` with RocksDB's own words (which name a database file, not the
store, and the system's strerror text), ``SyntaxError`` for bad data or queries, and
``RuntimeError`` for the rest. The functions here turn those into the part of a
:class:`~cmo.exceptions.StoreError` message after the store's folder: what happened, and the
fix. They read only the error's words, which name positions and files, never data.

Example:
    >>> write_failure(OSError("IO error: s/000012.log: No space left on device"), "store the graph <g>")
    'cannot store the graph <g>: the disk is full; the store is unchanged (free some space, then try again)'
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["disk_fault", "open_failure", "reason", "write_failure"]

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


def reason(error: BaseException) -> str:
    """pyoxigraph's explanation on one short line (it names positions, not data).

    Example:
        >>> reason(SyntaxError("unexpected end of file"))
        'unexpected end of file'
    """
    # A SyntaxError's str() appends "(line N)", which its message already says better.
    message = error.msg if isinstance(error, SyntaxError) and error.msg else str(error)
    text = " ".join(message.split())
    return text if len(text) <= _MAX_REASON else f"{text[: _MAX_REASON - 3]}..."


def disk_fault(error: BaseException) -> tuple[str, str] | None:
    """What happened and the fix, when ``error`` is a fault of the disk under the store.

    Example:
        >>> disk_fault(OSError("IO error: While appending to file: s/000012.log: No space left on device"))
        ('the disk is full', 'free some space, then try again')
        >>> disk_fault(OSError("Corruption: block checksum mismatch")) is None
        True
    """
    text = str(error).lower()
    for words, what, fix in _DISK_FAULTS:
        if words in text:
            return what, fix
    return None


def write_failure(error: BaseException, action: str) -> str:
    """Why a write failed, and the fix: ``action`` says what the write was doing.

    Example:
        >>> write_failure(RuntimeError("a transaction conflict"), "delete the graph <g>")
        'cannot delete the graph <g> (a transaction conflict); the store is unchanged'
    """
    if (fault := disk_fault(error)) is not None:
        what, fix = fault
        return f"cannot {action}: {what}; the store is unchanged ({fix})"
    return f"cannot {action} ({reason(error)}); the store is unchanged"


def open_failure(error: BaseException) -> str:
    """Why a store folder could not be opened, and the fix.

    Example:
        >>> open_failure(OSError("IO error: While lock file: s/LOCK: Resource temporarily unavailable"))
        'the store folder is in use by another process (close that program or server first, or query it through its server)'
    """
    text = str(error)
    if "lock hold by current process" in text:
        return ("the store folder is already open in this process "
                "(close the other store object first, or reuse it)")
    if _LOCK_WORD.search(text):
        return ("the store folder is in use by another process "
                "(close that program or server first, or query it through its server)")
    if (fault := disk_fault(error)) is not None:
        what, fix = fault
        return f"cannot open the store: {what} ({fix})"
    return (f"cannot open the store folder ({reason(error)}): "
            "check that it holds an Oxigraph store and that you may read and write it")
