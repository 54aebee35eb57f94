"""What a QDA program changed in a project ``cmo`` wrote, applied to the theory it carries.

A project ``cmo`` exports carries its theory in a note (:mod:`cmo.qda.theory_note`), and
every code and selection in it has a GUID derived from the theory's ids
(:func:`~cmo.qda.project.stable_guid`). When a team opens the project in NVivo, ATLAS.ti,
MAXQDA or QualCoder, codes more passages and renames a code, importing it again reads the
note's theory *and* what the project XML now holds, and applies the program's edits:

- a selection whose GUID the theory does not know is a **new coded selection**: a new
  excerpt of its source with its codes (its text sliced in code points, as ``cmo`` wrote);
- a codebook code (or an excerpt's code) whose name changed is **renamed**: in the
  codebook (with the codes below it) and on every excerpt;
- a code the theory does not know is a **new code** of the codebook;
- codes applied to, or taken off, a selection ``cmo`` wrote change its excerpt's codes;
- a selection coded with a configuration's code is **evidence** for it (stance
  ``supports``, as drafted evidence is) when the theory does not cite it there yet.

What only ``cmo`` can say stays the note's: configurations, their elements, statuses and
stances. Renaming a configuration's code or an element's code (``C:``, ``Mr:``...) in the
program is therefore not applied, and the report says so. Every change is reported with the
side it came from.
"""

from __future__ import annotations

import warnings
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Final

from .._helpers.labels import unique_name
from ..exceptions import CmoWarning
from ..models import (
    Code,
    Codebook,
    Coding,
    Collection,
    Configuration,
    Evidence,
    Excerpt,
    Source,
)
from .offsets import Offsets, choose_mode
from .project import Project, Selection, TextSource, stable_guid

__all__ = ["apply_program_edits"]

_CONFIGURATIONS_BRANCH: Final = stable_guid("branch", "configurations")
_DATA_BRANCH: Final = stable_guid("branch", "codes")
_SHOWN: Final = 5


@dataclass
class _Changes:
    """What the program changed, counted for the report."""

    renamed: list[tuple[str, str]] = field(default_factory=list)
    new_codes: list[str] = field(default_factory=list)
    new_excerpts: int = 0
    codes_added: int = 0
    codes_removed: int = 0
    new_evidence: int = 0
    not_applied: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        said = []
        if self.new_excerpts:
            said.append(_count(self.new_excerpts, "new coded selection"))
        if self.renamed:
            said.append(_count(len(self.renamed), "code renamed", "codes renamed") + " (" +
                        ", ".join(f"{old!r} -> {new!r}" for old, new in self.renamed[:_SHOWN])
                        + ")")
        if self.new_codes:
            said.append(_count(len(self.new_codes), "new code") + " in the codebook (" +
                        ", ".join(map(repr, self.new_codes[:_SHOWN])) + ")")
        if self.codes_added:
            said.append(_count(self.codes_added, "code applied", "codes applied") +
                        " to excerpts cmo wrote")
        if self.codes_removed:
            said.append(_count(self.codes_removed, "code taken off", "codes taken off") +
                        " excerpts cmo wrote")
        if self.new_evidence:
            said.append(_count(self.new_evidence, "excerpt") + " newly coded with a "
                        "configuration's code, now its evidence (stance supports)")
        return said


def apply_program_edits(theory: Collection, project: Project, *, name: str) -> Collection:
    """The note's theory with the edits a QDA program made to the project applied, and a
    report (:class:`~cmo.exceptions.CmoWarning`) of which side each change came from."""
    changes = _Changes()
    label_of, configuration_of, made_by_cmo = _known_codes(theory, project)
    codebook, renamed = _renamed(theory, project, label_of, changes)
    codebook = _new_codes(codebook, project, label_of, configuration_of, made_by_cmo, changes)
    source_of = {stable_guid("source", source.id): source for source in theory.sources}
    excerpts = {excerpt.id: _relabelled(excerpt, renamed) for excerpt in theory.excerpts}
    known = set(label_of.values())
    passages = _passages(theory, project, source_of, label_of, configuration_of, changes)
    cited: dict[str, set[str]] = {c.id: {e.excerpt.id for e in c.evidence}
                                  for c in theory.configurations}
    added_evidence: dict[str, list[str]] = defaultdict(list)
    for excerpt_id, passage in passages.items():
        if passage.new is not None:
            source, text, start, end = passage.new
            # A span counts into the source's own text; a source without one was written
            # as its excerpts, one after another, which the span does not fit.
            spanned = source.text is not None
            excerpts[excerpt_id] = Excerpt(
                id=excerpt_id, source=source, text=text, start=start if spanned else None,
                end=end if spanned else None, codes=tuple(dict.fromkeys(passage.labels)),
                codings=tuple(dict.fromkeys(Coding(code=label, coder=coder) for label, coder
                                            in zip(passage.labels, passage.coders, strict=True)
                                            if coder is not None)))
            changes.new_excerpts += 1
        else:
            excerpts[excerpt_id] = _recoded(excerpts[excerpt_id], passage.labels, known,
                                            changes)
        for configuration_id in dict.fromkeys(passage.configurations):
            if excerpt_id not in cited[configuration_id]:
                cited[configuration_id].add(excerpt_id)
                added_evidence[configuration_id].append(excerpt_id)
                changes.new_evidence += 1
    _report(theory, changes, name)
    if not (changes.lines() or renamed):
        return theory
    configurations = [_with_evidence(configuration, excerpts,
                                     added_evidence.get(configuration.id, []))
                      for configuration in theory.configurations]
    return Collection(**theory.header, theories=theory.theories, sources=theory.sources,
                      excerpts=tuple(excerpts.values()), elements=theory.elements,
                      configurations=tuple(configurations), codebook=codebook,
                      appraisal_scales=theory.appraisal_scales)


@dataclass
class _Passage:
    """A passage of a source as the project now holds it: the codes of all its selections
    (a QDA program may write one selection per code), and, for a passage ``cmo`` did not
    write, its source, text and span."""

    labels: list[str] = field(default_factory=list)
    coders: list[str | None] = field(default_factory=list)
    configurations: list[str] = field(default_factory=list)
    new: tuple[Source, str, int, int] | None = None


def _passages(theory: Collection, project: Project, source_of: dict[str, Source],
              label_of: dict[str, str], configuration_of: dict[str, str],
              changes: _Changes) -> dict[str, _Passage]:
    """Every passage the project's selections mark, by the id of its excerpt: one ``cmo``
    wrote (found by its selection's GUID or name, or by its span), or a new one."""
    by_id = {excerpt.id for excerpt in theory.excerpts}
    by_guid: dict[str, str] = {}  # made only if a selection has lost its name

    def known(selection: Selection) -> str | None:
        if selection.name in by_id:
            return selection.name
        if not by_guid:
            by_guid.update((stable_guid("excerpt", excerpt_id), excerpt_id)
                           for excerpt_id in by_id)
        return by_guid.get(selection.guid)

    passages: dict[str, _Passage] = {}
    taken = set(by_id)
    for text_source in project.sources.values():
        spans: dict[Any, str] = {}
        offsets: list[Offsets] = []  # made when a new selection needs them
        found = [known(selection) for selection in text_source.selections]
        for selection, excerpt_id in zip(text_source.selections, found, strict=True):
            if excerpt_id is not None:
                spans.setdefault(selection.passage, excerpt_id)
        for selection, excerpt_id in zip(text_source.selections, found, strict=True):
            excerpt_id = excerpt_id or spans.get(selection.passage)
            if excerpt_id is None:
                source = source_of.get(text_source.guid)
                span = _span(text_source, selection, offsets)
                text = text_source.text[span[0]:span[1]] if span and text_source.text else ""
                if source is None or span is None or not text.strip():
                    changes.not_applied.append("a selection in a source cmo did not write, "
                                               "or without text")
                    continue
                # Named as a first import names passages: its source and where it starts.
                excerpt_id = spans[selection.passage] = unique_name(
                    f"{source.id}-{span[0]}", taken)
                passages[excerpt_id] = _Passage(new=(source, text, *span))
            passage = passages.get(excerpt_id)
            if passage is None:
                passage = passages[excerpt_id] = _Passage()
            coders = selection.coders or [None] * len(selection.codes)
            for code, coder in zip(selection.codes, coders, strict=False):
                if code in label_of:
                    passage.labels.append(label_of[code])
                    passage.coders.append(coder)
                elif code in configuration_of:
                    passage.configurations.append(configuration_of[code])
    return passages


def _span(text_source: TextSource, selection: Selection,
          offsets: list[Offsets]) -> tuple[int, int] | None:
    """Where a new selection is in its source's text, in code points: a program that
    counts UTF-16 units (NVivo) rewrites every selection so, which the spans tell."""
    if text_source.text is None or selection.place is not None:
        return None
    if not offsets:
        mode, _ = choose_mode(text_source.text, [(s.start, s.end)
                                                 for s in text_source.selections])
        offsets.append(Offsets(text_source.text, mode))
    return offsets[0].span(selection.start, selection.end)


def _known_codes(theory: Collection, project: Project) -> tuple[
        dict[str, str], dict[str, str], set[str]]:
    """The codes ``cmo`` wrote, by GUID: each code's label, each configuration's id, and
    the GUIDs of what it made for configurations (branches, themes, elements)."""
    labels = {code.label for code in theory.codebook.codes}
    labels |= {code for excerpt in theory.excerpts for code in excerpt.codes}
    label_of = {stable_guid("code", label): label for label in labels}
    configuration_of = {stable_guid("configuration", c.id): c.id for c in theory.configurations}
    made_by_cmo = {_CONFIGURATIONS_BRANCH, _DATA_BRANCH}
    for guid, code in project.codes.items():  # parents come before their children
        if code.parent in made_by_cmo and code.parent != _DATA_BRANCH and (
                guid not in label_of):
            made_by_cmo.add(guid)
    return label_of, configuration_of, made_by_cmo


def _renamed(theory: Collection, project: Project, label_of: dict[str, str],
             changes: _Changes) -> tuple[Codebook, dict[str, str]]:
    """The codebook with the codes the program renamed renamed; every label that changed."""
    codebook, changed = theory.codebook, {}
    by_label = {code.label: code for code in codebook.codes}  # made again after a rename
    deleted = 0
    for guid, label in list(label_of.items()):
        found = project.codes.get(guid)
        if found is None or not found.name:
            deleted += found is None and label in by_label
            continue
        code = by_label.get(changed.get(label, label))
        written = code.name if code is not None else label
        if found.name == written:
            continue
        if code is not None:
            codebook, moved = codebook.renamed(code.label, found.name)
            by_label = {code.label: code for code in codebook.codes}
        else:
            moved = {label: found.name}
        changes.renamed.append((label, moved[code.label if code is not None else label]))
        changed = {old: moved.get(new, new) for old, new in changed.items()} | {
            old: new for old, new in moved.items() if old not in changed.values()}
    for guid, label in list(label_of.items()):
        label_of[guid] = changed.get(label, label)
    if deleted:
        changes.not_applied.append(f"{_count(deleted, 'code')} of the codebook deleted (kept "
                                   "from the theory note)")
    for configuration in theory.configurations:
        found = project.codes.get(stable_guid("configuration", configuration.id))
        written = f"{configuration.id}: {configuration.label}" if configuration.label \
            else configuration.id
        if found is not None and found.name and found.name != written:
            changes.not_applied.append(f"configuration code {written!r} renamed "
                                       f"{found.name!r}")
    return codebook, changed


def _new_codes(codebook: Codebook, project: Project, label_of: dict[str, str],
               configuration_of: dict[str, str], made_by_cmo: set[str],
               changes: _Changes) -> Codebook:
    """The codebook with the codes the program added (parents come before children)."""
    added: list[Code] = []
    for guid, found in project.codes.items():
        if guid in label_of or guid in configuration_of or guid in made_by_cmo:
            continue
        if found.parent is not None and found.parent in made_by_cmo and (
                found.parent != _DATA_BRANCH):
            continue
        parent = label_of.get(found.parent) if found.parent else None
        if not found.name or (found.parent not in (None, _DATA_BRANCH) and parent is None):
            continue
        if parent is not None and codebook.code(parent) is None and all(
                code.label != parent for code in added):
            # Under an excerpt's code that is not in the codebook: that code joins it too.
            added.append(Code(name=parent))
        code = Code(name=found.name, parent=parent,
                    description=found.description if found.description and
                    found.description.strip() else None)
        if codebook.code(code.label) is not None or code in added:
            continue
        added.append(code)
        label_of[guid] = code.label
        changes.new_codes.append(code.label)
    if not added:
        return codebook
    return Codebook(codes=(*codebook.codes, *added), sets=codebook.sets)


def _relabelled(excerpt: Excerpt, renamed: dict[str, str]) -> Excerpt:
    if not renamed or not any(code in renamed for code in excerpt.codes):
        return excerpt
    update: dict[str, Any] = {"codes": tuple(renamed.get(code, code) for code in excerpt.codes)}
    codings = getattr(excerpt, "codings", ())
    if codings:
        update["codings"] = tuple(coding.replaced(code=renamed.get(coding.code, coding.code))
                                  for coding in codings)
    return excerpt.replaced(**update)


def _recoded(excerpt: Excerpt, labels: list[str], known: set[str],
             changes: _Changes) -> Excerpt:
    """An excerpt ``cmo`` wrote with the codes its selection now has; ``known`` are the
    labels of the codes ``cmo`` wrote."""
    now = set(labels)
    kept = [code for code in excerpt.codes if code in now or code not in known]
    added = [label for label in dict.fromkeys(labels) if label not in excerpt.codes]
    removed = len(excerpt.codes) - len(kept)
    if not added and not removed:
        return excerpt
    changes.codes_added += len(added)
    changes.codes_removed += removed
    update: dict[str, Any] = {"codes": (*kept, *added)}
    codings = getattr(excerpt, "codings", ())
    if codings:
        update["codings"] = tuple(c for c in codings if c.code in kept)
    return excerpt.replaced(**update)


def _with_evidence(configuration: Configuration, excerpts: dict[str, Excerpt],
                   added: list[str]) -> Configuration:
    """A configuration citing the excerpts as they now are, and the newly coded ones."""
    evidence = [link if excerpts[link.excerpt.id] is link.excerpt else
                link.replaced(excerpt=excerpts[link.excerpt.id])
                for link in configuration.evidence]
    evidence += [Evidence(excerpt=excerpts[excerpt_id], stance="supports")
                 for excerpt_id in added]
    return configuration.replaced(evidence=tuple(evidence))


def _report(theory: Collection, changes: _Changes, name: str) -> None:
    """Which side each change came from; nothing when the program changed nothing."""
    program = changes.lines()
    if not program and not changes.not_applied:
        return
    note = (f"{_count(len(theory.configurations), 'configuration')} with their elements, "
            f"statuses and evidence stances, {_count(len(theory.excerpts), 'excerpt')}, "
            f"{_count(len(theory.codebook.codes), 'code')} in the codebook")
    lines = [f"from the theory note: {note}",
             "from the QDA program: " + ("; ".join(program) if program else "no changes")]
    if changes.not_applied:
        lines.append(f"not applied ({len(changes.not_applied)}): " + "; ".join(
            changes.not_applied[:_SHOWN]) + " (configurations are edited in cmo; sources are "
            "added by importing them)")
    for line in lines:
        warnings.warn(f"{name}: {line}", CmoWarning, stacklevel=4)


def _count(number: int, singular: str, plural: str | None = None) -> str:
    return f"{number} {singular if number == 1 else plural or singular + 's'}"

