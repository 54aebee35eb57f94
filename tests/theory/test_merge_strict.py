"""The strict merge: the files of one theory put together, or an error naming each clash."""

from __future__ import annotations

import pytest

from cmo.exceptions import InputError
from cmo.models import Codebook, Collection, Configuration
from cmo.theory.graph import ProgrammeTheory
from cmo.theory.merge_strict import merge_strict


def hope(**fields) -> Configuration:
    return Configuration(id="hope", contexts=[{"label": "Trust"}], mechanism={
        "reasoning": "Patient feels hope"}, outcomes=[{"label": "Patient engages"}], **fields)


def test_the_files_of_one_theory_become_one_collection():
    first = Collection(title="Synthetic theory", version="v2", configurations=[hope()])
    second = Collection(configurations=[
        hope(), Configuration(id="time", contexts=[{"label": "Time"}],
                              outcomes=[{"label": "Patient engages"}])])
    merged = merge_strict(first, second)
    assert (merged.title, merged.version) == ("Synthetic theory", "v2")
    assert [c.id for c in merged.configurations] == ["hope", "time"]
    assert [e.id for e in merged.elements] == ["c-trust", "m-patient-feels-hope",
                                               "o-patient-engages", "c-time"]
    assert merge_strict(first) is first


def test_one_element_spelt_two_ways_keeps_the_first_spelling():
    first = Collection(configurations=[hope()])
    second = Collection(configurations=[Configuration(
        id="other", contexts=[{"id": "c-trust", "label": "trust."}],
        outcomes=[{"label": "Hope"}])])
    merged = merge_strict(first, second)
    assert [(e.id, e.label) for e in merged.elements if e.kind == "context"] == [
        ("c-trust", "Trust")]


def test_every_clash_is_one_problem_naming_both_files():
    first = Collection(configurations=[hope()], codebook=Codebook(
        codes=[{"name": "Trust", "description": "Synthetic one"}]))
    second = Collection(configurations=[hope(status="refuted")], codebook=Codebook(
        codes=[{"name": "Trust", "description": "Synthetic two"}]))
    with pytest.raises(InputError) as raised:
        merge_strict(first, second, names=("ann.yaml", "bob.yaml"))
    assert [str(problem) for problem in raised.value.problems] == [
        "configuration 'hope': ann.yaml and bob.yaml give it different content "
        "(give one of them another id, or make them the same)",
        "code 'Trust': the files give it different content (description, colour) in their "
        "codebooks (make them the same in each file)"]


def test_the_programme_theory_merges_its_files_strictly():
    with pytest.raises(InputError, match="collection 1 and collection 2 give it different"):
        ProgrammeTheory(Collection(configurations=[hope()]),
                        Collection(configurations=[hope(status="refuted")]))
