"""Merging theories from several coders: matches, suggestions, conflicts, provenance, no loss."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from cmo import Collection, Configuration, Evidence, Excerpt, Source
from cmo.report.agreement_report import agreement_text
from cmo.report.merge_report import merge_report_markdown, merge_report_text
from cmo.theory.agreement import agree
from cmo.theory.graph import ProgrammeTheory
from cmo.theory.merge import SUGGESTION_THRESHOLD, merge
from cmo.theory.merge_renaming import renamed_citations

from ..strategies import collections
from ..test_bad_input import run_cmo

PAPER = Source(id="paper", kind="publication", title="Synthetic paper")


def quote(number: int, source: Source = PAPER) -> Excerpt:
    return Excerpt(id=f"q{number}", source=source, text=f"Synthetic quote {number}")


def cmoc(cid: str, context: dict, outcome: str = "Patient engages",
         reasoning: str = "Patient feels hope", **fields) -> Configuration:
    return Configuration(id=cid, contexts=[context],
                         mechanism={"reasoning": reasoning},
                         outcomes=[{"label": outcome}], **fields)


def coders() -> tuple[Collection, Collection]:
    """Two coders of one (synthetic) study who word some elements differently."""
    ann = Collection(title="Ann's coding (synthetic)", configurations=[
        cmoc("hope", {"id": "trust", "label": "Trust in link worker"}, status="supported",
             evidence=[Evidence(excerpt=quote(1), stance="supports")]),
        cmoc("anchor", {"label": "Needs reliable support"}, reasoning="Patient offloads",
             outcome="Patient feels held"),
        cmoc("shared", {"label": "Patient is unsure of the role"}, reasoning="Patient asks",
             evidence=[Evidence(excerpt=quote(2), stance="supports")]),
    ])
    bob = Collection(title="Bob's coding (synthetic)", configurations=[
        cmoc("hope", {"id": "pt", "label": "Patient trusts the link worker"},
             status="refuted", evidence=[Evidence(excerpt=quote(1), stance="refutes")]),
        cmoc("anchor-b", {"label": "Needs dependable support",
                          "aliases": ["Needs reliable support"]},
             reasoning="Patient offloads", outcome="Patient feels abandoned"),
        cmoc("shared", {"label": "Patient is unsure of the role"}, reasoning="Patient asks",
             evidence=[Evidence(excerpt=quote(2), stance="supports"),
                       Evidence(excerpt=quote(3), stance="refines")]),
        Configuration(id="odd", contexts=[{"id": "trust", "label": "Trust"}],
                      outcomes=[{"label": "Patient engages"}]),
    ])
    return ann, bob


def test_elements_match_by_alias_and_near_duplicates_are_only_suggested():
    result = merge(*coders(), names=("ann.yaml", "bob.yaml"))
    assert [(m.id, m.matched_id, m.by) for m in result.matches] == [
        ("c-needs-dependable-support", "c-needs-reliable-support", "alias")]
    assert [(s.id, s.other_id, s.score) for s in result.suggestions] == [("pt", "trust", 0.86)]
    assert SUGGESTION_THRESHOLD <= 0.86
    # The suggested pair stays two elements; the declared alias makes one node.
    theory = ProgrammeTheory(result.collection)
    assert theory.node("pt") != theory.node("trust")
    assert theory.node("Needs dependable support") == theory.node("Needs reliable support")


def test_aliases_declared_at_merge_time_match_and_are_written_down():
    result = merge(*coders(), names=("ann.yaml", "bob.yaml"),
                   aliases={"Trust in link worker": ["Patient trusts the link worker"]})
    assert ("pt", "trust", "alias") in [(m.id, m.matched_id, m.by) for m in result.matches]
    assert result.suggestions == ()
    pt = next(e for e in result.collection.elements if e.id == "pt")
    assert pt.aliases == ("Trust in link worker",)
    theory = ProgrammeTheory(result.collection)
    assert theory.node("pt") == theory.node("trust")


def test_same_id_different_content_keeps_both_and_renames_the_later():
    result = merge(*coders(), names=("ann.yaml", "bob.yaml"))
    renamed = {(r.what, r.old): r.new for r in result.renamings}
    assert renamed == {("configuration", "hope"): "hope.2", ("context", "trust"): "trust.2"}
    ids = [c.id for c in result.collection.configurations]
    assert ids == ["hope", "anchor", "shared", "hope.2", "anchor-b", "odd"]
    odd = result.collection.configuration("odd")
    assert [c.id for c in odd.contexts] == ["trust.2"]
    assert result.renamed("context", "bob.yaml", "trust") == "trust.2"


def test_provenance_of_configurations_and_evidence():
    result = merge(*coders(), names=("ann.yaml", "bob.yaml"))
    provenance = result.provenance
    assert provenance[("configuration", "shared")] == ("ann.yaml", "bob.yaml")
    assert provenance[("configuration", "hope.2")] == ("bob.yaml",)
    assert provenance[("evidence", "shared/q2")] == ("ann.yaml", "bob.yaml")
    assert provenance[("evidence", "shared/q3")] == ("bob.yaml",)
    assert provenance[("evidence", "hope/q1")] == ("ann.yaml",)
    shared = result.collection.configuration("shared")
    assert [(e.excerpt.id, e.stance) for e in shared.evidence] == [
        ("q2", "supports"), ("q3", "refines")]
    rows = result.records()
    assert len({tuple(row) for row in rows}) == 1  # one set of columns: a pandas table
    assert {row["entry"] for row in rows} >= {"match", "suggestion", "renaming", "provenance",
                                              "conflict: same id"}


def test_each_line_of_the_report():
    result = merge(*coders(), names=("ann.yaml", "bob.yaml"))
    assert merge_report_text(result).splitlines() == [
        "merged ann.yaml, bob.yaml: 6 configurations, 12 elements, 3 excerpts, "
        "4 pieces of evidence",
        "1 match, 1 suggestion, 4 conflicts, 2 renamings",
        "match       context 'c-needs-dependable-support' (bob.yaml) is "
        "'c-needs-reliable-support' (ann.yaml), by alias \"Needs reliable support\"",
        "suggestion  context 'pt' (bob.yaml) may be 'trust' (ann.yaml), score 0.86: "
        "\"Patient trusts the link worker\" / \"Trust in link worker\"",
        "conflict    context 'trust': same id, different content (label)",
        "              ann.yaml 'trust': context \"Trust in link worker\"",
        "              bob.yaml 'trust.2': context \"Trust\"",
        "conflict    configuration 'hope': same id, different content "
        "(status, contexts, evidence)",
        "              ann.yaml 'hope': supported: If Trust in link worker, then Patient engages, "
        "because Patient feels hope.",
        "              bob.yaml 'hope.2': refuted: If Patient trusts the link worker, then "
        "Patient engages, because Patient feels hope.",
        "conflict    contradicting outcomes for the same context and mechanism",
        "              ann.yaml 'anchor': \"Patient feels held\"",
        "              bob.yaml 'anchor-b': \"Patient feels abandoned\"",
        "conflict    supported in one input, refuted in another",
        "              ann.yaml 'hope': supported",
        "              bob.yaml 'hope.2': refuted",
        "renamed     context 'trust' of bob.yaml -> 'trust.2'",
        "renamed     configuration 'hope' of bob.yaml -> 'hope.2'",
        "from        ann.yaml: 3 configurations (2 only there), 2 pieces of evidence",
        "from        bob.yaml: 4 configurations (3 only there), 3 pieces of evidence",
        # The coders share the paper: the report ends with their agreement.
        *agreement_text(agree(*coders(), names=("ann.yaml", "bob.yaml"))).splitlines(),
    ]


def test_markdown_report_names_excerpts_without_quoting_them():
    markdown = merge_report_markdown(merge(*coders(), names=("ann.yaml", "bob.yaml")))
    assert markdown.startswith("# Merge of ann.yaml, bob.yaml\n")
    for heading in ("## Matches", "## Suggestions", "## Conflicts", "## Renamings",
                    "## Provenance"):
        assert heading in markdown
    assert "Synthetic quote" not in markdown


def test_a_source_and_an_excerpt_with_the_same_id_and_different_content():
    other = Source(id="paper", kind="interview")
    a = Collection(configurations=[cmoc("a", {"label": "Trust"},
                                        evidence=[Evidence(excerpt=quote(1), stance="supports")])])
    b = Collection(configurations=[cmoc("a", {"label": "Trust"}, evidence=[
        Evidence(excerpt=quote(1, other), stance="supports")])])
    result = merge(a, b)
    assert [(r.what, r.old, r.new) for r in result.renamings] == [
        ("source", "paper", "paper.2"), ("excerpt", "q1", "q1.2")]
    excerpt_conflict = next(c for c in result.conflicts if c.what == "excerpt")
    assert excerpt_conflict.sides[1].detail == "excerpt of source 'paper.2'"
    # One configuration, the same in both: it cites each coder's excerpt.
    assert [e.excerpt.id for e in result.collection.configuration("a").evidence] == [
        "q1", "q1.2"]
    assert result.provenance[("evidence", "a/q1.2")] == ("input 2",)


def _check_nothing_lost(inputs: list[Collection], names: tuple[str, ...]) -> None:
    result = merge(*inputs, names=names)
    merged = Collection.model_validate(result.collection.model_dump())
    configurations = {c.id: c for c in merged.configurations}
    elements = {(e.kind, e.id): e for e in merged.elements}
    excerpts = {e.id: e for e in merged.excerpts}
    sources = {s.id: s for s in merged.sources}
    for name, collection in zip(names, inputs, strict=True):
        for source in collection.sources:
            assert result.renamed("source", name, source.id) in sources
            assert sources[result.renamed("source", name, source.id)].appraisal == \
                source.appraisal
        renamed_excerpts = {e.id: result.renamed("excerpt", name, e.id)
                            for e in collection.excerpts}
        renamed_theories = {t.name: result.renamed("middle-range theory", name, t.name)
                            for t in collection.theories}
        for excerpt in collection.excerpts:
            kept = excerpts[result.renamed("excerpt", name, excerpt.id)]
            assert (kept.text, kept.appraisal) == (excerpt.text, excerpt.appraisal)
        for element in collection.elements:
            kept = elements[(element.kind, result.renamed(element.kind, name, element.id))]
            assert kept.label == element.label
        for configuration in collection.configurations:
            kept = configurations[result.renamed("configuration", name, configuration.id)]
            assert (kept.status, kept.sentence) == (configuration.status, configuration.sentence)
            assert kept.retroduction == renamed_citations(
                configuration.retroduction, excerpts=renamed_excerpts, theories=renamed_theories)
            cited = {(e.excerpt.id, e.stance) for e in kept.evidence}
            for evidence in configuration.evidence:
                excerpt = result.renamed("excerpt", name, evidence.excerpt.id)
                assert (excerpt, evidence.stance) in cited
                assert name in result.provenance[("evidence", f"{kept.id}/{excerpt}")]
    merge_report_text(result), merge_report_markdown(result)  # the report never fails


@given(st.lists(collections(max_configurations=4), min_size=2, max_size=3))
def test_merging_never_drops_anything(inputs: list[Collection]):
    # The strategy reuses ids (s0, e0, c0, cmoc0 ...) in every collection: they overlap.
    _check_nothing_lost(inputs, tuple(f"coder{n}.yaml" for n in range(len(inputs))))


def test_cmo_merge_writes_the_theory_and_the_report(tmp_path: Path):
    import cmo

    ann, bob = coders()
    a, b = cmo.save(ann, tmp_path / "ann.yaml"), cmo.save(bob, tmp_path / "bob.yaml")
    result = run_cmo("merge", a, b, "-o", tmp_path / "merged.json",
                     "--report", tmp_path / "report.md")
    assert result.returncode == 0, result.stderr
    expected = merge(cmo.read(a), cmo.read(b), names=(str(a), str(b)))
    assert result.stdout.startswith(merge_report_text(expected) + "\n")
    assert cmo.read(tmp_path / "merged.json") == expected.collection
    assert (tmp_path / "report.md").read_text("utf-8") == merge_report_markdown(expected)
    (tmp_path / "broken.yaml").write_text("title: [\n", encoding="utf-8")
    bad = run_cmo("merge", a, tmp_path / "broken.yaml", "-o", tmp_path / "out.json")
    assert bad.returncode == 1 and "broken.yaml" in bad.stderr
    assert "Traceback" not in bad.stderr and not (tmp_path / "out.json").exists()


def _same_once_validated(collection: Collection) -> None:
    """The merge builds its collection without validating it: validation changes nothing."""
    validated = Collection(**{name: getattr(collection, name)
                              for name in collection.model_fields_set})
    for name in type(collection).model_fields:
        assert getattr(validated, name) == getattr(collection, name), name


@given(st.lists(collections(max_configurations=4), min_size=2, max_size=3))
def test_the_merged_collection_is_as_validation_would_make_it(inputs: list[Collection]):
    _same_once_validated(merge(*inputs).collection)


def test_a_merge_with_renamings_and_declared_aliases_is_valid_as_made():
    from cmo.synthetic import synthetic_collection, synthetic_revision

    ann, bob = coders()
    _same_once_validated(merge(ann, bob, aliases={"Trust": ["Patient trusts the link worker"]})
                         .collection)
    first = synthetic_collection(40, evidence_per_configuration=3, seed=2)
    result = merge(first, synthetic_revision(first, seed=2), bob)
    assert result.renamings and result.suggestions
    _same_once_validated(result.collection)


def _contexts(*labels: str) -> Collection:
    return Collection(configurations=[
        Configuration(id=f"k{number}", contexts=[{"label": label}],
                      mechanism={"reasoning": "Patient feels hope"})
        for number, label in enumerate(labels)])


def test_suggestions_pair_each_element_with_earlier_inputs_only():
    a = _contexts("Trust in link worker", "Needs reliable support")
    b = _contexts("Patient trusts the link worker", "Trusts link worker",
                  "Needs dependable support")
    c = _contexts("Link worker trusted", "Patient trusts link worker",
                  "Needs reliable support now")
    result = merge(a, b, c, names=("a", "b", "c"))
    assert [(s.id, s.input, s.other_id, s.other_input, s.score) for s in result.suggestions] == [
        ("c-patient-trusts-the-link-worker", "b", "c-trust-in-link-worker", "a", 0.86),
        ("c-trusts-link-worker", "b", "c-trust-in-link-worker", "a", 1.0),
        ("c-patient-trusts-link-worker", "c", "c-trust-in-link-worker", "a", 0.86),
        ("c-patient-trusts-link-worker", "c", "c-patient-trusts-the-link-worker", "b", 1.0),
        ("c-patient-trusts-link-worker", "c", "c-trusts-link-worker", "b", 0.86),
        ("c-needs-reliable-support-now", "c", "c-needs-reliable-support", "a", 0.86)]


def test_a_word_shared_by_many_elements_finds_only_the_first_of_them():
    many = _contexts(*(f"Synthetic state {number}" for number in range(250)))
    result = merge(many, _contexts("Synthetic state 7 again", "Synthetic state"))
    assert [(s.id, s.other_id) for s in result.suggestions[:2]] == [
        ("c-synthetic-state-7-again", "c-synthetic-state-7"),
        ("c-synthetic-state", "c-synthetic-state-0")]
    assert len(result.suggestions) == 201  # the later one against the first 200 only
    assert result.suggestions[-1].other_id == "c-synthetic-state-199"
