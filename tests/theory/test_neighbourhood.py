"""The part of a theory around one configuration, or through one element (following chains)."""

from __future__ import annotations

import pytest

from cmo.exceptions import InputError
from cmo.models import Collection, Configuration
from cmo.theory.graph import ProgrammeTheory
from cmo.theory.neighbourhood import around, through

from ..test_layers import import_graph


def test_around_a_configuration_follows_shared_elements(example_theory):
    near = around(example_theory, "trust-through-skills")
    assert near == ("anchor-point", "hope-through-trust", "referral-buy-in",
                    "trust-through-skills")  # the chain both ways
    assert "workload-threat" not in near


def test_through_an_element_follows_chains_both_ways(example_theory):
    assert through(example_theory, "not-connected") == ("connecting-with", "structural-barriers")
    with pytest.raises(InputError, match="no element has the id or label"):
        through(example_theory, "No such element at all")
    with pytest.raises(InputError, match="configuration 'nope'"):
        around(example_theory, "nope")


def test_the_problems_name_the_closest_id_or_what_to_give():
    theory = ProgrammeTheory(Collection(configurations=[
        Configuration(id="hope", contexts=[{"label": "Trust"}], outcomes=[{"label": "Hope"}])]))
    with pytest.raises(InputError) as missing:
        around(theory, "hop")
    assert [str(problem) for problem in missing.value.problems] == [
        "configuration 'hop': no configuration 'hop' (known: hope) (did you mean 'hope'?)"]
    with pytest.raises(InputError) as unknown:
        through(theory, "Despair")
    assert [str(problem) for problem in unknown.value.problems] == [
        "element 'Despair': no element has the id or label 'Despair' "
        "(give the id or label of a context or outcome)"]


def test_the_questions_live_in_the_theory_and_render_only_draws():
    graph = import_graph()
    assert not any(target.startswith("cmo.render")
                   for target in graph.successors("cmo.theory.neighbourhood"))
