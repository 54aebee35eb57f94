"""Choosing the part of a theory a picture draws, and how the picture names configurations.

Every picture (the Graphviz diagram, the Mermaid flowchart, the outline) may draw a part
of the theory: some themes and/or configurations, all of it by default. The part is chosen
once, where the picture is asked for, and passed down; it keeps the whole's configuration
numbers, so ``CMOC 7`` is the same configuration in every part.

Example:
    >>> import cmo
    >>> theory = cmo.load("examples/social_prescribing/theory.yaml")
    >>> part, names = drawn_part(theory, themes="Trust and hope")
    >>> len(part.configurations) < len(theory.configurations), names["hope-through-trust"]
    (True, 'CMOC 4')
"""

from __future__ import annotations

from collections.abc import Iterable

from ..models import Collection
from ..theory.graph import ProgrammeTheory
from ..theory.numbering import configuration_names

__all__ = ["drawn_part", "select"]


def select(
    theory: ProgrammeTheory, *, themes: Iterable[str] | str = (),
    configurations: Iterable[str] | str = (),
) -> ProgrammeTheory:
    """The part of ``theory`` in some themes and/or configurations (all of it by default).

    Args:
        theory: the programme theory.
        themes: theme names to keep; a single name may be given as a string.
        configurations: configuration ids to keep; a single id may be given as a string.

    Returns:
        The filtered theory (``theory`` itself when nothing is asked).

    Raises:
        InputError: a theme or configuration the theory does not have; the message lists
            the valid ones.
    """
    wanted_themes, wanted_configurations = _names(themes), _names(configurations)
    if not wanted_themes and not wanted_configurations:
        return theory
    return theory.filtered(themes=wanted_themes, configurations=wanted_configurations)


def _names(names: Iterable[str] | str) -> tuple[str, ...]:
    return (names,) if isinstance(names, str) else tuple(dict.fromkeys(names))


def drawn_part(
    theory: ProgrammeTheory | Collection, *, themes: Iterable[str] | str = (),
    configurations: Iterable[str] | str = (), labels: str = "number",
    earlier: ProgrammeTheory | Collection | None = None,
) -> tuple[ProgrammeTheory, dict[str, str]]:
    """The part of ``theory`` a picture draws (filtered once), and each configuration's name.

    Args:
        theory: the whole theory (a collection is made into one).
        themes, configurations: what to draw (see :func:`select`).
        labels: how configurations are named (see
            :func:`cmo.theory.numbering.configuration_names`).
        earlier: the version ``theory`` revises, whose numbers carry over.

    Returns:
        The part, and the names of the whole's configurations by id.

    Raises:
        ValueError: unknown ``labels``.
        InputError: a theme or configuration the theory does not have.
    """
    whole = ProgrammeTheory(theory) if isinstance(theory, Collection) else theory
    names = configuration_names(whole, labels, earlier=earlier)  # a part keeps the whole's
    return select(whole, themes=themes, configurations=configurations), names
