"""Saving then loading the authoring format gives an equal theory."""

from __future__ import annotations

from hypothesis import given

import cmo.io
from cmo.models import Collection

from .strategies import collections


@given(collection=collections())
def test_yaml_round_trip_gives_an_equal_collection(collection: Collection, tmp_path_factory):
    path = tmp_path_factory.mktemp("yaml") / "theory.yaml"
    cmo.io.save(collection, path)
    assert cmo.io.read(path) == collection


@given(collection=collections())
def test_json_round_trip_gives_an_equal_collection(collection: Collection, tmp_path_factory):
    path = tmp_path_factory.mktemp("json") / "theory.json"
    cmo.io.save(collection, path)
    assert cmo.io.read(path) == collection


def test_worked_example_survives_yaml_and_json(example_theory, tmp_path):
    for name in ("theory.yaml", "theory.json"):
        cmo.io.save(example_theory, tmp_path / name)
        assert cmo.io.read(tmp_path / name) == example_theory.collection
