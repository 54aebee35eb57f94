"""Mutated QDA projects never end in a traceback: exit 0 (read) or 1 (one message).

Seeded mutants of a synthetic ``.qdpx`` and ``.qde`` (truncated, bit-flipped anywhere,
bit-flipped inside the deflated entries, bit-flipped inside the XML text) are fed to
``cmo import`` in-process. Self-contained: only the project builders of this folder.
"""

from __future__ import annotations

import io
import random
import re
import time
import zipfile
from collections.abc import Callable

import pytest
from click.testing import CliRunner

from cmo.cli import cli

from .projects import CodeSpec, ProjectSpec, SelectionSpec, SourceSpec, span

MUTANTS = 60
#: Seconds one import of a mutant may take (they are a few kilobytes).
SECONDS = 5.0
# Synthetic transcript text, made for the tests.
TEXT = ("Synthetic interview 🙂. She listened to me and knew the groups.\r\nNow I go to the "
        "walking group every week, and I feel there is hope.")


def _spec(*, inline: bool) -> ProjectSpec:
    listened = span(TEXT, "She listened to me and knew the groups")
    walking = span(TEXT, "Now I go to the walking group every week")
    return ProjectSpec(
        codes=[CodeSpec("Contexts", [CodeSpec("Feels alone", description="Synthetic.")]),
               CodeSpec("Mres: Listens"), CodeSpec("O: Joins a group"), CodeSpec("Other")],
        sources=[SourceSpec(name, TEXT, [
            SelectionSpec(*listened, ["Feels alone", "Mres: Listens"], name="line:1"),
            SelectionSpec(*listened, ["Other"]),
            SelectionSpec(*walking, ["O: Joins a group"], description="Synthetic memo.")],
            inline=inline, variables={"Site": "A"}) for name in ("P01", "P02")],
        cases={"P01": ["P01"]}, sets={"Loop": ["Feels alone", "O: Joins a group"]},
        source_sets={"Site A": ["P01", "P02"]})


def _flip(data: bytes, rng: random.Random, start: int = 0, end: int | None = None) -> bytes:
    mutable = bytearray(data)
    end = len(data) if end is None else end
    for _ in range(rng.randint(1, 8)):
        mutable[rng.randrange(start, end)] ^= 1 << rng.randrange(8)
    return bytes(mutable)


def _truncated(data: bytes, rng: random.Random) -> bytes:
    return data[:rng.randrange(len(data))]


def _in_deflated_entries(data: bytes, rng: random.Random) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = rng.choice(archive.infolist())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    return _flip(data, rng, start, start + max(1, info.compress_size))


def _in_the_xml(data: bytes, rng: random.Random) -> bytes:
    """The archive written again, its project XML bit-flipped (so the ZIP itself is sound)."""
    source, target = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            content = source.read(info)
            archive.writestr(info.filename, _flip(content, rng) if info.filename.endswith(
                ".qde") else content)
    return target.getvalue()


_VALUES = ("", "-1", "0", "7", "99999999999999999999999", "{not a guid}", "line:0", " ",
           "\u2028", "&#0;", "x" * 300)


def _values(data: bytes, rng: random.Random) -> bytes:
    """The project XML with attribute values swapped for odd ones, and GUIDs reused: well
    formed, so the reading goes deep."""
    text = data.decode("utf-8")
    values = list(re.finditer(r'="([^"]*)"', text))
    guids = [found.group(1) for found in values if len(found.group(1)) == 36]
    for found in sorted(rng.sample(values, k=min(len(values), rng.randint(1, 4))),
                        key=lambda found: found.start(), reverse=True):
        odd = rng.choice([*_VALUES, rng.choice(guids)])
        text = text[:found.start(1)] + odd + text[found.end(1):]
    return text.encode("utf-8")


def _values_in_the_archive(data: bytes, rng: random.Random) -> bytes:
    source, target = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            content = source.read(info)
            archive.writestr(info.filename, _values(content, rng) if info.filename.endswith(
                ".qde") else content)
    return target.getvalue()


Mutation = Callable[[bytes, random.Random], bytes]
_MUTATIONS: dict[str, tuple[Mutation, ...]] = {
    ".qdpx": (_truncated, _flip, _in_deflated_entries, _in_the_xml, _values_in_the_archive),
    ".qde": (_truncated, _flip, lambda data, rng: _flip(data, rng, data.index(b"<Project")),
             _values),
}


@pytest.mark.parametrize("suffix", [".qdpx", ".qde"])
def test_mutated_projects_exit_0_or_1_without_a_traceback(tmp_path, suffix):
    original = _spec(inline=suffix == ".qde").write(tmp_path / f"original{suffix}").read_bytes()
    runner = CliRunner()
    mutations = _MUTATIONS[suffix]
    outcomes = {0: 0, 1: 0}
    for seed in range(MUTANTS):
        rng = random.Random(f"{suffix}:{seed}")
        mutation = mutations[seed % len(mutations)]
        path = tmp_path / f"mutant-{seed}{suffix}"
        path.write_bytes(mutation(original, rng))
        output = tmp_path / f"mutant-{seed}.yaml"
        started = time.perf_counter()
        result = runner.invoke(cli, ["import", str(path), "-o", str(output)])
        took = time.perf_counter() - started
        where = f"seed {seed} ({getattr(mutation, '__name__', 'flip in the XML')})"
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            where, repr(result.exception))
        assert result.exit_code in (0, 1), (where, result.output)
        assert "Traceback" not in result.output, (where, result.output)
        assert took < SECONDS, (where, took)
        if result.exit_code == 1:
            assert result.output.startswith(f"Error: {path}"), (where, result.output)
            assert not output.exists(), where
        outcomes[result.exit_code] += 1
    assert sum(outcomes.values()) == MUTANTS and outcomes[1] > 0
