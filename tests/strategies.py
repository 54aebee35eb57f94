"""Hypothesis strategies for cmo values: every property-based test draws from here.

Generated theories are synthetic and say so in their titles.
"""

from __future__ import annotations

import string

from hypothesis import strategies as st

from cmo.models import (
    Actor,
    AlternativeMechanism,
    Appraisal,
    AppraisalScales,
    Code,
    Codebook,
    CodeSet,
    Coding,
    Collection,
    Configuration,
    Context,
    Evidence,
    Excerpt,
    InferenceStep,
    Intervention,
    Judgement,
    Mechanism,
    MiddleRangeTheory,
    Outcome,
    Retroduction,
    Source,
)
from cmo.models.appraisal import APPRAISAL_DIMENSIONS
from cmo.models.retroduction import INFERENCE_MOVES
from cmo.models.types import SOURCE_KINDS, STANCES, STATUSES

# Any Unicode a researcher could type: no control characters (but tab and newline in
# free text), no surrogates. Includes quotes, <>&, backslashes, emoji, RTL scripts.
_character = st.characters(blacklist_categories=("Cc", "Cs"))
_awkward = st.sampled_from(
    ['"', "'", "<", ">", "&", "\\", "{", "}", "|", "é", "—", "🙂", "ש", "中"])


def _text(min_size: int = 1, max_size: int = 40, newlines: bool = False) -> st.SearchStrategy[str]:
    pieces = st.one_of(_character, _awkward, st.just("\n") if newlines else _awkward)
    return st.text(pieces, min_size=min_size, max_size=max_size).filter(lambda t: t.strip())


labels = _text().map(str.strip).filter(bool)
free_text = _text(max_size=120, newlines=True)
identifiers = st.text(string.ascii_letters + string.digits + "_.-", min_size=1, max_size=12).filter(
    lambda s: s[0] not in ".-")


#: A project's own scales, or the default (high / moderate / low).
appraisal_scales = st.just(AppraisalScales()) | st.just(AppraisalScales(
    rigour=("strong", "adequate", "weak", "unclear"), richness=("thick", "thin")))
team = st.sampled_from(["AT (synthetic appraiser)", "Ben", "Zoë O'Neil"])


@st.composite
def appraisals(draw: st.DrawFn, scales: AppraisalScales) -> Appraisal | None:
    """None, or judgements on some dimensions of ``scales``."""
    if draw(st.booleans()):
        return None
    judged = {}
    for dimension in APPRAISAL_DIMENSIONS:
        if draw(st.booleans()):
            judged[dimension] = Judgement(
                level=draw(st.sampled_from(scales.levels(dimension))),
                justification=draw(st.none() | free_text), judged_by=draw(st.none() | team))
    return Appraisal(**judged) if judged else None


@st.composite
def retroductions(draw: st.DrawFn, excerpt_ids: list[str]) -> Retroduction | None:
    """None, or a synthetic retroduction log citing some of ``excerpt_ids``."""
    if draw(st.booleans()):
        return None
    cited = st.lists(st.sampled_from(excerpt_ids), max_size=2, unique=True).map(tuple) \
        if excerpt_ids else st.just(())
    theories = st.lists(labels, max_size=2, unique=True).map(tuple)
    steps = [InferenceStep(move=draw(st.sampled_from(INFERENCE_MOVES)), inference=draw(free_text),
                           excerpts=draw(cited), theories=draw(theories),
                           judged_by=draw(st.none() | team), date=draw(st.none() | st.dates()))
             for _ in range(draw(st.integers(0, 3)))]
    alternatives = [AlternativeMechanism(mechanism=mechanism, set_aside_because=draw(free_text),
                                         excerpts=draw(cited), theories=draw(theories))
                    for mechanism in draw(st.lists(free_text, max_size=2, unique=True))]
    if not steps and not alternatives:
        return None  # an empty log is no log (as an appraisal judges something)
    return Retroduction(steps=tuple(steps), alternatives=tuple(alternatives))


@st.composite
def sources(draw: st.DrawFn, source_id: str | None = None,
            scales: AppraisalScales | None = None) -> Source:
    return Source(
        id=source_id or draw(identifiers),
        kind=draw(st.sampled_from(SOURCE_KINDS)),
        title=draw(st.none() | labels),
        participant=draw(st.none() | labels),
        participant_role=draw(st.none() | st.sampled_from(["patient", "link worker", "GP"])),
        site=draw(st.none() | labels),
        wave=draw(st.none() | st.sampled_from(["1", "2", "baseline", "T2"])),
        groups=tuple(draw(st.lists(labels, max_size=2, unique=True))),
        date=draw(st.none() | st.dates()),
        citation=draw(st.none() | free_text),
        doi=draw(st.none() | st.from_regex(r"10\.[0-9]{4,6}/[A-Za-z0-9.]{1,12}", fullmatch=True)),
        url=draw(st.none() | st.sampled_from(["https://example.org/a", "urn:x:1"])),
        notes=draw(st.none() | free_text),
        text=draw(st.none() | free_text),
        appraisal=draw(appraisals(scales)) if scales is not None else None,
    )


@st.composite
def excerpts(draw: st.DrawFn, source: Source, excerpt_id: str,
             scales: AppraisalScales | None = None) -> Excerpt:
    start = draw(st.none() | st.integers(0, 10_000))
    codes = tuple(draw(st.lists(labels, max_size=3, unique=True)))
    coders = st.none() | st.sampled_from(["Ana", "Ben (synthetic coder)"])
    codings = tuple({Coding(code=code, coder=draw(coders)): None
                     for code in draw(st.lists(st.sampled_from(codes), max_size=4))
                     } if codes else ())
    return Excerpt(
        id=excerpt_id,
        source=source,
        text=draw(free_text),
        start=start,
        end=None if start is None else start + draw(st.integers(0, 500)),
        page=draw(st.none() | st.sampled_from(["3", "xii", "e1234"])),
        line=draw(st.none() | st.integers(1, 5000)),
        timestamp=draw(st.none() | st.sampled_from(["00:12:31", "1:02:03.5"])),
        codes=codes,
        codings=codings,
        appraisal=draw(appraisals(scales)) if scales is not None else None,
    )


aliases = st.lists(labels, max_size=2, unique=True).map(tuple)


def _element(model: type, prefix: str) -> st.SearchStrategy:
    return st.builds(
        lambda number, label, description, alias_list: model(
            id=f"{prefix}{number}", label=label, description=description, aliases=alias_list),
        st.integers(0, 6), labels, st.none() | free_text, aliases)


@st.composite
def mechanisms(draw: st.DrawFn) -> Mechanism:
    resource, reasoning = draw(st.sampled_from([(True, True), (True, False), (False, True)]))
    return Mechanism(
        id=f"m{draw(st.integers(0, 6))}",
        resource=draw(free_text) if resource else None,
        reasoning=draw(free_text) if reasoning else None,
        label=draw(st.none() | labels) or None,
        description=draw(st.none() | free_text),
        aliases=draw(aliases),
    )


def _unique_by_id(elements: list) -> tuple:
    return tuple({element.id: element for element in elements}.values())


middle_range_theories = st.builds(
    MiddleRangeTheory, name=labels, citation=st.none() | free_text,
    doi=st.none() | st.just("10.1000/xyz"), description=st.none() | free_text)


#: A code's name: any label but one holding '/', which could make two codes' paths alike.
code_names = labels.filter(lambda name: "/" not in name)
colours = st.sampled_from(["#1F77B4", "#FF00AA", "#000000"])


@st.composite
def codebooks(draw: st.DrawFn, labels_in_use: tuple[str, ...] = ()) -> Codebook:
    """A synthetic code tree (names unique, so paths are) and code sets; ``labels_in_use``
    (excerpts' codes) may become top-level codes of it."""
    codes: list[Code] = [Code(name=label) for label in draw(st.lists(
        st.sampled_from(labels_in_use), unique=True)) if "/" not in label] if labels_in_use \
        else []
    taken = {code.name for code in codes}
    for name in draw(st.lists(code_names.filter(lambda n: n not in taken), max_size=5,
                              unique=True)):
        parent = draw(st.none() | st.sampled_from([c.label for c in codes])) if codes else None
        codes.append(Code(name=name, parent=parent, description=draw(st.none() | free_text),
                          colour=draw(st.none() | colours)))
    sets = [CodeSet(name=name, description=draw(st.none() | free_text), codes=tuple(draw(
                st.lists(st.sampled_from([c.label for c in codes]), unique=True))))
            for name in draw(st.lists(labels, max_size=2, unique=True))] if codes else []
    return Codebook(codes=tuple(codes), sets=tuple(sets))


@st.composite
def collections(draw: st.DrawFn, max_configurations: int = 5) -> Collection:
    """A synthetic collection: shared sources, excerpts and elements, maybe chains."""
    scales = draw(appraisal_scales)
    source_list = [draw(sources(source_id=f"s{n}", scales=scales))
                   for n in range(draw(st.integers(1, 3)))]
    excerpt_list = [draw(excerpts(draw(st.sampled_from(source_list)), f"e{n}", scales))
                    for n in range(draw(st.integers(0, 5)))]
    # One pool per kind, so the same id always means the same element.
    contexts = {c.id: c for c in draw(st.lists(_element(Context, "c"), max_size=6))}
    outcomes = {o.id: o for o in draw(st.lists(_element(Outcome, "o"), max_size=6))}
    pool_mechanisms = {m.id: m for m in draw(st.lists(mechanisms(), max_size=4))}
    interventions = {i.id: i for i in draw(st.lists(_element(Intervention, "i"), max_size=2))}
    actors = {a.id: a for a in draw(st.lists(_element(Actor, "a"), max_size=2))}
    configurations = []
    for number in range(draw(st.integers(0, max_configurations))):
        chosen_contexts = draw(st.lists(st.sampled_from(list(contexts.values())), max_size=2)) \
            if contexts else []
        if outcomes and draw(st.booleans()):  # an outcome reused as a context: a chain
            chained = draw(st.sampled_from(list(outcomes.values())))
            chosen_contexts.append(Context(id=chained.id, label=chained.label,
                                           description=chained.description,
                                           aliases=chained.aliases))
        chosen_outcomes = draw(st.lists(st.sampled_from(list(outcomes.values())), max_size=2)) \
            if outcomes else []
        mechanism = draw(st.none() | st.sampled_from(list(pool_mechanisms.values()))) \
            if pool_mechanisms else None
        present = sum(map(bool, (chosen_contexts, mechanism, chosen_outcomes)))
        if present < 2:
            continue
        cited = draw(st.lists(st.sampled_from(excerpt_list), max_size=3,
                              unique_by=lambda e: e.id)) if excerpt_list else []
        configurations.append(Configuration(
            id=f"cmoc{number}",
            label=draw(st.none() | labels),
            theme=draw(st.none() | st.sampled_from(["Buy-in", "Trust & hope", "Ünïcode <theme>"])),
            status=draw(st.sampled_from(STATUSES)),
            rationale=draw(st.none() | free_text),
            derived_from=tuple(draw(st.lists(st.sampled_from(["old1", "old2", "ipt.3"]),
                                             max_size=2, unique=True))),
            contexts=_unique_by_id(chosen_contexts),
            mechanism=mechanism,
            outcomes=_unique_by_id(chosen_outcomes),
            interventions=tuple(draw(st.lists(st.sampled_from(list(interventions.values())),
                                              max_size=1))) if interventions else (),
            actors=tuple(draw(st.lists(st.sampled_from(list(actors.values())), max_size=1)))
            if actors else (),
            evidence=tuple(Evidence(excerpt=e, stance=draw(st.sampled_from(STANCES)),
                                    note=draw(st.none() | free_text)) for e in cited),
            theories=tuple(draw(st.lists(labels, max_size=2, unique=True))),
            retroduction=draw(retroductions([e.id for e in excerpt_list])),
            notes=draw(st.none() | free_text),
        ))
    version = draw(st.none() | st.sampled_from(["IPT", "v2", "Refined (2024) é"]))
    return Collection(
        id=draw(st.none() | identifiers),
        title="Synthetic theory (generated for tests)",
        version=version,
        revises=draw(st.none() | st.sampled_from(["IPT", "v1 draft"]).filter(
            lambda label: label != version)),
        date=draw(st.none() | st.dates()),
        theories=tuple(draw(st.lists(middle_range_theories, max_size=2,
                                     unique_by=lambda t: t.name))),
        description=draw(st.none() | free_text),
        sources=tuple(source_list),
        excerpts=tuple(excerpt_list),
        elements=tuple(draw(st.lists(st.sampled_from(list(contexts.values()) or [None]),
                                     max_size=2, unique_by=lambda e: getattr(e, "id", None)))
                       ) if contexts else (),
        configurations=tuple(configurations),
        codebook=draw(st.just(Codebook()) | codebooks(tuple(
            {code: None for excerpt in excerpt_list for code in excerpt.codes}))),
        appraisal_scales=scales,
    )
