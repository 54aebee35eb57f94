"""What a report says, whatever it is written as: the configurations with their support
and the rigour of their evidence, the retroduction logs, the documents a review included,
and the items of its standard (RAMESES II, or RAMESES for realist syntheses) the data can
speak to, with the list of those that need the researcher's own text.

Example:
    >>> import cmo
    >>> theory = cmo.load("examples/social_prescribing/theory.yaml")
    >>> content = report_content(theory)
    >>> [row.id for row in content.rows][:2], content.rows[0].supports
    (['referral-buy-in', 'trust-through-skills'], 1)
    >>> [item.number for item in content.items if item.covered]
    [4, 13, 14, 15]
    >>> content.appraised, content.rows[0].rigour, len(content.retroduced)
    (True, {'high': 2, 'moderate': 0, 'low': 0, 'not_judged': 0}, 3)
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

from ..exceptions import CmoWarning, InputError, Problem
from ..models import Collection, Configuration, Excerpt
from ..theory.diff import TheoryDiff, diff
from ..theory.graph import ProgrammeTheory
from .appraisal import Document, documents, is_appraised, rigour_profile
from .items import Rameses, rameses_items
from .standards import RAMESES_II, STANDARDS, ReportStandard, Standard

__all__ = ["ReportContent", "Row", "report_content"]


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
    #: Pieces of its evidence at each level of rigour, highest first, then ``not_judged``
    #: (empty when nothing in the theory is judged).
    rigour: dict[str, int] = field(default_factory=dict)


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
    standard: Standard = RAMESES_II
    #: Whether quotes are shown (False when they are withheld: retroduction logs cite ids).
    quotes: bool = True
    #: Whether any source or excerpt is judged (else reports leave appraisal out).
    appraised: bool = False
    #: The documents a review included (the standard for realist syntheses lists them).
    documents: tuple[Document, ...] = ()
    #: What the rows of the heatmap of evidence are (a field of the sources), or None for none.
    matrix_by: str | None = None

    @property
    def excerpts(self) -> dict[str, Excerpt]:
        """The theory's excerpts by id, for naming what retroduction logs cite."""
        return {excerpt.id: excerpt for excerpt in self.theory.collection.excerpts}

    def numbered(self) -> ProgrammeTheory | Collection:
        """The theory with each configuration's display number written in, so a matrix of its
        evidence numbers its columns as the table does (kept from the initial version)."""
        from ..theory.numbering import numbered

        return numbered(self.theory, earlier=self.initial) if self.initial is not None \
            else self.theory

    @property
    def retroduced(self) -> tuple[Row, ...]:
        """The rows of the configurations that have a retroduction log."""
        return tuple(row for row in self.rows if row.configuration.retroduction is not None)


def report_content(theory: ProgrammeTheory, initial: ProgrammeTheory | None = None, *,
                   standard: ReportStandard = "rameses-ii", quotes: bool = True,
                   matrix_by: str | None = None) -> ReportContent:
    """What a report of ``theory`` says (and of how it was refined from ``initial``).

    Args:
        theory: the theory reported on.
        initial: the earlier version, for the refinement log.
        standard: ``"rameses-ii"`` (realist evaluations) or ``"rameses-synthesis"``
            (realist reviews: the documents included are listed too).
        quotes: whether the report shows quotes (False: retroduction logs cite excerpt ids
            and sources only).
        matrix_by: the field of the sources the heatmap of evidence has as rows (see
            :data:`cmo.theory.matrix.MATRIX_BY`), or None for no heatmap.

    Raises:
        InputError: the theory holds no configurations (a report would say nothing).
        ValueError: ``matrix_by`` is not a field a matrix can be drawn by.

    Warns:
        CmoWarning: no source gives the ``matrix_by`` field (the report says so where the
            matrix would be).
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
    if matrix_by is not None:
        _check_matrix(theory, matrix_by)
    appraised = is_appraised(theory)
    rows = []
    for configuration, support in zip(theory.configurations, theory.support_table(),
                                      strict=True):
        rows.append(Row(configuration.id, configuration.theme, configuration.sentence,
                        configuration.status, support.supports, support.refutes,
                        support.refines, support.sources, configuration,
                        numbers[configuration.id],
                        rigour_profile(theory, configuration) if appraised else {}))
    refinement = diff(initial, theory) if initial is not None else None
    chosen = STANDARDS[standard]
    return ReportContent(
        theory=theory, title=theory.title or "Programme theory", facts=facts, rows=tuple(rows),
        refinement=refinement, initial=initial,
        items=rameses_items(theory, initial, refinement, standard=standard), standard=chosen,
        quotes=quotes, appraised=appraised, matrix_by=matrix_by,
        documents=documents(theory, numbers) if chosen.name == "rameses-synthesis" else ())


def _check_matrix(theory: ProgrammeTheory, by: str) -> None:
    """Refuse a field no matrix is drawn by; warn when no source gives it (the report still
    stands, and says so where the matrix would be)."""
    from ..theory.matrix import evidence_matrix

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CmoWarning)  # '(not given)' rows: the report says so
        try:
            evidence_matrix(theory, by)
        except InputError as error:
            problems = error.problems
        else:
            return
    for problem in problems:
        warnings.warn(f"the report's matrix by {by} is left out: {problem}", CmoWarning,
                      stacklevel=4)
