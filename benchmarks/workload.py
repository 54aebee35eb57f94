"""What each size's benchmarks work on, made once: the theories, their files, a QDA project.

A seeded synthetic theory of ``n`` configurations with 20 evidence links each
(:func:`cmo.synthetic.synthetic_collection`), a later version of it
(:func:`cmo.synthetic.synthetic_revision`), and the files the load and import stages read:
YAML, JSON, Turtle, N-Triples, and a REFI-QDA project as NVivo would export it (coded
transcripts, ``C:``/``M:``/``O:`` codes), about three coded selections per configuration.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final
from xml.sax.saxutils import quoteattr

import yaml

import cmo
from cmo.authoring.convert import collection_to_data
from cmo.models import Collection
from cmo.rdf import write_rdf
from cmo.synthetic import synthetic_collection, synthetic_revision

EVIDENCE_PER_CONFIGURATION: Final = 20
SEED: Final = 1


@dataclass(frozen=True, slots=True)
class Workload:
    """One size's inputs. The files live in ``folder`` (a temporary one)."""

    n: int
    collection: Collection
    revision: Collection
    theory: cmo.ProgrammeTheory
    folder: Path

    def path(self, name: str) -> Path:
        return self.folder / name


def build_workload(n: int, folder: Path) -> Workload:
    """Make the theories and write every input file into ``folder``."""
    collection = synthetic_collection(n, evidence_per_configuration=EVIDENCE_PER_CONFIGURATION,
                                      seed=SEED)
    return workload_of(collection, folder)


def workload_of(collection: Collection, folder: Path) -> Workload:
    workload = Workload(len(collection.configurations), collection,
                        synthetic_revision(collection, seed=SEED),
                        cmo.ProgrammeTheory(collection), folder)
    write_yaml_quickly(collection, workload.path("theory.yaml"))
    cmo.save(collection, workload.path("theory.json"))
    write_rdf(collection, workload.path("theory.ttl"), rdf_format="turtle")
    write_rdf(collection, workload.path("theory.nt"), rdf_format="nt")
    write_qda_project(workload.path("coded.qdpx"), selections=3 * workload.n)
    return workload


# -- YAML, written the way cmo writes it, only faster --------------------------------------

def write_yaml_quickly(collection: Collection, path: Path) -> Path:
    """The authoring YAML of ``collection``: the data ``cmo.save`` writes, in block style,
    strings plain where PyYAML would write them plain, else double-quoted (JSON's quoting
    is valid YAML). PyYAML's dumper takes two minutes at 100,000 configurations; this takes
    seconds, and ``cmo.read`` reads back the same theory (the smoke test checks it)."""
    with path.open("w", encoding="utf-8") as stream:
        stream.writelines(_yaml_lines(collection_to_data(collection), ""))
    return path


def _yaml_lines(value: Any, indent: str) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, dict | list) and item:
                yield f"{indent}{key}:\n"
                yield from _yaml_lines(item, indent + "  ")
            else:
                yield f"{indent}{key}: {_scalar(item)}\n"
    else:
        for item in value:
            if isinstance(item, dict) and item:
                first, *rest = _yaml_lines(item, indent + "  ")
                yield f"{indent}- {first.lstrip()}"
                yield from rest
            else:
                yield f"{indent}- {_scalar(item)}\n"


_PLAIN: Final = re.compile(r"[A-Za-z][^:#'\"\[\]{},&*!|>%@`\n]*[^:#'\"\[\]{},&*!|>%@`\n ]")
_RESOLVER: Final = yaml.resolver.Resolver()
_STRING: Final = "tag:yaml.org,2002:str"


def _scalar(value: Any) -> str:
    if isinstance(value, str):
        plain = _PLAIN.fullmatch(value) and _RESOLVER.resolve(
            yaml.ScalarNode, value, (True, False)) == _STRING
        return value if plain else json.dumps(value, ensure_ascii=False)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if value in ({}, []):
        return "{}" if isinstance(value, dict) else "[]"
    raise TypeError(f"cannot write {type(value).__name__} as YAML")


# -- a REFI-QDA project as a QDA program exports it ----------------------------------------

_WORDS: Final = ("link", "worker", "listened", "trust", "hope", "group", "housing", "caring",
                 "referral", "support", "anxious", "calm", "café", "naïve", "🙂")
_CODES: Final = (*(f"C: Synthetic context {n}" for n in range(12)),
                 *(f"M: Synthetic reasoning {n}" for n in range(8)),
                 *(f"Mres: Synthetic resource {n}" for n in range(6)),
                 *(f"O: Synthetic outcome {n}" for n in range(12)),
                 *(f"Topic {n}" for n in range(20)))
#: Coded selections per transcript, and words per transcript (about 17 kB of text).
_SELECTIONS_PER_SOURCE: Final = 75
_WORDS_PER_SOURCE: Final = 2900


def _guid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4)).upper()


def write_qda_project(path: Path, *, selections: int, seed: int = 7) -> Path:
    """A synthetic REFI-QDA project (every word made up here): transcripts with BOM and CRLF,
    75 coded selections each, codes with ``C:``/``M:``/``O:`` prefixes that meet on
    selections, as NVivo exports them. ``read_qdpx`` makes about one draft configuration
    for every three selections."""
    rng = random.Random(seed)
    codes = {name: _guid(rng) for name in _CODES}
    code_xml = "".join(f'<Code guid="{guid}" name={quoteattr(name)} isCodable="true"/>'
                       for name, guid in codes.items())
    sources, texts = [], {}
    for number in range(max(1, selections // _SELECTIONS_PER_SOURCE)):
        text = ("Synthetic transcript, not data.\r\n"
                + " ".join(rng.choices(_WORDS, k=_WORDS_PER_SOURCE)) + "\r\n")
        guid = _guid(rng)
        texts[guid] = text
        coded = "".join(_selection(rng, codes, len(text)) for _ in range(_SELECTIONS_PER_SOURCE))
        sources.append(f'<TextSource guid="{guid}" name="Synthetic interview {number}" '
                       f'plainTextPath="internal://{guid}.txt">{coded}</TextSource>')
    xml = ('<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" '
           f'name="Synthetic benchmark project"><CodeBook><Codes>{code_xml}</Codes></CodeBook>'
           f'<Sources>{"".join(sources)}</Sources></Project>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", xml)
        for guid, text in texts.items():
            archive.writestr(f"Sources/{guid}.txt", b"\xef\xbb\xbf" + text.encode("utf-8"))
    return path


def _selection(rng: random.Random, codes: dict[str, str], length: int) -> str:
    start = rng.randrange(0, length - 300)
    end = start + rng.randrange(20, 280)
    codings = "".join(f'<Coding guid="{_guid(rng)}"><CodeRef targetGUID="{codes[name]}"/>'
                      "</Coding>" for name in rng.sample(_CODES, rng.randrange(1, 4)))
    return (f'<PlainTextSelection guid="{_guid(rng)}" startPosition="{start}" '
            f'endPosition="{end}">{codings}</PlainTextSelection>')
