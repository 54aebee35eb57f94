"""Programme theory diagrams with Graphviz: DOT source, SVG, PNG and PDF.

:func:`to_dot` builds the diagram (no Graphviz program needed); :func:`write_diagram`
writes it to a file, drawn by Graphviz's ``dot`` for SVG, PNG and PDF. ``cmo.io.save``
calls :func:`write_diagram` for ``.svg .png .pdf .dot .gv`` files.

Example:
    >>> from cmo.models import Collection, Configuration
    >>> hope = Configuration(id="hope", theme="Trust and hope",
    ...     contexts=[{"label": "Patient trusts the link worker"}],
    ...     mechanism={"resource": "A trusting relationship", "reasoning": "Patient feels hope"},
    ...     outcomes=[{"label": "Patient has a sense of hope"}])
    >>> theory = ProgrammeTheory(Collection(title="Link workers", configurations=[hope]))
    >>> source = to_dot(theory).source
    >>> "Patient has a sense of" in source and "RESOURCE" in source
    True
    >>> to_dot(theory, themes=["Buy-in"])
    Traceback (most recent call last):
    ...
    cmo.exceptions.InputError: theme 'Buy-in': is not in this theory (use one of: 'Trust and hope')
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import IO, Final

import graphviz as _graphviz

from ..files import write_atomically
from ..models import Collection
from ..theory import ProgrammeTheory
from .backend import RENDERED_FORMATS, render
from .graphviz import DEFAULT_WRAP, DIRECTIONS, build_diagram, select

__all__ = ["DEFAULT_WRAP", "DIAGRAM_FORMATS", "DIRECTIONS", "to_dot", "write_diagram"]

#: Formats :func:`write_diagram` writes: DOT source, or drawn by ``dot``.
DIAGRAM_FORMATS: Final = ("dot", *RENDERED_FORMATS)


def to_dot(
    theory: ProgrammeTheory | Collection,
    *,
    themes: Iterable[str] | str = (),
    configurations: Iterable[str] | str = (),
    direction: str = "LR",
    wrap: int = DEFAULT_WRAP,
) -> _graphviz.Digraph:
    """The diagram of a programme theory, as a ``graphviz.Digraph``.

    Args:
        theory: the programme theory (a collection is made into one).
        themes: draw only configurations of these themes (all by default).
        configurations: draw only these configurations, by id (all by default).
        direction: where the causal flow goes: ``"LR"`` (left to right), ``"TB"``...
        wrap: characters per line of node labels; words are never cut.

    Returns:
        The diagram; ``.source`` is its DOT text, the same for the same theory.

    Raises:
        InputError: a theme or configuration id the theory does not have.
        ValueError: an unknown ``direction`` or a ``wrap`` below 8.
    """
    if isinstance(theory, Collection):
        theory = ProgrammeTheory(theory)
    chosen = select(theory, themes=themes, configurations=configurations)
    return build_diagram(chosen, direction=direction, wrap=wrap)


def write_diagram(
    theory: ProgrammeTheory | Collection,
    path: str | Path,
    *,
    diagram_format: str,
    themes: Iterable[str] | str = (),
    configurations: Iterable[str] | str = (),
    direction: str = "LR",
    wrap: int = DEFAULT_WRAP,
) -> Path:
    """Write the diagram of a programme theory to ``path``, atomically.

    The diagram is drawn completely before ``path`` is touched: if anything fails, an
    existing file there is left as it was.

    Args:
        theory: the programme theory (a collection is made into one).
        path: the file to write.
        diagram_format: one of :data:`DIAGRAM_FORMATS`; ``"dot"`` needs no Graphviz.
        themes, configurations, direction, wrap: as for :func:`to_dot`.

    Returns:
        The path written.

    Raises:
        ValueError: an unknown format (or direction, or wrap).
        InputError: a theme or configuration id the theory does not have.
        DotNotFoundError: Graphviz's ``dot`` is needed but not installed.
        RenderError: ``dot`` failed.

    Example:
        >>> import tempfile
        >>> from cmo.models import Collection, Configuration
        >>> hope = Configuration(id="hope", contexts=[{"label": "Trust"}],
        ...     mechanism={"reasoning": "Hope grows"}, outcomes=[{"label": "Hope"}])
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     path = write_diagram(Collection(configurations=[hope]),
        ...                          Path(folder) / "theory.gv", diagram_format="dot")
        ...     path.read_text(encoding="utf-8").startswith("digraph programme_theory {")
        True
    """
    if diagram_format not in DIAGRAM_FORMATS:
        raise ValueError(f"unknown diagram format: {diagram_format!r} "
                         f"(must be one of {sorted(DIAGRAM_FORMATS)})")
    digraph = to_dot(theory, themes=themes, configurations=configurations,
                     direction=direction, wrap=wrap)
    data = (digraph.source.encode("utf-8") if diagram_format == "dot"
            else render(digraph, diagram_format=diagram_format))

    def write(stream: IO[bytes]) -> None:
        stream.write(data)

    return write_atomically(path, write)
