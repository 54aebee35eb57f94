"""How hard ``dot`` works at laying out a diagram, chosen by how many configurations it draws.

``dot`` spends a large diagram's time in two searches: placing nodes across ranks (a
network simplex, bounded by ``nslimit``; ``nslimit1`` bounds the one that assigns ranks)
and reducing edge crossings (bounded by ``mclimit``). Unbounded, the full view of a
synthetic theory (``cmo.synthetic.synthetic_collection(n, evidence_per_configuration=5,
seed=1)``, Graphviz 2.43, this project's 2-core machine, CPU seconds of ``dot`` alone) took
1.4 s at 150 configurations, 32 s at 250 (31.7 s of it placing nodes), 71-97 s at 300 and
more than 5 minutes at 400. Bounded as :func:`layout_options` says: 5.7 s at 250 and 7-9 s
at 300 with the same ranks (crossings: the same at 250, 3% more at 300), 13-18 s at 500
(10% more crossings than the crossing search left unbounded).

A diagram of up to :data:`UNBOUNDED_UP_TO` configurations is laid out as ``dot`` does by
default (its DOT source carries no such attribute); a larger one carries the bounds as
graph attributes, so it lays out as fast wherever its source goes (``cmo render``,
``digraph.pipe()``, a notebook). Attributes the user sets on the digraph afterwards
(``digraph.attr(mclimit="1")`` or ``digraph.graph_attr[...]``) win.

Example:
    >>> layout_options(100)
    {}
    >>> layout_options(300)
    {'mclimit': '0.5', 'nslimit': '1', 'nslimit1': '1'}
"""

from __future__ import annotations

from typing import Final

__all__ = ["LAYOUT_BOUNDS", "UNBOUNDED_UP_TO", "layout_options"]

#: Diagrams of up to this many configurations are laid out without bounds (about 1.5 s).
UNBOUNDED_UP_TO: Final = 150
#: The bounds for diagrams of up to so many configurations, smallest first; the last holds
#: for every larger one.
LAYOUT_BOUNDS: Final[tuple[tuple[int, dict[str, str]], ...]] = (
    # Placing nodes stops early: same ranks, same crossings, 5-9x faster.
    (250, {"nslimit": "1", "nslimit1": "1"}),
    # The crossing search halved too: a few per cent more crossings.
    (400, {"mclimit": "0.5", "nslimit": "1", "nslimit1": "1"}),
    (0, {"mclimit": "0.25", "nslimit": "0.5", "nslimit1": "0.5"}),
)


def layout_options(configurations: int) -> dict[str, str]:
    """The graph attributes that bound ``dot``'s layout of a diagram of this many
    configurations (none up to :data:`UNBOUNDED_UP_TO`).

    Example:
        >>> layout_options(200), layout_options(500)["mclimit"]
        ({'nslimit': '1', 'nslimit1': '1'}, '0.25')
    """
    if configurations <= UNBOUNDED_UP_TO:
        return {}
    for most, options in LAYOUT_BOUNDS:
        if configurations <= most:
            return dict(options)
    return dict(LAYOUT_BOUNDS[-1][1])
