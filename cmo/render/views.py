"""Views of a large programme theory: the parts a researcher looks at one at a time.

Real programme theories reach 50-150 configurations, too many for one readable diagram.
These views choose what to draw:

- :func:`around`: one configuration and its neighbours (configurations sharing an element
  with it, which includes the chains it is part of);
- :func:`through`: a context or outcome and everything leading to it or from it;
- :func:`summary_dot`: each theme collapsed to one box with its counts, joined where a
  chain runs from one theme into another.

Themes alone are chosen with ``to_dot(theory, themes=[...])``.

Example:
    >>> import cmo
    >>> theory = cmo.load("examples/social_prescribing/theory.yaml")
    >>> around(theory, "hope-through-trust")
    ('anchor-point', 'hope-through-trust', 'trust-through-skills')
    >>> through(theory, "Patient trusts the link worker")
    ('anchor-point', 'hope-through-trust', 'referral-buy-in', 'trust-through-skills')
    >>> "Trust and hope" in summary_dot(theory).source
    True
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Final

import graphviz
import networkx as nx

from .._helpers.labels import did_you_mean
from ..exceptions import InputError, Problem
from ..models import AnyElement
from ..theory.graph import ProgrammeTheory
from .graphviz import DIRECTIONS
from .jupyter import Diagram
from .quoting import plain_lines, plain_text

__all__ = ["NO_THEME", "around", "summary_dot", "through"]

#: What configurations without a theme are grouped under.
NO_THEME: Final = "(no theme)"


def around(theory: ProgrammeTheory, configuration_id: str) -> tuple[str, ...]:
    """A configuration and every configuration sharing an element with it, by id.

    Raises:
        InputError: no configuration by that id (the message names those there are).
    """
    try:
        configuration = theory.configuration(configuration_id)
    except KeyError as error:
        known = (c.id for c in theory.configurations)
        raise InputError([Problem(f"configuration {configuration_id!r}", str(error.args[0]),
                                  did_you_mean(configuration_id, known)
                                  or "give the id of a configuration of this theory")]) from None
    nodes = {theory.node(element) for element in configuration.elements}
    near = {key for u, v, key in theory.graph.edges(keys=True) if u in nodes or v in nodes}
    return tuple(sorted(near | {configuration.id}))


def through(theory: ProgrammeTheory, element: str | AnyElement) -> tuple[str, ...]:
    """Every configuration on a path into or out of an element (following chains), by id.

    Raises:
        InputError: no element by that id or label.
    """
    try:
        node = theory.node(element)
    except KeyError as error:
        names = {name for c in theory.configurations for e in c.elements
                 for name in (e.id, e.label)}
        raise InputError([Problem(f"element {str(element)!r}", str(error.args[0]),
                                  did_you_mean(str(element), names)
                                  or "give the id or label of a context or outcome")]) from None
    graph = theory.graph
    reach = nx.ancestors(graph, node) | nx.descendants(graph, node) | {node}
    found = {key for u, v, key in graph.edges(keys=True) if u in reach and v in reach}
    if not found:
        raise InputError([Problem(f"element {str(element)!r}", "no configuration uses it")])
    return tuple(sorted(found))


def summary_dot(theory: ProgrammeTheory, *, direction: str = "LR") -> graphviz.Digraph:
    """Each theme as one box (configurations and evidence by stance), joined by the chains
    that run from a configuration of one theme into a configuration of another."""
    if direction not in DIRECTIONS:
        raise ValueError(f"unknown direction: {direction!r} (must be one of {sorted(DIRECTIONS)})")
    theme_of = {c.id: c.theme or NO_THEME for c in theory.configurations}
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for configuration in theory.configurations:
        tally = counts[theme_of[configuration.id]]
        tally["configurations"] += 1
        tally.update(evidence.stance for evidence in configuration.evidence)
    links = Counter((theme_of[chain.upstream], theme_of[chain.downstream])
                    for chain in theory.chains()
                    if theme_of[chain.upstream] != theme_of[chain.downstream])
    digraph = Diagram(name="summary", graph_attr={
        "rankdir": direction, "fontname": "Helvetica", "label": plain_text(
            f"{theory.title or 'Programme theory'}: {len(theory.configurations)} "
            f"configurations in {len(counts)} themes"), "labelloc": "t"},
        node_attr={"shape": "box", "style": "rounded,filled", "fillcolor": "#F4F4F4",
                   "fontname": "Helvetica"})
    names = {theme: f"theme{number}" for number, theme in enumerate(sorted(counts), start=1)}
    for theme, tally in sorted(counts.items()):
        digraph.node(names[theme], plain_lines([
            theme, f"{tally['configurations']} configurations",
            f"{tally['supports']} supporting, {tally['refutes']} refuting, "
            f"{tally['refines']} refining"]))
    for (upstream, downstream), number in sorted(links.items()):
        digraph.edge(names[upstream], names[downstream],
                     label=plain_text(f"{number} chain{'s' if number > 1 else ''}"))
    return digraph
