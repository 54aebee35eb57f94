"""Display numbers of configurations: what researchers cite as "CMOC 7".

A configuration's number is the one written in its file (``number: 7``). A configuration
without one gets, in this order:

1. when the earlier version is given, the number of the configuration it comes from
   (the first of its ``derived_from`` that has one, otherwise the one with its id),
   unless a configuration of this version already holds that number (the second half of
   a split);
2. otherwise the next free number: one above the highest number either version uses,
   so a number is never given again to another configuration, even after the one that
   held it was dropped.

With no numbers written and no earlier version, configurations are numbered 1, 2, 3...
in the order of the file. To keep numbers fixed whatever configurations are added or
moved later, write them in: :func:`numbered` (``cmo export --numbered``).

Example:
    >>> from cmo.models import Collection, Configuration
    >>> def cmoc(id, **fields):
    ...     return Configuration(id=id, contexts=[{"label": "Trust"}],
    ...                          outcomes=[{"label": "Hope"}], **fields)
    >>> ipt = Collection(configurations=[cmoc("trust"), cmoc("hope"), cmoc("buy-in")])
    >>> configuration_numbers(ipt)
    {'trust': 1, 'hope': 2, 'buy-in': 3}
    >>> v2 = Collection(configurations=[cmoc("anchor"), cmoc("hope-2", derived_from=["hope"]),
    ...                                 cmoc("trust")])
    >>> configuration_numbers(v2, earlier=ipt)
    {'anchor': 4, 'hope-2': 2, 'trust': 1}
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final, Literal, get_args

from ..models import Collection, Configuration
from .graph import ProgrammeTheory, collection_of

__all__ = ["LABELS", "PREFIX", "Labels", "configuration_names", "configuration_numbers",
           "numbered"]

#: How pictures name a configuration: by number ("CMOC 7"), by id, or not at all.
Labels = Literal["number", "id", "none"]
LABELS: Final[tuple[str, ...]] = get_args(Labels)
#: What a number is written after on pictures, as researchers cite it.
PREFIX: Final = "CMOC"


def configuration_numbers(
    theory: ProgrammeTheory | Collection, *, earlier: ProgrammeTheory | Collection | None = None,
) -> dict[str, int]:
    """The display number of every configuration of ``theory``, by id, in its order.

    Args:
        theory: the programme theory (or collection) to number.
        earlier: the version it revises: configurations without a number of their own
            keep the number of the one they come from.

    Returns:
        Each configuration's id and number; no two share a number.
    """
    configurations = collection_of(theory).configurations
    numbers: dict[str, int] = {c.id: c.number for c in configurations if c.number is not None}
    used = set(numbers.values())
    earlier_numbers = {} if earlier is None else configuration_numbers(earlier)
    for configuration in configurations:
        if configuration.id in numbers or not earlier_numbers:
            continue
        for origin in _origins(configuration, earlier_numbers):
            if earlier_numbers[origin] not in used:
                numbers[configuration.id] = earlier_numbers[origin]
                used.add(earlier_numbers[origin])
                break
    following = max((*used, *earlier_numbers.values()), default=0)
    for configuration in configurations:
        if configuration.id not in numbers:
            following += 1
            numbers[configuration.id] = following
    return {c.id: numbers[c.id] for c in configurations}


def _origins(configuration: Configuration, earlier: dict[str, int]) -> Iterable[str]:
    derived = [origin for origin in configuration.derived_from if origin in earlier]
    if derived:
        return derived
    return (configuration.id,) if configuration.id in earlier else ()


def configuration_names(
    theory: ProgrammeTheory | Collection, labels: str = "number", *,
    earlier: ProgrammeTheory | Collection | None = None,
) -> dict[str, str]:
    """How pictures name each configuration, by id: ``"CMOC 7"``, its id, or ``""``.

    Args:
        theory: the whole theory (number it before choosing a part to draw, so that a
            part keeps the numbers of the whole).
        labels: ``"number"``, ``"id"`` or ``"none"`` (:data:`LABELS`).
        earlier: the version ``theory`` revises (see :func:`configuration_numbers`).

    Raises:
        ValueError: ``labels`` is not one of :data:`LABELS`.

    Example:
        >>> from cmo.models import Collection, Configuration
        >>> hope = Configuration(id="hope", number=7, contexts=[{"label": "Trust"}],
        ...                      outcomes=[{"label": "Hope"}])
        >>> [configuration_names(Collection(configurations=[hope]), labels)
        ...  for labels in LABELS]
        [{'hope': 'CMOC 7'}, {'hope': 'hope'}, {'hope': ''}]
        >>> configuration_names(Collection(configurations=[hope]), "numbers")
        Traceback (most recent call last):
        ...
        ValueError: unknown labels: 'numbers' (must be one of ['id', 'none', 'number'])
    """
    if labels not in LABELS:
        raise ValueError(f"unknown labels: {labels!r} (must be one of {sorted(LABELS)})")
    if labels == "number":
        return {key: f"{PREFIX} {number}"
                for key, number in configuration_numbers(theory, earlier=earlier).items()}
    return {c.id: c.id if labels == "id" else "" for c in collection_of(theory).configurations}


def numbered(theory: ProgrammeTheory | Collection, *,
             earlier: ProgrammeTheory | Collection | None = None) -> Collection:
    """The theory with every configuration's number written in, as a collection.

    Saved (YAML, JSON, RDF, a table), the numbers stay what they are now, whatever
    configurations are added, removed or moved in later versions.

    Example:
        >>> from cmo.models import Collection, Configuration
        >>> hope = Configuration(id="hope", contexts=[{"label": "Trust"}],
        ...                      outcomes=[{"label": "Hope"}])
        >>> numbered(Collection(configurations=[hope])).configurations[0].number
        1
    """
    collection = collection_of(theory)
    numbers = configuration_numbers(collection, earlier=earlier)
    return collection.replaced(configurations=tuple(
        c.replaced(number=numbers[c.id]) for c in collection.configurations))
