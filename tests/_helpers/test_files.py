"""Outputs are written whole or not at all, with the permissions a user expects; faults
name the output; killed writers leave no litter; a set of files is one write."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import stat
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Mapping
from pathlib import Path

import pytest

from cmo._helpers import (
    complete_set,
    read_set,
    remove_abandoned,
    write_atomically,
    write_set_atomically,
)
from cmo.exceptions import InputError, OutputError, Problem


def test_a_new_file_gets_the_usual_permissions(tmp_path: Path):
    umask = os.umask(0o022)
    try:
        path = write_atomically(tmp_path / "out.ttl", lambda stream: stream.write(b"data"))
    finally:
        os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert path.read_bytes() == b"data"


def test_an_existing_file_keeps_its_permissions(tmp_path: Path):
    path = tmp_path / "out.ttl"
    path.write_bytes(b"old")
    path.chmod(0o600)
    write_atomically(path, lambda stream: stream.write(b"new"))
    assert (stat.S_IMODE(path.stat().st_mode), path.read_bytes()) == (0o600, b"new")


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path):
    path = tmp_path / "out.ttl"
    path.write_bytes(b"old")

    def fail(stream):
        stream.write(b"half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        write_atomically(path, fail)
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.ttl"]


# -- faults name the output ------------------------------------------------------------------

def _write_in_child(path: Path, size: int, *, limit: int) -> subprocess.CompletedProcess[str]:
    """Write ``size`` bytes to ``path`` in a child whose file-size limit is ``limit``."""
    code = textwrap.dedent(f"""
        import resource
        from cmo._helpers import write_atomically
        resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))
        try:
            write_atomically({str(path)!r}, lambda stream: stream.write(b"x" * {size}))
        except OSError as error:
            print(type(error).__name__, error.errno, error, sep="|")
    """)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=True)


def test_a_file_size_limit_names_the_output_not_the_temporary_file(tmp_path: Path):
    path = tmp_path / "out.ttl"
    path.write_bytes(b"old")
    result = _write_in_child(path, 4096, limit=1024)
    assert result.stdout == (
        f"OutputError|{errno.EFBIG}|{path}: cannot be written: it would be larger than the "
        "file-size limit allows (ulimit -f) (raise the limit ('ulimit -f unlimited') or write "
        "a smaller part, and try again)\n")
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.ttl"]


def test_a_file_in_the_way_of_the_folder_is_named(tmp_path: Path):
    (tmp_path / "results").write_bytes(b"not a folder")
    path = tmp_path / "results" / "2024" / "out.ttl"
    with pytest.raises(OutputError) as caught:
        write_atomically(path, lambda stream: stream.write(b"data"))
    assert str(caught.value) == (
        f"{path}: cannot be written: {str(tmp_path / 'results')!r} is a file, not a folder "
        "(name a path in another folder, or move that file away)")
    assert isinstance(caught.value, OSError)


def test_an_output_that_is_a_folder_is_refused_before_anything_is_written(tmp_path: Path):
    (tmp_path / "out.ttl").mkdir()
    with pytest.raises(OutputError, match=r"out\.ttl: cannot be written: it is a folder "
                                          r"\(name a file inside it, or another file\)"):
        write_atomically(tmp_path / "out.ttl", lambda stream: stream.write(b"data"))
    assert [p.name for p in tmp_path.iterdir()] == ["out.ttl"]


def test_a_name_too_long_is_said_so(tmp_path: Path):
    path = tmp_path / ("n" * 300 + ".ttl")
    with pytest.raises(OutputError) as caught:
        write_atomically(path, lambda stream: stream.write(b"data"))
    assert str(caught.value) == (f"{path}: cannot be written: the file name is too long "
                                 "(give it a shorter name, in a folder with a shorter path)")
    assert list(tmp_path.iterdir()) == []


def test_a_long_name_that_is_legal_is_written(tmp_path: Path):
    path = tmp_path / ("n" * 250 + ".ttl")  # 254 bytes: its temporary file's name is shorter
    write_atomically(path, lambda stream: stream.write(b"data"))
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="root may write in any folder, whatever its permissions")
def test_a_folder_without_permission_is_said_so(tmp_path: Path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(OutputError, match=r"locked/out\.ttl: cannot be written: "
                                              r"permission denied \(write it to a folder"):
            write_atomically(folder / "out.ttl", lambda stream: stream.write(b"data"))
    finally:
        folder.chmod(0o755)


def test_other_errors_of_ours_pass_through(tmp_path: Path):
    with pytest.raises(InputError):
        write_atomically(tmp_path / "out.ttl", lambda stream: _raise(
            InputError([Problem("", "synthetic")])))


def _raise(error: Exception) -> None:
    raise error


# -- no litter -------------------------------------------------------------------------------

_HOLD = textwrap.dedent("""
    import sys
    from cmo._helpers import write_atomically
    def write(stream):
        stream.write(b"half")
        stream.flush()
        print("writing", flush=True)
        sys.stdin.read()  # holds the temporary file until killed
    write_atomically(sys.argv[1], write)
""")


def _writer_holding(path: Path) -> subprocess.Popen[str]:
    """A child in the middle of writing ``path``: its temporary file made, not renamed."""
    child = subprocess.Popen([sys.executable, "-c", _HOLD, str(path)], text=True,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert child.stdout is not None and child.stdout.readline() == "writing\n"
    return child


def _hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_a_killed_writers_temporary_file_is_removed_by_the_next_write(tmp_path: Path):
    path = tmp_path / "out.ttl"
    path.write_bytes(b"old")
    child = _writer_holding(path)
    child.kill()  # SIGKILL: nothing of it runs again
    child.wait()
    [left] = _hidden(tmp_path)
    assert re.fullmatch(r"\.out\.ttl\.cmo-[0-9a-f]{16}\.tmp", left)
    assert path.read_bytes() == b"old"
    write_atomically(path, lambda stream: stream.write(b"new"))
    assert (_hidden(tmp_path), path.read_bytes()) == ([], b"new")


def test_a_live_writers_temporary_file_is_left_alone(tmp_path: Path):
    path = tmp_path / "out.ttl"
    child = _writer_holding(path)
    try:
        [held] = _hidden(tmp_path)
        write_atomically(path, lambda stream: stream.write(b"new"))
        assert (_hidden(tmp_path), path.read_bytes()) == ([held], b"new")
    finally:
        child.kill()
        child.wait()
    assert remove_abandoned(path) == [tmp_path / held]


def test_temporary_files_of_earlier_versions_are_removed_and_others_kept(tmp_path: Path):
    path = tmp_path / "out.ttl"
    for name in (".out.ttl.k3j_9xq2.tmp", ".other.ttl.k3j_9xq2.tmp", ".out.ttl.notes.tmp",
                 "out.ttl.k3j_9xq2.tmp"):
        (tmp_path / name).write_bytes(b"synthetic")
    write_atomically(path, lambda stream: stream.write(b"new"))
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".other.ttl.k3j_9xq2.tmp", ".out.ttl.notes.tmp", "out.ttl", "out.ttl.k3j_9xq2.tmp"]


def test_a_replace_false_write_refuses_a_file_that_is_there(tmp_path: Path):
    path = tmp_path / "study.key"
    path.write_bytes(b"old")
    with pytest.raises(OutputError) as caught:
        write_atomically(path, lambda stream: stream.write(b"new"), replace=False)
    assert (caught.value.errno, path.read_bytes(), _hidden(tmp_path)) == (errno.EEXIST, b"old",
                                                                          [])


# -- a set of files is one write -------------------------------------------------------------

def _set(folder: Path, tag: bytes) -> dict[Path, bytes]:
    return {folder / "t.csv": b"configurations " + tag, folder / "t.excerpts.csv": b"excerpts " + tag,
            folder / "t.sources.csv": b"sources " + tag}


def _contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_a_set_is_written_whole(tmp_path: Path):
    write_set_atomically(_set(tmp_path, b"old"))
    write_set_atomically(_set(tmp_path, b"new"))
    assert _contents(tmp_path) == {p.name: data for p, data in _set(tmp_path, b"new").items()}


def test_a_failed_set_write_leaves_the_earlier_set_and_no_temporary(tmp_path: Path):
    write_set_atomically(_set(tmp_path, b"old"))
    before = _contents(tmp_path)
    files = {**_set(tmp_path, b"new"), tmp_path / "t.theories.csv": b"theories new"}
    (tmp_path / "t.theories.csv").mkdir()  # the last file cannot be written
    with pytest.raises(OutputError) as caught:
        write_set_atomically(files, output=tmp_path / "t.csv")
    assert str(caught.value) == (f"{tmp_path / 't.csv'}: cannot be written: it is a folder, "
                                 "while writing t.theories.csv beside it (name a file inside "
                                 "it, or another file)")
    (tmp_path / "t.theories.csv").rmdir()
    assert _contents(tmp_path) == before


def _killed_during_renames(folder: Path, *, renamed: int, partial: bool = False) -> None:
    """What a writer of the set ``_set(folder, b"new")`` killed after its commit leaves: its
    journal (the documented format), the files it had renamed, the others waiting."""
    entries = []
    for number, (target, data) in enumerate(_set(folder, b"new").items()):
        temporary = folder / f".{target.name}.cmo-{number:016x}.tmp"
        temporary.write_bytes(data[:-1] if partial and number == 2 else data)
        entries.append({"temporary": temporary.name, "file": target.name, "size": len(data),
                        "sha256": hashlib.sha256(data).hexdigest()})
    (folder / ".t.csv.cmo-journal").write_text(json.dumps({"cmo-journal": 1,
                                                           "files": entries}))
    for entry in entries[:renamed]:
        (folder / entry["temporary"]).replace(folder / entry["file"])


@pytest.mark.parametrize("renamed", [0, 1, 3])
def test_a_set_killed_after_its_commit_is_completed_by_the_next_read(tmp_path: Path,
                                                                      renamed: int):
    write_set_atomically(_set(tmp_path, b"old"))
    _killed_during_renames(tmp_path, renamed=renamed)
    members = list(_set(tmp_path, b""))
    read = read_set(tmp_path / "t.csv", members,
                    lambda where: {path.name: where[path].read_bytes() for path in members})
    new = {p.name: data for p, data in _set(tmp_path, b"new").items()}
    assert (read, _contents(tmp_path)) == (new, new)


def test_a_set_killed_after_its_commit_is_completed_by_the_next_write(tmp_path: Path):
    write_set_atomically(_set(tmp_path, b"old"))
    _killed_during_renames(tmp_path, renamed=1)
    write_set_atomically({tmp_path / "t.csv": b"configurations newer"},
                         members=list(_set(tmp_path, b"")))
    assert _contents(tmp_path) == {"t.csv": b"configurations newer",
                                   "t.excerpts.csv": b"excerpts new",
                                   "t.sources.csv": b"sources new"}


def test_a_journal_whose_files_are_incomplete_is_ignored_and_removed(tmp_path: Path):
    write_set_atomically(_set(tmp_path, b"old"))
    _killed_during_renames(tmp_path, renamed=0, partial=True)
    members = list(_set(tmp_path, b""))
    read = read_set(tmp_path / "t.csv", members,
                    lambda where: {path.name: where[path].read_bytes() for path in members})
    old = {p.name: data for p, data in _set(tmp_path, b"old").items()}
    assert read == old
    write_set_atomically(_set(tmp_path, b"newer"))  # the temporary files are litter now
    assert _contents(tmp_path) == {p.name: data for p, data in _set(tmp_path, b"newer").items()}


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="root may write in any folder, whatever its permissions")
def test_a_set_waiting_in_a_folder_that_cannot_be_written_is_read_where_it_waits(
        tmp_path: Path):
    write_set_atomically(_set(tmp_path, b"old"))
    _killed_during_renames(tmp_path, renamed=1)
    members = list(_set(tmp_path, b""))
    tmp_path.chmod(0o555)
    try:
        read = read_set(tmp_path / "t.csv", members,
                        lambda where: {path.name: where[path].read_bytes() for path in members})
    finally:
        tmp_path.chmod(0o755)
    assert read == {p.name: data for p, data in _set(tmp_path, b"new").items()}


def test_a_journal_naming_files_outside_the_set_is_ignored(tmp_path: Path):
    write_set_atomically(_set(tmp_path, b"old"))
    (tmp_path / "notes.txt").write_bytes(b"synthetic notes")
    (tmp_path / ".t.csv.cmo-journal").write_text(json.dumps({"cmo-journal": 1, "files": [
        {"temporary": "notes.txt", "file": "t.csv", "size": 15,
         "sha256": hashlib.sha256(b"synthetic notes").hexdigest()}]}))
    complete_set(tmp_path / "t.csv", list(_set(tmp_path, b"")))
    assert _contents(tmp_path) == {"notes.txt": b"synthetic notes",
                                   **{p.name: d for p, d in _set(tmp_path, b"old").items()}}


_INTERRUPTED_DURING_RENAMES = textwrap.dedent("""
    import os, signal, sys, threading
    from pathlib import Path
    from cmo._helpers import write_set_atomically

    folder = Path(sys.argv[1])
    new = {folder / name: name.encode() * 2_000_000 for name in ("t.csv", "t.sources.csv")}
    journal = folder / ".t.csv.cmo-journal"

    def interrupt_at_the_commit():  # Ctrl-C as soon as the journal is written
        while not journal.exists():
            pass
        signal.pthread_kill(threading.main_thread().ident, signal.SIGINT)

    threading.Thread(target=interrupt_at_the_commit, daemon=True).start()
    try:
        write_set_atomically(new)
    except KeyboardInterrupt:
        print("interrupted")
    print(sorted(p.name for p in folder.iterdir()),
          all(path.read_bytes() == data for path, data in new.items()))
""")


def test_a_ctrl_c_after_the_commit_is_taken_once_the_set_is_in_place(tmp_path: Path):
    write_set_atomically(_set(tmp_path, b"old"))
    (tmp_path / "t.excerpts.csv").unlink()
    result = subprocess.run([sys.executable, "-c", _INTERRUPTED_DURING_RENAMES, str(tmp_path)],
                            capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout == "interrupted\n['t.csv', 't.sources.csv'] True\n"


def test_a_set_whose_journal_cannot_be_written_names_the_output_and_is_left_as_it_was(
        tmp_path: Path):
    write_set_atomically(_set(tmp_path, b"old"))
    before = _contents(tmp_path)
    # Each file fits under the file-size limit; the journal naming them does not.
    code = textwrap.dedent(f"""
        import resource
        from pathlib import Path
        from cmo._helpers import write_set_atomically
        folder = Path({str(tmp_path)!r})
        resource.setrlimit(resource.RLIMIT_FSIZE, (100, 100))
        try:
            write_set_atomically({{folder / "t.csv": b"c new", folder / "t.sources.csv": b"s new"}})
        except OSError as error:
            print(error.filename, error.reason)
    """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, check=True)
    assert result.stdout == (f"{tmp_path / 't.csv'} it would be larger than the file-size "
                             "limit allows (ulimit -f)\n")
    assert _contents(tmp_path) == before


def test_a_reader_never_sees_a_mix_of_two_sets_being_written(tmp_path: Path):
    members = list(_set(tmp_path, b""))
    write_set_atomically(_set(tmp_path, b"0"))
    stop = threading.Event()

    def write_again_and_again() -> None:
        number = 0
        while not stop.is_set():
            number += 1
            write_set_atomically(_set(tmp_path, str(number).encode()))
            stop.wait(0.005)  # a reader that finds the set changed reads it again: let it

    writer = threading.Thread(target=write_again_and_again)
    writer.start()

    def read_slowly(where: Mapping[Path, Path]) -> set[bytes]:
        tags = set()
        for path in members:
            tags.add(where[path].read_bytes().split()[-1])
            time.sleep(0.0005)  # lets the writer on between two files of the set
        return tags

    try:
        tags = [read_set(tmp_path / "t.csv", members, read_slowly) for _ in range(200)]
    finally:
        stop.set()
        writer.join()
    assert all(len(tag) == 1 for tag in tags)
    assert len(set().union(*tags)) > 1  # the writer did write meanwhile


def test_a_file_edited_after_a_kill_during_the_renames_is_kept_and_the_rest_completed(
        tmp_path: Path):
    write_set_atomically(_set(tmp_path, b"old"))
    _killed_during_renames(tmp_path, renamed=1)
    (tmp_path / "t.csv").write_bytes(b"configurations new, edited in a spreadsheet")
    complete_set(tmp_path / "t.csv", list(_set(tmp_path, b"")))
    assert _contents(tmp_path) == {"t.csv": b"configurations new, edited in a spreadsheet",
                                   "t.excerpts.csv": b"excerpts new",
                                   "t.sources.csv": b"sources new"}
