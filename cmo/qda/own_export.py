"""Reading back a project ``cmo`` wrote: the theory its note carries, with the text of its
excerpts and sources taken from the project, and what a QDA program changed since applied.

A project ``cmo`` exports carries its whole theory in a note (:data:`~cmo.qda.project.THEORY_NOTE`,
:mod:`cmo.qda.theory_note`) that quotes nothing; the quotes are the project's selections.
Reading it back finds each excerpt's text by its selection's name (its id) or GUID
(:func:`~cmo.qda.project.stable_guid`), then applies the program's edits
(:mod:`cmo.qda.program_edits`).

Example:
    >>> from cmo.models import Collection, Configuration
    >>> from cmo.qda.exporting import project_xml
    >>> from cmo.qda.project import THEORY_NOTE, read_project
    >>> theory = Collection(configurations=[Configuration(
    ...     id="hope", contexts=[{"label": "Trust"}], outcomes=[{"label": "Hope"}])])
    >>> xml, files = project_xml(theory)
    >>> project = read_project(xml, name="synthetic.qde", source_text=lambda path: files[
    ...     "sources/" + path.removeprefix("internal://")].encode())
    >>> from_own_export(project, project.named_notes[THEORY_NOTE], name="synthetic.qde") == theory
    True
"""

from __future__ import annotations

import warnings
from typing import Final

from ..exceptions import CmoWarning, InputError, Problem
from ..models import Collection
from ..sharing.privacy import restore_text
from .offsets import Offsets, choose_mode
from .program_edits import apply_program_edits
from .project import THEORY_NOTE, Project, stable_guid
from .theory_note import read_theory_note

__all__ = ["from_own_export"]

#: How many excerpt ids the report names.
_SHOWN: Final = 12


def from_own_export(project: Project, data: str, *, name: str) -> Collection:
    """The theory a project written by ``cmo`` carries, with its text put back.

    Excerpts are found by their selections' names (their ids) or GUIDs, in code points as
    written (or UTF-16 units, when a program rewrote them so);
    a source's whole text, when it was kept, is its text source's. What a QDA program
    changed since (new coded selections, renamed and new codes) is applied to it, and
    reported with the side each change came from (:mod:`cmo.qda.program_edits`).
    """
    def source_text(source_id: str) -> str | None:
        text_source = project.sources.get(stable_guid("source", source_id))
        return text_source.text if text_source is not None else None

    excerpts: dict[str, str] = {}
    unnamed: dict[str, str] = {}  # the text of selections without a name, by GUID
    for text_source in project.sources.values():
        text = text_source.text
        if text is None or not text_source.selections:
            continue
        # cmo writes code points; a program that counts UTF-16 units (NVivo) rewrites them.
        offsets = Offsets(text, "codepoints" if text.isascii() else choose_mode(
            text, [(selection.start, selection.end) for selection in text_source.selections])[0])
        for selection in text_source.selections:
            span = offsets.span(selection.start, selection.end)
            if span is not None:
                (excerpts if selection.name else unnamed)[
                    selection.name or selection.guid] = text[span[0]:span[1]]
    try:
        theory = read_theory_note(data, excerpts=excerpts, source_text=source_text)
    except (ValueError, RecursionError) as error:
        raise InputError([Problem(f"the note {THEORY_NOTE!r}", "cannot be read as a theory "
                                  f"({type(error).__name__})", "export the theory again from "
                                  "cmo, or delete the note to import the coding alone")],
                         source=name) from None
    missing = sorted(e.id for e in theory.excerpts if e.id not in excerpts)
    if missing and unnamed:  # a program that drops selections' names keeps their GUIDs
        found = {excerpt_id: unnamed[guid] for excerpt_id in missing
                 if (guid := stable_guid("excerpt", excerpt_id)) in unnamed}
        theory = restore_text(theory, excerpts=found, sources={}) if found else theory
        missing = [excerpt_id for excerpt_id in missing if excerpt_id not in found]
    if missing:
        warnings.warn(f"{name}: {len(missing)} excerpts are no longer in the project "
                      f"({', '.join(missing[:_SHOWN])}); their text stays withheld",
                      CmoWarning, stacklevel=3)
    if project.untouched:  # nothing was edited since cmo wrote it: no edits to look for
        return theory
    try:
        return apply_program_edits(theory, project, name=name)
    except ValueError as error:  # the edits break the models (pydantic's errors are these)
        raise InputError([Problem("", f"the QDA program's edits cannot be applied ({error})",
                                  "undo the edit in the QDA program, or delete the note "
                                  f"{THEORY_NOTE!r} to import the coding alone")],
                         source=name) from None
