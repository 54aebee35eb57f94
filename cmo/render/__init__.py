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
from typing import IO, Any, Final

import graphviz as _graphviz

from .._helpers import write_atomically
from ..exceptions import DiagramTooLargeError
from ..models import Collection, Configuration
from ..theory.diff import TheoryDiff, diff
from ..theory.graph import ProgrammeTheory, collection_of
from ..theory.numbering import LABELS, configuration_names
from .backend import RENDERED_FORMATS, render
from .graphviz import DEFAULT_WRAP, DIRECTIONS, build_diagram
from .mermaid import to_mermaid, write_mermaid
from .outline import to_outline, write_outline
from .parts import drawn_part, select

__all__ = ["DEFAULT_WRAP", "DIAGRAM_FORMATS", "DIRECTIONS", "LABELS", "MAX_LAID_OUT",
           "diff_to_dot", "to_dot",
           "to_mermaid", "to_outline", "write_diagram", "write_diff_diagram",
           "write_mermaid", "write_outline"]

#: Formats :func:`write_diagram` writes: DOT source, or drawn by ``dot``.
DIAGRAM_FORMATS: Final = ("dot", *RENDERED_FORMATS)
#: The most configurations one diagram is laid out with by default. With the bounds of
#: :func:`cmo.render.layout.layout_options`, dot's layout of a synthetic theory's full view
#: (5 evidence links per configuration; Graphviz 2.43, 2 cores) took 1.4 s of CPU at 150
#: configurations, 4.5-9 s at 300 and 15-18 s at 500 (unbounded: 71-97 s at 300, over 5
#: minutes at 400).
MAX_LAID_OUT: Final = 500


def to_dot(
    theory: ProgrammeTheory | Collection,
    *,
    themes: Iterable[str] | str = (),
    configurations: Iterable[str] | str = (),
    direction: str = "LR",
    wrap: int = DEFAULT_WRAP,
    labels: str = "number",
    earlier: ProgrammeTheory | Collection | None = None,
) -> _graphviz.Digraph:
    """The diagram of a programme theory, as a ``graphviz.Digraph``.

    Args:
        theory: the programme theory (a collection is made into one).
        themes: draw only configurations of these themes (all by default).
        configurations: draw only these configurations, by id (all by default).
        direction: where the causal flow goes: ``"LR"`` (left to right), ``"TB"``...
        wrap: characters per line of node labels; words are never cut.
        labels: how configurations are named on it: ``"number"`` (``CMOC 7``, see
            :mod:`cmo.theory.numbering`), ``"id"``, or ``"none"``.
        earlier: the version ``theory`` revises: configurations without a number of their
            own keep the one they had there (as in :func:`diff_to_dot`).

    Returns:
        The diagram; ``.source`` is its DOT text, the same for the same theory.

    Raises:
        InputError: a theme or configuration id the theory does not have.
        ValueError: an unknown ``direction`` or ``labels``, or a ``wrap`` below 8.
    """
    part, names = drawn_part(theory, themes=themes, configurations=configurations,
                             labels=labels, earlier=earlier)
    return build_diagram(part, direction=direction, wrap=wrap, names=names, labels=labels)


def diff_to_dot(
    old: ProgrammeTheory | Collection, new: ProgrammeTheory | Collection, *,
    direction: str = "LR", wrap: int = DEFAULT_WRAP, labels: str = "number",
) -> _graphviz.Digraph:
    """One diagram of the new version, its lines coloured by what changed since the old.

    Configurations the new version dropped are drawn too, with dashed grey lines, so a
    reader sees additions, refinements and removals in one picture; the legend says
    which colour is which. Numbers (``labels="number"``) are the new version's, kept
    from the old (:func:`cmo.theory.numbering.configuration_numbers`); dropped configurations
    show the number they had.

    Raises:
        InputError: as :func:`cmo.theory.diff.diff` (bad derivation links, one version label).
    """
    names = {**configuration_names(old, labels), **configuration_names(new, labels, earlier=old)}
    difference = diff(old, new)
    changes = difference.kinds()
    after = collection_of(new)
    both = Collection(title=after.title, version=_versions(difference), theories=after.theories,
                      configurations=[*after.configurations,
                                      *_beside(after, difference.removed)])
    return build_diagram(ProgrammeTheory(both), direction=direction, wrap=wrap, changes=changes,
                         names=names, labels=labels)


def _versions(difference: TheoryDiff) -> str:
    return " → ".join(difference.names)


def _beside(after: Collection, removed: Iterable[Configuration]) -> list[Configuration]:
    """Removed configurations, their elements renamed where the new version reuses the id."""
    taken = {(e.kind, e.id): e for e in after.elements}

    def keep(element: Any) -> Any:
        other = taken.get((element.kind, element.id))
        return element if other is None or other == element else element.model_copy(
            update={"id": f"{element.id}.removed"})

    # Their evidence cites the new version's excerpt (and source) of the same id: the two
    # versions may judge it differently (its appraisal), and one diagram holds one of each.
    excerpts = {excerpt.id: excerpt for excerpt in after.excerpts}
    sources = {source.id: source for source in after.sources}

    def settled(item: Any) -> Any:
        excerpt = excerpts.get(item.excerpt.id) or item.excerpt.replaced(
            source=sources.get(item.excerpt.source.id, item.excerpt.source))
        return item.replaced(excerpt=excerpt)

    # Their numbers are drawn from the old version's: one the new version gave again to
    # another configuration must not make the two versions clash.
    return [c.with_elements(keep).replaced(number=None, evidence=tuple(map(settled, c.evidence)))
            for c in removed]


def write_diff_diagram(old: ProgrammeTheory | Collection, new: ProgrammeTheory | Collection,
                       path: str | Path, *, diagram_format: str, labels: str = "number") -> Path:
    """Write :func:`diff_to_dot`'s diagram to ``path`` atomically (formats as
    :func:`write_diagram`)."""
    return _write(diff_to_dot(old, new, labels=labels), path, diagram_format)


def write_diagram(
    theory: ProgrammeTheory | Collection,
    path: str | Path,
    *,
    diagram_format: str,
    themes: Iterable[str] | str = (),
    configurations: Iterable[str] | str = (),
    direction: str = "LR",
    wrap: int = DEFAULT_WRAP,
    summary: bool = False,
    max_configurations: int | None = MAX_LAID_OUT,
    labels: str = "number",
    earlier: ProgrammeTheory | Collection | None = None,
    quotes: bool = True,
) -> Path:
    """Write the diagram of a programme theory to ``path``, atomically.

    The diagram is drawn completely before ``path`` is touched: if anything fails, an
    existing file there is left as it was.

    Args:
        theory: the programme theory (a collection is made into one).
        path: the file to write.
        diagram_format: one of :data:`DIAGRAM_FORMATS`; ``"dot"`` needs no Graphviz.
        themes, configurations, direction, wrap, labels, earlier: as for :func:`to_dot`.
        summary: draw each theme as one box instead (:func:`cmo.render.views.summary_dot`).
        max_configurations: the most configurations one laid-out diagram may hold (DOT
            source is never refused); None lifts the limit.
        quotes: ignored, so one call withholding quotes serves every format (a diagram
            never shows evidence text).

    Returns:
        The path written.

    Raises:
        ValueError: an unknown format (or direction, or wrap).
        InputError: a theme or configuration id the theory does not have.
        DotNotFoundError: Graphviz's ``dot`` is needed but not installed.
        RenderError: ``dot`` failed.
        DiagramTooLargeError: more than ``max_configurations`` to lay out.

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
    if summary:
        from .views import summary_dot

        part = select(ProgrammeTheory(theory) if isinstance(theory, Collection) else theory,
                      themes=themes, configurations=configurations)
        return _write(summary_dot(part, direction=direction), path, diagram_format)
    # Filtered once, here: the size check and the drawing share the part.
    part, names = drawn_part(theory, themes=themes, configurations=configurations,
                             labels=labels, earlier=earlier)
    drawn = len(part.configurations)
    if max_configurations is not None and diagram_format != "dot" and drawn > max_configurations:
        raise DiagramTooLargeError(path, drawn, max_configurations)
    digraph = build_diagram(part, direction=direction, wrap=wrap, names=names, labels=labels)
    return _write(digraph, path, diagram_format)


def _write(digraph: _graphviz.Digraph, path: str | Path, diagram_format: str) -> Path:
    if diagram_format not in DIAGRAM_FORMATS:
        raise ValueError(f"unknown diagram format: {diagram_format!r} "
                         f"(must be one of {sorted(DIAGRAM_FORMATS)})")
    data = (digraph.source.encode("utf-8") if diagram_format == "dot"
            else render(digraph, diagram_format=diagram_format))

    def write(stream: IO[bytes]) -> None:
        stream.write(data)

    return write_atomically(path, write)
