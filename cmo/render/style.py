"""How a programme theory diagram looks: palette, shapes, line styles, one table.

Colours are light tints of the Okabe-Ito palette (safe for the common forms of colour
blindness) with a darker border of the same hue and near-black text; every kind also has
its own shape, so the diagram reads in greyscale print too.

=============  ==============================  ======================================
Kind           Shape                           Colour (fill / border)
=============  ==============================  ======================================
intervention   arrow-ended box (``cds``)       reddish purple
actor          hexagon                         yellow
context        rounded box                     sky blue / blue
mechanism      table: resource over reasoning  orange
outcome        ellipse                         bluish green
chain link     double ellipse, blue to green   context and outcome hues
=============  ==============================  ======================================

Example:
    >>> NODE_STYLES["mechanism"].fill
    '#FCE9C2'
    >>> edge_style(evidence=0, refutes=0).name
    'unsupported'
    >>> penwidth(0), penwidth(1), penwidth(7), penwidth(1000)
    ('1.2', '2.4', '4.8', '6.0')
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

__all__ = [
    "CLUSTER",
    "EDGE",
    "EDGE_STYLES",
    "FONT",
    "GRAPH",
    "NODE",
    "NODE_STYLES",
    "TEXT",
    "EdgeStyle",
    "NodeStyle",
    "edge_style",
    "penwidth",
]

FONT: Final = "Helvetica,Arial,sans-serif"
TEXT: Final = "#1A1A1A"
MUTED: Final = "#555555"


@dataclass(frozen=True, slots=True)
class NodeStyle:
    """How one kind of element is drawn, and what the legend says about it."""

    name: str
    meaning: str
    shape: str
    fill: str
    border: str
    style: str = "filled"
    peripheries: int = 1
    #: Lighter fill of the mechanism's reasoning half.
    second_fill: str = ""
    #: Colour of the mechanism's captions (RESOURCE, REASONING).
    caption: str = ""

    def attributes(self) -> dict[str, str]:
        """Graphviz node attributes (a mechanism's table draws its own box)."""
        if self.shape == "plain":
            return {"shape": "plain"}
        attributes = {"shape": self.shape, "style": self.style, "fillcolor": self.fill,
                      "color": self.border}
        if self.peripheries != 1:
            attributes["peripheries"] = str(self.peripheries)
        return attributes


#: Node styles by kind, in legend order (the order of the causal flow).
NODE_STYLES: Final[Mapping[str, NodeStyle]] = MappingProxyType({
    "intervention": NodeStyle("Intervention / strategy", "what the programme does",
                              "cds", "#F6DFEB", "#A5527F"),
    "actor": NodeStyle("Actor", "who acts or is acted on", "hexagon", "#FBF6C9", "#8C8200"),
    "context": NodeStyle("Context", "circumstances in which a mechanism fires",
                         "box", "#DCEFFB", "#0072B2", style="rounded,filled"),
    "mechanism": NodeStyle("Mechanism", "resource offered, reasoning in response",
                           "plain", "#FCE9C2", "#B87F00", second_fill="#FFF7E6",
                           caption="#7A5000"),
    "outcome": NodeStyle("Outcome", "what happens when it fires", "ellipse",
                         "#CFEEE4", "#007A5A"),
    "chain": NodeStyle("Chain link", "outcome of one CMOC, context of another", "ellipse",
                       "#DCEFFB:#CFEEE4", "#005A8C", peripheries=2),
})


@dataclass(frozen=True, slots=True)
class EdgeStyle:
    """How an edge is drawn for the evidence behind it, and what the legend says."""

    name: str
    meaning: str
    style: str
    color: str


EDGE_STYLES: Final[Mapping[str, EdgeStyle]] = MappingProxyType({
    "supported": EdgeStyle("supported", "evidence supports or refines it", "solid", "#4D4D4D"),
    # Two parallel lines, grey and vermillion: it reads as both, in colour and in greyscale.
    "mixed": EdgeStyle("mixed", "evidence both supports and refutes it", "solid",
                       "#4D4D4D:#D55E00"),
    "refuted": EdgeStyle("refuted", "evidence refutes it, none supports it", "dashed", "#D55E00"),
    "unsupported": EdgeStyle("unsupported", "no evidence yet", "dotted", "#9A9A9A"),
})

#: How a diff diagram draws the lines of each configuration, by what happened to it.
CHANGE_STYLES: Final[Mapping[str, EdgeStyle]] = MappingProxyType({
    "added": EdgeStyle("added", "new in this version", "solid", "#009E73"),
    "merged": EdgeStyle("merged", "merged from earlier ones", "solid", "#CC79A7"),
    "split": EdgeStyle("split", "split from an earlier one", "solid", "#CC79A7"),
    "refined": EdgeStyle("refined", "changed in this version", "solid", "#E69F00"),
    "retained": EdgeStyle("retained", "carried over", "solid", "#4D4D4D"),
    "removed": EdgeStyle("removed", "not carried over", "dashed", "#9A9A9A"),
})
#: Every line style a legend may explain.
LINE_STYLES: Final[Mapping[str, EdgeStyle]] = MappingProxyType(
    {**EDGE_STYLES, **CHANGE_STYLES})


def change_style(changes: set[str]) -> EdgeStyle:
    """The style of a line drawn for configurations with these changes: the most telling."""
    return next(CHANGE_STYLES[name] for name in CHANGE_STYLES if name in changes)


#: Line width of an edge without evidence, per doubling of evidence, and at most.
_BASE_WIDTH: Final = 1.2
_WIDTH_PER_DOUBLING: Final = 1.2
_MAX_WIDTH: Final = 6.0


def edge_style(*, evidence: int, refutes: int) -> EdgeStyle:
    """The style of an edge with this many evidence links, ``refutes`` of them refuting.

    Evidence that refutes beside evidence that supports or refines is *mixed*, not a
    refutation: a configuration is refuted only when nothing speaks for it.

    Example:
        >>> [edge_style(evidence=3, refutes=n).name for n in (0, 1, 3)]
        ['supported', 'mixed', 'refuted']
    """
    if refutes:
        return EDGE_STYLES["mixed" if evidence > refutes else "refuted"]
    return EDGE_STYLES["supported" if evidence else "unsupported"]


def penwidth(evidence: int) -> str:
    """Line width for an edge with this much evidence: grows with its logarithm, capped."""
    width = _BASE_WIDTH + _WIDTH_PER_DOUBLING * math.log2(1 + evidence)
    return f"{min(width, _MAX_WIDTH):.1f}"


GRAPH: Final[Mapping[str, str]] = MappingProxyType({
    "fontname": FONT, "fontsize": "12", "fontcolor": TEXT, "bgcolor": "white",
    "pad": "0.3", "nodesep": "0.3", "ranksep": "0.55", "newrank": "true",
    "labelloc": "t", "labeljust": "l", "outputorder": "edgesfirst",
})
NODE: Final[Mapping[str, str]] = MappingProxyType({
    "fontname": FONT, "fontsize": "11", "fontcolor": TEXT, "penwidth": "1.4",
    "margin": "0.14,0.07",
})
EDGE: Final[Mapping[str, str]] = MappingProxyType({
    "fontname": FONT, "fontsize": "9", "fontcolor": MUTED, "arrowsize": "0.7",
})
CLUSTER: Final[Mapping[str, str]] = MappingProxyType({
    "style": "rounded,filled", "fillcolor": "#F6F6F6", "color": "#BDBDBD", "penwidth": "1",
    "fontname": FONT, "fontsize": "13", "fontcolor": "#333333", "labeljust": "l",
    "margin": "12",
})
