"""The synthetic theory generator: realistic shapes, the same theory for the same seed, and
a clear refusal of sizes that cannot make a theory."""

from __future__ import annotations

import pytest

from cmo import ProgrammeTheory
from cmo.exceptions import InputError
from cmo.synthetic import PATHWAY, synthetic_collection, synthetic_revision


def test_the_same_seed_gives_the_same_theory_and_another_seed_another():
    first = synthetic_collection(40, evidence_per_configuration=4, seed=3)
    assert synthetic_collection(40, evidence_per_configuration=4, seed=3) == first
    assert synthetic_collection(40, evidence_per_configuration=4, seed=4) != first


def test_it_is_marked_synthetic_and_looks_like_real_data():
    collection = synthetic_collection(60, evidence_per_configuration=5)
    assert "not real data" in collection.title
    assert all(excerpt.text.startswith("Synthetic excerpt") for excerpt in collection.excerpts)
    assert {source.wave for source in collection.sources} == {"1", "2"}
    assert len({source.site for source in collection.sources}) > 3
    stances = {e.stance for c in collection.configurations for e in c.evidence}
    assert stances == {"supports", "refines", "refutes"}
    assert all(len(c.evidence) == 5 for c in collection.configurations)
    assert any(not label.isascii() for label in (e.label for e in collection.elements))


def test_elements_are_shared_across_themes_and_chains_stay_short():
    theory = ProgrammeTheory(synthetic_collection(400, evidence_per_configuration=1))
    themes_of_state = {}
    for configuration in theory.configurations:
        for context in configuration.contexts:
            themes_of_state.setdefault(context.id, set()).add(configuration.theme)
    assert max(len(themes) for themes in themes_of_state.values()) > 1
    assert theory.chains()
    reached = [len(theory.outcomes_of(context)) for context in theory.collection.elements
               if context.kind == "context"]
    assert max(reached) <= 2 * PATHWAY  # a pathway, not the whole theory


@pytest.mark.parametrize("themes", [1, 5, 12])
def test_themes_are_as_many_as_asked(themes):
    collection = synthetic_collection(30, evidence_per_configuration=1, themes=themes)
    assert len({c.theme for c in collection.configurations}) == themes


def test_a_tiny_theory_still_gets_all_its_evidence():
    collection = synthetic_collection(1, evidence_per_configuration=3)
    assert len(collection.configurations[0].evidence) == 3
    assert synthetic_collection(2, evidence_per_configuration=0).configurations[0].evidence == ()
    assert len({c.theme for c in synthetic_collection(3).configurations}) == 3  # not 5


@pytest.mark.parametrize(("arguments", "named"), [
    ({"configurations": 0}, "configurations: 0 is too few (give 1 or more configurations)"),
    ({"configurations": -5}, "configurations: -5 is negative"),
    ({"configurations": 2.5}, "configurations: 2.5 is not a whole number"),
    ({"configurations": True}, "configurations: True is not a whole number"),
    ({"evidence_per_configuration": -1}, "evidence_per_configuration: -1 is negative (give 0"),
    ({"themes": 0}, "themes: 0 is too few (give 1 or more themes)"),
    ({"configurations": 3, "themes": 4},
     "themes: 4 is more than the 3 configurations (give at most 3 themes)"),
])
def test_impossible_sizes_are_refused_with_the_parameter_and_the_fix(arguments, named):
    size = arguments.pop("configurations", 10)
    with pytest.raises(InputError) as raised:
        synthetic_collection(size, **arguments)
    assert named in str(raised.value)


def test_every_impossible_size_is_named_at_once():
    with pytest.raises(InputError, match="2 problems") as raised:
        synthetic_collection(0, evidence_per_configuration=-1)
    assert "configurations: 0" in str(raised.value)
    assert "evidence_per_configuration: -1" in str(raised.value)


def test_a_revision_refines_removes_and_adds():
    old = synthetic_collection(200, evidence_per_configuration=2)
    new = synthetic_revision(old)
    statuses = {c.status for c in new.configurations}
    assert {"refined", "supported", "new"} <= statuses
    assert len({c.id for c in old.configurations} - {c.id for c in new.configurations}) > 0
    assert new.revises == old.version
