"""The framework matrix: cases (or sites, waves, sources, kinds of data) against configurations.

Realist teams build this table by hand in NVivo or MAXQDA: one row per case, one column
per configuration, and in each cell how much evidence from that case supports, refutes or
refines that configuration. :func:`evidence_matrix` builds it from the theory in one pass
over the evidence. Cells count evidence links (coded passages cited), by stance; nothing
here reads excerpt text, so a matrix is safe to share.

Rows are the distinct values of one field of the evidence's sources (:data:`MATRIX_BY`):
waves in numeric order where they are numbers, other values sorted with the numbers in
them by value (P2 before P10), and the row
``"(not given)"`` last for evidence whose source leaves the field empty. Columns are the
configurations in the theory's order, with their display numbers ("CMOC 7") and themes.

Example:
    >>> from cmo.models import Collection, Configuration, Evidence, Excerpt, Source
    >>> def said(id, site, stance):  # synthetic
    ...     source = Source(id=f"s-{id}", kind="interview", site=site)
    ...     return Evidence(excerpt=Excerpt(id=id, source=source, text="Synthetic"),
    ...                     stance=stance)
    >>> hope = Configuration(id="hope", theme="Trust", contexts=[{"label": "Trust"}],
    ...     outcomes=[{"label": "Hope"}], evidence=[said("x1", "North", "supports"),
    ...     said("x2", "North", "refutes"), said("x3", "South", "supports")])
    >>> matrix = evidence_matrix(Collection(configurations=[hope]), by="site")
    >>> matrix.rows
    ('North', 'South')
    >>> matrix.cell("North", "hope")
    Cell(supports=1, refutes=1, refines=0)
    >>> matrix.records()[0]
    {'site': 'North', 'configuration': 'hope', 'number': 'CMOC 1', 'theme': 'Trust',
     'supports': 1, 'refutes': 1, 'refines': 0, 'evidence': 2}
"""

from __future__ import annotations

import warnings
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from operator import attrgetter
from typing import Any, Final, Literal, NamedTuple, Unpack, get_args

from .._helpers.labels import natural_key
from .._helpers.wording import counted
from ..exceptions import CmoWarning, InputError, Problem
from ..models import Collection, Evidence, Source
from ..models.types import STANCES
from .appraisal import Minimums, evidence_filter
from .graph import ProgrammeTheory, collection_of
from .numbering import configuration_names
from .records import Records
from .support import wave_order

__all__ = ["MATRIX_BY", "NOT_GIVEN", "Cell", "EvidenceMatrix", "MatrixBy", "MatrixColumn",
           "evidence_matrix"]

#: What a matrix's rows can be: a field of the sources of the evidence.
MatrixBy = Literal["participant", "role", "site", "wave", "source", "kind"]
MATRIX_BY: Final[tuple[str, ...]] = get_args(MatrixBy)
#: The row of evidence whose source leaves the field empty.
NOT_GIVEN: Final = "(not given)"
#: Where each stance's count goes in a cell's tally (the order of Cell's fields).
_STANCE_INDEX: Final = {stance: index for index, stance in enumerate(STANCES)}
#: The group of configurations that have no theme.
NO_THEME: Final = "(no theme)"

#: Each choice: the source's field as a file names it, and how to read it off a source.
_FIELDS: Final[Mapping[str, tuple[str, Callable[[Source], str | None]]]] = {
    by: (name, attrgetter(name)) for by, name in (
        ("participant", "participant"), ("role", "participant_role"), ("site", "site"),
        ("wave", "wave"), ("source", "id"), ("kind", "kind"))}


class Cell(NamedTuple):
    """The evidence of one row (a case, site, wave...) for one configuration, by stance.

    A named tuple: a large matrix makes one per case and configuration, and a tuple is made
    in a third of the time a dataclass takes.

    Example:
        >>> Cell(supports=2, refutes=1).evidence
        3
    """

    supports: int = 0
    refutes: int = 0
    refines: int = 0

    @property
    def evidence(self) -> int:
        """Every piece of evidence in the cell, whatever its stance."""
        return self.supports + self.refutes + self.refines


#: The cell of a row and configuration that share no evidence.
EMPTY: Final = Cell()


@dataclass(frozen=True, slots=True)
class MatrixColumn:
    """One configuration as a column: its id, display name ("CMOC 7"), label and theme."""

    configuration: str
    name: str
    label: str | None = None
    theme: str | None = None


@dataclass(frozen=True)
class EvidenceMatrix:
    """Rows (values of one field of the sources) against configurations: evidence by stance.

    Attributes:
        by: what the rows are, one of :data:`MATRIX_BY`.
        rows: the row labels, in order (:data:`NOT_GIVEN` last when present).
        columns: the configurations, in the theory's order.
        cells: the cells that hold evidence, by (row, configuration id); others are empty.
        title: the theory's title, if any.
        kept: which evidence counts, when not all of it does (``"rigour moderate or
            higher"``).
    """

    by: str
    rows: tuple[str, ...]
    columns: tuple[MatrixColumn, ...]
    cells: Mapping[tuple[str, str], Cell] = field(repr=False)
    title: str | None = None
    kept: str | None = None

    def __repr__(self) -> str:  # 150 configurations: say what it comes to, not each column
        kept = f", {self.kept}" if self.kept else ""
        return (f"<EvidenceMatrix by {self.by}: {len(self.rows)} rows x "
                f"{len(self.columns)} configurations, {self.total} pieces of evidence{kept}>")

    @property
    def caption(self) -> str:
        """What the matrix shows, in words: its pictures' and tables' title.

        Example:
            >>> EvidenceMatrix("site", (), (), {}, title="Study", kept="rigour high").caption
            'Study: evidence by site and configuration (rigour high)'
        """
        what = f"evidence by {self.by} and configuration"
        caption = f"{self.title}: {what}" if self.title else what.capitalize()
        return f"{caption} ({self.kept})" if self.kept else caption

    def cell(self, row: str, configuration: str) -> Cell:
        """The evidence of ``row`` for the configuration with this id (empty if none)."""
        return self.cells.get((row, configuration), EMPTY)

    def by_theme(self) -> tuple[tuple[str, tuple[MatrixColumn, ...]], ...]:
        """The columns grouped by theme, themes in the order the theory first uses them,
        configurations in the theory's order within each; :data:`NO_THEME` last.

        Example:
            >>> columns = (MatrixColumn("a", "CMOC 1", theme="T"), MatrixColumn("b", "CMOC 2"),
            ...            MatrixColumn("c", "CMOC 3", theme="T"))
            >>> [(theme, [c.name for c in group]) for theme, group in
            ...  EvidenceMatrix("site", (), columns, {}).by_theme()]
            [('T', ['CMOC 1', 'CMOC 3']), ('(no theme)', ['CMOC 2'])]
        """
        groups: dict[str | None, list[MatrixColumn]] = defaultdict(list)
        for column in self.columns:
            groups[column.theme].append(column)
        themed = [(theme, tuple(group)) for theme, group in groups.items() if theme is not None]
        if None in groups:
            themed.append((NO_THEME, tuple(groups[None])))
        return tuple(themed)

    def records(self) -> Records:
        """The matrix as a long table: one row per row value and configuration with evidence.

        Long rather than wide: a theory of 150 configurations would make 450 columns of
        stance counts, while the long table stays eight columns wide, takes filters
        (``theme == ...``) and pivots to the wide matrix in one call
        (``frame.pivot_table(index="site", columns="number", values="evidence")``).
        Columns: the field (``site``, ``wave``...), ``configuration`` (its id), ``number``
        ("CMOC 7"), ``theme``, ``supports``, ``refutes``, ``refines``, ``evidence``.
        """
        place = {column.configuration: index for index, column in enumerate(self.columns)}
        return Records(
            {self.by: row, "configuration": column.configuration, "number": column.name,
             "theme": column.theme, "supports": cell.supports, "refutes": cell.refutes,
             "refines": cell.refines, "evidence": cell.evidence}
            for row in self.rows
            for column, cell in sorted(
                ((self.columns[place[key]], cell) for key, cell in self.row(row).items()),
                key=lambda pair: place[pair[0].configuration]))

    def row(self, row: str) -> dict[str, Cell]:
        """The cells of ``row`` that hold evidence, by configuration id (none: empty).

        Example:
            >>> EvidenceMatrix("site", ("North",), (), {("North", "hope"): Cell(1)}).row("North")
            {'hope': Cell(supports=1, refutes=0, refines=0)}
        """
        return self._rows.get(row, {})

    @cached_property
    def _rows(self) -> dict[str, dict[str, Cell]]:
        rows: dict[str, dict[str, Cell]] = defaultdict(dict)
        for (row, configuration), cell in self.cells.items():
            rows[row][configuration] = cell
        return rows

    def to_pandas(self) -> Any:
        """The long table (:meth:`records`) as a ``pandas.DataFrame``.

        Raises:
            ImportError: pandas is not installed.
        """
        return self.records().to_pandas()

    @property
    def total(self) -> int:
        """Every piece of evidence in the matrix."""
        return sum(cell.evidence for cell in self.cells.values())


def evidence_matrix(theory: ProgrammeTheory | Collection, by: str = "participant", *,
                    keep: Callable[[Evidence], bool] | None = None,
                    **minimums: Unpack[Minimums]) -> EvidenceMatrix:
    """The framework matrix of ``theory``: values of ``by`` against configurations.

    Args:
        theory: a programme theory or a collection.
        by: what the rows are: ``"participant"``, ``"role"`` (participant role),
            ``"site"``, ``"wave"``, ``"source"`` or ``"kind"`` (kind of data).
        keep: only the evidence this says yes to counts; all of it by default.
        min_relevance, min_rigour, min_richness: only evidence judged at least this level
            counts (``min_rigour="moderate"``), as in ``theory.support``; evidence nobody
            judged on that dimension is left out.

    Returns:
        The matrix; every piece of evidence is counted in exactly one cell.

    Raises:
        ValueError: ``by`` is not one of :data:`MATRIX_BY`.
        InputError: there is evidence, but none of its sources gives the field; or a
            minimum is not a level of its scale.

    Warns:
        CmoWarning: some sources of the evidence leave the field empty (their evidence is
            in the row :data:`NOT_GIVEN`).
    """
    if by not in _FIELDS:
        raise ValueError(f"unknown matrix rows: {by!r} (must be one of {sorted(MATRIX_BY)})")
    name, value_of = _FIELDS[by]
    collection = collection_of(theory)
    appraised = evidence_filter(collection.appraisal_scales, **minimums)
    names = configuration_names(collection)
    counts: dict[tuple[str, str], list[int]] = {}  # (row, configuration): by stance
    tests = [test for test in (keep, appraised) if test is not None]
    by_source: dict[str, str | None] = {}  # each source's value, by its id
    stance_index = _STANCE_INDEX
    for configuration in collection.configurations:
        configuration_id = configuration.id
        for evidence in configuration.evidence:
            if tests and not all(test(evidence) for test in tests):
                continue
            source = evidence.excerpt.source
            value = by_source[source.id] = value_of(source)
            key = (NOT_GIVEN if value is None else value, configuration_id)
            tally = counts.get(key)
            if tally is None:
                tally = counts[key] = [0, 0, 0]
            tally[stance_index[evidence.stance]] += 1
    sources = by_source.keys()
    unfilled = {source for source, value in by_source.items() if value is None}
    if sources and unfilled == sources:
        raise InputError([Problem(
            "", f"no source gives its {name.replace('_', ' ')}",
            f"fill '{name}' in sources, or count by source instead")])
    if unfilled:
        verb = "gives" if len(unfilled) == 1 else "give"
        warnings.warn(f"{len(unfilled)} of {counted(len(sources), 'source')} {verb} no "
                      f"{name.replace('_', ' ')}: their evidence is counted under "
                      f"{NOT_GIVEN!r}",
                      CmoWarning, stacklevel=2)
    given = sorted({row for row, _ in counts if row != NOT_GIVEN}, key=natural_key)
    make = Cell._make
    rows = [row for row in wave_order(given) if row is not None] if by == "wave" else given
    return EvidenceMatrix(
        by=by,
        rows=(*rows, *([NOT_GIVEN] if unfilled else [])),
        columns=tuple(MatrixColumn(c.id, names[c.id], c.label, c.theme)
                      for c in collection.configurations),
        cells={key: make(tally) for key, tally in counts.items()},
        title=collection.title,
        kept=_kept_words(keep, minimums))


def _kept_words(keep: Callable[[Evidence], bool] | None, minimums: Minimums) -> str | None:
    """Which evidence counts, in words, when not all of it does."""
    words = [f"{name.removeprefix('min_')} {level} or higher"
             for name, level in minimums.items() if level is not None]
    if keep is not None:
        words.append("evidence chosen by a filter")
    return "; ".join(words) or None
