"""Reading RDF: clear errors for bad files, and foreign RDF loaded where it can be."""

from __future__ import annotations

from pathlib import Path

import pytest

from cmo.exceptions import CmoWarning, InputError
from cmo.rdf import read_rdf

SECRET = "Nobody may read this confidential quote"
PREFIXES = """\
@prefix cmo: <https://w3id.org/cmo#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <https://example.org/> .
"""
# One configuration with one piece of evidence: the pieces the tests below break.
CONFIGURATION = """
ex:hope a cmo:Configuration ; dcterms:identifier "hope" ;
    cmo:hasContext ex:trust ; cmo:hasMechanism ex:mechanism ; cmo:hasOutcome ex:hoping .
ex:trust a cmo:Context ; dcterms:identifier "trust" ; rdfs:label "Patient trusts" .
ex:hoping a cmo:Outcome ; dcterms:identifier "hoping" ; rdfs:label "Patient has hope" .
ex:mechanism a cmo:Mechanism ; cmo:reasoning "Patient feels hope" .
"""
EVIDENCE = f"""
ex:paper dcterms:identifier "paper" ; dcterms:type cmo:Publication .
ex:quote a oa:SpecificResource ; dcterms:identifier "q1" ; oa:hasSource ex:paper ;
    oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "{SECRET}" ] .
ex:evidence a oa:Annotation ; oa:hasBody ex:hope ; oa:hasTarget ex:quote ;
    cmo:stance cmo:supports .
"""


def _write(tmp_path: Path, text: str, name: str = "theory.ttl") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _error(path: Path, rdf_format: str = "turtle") -> InputError:
    with pytest.raises(InputError) as caught:
        read_rdf(path, rdf_format=rdf_format)
    assert str(path) in str(caught.value)
    assert SECRET not in str(caught.value)
    return caught.value


def test_well_formed_turtle_by_hand_is_read(tmp_path):
    collection = read_rdf(_write(tmp_path, PREFIXES + CONFIGURATION + EVIDENCE),
                          rdf_format="turtle")
    (configuration,) = collection.configurations
    assert configuration.mechanism.id == "m-patient-feels-hope"  # derived, as in YAML
    assert [e.excerpt.source.kind for e in configuration.evidence] == ["publication"]
    assert configuration.evidence[0].excerpt.text == SECRET


def test_a_turtle_syntax_error_names_the_file_and_line(tmp_path):
    broken = PREFIXES + CONFIGURATION + EVIDENCE.replace("cmo:supports .", "cmo:supports")
    error = _error(_write(tmp_path, broken + f'ex:x rdfs:comment "{SECRET}" .\n'))
    (problem,) = error.problems
    assert problem.place == f"line {broken.count(chr(10)) + 1}, column 1"
    assert "Turtle syntax error" in problem.message
    assert SECRET not in str(error)


def test_an_n_triples_syntax_error_names_the_line(tmp_path):
    lines = ['<urn:x:a> <urn:x:b> "fine" .', "", f'<urn:x:a> <urn:x:b> "{SECRET}" oops .']
    error = _error(_write(tmp_path, "\n".join(lines), "theory.nt"), "nt")
    assert [problem.place for problem in error.problems] == [
        f"line 3, column {len(lines[2]) - len('oops .') + 1}"]
    assert "N-Triples syntax error" in str(error) and SECRET not in str(error)


def test_a_json_ld_syntax_error_names_line_and_column(tmp_path):
    error = _error(_write(tmp_path, '{\n  "@id": "urn:x:a",,\n}', "theory.jsonld"), "json-ld")
    assert [problem.place for problem in error.problems] == ["line 2, column 20"]


def test_an_empty_file_is_refused(tmp_path):
    error = _error(_write(tmp_path, " \n"))
    assert "empty" in str(error)


def test_a_file_without_cmo_data_is_refused(tmp_path):
    error = _error(_write(tmp_path, PREFIXES + 'ex:a rdfs:label "unrelated" .\n'))
    assert "holds no cmo: resources" in str(error)
    error = _error(_write(tmp_path, PREFIXES))
    assert "holds no RDF triples" in str(error)


def test_a_configuration_without_identifier_is_refused(tmp_path):
    text = PREFIXES + CONFIGURATION.replace('dcterms:identifier "hope" ;', "") + EVIDENCE
    (problem,) = _error(_write(tmp_path, text)).problems
    assert problem.place == "configuration <https://example.org/hope>"
    assert problem.message == "has no dcterms:identifier"
    assert "dcterms:identifier" in problem.fix


def test_an_unknown_stance_is_refused(tmp_path):
    text = PREFIXES + CONFIGURATION + EVIDENCE.replace("cmo:supports", "cmo:agrees")
    (problem,) = _error(_write(tmp_path, text)).problems
    assert problem.place == "evidence <https://example.org/evidence>"
    assert problem.message == "unknown stance cmo:agrees"
    assert problem.fix == "use one of: cmo:refines, cmo:refutes, cmo:supports"


def test_a_mechanism_with_neither_half_is_refused(tmp_path):
    text = PREFIXES + CONFIGURATION.replace('cmo:reasoning "Patient feels hope"',
                                            'dcterms:identifier "m1"') + EVIDENCE
    (problem,) = _error(_write(tmp_path, text)).problems
    assert problem.place == "mechanism 'm1'"
    assert "needs a 'resource', a 'reasoning' or both" in problem.message


def test_every_problem_is_reported_at_once(tmp_path):
    text = (PREFIXES + CONFIGURATION.replace('dcterms:identifier "hope" ;', "")
            + EVIDENCE.replace("cmo:supports", "cmo:agrees")
            .replace("oa:exact", "oa:start").replace(f'"{SECRET}"', '"-3"')
            + 'ex:paper dcterms:date "last spring" .\n')
    error = _error(_write(tmp_path, text))
    assert len(error.problems) == 5
    assert str(error).startswith(f"{tmp_path / 'theory.ttl'}: 5 problems:")
    assert "source 'paper': dcterms:date should be an xsd:date" in str(error)


def test_problems_never_quote_the_excerpt(tmp_path):
    selectors = f'oa:hasSelector [ oa:exact "{SECRET}" ], [ oa:exact "{SECRET}, again" ] .'
    text = PREFIXES + CONFIGURATION + EVIDENCE.replace(
        f'oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "{SECRET}" ] .', selectors)
    (problem,) = _error(_write(tmp_path, text)).problems
    assert problem.message == "has two different values for its text"


def test_foreign_rdf_loads_where_it_can(tmp_path):
    text = PREFIXES + """
ex:c1 a cmo:Configuration ; dcterms:identifier "c1" ;
    cmo:hasContext ex:unnamed ; cmo:hasOutcome [ rdfs:label "Patient engages" ] ;
    cmo:hasMechanism [ cmo:resource "Link worker listens" ] .
ex:unnamed dcterms:identifier "waiting-list" .
ex:e1 oa:hasBody ex:c1 ; cmo:stance cmo:refutes ;
    oa:hasTarget [ dcterms:identifier "note-3" ; oa:hasSource ex:site-visit ;
                   oa:hasSelector [ oa:exact "Observed at the clinic" ],
                                  [ rdf:value "line=11,12" ], [ rdf:value "xywh=1,2,3,4" ] ] .
ex:site-visit dcterms:identifier "visit-1" .
"""
    with pytest.warns(CmoWarning, match="unknown fragment 'xywh=1,2,3,4'"):
        collection = read_rdf(_write(tmp_path, text), rdf_format="turtle")
    (configuration,) = collection.configurations
    assert configuration.contexts[0].label == "waiting-list"  # no label: its id
    assert configuration.outcomes[0].id == "o-patient-engages"  # no id: from its label
    (evidence,) = configuration.evidence
    assert (evidence.stance, evidence.excerpt.line) == ("refutes", 12)
    assert evidence.excerpt.source.kind == "other"  # no dcterms:type of ours


def test_an_unknown_source_kind_is_refused(tmp_path):
    text = PREFIXES + CONFIGURATION + EVIDENCE.replace("cmo:Publication", "cmo:Podcast")
    (problem,) = _error(_write(tmp_path, text)).problems
    assert (problem.place, problem.message) == ("source 'paper'", "unknown source kind cmo:Podcast")


def test_an_unknown_rdf_format_is_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown rdf_format: 'xml'"):
        read_rdf(_write(tmp_path, PREFIXES), rdf_format="xml")


@pytest.mark.parametrize("context", ['"https://example.org/context.jsonld"',
                                     '[{"cmo": "https://w3id.org/cmo#"}, "http://x.test/c"]'])
def test_a_remote_json_ld_context_is_refused_without_fetching_it(tmp_path, context):
    path = tmp_path / "theory.jsonld"
    path.write_text('{"@context": ' + context + ', "@id": "urn:x:a", "cmo:theme": "T"}')
    with pytest.raises(InputError) as caught:
        read_rdf(path, rdf_format="json-ld")
    message = str(caught.value)
    assert "theory.jsonld" in message and "remote JSON-LD context" in message
    assert "@context" in message


def test_excerpts_sharing_a_selector_and_configurations_sharing_evidence_are_read(tmp_path):
    # Read parts of the index are let go of: what two resources share must survive the first.
    text = PREFIXES + CONFIGURATION + f"""
ex:paper dcterms:identifier "paper" ; dcterms:type cmo:Publication .
ex:quote a oa:SpecificResource ; dcterms:identifier "q1" ; oa:hasSource ex:paper ;
    oa:hasSelector ex:selector .
ex:again a oa:SpecificResource ; dcterms:identifier "q2" ; oa:hasSource ex:paper ;
    oa:hasSelector ex:selector .
ex:selector a oa:TextQuoteSelector ; oa:exact "{SECRET}" .
ex:hope2 a cmo:Configuration ; dcterms:identifier "hope2" ; cmo:hasContext ex:trust ;
    cmo:hasOutcome ex:hoping .
ex:e1 a oa:Annotation ; oa:hasBody ex:hope ; oa:hasTarget ex:quote ; cmo:stance cmo:supports .
ex:e2 a oa:Annotation ; oa:hasBody ex:hope2 ; oa:hasTarget ex:quote ; cmo:stance cmo:supports .
ex:e3 a oa:Annotation ; oa:hasBody ex:hope2 ; oa:hasTarget ex:again ; cmo:stance cmo:refutes .
"""
    collection = read_rdf(_write(tmp_path, text), rdf_format="turtle")
    assert [excerpt.text for excerpt in collection.excerpts] == [SECRET, SECRET]
    hope, hope2 = collection.configurations
    assert [(e.excerpt.id, e.stance) for e in hope.evidence] == [("q1", "supports")]
    assert [(e.excerpt.id, e.stance) for e in hope2.evidence] == [("q1", "supports"),
                                                                   ("q2", "refutes")]


def test_reading_an_index_leaves_it_whole_unless_told_to_consume_it(tmp_path):
    from cmo.rdf.reader import from_index
    from cmo.rdf.syntax import index_rdf

    index = index_rdf(_write(tmp_path, PREFIXES + CONFIGURATION + EVIDENCE), rdf_format="turtle")
    assert from_index(index) == from_index(index)
    subjects = len(index.by_subject)
    from_index(index, consume=True)
    assert len(index.by_subject) < subjects


@pytest.mark.parametrize("data, message", [
    (b"\x00\x01binary", "binary"),
    ("ex:a ex:b \u00e9 .".encode("latin-1"), "not valid UTF-8"),
])
def test_unreadable_files_get_the_careful_error(tmp_path, data, message):
    path = tmp_path / "theory.ttl"
    path.write_bytes(data)
    assert message in str(_error(path))
    assert "no such file" in str(_error(tmp_path / "missing.ttl"))


def test_a_byte_order_mark_is_read_past(tmp_path):
    path = tmp_path / "theory.ttl"
    path.write_bytes(b"\xef\xbb\xbf" + (PREFIXES + CONFIGURATION + EVIDENCE).encode("utf-8"))
    assert len(read_rdf(path, rdf_format="turtle").configurations) == 1
