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
