"""How much distinct evidence stands behind a configuration.

Realist researchers defend a configuration by how many *distinct* sources, participants,
sites and waves back it, including negative cases, not by how many segments were coded.

Example:
    >>> from cmo.models import Configuration, Evidence, Excerpt, Source
    >>> paper = Source(id="paper", kind="publication")
    >>> quote = Excerpt(id="q1", source=paper, text="Patients talked about hope.")
    >>> configuration = Configuration(id="c1", contexts=[{"label": "Trust"}],
    ...     outcomes=[{"label": "Hope"}], evidence=[Evidence(excerpt=quote, stance="supports")])
    >>> support_of(configuration)
    Support(configuration='c1', evidence=1, sources=1, participants=0, sites=0, waves=0, supports=1, refutes=0, refines=0)
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from .models import Configuration

__all__ = ["Support", "support_of"]


@dataclass(frozen=True, slots=True)
class Support:
    """Support counts of one configuration.

    ``evidence`` counts evidence links; ``sources``, ``participants``, ``sites`` and
    ``waves`` count distinct values among the sources of that evidence (a source without
    a participant, site or wave does not count towards those); ``supports``, ``refutes``
    and ``refines`` count evidence links by stance.
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

    @property
    def is_supported(self) -> bool:
        """True when at least one piece of evidence supports the configuration."""
        return self.supports > 0

    def as_record(self) -> dict[str, str | int]:
        """A plain ``dict``: one row of a table."""
        return asdict(self)


def support_of(configuration: Configuration) -> Support:
    """Count the distinct evidence behind ``configuration``."""
    sources = {e.excerpt.source.id: e.excerpt.source for e in configuration.evidence}.values()
    stances = [evidence.stance for evidence in configuration.evidence]
    return Support(
        configuration=configuration.id,
        evidence=len(configuration.evidence),
        sources=len(sources),
        participants=len({source.participant for source in sources if source.participant}),
        sites=len({source.site for source in sources if source.site}),
        waves=len({source.wave for source in sources if source.wave}),
        supports=stances.count("supports"),
        refutes=stances.count("refutes"),
        refines=stances.count("refines"),
    )
