"""Files that are versions of one programme theory, not parts of it: ``cmo validate``'s reading.

Several files given together are usually parts of one theory, merged into one
(:func:`cmo.io.load`). Two versions of a theory (the initial programme theory and its
refinement) share the theory's ``id`` but give its configurations different content, so
merging them fails. Files are *versions* when they carry the same ``id`` and different
``version`` labels, or when one ``revises`` another's label, or when they share an ``id``
but cannot be merged (an edited copy, still labelled as the original).

A version's ``derived_from`` links name configurations of the version it revises; a link
naming none is reported with its line (:func:`derivation_lines`, from the file's format) and
the closest id (:mod:`cmo.theory.versions` asks the questions about the theories).

Example (``NORMALIZE_WHITESPACE``: long lines are folded here):
    >>> found = validated("examples/social_prescribing/initial.yaml",
    ...                   "examples/social_prescribing/theory.yaml")
    >>> [(name.split("/")[-1], len(theory.configurations)) for name, theory in found.theories]
    [('initial.yaml', 6), ('theory.yaml', 11)]
    >>> print(found.note.replace("examples/social_prescribing/", ""))
    ... # doctest: +NORMALIZE_WHITESPACE
    initial.yaml and theory.yaml are versions of one theory ('social-prescribing'): v2 revises
    IPT; each is checked on its own (compare them with: cmo diff initial.yaml theory.yaml)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .._helpers import read_text
from ..exceptions import InputError
from ..io import format_for, read, readable_extensions
from ..models import Collection
from ..theory.graph import ProgrammeTheory
from ..theory.versions import Locator, are_versions, check_derivations

__all__ = ["Validated", "derivation_lines", "validated"]


@dataclass(frozen=True)
class Validated:
    """What ``cmo validate`` checked: one merged theory, or one theory per version."""

    #: Each theory checked, with the files it was read from.
    theories: tuple[tuple[str, ProgrammeTheory], ...]
    #: How the files relate, when they are versions of one theory.
    note: str | None = None


def validated(*paths: str | Path) -> Validated:
    """Read files as ``cmo validate`` does: merged into one theory, or, if they are versions
    of one theory, each on its own, with their derivation links checked.

    Raises:
        InputError: a file cannot be read, parts of one theory give one id different
            content, or a version's ``derived_from`` names no configuration of the version
            it revises.
    """
    names = [str(path) for path in paths]
    collections = [read(path) for path in paths]
    if not are_versions(collections):
        try:
            return Validated(((", ".join(names), ProgrammeTheory(*collections, names=names)),))
        except InputError:
            ids = {collection.id for collection in collections}
            if len(ids) != 1 or None in ids:
                raise
    for earlier, later in _revisions(collections):
        check_derivations(collections[earlier], collections[later], paths[later],
                          line=derivation_lines(paths[later]), earlier_name=names[earlier])
    return Validated(tuple((name, ProgrammeTheory(collection, names=[name]))
                           for name, collection in zip(names, collections, strict=True)),
                     _note(names, collections))


def _revisions(collections: Sequence[Collection]) -> list[tuple[int, int]]:
    """Pairs (earlier, later) of versions, by index: a version and the one it revises, or,
    of two versions that say neither, the first and the second."""
    by_label = {collection.version: index for index, collection in enumerate(collections)}
    pairs = [(by_label[collection.revises], index) for index, collection in enumerate(collections)
             if collection.revises in by_label and by_label[collection.revises] != index]
    return pairs or ([(0, 1)] if len(collections) == 2 else [])


def derivation_lines(path: str | Path) -> Locator:
    """The lines of values in a file, found as its format says (the authoring formats, YAML
    and JSON, know them; no line is known in other formats).

    Example:
        >>> line = derivation_lines("examples/social_prescribing/theory.yaml")
        >>> text = open("examples/social_prescribing/theory.yaml", encoding="utf-8").read()
        >>> line(("configurations", 0, "id")) == text.splitlines().index("  - id: referral-buy-in") + 1
        True
    """
    if Path(path).suffix.lower() not in readable_extensions():
        return lambda _: None
    chosen = format_for(path, reading=True)
    if chosen.locator is None:
        return lambda _: None
    locator: Locator = chosen.function("locator")(read_text(path))
    return locator


def _note(names: Sequence[str], collections: Sequence[Collection]) -> str:
    """How versions relate, in a sentence."""
    listed = " and ".join(names) if len(names) == 2 else ", ".join(names)
    theory_id = collections[0].id
    labels = [collection.version for collection in collections]
    links = dict.fromkeys(f"{collection.version} revises {collection.revises}"
                          for collection in collections if collection.revises and collection.version)
    if len(set(labels)) < len(labels):
        every = "both" if len(labels) == 2 else "all"
        relation = (f"{every} labelled {labels[0]!r}, as an edited copy is (cmo diff compares "
                    "them as before and after)" if len(set(labels)) == 1 and labels[0]
                    else "not each has its own version label")
    else:
        relation = "; ".join(links) or "versions " + ", ".join(map(repr, labels))
    compare = (f" (compare them with: cmo diff {names[0]} {names[1]})" if len(names) == 2
               else "")
    return (f"{listed} are versions of one theory ({theory_id!r}): {relation}; "
            f"each is checked on its own{compare}")
