"""Every excerpt of a theory checked: the worked example against its abstracts, a synthetic
extraction table with seeded altered and invented quotes, and spans corrected."""

from __future__ import annotations

import csv
import re
import warnings
from pathlib import Path

import pytest

import cmo
from cmo.exceptions import CmoWarning, InputError
from cmo.models import Collection, Configuration, Evidence, Excerpt, Source
from cmo.quotes import source_texts, verify

from .test_matching import ALTERED, INVENTED, TRANSCRIPT

#: Quotes said word for word in the synthetic transcript.
EXACT = (
    "At first I did not know what a link worker was",
    "she never made me feel bad about that.",
    "I would say she is the one person I can ring when it all gets too much.",
    "After a few weeks I started going to the walking group on Tuesdays",
)


def write_abstracts(abstracts: str, folder: Path) -> list[str]:
    """Each abstract of the shared seed file in ``folder`` as ``<first author><year>.txt``."""
    parts = re.split(r"^# (.+)$", abstracts, flags=re.MULTILINE)
    names = []
    for heading, body in zip(parts[1::2], parts[2::2], strict=True):
        author = re.match(r"[A-Za-z]+", heading)
        year = re.search(r"\b(\d{4})\b", heading)
        assert author and year, heading
        names.append(f"{author.group(0).lower()}{year.group(1)}")
        (folder / f"{names[-1]}.txt").write_text(body.strip() + "\n", encoding="utf-8")
    return names


def extraction_table(path: Path) -> Path:
    """A synthetic extraction table: one row per configuration and quote, naming its document."""
    quotes = [*EXACT, *(quote for quote, _ in ALTERED.values()), *INVENTED]
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["id", "context", "mechanism", "outcome", "quote", "document", "stance"])
        for number, quote in enumerate(quotes, 1):
            writer.writerow([f"cmoc-{number:02}", f"Context {number}", f"Mechanism {number}",
                             f"Outcome {number}", quote, "p01", "supports"])
    return path


def test_the_worked_example_is_verbatim_in_its_abstracts(abstracts, example_theory, tmp_path):
    assert write_abstracts(abstracts, tmp_path) == ["griffiths2023", "tierney2024"]
    checked = verify(example_theory, tmp_path)
    assert {row["status"] for row in checked.records()} == {"exact elsewhere"}
    assert len(checked.records()) == 15
    assert [(row["source"], row["excerpts"], row["exact elsewhere"])
            for row in checked.by_source()] == [("griffiths2023", 5, 5), ("tierney2024", 10, 10)]
    assert all(row["occurrences"] == 1 for row in checked.records())
    assert checked.not_found == () and len(checked.unverified) == 0


def test_a_synthetic_extraction_table_finds_each_altered_and_invented_quote(tmp_path):
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "p01.txt").write_text(TRANSCRIPT, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CmoWarning)
        theory = cmo.load(extraction_table(tmp_path / "table.csv"))
    checked = verify(theory, tmp_path / "texts")
    by_quote = {row["quote"]: row for row in checked.records(quotes=True)}
    assert [by_quote[quote]["status"] for quote in EXACT] == ["exact elsewhere"] * 4
    assert [(by_quote[quote]["status"], by_quote[quote]["score"])
            for quote, _ in ALTERED.values()] == [("near", score) for _, score in ALTERED.values()]
    assert [by_quote[quote]["status"] for quote in INVENTED] == ["not found"] * 4
    assert checked.by_source() == [{
        "source": "p01", "excerpts": 16, "exact at span": 0, "exact elsewhere": 4, "near": 8,
        "not found": 4, "no text": 0}]
    assert len(checked.by_configuration()) == 16 and len(checked.not_found) == 4
    assert "quote" not in checked.records()[0]


def test_rows_name_the_excerpt_its_source_and_the_configurations_citing_it():
    source = Source(id="p01", kind="interview", text=TRANSCRIPT)
    said = Excerpt(id="q1", source=source, text="She sat with me for an hour", start=0, end=5)
    cited = [Configuration(id=name, contexts=[{"label": "Referral"}],
                           outcomes=[{"label": "Trust"}],
                           evidence=[Evidence(excerpt=said, stance="supports")])
             for name in ("trust", "anchor")]
    checked = verify(Collection(configurations=cited))
    assert checked.records() == [{
        "excerpt": "q1", "source": "p01", "configurations": "anchor, trust",
        "status": "exact elsewhere", "score": 100.0, "start": 0, "end": 5,
        "found_start": 173, "found_end": 200, "occurrences": 1}]
    assert [row["configuration"] for row in checked.by_configuration()] == ["anchor", "trust"]
    assert checked.status("q1") == "exact elsewhere" and checked.unverified == frozenset()


def test_a_source_without_text_is_no_text_not_an_error(tmp_path):
    excerpt = Excerpt(id="q1", source=Source(id="p02", kind="interview"), text="Hello")
    checked = verify(Collection(excerpts=[excerpt]), tmp_path)
    assert checked.records()[0]["status"] == "no text"
    assert checked.unverified == frozenset({"q1"}) and checked.not_found == ()


def test_a_withheld_quote_or_source_text_has_nothing_to_check():
    shared = Source(id="p01", kind="interview", text="[quote withheld]")
    kept = Source(id="p02", kind="interview", text=TRANSCRIPT)
    excerpts = [Excerpt(id="q1", source=shared, text="She sat with me"),
                Excerpt(id="q2", source=kept, text="[quote withheld]")]
    checked = verify(Collection(excerpts=excerpts))
    assert [row["status"] for row in checked.records()] == ["no text", "no text"]


def test_texts_are_found_by_source_id_or_title_and_read_in_their_encoding(tmp_path):
    (tmp_path / "Interview P03.txt").write_bytes("Synthetic: caf\u00e9 \u2019ok\u2019".encode("cp1252"))
    (tmp_path / "p01.TXT").write_text("Synthetic one", encoding="utf-8")
    sources = Collection(sources=[Source(id="p01", kind="interview"),
                                  Source(id="p03", kind="interview", title="Interview P03"),
                                  Source(id="p04", kind="interview", text="Held"),
                                  Source(id="p05", kind="interview", title="p01.pdf")])
    with pytest.warns(CmoWarning, match="Windows-1252"):
        texts = source_texts(sources, tmp_path)
    assert texts == {"p01": "Synthetic one", "p03": "Synthetic: caf\u00e9 \u2019ok\u2019",
                     "p04": "Held", "p05": "Synthetic one"}


def test_a_sources_folder_that_is_not_one_is_refused(tmp_path):
    with pytest.raises(InputError) as raised:
        source_texts(Collection(), tmp_path / "missing")
    assert str(raised.value) == (
        f"{tmp_path / 'missing'}: no such folder (name the folder that holds the sources' "
        "texts)")


def test_fixed_spans_verify_exact_at_span_and_repeated_quotes_are_left():
    source = Source(id="p01", kind="interview", text=TRANSCRIPT)
    once = Excerpt(id="q1", source=source, text="She sat with me")
    twice = Excerpt(id="q2", source=source, text="about that.")
    theory = Collection(configurations=[Configuration(
        id="trust", contexts=[{"label": "Referral"}], outcomes=[{"label": "Trust"}],
        evidence=[Evidence(excerpt=once, stance="supports"),
                  Evidence(excerpt=twice, stance="supports")])])
    fixed = verify(theory).fixed()
    assert [(x.id, x.start, x.end) for x in fixed.excerpts] == [("q1", 173, 188),
                                                               ("q2", None, None)]
    assert fixed.configuration("trust").evidence[0].excerpt.start == 173
    assert [row["status"] for row in verify(fixed).records()] == ["exact at span",
                                                                  "exact elsewhere"]
