"""Which elements of different inputs of a merge are one, and which may be.

Elements are one when they share an id, a normalised label or a declared alias (as in
:class:`~cmo.theory.graph.ProgrammeTheory`), or wordings declared one at merge time;
a match across inputs is reported. Elements whose labels share most of their content
words are only *suggested* as one, for a person to decide. Used by
:func:`cmo.theory.merge.merge`, one input after another.

Example:
    >>> from cmo.models import Context
    >>> identities = ElementIdentities(("ann.yaml", "bob.yaml"), aliases={})
    >>> identities.identify(1, Context(id="trust", label="Trust in link worker"))
    >>> identities.next_input()
    >>> identities.identify(2, Context(id="c2", label="Patient trusts the link worker"))
    >>> identities.identify(2, Context(id="c3", label="trust in link worker."))
    >>> [(s.id, s.other_id, s.score) for s in identities.suggestions]
    [('c2', 'trust', 0.86)]
    >>> [(m.id, m.matched_id, m.by) for m in identities.matches]
    [('c3', 'trust', 'label')]
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Final, Literal

from ..models import AnyElement
from ..models.labels import normalise_label
from .graph import ELEMENT_FAMILIES
from .merge_result import Match, Suggestion

__all__ = ["MAX_POSTING", "SUGGESTION_THRESHOLD", "ElementIdentities"]

#: Two labels are suggested as one element when the Dice coefficient of their content
#: words (after :func:`normalise_label`, without little words such as "the" or "in", a
#: plural or third-person "s" dropped) reaches this: "Trust in link worker" and
#: "Patient trusts the link worker" share 3 of 3 and 4 words, 2*3/7 = 0.86.
SUGGESTION_THRESHOLD: Final = 0.7
#: Candidates are found through shared words; a word shared by more elements than this
#: (e.g. "patient") is too common to find them, which keeps the cost linear.
MAX_POSTING: Final = 200
_STOP_WORDS: Final = frozenset({
    "a", "an", "the", "of", "in", "on", "to", "for", "and", "or", "with", "by", "at", "is",
    "are", "be", "as", "from", "their", "his", "her", "its"})
_WORD = re.compile(r"\w+")


def _words(label: str) -> frozenset[str]:
    words = (w for w in _WORD.findall(normalise_label(label)) if w not in _STOP_WORDS)
    return frozenset(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
                     for w in words)


class ElementIdentities:
    """The merged element (node) each element is, with the matches and suggestions made.

    Every index is a dict, so the cost is linear in the number of elements.

    Args:
        names: the inputs' names, by number less one.
        aliases: wordings declared one element at merge time (see
            :func:`cmo.theory.merge.merge`).
        suggest: whether to look for near-duplicate wordings to suggest (a merge does;
            matching configurations across coders needs only the matches).
    """

    def __init__(self, names: tuple[str, ...], aliases: Mapping[str, Iterable[str]], *,
                 suggest: bool = True) -> None:
        self.names = names
        self.suggest = suggest
        self.canonical = {normalise_label(other): normalise_label(wording)
                          for wording, others in aliases.items() for other in others}
        self.canonical.update({normalise_label(w): normalise_label(w) for w in aliases})
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
        #: Labels of earlier inputs' elements that an element matched through a wording
        #: declared at merge time: the merged theory gives them to it as aliases.
        self.added_aliases: dict[str, list[str]] = {}

    def next_input(self) -> None:
        """Start on the next input: what it adds is suggested to its elements no more."""
        self.posting_before.clear()

    def node(self, element: AnyElement) -> str:
        """The merged element (its node) that an element already identified is."""
        return self.node_of[(ELEMENT_FAMILIES[element.kind], "id:" + element.id)][0]

    def identify(self, number: int, element: AnyElement) -> None:
        """Find the node of an element of input ``number``: a match, or a new node."""
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
            if self.suggest:
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
            shared.update(posting[:min(earlier, MAX_POSTING)])
            posting.append(element.id)
        if not shared:  # the first input's elements, and words no earlier input used
            return
        names, node_input, node_words = self.names, self.node_input, self.node_words
        kind, ident, label, name = element.kind, element.id, element.label, names[number - 1]
        suggest, node_label, size = self.suggestions.append, self.node_label, len(words)
        for node, count in shared.items():
            theirs = node_input[node]
            if theirs == number:
                continue
            score = round(2 * count / (size + node_words[node]), 2)
            if score >= SUGGESTION_THRESHOLD:
                suggest(Suggestion(kind, ident, name, node, names[theirs - 1], score,
                                   (label, node_label[node])))
