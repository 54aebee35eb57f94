"""Reading text files safely and writing outputs atomically.

Reading refuses what is not a text file with one clear message (missing, a folder, empty,
binary, not UTF-8). Writing goes to a temporary file beside the target and is renamed into
place only when complete, so an existing output is never left half-written.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Final

from .exceptions import InputError, Problem

__all__ = ["read_text", "write_atomically"]

_SNIFF_BYTES: Final = 8192


def read_text(path: str | Path) -> str:
    """The text of a UTF-8 file (a byte-order mark is dropped).

    Raises:
        InputError: the file is missing, a folder, empty, binary or not UTF-8.
    """
    path = Path(path)

    def fail(place: str, message: str, fix: str) -> InputError:
        return InputError([Problem(place, message, fix)], source=path)

    if not path.exists():
        raise fail("", "no such file", "check the path and the file name")
    if path.is_dir():
        raise fail("", "is a folder, not a file", "name a file inside it")
    data = path.read_bytes()
    if not data.strip():
        raise fail("", "the file is empty", "write the theory into it, or name another file")
    if b"\x00" in data[:_SNIFF_BYTES]:
        raise fail("", "is a binary file, not text", "give a text file (.yaml, .json, .ttl ...)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise fail(
            f"line {line}, column {column}",
            f"byte 0x{data[error.start]:02x} is not valid UTF-8",
            "save the file as UTF-8 (in most editors: 'Save with encoding')",
        ) from None
    return text


def write_atomically(path: str | Path, write: Callable[[IO[bytes]], None]) -> Path:
    """Write a file through ``write(stream)``, replacing ``path`` only once it is complete.

    If ``write`` raises, the temporary file is removed and ``path`` is untouched.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = _mode_for(path)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).chmod(mode)
        Path(temporary).replace(path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            Path(temporary).unlink()
        raise
    return path


def _mode_for(path: Path) -> int:
    """An existing file keeps its permissions; a new one gets the usual ones (umask)."""
    if path.exists():
        return path.stat().st_mode & 0o7777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
