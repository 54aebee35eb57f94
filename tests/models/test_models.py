"""The models: immutable, validated values a researcher can trust."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from cmo import (
    Collection,
    Configuration,
    Context,
    Evidence,
    Excerpt,
    Mechanism,
    Outcome,
    Source,
)

PAPER = Source(id="tierney2024", kind="publication", doi="doi:10.3310/ETND8254")
QUOTE = Excerpt(id="hope", source=PAPER, text="Patients talked about experiencing a sense of hope")


def configuration(**changes) -> Configuration:
    values = {"id": "hope", "contexts": [Context(label="Patient trusts the link worker")],
              "mechanism": Mechanism(resource="Trusting relationship",
                                     reasoning="Patient experiences hope"),
              "outcomes": [Outcome(label="Patient has a sense of hope")]}
    return Configuration(**{**values, **changes})


def test_values_are_immutable():
    with pytest.raises(ValidationError, match="frozen"):
        PAPER.site = "Site A"  # type: ignore[misc]


def test_doi_prefixes_are_removed_and_a_resolvable_address_given():
    assert PAPER.doi == "10.3310/ETND8254"
    assert PAPER.doi_iri == "https://doi.org/10.3310/ETND8254"
    with pytest.raises(ValidationError, match="doi"):
        Source(id="x", kind="publication", doi="not a doi")


def test_source_kinds_are_the_ones_researchers_use():
    for kind in ("interview", "observation", "focus group", "document", "publication", "other"):
        assert Source(id="s", kind=kind).kind == kind
    with pytest.raises(ValidationError, match="kind"):
        Source(id="s", kind="survey")


def test_a_wave_written_as_a_number_is_kept_as_a_label():
    assert Source(id="p1", kind="interview", participant="P01", wave=2).wave == "2"


def test_element_ids_are_derived_from_labels_and_stable():
    assert Context(label="Patient trusts the link worker").id == "c-patient-trusts-the-link-worker"
    assert Outcome(label="Hope").id == "o-hope"
    assert Context(id="own-id", label="Hope").id == "own-id"


def test_a_mechanism_needs_a_resource_a_reasoning_or_both():
    assert Mechanism(resource="Link worker listens").label == "Link worker listens"
    assert Mechanism(resource="Listens", reasoning="Trusts").label == "Listens → Trusts"
    with pytest.raises(ValidationError, match="resource', a 'reasoning' or both"):
        Mechanism(label="nothing")


def test_a_configuration_renders_itself_as_if_then_because():
    assert configuration().sentence == (
        "If Patient trusts the link worker, then Patient has a sense of hope, "
        "because Trusting relationship → Patient experiences hope.")


@pytest.mark.parametrize(("changes", "shape", "missing"), [
    ({}, "C-M-O", ()),
    ({"outcomes": []}, "C-M", ("outcome",)),
    ({"contexts": []}, "M-O", ("context",)),
    ({"mechanism": None}, "C-O", ("mechanism",)),
])
def test_partial_configurations_are_accepted_and_reported(changes, shape, missing):
    made = configuration(**changes)
    assert (made.shape, made.missing, made.is_partial) == (shape, missing, bool(missing))


def test_a_partial_sentence_says_what_is_not_yet_known():
    assert "(outcome not yet known)" in configuration(outcomes=[]).sentence


def test_a_configuration_needs_two_of_context_mechanism_outcome():
    with pytest.raises(ValidationError, match="at least two"):
        configuration(contexts=[], outcomes=[])


def test_an_excerpt_cited_twice_is_refused():
    twice = [Evidence(excerpt=QUOTE, stance="supports"), Evidence(excerpt=QUOTE, stance="refutes")]
    with pytest.raises(ValidationError, match="cites excerpt 'hope' twice"):
        configuration(evidence=twice)


def test_unknown_stance_and_status_are_refused():
    with pytest.raises(ValidationError, match="stance"):
        Evidence(excerpt=QUOTE, stance="agrees")
    with pytest.raises(ValidationError, match="status"):
        configuration(status="great")


def test_a_span_must_be_whole_and_in_order():
    with pytest.raises(ValidationError, match="both"):
        Excerpt(id="q", source=PAPER, text="x", start=3)
    with pytest.raises(ValidationError, match="before it starts"):
        Excerpt(id="q", source=PAPER, text="x", start=5, end=2)


def test_text_must_not_be_blank_or_hold_control_characters():
    with pytest.raises(ValidationError, match="blank"):
        Context(label="   ")
    with pytest.raises(ValidationError, match="U\\+0007"):
        Context(label="bell\x07")


def test_a_collection_gathers_everything_its_configurations_use():
    collection = Collection(configurations=[configuration(
        evidence=[Evidence(excerpt=QUOTE, stance="supports")])])
    assert [s.id for s in collection.sources] == ["tierney2024"]
    assert [e.id for e in collection.excerpts] == ["hope"]
    assert {e.kind for e in collection.elements} == {"context", "mechanism", "outcome"}


def test_two_different_values_with_one_id_are_refused():
    other = Excerpt(id="hope", source=PAPER, text="Something else")
    with pytest.raises(ValidationError, match="two different excerpts have the id 'hope'"):
        Collection(excerpts=[QUOTE, other])
    with pytest.raises(ValidationError, match="used by a context and a mechanism"):
        Collection(elements=[Context(id="x", label="A"), Mechanism(id="x", reasoning="B")])


def test_a_context_and_an_outcome_may_share_an_id_when_they_are_one_state():
    state = {"id": "trust", "label": "Patient trusts the link worker"}
    assert len(Collection(elements=[Context(**state), Outcome(**state)]).elements) == 2
    with pytest.raises(ValidationError, match="used by a context and an outcome"):
        Collection(elements=[Context(**state), Outcome(id="trust", label="Different")])


def test_equality_ignores_the_order_of_set_like_members():
    a, b = Context(label="A b"), Context(label="C d")
    assert configuration(contexts=[a, b]) == configuration(contexts=[b, a])
    assert hash(configuration(contexts=[a, b])) == hash(configuration(contexts=[b, a]))
    assert configuration(contexts=[a]) != configuration(contexts=[b])


def test_reprs_are_short_and_name_references_by_id():
    assert repr(QUOTE) == ("Excerpt(id='hope', source=<Source 'tierney2024'>, "
                           "text='Patients talked about experiencing a sense of hope')")
    assert repr(Outcome(label="Hope")) == "Outcome(id='o-hope', label='Hope')"


def test_middle_range_theories_are_declared_once_and_cited_by_name():
    from cmo.models import MiddleRangeTheory

    salutogenesis = MiddleRangeTheory(name="Salutogenesis", citation="Antonovsky (1979)")
    collection = Collection(theories=[salutogenesis], configurations=[
        configuration(theories=["Salutogenesis", "Hope"])])
    assert [(t.name, t.citation) for t in collection.theories] == [
        ("Salutogenesis", "Antonovsky (1979)"), ("Hope", None)]  # an undeclared name is added
    with pytest.raises(ValidationError, match="two different middle-range theories"):
        Collection(theories=[salutogenesis, MiddleRangeTheory(name="Salutogenesis")])


def test_refinement_fields_say_where_a_configuration_comes_from_and_why():
    refined = configuration(status="refined", derived_from=["hope-ipt"],
                            rationale="Re-interviews showed hope needs continuity.")
    assert refined.derived_from == ("hope-ipt",)
    # Its own id names the earlier version's configuration of that id, not itself.
    assert configuration(derived_from=["hope"]).derived_from == ("hope",)


def test_a_chained_context_and_outcome_must_agree_on_their_aliases():
    state = {"id": "trust", "label": "Patient trusts the link worker"}
    with pytest.raises(ValidationError, match="same state"):
        Collection(elements=[Context(**state, aliases=["Trust"]), Outcome(**state)])
