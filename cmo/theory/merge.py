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

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any, Final, Literal

from .._helpers.collector import paused_collector
from ..models import (
    AnyElement,
    Codebook,
    Collection,
    Configuration,
    Excerpt,
    MiddleRangeTheory,
    Source,
)
from ..models._base import share_fields_sets
from ..models.labels import normalise_label
from .graph import ELEMENT_FAMILIES, ProgrammeTheory, collection_of
from .merge_conflicts import contradictions
from .merge_result import Conflict, Match, MergeResult, Renaming, Side, Suggestion

__all__ = ["SUGGESTION_THRESHOLD", "Conflict", "Match", "MergeResult", "Renaming", "Side",
           "Suggestion", "merge"]


#: Two labels are suggested as one element when the Dice coefficient of their content
#: words (after :func:`normalise_label`, without little words such as "the" or "in", a
#: plural or third-person "s" dropped) reaches this: "Trust in link worker" and
#: "Patient trusts the link worker" share 3 of 3 and 4 words, 2*3/7 = 0.86.
SUGGESTION_THRESHOLD: Final = 0.7
#: Candidates are found through shared words; a word shared by more elements than this
#: (e.g. "patient") is too common to find them, which keeps the cost linear.
_MAX_POSTING: Final = 200
_STOP_WORDS: Final = frozenset({
    "a", "an", "the", "of", "in", "on", "to", "for", "and", "or", "with", "by", "at", "is",
    "are", "be", "as", "from", "their", "his", "her", "its"})
_WORD = re.compile(r"\w+")


def _words(label: str) -> frozenset[str]:
    words = (w for w in _WORD.findall(normalise_label(label)) if w not in _STOP_WORDS)
    return frozenset(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
                     for w in words)


def _element_detail(element: AnyElement) -> str:
    return f'{element.kind} "{element.label}"'


def _detail(value: Any) -> str:
    if isinstance(value, Configuration):
        return f"{value.status}: {value.sentence}"
    if isinstance(value, Excerpt):  # never the text: it may be confidential
        return f"excerpt of source '{value.source.id}'"
    if isinstance(value, Source):
        return f"{value.kind} {value.title or ''}".strip()
    if isinstance(value, MiddleRangeTheory):
        return value.citation or "(no citation)"
    return _element_detail(value)


def _differing(a: Any, b: Any) -> tuple[str, ...]:
    return tuple(name for name in type(a).model_fields
                 if name != "id" and getattr(a, name) != getattr(b, name)
                 and not (name in a._unordered
                          and set(getattr(a, name)) == set(getattr(b, name))))


class _Merger:
    """One pass over the inputs, in order; every index is a dict, so the cost is linear."""

    def __init__(self, names: tuple[str, ...], aliases: Mapping[str, Iterable[str]]) -> None:
        self.names = names
        self.canonical = {normalise_label(other): normalise_label(wording)
                          for wording, others in aliases.items() for other in others}
        self.canonical.update({normalise_label(w): normalise_label(w) for w in aliases})
        self.taken: dict[str, set[str]] = {}
        self.sources: dict[str, Source] = {}
        self.excerpts: dict[str, Excerpt] = {}
        self.elements: dict[str, list[AnyElement]] = {}
        self.theories: dict[str, MiddleRangeTheory] = {}
        self.configurations: dict[str, Configuration] = {}
        # Tuples, one shared per combination of inputs: 400,000 pieces of evidence at
        # 10,000 configurations would otherwise hold as many lists.
        self.provenance: dict[tuple[str, str], tuple[str, ...]] = {}
        self.alone = tuple((name,) for name in names)
        self.origin: dict[str, list[tuple[int, str]]] = {}
        self.node_of: dict[tuple[str, str], tuple[str, str]] = {}
        self.node_input: dict[str, int] = {}
        self.node_label: dict[str, str] = {}
        self.node_words: dict[str, int] = {}  # how many words a node's label has, for scores
        self.postings: dict[tuple[str, str], list[str]] = {}
        #: How long each posting was when the input being added first added to it: only
        #: nodes of earlier inputs are suggested, so only that start is looked through.
        self.posting_before: dict[tuple[str, str], int] = {}
        self.matches: list[Match] = []
        self.suggestions: list[Suggestion] = []
        self.conflicts: list[Conflict] = []
        self.renamings: list[Renaming] = []
        self.added_aliases: dict[str, list[str]] = {}

    def _new_id(self, what: str, old: str, number: int) -> str:
        candidate = f"{old}.{number}"
        extra = 2
        while candidate in self.taken.setdefault(what, set()):
            candidate, extra = f"{old}.{number}.{extra}", extra + 1
        return candidate

    def _rename(self, what: str, number: int, old: str, first: Any, later: Any,
                later_detail: str, namespace: str = "") -> str:
        new = self._new_id(namespace or what, old, number)
        self.taken[namespace or what].add(new)
        name, first_name = self.names[number - 1], self._first_input(what, old)
        self.renamings.append(Renaming(what, name, old, new))
        self.conflicts.append(Conflict("same id", what, (
            Side(first_name, old, _detail(first)), Side(name, new, later_detail)),
            _differing(first, later) if type(first) is type(later) else ("kind",)))
        return new

    def _first_input(self, what: str, ident: str) -> str:
        for key in ((what, ident), *((kind, ident) for kind in ELEMENT_FAMILIES)):
            if key in self.provenance:
                return self.provenance[key][0]
        return "?"

    def _note(self, what: str, idents: Iterable[str], number: int) -> None:
        """Input ``number`` holds the values ``idents`` of kind ``what``."""
        provenance, name, alone = self.provenance, self.names[number - 1], self.alone[number - 1]
        for ident in idents:
            inputs = provenance.setdefault((what, ident), alone)
            if inputs is not alone and name not in inputs:
                provenance[(what, ident)] = (*inputs, name)

    # -- one input -------------------------------------------------------------------

    def add(self, number: int, collection: Collection) -> None:
        self.posting_before.clear()
        # Values are copied only where something was renamed: most of a large merge keeps
        # its values, and keeping them keeps comparisons by identity cheap. A value that
        # cites nothing renamed is kept as it is, without looking through what it cites.
        renamed_sources = {s.id: self._source(number, s) for s in collection.sources}
        moved_sources = _moved(collection.sources, renamed_sources)
        renamed_excerpts = {e.id: self._excerpt(number, e.replaced(
            source=renamed_sources[e.source.id]) if e.source.id in moved_sources else e)
            for e in collection.excerpts}
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
                    theories=tuple(renamed_theories.get(n, n) for n in configuration.theories))
            self._configuration(number, configuration.id, rebuilt)

    def _source(self, number: int, source: Source) -> Source:
        seen = self.sources.get(source.id)
        if seen is not None and seen != source:
            source = source.model_copy(update={"id": self._rename(
                "source", number, source.id, seen, source, _detail(source))})
        self.sources.setdefault(source.id, source)
        self.taken.setdefault("source", set()).add(source.id)
        self._note("source", (source.id,), number)
        return source

    def _excerpt(self, number: int, excerpt: Excerpt) -> Excerpt:
        seen = self.excerpts.get(excerpt.id)
        if seen is not None and seen != excerpt:
            excerpt = excerpt.model_copy(update={"id": self._rename(
                "excerpt", number, excerpt.id, seen, excerpt, _detail(excerpt))})
        self.excerpts.setdefault(excerpt.id, excerpt)
        self.taken.setdefault("excerpt", set()).add(excerpt.id)
        self._note("excerpt", (excerpt.id,), number)
        return excerpt

    def _theory(self, number: int, theory: MiddleRangeTheory) -> str:
        seen = self.theories.get(theory.name)
        name_only = MiddleRangeTheory(name=theory.name)
        if seen is not None and seen != theory and name_only not in (seen, theory):
            new = self._rename("middle-range theory", number, theory.name, seen, theory,
                               _detail(theory))
            theory = theory.model_copy(update={"name": new})
        elif seen == name_only:  # the first only cited it; this one says what it is
            self.theories[theory.name] = theory
        self.theories.setdefault(theory.name, theory)
        self.taken.setdefault("middle-range theory", set()).add(theory.name)
        self._note("middle-range theory", (theory.name,), number)
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
                new_id = self._rename(clash[1].kind, number, ident, *clash,
                                      _element_detail(clash[1]), "element")
                for kind in dict.fromkeys(e.kind for e in group if e.kind != clash[1].kind):
                    self.renamings.append(Renaming(kind, self.names[number - 1], ident, new_id))
                group = [element.model_copy(update={"id": new_id}) for element in group]
            for original, element in zip(by_id[ident], group, strict=True):
                swap[(original.kind, original.id)] = element
                kept = self.elements.setdefault(element.id, [])
                if element not in kept:
                    kept.append(element)
                self.taken.setdefault("element", set()).add(element.id)
                self._note(element.kind, (element.id,), number)
                self._identify(number, element)
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
                configuration = configuration.model_copy(update={"id": self._rename(
                    "configuration", number, configuration.id, seen, configuration,
                    _detail(configuration))})
        self.configurations[configuration.id] = configuration
        self.taken.setdefault("configuration", set()).add(configuration.id)
        self._note("configuration", (configuration.id,), number)
        self.origin.setdefault(configuration.id, []).append((number, original))
        self._note("evidence", [f"{configuration.id}/{evidence.excerpt.id}"
                                for evidence in configuration.evidence], number)

    # -- identity: matches and suggestions ---------------------------------------------

    def _identify(self, number: int, element: AnyElement) -> None:
        family = ELEMENT_FAMILIES[element.kind]
        by_id = (family, "id:" + element.id)
        if by_id in self.node_of:
            return
        keys = []
        for index, text in enumerate((element.label, *element.aliases)):
            norm = normalise_label(text)
            key = self.canonical.get(norm, norm)
            keys.append((text, key, "declared" if key != norm else
                         ("label" if index == 0 else "alias")))
        found = next(((text, *self.node_of[(family, key)], how) for text, key, how in keys
                      if (family, key) in self.node_of), None)
        if found is None:
            node = element.id
            self.node_input[node], self.node_label[node] = number, element.label
            self._suggest(number, family, element)
        else:
            text, node, theirs, ours = found
            if self.node_input[node] != number:
                hows = {theirs, ours}
                by: Literal["label", "alias"] = "label" if hows == {"label"} else "alias"
                self.matches.append(Match(element.kind, element.id, self.names[number - 1],
                                          node, self.names[self.node_input[node] - 1], by, text))
                if "declared" in hows:  # declared at merge time: say so in the merged theory
                    self.added_aliases.setdefault(element.id, []).append(self.node_label[node])
        self.node_of[by_id] = (node, "id")
        for _text, key, how in keys:
            self.node_of.setdefault((family, key), (node, how))

    def _suggest(self, number: int, family: str, element: AnyElement) -> None:
        words = _words(element.label)
        self.node_words[element.id] = len(words)
        shared: Counter[str] = Counter()
        for word in sorted(words):
            key = (family, word)
            posting = self.postings.setdefault(key, [])
            earlier = self.posting_before.setdefault(key, len(posting))
            shared.update(posting[:min(earlier, _MAX_POSTING)])
            posting.append(element.id)
        names, node_input, node_words = self.names, self.node_input, self.node_words
        for node, count in shared.items():
            theirs = node_input[node]
            if theirs == number:
                continue
            score = round(2 * count / (len(words) + node_words[node]), 2)
            if score >= SUGGESTION_THRESHOLD:
                self.suggestions.append(Suggestion(
                    element.kind, element.id, names[number - 1], node, names[theirs - 1],
                    score, (element.label, self.node_label[node])))

    # -- the result --------------------------------------------------------------------

    def node(self, element: AnyElement) -> str:
        return self.node_of[(ELEMENT_FAMILIES[element.kind], "id:" + element.id)][0]

    def result(self, collections: tuple[Collection, ...]) -> MergeResult:
        first = next((c for c in collections if c.title), collections[0])
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
            codebook=Codebook.merged(*(c.codebook for c in collections))[0])
        if self.added_aliases:
            merged = _with_aliases(merged, self.added_aliases)
        self.conflicts += contradictions(self.configurations.values(), self.origin,
                                       self.node, self.names, at_most=_MAX_POSTING)
        return MergeResult(
            self.names, merged,
            self.provenance, tuple(self.matches), tuple(self.suggestions), tuple(self.conflicts),
            tuple(self.renamings))


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
    for collection in collections:  # reserve every given id, so no renaming takes one
        for what, values in (("source", collection.sources), ("excerpt", collection.excerpts),
                             ("element", collection.elements)):
            merger.taken.setdefault(what, set()).update(v.id for v in values)
        merger.taken.setdefault("configuration", set()).update(
            i for c in collection.configurations for i in (c.id, *c.derived_from))
        merger.taken.setdefault("middle-range theory", set()).update(
            t.name for t in collection.theories)
    for number, collection in enumerate(collections, start=1):
        merger.add(number, collection)
    return merger.result(collections)
