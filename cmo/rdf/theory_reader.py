"""Reading what a programme theory says of itself and of other theories: its title,
version and the version it revises, the middle-range theories it draws on and the ones
each configuration cites, and the earlier configurations each comes from.

Provenance is read in each way PROV-O allows others to write it: ``prov:wasDerivedFrom``,
``prov:wasRevisionOf`` or a ``prov:qualifiedDerivation`` naming its ``prov:entity``.

Example:
    >>> from cmo.rdf.collecting import Collector
    >>> from cmo.rdf.index import TYPE, Lit, TripleIndex
    >>> from cmo.rdf.vocabulary import CMO, DCTERMS, PROV
    >>> index = TripleIndex()
    >>> index.add("urn:x:v1", str(DCTERMS.identifier), Lit("hope-v1"))
    >>> index.add("urn:x:v2", str(PROV.wasRevisionOf), "urn:x:v1")
    >>> derived_from(Collector(index), index.properties("urn:x:v2"))
    ('hope-v1',)
    >>> index.add("urn:x:t", TYPE, str(CMO.MiddleRangeTheory))
    >>> reader = Collector(index)
    >>> read_middle_range_theories(reader), [str(problem) for problem in reader.problems]
    ([], ["middle-range theory <urn:x:t>, field 'name': Field required"])
"""

from __future__ import annotations

from typing import Any

from ..models import MiddleRangeTheory
from .collecting import Collector, Properties, n3, place, sorted_nodes
from .index import LABEL, Lit
from .locators import dois_in
from .mapping import COLLECTION_FIELDS, THEORY_FIELDS
from .vocabulary import CMO, OWL, PROV

__all__ = ["cited_theories", "derived_from", "read_middle_range_theories",
           "read_programme_theory"]

_THEORY, _MIDDLE_RANGE_THEORY, _CITES = map(str, (
    CMO.ProgrammeTheory, CMO.MiddleRangeTheory, CMO.citesTheory))
_VERSION_INFO = str(OWL.versionInfo)
_DERIVED_FROM, _REVISION_OF, _QUALIFIED_DERIVATION, _ENTITY = map(str, (
    PROV.wasDerivedFrom, PROV.wasRevisionOf, PROV.qualifiedDerivation, PROV.entity))


def read_programme_theory(reader: Collector) -> dict[str, Any] | None:
    """The collection's own values (title, version, id, what it revises) from the one
    ``cmo:ProgrammeTheory`` of the data; None when there is none (or several: a problem)."""
    theories = sorted_nodes(reader.index.of_type(_THEORY))
    if len(theories) > 1:
        reader.problem("", f"holds {len(theories)} cmo:ProgrammeTheory resources",
                       "write one programme theory per file")
    if len(theories) != 1:
        return None
    found = reader.properties(theories[0])
    data = reader.values(found, COLLECTION_FIELDS, "the theory")
    identifier = reader.identifier(theories[0], found, "programme theory", required=False)
    if identifier is not None:
        data["id"] = identifier
    revises = sorted({version.value if isinstance(version, Lit) else version
                      for earlier in found.get(_REVISION_OF, [])
                      for version in reader.index.objects(earlier, _VERSION_INFO)})
    if len(revises) > 1:
        reader.problem("the theory", f"revises {len(revises)} versions (prov:wasRevisionOf)",
                       "name the one version it refines")
    elif revises:
        data["revises"] = revises[0]
    return data


def read_middle_range_theories(reader: Collector) -> list[MiddleRangeTheory]:
    """Every ``cmo:MiddleRangeTheory``, by name."""
    read = []
    for node in sorted_nodes(reader.index.of_type(_MIDDLE_RANGE_THEORY)):
        found = reader.properties(node)
        where = place("middle-range theory", node, None)
        data = reader.values(found, THEORY_FIELDS, where)
        dois = dois_in(found)
        if dois:
            data["doi"] = dois[0]
        built = reader.build(MiddleRangeTheory, where, data)
        if built is not None:
            read.append(built)
    return sorted(read, key=lambda theory: theory.name)


def cited_theories(reader: Collector, found: Properties, where: str,
                   predicate: str = _CITES) -> tuple[str, ...]:
    """Names of the middle-range theories a configuration cites (their labels), or that a
    step of its retroduction log draws on (``predicate``)."""
    names = []
    for node in sorted_nodes(found.get(predicate, [])):
        name = node if isinstance(node, Lit) else reader.index.value(node, LABEL)
        if not isinstance(name, Lit):
            reader.problem(where, f"cites the theory {n3(node)}, which has no rdfs:label",
                           "give the cmo:MiddleRangeTheory an rdfs:label (its name)")
        else:
            names.append(name.value)
    return tuple(sorted(names))


def derived_from(reader: Collector, found: Properties) -> tuple[str, ...]:
    """Ids of the earlier configurations a configuration comes from (PROV-O)."""
    earlier = {*found.get(_DERIVED_FROM, []), *found.get(_REVISION_OF, [])}
    for derivation in found.get(_QUALIFIED_DERIVATION, []):
        earlier.update(reader.index.objects(derivation, _ENTITY))
    ids = [reader.identifier(node, reader.properties(node), "earlier configuration")
           for node in sorted_nodes(earlier)]
    return tuple(sorted(i for i in ids if i is not None))
