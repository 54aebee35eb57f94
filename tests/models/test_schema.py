"""The JSON Schema that editors use accepts what researchers write and what we write."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import yaml
from hypothesis import given, settings

import cmo
from cmo.authoring.document import json_schema
from cmo.models import Collection

from ..conftest import EXAMPLE
from ..strategies import collections

VALIDATOR = jsonschema.Draft202012Validator(json.loads(json_schema()))


def _as_json(data: object) -> object:
    # YAML reads 2022-03-14 as a date; editors (YAML 1.2) and JSON see text.
    return json.loads(json.dumps(data, default=str))


def test_the_schema_is_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(json.loads(json_schema()))


def test_the_worked_example_conforms():
    data = _as_json(yaml.safe_load(EXAMPLE.read_text(encoding="utf-8")))
    assert list(VALIDATOR.iter_errors(data)) == []


def test_the_schema_catches_what_the_reader_refuses():
    data = _as_json(yaml.safe_load(EXAMPLE.read_text(encoding="utf-8")))
    data["configurations"][0]["evidence"][0]["stance"] = "agrees"
    data["configurations"][1]["context"] = ["trust"]
    messages = sorted(error.message for error in VALIDATOR.iter_errors(data))
    assert any("'agrees' is not one of" in message for message in messages)
    assert any("'context' was unexpected" in message for message in messages)


@settings(max_examples=40)
@given(collection=collections())
def test_what_we_write_conforms(collection: Collection, tmp_path_factory):
    path = tmp_path_factory.mktemp("schema") / "theory.json"
    cmo.save(collection, path)
    assert list(VALIDATOR.iter_errors(json.loads(Path(path).read_text("utf-8")))) == []


def test_the_schema_documents_appraisal_and_retroduction():
    schema = json.loads(json_schema())
    definitions = schema["$defs"]
    assert schema["properties"]["appraisal_scales"]["$ref"] == "#/$defs/AppraisalScales"
    assert sorted(definitions["Appraisal"]["properties"]) == ["relevance", "richness", "rigour"]
    assert definitions["Judgement"]["anyOf"][0] == {
        "type": "string", "minLength": 1, "description": "The level alone."}
    assert sorted(definitions["Retroduction"]["properties"]) == ["alternatives", "steps"]
    assert definitions["InferenceStep"]["properties"]["move"]["enum"] == [
        "abductive", "retroductive", "inductive", "deductive"]


def test_the_schema_catches_appraisal_and_retroduction_mistakes():
    data = {
        "appraisal_scales": {"rigour": ["strong", "strong"]},
        "sources": [{"id": "s", "kind": "publication", "appraisal": {}},
                    {"id": "t", "kind": "publication", "appraisal": {"rigor": "high"}}],
        "configurations": [{"id": "hope", "contexts": ["Synthetic context"],
                            "outcomes": ["Synthetic outcome"],
                            "retroduction": {"steps": [{"move": "guess", "inference": "x"}]}}]}
    # Optional values are 'anyOf' a value or null: each mistake is one error at its place.
    assert sorted(list(error.absolute_path) for error in VALIDATOR.iter_errors(data)) == [
        ["appraisal_scales", "rigour"], ["configurations", 0, "retroduction"],
        ["sources", 0, "appraisal"], ["sources", 1, "appraisal"]]
