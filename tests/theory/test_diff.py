"""Diffing two versions of a theory tells the refinement story, and refuses bad links."""

from __future__ import annotations

from pathlib import Path

import pytest

from cmo import Collection, Configuration, Evidence, Excerpt, InputError, Source
from cmo.report.refinement_log import refinement_log_markdown, refinement_log_text
from cmo.theory.diff import diff

from ..test_bad_input import run_cmo

PAPER = Source(id="paper", kind="publication")


def quote(number: int) -> Excerpt:
    return Excerpt(id=f"q{number}", source=PAPER, text=f"Synthetic quote {number}")


def cmoc(cid: str, context: str = "Trust", reasoning: str = "Hope", resource: str | None = None,
         outcome: str = "Engagement", **fields) -> Configuration:
    return Configuration(id=cid, contexts=[{"label": context}],
                         mechanism={"resource": resource, "reasoning": reasoning},
                         outcomes=[{"label": outcome}], **fields)


def versions() -> tuple[Collection, Collection]:
    old = Collection(version="IPT", configurations=[
        cmoc("kept", evidence=[Evidence(excerpt=quote(1), stance="supports")]),
        cmoc("sharpened", context="Time", reasoning="Link worker listens and patient trusts"),
        cmoc("gone", context="Waiting lists"),
        cmoc("part-a", context="Housing"),
        cmoc("part-b", context="Employment"),
        cmoc("broad", context="Demands of life"),
    ])
    new = Collection(version="v2", configurations=[
        cmoc("kept", status="supported", rationale="Patients described it.",
             evidence=[Evidence(excerpt=quote(1), stance="supports"),
                       Evidence(excerpt=quote(2), stance="refutes")]),
        cmoc("sharpened", context="Time", resource="Link worker listens",
             reasoning="Patient trusts", status="refined", rationale="Halves told apart."),
        cmoc("structural", context="Structural factors", status="merged",
             derived_from=["part-a", "part-b"], rationale="One pattern."),
        cmoc("motivation", context="Motivation", status="split", derived_from=["broad"]),
        cmoc("capacity", context="Capacity", status="split", derived_from=["broad"]),
        cmoc("anchor", context="Needs reliable support", status="new"),
    ])
    return old, new


def test_each_kind_of_change_is_found():
    difference = diff(*versions())
    kinds = {r.new.id: r.kind for r in difference.revisions}
    assert kinds == {"kept": "retained", "sharpened": "refined", "structural": "merged",
                     "motivation": "split", "capacity": "split"}
    assert [c.id for c in difference.added] == ["anchor"]
    assert [c.id for c in difference.removed] == ["gone"]
    assert difference.counts() == {"added": 1, "removed": 1, "refined": 1, "merged": 1,
                                   "split": 2, "retained": 1}


def test_what_changed_within_a_configuration():
    revisions = {r.new.id: r for r in diff(*versions()).revisions}
    sharpened = revisions["sharpened"]
    assert [str(c) for c in sharpened.changes] == [
        "mechanism resource: + Link worker listens",
        "mechanism reasoning: - Link worker listens and patient trusts; + Patient trusts"]
    assert sharpened.status_change == ("proposed", "refined")
    kept = revisions["kept"]
    assert [(e.excerpt.id, e.stance) for e in kept.evidence_added] == [("q2", "refutes")]
    assert kept.evidence_withdrawn == () and kept.changes == ()
    merged = revisions["structural"]
    assert [c.id for c in merged.old] == ["part-a", "part-b"]
    assert [str(c) for c in merged.changes] == [
        "contexts: - Housing; - Employment; + Structural factors"]


def test_records_make_a_table():
    rows = {row["configuration"]: row for row in diff(*versions()).records()}
    assert rows["structural"]["from"] == "part-a, part-b"
    assert rows["gone"]["change"] == "removed"
    assert (rows["kept"]["status before"], rows["kept"]["status"]) == ("proposed", "supported")
    assert rows["kept"]["evidence added"] == 1
    assert len({tuple(row) for row in rows.values()}) == 1  # every row has the same columns


def test_the_refinement_log_tells_the_story():
    text = refinement_log_text(diff(*versions()))
    assert text.splitlines()[0] == ("IPT -> v2: 1 added, 1 removed, 1 refined, 1 merged, "
                                    "2 split, 1 retained")
    assert "merged   structural (from part-a, part-b): status proposed -> merged" in text
    markdown = refinement_log_markdown(diff(*versions()))
    assert markdown.startswith("# Refinement of the programme theory: IPT → v2\n")
    for heading in ("## Refined", "## Merged", "## Split", "## New configurations",
                    "## Removed",
                    "## Retained (status, evidence, label, theme or theories changed)"):
        assert heading in markdown
    assert "- Rationale: Halves told apart." in markdown
    assert "Synthetic quote" not in markdown  # evidence is named, never quoted


def test_markdown_escapes_what_researchers_write():
    old = Collection(version="a", configurations=[cmoc("x", context="A *very* <odd> | case")])
    new = Collection(version="b", configurations=[cmoc("x", context="[link](http://x) # 1")])
    markdown = refinement_log_markdown(diff(old, new))
    assert r"A \*very\* \<odd\> \| case" in markdown
    assert r"\[link\](http://x) # 1" in markdown


@pytest.mark.parametrize(("change", "message"), [
    ({"configurations": [cmoc("n", derived_from=["nowhere"])]},
     "names 'nowhere', which is in neither version"),
    ({"configurations": [cmoc("p", derived_from=["q"]), cmoc("q", derived_from=["p"])]},
     "derived from each other in a cycle"),
])
def test_bad_links_between_versions_are_clear_errors(change, message):
    old, new = versions()
    with pytest.raises(InputError, match=message) as raised:
        diff(old, new.model_copy(update=change), names=("initial.yaml", "theory.yaml"))
    assert "theory.yaml" in str(raised.value) or "initial.yaml" in str(raised.value)


def test_cmo_diff_prints_and_writes_the_log(tmp_path: Path):
    import cmo

    old, new = versions()
    old_path, new_path = cmo.save(old, tmp_path / "ipt.yaml"), cmo.save(new, tmp_path / "v2.yaml")
    result = run_cmo("diff", old_path, new_path, "-o", tmp_path / "log.md")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("IPT -> v2: 1 added")
    assert (tmp_path / "log.md").read_text("utf-8") == refinement_log_markdown(diff(old, new))
    bad_path = cmo.save(new.model_copy(update={"configurations": [
        cmoc("n", derived_from=["nowhere"])]}), tmp_path / "bad.yaml")
    bad = run_cmo("diff", old_path, bad_path)
    assert bad.returncode == 1 and "names 'nowhere', which is in neither version" in bad.stderr
    assert "Traceback" not in bad.stderr
    assert run_cmo("diff", old_path, new_path, "-o", tmp_path / "log.xyz").returncode == 1


def test_the_diff_diagram_marks_each_change_and_explains_it():
    from cmo.render import diff_to_dot
    from cmo.render.style import CHANGE_STYLES

    source = diff_to_dot(*versions()).source
    for kind in ("added", "refined", "merged", "split", "retained", "removed"):
        assert CHANGE_STYLES[kind].color in source, kind
        assert CHANGE_STYLES[kind].meaning in source, kind  # in the legend
    assert "Waiting lists" in source  # a removed configuration is still drawn
    assert "IPT → v2" in source


@pytest.mark.needs_dot
def test_cmo_diff_draws_the_marked_diagram(tmp_path: Path):
    import cmo

    old, new = versions()
    old_path, new_path = cmo.save(old, tmp_path / "ipt.yaml"), cmo.save(new, tmp_path / "v2.yaml")
    result = run_cmo("diff", old_path, new_path, "-o", tmp_path / "diff.svg")
    assert result.returncode == 0, result.stderr
    svg = (tmp_path / "diff.svg").read_text("utf-8")
    assert svg.lstrip().startswith("<?xml") and "not carried over" in svg


# -- what makes a configuration refined ------------------------------------------------------


@pytest.mark.parametrize(("edit", "kind", "fields"), [
    ({"status": "supported"}, "retained", []),
    ({"status": "supported", "theories": ["Trust"]}, "retained", ["theories"]),
    ({"label": "Hope through trust", "theme": "Trust and hope"}, "retained",
     ["label", "theme"]),
    ({"evidence": [Evidence(excerpt=quote(3), stance="supports")]}, "retained", []),
    ({"context": "Time"}, "refined", ["contexts"]),
    ({"outcome": "Hope"}, "refined", ["outcomes"]),
    ({"resource": "Link worker listens"}, "refined", ["mechanism resource"]),
    ({"reasoning": "Patient trusts"}, "refined", ["mechanism reasoning"]),
    ({"interventions": [{"label": "Referral"}]}, "refined", ["interventions"]),
    ({"actors": [{"label": "Link worker"}]}, "refined", ["actors"]),
])
def test_only_what_a_configuration_explains_makes_it_refined(edit, kind, fields):
    old = Collection(version="IPT", configurations=[cmoc("hope")])
    new = Collection(version="v2", configurations=[cmoc("hope", **edit)])
    revision = diff(old, new).revisions[0]
    assert (revision.kind, [c.field for c in revision.changes]) == (kind, fields)


def test_a_status_change_alone_is_retained_with_or_without_a_theory():
    old = Collection(version="IPT", configurations=[cmoc("a"), cmoc("b")])
    new = Collection(version="v2", configurations=[
        cmoc("a", status="supported"), cmoc("b", status="supported", theories=["Trust"])])
    assert refinement_log_text(diff(old, new)) == (
        "IPT -> v2: 0 added, 0 removed, 0 refined, 0 merged, 0 split, 2 retained\n"
        "retained a: status proposed -> supported\n"
        "retained b: status proposed -> supported\n"
        "         theories: + Trust")


def test_new_configurations_show_their_if_then_because_sentence():
    difference = diff(*versions())
    sentence = "If Needs reliable support, then Engagement, because Hope."
    assert refinement_log_text(difference).endswith(
        "added    anchor: status new\n"
        f"         {sentence}\n"
        "removed  gone: was proposed")
    assert ("### `anchor`\n\n- New; status new.\n"
            f"- {sentence}\n") in refinement_log_markdown(difference)


def test_configurations_that_did_not_change_are_listed_as_unchanged():
    old, new = versions()
    same = [cmoc(f"same-{n}") for n in range(1, 6)]
    old = old.model_copy(update={"configurations": (*old.configurations, *same)})
    new = new.model_copy(update={"configurations": (*new.configurations, *same)})
    difference = diff(old, new)
    assert [r.new.id for r in difference.unchanged] == [f"same-{n}" for n in range(1, 6)]
    text = refinement_log_text(difference)
    assert text.splitlines()[0] == ("IPT -> v2: 1 added, 1 removed, 1 refined, 1 merged, "
                                    "2 split, 6 retained (5 unchanged)")
    assert text.splitlines()[-1] == "unchanged: same-1, same-2, same-3, same-4, same-5"
    assert "retained same-1" not in text
    assert refinement_log_markdown(difference).endswith(
        "## Unchanged\n\n`same-1`, `same-2`, `same-3`, `same-4`, `same-5`\n")


# -- two versions of one label, and links back to earlier versions ---------------------------


def test_two_versions_with_one_label_are_before_and_after():
    new = versions()[1]
    edited = new.model_copy(update={"version": "v2", "configurations": (
        new.configurations[0].model_copy(update={"status": "refuted"}),
        *new.configurations[1:])})
    difference = diff(new, edited)
    assert difference.names == ("v2 (before)", "v2 (after)") and difference.same_label
    assert refinement_log_text(difference).splitlines() == [
        "v2 (before) -> v2 (after): 0 added, 0 removed, 0 refined, 0 merged, 0 split, "
        "6 retained (5 unchanged)",
        "both versions are labelled 'v2': the first is shown as before, the second as after",
        "retained kept: status supported -> refuted",
        "         rationale: Patients described it.",
        "unchanged: sharpened, structural, motivation, capacity, anchor"]
    assert refinement_log_markdown(difference).startswith(
        "# Refinement of the programme theory: v2 (before) → v2 (after)\n\n"
        "0 added, 0 removed, 0 refined, 0 merged, 0 split, 6 retained (5 unchanged).\n\n"
        "Both versions are labelled 'v2': the first is shown as before, the second as after.\n")


def test_derived_from_may_name_the_earlier_configuration_of_the_same_id():
    old = Collection(version="IPT", configurations=[cmoc("hope")])
    new = Collection(version="v2", configurations=[
        cmoc("hope", context="Time", status="refined", derived_from=["hope"])])
    revision = diff(old, new).revisions[0]
    assert (revision.kind, revision.matched_by, [c.id for c in revision.old]) == (
        "refined", "derivation", ["hope"])
    assert refinement_log_text(diff(old, new)).splitlines()[1] == "refined  hope: status proposed -> refined"


def test_links_an_edited_copy_keeps_from_the_version_before_are_left_aside():
    old = Collection(version="v2", configurations=[cmoc("trust", derived_from=["support"])])
    copy = Collection(version="v2", configurations=[
        cmoc("trust", derived_from=["support"], status="supported")])
    revision = diff(old, copy).revisions[0]
    assert (revision.kind, revision.matched_by) == ("retained", "id")
    retyped = Collection(version="v2", configurations=[cmoc("trust", derived_from=["suport"])])
    with pytest.raises(InputError, match="names 'suport', which is in neither version"):
        diff(old, retyped)


def test_an_edited_spreadsheet_copy_diffs_through_the_cli(tmp_path: Path):
    import openpyxl

    from ..conftest import EXAMPLE

    original = tmp_path / "original.yaml"
    original.write_bytes(EXAMPLE.read_bytes())
    exported = run_cmo("export", original, "-o", tmp_path / "original.xlsx")
    assert exported.returncode == 0, exported.stderr
    book = openpyxl.load_workbook(tmp_path / "original.xlsx")
    sheet = book["configurations"]
    status = [cell.value for cell in sheet[1]].index("status") + 1
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row, 1).value == "motivational-training":
            sheet.cell(row, status).value = "refuted"  # an edit for the test, not the papers'
    excerpts = book["excerpts"]
    headers = [cell.value for cell in excerpts[1]]
    excerpts.append([{"id": "tierney-trust-skills", "source": "tierney2024",
                      "stance": "supports", "configuration": "anchor-point"}.get(header)
                     for header in headers])
    book.save(tmp_path / "edited.xlsx")
    imported = run_cmo("import", tmp_path / "edited.xlsx", "-o", tmp_path / "edited.yaml")
    assert imported.returncode == 0, imported.stderr
    result = run_cmo("diff", original, tmp_path / "edited.yaml", "-o", tmp_path / "log.md")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:3] == [
        "v2 (before) -> v2 (after): 0 added, 0 removed, 0 refined, 0 merged, 0 split, "
        "11 retained (9 unchanged)",
        "both versions are labelled 'v2': the first is shown as before, the second as after",
        "retained anchor-point: status new"]
    assert lines[4:6] == ["         evidence added: tierney-trust-skills (supports)",
                          "retained motivational-training: status supported -> refuted"]
    assert lines[-2:] == [
        "unchanged: referral-buy-in, trust-through-skills, hope-through-trust, "
        "readiness-to-connect, structural-barriers, connecting-with, person-centred-care, "
        "solution-focused-linking, workload-threat",
        f"wrote {tmp_path / 'log.md'}"]
    log = (tmp_path / "log.md").read_text("utf-8")
    assert "## Unchanged\n\n`referral-buy-in`, `trust-through-skills`," in log
