"""From a REFI-QDA project to a collection: excerpts, sources and draft configurations.

Every coded selection becomes an excerpt with its exact text, span and codes. Codes with a
part (:mod:`cmo.qda.roles`) make configurations in two ways:

- a *configuration-level* code (one under a Configurations branch, or ``CMOC: ...``) is a
  configuration: the codes below it are its elements, and the selections coded with it
  or with them are its evidence; so is a code *set* (ATLAS.ti's code group) whose codes
  name two parts or more;
- otherwise, codes with parts that meet on one selection, or on selections of one source
  no more than ``window`` characters apart, are proposed as a *draft* configuration with
  those selections as its evidence (status ``proposed``; to be checked by the team).

Nothing is dropped: selections no configuration cites stay as excerpts with their codes.
What was odd or could not be mapped is reported as :class:`~cmo.exceptions.CmoWarning`.
"""

from __future__ import annotations

import re
import warnings
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Final

from pydantic import ValidationError

from .._helpers.labels import unique_name
from ..exceptions import CmoWarning, InputError, Problem
from ..models import (
    Coding,
    Collection,
    Configuration,
    Evidence,
    Excerpt,
    Mechanism,
    Source,
)
from ..models.configuration import KIND_MODELS
from ..models.labels import slugify
from ..models.types import Stance
from ..progress import current
from ..sharing.privacy import restore_text
from .codebook import codebook_of
from .mapping_file import Mapping
from .offsets import OffsetMode, Offsets, choose_mode, on_boundaries
from .program_edits import apply_program_edits
from .project import (
    THEORY_NOTE,
    WHOLE,
    Code,
    Place,
    Project,
    Selection,
    TextSource,
    stable_guid,
)
from .roles import Role, assign_roles, unmatched_entries
from .theory_note import read_theory_note

__all__ = ["MISSING_TEXT", "from_own_export", "to_collection"]

#: The text of an excerpt whose source text is not in the project.
MISSING_TEXT: Final = "[text not in the project]"
#: Below this share of selections on word boundaries, the offsets are reported as doubtful.
_SENSIBLE: Final = 0.5
_LISTED: Final = 12


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
    sources = _sources(project, mapping)
    excerpts: dict[str, Excerpt] = {}
    row = current()
    if row.shown:
        row.expect(len(project.sources))
    code_names = {guid: " / ".join(code.path(project.codes))
                  for guid, code in project.codes.items()}
    excerpt_of: dict[str, str] = {}
    taken: set[str] = set()
    for source in row.track(project.sources.values()):
        excerpts.update(_excerpts(source, sources[source.guid], code_names, mapping, report,
                                  excerpt_of, taken))
    shared = [count for count in Counter(excerpt_of.values()).values() if count > 1]
    if shared:
        passages = len(shared)
        report.append(f"{sum(shared)} selections of the same passage merged into "
                      f"{passages} excerpts (a QDA program writes one selection per code "
                      "applied to a passage); each excerpt keeps every code and who applied it")
    build = _Builder(excerpts, excerpt_of, mapping.stance)
    configurations = _configured(project, roles, build)
    configurations += _drafts(project, roles, build, mapping, start=len(configurations))
    coded = {code for selection in _selections(project) for code in selection.codes}
    unmapped = sorted(project.codes[code].name for code in coded - every_role.keys())
    if unmapped:
        report.append(f"{len(unmapped)} codes have no part of a configuration and are kept "
                      f"on their excerpts: {_listed(unmapped)} (give them a part in --map)")
    elements = _unused_elements(project, roles, configurations)
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
    for line in report:
        warnings.warn(f"{name}: {line}", CmoWarning, stacklevel=4)
    try:
        return Collection(title=project.name, sources=tuple(sources.values()),
                          excerpts=tuple(excerpts.values()), elements=elements,
                          configurations=configurations,
                          codebook=codebook_of(project, name=name))
    except ValueError as error:
        raise InputError([Problem("", str(error))], source=name) from None


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
                      f"({', '.join(missing[:_LISTED])}); their text stays withheld",
                      CmoWarning, stacklevel=3)
    try:
        return apply_program_edits(theory, project, name=name)
    except ValueError as error:  # the edits break the models (pydantic's errors are these)
        raise InputError([Problem("", f"the QDA program's edits cannot be applied ({error})",
                                  "undo the edit in the QDA program, or delete the note "
                                  f"{THEORY_NOTE!r} to import the coding alone")],
                         source=name) from None


def _listed(names: list[str]) -> str:
    """The first names, quoted, and how many more there are."""
    shown = ", ".join(repr(name) for name in names[:_LISTED])
    return shown + (f" and {len(names) - _LISTED} more" if len(names) > _LISTED else "")


def _sources(project: Project, mapping: Mapping) -> dict[str, Source]:
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
        notes = "\n\n".join(filter(None, [text_source.description, *text_source.notes]))
        if text_source.sets:
            fields["groups"] = tuple(text_source.sets)
        made[guid] = Source(id=identifier, kind=mapping.sources.kind, title=text_source.name,
                            text=text_source.text or None, notes=notes or None, **fields)
    return made


def _variable(values: dict[str, str], name: str) -> str | None:
    wanted = name.replace("_", " ").lower()
    return next((value for key, value in values.items()
                 if key.replace("_", " ").lower() == wanted), None)


def _excerpts(text_source: TextSource, source: Source, code_names: dict[str, str],
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
        excerpt_id = unique_name(_excerpt_id(source.id, first, offsets), taken)
        for selection in selections:
            excerpt_of[selection.guid] = excerpt_id
        made[excerpt_id] = _excerpt(excerpt_id, selections, text_source, source, offsets,
                                    code_names, report)
    return made


def _excerpt_id(source_id: str, selection: Selection, offsets: Offsets | None) -> str:
    """A readable id from the source and where the passage is: ``p01-120`` (the character
    it starts at), ``p01-l12`` (a line, when only the line is known), ``p01-page3``,
    ``p01-95s`` (seconds into a recording) or ``p01-whole``; the QDA program's GUID says
    nothing to a reader."""
    place = selection.place
    if place is None:
        span = offsets.span(selection.start, selection.end) if offsets is not None else None
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
             source: Source, offsets: Offsets | None, code_names: dict[str, str],
             report: list[str]) -> Excerpt:
    """The excerpt of one passage: the selections marking it, with all their codings."""
    first = selections[0]
    text, place, span = text_source.text, first.place, None
    if place is None and offsets is not None:
        span = offsets.span(first.start, first.end)
        if span is None:
            report.append(f"selection {first.guid} in source {text_source.name!r}: "
                          f"positions {first.start}-{first.end} fall outside its text "
                          f"({len(offsets.text)} characters); the excerpt is kept without "
                          "text")
    quoted = text[span[0]:span[1]] if text is not None and span else ""
    codings: dict[tuple[str, str | None], None] = {}
    for selection in selections:
        for code, coder in zip(selection.codes, selection.coders, strict=True):
            codings[code_names[code], coder] = None
    codes = [code for code, _ in codings]
    description = next((s.description for s in selections if s.description), None)
    if not quoted.strip() and description and place is None:
        quoted, codes = description, [*codes, "(annotation)"]
    fields: dict[str, Any] = {}
    if place is not None:
        quoted = _placeholder(place)
        fields = {"page": str(place.page) if place.page is not None else None,
                  "timestamp": f"{_clock(place.begin)}-{_clock(place.end)}"
                  if place.begin is not None and place.end is not None else None}
    named = next((int(found.group(1)) for s in selections if s.name
                  and (found := _LINE.match(s.name))), None)
    # Line-based coders (qc) name selections by line, counting from 0 or 1: where the span
    # starts in the text says which line it is; the name alone serves when there is no text.
    line = (text.count("\n", 0, span[0]) + 1 if text is not None and span else named) \
        if named is not None else None
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
    every = list(_selections(project))
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


def _unused_elements(project: Project, roles: dict[str, Role],
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


def _selections(project: Project) -> Iterable[Selection]:
    for source in project.sources.values():
        yield from source.selections
