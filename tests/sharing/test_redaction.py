"""Redacting a collection for sharing: nothing confidential reaches any writer's output.

Every participant, quote and note here is synthetic, made up for these tests.
"""

from __future__ import annotations

import base64
import re
import stat
import tempfile
import unicodedata
import warnings
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cmo.io
from cmo.exceptions import CmoWarning, DotNotFoundError, InputError
from cmo.models import Collection, Configuration, Evidence, Excerpt, Source
from cmo.sharing.keys import MIN_KEY_BYTES, new_key, read_key
from cmo.sharing.privacy import WITHHELD
from cmo.sharing.pseudonyms import pseudonyms
from cmo.sharing.redaction import DROPPABLE, Redaction
from cmo.theory.graph import ProgrammeTheory

from ..strategies import collections

KEY = b"synthetic test key, 32 bytes ok!"
OTHER_KEY = b"another synthetic test key, 32 b!"
QUOTES = ("SECRET-QUOTE-1", "SECRET-QUOTE-2", "SECRET-QUOTE-3", "SECRET-QUOTE-4",
          "SECRET-QUOTE-5", "SECRET-TRANSCRIPT")
PARTICIPANTS = ("P07", "Mrs Example", "P12")
# How a participant id may be written into an id or a file name: searched for as well.
SPELLINGS = ("p07", "p-07", "p_07", "mrs example", "mrs-example", "mrs_example", "mrsexample",
             "p12")


def confidential() -> Collection:
    """A synthetic study that looks confidential: named participants, marked quotes."""
    transcript = ("SECRET-TRANSCRIPT begins. SECRET-QUOTE-1: she listened to me. "
                  "SECRET-QUOTE-2: I did not go back.")
    p07_wave1 = Source(id="p07-interview-1", kind="interview", participant="P07",
                       participant_role="patient", site="Site North", wave="1",
                       title="Interview with P07 (synthetic)", notes="P07 asked for a break.",
                       text=transcript, url="https://example.org/recordings/p07-1")
    p07_wave2 = Source(id="p07-interview-2", kind="interview", participant="P07",
                       participant_role="patient", site="Site North", wave="2")
    mrs_example = Source(id="mrs-example-1", kind="interview", participant="Mrs Example",
                         participant_role="link worker", site="Site South", wave="1",
                         title="Mrs Example at work (synthetic)")
    observation = Source(id="obs-3", kind="observation", participant="P12", site="Site South")
    paper = Source(id="paper-1", kind="publication", doi="10.3310/ETND8254")
    start = transcript.index("SECRET-QUOTE-1")
    q1 = Excerpt(id="p07-q1", source=p07_wave1, text="SECRET-QUOTE-1: she listened to me.",
                 start=start, end=start + len("SECRET-QUOTE-1: she listened to me."),
                 codes=("Trust", "case P07"))
    q2 = Excerpt(id="p07-q2", source=p07_wave2, text="SECRET-QUOTE-2: I did not go back.",
                 timestamp="00:12:31")
    q3 = Excerpt(id="mrs-example-q3", source=mrs_example, text="SECRET-QUOTE-3 (synthetic)",
                 page="2")
    q4 = Excerpt(id="q4", source=observation, text="SECRET-QUOTE-4, observed (synthetic)")
    q5 = Excerpt(id="q5", source=paper, text="SECRET-QUOTE-5, a synthetic sentence")
    trust = Configuration(
        id="trust", theme="Trust and hope", status="supported",
        contexts=[{"label": "Patient is unsure of the link worker role"}],
        mechanism={"resource": "Link worker listens", "reasoning": "Patient trusts"},
        outcomes=[{"label": "Patient accepts referral"}],
        evidence=[Evidence(excerpt=q1, stance="supports", note="Mrs Example agrees"),
                  Evidence(excerpt=q3, stance="supports"),
                  Evidence(excerpt=q4, stance="refines"),
                  Evidence(excerpt=q5, stance="supports")],
        rationale="Supported by P07 and Mrs Example.", notes="Ask P12 again.")
    blocked = Configuration(
        id="blocked", theme="Connecting to support",
        contexts=[{"label": "Housing is insecure"}],
        mechanism={"reasoning": "Patient has no capacity"},
        outcomes=[{"label": "Patient does not connect"}],
        evidence=[Evidence(excerpt=q2, stance="refutes"), Evidence(excerpt=q1, stance="supports")])
    return Collection(id="synthetic-study", title="Synthetic study (not real data)",
                      sources=[p07_wave1, p07_wave2, mrs_example, observation, paper],
                      excerpts=[q1, q2, q3, q4, q5], configurations=[trust, blocked])


def counts(collection: Collection) -> list[dict]:
    return ProgrammeTheory(collection).strength_table()


def _without_id(row: dict) -> str:
    """A row of counts without the configuration's id and theme, which may name a participant."""
    return repr(sorted((key, value) for key, value in row.items()
                       if key not in {"configuration", "theme"}))


def outputs_text(folder: Path) -> str:
    """Everything a writer left in ``folder``: text files, and the entries of zip archives."""
    found = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                found += [archive.read(name).decode("utf-8", "replace")
                          for name in archive.namelist()]
        else:
            found.append(data.decode("utf-8", "replace"))
    return "\n".join(found).casefold()


WRITABLE = [chosen for chosen in cmo.io.FORMATS if chosen.writer]


@pytest.fixture(scope="module")
def shared() -> Collection:
    return Redaction(key=KEY).redact(confidential())


# The formats that carry evidence today: unredacted, the search below finds its secrets.
CARRY_EVIDENCE = ("YAML", "JSON", "Turtle", "JSON-LD", "N-Triples", "CSV", "XLSX",
                  "REFI-QDA project")


@pytest.mark.filterwarnings("ignore::cmo.exceptions.CmoWarning")
@pytest.mark.parametrize("name", CARRY_EVIDENCE)
def test_the_search_finds_secrets_written_without_redaction(name: str, tmp_path: Path) -> None:
    chosen = next(f for f in WRITABLE if f.name == name)
    cmo.io.save(confidential(), tmp_path / f"theory{chosen.extensions[0]}")
    text = outputs_text(tmp_path)
    assert all(marker.casefold() in text for marker in (*QUOTES[:5], *PARTICIPANTS))


# Tables warn that they leave out the (withheld) texts of sources: expected here.
@pytest.mark.filterwarnings("ignore::cmo.exceptions.CmoWarning")
@pytest.mark.parametrize("chosen", WRITABLE, ids=lambda chosen: chosen.name)
def test_no_quote_or_participant_reaches_any_output(
        chosen: cmo.io.Format, shared: Collection, tmp_path: Path) -> None:
    # PNG and PDF are drawn from the same DOT source as the SVG and DOT outputs, which are
    # searched as text; their own bytes are searched too, though text in them may be encoded.
    try:
        path = cmo.io.save(shared, tmp_path / f"theory{chosen.extensions[0]}")
    except DotNotFoundError:
        pytest.skip(f"{chosen.name} needs Graphviz's 'dot', which is not installed "
                    "(apt-get install graphviz)")
    assert path.stat().st_size > 0
    text = outputs_text(tmp_path)
    leaked = [marker for marker in (*QUOTES, *PARTICIPANTS, *SPELLINGS)
              if marker.casefold() in text]
    assert leaked == []


def test_counts_are_kept(shared: Collection) -> None:
    original = confidential()
    assert counts(shared) == counts(original)
    assert (len(shared.sources), len(shared.excerpts)) == (5, 5)
    participants = {source.participant for source in shared.sources if source.participant}
    assert len(participants) == 3
    assert all(participant.startswith("P-") for participant in participants)
    row = {r["configuration"]: r for r in counts(shared)}["trust"]
    assert (row["evidence"], row["sources"], row["participants"], row["sites"], row["waves"]) \
        == (4, 4, 3, 2, 1)


def test_counts_survive_writing_and_reading_back(shared: Collection, tmp_path: Path) -> None:
    for extension in (".yaml", ".json"):
        read_back = cmo.io.read(cmo.io.save(shared, tmp_path / f"theory{extension}"))
        assert counts(read_back) == counts(confidential())


def test_ids_that_contain_a_participant_id_are_pseudonymised_consistently(
        shared: Collection) -> None:
    names = pseudonyms(PARTICIPANTS, key=KEY)
    assert sorted(source.id for source in shared.sources) == sorted([
        f"{names['P07']}-interview-1", f"{names['P07']}-interview-2",
        f"{names['Mrs Example']}-1", "obs-3", "paper-1"])
    assert sorted(excerpt.id for excerpt in shared.excerpts) == sorted([
        f"{names['P07']}-q1", f"{names['P07']}-q2", f"{names['Mrs Example']}-q3", "q4", "q5"])
    cited = {e.excerpt.id: e.excerpt for c in shared.configurations for e in c.evidence}
    assert all(cited[i] == shared.excerpts[[x.id for x in shared.excerpts].index(i)]
               for i in cited)
    assert all(excerpt.source in shared.sources for excerpt in shared.excerpts)


@pytest.mark.parametrize(("written", "found"), [
    ("p07-interview-1", True), ("P_07.q3", True), ("P07a", True), ("x.p-07", True),
    ("sp07", False), ("p070", False), ("p7", False), ("mrs-p07", True),
])
def test_where_a_participant_id_is_found_in_an_id(written: str, found: bool) -> None:
    # "Mrs Example" too: a longer id, tried first at each word, must not run past the end.
    source = Source(id=written, kind="interview", participant="P07")
    other = Source(id="s2", kind="interview", participant="Mrs Example")
    shared = Redaction(key=KEY).redact(Collection(sources=[source, other]))
    assert (shared.sources[0].id != written) is found


def test_an_id_ending_in_a_short_participant_id() -> None:
    # Longer participant ids are tried first at each word: they must not run past the end.
    smith = Source(id="interview-smith", kind="interview", participant="Smith")
    other = Source(id="s2", kind="interview", participant="Mrs Example")
    shared = Redaction(key=KEY).redact(Collection(sources=[smith, other]))
    assert shared.sources[0].id == "interview-" + pseudonyms(["Smith"], key=KEY)["Smith"]


@pytest.mark.parametrize(("participant", "written", "rest"), [
    ("Zoë-12", "zoe-12-interview", "-interview"), ("Zoë-12", "ZOE-12.q1", ".q1"),
    ("Zoe\u0308-12", "zoe-12-interview", "-interview"), ("José Núñez", "jose-nunez-1", "-1"),
    ("Weiß", "weiss-2", "-2"), ("Søren", "soren-1", "-1"), ("Łukasz", "LUKASZ-1", "-1"),
    ("Æsa", "aesa-1", "-1"), ("P١٢", "p12-interview", "-interview"),
])
def test_a_participant_is_found_in_an_id_in_ascii_spelling(participant: str, written: str,
                                                           rest: str) -> None:
    """Ids are typed in ASCII: accents are left out, and the Latin letters Unicode does
    not decompose (ß, ø, ł, æ, œ...) are spelt as people type them without those keys."""
    source = Source(id=written, kind="interview", participant=participant)
    shared = Redaction(key=KEY).redact(Collection(sources=[source]))
    assert shared.sources[0].id == pseudonyms([participant], key=KEY)[participant] + rest


@pytest.mark.parametrize(("participant", "written", "rest"), [
    ("Zoë-12", "Zoë-12 at home", " at home"), ("Zoë-12", "zoe 12 at home", " at home"),
    ("Zoë-12", "Zoe\u0308-12 at home", " at home"), ("WEISS", "Weiß at home", " at home"),
    ("Œdipe", "OEDIPE 2", " 2"), ("Zoë", "Zoe\u0308", ""),
])
def test_a_participant_is_found_in_text_in_any_spelling(participant: str, written: str,
                                                        rest: str) -> None:
    source = Source(id="s1", kind="interview", participant=participant,
                    notes=f"Synthetic note: {written}.")
    shared = Redaction(key=KEY).redact(Collection(sources=[source]))
    name = pseudonyms([participant], key=KEY)[participant]
    assert shared.sources[0].notes == f"Synthetic note: {name}{rest}."


_ACCENTS = ("", "", "\u0301", "\u0300", "\u0302", "\u0303", "\u0308", "\u030a", "\u0327",
            "\u030c")
# Letters with no accent to take off, and how an ASCII id spells them.
_UNDECOMPOSED = {"ø": "o", "ł": "l", "ß": "ss", "æ": "ae", "œ": "oe", "đ": "d", "þ": "th",
                 "Ø": "o", "Ł": "l", "Æ": "ae", "Œ": "oe"}


@st.composite
def _accented_participants(draw: st.DrawFn) -> tuple[str, str]:
    """A participant id with accents (synthetic), and its ASCII spelling in an id."""
    words, spelt = [], []
    for _ in range(draw(st.integers(1, 3))):
        if draw(st.booleans()):
            number = draw(st.from_regex(r"[0-9]{1,3}", fullmatch=True))
            words.append(number)
            spelt.append(number)
            continue
        letters = draw(st.lists(st.one_of(
            st.tuples(st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"),
                      st.sampled_from(_ACCENTS)),
            st.sampled_from(sorted(_UNDECOMPOSED)).map(lambda letter: (letter, None))),
            min_size=1, max_size=6))
        words.append(unicodedata.normalize(draw(st.sampled_from(["NFC", "NFD"])), "".join(
            letter + (accent or "") for letter, accent in letters)))
        spelt.append("".join(_UNDECOMPOSED[letter] if accent is None else letter.lower()
                             for letter, accent in letters))
    separator = draw(st.sampled_from([" ", "-", "_", "."]))
    case = draw(st.sampled_from([str.lower, str.upper]))
    return separator.join(words), case("-".join(spelt))


# The other word is longer than any participant drawn, so it is never theirs.
@given(_accented_participants(), st.sampled_from(["{}-interview", "interview_{}",
                                                  "interview.{}.interview"]))
def test_any_participant_is_found_in_its_ascii_spelling_inside_an_id(
        participant: tuple[str, str], shape: str) -> None:
    written, spelt = participant
    source = Source(id=shape.format(spelt), kind="interview", participant=written)
    shared = Redaction(key=KEY).redact(Collection(sources=[source]))
    assert shared.sources[0].id == shape.format(pseudonyms([written], key=KEY)[written])


def test_thousands_of_participants_are_redacted_quickly() -> None:
    sources = [Source(id=f"p{n:05}-interview", kind="interview", participant=f"P{n:05}",
                      notes=f"Synthetic note on P{n:05} and P{(n + 1) % 3000:05}") for n in range(3000)]
    shared = Redaction(key=KEY).redact(Collection(sources=sources))
    assert len({s.participant for s in shared.sources}) == 3000
    assert not any(re.search(r"p\d{5}", s.id + s.notes, re.IGNORECASE) for s in shared.sources)


def test_participant_ids_in_free_text_are_replaced(shared: Collection) -> None:
    names = pseudonyms(PARTICIPANTS, key=KEY)
    trust = shared.configuration("trust")
    assert trust.rationale == f"Supported by {names['P07']} and {names['Mrs Example']}."
    assert trust.notes == f"Ask {names['P12']} again."
    source = next(s for s in shared.sources if s.participant == names["P07"] and s.title)
    assert source.title == f"Interview with {names['P07']} (synthetic)"
    assert source.url == f"https://example.org/recordings/{names['P07']}-1"


def test_participant_ids_in_what_diagrams_draw_are_replaced() -> None:
    """Themes, labels, elements and configuration ids are drawn (or put in tooltips)."""
    interview = Source(id="p07-interview-1", kind="interview", participant="P07")
    quote = Excerpt(id="p07-q1", source=interview, text="SECRET-QUOTE-1 (synthetic)")
    housing = {"id": "c-p07-housing", "label": "Housing of P07 is insecure",
               "description": "As P07 told us (synthetic)", "aliases": ["P07's flat"]}
    story = Configuration(
        id="p07-story", label="What happened to P07", theme="Cases like P07",
        derived_from=("p07-story",), contexts=[housing],
        mechanism={"resource": "Link worker visits P07", "reasoning": "P07 feels safe",
                   "description": "Seen with P07"},
        outcomes=[{"label": "P07 connects"}], evidence=[Evidence(excerpt=quote, stance="refutes")])
    chained = Configuration(id="next", contexts=[{"id": "o-p07-connects", "label": "P07 connects"}],
                            outcomes=[{"label": "Hope"}])
    original = Collection(title="Study of P07 (synthetic)", configurations=[story, chained])
    shared = Redaction(key=KEY).redact(original)
    name = pseudonyms(["P07"], key=KEY)["P07"]
    assert "p07" not in shared.model_dump_json().casefold()
    story, chained = shared.configurations
    assert (story.id, story.label, story.theme, story.derived_from) == (
        f"{name}-story", f"What happened to {name}", f"Cases like {name}", (f"{name}-story",))
    (context,) = story.contexts
    assert (context.id, context.label, context.description, context.aliases) == (
        f"c-{name}-housing", f"Housing of {name} is insecure", f"As {name} told us (synthetic)",
        (f"{name}'s flat",))
    assert story.mechanism is not None
    assert (story.mechanism.label, story.mechanism.resource, story.mechanism.reasoning,
            story.mechanism.description) == (
        f"Link worker visits {name} → {name} feels safe", f"Link worker visits {name}",
        f"{name} feels safe", f"Seen with {name}")
    # The chain still joins: the outcome and the context it becomes share their new id.
    assert story.outcomes[0].id == chained.contexts[0].id == f"o-{name}-connects"
    assert ProgrammeTheory(shared).summary()["chains"] == ProgrammeTheory(
        original).summary()["chains"] == 1
    assert shared.title == f"Study of {name} (synthetic)"


def test_quotes_and_source_texts_are_withheld_by_default(shared: Collection) -> None:
    assert {excerpt.text for excerpt in shared.excerpts} == {WITHHELD}
    assert {source.text for source in shared.sources} == {WITHHELD, None}


def test_quotes_can_be_kept_verbatim() -> None:
    kept = Redaction(quotes=True, key=KEY).redact(confidential())
    assert sorted(e.text for e in kept.excerpts) == sorted(e.text for e in confidential().excerpts)
    spans = {e.start for e in kept.excerpts if e.start is not None}
    assert spans == {e.start for e in confidential().excerpts if e.start is not None}


def test_no_pseudonyms_keeps_participant_ids() -> None:
    plain = Redaction(pseudonyms=False).redact(confidential())
    assert {s.participant for s in plain.sources} == {*PARTICIPANTS, None}
    assert {s.id for s in plain.sources} == {s.id for s in confidential().sources}


def test_a_programme_theory_can_be_redacted() -> None:
    theory = ProgrammeTheory(confidential())
    assert Redaction(key=KEY).redact(theory) == Redaction(key=KEY).redact(confidential())


# -- linking exports: the same key links them, another key or none does not -----------------


def participants_of(collection: Collection) -> set[str]:
    return {source.participant for source in collection.sources if source.participant}


def test_the_same_key_gives_the_same_pseudonyms_in_two_exports(tmp_path: Path) -> None:
    first = cmo.io.save(Redaction(key=KEY).redact(confidential()), tmp_path / "a.yaml")
    # A second export of part of the study: the same participant, the same pseudonym.
    part = Collection(configurations=[confidential().configuration("blocked")])
    second = cmo.io.save(Redaction(key=KEY).redact(part), tmp_path / "b.yaml")
    before, after = participants_of(cmo.io.read(first)), participants_of(cmo.io.read(second))
    assert after == {pseudonyms(["P07"], key=KEY)["P07"]}
    assert after <= before


def test_another_key_or_no_key_gives_other_pseudonyms() -> None:
    with_key = participants_of(Redaction(key=KEY).redact(confidential()))
    with_other = participants_of(Redaction(key=OTHER_KEY).redact(confidential()))
    unkeyed = [participants_of(Redaction().redact(confidential())) for _ in range(2)]
    assert with_key.isdisjoint(with_other)
    assert with_key.isdisjoint(unkeyed[0])
    assert unkeyed[0].isdisjoint(unkeyed[1])


def test_ids_that_become_equal_are_kept_apart() -> None:
    # "p07-a" and "P07-a" would both become "<pseudonym>-a"; a source named like the
    # participant but without one stays a different case from that participant.
    lower = Source(id="p07-a", kind="interview", participant="P07")
    upper = Source(id="P07-a", kind="interview", participant="P07")
    named = Source(id="p07", kind="document")
    evidence = [Evidence(excerpt=Excerpt(id=f"q{n}", source=source, text="Synthetic"),
                         stance="refutes") for n, source in enumerate([lower, upper, named])]
    collection = Collection(configurations=[Configuration(
        id="c1", contexts=[{"label": "A"}], outcomes=[{"label": "B"}], evidence=evidence)])
    shared = Redaction(key=KEY).redact(collection)
    name = pseudonyms(["P07"], key=KEY)["P07"]
    # "p07" is not P07's id, so it may not become P07's pseudonym: it would merge two cases.
    assert sorted(s.id for s in shared.sources) == sorted(
        [f"{name}-a", f"{name}-a-2", f"{name}-2"])
    assert counts(shared) == counts(collection)
    assert counts(shared)[0]["negative_cases"] == 2


@given(collections())
def test_redaction_keeps_counts_and_makes_a_valid_collection(collection: Collection) -> None:
    shared = Redaction(key=KEY).redact(collection)
    # A configuration whose id or theme holds a participant's id is renamed: its counts
    # are kept.
    assert sorted(map(_without_id, counts(shared))) == sorted(map(_without_id,
                                                                  counts(collection)))
    assert (len(shared.sources), len(shared.excerpts), len(shared.configurations)) == (
        len(collection.sources), len(collection.excerpts), len(collection.configurations))
    assert Collection.model_validate_json(shared.model_dump_json()) == shared
    originals = {s.participant for s in collection.sources if s.participant}
    assert {s.participant for s in shared.sources if s.participant}.isdisjoint(
        originals - set(pseudonyms(originals, key=KEY).values()))


# -- dropping fields ----------------------------------------------------------------------


def test_named_fields_are_dropped() -> None:
    shared = Redaction(key=KEY, drop=("source.site", "source.title", "source.notes",
                                      "excerpt.codes", "evidence.note",
                                      "configuration.notes")).redact(confidential())
    assert {(s.site, s.title, s.notes) for s in shared.sources} == {(None, None, None)}
    assert {e.codes for e in shared.excerpts} == {()}
    assert all(e.note is None for c in shared.configurations for e in c.evidence)
    assert all(c.notes is None for c in shared.configurations)
    before, after = counts(confidential()), counts(shared)
    # Dropping the site leaves no site to count; everything else is counted as before.
    assert [row["sites"] for row in after] == [0, 0]
    assert [{**row, "sites": 0} for row in before] == after


def test_every_droppable_field_can_be_dropped() -> None:
    shared = Redaction(key=KEY, drop=DROPPABLE).redact(confidential())
    assert all(s.participant is None and s.wave is None for s in shared.sources)
    assert all(e.start is None and e.end is None for e in shared.excerpts)
    for row, old in zip(counts(shared), counts(confidential()), strict=True):
        assert (row["participants"], row["sites"], row["waves"]) == (0, 0, 0)
        assert (row["evidence"], row["sources"]) == (old["evidence"], old["sources"])
    assert not any(source.id.casefold().startswith(("p07", "mrs")) for source in shared.sources)


def test_dropping_one_end_of_a_span_drops_the_span() -> None:
    shared = Redaction(key=KEY, drop=["excerpt.start"]).redact(confidential())
    assert all(e.start is None and e.end is None for e in shared.excerpts)


def test_an_unknown_field_is_refused_with_the_closest_name() -> None:
    with pytest.raises(InputError, match=r"unknown field 'source.sites' "
                                         r"\(did you mean 'source.site'\?\)"):
        Redaction(drop=["source.sites"])


def test_fields_that_cannot_be_dropped_say_why() -> None:
    with pytest.raises(InputError) as raised:
        Redaction(drop=["source.id", "excerpt.text", "nothing.like.this"])
    problems = [str(problem) for problem in raised.value.problems]
    assert problems[0].startswith("drop: 'source.id' cannot be dropped (every source needs it")
    assert "quotes=False" in problems[1]
    assert problems[2].startswith("drop: unknown field 'nothing.like.this' (use one of: ")


def test_a_single_field_name_is_one_name() -> None:
    assert Redaction(drop="source.site").drop == ("source.site",)


# -- keys ----------------------------------------------------------------------------------


def test_the_key_never_shows_in_a_repr() -> None:
    assert "synthetic test key" not in repr(Redaction(key=KEY))


def test_a_short_key_is_refused_with_the_minimum() -> None:
    with pytest.raises(InputError, match=rf"too short \(5 bytes\).*at least {MIN_KEY_BYTES}"):
        Redaction(key=b"short")


def test_new_key_is_private_and_readable(tmp_path: Path) -> None:
    path = new_key(tmp_path / "keys" / "study.key")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(read_key(path)) == MIN_KEY_BYTES
    assert read_key(new_key(tmp_path / "other.key")) != read_key(path)
    assert [p.name for p in path.parent.iterdir()] == ["study.key"]  # no temporary left


def test_new_key_does_not_replace_a_key_unless_told(tmp_path: Path) -> None:
    path = new_key(tmp_path / "study.key")
    key = read_key(path)
    with pytest.raises(InputError, match="a key file is already there"):
        new_key(path)
    assert read_key(path) == key
    assert read_key(new_key(path, overwrite=True)) != key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.parametrize("written", [
    KEY.hex(), KEY.hex().upper() + "\r\n", " ".join(KEY.hex()[i:i + 8] for i in range(0, 64, 8)),
    "c3ludGhldGljIHRlc3Qga2V5LCAzMiBieXRlcyBvayE=\n", "c3ludGhldGljIHRlc3Qga2V5LCAzMiBieXRlcyBvayE",
], ids=["hex", "upper-hex", "spaced-hex", "base64", "unpadded-base64"])
def test_key_files_in_text(written: str, tmp_path: Path) -> None:
    path = tmp_path / "study.key"
    path.write_text(written, encoding="ascii")
    path.chmod(0o600)
    assert read_key(path) == KEY


def test_a_raw_key_file(tmp_path: Path) -> None:
    raw = bytes(range(200, 240))
    path = tmp_path / "study.key"
    path.write_bytes(raw)
    path.chmod(0o600)
    assert read_key(path) == raw


@pytest.mark.parametrize(("content", "message"), [
    (None, "no such key file"),
    (b"", "the key file is empty"),
    (b" \n", "the key file is empty"),
    (b"0011aabb\n", "too short (4 bytes) (use at least 32 random bytes (64 hex digits)"),
    (b"not a key, but a passphrase!", "holds no valid key"),
])
def test_key_file_errors(content: bytes | None, message: str, tmp_path: Path) -> None:
    path = tmp_path / "study.key"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError) as raised:
        read_key(path)
    assert str(raised.value).startswith(f"{path}: ")
    said = str(raised.value).removeprefix(f"{path}: ")
    assert message in said
    if content and content.strip():
        assert content.strip().decode() not in said


def test_a_folder_is_not_a_key_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a folder"):
        read_key(tmp_path)


def test_a_key_file_others_can_read_is_warned_about(tmp_path: Path) -> None:
    path = new_key(tmp_path / "study.key")
    path.chmod(0o644)
    with pytest.warns(CmoWarning, match="can be read by other users") as caught:
        read_key(path)
    assert path.read_text().strip() not in str(caught[0].message)
    path.chmod(0o600)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        read_key(path)


@given(st.binary(min_size=MIN_KEY_BYTES, max_size=64), st.sampled_from(["hex", "base64"]))
def test_any_key_written_as_text_reads_back(key: bytes, encoding: str) -> None:
    text = key.hex() if encoding == "hex" else base64.b64encode(key).decode("ascii")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "study.key"
        path.write_text(text + "\n", encoding="ascii")
        path.chmod(0o600)
        assert read_key(path) == key
