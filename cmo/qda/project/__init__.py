"""A REFI-QDA project as read from its XML: users, codes, sources, selections, cases...

Only what ``cmo`` uses is kept, as plain dataclasses (:mod:`~cmo.qda.project.model`);
GUIDs are normalised (upper case, no braces) because exports spell them both ways
(:mod:`~cmo.qda.project.guids`). Reading (:mod:`~cmo.qda.project.reading`, with the
sources and their selections in :mod:`~cmo.qda.project.source_reading`) collects
deviations from the standard that still let the content be read as ``warnings`` rather
than raising them.

Example:
    >>> xml = b'''<Project xmlns="urn:QDA-XML:project:1.0" name="p"><CodeBook><Codes>
    ...   <Code guid="{a182cd3a-d83c-4d8c-bc80-26d9103ec6d6}" name="C: Trust" isCodable="true"/>
    ... </Codes></CodeBook></Project>'''
    >>> project = read_project(xml, name="p.qde")
    >>> [(code.guid, code.name) for code in project.codes.values()]
    [('A182CD3A-D83C-4D8C-BC80-26D9103EC6D6', 'C: Trust')]
"""

from __future__ import annotations

from .guids import normal_guid, stable_guid
from .model import NAMESPACE, THEORY_NOTE, WHOLE, Case, Code, Place, Project, Selection, TextSource
from .reading import read_codes, read_project

__all__ = [
    "NAMESPACE",
    "THEORY_NOTE",
    "WHOLE",
    "Case",
    "Code",
    "Place",
    "Project",
    "Selection",
    "TextSource",
    "normal_guid",
    "read_codes",
    "read_project",
    "stable_guid",
]
