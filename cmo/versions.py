"""Files that are versions of one programme theory, not parts of it.

Several files given together are usually parts of one theory, merged into one
(:func:`cmo.io.load`). Two versions of a theory (the initial programme theory and its
refinement) share the theory's ``id`` but give its configurations different content, so
merging them fails. Files are *versions* when they carry the same ``id`` and different
``version`` labels, or when one ``revises`` another's label, or when they share an ``id``
but cannot be merged (an edited copy, still labelled as the original).

A version's ``derived_from`` links name configurations of the version it revises; a link
naming none is reported with its line and the closest id.

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

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ._helpers.labels import did_you_mean
from .exceptions import InputError, Problem
from .io import read
from .models import Collection
from .theory.graph import ProgrammeTheory

__all__ = ["Validated", "are_versions", "check_derivations", "derivation_problems", "validated"]

_AUTHORING_SUFFIXES = frozenset({".yaml", ".yml", ".json"})


@dataclass(frozen=True)
class Validated:
    """What ``cmo validate`` checked: one merged theory, or one theory per version."""

    #: Each theory checked, with the files it was read from.
    theories: tuple[tuple[str, ProgrammeTheory], ...]
    #: How the files relate, when they are versions of one theory.
    note: str | None = None


def are_versions(collections: Sequence[Collection]) -> bool:
    """Whether collections are versions of one theory, not parts to merge: they share an id
    and their version labels differ, or one revises another's label.

    Example:
        >>> are_versions([Collection(id="sp", version="IPT"), Collection(id="sp", version="v2")])
        True
        >>> are_versions([Collection(id="sp"), Collection(id="sp")])
        False
    """
    ids = {collection.id for collection in collections}
    if len(collections) < 2 or len(ids) != 1 or None in ids:
        return False
    labels = [collection.version for collection in collections]
    revised = {collection.revises for collection in collections} - {None}
    return (None not in labels and len(set(labels)) == len(labels)) or bool(revised & set(labels))


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
                          earlier_name=names[earlier])
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


def check_derivations(earlier: Collection, later: Collection, path: str | Path, *,
                      earlier_name: str = "the earlier version") -> None:
    """Refuse ``derived_from`` links of ``later`` (read from ``path``) that name no
    configuration of ``earlier``, each with its line in ``path`` and the closest id.

    Raises:
        InputError: naming ``path``, every such link.
    """
    problems = derivation_problems(earlier, later, _lines(path), earlier_name=earlier_name)
    if problems:
        raise InputError(problems, source=path)


def derivation_problems(earlier: Collection, later: Collection,
                        line: Callable[[tuple[str | int, ...]], int | None] = lambda _: None, *,
                        earlier_name: str = "the earlier version") -> list[Problem]:
    """The ``derived_from`` links of ``later`` that name no configuration of ``earlier``
    (nor of ``later``, nor one that ``earlier``'s configuration of the same id names too).

    Args:
        line: the line of a location in the later file (``("configurations", 3,
            "derived_from", 0)``), when it is known.
        earlier_name: what to call the earlier version (its file name).

    Example:
        >>> from cmo.models import Configuration
        >>> parts = {"contexts": [{"label": "Trust"}], "outcomes": [{"label": "Hope"}]}
        >>> earlier = Collection(configurations=[Configuration(id="hope", **parts)])
        >>> later = Collection(configurations=[
        ...     Configuration(id="hope-v2", derived_from=["hop"], **parts)])
        >>> for problem in derivation_problems(earlier, later):
        ...     print(problem)  # doctest: +NORMALIZE_WHITESPACE
        configuration 'hope-v2', field 'derived_from': names 'hop', which is in neither
        version (did you mean 'hope'?)
    """
    earlier_ids = {c.id: c for c in earlier.configurations}
    known = set(earlier_ids) | {c.id for c in later.configurations}
    problems = []
    for index, configuration in enumerate(later.configurations):
        same = earlier_ids.get(configuration.id)
        inherited = set(same.derived_from) if same is not None else set()
        for position, origin in enumerate(configuration.derived_from):
            if origin in known or origin in inherited:
                continue
            found = line(("configurations", index, "derived_from", position))
            place = f"configuration {configuration.id!r}, field 'derived_from'"
            problems.append(Problem(
                f"line {found}, {place}" if found else place,
                f"names {origin!r}, which is in neither version",
                did_you_mean(origin, earlier_ids)
                or f"use the id of a configuration of {earlier_name}"))
    return problems


def _lines(path: str | Path) -> Callable[[tuple[str | int, ...]], int | None]:
    """The lines of values in an authoring file (none for other formats)."""
    if Path(path).suffix.lower() not in _AUTHORING_SUFFIXES:
        return lambda _: None
    from ._helpers import read_text
    from .authoring.parsing import locator

    return locator(read_text(path))


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
