"""Reading a ``.qdpx`` archive safely: it is untrusted input from others.

A QDPX is a ZIP holding the project XML (``project.qde``, or ``<name>.qde``) and a
``sources`` (or ``Sources``) folder. Entries whose names would escape the archive's
folder are refused, as is an archive that inflates past :data:`MAX_TOTAL_BYTES` or whose
entries inflate more than :data:`MAX_RATIO` times their compressed size (a zip bomb).
Sizes are counted while reading, not taken from the archive's own headers.

Example:
    >>> import io, zipfile
    >>> buffer = io.BytesIO()
    >>> with zipfile.ZipFile(buffer, "w") as archive:
    ...     archive.writestr("project.qde", "<Project/>")
    ...     archive.writestr("Sources/A.txt", "text")
    >>> project = Archive(buffer, name="study.qdpx")
    >>> project.project_name, project.source_bytes("internal://A.txt")
    ('project.qde', b'text')
"""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from pathlib import Path
from typing import IO, Final

# The limits are shared with XLSX workbooks, which are ZIP archives too.
from .._helpers.zip_limits import MAX_RATIO, MAX_TOTAL_BYTES
from .._helpers.zip_limits import SMALL as _SMALL
from ..exceptions import InputError, Problem

__all__ = ["MAX_RATIO", "MAX_TOTAL_BYTES", "Archive"]

_CHUNK: Final = 2**16


class Archive:
    """The entries of a QDPX, checked, read on demand.

    Args:
        file: a path or an open binary file.
        name: what to call it in messages (its path).

    Raises:
        InputError: not a ZIP, no ``.qde`` in it, several, or an entry escaping the archive.
    """

    def __init__(self, file: str | Path | IO[bytes], *, name: str | Path,
                 max_total_bytes: int = MAX_TOTAL_BYTES, max_ratio: int = MAX_RATIO) -> None:
        self.name = str(name)
        self.read_bytes = 0
        self.max_total_bytes, self.max_ratio = max_total_bytes, max_ratio
        try:
            self._zip = zipfile.ZipFile(file)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError,
                UnicodeDecodeError) as error:  # what zipfile raises on a broken directory
            raise self._error("", f"is not a QDPX project: not a ZIP archive ({error})",
                              "export the project again from the QDA program as .qdpx") from None
        self._entries: dict[str, zipfile.ZipInfo] = {}
        for info in self._zip.infolist():
            if info.is_dir():
                continue
            self._entries[_checked_name(info.filename, self)] = info
        projects = sorted(name for name in self._entries
                          if "/" not in name and name.lower().endswith(".qde"))
        if not projects:
            raise self._error("", "holds no project XML (.qde) at its top level",
                              "export the project again from the QDA program as .qdpx")
        if len(projects) > 1:
            raise self._error("", f"holds {len(projects)} project files ({', '.join(projects)})",
                              "keep one .qde per archive")
        self._by_lower_name: dict[str, zipfile.ZipInfo] = {}
        for name, info in self._entries.items():
            self._by_lower_name.setdefault(name.lower(), info)
        #: The project XML's name: ``project.qde`` by the standard, ``<name>.qde`` in ATLAS.ti 26.
        self.project_name = projects[0]

    @property
    def comment(self) -> bytes:
        """The archive's comment (``cmo`` leaves its fingerprint there: :mod:`.fingerprint`)."""
        return self._zip.comment

    def project_bytes(self) -> bytes:
        return self._read(self._entries[self.project_name])

    def source_bytes(self, reference: str) -> bytes | None:
        """The bytes of ``internal://<file>`` (in ``sources/`` or ``Sources/``), or None."""
        file = reference.split("://", 1)[-1].replace("\\", "/").lstrip("/").lower()
        info = self._by_lower_name.get(f"sources/{file}") or self._by_lower_name.get(file)
        if info is None:  # a path from the author's disk: its file name in sources/
            info = self._by_lower_name.get(f"sources/{file.rsplit('/', 1)[-1]}")
        return self._read(info) if info is not None else None

    def _read(self, info: zipfile.ZipInfo) -> bytes:
        allowed = max(_SMALL, info.compress_size * self.max_ratio)
        chunks, size = [], 0
        try:
            with self._zip.open(info) as stream:
                while chunk := stream.read(_CHUNK):
                    size += len(chunk)
                    self.read_bytes += len(chunk)
                    if size > allowed:
                        raise self._error(info.filename, "inflates more than "
                                          f"{self.max_ratio} times its compressed size "
                                          "(a zip bomb?)",
                                          "do not open this file; ask for a fresh export")
                    if self.read_bytes > self.max_total_bytes:
                        raise self._error(info.filename, "the archive inflates past "
                                          f"{self.max_total_bytes:,} bytes",
                                          "split the project, or ask for a fresh export")
                    chunks.append(chunk)
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error, ValueError,
                NotImplementedError, RuntimeError) as error:
            # A corrupt deflate stream (zlib.error), a bad CRC, an encrypted or unknown
            # compression method (RuntimeError, NotImplementedError).
            raise self._error(info.filename, "cannot be read from the archive "
                              f"({type(error).__name__}: {error})",
                              "export the project again") from None
        return b"".join(chunks)

    def _error(self, place: str, message: str, fix: str) -> InputError:
        return InputError([Problem(place, message, fix)], source=self.name)


def _checked_name(name: str, archive: Archive) -> str:
    """An entry name made relative and plain, or an error if it would leave the archive."""
    plain = name.replace("\\", "/")
    normal = posixpath.normpath(plain)
    if (plain.startswith("/") or normal.startswith("../") or normal == ".."
            or (len(plain) > 1 and plain[1] == ":")):
        raise archive._error(name, "names a path outside the archive",
                             "do not open this file: its entries would escape their folder")
    return normal
