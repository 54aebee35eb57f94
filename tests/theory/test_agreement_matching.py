"""Matching configurations and excerpts across coders: worked out as lazily as it is, it
finds what the plain rule finds (every key of every value given at once, in order).

Every case here is SYNTHETIC (invented coders, sources, excerpts and elements).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from cmo.models import Collection, Configuration, Context, Excerpt, Mechanism, Outcome, Source
from cmo.theory.agreement_matching import match_configurations, match_excerpts, shared_sources
from cmo.theory.merge_identity import ElementIdentities

SOURCES = (Source(id="s1", kind="interview"), Source(id="s2", kind="observation"))
#: Texts that are one once their white space is normalised, and one that is not.
TEXTS = ("Synthetic passage one.", "Synthetic  passage\none.", "Synthetic passage two.")
SPANS = ((0, 22), (30, 52), None)
LABELS = ("Synthetic trust", "synthetic trust.", "Synthetic hope", "Synthetic calm")


def _the_rule(values: Sequence[tuple[int, str, object, Sequence[tuple[str, Hashable | None]]]],
              coders: int) -> list[tuple[object, tuple[str | None, ...], tuple[str | None, ...]]]:
    """The plain rule: each value joins the first group that one of its keys (in order)
    was given to and that has no value of its coder yet, else starts a group; every key of
    every value is given to its group unless a group has it already."""
    members: list[list[str | None]] = []
    by: list[list[str | None]] = []
    first: list[object] = []
    index: dict[Hashable, int] = {}
    for coder, ident, value, keys in values:
        found = next(((group, how) for how, key in keys if key is not None
                      and (group := index.get(key)) is not None
                      and members[group][coder] is None), None)
        if found is None:
            group, how = len(members), None
            members.append([None] * coders)
            by.append([None] * coders)
            first.append(value)
        else:
            group, how = found
        members[group][coder], by[group][coder] = ident, how
        for _how, key in keys:
            if key is not None:
                index.setdefault(key, group)
    return [(f, tuple(m), tuple(b)) for f, m, b in zip(first, members, by, strict=True)]


@st.composite
def _coders(draw: st.DrawFn) -> list[Collection]:
    """Two to four coders whose excerpts and configurations meet by id, span, text and
    elements (labels that normalise alike, ids that differ) in every way."""
    theories = []
    for _ in range(draw(st.integers(2, 4))):
        excerpts = []
        for number in draw(st.lists(st.integers(0, 5), max_size=6, unique=True)):
            span = draw(st.sampled_from(SPANS))
            excerpts.append(Excerpt(
                id=f"q{number}", source=draw(st.sampled_from(SOURCES)),
                text=draw(st.sampled_from(TEXTS)),
                start=None if span is None else span[0], end=None if span is None else span[1]))
        # Each coder names each wording's element its own way: the same id or another.
        ids = {label: f"{draw(st.sampled_from('xy'))}{LABELS.index(label)}" for label in LABELS}
        configurations = []
        for number in draw(st.lists(st.integers(0, 5), max_size=6, unique=True)):
            context, outcome = draw(st.sampled_from(LABELS[:2])), draw(st.sampled_from(LABELS))
            reasoning = draw(st.sampled_from((None, "Synthetic reasoning")))
            configurations.append(Configuration(
                id=f"h{number}", contexts=[Context(id=ids[context], label=context)],
                outcomes=[Outcome(id=f"o-{ids[outcome]}", label=outcome)],
                mechanism=Mechanism(reasoning=reasoning) if reasoning else None))
        theories.append(Collection(sources=SOURCES, excerpts=excerpts,
                                   configurations=configurations))
    return theories


@settings(max_examples=150, deadline=None)
@given(_coders())
def test_excerpts_are_matched_by_id_span_and_text_as_the_plain_rule_matches_them(
        theories: list[Collection]) -> None:
    sources = shared_sources(theories)[0]
    values = [(coder, e.id, e, (
        ("id", ("id", e.source.id, e.id)),
        ("span", None if e.start is None else ("span", e.source.id, e.start, e.end)),
        ("text", ("text", e.source.id, " ".join(e.text.split())))))
        for coder, theory in enumerate(theories) for e in theory.excerpts]
    found = [(m.excerpt, m.ids, m.by) for m in match_excerpts(theories, sources)]
    assert found == _the_rule(values, len(theories))


@settings(max_examples=150, deadline=None)
@given(_coders())
def test_configurations_are_matched_by_id_and_elements_as_the_plain_rule_matches_them(
        theories: list[Collection]) -> None:
    names = tuple(f"coder {n}" for n in range(len(theories)))
    identities = ElementIdentities(names, aliases={}, suggest=False)
    values = []
    for coder, theory in enumerate(theories):
        identities.next_input()
        for element in theory.elements:
            identities.identify(coder + 1, element)
        for c in theory.configurations:
            node = identities.node
            signature = ("elements", frozenset(map(node, c.contexts)),
                         node(c.mechanism) if c.mechanism else None,
                         frozenset(map(node, c.outcomes)))
            values.append((coder, c.id, c.id, (("id", ("id", c.id)), ("elements", signature))))
    found = [(m.id, m.ids, m.by) for m in match_configurations(theories, names)]
    assert found == _the_rule(values, len(theories))
