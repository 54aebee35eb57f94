"""Appraisal in tables: the judgement columns of sources and excerpts, and the scales table.

The sources and excerpts tables carry three columns per dimension of appraisal (relevance,
rigour, richness): the level (``rigour``), why (``rigour justification``) and who judged
(``rigour judged by``). A level must be on the project's scale for that dimension; case,
spaces and hyphens do not matter (``High`` is ``high``). The scales are ``high / moderate /
low`` unless the scales table declares a project's own: one row per dimension, its levels
one per line, highest first (written only for a scale that is not the default).

Example:
    >>> from cmo.models import Appraisal
    >>> cells = judgement_cells(Appraisal(rigour={"level": "moderate", "judged_by": "AT"}))
    >>> {name: cell for name, cell in cells.items() if cell}
    {'rigour': 'moderate', 'rigour_judged_by': 'AT'}
    >>> scale_rows(AppraisalScales(rigour=("strong", "weak")))
    [('rigour', ('strong', 'weak'))]
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any, Final

from ..models import Appraisal, AppraisalScales, Judgement
from ..models.appraisal import APPRAISAL_DIMENSIONS, DEFAULT_LEVELS
from .sheet import Problems, Row, Table
from .values import build, choice, shown

__all__ = ["APPRAISAL_FIELDS", "judgement_cells", "read_scales", "row_judgements",
           "scale_rows", "take_appraisal"]

#: The columns of one judgement, by dimension: its level, the justification, who judged.
_PARTS: Final = {dimension: {"level": dimension,
                             "justification": f"{dimension}_justification",
                             "judged_by": f"{dimension}_judged_by"}
                 for dimension in APPRAISAL_DIMENSIONS}
#: Every appraisal column of the sources and excerpts tables.
APPRAISAL_FIELDS: Final = tuple(name for parts in _PARTS.values() for name in parts.values())
_DIMENSION_SPELLINGS: Final = {**{dimension: dimension for dimension in APPRAISAL_DIMENSIONS},
                               "rigor": "rigour", "trustworthiness": "rigour"}
_SCALES_FIX: Final = ("or declare the project's own levels in the scales table "
                      "(docs/tables.md)")


def judgement_cells(appraisal: Appraisal | None) -> dict[str, str | None]:
    """The appraisal columns of a row of sources or excerpts (blank for no judgement)."""
    cells: dict[str, str | None] = dict.fromkeys(APPRAISAL_FIELDS)
    for dimension, judgement in appraisal.judgements() if appraisal is not None else ():
        for part, name in _PARTS[dimension].items():
            cells[name] = getattr(judgement, part)
    return cells


def row_judgements(row: Row, scales: AppraisalScales, problems: Problems) -> dict[str, str]:
    """The appraisal cells of a row that hold something, by column; each level as its
    scale spells it. A level off its scale is reported, and its judgement left out."""
    found: dict[str, str] = {}
    for dimension, parts in _PARTS.items():
        cells = {name: text for name in parts.values() if (text := row.get(name)) is not None}
        if dimension in cells:
            level = _level(row, dimension, cells[dimension], scales, problems)
            if level is None:
                continue
            cells[dimension] = level
        found.update(cells)
    return found


def _level(row: Row, dimension: str, text: str, scales: AppraisalScales,
           problems: Problems) -> str | None:
    levels = scales.levels(dimension)
    if text.strip() in levels:
        return text.strip()
    loose = {_loose(level): level for level in levels}
    if _loose(text) in loose:
        return loose[_loose(text)]
    close = difflib.get_close_matches(_loose(text), sorted(loose), n=1)
    hint = f"did you mean {loose[close[0]]!r}? " if close else ""
    problems.add(row.place(dimension), f"{shown(text)} is not a level of the {dimension} "
                 f"scale ({', '.join(levels)})", f"{hint}write one of its levels, {_SCALES_FIX}")
    return None


def _loose(text: str) -> str:
    return "".join(text.casefold().replace("-", " ").replace("_", " ").split())


def take_appraisal(values: dict[str, Any], places: Mapping[str, str], problems: Problems, *,
                   scales: AppraisalScales, default: str) -> Appraisal | None:
    """Take the appraisal columns out of the gathered ``values`` of a source or excerpt and
    make its appraisal (None when nothing is judged); problems are reported at ``places``."""
    judged: dict[str, Judgement] = {}
    for dimension, parts in _PARTS.items():
        given = {part: values.pop(name) for part, name in parts.items() if name in values}
        if not given:
            continue
        if "level" not in given:
            name = parts["justification"] if "justification" in given else parts["judged_by"]
            problems.add(places.get(name, default), f"the {dimension} judgement has no level",
                         f"write its level in the {dimension} column "
                         f"({', '.join(scales.levels(dimension))}), or empty the cell")
            continue
        judgement = build(Judgement, given, problems, default=places.get(parts["level"], default),
                          places={part: places.get(name, default) for part, name in parts.items()})
        if judgement is not None:
            judged[dimension] = judgement
    return Appraisal(**judged) if judged else None


def scale_rows(scales: AppraisalScales) -> list[tuple[str, tuple[str, ...]]]:
    """The rows of the scales table: each dimension whose scale is not the default."""
    return [(dimension, scales.levels(dimension)) for dimension in APPRAISAL_DIMENSIONS
            if scales.levels(dimension) != DEFAULT_LEVELS]


def read_scales(table: Table | None, problems: Problems) -> AppraisalScales:
    """The scales the scales table declares (the default for a dimension it leaves out)."""
    declared: dict[str, tuple[str, ...]] = {}
    places: dict[str, str] = {}
    first: dict[str, int] = {}
    for row in table.rows if table is not None else ():
        dimension = choice(row, "dimension", _DIMENSION_SPELLINGS, problems,
                           what="appraisal dimension")
        if dimension is None:
            if row.get("dimension") is None:
                problems.add(row.place("dimension"), "the row names no dimension",
                             f"write one of: {', '.join(APPRAISAL_DIMENSIONS)}")
            continue
        if dimension in first:
            problems.add(row.place("dimension"), f"the {dimension} scale is declared twice "
                         f"(also on row {first[dimension]})", "keep one row for each scale")
            continue
        first[dimension] = row.number
        levels = tuple(row.values("levels"))
        if not levels:
            problems.add(row.place("levels"), f"the {dimension} scale has no levels",
                         "write its levels in the cell, one per line, highest first")
            continue
        twice = sorted({level for level in levels if levels.count(level) > 1})
        if twice:
            problems.add(row.place("levels"), f"the {dimension} scale names "
                         f"{', '.join(map(repr, twice))} twice", "keep each level once")
            continue
        declared[dimension], places[dimension] = levels, row.place("levels")
    default = table.where if table is not None else ""
    scales = build(AppraisalScales, declared, problems, places=places, default=default)
    return scales if scales is not None else AppraisalScales()
