"""Appraisals and retroduction logs in REFI-QDA projects: notes a QDA user reads, linked to
sources, selections and configuration codes; appraisal notes read back when the project is
imported without cmo's theory note. Data synthetic, or the worked example's."""

from __future__ import annotations

import warnings
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from lxml import etree

from cmo.models import (
    Appraisal,
    AppraisalScales,
    Collection,
    Configuration,
    Evidence,
    Excerpt,
    Source,
)
from cmo.qda import read_qdpx, write_qdpx
from cmo.qda.exporting import project_xml
from cmo.qda.judgement_notes import appraisal_note, read_appraisal_note
from cmo.qda.project import NAMESPACE, THEORY_NOTE

from ..strategies import appraisal_scales, appraisals

NS = {"q": NAMESPACE}
OWN = AppraisalScales(rigour=("strong", "adequate", "weak"))


def judged() -> Collection:
    paper = Source(id="paper", kind="publication", title="Synthetic paper",
                   text="Synthetic. Link workers listened. Patients hoped.",
                   appraisal={"relevance": "high", "rigour": {
                       "level": "adequate", "justification": "Methods in outline;\nno sample",
                       "judged_by": "AT (synthetic)"}})
    listened = Excerpt(id="q1", source=paper, text="Link workers listened.", start=11, end=33,
                       appraisal={"relevance": {"level": "low", "justification": "Aside"}})
    hoped = Excerpt(id="q2", source=paper, text="Patients hoped.", start=34, end=49)
    hope = Configuration(
        id="hope", contexts=[{"label": "Trust"}], outcomes=[{"label": "Hope"}],
        evidence=[Evidence(excerpt=listened, stance="supports"),
                  Evidence(excerpt=hoped, stance="supports")],
        retroduction={"steps": [{"move": "retroductive", "inference": "Listening must come "
                                 "first", "excerpts": ["q1"], "theories": ["Trust"]}],
                      "alternatives": [{"mechanism": "Hope from the referral",
                                        "set_aside_because": "Synthetic reason"}]})
    return Collection(title="Synthetic", configurations=[hope], appraisal_scales=OWN)


def _root(collection: Collection) -> etree._Element:
    return etree.fromstring(project_xml(collection)[0])


def _note(root: etree._Element, guid: str) -> str:
    return root.find(f"q:Notes/q:Note[@guid='{guid}']/q:PlainTextContent", NS).text


def test_appraisals_and_logs_are_notes_linked_where_a_qda_user_looks():
    root = _root(judged())
    source = root.find("q:Sources/q:TextSource[@name='Synthetic paper']", NS)
    assert _note(root, source.find("q:NoteRef", NS).get("targetGUID")) == (
        "Appraisal (written by cmo)\n"
        "Relevance: high\n"
        "Rigour: adequate\n"
        "  Why: Methods in outline;\n"
        "    no sample\n"
        "  Judged by: AT (synthetic)")
    listened = source.find("q:PlainTextSelection[@name='q1']", NS)
    assert _note(root, listened.find("q:NoteRef", NS).get("targetGUID")) == (
        "Appraisal (written by cmo)\nRelevance: low\n  Why: Aside")
    assert source.find("q:PlainTextSelection[@name='q2']/q:NoteRef", NS) is None
    code = root.find(".//q:Code[@name='hope']", NS)
    assert [_note(root, ref.get("targetGUID")).splitlines()[0]
            for ref in code.findall("q:NoteRef", NS)] == [
        "If Trust, then Hope, because (mechanism not yet known).",
        "Retroduction log of hope (written by cmo)"]
    assert _note(root, code.findall("q:NoteRef", NS)[1].get("targetGUID")) == (
        "Retroduction log of hope (written by cmo)\n"
        "Step 1, retroductive: Listening must come first\n"
        "  Excerpts: q1\n"
        "  Theories: Trust\n"
        "Alternative set aside: Hope from the referral\n"
        "  Because: Synthetic reason")
    assert root.find("q:Notes/q:Note[@name='appraisal scales']/q:PlainTextContent",
                     NS).text == ("Appraisal scales (written by cmo), highest level first\n"
                                  "Relevance: high | moderate | low\n"
                                  "Rigour: strong | adequate | weak\n"
                                  "Richness: high | moderate | low")


def test_a_judged_project_validates_against_the_schema():
    from .test_export import _schema, _valid
    _valid(_schema("Project-mrt2019.xsd"), project_xml(judged())[0])


def test_the_project_reads_back_whole(tmp_path: Path):
    path = write_qdpx(judged(), tmp_path / "judged.qdpx")
    assert read_qdpx(path) == judged()


def _without_theory_note(collection: Collection, path: Path) -> Path:
    """The project as a QDA program might give it back: the theory note deleted."""
    written = write_qdpx(collection, path)
    with zipfile.ZipFile(written) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    root = etree.fromstring(entries["project.qde"])
    note = root.find(f"q:Notes/q:Note[@name={THEORY_NOTE!r}]", NS)
    note.getparent().remove(note)
    entries["project.qde"] = etree.tostring(root, xml_declaration=True, encoding="utf-8")
    with zipfile.ZipFile(written, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return written


def test_without_the_theory_note_appraisals_are_read_from_their_notes(tmp_path: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        imported = read_qdpx(_without_theory_note(judged(), tmp_path / "coding.qdpx"))
    [source] = imported.sources
    assert (source.appraisal, source.notes) == (judged().sources[0].appraisal, None)
    assert {e.text: e.appraisal for e in imported.excerpts} == {
        "Link workers listened.": Appraisal(relevance={"level": "low",
                                                       "justification": "Aside"}),
        "Patients hoped.": None}
    assert imported.appraisal_scales == OWN


def test_levels_off_the_scales_are_added_below_them_with_a_warning(tmp_path: Path):
    path = _without_theory_note(judged(), tmp_path / "coding.qdpx")
    with zipfile.ZipFile(path) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    root = etree.fromstring(entries["project.qde"])  # the scales note deleted too
    note = root.find("q:Notes/q:Note[@name='appraisal scales']", NS)
    note.getparent().remove(note)
    entries["project.qde"] = etree.tostring(root, xml_declaration=True, encoding="utf-8")
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    with pytest.warns(Warning) as caught:
        imported = read_qdpx(path)
    assert imported.appraisal_scales.rigour == ("high", "moderate", "low", "adequate")
    assert f"{path}: appraisal levels not on the project's scales were added below " \
        "them: rigour 'adequate'" in [str(w.message) for w in caught]


def test_other_notes_stay_notes():
    assert read_appraisal_note("Appraisal of the pilot (our memo)\nRigour: high") is None
    assert read_appraisal_note("Appraisal (written by cmo)\nnothing judged") is None


@given(appraisal_scales.flatmap(appraisals))
def test_any_appraisal_reads_back_from_its_note(appraisal: Appraisal | None):
    if appraisal is not None:
        assert read_appraisal_note(appraisal_note(appraisal)) == appraisal


def test_edits_made_in_a_qda_program_keep_the_scales_appraisals_and_logs(tmp_path: Path):
    path = write_qdpx(judged(), tmp_path / "judged.qdpx")
    with zipfile.ZipFile(path) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    root = etree.fromstring(entries["project.qde"])
    # In the QDA program, the team codes "Synthetic." with the configuration's code: a new
    # selection (before the source's note link, where the schema wants selections).
    source = root.find("q:Sources/q:TextSource", NS)
    selection = etree.SubElement(source, f"{{{NAMESPACE}}}PlainTextSelection", guid=
                                 "0A000000-0000-4000-8000-000000000001", startPosition="0",
                                 endPosition="10")
    coding = etree.SubElement(selection, f"{{{NAMESPACE}}}Coding",
                              guid="0A000000-0000-4000-8000-000000000002")
    code = root.find(".//q:Code[@name='hope']", NS).get("guid")
    etree.SubElement(coding, f"{{{NAMESPACE}}}CodeRef", targetGUID=code)
    source.remove(selection)
    source.insert(list(source).index(source.find("q:NoteRef", NS)), selection)
    entries["project.qde"] = etree.tostring(root, xml_declaration=True, encoding="utf-8")
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        again = read_qdpx(path)
    assert [e.excerpt.text for e in again.configuration("hope").evidence] == [
        "Link workers listened.", "Patients hoped.", "Synthetic."]
    assert again.appraisal_scales == OWN
    assert again.sources[0].appraisal == judged().sources[0].appraisal
    assert again.configuration("hope").retroduction == judged().configuration(
        "hope").retroduction
