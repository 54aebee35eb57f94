"""Codebooks are part of the theory: kept on import, written on export, edited in a QDA program.

Every code name, description and text here is synthetic (made for the tests).
"""

from __future__ import annotations

import re
import warnings
import zipfile
from pathlib import Path

import pytest
import yaml
from lxml import etree

import cmo.io
from cmo.exceptions import CmoWarning, InputError
from cmo.models import (
    Code,
    Codebook,
    CodeSet,
    Collection,
    Configuration,
    Evidence,
    Excerpt,
    Source,
)
from cmo.qda import read_qdc, read_qdpx, write_qdc, write_qdpx
from cmo.qda.archive import Archive
from cmo.qda.fingerprint import untouched
from cmo.qda.project import THEORY_NOTE, read_project, stable_guid
from cmo.rdf.shapes import check_graph
from cmo.rdf.vocabulary import SCHEMA, SKOS
from cmo.rdf.writer import to_graph

from ..conftest import SHARED
from ..test_bad_input import run_cmo

SCHEMAS = SHARED / "refi-qda"
NS = "urn:QDA-XML:project:1.0"

# A MAXQDA-style project holding a codebook and nothing coded (synthetic).
CODEBOOK_ONLY = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="{NS}" name="Codebook only (synthetic)" origin="MAXQDA 24">
 <CodeBook><Codes>
  <Code guid="00000000-0000-4000-8000-000000000001" name="Contexts" isCodable="false"
        color="#1F77B4">
   <Description>Synthetic: circumstances of the patient.</Description>
   <Code guid="00000000-0000-4000-8000-000000000002" name="Unsure of the role"
         isCodable="true" color="#f0a"/>
   <Code guid="00000000-0000-4000-8000-000000000003" name="Other demands" isCodable="true">
    <Description>Synthetic: caring duties, housing, work.</Description>
   </Code>
  </Code>
  <Code guid="00000000-0000-4000-8000-000000000004" name="Hope" isCodable="true">
   <Description>Synthetic: looking forward to something.</Description>
  </Code>
  <Code guid="00000000-0000-4000-8000-000000000005" name="Trust &amp; rapport"
        isCodable="true" color="#00FF00"/>
 </Codes></CodeBook>
 <Sets>
  <Set guid="00000000-0000-4000-8000-000000000010" name="Buy-in">
   <Description>Synthetic: what brings a patient in.</Description>
   <MemberCode targetGUID="00000000-0000-4000-8000-000000000002"/>
   <MemberCode targetGUID="00000000-0000-4000-8000-000000000004"/>
  </Set>
 </Sets>
</Project>"""

EXPECTED = Codebook(codes=(
    Code(name="Contexts", description="Synthetic: circumstances of the patient.",
         colour="#1F77B4"),
    Code(name="Unsure of the role", parent="Contexts", colour="#FF00AA"),
    Code(name="Other demands", parent="Contexts",
         description="Synthetic: caring duties, housing, work."),
    Code(name="Hope", description="Synthetic: looking forward to something."),
    Code(name="Trust & rapport", colour="#00FF00"),
), sets=(CodeSet(name="Buy-in", description="Synthetic: what brings a patient in.",
                 codes=("Contexts / Unsure of the role", "Hope")),))


def _read(path: Path) -> tuple[Collection, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", CmoWarning)
        collection = cmo.io.read(path)
    return collection, [str(w.message) for w in caught if issubclass(w.category, CmoWarning)]


def _qdpx(path: Path, xml: str, files: dict[str, str] | None = None) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", xml)
        for name, text in (files or {}).items():
            archive.writestr(name, text)
    return path


def _schema(name: str) -> etree.XMLSchema:
    path = SCHEMAS / name
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared folder is not beside this checkout")
    return etree.XMLSchema(etree.parse(str(path)))


def test_a_codebook_only_project_keeps_every_code_description_colour_and_set(tmp_path):
    collection, report = _read(_qdpx(tmp_path / "codebook-only.qdpx", CODEBOOK_ONLY))
    assert collection.codebook == EXPECTED
    assert [code.label for code in collection.codebook.in_tree_order()] == [
        "Contexts", "Contexts / Unsure of the role", "Contexts / Other demands", "Hope",
        "Trust & rapport"]
    assert (collection.sources, collection.excerpts, collection.configurations) == ((), (), ())
    assert report == [f"{tmp_path / 'codebook-only.qdpx'}: 3 codes code no selection and have "
                      "no part of a configuration; they are kept in the codebook: 'Contexts', "
                      "'Hope', 'Trust & rapport'"]


def test_a_codebook_only_project_round_trips_through_qdpx_and_qdc(tmp_path):
    collection, _ = _read(_qdpx(tmp_path / "codebook-only.qdpx", CODEBOOK_ONLY))
    again = read_qdpx(write_qdpx(collection, tmp_path / "again.qdpx"))
    assert again == collection and again.codebook == EXPECTED
    codebook = write_qdc(collection, tmp_path / "codebook.qdc")
    assert read_qdc(codebook).codebook == EXPECTED
    # Read as a foreign project too (without cmo's note): the same codes come back.
    with zipfile.ZipFile(tmp_path / "again.qdpx") as archive:
        xml = archive.read("project.qde").decode()
    plain = re.sub(r'<Note guid="[^"]+" name="cmo theory[^>]*/>', "", xml)
    foreign, _ = _read(_qdpx(tmp_path / "foreign.qdpx", plain))
    assert foreign.codebook == EXPECTED


def test_the_exported_codebook_validates_against_both_schemas(tmp_path):
    collection, _ = _read(_qdpx(tmp_path / "codebook-only.qdpx", CODEBOOK_ONLY))
    with zipfile.ZipFile(write_qdpx(collection, tmp_path / "again.qdpx")) as archive:
        project = etree.fromstring(archive.read("project.qde"))
    schema = _schema("Project-mrt2019.xsd")
    assert schema.validate(project), schema.error_log
    codebook = etree.parse(str(write_qdc(collection, tmp_path / "codebook.qdc")))
    schema = _schema("Codebook.xsd")
    assert schema.validate(codebook), schema.error_log
    colours = {code.get("name"): code.get("color") for code in codebook.iter(
        "{urn:QDA-XML:codebook:1.0}Code")}
    assert colours == {"Contexts": "#1F77B4", "Unsure of the role": "#FF00AA",
                       "Other demands": None, "Hope": None, "Trust & rapport": "#00FF00"}


def test_the_codebook_is_merged_with_the_codes_made_for_configurations(tmp_path):
    source = Source(id="p01", kind="interview", text="Synthetic: I trust her. I feel hope.")
    quote = Excerpt(id="x1", source=source, text="I feel hope", start=24, end=35,
                    codes=("Hope", "Memorable"))
    theory = Collection(codebook=EXPECTED, configurations=[Configuration(
        id="hope", contexts=[{"label": "Trust"}], outcomes=[{"label": "Hope"}],
        evidence=[Evidence(excerpt=quote, stance="supports")])])
    with zipfile.ZipFile(write_qdpx(theory, tmp_path / "theory.qdpx")) as archive:
        root = etree.fromstring(archive.read("project.qde"))
    top = [code.get("name") for code in root.iterfind(f"{{{NS}}}CodeBook/{{{NS}}}Codes/"
                                                       f"{{{NS}}}Code")]
    assert top == ["Configurations", "Contexts", "Hope", "Trust & rapport",
                   "Codes from the data"]
    selection = root.find(f".//{{{NS}}}PlainTextSelection")
    assert [ref.get("targetGUID") for ref in selection.iter(f"{{{NS}}}CodeRef")] == [
        stable_guid("configuration", "hope"), stable_guid("code", "Hope"),
        stable_guid("code", "Memorable")]
    assert read_qdpx(tmp_path / "theory.qdpx") == theory


def test_excerpt_codes_are_found_in_the_codebook(tmp_path):
    xml = CODEBOOK_ONLY.replace("<Sets>", """<Sources>
  <TextSource guid="00000000-0000-4000-8000-000000000020" name="P01"
              plainTextPath="internal://p01.txt">
   <PlainTextSelection guid="00000000-0000-4000-8000-000000000021" startPosition="0"
                       endPosition="9">
    <Coding guid="00000000-0000-4000-8000-000000000022">
     <CodeRef targetGUID="00000000-0000-4000-8000-000000000003"/></Coding>
   </PlainTextSelection></TextSource></Sources><Sets>""")
    collection, _ = _read(_qdpx(tmp_path / "coded.qdpx", xml,
                                {"sources/p01.txt": "Synthetic text of an interview."}))
    (excerpt,) = collection.excerpts
    assert excerpt.codes == ("Contexts / Other demands",)
    assert collection.codebook.code(excerpt.codes[0]).description == \
        "Synthetic: caring duties, housing, work."
    assert collection.codebook == EXPECTED


def test_the_atlas_ti_sample_keeps_its_unapplied_codes():
    path = SHARED / "refi-qda" / "samples" / "atlasti23_target-atlas-project.qdpx"
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared folder is not beside this checkout")
    collection, _ = _read(path)
    assert [code.label for code in collection.codebook.codes] == [
        "Commits", "Commits / 2022-05-10T02:05:59Z 19e4dce",
        "Commits / 2022-02-11T10:39:25Z cdbfd92"]


def test_cmo_import_reads_a_codebook_into_yaml(tmp_path):
    collection, _ = _read(_qdpx(tmp_path / "codebook-only.qdpx", CODEBOOK_ONLY))
    write_qdc(collection, tmp_path / "codebook.qdc")
    result = run_cmo("import", tmp_path / "codebook.qdc", "-o", tmp_path / "x.yaml")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == (f"{tmp_path / 'codebook.qdc'}: 0 configurations, "
                                             "0 excerpts, 0 sources, 5 codes in the codebook")
    data = yaml.safe_load((tmp_path / "x.yaml").read_text("utf-8"))
    assert [code["name"] for code in data["codebook"]["codes"]] == [
        "Contexts", "Unsure of the role", "Other demands", "Hope", "Trust & rapport"]
    assert cmo.io.read(tmp_path / "x.yaml").codebook == EXPECTED


def test_taguettes_empty_sets_and_a_misspelt_namespace_are_read(tmp_path):
    qdc = tmp_path / "taguette.qdc"
    qdc.write_text('<?xml version="1.0" encoding="utf-8"?>\n'
                   '<CodeBook xmlns="urn:QDA-XML:codebook:1:0" origin="Taguette 1.4.1"><Codes>'
                   '<Code guid="00000000-0000-4000-8000-000000000001" name="hope" '
                   'isCodable="true"><Description>Synthetic.</Description></Code>'
                   '</Codes><Sets/></CodeBook>', encoding="utf-8")
    collection, report = _read(qdc)
    assert collection.codebook == Codebook(codes=[Code(name="hope", description="Synthetic.")])
    assert report == [f"{qdc}: its namespace is spelt 'urn:QDA-XML:codebook:1:0'; read as the "
                      "standard's 'urn:QDA-XML:codebook:1.0'"]


def test_a_file_that_is_not_a_codebook_is_refused(tmp_path):
    qdc = tmp_path / "project.qdc"
    qdc.write_text(CODEBOOK_ONLY, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        read_qdc(qdc)
    assert str(raised.value) == (
        f"{qdc}: is not a REFI-QDA codebook (its root is '{{urn:QDA-XML:project:1.0}}Project'"
        "; expected CodeBook in 'urn:QDA-XML:codebook:1.0') (export the codebook again from "
        "the QDA program as .qdc)")


def test_what_cannot_be_kept_is_reported(tmp_path):
    xml = CODEBOOK_ONLY.replace('color="#00FF00"', 'color="green"').replace(
        '<MemberCode targetGUID="00000000-0000-4000-8000-000000000004"/>',
        '<MemberCode targetGUID="00000000-0000-4000-8000-0000000000FF"/>')
    collection, report = _read(_qdpx(tmp_path / "odd.qdpx", xml))
    assert collection.codebook.code("Trust & rapport").colour is None
    assert collection.codebook.sets[0].codes == ("Contexts / Unsure of the role",)
    assert f"{tmp_path / 'odd.qdpx'}: 1 code colours are not #RRGGBB and were left out: " \
        "'green'" in report
    assert f"{tmp_path / 'odd.qdpx'}: 1 members of code sets are not codes of the codebook " \
        "and were left out" in report


def test_the_codebook_is_skos_in_rdf(tmp_path):
    graph = to_graph(Collection(codebook=EXPECTED))
    assert len(set(graph.subjects(None, SKOS.Concept))) == 5
    assert len(list(graph.triples((None, SKOS.broader, None)))) == 2
    assert len(list(graph.triples((None, SKOS.member, None)))) == 2
    assert check_graph(graph) == []
    for extension in ("ttl", "jsonld", "nt"):
        again = cmo.io.read(cmo.io.save(Collection(codebook=EXPECTED),
                                        tmp_path / f"codebook.{extension}"))
        assert again.codebook == EXPECTED, extension
    code = next(graph.subjects(SCHEMA.color, None))
    graph.set((code, SCHEMA.color, type(next(graph.objects(code, SCHEMA.color)))("green")))
    assert [str(v) for v in check_graph(graph)] == [
        "code 'Contexts': needs at most one schema:color, written #RRGGBB"]


# -- a project cmo wrote, edited in a QDA program, imported again ---------------------------

TEXT = "Synthetic: I trust her. I feel hope. My housing is a worry."


def _exported(tmp_path: Path) -> tuple[Collection, Path]:
    source = Source(id="p01", kind="interview", text=TEXT)
    hope = Excerpt(id="x1", source=source, text="I feel hope", start=24, end=35,
                   codes=("Hope",))
    theory = Collection(codebook=EXPECTED, configurations=[Configuration(
        id="hope", label="Trust gives hope", contexts=[{"label": "Trust"}],
        outcomes=[{"label": "Hope"}], evidence=[Evidence(excerpt=hope, stance="refines")])])
    return theory, write_qdpx(theory, tmp_path / "theory.qdpx")


def _edited(path: Path, edit) -> Path:
    with zipfile.ZipFile(path) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    files["project.qde"] = edit(files["project.qde"].decode("utf-8")).encode("utf-8")
    edited = path.with_name("edited.qdpx")
    with zipfile.ZipFile(edited, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return edited


def _selection(guid: str, start: int, end: int, *codes: str) -> str:
    codings = "".join(f'<Coding guid="{stable_guid("test coding", guid, code)}">'
                      f'<CodeRef targetGUID="{code}"/></Coding>' for code in codes)
    return (f'<PlainTextSelection guid="{guid}" startPosition="{start}" '
            f'endPosition="{end}">{codings}</PlainTextSelection>')


def test_an_unedited_export_reads_back_without_a_report(tmp_path):
    theory, path = _exported(tmp_path)
    again, report = _read(path)
    assert again == theory and report == []


def test_edits_made_in_a_qda_program_are_kept_and_reported(tmp_path):
    _, path = _exported(tmp_path)
    new_guid = "0A000000-0000-4000-8000-000000000001"
    worry = TEXT.index("My housing is a worry")
    new_code = "0A000000-0000-4000-8000-000000000002"

    def edit(xml: str) -> str:
        # The team renames "Hope", adds a code under Contexts, codes a new passage with
        # it and with the configuration's code, and renames the configuration's code.
        xml = xml.replace(f'guid="{stable_guid("code", "Hope")}" name="Hope"',
                          f'guid="{stable_guid("code", "Hope")}" name="Hopeful"')
        other = f'guid="{stable_guid("code", "Contexts / Other demands")}"'
        xml = xml.replace(f"<Code {other}", f'<Code guid="{new_code}" name="Housing" '
                          f'isCodable="true"/><Code {other}')
        xml = xml.replace('name="hope: Trust gives hope"', 'name="hope: Trust, then hope"')
        return xml.replace("</TextSource>", _selection(
            new_guid, worry, worry + 21, new_code, stable_guid("configuration", "hope"))
            + "</TextSource>")

    again, report = _read(_edited(path, edit))
    assert [code.label for code in again.codebook.codes] == [
        "Contexts", "Contexts / Unsure of the role", "Contexts / Other demands", "Hopeful",
        "Trust & rapport", "Contexts / Housing"]
    assert again.codebook.sets == (CodeSet(name="Buy-in", description=EXPECTED.sets[0]
                                           .description, codes=("Contexts / Unsure of the role",
                                                                "Hopeful")),)
    excerpts = {excerpt.id: excerpt for excerpt in again.excerpts}
    assert sorted(excerpts) == ["p01-37", "x1"]
    new = excerpts["p01-37"]
    assert (new.text, new.start, new.end, new.codes) == (
        "My housing is a worry", worry, worry + 21, ("Contexts / Housing",))
    assert excerpts["x1"].codes == ("Hopeful",)
    (configuration,) = again.configurations
    assert configuration.label == "Trust gives hope"  # the note's: renamed in cmo only
    assert [(e.excerpt.id, e.stance) for e in configuration.evidence] == [
        ("x1", "refines"), ("p01-37", "supports")]
    name = tmp_path / "edited.qdpx"
    assert report == [
        f"{name}: from the theory note: 1 configuration with their elements, statuses and "
        "evidence stances, 1 excerpt, 5 codes in the codebook",
        f"{name}: from the QDA program: 1 new coded selection; 1 code renamed ('Hope' -> "
        "'Hopeful'); 1 new code in the codebook ('Contexts / Housing'); 1 excerpt newly coded "
        "with a configuration's code, now its evidence (stance supports)",
        f"{name}: not applied (1): configuration code 'hope: Trust gives hope' renamed "
        "'hope: Trust, then hope' (configurations are edited in cmo; sources are added by "
        "importing them)"]


def test_a_renamed_parent_renames_the_codes_below_it(tmp_path):
    _, path = _exported(tmp_path)
    contexts = stable_guid("code", "Contexts")
    again, report = _read(_edited(path, lambda xml: xml.replace(
        f'guid="{contexts}" name="Contexts"', f'guid="{contexts}" name="Circumstances"')))
    assert [code.label for code in again.codebook.codes] == [
        "Circumstances", "Circumstances / Unsure of the role", "Circumstances / Other demands",
        "Hope", "Trust & rapport"]
    assert again.codebook.sets[0].codes == ("Circumstances / Unsure of the role", "Hope")
    assert len(report) == 2 and "1 code renamed ('Contexts' -> 'Circumstances')" in report[1]


def test_an_export_is_fingerprinted_and_read_back_without_looking_for_edits(tmp_path):
    theory, path = _exported(tmp_path)
    archive = Archive(path, name=path)
    xml = archive.project_bytes()
    project = read_project(xml, name="theory.qdpx", source_text=archive.source_bytes)
    assert archive.comment.startswith(b"cmo fingerprint of the project XML and theory note: ")
    assert untouched(archive.comment, xml, project.named_notes[THEORY_NOTE])
    assert not untouched(archive.comment, xml.replace(b"Contexts", b"Context "),
                         project.named_notes[THEORY_NOTE])
    assert not untouched(archive.comment, xml, project.named_notes[THEORY_NOTE] + " ")
    assert _read(path) == (theory, [])


def test_an_edit_under_a_kept_fingerprint_is_still_applied(tmp_path):
    _, path = _exported(tmp_path)
    with zipfile.ZipFile(path) as archive:
        comment = archive.comment
    contexts = stable_guid("code", "Contexts")
    edited = _edited(path, lambda xml: xml.replace(
        f'guid="{contexts}" name="Contexts"', f'guid="{contexts}" name="Circumstances"'))
    with zipfile.ZipFile(edited, "a") as archive:
        archive.comment = comment  # the XML changed, the fingerprint kept
    again, report = _read(edited)
    assert again.codebook.codes[0].label == "Circumstances"
    assert len(report) == 2 and "1 code renamed ('Contexts' -> 'Circumstances')" in report[1]


def test_a_passage_coded_twice_is_one_new_excerpt_and_codes_change_on_old_ones(tmp_path):
    _, path = _exported(tmp_path)
    trust = TEXT.index("I trust her")
    hope, other = stable_guid("code", "Hope"), stable_guid("code", "Contexts / Other demands")

    def edit(xml: str) -> str:
        # As NVivo writes it: one selection per code applied to the new passage; and the
        # passage cmo wrote is now coded "Other demands" instead of "Hope".
        xml = xml.replace(f'<CodeRef targetGUID="{hope}"/>', f'<CodeRef targetGUID="{other}"/>')
        return xml.replace("</TextSource>", _selection(
            "0B000000-0000-4000-8000-000000000001", trust, trust + 11, hope) + _selection(
            "0B000000-0000-4000-8000-000000000002", trust, trust + 11, other)
            + "</TextSource>")

    again, report = _read(_edited(path, edit))
    excerpts = {excerpt.id: excerpt for excerpt in again.excerpts}
    assert sorted(excerpts) == ["p01-11", "x1"]
    new = excerpts["p01-11"]
    assert (new.text, new.codes) == ("I trust her", ("Hope", "Contexts / Other demands"))
    assert excerpts["x1"].codes == ("Contexts / Other demands",)
    assert report[1] == (f"{tmp_path / 'edited.qdpx'}: from the QDA program: 1 new coded "
                         "selection; 1 code applied to excerpts cmo wrote; 1 code taken off "
                         "excerpts cmo wrote")


def test_a_redacted_codebook_names_participants_as_the_excerpts_do():
    from cmo.sharing.redaction import Redaction

    source = Source(id="s1", kind="interview", participant="P07")
    quote = Excerpt(id="e1", source=source, text="Synthetic.", codes=("Stories / P07 story",))
    theory = Collection(excerpts=[quote], codebook=Codebook(
        codes=[Code(name="Stories"), Code(name="P07 story", parent="Stories",
                                          description="What P07 told (synthetic).")],
        sets=[CodeSet(name="Told by P07", codes=["Stories / P07 story"])]))
    shared = Redaction(key=b"k" * 32).redact(theory)
    (code,) = shared.excerpts[0].codes
    assert "P07" not in repr(shared.codebook)
    assert shared.codebook.code(code).description.startswith("What P-")
    assert shared.codebook.sets[0].codes == (code,)


def test_new_selections_counted_in_utf16_units_are_read_as_such(tmp_path):
    text = "Synthetic 🙂🙂: I trust her 🙂. I feel hope. My housing is a worry."
    source = Source(id="p01", kind="interview", text=text)
    start = text.index("I feel hope")
    hope = Excerpt(id="x1", source=source, text="I feel hope", start=start, end=start + 11,
                   codes=("Hope",))
    path = write_qdpx(Collection(excerpts=[hope], codebook=EXPECTED), tmp_path / "t.qdpx")

    def units(position: int) -> int:
        return len(text[:position].encode("utf-16-le")) // 2

    worry = text.index("My housing is a worry")

    def edit(xml: str) -> str:  # as NVivo writes every selection: in UTF-16 units
        xml = xml.replace(f'startPosition="{start}" endPosition="{start + 11}"',
                          f'startPosition="{units(start)}" endPosition="{units(start + 11)}"')
        return xml.replace("</TextSource>", _selection(
            "0C000000-0000-4000-8000-000000000001", units(worry), units(worry + 21),
            stable_guid("code", "Hope")) + "</TextSource>")

    again, _ = _read(_edited(path, edit))
    new = next(e for e in again.excerpts if e.id != "x1")
    assert (new.text, new.start, new.end) == ("My housing is a worry", worry, worry + 21)
    assert next(e for e in again.excerpts if e.id == "x1") == hope


def test_a_code_deleted_in_the_program_is_kept_and_reported(tmp_path):
    theory, path = _exported(tmp_path)
    trust = stable_guid("code", "Trust & rapport")
    again, report = _read(_edited(path, lambda xml: re.sub(
        f'<Code guid="{trust}"[^>]*></Code>', "", xml)))
    assert again == theory
    assert report[-1] == (f"{tmp_path / 'edited.qdpx'}: not applied (1): 1 code of the "
                          "codebook deleted (kept from the theory note) (configurations are "
                          "edited in cmo; sources are added by importing them)")


def test_selections_that_lost_their_names_are_found_by_their_guids(tmp_path):
    theory, path = _exported(tmp_path)
    again, report = _read(_edited(path, lambda xml: re.sub(
        r'(<PlainTextSelection [^>]*?) name="[^"]*"', r"\1", xml)))
    assert again == theory and report == []
