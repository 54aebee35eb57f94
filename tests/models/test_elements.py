"""Elements: one rule for the id a context and an outcome may share."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from cmo.models import Collection, Context, Mechanism, Outcome
from cmo.models.elements import STATE_KINDS, may_share_id


def test_only_a_context_and_an_outcome_that_are_one_state_may_share_an_id():
    hope = Outcome(id="hope", label="Patient feels hope")
    assert {"context", "outcome"} == STATE_KINDS
    assert may_share_id(hope, Context(id="hope", label="Patient feels hope")) is True
    assert may_share_id(Context(id="hope", label="Patient feels hope"), hope) is True
    assert may_share_id(hope, Context(id="hope", label="Patient feels hope",
                                      aliases=("Hope",))) is False
    assert may_share_id(hope, Context(id="hope", label="Hope")) is False
    assert may_share_id(hope, Mechanism(id="hope", reasoning="Patient feels hope")) is False
    assert may_share_id(hope, hope) is False  # one kind: not two roles


def test_the_collection_refuses_what_the_rule_refuses():
    hope = Outcome(id="hope", label="Patient feels hope")
    assert Collection(elements=[hope, Context(id="hope", label="Patient feels hope")]).elements
    with pytest.raises(ValidationError) as caught:
        Collection(elements=[hope, Context(id="hope", label="Hope")])
    assert ("the id 'hope' is used by an outcome and a context (only a context and an outcome "
            "that are the same state, with the same label, description and aliases, may share "
            "an id)") in str(caught.value)


def test_every_kind_of_element_is_an_element():
    import cmo
    from cmo.models import Actor, Element, Intervention, MiddleRangeTheory

    elements = [Context(label="Patient trusts"), Mechanism(reasoning="Patient feels hope"),
                Outcome(label="Patient engages"), Intervention(label="Link worker referral"),
                Actor(label="Link worker")]
    assert [isinstance(element, Element) for element in elements] == [True] * 5
    assert cmo.Element is Element
    assert not isinstance(MiddleRangeTheory(name="Salutogenesis"), Element)


def test_elements_are_read_from_data_by_their_kind():
    from pydantic import TypeAdapter

    from cmo.models import AnyElement, ElementByKind, Intervention

    adapter = TypeAdapter(tuple[ElementByKind, ...])
    read = adapter.validate_python([{"kind": "mechanism", "reasoning": "Patient feels hope"},
                                    {"kind": "actor", "label": "Link worker"}])
    assert [type(element).__name__ for element in read] == ["Mechanism", "Actor"]
    assert [element.id for element in read] == ["m-patient-feels-hope", "a-link-worker"]
    assert set(AnyElement.__args__) == {type(element) for element in read} | {
        Context, Outcome, Intervention}
    with pytest.raises(ValidationError) as caught:
        adapter.validate_python([{"kind": "theme", "label": "Trust"}])
    assert [error["type"] for error in caught.value.errors()] == ["union_tag_invalid"]
