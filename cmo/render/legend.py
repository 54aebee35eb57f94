"""The diagram's legend: a box with one sample of each kind of element and line drawn.

The samples are real nodes and edges in the styles of :mod:`cmo.render.style`, so the
legend cannot drift from the diagram. Only what the diagram shows is explained.

Example:
    >>> import graphviz
    >>> digraph = graphviz.Digraph()
    >>> add_legend(digraph, kinds=["outcome", "context"], edges=["supported"], wrap=20)
    >>> print(digraph.source)  # doctest: +ELLIPSIS
    digraph {
        subgraph cluster_legend {
    ...
            "legend context" [...]
            "legend outcome" [...]
    ...
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Final

import graphviz

from ..models import Mechanism
from . import style
from .labels import key_label, mechanism_label

__all__ = ["LEGEND", "add_legend"]

#: The legend's cluster name; node names in it have a space, which no element id has.
LEGEND: Final = "cluster_legend"
_SAMPLE_MECHANISM: Final = Mechanism(label="Mechanism", resource="what the programme offers",
                                     reasoning="how people respond to it")
#: Evidence counts drawn in the line-width samples.
_THIN, _THICK = 1, 7


def add_legend(digraph: graphviz.Digraph, *, kinds: Iterable[str], edges: Iterable[str],
               wrap: int, badge: str = "") -> None:
    """Add a legend cluster to ``digraph``, or nothing when there is nothing to explain.

    Args:
        digraph: the diagram.
        kinds: keys of :data:`~cmo.render.style.NODE_STYLES` that the diagram uses.
        edges: keys of :data:`~cmo.render.style.EDGE_STYLES` that the diagram uses.
        wrap: characters per line of the explanations.
        badge: what the mechanism's badge names (``"CMOC number"``), when the diagram
            draws badges.
    """
    kinds, edges = set(kinds), set(edges)
    shown = [key for key in style.NODE_STYLES if key in kinds]
    if not shown:
        return
    with digraph.subgraph(name=LEGEND) as legend:
        legend.attr(**style.CLUSTER, label="<<b>Legend</b>>", tooltip="Legend")
        legend.attr(fillcolor="white")
        for key in shown:
            look = style.NODE_STYLES[key]
            label = (mechanism_label(_SAMPLE_MECHANISM, wrap=wrap, badge=badge)
                     if key == "mechanism"
                     else key_label(look.name, look.meaning, wrap=wrap))
            legend.node(f"legend {key}", label=label, tooltip=look.name, **look.attributes())
        samples = [(look, look.name.capitalize(), look.meaning, _THIN)
                   for name, look in style.LINE_STYLES.items() if name in edges]
        if edges - {"unsupported"}:
            samples.append((style.EDGE_STYLES["supported"], "Thicker line", "more evidence",
                            _THICK))
        row = [f"legend {key}" for key in shown]
        if samples:
            legend.node("legend lines", label=_lines_label(samples, wrap=wrap), shape="plain",
                        tooltip="Lines")
            row.append("legend lines")
        # Invisible edges lay the samples out in one row, in the order of the causal flow.
        for tail, head in itertools.pairwise(row):
            legend.edge(tail, head, style="invis")


def _lines_label(samples: list[tuple[style.EdgeStyle, str, str, int]], *, wrap: int) -> str:
    """A table of line samples: what each line style means, and a stretch of that line."""
    rows = "".join(
        f'<tr><td align="right">{key_label(name, meaning, wrap=wrap)[1:-1]}</td>'
        f'{_line_sample(look, evidence)}</tr>'
        for look, name, meaning, evidence in samples
    )
    return f'<<table border="0" cellspacing="4" cellpadding="2">{rows}</table>>'


def _line_sample(look: style.EdgeStyle, evidence: int) -> str:
    """A table cell drawing a stretch of the line: its bottom border, or, for a line of
    several colours (drawn side by side), one border per colour, stacked."""
    border = round(float(style.penwidth(evidence)))
    colors = look.color.split(":")
    if len(colors) == 1:
        return (f'<td width="56" sides="b" border="{border}" color="{look.color}" '
                f'style="{look.style}"></td>')
    stacked = "".join(f'<tr><td fixedsize="true" width="56" height="{border + 1}" sides="b" '
                      f'border="{border}" color="{color}" style="{look.style}"></td></tr>'
                      for color in colors)
    return (f'<td cellpadding="0" valign="bottom"><table border="0" cellspacing="0" '
            f'cellpadding="0" fixedsize="true" width="56" height="{(border + 1) * len(colors)}">'
            f'{stacked}</table></td>')
