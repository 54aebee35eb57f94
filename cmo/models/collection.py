"""What one file holds: sources, excerpts, elements, theories and configurations."""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Iterable
from itertools import chain
from typing import Any, Final, Self, TypeVar

from pydantic import Field, ValidationInfo, model_validator

from ._base import RESOLVED, Value, checked_by_reader, share_fields_sets
from .appraisal import AppraisalScales
from .codebook import Codebook
from .configuration import Configuration
from .elements import ElementByKind, MiddleRangeTheory, may_share_id
from .evidence import Excerpt, Source
from .types import Identifier, Label, Text

__all__ = ["HEADER_FIELDS", "Collection"]

#: The fields in which a collection describes itself rather than holding values.
HEADER_FIELDS: tuple[str, ...] = ("id", "title", "version", "revises", "date", "description")


class Collection(Value):
    """What one file holds: sources, excerpts, elements and configurations.

    Whatever a configuration uses is added to the collection, so it is always complete.
    Two different values may not share an id (a context and an outcome may, when they are
    the same state in two roles: that is how chains are written).
    """

    _unordered = frozenset({"sources", "excerpts", "elements", "configurations", "theories"})

    id: Identifier | None = Field(
        None, description="The theory's identifier, the same in each of its versions "
                          "(it names the theory in a triple store), e.g. 'social-prescribing'.")
    title: Label | None = None
    version: Label | None = Field(None, description="Version label, e.g. 'IPT' or 'v2'.")
    revises: Label | None = Field(
        None, description="The label of the version this one refines, e.g. 'IPT'.")
    date: dt.date | None = Field(None, description="When this version was settled.")
    description: Text | None = None
    theories: tuple[MiddleRangeTheory, ...] = Field(
        (), description="Middle-range theories the configurations cite, by name.")
    sources: tuple[Source, ...] = ()
    excerpts: tuple[Excerpt, ...] = ()
    elements: tuple[ElementByKind, ...] = ()
    configurations: tuple[Configuration, ...] = ()
    codebook: Codebook = Field(
        Codebook(), description="The QDA code tree and code sets, applied to excerpts or not.")
    appraisal_scales: AppraisalScales = Field(
        AppraisalScales(), description="The levels of relevance, rigour and richness that "
                                       "sources and excerpts are judged on, highest first.")

    @model_validator(mode="after")
    def _complete_and_unique(self, info: ValidationInfo) -> Self:
        if self.revises is not None and self.revises == self.version:
            raise ValueError(f"version {self.version!r} cannot revise itself "
                             "(name the label of the earlier version in 'revises')")
        if checked_by_reader(info, RESOLVED):  # every value used is already listed
            excerpts = _unique("excerpts", self.excerpts, key=_ID)
            share_fields_sets(excerpts)
            sources = _unique("sources", self.sources, key=_ID)
            elements = _unique("elements", self.elements, key=_KIND_AND_ID)
        else:
            excerpts, sources, elements = self._completed()
        _check_shared_states(elements)
        # The same configuration given twice (one file loaded twice) is held once.
        configurations = _unique("configurations", self.configurations, key=_ID)
        _check_numbers(configurations)
        cited = [MiddleRangeTheory(name=name) for c in self.configurations
                 for name in (*c.theories, *(c.retroduction.cited_theories()
                                             if c.retroduction else ()))]
        declared = {theory.name for theory in self.theories}
        theories = _unique("middle-range theories", [
            *self.theories, *(theory for theory in cited if theory.name not in declared)])
        object.__setattr__(self, "theories", theories)
        _check_appraisals(self.appraisal_scales, (*sources, *excerpts))
        _check_retroduction(configurations, {excerpt.id for excerpt in excerpts})
        # Frozen for users; filled in once here, while the value is being made.
        object.__setattr__(self, "excerpts", excerpts)
        object.__setattr__(self, "sources", sources)
        object.__setattr__(self, "elements", elements)
        if len(configurations) != len(self.configurations):
            object.__setattr__(self, "configurations", configurations)
        return self

    def _completed(self) -> tuple[tuple[Excerpt, ...], tuple[Source, ...],
                                  tuple[ElementByKind, ...]]:
        """The excerpts, sources and elements listed, then those used and not listed."""
        # Each evidence value once: configurations share them (a file's 200,000 links are
        # about 90,000 values), told apart by identity, without looking inside them.
        links = list(chain.from_iterable(c.evidence for c in self.configurations))
        evidence = list(dict(zip(map(id, links), links, strict=True)).values())
        share_fields_sets(evidence)
        excerpts = _unique("excerpts", _besides(self.excerpts, map(_EXCERPT, evidence)),
                           key=_ID)
        share_fields_sets(excerpts)
        sources = _unique("sources", _besides(self.sources, map(_SOURCE, excerpts)), key=_ID)
        used_elements = chain.from_iterable(c.elements for c in self.configurations)
        elements = _unique("elements", _besides(self.elements, used_elements), key=_KIND_AND_ID)
        return excerpts, sources, elements

    @property
    def header(self) -> dict[str, Any]:
        """What the collection says of itself (id, title, version...), not what it holds.

        Example:
            >>> Collection(id="sp", version="v2", revises="IPT").header
            {'id': 'sp', 'title': None, 'version': 'v2', 'revises': 'IPT', 'date': None, 'description': None}
        """
        return {name: getattr(self, name) for name in HEADER_FIELDS}

    def configuration(self, configuration_id: str) -> Configuration:
        """The configuration with this id (``KeyError`` naming the known ids if none)."""
        for configuration in self.configurations:
            if configuration.id == configuration_id:
                return configuration
        known = ", ".join(sorted(c.id for c in self.configurations)) or "none"
        raise KeyError(f"no configuration {configuration_id!r} (known: {known})")


_V = TypeVar("_V", bound=Value)


#: The keys values are told apart by: their id (the sort key of sources, excerpts and
#: configurations, got in C rather than through the property), and an element's kind too.
_ID: Final = operator.attrgetter("id")
_KIND_AND_ID: Final = operator.attrgetter("kind", "id")
_EXCERPT: Final = operator.attrgetter("excerpt")
_SOURCE: Final = operator.attrgetter("source")


def _besides(values: Iterable[_V], more: Iterable[_V]) -> list[_V]:
    """``values``, then those of ``more`` that are not one of them.

    Told apart by identity, which needs no look inside each value: most values a
    configuration uses are the very ones the collection declares.
    """
    kept = list(values)
    more = list(more)
    added = dict(zip(map(id, more), more, strict=True))  # each once, where it first comes
    for value in kept:
        added.pop(id(value), None)
    return [*kept, *added.values()]


def _unique(
    what: str, values: Iterable[_V], key: Any = lambda value: value.sort_key
) -> tuple[_V, ...]:
    kept: dict[Any, _V] = {}
    for value in values:
        seen = kept.setdefault(key(value), value)
        if seen is not value and seen != value:
            raise ValueError(f"two different {what} have the id {value.sort_key!r}")
    return tuple(kept.values())


def _check_shared_states(elements: Iterable[Value]) -> None:
    by_id: dict[str, Any] = {}
    for element in elements:
        other = by_id.setdefault(element.sort_key, element)
        if other is not element and not may_share_id(other, element):
            raise ValueError(
                f"the id {element.sort_key!r} is used by {_a(other.kind)} and "
                f"{_a(element.kind)} (only a context and an outcome that are the same state, "  # type: ignore[attr-defined]
                "with the same label, description and aliases, may share an id)"
            )


def _check_numbers(configurations: Iterable[Configuration]) -> None:
    """A display number ("CMOC 7") names one configuration."""
    numbered: dict[int, str] = {}
    for configuration in configurations:
        if configuration.number is not None:
            other = numbered.setdefault(configuration.number, configuration.id)
            if other != configuration.id:
                raise ValueError(
                    f"configurations {other!r} and {configuration.id!r} both have the number "
                    f"{configuration.number} (give each its own, or leave numbers out: "
                    "they are then given in order)")


def _check_appraisals(scales: AppraisalScales, judged: Iterable[Source | Excerpt]) -> None:
    """Every judgement is a level of its declared scale."""
    problems = [f"{type(value).__name__.lower()} {value.id!r}: {problem}"
                for value in judged if value.appraisal is not None
                for problem in scales.off_scale(value.appraisal)]
    if problems:
        raise ValueError("; ".join(problems) + " (use a level of the scale, or declare the "
                         "project's own levels under 'appraisal_scales')")


def _check_retroduction(configurations: Iterable[Configuration], excerpts: set[str]) -> None:
    """Every excerpt a retroduction log cites is one of the collection's."""
    problems = [
        f"configuration {configuration.id!r}: its retroduction log cites excerpt "
        f"{excerpt!r}, which is not one of the excerpts"
        for configuration in configurations if configuration.retroduction is not None
        for excerpt in configuration.retroduction.cited_excerpts() if excerpt not in excerpts]
    if problems:
        raise ValueError("; ".join(problems) + " (declare it under 'excerpts', or correct "
                         "the id)")


def _a(word: str) -> str:
    return f"{'an' if word[0] in 'aeiou' else 'a'} {word}"
