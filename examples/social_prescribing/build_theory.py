"""Build the worked example's programme theory in Python rather than YAML.

The theory made here equals the one in ``theory.yaml`` (the tests check it): a script
is the place for theory work that a file cannot do, such as generating configurations
from a coding export or refining them in a loop. It is the refined programme theory
(version "v2"): each configuration's status and rationale say how it relates to the
initial programme theory in ``initial.yaml``.

Run it with ``python examples/social_prescribing/build_theory.py [OUT.yaml]``.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import cmo
from cmo import (
    Actor,
    AlternativeMechanism,
    Appraisal,
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
    ProgrammeTheory,
    Retroduction,
    Source,
)

#: Who made this example's judgements (from the abstracts alone: only they were read).
JUDGED_BY = "worked example"


def judged(level: str, justification: str) -> Judgement:
    """One of this example's judgements."""
    return Judgement(level=level, justification=justification, judged_by=JUDGED_BY)


def step(move: str, inference: str, *excerpts: str, theories: tuple[str, ...] = ()
         ) -> InferenceStep:
    """One inference of this example's retroduction logs."""
    return InferenceStep(move=move, inference=inference, excerpts=excerpts, theories=theories,
                         judged_by=JUDGED_BY)


TIERNEY = Source(
    id="tierney2024",
    kind="publication",
    participant_role="patient",  # whose perspective the paper reports
    title="Patient buy-in to social prescribing through link workers as part of "
    "person-centred care: a realist evaluation",
    citation="Tierney et al. (2024). Patient buy-in to social prescribing through link "
    "workers as part of person-centred care: a realist evaluation. Health and Social Care "
    "Delivery Research.",
    doi="10.3310/ETND8254",
    appraisal=Appraisal(
        relevance=judged("high", "A realist evaluation of how patients buy in to social "
                         "prescribing through link workers, developed into "
                         "context-mechanism-outcome configurations: the programme this "
                         "theory explains."),
        rigour=judged("high", "Observation of link workers with 35 patients and interviews "
                      "with 61 patients, 41 re-interviewed 9-12 months later, in seven parts "
                      "of England. Judged from the abstract alone; its stated limitation (no "
                      "patients who had rejected social prescribing) bounds the "
                      "configurations to those who took up the offer."),
        richness=judged("high", "Names contexts (readiness, structural factors), resources "
                        "(communication skills, knowledge, an anchor point) and patients' "
                        "reasoning (trust, hope)."),
    ),
)
GRIFFITHS = Source(
    id="griffiths2023",
    kind="publication",
    participant_role="link worker",
    title="Social Prescribing: Link Workers’ Perspectives on Service Delivery",
    citation="Griffiths, Jiang and Walker (2023). Social Prescribing: Link Workers’ "
    "Perspectives on Service Delivery. Journal of Social Sciences.",
    doi="10.4236/jss.2023.115006",
    appraisal=Appraisal(
        relevance=judged("moderate", "About the same programme, but a thematic analysis "
                         "rather than a realist study, from the link workers' perspective "
                         "only."),
        rigour=judged("moderate", "Semi-structured interviews with eighteen link workers, "
                      "analysed thematically; one perspective, and the abstract itself calls "
                      "for interviews with patients."),
        richness=judged("moderate", "Names mechanisms and approaches (solution-focused, "
                        "strengths-based, patient-led) and threats to success, with little "
                        "on the contexts in which they work."),
    ),
)

THEORIES = [
    MiddleRangeTheory(name="Salutogenesis", citation="Antonovsky, A. (1979). Health, Stress, "
                      "and Coping. San Francisco, Jossey-Bass."),
    MiddleRangeTheory(name="Solution-focused practice",
                      citation="de Shazer, S. (1985). Keys to Solution in Brief Therapy."),
]

# Verbatim sentences (or contiguous parts of them) from the two abstracts.
QUOTES: dict[str, tuple[Source, str]] = {
    "tierney-uncertain-role": (TIERNEY, "Data highlighted how patients might be uncertain about the link worker role but agree to a referral as they sought assistance with their non-medical issues."),  # noqa: E501
    "tierney-hope": (TIERNEY, "Patients talked about experiencing a sense of hope through the trust they developed in a link worker."),  # noqa: E501
    "tierney-trust-skills": (TIERNEY, "This trust was established through the communication skills and knowledge demonstrated by a link worker"),  # noqa: E501
    "tierney-anchor-point": (TIERNEY, "by their ability to act as an anchor point when required - a reliable, consistent source of support to whom patients could offload."),  # noqa: E501
    "tierney-readiness": (TIERNEY, "The link worker role also involved connecting patients to external support, which called for sensitivity around how ready someone was to move forward; this was shaped by a patient's motivation but also their capacity to make changes given other demands in their life."),  # noqa: E501
    "tierney-structural-factors": (TIERNEY, "Connecting patients to external support could be affected by structural factors outside the link workers' control (e.g. housing options or employment opportunities)."),  # noqa: E501
    "tierney-person-centred": (TIERNEY, "Person-centred care is engendered by link workers through their skills, knowledge and ability to respond to the individual readiness of patients to engage with external support."),  # noqa: E501
    "tierney-curtailed": (TIERNEY, "It can be curtailed by structural factors outside link workers' sphere of control, such as access to housing or caring responsibilities of patients."),  # noqa: E501
    "tierney-connecting-with": (TIERNEY, "This can hinder patients' ability to 'connect to', leaving link workers to continue 'connecting with' patients as they act as an anchor point."),  # noqa: E501
    "tierney-limitation": (TIERNEY, "We did not interview patients who had rejected the offer of social prescribing, and most had a positive view of meeting with a link worker."),  # noqa: E501
    "griffiths-link-worker-role": (GRIFFITHS, "In social prescribing (SP) a primary care based link worker assesses patient needs and goals, and makes appropriate links and referrals to community-based resources and services."),  # noqa: E501
    "griffiths-approach": (GRIFFITHS, "A solution-focused, strengths-based approach underpins many aspects of SP."),
    "griffiths-themes": (GRIFFITHS, "Five organising themes describe a solution-focused, strengths-based theoretical underpinning; a patient-led process; role of SPLWs as a support person, guide, and facilitator; supporting collaborative networks; patient and wider outcomes; and threats to success of SP."),  # noqa: E501
    "griffiths-training": (GRIFFITHS, "The effectiveness of SP could be improved by SPLW motivational interviewing and solution-focused training to promote patient behaviour-change, salutogenesis, and positive outcomes, enabling SPLWs to feel they have the skills required."),  # noqa: E501
    "griffiths-workload": (GRIFFITHS, "Workload and referrals should be appropriate for the role of SPLWs."),
}
# Two recommendations are judged on their own; every other excerpt takes its paper's.
EXCERPT_APPRAISALS = {
    "griffiths-training": Appraisal(rigour=judged(
        "low", "A recommendation in the conclusion, not a finding: the abstract does not "
        "report that such training was tried.")),
    "griffiths-workload": Appraisal(rigour=judged(
        "low", "A recommendation in the conclusion; the finding behind it is the theme "
        "'threats to success', cited on its own.")),
}
EXCERPTS = {key: Excerpt(id=key, source=source, text=text,
                         appraisal=EXCERPT_APPRAISALS.get(key))
            for key, (source, text) in QUOTES.items()}


def supports(*excerpt_ids: str) -> tuple[Evidence, ...]:
    """Evidence that supports a configuration, one per excerpt."""
    return tuple(Evidence(excerpt=EXCERPTS[i], stance="supports") for i in excerpt_ids)


# Elements shared by several configurations: an outcome of one is the context of another.
REFERRAL_AGREED = Outcome(id="referral-agreed", label="Patient agrees to a referral to the link worker")
TRUST = Outcome(id="trust", label="Patient trusts the link worker")
NOT_CONNECTED = Outcome(id="not-connected", label="Patient does not connect to external support")
LINK_WORKER = Intervention(id="link-worker-referral", label="Social prescribing link worker")


def as_context(outcome: Outcome) -> Context:
    """The same state, now the context of a further configuration: a chain."""
    return Context(id=outcome.id, label=outcome.label, description=outcome.description,
                   aliases=outcome.aliases)


def configurations() -> list[Configuration]:
    buy_in, trust_hope = "Buy-in to social prescribing", "Trust and hope"
    connecting, practice = "Connecting to external support", "Link worker practice"
    return [
        Configuration(
            id="referral-buy-in", label="Agreeing to a referral despite uncertainty", theme=buy_in,
            status="new", rationale="New, in place of the initial role-understanding, which "
            "the patients' data refute: patients agreed to a referral while still uncertain "
            "about the link worker role, because they sought help with non-medical issues.",
            interventions=[LINK_WORKER],
            contexts=[Context(label="Patient is uncertain about the link worker role"),
                      Context(label="Patient seeks help with non-medical issues")],
            mechanism=Mechanism(resource="Link worker offers help with non-medical issues",
                                reasoning="Patient sees a route to the help they are seeking"),
            outcomes=[REFERRAL_AGREED],
            evidence=(*supports("tierney-uncertain-role"), Evidence(
                excerpt=EXCERPTS["tierney-limitation"], stance="refines",
                note="Only patients who accepted social prescribing were interviewed: the "
                "configuration holds for those who take up the offer, not for those who "
                "refuse it.")),
            retroduction=Retroduction(steps=[
                step("inductive", "Across the patients' accounts, uncertainty about the link "
                     "worker role is reported alongside agreement to a referral.",
                     "tierney-uncertain-role"),
                step("abductive", "Agreement despite uncertainty is redescribed as patients "
                     "seeing a route to the help with non-medical issues they were already "
                     "seeking: their reasoning is about the help, not about the role.",
                     "tierney-uncertain-role"),
                step("retroductive", "For the referral to be agreed, the help must matter "
                     "more to the patient than knowing what a link worker does; the sample "
                     "(only patients who took up the offer) cannot show what holds for those "
                     "who refuse it.", "tierney-uncertain-role", "tierney-limitation"),
            ], alternatives=[AlternativeMechanism(
                mechanism="Patients agree because they understand the link worker role (the "
                "initial role-understanding configuration).",
                set_aside_because="The abstract reports that patients might be uncertain "
                "about the role and still agree to a referral.",
                excerpts=["tierney-uncertain-role"])]),
        ),
        Configuration(
            id="trust-through-skills", theme=trust_hope,
            label="Trust built through communication skills and knowledge",
            status="refined", derived_from=["support-person"],
            rationale="Refines the initial support-person configuration: the patients' trust "
            "in the link worker was established through communication skills and knowledge, "
            "so the undivided mechanism gains its reasoning half and trust becomes the outcome.",
            contexts=[as_context(REFERRAL_AGREED)],
            mechanism=Mechanism(
                resource="Link worker demonstrates communication skills and knowledge",
                reasoning="Patient comes to trust the link worker"),
            outcomes=[TRUST], evidence=supports("tierney-trust-skills"), theories=["Trust"],
        ),
        Configuration(
            id="anchor-point", label="The link worker as an anchor point", theme=trust_hope,
            status="new", rationale="New: patients' trust also rested on the link worker "
            "acting as an anchor point, a reliable, consistent source of support to whom they "
            "could offload, which the link workers' account did not describe.",
            contexts=[Context(label="Patient needs support they can rely on")],
            mechanism=Mechanism(
                resource="Link worker acts as an anchor point, a reliable, consistent source "
                "of support",
                reasoning="Patient feels able to offload to the link worker"),
            outcomes=[TRUST], evidence=supports("tierney-anchor-point", "tierney-connecting-with"),
            theories=["Trust"],
        ),
        Configuration(
            id="hope-through-trust", label="Trust gives a sense of hope", theme=trust_hope,
            status="new", rationale="New: patients linked the hope they experienced to the "
            "trust they developed in a link worker. It chains on from the two trust "
            "configurations.",
            contexts=[as_context(TRUST)],
            mechanism=Mechanism(resource="A trusting relationship with the link worker",
                                reasoning="Patient experiences a sense of hope"),
            outcomes=[Outcome(label="Patient has a sense of hope")],
            evidence=supports("tierney-hope"), theories=["Hope", "Trust"],
            retroduction=Retroduction(steps=[
                step("abductive", "Patients talked of hope 'through the trust they "
                     "developed': hope is redescribed as what a trusting relationship with "
                     "the link worker gives, read through theories of trust and hope.",
                     "tierney-hope", theories=("Trust", "Hope")),
                step("retroductive", "For hope to come through trust, the trust must first "
                     "be established; the abstract names what establishes it (communication "
                     "skills and knowledge, acting as an anchor point), so this configuration "
                     "chains on from the two trust configurations.",
                     "tierney-trust-skills", "tierney-anchor-point"),
            ], alternatives=[AlternativeMechanism(
                mechanism="Hope comes from the referral itself, from being offered help.",
                set_aside_because="The abstract ties hope to the trust patients developed in "
                "a link worker, and reports patients agreeing to a referral while still "
                "uncertain about the role.", excerpts=["tierney-hope", "tierney-uncertain-role"])]),
        ),
        Configuration(
            id="readiness-to-connect", theme=connecting,
            label="Connecting to external support when the patient is ready",
            status="refined", derived_from=["collaborative-networks"],
            rationale="Refines the initial collaborative-networks configuration: connecting "
            "patients to external support called for sensitivity to how ready they were, "
            "shaped by motivation and by capacity given other demands, so readiness replaces "
            "the referral as the context and the patient's reasoning is added.",
            actors=[Actor(label="Link worker"),
                    Actor(label="Voluntary, community and social enterprise sector")],
            contexts=[Context(label="Patient is ready to move forward (motivation and capacity "
                              "given other demands in life)")],
            mechanism=Mechanism(
                resource="Link worker connects the patient to external support, sensitive to "
                "readiness",
                reasoning="Patient feels able to take up external support"),
            outcomes=[Outcome(label="Patient connects to external support")],
            evidence=supports("tierney-readiness", "tierney-person-centred"),
            theories=["Patient activation"],
        ),
        Configuration(
            id="structural-barriers", label="Structural factors block connecting to support",
            theme=connecting,
            status="new", rationale="New: connecting patients to external support could be "
            "affected by structural factors outside the link workers' control (housing, "
            "employment, caring responsibilities), a context the initial theory did not "
            "consider.",
            contexts=[Context(label="Structural factors outside the link worker's control "
                              "(housing, employment, caring duties)")],
            mechanism=Mechanism(
                resource="Link worker refers the patient to external support",
                reasoning="Patient cannot act on the referral given their circumstances"),
            outcomes=[NOT_CONNECTED],
            evidence=supports("tierney-structural-factors", "tierney-curtailed"),
            retroduction=Retroduction(steps=[
                step("retroductive", "Referred patients did not always connect to external "
                     "support; the abstract places the cause outside the link workers' "
                     "control (housing options, employment opportunities, caring "
                     "responsibilities), so the mechanism is read as patients' circumstances "
                     "preventing them from acting on the referral.",
                     "tierney-structural-factors", "tierney-curtailed"),
            ], alternatives=[
                AlternativeMechanism(
                    mechanism="The patient is not yet ready or motivated to move forward.",
                    set_aside_because="The abstract keeps the two apart: readiness is shaped "
                    "by motivation and capacity (its own configuration, readiness-to-connect), "
                    "while these factors are structural and outside link workers' sphere of "
                    "control.", excerpts=["tierney-readiness", "tierney-curtailed"]),
                AlternativeMechanism(
                    mechanism="The link worker lacks the skills or knowledge to connect the "
                    "patient.",
                    set_aside_because="The abstract says the factors lie outside the link "
                    "workers' control, and credits their skills and knowledge with "
                    "engendering person-centred care.",
                    excerpts=["tierney-structural-factors", "tierney-person-centred"]),
            ]),
        ),
        Configuration(
            id="connecting-with", label="Connecting with, when connecting to is blocked",
            status="new", rationale="New: where structural factors hinder patients' ability to "
            "'connect to', link workers continue 'connecting with' them as an anchor point. "
            "It chains on from structural-barriers.",
            theme=connecting, contexts=[as_context(NOT_CONNECTED)],
            mechanism=Mechanism(resource="Link worker remains an anchor point",
                                reasoning="Patient continues to rely on the link worker"),
            outcomes=[Outcome(label="Link worker continues 'connecting with' the patient")],
            evidence=supports("tierney-connecting-with"),
        ),
        Configuration(
            id="person-centred-care", theme=connecting,
            label="Responding to readiness engenders person-centred care (M-O dyad)",
            status="new", rationale="New: the authors conclude that person-centred care is "
            "engendered by link workers' skills, knowledge and ability to respond to the "
            "individual readiness of patients. The abstract names no context, so it stays an "
            "M-O dyad.",
            mechanism=Mechanism(
                resource="Link worker skills, knowledge and response to individual readiness",
                reasoning="Patient engages with external support at their own pace"),
            outcomes=[Outcome(label="Person-centred care")],
            evidence=supports("tierney-person-centred"),
            notes="A dyad: the abstract does not say in which context this mechanism fires.",
        ),
        Configuration(
            id="solution-focused-linking", label="A solution-focused, patient-led process",
            theme=practice, interventions=[LINK_WORKER],
            status="refined", rationale="The initial mechanism, one undivided resource (a "
            "solution-focused, strengths-based, patient-led approach), is split into what the "
            "link worker offers and how the patient responds, as the patients' evaluation "
            "distinguishes link workers' skills from patients' own readiness to engage. The "
            "evidence is still the link workers' account.",
            contexts=[Context(label="Link worker assesses patient needs and goals in primary care")],
            mechanism=Mechanism(resource="Solution-focused, strengths-based approach",
                                reasoning="Patient leads the process"),
            outcomes=[Outcome(label="Appropriate links and referrals to community-based "
                              "resources and services")],
            evidence=supports("griffiths-link-worker-role", "griffiths-approach",
                              "griffiths-themes"),
            theories=["Solution-focused practice"],
        ),
        Configuration(
            id="motivational-training", label="Training in motivational interviewing",
            theme=practice,
            status="supported", rationale="Supported indirectly: in the patients' evaluation, "
            "readiness to move forward was shaped by a patient's motivation, and person-centred "
            "care rested on link workers' skills. Its abstract does not report on training, so "
            "the configuration still rests on the link workers' recommendation.",
            contexts=[Context(label="Link worker is trained in motivational interviewing and "
                              "solution-focused practice")],
            mechanism=Mechanism(resource="Motivational interviewing and solution-focused support",
                                reasoning="Patient is motivated to change behaviour"),
            outcomes=[Outcome(label="Patient behaviour change and positive outcomes"),
                      Outcome(label="Link worker feels they have the skills required")],
            evidence=supports("griffiths-training"), theories=["Salutogenesis"],
            notes="Proposed by the authors as a recommendation, not yet tested.",
        ),
        Configuration(
            id="workload-threat", label="Inappropriate workload and referrals threaten success",
            theme=practice,
            status="refined", rationale="The mechanism is restated as the link worker's "
            "reasoning: the patients' evaluation shows the role rests on being a reliable, "
            "consistent source of support, sensitive to each patient's readiness, which an "
            "inappropriate workload or referral puts at risk. Its abstract does not report on "
            "workload, so the evidence is still the link workers' own.",
            contexts=[Context(label="Link worker workload or referrals are not appropriate for "
                              "the role")],
            mechanism=Mechanism(
                reasoning="Link worker cannot give patients the support the role intends"),
            outcomes=[Outcome(label="Threats to the success of social prescribing")],
            evidence=supports("griffiths-workload", "griffiths-themes"),
        ),
    ]


def build() -> ProgrammeTheory:
    """The worked example's programme theory, made in Python."""
    return ProgrammeTheory(Collection(
        id="social-prescribing",
        title="Social prescribing link workers (worked example)",
        version="v2",
        revises="IPT",
        date=dt.date(2024, 11, 29),
        description="Context-mechanism-outcome configurations drawn from Tierney et al. "
        "(2024), a realist evaluation of patient buy-in to social prescribing, and Griffiths, "
        "Jiang and Walker (2023), a thematic analysis of link workers' perspectives on "
        "service delivery. It refines the initial programme theory drawn from Griffiths, "
        "Jiang and Walker alone.",
        theories=THEORIES,
        sources=[TIERNEY, GRIFFITHS],
        excerpts=list(EXCERPTS.values()),
        elements=[REFERRAL_AGREED, TRUST, NOT_CONNECTED, LINK_WORKER],
        configurations=configurations(),
    ))


def main(output: Path) -> None:
    theory = build()
    print(theory)
    for chain in theory.chains():
        print(f"  chain: {chain.upstream} -> ({chain.via}) -> {chain.downstream}")
    hope = theory.configuration("hope-through-trust")
    print(f"  {hope.id}: {hope.sentence}")
    print(f"  written to {cmo.save(theory, output)}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("out/social_prescribing.yaml"))
