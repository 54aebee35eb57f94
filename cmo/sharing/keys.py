"""Pseudonym keys: the secret that makes the same participant get the same pseudonym.

A key file holds at least :data:`MIN_KEY_BYTES` random bytes, as hexadecimal or base64
text (or raw). :func:`new_key` makes one, readable by its owner alone; :func:`read_key`
reads one and says clearly what is wrong with a file that is not a key, never showing it.
"""

from __future__ import annotations

import base64
import binascii
import errno
import os
import re
import secrets
import stat
import warnings
from pathlib import Path
from typing import Final

from .._helpers import write_atomically
from ..exceptions import CmoWarning, InputError, OutputError, Problem

__all__ = ["MIN_KEY_BYTES", "new_key", "read_key", "short_key"]

#: The shortest pseudonym key accepted, in bytes (HMAC-SHA256's own output length).
MIN_KEY_BYTES: Final = 32


def read_key(path: str | Path) -> bytes:
    """Read a pseudonym key file: hexadecimal or base64 text, or raw bytes.

    White space and a final newline around text keys are ignored. A key file that others
    may read gives a :class:`~cmo.exceptions.CmoWarning`.

    Args:
        path: the key file (see :func:`new_key`).

    Returns:
        The key, at least :data:`MIN_KEY_BYTES` bytes.

    Raises:
        InputError: the file is missing, a folder, unreadable or empty, the key is
            malformed, or shorter than :data:`MIN_KEY_BYTES` bytes. Messages never show
            the key.

    Example:
        >>> path = new_key(getfixture("tmp_path") / "study.key")
        >>> len(read_key(path))
        32
    """
    path = Path(path)

    def fail(message: str, fix: str) -> InputError:
        return InputError([Problem("", message, fix)], source=path)

    make = "make one with cmo.new_key(path)"
    if not path.exists():
        raise fail("no such key file", f"check the path, or {make}")
    if path.is_dir():
        raise fail("is a folder, not a key file", "name the key file inside it")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise fail(f"the key file cannot be read ({error.strerror or 'error'})",
                   "check its permissions") from None
    if not data.strip():
        raise fail("the key file is empty", make)
    key = _decode_key(data)
    if key is None:
        raise fail("the key file holds no valid key (not hexadecimal, base64 or raw bytes)",
                   f"use the file new_key wrote, unchanged, or {make}")
    if len(key) < MIN_KEY_BYTES:
        problem = short_key(len(key))
        raise fail(problem.message, problem.fix or make)
    if os.name == "posix" and stat.S_IMODE(path.stat().st_mode) & 0o077:
        warnings.warn(f"{path}: the pseudonym key file can be read by other users "
                      "(make it private: chmod 600)", CmoWarning, stacklevel=2)
    return key


def new_key(path: str | Path, *, overwrite: bool = False) -> Path:
    """Write a new random pseudonym key (32 bytes, as hexadecimal text) to ``path``.

    The file is written atomically with mode 0600 (only its owner may read it). Keep it
    with the raw data, never with what is shared.

    Args:
        path: the key file to make.
        overwrite: replace an existing key file. Exports made with the old key then no
            longer share pseudonyms with new ones.

    Returns:
        The path written.

    Raises:
        InputError: a file is already there and ``overwrite`` is False.

    Example:
        >>> import stat
        >>> path = new_key(getfixture("tmp_path") / "study.key")
        >>> oct(stat.S_IMODE(path.stat().st_mode))
        '0o600'
    """
    path = Path(path)
    if path.exists() and not overwrite:
        raise _exists(path)
    data = (secrets.token_bytes(MIN_KEY_BYTES).hex() + "\n").encode("ascii")
    # The temporary file is made 0600, so the key is never readable by others.
    try:
        return write_atomically(path, lambda stream: stream.write(data), mode=0o600,
                                replace=overwrite)
    except OutputError as error:
        if error.errno == errno.EEXIST and not overwrite and path.exists():
            raise _exists(path) from None  # one made meanwhile
        raise


def _exists(path: Path) -> InputError:
    return InputError([Problem("", "a key file is already there",
                               "name another file, or pass overwrite=True (exports made with "
                               "the old key then no longer share pseudonyms with new ones)")],
                      source=path)


def _decode_key(data: bytes) -> bytes | None:
    """The key in a key file's bytes, or None if it is text but neither hex nor base64."""
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError:
        return data
    if not all(character.isprintable() or character.isspace() for character in text):
        return data
    compact = "".join(text.split())
    if re.fullmatch(r"(?:[0-9A-Fa-f]{2})+", compact):
        return bytes.fromhex(compact)
    altchars = b"-_" if any(character in "-_" for character in compact) else None
    try:
        return base64.b64decode(compact + "=" * (-len(compact) % 4), altchars=altchars,
                                validate=True)
    except (binascii.Error, ValueError):
        return None


def short_key(size: int) -> Problem:
    return Problem("key", f"the pseudonym key is too short ({size} bytes)",
                   f"use at least {MIN_KEY_BYTES} random bytes ({2 * MIN_KEY_BYTES} hex digits): "
                   "cmo.new_key(path) makes a key file")
