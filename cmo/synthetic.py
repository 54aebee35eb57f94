"""Synthetic programme theories of any size, for trying ``cmo`` at scale and for benchmarks.

Everything made here is marked synthetic: the title says so, every excerpt's text starts
with "Synthetic excerpt", and participants are numbered, never named. The same seed always
gives the same theory.

The theories look like real ones where it matters for speed and for the queries:
configurations share contexts, mechanisms and outcomes across themes, some outcomes are
other configurations' contexts (chains), sources come from several sites and waves with
participants interviewed twice, evidence supports, refines and refutes, and labels carry
non-ASCII text. Chains stay short, as in real theories: the states (contexts and outcomes)
fall into pathways of about eight, and a chain never leaves its pathway, so following the
chains from a context reaches a handful of outcomes, not the whole theory.

Example:
    >>> collection = synthetic_collection(20, evidence_per_configuration=3, seed=1)
    >>> len(collection.configurations), collection.title
    (20, 'Synthetic programme theory (generated, not real data): 20 configurations')
    >>> synthetic_collection(20, evidence_per_configuration=3, seed=1) == collection
    True
    >>> synthetic_collection(3, themes=4)
    Traceback (most recent call last):
    ...
    cmo.exceptions.InputError: themes: 4 is more than the 3 configurations (give at most 3 themes)
"""

from __future__ import annotations

import random
from typing import Final

from ._helpers.collector import paused_collector
from .exceptions import InputError, Problem
from .models import (
    Collection,
    Configuration,
    Context,
    Evidence,
    Excerpt,
    Mechanism,
    Outcome,
    Source,
)

__all__ = ["synthetic_collection", "synthetic_revision"]

_THEMES: Final = ("Buy-in", "Trust and hope", "Connecting to support", "Workload", "Équité")
_STANCES: Final = ("supports",) * 6 + ("refines", "refutes")
_SITES: Final = tuple(f"Site {letter}" for letter in "ABCDEFG")
#: States per pathway: chains run between the states of one pathway only.
PATHWAY: Final = 8


@paused_collector()
def synthetic_collection(configurations: int, *, evidence_per_configuration: int = 20,
                         themes: int | None = None, seed: int = 0) -> Collection:
    """A synthetic collection with ``configurations`` CMOCs and their evidence.

    Args:
        configurations: how many configurations (at least 1).
        evidence_per_configuration: evidence links per configuration, 0 or more (excerpts
            are shared between configurations, as coded passages often are).
        themes: how many themes the configurations fall into, 1 to ``configurations``;
            by default 5 (or one per configuration when there are fewer).
        seed: the same seed gives the same collection.

    Raises:
        InputError: a size that cannot make a theory (none, negative, or more themes than
            configurations); the message names the parameter and what to give instead.
    """
    if themes is None:
        themes = max(1, min(len(_THEMES), configurations)) if isinstance(configurations, int) else 1
    _check_sizes(configurations, evidence_per_configuration, themes)
    rng = random.Random(seed)
    states = max(4, configurations // 2)
    theme_names = _theme_names(themes)
    sources = [_source(number) for number in range(max(2, configurations // 4))]
    excerpt_count = max(1, evidence_per_configuration,
                        configurations * evidence_per_configuration // 4)
    excerpts = [Excerpt(id=f"x{number}", source=sources[number % len(sources)],
                        text=f"Synthetic excerpt {number}: « illustrative » text, not data.",
                        start=number * 100, end=number * 100 + 60)
                for number in range(excerpt_count)]
    made = []
    for number in range(configurations):
        # The outcome of one configuration is often the context of another: chains.
        context = rng.randrange(states)
        outcome = _next_state(context, 1 + rng.randrange(3), states)
        cited = rng.sample(range(len(excerpts)), evidence_per_configuration)
        made.append(Configuration(
            id=f"cmoc-{number}",
            label=f"Synthetic configuration {number}",
            theme=theme_names[number % themes],
            contexts=[_state(Context, context)],
            mechanism=_mechanism(rng.randrange(max(2, configurations // 3))),
            outcomes=[_state(Outcome, outcome)],
            evidence=[Evidence(excerpt=excerpts[i], stance=rng.choice(_STANCES)) for i in cited],
        ))
    return Collection(
        id=f"synthetic-{configurations}-{seed}",
        title=f"Synthetic programme theory (generated, not real data): {configurations} "
              "configurations",
        version="synthetic-1",
        sources=sources,
        excerpts=excerpts,
        configurations=made,
    )


@paused_collector()
def synthetic_revision(collection: Collection, *, seed: int = 0) -> Collection:
    """A later version of a synthetic collection: some configurations refined, some
    supported, some removed, some new, with statuses, rationales and derivation links."""
    rng = random.Random(seed)
    revised = []
    for configuration in collection.configurations:
        draw = rng.random()
        if draw < 0.05:
            continue  # removed
        if draw < 0.20:
            mechanism = configuration.mechanism
            revised.append(configuration.model_copy(update={
                "status": "refined", "rationale": "Synthetic refinement.",
                "mechanism": Mechanism(resource=f"{mechanism.reasoning} (resource)",
                                       reasoning=mechanism.reasoning) if mechanism else None}))
        else:
            revised.append(configuration.model_copy(update={
                "status": "supported", "rationale": "Synthetic support."}))
    for number in range(len(collection.configurations) // 20):
        base = collection.configurations[number]
        revised.append(base.model_copy(update={
            "id": f"{base.id}-new", "status": "new", "derived_from": (), "evidence": (),
            "rationale": "Synthetic new configuration."}))
    return Collection(id=collection.id, title=collection.title, version="synthetic-2",
                      revises=collection.version, sources=collection.sources,
                      excerpts=collection.excerpts, configurations=revised)


def _check_sizes(configurations: int, evidence_per_configuration: int, themes: int) -> None:
    problems = [
        *_whole_number("configurations", configurations, lowest=1,
                       fix="give 1 or more configurations"),
        *_whole_number("evidence_per_configuration", evidence_per_configuration, lowest=0,
                       fix="give 0 or more evidence links per configuration"),
        *_whole_number("themes", themes, lowest=1, fix="give 1 or more themes"),
    ]
    if not problems and themes > configurations:
        problems.append(Problem("themes", f"{themes} is more than the {configurations} "
                                "configurations", f"give at most {configurations} themes"))
    if problems:
        raise InputError(problems)


def _whole_number(name: str, value: object, *, lowest: int, fix: str) -> list[Problem]:
    if isinstance(value, bool) or not isinstance(value, int):
        return [Problem(name, f"{value!r} is not a whole number", fix)]
    if value < lowest:
        return [Problem(name, f"{value} is {'negative' if value < 0 else 'too few'}", fix)]
    return []


def _theme_names(themes: int) -> tuple[str, ...]:
    """The first five are the worked example's own themes; more are numbered."""
    extra = (f"Thème synthétique {number}" for number in range(len(_THEMES) + 1, themes + 1))
    return (*_THEMES, *extra)[:themes]


def _next_state(state: int, step: int, states: int) -> int:
    """The state ``step`` places after ``state`` within its pathway (the last pathway takes
    the states left over, so every pathway has at least four)."""
    pathways = max(1, states // PATHWAY)
    pathway = min(state // PATHWAY, pathways - 1)
    start = pathway * PATHWAY
    size = states - start if pathway == pathways - 1 else PATHWAY
    return start + (state - start + step) % size


def _source(number: int) -> Source:
    participant = number // 2  # each participant is interviewed twice: waves 1 and 2
    return Source(id=f"s{number}", kind="interview" if number % 5 else "observation",
                  participant=f"P{participant:05d}", participant_role=("patient", "link worker")[
                      participant % 2], site=_SITES[participant % len(_SITES)],
                  wave=str(1 + number % 2))


def _state(model: type[Context] | type[Outcome], number: int) -> Context | Outcome:
    # Contexts and outcomes share ids and labels: the outcome of one is another's context.
    return model(id=f"state-{number}", label=f"Synthetic state {number} — état {number}")


def _mechanism(number: int) -> Mechanism:
    return Mechanism(id=f"mechanism-{number}", resource=f"Synthetic resource {number}",
                     reasoning=f"Synthetic reasoning {number}")
