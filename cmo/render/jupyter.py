"""How a diagram shows itself in a notebook: at its own size, scrolling inside the cell.

Graphviz's own display (an SVG image) is shrunk to the cell's width, which makes the
labels of a wide theory unreadable; :class:`Diagram` adds HTML that keeps them legible.
Every diagram :func:`cmo.render.to_dot` and its siblings build is one.
"""

from __future__ import annotations

from typing import Any, Final

import graphviz

__all__ = ["Diagram", "scrolling"]

#: What a diagram gives a notebook itself; other formats are Graphviz's.
_OURS: Final = frozenset({"image/svg+xml", "text/html"})


def scrolling(html: str) -> str:
    """``html`` in a block that scrolls sideways when wider than the cell."""
    return f'<div style="overflow-x:auto;max-width:100%">{html}</div>'


class Diagram(graphviz.Digraph):
    """A ``graphviz.Digraph`` that a notebook shows at its own size, scrolling if wide."""

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None,
                          **_: Any) -> dict[str, Any]:
        wanted = set(_OURS if include is None else include) - set(exclude or ())
        # Other formats (image/png...) as Graphviz gives them.
        bundle = super()._repr_mimebundle_(include=wanted - _OURS) if wanted - _OURS else {}
        if wanted & _OURS:
            svg = self.pipe(format="svg", encoding="utf-8")
            drawn = {"image/svg+xml": svg, "text/html": scrolling(svg[svg.index("<svg"):])}
            bundle.update((mimetype, drawn[mimetype]) for mimetype in wanted & _OURS)
        return bundle
