"""Merging theories coded by several analysts or sites, with identity resolution.

Elements are one when they share an id, a normalised label or a declared alias (as in
:class:`~cmo.theory.graph.ProgrammeTheory`); near-duplicates are only *suggested*. Nothing is
raised and nothing dropped: the same id with different content keeps both, the later one
renamed ``<id>.<n>`` (``n`` the number of its input, counting from 1; ``.2``, ``.3`` ...
more while that is taken), and the renaming is reported. Contradictions between inputs
are reported with both sides. The result says which input(s) each configuration, element,
excerpt and piece of evidence came from. (The strict merge, which raises on a conflict
instead, is :func:`cmo.theory.merge_strict.merge_strict`.)

Example:
    >>> from cmo.models import Collection, Configuration
    >>> a = Collection(configurations=[Configuration(id="hope",
    ...     contexts=[{"label": "Trust in link worker"}], mechanism={"reasoning": "Hope"})])
    >>> b = Collection(configurations=[Configuration(id="hope", status="refuted",
    ...     contexts=[{"label": "Patient trusts the link worker"}],
    ...     mechanism={"reasoning": "Hope"})])
    >>> result = merge(a, b, names=("ann.yaml", "bob.yaml"))
    >>> [c.id for c in result.collection.configurations]
    ['hope', 'hope.2']
    >>> result.suggestions[0].score
    0.86
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .._helpers.collector import paused_collector
from ..models import (
    AnyElement,
    AppraisalScales,
    Codebook,
    Collection,
    Configuration,
    Excerpt,
    MiddleRangeTheory,
    Source,
)
from ..models._base import share_fields_sets
from ..models.labels import normalise_label
from .graph import ProgrammeTheory, collection_of
from .merge_conflicts import contradictions
from .merge_identity import MAX_POSTING, SUGGESTION_THRESHOLD, ElementIdentities
from .merge_renaming import IdRegister, renamed_citations
from .merge_result import Conflict, Match, MergeResult, Renaming, Side, Suggestion
from .merge_scales import declares_scales, describe_scales, differing_dimensions, widened

__all__ = ["SUGGESTION_THRESHOLD", "Conflict", "Match", "MergeResult", "Renaming", "Side",
           "Suggestion", "merge"]


class _Merger:
    """One pass over the inputs, in order, putting their values together.

    Which elements are one is left to :class:`~cmo.theory.merge_identity.ElementIdentities`,
    the ids taken, renamings and provenance to :class:`~cmo.theory.merge_renaming.IdRegister`;
    every index is a dict, so the cost is linear.
    """

    def __init__(self, names: tuple[str, ...], aliases: Mapping[str, Iterable[str]]) -> None:
        self.names = names
        self.ids = IdRegister(names)
        self.identities = ElementIdentities(names, aliases)
        self.sources: dict[str, Source] = {}
        self.excerpts: dict[str, Excerpt] = {}
        self.elements: dict[str, list[AnyElement]] = {}
        self.theories: dict[str, MiddleRangeTheory] = {}
        self.configurations: dict[str, Configuration] = {}
        self.origin: dict[str, list[tuple[int, str]]] = {}

    # -- one input -------------------------------------------------------------------

    def add(self, number: int, collection: Collection) -> None:
        self.identities.next_input()
        # Values are copied only where something was renamed: most of a large merge keeps
        # its values, and keeping them keeps comparisons by identity cheap. A value that
        # cites nothing renamed is kept as it is, without looking through what it cites.
        renamed_sources = {s.id: self._source(number, s) for s in collection.sources}
        moved_sources = _moved(collection.sources, renamed_sources)
        renamed_excerpts = {e.id: self._excerpt(number, e.replaced(
            source=renamed_sources[e.source.id]) if moved_sources and e.source.id in
            moved_sources else e) for e in collection.excerpts}
        self.ids.note("excerpt", [e.id for e in renamed_excerpts.values()], number)
        renamed_theories = {t.name: self._theory(number, t) for t in collection.theories}
        moved = bool(_moved(collection.excerpts, renamed_excerpts)) or any(
            new != name for name, new in renamed_theories.items())
        swap = self._elements(number, collection.elements)
        elements_moved = any(new.id != ident for (_, ident), new in swap.items())
        for configuration in collection.configurations:
            rebuilt = configuration.with_elements(
                lambda e, swap=swap: swap[(e.kind, e.id)]) if elements_moved else configuration
            if moved:
                rebuilt = rebuilt.replaced(
                    evidence=tuple(e.replaced(excerpt=renamed_excerpts[e.excerpt.id])
                                   for e in configuration.evidence),
                    theories=tuple(renamed_theories.get(n, n) for n in configuration.theories),
                    # The log cites excerpts and theories by id: it follows their renaming.
                    retroduction=renamed_citations(
                        configuration.retroduction, theories=renamed_theories,
                        excerpts={i: e.id for i, e in renamed_excerpts.items()}))
            self._configuration(number, configuration.id, rebuilt)

    def _source(self, number: int, source: Source) -> Source:
        seen = self.sources.get(source.id)
        if seen is not None and seen != source:
            source = source.model_copy(update={"id": self.ids.rename(
                "source", number, source.id, seen, source)})
        self.sources.setdefault(source.id, source)
        self.ids.note("source", (source.id,), number)
        return source

    def _excerpt(self, number: int, excerpt: Excerpt) -> Excerpt:
        """The excerpt as merged (renamed if its id is taken by another); its provenance is
        noted with the rest of its input's, at once."""
        seen = self.excerpts.get(excerpt.id)
        if seen is not None and seen is not excerpt and seen != excerpt:
            excerpt = excerpt.model_copy(update={"id": self.ids.rename(
                "excerpt", number, excerpt.id, seen, excerpt)})
        self.excerpts.setdefault(excerpt.id, excerpt)
        return excerpt

    def _theory(self, number: int, theory: MiddleRangeTheory) -> str:
        seen = self.theories.get(theory.name)
        name_only = MiddleRangeTheory(name=theory.name)
        if seen is not None and seen != theory and name_only not in (seen, theory):
            new = self.ids.rename("middle-range theory", number, theory.name, seen, theory)
            theory = theory.model_copy(update={"name": new})
        elif seen == name_only:  # the first only cited it; this one says what it is
            self.theories[theory.name] = theory
        self.theories.setdefault(theory.name, theory)
        self.ids.note("middle-range theory", (theory.name,), number)
        return theory.name

    def _elements(self, number: int, elements: Iterable[AnyElement]
                  ) -> dict[tuple[str, str], AnyElement]:
        by_id: dict[str, list[AnyElement]] = {}
        for element in elements:
            by_id.setdefault(element.id, []).append(element)
        swap: dict[tuple[str, str], AnyElement] = {}
        for ident, group in by_id.items():
            seen = self.elements.get(ident, [])
            clash = next(((old, new) for old in seen for new in group
                          if not _compatible(old, new)), None)
            if clash is not None:
                new_id = self.ids.rename(clash[1].kind, number, ident, *clash, "element")
                for kind in dict.fromkeys(e.kind for e in group if e.kind != clash[1].kind):
                    self.ids.renamings.append(
                        Renaming(kind, self.names[number - 1], ident, new_id))
                group = [element.model_copy(update={"id": new_id}) for element in group]
            for original, element in zip(by_id[ident], group, strict=True):
                swap[(original.kind, original.id)] = element
                kept = self.elements.setdefault(element.id, [])
                if element not in kept:
                    kept.append(element)
                self.ids.note(element.kind, (element.id,), number)
                self.identities.identify(number, element)
        return swap

    def _configuration(self, number: int, original: str, configuration: Configuration) -> None:
        seen = self.configurations.get(configuration.id)
        if seen is not None:
            cited = {e.excerpt.id: e for e in seen.evidence} if seen.equal_apart_from(
                configuration, "evidence") else None
            if cited is not None and all(
                    cited.get(e.excerpt.id, e) == e for e in configuration.evidence):
                extra = tuple(e for e in configuration.evidence if e.excerpt.id not in cited)
                configuration = seen.model_copy(update={"evidence": (*seen.evidence, *extra)})
            else:
                configuration = configuration.model_copy(update={"id": self.ids.rename(
                    "configuration", number, configuration.id, seen, configuration)})
        self.configurations[configuration.id] = configuration
        self.ids.note("configuration", (configuration.id,), number)
        self.origin.setdefault(configuration.id, []).append((number, original))
        cited = configuration.id + "/"
        self.ids.note("evidence", [cited + evidence.excerpt.id
                                   for evidence in configuration.evidence], number)

    # -- the result --------------------------------------------------------------------

    def result(self, collections: tuple[Collection, ...]) -> MergeResult:
        first = next((c for c in collections if c.title), collections[0])
        scales, scale_conflicts = self._scales(collections)
        excerpts, configurations = tuple(self.excerpts.values()), tuple(
            self.configurations.values())
        # Valid by construction: made of valid collections, every clash renamed, whatever
        # a configuration cites kept. Validating it again would look through every piece
        # of evidence once more (a third of the merge); only the memory sharing is done.
        share_fields_sets(e for c in configurations for e in c.evidence)
        share_fields_sets(excerpts)
        merged = Collection.model_construct(
            **first.header, theories=tuple(self.theories.values()),
            sources=tuple(self.sources.values()), excerpts=excerpts,
            elements=tuple(e for group in self.elements.values() for e in group),
            configurations=configurations,
            # Codes the inputs describe differently keep the first input's description.
            codebook=Codebook.merged(*(c.codebook for c in collections))[0],
            appraisal_scales=scales)
        identities, ids = self.identities, self.ids
        if identities.added_aliases:
            merged = _with_aliases(merged, identities.added_aliases)
        conflicts = ids.conflicts + scale_conflicts + contradictions(
            self.configurations.values(), self.origin, identities.node, self.names,
            at_most=MAX_POSTING)
        return MergeResult(
            self.names, merged, ids.provenance, tuple(identities.matches),
            tuple(identities.suggestions), tuple(conflicts), tuple(ids.renamings),
            collections)


    def _scales(self, collections: tuple[Collection, ...]
                ) -> tuple[AppraisalScales, list[Conflict]]:
        """The first declared scales, widened by the levels of other inputs' differing ones
        (so every judgement kept is on its scale), and a conflict for each difference."""
        declaring = [(n, c.appraisal_scales) for n, c in enumerate(collections)
                     if declares_scales(c)]
        if not declaring:
            return collections[0].appraisal_scales, []
        (first_number, first), conflicts = declaring[0], []
        scales = first
        for number, other in declaring[1:]:
            differing = differing_dimensions(first, other)
            if differing:
                scales = widened(scales, other)
                conflicts.append(Conflict("different appraisal scales", "appraisal scales", (
                    Side(self.names[first_number], "appraisal_scales",
                         describe_scales(first, differing)),
                    Side(self.names[number], "appraisal_scales",
                         describe_scales(other, differing))), differing))
        return scales, conflicts


def _moved(values: Iterable[Source | Excerpt], merged: Mapping[str, Source | Excerpt]
           ) -> set[str]:
    """The ids of ``values`` whose value in the merge is another (renamed, or citing one)."""
    return {value.id for value in values if merged[value.id] is not value}


def _compatible(old: AnyElement, new: AnyElement) -> bool:
    if old == new:
        return True
    states = {old.kind, new.kind} == {"context", "outcome"}
    return states and (old.label, old.description, set(old.aliases)) == (
        new.label, new.description, set(new.aliases))


def _with_aliases(collection: Collection, added: dict[str, list[str]]) -> Collection:
    """The collection with aliases added to elements (by id, in every role)."""
    def swap(element: Any) -> Any:
        if element is None or element.id not in added:
            return element
        known = {normalise_label(t) for t in (element.label, *element.aliases)}
        extra = [a for a in added[element.id] if normalise_label(a) not in known]
        return element.model_copy(update={"aliases": (*element.aliases, *dict.fromkeys(extra))})

    configurations = [c.with_elements(swap) for c in collection.configurations]
    return collection.model_copy(update={
        "elements": tuple(map(swap, collection.elements)), "configurations": configurations})


@paused_collector()
def merge(*theories: Collection | ProgrammeTheory, names: Iterable[str] = (),
          aliases: Mapping[str, Iterable[str]] | None = None) -> MergeResult:
    """Merge theories from several coders or sites, reporting every match and conflict.

    The reporting merge: it never raises on a disagreement, keeps both sides (renaming
    the later) and returns the account with the merged collection. To put the files of
    one theory together, where the same id must mean the same thing, use the strict merge
    :func:`cmo.theory.merge_strict.merge_strict`: it raises on a conflict and returns a
    :class:`~cmo.models.Collection`.

    Args:
        theories: the theories to merge, earliest (the one whose ids win) first.
        names: how to call each input in the report (its file name); by default
            ``input 1``, ``input 2`` ...
        aliases: wordings declared one element at merge time: each key names a wording,
            its values other wordings of the same element. The later element is given the
            earlier one's label as an alias, so the merged theory draws them as one.

    Returns:
        A :class:`MergeResult`: the merged collection (nothing dropped), provenance,
        matches, suggestions, conflicts and renamings.

    Example:
        >>> from cmo.models import Collection, Configuration
        >>> a = Collection(configurations=[Configuration(id="x",
        ...     contexts=[{"label": "Trust"}], outcomes=[{"label": "Hope"}])])
        >>> b = Collection(configurations=[Configuration(id="x", status="refuted",
        ...     contexts=[{"label": "Trust"}], outcomes=[{"label": "Hope"}])])
        >>> result = merge(a, b)
        >>> result.renamings
        (Renaming(what='configuration', input='input 2', old='x', new='x.2'),)
        >>> result.provenance[("context", "c-trust")]
        ('input 1', 'input 2')
    """
    collections = tuple(map(collection_of, theories))
    if not collections:
        raise TypeError("merge() needs at least one theory")
    given = tuple(names)
    labels = given or tuple(f"input {n}" for n in range(1, len(collections) + 1))
    if len(labels) != len(collections):
        raise ValueError(f"{len(collections)} theories but {len(labels)} names")
    merger = _Merger(labels, aliases or {})
    merger.ids.reserve(collections)
    for number, collection in enumerate(collections, start=1):
        merger.add(number, collection)
    return merger.result(collections)
