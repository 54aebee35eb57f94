"""The Mermaid flowchart: elements, chains, themes, edges, filters, limits and escaping.

Where Node.js and the npm packages ``mermaid`` and ``jsdom`` are installed (see
:data:`INSTALL`), Mermaid's own parser reads every diagram back and the tests compare what
it understood (nodes, their text, edges, subgraphs) with the theory. Without them those
tests are skipped with the install command; the escaping rules are still checked directly.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given

from cmo.exceptions import InputError
from cmo.models import Collection, Configuration, Evidence, Excerpt, Mechanism, Source
from cmo.render import to_mermaid, write_mermaid
from cmo.render.graphviz import DIRECTIONS, style_key
from cmo.render.mermaid import MAX_CONFIGURATIONS, mermaid_id, mermaid_text
from cmo.theory.graph import ProgrammeTheory
from cmo.theory.numbering import configuration_names

from ..strategies import collections
from .drawing import normalised

#: Where the parser's npm packages are looked for (``CMO_MERMAID_PARSER`` overrides it).
PARSER = Path(os.environ.get("CMO_MERMAID_PARSER",
                             Path(tempfile.gettempdir()) / "cmo-mermaid-parser"))
INSTALL = (f"npm install --prefix {PARSER} --no-audit --no-fund mermaid@11 jsdom@29")

#: Reads one JSON-encoded diagram per line; answers with what Mermaid parsed, as JSON.
_CHECKER = r"""
import { createInterface } from "node:readline";
import { JSDOM } from "jsdom";
const dom = new JSDOM("<!doctype html><html><body></body></html>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false });
const box = document.createElement("textarea");
// Mermaid keeps entity codes as placeholders until it writes the SVG: undo them, then HTML.
const lines = (text) => String(text ?? "")
  .replaceAll("ﬂ°°", "&#").replaceAll("ﬂ°", "&").replaceAll("¶ß", ";")
  .split(/<br\s*\/?>/i).map((line) => { box.innerHTML = line; return box.value; });
for await (const request of createInterface({ input: process.stdin })) {
  let answer;
  try {
    const diagram = await mermaid.mermaidAPI.getDiagramFromText(JSON.parse(request));
    const db = diagram.db;
    answer = {
      type: diagram.type,
      vertices: [...db.getVertices().values()].map((v) => (
        { id: v.id, lines: lines(v.text), shape: v.type, classes: v.classes })),
      edges: db.getEdges().map((e) => (
        { start: e.start, end: e.end, lines: lines(e.text), stroke: e.stroke })),
      subgraphs: db.getSubGraphs().map((s) => ({ title: lines(s.title), nodes: s.nodes })),
    };
  } catch (error) {
    answer = { error: String(error?.message ?? error) };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
}
"""


class MermaidParser:
    """Mermaid's parser in a Node.js process kept open for the module's tests."""

    def __init__(self, node: str) -> None:
        self.process = subprocess.Popen(
            [node, "--input-type=module", "-e", _CHECKER], cwd=PARSER, text=True,
            encoding="utf-8", stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def parse(self, text: str) -> dict[str, Any]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps(text) + "\n")
        self.process.stdin.flush()
        answer = json.loads(self.process.stdout.readline())
        assert "error" not in answer, f"Mermaid cannot parse it: {answer['error']}\n{text}"
        return answer

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=10)


@pytest.fixture(scope="module")
def mermaid_parser() -> Iterator[MermaidParser]:
    node = shutil.which("node")
    if node is None:
        pytest.skip(f"Node.js is not installed; install it, then: {INSTALL}")
    if not all((PARSER / "node_modules" / name / "package.json").exists()
               for name in ("mermaid", "jsdom")):
        pytest.skip(f"Mermaid's parser is not installed in {PARSER}: {INSTALL}")
    parser = MermaidParser(node)
    yield parser
    parser.close()


# -- reading the text back -------------------------------------------------------------


def decoded(text: str) -> str:
    """Label text as Mermaid shows it: entity codes decoded, line breaks as spaces."""
    text = re.sub(r"#(\d+);", r"&#\1;", text.replace("<br/>", " "))
    return normalised(html.unescape(re.sub(r"#([A-Za-z]+);", r"&\1;", text)))


def title_of(text: str) -> str:
    front = re.match(r"---\n(.*?)\n---\n", text, flags=re.S)
    assert front is not None
    return decoded(yaml.safe_load(front.group(1))["title"])


def expected_text(theory: ProgrammeTheory, node: str) -> str:
    """What a node must show: a mechanism's name (if it has its own) and halves."""
    element = theory.graph.nodes[node]["elements"][0]
    if not isinstance(element, Mechanism):
        return normalised(theory.graph.nodes[node]["label"])
    halves = [(caption, text.strip()) for caption, text in
              (("Resource", element.resource), ("Reasoning", element.reasoning))
              if text and text.strip()]
    parts = [] if element.label == " → ".join(text for _, text in halves) else [element.label]
    parts += [f"{caption}: {text}" for caption, text in halves]
    return normalised(" ".join(parts))


def mermaid_ids(theory: ProgrammeTheory) -> dict[str, str]:
    taken: set[str] = set()
    return {node: mermaid_id(node, taken) for node in theory.graph.nodes}


def assert_parsed_as_drawn(parsed: dict[str, Any], theory: ProgrammeTheory,
                           labels: str = "number") -> None:
    """Mermaid read every node, text, class, edge and theme of ``theory``, nothing else;
    edges are named as ``labels`` names them (``"number"`` or ``"id"``)."""
    assert parsed["type"] == "flowchart-v2"
    ids = mermaid_ids(theory)
    vertices = {v["id"]: v for v in parsed["vertices"]}
    assert set(vertices) == set(ids.values())
    for node, data in theory.graph.nodes(data=True):
        vertex = vertices[ids[node]]
        assert normalised(" ".join(vertex["lines"])) == expected_text(theory, node)
        assert vertex["classes"] == [style_key(data)]
    status = {c.id: c.status for c in theory.configurations}
    named = {name: key for key, name in configuration_names(theory, labels).items()}
    drawn = Counter()
    for edge in parsed["edges"]:
        name, *marker = " ".join(edge["lines"]).split(" · ")
        configuration = named[name]
        assert marker in ([], [status[configuration]])
        assert edge["stroke"] == ("dotted" if status[configuration] in {"refuted", "abandoned"}
                                  else "normal")
        drawn[edge["start"], edge["end"], configuration] += 1
    assert drawn == Counter((ids[tail], ids[head], key)
                            for tail, head, key in theory.graph.edges(keys=True))
    for subgraph in parsed["subgraphs"]:
        (title,) = subgraph["title"]
        assert title == " ".join(title.split()) and title in {
            " ".join(theme.split()) for theme in theory.themes}
        for name in subgraph["nodes"]:
            node = next(node for node, mermaid in ids.items() if mermaid == name)
            themes = {theory.configuration(c).theme
                      for c in theory.graph.nodes[node]["configurations"]}
            assert {" ".join(theme.split()) for theme in themes} == {title}


def assert_escaped(text: str) -> None:
    """The escaping rules, checked on the text itself (whether or not Mermaid is here)."""
    shapes = r'(\(\[|\[\[|\{\{|>|\(|\[)"[^"]*"(\]\)|\]\]|\}\}|\]|\))'
    node = re.compile(rf"(  |    )n_[A-Za-z0-9_]+{shapes}")
    edge = re.compile(r'  n_[A-Za-z0-9_]+ (-->|-\.->)(\|"[^"]*"\|)? n_[A-Za-z0-9_]+')
    plain = re.compile(r"  (classDef|class|linkStyle) [A-Za-z0-9_,#:.\- ]+|  end"
                       r'|  subgraph theme_\d+\["[^"]*"\]')
    lines = text.split("\n")
    assert lines[0] == "---" and lines[2] == "---" and lines[3].startswith("flowchart ")
    for line in lines[4:]:
        assert node.fullmatch(line) or edge.fullmatch(line) or plain.fullmatch(line), line
    for label in re.findall(r'"([^"]*)"', text):
        # Only entity codes, and our own line breaks, use Mermaid's and HTML's characters.
        rest = re.sub(r"#(?:[A-Za-z]+|\d+);", "", label.replace("<br/>", ""))
        assert not set(rest) & set("#&<>;:%|`\\\n\r"), label


# -- the worked example ----------------------------------------------------------------


def test_the_example_has_every_configuration_and_element(example_theory):
    text = to_mermaid(example_theory)
    flat = text.replace("<br/>", " ")
    for number, configuration in enumerate(example_theory.configurations, start=1):
        assert f'|"CMOC {number} · {configuration.status}"|' in text
    for data in dict(example_theory.graph.nodes(data=True)).values():
        element = data["elements"][0]
        if isinstance(element, Mechanism):
            for caption, half in (("Resource", element.resource),
                                  ("Reasoning", element.reasoning)):
                assert half is None or mermaid_text(f"{caption}: {half}") in flat
        else:
            assert mermaid_text(data["label"]) in flat
    assert_escaped(text)


def test_the_example_is_drawn_as_mermaid_reads_it(example_theory, mermaid_parser):
    text = to_mermaid(example_theory)
    assert_parsed_as_drawn(mermaid_parser.parse(text), example_theory)
    assert title_of(text) == ("Social prescribing link workers (worked example) · "
                              "version v2 · 11 configurations")


def test_chained_configurations_share_their_node(example_theory):
    text = to_mermaid(example_theory, labels="id")
    ids = mermaid_ids(example_theory)
    declared = re.findall(r"^ +(n_\w+)[(\[{>]", text, flags=re.M)
    assert sorted(declared) == sorted(ids.values())  # one node per element, once
    for chain in example_theory.chains():
        via = ids[chain.via]
        assert re.search(rf'-->\|"{chain.upstream}"\| {via}$', text, flags=re.M)
        assert re.search(rf'^  {via} -->\|"{chain.downstream} · ', text, flags=re.M)
    assert f"{ids['trust']}[[" in text  # a chain link has its own shape


def test_themes_are_subgraphs_holding_their_mechanisms(example_theory):
    text = to_mermaid(example_theory)
    blocks = re.findall(r'  subgraph theme_\d+\["([^"]*)"\]\n(.*?)\n  end', text, flags=re.S)
    assert [title for title, _ in blocks] == list(example_theory.themes)
    ids = mermaid_ids(example_theory)
    for configuration in example_theory.configurations:
        (body,) = [body for title, body in blocks if title == configuration.theme]
        assert f"    {ids[example_theory.node(configuration.mechanism)]}[" in body
    # Used by configurations of two themes, it sits between them.
    assert re.search(rf"^  {ids['referral-agreed']}\[\[", text, flags=re.M)


def test_no_evidence_text_appears(example_theory):
    shown = decoded(to_mermaid(example_theory))
    for excerpt in example_theory.collection.excerpts:
        assert normalised(excerpt.text)[:40] not in shown


# -- filters and options ---------------------------------------------------------------


def test_a_theme_filter_draws_only_that_theme(example_theory):
    text = to_mermaid(example_theory, themes=["Trust and hope"], labels="id")
    kept = {"trust-through-skills", "anchor-point", "hope-through-trust"}
    for configuration in example_theory.configurations:
        assert (f'|"{configuration.id} · ' in text) == (configuration.id in kept)
    assert text.count("subgraph ") == 1
    assert title_of(text).endswith("3 configurations")


def test_a_configuration_filter_draws_only_those(example_theory, mermaid_parser):
    text = to_mermaid(example_theory, configurations="hope-through-trust")
    # Numbered as in the whole theory, where it is the fourth.
    assert re.findall(r'\|"([^"]*)"\|', text) == ["CMOC 4 · new", "CMOC 4"]
    parsed = mermaid_parser.parse(text)
    assert len(parsed["vertices"]) == 3


@pytest.mark.parametrize("option", ["themes", "configurations"])
def test_unknown_filter_names_are_refused(example_theory, option):
    with pytest.raises(InputError, match=r"is not in this theory \(use one of: ") as error:
        to_mermaid(example_theory, **{option: ["Nope"]})
    assert "'Nope'" in str(error.value)


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_every_direction(example_theory, direction):
    assert to_mermaid(example_theory, direction=direction).split("\n")[3] == \
        f"flowchart {direction}"


def test_bad_options_are_refused(example_theory):
    with pytest.raises(ValueError, match=r"unknown direction: 'down' \(must be one of"):
        to_mermaid(example_theory, direction="down")
    with pytest.raises(ValueError, match="at least 8"):
        to_mermaid(example_theory, wrap=4)


def test_labels_wrap_between_words():
    theory = theory_of(configuration("c1", context="word " * 12))
    node = re.search(r'n_c_word\w*\("([^"]*)"\)', to_mermaid(theory, wrap=10))
    assert node is not None and node.group(1).split("<br/>") == ["word word"] * 6


# -- edges: status, evidence ----------------------------------------------------------

PAPER = Source(id="paper", kind="publication")


def configuration(identifier: str, *, status: str = "proposed", theme: str | None = "T",
                  context: str = "Patient is ready", stances: tuple[str, ...] = (),
                  ) -> Configuration:
    evidence = tuple(Evidence(excerpt=Excerpt(id=f"{identifier}-q{n}", source=PAPER,
                                              text="Confidential words."), stance=stance)
                     for n, stance in enumerate(stances))
    return Configuration(
        id=identifier, theme=theme, status=status, contexts=[{"label": context}],
        mechanism={"resource": "Link worker offers support", "reasoning": "Patient feels able"},
        outcomes=[{"label": "Patient connects"}], evidence=evidence)


def theory_of(*configurations: Configuration, **fields: Any) -> ProgrammeTheory:
    return ProgrammeTheory(Collection(configurations=configurations, **fields))


def test_refuted_configurations_are_dotted_and_marked(mermaid_parser):
    theory = theory_of(configuration("kept", status="supported", stances=("supports",)),
                       configuration("dropped", status="refuted", context="Patient is not ready",
                                     stances=("refutes", "refutes")),
                       configuration("mixed", context="Patient is unsure",
                                     stances=("refutes", "supports")))
    text = to_mermaid(theory, labels="id")
    assert re.search(r' -\.->\|"dropped · refuted"\| ', text)
    assert re.search(r' -->\|"kept · supported"\| ', text)
    assert "linkStyle 0,1 stroke:#4D4D4D,stroke-width:2.4px" in text  # supported, 1 piece
    assert "linkStyle 2,3 stroke:#D55E00,stroke-width:3.1px" in text  # refuting, 2 pieces
    # Evidence for and against: amber, not the vermillion of a refutation.
    assert "linkStyle 4,5 stroke:#E69F00,stroke-width:3.1px" in text
    assert_parsed_as_drawn(mermaid_parser.parse(text), theory, labels="id")


def test_configurations_are_named_by_number_id_or_not_at_all(mermaid_parser):
    theory = theory_of(configuration("kept", status="supported"),
                       configuration("seven", context="Patient is unsure").replaced(number=7))
    # Numbered after the highest number written: 7 is taken, so "kept" is 8.
    assert sorted(re.findall(r'\|"([^"]*)"\|', to_mermaid(theory))) == [
        "CMOC 7", "CMOC 7 · proposed", "CMOC 8", "CMOC 8 · supported"]
    assert sorted(re.findall(r'\|"([^"]*)"\|', to_mermaid(theory, labels="id"))) == [
        "kept", "kept · supported", "seven", "seven · proposed"]
    bare = to_mermaid(theory, labels="none")
    assert sorted(re.findall(r'\|"([^"]*)"\|', bare)) == ["proposed", "supported"]
    assert_escaped(bare)
    assert len(mermaid_parser.parse(bare)["edges"]) == 4
    with pytest.raises(ValueError, match=r"unknown labels: 'ids' \(must be one of \['id', "
                                         r"'none', 'number'\]\)"):
        to_mermaid(theory, labels="ids")


def test_a_theory_too_large_is_refused_with_the_fix():
    many = [configuration(f"c{n}", context=f"Context {n}") for n in range(MAX_CONFIGURATIONS + 1)]
    with pytest.raises(InputError, match=r"151 configurations, too many .* \(at most 150\)") \
            as error:
        to_mermaid(theory_of(*many))
    assert "filter by theme" in str(error.value)
    assert to_mermaid(theory_of(*many), configurations=["c1", "c2"])  # the fix works


def test_collections_are_accepted():
    assert to_mermaid(Collection(configurations=[configuration("c1")])).startswith("---\n")


# -- escaping ------------------------------------------------------------------------

AWKWARD = ['He said "no" & left', "#quot; and #35; typed", "a;b:c|d`e`\\f", "50% %%{init: {}}%%",
           "<b>bold</b> &lt;not&gt;", "[brackets] {braces} (parens) ((double))", "end",
           "style x fill:#f00;", "classDef x fill:#fff;", "A --> B -.-> C", "subgraph end",
           "emoji 🙂 and ש and 中文 — é", "line one\nline two\ttab", "x" * 60]


def awkward_theory() -> ProgrammeTheory:
    configurations = [
        Configuration(
            id=identifier, theme=text, label=text, status="refuted" if n % 2 else "new",
            contexts=[{"id": f"c{n}", "label": text}],
            mechanism={"id": f"m.{n}", "resource": text, "reasoning": text + " !"},
            outcomes=[{"id": f"end-{n}", "label": text + " ?"}],
            interventions=[{"id": "end", "label": text}] if n == 0 else [],
            actors=[{"id": "graph", "label": text}] if n == 1 else [])
        for n, (identifier, text) in enumerate(zip(
            ["end", "a.b", "a-b", "a_b", "subgraph", "o-x", "x--y", "click", "1", "style",
             "classDef", "default", "flowchart", "long"], AWKWARD, strict=True))]
    return theory_of(*configurations, title='Title "quoted" #1; <x> & 100%', version="v:2")


def test_awkward_text_follows_the_escaping_rules():
    text = to_mermaid(awkward_theory())
    assert_escaped(text)
    assert title_of(text) == 'Title "quoted" #1; <x> & 100% · version v:2 · 14 configurations'
    for label in AWKWARD:
        assert mermaid_text(label) in text.replace("<br/>", " ")


def test_awkward_text_is_read_back_by_mermaid(mermaid_parser):
    theory = awkward_theory()
    assert_parsed_as_drawn(mermaid_parser.parse(to_mermaid(theory)), theory)


def test_node_ids_are_safe_and_distinct():
    taken: set[str] = set()
    names = ["end", "a.b", "a-b", "a_b", "a_b_2", "-x", "graph"]
    ids = [mermaid_id(name, taken) for name in names]
    assert ids == ["n_end", "n_a_b", "n_a_b_2", "n_a_b_3", "n_a_b_2_2", "n__x", "n_graph"]
    assert len(set(ids)) == len(ids)


@given(collections())
def test_any_theory_is_read_back_by_mermaid(mermaid_parser, collection):
    theory = ProgrammeTheory(collection)
    text = to_mermaid(theory)
    assert_escaped(text)
    assert_parsed_as_drawn(mermaid_parser.parse(text), theory)


@given(collections())
def test_any_theory_follows_the_escaping_rules(collection):
    assert_escaped(to_mermaid(collection))


# -- writing ---------------------------------------------------------------------------


def test_write_mermaid_writes_the_text_atomically(example_theory, tmp_path):
    path = write_mermaid(example_theory, tmp_path / "theory.mmd", themes="Trust and hope",
                         quotes=False)
    assert path == tmp_path / "theory.mmd"
    assert path.read_text(encoding="utf-8") == \
        to_mermaid(example_theory, themes="Trust and hope") + "\n"
    with pytest.raises(InputError):
        write_mermaid(example_theory, path, themes="Nope")
    assert path.read_text(encoding="utf-8").endswith("\n")  # left as it was
    assert [p.name for p in tmp_path.iterdir()] == ["theory.mmd"]  # no temporary file left

