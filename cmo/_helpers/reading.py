"""Reading text files safely: one clear message for what is not a text file, or a
guess at the encoding where the reader asks for one (reference lists).
"""

from __future__ import annotations

import codecs
import functools
import re
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from ..exceptions import CmoWarning, InputError, Problem

__all__ = ["guess_encoding", "read_text"]

_SNIFF_BYTES: Final = 8192
#: How much of a file, around its first byte that is not UTF-8, its encoding is guessed from.
_GUESSED_BYTES: Final = 65536
# Characters of UTF-8 beyond ASCII (not the bytes that are not UTF-8, escaped as surrogates).
_UTF8_NOT_ASCII = re.compile(r"[^\x00-\x7f\udc80-\udcff]")
_HIGH_BYTES: Final = bytes(range(0x80, 0x100))
_ENCODING_NAMES: Final = {"cp1252": "Windows-1252", "cp1250": "Windows-1250",
                          "cp1251": "Windows-1251", "latin_1": "Latin-1",
                          "mac_roman": "Mac OS Roman"}


def guess_encoding(data: bytes, *, prefer: Sequence[str] = ()) -> str | None:
    """The encoding ``data`` seems to be in, as ``charset-normalizer`` guesses it.

    Short texts read equally well in several encodings (``Müller`` is the same in
    Windows-1250 and Windows-1252); of those, the first of ``prefer`` is chosen.

    Returns:
        the Python name of the encoding (``"cp1252"``), or None if ``data`` looks like
        binary data rather than text.

    Example:
        >>> data = "Müller, Jürgen: patients’ trust in a café".encode("cp1252")
        >>> guess_encoding(data, prefer=["cp1252"])
        'cp1252'
    """
    from charset_normalizer import from_bytes  # imported when needed: it takes a while

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    for encoding in prefer:
        if any(match.chaos <= best.chaos and encoding in match.could_be_from_charset
               for match in matches):
            return encoding
    return best.encoding


def read_text(path: str | Path, *, fallback: Sequence[str] | None = None) -> str:
    """The text of a UTF-8 file (a byte-order mark is dropped).

    Args:
        path: the file.
        fallback: when given, a file that is not UTF-8 is read in the encoding it seems to
            be in (see :func:`guess_encoding`; of the encodings that read it equally well,
            the first of ``fallback``), with a :class:`~cmo.exceptions.CmoWarning` naming
            the encoding and the first byte that is not UTF-8. With a single-byte encoding
            (Windows-1252...), only the bytes that are not UTF-8 are read in it, so files
            joined together keep the part that is UTF-8.

    Raises:
        InputError: the file is missing, a folder, empty, binary or not UTF-8 (and, with
            ``fallback``, in no encoding that can be guessed).
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
        place, byte = f"line {line}, column {column}", f"byte 0x{data[error.start]:02x}"
        guessed = _guessed(data, error.start, fallback) if fallback is not None else None
        if guessed is None:
            raise fail(place, f"{byte} is not valid UTF-8",
                       "save the file as UTF-8 (in most editors: 'Save with encoding')") from None
        text, encoding, mixed = guessed
        name = _ENCODING_NAMES.get(encoding)
        named = f"{name} ({encoding})" if name else encoding
        read = (f"the bytes that are not UTF-8 are read as {named}, the encoding they seem to "
                "be in, and the rest as UTF-8" if mixed else
                f"the file is read as {named}, the encoding it seems to be in")
        problem = Problem(place, f"{byte} is not UTF-8: {read}", "check its accented letters "
                          "and quotes; save it as UTF-8 to be sure")
        warnings.warn(f"{path}: {problem}", CmoWarning, stacklevel=2)
    return text


def _guessed(data: bytes, start: int, prefer: Sequence[str]) -> tuple[str, str, bool] | None:
    """``data`` decoded in the encoding guessed around ``start``, that encoding, and whether
    the rest is UTF-8 (as in files joined together).

    The guess is made from the bytes that are not UTF-8, with ASCII around them. With a
    single-byte encoding, only those bytes are read in it; a multi-byte one reads it all.
    """
    window = data[max(0, start - _GUESSED_BYTES // 2): start + _GUESSED_BYTES // 2]
    escaped = window.decode("utf-8", errors="surrogateescape")
    legacy = _UTF8_NOT_ASCII.sub("", escaped).encode("utf-8", errors="surrogateescape")
    encoding = guess_encoding(legacy, prefer=prefer)
    if encoding is None:
        return None
    try:
        if len(_HIGH_BYTES.decode(encoding, errors="replace")) != len(_HIGH_BYTES):
            return data.decode(encoding), encoding, False
        handler = f"cmo-{encoding}"
        try:
            codecs.lookup_error(handler)
        except LookupError:
            codecs.register_error(handler, functools.partial(_byte_in, encoding))
        text = data.decode("utf-8-sig", errors=handler)
    except (UnicodeDecodeError, LookupError):
        return None
    mixed = _UTF8_NOT_ASCII.search(data.decode("utf-8", errors="surrogateescape")) is not None
    return text, encoding, mixed


def _byte_in(encoding: str, error: UnicodeError) -> tuple[str, int]:
    """A decoding error handler: the bytes that are not UTF-8, read in ``encoding``."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return error.object[error.start:error.end].decode(encoding), error.end

