"""Appraisals and retroduction logs of an authoring document, checked where they are written.

The collection checks them too, as a whole; here each problem is named by its line, the id
of the source, excerpt or configuration and the field, with a did-you-mean: a level that is
not on its declared scale, an ``appraisal:`` with nothing in it, a step or an alternative
mechanism citing an excerpt that is not declared.

Example:
    >>> from cmo.models import AppraisalScales
    >>> widened(AppraisalScales(), {"rigour": {"hgh"}}).rigour
    ('high', 'moderate', 'low', 'hgh')
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

from .._helpers.labels import did_you_mean
from .._helpers.yaml_text import Location
from ..models import AppraisalScales
from ..models.appraisal import APPRAISAL_DIMENSIONS
from .problems import EMPTY_APPRAISAL, Reader, value_at

__all__ = ["appraisal_scales", "check_levels", "cites_declared_excerpts",
           "report_empty_appraisals", "retroduction_stand_in", "widened"]

#: The sections whose entries may carry an appraisal.
_JUDGED: Final = ("sources", "excerpts")


def report_empty_appraisals(reader: Reader) -> None:
    """Report each ``appraisal:`` written with nothing after it: a slip, not "not judged"
    (which is said by leaving the line out)."""
    for section in _JUDGED:
        entries = value_at(reader.parsed.data, (section,))
        for index, entry in enumerate(entries if isinstance(entries, list) else ()):
            if isinstance(entry, dict) and "appraisal" in entry and entry["appraisal"] is None:
                reader.problem((section, index, "appraisal"), *EMPTY_APPRAISAL)


def appraisal_scales(reader: Reader, document: Any,
                     positions: dict[str, list[int]]) -> AppraisalScales:
    """The document's scales, each judgement's level checked against them (and reported
    unless it is on its scale); widened by the levels reported, to make the collection and
    find its other problems. Scales that could not be read (reported) are widened by every
    level in use, unchecked."""
    judged = [(section, positions[section], getattr(document, section)) for section in _JUDGED]
    scales: AppraisalScales = document.appraisal_scales
    if "appraisal_scales" in reader.parsed.data and "appraisal_scales" not in (
            document.model_fields_set):
        in_use: dict[str, set[str]] = {}
        for _, _, entries in judged:
            for entry in entries:
                for dimension, judgement in (entry.appraisal.judgements()
                                             if entry.appraisal is not None else ()):
                    in_use.setdefault(dimension, set()).add(judgement.level)
        return widened(scales, in_use)
    return widened(scales, check_levels(reader, scales, judged))


def check_levels(reader: Reader, scales: AppraisalScales,
                 judged: Iterable[tuple[str, list[int], Iterable[Any]]]) -> dict[str, set[str]]:
    """Report each judgement whose level is not on its dimension's scale.

    Args:
        judged: for each section, the index in the file of each entry, and the entries.

    Returns:
        The levels reported, by dimension.
    """
    reported: dict[str, set[str]] = {}
    for section, positions, entries in judged:
        for index, entry in zip(positions, entries, strict=True):
            if entry.appraisal is None:
                continue
            for dimension, judgement in entry.appraisal.judgements():
                levels = scales.levels(dimension)
                if judgement.level in levels:
                    continue
                at: Location = (section, index, "appraisal", dimension)
                if isinstance(value_at(reader.parsed.data, at), dict):
                    at = (*at, "level")
                reader.problem(at, f"{judgement.level!r} is not a level of the {dimension} "
                                   f"scale ({', '.join(levels)})",
                               did_you_mean(judgement.level, levels)
                               or "use one of its levels, or declare the project's own under "
                                  "'appraisal_scales'")
                reported.setdefault(dimension, set()).add(judgement.level)
    return reported


def widened(scales: AppraisalScales, levels: dict[str, set[str]]) -> AppraisalScales:
    """``scales`` with ``levels`` added at the bottom: to make the collection of a file whose
    levels off the scale were reported already, and find its other problems."""
    return scales.replaced(**{
        dimension: (*scales.levels(dimension), *sorted(levels.get(dimension, set())
                                                       - set(scales.levels(dimension))))
        for dimension in APPRAISAL_DIMENSIONS})


def cites_declared_excerpts(reader: Reader, retroduction: Any, at: Location,
                            excerpts: dict[str, Any], broken: set[str]) -> bool:
    """Whether every excerpt a retroduction log cites is declared and readable; each one
    that is not declared is reported (with a did-you-mean), the broken ones where they are
    declared."""
    if retroduction is None:
        return True
    found = True
    for part, entries in (("steps", retroduction.steps),
                          ("alternatives", retroduction.alternatives)):
        for index, entry in enumerate(entries):
            for number, excerpt in enumerate(entry.excerpts):
                found &= reader.reference(
                    excerpts, excerpt, (*at, "retroduction", part, index, "excerpts", number),
                    "excerpt", broken) is not None
    return found


#: What a step or an alternative mechanism needs, for a stand-in.
_STAND_IN: Final = {"steps": {"move": "abductive", "inference": "-"},
                    "alternatives": {"mechanism": "-", "set_aside_because": "-"}}


def retroduction_stand_in(written: Any, place: Location) -> Any:
    """A copy of a retroduction log in which the step or alternative at ``place`` (where a
    problem was reported) is a stand-in citing the same excerpts, to check them too; None
    if the problem is not in one step or alternative, or its excerpts are not all text.

    Example:
        >>> retroduction_stand_in({"steps": [{"move": "guess", "excerpts": ["e1"]}]},
        ...                       ("steps", 0, "move"))
        {'steps': [{'move': 'abductive', 'inference': '-', 'excerpts': ['e1']}]}
    """
    part, index, *_ = (*place, None, None)
    entries = written.get(part) if isinstance(written, dict) else None
    if part not in _STAND_IN or not isinstance(entries, list) or not isinstance(index, int) \
            or not isinstance(entries[index], dict):
        return None
    excerpts = entries[index].get("excerpts", [])
    if place[2:3] == ("excerpts",) or not isinstance(excerpts, list) or not all(
            isinstance(excerpt, str) for excerpt in excerpts):
        return None
    entries = list(entries)
    entries[index] = {**_STAND_IN[str(part)], "excerpts": excerpts}
    return {**written, part: entries}
