"""The one table between model fields and RDF: predicates, classes and instance IRIs.

The writer and the reader both walk these tables, so a field is mapped in one place.

Example:
    >>> iris = Iris("https://example.org/study/")
    >>> iris.configuration("hope")
    'https://example.org/study/configuration/hope'
    >>> Iris("https://example.org/study/", version="v2").configuration("hope")
    'https://example.org/study/theory/v2/configuration/hope'
    >>> [field.predicate.n3(PREFIXES_MANAGER) for field in ELEMENT_FIELDS]
    ['rdfs:label', 'dcterms:description', 'skos:altLabel']
    >>> [slot.kind for slot in SLOTS]
    ['intervention', 'actor', 'context', 'mechanism', 'outcome']
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Final
from typing import Literal as Kind
from urllib.parse import quote

import rdflib
from rdflib import Graph, URIRef
from rdflib.namespace import NamespaceManager

from ..models import Actor, AnyElement, Collection, Context, Intervention, Mechanism, Outcome
from ..models.appraisal import APPRAISAL_DIMENSIONS
from ..models.labels import slugify
from ..models.retroduction import INFERENCE_MOVES
from ..models.types import IRI, SOURCE_KINDS, STANCES, STATUSES
from .index import STRING, Lit, Term
from .vocabulary import BIBO, CMO, DCTERMS, NAMESPACE, OA, OWL, PROV, RDF, RDFS, SCHEMA, SKOS

__all__ = [
    "ALTERNATIVE_FIELDS",
    "CODE_FIELDS",
    "CODE_SET_FIELDS",
    "CODING_FIELDS",
    "COLLECTION_FIELDS",
    "CONFIGURATION_FIELDS",
    "DEFAULT_BASE",
    "DIMENSION_TERMS",
    "ELEMENT_CLASSES",
    "ELEMENT_FIELDS",
    "EVIDENCE_FIELDS",
    "EXCERPT_FIELDS",
    "JUDGEMENT_FIELDS",
    "LEVEL_FIELDS",
    "MECHANISM_FIELDS",
    "MOVE_TERMS",
    "POSITION_FIELDS",
    "PREFIXES",
    "PREFIXES_MANAGER",
    "QUOTE_FIELDS",
    "SLOTS",
    "SOURCE_FIELDS",
    "SOURCE_KIND_TERMS",
    "STANCE_TERMS",
    "STATUS_TERMS",
    "STEP_FIELDS",
    "STRING",
    "THEORY_FIELDS",
    "Field",
    "Iris",
    "Slot",
]

#: Where instance IRIs are minted unless a ``base`` is given: not resolvable on purpose.
#: Give an ``https://`` base of your own when you publish the data.
DEFAULT_BASE: Final = "urn:cmo:"

#: The prefixes bound in every output (JSON-LD uses them as its ``@context``).
PREFIXES: Final[dict[str, str]] = {
    "cmo": NAMESPACE, "oa": str(OA), "prov": str(PROV), "dcterms": str(DCTERMS),
    "schema": str(SCHEMA), "skos": str(SKOS), "bibo": str(BIBO), "rdf": str(RDF),
    "rdfs": str(RDFS), "owl": str(OWL), "xsd": str(rdflib.XSD),
}
# XSD is open in rdflib (unknown terms only warn): keep the two we use as constants.
_DATE: Final = str(rdflib.XSD.date)
_COUNT: Final = str(rdflib.XSD.nonNegativeInteger)
_RANK: Final = str(rdflib.XSD.positiveInteger)
_WHOLE_NUMBERS: Final = frozenset(str(rdflib.XSD[name]) for name in (
    "nonNegativeInteger", "integer", "positiveInteger", "int", "long", "unsignedInt"))
PREFIXES_MANAGER: Final = NamespaceManager(Graph(bind_namespaces="none"), bind_namespaces="none")
for _prefix, _namespace in PREFIXES.items():
    PREFIXES_MANAGER.bind(_prefix, _namespace)

FieldKind = Kind["text", "date", "iri", "count", "rank", "term"]


@dataclass(frozen=True, slots=True)
class Field:
    """A model field written as one predicate with literal (or IRI) values.

    Args:
        name: the model field.
        predicate: the property it is written with.
        kind: ``text`` (a plain literal), ``date`` (``xsd:date``), ``iri``, ``count``
            (``xsd:nonNegativeInteger``), ``rank`` (``xsd:positiveInteger``) or ``term``
            (one of the IRIs of ``terms``).
        many: the field is a tuple, written as one triple per member.
        terms: for ``term`` fields, the IRI of each value.
    """

    name: str
    predicate: URIRef
    kind: FieldKind = "text"
    many: bool = False
    terms: Mapping[str, URIRef] | None = None
    #: The predicate as a plain string (``str()`` of an rdflib term, and hashing one, is
    #: slow enough to matter once per triple of a large theory).
    iri: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "iri", str(self.predicate))

    def to_rdf(self, value: Any) -> tuple[str, str | None]:
        """One value of this field as RDF: its lexical form and datatype (None for an IRI)."""
        if self.terms is not None:
            return str(self.terms[value]), None
        if self.kind == "iri":
            return value, None
        if self.kind == "date":
            return value.isoformat(), _DATE
        if self.kind in ("count", "rank"):
            return str(value), _COUNT if self.kind == "count" else _RANK
        return value, STRING

    def from_rdf(self, node: Term) -> Any:
        """The model value of one RDF term (``ValueError`` saying what was expected)."""
        if self.terms is not None:
            return self._value_of_term(node)
        if self.kind == "iri":
            if isinstance(node, Lit):
                return node.value
            if node.startswith("_:"):
                raise ValueError("should be an IRI, found a blank node")
            return node
        if not isinstance(node, Lit):
            raise ValueError(f"should be a literal, found {_describe(node)}")
        if self.kind == "text":
            return node.value
        expected = {"date": "an xsd:date such as 2024-05-31",
                    "rank": "a whole number from 1 (xsd:positiveInteger)"}.get(
            self.kind, "a whole number (xsd:nonNegativeInteger)")
        try:
            if self.kind == "date" and node.datatype == _DATE:
                return dt.date.fromisoformat(node.value)
            if self.kind in ("count", "rank") and node.datatype in _WHOLE_NUMBERS:
                number = int(node.value)
                if number >= (1 if self.kind == "rank" else 0):
                    return number
        except ValueError:
            pass
        raise ValueError(f"should be {expected}, found {node.value!r}")

    def _value_of_term(self, node: Term) -> str:
        assert self.terms is not None
        for value, term in self.terms.items():
            # A plain literal naming the value ("supported") is read too: hand-written data.
            if node == str(term) or (isinstance(node, Lit) and node.value == value):
                return value
        known = ", ".join(term.n3(PREFIXES_MANAGER) for term in self.terms.values())
        raise ValueError(f"should be one of {known}; found {_shown(node)}")


def _shown(node: Term) -> str:
    return repr(node.value) if isinstance(node, Lit) else _describe(node)


def _describe(node: Term) -> str:
    if isinstance(node, Lit):
        return "a literal"
    return "a blank node" if node.startswith("_:") else f"the IRI <{node}>"


def _text(name: str, predicate: URIRef) -> Field:
    return Field(name, predicate)


#: The collection's ``id`` is its ``dcterms:identifier``; ``revises`` a ``prov:wasRevisionOf``.
COLLECTION_FIELDS: Final = (
    _text("title", DCTERMS.title),
    _text("version", OWL.versionInfo),
    Field("date", DCTERMS.date, "date"),
    _text("description", DCTERMS.description),
)
#: A middle-range theory's DOI is written like a source's (``schema:sameAs``).
THEORY_FIELDS: Final = (
    _text("name", RDFS.label),
    _text("citation", DCTERMS.bibliographicCitation),
    _text("description", DCTERMS.description),
)
SOURCE_FIELDS: Final = (
    _text("title", DCTERMS.title),
    _text("participant_role", CMO.participantRole),
    _text("site", CMO.site),
    _text("wave", CMO.wave),
    Field("groups", CMO.group, many=True),
    Field("date", DCTERMS.date, "date"),
    _text("citation", DCTERMS.bibliographicCitation),
    Field("url", SCHEMA.url, "iri"),
    _text("notes", SKOS.note),
    _text("text", SCHEMA.text),
)
ELEMENT_FIELDS: Final = (_text("label", RDFS.label), _text("description", DCTERMS.description),
                         Field("aliases", SKOS.altLabel, many=True))
MECHANISM_FIELDS: Final = (
    *ELEMENT_FIELDS, _text("resource", CMO.resource), _text("reasoning", CMO.reasoning))
STATUS_TERMS: Final[dict[str, URIRef]] = {status: CMO[status.capitalize()] for status in STATUSES}
#: A configuration's ``derived_from`` is PROV-O (``prov:wasDerivedFrom`` and qualified
#: derivations) and its ``theories`` are ``cmo:citesTheory`` links: both are IRIs minted
#: by :class:`Iris`, so the writer and reader handle them beside these fields.
CONFIGURATION_FIELDS: Final = (
    _text("label", RDFS.label),
    _text("theme", CMO.theme),
    Field("number", CMO.number, "count"),
    Field("status", CMO.status, "term", terms=STATUS_TERMS),
    _text("rationale", SKOS.changeNote),
    _text("notes", SKOS.note),
)
EVIDENCE_FIELDS: Final = (_text("note", RDFS.comment),)
#: An excerpt's QDA codes are its subjects.
EXCERPT_FIELDS: Final = (Field("codes", DCTERMS.subject, many=True),)
#: A coding (``cmo:Coding``, linked by ``cmo:hasCoding``): the code and who applied it.
CODING_FIELDS: Final = (_text("code", DCTERMS.subject), _text("coder", DCTERMS.creator))
#: Fields of an excerpt held by its ``oa:TextQuoteSelector`` and ``oa:TextPositionSelector``.
QUOTE_FIELDS: Final = (_text("text", OA.exact),)
POSITION_FIELDS: Final = (Field("start", OA.start, "count"), Field("end", OA.end, "count"))
#: A codebook is a ``skos:ConceptScheme``: each code a ``skos:Concept`` (its label, the path
#: excerpts carry, is its ``dcterms:identifier``; its parent its ``skos:broader``), each code
#: set a ``skos:Collection`` whose ``skos:member`` are its codes.
CODE_FIELDS: Final = (_text("name", SKOS.prefLabel), _text("description", SKOS.definition),
                      _text("colour", SCHEMA.color))
CODE_SET_FIELDS: Final = (_text("name", SKOS.prefLabel), _text("description", SKOS.definition))

#: Appraisal: a source's or excerpt's judgement of each dimension (``cmo:relevance``...) is
#: a ``cmo:Judgement`` whose ``cmo:level`` is a ``cmo:AppraisalLevel`` of the project's
#: ``cmo:AppraisalScale`` for that dimension (its ``cmo:rank`` orders it, 1 the highest);
#: who judged is a ``prov:Agent`` it ``prov:wasAttributedTo``.
DIMENSION_TERMS: Final[dict[str, URIRef]] = {
    dimension: CMO[dimension.capitalize()] for dimension in APPRAISAL_DIMENSIONS}
JUDGEMENT_FIELDS: Final = (_text("justification", CMO.justification),)
LEVEL_FIELDS: Final = (_text("level", SKOS.prefLabel), Field("rank", CMO.rank, "rank"))
#: Retroduction: each step a ``prov:Activity`` (``cmo:InferenceStep``) at its
#: ``schema:position``, ``prov:used`` the excerpts it rests on, ``prov:wasAssociatedWith``
#: who inferred; each alternative a ``cmo:AlternativeMechanism``.
MOVE_TERMS: Final[dict[str, URIRef]] = {move: CMO[move.capitalize()] for move in INFERENCE_MOVES}
STEP_FIELDS: Final = (Field("move", CMO.move, "term", terms=MOVE_TERMS),
                      _text("inference", CMO.inference), Field("date", DCTERMS.date, "date"))
ALTERNATIVE_FIELDS: Final = (_text("mechanism", DCTERMS.description),
                             _text("set_aside_because", CMO.setAsideBecause))


@dataclass(frozen=True, slots=True)
class Slot:
    """A slot of a configuration holding elements: its predicate and element model."""

    name: str
    predicate: URIRef
    model: type[AnyElement]
    many: bool = True

    @property
    def kind(self) -> str:
        """The element kind the slot holds (``"context"``, ``"mechanism"``...)."""
        return str(self.model.model_fields["kind"].default)


SLOTS: Final = (
    Slot("interventions", CMO.hasIntervention, Intervention),
    Slot("actors", CMO.hasActor, Actor),
    Slot("contexts", CMO.hasContext, Context),
    Slot("mechanism", CMO.hasMechanism, Mechanism, many=False),
    Slot("outcomes", CMO.hasOutcome, Outcome),
)
#: The class of each element kind (``Element.kind``).
ELEMENT_CLASSES: Final[dict[str, URIRef]] = {
    "context": CMO.Context, "mechanism": CMO.Mechanism, "outcome": CMO.Outcome,
    "intervention": CMO.Intervention, "actor": CMO.Actor,
}
SOURCE_KIND_TERMS: Final[dict[str, URIRef]] = dict(zip(SOURCE_KINDS, (
    CMO.Interview, CMO.Observation, CMO.FocusGroup, CMO.Document, CMO.Publication,
    CMO.OtherSource), strict=True))
STANCE_TERMS: Final[dict[str, URIRef]] = {stance: CMO[stance] for stance in STANCES}


@dataclass(frozen=True, slots=True)
class Iris:
    """Mints the IRI (a plain string) of each value under ``base``: ``<base><kind>/<id>``.

    Elements, sources, excerpts and participants are the same in every version of a
    theory and have one IRI. A version's configurations and evidence have IRIs of their
    own under ``<base>theory/<version>/``, so versions can sit side by side in a store and
    one can be ``prov:wasDerivedFrom`` another. Elements share one path
    (``element/<id>``): an outcome that is another configuration's context is one node,
    typed both ``cmo:Outcome`` and ``cmo:Context``.

    Raises:
        ValueError: ``base`` is not an absolute IRI ending in ``/``, ``#`` or ``:``.
    """

    base: str = DEFAULT_BASE
    version: str | None = None

    def __post_init__(self) -> None:
        if not re.fullmatch(_IRI_PATTERN, self.base) or self.base[-1] not in "/#:":
            raise ValueError(f"base must be an absolute IRI ending in '/', '#' or ':', "
                             f"such as 'https://example.org/study/'; got {self.base!r}")

    @classmethod
    def of(cls, collection: Collection, base: str | None = None) -> Iris:
        """The IRIs of a collection's version; the default base is ``urn:cmo:<its id>:``.

        Example:
            >>> Iris.of(Collection(id="sp", version="IPT")).theory()
            'urn:cmo:sp:theory/IPT'
        """
        if base is None:
            base = f"{DEFAULT_BASE}{collection.id}:" if collection.id else DEFAULT_BASE
        return cls(base, collection.version)

    def of_version(self, version: str | None) -> Iris:
        """The IRIs of another version of the same theory."""
        return replace(self, version=version)

    @property
    def _versioned(self) -> str:
        if self.version is None:
            return self.base
        return f"{self.base}theory/{quote(self.version, safe='')}/"

    def theory(self) -> str:
        """The programme theory (this version of it): the named graph a store keeps it in."""
        return self._versioned.removesuffix("/") if self.version else f"{self.base}theory"

    def source(self, source_id: str) -> str:
        return f"{self.base}source/{source_id}"

    def participant(self, participant: str) -> str:
        return f"{self.base}participant/{quote(participant, safe='')}"

    def excerpt(self, excerpt_id: str) -> str:
        return f"{self.base}excerpt/{excerpt_id}"

    def selector(self, excerpt_id: str, name: str) -> str:
        """A selector of an excerpt: ``quote``, ``position``, ``page``, ``line``, ``time``."""
        return f"{self.base}excerpt/{excerpt_id}/{name}"

    def element(self, element_id: str) -> str:
        return f"{self.base}element/{element_id}"

    def codebook(self) -> str:
        """This version's codebook (a ``skos:ConceptScheme``)."""
        return f"{self._versioned}codebook"

    def code(self, label: str) -> str:
        """A code of the codebook, by its label (its path)."""
        return f"{self.base}code/{quote(label, safe='')}"

    def code_set(self, name: str) -> str:
        return f"{self._versioned}code-set/{quote(name, safe='')}"

    def middle_range_theory(self, name: str) -> str:
        """Named by a slug and a short hash, so names differing in case stay apart."""
        digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
        return f"{self.base}middle-range-theory/{slugify(name)}-{digest}"

    def team_member(self, name: str) -> str:
        """A member of the team (a ``prov:Agent``): who judged or inferred."""
        return f"{self.base}team-member/{quote(name, safe='')}"

    def appraisal_scale(self, dimension: str) -> str:
        return f"{self._versioned}appraisal-scale/{dimension}"

    def appraisal_level(self, dimension: str, level: str) -> str:
        return f"{self._versioned}appraisal-scale/{dimension}/{quote(level, safe='')}"

    def configuration(self, configuration_id: str) -> str:
        return f"{self._versioned}configuration/{configuration_id}"

    def derivation(self, configuration_id: str, earlier_id: str) -> str:
        """The qualified derivation of a configuration from one of an earlier version."""
        return f"{self._versioned}configuration/{configuration_id}/derivation/{earlier_id}"

    def evidence(self, configuration_id: str, excerpt_id: str) -> str:
        return f"{self._versioned}evidence/{configuration_id}/{excerpt_id}"


_IRI_PATTERN: Final = IRI.__metadata__[0].pattern.strip("^$")
