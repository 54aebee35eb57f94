"""The sources of an imported project: one :class:`~cmo.models.Source` per source of the
project, with who, where and when it is (participant, role, site, wave) taken from its
case or its variables as the mapping file says, its notes, and the document sets it is in.

Example:
    >>> from cmo.qda.mapping_file import read_mapping
    >>> from cmo.qda.project import Case, Project, TextSource
    >>> project = Project(name="p", sources={"A1": TextSource(
    ...     guid="A1", name="P01 interview", text="Synthetic.", variables={"Site": "Leeds"})},
    ...     cases=[Case(guid="C1", name="P01", sources=["A1"])])
    >>> source = sources_of(project, read_mapping(None))["A1"]
    >>> source.id, source.site
    ('p01-interview', 'Leeds')
"""

from __future__ import annotations

from typing import Any

from .._helpers.labels import unique_name
from ..models import Source
from ..models.labels import slugify
from .judgement_notes import appraisal_in
from .mapping_file import Mapping
from .project import Project

__all__ = ["sources_of"]


def sources_of(project: Project, mapping: Mapping) -> dict[str, Source]:
    """One source per text source, filled in from its case and variables as the map says."""
    case_of: dict[str, Any] = {}
    for case in project.cases:
        for guid in case.sources:
            case_of.setdefault(guid, case)
    made: dict[str, Source] = {}
    used: set[str] = set()
    for guid, text_source in project.sources.items():
        identifier = unique_name(slugify(text_source.name, distinct=False) or "source", used)
        case = case_of.get(guid)
        values = {**(case.variables if case else {}), **text_source.variables}
        fields: dict[str, Any] = {}
        for name in ("participant", "participant_role", "site", "wave"):
            wanted = getattr(mapping.sources, name)
            by_case = wanted == "case"
            value = (case.name if case else None) if by_case else _variable(values, wanted or name)
            if value:
                fields[name] = value
        # cmo's appraisal note is the source's appraisal; other notes are its notes.
        appraisal, others = appraisal_in(text_source.notes)
        if appraisal is not None:
            fields["appraisal"] = appraisal
        notes = "\n\n".join(filter(None, [text_source.description, *others]))
        if text_source.sets:
            fields["groups"] = tuple(text_source.sets)
        made[guid] = Source(id=identifier, kind=mapping.sources.kind, title=text_source.name,
                            text=text_source.text or None, notes=notes or None, **fields)
    return made


def _variable(values: dict[str, str], name: str) -> str | None:
    wanted = name.replace("_", " ").lower()
    return next((value for key, value in values.items()
                 if key.replace("_", " ").lower() == wanted), None)
