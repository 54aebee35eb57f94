"""What the data say to each item of a report's standard (:mod:`cmo.report.standards`);
every other item is marked for the researchers' own text.

RAMESES II (evaluations): the programme theory (item 4), data analysis (13: the refinement,
the retroduction logs, the appraisal), participants (14) and main findings (15). RAMESES for
realist syntheses: selection and appraisal of documents (9), analysis and synthesis (11),
document characteristics (13) and main findings (14).

Example:
    >>> import cmo
    >>> theory = cmo.load("examples/social_prescribing/theory.yaml")
    >>> [item.number for item in rameses_items(theory, standard="rameses-synthesis")
    ...  if item.covered]
    [9, 11, 13, 14]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .._helpers.wording import counted
from ..models import Retroduction
from ..theory.diff import TheoryDiff
from ..theory.graph import ProgrammeTheory
from .appraisal import DOCUMENT_KINDS, appraisal_summary, is_appraised
from .retroduction import retroduction_summary
from .standards import STANDARDS, ReportStandard

__all__ = ["Rameses", "rameses_items"]


@dataclass(frozen=True, slots=True)
class Rameses:
    """An item of a standard: what the data say to it, or that it needs the researcher's text."""

    number: int
    name: str
    covered: bool
    says: tuple[str, ...] = ()


def rameses_items(theory: ProgrammeTheory, initial: ProgrammeTheory | None = None,
                  refinement: TheoryDiff | None = None, *,
                  standard: ReportStandard = "rameses-ii") -> tuple[Rameses, ...]:
    """Every item of ``standard``, with what the data say to it (reports put these last, so
    the sections they point to are above)."""
    said = _SAYS[standard](theory, initial, refinement)
    return tuple(Rameses(number, name, number in said, said.get(number, ()))
                 for number, name in STANDARDS[standard].items.items())


def _evaluation(theory: ProgrammeTheory, initial: ProgrammeTheory | None,
                refinement: TheoryDiff | None) -> dict[int, tuple[str, ...]]:
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
    analysis = (*_refined(theory, initial, refinement), *_retroduction(theory),
                *_appraisal(theory))
    if analysis:
        said[13] = analysis
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
    return said


def _synthesis(theory: ProgrammeTheory, initial: ProgrammeTheory | None,
               refinement: TheoryDiff | None) -> dict[int, tuple[str, ...]]:
    counts = theory.summary()
    included = [s for s in theory.collection.sources if s.kind in DOCUMENT_KINDS]
    said: dict[int, tuple[str, ...]] = {}
    if included or is_appraised(theory):
        said[9] = (f"{counted(len(included), 'document')} included.", *_appraisal(theory))
    analysis = (*_refined(theory, initial, refinement), *_retroduction(theory))
    if analysis:
        said[11] = analysis
    if included:
        kinds = ", ".join(counted(sum(s.kind == kind for s in included), kind)
                          for kind in DOCUMENT_KINDS if any(s.kind == kind for s in included))
        said[13] = (f"{counted(len(included), 'document')} ({kinds}); the table of documents "
                    "included above gives each with its appraisal and the configurations it "
                    "informs.",)
    said[14] = (f"{_extent(theory)} ({counts['partial']} partial, {counts['unsupported']} with "
                f"no supporting evidence), from {counted(counts['excerpts'], 'excerpt')} of "
                f"{counted(len(theory.collection.sources), 'source')}; the evidence behind each "
                "configuration is listed above.",)
    return said


_SAYS: dict[str, Callable[[ProgrammeTheory, ProgrammeTheory | None, TheoryDiff | None],
                          dict[int, tuple[str, ...]]]] = {
    "rameses-ii": _evaluation, "rameses-synthesis": _synthesis}


def _refined(theory: ProgrammeTheory, initial: ProgrammeTheory | None,
             refinement: TheoryDiff | None) -> tuple[str, ...]:
    if refinement is None:
        return ()
    old, new = _versions(initial, theory)
    parts = ", ".join(f"{n} {kind}" for kind, n in refinement.counts().items() if n)
    return (f"From the initial theory{old} to the refined theory{new}: "
            f"{parts or 'no change'}. The refinement log above gives each change and "
            "its rationale.",)


def _retroduction(theory: ProgrammeTheory) -> tuple[str, ...]:
    logs = [c.retroduction for c in theory.configurations if c.retroduction is not None]
    if not logs:
        return ()
    steps = [step for log in logs for step in log.steps]
    alternatives = [alternative for log in logs for alternative in log.alternatives]
    whole = retroduction_summary(Retroduction(steps=steps, alternatives=alternatives))
    have = "has" if len(logs) == 1 else "have"
    return (f"{counted(len(logs), 'configuration')} {have} a retroduction log: {whole}; the "
            "retroduction logs above give each step and why each alternative was set aside.",)


def _appraisal(theory: ProgrammeTheory) -> tuple[str, ...]:
    return (f"Appraisal: {appraisal_summary(theory)}",) if is_appraised(theory) else ()


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
