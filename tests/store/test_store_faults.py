"""A folder store under faults: a file-size limit, a folder it may not write, a kill -9.

Each fault gives one StoreError naming the folder the user gave, what happened and the fix
(exit 1 from the command, no traceback), and the store opens afterwards holding exactly
what it held before: a push is one transaction, even of several versions. The file-size
limit (``RLIMIT_FSIZE``, set in the child process; Python ignores SIGXFSZ, so writes fail
with EFBIG) runs everywhere; a real full disk (a small tmpfs in a mount namespace of its
own) runs where the tests may mount one, and is skipped elsewhere.
"""

from __future__ import annotations

import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph
import pytest

import cmo.io
from cmo.exceptions import StoreError
from cmo.models import Collection
from cmo.store import open_store, push_all
from cmo.store.embedded import _STAGING_PREFIX, EmbeddedStore
from cmo.synthetic import synthetic_collection

from ..conftest import ROOT

EXAMPLE = ROOT / "examples" / "social_prescribing"
INITIAL = EXAMPLE / "initial.yaml"
THEORY = EXAMPLE / "theory.yaml"
GRAPH_IPT = "urn:cmo:social-prescribing:theory/IPT"
GRAPH_V2 = "urn:cmo:social-prescribing:theory/v2"
LIMIT_FIX = "raise the limit, or free some space, then try again"
LIMIT_WHAT = "a store file reached the size limit for files (ulimit -f)"
AS_ROOT = os.geteuid() == 0 if hasattr(os, "geteuid") else False


def contents(folder: Path) -> dict[str, set[bytes]]:
    """Each graph the store holds and its triples (opened read-only: nothing is tidied)."""
    with open_store(folder, readonly=True) as store:
        return {graph: set(store.get_graph(graph).splitlines()) for graph in store.graphs()}


def raw_graphs(folder: Path) -> set[str]:
    """Every named graph in the folder, staging graphs included, as pyoxigraph sees them."""
    store = pyoxigraph.Store(str(folder))
    try:
        return {graph.value for graph in store.named_graphs()}
    finally:
        del store


def run_limited(limit: int, *arguments: str | Path) -> subprocess.CompletedProcess[str]:
    """``cmo`` in a child whose files may not grow past ``limit`` bytes."""
    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run([sys.executable, "-m", "cmo", *map(str, arguments)],
                          preexec_fn=limited, capture_output=True, text=True, timeout=120,
                          check=False)


# -- a file-size limit (the stand-in for a full disk) ----------------------------------------


def test_push_past_a_file_size_limit_names_the_store_and_changes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    with open_store(folder) as store:
        push_all(store, [cmo.io.read(INITIAL)])
    before = contents(folder)
    result = run_limited(100_000, "store", "push", THEORY, "--store", folder)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"Error: {folder}: cannot store the graph <{GRAPH_V2}>: {LIMIT_WHAT}; the store is "
        f"unchanged ({LIMIT_FIX})\n")
    assert contents(folder) == before
    with open_store(folder) as store:  # opens for writing, and drops what the push staged
        assert store.graphs() == [GRAPH_IPT]
    assert raw_graphs(folder) == {GRAPH_IPT}


def test_pushing_two_versions_is_one_transaction(tmp_path: Path) -> None:
    # Limits that fail while loading the first version, loading the second (the first is
    # staged), or swapping both in: whichever it is, the store holds nothing afterwards.
    expected = {
        f"cannot store the graph <{GRAPH_IPT}>: {LIMIT_WHAT}; the store is unchanged ({LIMIT_FIX})",
        f"cannot store the graph <{GRAPH_V2}>: {LIMIT_WHAT}; the store is unchanged ({LIMIT_FIX})",
        f"cannot store the graphs <{GRAPH_IPT}> and <{GRAPH_V2}>: {LIMIT_WHAT}; the store is "
        f"unchanged ({LIMIT_FIX})",
    }
    seen = set()
    for limit in (150_000, 250_000, 400_000, 600_000, 900_000):
        folder = tmp_path / f"store-{limit}"
        EmbeddedStore(folder).close()
        result = run_limited(limit, "store", "push", INITIAL, THEORY, "--store", folder)
        assert result.returncode == 1, result.stdout
        assert "Traceback" not in result.stderr
        assert result.stderr.startswith(f"Error: {folder}: ")
        message = result.stderr.removeprefix(f"Error: {folder}: ").removesuffix("\n")
        assert message in expected
        seen.add(message)
        assert contents(folder) == {}
        with open_store(folder) as store:
            assert store.graphs() == []
        assert raw_graphs(folder) == set()
    assert len(seen) >= 2  # at least two of the three moments were reached


def test_open_past_a_file_size_limit_names_the_store(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    with open_store(folder) as store:
        push_all(store, [cmo.io.read(INITIAL)])
    before = contents(folder)
    result = run_limited(1_000, "store", "list", "--store", folder)
    assert result.returncode == 1
    assert result.stderr == f"Error: {folder}: cannot open the store: {LIMIT_WHAT} ({LIMIT_FIX})\n"
    assert contents(folder) == before


def test_invalid_second_graph_leaves_the_first_unwritten(tmp_path: Path) -> None:
    with open_store(tmp_path / "store") as store:
        with pytest.raises(StoreError) as caught:
            store.put_graphs({"https://example.org/g1": b'<https://example.org/a> <https://example.org/p> "1" .\n',
                              "https://example.org/g2": b"<https://example.org/a> oops .\n"})
        assert str(caught.value).startswith(
            f"{tmp_path / 'store'}: cannot store the graph <https://example.org/g2>: the data is "
            "not valid N-Triples (")
        assert str(caught.value).endswith("); the store is unchanged")
        assert store.graphs() == []
    assert raw_graphs(tmp_path / "store") == set()


# -- a folder the store may not write --------------------------------------------------------


def test_store_under_a_file_names_the_folder(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a folder\n")
    folder = tmp_path / "notes.txt" / "store"
    with pytest.raises(StoreError) as caught:
        open_store(folder)
    assert str(caught.value) == (f"{folder}: cannot read or create the store folder (Not a "
                                 "directory): check the path and its permissions")


@pytest.mark.skipif(AS_ROOT, reason="root writes into a read-only folder anyway")
def test_read_only_folder_names_the_store(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    with open_store(folder) as store:
        push_all(store, [cmo.io.read(INITIAL)])
    before = contents(folder)
    folder.chmod(0o555)
    try:
        result = subprocess.run([sys.executable, "-m", "cmo", "store", "push", str(THEORY),
                                 "--store", str(folder)], capture_output=True, text=True,
                                timeout=120, check=False)
    finally:
        folder.chmod(0o755)
    assert result.returncode == 1
    assert result.stderr == (f"Error: {folder}: cannot open the store: you may not write in the "
                             "store folder (check the folder's permissions)\n")
    assert contents(folder) == before


# -- kill -9 during a push --------------------------------------------------------------------

PUSHER = """
import sys
import cmo.io
from cmo.store import open_store, push_all
folder, *files = sys.argv[1:]
collections = [cmo.io.read(file) for file in files]
store = open_store(folder)
print("ready", flush=True)
push_all(store, collections, replace=True)
print("done", flush=True)
"""
KILL_SEEDS = (1, 2, 3, 4, 5)


def version(configurations: int, seed: int, theory: str) -> Collection:
    """A synthetic version of ``theory``: the same id and label whatever its content."""
    made = synthetic_collection(configurations, evidence_per_configuration=2, seed=seed)
    return made.model_copy(update={"id": theory, "version": "v1"})


@pytest.fixture(scope="module")
def before_and_after(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path], dict, dict]:
    """A store holding two theories, the files of their next versions, and both contents."""
    root = tmp_path_factory.mktemp("killed-push")
    old = [version(100, 1, "alpha"), version(100, 2, "beta")]
    new = [version(200, 3, "alpha"), version(200, 4, "beta")]
    files = []
    for collection in new:
        files.append(root / f"{collection.id}.json")
        cmo.io.save(collection, files[-1])
    with open_store(root / "old") as store:
        push_all(store, old)
    with open_store(root / "new") as store:
        push_all(store, new)
    return root / "old", files, contents(root / "old"), contents(root / "new")


@pytest.mark.parametrize("seed", KILL_SEEDS)
def test_kill_during_a_push_leaves_old_or_new_whole(
    before_and_after: tuple[Path, list[Path], dict, dict], tmp_path: Path, seed: int
) -> None:
    template, files, old, new = before_and_after
    folder = tmp_path / "store"
    shutil.copytree(template, folder)
    child = subprocess.Popen([sys.executable, "-c", PUSHER, str(folder), *map(str, files)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        assert child.stdout.readline() == "ready\n"
        # A seeded moment within the push (under two seconds here), or just after it.
        time.sleep(random.Random(seed).uniform(0.0, 2.0))
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=60)
    held = contents(folder)  # read-only first: a leftover staging graph must not show
    assert held in (old, new), f"seed {seed}: a mix of old and new"
    with open_store(folder, readonly=True) as store:
        named = store.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert sorted(row["g"] for row in named) == sorted(held)
        total = store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert int(total[0]["n"] or 0) == sum(len(triples) for triples in held.values())
    with open_store(folder) as store:  # opened for writing: leftovers are dropped
        assert store.graphs() == sorted(held)
    assert raw_graphs(folder) == set(held)
    assert not any(graph.startswith(_STAGING_PREFIX) for graph in raw_graphs(folder))


# -- a full disk (a small tmpfs, mounted in a mount namespace of its own) --------------------
# 500 kB left free: enough to open the store (RocksDB writes its options and a new log),
# not enough to push the refined theory.

FULL_DISK = """
set -e
mount -t tmpfs -o size=4m tmpfs "$DISK"
"$PYTHON" -m cmo store push "$INITIAL" --store "$DISK/store" > /dev/null
"$PYTHON" - <<'FILL'
import os
disk = os.environ["DISK"]
stats = os.statvfs(disk)
with open(os.path.join(disk, "ballast"), "wb") as ballast:  # leave 500 kB free
    ballast.write(b"\\0" * (stats.f_bavail * stats.f_frsize - 500_000))
FILL
set +e
"$PYTHON" -m cmo store push "$THEORY" --store "$DISK/store" > "$OUT/push.out" 2> "$OUT/push.err"
echo $? > "$OUT/push.rc"
rm "$DISK/ballast"
"$PYTHON" -c 'from cmo.store import open_store; import sys; print(open_store(sys.argv[1]).graphs())' \
    "$DISK/store" > "$OUT/after.txt" 2>&1
"""


def test_full_disk_names_the_store_and_changes_nothing(tmp_path: Path) -> None:
    probe = subprocess.run(["unshare", "--mount", "--", "sh", "-c",
                            f"mount -t tmpfs -o size=1m tmpfs {tmp_path}"],
                           capture_output=True, check=False) if shutil.which("unshare") else None
    if probe is None or probe.returncode != 0:
        pytest.skip("mounting a small tmpfs needs unshare and the right to mount (root, "
                    "outside an unprivileged container)")
    disk = tmp_path / "disk"
    disk.mkdir()
    env = {**os.environ, "DISK": str(disk), "OUT": str(tmp_path), "PYTHON": sys.executable,
           "INITIAL": str(INITIAL), "THEORY": str(THEORY)}
    subprocess.run(["unshare", "--mount", "--", "sh", "-c", FULL_DISK], env=env, check=True,
                   timeout=120)
    assert (tmp_path / "push.rc").read_text() == "1\n"
    assert (tmp_path / "push.out").read_text() == ""
    assert (tmp_path / "push.err").read_text() == (
        f"Error: {disk / 'store'}: cannot store the graph <{GRAPH_V2}>: the disk is full; the "
        "store is unchanged (free some space, then try again)\n")
    # Space freed again, the store opens and holds what it held before the push.
    assert (tmp_path / "after.txt").read_text() == f"['{GRAPH_IPT}']\n"
