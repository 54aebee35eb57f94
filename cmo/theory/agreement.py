"""Agreement between coders on configurations: who cited which excerpt where, and how.

QDA tools measure agreement per code; realist teams need it per *configuration*. Each unit
is a pair (excerpt, configuration) over the excerpts of the sources every coder has, and
each coder's value is the stance they gave it (supports, refutes, refines) or "not cited".
Configurations are matched across coders as the merge matches them, excerpts by id, span or
text (:mod:`cmo.theory.agreement_matching`). Cohen's kappa (two coders, from statsmodels)
and Krippendorff's alpha (nominal, any number of coders, from krippendorff) are given on
the stances, and on assignment alone (cited or not, whatever the stance); overall and per
configuration (:meth:`Agreement.table`), with the disagreements to adjudicate
(:meth:`Agreement.disagreements`).

Example (synthetic):
    >>> from cmo.models import Collection, Configuration, Excerpt, Source
    >>> paper = Source(id="s1", kind="document")
    >>> quotes = [Excerpt(id=f"q{n}", source=paper, text=f"Synthetic passage {n}.")
    ...           for n in (1, 2, 3, 4)]
    >>> def coder(*stances):
    ...     return Collection(excerpts=quotes, configurations=[Configuration(id="hope",
    ...         contexts=[{"label": "Trust"}], outcomes=[{"label": "Hope"}],
    ...         evidence=[{"excerpt": q, "stance": s} for q, s in zip(quotes, stances) if s])])
    >>> agreement = agree(coder("supports", "supports", None, "refutes"),
    ...                   coder("supports", "refines", None, "refutes"), names=("ann", "bob"))
    >>> agreement
    Agreement(names=('ann', 'bob'), units=4, configurations=1, excerpts=4, disagreements=1)
    >>> agreement.units, round(agreement.observed, 2)
    (4, 0.75)
    >>> print(agreement.kappa)
    0.667 (SE 0.258, 95% CI 0.162 to 1.172)
    >>> [(d["excerpt"], d["stance by ann"], d["stance by bob"])
    ...  for d in agreement.disagreements()]
    [('q2', 'supports', 'refines')]
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from ..exceptions import CmoWarning, InputError, Problem
from ..models import Collection
from ..models.types import STANCES
from .agreement_matching import (
    MatchedConfiguration,
    MatchedExcerpt,
    match_configurations,
    match_excerpts,
    shared_sources,
)
from .agreement_statistics import Statistic, cohen_kappa, krippendorff_alpha, need_libraries
from .graph import ProgrammeTheory, collection_of
from .records import Records

__all__ = ["CATEGORIES", "NOT_CITED", "Agreement", "Statistic", "agree"]

#: What a coder did not do with a unit: cite the excerpt in the configuration.
NOT_CITED: Final = "not cited"
#: The values a coder gives a unit, numbered in this order for the statistics.
CATEGORIES: Final[tuple[str, ...]] = (*STANCES, NOT_CITED)
_ASSIGNMENT: Final = ("cited", NOT_CITED)
_SHOWN_LEFT_OUT: Final = 10


@dataclass(frozen=True, slots=True)
class Agreement:
    """How far coders agree on which excerpts back which configurations, with which stance.

    Args:
        names: the coders (their files), in order.
        configurations: the configurations matched across coders.
        excerpts: the excerpts matched across coders, of the shared sources.
        sources: the ids of the sources every coder has.
        left_out: the ids of sources some coder lacks (left out of the units).
        cited: the units some coder cited, in order: ``(configuration, excerpt)`` (their
            places in ``configurations`` and ``excerpts``) -> each coder's category number
            (an index in :data:`CATEGORIES`). Every other unit is "not cited" by all: a
            theory's units are mostly those, so they are counted, not listed.
    """

    names: tuple[str, ...]
    configurations: tuple[MatchedConfiguration, ...]
    excerpts: tuple[MatchedExcerpt, ...]
    sources: tuple[str, ...]
    left_out: tuple[str, ...]
    cited: Mapping[tuple[int, int], tuple[int, ...]]
    _rows: list[dict[str, Any]] = field(default_factory=list, init=False, repr=False,
                                        compare=False)

    def __repr__(self) -> str:  # the units may be millions: say what they come to
        return (f"Agreement(names={self.names!r}, units={self.units}, "
                f"configurations={len(self.configurations)}, excerpts={len(self.excerpts)}, "
                f"disagreements={sum(len(set(u)) > 1 for u in self.cited.values())})")

    # -- overall -------------------------------------------------------------------------

    @property
    def units(self) -> int:
        """How many (excerpt, configuration) pairs were coded: excerpts x configurations."""
        return len(self.configurations) * len(self.excerpts)

    def _uncited(self) -> dict[int, int]:
        return {len(STANCES): self.units - len(self.cited)}

    @property
    def observed(self) -> float | None:
        """The share of units on which every coder gave the same value (None: no units)."""
        differ = sum(len(set(unit)) > 1 for unit in self.cited.values())
        return (self.units - differ) / self.units if self.units else None

    @property
    def kappa(self) -> Statistic:
        """Cohen's kappa on the stances (two coders only; see :attr:`alpha` for more)."""
        return self._kappa(list(self.cited.values()), self._uncited())

    @property
    def alpha(self) -> Statistic:
        """Krippendorff's alpha (nominal) on the stances."""
        return krippendorff_alpha(list(self.cited.values()), categories=len(CATEGORIES),
                                  labels=CATEGORIES, same=self._uncited())

    @property
    def assignment_kappa(self) -> Statistic:
        """Cohen's kappa on assignment alone: cited (whatever the stance) or not."""
        return self._kappa(_assignment(self.cited.values()), {1: self.units - len(self.cited)},
                           _ASSIGNMENT)

    @property
    def assignment_alpha(self) -> Statistic:
        """Krippendorff's alpha on assignment alone: cited (whatever the stance) or not."""
        return krippendorff_alpha(_assignment(self.cited.values()), categories=2,
                                  labels=_ASSIGNMENT, same={1: self.units - len(self.cited)})

    def _kappa(self, values: list[tuple[int, ...]], same: dict[int, int],
               labels: Sequence[str] = CATEGORIES) -> Statistic:
        if len(self.names) != 2:
            return Statistic("Cohen's kappa", None, f"Cohen's kappa is for two coders, not "
                                                    f"{len(self.names)}: see Krippendorff's alpha")
        return cohen_kappa(values, categories=len(labels), labels=labels, same=same)

    def statistics(self) -> Records:
        """Every overall statistic as a table: on stances, and on assignment alone."""
        rows = []
        for on, statistics in (("stance", (self.kappa, self.alpha)),
                               ("assignment", (self.assignment_kappa, self.assignment_alpha))):
            rows += [{"on": on, **statistic.record()} for statistic in statistics]
        return Records(rows)

    # -- per configuration ---------------------------------------------------------------

    def table(self) -> Records:
        """One row per matched configuration: each coder's id for it, how it was matched,
        its units, those cited by any coder, agreed and disagreed, and kappa (two coders)
        and alpha on the stances; ``undefined`` says why a statistic has no value.

        Computed once (a statistic per configuration takes a while for a large theory);
        each call gives a new table.
        """
        if not self._rows and self.configurations:
            self._rows.extend(self._table())
        return Records(dict(row) for row in self._rows)

    def _table(self) -> list[dict[str, Any]]:
        rows = []
        by_configuration: dict[int, list[tuple[int, ...]]] = {}
        for (number, _), unit in self.cited.items():
            by_configuration.setdefault(number, []).append(unit)
        for number, matched in enumerate(self.configurations):
            row: dict[str, Any] = {"configuration": matched.id}
            row.update({f"id in {name}": ident for name, ident in zip(
                self.names, matched.ids, strict=True)})
            cited = by_configuration.get(number, [])
            agreed = sum(len(set(u)) == 1 for u in cited)
            row.update({"matched by": ", ".join(sorted({b for b in matched.by if b})),
                        "units": len(self.excerpts), "cited": len(cited), "agreed": agreed,
                        "disagreed": len(cited) - agreed})
            uncited = {len(STANCES): len(self.excerpts) - len(cited)}
            statistics = [krippendorff_alpha(cited, categories=len(CATEGORIES),
                                             labels=CATEGORIES, same=uncited)]
            if len(self.names) == 2:
                statistics.insert(0, cohen_kappa(cited, categories=len(CATEGORIES),
                                                 labels=CATEGORIES, same=uncited,
                                                 error=False))
            row.update({_short(s.name): _rounded(s.value) for s in statistics})
            reasons = dict.fromkeys(s.reason for s in statistics if s.reason)
            row["undefined"] = "; ".join(reasons) or None
            rows.append(row)
        return Records(rows)

    def disagreements(self, *, quotes: bool = False) -> Records:
        """The units the coders disagree on, to adjudicate: the excerpt, its source, the
        configuration, and each coder's id for it and stance (``not cited`` where they did
        not cite it). Quotes are left out unless ``quotes`` (they may be confidential)."""
        rows = Records()
        for (number, place), unit in self.cited.items():
            if len(set(unit)) > 1:
                matched, excerpt = self.configurations[number], self.excerpts[place]
                row: dict[str, Any] = {"excerpt": excerpt.id,
                                       "source": excerpt.excerpt.source.id,
                                       "configuration": matched.id}
                for name, ident, value in zip(self.names, matched.ids, unit, strict=True):
                    row[f"id in {name}"] = ident
                    row[f"stance by {name}"] = CATEGORIES[value]
                if quotes:
                    row["text"] = excerpt.excerpt.text
                rows.append(row)
        return rows

    def matching(self) -> Records:
        """How configurations and excerpts were matched across coders: one row for each
        one some coder's id or way of matching differs from the first's."""
        rows = Records()
        found: Iterable[tuple[str, MatchedConfiguration | MatchedExcerpt]] = (
            *(("configuration", c) for c in self.configurations),
            *(("excerpt", e) for e in self.excerpts))
        for what, matched in found:
            if all(by == "id" for by in matched.by[1:]):
                continue
            row: dict[str, Any] = {"what": what, "id": matched.id}
            row.update({f"id in {name}": ident
                        for name, ident in zip(self.names, matched.ids, strict=True)})
            row["matched by"] = ", ".join(sorted({b for b in matched.by if b})) or None
            rows.append(row)
        return rows


def _short(name: str) -> str:
    return "kappa" if name == "Cohen's kappa" else "alpha"


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def _assignment(values: Iterable[tuple[int, ...]]) -> list[tuple[int, ...]]:
    not_cited = len(STANCES)
    return [tuple(int(v == not_cited) for v in unit) for unit in values]


def agree(*theories: Collection | ProgrammeTheory, names: Iterable[str] = ()) -> Agreement:
    """How far two or more coders' theories of the same sources agree, per configuration.

    Args:
        theories: each coder's theory (a collection or a programme theory).
        names: what to call each coder (their file); ``coder 1``, ``coder 2``... by default.

    Returns:
        An :class:`Agreement`: kappa and alpha overall, :meth:`~Agreement.table` per
        configuration, :meth:`~Agreement.disagreements` to adjudicate.

    Raises:
        InputError: fewer than two theories, a name given twice, or no source that every
            coder has.
        CmoError: statsmodels or krippendorff is not installed.

    Warns:
        CmoWarning: some sources are not in every coder's theory: they are left out.
    """
    need_libraries()
    collections = tuple(map(collection_of, theories))
    labels = tuple(names) or tuple(f"coder {n}" for n in range(1, len(collections) + 1))
    if len(labels) != len(collections):
        raise ValueError(f"{len(collections)} theories but {len(labels)} names")
    if len(collections) < 2:
        raise InputError([Problem("", f"agreement needs two or more coders' theories, not "
                                      f"{len(collections)}", "give one theory per coder")],
                         source=", ".join(labels) or None)
    twice = sorted({name for name in labels if labels.count(name) > 1})
    if twice:
        raise InputError([Problem("", f"{name!r} is given more than once", "give each coder's "
                                  "theory once, under a name of its own") for name in twice])
    sources, left_out = shared_sources(collections)
    if not sources:
        raise InputError([Problem("", "no source is in every coder's theory, so there is "
                                      "nothing to agree on", "agreement is measured on the "
                                      "sources every coder coded: give them the same source "
                                      "ids")], source=", ".join(labels))
    if left_out:
        shown = ", ".join(left_out[:_SHOWN_LEFT_OUT]) + (
            " ..." if len(left_out) > _SHOWN_LEFT_OUT else "")
        warnings.warn(f"{', '.join(labels)}: {len(left_out)} of "
                      f"{len(left_out) + len(sources)} sources are not in every coder's "
                      f"theory and were left out of the agreement: {shown}",
                      CmoWarning, stacklevel=2)
    configurations = match_configurations(collections, labels)
    excerpts = match_excerpts(collections, sources)
    return Agreement(labels, configurations, excerpts, sources, left_out,
                     _cited(collections, configurations, excerpts))


def _cited(collections: Sequence[Collection], configurations: Sequence[MatchedConfiguration],
           excerpts: Sequence[MatchedExcerpt]) -> dict[tuple[int, int], tuple[int, ...]]:
    """The units some coder cited, in the order of the configurations, then the excerpts."""
    index = {stance: number for number, stance in enumerate(CATEGORIES)}
    not_cited = index[NOT_CITED]
    coders = len(collections)
    # Per configuration, its excerpts' units: put in order configuration by configuration
    # (a few dozen each), not all at once.
    found: list[dict[int, list[int]]] = [{} for _ in configurations]
    others = [not_cited] * (coders - 1)
    for coder, collection in enumerate(collections):
        places = {ident: number for number, matched in enumerate(configurations)
                  if (ident := matched.ids[coder]) is not None}
        quotes = {ident: number for number, matched in enumerate(excerpts)
                  if (ident := matched.ids[coder]) is not None}
        if coder == 0:  # every unit is new: each configuration and excerpt is its own
            for configuration in collection.configurations:
                found[places[configuration.id]] = {
                    place: [index[evidence.stance], *others]
                    for evidence in configuration.evidence
                    if (place := quotes.get(evidence.excerpt.id)) is not None}
            continue
        for configuration in collection.configurations:
            units = found[places[configuration.id]]
            for evidence in configuration.evidence:
                place = quotes.get(evidence.excerpt.id)
                if place is None:  # an excerpt of a source left out
                    continue
                unit = units.get(place)
                if unit is None:
                    unit = units[place] = [not_cited] * coders
                unit[coder] = index[evidence.stance]
    return {(number, place): tuple(units[place])
            for number, units in enumerate(found) for place in sorted(units)}
