"""Display numbers of configurations ("CMOC 7"): written, given in order, kept across versions."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

import cmo
from cmo.authoring.serialise import read_yaml, write_yaml
from cmo.exceptions import InputError
from cmo.models import Collection, Configuration
from cmo.theory.numbering import configuration_names, configuration_numbers, numbered


def cmoc(identifier: str, **fields: object) -> Configuration:
    return Configuration(id=identifier, contexts=[{"label": f"Context of {identifier}"}],
                         outcomes=[{"label": f"Outcome of {identifier}"}], **fields)


def version(*configurations: Configuration, label: str | None = None) -> Collection:
    return Collection(version=label, configurations=configurations)


def test_configurations_are_numbered_in_the_order_of_the_file():
    assert configuration_numbers(version(cmoc("b"), cmoc("a"), cmoc("c"))) == {
        "b": 1, "a": 2, "c": 3}


def test_written_numbers_are_kept_and_the_others_follow_the_highest():
    theory = version(cmoc("a"), cmoc("b", number=5), cmoc("c", number=2), cmoc("d"))
    assert configuration_numbers(theory) == {"a": 6, "b": 5, "c": 2, "d": 7}


def test_a_revised_version_keeps_the_numbers_it_derives_from():
    ipt = version(cmoc("trust"), cmoc("hope"), cmoc("buy-in"), cmoc("dropped"), label="IPT")
    v2 = version(cmoc("anchor"), cmoc("hope-refined", derived_from=["hope"]), cmoc("trust"),
                 cmoc("buy-in-a", derived_from=["buy-in"]), cmoc("buy-in-b", derived_from=["buy-in"]),
                 cmoc("both", derived_from=["dropped", "trust"]), label="v2")
    # New ones and the second half of a split take numbers after the IPT's highest (4),
    # so 'dropped' keeps its 4 for good; a merge keeps the first number still free.
    assert configuration_numbers(v2, earlier=ipt) == {
        "anchor": 5, "hope-refined": 2, "trust": 1, "buy-in-a": 3, "buy-in-b": 6, "both": 4}


def test_a_number_written_in_the_new_version_wins():
    ipt = version(cmoc("trust"), cmoc("hope"), label="IPT")
    v2 = version(cmoc("trust"), cmoc("hope", number=1), label="v2")
    assert configuration_numbers(v2, earlier=ipt) == {"trust": 3, "hope": 1}


def test_two_configurations_cannot_share_a_number():
    with pytest.raises(ValidationError, match=r"configurations 'a' and 'b' both have the number "
                                              r"3 \(give each its own, or leave numbers out"):
        version(cmoc("a", number=3), cmoc("b", number=3))
    with pytest.raises(ValidationError, match="greater than 0"):
        cmoc("a", number=0)


def test_a_shared_number_in_a_file_names_the_file_and_the_fix(tmp_path):
    path = tmp_path / "theory.yaml"
    path.write_text("configurations:\n"
                    "- {id: a, number: 3, contexts: [Patient trusts], outcomes: [Patient hopes]}\n"
                    "- {id: b, number: 3, contexts: [Patient trusts], outcomes: [Patient is calm]}\n",
                    encoding="utf-8")
    with pytest.raises(InputError) as error:
        cmo.load(path)
    assert "theory.yaml" in str(error.value)
    assert str(error.value).endswith(
        "theory.yaml: line 3, configuration 'b', field 'number': configuration 'a' has the "
        "number 3 already (give each configuration its own number, or leave numbers out: "
        "they are then given in order)")


def test_numbers_written_in_survive_yaml(tmp_path):
    theory = version(cmoc("a"), cmoc("b", number=9), cmoc("c"))
    fixed = numbered(theory)
    assert [c.number for c in fixed.configurations] == [10, 9, 11]
    back = read_yaml(write_yaml(fixed, tmp_path / "theory.yaml"))
    assert back == fixed and configuration_numbers(back) == {"a": 10, "b": 9, "c": 11}
    assert "  number: 9\n" in (tmp_path / "theory.yaml").read_text(encoding="utf-8")


def test_names_by_number_id_or_none():
    theory = version(cmoc("a"), cmoc("b", number=4))
    assert configuration_names(theory) == {"a": "CMOC 5", "b": "CMOC 4"}
    assert configuration_names(theory, "id") == {"a": "a", "b": "b"}
    assert configuration_names(theory, "none") == {"a": "", "b": ""}


def test_a_report_of_two_versions_numbers_as_its_diff_does(tmp_path):
    from cmo.render import diff_to_dot, to_dot, to_outline
    from cmo.report import write_report
    from cmo.report.content import report_content

    initial = cmo.load("examples/social_prescribing/initial.yaml")
    theory = cmo.load("examples/social_prescribing/theory.yaml")
    rows = report_content(theory, initial).rows
    # trust-through-skills comes from the IPT's support-person (2); the new ones follow 6.
    assert [(row.id, row.number) for row in rows][:4] == [
        ("referral-buy-in", 7), ("trust-through-skills", 2), ("anchor-point", 8),
        ("hope-through-trust", 9)]
    drawn = to_dot(theory, earlier=initial).source
    assert "<b>CMOC 2</b>" in drawn and "<b>CMOC 7</b>" in drawn and "<b>CMOC 12</b>" in drawn
    assert "CMOC 7 referral-buy-in: " in diff_to_dot(initial, theory).source
    assert to_outline(theory, earlier=initial).splitlines()[3].startswith(
        "  CMOC 7 · referral-buy-in: ")
    html = write_report(theory, tmp_path / "report.html", initial=initial).read_text(
        encoding="utf-8")
    assert "<tr><td class='n'>7</td><td><code>referral-buy-in</code></td>" in html
    markdown = write_report(theory, tmp_path / "report.md", initial=initial).read_text(
        encoding="utf-8")
    assert "| 7 | `referral-buy-in` |" in markdown
    assert '|"CMOC 7 · new"|' in markdown


def test_a_card_shows_the_number_written_or_given():
    from cmo.notebook import configuration_html

    assert "<p><b>CMOC 7</b> <code>a</code><br>" in cmoc("a", number=7)._repr_html_()
    assert "<p><code>a</code><br>" in cmoc("a")._repr_html_()
    assert "<p><b>CMOC 3</b> <code>a</code><br>" in configuration_html(cmoc("a"), number=3)


@pytest.mark.parametrize("extension", ["xlsx", "csv"])
def test_numbers_written_in_survive_tables(tmp_path, extension):
    fixed = numbered(version(cmoc("a"), cmoc("b", number=9), cmoc("c")))
    back = cmo.load(cmo.save(fixed, tmp_path / f"theory.{extension}"))
    assert back.collection == fixed
    assert [c.number for c in back.configurations] == [10, 9, 11]


def test_a_number_in_a_table_must_be_whole(tmp_path):
    path = tmp_path / "theory.csv"
    path.write_text("id,number,contexts,outcomes\na,seven,Patient trusts,Patient hopes\n",
                    encoding="utf-8")
    with pytest.raises(InputError) as error:
        cmo.load(path)
    assert str(error.value).endswith("theory.csv: row 2, column 'number' (B): 'seven' is not a "
                                     "whole number (write a number such as 12, or leave the "
                                     "cell empty)")


@pytest.mark.parametrize("extension", ["ttl", "jsonld", "nt", "qdpx", "json"])
def test_numbers_written_in_survive_rdf_qdpx_and_json(tmp_path, extension):
    fixed = numbered(version(cmoc("a"), cmoc("b", number=9), cmoc("c")))
    back = cmo.load(cmo.save(fixed, tmp_path / f"theory.{extension}"))
    assert back.collection == fixed
    assert [c.number for c in back.configurations] == [10, 9, 11]


def test_rdf_says_the_number_with_cmo_number(tmp_path):
    text = cmo.save(version(cmoc("a", number=7)), tmp_path / "theory.nt").read_text(
        encoding="utf-8")
    assert ('<https://w3id.org/cmo#number> "7"^^<http://www.w3.org/2001/XMLSchema#'
            'nonNegativeInteger> .') in text
