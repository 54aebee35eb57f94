"""The diagram: elements by kind, themes as boxes, evidence as lines, filters, escaping."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

import cmo.io
from cmo.exceptions import InputError
from cmo.models import Collection, Configuration, Evidence, Excerpt, Mechanism, Source
from cmo.render import to_dot
from cmo.render.backend import render
from cmo.render.style import EDGE_STYLES, penwidth
from cmo.theory.graph import ProgrammeTheory

from ..strategies import collections
from .drawing import Layout, Svg, normalised

PAPER = Source(id="paper", kind="publication")


def quote(number: int) -> Excerpt:
    return Excerpt(id=f"q{number}", source=PAPER, text=f"Confidential words number {number}.")


def evidence(*stances: str) -> tuple[Evidence, ...]:
    return tuple(Evidence(excerpt=quote(n), stance=s) for n, s in enumerate(stances))


def configuration(identifier: str, *, evidence: tuple[Evidence, ...] = (), theme: str = "T",
                  context: str = "Patient is ready", outcome: str = "Patient connects",
                  ) -> Configuration:
    return Configuration(
        id=identifier, theme=theme, contexts=[{"label": context}],
        mechanism={"resource": "Link worker offers support", "reasoning": "Patient feels able"},
        outcomes=[{"label": outcome}], evidence=evidence)


def theory_of(*configurations: Configuration, **fields: str) -> ProgrammeTheory:
    return ProgrammeTheory(Collection(configurations=configurations, **fields))


def expected_texts(theory: ProgrammeTheory, node: str) -> list[str]:
    """What a node must show: a mechanism's halves (and its own name), else the label."""
    element = theory.graph.nodes[node]["elements"][0]
    if isinstance(element, Mechanism):
        halves = [h for h in (element.resource, element.reasoning) if h and h.strip()]
        named = [element.label] if element.label != " → ".join(h.strip() for h in halves) else []
        return [normalised(text) for text in (*named, *halves)]
    return [normalised(theory.graph.nodes[node]["label"])]


# -- the worked example ------------------------------------------------------------------


@pytest.fixture(scope="module")
def example_svg(example_theory) -> Svg:
    return Svg.parse(render(to_dot(example_theory), diagram_format="svg"))


@pytest.mark.needs_dot
def test_every_element_of_every_configuration_is_shown(example_theory, example_svg):
    for configuration in example_theory.configurations:
        for element in configuration.elements:
            node = example_theory.node(element)
            for text in expected_texts(example_theory, node):
                assert text in example_svg.nodes[node], (configuration.id, text)


@pytest.mark.needs_dot
def test_mechanisms_show_resource_and_reasoning_separately(example_theory, example_svg):
    for configuration in example_theory.configurations:
        mechanism = configuration.mechanism
        shown = example_svg.nodes[example_theory.node(mechanism)]
        if mechanism.resource:
            assert f"RESOURCE {normalised(mechanism.resource)}" in shown
        if mechanism.reasoning:
            assert f"REASONING {normalised(mechanism.reasoning)}" in shown


@pytest.mark.needs_dot
def test_each_theme_is_a_titled_box(example_theory, example_svg):
    titles = set(example_svg.clusters.values())
    assert set(example_theory.themes) <= titles


@pytest.mark.needs_dot
def test_the_legend_names_every_kind_drawn(example_svg):
    legend = example_svg.legend
    for name in ("Legend", "Intervention / strategy", "Actor", "Context", "Mechanism",
                 "RESOURCE", "REASONING", "Outcome", "Chain link", "Supported", "Thicker line"):
        assert name in legend
    # The example has no refuting or unevidenced edge, so the legend does not explain them.
    assert "Refuted" not in legend and "Unsupported" not in legend


@pytest.mark.needs_dot
def test_title_and_version_head_the_diagram(example_svg):
    assert example_svg.graph.startswith(
        "Social prescribing link workers (worked example) version v2 · 11 configurations")


@pytest.mark.needs_dot
def test_shared_elements_sit_outside_theme_boxes(example_theory):
    layout = Layout.of(to_dot(example_theory))
    boxed = {node for name, nodes in layout.clusters.items() if name != "cluster_legend"
             for node in nodes}
    # Used by two themes: the chain from buy-in to trust, and the link worker intervention.
    assert "referral-agreed" not in boxed and "link-worker-referral" not in boxed
    assert {"referral-agreed", "link-worker-referral"} <= layout.theory_nodes
    assert layout.theory_nodes - boxed == {"referral-agreed", "link-worker-referral"}
    # Used only in "Trust and hope" (by three configurations): inside that box.
    trust_box = next(name for name, nodes in layout.clusters.items() if "trust" in nodes)
    assert layout.clusters[trust_box] >= {"trust", "c-patient-needs-support-they-can-rely-on"}


@pytest.mark.needs_dot
def test_chain_links_are_drawn_with_a_double_border(example_theory):
    layout = Layout.of(to_dot(example_theory))
    chained = {node for node, roles in example_theory.graph.nodes(data="roles")
               if roles == ("context", "outcome")}
    assert chained == {"referral-agreed", "trust", "not-connected"}
    for node in layout.theory_nodes:
        expected = "2" if node in chained else "1"
        assert layout.nodes[node].get("peripheries", "1") == expected, node


def test_no_evidence_text_reaches_the_diagram(example_theory):
    source = to_dot(example_theory).source
    for excerpt in example_theory.collection.excerpts:
        assert excerpt.text[:30] not in source
    notes = [e.note for c in example_theory.configurations for e in c.evidence if e.note]
    assert notes and not any(note[:30] in source for note in notes)


def test_same_theory_gives_byte_identical_dot(example_theory, example_path):
    first = to_dot(example_theory).source
    assert to_dot(cmo.io.load(example_path)).source == first
    assert to_dot(example_theory).source == first


# -- edges -------------------------------------------------------------------------------


@pytest.mark.needs_dot
def test_parallel_edges_become_one_line_as_wide_as_their_evidence():
    theory = theory_of(configuration("one", evidence=evidence("supports")),
                       configuration("two", evidence=evidence("supports", "refines")))
    layout = Layout.of(to_dot(theory))
    context = theory.node("Patient is ready")
    mechanism = theory.configuration("one").mechanism
    assert theory.graph.number_of_edges() == 4 and len(layout.theory_edges) == 2
    edge = layout.edge(context, theory.node(mechanism))
    assert edge["penwidth"] == penwidth(3) and float(edge["penwidth"]) > float(penwidth(1))
    assert "one: 1 evidence" in edge["tooltip"] and "two: 2 evidence" in edge["tooltip"]
    assert edge["style"] == "solid"


@pytest.mark.needs_dot
def test_refuted_mixed_and_unevidenced_edges_look_different_and_are_explained():
    theory = theory_of(
        configuration("refuted", evidence=evidence("refutes"), context="Housing is insecure"),
        configuration("mixed", evidence=evidence("supports", "refutes")),
        configuration("bare", context="Patient is not ready", outcome="Patient waits"),
    )
    dot = to_dot(theory)
    layout = Layout.of(dot)
    mechanism = theory.node(theory.configuration("refuted").mechanism)
    refuted = layout.edge(theory.node("Housing is insecure"), mechanism)
    mixed = layout.edge(theory.node("Patient is ready"), mechanism)
    bare = layout.edge(theory.node("Patient is not ready"), mechanism)
    assert (refuted["style"], refuted["color"]) == ("dashed", "#D55E00")
    # Evidence for and against: two parallel lines, grey and vermillion, not a refutation.
    assert (mixed["style"], mixed["color"]) == ("solid", "#4D4D4D:#D55E00")
    assert (bare["style"], bare["color"]) == ("dotted", EDGE_STYLES["unsupported"].color)
    legend = Svg.parse(render(dot, diagram_format="svg")).legend
    assert "Refuted evidence refutes it, none supports it" in legend
    assert "Mixed evidence both supports and refutes it" in legend
    assert "Unsupported" in legend and "Supported" not in legend


# -- filters -----------------------------------------------------------------------------


def nodes_of(theory: ProgrammeTheory, identifiers: list[str]) -> set[str]:
    return {theory.node(element) for identifier in identifiers
            for element in theory.configuration(identifier).elements}


@pytest.mark.needs_dot
@pytest.mark.parametrize(("themes", "configurations", "kept"), [
    (["Trust and hope"], [], ["trust-through-skills", "anchor-point", "hope-through-trust"]),
    ("Trust and hope", [], ["trust-through-skills", "anchor-point", "hope-through-trust"]),
    ([], ["anchor-point", "workload-threat"], ["anchor-point", "workload-threat"]),
    (["Trust and hope"], ["anchor-point", "workload-threat"], ["anchor-point"]),
])
def test_filters_keep_only_the_chosen_configurations(example_theory, themes, configurations,
                                                     kept):
    dot = to_dot(example_theory, themes=themes, configurations=configurations)
    assert Layout.of(dot).theory_nodes == nodes_of(example_theory, kept)
    assert f"{len(kept)} configuration" in dot.source


def test_unknown_theme_or_configuration_is_named_with_the_valid_ones(example_theory):
    with pytest.raises(InputError) as caught:
        to_dot(example_theory, themes=["Trust and hope", "Hope"], configurations=["nope"])
    message = str(caught.value)
    assert "theme 'Hope': is not in this theory" in message
    assert "configuration 'nope': is not in this theory" in message
    valid = ", ".join(repr(theme) for theme in sorted(example_theory.themes))
    assert f"use one of: {valid}" in message
    assert len(caught.value.problems) == 2


@pytest.mark.parametrize("options", [{"direction": "sideways"}, {"wrap": 3}, {"wrap": 20.5}])
def test_bad_layout_options_are_refused(example_theory, options):
    with pytest.raises(ValueError, match=r"direction|wrap"):
        to_dot(example_theory, **options)


@pytest.mark.needs_dot
def test_direction_and_wrap_are_applied(example_theory):
    layout = Layout.of(to_dot(example_theory, direction="TB", wrap=12))
    assert layout.nodes  # dot accepted it
    svg = Svg.parse(render(to_dot(example_theory, wrap=12), diagram_format="svg"))
    label = example_theory.graph.nodes["trust"]["label"]
    assert normalised(label) in svg.nodes["trust"]
    assert 'rankdir=TB' in to_dot(example_theory, direction="TB").source


# -- escaping ----------------------------------------------------------------------------

#: Any text the models accept: every code point but control characters (other than white
#: space) and surrogates, which they refuse.
TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")) | st.sampled_from("\n\t "),
               min_size=1).filter(str.strip)
AWKWARD = ['"quoted"', "a < b > c", "R&D &amp; &#65;", "it's", "C:\\new \\N \\G \\", "]",
           "]]>", "{record|field}", "  padded\tand\nbroken  ", "🙂 emoji", "שלום עולם",
           "中文标签", "\ufffe", "node", "-> edge ;"]


def one_configuration(label: str, half: str, theme: str, title: str) -> Collection | None:
    """A theory using every text somewhere it is drawn, or None if the models refuse one."""
    try:
        return Collection(title=title, configurations=[Configuration(
            id="x", theme=theme, contexts=[{"label": label}], mechanism={"resource": half},
            outcomes=[{"label": "Outcome"}])])
    except ValidationError:
        return None


def assert_drawn_as_written(made: Collection, label: str, half: str, theme: str,
                            title: str) -> None:
    svg = Svg.parse(render(to_dot(made), diagram_format="svg"))
    configuration = made.configurations[0]
    assert normalised(label) in svg.nodes[configuration.contexts[0].id]
    assert f"RESOURCE {normalised(half)}" in svg.nodes[configuration.mechanism.id]
    assert normalised(theme) in svg.clusters["cluster_theme_1"]
    assert svg.graph.startswith(normalised(title))
    assert f"Theme: {normalised(theme)}" in svg.tooltips


@pytest.mark.needs_dot
@pytest.mark.parametrize("text", AWKWARD)
def test_awkward_text_is_drawn_as_written(text):
    made = one_configuration(text, text, text, text)
    assert made is not None
    assert_drawn_as_written(made, text, text, text, text)


@pytest.mark.needs_dot
@settings(max_examples=25)
@given(label=TEXT, half=TEXT, theme=TEXT, title=TEXT)
def test_any_text_is_drawn_as_written(label, half, theme, title):
    made = one_configuration(label, half, theme, title)
    assume(made is not None)
    assert_drawn_as_written(made, label, half, theme, title)


@pytest.mark.needs_dot
@settings(max_examples=25)
@given(collection=collections())
def test_any_theory_is_drawn_with_every_element(collection):
    theory = ProgrammeTheory(collection)
    dot = to_dot(theory)
    svg = Svg.parse(render(dot, diagram_format="svg"))
    for node in theory.graph.nodes:
        for text in expected_texts(theory, node):
            assert text in svg.nodes[node]
    pairs = {(tail, head) for tail, head in theory.graph.edges()}
    assert len(Layout.of(dot).theory_edges) == len(pairs)


@pytest.mark.needs_dot
def test_element_ids_that_look_like_dot_words_or_numbers_stay_distinct_nodes():
    theory = theory_of(Configuration(
        id="c", contexts=[{"id": "node", "label": "A"}, {"id": "1.5", "label": "B"}],
        mechanism={"id": "cluster_legend", "reasoning": "R"},
        outcomes=[{"id": "graph", "label": "C"}, {"id": "01", "label": "D"}]))
    layout = Layout.of(to_dot(theory))
    assert layout.theory_nodes == {"node", "1.5", "cluster_legend", "graph", "01"}
    assert "cluster_legend" not in layout.clusters["cluster_legend"]


# -- configuration names -----------------------------------------------------------------


@pytest.mark.needs_dot
def test_each_mechanism_carries_its_configurations_number(example_theory, example_svg):
    for number, configuration in enumerate(example_theory.configurations, start=1):
        shown = example_svg.nodes[example_theory.node(configuration.mechanism)]
        assert f"CMOC {number}" in shown, configuration.id
    assert "CMOC number" in example_svg.legend


@pytest.mark.needs_dot
def test_configurations_are_named_by_id_or_not_at_all(example_theory):
    mechanism = example_theory.node(example_theory.configuration("anchor-point").mechanism)
    by_id = Svg.parse(render(to_dot(example_theory, labels="id"), diagram_format="svg"))
    assert by_id.nodes[mechanism].startswith("anchor-point ")
    assert "configuration id" in by_id.legend and "CMOC 1" not in by_id.graph
    unnamed = Svg.parse(render(to_dot(example_theory, labels="none"), diagram_format="svg"))
    assert "anchor-point" not in unnamed.graph and "CMOC 1" not in unnamed.graph
    with pytest.raises(ValueError, match=r"unknown labels: 'ids' \(must be one of "):
        to_dot(example_theory, labels="ids")


def test_a_part_keeps_the_numbers_of_the_whole(example_theory):
    source = to_dot(example_theory, configurations=["workload-threat"]).source
    assert "<b>CMOC 11</b>" in source and "CMOC 1<" not in source


@pytest.mark.needs_dot
def test_a_configuration_without_a_mechanism_is_named_on_its_line():
    dyad = Configuration(id="dyad", number=4, contexts=[{"label": "Long waiting lists"}],
                         outcomes=[{"label": "Patient gives up"}])
    theory = theory_of(configuration("whole", evidence=evidence("supports")), dyad)
    layout = Layout.of(to_dot(theory))
    line = layout.edge(theory.node("Long waiting lists"), theory.node("Patient gives up"))
    assert line["label"] == "CMOC 4"
    into = layout.edge(theory.node("Patient is ready"),
                       theory.node(theory.configuration("whole").mechanism))
    assert into["label"] == "" and into["tooltip"].startswith("CMOC 5 whole: 1 evidence")


def test_a_shared_mechanism_lists_every_configuration_in_order():
    theory = theory_of(configuration("one").replaced(number=10),
                       configuration("two", context="Patient is unsure").replaced(number=9))
    assert "<b>CMOC 9, CMOC 10</b>" in to_dot(theory).source


def test_the_diff_diagram_keeps_the_numbers_of_the_earlier_version():
    from cmo.render import diff_to_dot

    old = Collection(version="IPT", configurations=[
        configuration("kept"), configuration("gone", context="Patient is unsure"),
        configuration("split", context="Patient is busy")])
    new = Collection(version="v2", configurations=[
        configuration("added", context="Patient is new"), configuration("kept"),
        configuration("split-b", context="Patient is busy").replaced(derived_from=("split",))])
    source = diff_to_dot(old, new).source
    # kept 1, gone 2 (drawn as removed), split-b 3 from 'split', added the next: 4.
    assert "<b>CMOC 1, CMOC 2, CMOC 3,<br/>CMOC 4</b>" in source
    assert "CMOC 3 split-b: 0 evidence" in source and "CMOC 2 gone: 0 evidence" in source
    assert "CMOC 4 added: 0 evidence" in source
