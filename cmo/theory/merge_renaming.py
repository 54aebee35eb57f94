"""The ids across the inputs of a merge: which are taken, and which inputs each came from.

When a later input gives an id already taken by different content, both values are kept:
the later one is renamed ``<id>.<n>`` (``n`` the number of its input, counting from 1;
``.2``, ``.3`` ... more while that is taken), and the renaming is reported with a
"same id" conflict naming the fields that differ. The register also keeps the provenance
of every value: the inputs that hold it. Used by :func:`cmo.theory.merge.merge`.

Example:
    >>> from cmo.models import Source
    >>> ids = IdRegister(("ann.yaml", "bob.yaml"))
    >>> first = Source(id="p01", kind="interview")
    >>> ids.note("source", ["p01"], 1)
    >>> ids.rename("source", 2, "p01", first, Source(id="p01", kind="observation"))
    'p01.2'
    >>> ids.renamings
    [Renaming(what='source', input='bob.yaml', old='p01', new='p01.2')]
    >>> ids.conflicts[0].fields
    ('kind',)
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import Any

from ..models import Collection, Configuration, Excerpt, MiddleRangeTheory, Retroduction, Source
from .graph import ELEMENT_FAMILIES
from .merge_result import Conflict, Renaming, Side

__all__ = ["IdRegister", "describe", "renamed_citations"]


def describe(value: Any) -> str:
    """What a side of a conflict shows of a value: never an excerpt's text (it may be
    confidential).

    Example:
        >>> from cmo.models import Context
        >>> describe(Context(id="trust", label="Trust"))
        'context "Trust"'
    """
    if isinstance(value, Configuration):
        return f"{value.status}: {value.sentence}"
    if isinstance(value, Excerpt):  # never the text: it may be confidential
        return f"excerpt of source '{value.source.id}'"
    if isinstance(value, Source):
        return f"{value.kind} {value.title or ''}".strip()
    if isinstance(value, MiddleRangeTheory):
        return value.citation or "(no citation)"
    return f'{value.kind} "{value.label}"'


def renamed_citations(log: Retroduction | None, *, excerpts: Mapping[str, str],
                      theories: Mapping[str, str]) -> Retroduction | None:
    """A retroduction log citing excerpts and middle-range theories by their new ids
    (those not in the mappings keep theirs); the log itself when nothing it cites moved.

    Example:
        >>> log = Retroduction(steps=[{"move": "abductive", "inference": "Synthetic",
        ...                            "excerpts": ["q1"], "theories": ["Trust"]}])
        >>> renamed_citations(log, excerpts={"q1": "q1.2"}, theories={}).cited_excerpts()
        ('q1.2',)
    """
    if log is None:
        return None

    def part(value: Any) -> Any:
        return value.replaced(
            excerpts=tuple(excerpts.get(ident, ident) for ident in value.excerpts),
            theories=tuple(theories.get(name, name) for name in value.theories))

    return log.replaced(steps=tuple(map(part, log.steps)),
                        alternatives=tuple(map(part, log.alternatives)))


def _differing(a: Any, b: Any) -> tuple[str, ...]:
    ours, theirs, unordered = a.__dict__, b.__dict__, a._unordered
    return tuple(name for name in _field_names(type(a))
                 if name != "id" and (value := ours[name]) is not (their := theirs[name])
                 and value != their
                 and not (name in unordered and set(value) == set(their)))


@functools.cache
def _field_names(model: type[Any]) -> tuple[str, ...]:
    """A model's field names, in order (asking pydantic for them costs more than comparing)."""
    return tuple(model.model_fields)


class IdRegister:
    """The ids taken, the renamings and their conflicts, and each value's inputs.

    Args:
        names: the inputs' names, by number less one.
    """

    def __init__(self, names: tuple[str, ...]) -> None:
        self.names = names
        self.taken: dict[str, set[str]] = {}
        # Tuples, one shared per combination of inputs: 400,000 pieces of evidence at
        # 10,000 configurations would otherwise hold as many lists.
        self.provenance: dict[tuple[str, str], tuple[str, ...]] = {}
        self.alone = tuple((name,) for name in names)
        self.renamings: list[Renaming] = []
        self.conflicts: list[Conflict] = []

    def reserve(self, collections: Iterable[Collection]) -> None:
        """Take every id the inputs give, so that no renaming takes one."""
        for collection in collections:
            for what, values in (("source", collection.sources),
                                 ("excerpt", collection.excerpts),
                                 ("element", collection.elements)):
                self.taken.setdefault(what, set()).update(v.id for v in values)
            self.taken.setdefault("configuration", set()).update(
                i for c in collection.configurations for i in (c.id, *c.derived_from))
            self.taken.setdefault("middle-range theory", set()).update(
                t.name for t in collection.theories)

    def rename(self, what: str, number: int, old: str, first: Any, later: Any,
               namespace: str = "") -> str:
        """A new id for ``later`` of input ``number``, whose id ``old`` is ``first``'s.

        The renaming is recorded, with a "same id" conflict between the two.
        """
        new = self._new_id(namespace or what, old, number)
        self.taken[namespace or what].add(new)
        name, first_name = self.names[number - 1], self._first_input(what, old)
        self.renamings.append(Renaming(what, name, old, new))
        self.conflicts.append(Conflict("same id", what, (
            Side(first_name, old, describe(first)), Side(name, new, describe(later))),
            _differing(first, later) if type(first) is type(later) else ("kind",)))
        return new

    def note(self, what: str, idents: Iterable[str], number: int) -> None:
        """Input ``number`` holds the values ``idents`` of kind ``what``."""
        provenance, name, alone = self.provenance, self.names[number - 1], self.alone[number - 1]
        for ident in idents:
            inputs = provenance.setdefault((what, ident), alone)
            if inputs is not alone and name not in inputs:
                provenance[(what, ident)] = (*inputs, name)

    def _new_id(self, what: str, old: str, number: int) -> str:
        candidate = f"{old}.{number}"
        extra = 2
        while candidate in self.taken.setdefault(what, set()):
            candidate, extra = f"{old}.{number}.{extra}", extra + 1
        return candidate

    def _first_input(self, what: str, ident: str) -> str:
        for key in ((what, ident), *((kind, ident) for kind in ELEMENT_FAMILIES)):
            if key in self.provenance:
                return self.provenance[key][0]
        return "?"
