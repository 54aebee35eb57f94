"""What each size's benchmarks work on, made once: the theories, their files, a QDA project.

A seeded synthetic theory of ``n`` configurations with 20 evidence links each
(:func:`cmo.synthetic.synthetic_collection`), a later version of it
(:func:`cmo.synthetic.synthetic_revision`; only where diff, merge or agreement are
measured), its graph, and the files the load and import stages read, made when first
read: YAML, JSON, Turtle, N-Triples, and a REFI-QDA project as NVivo would export it
(coded transcripts, ``C:``/``M:``/``O:`` codes), about three coded selections per
configuration.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import time
import uuid
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, Final, TypeVar
from xml.sax.saxutils import quoteattr

import yaml

import cmo
from cmo.authoring.serialise import json_text
from cmo.authoring.writing import collection_to_data
from cmo.models import Collection
from cmo.rdf import write_rdf
from cmo.synthetic import synthetic_collection, synthetic_revision

T = TypeVar("T")

EVIDENCE_PER_CONFIGURATION: Final = 20
SEED: Final = 1
#: The stages that read the revision (a process measuring none of them does not make it).
REVISION_READERS: Final = frozenset({"diff", "merge", "agreement"})


class Workload:
    """One size's inputs: the theories, made at once, and the files and derived inputs the
    stages read, each made the first time a stage asks for it (so ``--only`` makes only
    what its stages read). The files live in ``folder`` (a temporary one).

    A stage that writes one of these files itself (an export) writes it where the file
    belongs, so the stages after it read what ``cmo`` wrote rather than a copy made again.
    """

    def __init__(self, collection: Collection, folder: Path,
                 log: Callable[[str], None] = lambda line: None, *,
                 revision: bool = True) -> None:
        self._log = log
        self.n = len(collection.configurations)
        self.collection = collection
        self.folder = folder
        self._revision = (self._timed("revision", lambda: synthetic_revision(collection,
                                                                             seed=SEED))
                          if revision else None)
        # The theory with its networkx graph made (it is made when first asked for), as
        # the stages that start from a built theory (queries, dot-source, report) are given it.
        self.theory = self._timed("graph", lambda: _with_graph(cmo.ProgrammeTheory(collection)))
        self._kept: dict[str, Any] = {}

    @property
    def revision(self) -> Collection:
        """The later version of the theory, which diff, merge and agreement read."""
        if self._revision is None:
            raise AttributeError("this workload was made without its revision (revision=False)"
                                 ": make it with revision=True for diff, merge and agreement")
        return self._revision

    def path(self, name: str) -> Path:
        """Where the file ``name`` belongs (it may not be made yet: see :meth:`file`)."""
        return self.folder / name

    def file(self, name: str) -> Path:
        """The input file ``name``, written now unless a stage or an earlier call has."""
        path = self.path(name)
        if not path.exists():
            self._timed(name, lambda: _MAKERS[name](self))
        return path

    def kept(self, name: str, make: Callable[[], T]) -> T:
        """An input derived from the files (the triples of the theory), made once and kept
        until :meth:`let_go`."""
        if name not in self._kept:
            self._kept[name] = self._timed(name, make)
        return self._kept[name]

    def let_go(self, *, keeping: Iterable[str]) -> None:
        """Forget the derived inputs that no stage still to run will read."""
        for name in set(self._kept) - set(keeping):
            del self._kept[name]

    def _timed(self, what: str, make: Callable[[], T]) -> T:
        start = time.perf_counter()
        made = make()
        self._log(f"  input {what:<28} {time.perf_counter() - start:7.1f} s")
        return made


def build_workload(n: int, folder: Path, log: Callable[[str], None] = lambda line: None
                   ) -> Workload:
    """Make the theories; the files are written into ``folder`` when first read."""
    collection = synthetic_collection(n, evidence_per_configuration=EVIDENCE_PER_CONFIGURATION,
                                      seed=SEED)
    return Workload(collection, folder, log)


def _write_authoring_files(w: Workload) -> None:
    """The YAML and JSON authoring files, from one conversion of the theory."""
    data = collection_to_data(w.collection)
    write_yaml_lines(data, w.path("theory.yaml"))
    w.path("theory.json").write_text(json_text(data), encoding="utf-8")


_MAKERS: Final[dict[str, Callable[[Workload], object]]] = {
    "theory.yaml": _write_authoring_files,
    "theory.json": _write_authoring_files,
    "theory.ttl": lambda w: write_rdf(w.collection, w.path("theory.ttl"), rdf_format="turtle"),
    "theory.nt": lambda w: write_rdf(w.collection, w.path("theory.nt"), rdf_format="nt"),
    "coded.qdpx": lambda w: write_qda_project(w.path("coded.qdpx"), selections=3 * w.n),
}


# -- YAML, written the way cmo writes it, only faster --------------------------------------

def write_yaml_lines(data: dict[str, Any], path: Path) -> Path:
    """The authoring YAML of ``data`` (:func:`~cmo.authoring.writing.collection_to_data`):
    what ``cmo.save`` writes, in block style, strings plain where PyYAML would write them
    plain, else double-quoted (JSON's quoting is valid YAML). PyYAML's dumper takes two
    minutes at 100,000 configurations; this takes seconds, and ``cmo.read`` reads back the
    same theory (the smoke test checks it)."""
    with path.open("w", encoding="utf-8") as stream:
        stream.writelines(_yaml_lines(data, ""))
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


def _with_graph(theory: cmo.ProgrammeTheory) -> cmo.ProgrammeTheory:
    theory.graph  # noqa: B018 - made now, untimed, rather than in a stage's first run
    return theory
