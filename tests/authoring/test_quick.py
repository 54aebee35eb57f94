"""The quick road (cmo.authoring.quick) builds no collection that the models would refuse:
what only the collection as a whole can check makes it give way to the careful reader."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from cmo.authoring.quick import NeedsCare, collection_from_data
from cmo.models import Evidence

#: A simple, valid file in the shape cmo writes (synthetic).
_DATA: dict[str, Any] = {
    "id": "synthetic", "version": "v2", "revises": "IPT", "date": "2024-03-05",
    "theories": [{"name": "Trust"}],
    "sources": [{"id": "s1", "kind": "interview", "participant": "P1"}],
    "excerpts": [{"id": "x1", "source": "s1", "text": "Synthetic excerpt, not data.",
                  "start": 0, "end": 28},
                 {"id": "x2", "source": "s1", "text": "Another synthetic excerpt."}],
    "elements": [{"kind": "context", "id": "trust", "label": "Trust in the link worker"},
                 {"kind": "mechanism", "id": "hope", "reasoning": "Patient feels hope"},
                 {"kind": "outcome", "id": "buy-in", "label": "Patient buys in"}],
    "configurations": [
        {"id": "c1", "number": 1, "contexts": ["trust"], "mechanism": "hope",
         "outcomes": ["buy-in"], "theories": ["Trust"],
         "evidence": [{"excerpt": "x1", "stance": "supports"},
                      {"excerpt": "x2", "stance": "refines", "note": "Synthetic note."}]},
        {"id": "c2", "number": 2, "contexts": ["trust"], "mechanism": "hope",
         "outcomes": ["buy-in"], "evidence": [{"excerpt": "x1", "stance": "supports"}]}],
}


def _data(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(_DATA)
    data.update(copy.deepcopy(changes))  # the quick road uses its data up
    return data


def test_the_quick_road_makes_the_collection_with_its_header_and_shared_evidence() -> None:
    collection = collection_from_data(_data())
    assert (collection.id, collection.version, collection.revises, str(collection.date)) == (
        "synthetic", "v2", "IPT", "2024-03-05")
    assert [theory.name for theory in collection.theories] == ["Trust"]
    assert [c.id for c in collection.configurations] == ["c1", "c2"]
    first, second = collection.configurations
    assert first.evidence[0] is second.evidence[0]  # one value for links written alike
    assert first.evidence[1].note == "Synthetic note."
    assert first.evidence[0].excerpt is collection.excerpts[0]
    assert collection.model_fields_set == {"id", "version", "revises", "date", "theories",
                                           "sources", "excerpts", "elements", "configurations"}


@pytest.mark.parametrize("changes", [
    {"revises": "v2"},  # a version revising itself
    {"elements": [*_DATA["elements"], {"kind": "mechanism", "id": "trust",
                                       "reasoning": "Synthetic"}]},  # one id, two kinds
    {"configurations": [{**_DATA["configurations"][0], "id": "c1"},
                        {**_DATA["configurations"][1], "number": 1}]},  # one number, twice
    {"configurations": [{**_DATA["configurations"][0], "evidence": [
        {"excerpt": "x1", "stance": "supports"}, {"excerpt": "x1", "stance": "refutes"}]}]},
    {"configurations": [{**_DATA["configurations"][0], "retroduction": {
        "steps": [{"move": "abductive", "inference": "Synthetic.", "excerpts": ["x9"]}]}}]},
    {"excerpts": [{**_DATA["excerpts"][0], "end": None}]},  # half a span
    {"configurations": [_DATA["configurations"][0], _DATA["configurations"][0]]},
], ids=["revises-itself", "id-of-two-kinds", "number-twice", "excerpt-cited-twice",
        "retroduction-cites-unknown", "half-a-span", "configuration-twice"])
def test_what_the_models_refuse_makes_the_quick_road_give_way(changes: dict[str, Any]) -> None:
    with pytest.raises(NeedsCare):
        collection_from_data(_data(**changes))


def test_the_same_link_written_twice_in_one_configuration_makes_the_quick_road_give_way() -> None:
    # Links written alike share one value: the quick road counts the ids it read.
    twice = {"excerpt": "x1", "stance": "supports"}
    with pytest.raises(NeedsCare):
        collection_from_data(_data(configurations=[
            {**_DATA["configurations"][0], "evidence": [twice, dict(twice)]}]))


def test_links_differing_only_by_their_excerpt_are_what_validating_them_gives() -> None:
    data = _data()
    data["configurations"][1]["evidence"] = [{"excerpt": "x2", "stance": "supports"}]
    collection = collection_from_data(data)
    first, second = (c.evidence[0] for c in collection.configurations)
    assert second.excerpt is collection.excerpts[1]
    assert second == Evidence.model_validate({"excerpt": collection.excerpts[1],
                                              "stance": "supports"})
    assert second.model_fields_set is first.model_fields_set == {"excerpt", "stance"}
    assert second.model_dump() == {"excerpt": collection.excerpts[1].model_dump(),
                                   "stance": "supports", "note": None}


@pytest.mark.parametrize("link", [
    {"excerpt": "x1", "stance": "supports", "weight": 1},  # a field links do not have
    {"excerpt": "x1", "stance": "supports", "note": None, "weight": 1},
    {"excerpt": "x1", "note": "Synthetic note.", "weight": 1},  # no stance
], ids=["unknown-field", "unknown-field-and-empty-note", "no-stance"])
def test_a_link_like_a_valid_one_but_for_a_field_makes_the_quick_road_give_way(
        link: dict[str, Any]) -> None:
    data = _data()
    data["configurations"][1]["evidence"] = [link]
    with pytest.raises(NeedsCare):
        collection_from_data(data)


def test_a_link_with_an_empty_note_is_not_one_without() -> None:
    data = _data()
    data["configurations"][1]["evidence"] = [{"excerpt": "x1", "stance": "supports",
                                              "note": None}]
    first, second = (c.evidence[0] for c in collection_from_data(data).configurations)
    assert first == second
    assert (first.model_fields_set, second.model_fields_set) == (
        {"excerpt", "stance"}, {"excerpt", "stance", "note"})
