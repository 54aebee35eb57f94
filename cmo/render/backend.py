"""Running Graphviz's ``dot`` on a diagram: SVG, PNG or PDF bytes, or a clear error.

``dot`` missing from ``PATH`` is a :class:`~cmo.exceptions.DotNotFoundError` that says how
to install Graphviz; ``dot`` failing is a :class:`~cmo.exceptions.RenderError` carrying
what ``dot`` said. Nothing is written here: callers get bytes, and write them only when
they have all of them.
"""

from __future__ import annotations

from typing import Final

import graphviz

from ..exceptions import DotNotFoundError, RenderError
from ..progress import tracking

__all__ = ["PNG_DPI", "RENDERED_FORMATS", "render"]

#: Formats ``dot`` draws for us (DOT source itself needs no ``dot``).
RENDERED_FORMATS: Final = ("pdf", "png", "svg")
#: DOT source of this many characters (about 100 configurations) keeps dot busy for a second.
LAYOUT_SHOWN_FROM: Final = 60_000
#: Resolution of PNG images: sharp enough to print in a report.
PNG_DPI: Final = 150


def render(digraph: graphviz.Digraph, *, diagram_format: str) -> bytes:
    """The diagram drawn by ``dot`` in ``diagram_format``.

    Args:
        digraph: the diagram (left unchanged).
        diagram_format: one of :data:`RENDERED_FORMATS`.

    Returns:
        The file's bytes.

    Raises:
        ValueError: a format not in :data:`RENDERED_FORMATS`.
        DotNotFoundError: Graphviz's ``dot`` is not on ``PATH``.
        RenderError: ``dot`` failed; the message holds what it wrote on standard error.
    """
    if diagram_format not in RENDERED_FORMATS:
        raise ValueError(f"unknown diagram format: {diagram_format!r} "
                         f"(must be one of {list(RENDERED_FORMATS)})")
    if diagram_format == "png":
        digraph = digraph.copy()
        digraph.attr(dpi=str(PNG_DPI))
    try:
        with tracking(f"laying out the diagram ({diagram_format.upper()}) with dot",
                      size=len(digraph.source), shown_from=LAYOUT_SHOWN_FROM):
            return digraph.pipe(format=diagram_format, quiet=True)
    except graphviz.ExecutableNotFound as error:
        raise DotNotFoundError() from error
    except graphviz.CalledProcessError as error:
        said = error.stderr.decode("utf-8", "replace").strip() if error.stderr else ""
        raise RenderError(
            f"Graphviz's dot could not draw the diagram as {diagram_format.upper()} "
            f"(exit status {error.returncode}): {said or 'it gave no reason'}"
        ) from error
