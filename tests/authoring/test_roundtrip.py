"""Saving then loading the authoring format gives an equal theory."""

from __future__ import annotations

from hypothesis import given

import cmo.io
from cmo.models import Collection

from ..strategies import collections


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


def _careful_and_quick(path, parse, parse_quickly):
    from cmo.authoring.convert import data_to_collection
    from cmo.authoring.quick import NeedsCare, collection_from_data

    text = path.read_text(encoding="utf-8")
    careful = data_to_collection(parse(text))
    try:
        quick = collection_from_data(parse_quickly(text))
    except NeedsCare:
        quick = None
    return careful, quick


@given(collection=collections())
def test_the_quick_road_builds_what_the_careful_one_does(collection: Collection,
                                                         tmp_path_factory):
    from cmo.authoring.parsing import parse_json, parse_yaml
    from cmo.authoring.quick import json_data, yaml_data

    folder = tmp_path_factory.mktemp("quick")
    for name, parse, parse_quickly in (("theory.yaml", parse_yaml, yaml_data),
                                       ("theory.json", parse_json, json_data)):
        cmo.io.save(collection, folder / name)
        careful, quick = _careful_and_quick(folder / name, parse, parse_quickly)
        # What cmo writes cites everything by id: the quick road always takes it.
        assert quick is not None
        assert quick == careful == collection


def test_the_quick_road_gives_way_to_the_careful_one_on_the_worked_example(example_path):
    from cmo.authoring.parsing import parse_yaml
    from cmo.authoring.quick import yaml_data

    careful, quick = _careful_and_quick(example_path, parse_yaml, yaml_data)
    assert quick is None or quick == careful  # elements written inline take the careful road


_SCALARS = ("010", "0x1F", "1_000", "+5", "-3", "1:30", "0", "7", "00", "true", "yes", "No",
            "off", "~", "null", "2024-01-01", "2024-01-01 10:00:00", "1.5", ".inf", ".nan",
            "1e3", "plain text", "'quoted 5'", '"7"', "0b101", "0o17", "685.230_15e+03")


def test_the_quick_yaml_parser_reads_scalars_as_the_careful_one_does():
    from cmo.authoring.parsing import parse_yaml
    from cmo.authoring.quick import yaml_data

    for scalar in _SCALARS:
        text = f"a: {scalar}\nb: [{scalar}]\n"
        assert repr(yaml_data(text)) == repr(parse_yaml(text).data), scalar


def test_the_quick_parsers_give_way_on_what_the_careful_ones_check():
    import pytest

    from cmo.authoring.quick import NeedsCare, json_data, yaml_data

    for text in ("a: 1\na: 2\n", "<<: {a: 1}\n", "a: &x 1\nb: *x\n", "a: !!str 5\n",
                 "? [a]\n: 1\n", "---\na: 1\n---\nb: 2\n", "[" * 100 + "]" * 100, "a: b: c",
                 "a: =\n"):
        with pytest.raises(NeedsCare):
            yaml_data(text)
    for text in ('{"a": 1, "a": 2}', '{"a": [}', "[" * 100_000 + "]" * 100_000):
        with pytest.raises(NeedsCare):
            json_data(text)
