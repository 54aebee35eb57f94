"""The floors of load-yaml and load-json (benchmarks/stages/loading.py) read the same data
as ``cmo`` does, and the YAML floor's builder is no slower in kind than ``cmo``'s walk."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import ModuleType

import pytest

import cmo
from cmo._helpers.json_text import load_json
from cmo._helpers.yaml_text import walk_yaml
from cmo.synthetic import synthetic_collection

from .conftest import benchmark_module


@pytest.fixture
def loading() -> ModuleType:
    return benchmark_module("stages.loading")


def test_the_yaml_floor_builds_the_data_cmo_parses(loading, tmp_path: Path) -> None:
    path = cmo.save(synthetic_collection(25, evidence_per_configuration=3), tmp_path / "t.yaml")
    text = path.read_bytes()
    assert loading.yaml_data(text) == walk_yaml(text).data
    assert loading.yaml_data("a: [7, 0.5, null, true, x]\nb: {c: 2024-03-05}\n") == {
        "a": [7, 0.5, None, True, "x"], "b": {"c": dt.date(2024, 3, 5)}}


def test_the_floors_validate_every_entry_of_the_same_files(loading, tmp_path: Path) -> None:
    collection = synthetic_collection(25, evidence_per_configuration=3)
    yaml_path = cmo.save(collection, tmp_path / "t.yaml")
    json_path = cmo.save(collection, tmp_path / "t.json")
    plain = loading.load_yaml_plainly(yaml_path)
    assert loading.load_json_plainly(json_path) == plain
    data = load_json(json_path.read_text(encoding="utf-8"))
    assert (len(plain.sources), len(plain.excerpts), len(plain.elements),
            len(plain.configurations)) == tuple(len(data[name]) for name in (
                "sources", "excerpts", "elements", "configurations"))
    assert sum(len(c.evidence) for c in plain.configurations) == sum(
        len(c["evidence"]) for c in data["configurations"]) == 75
