"""The qda package split by concept: the project's model, its GUIDs and reading it; then
the import's sources, excerpts, configurations and report, each in its own module; and the
package imports no other format's modules."""

from __future__ import annotations

import ast
from pathlib import Path

from lxml import etree

import cmo.qda.project
from cmo.models import Excerpt, Source
from cmo.qda.configurations import configurations_of, unused_elements
from cmo.qda.excerpts import MISSING_TEXT, excerpts_of
from cmo.qda.mapping_file import Mapping, read_mapping
from cmo.qda.project import Case, Code, Place, Project, Selection, TextSource
from cmo.qda.project.guids import normal_guid, stable_guid
from cmo.qda.project.model import WHOLE
from cmo.qda.project.reading import read_project
from cmo.qda.project.source_reading import SourceReader
from cmo.qda.roles import Role
from cmo.qda.sources import sources_of

from ..test_layers import _cycles, import_graph

#: The format packages: each reads and writes its own format, importing no other's.
FORMATS = ("authoring", "bibliography", "qda", "rdf", "render", "store", "tables")
PACKAGE = Path(cmo.qda.project.__file__).parent.parent
PROJECT = 'xmlns="urn:QDA-XML:project:1.0"'
# Synthetic text, made for the tests.
TEXT = "Synthetic: I was unsure. I trust her. Now I feel hope."


def test_every_qda_module_is_under_400_lines_and_says_what_it_holds():
    sizes = {path.relative_to(PACKAGE).as_posix(): path.read_text(encoding="utf-8").count("\n")
             for path in sorted(PACKAGE.rglob("*.py"))}
    assert {name: size for name, size in sizes.items() if size > 400} == {}
    undocumented = [name for name in sizes if not ast.get_docstring(ast.parse(
        (PACKAGE / name).read_text(encoding="utf-8")))]
    assert undocumented == []


def test_the_project_package_keeps_every_name_at_its_old_place():
    assert cmo.qda.project.read_project is read_project
    assert cmo.qda.project.normal_guid is normal_guid
    assert cmo.qda.project.stable_guid is stable_guid
    assert cmo.qda.project.WHOLE == WHOLE == "whole source"
    assert stable_guid("note", "theory") == "CA4BCDFC-C8FB-593D-91B2-549429E24AB1"
    assert normal_guid(" {ca4bcdfc-c8fb-593d-91b2-549429e24ab1}") == stable_guid("note", "theory")


def test_sources_are_read_and_what_was_left_is_said_in_the_warnings():
    project = Project(name="p")
    reader = SourceReader(project, variables={}, users={}, source_text=None)
    reader.read_sources(etree.fromstring(f"""<Sources {PROJECT}>
      <TextSource guid="a1" name="P01"><PlainTextContent>{TEXT}</PlainTextContent>
        <PlainTextSelection guid="b1" startPosition="3" endPosition="3"/></TextSource>
      <TextSource guid="a2" name="P02"><PlainTextContent> </PlainTextContent></TextSource>
      <ChartSource guid="a3" name="Chart"/>
    </Sources>"""))
    assert [(s.guid, s.start, s.end) for s in project.sources["A1"].selections] == [("B1", 3, 3)]
    assert project.warnings == [
        "ChartSource 'Chart' was not read: it is not a kind of source REFI-QDA defines",
        "1 sources have no text ('P02'): NVivo for Mac writes an empty text and keeps the "
        "document beside it (.docx); the sources are kept, and their excerpts without text",
        "1 selections mark no text (they start where they end); kept as excerpts without text"]
    assert reader.problems == []


def test_a_selection_without_whole_number_positions_is_a_problem_naming_it():
    project = Project(name="p")
    reader = SourceReader(project, variables={}, users={}, source_text=None)
    reader.read_sources(etree.fromstring(f"""<Sources {PROJECT}>
      <TextSource guid="a1" name="P01"><PlainTextContent>{TEXT}</PlainTextContent>
        <PlainTextSelection guid="b1" startPosition="three" endPosition="9"/></TextSource>
    </Sources>"""))
    assert [str(problem) for problem in reader.problems] == [
        "selection 'b1' in source 'P01': has no whole-number startPosition and endPosition "
        "(export the project again)"]


def _project() -> Project:
    codes = {"C": Code(guid="C", name="C: Unsure"), "M": Code(guid="M", name="Mr: Trusts her"),
             "O": Code(guid="O", name="O: Hope"), "X": Code(guid="X", name="Memorable")}
    selections = [Selection(guid="S1", source="A1", start=11, end=24, codes=["C"],
                            coders=["Ann"]),
                  Selection(guid="S2", source="A1", start=25, end=37, codes=["M"],
                            coders=[None]),
                  Selection(guid="S3", source="A1", start=25, end=37, codes=["X"],
                            coders=["Bo"]),
                  Selection(guid="S4", source="A1", start=38, end=54, codes=["O"],
                            coders=[None])]
    return Project(name="Pilot", codes=codes, cases=[Case(guid="K", name="P01", sources=["A1"],
                                                          variables={"Wave": "1"})],
                   sources={"A1": TextSource(guid="A1", name="P01 interview", text=TEXT,
                                             selections=selections, variables={"Site": "Leeds"}),
                            "A2": TextSource(guid="A2", name="Map", text=None, medium="picture",
                                             selections=[Selection(
                                                 guid="S5", source="A2", start=0, end=0,
                                                 codes=["O"], coders=[None],
                                                 place=Place("picture", region=(1, 2, 3, 4)))])})


def test_sources_take_their_site_and_wave_from_variables_and_case():
    sources = sources_of(_project(), read_mapping(None))
    assert [(s.id, s.title, s.site, s.wave, s.participant) for s in sources.values()] == [
        ("p01-interview", "P01 interview", "Leeds", "1", "P01"), ("map", "Map", None, None, None)]


def test_one_excerpt_per_passage_with_every_code_and_coder():
    project, report, excerpt_of = _project(), [], {}
    source = Source(id="p01", kind="interview")
    made = excerpts_of(project.sources["A1"], source,
                       {"C": "C: Unsure", "M": "Mr: Trusts her", "O": "O: Hope", "X": "Memorable"},
                       read_mapping(None), report, excerpt_of, set())
    assert [(e.id, e.text, e.codes, [(c.code, c.coder) for c in e.codings])
            for e in made.values()] == [
        ("p01-11", "I was unsure.", ("C: Unsure",), [("C: Unsure", "Ann")]),
        ("p01-25", "I trust her.", ("Mr: Trusts her", "Memorable"), [("Memorable", "Bo")]),
        ("p01-38", "Now I feel hope.", ("O: Hope",), [])]
    assert excerpt_of == {"S1": "p01-11", "S2": "p01-25", "S3": "p01-25", "S4": "p01-38"}
    assert report == []
    picture = excerpts_of(project.sources["A2"], Source(id="map", kind="interview"),
                          {"O": "O: Hope"}, read_mapping(None), report, {}, set())
    # A picture has no page: its excerpt's id counts the seconds of a place it does not have.
    assert [(e.id, e.text) for e in picture.values()] == [
        ("map-0s", "[picture region (1, 2)-(3, 4)]")]
    assert MISSING_TEXT == "[text not in the project]"


def test_codes_that_meet_nearby_make_one_draft_and_unused_parts_are_kept():
    project = _project()
    roles = {"C": Role("context", "Unsure"), "M": Role("reasoning", "Trusts her"),
             "O": Role("outcome", "Hope")}
    source = Source(id="p01", kind="interview")
    excerpts = {f"p01-{start}": Excerpt(id=f"p01-{start}", source=source, text="Synthetic")
                for start in (11, 25, 38)}
    excerpt_of = {"S1": "p01-11", "S2": "p01-25", "S3": "p01-25", "S4": "p01-38"}
    mapping = Mapping(window=1)  # the selections are one character apart
    project.sources.pop("A2")
    assert configurations_of(project, roles, excerpts, excerpt_of, Mapping()) == []
    [draft] = configurations_of(project, roles, excerpts, excerpt_of, mapping)
    assert (draft.id, draft.shape, draft.notes) == (
        "draft-1", "C-M-O", "Drafted from codes that meet in the coded data.")
    assert [e.excerpt.id for e in draft.evidence] == ["p01-11", "p01-25", "p01-38"]
    roles["Z"] = Role("context", "Never met")
    assert [(e.kind, e.label) for e in unused_elements(project, roles, [draft])] == [
        ("context", "Never met")]


def test_qda_imports_no_other_format_and_holds_no_circle():
    graph = import_graph()
    inside = [module for module in graph if module.startswith("cmo.qda")]
    # The theory note reads and writes the authoring format (issue 17: its owner moves it).
    waived = {"cmo.qda.theory_note": "cmo.authoring."}
    formats = tuple(f"cmo.{name}" for name in FORMATS if name != "qda")
    assert [(module, target) for module in inside for target in sorted(graph.successors(module))
            if target.startswith(formats)
            and not target.startswith(waived.get(module, "-"))] == []
    assert _cycles(graph.subgraph(inside)) == []
