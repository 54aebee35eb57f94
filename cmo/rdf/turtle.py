"""Turtle, written straight from a theory's descriptions: one block per resource.

Vocabulary terms are written with their prefixes (``cmo:Configuration``), resources of
the theory in full (``<urn:cmo:sp:element/trust>``), and each resource's statements are
grouped under it with ``;``.

Example:
    >>> from cmo.models import Collection
    >>> from cmo.rdf.statements import descriptions
    >>> text = "".join(chunks(descriptions(Collection(title="IPT"))))
    >>> print(text[text.index("<urn:cmo:theory>"):], end="")
    <urn:cmo:theory> a cmo:ProgrammeTheory ;
        dcterms:title "IPT" .
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Final

from .mapping import PREFIXES
from .ntriples import CHUNK, STRING, quoted
from .statements import Description
from .vocabulary import BIBO, CMO, DCTERMS, OA, OWL, PROV, RDF, RDFS, SCHEMA, SKOS

__all__ = ["SHORT_NAMES", "chunks"]

# Turtle's PN_LOCAL, for the names we abbreviate: no '.' at either end.
_LOCAL: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*")
_XSD: Final = PREFIXES["xsd"]


def _short_names() -> dict[str, str]:
    """Every vocabulary term we write, by IRI, as a prefixed name."""
    names = {}
    namespaces = (CMO, OA, SCHEMA, BIBO)
    terms = [term for namespace in namespaces for term in dir(namespace)]
    terms += [DCTERMS[name] for name in ("identifier", "title", "description", "date", "type",
                                         "bibliographicCitation", "conformsTo", "subject")]
    terms += [PROV[name] for name in ("Entity", "Derivation", "Revision", "wasDerivedFrom",
                                      "wasRevisionOf", "qualifiedDerivation", "entity",
                                      "wasAttributedTo", "Agent", "Activity", "used",
                                      "wasAssociatedWith", "wasInformedBy")]
    terms += [SKOS.altLabel, SKOS.note, SKOS.changeNote, RDFS.label, RDFS.comment,
              OWL.versionInfo, RDF.value]
    terms += [SKOS[name] for name in ("ConceptScheme", "Concept", "Collection", "inScheme",
                                      "topConceptOf", "broader", "member", "prefLabel",
                                      "definition")]  # a codebook
    terms += [f"{_XSD}{name}" for name in ("date", "integer", "nonNegativeInteger",
                                           "positiveInteger")]
    by_namespace = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))
    for term in map(str, terms):
        for prefix, namespace in by_namespace:
            local = term[len(namespace):]
            if term.startswith(namespace) and _LOCAL.fullmatch(local):
                names[term] = f"{prefix}:{local}"
                break
    names[str(RDF.type)] = "a"
    return names


#: Every vocabulary term we write, by IRI, as Turtle abbreviates it (``rdf:type`` as ``a``).
SHORT_NAMES: Final = _short_names()


class _Written(dict[str, str]):
    """Predicates and datatypes as written: prefixed when we can, else ``<iri>``.

    Only these are kept (a theory writes a few dozen); subjects and objects are not, so
    memory does not grow with the theory.
    """

    def __missing__(self, iri: str) -> str:
        written = self[iri] = SHORT_NAMES.get(iri) or f"<{iri}>"
        return written


def chunks(descriptions: Iterable[Description]) -> Iterator[str]:
    """The Turtle text of ``descriptions``, a few thousand resources at a time."""
    short, written, quote = SHORT_NAMES, _Written(), quoted
    yield "".join(f"@prefix {prefix}: <{namespace}> .\n"
                  for prefix, namespace in sorted(PREFIXES.items())) + "\n"
    blocks: list[str] = []
    add = blocks.append
    # One loop, no calls per statement: this is the hot path of exporting a large theory.
    for number, (subject, said) in enumerate(descriptions, start=1):
        lines = []
        for predicate, value, datatype in said:
            if datatype is None:
                shown = short.get(value) or f"<{value}>"
            elif datatype == STRING:
                shown = quote(value)
            else:
                shown = f"{quote(value)}^^{written[datatype]}"
            lines.append(f"{written[predicate]} {shown}")
        add(f"<{subject}> " + " ;\n    ".join(lines) + " .\n\n")
        if number % CHUNK == 0:
            yield "".join(blocks)
            blocks.clear()
    yield "".join(blocks)
