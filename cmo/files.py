"""Reading text files safely, and writing outputs whole under faults.

Reading refuses what is not a text file with one clear message (missing, a folder, empty,
binary, not UTF-8), or reads a file in another encoding, as ``charset-normalizer`` guesses
it, where the reader asks for that (reference lists).

Writing (:func:`write_atomically`) goes to a hidden temporary file beside the output,
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

A set of files (a CSV export: ``theory.csv`` and ``theory.excerpts.csv``... beside it) is
one write (:func:`write_set_atomically`), through a journal. Every file is first written
to its temporary file; then a small hidden journal, ``.{name}.cmo-journal``, naming each
temporary file, its output, size and SHA-256, is written atomically: that is the commit.
Then each temporary file is renamed over its output and the journal removed. A writer
killed after the commit leaves a journal whose temporary files are complete: the next
read (:func:`read_set`) or write of the set finishes the renames first, or, where the
folder cannot be written, reads the waiting temporary files instead (a file renamed
already is kept as it is, even if edited since). A journal naming a temporary file that
is not complete was never committed, and is removed; killed before the commit, a writer
leaves the earlier set whole. The journal checks only files waiting to
be renamed, never a set in place, which users may edit as they like.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import functools
import hashlib
import json
import os
import re
import secrets
import signal
import stat
import threading
import time
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Final, TypeVar

from .exceptions import CmoError, CmoWarning, InputError, OutputError, Problem

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: temporary files are judged by age
    fcntl = None  # type: ignore[assignment]

__all__ = ["ABANDONED_AFTER", "complete_set", "guess_encoding", "output_error", "read_set", "read_text",
           "remove_abandoned", "temporary_file", "write_atomically", "write_set_atomically", "writing_output"]

T = TypeVar("T")

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


# -- writing ---------------------------------------------------------------------------------

#: Temporary files with no lock (where locks do not exist) are abandoned after this long.
ABANDONED_AFTER: Final = 3600.0
_JOURNAL_SUFFIX: Final = ".cmo-journal"
_JOURNAL_VERSION: Final = 1
#: A journal names a few files: a larger file of that name is not one of ours.
_LARGEST_JOURNAL: Final = 2**20
# Longer names are shortened to a hash in the temporary file's name, to keep it legal.
_LONGEST_STEM: Final = 200
_CLOEXEC: Final = getattr(os, "O_CLOEXEC", 0)
_EDQUOT: Final = getattr(errno, "EDQUOT", None)
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
    errno.EACCES: ("permission denied",
                   "write it to a folder you may write to, or ask for permission"),
    errno.EPERM: ("permission denied",
                  "write it to a folder you may write to, or ask for permission"),
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
        if path.is_dir():
            raise IsADirectoryError(errno.EISDIR, "Is a directory", str(path))
        path.parent.mkdir(parents=True, exist_ok=True)
        remove_abandoned(path)
        mode = _mode_for(path) if mode is None else mode
        temporary, handle = _open_temporary(path)
        try:
            _fill(handle, temporary, write, mode)
            _place(temporary, path, replace=replace)
        except BaseException:
            _remove(temporary)
            raise
        finally:
            os.close(handle)  # and so the lock
        _sync_folder(path.parent)
    return path


def _fill(handle: int, temporary: Path, write: Callable[[IO[bytes]], None], mode: int) -> None:
    with os.fdopen(handle, "wb", closefd=False) as stream:
        write(stream)
        stream.flush()
        os.fsync(stream.fileno())
    if hasattr(os, "fchmod"):
        os.fchmod(handle, mode)
    else:  # pragma: no cover - Windows
        temporary.chmod(mode)


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


def _stem(path: Path) -> str:
    """What the names of ``path``'s temporary files start with, after the dot."""
    if len(os.fsencode(path.name)) <= _LONGEST_STEM:
        return path.name
    return hashlib.sha256(os.fsencode(path.name)).hexdigest()[:32]


def _is_temporary_of(name: str, path: Path) -> bool:
    """Whether ``name`` is a temporary file of ``path``'s, of this version or an earlier one
    (``tempfile.mkstemp``'s eight characters)."""
    prefix = f".{_stem(path)}."
    if not (name.startswith(prefix) and name.endswith(".tmp")):
        return False
    middle = name[len(prefix):-len(".tmp")]
    return (re.fullmatch(r"cmo-[0-9a-f]{16}", middle) is not None
            or re.fullmatch(r"[a-z0-9_]{8}", middle) is not None)


def _open_temporary(path: Path) -> tuple[Path, int]:
    """A new temporary file beside ``path``, open and locked."""
    for _ in range(100):
        temporary = path.parent / f".{_stem(path)}.cmo-{secrets.token_hex(8)}.tmp"
        handle = os.open(temporary, os.O_RDWR | os.O_CREAT | os.O_EXCL | _CLOEXEC, 0o600)
        try:
            _lock(handle, wait=True)
            # Between making and locking it, another writer may have taken it for
            # abandoned and removed it: then make another.
            if _still_named(temporary, handle):
                return temporary, handle
        except BaseException:  # a Ctrl-C: nothing left behind
            _remove(temporary)
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
            _remove(temporary)
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
    pending = _journaled(path.parent, names)
    return [path.parent / name for name in names
            if name not in pending and _is_temporary_of(name, path)
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


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def _sync_folder(folder: Path) -> None:
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


# -- sets of files -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Entry:
    """One file of a set's journal: its temporary file, its output, size and SHA-256."""

    temporary: Path
    target: Path
    size: int
    digest: str

    def holds(self, path: Path) -> bool:
        try:
            if path.stat().st_size != self.size:
                return False
            return hashlib.sha256(path.read_bytes()).hexdigest() == self.digest
        except OSError:
            return False


def write_set_atomically(files: Mapping[Path, bytes], *, output: str | Path | None = None,
                         members: Iterable[Path] = ()) -> None:
    """Write several files beside each other as one write: all of them, or none.

    After a failure or a kill, the earlier set is there as it was, or (once the journal
    is written) the new set is, whole, after the next :func:`read_set` or write of it.

    Args:
        files: the content of each file, all in one folder.
        output: the file the user asked for, named by errors and the journal (by
            default the first of ``files``).
        members: every file a set of this name may hold (as well as ``files``): a journal
            left by a killed writer may name any of them.

    Raises:
        OutputError: a file cannot be written, naming ``output``; the set is untouched.

    Example:
        >>> folder = getfixture("tmp_path")
        >>> write_set_atomically({folder / "t.csv": b"a\\r\\n", folder / "t.sources.csv": b"b\\r\\n"})
        >>> sorted(entry.name for entry in folder.iterdir())
        ['t.csv', 't.sources.csv']
    """
    targets = [Path(file) for file in files]
    output = Path(output) if output is not None else targets[0]
    if any(target.parent != output.parent for target in targets):
        raise ValueError("the files of a set must be in one folder")
    everything = [*dict.fromkeys([*targets, *map(Path, members)])]
    written: list[tuple[_Entry, int]] = []
    with writing_output(output):
        _roll_forward(output, everything)  # an earlier set, completed first
        output.parent.mkdir(parents=True, exist_ok=True)
        try:
            for target in targets:
                written.append(_write_temporary(target, files[target], output))
            with _interrupts_deferred():  # a Ctrl-C from here on is taken after the renames
                try:
                    write_atomically(_journal_of(output), lambda stream: stream.write(
                        _journal_text([entry for entry, _ in written])))
                except BaseException as error:
                    for entry, _ in written:
                        _remove(entry.temporary)
                    if isinstance(error, OutputError):  # named after the output, not its journal
                        raise OutputError(output, error.reason, error.fix,
                                          errno=error.errno) from None
                    raise
                _roll_forward(output, everything)
        except BaseException:
            if not _journal_of(output).exists():
                for entry, _ in written:
                    _remove(entry.temporary)
            raise
        finally:
            for _, handle in written:
                os.close(handle)


def _write_temporary(target: Path, data: bytes, output: Path) -> tuple[_Entry, int]:
    """``data`` in a new, locked temporary file beside ``target``, synced to disk."""
    try:
        if target.is_dir():
            raise IsADirectoryError(errno.EISDIR, "Is a directory", str(target))
        remove_abandoned(target)
        mode = _mode_for(target)
        temporary, handle = _open_temporary(target)
    except OSError as error:
        raise _member_error(output, target, error) from None
    try:
        _fill(handle, temporary, lambda stream: stream.write(data), mode)
    except BaseException as error:
        _remove(temporary)
        os.close(handle)
        if isinstance(error, OSError):
            raise _member_error(output, target, error) from None
        raise
    return _Entry(temporary, target, len(data), hashlib.sha256(data).hexdigest()), handle


def _member_error(output: Path, target: Path, error: OSError) -> OutputError:
    named = output_error(output, error)
    if target == output:
        return named
    return OutputError(output, f"{named.reason}, while writing {target.name} beside it",
                       named.fix, errno=named.errno)


def read_set(output: str | Path, members: Sequence[Path],
             read: Callable[[Mapping[Path, Path]], T], *, attempts: int = 5) -> T:
    """Read a set of files written by :func:`write_set_atomically` as one: never a mix.

    A write of the set that a kill interrupted after its commit is finished first, or,
    where the folder cannot be written, its new files are read where they wait. If the
    set changes while it is read (another program writes it), it is read again.

    Args:
        output: the set's file the user named.
        members: every file the set may hold.
        read: reads the set, given where each member's content is now (the member itself,
            or a pending temporary file).
        attempts: how many times to read a set that keeps changing.

    Raises:
        InputError: the set changed every time it was read.
    """
    output = Path(output)
    for _ in range(attempts):
        waiting = _settled(output, members)
        before = _signature(output, members)
        result = read({member: waiting.get(member, member) for member in members})
        if _signature(output, members) == before:
            return result
    raise InputError([Problem("", "the files of the set kept changing while they were read "
                              "(another program is writing them)",
                              "wait until it has finished, then read them again")],
                     source=output)


def complete_set(output: str | Path, members: Sequence[Path]) -> None:
    """Finish a write of a set of files that a kill interrupted after its commit (see
    :func:`write_set_atomically`); remove the journal of one that never got that far.

    Writers call it before looking at which files of an earlier set are there.

    Raises:
        OutputError: the folder cannot be written, naming ``output``.
    """
    with writing_output(output):
        _roll_forward(Path(output), members)


def _settled(output: Path, members: Sequence[Path]) -> dict[Path, Path]:
    """Finish an interrupted write of the set; the files still waiting, where the folder
    cannot be written, by output."""
    try:
        _roll_forward(output, members)
    except OSError:
        return {entry.target: entry.temporary for entry in _pending(output, members) or []}
    return {}


def _signature(output: Path, members: Sequence[Path]) -> tuple[object, ...]:
    def identity(path: Path) -> tuple[int, int, int, int] | None:
        try:
            found = path.stat()
        except OSError:
            return None
        return found.st_dev, found.st_ino, found.st_mtime_ns, found.st_size

    return (_journal_of(output).exists(), *map(identity, members))


def _journal_of(output: Path) -> Path:
    return output.with_name(f".{_stem(output)}{_JOURNAL_SUFFIX}")


def _journal_text(entries: Sequence[_Entry]) -> bytes:
    return json.dumps({"cmo-journal": _JOURNAL_VERSION, "files": [
        {"temporary": entry.temporary.name, "file": entry.target.name, "size": entry.size,
         "sha256": entry.digest} for entry in entries]}, indent=1).encode("utf-8")


def _journal(output: Path, members: Iterable[Path]) -> list[_Entry] | None:
    """The entries of the set's journal, or None if there is none or it is not one we
    wrote for these files (nothing outside the set is ever renamed)."""
    try:
        data = json.loads(_small(_journal_of(output)))
        names = {member.name: member for member in members}
        entries = [_Entry(output.parent / item["temporary"], names[item["file"]],
                          int(item["size"]), str(item["sha256"])) for item in data["files"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if data.get("cmo-journal") != _JOURNAL_VERSION or not all(
            _is_temporary_of(entry.temporary.name, entry.target)
            and entry.temporary.parent == output.parent for entry in entries):
        return None
    return entries


def _small(journal: Path) -> bytes:
    """A journal's bytes; a file too large to be one is refused with a ValueError."""
    with journal.open("rb") as stream:
        data = stream.read(_LARGEST_JOURNAL + 1)
    if len(data) > _LARGEST_JOURNAL:
        raise ValueError("not a journal")
    return data


def _roll_forward(output: Path, members: Sequence[Path]) -> None:
    """Finish the renames a set's journal names, if its temporary files are complete;
    remove a journal that cannot be finished (its write never got that far).

    Raises:
        OSError: the folder cannot be written.
    """
    journal = _journal_of(output)
    if not journal.exists():
        return
    pending = _pending(output, members)
    if pending is None:
        journal.unlink(missing_ok=True)
        return
    for entry in pending:
        with contextlib.suppress(FileNotFoundError):  # its writer, alive, has just renamed it
            entry.temporary.replace(entry.target)
    _sync_folder(output.parent)
    journal.unlink(missing_ok=True)


def _pending(output: Path, members: Sequence[Path]) -> list[_Entry] | None:
    """The files of the set's journal still to be renamed, or None if there is no journal
    that can be finished: one whose every file is waiting, complete, or renamed already."""
    entries = _journal(output, members)
    if entries is None:
        return None
    pending = []
    for entry in entries:
        if entry.holds(entry.temporary):
            pending.append(entry)
        elif entry.temporary.exists():
            return None  # incomplete: this set was never committed
        # else renamed already (and perhaps edited in a spreadsheet since: it is kept)
    return pending


def _journaled(folder: Path, names: Iterable[str]) -> set[str]:
    """The temporary files named by the journals in ``folder``: they wait to be renamed."""
    waiting: set[str] = set()
    for name in names:
        if name.startswith(".") and name.endswith(_JOURNAL_SUFFIX):
            with contextlib.suppress(OSError, ValueError, TypeError, KeyError, AttributeError):
                data = json.loads(_small(folder / name))
                waiting.update(str(item["temporary"]) for item in data["files"])
    return waiting


@contextlib.contextmanager
def _interrupts_deferred() -> Iterator[None]:
    """Take a Ctrl-C (SIGINT) only once the block is done, so a set is never left half
    renamed by one (signals reach only the main thread)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, _: received.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if received:
            if callable(previous):
                previous(signal.SIGINT, None)
            elif previous == signal.SIG_DFL:
                os.kill(os.getpid(), signal.SIGINT)
