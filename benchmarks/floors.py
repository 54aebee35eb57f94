"""The floors: the raw work of each stage done by the dependency alone, without ``cmo``.

A floor does the same work on the same input as far as the dependency can: it parses the
same file, builds the same graph, writes text of the same size and shape. What ``cmo``
adds on top (its checks, its models, its bookkeeping) is the ratio's excess over 1.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import textwrap
import zipfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any, Literal

import networkx as nx
import yaml
from lxml import etree
from pydantic import BaseModel, ConfigDict

from cmo.models import Collection, Configuration

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
STANCES = ("supports", "refutes", "refines")


# -- load: the file's own structure as plain pydantic models -------------------------------

class _Plain(BaseModel):
    """Built-in checks only (types, unknown fields): none of ``cmo``'s own validators."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class PlainSource(_Plain):
    id: str
    kind: Literal["interview", "observation", "focus group", "document", "publication", "other"]
    title: str | None = None
    participant: str | None = None
    participant_role: str | None = None
    site: str | None = None
    wave: str | None = None
    date: dt.date | None = None
    citation: str | None = None
    doi: str | None = None
    url: str | None = None
    notes: str | None = None
    text: str | None = None


class PlainExcerpt(_Plain):
    id: str
    source: str
    text: str
    start: int | None = None
    end: int | None = None
    page: str | None = None
    line: int | None = None
    timestamp: str | None = None
    codes: tuple[str, ...] = ()


class PlainElement(_Plain):
    kind: Literal["context", "mechanism", "outcome", "intervention", "actor"] | None = None
    id: str | None = None
    label: str | None = None
    resource: str | None = None
    reasoning: str | None = None
    description: str | None = None
    aliases: tuple[str, ...] = ()


class PlainEvidence(_Plain):
    excerpt: str
    stance: Literal["supports", "refutes", "refines"]
    note: str | None = None


class PlainConfiguration(_Plain):
    id: str
    label: str | None = None
    theme: str | None = None
    status: str = "proposed"
    rationale: str | None = None
    derived_from: tuple[str, ...] = ()
    contexts: tuple[str | PlainElement, ...] = ()
    mechanism: str | PlainElement | None = None
    outcomes: tuple[str | PlainElement, ...] = ()
    interventions: tuple[str | PlainElement, ...] = ()
    actors: tuple[str | PlainElement, ...] = ()
    evidence: tuple[PlainEvidence, ...] = ()
    theories: tuple[str, ...] = ()
    notes: str | None = None


class PlainTheory(_Plain):
    name: str
    citation: str | None = None
    doi: str | None = None
    description: str | None = None


class PlainDocument(_Plain):
    """An authoring file (YAML or JSON) as it is written: references by id, no cross-checks."""

    id: str | None = None
    title: str | None = None
    version: str | None = None
    revises: str | None = None
    date: dt.date | None = None
    description: str | None = None
    theories: tuple[PlainTheory, ...] = ()
    sources: tuple[PlainSource, ...] = ()
    excerpts: tuple[PlainExcerpt, ...] = ()
    elements: tuple[PlainElement, ...] = ()
    configurations: tuple[PlainConfiguration, ...] = ()


def load_yaml_plainly(path: Path) -> PlainDocument:
    return PlainDocument.model_validate(yaml_data(path.read_text(encoding="utf-8")))


_RESOLVER = yaml.resolver.Resolver()
_PLAIN_SCALARS: dict[str, Any] = {
    "tag:yaml.org,2002:int": int, "tag:yaml.org,2002:float": float,
    "tag:yaml.org,2002:null": lambda value: None,
    "tag:yaml.org,2002:bool": lambda value: value.lower() in ("true", "yes", "on"),
    "tag:yaml.org,2002:timestamp": dt.date.fromisoformat,
}


def yaml_data(text: str) -> Any:
    """The data of a YAML document, built from PyYAML's C event parser in the simplest way.

    ``yaml.load`` with the C loader is twice as slow as this (it composes a node tree,
    then constructs from it in Python), and slower than ``cmo`` itself: the fastest road
    PyYAML offers is its event stream, which ``cmo`` takes too, so that is the floor.
    """
    stack: list[Any] = []
    keys: list[Any] = []
    root: Any = None

    def add(value: Any) -> None:
        nonlocal root
        if not stack:
            root = value
        elif isinstance(stack[-1], list):
            stack[-1].append(value)
        elif keys[-1] is _NO_KEY:
            keys[-1] = value
        else:
            stack[-1][keys[-1]] = value
            keys[-1] = _NO_KEY

    for event in yaml.parse(text, Loader=_Loader):
        kind = type(event)
        if kind is yaml.ScalarEvent:
            value: Any = event.value
            if event.implicit[0]:
                tag = _RESOLVER.resolve(yaml.ScalarNode, value, event.implicit)
                value = _PLAIN_SCALARS.get(tag, str)(value)
            add(value)
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            container: Any = {} if kind is yaml.MappingStartEvent else []
            add(container)
            stack.append(container)
            keys.append(_NO_KEY)
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            stack.pop()
            keys.pop()
    return root


_NO_KEY: Any = object()


def load_json_plainly(path: Path) -> PlainDocument:
    return PlainDocument.model_validate(json.loads(path.read_text(encoding="utf-8")))


# -- graph and queries: a bare networkx graph ----------------------------------------------

GraphParts = tuple[list[tuple[str, dict[str, Any]]], list[tuple[str, str, str, dict[str, Any]]]]


def graph_parts(graph: nx.MultiDiGraph) -> GraphParts:
    """The nodes and edges, with their attributes, of a theory's graph: the floor's input."""
    return list(graph.nodes(data=True)), list(graph.edges(keys=True, data=True))


def bare_graph(parts: GraphParts) -> nx.MultiDiGraph:
    nodes, edges = parts
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from(edges)
    return graph


def plain_support_counts(configurations: Iterable[Configuration]) -> list[tuple[Any, ...]]:
    """The counts of :class:`cmo.Support`, in one plain pass over each configuration's evidence."""
    rows = []
    for configuration in configurations:
        links: Counter[str] = Counter()
        by_stance: dict[str, dict[str, Any]] = {stance: {} for stance in STANCES}
        for evidence in configuration.evidence:
            links[evidence.stance] += 1
            source = evidence.excerpt.source
            by_stance[evidence.stance].setdefault(source.id, source)
        sources = {i: s for found in by_stance.values() for i, s in found.items()}
        distinct = [len({getattr(s, name) for s in sources.values()} - {None})
                    for name in ("participant", "site", "wave", "participant_role", "kind")]
        cases = {s.participant or s.id for s in by_stance["refutes"].values()}
        rows.append((configuration.id, sum(links.values()), len(sources), *distinct,
                     *(links[stance] for stance in STANCES),
                     *(len(by_stance[stance]) for stance in STANCES), len(cases)))
    return rows


def plain_matrix(collection: Collection) -> Counter[tuple[str, str, str]]:
    """The framework matrix by participant: evidence counted by (participant, configuration,
    stance) in one plain pass."""
    counts: Counter[tuple[str, str, str]] = Counter()
    for configuration in collection.configurations:
        for evidence in configuration.evidence:
            participant = evidence.excerpt.source.participant or "(not given)"
            counts[participant, configuration.id, evidence.stance] += 1
    return counts


def plain_agreement(first: Collection, second: Collection) -> tuple[float, float]:
    """Cohen's kappa (statsmodels) and Krippendorff's alpha (krippendorff) of two coders on
    every (configuration, excerpt) pair: the pairs either coder cited, valued by stance,
    found in one plain pass; the rest, cited by neither, counted and handed over whole."""
    import krippendorff
    import numpy
    from statsmodels.stats.inter_rater import cohens_kappa

    categories = (*STANCES, "not cited")
    cited: dict[tuple[str, str], list[int]] = {}
    for coder, collection in enumerate((first, second)):
        for configuration in collection.configurations:
            for evidence in configuration.evidence:
                unit = cited.setdefault((configuration.id, evidence.excerpt.id), [3, 3])
                unit[coder] = categories.index(evidence.stance)
    configurations = {c.id for c in first.configurations} | {c.id for c in second.configurations}
    excerpts = {e.id for e in first.excerpts} | {e.id for e in second.excerpts}
    neither = len(configurations) * len(excerpts) - len(cited)
    table = numpy.zeros((4, 4))
    agreed = numpy.zeros(4, dtype=numpy.int64)
    rows = []
    for a, b in cited.values():
        table[a, b] += 1
        if a == b:
            agreed[a] += 2
        else:
            rows.append(numpy.bincount([a, b], minlength=4))
    table[3, 3] += neither
    agreed[3] += 2 * neither
    rows += [numpy.eye(4, dtype=numpy.int64)[c] * n for c, n in enumerate(agreed) if n]
    kappa = float(cohens_kappa(table, return_results=False))
    alpha = float(krippendorff.alpha(value_counts=numpy.array(rows),
                                     level_of_measurement="nominal"))
    return kappa, alpha


def plain_outcomes_reached(graph: nx.MultiDiGraph, contexts: Iterable[str]) -> list[list[str]]:
    """From each context node, every outcome downstream, following chains: from a state along
    a configuration's edge (its key) to its mechanism, on along the same configuration's
    edges to its outcomes, which are states again."""
    successors = graph.succ
    reached = []
    for start in contexts:
        seen, frontier, found = {start}, [start], {}
        while frontier:
            following = []
            for state in frontier:
                for middle, keys in successors[state].items():
                    for outcome, outcome_keys in successors[middle].items():
                        if keys.keys() & outcome_keys.keys():
                            found.setdefault(outcome, None)
                            if outcome not in seen:
                                seen.add(outcome)
                                following.append(outcome)
            frontier = following
        reached.append(list(found))
    return reached


# -- diff and merge: values keyed by id and compared ---------------------------------------

def plain_diff(old: Collection, new: Collection) -> tuple[list[str], list[str], list[str]]:
    """Configurations added, removed and changed, matched by id and compared as values."""
    before = {c.id: c for c in old.configurations}
    after = {c.id: c for c in new.configurations}
    added = [i for i in after if i not in before]
    removed = [i for i in before if i not in after]
    changed = [i for i, c in after.items() if i in before and before[i] != c]
    return added, removed, changed


def plain_merge(first: Collection, second: Collection) -> dict[str, dict[tuple[str, str], Any]]:
    """Every value of both versions keyed by kind and id; those sharing a key compared."""
    merged: dict[str, dict[tuple[str, str], Any]] = {}
    for field in ("sources", "excerpts", "elements", "configurations"):
        kept: dict[tuple[str, str], Any] = {}
        for collection in (first, second):
            for value in getattr(collection, field):
                key = (getattr(value, "kind", ""), value.sort_key)
                seen = kept.setdefault(key, value)
                if seen is not value and seen != value:
                    kept[(key[0], key[1] + ".2")] = value
        merged[field] = kept
    return merged


# -- Graphviz: DOT text by string joins, and dot itself ------------------------------------

_NODE_STYLE = {"context": 'color="#0072B2" fillcolor="#DCEFFB" shape=box style="rounded,filled"',
               "outcome": 'color="#007A5A" fillcolor="#CFEEE4" shape=ellipse style=filled',
               "mechanism": "shape=plain"}


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def plain_dot(parts: GraphParts, themes: dict[str, str]) -> str:
    """The same nodes (label, style, tooltip), theme clusters and edges (tooltip of each
    configuration's counts), joined as DOT text."""
    nodes, edges = parts
    clusters: dict[str, list[str]] = {}
    for name, data in nodes:
        kind = data["kind"]
        label = escape(data["label"])
        if kind == "mechanism":
            label = ('<table border="1" cellborder="0"><tr><td align="left"><b>RESOURCE</b><br/>'
                     f"{label}</td></tr></table>")
        line = (f"\t{_quoted(name)} [label=<{label}> {_NODE_STYLE.get(kind, 'shape=box')} "
                f"tooltip={_quoted(name + ' (' + kind + '); in ' + ', '.join(data['configurations']))}]")
        home = {themes.get(c) for c in data["configurations"]}
        clusters.setdefault(home.pop() if len(home) == 1 else "", []).append(line)
    lines = ["digraph programme_theory {", '\tgraph [rankdir=LR fontname="Helvetica"]']
    for number, (theme, members) in enumerate(clusters.items()):
        if theme:
            lines.append(f"\tsubgraph cluster_theme_{number} {{\n\t\tlabel=<<b>{escape(theme)}</b>>")
        lines += members
        if theme:
            lines.append("\t}")
    lines += [f"\t{_quoted(u)} -> {_quoted(v)} [color=\"#4D4D4D\" penwidth=3.1 style=solid "
              f"tooltip={_quoted(_counts(key, data))}]" for u, v, key, data in edges]
    return "\n".join([*lines, "}"]) + "\n"


def _counts(key: str, data: dict[str, Any]) -> str:
    return (f"{key}: {len(data['evidence'])} evidence ({data['supports']} supports, "
            f"{data['refutes']} refutes, {data['refines']} refines)")


def dot_directly(source: str) -> bytes:
    """The same DOT source laid out by ``dot -Tsvg``, called directly."""
    return subprocess.run(["dot", "-Tsvg"], input=source.encode("utf-8"), capture_output=True,
                          check=True).stdout


# -- outline: the same lines wrapped by textwrap -------------------------------------------

#: An outline line's indent, and its continuation lines' indent, by how deep it is (the title
#: and themes, a configuration's heading, its parts).
_OUTLINE_INDENTS: dict[int, tuple[str, str]] = {0: ("", "  "), 2: ("  ", "      "),
                                                4: ("    ", "       ")}
OutlineLines = list[tuple[str, str, str]]


def outline_lines(unwrapped: str) -> OutlineLines:
    """Each line of an outline made without wrapping, with its two indents: the floor's
    input, the same strings the outline wraps (made untimed)."""
    lines = []
    for line in unwrapped.splitlines():
        text = line.lstrip(" ")
        first, following = _OUTLINE_INDENTS[len(line) - len(text)] if text else ("", "")
        lines.append((text, first, following))
    return lines


def plain_outline(lines: OutlineLines, width: int = 88) -> str:
    """The same lines wrapped by ``textwrap`` at the same width, with the same indents and
    rules (no word cut, none broken at a hyphen), and joined."""
    wrapped: list[str] = []
    for text, first, following in lines:
        wrapped += textwrap.wrap(text, width=width, initial_indent=first,
                                 subsequent_indent=following, break_long_words=False,
                                 break_on_hyphens=False) if text else [""]
    return "\n".join(wrapped)


# -- QDPX: lxml and zipfile ----------------------------------------------------------------

def read_project_plainly(path: Path) -> tuple[Any, list[str]]:
    """lxml parsing the project XML, and the source texts read and decoded."""
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("project.qde"), etree.XMLParser(huge_tree=True))
        texts = [archive.read(name).decode("utf-8-sig") for name in archive.namelist()
                 if name.lower().startswith("sources/")]
    return root, texts


@dataclass(frozen=True, slots=True)
class ProjectParts:
    """What a project archive holds, as its dependencies hold it before they serialise it:
    the project XML as an lxml tree, the theory note as JSON data, the other files' bytes."""

    project: Any
    note_name: str | None
    note: Any
    files: dict[str, bytes]


def project_parts(path: Path) -> ProjectParts:
    """The parts of the archive ``cmo`` wrote, read back (untimed) for the floor to write."""
    with zipfile.ZipFile(path) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    project = etree.fromstring(files.pop("project.qde"), etree.XMLParser(huge_tree=True))
    notes = [name for name, data in files.items() if data.lstrip(b"\xef\xbb\xbf").startswith(b"{")]
    note_name = notes[0] if notes else None
    note = json.loads(files.pop(note_name)) if note_name else None
    return ProjectParts(project, note_name, note, files)


def write_project_plainly(parts: ProjectParts, path: Path) -> Path:
    """lxml serialising the same project XML tree, json the same theory note, and zipfile
    compressing them with the same source files into an archive."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", etree.tostring(parts.project, encoding="utf-8",
                                                       xml_declaration=True))
        if parts.note_name is not None:
            archive.writestr(parts.note_name,
                             json.dumps(parts.note, ensure_ascii=False).encode("utf-8"))
        for name, data in parts.files.items():
            archive.writestr(name, data)
    return path


# -- report: the same HTML by string joins -------------------------------------------------

def plain_report(collection: Collection, path: Path) -> Path:
    """The report's table of configurations and its folded evidence, as plain HTML."""
    rows, folded = [], []
    for c in collection.configurations:
        links = Counter(e.stance for e in c.evidence)
        sources = len({e.excerpt.source.id for e in c.evidence})
        sentence = (f"If {', '.join(e.label for e in c.contexts)}, then "
                    f"{', '.join(e.label for e in c.outcomes)}, because "
                    f"{c.mechanism.label if c.mechanism else '(mechanism not yet known)'}.")
        rows.append(f"<tr><td><code>{escape(c.id)}</code></td><td>{escape(c.theme or '')}</td>"
                    f"<td>{escape(sentence)}</td><td>{escape(c.status)}</td>"
                    f"<td class='n'>{links['supports']}</td><td class='n'>{links['refutes']}</td>"
                    f"<td class='n'>{links['refines']}</td><td class='n'>{sources}</td></tr>")
        items = "".join(f"<li><b>{escape(e.stance)}</b> <code>{escape(e.excerpt.id)}</code> "
                        f"({escape(e.excerpt.source.id)})<blockquote>{escape(e.excerpt.text)}"
                        "</blockquote></li>" for e in c.evidence)
        folded.append(f"<details><summary><code>{escape(c.id)}</code>: {len(c.evidence)} "
                      f"pieces</summary><ul>{items}</ul></details>")
    text = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>"
            f"{escape(collection.title or '')}</title></head><body><table>{''.join(rows)}</table>"
            f"{''.join(folded)}</body></html>")
    path.write_bytes(text.encode("utf-8"))
    return path
