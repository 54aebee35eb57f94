"""Running Graphviz's ``dot`` on a diagram: SVG, PNG or PDF bytes, or a clear error.

``dot`` missing from ``PATH`` is a :class:`~cmo.exceptions.DotNotFoundError` that says how
to install Graphviz; ``dot`` failing is a :class:`~cmo.exceptions.RenderError` carrying
what ``dot`` said. Nothing is written here: callers get bytes, and write them only when
they have all of them.
"""

from __future__ import annotations

import struct
import warnings
from typing import Final

import graphviz

from ..exceptions import CmoWarning, DotNotFoundError, RenderError
from ..progress import tracking

__all__ = ["PNG_DPI", "PNG_LARGEST_SIDE", "RENDERED_FORMATS", "render"]

#: Formats ``dot`` draws for us (DOT source itself needs no ``dot``).
RENDERED_FORMATS: Final = ("pdf", "png", "svg")
#: DOT source of this many characters (about 100 configurations) keeps dot busy for a second.
LAYOUT_SHOWN_FROM: Final = 60_000
#: Resolution of PNG images: sharp enough to print in a report.
PNG_DPI: Final = 150
#: The widest and tallest a PNG image may be, in pixels, whichever way the diagram flows:
#: ``dot`` holds the whole image in memory (4 bytes a pixel), so even a square image (90
#: megapixels, 361 MB) with the layout of 500 configurations (about 120 MB) keeps it under
#: 500 MB. Measured (peak resident memory of ``dot``): 286 MB for a 71-megapixel image (60
#: configurations at 150 dpi), 1.4 GB for 358 megapixels (150 configurations).
PNG_LARGEST_SIDE: Final = 9_500


def render(digraph: graphviz.Digraph, *, diagram_format: str) -> bytes:
    """The diagram drawn by ``dot`` in ``diagram_format``.

    Args:
        digraph: the diagram (left unchanged).
        diagram_format: one of :data:`RENDERED_FORMATS`.

    Returns:
        The file's bytes. A PNG image is drawn at :data:`PNG_DPI`, scaled down to at most
        :data:`PNG_LARGEST_SIDE` pixels each way, with a :class:`~cmo.exceptions.CmoWarning`
        when it was.

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
        # dot scales a drawing larger than ``size`` (inches) down to fit it.
        side = f"{PNG_LARGEST_SIDE / PNG_DPI:.2f}"
        digraph.attr(dpi=str(PNG_DPI), size=f"{side},{side}")
    try:
        with tracking(f"laying out the diagram ({diagram_format.upper()}) with dot",
                      size=len(digraph.source), shown_from=LAYOUT_SHOWN_FROM):
            data = digraph.pipe(format=diagram_format, quiet=True)
    except graphviz.ExecutableNotFound as error:
        raise DotNotFoundError() from error
    except graphviz.CalledProcessError as error:
        said = error.stderr.decode("utf-8", "replace").strip() if error.stderr else ""
        raise RenderError(
            f"Graphviz's dot could not draw the diagram as {diagram_format.upper()} "
            f"(exit status {error.returncode}): {said or 'it gave no reason'}"
        ) from error
    if diagram_format == "png" and data[12:16] == b"IHDR":
        width, height = struct.unpack(">II", data[16:24])
        if max(width, height) >= PNG_LARGEST_SIDE - 1:
            warnings.warn(
                f"the diagram is too large for a PNG image at {PNG_DPI} dpi: it was scaled "
                f"down to {width} x {height} pixels to keep Graphviz's memory under 500 MB, "
                "and small text may not be legible; SVG or PDF keep every detail, and "
                "--summary, --theme or --around draw less", CmoWarning, stacklevel=2)
    return data
