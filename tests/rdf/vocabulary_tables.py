"""The term tables of ``docs/vocabulary.md``, made from the shipped ontology.

``python -m tests.rdf.vocabulary_tables`` rewrites them; a test checks they are current.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Final

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from cmo.rdf import NAMESPACE, ontology, terms
from cmo.rdf.mapping import PREFIXES_MANAGER

DOCS: Final = Path(__file__).resolve().parents[2] / "docs" / "vocabulary.md"
START: Final = "<!-- term tables: made from the ontology by tests/rdf/vocabulary_tables.py -->"
END: Final = "<!-- end of term tables -->"
_ALIGNMENTS: Final = ((RDFS.subClassOf, "subclass of"), (RDFS.subPropertyOf, "subproperty of"),
                      (SKOS.closeMatch, "close match"), (SKOS.relatedMatch, "related match"),
                      (RDFS.seeAlso, "see also"))


def _n3(node: URIRef) -> str:
    return f"`{node.n3(PREFIXES_MANAGER)}`"


def _text(graph: Graph, term: URIRef, predicate: URIRef) -> str:
    value = graph.value(term, predicate)
    return "" if value is None else re.sub(r"\s+", " ", str(value)).replace("|", "\\|")


def _aligned(graph: Graph, term: URIRef) -> str:
    parts = []
    for predicate, name in _ALIGNMENTS:
        targets = sorted(graph.objects(term, predicate), key=str)
        if targets:
            parts.append(f"{name} {', '.join(map(_n3, targets))}")
    return "; ".join(parts)


def tables(graph: Graph | None = None) -> str:
    """The Markdown tables of classes, properties and individuals."""
    graph = ontology() if graph is None else graph
    ordered = sorted(terms(), key=lambda term: (_rank(graph, term), str(term).lower()))
    sections = {"Classes": [], "Properties": [], "Individuals": []}
    for term in ordered:
        name = ("Classes", "Properties", "Individuals")[_rank(graph, term)]
        label, comment = _text(graph, term, RDFS.label), _text(graph, term, RDFS.comment)
        note = _text(graph, term, SKOS.scopeNote)
        definition = f"{comment} {note}".strip()
        if name == "Properties":
            row = (_n3(term), label, definition, _n3(graph.value(term, RDFS.domain)),
                   _n3(graph.value(term, RDFS.range)), _aligned(graph, term))
        elif name == "Individuals":
            kinds = sorted(k for k in graph.objects(term, RDF.type) if k != OWL.NamedIndividual)
            row = (_n3(term), ", ".join(map(_n3, kinds)), label, definition,
                   _aligned(graph, term))
        else:
            row = (_n3(term), label, definition, _aligned(graph, term))
        sections[name].append("| " + " | ".join(row) + " |")
    heads = {"Classes": "| Term | Label | Definition | Aligned with |\n|---|---|---|---|",
             "Properties": "| Term | Label | Definition | Domain | Range | Aligned with |\n"
                           "|---|---|---|---|---|---|",
             "Individuals": "| Term | Type | Label | Definition | Aligned with |\n"
                            "|---|---|---|---|---|"}
    return "\n\n".join(f"### {name}\n\n{heads[name]}\n" + "\n".join(rows)
                       for name, rows in sections.items())


def _rank(graph: Graph, term: URIRef) -> int:
    kinds = set(graph.objects(term, RDF.type))
    if OWL.Class in kinds:
        return 0
    return 1 if kinds & {OWL.ObjectProperty, OWL.DatatypeProperty} else 2


def documented() -> str:
    """The tables as ``docs/vocabulary.md`` has them now."""
    text = DOCS.read_text(encoding="utf-8")
    return text[text.index(START) + len(START):text.index(END)].strip()


def rewrite() -> None:
    text = DOCS.read_text(encoding="utf-8")
    head, rest = text.split(START)
    _, tail = rest.split(END)
    DOCS.write_text(f"{head}{START}\n\n{tables()}\n\n{END}{tail}", encoding="utf-8")


assert NAMESPACE  # the tables describe this namespace's terms only

if __name__ == "__main__":
    rewrite()
    sys.exit(0)
