"""Every writer holds under faults: killed (``kill -9``, Ctrl-C) at random moments, it leaves
the earlier output byte-identical or the new one complete, a CSV set wholly old or wholly
new, and nothing the next write does not clear away; under a file-size limit, it says so in
one message naming the output, with no traceback.

The writers come from the registry (:data:`cmo.io.FORMATS`), so a new one is covered
without a change here, with the report writer and the pseudonym key file. A child process
(``_SERVER``) builds the synthetic theories once and forks one writer per kill; the test
kills that writer at a moment drawn from a seeded random generator: anywhere in its run,
or just after its temporary file appears (where a kill does harm).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
import random
import re
import shlex
import shutil
import signal
import subprocess
import sys
import textwrap
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

import cmo
from cmo.io import FORMATS, save
from cmo.report import write_report
from cmo.synthetic import synthetic_collection
from cmo.tables import read_csv, write_csv

#: Every writer: the registry's (by first extension, the reports' included), the key file's.
WRITERS = list(dict.fromkeys([fmt.extensions[0] for fmt in FORMATS if fmt.writer is not None]
                             + [".md", ".html", ".key"]))
#: Kills per writer and signal.
SEEDS = (0, 1, 2)
SIGNALS = {"kill -9": signal.SIGKILL, "SIGINT": signal.SIGINT}
#: Configurations in the new theory (laid-out diagrams are slow; Mermaid has a limit).
_SIZES = {".png": 3, ".svg": 30, ".pdf": 30, ".xlsx": 60, ".jsonld": 100, ".md": 40,
          ".html": 40}

_SERVER = textwrap.dedent("""
    # Builds the synthetic theories once, then for each request writes one (or forks a
    # writer for the parent to kill), answering on stdout.
    import os, sys, time
    import cmo
    from cmo.io import save
    from cmo.sharing.keys import new_key
    from cmo.report import write_report
    from cmo.synthetic import synthetic_collection

    SIZES = {sizes!r}
    theories = {{}}

    def theory(ext, which):
        key = (SIZES.get(ext, 150) if which == "new" else 3, which)
        if key not in theories:
            theories[key] = cmo.ProgrammeTheory(synthetic_collection(
                key[0], evidence_per_configuration=5, seed=1 if which == "old" else 2))
        return theories[key]

    def write(ext, which, path):
        if ext == ".key":
            new_key(path, overwrite=True)
        elif ext in (".md", ".html"):
            write_report(theory(ext, which), path)
        else:
            save(theory(ext, which), path)

    for line in sys.stdin:
        command, ext, which, path = line.split()
        theory(ext, which)
        if command == "write":
            start = time.perf_counter()
            write(ext, which, path)
            print(time.perf_counter() - start, flush=True)
            continue
        pid = os.fork()
        if pid == 0:  # the writer to kill
            os.dup2(os.open(os.devnull, os.O_WRONLY), 2)  # Ctrl-C's traceback
            try:
                write(ext, which, path)
            finally:
                os._exit(0)
        print(pid, flush=True)
        sys.stdin.readline()  # reaped only once killed: its pid stays its own till then
        print(os.waitpid(pid, 0)[1], flush=True)
""").format(sizes=_SIZES)


class _Server:
    def __init__(self, temporary: Path) -> None:
        #: The system's temporary folder, for the writers: a killed one leaves nothing there.
        self.temporary = temporary
        self.process = subprocess.Popen([sys.executable, "-c", _SERVER], text=True,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        env={**os.environ, "TMPDIR": str(temporary)})

    def _ask(self, line: str) -> str:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        return self.process.stdout.readline()

    def write(self, ext: str, which: str, path: Path) -> float:
        """Write the old or new theory to ``path``; how long it took."""
        return float(self._ask(f"write {ext} {which} {path}"))

    def killed(self, ext: str, path: Path, sent: signal.Signals, moment: float,
               watched: Path | None) -> None:
        """Write the new theory to ``path`` in a writer killed ``moment`` seconds after it
        starts, or, with ``watched``, after a temporary file appears there."""
        assert self.process.stdout is not None
        pid = int(self._ask(f"fork {ext} new {path}"))
        if watched is not None:
            _until_temporary(watched, moment * 20 + 1)
        time.sleep(moment)
        os.kill(pid, sent)  # a zombie, if it has ended: the server has not reaped it yet
        self._ask("reap - - -")  # its end

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=60)


def _until_temporary(folder: Path, limit: float) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if any(p.name.endswith(".tmp") for p in folder.iterdir()):
            return
        time.sleep(0.0005)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[_Server]:
    started = _Server(tmp_path_factory.mktemp("system-temporary-folder"))
    yield started
    started.close()


def _output(folder: Path, ext: str) -> Path:
    return folder / ("study.key" if ext == ".key" else f"theory{ext}")


def _state(folder: Path, ext: str) -> dict[str, object]:
    """The files of the output in ``folder``, as compared: bytes, but a PDF's creation date
    and a ZIP archive's entry dates (the time of writing) left out."""
    state: dict[str, object] = {}
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):  # temporary files: see _litter
            continue
        data = path.read_bytes()
        if ext == ".pdf":
            data = re.sub(rb"/CreationDate \(D:\d+Z\)", b"", data)
        if data.startswith(b"PK\x03\x04"):
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                state[path.name] = {name: archive.read(name) for name in archive.namelist()
                                    if name != "docProps/core.xml"}
        else:
            state[path.name] = data
    return state


def _litter(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.mark.parametrize("sent", list(SIGNALS))
@pytest.mark.parametrize("ext", WRITERS)
def test_a_killed_writer_leaves_the_old_output_or_the_new_one_and_no_litter(
        server: _Server, tmp_path: Path, ext: str, sent: str):
    reference = tmp_path / "reference"
    reference.mkdir()
    server.write(ext, "old", _output(reference, ext))
    old = _state(reference, ext)
    took = server.write(ext, "new", _output(reference, ext))
    new = _state(reference, ext)
    assert old != new
    for seed in SEEDS:
        folder = tmp_path / f"seed-{seed}"
        folder.mkdir()
        server.write(ext, "old", _output(folder, ext))
        before = _state(folder, ext)  # as old, but a key of its own
        chance = random.Random(f"{ext} {sent} {seed}")
        watched = chance.random() < 2 / 3  # else anywhere in the run
        moment = chance.uniform(0, 0.004 if watched else took * 1.5)
        server.killed(ext, _output(folder, ext), SIGNALS[sent], moment,
                      folder if watched else None)
        if ext == ".csv":
            read_csv(_output(folder, ext))  # finishes a set whose renames a kill cut short
        found = _state(folder, ext)
        if ext == ".key":  # a new key is random: any whole key
            assert found == before or re.fullmatch(rb"[0-9a-f]{64}\n", found["study.key"])
        else:
            assert before == old and found in (old, new), f"seed {seed}: a mix"
        # Where the kill fell (seen with pytest -s): the output, and the litter it left.
        print(f"{ext} {sent} {seed}: {'old' if found == before else 'new'} {_litter(folder)}")
        server.write(ext, "new", _output(folder, ext))
        assert _litter(folder) == [], f"seed {seed}"
        assert list(server.temporary.iterdir()) == [], f"seed {seed}"


# -- the file-size limit -----------------------------------------------------------------------

_EXAMPLE = Path(__file__).parent.parent / "examples" / "social_prescribing" / "theory.yaml"
_DRAWN = {".svg", ".png", ".pdf", ".dot", ".mmd", ".txt"}


def _command(ext: str, output: Path) -> list[str]:
    if ext in (".md", ".html"):
        return ["report", str(_EXAMPLE), "-o", str(output)]
    return ["render" if ext in _DRAWN else "export", str(_EXAMPLE), "-o", str(output)]


def _run_limited(arguments: list[str], limit: int | None) -> subprocess.CompletedProcess[str]:
    code = textwrap.dedent(f"""
        import resource, sys
        limit = {limit!r}
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
        from cmo.cli import main
        sys.argv = ["cmo", *{arguments!r}]
        main()
    """)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)


@pytest.mark.parametrize("ext", [ext for ext in WRITERS if ext != ".key"])
def test_a_file_size_limit_names_the_output_with_no_traceback(tmp_path: Path, ext: str):
    output = tmp_path / "out" / f"theory{ext}"
    theory = cmo.load(_EXAMPLE)
    if ext in (".md", ".html"):
        write_report(theory, output)
    else:
        save(theory, output)
    before = _state(output.parent, ext)
    result = _run_limited(_command(ext, output), 1024)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"Error: {output}: cannot be written: it would be larger "
                                    "than the file-size limit allows (ulimit -f)"), result.stderr
    assert (_state(output.parent, ext), _litter(output.parent)) == (before, [])


def test_the_key_file_under_a_file_size_limit_names_it(tmp_path: Path):
    path = tmp_path / "study.key"
    code = textwrap.dedent(f"""
        import resource
        from cmo.sharing.keys import new_key
        resource.setrlimit(resource.RLIMIT_FSIZE, (16, 16))
        try:
            new_key({str(path)!r})
        except OSError as error:
            print(error)
    """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, check=True)
    assert result.stdout.startswith(f"{path}: cannot be written: it would be larger than the "
                                    "file-size limit")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("ext", [".csv", ".xlsx"])
def test_a_folder_path_that_is_a_file_is_named_with_no_traceback(tmp_path: Path, ext: str):
    (tmp_path / "results").write_text("synthetic: not a folder")
    output = tmp_path / "results" / f"theory{ext}"
    result = _run_limited(_command(ext, output), None)
    assert (result.returncode, result.stderr) == (1, (
        f"Error: {output}: cannot be written: {str(tmp_path / 'results')!r} is a file, not a "
        "folder (name a path in another folder, or move that file away)\n"))


@pytest.mark.parametrize("ext", [".csv", ".png"])
def test_a_name_too_long_is_named_with_no_traceback(tmp_path: Path, ext: str):
    output = tmp_path / ("n" * 260 + ext)
    result = _run_limited(_command(ext, output), None)
    assert (result.returncode, result.stderr) == (1, (
        f"Error: {output}: cannot be written: the file name is too long (give it a shorter "
        "name, in a folder with a shorter path)\n"))


# -- a read-only disk ---------------------------------------------------------------------------

def _read_only(folder: Path, code: str) -> subprocess.CompletedProcess[str]:
    """Run Python ``code`` with ``folder`` mounted read-only (a mount of its own, as root)."""
    script = f"mount --bind -o ro {shlex.quote(str(folder))} {shlex.quote(str(folder))} && " \
             f"exec {shlex.quote(sys.executable)} -c {shlex.quote(code)}"
    return subprocess.run(["unshare", "--mount", "sh", "-c", script], capture_output=True,
                           text=True, timeout=120)


def _can_mount_read_only(folder: Path) -> bool:
    if os.name != "posix" or os.geteuid() != 0 or shutil.which("unshare") is None:
        return False
    return _read_only(folder, "pass").returncode == 0


@pytest.mark.parametrize("ext", [".csv", ".xlsx"])
def test_a_read_only_disk_is_named_with_no_traceback(tmp_path: Path, ext: str):
    if not _can_mount_read_only(tmp_path):
        pytest.skip("a read-only mount needs root and unshare (permission bits do not stop root)")
    output = tmp_path / f"theory{ext}"
    save(cmo.load(_EXAMPLE), output)
    before = _state(tmp_path, ext)
    arguments = ["cmo", *_command(ext, output)]
    result = _read_only(tmp_path, f"import sys; sys.argv = {arguments!r}; "
                                  "from cmo.cli import main; main()")
    assert (result.returncode, result.stderr) == (1, (
        f"Error: {output}: cannot be written: the disk is read-only (write it to a folder on "
        "a disk that can be written)\n"))
    assert (_state(tmp_path, ext), _litter(tmp_path)) == (before, [])


def test_a_csv_set_a_kill_cut_short_on_a_read_only_disk_is_read_as_the_new_set(
        tmp_path: Path):
    if not _can_mount_read_only(tmp_path):
        pytest.skip("a read-only mount needs root and unshare (permission bits do not stop root)")
    new, old = (synthetic_collection(size, evidence_per_configuration=3, seed=size)
                for size in (12, 3))
    write_csv(new, tmp_path / "theory.csv")
    written = {p.name: p.read_bytes() for p in sorted(tmp_path.iterdir())}
    folder = tmp_path / "killed"
    write_csv(old, folder / "theory.csv")
    # What a kill during the renames leaves (the journal's documented format): the journal,
    # the first file renamed, the others waiting in their temporary files.
    entries = []
    for number, (name, data) in enumerate(written.items()):
        temporary = folder / f".{name}.cmo-{number:016x}.tmp"
        temporary.write_bytes(data)
        entries.append({"temporary": temporary.name, "file": name, "size": len(data),
                        "sha256": hashlib.sha256(data).hexdigest()})
    journal = folder / ".theory.csv.cmo-journal"
    journal.write_text(json.dumps({"cmo-journal": 1, "files": entries}))
    (folder / entries[0]["temporary"]).replace(folder / entries[0]["file"])
    code = ("import pickle, sys; from cmo.tables import read_csv; "
            f"sys.stdout.buffer.write(pickle.dumps(read_csv({str(folder / 'theory.csv')!r})))")
    script = (f"mount --bind -o ro {shlex.quote(str(folder))} {shlex.quote(str(folder))} && "
              f"exec {shlex.quote(sys.executable)} -c {shlex.quote(code)}")
    result = subprocess.run(["unshare", "--mount", "sh", "-c", script], capture_output=True,
                            timeout=120)
    expected = read_csv(tmp_path / "theory.csv")
    assert result.returncode == 0, result.stderr
    assert pickle.loads(result.stdout) == expected  # read where the new files wait
    assert journal.exists()  # left for a read or write that can finish it
    assert read_csv(folder / "theory.csv") == expected
    assert {p.name: p.read_bytes() for p in sorted(folder.iterdir())} == written


# -- a full disk --------------------------------------------------------------------------------

@pytest.mark.parametrize("ext", [".csv", ".xlsx"])
def test_a_full_disk_is_named_with_no_traceback(tmp_path: Path, ext: str):
    if not _can_mount_read_only(tmp_path):
        pytest.skip("a small disk of its own needs root and unshare")
    disk = tmp_path / "disk"
    disk.mkdir()
    output = disk / f"theory{ext}"
    arguments = ["cmo", *_command(ext, output)]
    # A disk of one page (4 KiB), holding openpyxl's temporary files too (TMPDIR).
    code = f"import sys; sys.argv = {arguments!r}; from cmo.cli import main; main()"
    script = (f"mount -t tmpfs -o size=4k cmo-test {shlex.quote(str(disk))} && "
              f"TMPDIR={shlex.quote(str(disk))} exec {shlex.quote(sys.executable)} "
              f"-c {shlex.quote(code)}")
    result = subprocess.run(["unshare", "--mount", "sh", "-c", script], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"Error: {output}: cannot be written: the disk is full")
    assert result.stderr.endswith("(free some space, or write it to another disk, and try "
                                  "again)\n")
