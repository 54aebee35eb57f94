"""Writing a set of files as one write, and reading it back whole.

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

import contextlib
import hashlib
import json
import os
import signal
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from ..exceptions import InputError, OutputError, Problem
from .naming import (
    JOURNAL_VERSION,
    is_temporary_of,
    journal_bytes,
    journal_of,
)
from .writing import (
    output_error,
    remove_quietly,
    sync_folder,
    write_atomically,
    write_temporary,
    writing_output,
)

T = TypeVar("T")

__all__ = ["complete_set", "read_set", "write_set_atomically"]


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
                    write_atomically(journal_of(output), lambda stream: stream.write(
                        _journal_text([entry for entry, _ in written])))
                except BaseException as error:
                    for entry, _ in written:
                        remove_quietly(entry.temporary)
                    if isinstance(error, OutputError):  # named after the output, not its journal
                        raise OutputError(output, error.reason, error.fix,
                                          errno=error.errno) from None
                    raise
                _roll_forward(output, everything)
        except BaseException:
            if not journal_of(output).exists():
                for entry, _ in written:
                    remove_quietly(entry.temporary)
            raise
        finally:
            for _, handle in written:
                os.close(handle)


def _write_temporary(target: Path, data: bytes, output: Path) -> tuple[_Entry, int]:
    """``data`` in a new, locked temporary file beside ``target``, synced to disk."""
    try:
        temporary, handle = write_temporary(target, lambda stream: stream.write(data))
    except OSError as error:
        raise _member_error(output, target, error) from None
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

    return (journal_of(output).exists(), *map(identity, members))


def _journal_text(entries: Sequence[_Entry]) -> bytes:
    return json.dumps({"cmo-journal": JOURNAL_VERSION, "files": [
        {"temporary": entry.temporary.name, "file": entry.target.name, "size": entry.size,
         "sha256": entry.digest} for entry in entries]}, indent=1).encode("utf-8")


def _journal(output: Path, members: Iterable[Path]) -> list[_Entry] | None:
    """The entries of the set's journal, or None if there is none or it is not one we
    wrote for these files (nothing outside the set is ever renamed)."""
    try:
        data = json.loads(journal_bytes(journal_of(output)))
        names = {member.name: member for member in members}
        entries = [_Entry(output.parent / item["temporary"], names[item["file"]],
                          int(item["size"]), str(item["sha256"])) for item in data["files"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if data.get("cmo-journal") != JOURNAL_VERSION or not all(
            is_temporary_of(entry.temporary.name, entry.target)
            and entry.temporary.parent == output.parent for entry in entries):
        return None
    return entries


def _roll_forward(output: Path, members: Sequence[Path]) -> None:
    """Finish the renames a set's journal names, if its temporary files are complete;
    remove a journal that cannot be finished (its write never got that far).

    Raises:
        OSError: the folder cannot be written.
    """
    journal = journal_of(output)
    if not journal.exists():
        return
    pending = _pending(output, members)
    if pending is None:
        journal.unlink(missing_ok=True)
        return
    for entry in pending:
        with contextlib.suppress(FileNotFoundError):  # its writer, alive, has just renamed it
            entry.temporary.replace(entry.target)
    sync_folder(output.parent)
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
