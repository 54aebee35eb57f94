"""What a report says, whatever it is written as: the parts of a RAMESES II report that
the data can speak to, and the list of those that need the researcher's own text.

Example:
    >>> import cmo
    >>> theory = cmo.load("examples/social_prescribing/theory.yaml")
    >>> content = report_content(theory)
    >>> [row.id for row in content.rows][:2], content.rows[0].supports
    (['referral-buy-in', 'trust-through-skills'], 1)
    >>> [item.number for item in content.items if item.covered]
    [4, 14, 15]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from .._helpers.wording import counted
from ..exceptions import InputError, Problem
from ..models import Configuration
from ..theory.diff import TheoryDiff, diff
from ..theory.graph import ProgrammeTheory

__all__ = ["RAMESES_II", "Rameses", "ReportContent", "Row", "report_content"]

#: The RAMESES II reporting standards for realist evaluations (Wong et al. 2016), by item.
RAMESES_II: Final = {
    1: "Title", 2: "Summary or abstract", 3: "Rationale for evaluation", 4: "Programme theory",
    5: "Evaluation questions, objectives and focus", 6: "Ethical approval",
    7: "Rationale for using realist evaluation", 8: "Environment surrounding the evaluation",
    9: "Describe the programme policy, initiative or product evaluated",
    10: "Describe and justify the evaluation design", 11: "Data collection methods",
    12: "Recruitment process and sampling strategy", 13: "Data analysis",
    14: "Details of participants", 15: "Main findings", 16: "Summary of findings",
    17: "Strengths, limitations and future research directions",
    18: "Comparison with existing literature", 19: "Conclusion and recommendations",
    20: "Funding and conflict of interest"}


@dataclass(frozen=True, slots=True)
class Row:
    """One configuration in the report's table."""

    id: str
    theme: str | None
    sentence: str
    status: str
    supports: int
    refutes: int
    refines: int
    sources: int
    configuration: Configuration
    #: Its display number, "CMOC 7" (kept from the initial version, :mod:`cmo.theory.numbering`).
    number: int


@dataclass(frozen=True, slots=True)
class Rameses:
    """A RAMESES II item: what the data say to it, or that it needs the researcher's text."""

    number: int
    name: str
    covered: bool
    says: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReportContent:
    """Everything a report shows, in the order it shows it."""

    theory: ProgrammeTheory
    title: str
    facts: tuple[tuple[str, str], ...]
    rows: tuple[Row, ...]
    refinement: TheoryDiff | None
    initial: ProgrammeTheory | None
    items: tuple[Rameses, ...] = field(default=())


def report_content(theory: ProgrammeTheory, initial: ProgrammeTheory | None = None
                   ) -> ReportContent:
    """What a report of ``theory`` says (and of how it was refined from ``initial``).

    Raises:
        InputError: the theory holds no configurations (a report would say nothing).
    """
    if not theory.configurations:
        raise InputError([Problem("", "the theory has no configurations, so a report would be "
                                  "empty", "report on a theory with at least one configuration")])
    collection = theory.collection
    facts = tuple((name, str(value)) for name, value in (
        ("Version", collection.version), ("Revises", collection.revises),
        ("Date", collection.date), ("Description", collection.description)) if value)
    from ..theory.numbering import configuration_numbers

    numbers = configuration_numbers(theory, earlier=initial)
    rows = []
    for configuration, support in zip(theory.configurations, theory.support_table(),
                                      strict=True):
        rows.append(Row(configuration.id, configuration.theme, configuration.sentence,
                        configuration.status, support.supports, support.refutes,
                        support.refines, support.sources, configuration,
                        numbers[configuration.id]))
    refinement = diff(initial, theory) if initial is not None else None
    return ReportContent(theory=theory, title=theory.title or "Programme theory", facts=facts,
                         rows=tuple(rows), refinement=refinement, initial=initial,
                         items=_rameses(theory, initial, refinement))


def _rameses(theory: ProgrammeTheory, initial: ProgrammeTheory | None,
             refinement: TheoryDiff | None) -> tuple[Rameses, ...]:
    """What the data say to each item; every report puts these last, so the rest is above."""
    counts = theory.summary()
    said: dict[int, tuple[str, ...]] = {}
    old, new = _versions(initial, theory)
    if initial is None:
        said[4] = (f"The programme theory{new} has {_extent(theory)}; the diagram "
                   "and the table above show them.",)
    else:
        said[4] = (f"The initial programme theory{old} had {_extent(initial)}. "
                   f"The refined theory{new} has {_extent(theory)}; the diagram "
                   "and the table above show it.",)
    if refinement is not None:
        parts = ", ".join(f"{n} {kind}" for kind, n in refinement.counts().items() if n)
        said[13] = (f"From the initial theory{old} to the refined theory{new}: "
                    f"{parts or 'no change'}. The refinement log above gives each change and "
                    "its rationale.",)
    sources = theory.collection.sources
    distinct = {name: len({getattr(s, name) for s in sources} - {None})
                for name in ("participant", "participant_role", "site", "wave", "kind")}
    said[14] = (f"{counted(len(sources), 'source')} "
                f"({counted(distinct['kind'], 'kind', of='data')}), "
                f"{counted(distinct['participant'], 'distinct participant')}, "
                f"{counted(distinct['participant_role'], 'role')}, "
                f"{counted(distinct['site'], 'site')}, {counted(distinct['wave'], 'wave')}.",)
    said[15] = (f"{counted(counts['configurations'], 'configuration')} "
                f"({counts['partial']} partial, {counts['unsupported']} with no supporting "
                f"evidence), {counted(counts['excerpts'], 'excerpt')}; the evidence behind each "
                "configuration is listed above.",)
    return tuple(Rameses(number, name, number in said, said.get(number, ()))
                 for number, name in RAMESES_II.items())


def _versions(initial: ProgrammeTheory | None, theory: ProgrammeTheory) -> tuple[str, str]:
    """How the text names the two versions: `` (IPT)``, `` (v2)``; `` (v2, before)``, `` (v2,
    after)`` for two of the same label (an edited copy); nothing for a version with none."""
    old = initial.collection.version if initial is not None else None
    new = theory.collection.version
    if old and old == new:
        return f" ({old}, before)", f" ({new}, after)"
    return (f" ({old})" if old else "", f" ({new})" if new else "")


def _extent(theory: ProgrammeTheory) -> str:
    """How many configurations in how many themes: ``"6 configurations in 3 themes"``."""
    configurations = theory.configurations
    themes = {c.theme for c in configurations} - {None}
    extent = counted(len(configurations), "configuration")
    return f"{extent} in {counted(len(themes), 'theme')}" if themes else extent
