"""BibTeX reference lists become publication sources, and bad entries are named and skipped."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import cmo.io
from cmo.bibliography import read_bibtex
from cmo.exceptions import InputError

from . import SEED_DOIS, assert_seeds, read_noting, write

# As Zotero writes them: braces keep capitals, the DOI may be a whole address.
SEEDS = r"""
@article{tierney2024,
  author = {Tierney, S. and others},
  title = {Patient buy-in to social prescribing through link workers as part of
           {person-centred} care: a realist evaluation},
  journal = {Health and Social Care Delivery Research},
  year = {2024},
  doi = {https://doi.org/10.3310/ETND8254},
}

@article{griffiths2023,
  author = {Griffiths and Jiang and Walker},
  title = "Social Prescribing: Link Workers’ Perspectives on Service Delivery",
  journal = {Journal of Social Sciences},
  year = 2023,
  doi = {doi:10.4236/jss.2023.115006},
}
"""

SYNTHETIC = r"""
@string{venue = "Synthetic Journal of Testing"}
@misc{synthetic-latex,
  author = {M{\"u}ller-Exampleson, Jean-Paul and {Synthetic Research Group} and {\O}stergaard, Test A.},
  title = {Synthetic test reference: {\"O}ffentliche {Gesundheit} \& care},
  journal = venue,
  date = {2020-05-07},
  url = {https://example.org/synthetic%20test~reference\_1},
}
@misc{synthetic-nothing,
}
"""


def test_both_seed_publications_are_read_with_their_dois(tmp_path: Path) -> None:
    collection, notes = read_noting(read_bibtex, write(tmp_path, "refs.bib", SEEDS))
    assert_seeds(collection)
    assert notes == []


def test_the_registry_reads_bib_files(tmp_path: Path) -> None:
    collection = cmo.io.read(write(tmp_path, "refs.bib", SEEDS))
    assert {source.id: source.doi for source in collection.sources} == SEED_DOIS


def test_latex_braces_strings_and_several_authors_are_decoded(tmp_path: Path) -> None:
    collection, notes = read_noting(read_bibtex, write(tmp_path, "refs.bib", SYNTHETIC))
    latex, nothing = collection.sources
    assert latex.title == "Synthetic test reference: Öffentliche Gesundheit & care"
    assert latex.citation == ("Müller-Exampleson, J.-P., Synthetic Research Group and "
                              "Østergaard, T. A. (2020). Synthetic test reference: Öffentliche "
                              "Gesundheit & care. Synthetic Journal of Testing.")
    assert latex.date == dt.date(2020, 5, 7)
    assert latex.url == "https://example.org/synthetic%20test~reference_1"
    assert (nothing.id, nothing.title, nothing.citation, nothing.doi) == (
        "synthetic-nothing", None, None, None)
    assert notes == []


def test_a_year_alone_is_not_a_date_but_year_month_and_day_are(tmp_path: Path) -> None:
    path = write(tmp_path, "refs.bib", """
        @misc{a, title = {Synthetic test reference}, year = {2021}, month = may}
        @misc{b, title = {Synthetic test reference}, year = {2021}, month = {6}, day = {30}}
        @misc{c, title = {Synthetic test reference}, year = {2021}, month = feb, day = {30}}
    """)
    collection, notes = read_noting(read_bibtex, path)
    assert [source.date for source in collection.sources] == [None, dt.date(2021, 6, 30), None]
    assert [source.citation for source in collection.sources] == [
        "Synthetic test reference (2021)."] * 3
    assert notes == [f"{path}: entry 'c' (line 4): 2021-02-30 is not a date; only the year is "
                     "kept (correct the date)"]


def test_an_entry_without_a_key_gets_one_from_its_first_author_and_year(tmp_path: Path) -> None:
    path = write(tmp_path, "refs.bib", SEEDS + """
@misc{,
  author = {Tierney, S.},
  title = {Synthetic test reference},
  year = {2024},
}
""")
    collection, notes = read_noting(read_bibtex, path)
    assert [source.id for source in collection.sources] == [
        "tierney2024", "griffiths2023", "tierney2024b"]
    assert notes == [f"{path}: the entry on line 19: it has no key; it is read as "
                     "'tierney2024b' (cite it by that id, or give it a key in the reference "
                     "manager)"]


def test_a_key_that_is_not_an_id_is_cleaned_and_a_collision_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, "refs.bib", SEEDS + """
@misc{Müller:2020, title = {Synthetic test reference}}
@misc{Muller-2020, title = {Synthetic test reference, colliding}}
""")
    collection, notes = read_noting(read_bibtex, path)
    assert [source.title for source in collection.sources][2:] == ["Synthetic test reference"]
    assert collection.sources[2].id == "Muller-2020"
    assert notes == [
        f"{path}: entry 'Müller:2020' (line 19): the key 'Müller:2020' is not a valid id; it is "
        "read as 'Muller-2020' (cite it by that id, or use only ASCII letters, digits, '_', '.' "
        "and '-' in keys)",
        f"{path}: entry 'Muller-2020' (line 20): the key 'Muller-2020' is already used by entry "
        "'Müller:2020' (line 19); the first is kept, this one skipped (give each reference its "
        "own key)",
    ]


def test_a_duplicate_key_keeps_the_first_entry(tmp_path: Path) -> None:
    path = write(tmp_path, "refs.bib", SEEDS + """
@article{tierney2024,
  title = {Synthetic test reference},
}
""")
    collection, notes = read_noting(read_bibtex, path)
    assert_seeds(collection)
    assert notes == [f"{path}: entry 'tierney2024' (line 19): the key 'tierney2024' is already "
                     "used by entry 'tierney2024' (line 2); the first is kept, this one skipped "
                     "(give each reference its own key)"]


def test_a_malformed_doi_is_dropped_and_the_source_kept(tmp_path: Path) -> None:
    path = write(tmp_path, "refs.bib", "@misc{synthetic2020,\n  title = {Synthetic test "
                                       "reference},\n  doi = {ETND8254},\n}\n")
    collection, notes = read_noting(read_bibtex, path)
    assert [(source.id, source.doi) for source in collection.sources] == [("synthetic2020", None)]
    assert notes == [f"{path}: entry 'synthetic2020' (line 1): 'ETND8254' is not a DOI; the "
                     "source is kept without it (correct the DOI: it looks like "
                     "10.3310/ETND8254)"]


def test_unbalanced_braces_skip_the_entry_and_name_its_line(tmp_path: Path) -> None:
    broken = "@misc{synthetic-broken,\n  title = {Synthetic {test reference},\n}\n\n"
    path = write(tmp_path, "refs.bib", broken + SEEDS.lstrip() + broken)
    collection, notes = read_noting(read_bibtex, path)
    assert_seeds(collection)
    assert notes == [
        f"{path}: entry 'synthetic-broken' (line 1): not read: a '{{' in this entry is not "
        "closed before the next entry, line 5 (balance its braces { })",
        f"{path}: entry 'synthetic-broken' (line 21): not read: a '{{' in this entry is not "
        "closed before the end of the file (balance its braces { })",
    ]


def test_an_extra_closing_brace_is_pointed_out(tmp_path: Path) -> None:
    path = write(tmp_path, "refs.bib", SEEDS + """
@misc{synthetic2020,
  title = {Synthetic test reference}},
  year = {2020},
}
""")
    collection, notes = read_noting(read_bibtex, path)
    assert collection.sources[2].citation == "Synthetic test reference."
    assert notes == [f"{path}: line 20: text outside any entry looks like a field: an extra '}}' "
                     "may have closed the entry above it early (check the braces of the entry "
                     "above this line)"]


def test_a_file_whose_every_entry_is_broken_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "refs.bib", "@article{synthetic2020,\n  title = {Synthetic test\n")
    with pytest.raises(InputError) as raised:
        read_bibtex(path)
    assert str(raised.value) == (
        f"{path}: entry 'synthetic2020' (line 1): not read: a '{{' in this entry is not closed "
        "before the end of the file (balance its braces { })")


@pytest.mark.parametrize("text", ["", "  \n\n", "% only a comment\n@comment{exported}\n"])
def test_an_empty_file_is_refused(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, "refs.bib", text)
    with pytest.raises(InputError, match=r"refs\.bib: (the file is empty|no BibTeX entries found)"):
        read_bibtex(path)
