"""Writing one output whole under faults.

:func:`write_atomically` goes to a hidden temporary file beside the output,
``.{name}.cmo-<random>.tmp``, synced to disk and renamed over the output only once
complete: a reader sees the old file or the new one, never a part. A failure to write
(a full disk, a file-size limit, a read-only disk, no permission...) is one
:class:`~cmo.exceptions.OutputError` naming the output asked for, never the temporary file
(:func:`writing_output` does the same for work a writer does before).

No litter: while a temporary file is written, its writer holds an exclusive lock
(``flock``) on it. A writer killed before the rename (``kill -9``, a power cut) leaves it
behind, unlocked; the next write to the same output removes every temporary file of that
output whose lock it can take (its writer is gone), and leaves those a live writer holds
(:func:`remove_abandoned`). It removes the ``.{name}.<random>.tmp`` files that earlier
versions of cmo left too. Where there are no locks (Windows, some network disks),
temporary files :data:`ABANDONED_AFTER` seconds old are taken as abandoned.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import IO, Final

from ..exceptions import CmoError, OutputError
from .naming import is_temporary_of, journaled, stem

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: temporary files are judged by age
    fcntl = None  # type: ignore[assignment]


__all__ = ["ABANDONED_AFTER", "output_error", "remove_abandoned", "temporary_file", "write_atomically",
           "write_temporary", "writing_output"]

#: Temporary files with no lock (where locks do not exist) are abandoned after this long.
ABANDONED_AFTER: Final = 3600.0
_CLOEXEC: Final = getattr(os, "O_CLOEXEC", 0)
_EDQUOT: Final = getattr(errno, "EDQUOT", None)
_PERMISSION_DENIED: Final = ("permission denied",
                            "write it to a folder you may write to, or ask for permission")
_CAUSES: Final[Mapping[int, tuple[str, str]]] = {
    errno.ENOSPC: ("the disk is full",
                   "free some space, or write it to another disk, and try again"),
    **({_EDQUOT: ("your disk quota is used up",
                  "free some space within your quota, or write it elsewhere, and try again")}
       if _EDQUOT is not None else {}),
    errno.EFBIG: ("it would be larger than the file-size limit allows (ulimit -f)",
                  "raise the limit ('ulimit -f unlimited') or write a smaller part, "
                  "and try again"),
    errno.EROFS: ("the disk is read-only",
                  "write it to a folder on a disk that can be written"),
    errno.EACCES: _PERMISSION_DENIED,
    errno.EPERM: _PERMISSION_DENIED,
    errno.ENAMETOOLONG: ("the file name is too long",
                         "give it a shorter name, in a folder with a shorter path"),
    errno.EISDIR: ("it is a folder", "name a file inside it, or another file"),
}


def output_error(path: str | Path, error: OSError) -> OutputError:
    """The :class:`~cmo.exceptions.OutputError` that says why ``path`` could not be written.

    Example:
        >>> import errno
        >>> error = output_error("out/theory.ttl", OSError(errno.EFBIG, "File too large"))
        >>> error.reason
        'it would be larger than the file-size limit allows (ulimit -f)'
        >>> error.errno == errno.EFBIG
        True
    """
    path = Path(path)
    number = error.errno
    if number in (errno.ENOTDIR, errno.EEXIST) and (blocking := _file_in_the_way(path)):
        reason, fix = (f"{str(blocking)!r} is a file, not a folder",
                       "name a path in another folder, or move that file away")
    elif number is not None and number in _CAUSES:
        reason, fix = _CAUSES[number]
    else:
        reason = error.strerror or str(error) or type(error).__name__
        fix = "check the folder and the disk, and try again"
    return OutputError(path, reason, fix, errno=number)


def _file_in_the_way(path: Path) -> Path | None:
    """The first folder of ``path``'s that is a file, if one is."""
    for folder in reversed(path.parents):
        if folder.exists() and not folder.is_dir():
            return folder
    return None


@contextlib.contextmanager
def writing_output(path: str | Path) -> Iterator[None]:
    """Turn every failure to write (an :class:`OSError`) into one
    :class:`~cmo.exceptions.OutputError` naming ``path``, the output the user asked for.

    Writers wrap in it the work they do before :func:`write_atomically` that writes files
    of its own (openpyxl's temporary files, say). Our own errors pass through unchanged.

    Example:
        >>> import errno
        >>> try:
        ...     with writing_output("out/theory.xlsx"):
        ...         raise OSError(errno.ENOSPC, "No space left on device", "/tmp/openpyxl.x1")
        ... except OutputError as error:
        ...     print(error)
        out/theory.xlsx: cannot be written: the disk is full (free some space, or write it to another disk, and try again)
    """
    try:
        yield
    except CmoError:
        raise
    except OSError as error:
        raise output_error(path, error) from None


def write_atomically(path: str | Path, write: Callable[[IO[bytes]], None], *,
                     mode: int | None = None, replace: bool = True) -> Path:
    """Write a file through ``write(stream)``, replacing ``path`` only once it is complete.

    If ``write`` raises, the temporary file is removed and ``path`` is untouched. Temporary
    files that a killed writer left beside ``path`` are removed first (see above).

    Args:
        path: the output.
        write: writes the whole content to the stream it is given.
        mode: the new file's permissions; by default an existing file's, or the usual ones.
        replace: False refuses to replace a file that is there (even one that appears
            meanwhile), with an error whose ``errno`` is ``EEXIST``.

    Raises:
        OutputError: the file cannot be written (a full disk, a file-size limit, a
            read-only disk, no permission...), naming ``path``.

    Example:
        >>> path = write_atomically(getfixture("tmp_path") / "theory.txt",
        ...                         lambda stream: stream.write(b"synthetic"))
        >>> path.read_bytes(), sorted(entry.name for entry in path.parent.iterdir())
        (b'synthetic', ['theory.txt'])
    """
    path = Path(path)
    with writing_output(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary, handle = write_temporary(path, write, mode=mode)
        try:
            _place(temporary, path, replace=replace)
        except BaseException:
            remove_quietly(temporary)
            raise
        finally:
            os.close(handle)  # and so the lock
        sync_folder(path.parent)
    return path


def write_temporary(path: Path, write: Callable[[IO[bytes]], None], *,
                    mode: int | None = None) -> tuple[Path, int]:
    """The content ``write(stream)`` makes, in a new temporary file beside ``path``, synced
    to disk, with ``path``'s permissions (or ``mode``), open and locked; the abandoned
    temporary files of ``path`` are removed first. Nothing is left if it fails.

    Returns:
        The temporary file and its handle; close the handle (so the lock) once it is
        renamed into place.

    Raises:
        OSError: the file cannot be written (the caller names its output).
    """
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, "Is a directory", str(path))
    remove_abandoned(path)
    mode = _mode_for(path) if mode is None else mode
    temporary, handle = _open_temporary(path)
    try:
        with os.fdopen(handle, "wb", closefd=False) as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        if hasattr(os, "fchmod"):
            os.fchmod(handle, mode)
        else:  # pragma: no cover - Windows
            temporary.chmod(mode)
    except BaseException:
        remove_quietly(temporary)
        os.close(handle)
        raise
    return temporary, handle


def _place(temporary: Path, path: Path, *, replace: bool) -> None:
    if replace:
        temporary.replace(path)
        return
    try:  # a hard link fails if anything is there, even something made a moment ago
        os.link(temporary, path)
    except FileExistsError:
        raise
    except OSError:  # no hard links on this file system: check, then rename
        if path.exists():
            raise FileExistsError(errno.EEXIST, "File exists", str(path)) from None
        temporary.replace(path)
    else:
        temporary.unlink()


def _mode_for(path: Path) -> int:
    """An existing file keeps its permissions; a new one gets the usual ones (umask)."""
    if path.exists():
        return path.stat().st_mode & 0o7777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _open_temporary(path: Path) -> tuple[Path, int]:
    """A new temporary file beside ``path``, open and locked."""
    for _ in range(100):
        temporary = path.parent / f".{stem(path)}.cmo-{secrets.token_hex(8)}.tmp"
        handle = os.open(temporary, os.O_RDWR | os.O_CREAT | os.O_EXCL | _CLOEXEC, 0o600)
        try:
            _lock(handle, wait=True)
            # Between making and locking it, another writer may have taken it for
            # abandoned and removed it: then make another.
            if _still_named(temporary, handle):
                return temporary, handle
        except BaseException:  # a Ctrl-C: nothing left behind
            remove_quietly(temporary)
            os.close(handle)
            raise
        os.close(handle)
    raise FileExistsError(errno.EEXIST, "no temporary file could be made", str(path))


@contextlib.contextmanager
def temporary_file(path: str | Path) -> Iterator[Path]:
    """A new, empty temporary file beside ``path``, for a writer's own work (openpyxl's
    sheets), removed at the end of the block; locked like the temporary file of
    :func:`write_atomically`, so if the writer is killed the next write to ``path``
    removes it.

    Example:
        >>> with temporary_file(getfixture("tmp_path") / "theory.xlsx") as sheet:
        ...     _ = sheet.write_bytes(b"synthetic")
        >>> sheet.exists()
        False
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary, handle = _open_temporary(path)
    try:
        yield temporary
    finally:
        if _still_named(temporary, handle):
            remove_quietly(temporary)
        os.close(handle)


def _lock(handle: int, *, wait: bool) -> bool | None:
    """Lock a file exclusively: True if locked, False if another process holds it, None
    where there are no locks."""
    if fcntl is None:  # pragma: no cover - Windows
        return None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except BlockingIOError:
        return False
    except OSError:  # a file system without locks (some network disks)
        return None
    return True


def _still_named(path: Path, handle: int) -> bool:
    try:
        now, held = path.lstat(), os.fstat(handle)
    except FileNotFoundError:
        return False
    return (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino)


def remove_abandoned(path: str | Path) -> list[Path]:
    """Remove the temporary files beside ``path`` that killed writers of it left.

    A temporary file is abandoned when its lock can be taken (its writer is gone), or,
    where there are no locks, when it is :data:`ABANDONED_AFTER` seconds old. Files a
    set's journal names are left for the set to finish (see :func:`read_set`).

    Returns:
        The files removed.
    """
    path = Path(path)
    try:
        names = [entry.name for entry in path.parent.iterdir()]
    except OSError:
        return []
    pending = journaled(path.parent, names)
    return [path.parent / name for name in names
            if name not in pending and is_temporary_of(name, path)
            and _remove_if_abandoned(path.parent / name)]


def _remove_if_abandoned(temporary: Path) -> bool:
    try:
        handle = os.open(temporary, os.O_RDONLY | _CLOEXEC | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return False
    try:
        held = os.fstat(handle)
        if not stat.S_ISREG(held.st_mode):
            return False
        locked = _lock(handle, wait=False)
        if locked is False or (locked is None and time.time() - held.st_mtime < ABANDONED_AFTER):
            return False  # a live writer's
        if not _still_named(temporary, handle):
            return False
        temporary.unlink()
        return True
    except OSError:
        return False
    finally:
        os.close(handle)


def remove_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def sync_folder(folder: Path) -> None:
    """Make renames in ``folder`` last a power cut, where the system allows it."""
    if not hasattr(os, "O_DIRECTORY"):  # pragma: no cover - Windows
        return
    try:
        handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | _CLOEXEC)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass  # the files are in place already; some file systems cannot sync a folder
    finally:
        os.close(handle)

