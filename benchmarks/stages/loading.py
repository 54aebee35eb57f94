"""Reading our own files: ``cmo.read`` of YAML and JSON, against the parser and plain
pydantic models of the same data."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, Final, Literal

import yaml
from pydantic import BaseModel, ConfigDict
from workload import Workload

import cmo

from .common import Stage, Work

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Plain(BaseModel):
    """Built-in checks only (types, unknown fields): none of ``cmo``'s own validators."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class PlainSource(_Plain):
    id: str
    kind: Literal["interview", "observation", "focus group", "document", "publication", "other"]
    title: str | None = None
    participant: str | None = None
    participant_role: str | None = None
    site: str | None = None
    wave: str | None = None
    date: dt.date | None = None
    citation: str | None = None
    doi: str | None = None
    url: str | None = None
    notes: str | None = None
    text: str | None = None


class PlainExcerpt(_Plain):
    id: str
    source: str
    text: str
    start: int | None = None
    end: int | None = None
    page: str | None = None
    line: int | None = None
    timestamp: str | None = None
    codes: tuple[str, ...] = ()


class PlainElement(_Plain):
    kind: Literal["context", "mechanism", "outcome", "intervention", "actor"] | None = None
    id: str | None = None
    label: str | None = None
    resource: str | None = None
    reasoning: str | None = None
    description: str | None = None
    aliases: tuple[str, ...] = ()


class PlainEvidence(_Plain):
    excerpt: str
    stance: Literal["supports", "refutes", "refines"]
    note: str | None = None


class PlainConfiguration(_Plain):
    id: str
    label: str | None = None
    theme: str | None = None
    status: str = "proposed"
    rationale: str | None = None
    derived_from: tuple[str, ...] = ()
    contexts: tuple[str | PlainElement, ...] = ()
    mechanism: str | PlainElement | None = None
    outcomes: tuple[str | PlainElement, ...] = ()
    interventions: tuple[str | PlainElement, ...] = ()
    actors: tuple[str | PlainElement, ...] = ()
    evidence: tuple[PlainEvidence, ...] = ()
    theories: tuple[str, ...] = ()
    notes: str | None = None


class PlainTheory(_Plain):
    name: str
    citation: str | None = None
    doi: str | None = None
    description: str | None = None


class PlainDocument(_Plain):
    """An authoring file (YAML or JSON) as it is written: references by id, no cross-checks."""

    id: str | None = None
    title: str | None = None
    version: str | None = None
    revises: str | None = None
    date: dt.date | None = None
    description: str | None = None
    theories: tuple[PlainTheory, ...] = ()
    sources: tuple[PlainSource, ...] = ()
    excerpts: tuple[PlainExcerpt, ...] = ()
    elements: tuple[PlainElement, ...] = ()
    configurations: tuple[PlainConfiguration, ...] = ()


def load_yaml_plainly(path: Path) -> PlainDocument:
    return PlainDocument.model_validate(yaml_data(path.read_bytes()))


#: PyYAML's own table of what a plain scalar may be, by its first character.
_IMPLICIT: Final = yaml.resolver.Resolver.yaml_implicit_resolvers
_PLAIN_SCALARS: dict[str, Any] = {
    "tag:yaml.org,2002:int": int, "tag:yaml.org,2002:float": float,
    "tag:yaml.org,2002:null": lambda value: None,
    "tag:yaml.org,2002:bool": lambda value: value.lower() in ("true", "yes", "on"),
    "tag:yaml.org,2002:timestamp": dt.date.fromisoformat,
}
_SCALAR, _MAPPING_START, _SEQUENCE_START = (yaml.ScalarEvent, yaml.MappingStartEvent,
                                            yaml.SequenceStartEvent)
_ENDS: Final = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def yaml_data(text: str | bytes) -> Any:
    """The data of a YAML document, built from PyYAML's C event parser in the leanest way.

    ``yaml.load`` with the C loader is twice as slow as this (it composes a node tree,
    then constructs from it in Python), and slower than ``cmo`` itself: the fastest road
    PyYAML offers is its event stream, which ``cmo`` takes too, so that is the floor. Each
    plain scalar is resolved by PyYAML's own table, looked up by its first character (as
    ``Resolver.resolve`` does, less its path resolvers), and each value is added in line:
    this builder is faster than ``cmo``'s walk, which also refuses duplicate keys, tags
    and aliases that expand, shares one object per key, and counts nesting.
    """
    containers: list[Any] = []
    keys: list[Any] = []
    root: Any = None
    for event in yaml.parse(text, Loader=_Loader):
        kind = type(event)
        if kind is _SCALAR:
            value: Any = event.value
            if event.implicit[0] and value[:1] in _IMPLICIT:
                for tag, pattern in _IMPLICIT[value[:1]]:
                    if pattern.match(value):
                        value = _PLAIN_SCALARS.get(tag, str)(value)
                        break
        elif kind is _MAPPING_START or kind is _SEQUENCE_START:
            value = {} if kind is _MAPPING_START else []
        elif kind in _ENDS:
            containers.pop()
            keys.pop()
            continue
        else:  # stream and document boundaries
            continue
        if not containers:
            root = value
        elif type(parent := containers[-1]) is list:
            parent.append(value)
        elif keys[-1] is _NO_KEY:
            keys[-1] = value
        else:
            parent[keys[-1]] = value
            keys[-1] = _NO_KEY
        if kind is not _SCALAR:
            containers.append(value)
            keys.append(_NO_KEY)
    return root


_NO_KEY: Any = object()


def load_json_plainly(path: Path) -> PlainDocument:
    return PlainDocument.model_validate(json.loads(path.read_text(encoding="utf-8")))


def _load_yaml(w: Workload) -> tuple[Work, Work]:
    path = w.file("theory.yaml")
    return lambda: cmo.read(path), lambda: load_yaml_plainly(path)


def _load_json(w: Workload) -> tuple[Work, Work]:
    path = w.file("theory.json")
    return lambda: cmo.read(path), lambda: load_json_plainly(path)


STAGES: Final[tuple[Stage, ...]] = (
    Stage("load-yaml", "PyYAML's C event parser on the file's bytes, the data built in line "
          "by PyYAML's own scalar table, then one model_validate of plain pydantic models of "
          "the file (built-in types, no cross-checks)", _load_yaml),
    Stage("load-json", "json.loads of the file's text, then one model_validate of the same "
          "plain models", _load_json),
)
