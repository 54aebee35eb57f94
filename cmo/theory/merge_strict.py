"""The strict merge: the files of one programme theory made one collection, or an error.

:func:`merge_strict` is what :class:`~cmo.theory.graph.ProgrammeTheory` does with several
files: it puts their values together and raises :class:`~cmo.exceptions.InputError` when
two files give one id different content (a spelling difference of an element's label,
"Trust" and "trust.", is not one: the first spelling is kept). Compare the reporting
merge, :func:`cmo.theory.merge.merge`, for the theories of several coders or sites: it
never raises, renames what clashes and returns a
:class:`~cmo.theory.merge_result.MergeResult` with matches, conflicts and suggestions.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

from ..exceptions import InputError, Problem
from ..models import AnyElement, Codebook, Collection
from ..models.labels import normalise_label
from .merge_scales import declares_scales, describe_scales, differing_dimensions, first_declared

__all__ = ["merge_strict"]

#: What merging collections puts together (the rest, id, title and version, comes from the first).
_MERGED_FIELDS: Final = ("theories", "sources", "excerpts", "elements", "configurations")


def merge_strict(*collections: Collection, names: Iterable[str] = ()) -> Collection:
    """One collection holding everything of several; the same id must mean the same thing.

    The strict merge, for the files of one theory: it raises on the first disagreement.
    To merge the theories of several coders or sites, where disagreements are expected and
    reported, use the reporting merge :func:`cmo.theory.merge.merge`.

    Args:
        collections: what to merge, e.g. one per file.
        names: how to call each collection in error messages (its file name).

    Returns:
        The merged collection (the first one itself, when given one).

    Raises:
        InputError: two collections give different values the same id.

    Example:
        >>> from cmo.models import Collection, Configuration
        >>> a = Collection(configurations=[Configuration(id="hope",
        ...     contexts=[{"label": "Trust"}], outcomes=[{"label": "Hope"}])])
        >>> b = Collection(configurations=[Configuration(id="hope", status="refuted",
        ...     contexts=[{"label": "Trust"}], outcomes=[{"label": "Hope"}])])
        >>> [c.id for c in merge_strict(a, a).configurations]
        ['hope']
        >>> try:
        ...     merge_strict(a, b, names=("ann.yaml", "bob.yaml"))
        ... except InputError as error:
        ...     print(error)
        configuration 'hope': ann.yaml and bob.yaml give it different content
        (give one of them another id, or make them the same)
    """
    labels = list(names) or [f"collection {number}" for number in range(1, len(collections) + 1)]
    if len(collections) == 1:
        return collections[0]
    collections = _one_spelling_per_element(collections)
    problems: list[Problem] = []
    for field in _MERGED_FIELDS:
        first_seen: dict[tuple[str, str], tuple[Any, str]] = {}
        for collection, name in zip(collections, labels, strict=False):
            for value in getattr(collection, field):
                key = (getattr(value, "kind", ""), value.sort_key)
                seen, seen_in = first_seen.setdefault(key, (value, name))
                if seen != value:
                    what = field[:-1]
                    problems.append(Problem(
                        f"{what} {value.sort_key!r}",
                        f"{seen_in} and {name} give it different content",
                        "give one of them another id, or make them the same",
                    ))
    codebook, differing = Codebook.merged(*(c.codebook for c in collections))
    problems += [Problem(f"code {label!r}", "the files give it different content (description,"
                         " colour) in their codebooks", "make them the same in each file")
                 for label in differing]
    problems += _scale_problems(collections, labels)
    if problems:
        raise InputError(problems)
    first = next((c for c in collections if c.title), collections[0])
    declared = first_declared(collections)
    return Collection(
        **first.header, codebook=codebook,
        appraisal_scales=collections[declared or 0].appraisal_scales,
        **{field: tuple(v for c in collections for v in getattr(c, field))
           for field in _MERGED_FIELDS},
    )


def _scale_problems(collections: tuple[Collection, ...], labels: list[str]) -> list[Problem]:
    """Files that declare appraisal scales other than the first declared (a file that
    judges nothing and keeps the default scales declares none)."""
    declared = first_declared(collections)
    if declared is None:
        return []
    scales, seen_in = collections[declared].appraisal_scales, labels[declared]
    problems = []
    for collection, name in zip(collections[declared + 1:], labels[declared + 1:],
                                strict=False):
        differing = differing_dimensions(scales, collection.appraisal_scales)
        if differing and declares_scales(collection):
            problems.append(Problem(
                f"appraisal scales ({', '.join(differing)})",
                f"{seen_in} and {name} declare different levels "
                f"({describe_scales(scales, differing)} / "
                f"{describe_scales(collection.appraisal_scales, differing)})",
                "declare the same 'appraisal_scales' in every file that judges sources or "
                "excerpts"))
    return problems


def _one_spelling_per_element(collections: tuple[Collection, ...]) -> tuple[Collection, ...]:
    """Where files spell one element differently ("Trust", "trust."), use the first spelling."""
    first: dict[tuple[str, str], AnyElement] = {}
    respelt = []
    for collection in collections:
        replace: dict[tuple[str, str], AnyElement] = {}
        for element in collection.elements:
            key = (element.kind, element.id)
            seen = first.setdefault(key, element)
            if seen != element and normalise_label(seen.label) == normalise_label(
                    element.label) and seen.description == element.description:
                replace[key] = seen
        respelt.append(_replace_elements(collection, replace) if replace else collection)
    return tuple(respelt)


def _replace_elements(collection: Collection,
                      replace: dict[tuple[str, str], AnyElement]) -> Collection:
    def swap(element: AnyElement) -> AnyElement:
        return replace.get((element.kind, element.id), element)

    return collection.model_copy(update={
        "elements": tuple(map(swap, collection.elements)),
        "configurations": tuple(c.with_elements(swap) for c in collection.configurations)})
