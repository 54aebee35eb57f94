"""The plain-text outline: themes > configurations > parts, wrapped, filtered, no quotes."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cmo.exceptions import InputError
from cmo.models import Collection, Configuration, Evidence, Excerpt, Mechanism, Source
from cmo.render import to_outline, write_outline
from cmo.render.outline import NO_THEME
from cmo.theory.graph import ProgrammeTheory

from ..strategies import collections
from .drawing import normalised

PAPER = Source(id="paper", kind="publication")


def evidence(*stances: str) -> tuple[Evidence, ...]:
    return tuple(Evidence(excerpt=Excerpt(id=f"q{n}", source=PAPER, text=f"Secret words {n}."),
                          stance=stance) for n, stance in enumerate(stances))


def theory_of(*configurations: Configuration, **fields: Any) -> ProgrammeTheory:
    return ProgrammeTheory(Collection(configurations=configurations, **fields))


def flat(text: str) -> str:
    """The outline's words without its layout: wrapped lines joined again."""
    return " ".join(text.split())


# -- the worked example ----------------------------------------------------------------


def test_the_example_has_every_configuration_and_element(example_theory):
    text = flat(to_outline(example_theory))
    for configuration in example_theory.configurations:
        assert f"{configuration.id}: {configuration.label} [{configuration.status};" in text
        for element in configuration.elements:
            if isinstance(element, Mechanism):
                assert all(normalised(half) in text for half in
                           (element.resource, element.reasoning) if half)
            else:
                assert normalised(element.label) in text


def test_one_theme_of_the_example(example_theory):
    assert to_outline(example_theory, themes=["Trust and hope"], width=100) == """\
Social prescribing link workers (worked example) · version v2 · 3 configurations

Trust and hope
  CMOC 2 · trust-through-skills: Trust built through communication skills and knowledge  [refined;
      1 supporting, 0 refuting, 0 refining]
    C  Patient agrees to a referral to the link worker
    M  Link worker demonstrates communication skills and knowledge -> Patient comes to trust the
       link worker
    O  Patient trusts the link worker  (context of CMOC 4)
  CMOC 3 · anchor-point: The link worker as an anchor point  [new; 2 supporting, 0 refuting,
      0 refining]
    C  Patient needs support they can rely on
    M  Link worker acts as an anchor point, a reliable, consistent source of support -> Patient
       feels able to offload to the link worker
    O  Patient trusts the link worker  (context of CMOC 4)
  CMOC 4 · hope-through-trust: Trust gives a sense of hope  [new; 1 supporting, 0 refuting,
      0 refining]
    C  Patient trusts the link worker  (outcome of CMOC 2, CMOC 3)
    M  A trusting relationship with the link worker -> Patient experiences a sense of hope
    O  Patient has a sense of hope"""


def test_configurations_are_headed_by_number_id_or_label(example_theory):
    def headings(labels: str) -> list[str]:
        text = to_outline(example_theory, themes=["Trust and hope"], width=200, labels=labels)
        return [line.split("  [")[0].strip() for line in text.splitlines()
                if line.startswith("  ") and not line.startswith("   ")]

    assert headings("id") == [
        "trust-through-skills: Trust built through communication skills and knowledge",
        "anchor-point: The link worker as an anchor point",
        "hope-through-trust: Trust gives a sense of hope"]
    assert headings("none") == ["Trust built through communication skills and knowledge",
                                "The link worker as an anchor point",
                                "Trust gives a sense of hope"]
    by_id = to_outline(example_theory, themes=["Trust and hope"], width=200, labels="id")
    assert "(outcome of trust-through-skills, anchor-point)" in by_id
    with pytest.raises(ValueError, match=r"unknown labels: 'numbers'"):
        to_outline(example_theory, labels="numbers")


def test_written_numbers_are_kept_and_the_rest_follow_the_highest():
    theory = theory_of(
        Configuration(id="first", contexts=[{"label": "A"}], outcomes=[{"label": "B"}]),
        Configuration(id="cited", number=12, contexts=[{"label": "B"}], outcomes=[{"label": "C"}]))
    assert to_outline(theory).splitlines()[3:] == [
        "  CMOC 13 · first  [proposed; no evidence]", "    C  A", "    M  (not yet known)",
        "    O  B  (context of CMOC 12)",
        "  CMOC 12 · cited  [proposed; no evidence]", "    C  B  (outcome of CMOC 13)",
        "    M  (not yet known)", "    O  C"]


def test_themes_come_in_order_with_interventions_and_actors(example_theory):
    lines = to_outline(example_theory).splitlines()
    headings = [line for line in lines if line and not line.startswith(" ")]
    assert headings[1:] == list(example_theory.themes)
    assert "    I  Social prescribing link worker" in lines
    assert "    A  Voluntary, community and social enterprise sector" in lines


def test_a_partial_configuration_says_what_is_not_known(example_theory):
    text = to_outline(example_theory, configurations="person-centred-care")
    assert "    C  (not yet known)" in text.splitlines()


def test_no_evidence_text_appears(example_theory):
    text = flat(to_outline(example_theory))
    for excerpt in example_theory.collection.excerpts:
        assert normalised(excerpt.text)[:40] not in text


# -- filters ---------------------------------------------------------------------------


def test_a_configuration_filter_shows_only_those(example_theory):
    text = to_outline(example_theory, configurations=["anchor-point", "workload-threat"])
    ids = [line.split(":")[0].strip() for line in text.splitlines()
           if line.startswith("  ") and not line.startswith("   ")]
    # The numbers of the whole theory, not of the part shown.
    assert ids == ["CMOC 3 · anchor-point", "CMOC 11 · workload-threat"]
    assert "(context of" not in text  # hope-through-trust is not shown


@pytest.mark.parametrize("option", ["themes", "configurations"])
def test_unknown_filter_names_are_refused(example_theory, option):
    with pytest.raises(InputError, match=r"'Nope': is not in this theory \(use one of: "):
        to_outline(example_theory, **{option: "Nope"})


# -- layout ----------------------------------------------------------------------------


def test_configurations_without_a_theme_come_last():
    theory = theory_of(
        Configuration(id="loose", contexts=[{"label": "A"}], outcomes=[{"label": "B"}]),
        Configuration(id="themed", theme="T", contexts=[{"label": "A"}],
                      mechanism={"resource": "R"}, outcomes=[{"label": "C"}],
                      evidence=evidence("supports", "refutes", "refutes", "refines")))
    assert to_outline(theory) == """\
Programme theory · 2 configurations

T
  CMOC 2 · themed  [proposed; 1 supporting, 2 refuting, 1 refining]
    C  A
    M  resource: R
    O  C

(no theme)
  CMOC 1 · loose  [proposed; no evidence]
    C  A
    M  (not yet known)
    O  B"""


def test_a_named_mechanism_leads_with_its_name():
    theory = theory_of(Configuration(
        id="c", contexts=[{"label": "A"}], outcomes=[{"label": "B"}],
        mechanism={"label": "Trust", "resource": "Listening", "reasoning": "Feels safe"}))
    assert "    M  Trust: Listening -> Feels safe" in to_outline(theory).splitlines()


def test_long_labels_wrap_with_a_hanging_indent():
    long = "Patient is ready to move forward given motivation and capacity " * 3
    theory = theory_of(Configuration(id="c", theme="T", contexts=[{"label": long}],
                                     mechanism={"reasoning": "Feels able"},
                                     outcomes=[{"label": "Connects"}]))
    lines = to_outline(theory, width=40).splitlines()
    start = lines.index("    C  Patient is ready to move forward")
    following = lines[start + 1:lines.index("    M  reasoning: Feels able")]
    assert len(following) > 3
    assert all(line.startswith("       ") and line[7] != " " for line in following)
    assert all(len(line) <= 40 for line in lines)
    assert flat("\n".join(lines[start:start + 1 + len(following)])) == "C " + flat(long)


def test_white_space_in_labels_is_not_layout():
    theory = theory_of(Configuration(id="c", contexts=[{"label": "Two\n\nparagraphs\there"}],
                                     mechanism={"reasoning": "Feels\nable"},
                                     outcomes=[{"label": "Out"}]))
    lines = to_outline(theory).splitlines()
    assert "    C  Two paragraphs here" in lines and "    M  reasoning: Feels able" in lines


def test_a_width_too_narrow_is_refused(example_theory):
    with pytest.raises(ValueError, match="at least 24"):
        to_outline(example_theory, width=10)


@given(collections(), st.integers(24, 120))
def test_any_theory_fits_its_width_and_keeps_every_word(collection, width):
    theory = ProgrammeTheory(collection)
    text = to_outline(theory, width=width)
    for line in text.splitlines():
        # A line may run over only when it holds one word longer than a line.
        assert len(line) <= width or " " not in line.strip().replace(
            " supporting", "").replace(" refuting", "").replace(" refining", "")
    words = flat(text)
    for configuration in theory.configurations:
        assert f" {configuration.id}" in words
        labels = [e.label for e in configuration.elements if not isinstance(e, Mechanism)]
        assert all(normalised(label) in words for label in labels)


# -- chains ----------------------------------------------------------------------------


def naive_chain_lines(theory: ProgrammeTheory) -> dict[str, list[str]]:
    """Each configuration's C and O lines, chains found by comparing every pair of
    configurations (not through ``theory.chains()``), for an outline by id that never wraps."""
    def states(elements: Any) -> set[str]:
        return {theory.node(element) for element in elements}

    expected = {}
    for configuration in theory.configurations:
        others = [other for other in theory.configurations if other is not configuration]
        lines = []
        for letter, elements, relation, linked in (
                ("C", configuration.contexts, "outcome of", lambda o: o.outcomes),
                ("O", configuration.outcomes, "context of", lambda o: o.contexts)):
            for element in elements or (None,):
                if element is None:
                    lines.append(f"    {letter}  (not yet known)")
                    continue
                ids = [other.id for other in others
                       if theory.node(element) in states(linked(other))]
                note = f"  ({relation} {', '.join(ids)})" if ids else ""
                lines.append(f"    {letter}  {' '.join(element.label.split())}{note}")
        expected[configuration.id] = lines
    return expected


def chain_lines(outline: str) -> dict[str, list[str]]:
    """The C and O lines under each configuration's heading (an outline by id)."""
    found: dict[str, list[str]] = {}
    current: list[str] = []
    for line in outline.splitlines():
        heading = re.match(r"  (\S+?)(?::|  \[)", line)
        if heading and not line.startswith("   "):
            current = found.setdefault(heading.group(1), [])
        elif line.startswith(("    C  ", "    O  ")):
            current.append(line)
    return found


def test_the_example_names_each_chain_as_a_naive_search_finds_it(example_theory):
    outline = to_outline(example_theory, labels="id", width=10_000)
    assert chain_lines(outline) == naive_chain_lines(example_theory)
    assert "(context of hope-through-trust)" in outline


@given(collections())
def test_any_theory_names_each_chain_as_a_naive_search_finds_it(collection):
    theory = ProgrammeTheory(collection)
    assert chain_lines(to_outline(theory, labels="id", width=10_000)) == naive_chain_lines(theory)


# -- writing ---------------------------------------------------------------------------


def test_write_outline_writes_the_text_atomically(example_theory, tmp_path):
    path = write_outline(example_theory, tmp_path / "theory.txt", width=70, quotes=False)
    assert path.read_text(encoding="utf-8") == to_outline(example_theory, width=70) + "\n"
    with pytest.raises(InputError):
        write_outline(example_theory, path, themes=["Nope"])
    assert path.read_text(encoding="utf-8").startswith("Social prescribing")
    assert [p.name for p in tmp_path.iterdir()] == ["theory.txt"]


def test_the_no_theme_heading_is_named():
    assert NO_THEME == "(no theme)"
