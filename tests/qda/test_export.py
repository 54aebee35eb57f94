"""Writing REFI-QDA: projects and codebooks that validate, and read back to the same theory."""

from __future__ import annotations

import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

import cmo.io
from cmo.models import Collection, Excerpt
from cmo.qda import read_qdpx, write_qdc, write_qdpx
from cmo.qda.exporting import project_xml
from cmo.qda.project import NAMESPACE, THEORY_NOTE, stable_guid
from cmo.sharing.privacy import withhold_quotes
from cmo.synthetic import synthetic_collection

from ..conftest import EXAMPLE, SHARED
from ..strategies import collections
from ..test_bad_input import run_cmo

SCHEMAS = SHARED / "refi-qda"


def _schema(name: str) -> etree.XMLSchema:
    path = SCHEMAS / name
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared folder is not beside this checkout")
    return etree.XMLSchema(etree.parse(str(path)))


def _valid(schema: etree.XMLSchema, data: bytes) -> None:
    document = etree.fromstring(data)
    assert schema.validate(document), schema.error_log


def test_the_worked_example_validates_against_the_project_schema(example_theory):
    data, files = project_xml(example_theory)
    _valid(_schema("Project-mrt2019.xsd"), data)
    assert len(files) == 3  # one text per source, and the theory note's


def test_the_project_shows_configurations_elements_and_statements(example_theory, tmp_path):
    path = write_qdpx(example_theory, tmp_path / "theory.qdpx")
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("project.qde"))
    ns = {"q": NAMESPACE}
    hope = root.find(".//q:Code[@name='hope-through-trust: Trust gives a sense of hope']", ns)
    assert hope is not None and hope.get("isCodable") == "true"
    description = hope.find("q:Description", ns).text
    assert description.startswith("If Patient trusts the link worker, then Patient has a "
                                  "sense of hope, because")
    assert [c.get("name") for c in hope.findall("q:Code", ns)] == [
        "C: Patient trusts the link worker", "O: Patient has a sense of hope",
        "Mres: A trusting relationship with the link worker",
        "Mr: Patient experiences a sense of hope"]
    note = root.find(".//q:Note[@name='hope-through-trust: if-then-because']", ns)
    assert note.find("q:PlainTextContent", ns).text == description
    themes = [c.get("name") for c in root.findall("q:CodeBook/q:Codes/q:Code/q:Code", ns)]
    assert "Theme: Trust and hope" in themes


def test_selections_sit_at_the_excerpts_in_their_sources(example_theory, tmp_path):
    path = write_qdpx(example_theory, tmp_path / "theory.qdpx")
    ns = {"q": NAMESPACE}
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("project.qde"))
        for source in root.iterfind(".//q:TextSource", ns):
            text = archive.read(f"sources/{source.get('guid')}.txt").decode("utf-8")
            for selection in source.iterfind("q:PlainTextSelection", ns):
                excerpt = example_theory.collection.excerpts[[
                    e.id for e in example_theory.collection.excerpts].index(selection.get("name"))]
                start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
                assert text[start:end] == excerpt.text


def test_the_codebook_validates_against_the_codebook_schema(example_theory, tmp_path):
    path = write_qdc(example_theory, tmp_path / "codebook.qdc")
    _valid(_schema("Codebook.xsd"), path.read_bytes())


def test_the_worked_example_reads_back_the_same(example_theory, tmp_path):
    path = write_qdpx(example_theory, tmp_path / "theory.qdpx")
    assert read_qdpx(path) == example_theory.collection


_awkward = st.sampled_from(["Synthetic.\r\nLine two", "émigré 😟 naïve", "tab\tand\r\nCRLF",
                            "plain words", "🙂", "Zoë said: \"yes\""])


@st.composite
def _with_texts(draw: st.DrawFn) -> Collection:
    """Generated theories whose sources keep whole texts holding their excerpts (or not)."""
    collection = draw(collections(max_configurations=3))
    texts = {}
    for source in collection.sources:
        if draw(st.booleans()):
            mine = [e for e in collection.excerpts if e.source.id == source.id]
            parts = [draw(_awkward) for _ in range(2)]
            texts[source.id] = "\r\n".join(parts[:1] + [e.text for e in mine] + parts[1:])
    sources = {s.id: s.model_copy(update={"text": texts.get(s.id)}) for s in collection.sources}
    from cmo.sharing.privacy import restore_text

    moved = collection.model_copy(update={"sources": tuple(sources.values())})
    excerpts: dict[str, Excerpt] = {}
    for excerpt in moved.excerpts:
        text = sources[excerpt.source.id].text
        if text is not None and draw(st.booleans()):  # a span that is right
            start = text.index(excerpt.text)
            excerpts[excerpt.id] = excerpt.model_copy(update={
                "start": start, "end": start + len(excerpt.text)})
    updated = moved.model_copy(update={"excerpts": tuple(excerpts.get(e.id, e)
                                                         for e in moved.excerpts)})
    return restore_text(updated, excerpts={}, sources=texts)


@settings(max_examples=40)
@given(collection=_with_texts())
def test_generated_theories_survive_qdpx_and_validate(collection: Collection, tmp_path_factory):
    path = write_qdpx(collection, tmp_path_factory.mktemp("qdpx") / "theory.qdpx")
    assert read_qdpx(path) == collection
    with zipfile.ZipFile(path) as archive:
        _valid(_schema("Project-mrt2019.xsd"), archive.read("project.qde"))


def test_withheld_quotes_leave_no_text_in_the_project(example_theory, tmp_path):
    path = write_qdpx(example_theory, tmp_path / "shared.qdpx", quotes=False)
    with zipfile.ZipFile(path) as archive:
        everything = b"".join(archive.read(name) for name in archive.namelist()).decode("utf-8")
    for excerpt in example_theory.collection.excerpts:
        assert excerpt.text not in everything


def test_the_cli_exports_a_project_and_a_codebook(tmp_path):
    for name in ("theory.qdpx", "codebook.qdc"):
        result = run_cmo("export", EXAMPLE, "-o", tmp_path / name)
        assert result.returncode == 0, result.stderr
        assert (tmp_path / name).stat().st_size > 1000
    result = run_cmo("import", tmp_path / "theory.qdpx", "-o", tmp_path / "again.yaml")
    assert result.returncode == 0, result.stderr
    assert cmo.io.read(tmp_path / "again.yaml") == cmo.io.read(EXAMPLE)


def test_a_large_theory_reads_back_the_same(tmp_path):
    """2,000 configurations: the theory note was one XML text node of 20 MB, over libxml2's
    limit; now it is a compact file in the archive, and reads back at any size."""
    theory = synthetic_collection(2000, evidence_per_configuration=20, seed=1)
    path = write_qdpx(theory, tmp_path / "large.qdpx")
    with zipfile.ZipFile(path) as archive:
        note = archive.read(f"sources/{stable_guid('note', 'theory')}.txt")
    assert len(note) < 4 * 2**20
    assert read_qdpx(path) == theory


def test_a_project_written_before_the_compact_note_still_reads(example_theory, tmp_path):
    """Older exports carry the models' own JSON inline in the note; they still read back."""
    path = write_qdpx(example_theory, tmp_path / "theory.qdpx")
    note_file = f"sources/{stable_guid('note', 'theory')}.txt"
    with zipfile.ZipFile(path) as archive:
        files = {name: archive.read(name) for name in archive.namelist() if name != note_file}
    root = etree.fromstring(files["project.qde"])
    note = root.find(f".//{{{NAMESPACE}}}Note[@name={THEORY_NOTE!r}]")
    del note.attrib["plainTextPath"]
    inline = withhold_quotes(example_theory.collection).model_dump_json()
    etree.SubElement(note, f"{{{NAMESPACE}}}PlainTextContent").text = inline
    files["project.qde"] = etree.tostring(root, xml_declaration=True, encoding="utf-8")
    old = tmp_path / "old.qdpx"
    with zipfile.ZipFile(old, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    assert read_qdpx(old) == example_theory.collection
