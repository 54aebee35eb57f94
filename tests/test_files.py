"""Outputs are written whole or not at all, with the permissions a user expects."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from cmo.files import write_atomically


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
