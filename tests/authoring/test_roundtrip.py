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


def _careful_and_quick(path, parse):
    from cmo.authoring.quick import NeedsCare, collection_from_data
    from cmo.authoring.reading import data_to_collection

    text = path.read_bytes()
    careful = data_to_collection(parse(text))
    parsed = parse(text)
    try:
        quick = collection_from_data(parsed.data) if parsed.plain else None
    except NeedsCare:
        quick = None
    return careful, quick


@given(collection=collections())
def test_the_quick_road_builds_what_the_careful_one_does(collection: Collection,
                                                         tmp_path_factory):
    from cmo._helpers.json_text import parse_json
    from cmo._helpers.yaml_text import parse_yaml

    folder = tmp_path_factory.mktemp("quick")
    for name, parse in (("theory.yaml", parse_yaml), ("theory.json", parse_json)):
        cmo.io.save(collection, folder / name)
        careful, quick = _careful_and_quick(folder / name, parse)
        # What cmo writes cites everything by id: the quick road always takes it.
        assert quick is not None
        assert quick == careful == collection


def test_the_quick_road_gives_way_to_the_careful_one_on_the_worked_example(example_path):
    from cmo._helpers.yaml_text import parse_yaml

    careful, quick = _careful_and_quick(example_path, parse_yaml)
    assert quick is None or quick == careful  # elements written inline take the careful road


#: Each scalar, and what it reads as, wherever it is written.
_SCALARS = {"010": "010", "0x1F": "0x1F", "1_000": "1_000", "+5": "+5", "-3": -3,
            "1:30": "1:30", "0": 0, "7": 7, "00": "00", "true": True, "yes": "yes", "No": "No",
            "off": "off", "~": None, "null": None, "2024-01-01": "2024-01-01",
            "2024-01-01 10:00:00": "2024-01-01 10:00:00", "1.5": 1.5, ".inf": ".inf",
            ".nan": ".nan", "1e3": "1e3", "plain text": "plain text", "'quoted 5'": "quoted 5",
            '"7"': "7", "0b101": "0b101", "0o17": "0o17", "685.230_15e+03": "685.230_15e+03",
            "=": "=", "! 5": 5, "!!str 5": "5", "-0": 0,
            "9" * 19: 9_999_999_999_999_999_999}


def test_one_walk_reads_each_scalar_alike_in_plain_and_anchored_documents():
    from cmo._helpers.yaml_text import walk_yaml

    for scalar, value in _SCALARS.items():
        plain = walk_yaml(f"a: {scalar}\nb: [{scalar}]\n".encode())
        anchored = walk_yaml(f"a: {scalar}\nb: [{scalar}]\nc: &x {scalar}\n")
        assert plain.data == {"a": value, "b": [value]}, scalar
        assert anchored.data == {"a": value, "b": [value], "c": value}, scalar
        assert anchored.plain is False
        assert plain.plain is ("!" not in scalar), scalar


def test_one_walk_names_each_problem_the_quick_road_used_to_give_way_on():
    import pytest

    from cmo._helpers.json_text import load_json
    from cmo._helpers.yaml_text import walk_yaml
    from cmo.exceptions import InputError

    for text, message in (
            ("a: 1\na: 2\n", "line 2: the key 'a' appears twice in the same mapping "
                             "(keep one of them)"),
            ("<<: {a: 1}\n", "line 1: merge keys ('<<') are not supported (write the values "
                             "out in full)"),
            ("? [a]\n: 1\n", "line 1: a key must be plain text, not a list or mapping "
                             "(write the key as text)"),
            ("---\na: 1\n---\nb: 2\n", "the file holds 2 YAML documents (separated by "
                                      "'---') (keep one document per file)"),
            ("[" * 100 + "]" * 100, "line 1: the data nests deeper than 64 levels (an "
             "authoring file needs only a few levels; check indentation)"),
            ("a: b: c", "line 1: YAML syntax error: mapping values are not allowed in this "
             "context (check indentation, colons and quotes around this line)")):
        with pytest.raises(InputError) as caught:
            walk_yaml(text)
        assert str(caught.value) == message
    for text, message in (
            ('{"a": 1, "a": 2}', "the key 'a' appears twice in the same object (keep one of "
                                 "them)"),
            ('{"a": [}', "line 1: JSON syntax error: Expecting value (column 8) (check "
                         "commas, brackets and quotes around this line)")):
        with pytest.raises(InputError) as caught:
            load_json(text)
        assert str(caught.value) == message
    assert walk_yaml("a: &x 1\nb: *x\n").plain is False
    assert walk_yaml("a: !!str 5\n").plain is False
