"""Building the Graphviz diagram of a programme theory (DOT source; no ``dot`` needed).

The diagram flows left to right: interventions, actors and contexts, then mechanisms, then
outcomes. Each theme is a box (a Graphviz cluster) titled with the theme's name.

Where an element sits among themes:
    an element goes inside a theme's box only when *every* configuration using it belongs
    to that theme. An element that configurations of several themes (or configurations
    without a theme) share is drawn outside every box, between them: a node can sit in
    one cluster only, and putting it in one theme would wrongly suggest it belongs there.
    A theme whose elements are all shared has no box of its own.

Edges:
    the graph has one edge per configuration between two elements; the diagram draws one
    line per pair of elements, whose width grows with the evidence of all those
    configurations together, whose tooltip lists them with their counts, dashed
    vermillion when their evidence refutes and none supports, a double line (grey and
    vermillion) when evidence both supports and refutes (mixed), dotted grey when there is
    none. Evidence text never appears on the diagram, only counts.

Configuration names:
    each configuration is named on the diagram ("CMOC 7", or its id): a badge at the head
    of its mechanism (a mechanism several configurations share lists them all), or, for a
    configuration without a mechanism, a label on its line from context to outcome.

Example:
    >>> from cmo.models import Collection, Configuration
    >>> hope = Configuration(id="hope", theme="Trust", contexts=[{"label": "Trust"}],
    ...     mechanism={"reasoning": "Patient feels hope"}, outcomes=[{"label": "Hope"}])
    >>> digraph = build_diagram(ProgrammeTheory(Collection(configurations=[hope])))
    >>> print(digraph.source)  # doctest: +ELLIPSIS
    digraph programme_theory {
    ...
        subgraph cluster_theme_1 {
    ...
        "c-trust" -> "m-patient-feels-hope" [...]
    ...
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any, Final

import graphviz
import networkx as nx

from .._helpers.labels import natural_key
from ..models import Mechanism
from ..theory.graph import ProgrammeTheory
from . import style
from .jupyter import Diagram
from .labels import element_label, mechanism_label, title_label
from .layout import layout_options
from .legend import add_legend
from .quoting import dot_attributes, dot_id, html_text, plain_lines, plain_text

__all__ = ["DEFAULT_WRAP", "DIRECTIONS", "build_diagram", "style_key", "theme_homes"]

#: Characters per line of a node's label.
DEFAULT_WRAP: Final = 26
#: Directions the causal flow can take: left to right, right to left, top down, bottom up.
DIRECTIONS: Final = ("BT", "LR", "RL", "TB")
#: What the legend's mechanism shows in its badge, by what the badges hold.
_BADGE_SAMPLES: Final = {"number": "CMOC number", "id": "configuration id"}
#: Evidence beyond this count adds no more layout weight to an edge.
_MAX_WEIGHT_EVIDENCE: Final = 8


def build_diagram(
    theory: ProgrammeTheory, *, direction: str = "LR", wrap: int = DEFAULT_WRAP,
    changes: Mapping[str, str] | None = None, names: Mapping[str, str] | None = None,
    labels: str = "number",
) -> graphviz.Digraph:
    """The diagram of ``theory``: elements by kind, themes as boxes, evidence as line widths.

    Args:
        theory: the programme theory to draw (already filtered, see
            :func:`cmo.render.parts.drawn_part`).
        direction: where the causal flow goes, one of :data:`DIRECTIONS`.
        wrap: characters per line of node labels (words are never cut).
        changes: for a diff diagram, what happened to each configuration (``"added"``,
            ``"refined"``, ``"merged"``, ``"split"``, ``"retained"``, ``"removed"``, by
            id): lines are coloured by it instead of by the stance of their evidence.
        names: how each configuration is named on the diagram, by id (``"CMOC 7"``); an
            empty name, or none given, draws no name.
        labels: what the names are (``"number"`` or ``"id"``), for the legend.

    Returns:
        A ``graphviz.Digraph``; the same theory always gives the same DOT source.

    Raises:
        ValueError: an unknown direction or a ``wrap`` below 8.
    """
    if direction not in DIRECTIONS:
        raise ValueError(f"unknown direction: {direction!r} (must be one of {list(DIRECTIONS)})")
    if not isinstance(wrap, int) or wrap < 8:
        raise ValueError(f"wrap must be a whole number of characters, at least 8: {wrap!r}")
    digraph = Diagram(
        "programme_theory", graph_attr={**style.GRAPH, "rankdir": direction,
                                        "label": _title(theory),
                                        **layout_options(len(theory.configurations))},
        node_attr=dict(style.NODE), edge_attr=dict(style.EDGE))
    graph = theory.graph
    # The statements are written here as DOT lines (quoted by cmo.render.quoting as the
    # graphviz package quotes) straight into the digraph's body: the same source, faster.
    ids = {node: dot_id(node) for node in graph}
    nodes = dict(graph.nodes(data=True))
    members: dict[str | None, list[str]] = {}
    for node, theme in theme_homes(theory).items():
        members.setdefault(theme, []).append(node)
    body = digraph.body
    names = {key: name for key, name in (names or {}).items() if name}
    kinds: dict[str, None] = {}
    for number, theme in enumerate(theory.themes, start=1):
        if theme not in members:
            continue
        cluster = {**style.CLUSTER, "label": f"<<b>{html_text(theme)}</b>>",
                   "tooltip": plain_text(f"Theme: {theme}")}
        body.append(f"\tsubgraph cluster_theme_{number} {{\n\t\t{dot_attributes(cluster)}\n")
        body += ["\t" + _node_statement(node, ids[node], nodes[node], wrap, kinds, names)
                 for node in members[theme]]
        body.append("\t}\n")
    body += [_node_statement(node, ids[node], nodes[node], wrap, kinds, names)
             for node in members.get(None, ())]
    looks: dict[str, None] = {}
    body += _edge_statements(graph, ids, changes, looks, names)
    add_legend(digraph, kinds=kinds, edges=looks, wrap=wrap,
               badge=_BADGE_SAMPLES.get(labels, "") if names else "")
    return digraph


def style_key(node: Mapping[str, Any]) -> str:
    """Which :data:`~cmo.render.style.NODE_STYLES` entry draws a node of the theory graph.

    An element used as one configuration's outcome and another's context is a chain link;
    one used only as a context (or only as an outcome) is drawn as that, whatever its
    declared kind.
    """
    roles = node["roles"]
    if "context" in roles and "outcome" in roles:
        return "chain"
    for role in ("context", "outcome"):
        if role in roles:
            return role
    return str(node["kind"])


def theme_homes(theory: ProgrammeTheory) -> dict[str, str | None]:
    """Each node's theme box: the one theme of every configuration using it, else None."""
    theme_of = {c.id: c.theme for c in theory.configurations}
    homes: dict[str, str | None] = {}
    theme = theme_of.__getitem__
    for node, names in theory.graph.nodes(data="configurations"):
        themes = set(map(theme, names))
        homes[node] = themes.pop() if len(themes) == 1 else None
    return homes


#: Each kind's node attributes as DOT, in name order: every one sorts between ``label`` and
#: ``tooltip``, so a node statement lists them as the graphviz package does (by name).
_NODE_ATTRIBUTES: Final = {key: dot_attributes(look.attributes())
                           for key, look in style.NODE_STYLES.items()}
def _node_statement(node: str, node_id: str, data: Mapping[str, Any], wrap: int,
                    kinds: dict[str, None], names: Mapping[str, str]) -> str:
    """The DOT line drawing ``node`` (``node_id`` as DOT); its style key is added to
    ``kinds``. A mechanism carries the names of its configurations."""
    key = style_key(data)
    kinds[key] = None
    element = data["elements"][0]
    if isinstance(element, Mechanism):
        badge = ", ".join(sorted({names[c] for c in data["configurations"] if c in names},
                                 key=natural_key))
        label = mechanism_label(element, wrap=wrap, badge=badge)
    else:
        label = element_label(str(data["label"]), wrap=wrap)
    used_by = ", ".join(data["configurations"]) or "no configuration"
    roles = " and ".join(data["roles"]) or data["kind"]
    tooltip = dot_id(plain_text(f"{node} ({roles}); in {used_by}"))
    return f"\t{node_id} [label={label} {_NODE_ATTRIBUTES[key]} tooltip={tooltip}]\n"


def _edge_statements(graph: nx.MultiDiGraph, ids: Mapping[str, str],
                     changes: Mapping[str, str] | None, looks: dict[str, None],
                     names: Mapping[str, str]) -> list[str]:
    """One DOT line per pair of elements that configurations join, in the graph's
    (deterministic) order; the name of each line style drawn is added to ``looks``.

    A line's width grows with the evidence of all its configurations together, its tooltip
    lists them with their counts; a line joining no mechanism (a context-outcome dyad) is
    labelled with the names of its configurations. Its attributes are by name, as the
    graphviz package orders them.
    """
    mechanisms = {node for node, kind in graph.nodes(data="kind") if kind == "mechanism"}
    statements = []
    # Each configuration's tooltip line, evidence and refuting evidence, made once: a
    # configuration is drawn by an edge per pair of elements it joins.
    lines_of: dict[str, tuple[str, int, int]] = {}
    # The adjacency dicts themselves (tail, then head, then one edge per configuration), as
    # graph.adjacency() hands them, in the order graph.edges() gives; networkx's views
    # would cost as much as the rest together.
    for tail, heads in graph.adjacency():
        tail_id = ids[tail]
        for head, keyed in heads.items():
            evidence = refutes = 0
            lines = []
            for data in keyed.values():
                known = lines_of.get(data["configuration"])
                if known is None:
                    known = lines_of[data["configuration"]] = _configuration_line(
                        data, names.get(data["configuration"], ""))
                line, count, refuting = known
                lines.append(line)
                evidence += count
                refutes += refuting
            what = None if changes is None else frozenset(
                changes.get(configuration, "retained") for configuration in keyed)
            look, drawn, weight = _line_attributes(evidence, refutes, what)
            looks[look] = None
            named = [names[c] for c in keyed if c in names] if (
                tail not in mechanisms and head not in mechanisms) else []
            label = f"label={dot_id(plain_text(', '.join(named)))} " if named else ""
            statements.append(f"\t{tail_id} -> {ids[head]} [{drawn} {label}"
                              f"tooltip={dot_id(plain_lines(lines, escaped=True))} {weight}]\n")
    return statements


def _configuration_line(data: Mapping[str, Any], name: str = "") -> tuple[str, int, int]:
    """A configuration's line of an edge tooltip (plain text), its evidence and refuting
    evidence, from the data of one of its graph edges."""
    count = len(data["evidence"])
    named = data["configuration"] if not name or name == data["configuration"] else (
        f"{name} {data['configuration']}")
    return (f"{plain_text(named)}: {count} evidence ({data['supports']} "
            f"supports, {data['refutes']} refutes, {data['refines']} refines)",
            count, data["refutes"])


@functools.lru_cache(maxsize=1024)
def _line_attributes(evidence: int, refutes: int, changes: frozenset[str] | None
                     ) -> tuple[str, str, str]:
    """How a line with this much evidence, ``refutes`` of it refuting (or, in a diff
    diagram, for configurations with these changes) is drawn: its style's name, and its
    attributes before and after the tooltip, as DOT. Few combinations recur."""
    look = (style.edge_style(evidence=evidence, refutes=refutes) if changes is None
            else style.change_style(set(changes)))
    # A heavier edge is kept shorter and straighter; capped so it cannot dominate.
    weight = 1 + min(evidence, _MAX_WEIGHT_EVIDENCE)
    return (look.name, f"color={dot_id(look.color)} penwidth={dot_id(style.penwidth(evidence))} "
            f"style={dot_id(look.style)}", f"weight={dot_id(str(weight))}")


def _title(theory: ProgrammeTheory) -> str:
    return title_label(theory.title, version=theory.collection.version,
                       configurations=len(theory.configurations))
