"""QDPX files are untrusted: entity bombs, external entities, escaping paths, zip bombs."""

from __future__ import annotations

import zipfile

import pytest

from cmo.exceptions import InputError
from cmo.qda import read_qdpx
from cmo.qda.archive import Archive
from cmo.qda.offsets import choose_mode, on_boundaries

from ..test_bad_input import run_cmo
from .projects import CodeSpec, ProjectSpec, SelectionSpec, SourceSpec

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&lol3;"/>"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE p [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&secret;"/>"""


def _archive(tmp_path, entries: dict[str, bytes], name: str = "attack.qdpx"):
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry, data in entries.items():
            archive.writestr(entry, data)
    return path


def _refused(path, *fragments: str) -> str:
    with pytest.raises(InputError) as caught:
        read_qdpx(path)
    message = str(caught.value)
    for fragment in fragments:
        assert fragment in message, message
    return message


def test_a_billion_laughs_entity_bomb_is_refused(tmp_path):
    _refused(_archive(tmp_path, {"project.qde": BILLION_LAUGHS}),
             "attack.qdpx", "line 2", "document type (DOCTYPE)")


def test_an_external_entity_is_refused_and_nothing_is_read(tmp_path):
    message = _refused(_archive(tmp_path, {"project.qde": XXE}), "DOCTYPE")
    assert "root:" not in message


@pytest.mark.parametrize("entry", ["../evil.txt", "/etc/evil.txt", "sources/../../evil.txt",
                                   "C:/evil.txt", "..\\evil.txt"])
def test_entries_that_escape_the_archive_are_refused(tmp_path, entry):
    path = _archive(tmp_path, {"project.qde": b"<Project xmlns='urn:QDA-XML:project:1.0' "
                                              b"name='x'/>", entry: b"x"})
    _refused(path, "names a path outside the archive")


def test_a_zip_bomb_is_refused_while_it_inflates(tmp_path):
    path = _archive(tmp_path, {"project.qde": b"<Project xmlns='urn:QDA-XML:project:1.0' "
                                              b"name='x'>" + b" " * (30 * 2**20) + b"</Project>"})
    assert path.stat().st_size < 100_000
    _refused(path, "inflates more than 200 times its compressed size")


def test_the_total_size_is_capped(tmp_path):
    path = _archive(tmp_path, {"project.qde": b"<Project xmlns='urn:QDA-XML:project:1.0' "
                                              b"name='x'/>", "sources/a.txt": b"x" * 5000})
    archive = Archive(path, name=path, max_total_bytes=1000)
    archive.project_bytes()
    with pytest.raises(InputError, match="the archive inflates past 1,000 bytes"):
        archive.source_bytes("internal://a.txt")


def test_what_is_not_a_qdpx_is_refused(tmp_path):
    text = tmp_path / "notes.qdpx"
    text.write_text("not a zip", encoding="utf-8")
    _refused(text, "notes.qdpx", "not a ZIP archive")
    _refused(_archive(tmp_path, {"readme.txt": b"x"}, "empty.qdpx"), "holds no project XML")
    _refused(_archive(tmp_path, {"a.qde": b"<a/>", "b.qde": b"<b/>"}, "two.qdpx"),
             "holds 2 project files (a.qde, b.qde)")
    _refused(_archive(tmp_path, {"project.qde": b"<Other/>"}, "other.qdpx"),
             "is not a REFI-QDA project")


def test_malformed_xml_names_its_line(tmp_path):
    broken = b"<?xml version='1.0'?>\n<Project xmlns='urn:QDA-XML:project:1.0' name='x'>\n<Users>\n</Project>"
    _refused(_archive(tmp_path, {"project.qde": broken}), "line 4", "not well-formed XML")


def test_the_cli_refuses_an_attack_with_one_message_and_writes_nothing(tmp_path):
    path = _archive(tmp_path, {"project.qde": BILLION_LAUGHS})
    output = tmp_path / "theory.yaml"
    result = run_cmo("import", path, "-o", output)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "DOCTYPE" in result.stderr and not output.exists()


def test_the_cli_imports_with_a_map_and_writes_a_report(tmp_path):
    text = "Synthetic: I was unsure. Then I trusted her."
    spec = ProjectSpec(codes=[CodeSpec("Unsure"), CodeSpec("Trust")],
                       sources=[SourceSpec("P09", text, [SelectionSpec(0, len(text),
                                                                       ["Unsure", "Trust"])])])
    path = spec.write(tmp_path / "p.qdpx")
    mapping = tmp_path / "map.yaml"
    mapping.write_text("roles:\n  Unsure: context\n  Trust: outcome\n", encoding="utf-8")
    result = run_cmo("import", path, "-o", tmp_path / "theory.yaml", "--map", mapping,
                     "--report", tmp_path / "report.md")
    assert result.returncode == 0, result.stderr
    assert "1 configurations, 1 excerpts, 1 sources" in result.stdout
    assert (tmp_path / "report.md").read_text(encoding="utf-8").startswith(
        "# Import of p.qdpx\n\n1 configurations, 1 excerpts, 1 sources, 2 codes in the "
        "codebook\n")
    assert text not in result.stdout + result.stderr  # the report never quotes the data


def test_slices_are_checked_for_sensible_boundaries():
    text = "She listened.\r\nI trusted her."
    assert on_boundaries(text, 0, 13) and not on_boundaries(text, 1, 13)
    assert not on_boundaries(text, 0, 14)  # between CR and LF
    assert choose_mode(text, [(1, 5), (2, 7)]) == ("codepoints", 0.0)
