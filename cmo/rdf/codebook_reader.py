"""Reading a codebook back from RDF: each ``skos:Concept`` of a concept scheme a code,
each ``skos:Collection`` a code set (SKOS, as :mod:`cmo.rdf.statements` writes it).

A code is known by its ``dcterms:identifier``, its path (``Parent / Child``), which is the
label excerpts carry; data from other writers that gives a concept only a
``skos:prefLabel`` gets its path from the labels of its ``skos:broader`` codes.

Example:
    >>> from cmo.rdf.collecting import Collector
    >>> from cmo.rdf.index import TYPE, Lit, TripleIndex
    >>> from cmo.rdf.vocabulary import SKOS
    >>> index = TripleIndex()
    >>> for node, name in (("urn:x:c", "Contexts"), ("urn:x:t", "Trust")):
    ...     index.add(node, TYPE, str(SKOS.Concept))
    ...     index.add(node, str(SKOS.inScheme), "urn:x:codebook")
    ...     index.add(node, str(SKOS.prefLabel), Lit(name))
    >>> index.add("urn:x:t", str(SKOS.broader), "urn:x:c")
    >>> [code.label for code in read_codebook(Collector(index)).codes]
    ['Contexts', 'Contexts / Trust']
"""

from __future__ import annotations

import operator
from typing import Any, Final

from ..models import Code, Codebook, CodeSet
from .collecting import Collector, place, sorted_nodes
from .index import Term
from .mapping import CODE_FIELDS, CODE_SET_FIELDS
from .vocabulary import SKOS

__all__ = ["read_codebook"]

_CONCEPT, _SKOS_COLLECTION, _BROADER, _MEMBER, _IN_SCHEME = map(str, (
    SKOS.Concept, SKOS.Collection, SKOS.broader, SKOS.member, SKOS.inScheme))
_LABEL: Final = operator.attrgetter("label")
_NAME: Final = operator.attrgetter("name")


def read_codebook(reader: Collector) -> Codebook | None:
    """The codebook: each ``skos:Concept`` a code, each ``skos:Collection`` a code set.

    A code is known by its ``dcterms:identifier`` (its label, the path excerpts carry);
    one without is labelled by its ``skos:prefLabel`` below its ``skos:broader`` code.
    """
    # Codes are the concepts of a concept scheme (other data may call anything a concept).
    concepts = sorted_nodes(node for node in reader.index.of_type(_CONCEPT)
                            if reader.index.objects(node, _IN_SCHEME))
    codes_of = set(concepts)
    collections = sorted_nodes(node for node in reader.index.of_type(_SKOS_COLLECTION)
                               if codes_of & set(reader.index.objects(node, _MEMBER))
                               or not reader.index.objects(node, _MEMBER))
    if not concepts and not collections:
        return None
    found = {node: reader.properties(node) for node in concepts}
    data: dict[Term, dict[str, Any]] = {}
    for node in concepts:
        data[node] = reader.values(found[node], CODE_FIELDS, place("code", node))
        broader = found[node].get(_BROADER, [])
        if len(broader) > 1:
            reader.problem(place("code", node), f"has {len(broader)} skos:broader codes",
                           "give each code at most one parent")
        data[node]["broader"] = broader[0] if len(broader) == 1 else None
    labels: dict[Term, str | None] = {}

    def label_of(node: Term, seen: frozenset[Term] = frozenset()) -> str | None:
        if node not in labels:
            identifier = reader.identifier(node, found.get(node, {}), "code", required=False)
            parent = data[node]["broader"] if node in data else None
            if identifier is None and node in data and "name" in data[node] and (
                    node not in seen):
                above = label_of(parent, seen | {node}) if parent is not None else None
                identifier = data[node]["name"] if parent is None else (
                    f"{above} / {data[node]['name']}" if above else None)
            labels[node] = identifier
        return labels[node]

    codes = []
    for node in concepts:
        label, parent = label_of(node), data[node].pop("broader")
        where = place("code", node, label)
        if label is None:
            reader.problem(where, "has neither dcterms:identifier nor skos:prefLabel",
                           "give it a skos:prefLabel (its name)")
            continue
        if parent is not None:
            data[node]["parent"] = label_of(parent)
        if "name" not in data[node]:
            above = data[node].get("parent")
            data[node]["name"] = label.removeprefix(f"{above} / ") if above else label
        code = reader.build(Code, where, data[node])
        if code is not None and code.label != label:
            reader.problem(where, f"its dcterms:identifier is not its path {code.label!r} "
                           "(its skos:broader's identifier, ' / ', its skos:prefLabel)",
                           "write the path as its identifier")
        codes.append(code)
    sets = []
    for node in collections:
        where = place("code set", node)
        values = reader.values(reader.properties(node), CODE_SET_FIELDS, where)
        members = reader.index.objects(node, _MEMBER)
        values["codes"] = tuple(sorted(filter(None, map(label_of, members))))
        if len(values["codes"]) < len(members):
            reader.problem(where, "has a skos:member that is not a code (a skos:Concept)",
                           "make each member a skos:Concept of the codebook")
        sets.append(reader.build(CodeSet, where, values))
    if None in codes or None in sets:
        return None
    return reader.build(Codebook, "the codebook", {"codes": sorted(codes, key=_LABEL),
                                                   "sets": sorted(sets, key=_NAME)})
