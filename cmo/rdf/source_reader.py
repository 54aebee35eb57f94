"""Reading the data a theory cites back from RDF: sources (PROV entities, typed by
``dcterms:type``) and excerpts of them (Web Annotation targets: an ``oa:SpecificResource``
with its ``oa:hasSource``, its selectors and the codings applied to it).

Sources are found by use (an excerpt's ``oa:hasSource``) or by a kind of ours; excerpts
by their identifier or as the target of evidence. When reading a large file
(``consume``), what was read is let go of as soon as its models are built.

Example:
    >>> from cmo.rdf.index import Lit, TripleIndex
    >>> from cmo.rdf.vocabulary import CMO, DCTERMS
    >>> index = TripleIndex()
    >>> index.add("urn:x:p01", str(DCTERMS.type), str(CMO.Interview))
    >>> index.add("urn:x:p01", str(DCTERMS.identifier), Lit("p01"))
    >>> reader = SourceReader(index)
    >>> [reader.source(node).id for node in reader.source_nodes()]
    ['p01']
"""

from __future__ import annotations

import warnings
from typing import Any, Final

from ..exceptions import CmoWarning
from ..models import AppraisalScales, Excerpt, Source
from .appraisal import Levels, read_appraisal, read_scales
from .collecting import Collector, n3, place, sorted_nodes
from .index import TYPE, Lit, Term, TripleIndex
from .locators import dois_in, read_fragment
from .mapping import (
    CODING_FIELDS,
    EXCERPT_FIELDS,
    POSITION_FIELDS,
    QUOTE_FIELDS,
    SOURCE_FIELDS,
    SOURCE_KIND_TERMS,
)
from .vocabulary import CMO, DCTERMS, NAMESPACE, OA, PROV, RDF

__all__ = ["SourceReader"]

_KIND_OF_SOURCE_TERM: Final = {str(term): kind for kind, term in SOURCE_KIND_TERMS.items()}
_PARTICIPANT: Final = str(CMO.Participant)
_HAS_TARGET, _HAS_SOURCE, _HAS_SELECTOR, _SPECIFIC_RESOURCE = map(str, (
    OA.hasTarget, OA.hasSource, OA.hasSelector, OA.SpecificResource))
_DC_TYPE, _IDENTIFIER, _VALUE, _ATTRIBUTED_TO = map(str, (
    DCTERMS.type, DCTERMS.identifier, RDF.value, PROV.wasAttributedTo))
_HAS_CODING: Final = str(CMO.hasCoding)
#: What each kind of resource is typed when it is only that, and so can be let go of once
#: read (see :meth:`SourceReader.read`).
_ONLY_EXCERPT: Final = frozenset({_SPECIFIC_RESOURCE})
_ONLY_CODING: Final = frozenset({str(CMO.Coding)})
_ONLY_SELECTOR: Final = frozenset(map(str, (
    OA.TextQuoteSelector, OA.TextPositionSelector, OA.FragmentSelector)))
_SELECTOR_FIELDS: Final = (*QUOTE_FIELDS, *POSITION_FIELDS)


class SourceReader(Collector):
    """Reads sources and excerpts, each once, kept by node; ``consume`` lets go of each
    part of the index once it is read."""

    def __init__(self, index: TripleIndex, *, consume: bool = False) -> None:
        super().__init__(index)
        self.consume = consume
        #: Nodes found as configurations: never let go of (a resource may be both).
        self.configurations: set[Term] = set()
        #: Selectors and codings read, let go of once every excerpt is (excerpts may share one).
        self.selectors: list[Term] = []
        self.codings: list[Term] = []
        self.sources: dict[Term, Source | None] = {}
        self.excerpts: dict[Term, Excerpt | None] = {}
        #: The appraisal scales the data declare (see :meth:`read_appraisal_scales`).
        self.scales = AppraisalScales()
        self.levels: Levels = {}

    def read_appraisal_scales(self) -> dict[str, tuple[str, ...]]:
        """Read the scales the data declare, before any source or excerpt is read (their
        judgements are checked against them); returns the levels of each declared."""
        declared, self.levels = read_scales(self)
        scales = self.build(AppraisalScales, "the appraisal scales", declared)
        if scales is not None:
            self.scales = scales
        return declared

    def _appraisal(self, found: dict[str, list[Term]], where: str, data: dict[str, Any]) -> None:
        appraisal = read_appraisal(self, found, where, self.levels, self.scales)
        if appraisal is not None:
            data["appraisal"] = appraisal

    def source_nodes(self) -> set[Term]:
        """The sources: the ``oa:hasSource`` of an excerpt, or typed with a kind of ours."""
        nodes = {value for _, value in self.index.pairs(_HAS_SOURCE)}
        nodes.update(subject for subject, kind in self.index.pairs(_DC_TYPE)
                     if kind in _KIND_OF_SOURCE_TERM)
        return nodes

    def excerpt_nodes(self, annotations: set[Term]) -> set[Term]:
        """The excerpts: specific resources with an identifier, and the targets of
        ``annotations`` (the evidence)."""
        nodes = {node for node in self.index.of_type(_SPECIFIC_RESOURCE)
                 if self.index.objects(node, _IDENTIFIER)}
        for annotation in annotations:
            nodes.update(self.index.objects(annotation, _HAS_TARGET))
        return nodes

    def let_go_of_parts(self) -> None:
        """Once every excerpt is read: let go of their selectors and codings."""
        for selector in self.selectors:
            self.read(selector, _ONLY_SELECTOR)
        for coding in self.codings:
            self.read(coding, _ONLY_CODING)
        self.selectors.clear()
        self.codings.clear()

    def read(self, node: Term, only: frozenset[str]) -> None:
        """``node`` is read: when consuming, and it is nothing but ``only`` (no
        configuration, no other type), what it says is let go of, so the models built
        after it reuse that memory."""
        if self.consume and node not in self.configurations:
            self.index.forget(node, typed_only=only)

    def source(self, node: Term) -> Source | None:
        """The source ``node`` describes, or None (its problems kept)."""
        found = self.properties(node)
        identifier = self.identifier(node, found, "source")
        where = place("source", node, identifier)
        data = self.values(found, SOURCE_FIELDS, where)
        types = found.get(_DC_TYPE, [])
        kinds = sorted({_KIND_OF_SOURCE_TERM[t] for t in types if t in _KIND_OF_SOURCE_TERM})
        for unknown in sorted_nodes(t for t in types if isinstance(t, str)
                                    and t.startswith(NAMESPACE) and t not in _KIND_OF_SOURCE_TERM):
            self.problem(where, f"unknown source kind {n3(unknown)}", "use one of: " + ", ".join(
                sorted(n3(term) for term in _KIND_OF_SOURCE_TERM)))
        if len(kinds) > 1:
            self.problem(where, f"has {len(kinds)} kinds ({', '.join(kinds)})", "give it one")
        dois = dois_in(found)
        if len(dois) > 1:
            self.problem(where, f"has {len(dois)} DOIs (schema:sameAs, bibo:doi)", "give it one")
        if dois:
            data["doi"] = dois[0]
        participants = sorted({self.identifier(agent, self.properties(agent), "participant")
                               for agent in found.get(_ATTRIBUTED_TO, [])
                               if self.index.has(agent, TYPE, _PARTICIPANT)} - {None})
        if len(participants) > 1:
            self.problem(where, f"is attributed to {len(participants)} cmo:Participant agents",
                         "give each source one participant")
        elif participants:
            data["participant"] = participants[0]
        self._appraisal(found, where, data)
        if identifier is None:
            return None
        return self.build(Source, where, {"id": identifier, "kind": (kinds or ["other"])[0],
                                          **data})

    def excerpt(self, node: Term) -> Excerpt | None:
        """The excerpt ``node`` describes, of a source read before, or None (its problems
        kept); its selectors and codings are kept to be let go of later."""
        found = self.properties(node)
        identifier = self.identifier(node, found, "excerpt")
        where = place("excerpt", node, identifier)
        sources = found.get(_HAS_SOURCE, [])
        if len(sources) != 1:
            self.problem(where, f"has {len(sources)} oa:hasSource values", "give it one source")
        data: dict[str, Any] = self.values(found, EXCERPT_FIELDS, where)
        self._appraisal(found, where, data)
        codings = [self.values(self.properties(coding), CODING_FIELDS, where)
                   for coding in sorted_nodes(found.get(_HAS_CODING, []))]
        if codings:
            data["codings"] = codings
        self.codings += found.get(_HAS_CODING, [])
        for selector in sorted(found.get(_HAS_SELECTOR, [])):
            described = self.properties(selector)
            parts = self.values(described, _SELECTOR_FIELDS, where)
            for value in described.get(_VALUE, []):
                try:
                    name, content = read_fragment(value.value if isinstance(value, Lit)
                                                  else value)
                except ValueError as error:
                    warnings.warn(f"{where}: {error}; it was left out", CmoWarning, stacklevel=2)
                    continue
                parts[name] = content
            for name, content in parts.items():
                if data.setdefault(name, content) != content:
                    self.problem(where, f"has two different values for its {name}",
                                 "keep one selector of each kind")
            self.selectors.append(selector)
        self.read(node, _ONLY_EXCERPT)
        if "text" not in data:
            self.problem(where, "has no text", 'give it an oa:TextQuoteSelector with oa:exact; '
                         'write "[quote withheld]" when the text is confidential')
        source = self.sources.get(sources[0]) if len(sources) == 1 else None
        if identifier is None or source is None or "text" not in data:
            return None
        return self.build(Excerpt, where, {"id": identifier, "source": source, **data})
