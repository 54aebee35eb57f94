"""The RDF reader split by concept: finding resources and reading configurations
(``reader``), sources and excerpts (``source_reader``), the codebook (``codebook_reader``)
and what the theory says of itself (``theory_reader``), each usable on its own; and the
package imports no other format's modules."""

from __future__ import annotations

import ast
from pathlib import Path

import cmo.rdf
from cmo.rdf.codebook_reader import read_codebook
from cmo.rdf.collecting import Collector
from cmo.rdf.index import TYPE, Lit, TripleIndex
from cmo.rdf.locators import dois_in
from cmo.rdf.source_reader import SourceReader
from cmo.rdf.theory_reader import (
    cited_theories,
    derived_from,
    read_middle_range_theories,
    read_programme_theory,
)
from cmo.rdf.vocabulary import BIBO, CMO, DCTERMS, OA, OWL, PROV, SCHEMA, SKOS

from ..test_layers import _cycles, import_graph

#: The format packages: each reads and writes its own format, importing no other's.
FORMATS = ("authoring", "bibliography", "qda", "rdf", "render", "store", "tables")
PACKAGE = Path(cmo.rdf.__file__).parent
IDENTIFIER, LABEL = str(DCTERMS.identifier), "http://www.w3.org/2000/01/rdf-schema#label"


def _index(*triples: tuple[str, str, str | Lit]) -> TripleIndex:
    index = TripleIndex()
    for subject, predicate, value in triples:
        index.add(subject, predicate, value)
    return index


def test_every_rdf_module_is_under_400_lines_and_says_what_it_holds():
    sizes = {path.name: path.read_text(encoding="utf-8").count("\n")
             for path in sorted(PACKAGE.glob("*.py"))}
    assert {name: size for name, size in sizes.items() if size > 400} == {}
    assert [name for name in sizes if not ast.get_docstring(ast.parse(
        (PACKAGE / name).read_text(encoding="utf-8")))] == []


def test_sources_are_found_by_use_or_kind_and_their_problems_named():
    index = _index(("urn:x:p01", str(DCTERMS.type), str(CMO.Interview)),
                   ("urn:x:p01", str(DCTERMS.type), str(CMO.Publication)),
                   ("urn:x:p01", IDENTIFIER, Lit("p01")),
                   ("urn:x:q1", str(OA.hasSource), "urn:x:paper"),
                   ("urn:x:paper", IDENTIFIER, Lit("paper")),
                   ("urn:x:paper", str(SCHEMA.sameAs), "https://doi.org/10.3310/ETND8254"),
                   ("urn:x:paper", str(BIBO.doi), Lit("10.4236/jss.2023.115006")))
    reader = SourceReader(index)
    assert sorted(reader.source_nodes()) == ["urn:x:p01", "urn:x:paper"]
    assert reader.source("urn:x:p01") is not None
    assert reader.source("urn:x:paper").doi == "10.3310/ETND8254"  # the first, and a problem
    assert [str(problem) for problem in reader.problems] == [
        "source 'p01': has 2 kinds (interview, publication) (give it one)",
        "source 'paper': has 2 DOIs (schema:sameAs, bibo:doi) (give it one)"]
    assert dois_in(index.properties("urn:x:paper")) == ["10.3310/ETND8254",
                                                        "10.4236/jss.2023.115006"]


def test_an_excerpt_without_text_or_source_is_named_never_quoted():
    index = _index(("urn:x:q1", TYPE, str(OA.SpecificResource)),
                   ("urn:x:q1", IDENTIFIER, Lit("q1")))
    reader = SourceReader(index)
    assert reader.excerpt_nodes(set()) == {"urn:x:q1"}
    assert reader.excerpt("urn:x:q1") is None
    assert [str(problem) for problem in reader.problems] == [
        "excerpt 'q1': has 0 oa:hasSource values (give it one source)",
        "excerpt 'q1': has no text (give it an oa:TextQuoteSelector with oa:exact; write "
        '"[quote withheld]" when the text is confidential)']


def test_a_code_with_two_parents_is_a_problem_of_the_codebook():
    index = _index(*((node, predicate, value) for node in ("urn:x:a", "urn:x:b", "urn:x:c")
                     for predicate, value in ((TYPE, str(SKOS.Concept)),
                                              (str(SKOS.inScheme), "urn:x:codebook"),
                                              (str(SKOS.prefLabel), Lit(node[-1].upper())))),
                   ("urn:x:c", str(SKOS.broader), "urn:x:a"),
                   ("urn:x:c", str(SKOS.broader), "urn:x:b"))
    reader = Collector(index)
    codebook = read_codebook(reader)
    assert codebook is not None
    assert [code.label for code in codebook.codes] == ["A", "B", "C"]
    assert [str(problem) for problem in reader.problems] == [
        "code <urn:x:c>: has 2 skos:broader codes (give each code at most one parent)"]


def test_what_the_theory_says_of_itself_and_where_configurations_come_from():
    index = _index(("urn:x:ipt", TYPE, str(CMO.ProgrammeTheory)),
                   ("urn:x:ipt", str(PROV.wasRevisionOf), "urn:x:v1"),
                   ("urn:x:ipt", str(PROV.wasRevisionOf), "urn:x:v2"),
                   ("urn:x:v1", str(OWL.versionInfo), Lit("1")),
                   ("urn:x:v2", str(OWL.versionInfo), Lit("2")),
                   ("urn:x:hope", str(PROV.qualifiedDerivation), "_:d"),
                   ("_:d", str(PROV.entity), "urn:x:old"),
                   ("urn:x:old", IDENTIFIER, Lit("hope-v1")),
                   ("urn:x:hope", str(CMO.citesTheory), "urn:x:trust"),
                   ("urn:x:hope", str(CMO.citesTheory), "urn:x:nameless"),
                   ("urn:x:trust", TYPE, str(CMO.MiddleRangeTheory)),
                   ("urn:x:trust", LABEL, Lit("Trust")))
    reader = Collector(index)
    assert read_programme_theory(reader) == {}
    hope = index.properties("urn:x:hope")
    assert derived_from(reader, hope) == ("hope-v1",)
    assert cited_theories(reader, hope, "configuration 'hope'") == ("Trust",)
    assert [theory.name for theory in read_middle_range_theories(reader)] == ["Trust"]
    assert [str(problem) for problem in reader.problems] == [
        "the theory: revises 2 versions (prov:wasRevisionOf) (name the one version it refines)",
        "configuration 'hope': cites the theory <urn:x:nameless>, which has no rdfs:label (give "
        "the cmo:MiddleRangeTheory an rdfs:label (its name))"]


def test_rdf_imports_no_other_format_and_holds_no_circle():
    graph = import_graph()
    inside = [module for module in graph if module.startswith("cmo.rdf")]
    formats = tuple(f"cmo.{name}" for name in FORMATS if name != "rdf")
    assert [(module, target) for module in inside for target in sorted(graph.successors(module))
            if target.startswith(formats)] == []
    assert _cycles(graph.subgraph(inside)) == []
