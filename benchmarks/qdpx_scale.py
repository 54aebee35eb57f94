"""Importing a QDA project of NVivo's size against lxml alone (the floor).

A seeded synthetic project (clearly synthetic text) of about 1.5 MB: 40 interview
transcripts with about 75 coded selections each, codes with C:/M:/O: prefixes that meet
on nearby selections. ``cmo`` reads it (``read_qdpx``: ZIP, XML, sources, offsets,
mapping, drafts, models); the floor is lxml parsing the same XML plus reading and
decoding the same text files from the archive.
``python benchmarks/qdpx_scale.py`` prints the table; ``make bench`` runs it.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
import uuid
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final
from xml.sax.saxutils import quoteattr

from lxml import etree

from cmo.qda import read_qdpx

SOURCES: Final = 40
WORDS: Final = ("link", "worker", "listened", "trust", "hope", "group", "housing", "caring",
                "referral", "support", "anxious", "calm", "café", "naïve", "🙂")
CODES: Final = (*(f"C: Synthetic context {n}" for n in range(12)),
                *(f"M: Synthetic reasoning {n}" for n in range(8)),
                *(f"Mres: Synthetic resource {n}" for n in range(6)),
                *(f"O: Synthetic outcome {n}" for n in range(12)),
                *(f"Topic {n}" for n in range(20)))
REPEATS: Final = 5


def _guid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4)).upper()


def synthetic_project(path: Path, *, seed: int = 7) -> Path:
    """Write the synthetic project; every word of it is made up here."""
    rng = random.Random(seed)
    codes = {name: _guid(rng) for name in CODES}
    code_xml = "".join(f'<Code guid="{guid}" name={quoteattr(name)} isCodable="true"/>'
                       for name, guid in codes.items())
    sources, texts = [], {}
    for number in range(SOURCES):
        words = [rng.choice(WORDS) for _ in range(2900)]
        text = "Synthetic transcript, not data.\r\n" + " ".join(words) + "\r\n"
        guid = _guid(rng)
        texts[guid] = text
        selections = []
        for _ in range(75):
            start = rng.randrange(0, len(text) - 300)
            end = start + rng.randrange(20, 280)
            chosen = rng.sample(CODES, rng.randrange(1, 4))
            codings = "".join(f'<Coding guid="{_guid(rng)}"><CodeRef targetGUID="{codes[c]}"/>'
                              "</Coding>" for c in chosen)
            selections.append(f'<PlainTextSelection guid="{_guid(rng)}" startPosition="{start}" '
                              f'endPosition="{end}">{codings}</PlainTextSelection>')
        sources.append(f'<TextSource guid="{guid}" name="Synthetic interview {number}" '
                       f'plainTextPath="internal://{guid}.txt">{"".join(selections)}</TextSource>')
    xml = ('<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" '
           f'name="Synthetic benchmark project"><CodeBook><Codes>{code_xml}</Codes></CodeBook>'
           f'<Sources>{"".join(sources)}</Sources></Project>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", xml)
        for guid, text in texts.items():
            archive.writestr(f"Sources/{guid}.txt", b"\xef\xbb\xbf" + text.encode("utf-8"))
    return path


def _floor(path: Path) -> Callable[[], Any]:
    def work() -> Any:
        with zipfile.ZipFile(path) as archive:
            root = etree.fromstring(archive.read("project.qde"))
            texts = [archive.read(name).decode("utf-8-sig") for name in archive.namelist()
                     if name.startswith("Sources/")]
        return root, texts

    return work


def median_seconds(work: Callable[[], Any]) -> float:
    work()
    timings = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        work()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def results() -> list[dict[str, Any]]:
    import warnings

    with tempfile.TemporaryDirectory() as folder:
        path = synthetic_project(Path(folder) / "synthetic.qdpx")
        with zipfile.ZipFile(path) as archive:
            size = sum(info.file_size for info in archive.infolist())

        def ours() -> Any:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return read_qdpx(path, mapping=None)

        seconds, floor = median_seconds(ours), median_seconds(_floor(path))
        collection = ours()
    return [{"name": "qdpx-import", "n": len(collection.configurations),
             "excerpts": len(collection.excerpts), "megabytes": round(size / 2**20, 2),
             "seconds": round(seconds, 3), "floor_seconds": round(floor, 3),
             "ratio": round(seconds / floor, 2), "peak_mb": None}]


def main() -> None:
    for row in results():
        print(f"{row['name']}: {row['megabytes']} MB, {row['excerpts']} excerpts, "
              f"{row['n']} draft configurations: {row['seconds']:.3f} s; lxml and reading "
              f"the texts alone {row['floor_seconds']:.3f} s; ratio {row['ratio']:.2f} "
              "(target about 2)")


if __name__ == "__main__":
    main()
