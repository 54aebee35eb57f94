"""Excerpts from coded selections: one excerpt per passage of a source, with its exact
text, span and every code applied to it, and who applied each.

A QDA program writes one selection per code applied to a passage: the selections of one
source marking the same span (or the same page region, the same stretch of a recording)
are one passage, so one excerpt. Offsets are read in code points or UTF-16 units, as the
mapping file says or as the text shows (:mod:`cmo.qda.offsets`). An excerpt's id says where
it is (``p01-120``, ``p01-l12``, ``p01-page3``, ``p01-95s``, ``p01-whole``); a PDF,
picture or recording gets a placeholder saying where, not a quote. What is odd (offsets
off word boundaries, positions outside the text) goes into the import report.

Example:
    >>> from cmo.models import Source
    >>> from cmo.qda.mapping_file import read_mapping
    >>> from cmo.qda.project import Selection, TextSource
    >>> text_source = TextSource(guid="A1", name="P01", text="Synthetic: I trust her.",
    ...                          selections=[Selection(guid="S1", source="A1", start=11, end=22,
    ...                                                codes=["C1"], coders=["Ann"])])
    >>> excerpt_of, report = {}, []
    >>> made = excerpts_of(text_source, Source(id="p01", kind="interview"), {"C1": "C: Trust"},
    ...                    read_mapping(None), report, excerpt_of, set())
    >>> excerpt = made["p01-11"]
    >>> excerpt.text, excerpt.codes, excerpt_of, report
    ('I trust her', ('C: Trust',), {'S1': 'p01-11'}, [])
"""

from __future__ import annotations

import re
from typing import Any, Final

from .._helpers.labels import unique_name
from ..models import Coding, Excerpt, Source
from .judgement_notes import appraisal_in
from .mapping_file import Mapping
from .offsets import OffsetMode, Offsets, choose_mode, on_boundaries
from .project import WHOLE, Place, Selection, TextSource

__all__ = ["MISSING_TEXT", "excerpts_of"]

#: The text of an excerpt whose source text is not in the project.
MISSING_TEXT: Final = "[text not in the project]"
#: Below this share of selections on word boundaries, the offsets are reported as doubtful.
_SENSIBLE: Final = 0.5


def excerpts_of(text_source: TextSource, source: Source, code_names: dict[str, str],
              mapping: Mapping, report: list[str], excerpt_of: dict[str, str],
              taken: set[str]) -> dict[str, Excerpt]:
    """An excerpt per passage of a text source (the selections marking one span are one
    passage); ``code_names`` gives each code's path; ``excerpt_of`` is filled with the
    excerpt id of each selection; ``taken`` holds the excerpt ids given so far."""
    text = text_source.text
    spans = [(s.start, s.end) for s in text_source.selections if s.place is None]
    mode: OffsetMode = "codepoints" if mapping.offsets == "auto" else mapping.offsets
    if text is not None and spans and mapping.offsets == "auto":
        mode, share = choose_mode(text, spans)
        if mode == "utf16":
            report.append(f"source {text_source.name!r}: offsets count UTF-16 code units (as "
                          "NVivo writes them), not code points; read as such")
        if share < _SENSIBLE:
            report.append(f"source {text_source.name!r}: only {share:.0%} of its selections "
                          "start and end on word boundaries; check the offsets "
                          "('offsets: utf16' or 'codepoints' in --map)")
    elif text is not None and spans:
        share = sum(on_boundaries(text, *span) for span in filter(None, (
            Offsets(text, mode).span(*span) for span in spans))) / len(spans)
        if share < _SENSIBLE:
            report.append(f"source {text_source.name!r}: only {share:.0%} of its selections "
                          f"start and end on word boundaries when read as {mode}")
    offsets = Offsets(text, mode) if text is not None else None
    passages: dict[tuple[Any, ...], list[Selection]] = {}
    for selection in text_source.selections:
        passages.setdefault(selection.passage, []).append(selection)
    made = {}
    for selections in passages.values():
        first = selections[0]
        # Where the passage is in code points: None outside the text (or not text).
        span = offsets.span(first.start, first.end) \
            if first.place is None and offsets is not None else None
        excerpt_id = unique_name(_excerpt_id(source.id, first, span), taken)
        for selection in selections:
            excerpt_of[selection.guid] = excerpt_id
        made[excerpt_id] = _excerpt(excerpt_id, selections, text_source, source, offsets,
                                    span, code_names, report)
    return made


def _excerpt_id(source_id: str, selection: Selection, span: tuple[int, int] | None) -> str:
    """A readable id from the source and where the passage is: ``p01-120`` (the character
    it starts at), ``p01-l12`` (a line, when only the line is known), ``p01-page3``,
    ``p01-95s`` (seconds into a recording) or ``p01-whole``; the QDA program's GUID says
    nothing to a reader."""
    place = selection.place
    if place is None:
        named = _LINE.match(selection.name) if selection.name else None
        if span is None and named:
            return f"{source_id}-l{int(named.group(1))}"
        return f"{source_id}-{span[0] if span else selection.start}"
    if place.medium == WHOLE:
        return f"{source_id}-whole"
    if place.page is not None:
        return f"{source_id}-page{place.page}"
    return f"{source_id}-{(place.begin or 0) // 1000}s"


def _excerpt(excerpt_id: str, selections: list[Selection], text_source: TextSource,
             source: Source, offsets: Offsets | None, span: tuple[int, int] | None,
             code_names: dict[str, str], report: list[str]) -> Excerpt:
    """The excerpt of one passage: the selections marking it, with all their codings;
    ``span`` is where it is in code points (None: outside the text, or not text)."""
    first = selections[0]
    text, place = text_source.text, first.place
    if place is None and offsets is not None and span is None:
        report.append(f"selection {first.guid} in source {text_source.name!r}: "
                      f"positions {first.start}-{first.end} fall outside its text "
                      f"({len(offsets.text)} characters); the excerpt is kept without text")
    quoted = text[span[0]:span[1]] if text is not None and span else ""
    codings: dict[tuple[str, str | None], None] = {}
    # The first description, line name and appraisal note among the selections: one pass
    # (a passage is one selection or a few, and a large project has 100,000s of them).
    description: str | None = None
    named: int | None = None
    appraisal: Any = None
    for selection in selections:
        for code, coder in zip(selection.codes, selection.coders, strict=True):
            codings[code_names[code], coder] = None
        if description is None and selection.description:
            description = selection.description
        if named is None and selection.name and (found := _LINE.match(selection.name)):
            named = int(found.group(1))
        if appraisal is None and selection.notes:
            appraisal = appraisal_in(selection.notes)[0]
    codes = [code for code, _ in codings]
    if not quoted.strip() and description and place is None:
        quoted, codes = description, [*codes, "(annotation)"]
    fields: dict[str, Any] = {}
    if place is not None:
        quoted = _placeholder(place)
        fields = {"page": str(place.page) if place.page is not None else None,
                  "timestamp": f"{_clock(place.begin)}-{_clock(place.end)}"
                  if place.begin is not None and place.end is not None else None}
    # Line-based coders (qc) name selections by line, counting from 0 or 1: where the span
    # starts in the text says which line it is; the name alone serves when there is no text.
    line = (text.count("\n", 0, span[0]) + 1 if text is not None and span else named) \
        if named is not None else None
    fields["appraisal"] = appraisal
    return Excerpt(
        id=excerpt_id, source=source, text=quoted if quoted.strip() else MISSING_TEXT,
        start=span[0] if span else None, end=span[1] if span else None,
        line=line or None, codes=tuple(dict.fromkeys(codes)),
        codings=tuple(Coding(code=code, coder=coder) for code, coder in codings
                      if coder is not None), **fields)


#: A selection named by its line (``line:12``, as line-based coders name them).
_LINE: Final = re.compile(r"^\s*line\s*[:=]?\s*(\d{1,9})\b", re.IGNORECASE)


def _placeholder(place: Place) -> str:
    """The text of an excerpt of a PDF, picture or recording: where it is, not a quote."""
    if place.medium == WHOLE:
        return "[the whole source]"
    if place.region is not None:
        where = "region ({}, {})-({}, {})".format(*place.region)
        return f"[{place.medium} page {place.page}, {where}]" if place.page is not None \
            else f"[{place.medium} {where}]"
    return f"[{place.medium} {_clock(place.begin)}-{_clock(place.end)}]"


def _clock(milliseconds: int | None) -> str:
    """``01:02:03.456`` for a time in milliseconds."""
    seconds, thousandths = divmod(milliseconds or 0, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{thousandths:03d}"
