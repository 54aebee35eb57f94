"""The team's judgements as notes a QDA user reads: the appraisal of a source or an excerpt,
the project's appraisal scales, and a configuration's retroduction log.

REFI-QDA has no place for them, so :func:`~cmo.qda.exporting.write_qdpx` writes each as a
note (a memo in ATLAS.ti, NVivo and MAXQDA) linked to its source, selection or
configuration code. Appraisal notes and the scales note are read back when a project is
imported without ``cmo``'s theory note (:func:`read_appraisal_note`, :func:`read_scales_note`);
with it, the theory note carries everything, and edits of these notes in the QDA program are
not read (edit the appraisal in ``cmo``). A retroduction log cites excerpts by ``cmo``'s ids,
which an imported project does not keep, so it is written to be read, not read back.

Example:
    >>> from cmo.models import Appraisal
    >>> judged = Appraisal(relevance="high", rigour={
    ...     "level": "moderate", "justification": "Abstract only", "judged_by": "AT"})
    >>> print(appraisal_note(judged))
    Appraisal (written by cmo)
    Relevance: high
    Rigour: moderate
      Why: Abstract only
      Judged by: AT
    >>> read_appraisal_note(appraisal_note(judged)) == judged
    True
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Final

from ..models import Appraisal, AppraisalScales, Collection, Configuration, Excerpt, Source
from ..models.appraisal import APPRAISAL_DIMENSIONS
from .project import stable_guid

__all__ = ["APPRAISAL_HEADING", "SCALES_HEADING", "appraisal_in", "appraisal_note",
           "judgement_notes",
           "note_guid", "read_appraisal_note", "read_scales_note", "retroduction_note",
           "scales_note", "scales_of"]

#: The first line of an appraisal note: how the importer knows one.
APPRAISAL_HEADING: Final = "Appraisal (written by cmo)"
#: The first line of the project's note of appraisal scales.
SCALES_HEADING: Final = "Appraisal scales (written by cmo), highest level first"
#: How a field's further lines are indented, so a justification may run over several.
_MORE: Final = "    "
_FIELDS: Final = {"Why": "justification", "Judged by": "judged_by"}
_LEVELS_SEPARATOR: Final = " | "


def note_guid(what: str, ident: str) -> str:
    """The GUID of the judgement note of a source, excerpt or configuration (``what``)."""
    return stable_guid("note", "judgement", what, ident)


def judgement_notes(collection: Collection) -> Iterator[tuple[str, str, str]]:
    """Every judgement note of a collection, ``(GUID, name, text)``: the scales (when
    anything is judged), each judged source and excerpt, each configuration with a log."""
    judged = [(what, value) for what, values in (("source", collection.sources),
                                                 ("excerpt", collection.excerpts))
              for value in values if value.appraisal is not None]
    if judged:
        yield (note_guid("scales", ""), "appraisal scales",
               scales_note(collection.appraisal_scales))
    for what, value in judged:
        yield note_guid(what, value.id), f"{value.id}: appraisal", appraisal_note(
            value.appraisal)
    for configuration in collection.configurations:
        if configuration.retroduction is not None:
            yield (note_guid("configuration", configuration.id),
                   f"{configuration.id}: retroduction log", retroduction_note(configuration))


def appraisal_note(appraisal: Appraisal) -> str:
    """The note of a source's or an excerpt's appraisal: a judgement a line, with why and
    who judged below it."""
    lines = [APPRAISAL_HEADING]
    for dimension, judgement in appraisal.judgements():
        lines.append(f"{dimension.capitalize()}: {judgement.level}")
        for label, name in _FIELDS.items():
            value = getattr(judgement, name)
            if value is not None:
                lines.append(f"  {label}: " + value.replace("\n", "\n" + _MORE))
    return "\n".join(lines)


def read_appraisal_note(text: str) -> Appraisal | None:
    """The appraisal an appraisal note holds; None for another note, or one that judges
    nothing it can read.

    Raises:
        ValueError: a judgement of the note breaks the model (pydantic's errors are these).
    """
    lines = text.replace("\r\n", "\n").split("\n")
    if lines[0].strip() != APPRAISAL_HEADING:
        return None
    judged: dict[str, dict[str, Any]] = {}
    current: dict[str, Any] | None = None
    field: str | None = None
    for line in lines[1:]:
        if line.startswith(_MORE) and current is not None and field is not None:
            current[field] += "\n" + line[len(_MORE):]
            continue
        # Only the left is stripped: a justification keeps its spaces at the end.
        label, _, value = line.lstrip(" ").partition(": ")
        if label.lower() in APPRAISAL_DIMENSIONS and value:
            current = judged[label.lower()] = {"level": value}
            field = None
        elif label in _FIELDS and current is not None:
            field = _FIELDS[label]
            current[field] = value
    return Appraisal.model_validate(judged) if judged else None


def appraisal_in(notes: list[str]) -> tuple[Appraisal | None, list[str]]:
    """The appraisal among a source's or selection's notes (the first appraisal note), and
    the other notes."""
    appraisal, others = None, []
    for text in notes:
        found = read_appraisal_note(text) if appraisal is None else None
        if found is None:
            others.append(text)
        appraisal = appraisal or found
    return appraisal, others


def scales_note(scales: AppraisalScales) -> str:
    """The note of the project's appraisal scales: each dimension's levels, highest first."""
    return "\n".join([SCALES_HEADING, *(
        f"{dimension.capitalize()}: {_LEVELS_SEPARATOR.join(scales.levels(dimension))}"
        for dimension in APPRAISAL_DIMENSIONS)])


def read_scales_note(text: str) -> AppraisalScales | None:
    """The scales a scales note declares (a dimension it leaves out keeps the default);
    None for another note.

    Example:
        >>> read_scales_note(scales_note(AppraisalScales(rigour=["strong", "weak"]))).rigour
        ('strong', 'weak')
    """
    lines = text.replace("\r\n", "\n").split("\n")
    if lines[0].strip() != SCALES_HEADING:
        return None
    declared = {}
    for line in lines[1:]:
        label, _, value = line.strip().partition(": ")
        if label.lower() in APPRAISAL_DIMENSIONS and value:
            declared[label.lower()] = [level.strip() for level in value.split("|")]
    return AppraisalScales.model_validate(declared)


def scales_of(notes: Iterable[str], judged: Iterable[Source | Excerpt], report: list[str]
              ) -> AppraisalScales:
    """The scales of an imported project: its scales note's (the default without one), with
    the levels judged on none of them added below, and said in ``report``."""
    scales = next((found for text in notes if (found := read_scales_note(text))), None) \
        or AppraisalScales()
    off: dict[str, dict[str, None]] = {}
    for value in judged:
        for dimension, judgement in value.appraisal.judgements() if value.appraisal else ():
            if judgement.level not in scales.levels(dimension):
                off.setdefault(dimension, {})[judgement.level] = None
    if not off:
        return scales
    report.append("appraisal levels not on the project's scales were added below them: " +
                  "; ".join(f"{dimension} {', '.join(map(repr, levels))}"
                            for dimension, levels in off.items()))
    return scales.replaced(**{dimension: (*scales.levels(dimension), *levels)
                              for dimension, levels in off.items()})


def retroduction_note(configuration: Configuration) -> str:
    """The note of a configuration's retroduction log, as a QDA user reads it: each step
    with its move, what was inferred and what it cites; each alternative mechanism with
    why it was set aside.

    Example:
        >>> hope = Configuration(id="hope", contexts=[{"label": "Trust"}],
        ...     outcomes=[{"label": "Hope"}], retroduction={
        ...     "steps": [{"move": "abductive", "inference": "Hope read as trust's outcome",
        ...                "theories": ["Trust"], "judged_by": "AT"}],
        ...     "alternatives": [{"mechanism": "Hope from the referral",
        ...                       "set_aside_because": "Not in the abstract"}]})
        >>> print(retroduction_note(hope))
        Retroduction log of hope (written by cmo)
        Step 1, abductive: Hope read as trust's outcome
          Theories: Trust
          By: AT
        Alternative set aside: Hope from the referral
          Because: Not in the abstract
    """
    log = configuration.retroduction
    lines = [f"Retroduction log of {configuration.id} (written by cmo)"]
    if log is None:
        return lines[0]
    for number, step in enumerate(log.steps, start=1):
        lines.append(f"Step {number}, {step.move}: {_indented(step.inference)}")
        lines += _cited(step.excerpts, step.theories)
        if step.judged_by or step.date:
            lines.append("  By: " + ", ".join(filter(None, [
                step.judged_by, step.date.isoformat() if step.date else None])))
    for alternative in log.alternatives:
        lines.append(f"Alternative set aside: {_indented(alternative.mechanism)}")
        lines.append(f"  Because: {_indented(alternative.set_aside_because)}")
        lines += _cited(alternative.excerpts, alternative.theories)
    return "\n".join(lines)


def _cited(excerpts: tuple[str, ...], theories: tuple[str, ...]) -> list[str]:
    return ([f"  Excerpts: {', '.join(excerpts)}"] if excerpts else []) + (
        [f"  Theories: {', '.join(theories)}"] if theories else [])


def _indented(text: str) -> str:
    return text.replace("\n", "\n" + _MORE)
