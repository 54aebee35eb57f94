"""The summary view of a large programme theory: each theme one box.

Real programme theories reach 50-150 configurations, too many for one readable diagram.
:func:`summary_dot` collapses each theme to one box with its counts, joined where a chain
runs from one theme into another. The other parts a researcher looks at one at a time are
questions put to the theory, answered in :mod:`cmo.theory.neighbourhood`:
:func:`~cmo.theory.neighbourhood.around` one configuration and
:func:`~cmo.theory.neighbourhood.through` one element; draw them with
``to_dot(theory, configurations=...)``. Themes alone are chosen with
``to_dot(theory, themes=[...])``.

Example:
    >>> import cmo
    >>> theory = cmo.load("examples/social_prescribing/theory.yaml")
    >>> "Trust and hope" in summary_dot(theory).source
    True
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Final

import graphviz

from ..theory.graph import ProgrammeTheory
from .graphviz import DIRECTIONS
from .jupyter import Diagram
from .quoting import plain_lines, plain_text

__all__ = ["NO_THEME", "summary_dot"]

#: What configurations without a theme are grouped under.
NO_THEME: Final = "(no theme)"


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
