"""The part of a large programme theory around one configuration, or through one element.

Real programme theories reach 50-150 configurations, too many to read at once. These
questions choose a part, as configuration ids (to draw it, pass them to
``to_dot(theory, configurations=...)`` or ``cmo render --around/--through``):

- :func:`around`: one configuration and its neighbours (configurations sharing an element
  with it, which includes the chains it is part of);
- :func:`through`: a context or outcome and everything leading to it or from it.

Both take a :class:`~cmo.theory.graph.ProgrammeTheory` (or any value of its shape,
:class:`~cmo.theory.shape.TheoryGraph`).

Example:
    >>> from cmo.models import Collection, Configuration
    >>> from cmo.theory.graph import ProgrammeTheory
    >>> theory = ProgrammeTheory(Collection(configurations=[
    ...     Configuration(id="listened", contexts=[{"label": "Link worker listens"}],
    ...                   outcomes=[{"label": "Trust"}]),
    ...     Configuration(id="hope", contexts=[{"label": "Trust"}], outcomes=[{"label": "Hope"}]),
    ...     Configuration(id="time", contexts=[{"label": "Time"}], outcomes=[{"label": "Rest"}]),
    ... ]))
    >>> around(theory, "hope")
    ('hope', 'listened')
    >>> through(theory, "Hope")
    ('hope', 'listened')
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import networkx as nx

from .._helpers.labels import did_you_mean
from ..exceptions import InputError, Problem
from .shape import TheoryGraph

if TYPE_CHECKING:
    from ..models import AnyElement

__all__ = ["around", "through"]


def around(theory: TheoryGraph, configuration_id: str) -> tuple[str, ...]:
    """A configuration and every configuration sharing an element with it, by id.

    Args:
        theory: the programme theory.
        configuration_id: the configuration in the middle.

    Returns:
        The ids, sorted.

    Raises:
        InputError: no configuration by that id (the message names those there are).

    Example:
        >>> import cmo
        >>> theory = cmo.load("examples/social_prescribing/theory.yaml")
        >>> around(theory, "hope-through-trust")
        ('anchor-point', 'hope-through-trust', 'trust-through-skills')
    """
    try:
        configuration = theory.configuration(configuration_id)
    except KeyError as error:
        known = (c.id for c in theory.configurations)
        raise InputError([Problem(f"configuration {configuration_id!r}", str(error.args[0]),
                                  did_you_mean(configuration_id, known)
                                  or "give the id of a configuration of this theory")]) from None
    nodes = {theory.node(element) for element in configuration.elements}
    near = {key for u, v, key in theory.graph.edges(keys=True) if u in nodes or v in nodes}
    return tuple(sorted(near | {configuration.id}))


def through(theory: TheoryGraph, element: str | AnyElement) -> tuple[str, ...]:
    """Every configuration on a path into or out of an element (following chains), by id.

    Args:
        theory: the programme theory.
        element: the element, its id or its label.

    Returns:
        The ids, sorted.

    Raises:
        InputError: no element by that id or label, or no configuration uses it.

    Example:
        >>> import cmo
        >>> theory = cmo.load("examples/social_prescribing/theory.yaml")
        >>> through(theory, "Patient trusts the link worker")
        ('anchor-point', 'hope-through-trust', 'referral-buy-in', 'trust-through-skills')
    """
    try:
        node = theory.node(element)
    except KeyError as error:
        names = {name for c in theory.configurations for e in c.elements
                 for name in (e.id, e.label)}
        raise InputError([Problem(f"element {str(element)!r}", str(error.args[0]),
                                  did_you_mean(str(element), names)
                                  or "give the id or label of a context or outcome")]) from None
    graph = theory.graph
    reach = nx.ancestors(graph, node) | nx.descendants(graph, node) | {node}
    found = {key for u, v, key in graph.edges(keys=True) if u in reach and v in reach}
    if not found:
        raise InputError([Problem(f"element {str(element)!r}", "no configuration uses it")])
    return tuple(sorted(found))
