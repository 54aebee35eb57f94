"""Appraisal in RDF, both ways: the project's scales, and each source's or excerpt's judgements.

A scale is a ``cmo:AppraisalScale`` (a ``skos:ConceptScheme``) of one ``cmo:dimension``;
its levels are ``cmo:AppraisalLevel`` resources ``skos:inScheme`` it, each named by its
``skos:prefLabel`` and ordered by its ``cmo:rank`` (1 the highest: "rigour at least
moderate" is then one comparison in SPARQL). A judgement is a ``cmo:Judgement`` that a
source or excerpt links to by ``cmo:relevance``, ``cmo:rigour`` or ``cmo:richness``; its
``cmo:level`` is a level of that dimension's scale, its ``cmo:justification`` says why,
and it ``prov:wasAttributedTo`` the team member (a ``prov:Agent``) who judged.

Example:
    >>> from cmo.models import AppraisalScales
    >>> from cmo.rdf.mapping import Iris
    >>> for node, said in scale_descriptions(Iris("urn:x:"), AppraisalScales(rigour=["strong", "weak"])):
    ...     if "/rigour" in node:
    ...         print(node, [value.rsplit("#", 1)[-1] for _, value, _ in said])
    urn:x:appraisal-scale/rigour ['AppraisalScale', 'Rigour', 'rigour']
    urn:x:appraisal-scale/rigour/strong ['AppraisalLevel', 'urn:x:appraisal-scale/rigour', 'strong', '1']
    urn:x:appraisal-scale/rigour/weak ['AppraisalLevel', 'urn:x:appraisal-scale/rigour', 'weak', '2']
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Final

from ..models import Appraisal, AppraisalScales
from ..models.appraisal import APPRAISAL_DIMENSIONS
from .collecting import Collector, Properties, n3, place, sorted_nodes
from .index import LABEL, STRING, TYPE, Lit, Term
from .mapping import DIMENSION_TERMS, JUDGEMENT_FIELDS, LEVEL_FIELDS, Field, Iris
from .vocabulary import CMO, PROV, SKOS

__all__ = ["Levels", "TeamMembers", "judgement_statements", "read_appraisal", "read_scales",
           "read_team_member", "scale_descriptions", "team_member", "uses_scales"]

#: A predicate, an object and the object's datatype (as :mod:`cmo.rdf.statements` says).
_Statement = tuple[str, str, str | None]
#: The levels of the scales read: each level's node, its dimension and its name.
Levels = dict[Term, tuple[str, str]]
#: Team members named so far (their IRIs), so each is described once.
TeamMembers = set[str]

_SCALE, _LEVEL, _JUDGEMENT, _AGENT = map(str, (
    CMO.AppraisalScale, CMO.AppraisalLevel, CMO.Judgement, PROV.Agent))
_IN_SCHEME, _PREF_LABEL, _LEVEL_OF, _ATTRIBUTED_TO = map(str, (
    SKOS.inScheme, SKOS.prefLabel, CMO.level, PROV.wasAttributedTo))
_DIMENSION_FIELD: Final = Field("dimension", CMO.dimension, "term", terms=DIMENSION_TERMS)
#: The predicate linking a source or excerpt to its judgement of each dimension.
_JUDGED: Final = {dimension: str(CMO[dimension]) for dimension in APPRAISAL_DIMENSIONS}


def uses_scales(scales: AppraisalScales, judged: bool) -> bool:
    """Whether the scales are written: when something is judged, or they are the project's own."""
    return judged or scales != AppraisalScales()


def scale_descriptions(iris: Iris, scales: AppraisalScales) -> Iterator[tuple[str, list[_Statement]]]:
    """Each scale, and each of its levels with its rank."""
    for dimension in APPRAISAL_DIMENSIONS:
        scale = iris.appraisal_scale(dimension)
        yield scale, [(TYPE, _SCALE, None), (_DIMENSION_FIELD.iri, *_DIMENSION_FIELD.to_rdf(
            dimension)), (_PREF_LABEL, dimension, STRING)]
        for rank, level in enumerate(scales.levels(dimension), start=1):
            yield iris.appraisal_level(dimension, level), [
                (TYPE, _LEVEL, None), (_IN_SCHEME, scale, None),
                *((field.iri, *field.to_rdf(value))
                  for field, value in zip(LEVEL_FIELDS, (level, rank), strict=True))]


def team_member(iris: Iris, name: str, named: TeamMembers) -> tuple[str, list[tuple[
        str, list[_Statement]]]]:
    """The IRI of a team member, and their description the first time they are named."""
    node = iris.team_member(name)
    if node in named:
        return node, []
    named.add(node)
    return node, [(node, [(TYPE, _AGENT, None), (LABEL, name, STRING)])]


def judgement_statements(iris: Iris, node: str, appraisal: Appraisal | None,
                         named: TeamMembers) -> tuple[list[_Statement],
                                                      list[tuple[str, list[_Statement]]]]:
    """What ``node`` (a source or an excerpt) says of its judgements, and their descriptions."""
    if appraisal is None:
        return [], []
    said, described = [], []
    for dimension, judgement in appraisal.judgements():
        judgement_node = f"{node}/appraisal/{dimension}"
        said.append((_JUDGED[dimension], judgement_node, None))
        statements: list[_Statement] = [
            (TYPE, _JUDGEMENT, None),
            (_LEVEL_OF, iris.appraisal_level(dimension, judgement.level), None)]
        if judgement.justification is not None:
            statements.append((JUDGEMENT_FIELDS[0].iri, judgement.justification, STRING))
        if judgement.judged_by is not None:
            agent, agent_described = team_member(iris, judgement.judged_by, named)
            statements.append((_ATTRIBUTED_TO, agent, None))
            described += agent_described
        described.append((judgement_node, statements))
    return said, described


def read_scales(reader: Collector) -> tuple[dict[str, tuple[str, ...]], Levels]:
    """The scales the data declare, by dimension (highest level first), and their levels."""
    scales: dict[str, tuple[str, ...]] = {}
    levels: Levels = {}
    dimension_of: dict[Term, str] = {}
    for scale in sorted_nodes(reader.index.of_type(_SCALE)):
        where = place("appraisal scale", scale)
        dimension = reader.values(reader.properties(scale), (_DIMENSION_FIELD,), where).get(
            "dimension")
        if dimension is None:
            reader.problem(where, "has no cmo:dimension", "give it one of: " + ", ".join(
                n3(term) for term in DIMENSION_TERMS.values()))
        elif dimension in dimension_of.values():
            reader.problem(where, f"is a second scale of {dimension}",
                           "declare one scale per dimension")
        else:
            dimension_of[scale] = dimension
    ranked: dict[str, list[tuple[int, str, Term]]] = {}
    for level in sorted_nodes(reader.index.of_type(_LEVEL)):
        where = place("appraisal level", level)
        found = reader.properties(level)
        data = reader.values(found, LEVEL_FIELDS, where)
        in_scales = [scale for scale in found.get(_IN_SCHEME, []) if scale in dimension_of]
        if len(in_scales) != 1 or "level" not in data or "rank" not in data:
            reader.problem(where, "needs one skos:inScheme (a cmo:AppraisalScale), one "
                           "skos:prefLabel (its name) and one cmo:rank (1 for the highest)")
            continue
        ranked.setdefault(dimension_of[in_scales[0]], []).append(
            (data["rank"], data["level"], level))
    for dimension, members in ranked.items():
        members.sort(key=lambda member: member[0])
        ranks = [rank for rank, _, _ in members]
        if len(set(ranks)) != len(ranks):
            reader.problem(place("appraisal scale", _scale_node(dimension_of, dimension)),
                           "gives two levels the same cmo:rank", "rank its levels 1, 2, 3...")
        scales[dimension] = tuple(name for _, name, _ in members)
        levels.update({node: (dimension, name) for _, name, node in members})
    return scales, levels


def _scale_node(dimension_of: dict[Term, str], dimension: str) -> Term:
    """The scale node of ``dimension``."""
    return next(node for node, named in dimension_of.items() if named == dimension)


def read_appraisal(reader: Collector, found: Properties, where: str, levels: Levels,
                   scales: AppraisalScales) -> dict[str, Any] | None:
    """The judgements a source or excerpt links to, as an appraisal's data (None if none)."""
    data: dict[str, Any] = {}
    for dimension, predicate in _JUDGED.items():
        nodes = found.get(predicate, [])
        if not nodes:
            continue
        judged = f"{where}, its {dimension} judgement"
        if len(nodes) == 1:
            judged += f" {n3(nodes[0])}"
        if len(nodes) > 1:
            reader.problem(judged, f"is given {len(nodes)} times ({n3(predicate)})",
                           "give one judgement of each dimension")
            continue
        judgement = _read_judgement(reader, reader.properties(nodes[0]), judged, dimension,
                                    levels, scales)
        if judgement is not None:
            data[dimension] = judgement
    return data or None


def _read_judgement(reader: Collector, found: Properties, where: str, dimension: str,
                    levels: Levels, scales: AppraisalScales) -> dict[str, Any] | None:
    data = reader.values(found, JUDGEMENT_FIELDS, where)
    on_scale = scales.levels(dimension)
    fix = f"use a level of the {dimension} scale ({', '.join(on_scale)}): a cmo:AppraisalLevel " \
          f"in the cmo:AppraisalScale of {n3(DIMENSION_TERMS[dimension])}"
    given = found.get(_LEVEL_OF, [])
    if len(given) != 1:
        reader.problem(where, f"has {len(given)} cmo:level values", fix)
        return None
    level = given[0]
    if isinstance(level, Lit):  # hand-written data may name the level
        name = level.value if level.value in on_scale else None
    else:
        name = levels[level][1] if levels.get(level, ("", ""))[0] == dimension else None
    if name is None:
        reader.problem(where, f"gives the level {n3(level)}, which is not on the "
                       f"{dimension} scale", fix)
        return None
    data["level"] = name
    judged_by = read_team_member(reader, found, _ATTRIBUTED_TO, where)
    if judged_by is not None:
        data["judged_by"] = judged_by
    return data


def read_team_member(reader: Collector, found: Properties, predicate: str,
                     where: str) -> str | None:
    """The name of the one team member ``found`` links to by ``predicate``, if any."""
    names = [agent if isinstance(agent, Lit) else reader.index.value(agent, LABEL)
             for agent in found.get(predicate, [])]
    if len(names) > 1 or None in names:
        reader.problem(where, f"needs at most one {n3(predicate)}, a prov:Agent with an "
                       "rdfs:label (the team member's name)", "give it one")
        return None
    return names[0].value if names else None  # type: ignore[union-attr]

