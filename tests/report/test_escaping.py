"""One Markdown escaper for every Markdown document: the report, the refinement log and the
merge report show the team's text as written, with no markup or HTML getting through.

Every label, quote and citation here is synthetic, made up for these tests.
"""

from __future__ import annotations

import pytest

from cmo.models import Collection, Configuration, Evidence, Excerpt, Source
from cmo.report import write_report
from cmo.report.escaping import escape_markdown
from cmo.report.merge_report import merge_report_markdown
from cmo.report.refinement_log import refinement_log_markdown
from cmo.theory.diff import diff
from cmo.theory.merge import merge


@pytest.mark.parametrize(("text", "escaped"), [
    ("Trust *and* hope", r"Trust \*and\* hope"),
    ("<b>bold</b>", r"\<b\>bold\</b\>"),
    ("a | b", r"a \| b"),
    ("p07_notes `x` [y]", r"p07\_notes \`x\` \[y\]"),
    ("C:\\data", "C:\\\\data"),
    ("If Trust,\n  then\tHope ", "If Trust, then Hope"),
    ("(plain) # text + 1.", "(plain) # text + 1."),
])
def test_markdown_special_characters_are_escaped_and_lines_joined(text: str,
                                                                  escaped: str) -> None:
    assert escape_markdown(text) == escaped


def _odd() -> Collection:
    """A synthetic theory whose every text holds Markdown and HTML."""
    source = Source(id="s1", kind="publication", citation="Doe *et al.* <2024>")
    quote = Excerpt(id="q1", source=source, text="Synthetic quote with <i>markup</i> | pipe")
    return Collection(title="Link workers <pilot> *draft*", version="v_1", configurations=[
        Configuration(id="hope", theme="Trust | hope", label="Hope *through* trust",
                      rationale="Seen in <b>two</b> sites", contexts=[{"label": "Trust_1"}],
                      outcomes=[{"label": "Hope"}],
                      evidence=[Evidence(excerpt=quote, stance="supports")])])


def test_the_markdown_report_escapes_every_text_of_the_theory(tmp_path) -> None:
    text = write_report(_odd(), tmp_path / "report.md").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == r"# Link workers \<pilot\> \*draft\*"
    assert r"**Version:** v\_1  " in lines
    assert ("| 1 | `hope` | Trust \\| hope | If Trust\\_1, then Hope, because (mechanism not "
            "yet known). | proposed | 1 | 0 | 0 | 1 |") in lines
    assert r"- **supports** `q1` (Doe \*et al.\* \<2024\>)" in lines
    assert r"  > Synthetic quote with \<i\>markup\</i\> \| pipe" in lines


def test_the_logs_escape_as_the_report_does() -> None:
    old = _odd()
    new = old.model_copy(update={"version": "v_2", "configurations": (
        old.configurations[0].model_copy(update={"status": "supported"}),)})
    log = refinement_log_markdown(diff(old, new))
    assert log.splitlines()[0] == r"# Refinement of the programme theory: v\_1 → v\_2"
    assert "### `hope`: Hope \\*through\\* trust" in log.splitlines()
    assert r"- Rationale: Seen in \<b\>two\</b\> sites" in log.splitlines()
    report = merge_report_markdown(merge(old, new, names=("ann_1.yaml", "bob*.yaml")))
    assert report.splitlines()[0] == r"# Merge of ann\_1.yaml, bob\*.yaml"

