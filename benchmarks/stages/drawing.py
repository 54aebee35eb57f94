"""Diagrams and the outline: DOT source, layout by ``dot``, the plain-text outline."""

from __future__ import annotations

import subprocess
import textwrap
from html import escape
from typing import Any, Final

from workload import Workload

from cmo.models import Collection
from cmo.render import to_dot, to_outline
from cmo.render.backend import render
from cmo.render.views import summary_dot

from .common import Stage, Work

_NODE_STYLE = {"context": 'color="#0072B2" fillcolor="#DCEFFB" shape=box style="rounded,filled"',
               "outcome": 'color="#007A5A" fillcolor="#CFEEE4" shape=ellipse style=filled',
               "mechanism": "shape=plain"}


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


#: Each element's node, by kind and id: its name, kind, label (the mechanism's two halves),
#: the ids of the configurations using it, and their themes.
PlainNode = tuple[str, str, str, list[str], set[str]]
#: Contexts and outcomes are states: a state one configuration produces and another starts
#: from is one node (a chain).
_FAMILIES: Final = {"context": "state", "outcome": "state"}
#: Each pair of nodes a configuration joins: one tooltip line per configuration.
PlainEdges = dict[tuple[str, str], list[str]]


def plain_parts(collection: Collection) -> tuple[dict[tuple[str, str], PlainNode], PlainEdges]:
    """The nodes (name, kind, label, configurations, themes) by kind (a context and an
    outcome alike: a state) and id, and the lines between them
    (each configuration's evidence counted by stance), taken from the configurations
    themselves: each configuration's drivers and contexts join its mechanism, which joins
    its outcomes (contexts join outcomes where there is no mechanism)."""
    nodes: dict[tuple[str, str], PlainNode] = {}
    edges: PlainEdges = {}
    for configuration in collection.configurations:
        ident, theme = configuration.id, configuration.theme or ""

        def node(element: Any, ident: str = ident, theme: str = theme) -> str:
            key = (_FAMILIES.get(element.kind, element.kind), element.id)
            found = nodes.get(key)
            if found is None:
                label = (f"{element.resource or ''}</td></tr><tr><td>{element.reasoning or ''}"
                         if element.kind == "mechanism" else element.label)
                found = nodes[key] = (element.id, element.kind, label, [], set())
            found[3].append(ident)
            found[4].add(theme)
            return found[0]

        starts = [node(e) for e in (*configuration.interventions, *configuration.actors,
                                    *configuration.contexts)]
        outcomes = [node(e) for e in configuration.outcomes]
        stances = [evidence.stance for evidence in configuration.evidence]
        line = (f"{ident}: {len(stances)} evidence ({stances.count('supports')} supports, "
                f"{stances.count('refutes')} refutes, {stances.count('refines')} refines)")
        if configuration.mechanism is not None:
            mechanism = node(configuration.mechanism)
            pairs = [(start, mechanism) for start in starts]
            pairs += [(mechanism, outcome) for outcome in outcomes]
        else:
            pairs = [(start, outcome) for start in starts for outcome in outcomes]
        for pair in pairs:
            edges.setdefault(pair, []).append(line)
    return nodes, edges


def plain_dot(collection: Collection) -> str:
    """The same nodes (label, style, tooltip), theme clusters and lines (one per pair of
    elements, its tooltip each configuration's counts), taken from the collection and
    joined as DOT text."""
    nodes, edges = plain_parts(collection)
    clusters: dict[str, list[str]] = {}
    for name, kind, text, configurations, themes in nodes.values():
        label = escape(text, quote=False)
        if kind == "mechanism":
            label = ('<table border="1" cellborder="0"><tr><td align="left"><b>RESOURCE</b><br/>'
                     f"{label}</td></tr></table>")
        line = (f"\t{_quoted(name)} [label=<{label}> {_NODE_STYLE.get(kind, 'shape=box')} "
                f"tooltip={_quoted(name + ' (' + kind + '); in ' + ', '.join(configurations))}]")
        clusters.setdefault(themes.pop() if len(themes) == 1 else "", []).append(line)
    lines = ["digraph programme_theory {", '\tgraph [rankdir=LR fontname="Helvetica"]']
    for number, (theme, members) in enumerate(clusters.items()):
        if theme:
            lines.append(f"\tsubgraph cluster_theme_{number} {{\n\t\tlabel=<<b>{escape(theme)}</b>>")
        lines += members
        if theme:
            lines.append("\t}")
    lines += [f"\t{_quoted(u)} -> {_quoted(v)} [color=\"#4D4D4D\" penwidth=3.1 style=solid "
              f"tooltip={_quoted(chr(92) + 'n'.join(tooltip))}]"
              for (u, v), tooltip in edges.items()]
    return "\n".join([*lines, "}"]) + "\n"


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


def _dot_source(w: Workload) -> tuple[Work, Work]:
    return lambda: to_dot(w.theory).source, lambda: plain_dot(w.collection)


def _dot_layout(w: Workload) -> tuple[Work, Work]:
    summary = summary_dot(w.theory)
    source = summary.source
    return (lambda: render(summary, diagram_format="svg"),
            lambda: dot_directly(source))


def _outline(w: Workload) -> tuple[Work, Work]:
    lines = outline_lines(to_outline(w.theory, width=_UNWRAPPED))
    return lambda: to_outline(w.theory), lambda: plain_outline(lines)


#: A width no line of the outline reaches: each line comes out whole, for the floor.
_UNWRAPPED: Final = 10**9


STAGES: Final[tuple[Stage, ...]] = (
    Stage("dot-source", "the same nodes, clusters and lines, taken from the configurations "
          "themselves and joined as DOT text", _dot_source),
    Stage("dot-layout", "dot -Tsvg run directly on the same source (the summary view: one box "
          "per theme)", _dot_layout),
    Stage("outline", "textwrap wrapping the same lines (the outline made unwrapped, untimed) "
          "with the same indents, joined", _outline),
)
