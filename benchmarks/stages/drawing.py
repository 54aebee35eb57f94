"""Diagrams and the outline: DOT source, layout by ``dot``, the plain-text outline."""

from __future__ import annotations

import subprocess
import textwrap
from html import escape
from typing import Any, Final

from workload import Workload

from cmo.render import to_dot, to_outline
from cmo.render.backend import render
from cmo.render.views import summary_dot

from .common import Stage, Work
from .questions import GraphParts, graph_parts

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


def _dot_source(w: Workload) -> tuple[Work, Work]:
    parts = graph_parts(w.theory.graph)
    themes = {c.id: c.theme or "" for c in w.collection.configurations}
    return lambda: to_dot(w.theory).source, lambda: plain_dot(parts, themes)


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
    Stage("dot-source", "the same nodes, clusters and edges joined as DOT text", _dot_source),
    Stage("dot-layout", "dot -Tsvg run directly on the same source (the summary view: one box "
          "per theme)", _dot_layout),
    Stage("outline", "textwrap wrapping the same lines (the outline made unwrapped, untimed) "
          "with the same indents, joined", _outline),
)
