"""Versions of one programme theory: whether collections are versions, not parts to merge,
and whether a version's ``derived_from`` links name configurations of the version it revises.

Two versions of a theory (the initial programme theory and its refinement) share the
theory's ``id``; their ``version`` labels differ, or one ``revises`` another's label. A link
naming no configuration is reported with its line (found by a locator the file's reader
gives, see :func:`cmo.cli.checking.derivation_lines`) and the closest id.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeAlias

from .._helpers.labels import did_you_mean
from ..exceptions import InputError, Problem
from ..models import Collection

__all__ = ["Locator", "are_versions", "check_derivations", "derivation_problems"]

#: The line of a location in a file (``("configurations", 3, "derived_from", 0)``), if known.
Locator: TypeAlias = Callable[[tuple[str | int, ...]], int | None]


def _nowhere(location: tuple[str | int, ...]) -> int | None:
    """No line is known (the file's format has none, or it was not read from a file)."""
    return None


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


def check_derivations(earlier: Collection, later: Collection, path: str | Path, *,
                      line: Locator = _nowhere,
                      earlier_name: str = "the earlier version") -> None:
    """Refuse ``derived_from`` links of ``later`` (read from ``path``) that name no
    configuration of ``earlier``, each with its line in ``path`` (by ``line``, which the
    reader of ``path`` gives) and the closest id.

    Raises:
        InputError: naming ``path``, every such link.
    """
    problems = derivation_problems(earlier, later, line, earlier_name=earlier_name)
    if problems:
        raise InputError(problems, source=path)


def derivation_problems(earlier: Collection, later: Collection,
                        line: Locator = _nowhere, *,
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
