"""Mutated QDA projects never end in a traceback: exit 0 (read) or 1 (one message).

Seeded mutants of a synthetic ``.qdpx``, ``.qde`` and ``.qdc`` (truncated, bit-flipped anywhere,
bit-flipped inside the deflated entries, bit-flipped inside the XML text) are fed to
``cmo import`` in-process (the check is :func:`tests.mutation.exits_cleanly`).
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from pathlib import Path

import pytest

import cmo

from ..mutation import Mutation, exits_cleanly, flipped, mutants, truncated
from .projects import CodeSpec, ProjectSpec, SelectionSpec, SourceSpec, span

MUTANTS = 60
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


def _in_deflated_entries(data: bytes, rng: random.Random) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = rng.choice(archive.infolist())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    return flipped(data, rng, start, start + max(1, info.compress_size))


def _inside_the_archive(change: Mutation) -> Mutation:
    """A mutation of the archive's project XML alone: the archive is written again around
    it, so the ZIP itself is sound and the XML reader is reached."""

    def changed(data: bytes, rng: random.Random) -> bytes:
        source, target = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
        with source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for info in source.infolist():
                content = source.read(info)
                archive.writestr(info.filename, change(content, rng) if info.filename.endswith(
                    ".qde") else content)
        return target.getvalue()

    changed.__name__ = f"{change.__name__} in the archive's XML"
    return changed


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


def _flipped_in_the_xml(data: bytes, rng: random.Random) -> bytes:
    return flipped(data, rng, data.index(b"<Project" if b"<Project" in data else b"<CodeBook"))


_MUTATIONS: dict[str, tuple[Mutation, ...]] = {
    ".qdpx": (truncated, flipped, _in_deflated_entries, _inside_the_archive(flipped),
              _inside_the_archive(_values)),
    ".qde": (truncated, flipped, _flipped_in_the_xml, _values),
    ".qdc": (truncated, flipped, _flipped_in_the_xml, _values),
}


def _original(folder: Path, suffix: str) -> bytes:
    """The synthetic project as ``suffix``; its codebook alone, as cmo exports it, for .qdc."""
    if suffix != ".qdc":
        return _spec(inline=suffix == ".qde").write(folder / f"original{suffix}").read_bytes()
    project = cmo.read(_spec(inline=False).write(folder / "original.qdpx"))
    return cmo.save(project, folder / "original.qdc").read_bytes()


@pytest.mark.filterwarnings("ignore::cmo.exceptions.CmoWarning")
@pytest.mark.parametrize("suffix", [".qdpx", ".qde", ".qdc"])
def test_mutated_projects_exit_0_or_1_without_a_traceback(tmp_path, suffix):
    original = _original(tmp_path, suffix)
    outcomes = {0: 0, 1: 0}
    for number, (case, data) in enumerate(mutants(original, suffix, _MUTATIONS[suffix],
                                                  MUTANTS)):
        path = tmp_path / f"mutant-{number}{suffix}"
        path.write_bytes(data)
        output = tmp_path / f"mutant-{number}.yaml"
        outcomes[exits_cleanly(["import", str(path), "-o", str(output)], named=path,
                               written=output, case=case)] += 1
    assert sum(outcomes.values()) == MUTANTS and outcomes[1] > 0
