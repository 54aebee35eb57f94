"""What a question needs of a programme theory: its read-only shape, and the chain link.

:class:`TheoryGraph` is the part of :class:`~cmo.theory.graph.ProgrammeTheory` that the
questions put to a theory (:mod:`~cmo.theory.queries`, :mod:`~cmo.theory.neighbourhood`)
read: the graph, the configurations, the node of an element and the chains. The questions
take any value of this shape, so they need not import the theory that offers them as
methods (the theory imports them; nothing imports back).

Example:
    >>> from cmo.models import Collection, Configuration
    >>> from cmo.theory.graph import ProgrammeTheory
    >>> theory = ProgrammeTheory(Collection(configurations=[Configuration(
    ...     id="hope", contexts=[{"label": "Trust"}], outcomes=[{"label": "Hope"}])]))
    >>> isinstance(theory, TheoryGraph)
    True
    >>> Chain(upstream="trust", via="o-trust", downstream="hope").via
    'o-trust'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    import networkx as nx

    from ..models import AnyElement, Configuration

__all__ = ["Chain", "TheoryGraph"]


@dataclass(frozen=True, slots=True)
class Chain:
    """``upstream`` produces the state (graph node ``via``) that is ``downstream``'s context."""

    upstream: str
    via: str
    downstream: str


@runtime_checkable
class TheoryGraph(Protocol):
    """A programme theory as the questions read it (:class:`~cmo.theory.graph.ProgrammeTheory`)."""

    @property
    def graph(self) -> nx.MultiDiGraph:
        """Elements as nodes, one edge per configuration (keyed by its id); read-only."""

    @property
    def configurations(self) -> tuple[Configuration, ...]:
        """The configurations, in order."""

    def configuration(self, configuration_id: str) -> Configuration:
        """The configuration with this id (``KeyError`` if none)."""

    def node(self, element: str | AnyElement) -> str:
        """The graph node of an element, given as the element, its id or its label."""

    def chains(self) -> tuple[Chain, ...]:
        """Every link where one configuration's outcome is another's context."""
