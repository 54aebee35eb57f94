"""Configurations from codes with a part (:mod:`cmo.qda.roles`), made in two ways:

- a *configuration-level* code (one under a Configurations branch, or ``CMOC: ...``) is a
  configuration: the codes below it are its elements, and the selections coded with it
  or with them are its evidence; so is a code *set* (ATLAS.ti's code group) whose codes
  name two parts or more;
- otherwise, codes with parts that meet on one selection, or on selections of one source
  no more than ``window`` characters apart, are proposed as a *draft* configuration with
  those selections as its evidence (status ``proposed``; to be checked by the team).

Each element and evidence link is made once and shared by every configuration that has
it; the codebook's elements no configuration uses are kept (:func:`unused_elements`).

Example:
    >>> from cmo.models import Excerpt, Source
    >>> from cmo.qda.mapping_file import read_mapping
    >>> from cmo.qda.project import Code, Project, Selection, TextSource
    >>> from cmo.qda.roles import Role
    >>> codes = {"C": Code(guid="C", name="C: Trust"), "O": Code(guid="O", name="O: Hope")}
    >>> selection = Selection(guid="S1", source="A1", start=0, end=9, codes=["C", "O"])
    >>> project = Project(name="p", codes=codes, sources={"A1": TextSource(
    ...     guid="A1", name="P01", text="Synthetic.", selections=[selection])})
    >>> excerpt = Excerpt(id="p01-0", source=Source(id="p01", kind="interview"), text="Synthetic")
    >>> roles = {"C": Role("context", "Trust"), "O": Role("outcome", "Hope")}
    >>> [draft] = configurations_of(project, roles, {"p01-0": excerpt}, {"S1": "p01-0"},
    ...                             read_mapping(None))
    >>> draft.id, draft.shape, len(draft.evidence)
    ('draft-1', 'C-O', 1)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .._helpers.labels import unique_name
from ..models import Configuration, Evidence, Excerpt, Mechanism
from ..models.configuration import KIND_MODELS
from ..models.labels import slugify
from ..models.types import Stance
from .mapping_file import Mapping
from .project import Code, Project, Selection
from .roles import Role

__all__ = ["configurations_of", "unused_elements"]


@dataclass
class _Group:
    """Codes with parts and the selections that carry them: one configuration to be."""

    roles: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    selections: list[Selection] = field(default_factory=list)

    def add(self, selection: Selection, roles: dict[str, Role]) -> None:
        self.selections.append(selection)
        for code in selection.codes:
            if code in roles and roles[code].kind != "configuration":
                self.roles[roles[code].kind].add(roles[code].label)

    @property
    def parts(self) -> int:
        mechanism = bool(self.roles["reasoning"] or self.roles["resource"])
        return sum((bool(self.roles["context"]), mechanism, bool(self.roles["outcome"])))


def configurations_of(project: Project, roles: dict[str, Role], excerpts: dict[str, Excerpt],
                      excerpt_of: dict[str, str], mapping: Mapping) -> list[Configuration]:
    """The configurations a project's codes make (see the module's description): first
    those of configuration-level codes and code sets, then the drafts.

    Args:
        project: the project read.
        roles: the part of each code with one (not ``ignore``), by GUID.
        excerpts: the excerpts made, by id.
        excerpt_of: the excerpt id of each selection, by GUID.
        mapping: the mapping file (its ``stance`` and ``window``).
    """
    build = _Builder(excerpts, excerpt_of, mapping.stance)
    configurations = _configured(project, roles, build)
    configurations += _drafts(project, roles, build, mapping, start=len(configurations))
    return configurations


def _configured(project: Project, roles: dict[str, Role],
                build: _Builder) -> list[Configuration]:
    """One configuration per configuration-level code (from the codes below it), and per
    code set whose member codes name two parts or more (ATLAS.ti's code groups)."""
    families: list[tuple[str, set[str], set[str], str | None]] = []  # label, members, ...
    for guid, role in roles.items():
        if role.kind == "configuration":
            below = set(_descendants(project.codes, guid))
            families.append((role.label, below | {guid}, below, project.codes[guid].description))
    for name, members in project.sets.items():
        if _names_a_configuration(members, roles):
            families.append((name, set(members), set(members), None))
    if not families:
        return []
    every = list(project.selections())
    coded_with: dict[str, list[int]] = defaultdict(list)  # code -> its selections' places
    for place, selection in enumerate(every):
        for code in selection.codes:
            coded_with[code].append(place)
    made = []
    used: set[str] = set()
    for label, family, parts, notes in families:
        group = _Group()
        places = {place for code in family for place in coded_with.get(code, ())}
        group.selections = [every[place] for place in sorted(places)]
        for member in parts:
            if member in roles and roles[member].kind != "configuration":
                group.roles[roles[member].kind].add(roles[member].label)
        identifier = unique_name(slugify(label, distinct=False) or "configuration", used)
        made.extend(build.configurations(group, identifier, label=label, notes=notes))
    return made


def _names_a_configuration(members: Iterable[str], roles: dict[str, Role]) -> bool:
    """Whether a code set's codes name two parts or more of a configuration."""
    kinds = {roles[m].kind for m in members if m in roles} - {"configuration"}
    return len(kinds & {"context", "outcome"}) + bool(kinds & {"reasoning", "resource"}) >= 2


def _drafts(project: Project, roles: dict[str, Role], build: _Builder,
            mapping: Mapping, start: int) -> list[Configuration]:
    """Draft configurations from codes that meet on a selection or nearby selections."""
    grouped = {code for guid, role in roles.items() if role.kind == "configuration"
               for code in {guid, *_descendants(project.codes, guid)}}
    grouped |= {code for members in project.sets.values()
                if _names_a_configuration(members, roles) for code in members}
    free = {code: role for code, role in roles.items() if code not in grouped}
    by_content: dict[tuple[Any, ...], _Group] = {}
    for source in project.sources.values():
        ordered = sorted((s for s in source.selections
                          if any(c in free for c in s.codes)),
                         key=lambda s: (s.place is not None, str(s.place), s.start, s.end))
        group, reach = _Group(), -1
        for selection in [*ordered, None]:
            if selection is None or (group.selections and _apart(
                    group.selections[-1], selection, reach, mapping.window)):
                if group.parts >= 2:
                    key = tuple(sorted((kind, tuple(sorted(labels)))
                                       for kind, labels in group.roles.items() if labels))
                    by_content.setdefault(key, _Group(group.roles)).selections.extend(
                        group.selections)
                group, reach = _Group(), -1
            if selection is not None:
                group.add(selection, free)
                reach = max(reach, selection.end)
    made = []
    for number, group in enumerate(by_content.values(), start=start + 1):
        made.extend(build.configurations(group, f"draft-{number}", label=None,
                                         notes="Drafted from codes that meet in the coded data."))
    return made


def _apart(last: Selection, selection: Selection, reach: int, window: int) -> bool:
    """Whether a selection starts a new group: too far from the last text selection, or
    (on a PDF, picture or recording, where characters mean nothing) not the same place."""
    if last.place is not None or selection.place is not None:
        return selection.passage != last.passage
    return selection.start - reach > window


class _Builder:
    """Makes configurations from groups, each element and evidence link made once and
    shared by every configuration that has it (values are frozen)."""

    def __init__(self, excerpts: dict[str, Excerpt], excerpt_of: dict[str, str],
                 stance: Stance) -> None:
        self.excerpts, self.excerpt_of, self.stance = excerpts, excerpt_of, stance
        self._elements: dict[tuple[str, str], Any] = {}
        self._mechanisms: dict[tuple[str | None, str | None], Mechanism] = {}
        self._evidence: dict[str, Evidence] = {}

    def elements(self, kind: str, labels: set[str]) -> tuple[Any, ...]:
        made = []
        for label in sorted(labels):
            element = self._elements.get((kind, label))
            if element is None:
                element = self._elements[kind, label] = KIND_MODELS[kind](label=label)
            made.append(element)
        return tuple(made)

    def mechanism(self, reasoning: str | None = None, resource: str | None = None) -> Mechanism:
        mechanism = self._mechanisms.get((reasoning, resource))
        if mechanism is None:
            mechanism = self._mechanisms[reasoning, resource] = Mechanism(
                reasoning=reasoning, resource=resource)
        return mechanism

    def evidence(self, selection: Selection) -> Evidence:
        excerpt_id = self.excerpt_of[selection.guid]
        evidence = self._evidence.get(excerpt_id)
        if evidence is None:
            evidence = self._evidence[excerpt_id] = Evidence(
                excerpt=self.excerpts[excerpt_id], stance=self.stance)
        return evidence

    def configurations(self, group: _Group, identifier: str, *, label: str | None,
                       notes: str | None) -> list[Configuration]:
        """The configuration(s) of a group: one per mechanism when it names several."""
        reasoning, resource = sorted(group.roles["reasoning"]), sorted(group.roles["resource"])
        mechanisms: list[Mechanism | None]
        if len(reasoning) <= 1 and len(resource) <= 1:
            mechanisms = [self.mechanism(reasoning=(reasoning or [None])[0],
                                         resource=(resource or [None])[0])] \
                if reasoning or resource else [None]
        else:
            mechanisms = [self.mechanism(reasoning=r) for r in reasoning] + \
                         [self.mechanism(resource=r) for r in resource]
        evidence = tuple({id(e): e for e in map(self.evidence, group.selections)}.values())
        contexts = self.elements("context", group.roles["context"])
        outcomes = self.elements("outcome", group.roles["outcome"])
        interventions = self.elements("intervention", group.roles["intervention"])
        actors = self.elements("actor", group.roles["actor"])
        made = []
        for number, mechanism in enumerate(mechanisms, start=1):
            if sum((bool(contexts), mechanism is not None, bool(outcomes))) < 2:
                continue
            made.append(Configuration(
                id=identifier if len(mechanisms) == 1 else f"{identifier}-{number}",
                label=label, notes=notes, evidence=evidence, mechanism=mechanism,
                contexts=contexts, outcomes=outcomes, interventions=interventions,
                actors=actors))
        return made


def unused_elements(project: Project, roles: dict[str, Role],
                     configurations: list[Configuration]) -> tuple[Any, ...]:
    """The codebook's elements that no configuration uses: kept, so the codebook survives."""
    used = {(element.kind, element.label) for c in configurations for element in c.elements}
    used |= {("mechanism", half) for c in configurations if c.mechanism
             for half in (c.mechanism.reasoning, c.mechanism.resource) if half}
    kept: dict[tuple[str, str], Any] = {}
    for role in roles.values():
        if role.kind in KIND_MODELS and (role.kind, role.label) not in used:
            kept.setdefault((role.kind, role.label), KIND_MODELS[role.kind](label=role.label))
        elif role.kind in ("reasoning", "resource") and ("mechanism", role.label) not in used:
            kept.setdefault(("mechanism", role.label), Mechanism(**{role.kind: role.label}))
    return tuple(kept.values())


def _descendants(codes: dict[str, Code], guid: str) -> Iterable[str]:
    for child in codes[guid].children:
        yield child
        yield from _descendants(codes, child)
