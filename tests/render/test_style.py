"""The look: kinds differ by shape and colour; lines widen with evidence, to a limit."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cmo.render.style import EDGE_STYLES, NODE_STYLES, edge_style, penwidth


def test_every_kind_has_its_own_shape_and_its_own_fill():
    looks = list(NODE_STYLES.values())
    assert len({(look.shape, look.peripheries) for look in looks}) == len(looks)
    assert len({look.fill for look in looks}) == len(looks)


def test_the_chain_link_combines_context_and_outcome_colours():
    assert NODE_STYLES["chain"].fill == f"{NODE_STYLES['context'].fill}:{NODE_STYLES['outcome'].fill}"


@given(st.integers(0, 10_000), st.integers(0, 10_000))
def test_line_width_grows_with_evidence_and_is_capped(fewer, more):
    fewer, more = sorted((fewer, more))
    assert float(penwidth(fewer)) <= float(penwidth(more)) <= 6.0


def test_line_style_follows_the_evidence():
    assert edge_style(evidence=0, refutes=0) is EDGE_STYLES["unsupported"]
    assert edge_style(evidence=3, refutes=0) is EDGE_STYLES["supported"]
    assert edge_style(evidence=3, refutes=1) is EDGE_STYLES["mixed"]
    assert edge_style(evidence=3, refutes=3) is EDGE_STYLES["refuted"]
    assert len({(s.style, s.color) for s in EDGE_STYLES.values()}) == 4
