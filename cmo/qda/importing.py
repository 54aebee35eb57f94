"""From a REFI-QDA project to a collection: excerpts, sources and draft configurations,
and the import report.

Every coded selection becomes an excerpt with its exact text, span and codes
(:mod:`cmo.qda.excerpts`); every source a source, with its participant, site and wave
(:mod:`cmo.qda.sources`). Codes with a part (:mod:`cmo.qda.roles`) make configurations
(:mod:`cmo.qda.configurations`): a configuration-level code or a code set is a
configuration, and codes with parts that meet in the coded data are proposed as *draft*
configurations (status ``proposed``; to be checked by the team). A project ``cmo`` wrote
is read back whole (:mod:`cmo.qda.own_export`).

Nothing is dropped: selections no configuration cites stay as excerpts with their codes.
What was odd or could not be mapped is reported as :class:`~cmo.exceptions.CmoWarning`,
one warning a line of the import report.

Example:
    >>> import warnings
    >>> from cmo.qda.mapping_file import read_mapping
    >>> from cmo.qda.project import Code, Project, Selection, TextSource
    >>> project = Project(name="Pilot", codes={"C": Code(guid="C", name="C: Trust"),
    ...                                        "X": Code(guid="X", name="Admin")},
    ...     sources={"A1": TextSource(guid="A1", name="P01", text="Synthetic: I trust her.",
    ...         selections=[Selection(guid="S1", source="A1", start=11, end=22, codes=["C", "X"],
    ...                               coders=[None, None])])})
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     collection = to_collection(project, read_mapping(None), name="pilot.qdpx")
    >>> [excerpt.text for excerpt in collection.excerpts]
    ['I trust her']
    >>> for warning in caught:
    ...     print(warning.message)
    pilot.qdpx: 1 codes have no part of a configuration and are kept on their excerpts: 'Admin' (give them a part in --map)
    pilot.qdpx: 1 excerpts are cited by no configuration yet; they are kept with their codes
"""

from __future__ import annotations

import warnings
from collections import Counter
from typing import Final

from pydantic import ValidationError

from ..exceptions import CmoWarning, InputError, Problem
from ..models import Collection, Excerpt
from ..progress import current
from .codebook import codebook_of
from .configurations import configurations_of, unused_elements
from .excerpts import excerpts_of
from .judgement_notes import scales_of
from .mapping_file import Mapping
from .own_export import from_own_export
from .project import THEORY_NOTE, Project
from .roles import assign_roles, unmatched_entries
from .sources import sources_of

__all__ = [
    "to_collection",
]

_LISTED: Final = 12


def to_collection(project: Project, mapping: Mapping, *, name: str) -> Collection:
    """The collection a project holds (see the module's description).

    A project ``cmo`` wrote carries its theory in a note: that theory is read back, with
    the text of its excerpts and sources taken from the project (:func:`from_own_export`).

    Raises:
        InputError: nothing in the project can make a theory, or values break the models.
    """
    if THEORY_NOTE in project.named_notes:
        return from_own_export(project, project.named_notes[THEORY_NOTE], name=name)
    try:
        return _imported(project, mapping, name=name)
    except ValidationError as error:
        raise InputError([_problem(error)], source=name) from None


def _problem(error: ValidationError) -> Problem:
    """What a value read from the project breaks, without the value itself (it may quote
    the data)."""
    details = error.errors(include_input=False, include_url=False)
    said = "; ".join(f"{'.'.join(map(str, detail['loc'])) or 'value'}: "
                     f"{detail['msg'].removeprefix('Value error, ')}" for detail in details[:3])
    return Problem(f"a {error.title.lower()} made from the project", f"breaks the model ({said})",
                   "correct it in the QDA program and export the project again")


def _imported(project: Project, mapping: Mapping, *, name: str) -> Collection:
    """:func:`to_collection` for a project ``cmo`` did not write."""
    report: list[str] = list(project.warnings)
    every_role = assign_roles(project.codes, mapping.roles)
    for entry, hint in unmatched_entries(project.codes, mapping.roles):
        report.append(f"--map role {entry!r} names no code in the project, so it gives no "
                      "code a part" + (f" ({hint})" if hint else ""))
    roles = {guid: role for guid, role in every_role.items() if role.kind != "ignore"}
    sources = sources_of(project, mapping)
    excerpts: dict[str, Excerpt] = {}
    row = current()
    if row.shown:
        row.expect(len(project.sources))
    code_names = {guid: " / ".join(code.path(project.codes))
                  for guid, code in project.codes.items()}
    excerpt_of: dict[str, str] = {}
    taken: set[str] = set()
    for source in row.track(project.sources.values()):
        excerpts.update(excerpts_of(source, sources[source.guid], code_names, mapping, report,
                                  excerpt_of, taken))
    shared = [count for count in Counter(excerpt_of.values()).values() if count > 1]
    if shared:
        passages = len(shared)
        report.append(f"{sum(shared)} selections of the same passage merged into "
                      f"{passages} excerpts (a QDA program writes one selection per code "
                      "applied to a passage); each excerpt keeps every code and who applied it")
    configurations = configurations_of(project, roles, excerpts, excerpt_of, mapping)
    coded = {code for selection in project.selections() for code in selection.codes}
    unmapped = sorted(project.codes[code].name for code in coded - every_role.keys())
    if unmapped:
        report.append(f"{len(unmapped)} codes have no part of a configuration and are kept "
                      f"on their excerpts: {_listed(unmapped)} (give them a part in --map)")
    elements = unused_elements(project, roles, configurations)
    never_used = sorted(code.name for guid, code in project.codes.items()
                        if guid not in every_role and guid not in coded)
    if never_used:
        report.append(f"{len(never_used)} codes code no selection and have no part of a "
                      f"configuration; they are kept in the codebook: {_listed(never_used)}")
    cited = {evidence.excerpt.id for c in configurations for evidence in c.evidence}
    uncited = [excerpt for excerpt in excerpts.values() if excerpt.id not in cited]
    if uncited:
        report.append(f"{len(uncited)} excerpts are cited by no configuration yet; they are "
                      "kept with their codes")
    scales = scales_of(project.notes.values(), [*sources.values(), *excerpts.values()],
                       report)
    for line in report:
        warnings.warn(f"{name}: {line}", CmoWarning, stacklevel=4)
    try:
        return Collection(title=project.name, sources=tuple(sources.values()),
                          excerpts=tuple(excerpts.values()), elements=elements,
                          configurations=configurations,
                          codebook=codebook_of(project, name=name), appraisal_scales=scales)
    except ValueError as error:
        raise InputError([Problem("", str(error))], source=name) from None


def _listed(names: list[str]) -> str:
    """The first names, quoted, and how many more there are."""
    shown = ", ".join(repr(name) for name in names[:_LISTED])
    return shown + (f" and {len(names) - _LISTED} more" if len(names) > _LISTED else "")
