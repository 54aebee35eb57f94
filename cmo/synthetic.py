"""Synthetic programme theories of any size, for trying ``cmo`` at scale and for benchmarks.

Everything made here is marked synthetic: the title says so, every excerpt's text starts
with "Synthetic excerpt", and participants are numbered, never named. The same seed always
gives the same theory.

The theories look like real ones where it matters for speed and for the queries:
configurations share contexts, mechanisms and outcomes across themes, some outcomes are
other configurations' contexts (chains), sources come from several sites and waves with
participants interviewed twice, evidence supports, refines and refutes, and labels carry
non-ASCII text.

Example:
    >>> collection = synthetic_collection(20, evidence_per_configuration=3, seed=1)
    >>> len(collection.configurations), collection.title
    (20, 'Synthetic programme theory (generated, not real data): 20 configurations')
    >>> synthetic_collection(20, evidence_per_configuration=3, seed=1) == collection
    True
"""

from __future__ import annotations

import random
from typing import Final

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


def synthetic_collection(configurations: int, *, evidence_per_configuration: int = 20,
                         seed: int = 0) -> Collection:
    """A synthetic collection with ``configurations`` CMOCs and their evidence.

    Args:
        configurations: how many configurations.
        evidence_per_configuration: evidence links per configuration (excerpts are shared
            between configurations, as coded passages often are).
        seed: the same seed gives the same collection.
    """
    rng = random.Random(seed)
    states = max(4, configurations // 2)
    sources = [_source(number) for number in range(max(2, configurations // 4))]
    excerpts = [Excerpt(id=f"x{number}", source=sources[number % len(sources)],
                        text=f"Synthetic excerpt {number}: « illustrative » text, not data.",
                        start=number * 100, end=number * 100 + 60)
                for number in range(max(1, configurations * evidence_per_configuration // 4))]
    made = []
    for number in range(configurations):
        # Outcome k of one configuration is often the context of another: chains.
        context = rng.randrange(states)
        outcome = (context + 1 + rng.randrange(3)) % states
        cited = rng.sample(range(len(excerpts)), min(evidence_per_configuration, len(excerpts)))
        made.append(Configuration(
            id=f"cmoc-{number}",
            label=f"Synthetic configuration {number}",
            theme=_THEMES[number % len(_THEMES)],
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
