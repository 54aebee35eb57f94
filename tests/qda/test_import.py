"""Importing REFI-QDA projects: real ATLAS.ti exports, and the ways real exports differ."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

import cmo.io
from cmo.exceptions import CmoWarning, InputError
from cmo.qda import read_qde, read_qdpx
from cmo.qda.excerpts import MISSING_TEXT
from cmo.report.escaping import escape_markdown

from ..conftest import SHARED
from .projects import CodeSpec, ProjectSpec, SelectionSpec, SourceSpec, span, utf16_span

SAMPLES = SHARED / "refi-qda" / "samples"

# Synthetic transcript text, made for the tests.
TEXT = ("Synthetic interview. I was not sure what she did at first. She listened and knew the "
        "local groups, so I trusted her. Now I feel there is hope.")


def _read(path: Path, **options) -> tuple[cmo.Collection, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", CmoWarning)
        collection = read_qdpx(path, **options) if path.suffix == ".qdpx" else \
            read_qde(path, **options)
    return collection, [str(w.message) for w in caught if issubclass(w.category, CmoWarning)]


def _prefixed(text: str = TEXT, **source) -> ProjectSpec:
    trust, hope = span(text, "so I trusted her"), span(text, "Now I feel there is hope")
    listened = span(text, "She listened and knew the local groups")
    return ProjectSpec(
        codes=[CodeSpec("C: Unsure of the role"), CodeSpec("Mres: Listens and knows groups"),
               CodeSpec("Mr: Comes to trust her"), CodeSpec("O: Hope"), CodeSpec("Memorable")],
        sources=[SourceSpec("P01 interview", text, [
            SelectionSpec(*span(text, "I was not sure what she did at first"),
                          ["C: Unsure of the role"]),
            SelectionSpec(*listened, ["Mres: Listens and knows groups"]),
            SelectionSpec(*trust, ["Mr: Comes to trust her"]),
            SelectionSpec(*hope, ["O: Hope", "Memorable"])], **source)])


@pytest.mark.parametrize("name", ["atlasti23_blank-atlas-project.qdpx",
                                  "atlasti23_target-atlas-project.qdpx"])
def test_the_atlas_ti_samples_import(name):
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared folder is not beside this checkout")
    collection, report = _read(path)
    assert collection.title == name.removeprefix("atlasti23_").removesuffix(".qdpx")
    assert collection.configurations == ()
    if "target" in name:  # a nested codebook with no coded selections: reported, not lost
        assert any("3 codes code no selection" in line and "'Commits'" in line
                   for line in report)
    else:
        assert report == []


def test_codes_with_prefixes_that_meet_make_a_draft_configuration(tmp_path):
    spec = _prefixed()
    collection, report = _read(spec.write(tmp_path / "p.qdpx"), mapping=None)
    assert collection.configurations == ()  # selections do not overlap, window 0
    excerpts = {excerpt.text: excerpt for excerpt in collection.excerpts}
    assert set(excerpts) == {"I was not sure what she did at first", "so I trusted her",
                             "She listened and knew the local groups", "Now I feel there is hope"}
    assert excerpts["Now I feel there is hope"].codes == ("O: Hope", "Memorable")
    assert any("4 excerpts are cited by no configuration" in line for line in report)
    assert any("'Memorable'" in line for line in report)


def test_excerpts_are_named_by_their_source_and_where_they_start(tmp_path):
    collection, _ = _read(_prefixed().write(tmp_path / "p.qdpx"), mapping=None)
    assert [source.id for source in collection.sources] == ["p01-interview"]
    assert {excerpt.id: excerpt.start for excerpt in collection.excerpts} == {
        "p01-interview-21": 21, "p01-interview-59": 59, "p01-interview-99": 99,
        "p01-interview-117": 117}


def test_a_window_groups_nearby_selections_of_one_source(tmp_path):
    mapping = tmp_path / "map.yaml"
    mapping.write_text("window: 40\n", encoding="utf-8")
    collection, _ = _read(_prefixed().write(tmp_path / "p.qdpx"), mapping=mapping)
    [draft] = collection.configurations
    assert draft.id == "draft-1" and draft.status == "proposed"
    assert [c.label for c in draft.contexts] == ["Unsure of the role"]
    assert (draft.mechanism.resource, draft.mechanism.reasoning) == (
        "Listens and knows groups", "Comes to trust her")
    assert [o.label for o in draft.outcomes] == ["Hope"]
    assert len(draft.evidence) == 4 and {e.stance for e in draft.evidence} == {"supports"}


def test_codes_on_the_same_selection_make_a_draft(tmp_path):
    text = TEXT
    spec = ProjectSpec(codes=[CodeSpec("C: Unsure"), CodeSpec("O: Agrees to referral")],
                       sources=[SourceSpec("P02", text, [SelectionSpec(
                           *span(text, "I was not sure what she did at first"),
                           ["C: Unsure", "O: Agrees to referral"])])])
    collection, _ = _read(spec.write(tmp_path / "p.qdpx"))
    [draft] = collection.configurations
    assert draft.shape == "C-O" and draft.evidence[0].excerpt.text.startswith("I was not sure")


def test_a_code_tree_with_branches_for_each_part(tmp_path):
    text = TEXT
    spec = ProjectSpec(
        codes=[CodeSpec("Contexts", [CodeSpec("Unsure of the role")]),
               CodeSpec("Mechanisms", [CodeSpec("Resources", [CodeSpec("Listens")]),
                                       CodeSpec("Reasoning", [CodeSpec("Trusts her")])]),
               CodeSpec("Outcomes", [CodeSpec("Hope")])],
        sources=[SourceSpec("P03", text, [SelectionSpec(
            0, len(text), ["Unsure of the role", "Listens", "Trusts her", "Hope"])])])
    collection, _ = _read(spec.write(tmp_path / "p.qdpx"))
    [draft] = collection.configurations
    assert (draft.contexts[0].label, draft.mechanism.resource, draft.mechanism.reasoning,
            draft.outcomes[0].label) == ("Unsure of the role", "Listens", "Trusts her", "Hope")
    assert draft.evidence[0].excerpt.codes == (
        "Contexts / Unsure of the role", "Mechanisms / Resources / Listens",
        "Mechanisms / Reasoning / Trusts her", "Outcomes / Hope")


def test_codes_under_a_configuration_code_group_directly(tmp_path):
    text = TEXT
    spec = ProjectSpec(
        codes=[CodeSpec("Configurations", [CodeSpec(
            "Trust gives hope", [CodeSpec("C: Trusts the link worker"), CodeSpec("M: Hope"),
                                 CodeSpec("O: Engages with support")],
            description="Synthetic configuration for the tests.")])],
        sources=[SourceSpec("P04", text, [
            SelectionSpec(*span(text, "so I trusted her"), ["C: Trusts the link worker"]),
            SelectionSpec(*span(text, "Now I feel there is hope"), ["Trust gives hope"])])])
    collection, _ = _read(spec.write(tmp_path / "p.qdpx"))
    [configuration] = collection.configurations
    assert configuration.id == "trust-gives-hope" and configuration.label == "Trust gives hope"
    assert configuration.notes == "Synthetic configuration for the tests."
    assert configuration.mechanism.reasoning == "Hope"
    assert sorted(e.excerpt.text for e in configuration.evidence) == [
        "Now I feel there is hope", "so I trusted her"]


def test_long_configuration_codes_get_short_readable_ids(tmp_path):
    text = TEXT
    long_names = ["Trust built through the link worker's skills gives hope over months",
                  "Trust built through the link worker's skills gives way to dependence"]
    spec = ProjectSpec(
        codes=[CodeSpec("Configurations", [
            CodeSpec(name, [CodeSpec(f"C: Trusts the link worker {number}"),
                            CodeSpec(f"O: Outcome {number}")])
            for number, name in enumerate(long_names)])],
        sources=[SourceSpec("P04 interview, first wave, at the surgery in the north", text, [
            SelectionSpec(*span(text, "so I trusted her"), ["C: Trusts the link worker 0"]),
            SelectionSpec(*span(text, "so I trusted her"), ["C: Trusts the link worker 1"]),
            SelectionSpec(*span(text, "Now I feel there is hope"), long_names)])])
    collection, _ = _read(spec.write(tmp_path / "p.qdpx"))
    # Cut after the last whole word within 40 characters; a number only when two collide.
    assert [c.id for c in collection.configurations] == [
        "trust-built-through-the-link-worker-s", "trust-built-through-the-link-worker-s-2"]
    assert [s.id for s in collection.sources] == ["p04-interview-first-wave-at-the-surgery"]


def test_a_code_set_naming_two_parts_is_a_configuration(tmp_path):
    text = TEXT
    spec = ProjectSpec(
        codes=[CodeSpec("C: Unsure of the role"), CodeSpec("O: Hope"), CodeSpec("O: Other")],
        sources=[SourceSpec("P06", text, [
            SelectionSpec(*span(text, "I was not sure what she did at first"),
                          ["C: Unsure of the role"]),
            SelectionSpec(*span(text, "Now I feel there is hope"), ["O: Hope"])])],
        sets={"Uncertainty then hope": ["C: Unsure of the role", "O: Hope"]})
    collection, _ = _read(spec.write(tmp_path / "p.qdpx"))
    [configuration] = collection.configurations
    assert (configuration.id, configuration.label) == ("uncertainty-then-hope",
                                                       "Uncertainty then hope")
    assert configuration.shape == "C-O" and len(configuration.evidence) == 2
    assert sorted(e.label for e in collection.elements if e.kind == "outcome") == ["Hope", "Other"]


def test_a_mapping_file_gives_codes_their_parts_and_fills_in_sources(tmp_path):
    text = TEXT
    spec = ProjectSpec(
        codes=[CodeSpec("Uncertainty"), CodeSpec("Feels hopeful"), CodeSpec("Noise")],
        sources=[SourceSpec("Interview 7", text, [SelectionSpec(
            0, len(text), ["Uncertainty", "Feels hopeful", "Noise"])], variables={"Wave": "2"})],
        cases={"P07": ["Interview 7"]},
        case_variables={"P07": {"Site": "Site A", "Role": "patient"}})
    mapping = tmp_path / "map.yaml"
    mapping.write_text("roles:\n  Uncertainty: context\n  Feels hopeful: outcome\n"
                       "  Noise: ignore\nstance: refines\n"
                       "sources:\n  participant: case\n  role: Role\n  kind: interview\n",
                       encoding="utf-8")
    collection, report = _read(spec.write(tmp_path / "p.qdpx"), mapping=mapping)
    [draft] = collection.configurations
    assert draft.shape == "C-O" and draft.evidence[0].stance == "refines"
    [source] = collection.sources
    assert (source.id, source.participant, source.participant_role, source.site,
            source.wave) == ("interview-7", "P07", "patient", "Site A", "2")
    assert source.text == text
    assert not any("Noise" in line for line in report)


def test_a_mapping_file_with_an_unknown_part_is_refused_with_its_line(tmp_path):
    mapping = tmp_path / "map.yaml"
    mapping.write_text("roles:\n  Hope: outcme\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_qdpx(_prefixed().write(tmp_path / "p.qdpx"), mapping=mapping)
    message = str(caught.value)
    assert "map.yaml" in message and "line 2" in message and "roles.Hope" in message


def test_a_map_role_naming_no_code_is_a_warning_with_a_did_you_mean(tmp_path):
    mapping = tmp_path / "map.yaml"
    mapping.write_text("roles:\n  Memorabel: ignore\n  Nothing like any code: context\n"
                       "  Memorable: ignore\n", encoding="utf-8")
    path = _prefixed().write(tmp_path / "p.qdpx")
    _, report = _read(path, mapping=mapping)
    assert [line for line in report if "--map" in line] == [
        f"{path}: --map role 'Memorabel' names no code in the project, so it gives no code "
        "a part (did you mean 'Memorable'?)",
        f"{path}: --map role 'Nothing like any code' names no code in the project, so it "
        "gives no code a part"]


def test_nvivo_offsets_in_utf16_units_with_emoji_bom_and_crlf(tmp_path):
    text = "Synthetic 🙂.\r\nIt was hard 😟 at first.\r\nThen 🙂 she helped me find a group.\r\n"
    part = "she helped me find a group"
    spec = ProjectSpec(codes=[CodeSpec("C: Hard at first"), CodeSpec("O: Finds a group")],
                       sources=[SourceSpec("NVivo transcript", text, [
                           SelectionSpec(*utf16_span(text, "It was hard 😟 at first"),
                                         ["C: Hard at first"]),
                           SelectionSpec(*utf16_span(text, part), ["O: Finds a group"])],
                           encoding="utf-8-sig")])
    path = spec.write(tmp_path / "nvivo.qdpx")
    collection, report = _read(path)
    texts = {excerpt.text for excerpt in collection.excerpts}
    assert texts == {"It was hard 😟 at first", part}
    found = next(e for e in collection.excerpts if e.text == part)
    assert (found.start, found.end) == span(text, part)
    assert any("UTF-16 code units" in line for line in report)
    assert collection.sources[0].text == text  # the BOM dropped, CRLF kept
    # Told to count code points, the same selections land elsewhere, and the report says so.
    mapping = tmp_path / "map.yaml"
    mapping.write_text("offsets: codepoints\n", encoding="utf-8")
    forced, forced_report = _read(path, mapping=mapping)
    assert {e.text for e in forced.excerpts} != texts
    assert not any("UTF-16" in line for line in forced_report)


@pytest.mark.parametrize("variant", ["Sources-folder", "named-qde", "braced-guids",
                                     "lower-guids", "inline-text"])
def test_the_ways_real_exports_spell_things(tmp_path, variant):
    spec = _prefixed(inline=variant == "inline-text")
    spec.folder = "Sources" if variant == "Sources-folder" else "sources"
    spec.project_file = "Study of link workers.qde" if variant == "named-qde" else "project.qde"
    spec.braces, spec.lower = variant == "braced-guids", variant == "lower-guids"
    collection, _ = _read(spec.write(tmp_path / "p.qdpx"))
    assert {e.text for e in collection.excerpts} == {
        "I was not sure what she did at first", "so I trusted her",
        "She listened and knew the local groups", "Now I feel there is hope"}


def test_a_bare_qde_with_inline_text(tmp_path):
    path = _prefixed(inline=True).write(tmp_path / "project.qde")
    collection, _ = _read(path)
    assert len(collection.excerpts) == 4


def test_a_selection_with_only_a_description_is_kept_as_an_annotation(tmp_path):
    spec = ProjectSpec(codes=[CodeSpec("Memo")], sources=[SourceSpec("P05", TEXT, [
        SelectionSpec(10, 10, ["Memo"], description="Synthetic note: check with P05.")])])
    collection, _ = _read(spec.write(tmp_path / "p.qdpx"))
    [excerpt] = collection.excerpts
    assert excerpt.text == "Synthetic note: check with P05."
    assert excerpt.codes == ("Memo", "(annotation)")


def test_a_missing_source_file_keeps_its_excerpts_without_text(tmp_path):
    spec = _prefixed()
    spec.sources[0].text = None
    collection, report = _read(spec.write(tmp_path / "p.qdpx"))
    assert {e.text for e in collection.excerpts} == {MISSING_TEXT}
    assert len(collection.excerpts) == 4
    assert any("is not in the project; its excerpts are kept without text" in line
               for line in report)


def test_offsets_outside_the_text_are_reported_and_the_rest_goes_on(tmp_path):
    spec = _prefixed()
    spec.sources[0].selections.append(SelectionSpec(5000, 5010, ["O: Hope"]))
    collection, report = _read(spec.write(tmp_path / "p.qdpx"))
    assert len(collection.excerpts) == 5
    assert any("positions 5000-5010 fall outside its text" in line for line in report)


def test_a_selection_coded_with_an_unknown_code_is_refused_precisely(tmp_path):
    spec = _prefixed()
    path = spec.write(tmp_path / "p.qdpx")
    broken = tmp_path / "broken.qdpx"
    import zipfile

    with zipfile.ZipFile(path) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "project.qde":
                data = data.replace(b"<CodeBook>", b"<CodeBook>", 1).replace(
                    b'<Code guid="', b'<Code guid="0', 1)  # the first code's GUID changes
            target.writestr(item, data)
    with pytest.raises(InputError) as caught:
        read_qdpx(broken)
    message = str(caught.value)
    assert "broken.qdpx" in message and "which is not in the codebook" in message
    assert "selection" in message and "P01 interview" in message


def test_excerpts_no_configuration_cites_survive_every_export(tmp_path):
    collection, _ = _read(_prefixed().write(tmp_path / "p.qdpx"))
    for name in ("again.yaml", "again.json", "again.ttl", "again.jsonld", "again.nt"):
        again = cmo.io.read(cmo.io.save(collection, tmp_path / name))
        assert again == collection, name
    turtle = (tmp_path / "again.ttl").read_text(encoding="utf-8")
    assert turtle.count("oa:TextQuoteSelector") == 4 and '"Memorable"' in turtle


# -- one excerpt per coded passage ----------------------------------------------------------

# Synthetic transcripts, made for the tests.
MERGED_TEXT = ("Synthetic interview. She listened to me and knew the groups. Now I go to the "
               "walking group every week.")


def _three_codes_per_passage(coders: tuple[str, str, str] = ("Ana", "Ben", "Ana")) -> ProjectSpec:
    """Two sources; each passage is coded with three codes, one selection per code (as
    NVivo writes them), by two coders."""
    listened = span(MERGED_TEXT, "She listened to me and knew the groups")
    walking = span(MERGED_TEXT, "Now I go to the walking group every week")
    codes = ["C: Feels alone", "Mres: Listens and knows groups", "O: Joins a group"]
    sources = [SourceSpec(name, MERGED_TEXT, [
        *(SelectionSpec(*listened, [code], coders=[coder])
          for code, coder in zip(codes, coders, strict=True)),
        *(SelectionSpec(*walking, [code], coders=[coder])
          for code, coder in zip(codes, coders, strict=True))]) for name in ("P01", "P02")]
    return ProjectSpec(codes=[CodeSpec(code) for code in codes], sources=sources,
                       users=["Ana", "Ben"], cases={"P01": ["P01"], "P02": ["P02"]})


def test_selections_of_one_passage_are_one_excerpt_with_every_code_and_coder(tmp_path):
    collection, report = _read(_three_codes_per_passage().write(tmp_path / "p.qdpx"))
    assert (len(collection.sources), len(collection.excerpts), len(collection.codebook.codes),
            len(collection.configurations)) == (2, 4, 3, 1)
    assert sorted(e.text for e in collection.excerpts) == [
        "Now I go to the walking group every week", "Now I go to the walking group every week",
        "She listened to me and knew the groups", "She listened to me and knew the groups"]
    for excerpt in collection.excerpts:
        assert excerpt.codes == ("C: Feels alone", "Mres: Listens and knows groups",
                                 "O: Joins a group")
        assert sorted((c.code, c.coder) for c in excerpt.codings) == [
            ("C: Feels alone", "Ana"), ("Mres: Listens and knows groups", "Ben"),
            ("O: Joins a group", "Ana")]
    [draft] = collection.configurations
    assert draft.shape == "C-M-O" and len(draft.evidence) == 4
    assert ("12 selections of the same passage merged into 4 excerpts (a QDA program writes "
            "one selection per code applied to a passage); each excerpt keeps every code and "
            "who applied it") in "\n".join(report)


def test_codings_travel_through_yaml_json_and_rdf(tmp_path):
    collection, _ = _read(_three_codes_per_passage().write(tmp_path / "p.qdpx"))
    for name in ("again.yaml", "again.json", "again.ttl", "again.nt"):
        again = cmo.io.read(cmo.io.save(collection, tmp_path / name))
        assert again == collection, name
        assert {len(e.codings) for e in again.excerpts} == {3}, name
    assert (tmp_path / "again.yaml").read_text(encoding="utf-8").count("coder: Ben") == 4


def test_cmo_stats_counts_each_coded_passage_once(tmp_path):
    from click.testing import CliRunner

    from cmo.cli import cli

    path = _three_codes_per_passage().write(tmp_path / "p.qdpx")
    runner = CliRunner()
    imported = runner.invoke(cli, ["import", str(path), "-o", str(tmp_path / "t.yaml"),
                                   "--report", str(tmp_path / "report.md")])
    assert imported.exit_code == 0, imported.output
    assert "0 configurations" not in imported.output
    assert "1 configurations, 4 excerpts, 2 sources" in imported.output
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert report.startswith("# Import of p.qdpx\n\n1 configurations, 4 excerpts, 2 sources, "
                             "3 codes in the codebook\n\n- ")
    # The notes are escaped Markdown: the path's '_' shows as written.
    assert "- " + escape_markdown(str(path)) + ": 12 selections of the same passage merged " \
        "into 4 excerpts" in report
    # One table, however wide the terminal pytest runs in says it is (COLUMNS).
    stats = runner.invoke(cli, ["stats", str(tmp_path / "t.yaml")], env={"COLUMNS": "200"})
    assert stats.exit_code == 0, stats.output
    [row] = [line for line in stats.output.splitlines() if "draft-1" in line]
    cells = row.replace("│", " ").split()
    # number, configuration, shape, evidence 4 (not 12), supports 4, refutes, refines,
    # negative cases 0, sources 2, participants 2
    assert cells[:10] == ["1", "draft-1", "C-M-O", "4", "4", "0", "0", "0", "2", "2"], row


def test_the_plain_text_report_stays_plain(tmp_path):
    from click.testing import CliRunner

    from cmo.cli import cli

    path = _three_codes_per_passage().write(tmp_path / "p.qdpx")
    result = CliRunner().invoke(cli, ["import", str(path), "-o", str(tmp_path / "t.yaml"),
                                      "--report", str(tmp_path / "report.txt")])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "report.txt").read_text(encoding="utf-8")
    assert text.startswith(f"{path}: 1 configurations, 4 excerpts, 2 sources, 3 codes in the "
                           "codebook\n  - ")
    assert "#" not in text


def test_redacted_exports_leave_out_who_coded_what(tmp_path):
    from cmo.sharing.redaction import Redaction

    collection, _ = _read(_three_codes_per_passage().write(tmp_path / "p.qdpx"))
    shared = Redaction(key=b"synthetic key for the tests only").redact(collection)
    assert {e.codings for e in shared.excerpts} == {()}
    assert {len(e.codes) for e in shared.excerpts} == {3}
