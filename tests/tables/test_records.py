"""JSON and YAML that are not ours: lists of records read like a table, the rest refused once.

Every record and quote here is synthetic and says so.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

import cmo.io
from cmo.cli import cli
from cmo.exceptions import CmoWarning, InputError

from ..conftest import EXAMPLE

RECORDS = [
    {"cmoc_id": "1", "context_statement": "Patient is unsure of the link worker role",
     "mechanism": {"resource": "Link worker listens", "reasoning": "Patient feels heard"},
     "outcome_statement": "Patient trusts the link worker",
     "evidence_quote": "[synthetic quote one]", "study_id": "smith2020",
     "stance": "supports", "confidence": 0.9},
    {"cmoc_id": "2", "context_statement": ["Housing problems", "Caring duties"],
     "mechanism": {"resource": "Advice on benefits"}, "outcome_statement": ["Relief"],
     "evidence_quote": None},
]
NOT_OURS = ("not a theory in cmo's format (a mapping with 'configurations'), not a list of "
            "records with context, mechanism or outcome fields, and not a CSL-JSON reference "
            "list (items with 'type' and 'title', 'author' or 'issued') (see docs/format.md "
            "for cmo's own format, or docs/tables.md for lists of records, where a column map "
            "(--map) names fields cmo does not recognise)")


def _invoke(*arguments: object):
    return CliRunner().invoke(cli, [str(argument) for argument in arguments])


def _check_records(collection) -> None:
    first, second = collection.configurations
    assert (first.id, first.mechanism.label) == (
        "1", "Link worker listens → Patient feels heard")
    assert [(e.excerpt.id, e.excerpt.source.id, e.stance, e.note) for e in first.evidence] == [
        ("quote-1", "smith2020", "supports", "confidence: 0.9")]
    assert [c.label for c in second.contexts] == ["Housing problems", "Caring duties"]
    assert second.mechanism.resource == "Advice on benefits" and second.evidence == ()


def test_a_json_list_of_records_is_read_like_a_table(tmp_path: Path):
    path = tmp_path / "llm.json"
    path.write_text(json.dumps(RECORDS), encoding="utf-8")
    _check_records(cmo.io.read(path))


def test_a_yaml_mapping_that_wraps_the_records(tmp_path: Path):
    path = tmp_path / "llm.yaml"
    path.write_text(json.dumps({"model": "synthetic", "cmocs": RECORDS}), encoding="utf-8")
    with pytest.warns(CmoWarning) as caught:
        collection = cmo.io.read(path)
    _check_records(collection)
    assert [str(w.message) for w in caught] == [
        f"{path}: only the records were read; the rest of the file was left out: 'model'"]


def test_a_yaml_list_of_records(tmp_path: Path):
    path = tmp_path / "llm.yml"
    path.write_text("# synthetic\n- context: Unsure\n  mechanism: Listens\n  outcome: Trust\n"
                    "- context: Housing\n  outcome: Relief\n  mechanism: Advice\n",
                    encoding="utf-8")
    assert [c.id for c in cmo.io.read(path).configurations] == ["cmoc-1", "cmoc-2"]


def test_records_go_through_the_column_map(tmp_path: Path):
    path = tmp_path / "odd.json"
    path.write_text(json.dumps([{"setting": "Rural", "why": "Feels heard", "result": "Returns",
                                 "tokens": 512}]), encoding="utf-8")
    columns = {"setting": "contexts", "why": "mechanism reasoning", "result": "outcomes",
               "tokens": None}
    (configuration,) = cmo.io.read(path, columns=columns).configurations
    assert configuration.mechanism.reasoning == "Feels heard" and configuration.notes is None


def test_json_that_is_no_reference_list_is_no_longer_read_as_empty_references(tmp_path: Path):
    path = tmp_path / "notes.json"
    path.write_text(json.dumps([{"source": f"s{n}", "note": "synthetic"} for n in range(20)]),
                    encoding="utf-8")
    result = _invoke("validate", path)
    assert result.exit_code == 1
    assert result.output == (f"Error: {path}: holds a list of 20 objects with the keys "
                             f"'source', 'note': {NOT_OURS}\n")
    assert "did you mean" not in result.output


def test_a_mapping_of_other_things_gets_one_message(tmp_path: Path):
    path = tmp_path / "other.json"
    path.write_text(json.dumps({"source": "x", "cmos": 3, "items": [1, 2]}), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        cmo.io.read(path)
    assert str(caught.value) == (f"{path}: holds a mapping with the keys 'source', 'cmos', "
                                 f"'items': {NOT_OURS}")


@pytest.mark.parametrize(("text", "what"), [
    ("[1, 2]", "a list of 2 items, the first a number"), ('"hello"', "a text"),
    ("[]", "an empty list"), ("null", "nothing"),
])
def test_other_shapes_say_what_they_hold(text: str, what: str, tmp_path: Path):
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        cmo.io.read(path)
    assert str(caught.value) == f"{path}: holds {what}: {NOT_OURS}"


def test_csl_json_is_still_a_reference_list(tmp_path: Path):
    path = tmp_path / "refs.json"
    path.write_text(json.dumps([{"id": "smith2020", "type": "article-journal",
                                 "title": "A synthetic paper"}]), encoding="utf-8")
    assert [source.id for source in cmo.io.read(path).sources] == ["smith2020"]


def test_our_own_format_with_a_mistake_keeps_its_own_message(tmp_path: Path):
    path = tmp_path / "theory.yaml"
    path.write_text("configurations:\n  - id: a\n    contexts: [Trust]\n    outcomes: [Hope]\n"
                    "    colour: red\n", encoding="utf-8")
    with pytest.raises(InputError, match="colour"):
        cmo.io.read(path)


def test_two_fields_giving_one_column_are_named_as_fields(tmp_path: Path):
    path = tmp_path / "twice.json"
    path.write_text(json.dumps([{"context": "C", "contexts": "D", "outcome": "O"}]),
                    encoding="utf-8")
    with pytest.raises(InputError) as caught:
        cmo.io.read(path)
    assert str(caught.value) == (f"{path}: fields 'context' and 'contexts' both give "
                                 "'contexts' (keep one of them, or rename one)")


def test_a_record_with_a_list_of_objects_is_refused_naming_it(tmp_path: Path):
    path = tmp_path / "nested.json"
    path.write_text(json.dumps([{"context": "C", "outcome": "O",
                                 "evidence": [{"quote": "[synthetic]"}]}]), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        cmo.io.read(path)
    assert str(caught.value) == (
        f"{path}: record 1, field 'evidence': holds a list of objects or objects nested deeper "
        "than 3 levels, which is not a value or a list of values (give one record per "
        "configuration and quote (repeat the configuration's id), or leave the field out "
        "with a column map ('evidence: null'))")


def test_a_bad_record_names_its_number_and_field(tmp_path: Path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps([{"context": "C", "outcome": "O", "status": "maybe"}]),
                    encoding="utf-8")
    with pytest.raises(InputError) as caught:
        cmo.io.read(path)
    assert str(caught.value).startswith(f"{path}: record 1, field 'status': unknown status "
                                        "'maybe'")


def test_a_column_map_on_our_own_format_is_refused(tmp_path: Path):
    (tmp_path / "columns.yaml").write_text("columns:\n  C: contexts\n", encoding="utf-8")
    result = _invoke("import", EXAMPLE, "--map", tmp_path / "columns.yaml", "-o",
                     tmp_path / "out.yaml")
    assert result.exit_code == 1
    assert result.output == (f"Error: {EXAMPLE}: is a theory in cmo's own format: a column "
                             "map applies to tables and lists of records (read it without "
                             "--map)\n")


def test_cli_import_of_records(tmp_path: Path):
    path = tmp_path / "llm.json"
    path.write_text(json.dumps(RECORDS), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CmoWarning)
        result = _invoke("import", path, "-o", tmp_path / "out.yaml")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == f"{path}: 2 configurations, 1 excerpts, 1 sources"
    _check_records(cmo.io.read(tmp_path / "out.yaml"))


def test_records_grouped_by_source_and_keyed_by_id(tmp_path: Path):
    # The shape of a published LLM-assisted CMO extraction (defenceeconomist/offsets-litreview,
    # data/cmo/*.yml): paper -> cmos -> id -> record, with a check log beside the records.
    # The texts are synthetic.
    def record(number: int) -> dict[str, object]:
        return {"context": f"Synthetic context {number}", "mechanism": "Synthetic mechanism",
                "outcome": f"Synthetic outcome {number}", "context_tags": ["tag_a", "tag_b"],
                "supporting_evidence": f"[synthetic quote {number}]",
                "supporting_evidence_paraphrase": "Synthetic paraphrase",
                "confidence": "medium", "confidence_justification": "Synthetic reason"}

    data = {paper: {"cmos": {f"{paper[:5]}_pdf__cmo_00{n}": record(n) for n in (1, 2)},
                    "v_and_v_log": [{"check": "quote_length", "status": "pass"}]}
            for paper in ("smith_20.pdf", "jones_21.pdf")}
    path = tmp_path / "articles.yml"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.warns(CmoWarning) as caught:
        collection = cmo.io.read(path)
    assert [c.id for c in collection.configurations] == [
        "smith_pdf__cmo_001", "smith_pdf__cmo_002", "jones_pdf__cmo_001", "jones_pdf__cmo_002"]
    assert [s.id for s in collection.sources] == ["smith_20.pdf", "jones_21.pdf"]
    (evidence,) = collection.configurations[0].evidence
    assert (evidence.excerpt.id, evidence.excerpt.source.id, evidence.excerpt.text) == (
        "quote-1", "smith_20.pdf", "[synthetic quote 1]")
    assert evidence.note == ("Synthetic paraphrase\nconfidence: medium\ncontext_tags: tag_a\n"
                             "tag_b\nconfidence_justification: Synthetic reason")
    messages = [str(w.message) for w in caught]
    assert f"{path}: only the records were read; the rest of the file was left out: " \
           "'jones_21.pdf > v_and_v_log', 'smith_20.pdf > v_and_v_log'" in messages


def test_a_group_key_gives_the_source_in_the_field_the_records_use(tmp_path: Path):
    data = {"smith_20.pdf": [{"context": "C1", "outcome": "O1", "quote": "[synthetic one]"}],
            "jones_21.pdf": [{"context": "C2", "outcome": "O2", "quote": "[synthetic two]",
                              "file_id": "jones2021"}]}
    path = tmp_path / "grouped.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CmoWarning)
        collection = cmo.io.read(path)
    assert [s.id for s in collection.sources] == ["smith_20.pdf", "jones2021"]


def test_a_column_map_on_a_reference_list_is_refused(tmp_path: Path):
    path = tmp_path / "refs.json"
    path.write_text(json.dumps([{"type": "book", "title": "Synthetic"}]), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        cmo.io.read(path, columns={"title": "label"})
    assert str(caught.value) == (f"{path}: is a CSL-JSON reference list: a column map "
                                 "applies to tables and lists of records (read it without "
                                 "--map)")
