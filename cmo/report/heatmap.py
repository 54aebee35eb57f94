"""The framework matrix as a heatmap: an SVG picture written here, no plotting library.

One row per case (site, wave, source...), one column per configuration, columns grouped
under their theme. Each cell with evidence is coloured by the stance of its evidence and
darker the more evidence it holds, with the count written in it; hovering shows the
counts by stance. The picture keeps its size (about 26 pixels a column): a theory of 150
configurations is a wide picture that scrolls, not one shrunk to unreadable dots.

Colours (Okabe and Ito's palette, told apart with the common colour-vision deficiencies):
bluish green where the evidence supports and none refutes, vermilion where it refutes and
none supports, reddish purple where it does both, sky blue where it only refines.

Example:
    >>> from cmo.models import Collection, Configuration, Evidence, Excerpt, Source
    >>> paper = Source(id="paper", kind="publication", site="North & South")  # synthetic
    >>> quote = Excerpt(id="q1", source=paper, text="Synthetic quote")
    >>> hope = Configuration(id="hope", theme="Trust <and> hope", contexts=[{"label": "Trust"}],
    ...     outcomes=[{"label": "Hope"}], evidence=[Evidence(excerpt=quote, stance="supports")])
    >>> svg = heatmap_svg(evidence_matrix(Collection(configurations=[hope]), by="site"))
    >>> svg.startswith("<svg") and "North &amp; South" in svg and "Trust &lt;and&gt; hope" in svg
    True
"""

from __future__ import annotations

import textwrap
import warnings
from html import escape
from typing import Final, Unpack

from ..exceptions import CmoWarning, InputError
from ..models import Collection
from ..render.quoting import xml_safe
from ..theory.appraisal import Minimums
from ..theory.graph import ProgrammeTheory
from ..theory.matrix import Cell, EvidenceMatrix, MatrixColumn, evidence_matrix
from .page import html_page

__all__ = ["STANCE_COLOURS", "heatmap_page", "heatmap_section", "heatmap_svg"]

#: The colour of a cell by what its evidence does (Okabe-Ito).
STANCE_COLOURS: Final = {
    "supports": "#009E73",
    "refutes": "#D55E00",
    "supports and refutes": "#CC79A7",
    "refines only": "#56B4E9",
}
_COLUMN: Final = 26  # width of a configuration's column
_ROW: Final = 22  # height of a row
_GAP: Final = 10  # between two themes' groups of columns
_FONT: Final = 11
_CHAR: Final = 6.6  # the width of a character at _FONT, roughly (labels are cut to fit)
_LONGEST_ROW_LABEL: Final = 36  # characters; longer labels are cut, the whole in a tooltip
_LEGEND: Final = 56  # height of the title and legend band
_LABELS: Final = 64  # height of the column labels
_THEME: Final = 34  # height of the theme headers (two lines)
_BOLD_CHAR: Final = 7.4  # the width of a bold character at _FONT, roughly
_THEME_LINE: Final = 24  # characters a theme's header line holds at least (its group widens)
_LABELS_BELOW_AFTER: Final = 15  # rows; a taller grid has its column labels below it too
_SHADES: Final = (0.25, 0.45, 0.65, 0.82, 1.0)  # share of the colour, lightest first


def heatmap_svg(matrix: EvidenceMatrix) -> str:
    """The matrix as an SVG picture (text), at a size that scrolls rather than shrinks.

    Args:
        matrix: a matrix from :func:`cmo.theory.matrix.evidence_matrix`.

    Returns:
        An ``<svg>`` element: theme headers, numbered column labels ("CMOC 7"), row
        labels on both sides, a legend, and the count in each cell with evidence. Every
        label is escaped for XML.
    """
    groups = matrix.by_theme()
    label_width = 12 + _CHAR * min(_LONGEST_ROW_LABEL, max(
        (len(row) for row in matrix.rows), default=len(matrix.by)))
    top = _LEGEND + _THEME + _LABELS
    most = max((cell.evidence for cell in matrix.cells.values()), default=0)
    x = label_width
    placed: list[tuple[float, str, tuple]] = []  # (x of the group, theme, columns)
    headers: list[tuple[list[str], float]] = []  # each group's header lines, and its width
    for theme, columns in groups:
        placed.append((x, theme, columns))
        lines = _header_lines(theme, len(columns) * _COLUMN)
        group_width = max(len(columns) * _COLUMN, 6 + _BOLD_CHAR * max(map(len, lines)))
        headers.append((lines, group_width))
        x += group_width + _GAP
    grid_right = x - _GAP if groups else x
    where = {column.configuration: (group_x + index * _COLUMN, column.name)
             for group_x, _, columns in placed for index, column in enumerate(columns)}
    legend, legend_width = _legend(matrix, most)
    width = max(grid_right + label_width, legend_width + 8,
                16 + _CHAR * (_FONT + 3) / _FONT * len(matrix.caption))
    bottom = top + max(len(matrix.rows), 1) * _ROW
    height = bottom + 12 + (_LABELS if len(matrix.rows) > _LABELS_BELOW_AFTER else 0)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" '
             f'height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" '
             f'font-family="system-ui, -apple-system, \'Segoe UI\', sans-serif" '
             f'font-size="{_FONT}" role="img">',
             f"<title>{_text(matrix.caption)}</title>",
             f'<rect width="{width:.0f}" height="{height:.0f}" fill="#ffffff"/>',
             legend]
    for (group_x, theme, columns), (lines, group_width) in zip(placed, headers, strict=True):
        shown = "".join(f'<tspan x="{group_x + 3:.0f}" dy="{0 if index == 0 else 13}">'
                        f"{_text(line)}</tspan>" for index, line in enumerate(lines))
        parts.append(
            f'<g><title>{_text(theme)}</title><rect x="{group_x:.0f}" y="{_LEGEND}" '
            f'width="{group_width:.0f}" height="{_THEME - 4}" fill="#eeeeee"/>'
            f'<text y="{_LEGEND + 12 + (13 if len(lines) == 1 else 0)}" font-weight="bold">'
            f"{shown}</text></g>")
        parts += _column_labels(group_x, columns, top - 4, below=False)
        if len(matrix.rows) > _LABELS_BELOW_AFTER:
            parts += _column_labels(group_x, columns, bottom + 4, below=True)
    for number, row in enumerate(matrix.rows):
        y = top + number * _ROW
        if number % 2:
            parts.append(f'<rect x="0" y="{y}" width="{width:.0f}" height="{_ROW}" '
                         f'fill="#f7f7f7"/>')
        shown = _text(_cut(row, _LONGEST_ROW_LABEL))
        parts.append(f'<text x="{label_width - 6:.0f}" y="{y + 15}" text-anchor="end">'
                     f"<title>{_text(row)}</title>{shown}</text>")
        parts.append(f'<text x="{grid_right + 6:.0f}" y="{y + 15}">'
                     f"<title>{_text(row)}</title>{shown}</text>")
        for configuration, cell in sorted(matrix.row(row).items(),
                                          key=lambda item: where[item[0]]):
            x, name = where[configuration]
            parts.append(_cell(cell, x, y, most, f"{row} × {name}"))
    if not matrix.rows:
        parts.append(f'<text x="{label_width:.0f}" y="{top + 15}" fill="#555555">'
                     "No configuration cites evidence yet.</text>")
    parts.append("</svg>")
    return "".join(parts)


def heatmap_section(theory: ProgrammeTheory | Collection, by: str = "participant", *,
                    level: int = 2, **minimums: Unpack[Minimums]) -> str:
    """The matrix of ``theory`` as an HTML fragment for a report: a heading, a sentence
    saying how to read it, and the heatmap in a block that scrolls sideways.

    A field no source gives makes a sentence saying so, not an error: the rest of the
    report stands. Sources that leave the field empty are counted in the row
    ``"(not given)"``, as the sentence says.

    Args:
        theory: a programme theory or a collection.
        by: what the rows are (see :data:`cmo.theory.matrix.MATRIX_BY`).
        level: the level of the heading (``2`` for ``<h2>``).
        min_relevance, min_rigour, min_richness: count only evidence judged at least
            this level (see :func:`cmo.theory.matrix.evidence_matrix`).

    Example:
        >>> from cmo.models import Collection
        >>> print(heatmap_section(Collection(), by="site").replace("</h2>", "</h2>\\n"))
        <section class="cmo-matrix"><h2>Evidence by site and configuration</h2>
        <p>No configuration cites evidence yet.</p></section>
    """
    from ..render.jupyter import scrolling  # graphviz is imported only when drawing

    heading = f"<h{level}>Evidence by {escape(by)} and configuration</h{level}>"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", CmoWarning)
        try:
            matrix = evidence_matrix(theory, by, **minimums)
        except InputError as error:
            body = "".join(f"<p>{escape(str(problem))}.</p>" for problem in error.problems)
            return f'<section class="cmo-matrix">{heading}{body}</section>'
    if matrix.kept:
        heading = heading.replace(f"</h{level}>", f" ({escape(matrix.kept)})</h{level}>")
    if not matrix.total:
        return (f'<section class="cmo-matrix">{heading}'
                "<p>No configuration cites evidence yet.</p></section>")
    notes = "".join(f"<p>{escape(str(warning.message))}.</p>" for warning in caught
                    if issubclass(warning.category, CmoWarning))
    return (f'<section class="cmo-matrix">{heading}<p>Each cell counts the evidence from '
            f"one {escape(by)} for one configuration, coloured by its stance and darker the "
            "more there is; hover over a cell for its counts by stance.</p>"
            f"{notes}{scrolling(heatmap_svg(matrix))}</section>")


def heatmap_page(matrix: EvidenceMatrix) -> str:
    """The heatmap as a whole HTML page (self-contained: no scripts, nothing fetched).

    Example:
        >>> from cmo.models import Collection
        >>> page = heatmap_page(evidence_matrix(Collection(title="<Sp>"), by="site"))
        >>> page.startswith("<!DOCTYPE html>") and "<title>&lt;Sp&gt;: evidence by site" in page
        True
    """
    from ..render.jupyter import scrolling  # graphviz is imported only when drawing

    return html_page(matrix.caption, scrolling(heatmap_svg(matrix)), heading=False)


def _column_labels(group_x: float, columns: tuple[MatrixColumn, ...], y: float, *,
                   below: bool) -> list[str]:
    """The numbers of a group's columns, written upwards, ending at ``y`` (above the grid)
    or starting there (below it), each with the configuration's label as its tooltip."""
    anchor = ' text-anchor="end"' if below else ""
    labels = []
    for index, column in enumerate(columns):
        x = group_x + index * _COLUMN + _COLUMN / 2 + 4
        tip = column.name + (f": {column.label}" if column.label else "")
        labels.append(f'<text x="{x:.1f}" y="{y}" transform="rotate(-90 {x:.1f} {y})"{anchor}>'
                      f"<title>{_text(tip)}</title>{_text(column.name)}</text>")
    return labels


def _legend(matrix: EvidenceMatrix, most: int) -> tuple[str, float]:
    """The title and the key to the colours, and how wide they are."""
    parts = [f'<text x="8" y="18" font-size="{_FONT + 3}" font-weight="bold">'
             f"{_text(matrix.caption)}</text>"]
    x = 8
    for name, colour in STANCE_COLOURS.items():
        parts.append(f'<rect x="{x}" y="30" width="14" height="14" fill="{colour}"/>'
                     f'<text x="{x + 19}" y="41">{name}</text>')
        x += 19 + int(len(name) * _CHAR) + 16
    note = (f"darker: more evidence (most in a cell: {most}); the number is the evidence "
            "in the cell")
    parts.append(f'<text x="{x}" y="41" fill="#444444">{note}</text>')
    return "".join(parts), x + _CHAR * len(note)


def _cell(cell: Cell, x: float, y: float, most: int, place: str) -> str:
    if cell.supports and cell.refutes:
        stance = "supports and refutes"
    elif cell.supports or cell.refutes:
        stance = "supports" if cell.supports else "refutes"
    else:
        stance = "refines only"
    step = -(-cell.evidence * len(_SHADES) // most) - 1  # the most evidence: the full colour
    share = _SHADES[step]
    fill = _mixed(STANCE_COLOURS[stance], share)
    ink = "#ffffff" if share >= 0.82 else "#222222"
    tip = (f"{place}: {cell.supports} supports, {cell.refutes} refutes, "
           f"{cell.refines} refines")
    return (f'<g><title>{_text(tip)}</title><rect x="{x + 1:.0f}" y="{y + 1}" '
            f'width="{_COLUMN - 2}" height="{_ROW - 2}" fill="{fill}"/>'
            f'<text x="{x + _COLUMN / 2:.1f}" y="{y + 15}" text-anchor="middle" '
            f'fill="{ink}">{cell.evidence}</text></g>')


def _mixed(colour: str, share: float) -> str:
    """``colour`` mixed with white: ``share`` of the colour, the rest white."""
    channels = (int(colour[index:index + 2], 16) for index in (1, 3, 5))
    return "#" + "".join(f"{round(255 - (255 - value) * share):02x}" for value in channels)


def _header_lines(theme: str, width: float) -> list[str]:
    """A theme's name in at most two lines, as wide as its group of columns or
    :data:`_THEME_LINE` characters, whichever is wider (the rest cut with an ellipsis).

    Example:
        >>> _header_lines("Buy-in to social prescribing", 26)
        ['Buy-in to social', 'prescribing']
        >>> _header_lines("Connecting to external support and beyond, far beyond", 26)
        ['Connecting to external', 'support and beyond, far…']
    """
    per_line = max(int((width - 6) / _BOLD_CHAR), _THEME_LINE)
    lines = textwrap.wrap(theme, per_line, break_long_words=True) or [theme]
    if len(lines) > 2:
        lines = [lines[0], _cut(" ".join(lines[1:]), per_line)]
    return lines


def _cut(text: str, most: int) -> str:
    """``text`` in at most ``most`` characters, cut with an ellipsis."""
    most = max(most, 1)
    return text if len(text) <= most else text[:most - 1].rstrip() + "…"


def _text(text: str) -> str:
    """``text`` as XML character data or an attribute value (U+FFFE, U+FFFF, which XML
    cannot hold, become U+FFFD)."""
    return escape(xml_safe(text))
