"""The worked example encodes the two seed studies faithfully."""

from __future__ import annotations

import importlib.util
import re
import sys

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
