"""How much distinct evidence stands behind a configuration, overall and wave by wave.

Realist researchers defend a configuration by how many *distinct* sources, participants,
roles, sites, waves and kinds of data back it, including negative cases, not by how many
segments were coded. Every count here comes from one pass over a configuration's evidence
(:func:`_tally`); nothing here reads excerpt text, so counts are safe to share.

Example:
    >>> from cmo.models import Configuration, Evidence, Excerpt, Source
    >>> paper = Source(id="paper", kind="publication")
    >>> quote = Excerpt(id="q1", source=paper, text="Synthetic quote 1")
    >>> configuration = Configuration(id="c1", contexts=[{"label": "Trust"}],
    ...     outcomes=[{"label": "Hope"}], evidence=[Evidence(excerpt=quote, stance="supports")])
    >>> support_of(configuration)
    Support(configuration='c1', evidence=1, sources=1, participants=0, sites=0, waves=0,
            supports=1, refutes=0, refines=0, roles=0, kinds=1, sources_supporting=1,
            sources_refuting=0, sources_refining=0, negative_cases=0)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from operator import attrgetter
from typing import Any, Final

from ..models import Configuration, Evidence, Source
from ..models.types import STANCES

__all__ = [
    "Support",
    "WaveSupport",
    "is_supported",
    "negative_cases_of",
    "sources_behind",
    "strength_rows",
    "support_by_wave",
    "support_of",
    "wave_order",
    "wave_rows",
]

#: A test of one piece of evidence: whether it counts (e.g. ``cmo.theory.appraisal.evidence_filter``).
Keep = Callable[[Evidence], bool]

#: A wave written as a number ("1", "2", "10", "2.5") sorts by its value.
_NUMBER: Final = re.compile(r"\d+(?:\.\d+)?")


class _Record:
    """Shared by the count tables: a row as a plain ``dict``."""

    __slots__ = ()

    def as_record(self) -> dict[str, Any]:
        """A plain ``dict``: one row of a table (what ``pandas.DataFrame`` accepts)."""
        return asdict(self)  # type: ignore[call-overload]



@dataclass(frozen=True, slots=True)
class Support(_Record):
    """Support counts of one configuration.

    ``evidence`` counts evidence links, and ``supports``, ``refutes`` and ``refines``
    count them by stance. Every other field counts *distinct* values among the sources of
    that evidence; a source that does not say its participant, role, site or wave does not
    count towards those:

    - ``sources``, ``participants``, ``sites``, ``waves``: distinct values overall (a
      participant interviewed at wave 1 and again at wave 2 is 1 participant, 2 sources
      and 2 waves);
    - ``roles``: distinct participant roles (patient, link worker...);
    - ``kinds``: distinct kinds of data (interview, observation, focus group, document,
      publication, other);
    - ``sources_supporting``, ``sources_refuting``, ``sources_refining``: distinct sources
      of the evidence that takes each stance (a source may take several);
    - ``negative_cases``: distinct cases whose evidence refutes the configuration, a case
      being the participant, or the source when it names no participant (see
      :func:`negative_cases_of`).
    """

    configuration: str
    evidence: int
    sources: int
    participants: int
    sites: int
    waves: int
    supports: int
    refutes: int
    refines: int
    roles: int
    kinds: int
    sources_supporting: int
    sources_refuting: int
    sources_refining: int
    negative_cases: int

    @property
    def is_supported(self) -> bool:
        """True when at least one piece of evidence supports the configuration."""
        return self.supports > 0

    @property
    def is_only_refuted(self) -> bool:
        """True when there is evidence and all of it refutes the configuration."""
        return self.evidence > 0 and self.refutes == self.evidence


@dataclass(frozen=True, slots=True)
class WaveSupport(_Record):
    """Support of one configuration from the sources of one wave (timepoint) of data.

    ``wave`` is ``None`` for evidence whose source gives no wave (a publication, say), so
    every piece of evidence is counted in exactly one row. ``participants_supporting``,
    ``participants_refuting`` and ``participants_refining`` count distinct participants by
    the stance of their evidence at this wave.
    """

    configuration: str
    wave: str | None
    evidence: int
    sources: int
    participants: int
    supports: int
    refutes: int
    refines: int
    participants_supporting: int
    participants_refuting: int
    participants_refining: int


@dataclass(frozen=True, slots=True)
class _Tally:
    """Evidence gathered once: links by stance, and the distinct sources by stance."""

    links: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STANCES, 0))
    by_stance: dict[str, dict[str, Source]] = field(
        default_factory=lambda: {stance: {} for stance in STANCES})
    #: Distinct sources whatever their stance (their order is not the stances' order).
    every: dict[str, Source] = field(default_factory=dict)

    def sources(self, stances: Iterable[str] = STANCES) -> dict[str, Source]:
        """Distinct sources (by id, first seen first) of the evidence taking these stances."""
        return {i: s for stance in stances for i, s in self.by_stance[stance].items()}

    def distinct(self, attribute: str, stances: Iterable[str] = STANCES) -> int:
        """How many distinct non-empty values of a source ``attribute`` these stances have."""
        chosen = self.every if stances is STANCES else self.sources(stances)
        return len({value for value in map(attrgetter(attribute), chosen.values()) if value})

    def cases(self, stance: str) -> dict[str, list[str]]:
        """Case (participant, else source id) -> ids of its sources taking ``stance``."""
        found: dict[str, list[str]] = {}
        for source in self.by_stance[stance].values():
            found.setdefault(source.participant or source.id, []).append(source.id)
        return found


def _tally(evidence: Iterable[Evidence]) -> _Tally:
    tally = _Tally()
    links, by_stance, every = tally.links, tally.by_stance, tally.every
    for item in evidence:
        source = item.excerpt.source
        links[item.stance] += 1
        by_stance[item.stance].setdefault(source.id, source)
        every.setdefault(source.id, source)
    return tally


def is_supported(configuration: Configuration) -> bool:
    """Whether any evidence supports ``configuration`` (as :attr:`Support.is_supported`,
    without counting the rest)."""
    return any(evidence.stance == "supports" for evidence in configuration.evidence)


def support_of(configuration: Configuration, *, keep: Keep | None = None) -> Support:
    """Count the distinct evidence behind ``configuration``.

    Args:
        configuration: any configuration; one without evidence gets zeros.
        keep: which evidence counts (all of it unless told), e.g. only evidence of moderate
            rigour or above (:func:`cmo.theory.appraisal.evidence_filter`).

    Returns:
        Its :class:`Support` counts.

    Example:
        >>> from cmo.models import Configuration, Evidence, Excerpt, Source
        >>> def said(source, n, stance):
        ...     return Evidence(excerpt=Excerpt(id=f"q{n}", source=source,
        ...                     text=f"Synthetic quote {n}"), stance=stance)
        >>> first = Source(id="p01-w1", kind="interview", participant="P01", wave="1")
        >>> again = Source(id="p01-w2", kind="interview", participant="P01", wave="2")
        >>> configuration = Configuration(id="c1", contexts=[{"label": "Trust"}],
        ...     outcomes=[{"label": "Hope"}],
        ...     evidence=[said(first, 1, "supports"), said(again, 2, "refutes")])
        >>> support = support_of(configuration)
        >>> support.participants, support.sources, support.waves, support.negative_cases
        (1, 2, 2, 1)
    """
    tally = _tally(_kept(configuration, keep))
    return Support(
        configuration=configuration.id,
        evidence=sum(tally.links.values()),
        sources=len(tally.every),
        participants=tally.distinct("participant"),
        sites=tally.distinct("site"),
        waves=tally.distinct("wave"),
        supports=tally.links["supports"],
        refutes=tally.links["refutes"],
        refines=tally.links["refines"],
        roles=tally.distinct("participant_role"),
        kinds=tally.distinct("kind"),
        sources_supporting=len(tally.sources(["supports"])),
        sources_refuting=len(tally.sources(["refutes"])),
        sources_refining=len(tally.sources(["refines"])),
        negative_cases=len(tally.cases("refutes")),
    )


def negative_cases_of(configuration: Configuration) -> dict[str, tuple[str, ...]]:
    """The negative cases of a configuration: who or what its refuting evidence comes from.

    A case is a participant (however many of their sources refute), or the source itself
    when it names no participant (a paper, a document).

    Args:
        configuration: any configuration.

    Returns:
        Each case (participant, else source id), first seen first, with the ids of its
        sources whose evidence refutes the configuration.

    Example:
        >>> from cmo.models import Configuration, Evidence, Excerpt, Source
        >>> p02 = Source(id="p02-w1", kind="interview", participant="P02")
        >>> quote = Excerpt(id="q1", source=p02, text="Synthetic quote 1")
        >>> negative_cases_of(Configuration(id="c1", contexts=[{"label": "Trust"}],
        ...     outcomes=[{"label": "Hope"}], evidence=[Evidence(excerpt=quote, stance="refutes")]))
        {'P02': ('p02-w1',)}
    """
    return {case: tuple(ids) for case, ids in _tally(configuration.evidence).cases("refutes").items()}


def sources_behind(
    configuration: Configuration, *, stances: Iterable[str] = STANCES
) -> tuple[Source, ...]:
    """The distinct sources of the evidence taking some stances towards a configuration.

    Args:
        configuration: any configuration.
        stances: which evidence to look at (all of it unless told).

    Returns:
        Distinct sources, first cited first.

    Raises:
        ValueError: a stance that is not one of supports, refutes, refines.

    Example:
        >>> from cmo.models import Configuration, Evidence, Excerpt, Source
        >>> paper = Source(id="paper", kind="publication")
        >>> quote = Excerpt(id="q1", source=paper, text="Synthetic quote 1")
        >>> configuration = Configuration(id="c1", contexts=[{"label": "Trust"}],
        ...     outcomes=[{"label": "Hope"}], evidence=[Evidence(excerpt=quote, stance="refutes")])
        >>> [s.id for s in sources_behind(configuration)], sources_behind(configuration, stances=["supports"])
        (['paper'], ())
    """
    stances = tuple(stances)
    unknown = sorted(set(stances) - set(STANCES))
    if unknown:
        raise ValueError(f"unknown stance {unknown[0]!r} (must be one of {sorted(STANCES)})")
    return tuple(_tally(configuration.evidence).sources(stances).values())


def support_by_wave(configuration: Configuration, *, keep: Keep | None = None
                    ) -> list[WaveSupport]:
    """The longitudinal view: the support of a configuration at each wave of data.

    Waves come in their natural order: numbers by value ("1" < "2" < "10"), then other
    labels ("baseline", "T2") in the order the evidence first cites them, then the
    evidence whose source gives no wave (``wave=None``).

    Args:
        configuration: any configuration; one without evidence has no rows.
        keep: which evidence counts (all of it unless told).

    Returns:
        One :class:`WaveSupport` per wave its evidence comes from.

    Example:
        >>> from cmo.models import Configuration, Evidence, Excerpt, Source
        >>> def said(source, n, stance):
        ...     return Evidence(excerpt=Excerpt(id=f"q{n}", source=source,
        ...                     text=f"Synthetic quote {n}"), stance=stance)
        >>> first = Source(id="p01-w1", kind="interview", participant="P01", wave="1")
        >>> again = Source(id="p01-w2", kind="interview", participant="P01", wave="2")
        >>> configuration = Configuration(id="c1", contexts=[{"label": "Trust"}],
        ...     outcomes=[{"label": "Hope"}],
        ...     evidence=[said(again, 1, "refutes"), said(first, 2, "supports")])
        >>> [(row.wave, row.participants_supporting, row.participants_refuting)
        ...  for row in support_by_wave(configuration)]
        [('1', 1, 0), ('2', 0, 1)]
    """
    by_wave: dict[str | None, list[Evidence]] = {}
    for item in _kept(configuration, keep):
        by_wave.setdefault(item.excerpt.source.wave, []).append(item)
    rows = []
    for wave in wave_order(by_wave):
        tally = _tally(by_wave[wave])
        rows.append(WaveSupport(
            configuration=configuration.id,
            wave=wave,
            evidence=sum(tally.links.values()),
            sources=len(tally.sources()),
            participants=tally.distinct("participant"),
            supports=tally.links["supports"],
            refutes=tally.links["refutes"],
            refines=tally.links["refines"],
            participants_supporting=tally.distinct("participant", ["supports"]),
            participants_refuting=tally.distinct("participant", ["refutes"]),
            participants_refining=tally.distinct("participant", ["refines"]),
        ))
    return rows


def wave_order(waves: Iterable[str | None]) -> list[str | None]:
    """Waves in the order of time: numbers by value, then other labels as first seen, then
    ``None`` (no wave given)."""
    seen = list(dict.fromkeys(waves))
    labels = [wave for wave in seen if wave is not None]
    numbers = sorted((w for w in labels if _NUMBER.fullmatch(w.strip())),
                     key=lambda wave: float(wave))
    others = [w for w in labels if not _NUMBER.fullmatch(w.strip())]
    return [*numbers, *others, *([None] if None in seen else [])]


def strength_rows(configurations: Iterable[Configuration], *, keep: Keep | None = None
                  ) -> list[dict[str, Any]]:
    """Support counts as rows of plain ``dict`` (e.g. for ``pandas.DataFrame``).

    Args:
        configurations: the configurations, in the order the rows should follow.
        keep: which evidence counts (all of it unless told).

    Returns:
        One row per configuration: ``configuration``, ``theme`` (or ``None``), ``shape``,
        then every count of :class:`Support`, in its order.

    Example:
        >>> from cmo.models import Configuration
        >>> row = strength_rows([Configuration(id="c1", contexts=[{"label": "Trust"}],
        ...                                    outcomes=[{"label": "Hope"}])])[0]
        >>> list(row)[:5], row["negative_cases"]
        (['configuration', 'theme', 'shape', 'evidence', 'sources'], 0)
    """
    return [{"configuration": c.id, "theme": c.theme, "shape": c.shape,
             **support_of(c, keep=keep).as_record()} for c in configurations]


def wave_rows(configurations: Iterable[Configuration], *, keep: Keep | None = None
              ) -> list[dict[str, Any]]:
    """The longitudinal view as rows of plain ``dict``: one per configuration and wave.

    Args:
        configurations: the configurations, in the order the rows should follow.
        keep: which evidence counts (all of it unless told).

    Returns:
        The records of :func:`support_by_wave` for each configuration in turn
        (``configuration``, ``wave``, then the counts).

    Example:
        >>> from cmo.models import Configuration
        >>> wave_rows([Configuration(id="c1", contexts=[{"label": "Trust"}],
        ...                          outcomes=[{"label": "Hope"}])])
        []
    """
    return [row.as_record() for c in configurations for row in support_by_wave(c, keep=keep)]


def _kept(configuration: Configuration, keep: Keep | None) -> Iterable[Evidence]:
    evidence = configuration.evidence
    return evidence if keep is None else [item for item in evidence if keep(item)]
