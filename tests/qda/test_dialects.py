"""What each QDA program writes into a REFI-QDA project, and what `cmo` makes of it.

Every project here is built in code; every text is synthetic (made for the tests).
"""

from __future__ import annotations

import warnings
import zipfile
from pathlib import Path

import pytest

import cmo
from cmo.exceptions import CmoWarning, InputError
from cmo.qda import read_qde, read_qdpx
from cmo.qda.excerpts import MISSING_TEXT

from ..conftest import SHARED
from .projects import CodeSpec, ProjectSpec, SelectionSpec, SourceSpec, guid, span

SAMPLES = SHARED / "refi-qda" / "samples"
TEXT = "Synthetic interview. She listened to me. Now I feel hope."


def _read(path: Path) -> tuple[cmo.Collection, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", CmoWarning)
        collection = read_qdpx(path) if path.suffix == ".qdpx" else read_qde(path)
    return collection, [str(w.message) for w in caught if issubclass(w.category, CmoWarning)]


def _project(*sources: SourceSpec, **options) -> ProjectSpec:
    return ProjectSpec(codes=[CodeSpec("Mres: Listens"), CodeSpec("O: Hope")],
                       sources=list(sources), **options)


def _coded(text: str = TEXT) -> list[SelectionSpec]:
    return [SelectionSpec(*span(text, "She listened to me"), ["Mres: Listens"]),
            SelectionSpec(*span(text, "Now I feel hope"), ["O: Hope"])]


def test_nvivo_mac_15_empty_source_text_is_kept_and_reported(tmp_path):
    # NVivo for Mac 15 writes "\n" as the text and keeps the .docx beside it.
    spec = _project(SourceSpec("P01", "\n", [SelectionSpec(0, 0, ["O: Hope"]),
                                              SelectionSpec(3, 9, ["Mres: Listens"])]),
                    SourceSpec("P02", TEXT, _coded()))
    collection, report = _read(spec.write(tmp_path / "mac.qdpx"))
    assert [(s.id, s.text) for s in collection.sources] == [("p01", None), ("p02", TEXT)]
    assert len(collection.excerpts) == 4
    assert sorted(e.text for e in collection.excerpts) == [
        "Now I feel hope", "She listened to me", MISSING_TEXT, MISSING_TEXT]
    assert any("1 sources have no text ('P01')" in line for line in report)
    assert any("1 selections mark no text" in line for line in report)


def test_a_source_with_no_name_takes_its_file_name(tmp_path):
    spec = _project(SourceSpec("P03 first interview", TEXT, _coded(), named=False,
                               path="internal://P03 first interview.txt"))
    collection, _ = _read(spec.write(tmp_path / "p.qdpx"))
    [source] = collection.sources
    assert (source.id, source.title) == ("p03-first-interview", "P03 first interview")
    assert sorted(e.text for e in collection.excerpts) == ["Now I feel hope",
                                                           "She listened to me"]


@pytest.mark.parametrize("path", ["P04.txt", "sources/P04.txt", r"C:\Users\coder\P04.txt",
                                  "relative://P04.txt"])
def test_a_text_path_without_internal_is_found(tmp_path, path):
    spec = _project(SourceSpec("P04", TEXT, _coded(), path=path))
    collection, report = _read(spec.write(tmp_path / "p.qdpx"))
    assert collection.sources[0].text == TEXT and report[-1].startswith(str(tmp_path))
    assert sorted(e.text for e in collection.excerpts) == ["Now I feel hope",
                                                           "She listened to me"]


def test_selection_names_give_the_excerpts_line(tmp_path):
    lines = "Synthetic line one.\nShe listened to me.\nNow I feel hope."
    spec = _project(SourceSpec("P05", lines, [
        SelectionSpec(*span(lines, "She listened to me"), ["Mres: Listens"], name="line:2"),
        SelectionSpec(*span(lines, "Now I feel hope"), ["O: Hope"], name="line:3")]))
    collection, _ = _read(spec.write(tmp_path / "p.qdpx"))
    assert sorted((e.line, e.text) for e in collection.excerpts) == [
        (2, "She listened to me"), (3, "Now I feel hope")]


def test_a_qde_not_named_project_qde_is_read(tmp_path):
    spec = _project(SourceSpec("P06", TEXT, _coded()), project_file="Study 2024.qde")
    collection, _ = _read(spec.write(tmp_path / "p.qdpx"))
    assert (len(collection.sources), len(collection.excerpts)) == (1, 2)


def test_zero_length_selections_are_kept_without_text(tmp_path):
    spec = _project(SourceSpec("P07", TEXT, [*_coded(), SelectionSpec(5, 5, ["O: Hope"])]))
    collection, report = _read(spec.write(tmp_path / "p.qdpx"))
    assert sorted(e.text for e in collection.excerpts) == [
        "Now I feel hope", "She listened to me", MISSING_TEXT]
    assert any("1 selections mark no text" in line for line in report)


def _media(kind: str, name: str, selections: str) -> str:
    return (f'<{kind}Source guid="{guid("media:" + name)}" name="{name}" '
            f'path="internal://{name}">{selections}</{kind}Source>')


def _coding(name: str, code: str) -> str:
    return (f'<Coding guid="{guid("media-coding:" + name + code)}">'
            f'<CodeRef targetGUID="{guid("code:" + code)}"/></Coding>')


def test_pdf_picture_audio_and_video_selections_are_excerpts_with_their_place(tmp_path):
    media = [
        _media("PDF", "paper.pdf", f'<PDFSelection guid="{guid("pdf1")}" page="3" firstX="10" '
               f'firstY="20" secondX="110" secondY="220">{_coding("pdf1", "O: Hope")}'
               f'{_coding("pdf1b", "Mres: Listens")}</PDFSelection>'),
        _media("Picture", "map.png", f'<PictureSelection guid="{guid("pic1")}" firstX="1" '
               f'firstY="2" secondX="3" secondY="4">{_coding("pic1", "O: Hope")}'
               "</PictureSelection>"),
        _media("Audio", "p08.mp3", f'<AudioSelection guid="{guid("aud1")}" begin="61500" '
               f'end="3723004">{_coding("aud1", "O: Hope")}</AudioSelection>'),
        _media("Video", "p09.mp4", f'<VideoSelection guid="{guid("vid1")}" begin="0" '
               f'end="1000">{_coding("vid1", "O: Hope")}</VideoSelection>'),
    ]
    spec = _project(SourceSpec("P10", TEXT, _coded()), media=media)
    collection, report = _read(spec.write(tmp_path / "p.qdpx"))
    assert [s.id for s in collection.sources] == ["p10", "paper-pdf", "map-png", "p08-mp3", "p09-mp4"]
    assert (len(collection.excerpts), len(collection.codebook.codes)) == (6, 2)
    placed = sorted((e.source.id, e.text, e.page, e.timestamp, e.codes)
                    for e in collection.excerpts if e.source.id != "p10")
    assert placed == [
        ("map-png", "[picture region (1, 2)-(3, 4)]", None, None, ("O: Hope",)),
        ("p08-mp3", "[audio 00:01:01.500-01:02:03.004]", None, "00:01:01.500-01:02:03.004",
         ("O: Hope",)),
        ("p09-mp4", "[video 00:00:00.000-00:00:01.000]", None, "00:00:00.000-00:00:01.000",
         ("O: Hope",)),
        ("paper-pdf", "[PDF page 3, region (10, 20)-(110, 220)]", "3", None,
         ("O: Hope", "Mres: Listens"))]
    # The PDF region carries a resource and an outcome: a draft; the text's two selections
    # are apart (window 0), and the other places are not the region.
    assert [(c.id, c.shape, len(c.evidence)) for c in collection.configurations] == [
        ("draft-1", "M-O", 1)]
    assert not any("was not read" in line for line in report)


def test_document_sets_are_kept_on_their_sources(tmp_path):
    spec = _project(SourceSpec("P11", TEXT, _coded()), SourceSpec("P12", TEXT, _coded()),
                    source_sets={"Site A": ["P11", "P12"], "Wave 2": ["P12"]})
    collection, _ = _read(spec.write(tmp_path / "p.qdpx"))
    assert [(s.id, s.groups, s.notes) for s in collection.sources] == [
        ("p11", ("Site A",), None), ("p12", ("Site A", "Wave 2"), None)]
    for name in ("again.yaml", "again.json", "again.ttl"):
        again = cmo.io.read(cmo.io.save(collection, tmp_path / name))
        assert [s.groups for s in again.sources] == [("Site A",), ("Site A", "Wave 2")], name


@pytest.mark.parametrize("braces,lower", [(False, False), (True, False), (False, True),
                                          (True, True)])
def test_a_code_inside_itself_is_refused_by_name(tmp_path, braces, lower):
    spec = _project(SourceSpec("P13", TEXT, _coded()), braces=braces, lower=lower)
    xml = spec.xml()
    same = guid("code:O: Hope", braces=not braces, lower=not lower)  # spelled otherwise
    inside = tmp_path / "inside.qde"
    inside.write_text(xml.replace(
        'name="O: Hope" isCodable="true">',
        f'name="O: Hope" isCodable="true"><Code guid="{same}" name="Hope again" '
        'isCodable="true"/>'), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_qde(inside)
    message = str(caught.value)
    assert "code 'Hope again'" in message and "of the code 'O: Hope'" in message
    assert "appears inside itself" in message


def test_a_corrupt_deflate_stream_is_refused_clearly(tmp_path):
    path = _project(SourceSpec("P14", TEXT * 20, _coded())).write(tmp_path / "p.qdpx")
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("project.qde")
    body = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for offset in range(body + 2, body + 12):
        data[offset] ^= 0xFF
    broken = tmp_path / "broken.qdpx"
    broken.write_bytes(bytes(data))
    with pytest.raises(InputError) as caught:
        read_qdpx(broken)
    message = str(caught.value)
    assert message.startswith(f"{broken}: project.qde: cannot be read from the archive")
    assert "export the project again" in message


def test_a_utf16_project_with_a_doctype_is_refused_like_a_utf8_one(tmp_path):
    xml = _project(SourceSpec("P15", TEXT, _coded(), inline=True)).xml()
    xml = xml.replace('<?xml version="1.0" encoding="utf-8"?>',
                      '<?xml version="1.0" encoding="UTF-16"?>\n'
                      '<!DOCTYPE Project [<!ENTITY a "aaaa">]>')
    messages = []
    for encoding in ("utf-8", "utf-16", "utf-16-le", "utf-16-be"):
        path = tmp_path / f"{encoding}.qdpx"
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("project.qde", xml.encode(encoding))
        with pytest.raises(InputError) as caught:
            read_qdpx(path)
        messages.append(str(caught.value).removeprefix(str(path)))
    assert len(set(messages)) == 1
    assert messages[0] == ("!project.qde: line 2: the XML declares a document type (DOCTYPE), "
                           "which REFI-QDA never needs and which can hide entity bombs (do not "
                           "open this file; ask for a fresh export)")


@pytest.mark.parametrize(("name", "codes"), [("atlasti23_blank-atlas-project.qdpx", 0),
                                             ("atlasti23_target-atlas-project.qdpx", 3)])
def test_the_atlas_ti_exports_give_exact_counts(name, codes):
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared folder is not beside this checkout")
    collection, report = _read(path)
    assert (len(collection.sources), len(collection.excerpts), len(collection.configurations),
            len(collection.codebook.codes)) == (0, 0, 0, codes)
    assert sum(f"{codes} codes code no selection" in line for line in report) == (codes > 0)


def test_a_code_without_a_name_keeps_its_selections(tmp_path):
    xml = _project(SourceSpec("P16", TEXT, _coded(), inline=True)).xml()
    path = tmp_path / "p.qde"
    path.write_text(xml.replace('name="O: Hope" ', 'name=" " ', 1), encoding="utf-8")
    collection, report = _read(path)
    unnamed = f"unnamed code {guid('code:O: Hope')}"
    assert sorted(e.codes for e in collection.excerpts) == [("Mres: Listens",), (unnamed,)]
    assert f"a code has no name; it is called {unnamed!r}" in report[0]


def test_a_code_guid_used_twice_is_refused_by_name(tmp_path):
    xml = _project(SourceSpec("P17", TEXT, _coded(), inline=True)).xml()
    path = tmp_path / "p.qde"
    path.write_text(xml.replace(guid("code:O: Hope"), guid("code:Mres: Listens").lower(), 1),
                    encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_qde(path)
    assert "code 'O: Hope': has the GUID " in str(caught.value)
    assert "of the code 'Mres: Listens', so it appears twice in the codebook" in str(
        caught.value)


LINES = "Synthetic line one.\nShe listened to me.\nNow I feel hope.\n"


def test_the_qc_command_line_coder_project_reads_whole(tmp_path):
    """qc writes sources with no name, a plainTextPath relative to its corpus (files kept
    under sources/ in their folders), one selection per coded line named ``line:N``
    (counted from 0) spanning the line with its line break, and a coding per coder."""
    line = [(start, start + len(text) + 1) for start, text in (
        (LINES.index(text), text) for text in LINES.splitlines())]
    spec = _project(SourceSpec("p01", LINES, [
        SelectionSpec(*line[1], ["Mres: Listens", "Mres: Listens"], coders=["Ana", "Ben"],
                      name="line:1"),
        SelectionSpec(*line[2], ["O: Hope"], coders=["Ana"], name="line:2")],
        named=False, path="interviews/p01.txt"), users=["Ana", "Ben"])
    collection, report = _read(spec.write(tmp_path / "qc.qdpx"))
    [source] = collection.sources
    assert (source.id, source.title, source.text) == ("p01", "p01", LINES)
    assert sorted((e.line, e.text, e.codes, tuple(sorted((c.code, c.coder) for c in e.codings)))
                  for e in collection.excerpts) == [
        (2, "She listened to me.\n", ("Mres: Listens",),
         (("Mres: Listens", "Ana"), ("Mres: Listens", "Ben"))),
        (3, "Now I feel hope.\n", ("O: Hope",), (("O: Hope", "Ana"),))]
    assert not any("merged" in line for line in report)


def _qualcoder_media() -> tuple[list[str], dict[str, bytes]]:
    """QualCoder's PDF (its text as a Representation with text selections, named by their
    quote) and audio (a Transcript whose selections run between sync points)."""
    pdf_text = "Synthetic paper. Link workers listen. Patients feel hope."
    start, end = span(pdf_text, "Link workers listen")
    transcript = "Synthetic transcript. [00:00:05] She listened to me."
    heard = span(transcript, "She listened to me")
    pdf = (f'<PDFSource path="internal://paper.pdf" guid="{guid("qc-pdf")}" name="paper.pdf">'
           f'<Representation guid="{guid("qc-rep")}" plainTextPath="internal://paper.txt" '
           'name="paper.pdf">'
           f'<PlainTextSelection guid="{guid("qc-sel")}" startPosition="{start}" '
           f'endPosition="{end}" name="Link workers listen">{_coding("qc-sel", "Mres: Listens")}'
           "</PlainTextSelection></Representation></PDFSource>")
    audio = (f'<AudioSource path="internal://p20.mp3" guid="{guid("qc-audio")}" name="p20.mp3">'
             f'<Transcript plainTextPath="internal://p20.txt" guid="{guid("qc-tr")}" '
             'name="p20.mp3.transcribed">'
             f'<SyncPoint guid="{guid("sp1")}" timeStamp="5000" position="{heard[0]}"/>'
             f'<SyncPoint guid="{guid("sp2")}" timeStamp="7000" position="{heard[1]}"/>'
             f'<TranscriptSelection guid="{guid("qc-ts")}" name="p20.mp3" '
             f'fromSyncPoint="{guid("sp1")}" toSyncPoint="{guid("sp2")}">'
             f'{_coding("qc-ts", "Mres: Listens")}</TranscriptSelection>'
             f'<TranscriptSelection guid="{guid("qc-ts2")}" fromSyncPoint="{guid("sp1")}" '
             f'toSyncPoint="{guid("nowhere")}">{_coding("qc-ts2", "O: Hope")}'
             "</TranscriptSelection></Transcript>"
             f'<AudioSelection guid="{guid("qc-av")}" begin="5000" end="7000" name="">'
             f'{_coding("qc-av", "O: Hope")}</AudioSelection></AudioSource>')
    return [pdf, audio], {"sources/paper.txt": pdf_text.encode(),
                          "sources/p20.txt": transcript.encode()}


def test_qualcoder_pdf_text_and_audio_transcripts_are_read(tmp_path):
    media, files = _qualcoder_media()
    spec = _project(SourceSpec("P20 notes", TEXT, _coded()), media=media, files=files)
    collection, report = _read(spec.write(tmp_path / "qualcoder.qdpx"))
    assert [s.id for s in collection.sources] == [
        "p20-notes", "paper-pdf", "paper-pdf-text", "p20-mp3", "p20-mp3-transcribed"]
    assert len(collection.excerpts) == 5
    assert sorted((e.source.id, e.text, e.codes) for e in collection.excerpts) == [
        ("p20-mp3", "[audio 00:00:05.000-00:00:07.000]", ("O: Hope",)),
        ("p20-mp3-transcribed", "She listened to me", ("Mres: Listens",)),
        ("p20-notes", "Now I feel hope", ("O: Hope",)),
        ("p20-notes", "She listened to me", ("Mres: Listens",)),
        ("paper-pdf-text", "Link workers listen", ("Mres: Listens",))]
    assert any("1 selections of transcripts were not read: their sync points give no "
               "positions in the text" in line for line in report)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-be"])
def test_a_bare_qde_is_read_in_the_encoding_it_declares(tmp_path, encoding):
    xml = _project(SourceSpec("P18", TEXT, _coded(), inline=True)).xml()
    xml = xml.replace('encoding="utf-8"', f'encoding="{encoding.removesuffix("-sig")}"')
    path = tmp_path / "p.qde"
    path.write_bytes(xml.encode(encoding))
    collection, _ = _read(path)
    assert sorted(e.text for e in collection.excerpts) == ["Now I feel hope",
                                                           "She listened to me"]
    refused = tmp_path / "doctype.qde"
    refused.write_bytes(xml.replace("<Project ", '<!DOCTYPE Project [<!ENTITY a "a">]>\n'
                                    "<Project ", 1).encode(encoding))
    with pytest.raises(InputError) as caught:
        read_qde(refused)
    assert str(caught.value) == (
        f"{refused}: line 2: the XML declares a document type (DOCTYPE), which REFI-QDA "
        "never needs and which can hide entity bombs (do not open this file; ask for a "
        "fresh export)")


def test_selections_out_of_order_or_out_of_the_text_are_kept_and_reported(tmp_path):
    spec = _project(SourceSpec("P19", TEXT, [*_coded(), SelectionSpec(30, 10, ["O: Hope"]),
                                             SelectionSpec(-4, 3, ["O: Hope"])]))
    collection, report = _read(spec.write(tmp_path / "p.qdpx"))
    assert sorted((e.text, e.start) for e in collection.excerpts) == [
        ("Now I feel hope", 41), ("She listened to me", 21), (MISSING_TEXT, None),
        (MISSING_TEXT, None)]
    assert sum("fall outside its text" in line for line in report) == 2


def test_codes_applied_to_a_whole_source_make_one_excerpt_of_it(tmp_path):
    spec = _project(SourceSpec("P21", TEXT, _coded()))
    whole = (f'<Coding guid="{guid("whole-coding")}"><CodeRef targetGUID='
             f'"{guid("code:O: Hope")}"/></Coding>')
    xml = spec.xml().replace("</PlainTextSelection></TextSource>",
                             f"</PlainTextSelection>{whole}</TextSource>", 1)
    path = tmp_path / "p.qdpx"
    spec.write(path)
    with zipfile.ZipFile(path) as archive:
        entries = {info.filename: archive.read(info) for info in archive.infolist()}
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in {**entries, "project.qde": xml.encode()}.items():
            archive.writestr(name, data)
    collection, _ = _read(path)
    assert sorted((e.text, e.codes, e.start) for e in collection.excerpts) == [
        ("Now I feel hope", ("O: Hope",), 41), ("She listened to me", ("Mres: Listens",), 21),
        ("[the whole source]", ("O: Hope",), None)]


def test_text_selections_beside_a_pdfs_representation_are_read(tmp_path):
    media, files = _qualcoder_media()
    hope = span("Synthetic paper. Link workers listen. Patients feel hope.", "Patients feel hope")
    beside = (f'<PlainTextSelection guid="{guid("qc-beside")}" startPosition="{hope[0]}" '
              f'endPosition="{hope[1]}">{_coding("qc-beside", "O: Hope")}</PlainTextSelection>')
    pdf = media[0].replace("</Representation>", "</Representation>" + beside)
    collection, _ = _read(_project(media=[pdf], files=files).write(tmp_path / "p.qdpx"))
    assert sorted((e.source.id, e.text, e.codes) for e in collection.excerpts) == [
        ("paper-pdf-text", "Link workers listen", ("Mres: Listens",)),
        ("paper-pdf-text", "Patients feel hope", ("O: Hope",))]
