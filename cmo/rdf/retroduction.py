"""The retroduction log of a configuration in RDF, both ways, in PROV-O.

Each inference step is a ``prov:Activity`` typed ``cmo:InferenceStep``, linked from its
configuration by ``cmo:hasInferenceStep`` (a ``prov:wasInfluencedBy``): its place in the
log is its ``schema:position`` and each step after the first ``prov:wasInformedBy`` the
one before; its ``cmo:move`` is ``cmo:Abductive``, ``cmo:Retroductive``, ``cmo:Inductive``
or ``cmo:Deductive``; it ``prov:used`` the excerpts it rests on, ``cmo:drawsOnTheory``
the middle-range theories, and ``prov:wasAssociatedWith`` who inferred (a ``prov:Agent``).
Each alternative mechanism set aside is a ``cmo:AlternativeMechanism`` linked by
``cmo:consideredAlternative``, with ``cmo:setAsideBecause`` and ``cmo:citesExcerpt``.

Example:
    >>> from cmo.models import Retroduction
    >>> from cmo.rdf.mapping import Iris
    >>> log = Retroduction(steps=[{"move": "abductive", "inference": "Synthetic inference"}])
    >>> said, described = retroduction_statements(Iris("urn:x:"), "urn:x:configuration/hope",
    ...                                           log, set())
    >>> [value for _, value, _ in said], [node for node, _ in described]
    (['urn:x:configuration/hope/inference-step/1'], ['urn:x:configuration/hope/inference-step/1'])
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Final

from ..models import Excerpt, Retroduction
from .appraisal import TeamMembers, read_team_member, team_member
from .collecting import Collector, Properties, n3, sorted_nodes
from .index import TYPE, Lit, Term
from .mapping import ALTERNATIVE_FIELDS, MOVE_TERMS, STEP_FIELDS, Iris
from .theory_reader import cited_theories
from .vocabulary import CMO, PROV, SCHEMA

__all__ = ["read_retroduction", "retroduction_statements"]

_Statement = tuple[str, str, str | None]
_Description = tuple[str, list[_Statement]]

_INTEGER: Final = "http://www.w3.org/2001/XMLSchema#integer"
_ACTIVITY, _STEP, _ALTERNATIVE = map(str, (
    PROV.Activity, CMO.InferenceStep, CMO.AlternativeMechanism))
_HAS_STEP, _CONSIDERED, _DRAWS_ON, _CITES_EXCERPT = map(str, (
    CMO.hasInferenceStep, CMO.consideredAlternative, CMO.drawsOnTheory, CMO.citesExcerpt))
_USED, _ASSOCIATED_WITH, _INFORMED_BY, _POSITION = map(str, (
    PROV.used, PROV.wasAssociatedWith, PROV.wasInformedBy, SCHEMA.position))
_MOVES: Final = ", ".join(n3(term) for term in MOVE_TERMS.values())


def retroduction_statements(iris: Iris, node: str, retroduction: Retroduction | None,
                            named: TeamMembers) -> tuple[list[_Statement], list[_Description]]:
    """What configuration ``node`` says of its log, and the steps' and alternatives'
    descriptions (with each team member named for the first time)."""
    if retroduction is None:
        return [], []
    said: list[_Statement] = []
    described: list[_Description] = []
    previous = None
    for position, step in enumerate(retroduction.steps, start=1):
        step_node = f"{node}/inference-step/{position}"
        said.append((_HAS_STEP, step_node, None))
        statements = [(TYPE, _ACTIVITY, None), (TYPE, _STEP, None),
                      (_POSITION, str(position), _INTEGER), *_fields(step, STEP_FIELDS)]
        if previous is not None:
            statements.append((_INFORMED_BY, previous, None))
        statements += _cited(iris, step, _USED)
        if step.judged_by is not None:
            agent, agent_described = team_member(iris, step.judged_by, named)
            statements.append((_ASSOCIATED_WITH, agent, None))
            described += agent_described
        described.append((step_node, statements))
        previous = step_node
    # Alternatives have no order: numbered in a stable one, so the same log is the same graph.
    alternatives = sorted(retroduction.alternatives,
                          key=lambda alternative: (alternative.mechanism,
                                                   alternative.set_aside_because))
    for number, alternative in enumerate(alternatives, start=1):
        alternative_node = f"{node}/alternative/{number}"
        said.append((_CONSIDERED, alternative_node, None))
        described.append((alternative_node, [
            (TYPE, _ALTERNATIVE, None), *_fields(alternative, ALTERNATIVE_FIELDS),
            *_cited(iris, alternative, _CITES_EXCERPT)]))
    return said, described


def _fields(value: Any, fields: Any) -> list[_Statement]:
    return [(field.iri, *field.to_rdf(getattr(value, field.name))) for field in fields
            if getattr(value, field.name) is not None]


def _cited(iris: Iris, part: Any, excerpt_predicate: str) -> list[_Statement]:
    return [*((excerpt_predicate, iris.excerpt(excerpt), None) for excerpt in part.excerpts),
            *((_DRAWS_ON, iris.middle_range_theory(theory), None) for theory in part.theories)]


def read_retroduction(reader: Collector, found: Properties, where: str,
                      excerpts: dict[Term, Excerpt | None]) -> dict[str, Any] | None:
    """The retroduction log a configuration links to, as a log's data (None if none).

    A step citing what is not an excerpt of the theory, or with no (or an unknown) move,
    is a problem naming the step's node.
    """
    steps = [(_position(described), str(node), {**data, **_judged_by(reader, described, where)})
             for node, described, data, where in _parts(
                 reader, found.get(_HAS_STEP, []), f"{where}, inference step", _STEP_NEEDS,
                 STEP_FIELDS, _USED, excerpts)]
    alternatives = [data for _, _, data, _ in _parts(
        reader, found.get(_CONSIDERED, []), f"{where}, alternative mechanism",
        _ALTERNATIVE_NEEDS, ALTERNATIVE_FIELDS, _CITES_EXCERPT, excerpts)]
    if not steps and not alternatives:
        return None
    return {"steps": [data for _, _, data in sorted(steps, key=lambda step: step[:2])],
            "alternatives": alternatives}


#: What a step and an alternative cannot be read without, and how to give it.
_STEP_NEEDS: Final = {STEP_FIELDS[0].iri: f"give it one of: {_MOVES}",
                      STEP_FIELDS[1].iri: "say what was inferred, and from what, as a text"}
_ALTERNATIVE_NEEDS: Final = {
    ALTERNATIVE_FIELDS[0].iri: "give the alternative mechanism as a text",
    ALTERNATIVE_FIELDS[1].iri: "say why it was set aside, as a text"}


def _parts(reader: Collector, nodes: Iterable[Term], what: str, needs: dict[str, str],
           fields: Any, citing: Any, excerpts: dict[Term, Excerpt | None]
           ) -> Iterator[tuple[Term, Properties, dict[str, Any], str]]:
    """Each complete step (or alternative) of ``nodes``, in order: its node, what is said of
    it, its fields with the excerpts it cites, and where it is (for messages)."""
    for node in sorted_nodes(nodes):
        described = reader.properties(node)
        where = f"{what} {n3(node)}"
        if _complete(reader, described, where, needs):
            data = reader.values(described, fields, where)
            data.update(_read_cited(reader, described, where, excerpts, citing))
            yield node, described, data, where


def _judged_by(reader: Collector, found: Properties, where: str) -> dict[str, Any]:
    judges = read_team_member(reader, found, _ASSOCIATED_WITH, where)
    return {} if judges is None else {"judged_by": judges}


def _complete(reader: Collector, found: Properties, where: str, needs: dict[str, str]) -> bool:
    """Whether ``found`` has each predicate ``needs`` (a problem for each it lacks)."""
    missing = [predicate for predicate in needs if predicate not in found]
    for predicate in missing:
        reader.problem(where, f"has no {n3(predicate)}", needs[predicate])
    return not missing


def _position(found: Properties) -> float:
    """A step's ``schema:position``; steps without one come last."""
    values = found.get(_POSITION, [])
    try:
        return float(values[0].value) if values and isinstance(values[0], Lit) else float("inf")
    except ValueError:
        return float("inf")


def _read_cited(reader: Collector, found: Properties, where: str,
                excerpts: dict[Term, Excerpt | None], predicate: str) -> dict[str, Any]:
    data: dict[str, Any] = {}
    cited = []
    for node in sorted_nodes(found.get(predicate, [])):
        if node not in excerpts:
            reader.problem(where, f"cites {n3(node)} ({n3(predicate)}), which is not an excerpt "
                           "of the theory", "link it to an excerpt: an oa:SpecificResource with a "
                           "dcterms:identifier and an oa:hasSource")
        elif excerpts[node] is not None:  # None: its own problem is reported already
            cited.append(excerpts[node].id)  # type: ignore[union-attr]
    if cited:
        data["excerpts"] = tuple(cited)
    theories = cited_theories(reader, found, where, _DRAWS_ON)
    if theories:
        data["theories"] = theories
    return data
