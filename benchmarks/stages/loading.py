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
    return PlainDocument.model_validate(yaml_data(path.read_text(encoding="utf-8")))


_RESOLVER = yaml.resolver.Resolver()
_PLAIN_SCALARS: dict[str, Any] = {
    "tag:yaml.org,2002:int": int, "tag:yaml.org,2002:float": float,
    "tag:yaml.org,2002:null": lambda value: None,
    "tag:yaml.org,2002:bool": lambda value: value.lower() in ("true", "yes", "on"),
    "tag:yaml.org,2002:timestamp": dt.date.fromisoformat,
}


def yaml_data(text: str) -> Any:
    """The data of a YAML document, built from PyYAML's C event parser in the simplest way.

    ``yaml.load`` with the C loader is twice as slow as this (it composes a node tree,
    then constructs from it in Python), and slower than ``cmo`` itself: the fastest road
    PyYAML offers is its event stream, which ``cmo`` takes too, so that is the floor.
    """
    stack: list[Any] = []
    keys: list[Any] = []
    root: Any = None

    def add(value: Any) -> None:
        nonlocal root
        if not stack:
            root = value
        elif isinstance(stack[-1], list):
            stack[-1].append(value)
        elif keys[-1] is _NO_KEY:
            keys[-1] = value
        else:
            stack[-1][keys[-1]] = value
            keys[-1] = _NO_KEY

    for event in yaml.parse(text, Loader=_Loader):
        kind = type(event)
        if kind is yaml.ScalarEvent:
            value: Any = event.value
            if event.implicit[0]:
                tag = _RESOLVER.resolve(yaml.ScalarNode, value, event.implicit)
                value = _PLAIN_SCALARS.get(tag, str)(value)
            add(value)
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            container: Any = {} if kind is yaml.MappingStartEvent else []
            add(container)
            stack.append(container)
            keys.append(_NO_KEY)
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            stack.pop()
            keys.pop()
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
    Stage("load-yaml", "PyYAML's C parser, then model_validate of plain pydantic models of "
          "the file (no cross-checks)", _load_yaml),
    Stage("load-json", "json.loads, then model_validate of the same plain models", _load_json),
)
