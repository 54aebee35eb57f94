"""Triples held as plain strings, indexed the ways the reader looks them up.

IRIs are ``str``, blank nodes ``str`` starting with ``_:`` (no IRI can), literals
:class:`Lit`. Filled from pyoxigraph's parser (the fast path, Rust) or from an rdflib graph.

Example:
    >>> index = TripleIndex()
    >>> index.add("urn:x:hope", "http://www.w3.org/2000/01/rdf-schema#label", Lit("Hope"))
    >>> index.add("urn:x:hope", TYPE, "https://w3id.org/cmo#Context")
    >>> index.of_type("https://w3id.org/cmo#Context"), index.value("urn:x:hope", LABEL)
    (['urn:x:hope'], Lit(value='Hope', datatype='http://www.w3.org/2001/XMLSchema#string', language=None))
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any, Final, NamedTuple

__all__ = ["LABEL", "STRING", "TYPE", "Lit", "Term", "TripleIndex"]

STRING: Final = "http://www.w3.org/2001/XMLSchema#string"
LANG_STRING: Final = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
TYPE: Final = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL: Final = "http://www.w3.org/2000/01/rdf-schema#label"


class Lit(NamedTuple):
    """A literal: its lexical value, datatype IRI and language tag."""

    value: str
    datatype: str = STRING
    language: str | None = None


#: An IRI (``str``), a blank node (``"_:id"``) or a literal.
Term = str | Lit


class TripleIndex:
    """Triples by subject and predicate, by predicate, and subjects by type."""

    def __init__(self, *, by_predicate: frozenset[str] | None = None) -> None:
        #: The predicates :meth:`pairs` answers for (None: all of them).
        self.indexed = by_predicate
        self.by_subject: dict[str, dict[str, list[Term]]] = {}
        self.by_predicate: dict[str, list[tuple[str, Term]]] = defaultdict(list)
        self.by_type: dict[str, list[str]] = defaultdict(list)
        #: Subjects with more than one value for some predicate: the only ones that may
        #: hold a triple twice, and so the only ones :meth:`properties` must deduplicate.
        self.repeated: set[str] = set()
        self.count = 0

    def add(self, subject: str, predicate: str, value: Term) -> None:
        described = self.by_subject.get(subject)
        if described is None:
            described = self.by_subject[subject] = {}
        values = described.get(predicate)
        if values is None:
            described[predicate] = [value]
        else:
            values.append(value)  # a repeated triple is dropped when read (properties)
            self.repeated.add(subject)
        if self.indexed is None or predicate in self.indexed:
            self.by_predicate[predicate].append((subject, value))
        if predicate == TYPE:
            self.by_type[value].append(subject)  # type: ignore[index]
        self.count += 1

    def __len__(self) -> int:
        return self.count

    def properties(self, subject: Term) -> dict[str, list[Term]]:
        """Every predicate of ``subject`` and its distinct values (empty if it has none)."""
        described = self.by_subject.get(subject) if isinstance(subject, str) else None
        if not described:
            return {}
        if subject not in self.repeated:
            return described
        # A graph is a set: a triple written twice counts once.
        return {predicate: values if len(values) == 1 else list(dict.fromkeys(values))
                for predicate, values in described.items()}

    def forget(self, subject: Term, *, typed_only: frozenset[str]) -> None:
        """Let go of what ``subject`` says, once it is read, if it is of no type but
        ``typed_only`` (else it is still to be read as another resource): a large theory's
        index is mostly evidence links, and its models are built while the index is held."""
        described = self.by_subject.get(subject) if isinstance(subject, str) else None
        if described is not None and typed_only.issuperset(described.get(TYPE, ())):
            del self.by_subject[subject]

    def forget_pairs(self) -> None:
        """Let go of the pairs by predicate, once the resources they find are found."""
        self.by_predicate.clear()
        self.indexed = frozenset()

    def of_type(self, kind: str) -> list[str]:
        return list(dict.fromkeys(self.by_type.get(kind, ())))

    def pairs(self, predicate: str) -> list[tuple[str, Term]]:
        """``(subject, value)`` of every triple with this predicate."""
        if self.indexed is not None and predicate not in self.indexed:
            raise KeyError(f"the index was built without pairs of {predicate}")
        return self.by_predicate.get(predicate, [])

    def objects(self, subject: Term, predicate: str) -> list[Term]:
        described = self.by_subject.get(subject) if isinstance(subject, str) else None
        values = described.get(predicate, []) if described else []
        return values if len(values) < 2 else list(dict.fromkeys(values))

    def value(self, subject: Term, predicate: str) -> Term | None:
        values = self.objects(subject, predicate)
        return values[0] if values else None

    def has(self, subject: Term, predicate: str, value: Term) -> bool:
        return value in self.objects(subject, predicate)

    @classmethod
    def from_oxigraph(cls, triples: Iterable[Any], *,
                      by_predicate: frozenset[str] | None = None) -> TripleIndex:
        """From pyoxigraph triples or quads (their graph names are ignored)."""
        import pyoxigraph

        index = cls(by_predicate=by_predicate)
        indexed = by_predicate
        by_subject, by_predicate, by_type = index.by_subject, index.by_predicate, index.by_type
        repeated = index.repeated
        literal, blank = pyoxigraph.Literal, pyoxigraph.BlankNode
        string = STRING
        # Each IRI is held once, however many triples name it: pyoxigraph gives a new str
        # for every term it hands over, and most IRIs (every predicate) recur thousands of
        # times, so keeping each copy would hold several times the file in memory.
        shared: dict[str, str] = {}
        once = shared.setdefault
        count = 0
        last: Any = None
        node, described = "", {}
        # The hot loop of reading a large theory: index.add() inlined, terms read once.
        for triple in triples:
            subject, value = triple.subject, triple.object
            if subject != last:
                # Turtle groups a subject's triples: its string and description are looked
                # up once per group, not once per triple (pyoxigraph compares in Rust).
                last = subject
                node = subject.value if type(subject) is not blank else "_:" + subject.value
                node = once(node, node)
                described = by_subject.get(node)  # type: ignore[assignment]
                if described is None:
                    described = by_subject[node] = {}
            predicate = triple.predicate.value
            predicate = once(predicate, predicate)
            kind = type(value)
            if kind is literal:
                datatype = value.datatype.value
                term: Term = Lit(value.value, string) if datatype == string else \
                    Lit(value.value, once(datatype, datatype), value.language)
            elif kind is blank:
                term = "_:" + value.value
                term = once(term, term)
            else:
                term = value.value
                term = once(term, term)
            values = described.get(predicate)
            if values is None:
                described[predicate] = [term]
            else:
                values.append(term)  # a repeated triple is dropped when read (properties)
                repeated.add(node)
            if indexed is None or predicate in indexed:
                by_predicate[predicate].append((node, term))
            if predicate == TYPE:
                by_type[term].append(node)  # type: ignore[index]
            count += 1
        index.count = count
        return index

    @classmethod
    def from_rdflib(cls, graph: Any, *,
                    by_predicate: frozenset[str] | None = None) -> TripleIndex:
        """From an rdflib graph."""
        from rdflib import BNode, Literal

        def term(node: Any) -> Term:
            if isinstance(node, Literal):
                datatype = node.datatype or (LANG_STRING if node.language else STRING)
                return Lit(str(node), str(datatype), node.language)
            return f"_:{node}" if isinstance(node, BNode) else str(node)

        index = cls(by_predicate=by_predicate)
        for subject, predicate, value in graph:
            index.add(term(subject), str(predicate), term(value))  # type: ignore[arg-type]
        return index
