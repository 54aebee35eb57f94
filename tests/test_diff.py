"""Diffing two versions of a theory tells the refinement story, and refuses bad links."""

from __future__ import annotations

from pathlib import Path

import pytest

from cmo import Collection, Configuration, Evidence, Excerpt, InputError, Source
from cmo.diff import diff
from cmo.refinement_log import to_markdown, to_text

from .test_bad_input import run_cmo

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
    text = to_text(diff(*versions()))
    assert text.splitlines()[0] == ("IPT -> v2: 1 added, 1 removed, 1 refined, 1 merged, "
                                    "2 split, 1 retained")
    assert "merged   structural (from part-a, part-b): status proposed -> merged" in text
    markdown = to_markdown(diff(*versions()))
    assert markdown.startswith("# Refinement of the programme theory: IPT → v2\n")
    for heading in ("## Refined", "## Merged", "## Split", "## New configurations",
                    "## Removed", "## Retained (status or evidence changed)"):
        assert heading in markdown
    assert "- Rationale: Halves told apart." in markdown
    assert "Synthetic quote" not in markdown  # evidence is named, never quoted


def test_markdown_escapes_what_researchers_write():
    old = Collection(version="a", configurations=[cmoc("x", context="A *very* <odd> | case")])
    new = Collection(version="b", configurations=[cmoc("x", context="[link](http://x) # 1")])
    markdown = to_markdown(diff(old, new))
    assert r"A \*very\* \<odd\> \| case" in markdown
    assert r"\[link\](http://x) # 1" in markdown


@pytest.mark.parametrize(("change", "message"), [
    ({"version": "IPT"}, "both labelled 'IPT'"),
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
    assert (tmp_path / "log.md").read_text("utf-8") == to_markdown(diff(old, new))
    bad = run_cmo("diff", old_path, old_path)
    assert bad.returncode == 1 and "both labelled 'IPT'" in bad.stderr
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
