"""The reporting standards a report follows: RAMESES II for realist evaluations (the
default), and the RAMESES publication standards for realist syntheses (reviews).

A report lists every item of its standard, filling those the data speak to
(:mod:`cmo.report.items`) and marking the rest for the researchers' own text.

Example:
    >>> STANDARDS["rameses-synthesis"].items[9]
    'Selection and appraisal of documents'
    >>> len(STANDARDS["rameses-ii"].items), len(STANDARDS["rameses-synthesis"].items)
    (20, 19)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal, get_args

__all__ = [
    "RAMESES_II",
    "RAMESES_SYNTHESIS",
    "REPORT_STANDARDS",
    "STANDARDS",
    "ReportStandard",
    "Standard",
]

#: The names a report's standard is chosen by (``cmo report --standard``).
ReportStandard = Literal["rameses-ii", "rameses-synthesis"]
REPORT_STANDARDS: Final[tuple[str, ...]] = get_args(ReportStandard)


@dataclass(frozen=True, slots=True)
class Standard:
    """A reporting standard: its name as a heading, what it is for, and its items by number."""

    name: str
    heading: str
    about: str
    items: dict[int, str]


#: The RAMESES II reporting standards for realist evaluations (Wong et al. 2016), by item.
RAMESES_II: Final = Standard(
    "rameses-ii", "RAMESES II",
    "the RAMESES II reporting standards for realist evaluations (Wong et al. 2016)", {
        1: "Title", 2: "Summary or abstract", 3: "Rationale for evaluation",
        4: "Programme theory", 5: "Evaluation questions, objectives and focus",
        6: "Ethical approval", 7: "Rationale for using realist evaluation",
        8: "Environment surrounding the evaluation",
        9: "Describe the programme policy, initiative or product evaluated",
        10: "Describe and justify the evaluation design", 11: "Data collection methods",
        12: "Recruitment process and sampling strategy", 13: "Data analysis",
        14: "Details of participants", 15: "Main findings", 16: "Summary of findings",
        17: "Strengths, limitations and future research directions",
        18: "Comparison with existing literature", 19: "Conclusion and recommendations",
        20: "Funding and conflict of interest"})

#: The RAMESES publication standards for realist syntheses (Wong et al. 2013, BMC Medicine
#: 11:21), by item.
RAMESES_SYNTHESIS: Final = Standard(
    "rameses-synthesis", "RAMESES for realist syntheses",
    "the RAMESES publication standards for realist syntheses (Wong et al. 2013)", {
        1: "Title", 2: "Abstract", 3: "Rationale for review", 4: "Objectives and focus of review",
        5: "Changes in the review process", 6: "Rationale for using realist synthesis",
        7: "Scoping the literature", 8: "Searching processes",
        9: "Selection and appraisal of documents", 10: "Data extraction",
        11: "Analysis and synthesis processes", 12: "Document flow diagram",
        13: "Document characteristics", 14: "Main findings", 15: "Summary of findings",
        16: "Strengths, limitations and future research directions",
        17: "Comparison with existing literature", 18: "Conclusion and recommendations",
        19: "Funding"})

#: The standards by the name a report is asked for.
STANDARDS: Final[dict[str, Standard]] = {standard.name: standard
                                         for standard in (RAMESES_II, RAMESES_SYNTHESIS)}
