"""Reference lists as each program and database writes them: whole, and in bounded time and memory.

Every entry is synthetic (its title says so); the layouts follow what Zotero, JabRef,
EndNote, Mendeley, Google Scholar, Ovid, Scopus and Web of Science export.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cmo.bibliography import read_bibtex, read_csl_json, read_ris
from cmo.bibliography.bibtex import MAX_DECODED
from cmo.exceptions import InputError

from . import read_noting, write

JOURNAL = "Health & Social Care in the Community"

# One entry per program, each escaping (or not) the '&' of the journal its own way.
BIBTEX_VARIANTS = r"""
@article{zotero2020,
	title = {Synthetic test: {Person}-centred care {\&} support},
	volume = {28},
	journal = {Health {\&} Social Care in the Community},
	author = {Exampleson, Alex and Tester, Sam},
	year = {2020},
}
% JabRef keeps what was typed, a bare '&' too
@Article{jabref2020,
  author  = {Exampleson, Alex},
  title   = {Synthetic test: 50% of link workers & their patients},
  journal = {Health & Social Care in the Community},
  year    = {2020},
}
@article{endnote2020,
   author = {Exampleson, A.},
   title = {Synthetic test: R&D in social prescribing},
   journal = {Health & Social Care in the Community},
   year = {2020},
   type = {Journal Article}
}
@article{mendeley2020,
author = {Exampleson, Alex},
doi = {10.9999/synthetic.1},
journal = {Health {\&} Social Care in the Community},
title = {{Synthetic test: costs of 5{\%} and \$10}},
year = {2020}
}
@article{scholar2020,
  title={Synthetic test: link workers \& patients},
  author={Exampleson, Alex and M{\"u}ller, Jean},
  journal={Health \& Social Care in the Community},
  year={2020},
  publisher={Wiley Online Library}
}
"""


def test_every_program_keeps_the_ampersand_of_a_journal(tmp_path: Path) -> None:
    collection, notes = read_noting(read_bibtex, write(tmp_path, "refs.bib", BIBTEX_VARIANTS))
    assert notes == []
    assert [(source.id, source.title) for source in collection.sources] == [
        ("zotero2020", "Synthetic test: Person-centred care & support"),
        ("jabref2020", "Synthetic test: 50% of link workers & their patients"),
        ("endnote2020", "Synthetic test: R&D in social prescribing"),
        ("mendeley2020", "Synthetic test: costs of 5% and $10"),
        ("scholar2020", "Synthetic test: link workers & patients"),
    ]
    assert {source.citation.rsplit(". ", 1)[1] for source in collection.sources} == {
        f"{JOURNAL}."}
    assert collection.sources[-1].citation == (
        "Exampleson, A. and Müller, J. (2020). Synthetic test: link workers & patients. "
        f"{JOURNAL}.")


def test_an_escaped_backslash_before_an_ampersand_is_not_an_escape(tmp_path: Path) -> None:
    path = write(tmp_path, "refs.bib", r"@misc{a, title = {Synthetic A\\& B \'e}}")
    collection, _ = read_noting(read_bibtex, path)
    assert collection.sources[0].title == "Synthetic A & B é"


def test_a_three_megabyte_field_takes_seconds(tmp_path: Path) -> None:
    abstract = "Synthetic abstract text \\& more. " * 100_000
    title = "Synthetic {title} \\textit{x} " * 100_000  # LaTeX only pylatexenc reads
    accented = "Synthetic {title} \\'e " * 150_000  # accents, decoded piece by piece
    path = write(tmp_path, "refs.bib", f"@article{{big, title = {{{title}}}, "
                 f"abstract = {{{abstract}}}, year = {{2020}}}}\n"
                 f"@article{{accents, title = {{{accented}}}, year = {{2020}}}}\n"
                 "@article{small, title = {Synthetic {\\\"o} title}, year = {2021}}\n")
    started = time.perf_counter()
    collection, notes = read_noting(read_bibtex, path)
    assert time.perf_counter() - started < 10
    big, accents, small = collection.sources
    assert big.title.startswith("Synthetic title \\textitx Synthetic title")  # as written
    assert accents.title == " ".join(["Synthetic title é"] * 150_000)
    assert small.title == "Synthetic ö title"
    assert notes == [f"{path}: entry 'big' (line 1): the field 'title' is {len(title):,} "
                     "characters long; its LaTeX is not decoded (check that the field holds "
                     "what it should)"]
    assert len(title) > MAX_DECODED


def test_twelve_thousand_entries_are_read_in_bounded_memory(tmp_path: Path) -> None:
    entries = []
    for number in range(12_000):
        entries.append(  # LaTeX accents in every entry, as Zotero writes them
            f"@article{{synthetic{number},\n  author = {{Exampleson, Alex and M{{\\\"u}}ller, "
            f"Jean and Dupr{{\\'e}}, {{\\'E}}lodie}},\n"
            f"  title = {{Synthetic test reference {number}: {{Person-Centred}} caf{{\\'e}}s}},\n"
            f"  journal = {{{JOURNAL}}}, year = {{{1990 + number % 30}}},\n"
            f"  doi = {{10.9999/synthetic.{number}}},\n"
            f"  abstract = {{{'Synthetic abstract text. ' * 30}}},\n}}\n")
    path = write(tmp_path, "refs.bib", "".join(entries))
    script = ("import resource, sys, warnings, cmo.io\n"
              "warnings.simplefilter('ignore')\n"
              "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
              "sources = cmo.io.read(sys.argv[1]).sources\n"
              "after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
              "print(len(sources), sources[-1].citation, (after - before) // 1024)\n")
    result = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True,
                            text=True, check=True, timeout=300)
    count, *citation, growth = result.stdout.split()
    assert int(count) == 12_000
    assert " ".join(citation) == ("Exampleson, A., Müller, J. and Dupré, É. (2019). Synthetic "
                                  f"test reference 11999: Person-Centred cafés. {JOURNAL}.")
    # About 100 KB an entry stayed before (1.2 GB here); now the whole list takes a few MB.
    assert int(growth) < 250, f"peak memory grew by {growth} MB"


# -- RIS --------------------------------------------------------------------------------------

RIS_VARIANTS = (
    # EndNote: a byte-order mark, dates with slashes, 'ER  -' without its space, a blank line
    "\ufeffTY  - JOUR\r\nAU  - Exampleson, Alex\r\nPY  - 2020///\r\n"
    "TI  - Synthetic test: EndNote record\r\n\r\nT2  - Health & Social Care in the Community\r\n"
    "DA  - 2020/03/05/\r\nER  -\r\n\r\n"
    # Ovid: a record number between records
    "<2. >\r\nTY  - JOUR\r\nID  - ovid2\r\nA1  - Tester, Sam\r\nY1  - 2021\r\n"
    "T1  - Synthetic test: Ovid record\r\nJF  - Synthetic Journal\r\nER  - \r\n\r\n"
    # Scopus and Web of Science: the standard, with a DOI and a web address
    "TY  - JOUR\nAU  - Exampleson, A.\nAU  - Tester, S.\nTI  - Synthetic test: Scopus record\n"
    "T2  - Synthetic Journal\nPY  - 2022\nDO  - 10.9999/synthetic.scopus\n"
    "UR  - https://www.scopus.com/inward/record.uri?eid=synthetic\nER  - \n"
    # A second export pasted on, with its own byte-order mark, and an online tool's 'TY - '
    "\ufeffTY - JOUR\nTI  - Synthetic test: one space before the dash\nPY  - 2023\nER  - \n"
)


def test_ris_from_databases_and_endnote(tmp_path: Path) -> None:
    path = tmp_path / "refs.ris"
    path.write_bytes(RIS_VARIANTS.encode("utf-8"))
    collection, notes = read_noting(read_ris, path)
    assert [(source.id, source.title, source.doi) for source in collection.sources] == [
        ("exampleson2020", "Synthetic test: EndNote record", None),
        ("ovid2", "Synthetic test: Ovid record", None),
        ("exampleson2022", "Synthetic test: Scopus record", "10.9999/synthetic.scopus"),
        ("synthetic-test-one-2023", "Synthetic test: one space before the dash", None),
    ]
    assert collection.sources[0].citation == (
        f"Exampleson, A. (2020). Synthetic test: EndNote record. {JOURNAL}.")
    assert str(collection.sources[0].date) == "2020-03-05"
    assert [note.split(": ", 2)[1] for note in notes] == [
        "the record on line 1", "the record on line 19", "the record on line 28"]


# -- CSL-JSON ---------------------------------------------------------------------------------

def test_csl_json_years_that_are_not_years_are_warnings(tmp_path: Path) -> None:
    items = [
        {"id": "five", "type": "article", "title": "Synthetic year 5",
         "issued": {"date-parts": [[5, 1, 1]]}},
        {"id": "twenty", "type": "article", "title": "Synthetic twenty digits",
         "issued": {"date-parts": [[12345678901234567890, 2, 3]]}},
        {"id": "month", "type": "article", "title": "Synthetic huge month",
         "issued": {"date-parts": [[2020, 12345678901234567890, 3]]}},
        # Zotero writes the year as text and the rest as numbers
        {"id": "zotero", "type": "article-journal", "title": "Synthetic Zotero dates",
         "issued": {"date-parts": [["2016", 2, 9]]}},
        {"id": "strings", "type": "article-journal", "title": "Synthetic text dates",
         "issued": {"date-parts": [["2016", "02", "09"]]}},
    ]
    path = write(tmp_path, "refs.json", json.dumps(items))
    collection, notes = read_noting(read_csl_json, path)
    assert [(source.id, source.citation, source.date and str(source.date))
            for source in collection.sources] == [
        ("five", "Synthetic year 5.", None),
        ("twenty", "Synthetic twenty digits.", None),
        ("month", "Synthetic huge month (2020).", None),
        ("zotero", "Synthetic Zotero dates (2016).", "2016-02-09"),
        ("strings", "Synthetic text dates (2016).", "2016-02-09"),
    ]
    assert notes == [
        f"{path}: item 1 (id 'five'): the year 5 is not a year of publication; it is left out "
        "(correct the year: four digits, such as 2024)",
        f"{path}: item 2 (id 'twenty'): the year 123456789012... (20 digits) is not a year of "
        "publication; it is left out (correct the year: four digits, such as 2024)",
        f"{path}: item 3 (id 'month'): 2020-12345678901234567890-03 is not a date; only the "
        "year is kept (correct the date)",
    ]


def test_a_csl_json_number_beyond_pythons_digit_limit_is_an_input_error(tmp_path: Path) -> None:
    limit = sys.get_int_max_str_digits()
    path = write(tmp_path, "refs.json", '[{"id": "a", "type": "article",\n"issued": '
                 '{"date-parts": [[' + "9" * (limit + 1) + "]]}}]")
    with pytest.raises(InputError) as caught:
        read_csl_json(path)
    assert str(caught.value) == (f"{path}: line 2: a number has more digits than the {limit:,} "
                                 "a number may have (write it as text, in quotes)")
