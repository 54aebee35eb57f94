"""The worked example encodes the two seed studies faithfully."""

from __future__ import annotations

import importlib.util
import re
import sys

import pytest

import cmo
import cmo.io
from cmo.theory.diff import diff

from .conftest import EXAMPLE


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_every_excerpt_is_verbatim_from_an_abstract(example_theory, abstracts):
    abstract_text = _normalise(abstracts)
    for excerpt in example_theory.collection.excerpts:
        assert _normalise(excerpt.text) in abstract_text, excerpt.id


def test_sources_are_the_two_publications_with_their_dois(example_theory):
    sources = {s.id: s for s in example_theory.collection.sources}
    assert {s.kind for s in sources.values()} == {"publication"}
    assert sources["tierney2024"].doi == "10.3310/ETND8254"
    assert sources["griffiths2023"].doi == "10.4236/jss.2023.115006"


def test_configurations_from_each_study_with_themes_and_a_chain(example_theory):
    def study(configuration):
        return {e.excerpt.source.id for e in configuration.evidence}

    tierney = [c for c in example_theory.configurations if study(c) == {"tierney2024"}]
    griffiths = [c for c in example_theory.configurations if study(c) == {"griffiths2023"}]
    assert len(tierney) >= 6 and len(griffiths) >= 3
    assert all(c.theme for c in example_theory.configurations)
    chains = {(c.upstream, c.via, c.downstream) for c in example_theory.chains()}
    assert ("trust-through-skills", "trust", "hope-through-trust") in chains


def test_the_script_builds_the_same_theory(example_theory):
    path = EXAMPLE.parent / "build_theory.py"
    spec = importlib.util.spec_from_file_location("build_theory", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_theory"] = module
    spec.loader.exec_module(module)
    assert module.build().collection == example_theory.collection


# --- The initial programme theory (initial.yaml) and its refinement (theory.yaml) -------

INITIAL = EXAMPLE.parent / "initial.yaml"


@pytest.fixture(scope="module")
def initial_theory() -> cmo.ProgrammeTheory:
    return cmo.io.load(INITIAL)


def test_the_initial_theory_loads_as_proposed_configurations(initial_theory):
    collection = initial_theory.collection
    assert collection.version == "IPT" and collection.date is not None
    assert collection.configurations
    assert {c.status for c in collection.configurations} == {"proposed"}
    assert all(c.theme for c in collection.configurations)


def test_every_initial_excerpt_is_verbatim_from_an_abstract(initial_theory, abstracts):
    abstract_text = _normalise(abstracts)
    for excerpt in initial_theory.collection.excerpts:
        assert _normalise(excerpt.text) in abstract_text, excerpt.id


def test_the_initial_theory_rests_on_the_link_workers_paper_only(initial_theory):
    (source,) = initial_theory.collection.sources
    assert (source.id, source.kind, source.doi) == (
        "griffiths2023", "publication", "10.4236/jss.2023.115006")
    cited = {e.excerpt.source.id for c in initial_theory.configurations for e in c.evidence}
    assert cited == {"griffiths2023"}


def test_every_derivation_names_an_initial_configuration(example_theory, initial_theory):
    initial_ids = {c.id for c in initial_theory.configurations}
    derived = [i for c in example_theory.configurations for i in c.derived_from]
    assert derived
    assert set(derived) <= initial_ids


def test_every_refined_configuration_has_a_status_and_a_rationale(example_theory):
    for configuration in example_theory.configurations:
        assert configuration.status != "proposed", configuration.id
        assert configuration.rationale, configuration.id


def test_the_two_versions_have_their_own_labels(example_theory, initial_theory):
    assert initial_theory.collection.version != example_theory.collection.version


def _halves(configuration) -> set[str]:
    mechanism = configuration.mechanism
    return {half for half in ("resource", "reasoning") if getattr(mechanism, half, None)}


def test_the_diff_tells_the_refinement_story(example_theory, initial_theory):
    change = diff(initial_theory, example_theory)
    statuses = {c.status for c in example_theory.configurations}
    assert {"supported", "refined", "new"} <= statuses
    assert {c.id for c in change.added} >= {"anchor-point", "structural-barriers"}
    assert all(c.status == "new" for c in change.added)
    assert [c.id for c in change.removed] == ["role-understanding"]  # refuted by patients
    # Initial mechanisms written as one undivided statement, split into resource -> reasoning.
    split = {r.new.id for r in change.revisions
             if len(_halves(r.old[0])) == 1 and len(_halves(r.new)) == 2}
    assert {"solution-focused-linking", "trust-through-skills"} <= split
