"""Values in hand-written YAML are text as the researcher typed them; tags that build objects
are refused wherever they are; numbers Python cannot read are named with their line."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pytest

import cmo.io
from cmo._helpers.yaml_text import walk_yaml
from cmo.exceptions import InputError

SOURCE = """\
sources:
  - id: {id}
    kind: interview
    {field}: {value}
"""


def read_source(tmp_path: Path, field: str, value: str, *, id: str = "p07") -> object:
    path = tmp_path / "theory.yaml"
    path.write_text(SOURCE.format(id=id, field=field, value=value), encoding="utf-8")
    (source,) = cmo.io.read(path).sources
    return getattr(source, field)


@pytest.mark.parametrize(("typed", "kept"), [
    ("1.10", "1.10"),        # not the number 1.1
    ("010", "010"),          # not YAML 1.1's octal 8
    ("12:30", "12:30"),      # not YAML 1.1's sexagesimal 750
    ("0x1F", "0x1F"),        # not 31
    ("1_000", "1_000"),      # not 1000
    ("+2", "+2"),
    ("1e3", "1e3"),          # not 1000.0
    (".inf", ".inf"),
    ("2024-03-05", "2024-03-05"),
    ("yes", "yes"),          # not True
    ("Off", "Off"),
    ("1", "1"),              # a plain number: still the wave "1"
    ("2.5", "2.5"),
])
def test_a_wave_is_the_text_typed(tmp_path: Path, typed: str, kept: str) -> None:
    assert read_source(tmp_path, "wave", typed) == kept


@pytest.mark.parametrize("typed", ["010", "2024-03-05", "0x1F", "1_000", "1.10"])
def test_ids_and_participants_are_the_text_typed(tmp_path: Path, typed: str) -> None:
    path = tmp_path / "theory.yaml"
    path.write_text(SOURCE.format(id=typed, field="participant", value=typed), encoding="utf-8")
    (source,) = cmo.io.read(path).sources
    assert (source.id, source.participant) == (typed, typed)


def test_a_date_field_still_reads_a_date(tmp_path: Path) -> None:
    assert read_source(tmp_path, "date", "2024-03-05") == dt.date(2024, 3, 5)


def test_an_excerpt_place_written_with_a_leading_zero_is_decimal(tmp_path: Path) -> None:
    path = tmp_path / "theory.yaml"
    path.write_text("sources:\n  - {id: s, kind: interview}\nexcerpts:\n"
                    "  - {id: e, source: s, text: synthetic text, start: 08, end: 012, "
                    "page: 010, line: 7}\n", encoding="utf-8")
    (excerpt,) = cmo.io.read(path).excerpts
    assert (excerpt.start, excerpt.end, excerpt.page, excerpt.line) == (8, 12, "010", 7)


def test_the_quick_and_the_careful_parser_read_values_alike() -> None:
    # An anchor sends the file down the careful road; the values must come out the same.
    text = "a: [1.10, 010, 12:30, 7, -3, 0.5, true, ~, yes, 2024-03-05]\n"
    quick = walk_yaml(text).data
    careful = walk_yaml(text + "b: &x 1\n").data
    assert quick["a"] == careful["a"] == ["1.10", "010", "12:30", 7, -3, 0.5, True, None,
                                          "yes", "2024-03-05"]


def test_an_integer_beyond_pythons_digit_limit_is_an_input_error(tmp_path: Path) -> None:
    digits = sys.get_int_max_str_digits() + 1
    path = tmp_path / "theory.yaml"
    path.write_text(SOURCE.format(id="p07", field="wave", value="9" * digits), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        cmo.io.read(path)
    assert str(caught.value) == (
        f"{path}: line 4: the number has {digits:,} digits, more than the "
        f"{digits - 1:,} a number may have (quote the value to keep it as text)")


def test_a_quoted_long_number_is_text(tmp_path: Path) -> None:
    digits = sys.get_int_max_str_digits() + 1
    assert read_source(tmp_path, "wave", f'"{"9" * digits}"') == "9" * digits


def test_a_json_integer_beyond_the_digit_limit_is_an_input_error(tmp_path: Path) -> None:
    limit = sys.get_int_max_str_digits()
    path = tmp_path / "theory.json"
    path.write_text('{"sources": [{"id": "p07", "kind": "interview",\n"wave": '
                    + "9" * (limit + 1) + "}]}", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        cmo.io.read(path)
    assert str(caught.value) == (f"{path}: line 2: a number has more digits than the {limit:,} "
                                 "a number may have (write it as text, in quotes)")


@pytest.mark.parametrize(("value", "tag", "what"), [
    ("!!python/object/apply:os.system [echo]", "!!python/object/apply:os.system",
     "lists and mappings"),
    ("!!python/object:os.system {a: 1}", "!!python/object:os.system", "lists and mappings"),
    ("!!python/tuple [1, 2]", "!!python/tuple", "lists and mappings"),
    ("!!python/name:os.system", "!!python/name:os.system", "plain values"),
    ("!!python/str synthetic", "!!python/str", "plain values"),
    ("!!binary aGVsbG8=", "!!binary", "plain values"),
    ("!!set {a, b}", "!!set", "lists and mappings"),
    ("!!omap [a: 1]", "!!omap", "lists and mappings"),
])
def test_tags_that_build_objects_are_refused_on_any_value(tmp_path: Path, value: str, tag: str,
                                                          what: str) -> None:
    path = tmp_path / "theory.yaml"
    path.write_text(SOURCE.format(id="p07", field="notes", value=value), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        cmo.io.read(path)
    assert str(caught.value) == (f"{path}: line 4: the tag {tag!r} is not allowed here "
                                 f"(remove the tag: {what} need none)")


def test_a_tag_on_the_whole_document_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "theory.yaml"
    path.write_text("--- !!python/object:cmo.Collection\nsources: []\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        cmo.io.read(path)
    assert str(caught.value) == (f"{path}: line 1: the tag '!!python/object:cmo.Collection' is "
                                 "not allowed here (remove the tag: lists and mappings need none)")


def test_json_and_ordinary_tags_are_allowed(tmp_path: Path) -> None:
    assert read_source(tmp_path, "wave", "!!str 010") == "010"
    assert read_source(tmp_path, "notes", "!!str synthetic") == "synthetic"
    path = tmp_path / "theory.json"
    path.write_text(json.dumps({"sources": [{"id": "p07", "kind": "interview", "wave": "1.10"}]}),
                    encoding="utf-8")
    assert cmo.io.read(path).sources[0].wave == "1.10"


# -- RDF literals whose datatype cannot read them ---------------------------------------------

def ill_typed_turtle(tmp_path: Path, suffix: str = ".ttl") -> Path:
    """The worked example as RDF, its date and first position made unreadable."""
    from cmo.io import load, save

    path = save(load("examples/social_prescribing/theory.yaml"), tmp_path / f"theory{suffix}")
    text = path.read_text(encoding="utf-8")
    if suffix == ".ttl":
        text = text.replace('"2024-11-29"^^xsd:date', '"abc"^^xsd:date', 1)
        text = text.replace('schema:position "1"^^xsd:integer', 'schema:position "x"^^xsd:integer', 1)
    else:
        text = text.replace('"2024-11-29"', '"abc"', 1)
    path.write_text(text, encoding="utf-8")
    return path


def test_validate_names_ill_typed_literals_without_a_traceback(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from click.testing import CliRunner

    from cmo.cli import cli

    path = ill_typed_turtle(tmp_path)
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {path}: 2 problems:\n"
        "  - configuration 'referral-buy-in': schema:position is not a valid xsd:integer: "
        'write a whole number such as "3"^^xsd:integer\n'
        "  - programme theory 'social-prescribing': dcterms:date is not a valid xsd:date: "
        'write a date such as "2024-05-31"^^xsd:date\n')
    assert not [record for record in caplog.records if "Literal" in record.getMessage()]


@pytest.mark.parametrize("suffix", [".ttl", ".jsonld"])
def test_reading_ill_typed_literals_logs_nothing(tmp_path: Path, suffix: str,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    path = ill_typed_turtle(tmp_path, suffix)
    with pytest.raises(InputError) as caught:
        cmo.io.read(path)
    assert str(caught.value) == (f"{path}: the theory: dcterms:date should be an xsd:date such "
                                 "as 2024-05-31, found 'abc'")
    assert not [record for record in caplog.records if "Literal" in record.getMessage()]
