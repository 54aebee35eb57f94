"""One way for every format: ids, DOIs, citations, dates, and what is skipped or refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cmo.bibliography.references import Person, Reference, citation_text, named, parse_date
from cmo.bibliography.sources import clean_doi, clean_id, to_collection
from cmo.exceptions import CmoWarning, InputError, Problem

EMPTY = Problem("", "no references found", "export them again")


@pytest.mark.parametrize(("person", "shown"), [
    (Person("Tierney", "S."), "Tierney, S."),
    (Person("Exampleson", "Ana María"), "Exampleson, A. M."),
    (Person("Dupont", "Jean-Paul"), "Dupont, J.-P."),
    (Person("Tolkien", "J.R.R."), "Tolkien, J. R. R."),
    (Person("Østergaard", "Øystein"), "Østergaard, Ø."),
    (Person("Synthetic Research Group"), "Synthetic Research Group"),
])
def test_people_are_shown_by_family_name_and_initials(person: Person, shown: str) -> None:
    assert str(person) == shown


@pytest.mark.parametrize(("key", "identifier"), [
    ("tierney2024", "tierney2024"),
    ("Tierney_2024.a", "Tierney_2024.a"),
    ("tierney:2024", "tierney-2024"),
    ("Müller 2020", "Muller-2020"),
    (".hidden-", "hidden"),
    ("x" * 300, "x" * 200),
    ("日本", ""),
])
def test_keys_are_made_valid_ids(key: str, identifier: str) -> None:
    assert clean_id(key) == identifier


@pytest.mark.parametrize(("text", "doi"), [
    ("10.3310/ETND8254", "10.3310/ETND8254"),
    (" https://doi.org/10.3310/ETND8254 ", "10.3310/ETND8254"),
    ("http://dx.doi.org/10.4236/jss.2023.115006", "10.4236/jss.2023.115006"),
    ("doi.org/10.4236/jss.2023.115006", "10.4236/jss.2023.115006"),
    ("DOI: 10.4236/jss.2023.115006", "10.4236/jss.2023.115006"),
    ("doi:10.4236/jss.2023.115006", "10.4236/jss.2023.115006"),
    ("10.3310", None),
    ("ETND8254", None),
    ("https://example.org/10.3310/ETND8254", None),
])
def test_dois_lose_their_prefix_and_malformed_ones_are_refused(text: str,
                                                               doi: str | None) -> None:
    assert clean_doi(text) == doi


@pytest.mark.parametrize(("text", "parts"), [
    ("2024", ("2024", None, None)),
    ("2024-03-05", ("2024", 3, 5)),
    ("2024/03/05/", ("2024", 3, 5)),
    ("2023///", ("2023", None, None)),
    ("2023-11", ("2023", 11, None)),
    ("in press", ("in press", None, None)),
    (None, (None, None, None)),
])
def test_dates_are_read_in_their_usual_spellings(text: str | None,
                                                 parts: tuple[object, ...]) -> None:
    assert parse_date(text) == parts


def test_et_al_and_others_mean_more_authors() -> None:
    assert named([Person("Tierney", "S."), Person("et al.")]) == (
        (Person("Tierney", "S."),), True)
    assert named([Person("Griffiths"), Person("Jiang")]) == (
        (Person("Griffiths"), Person("Jiang")), False)


TITLE = "Synthetic test reference"


@pytest.mark.parametrize(("reference", "citation"), [
    (Reference("", authors=(Person("Exampleson", "A."),), year="2020", title=TITLE,
               container="Synthetic Journal"),
     "Exampleson, A. (2020). Synthetic test reference. Synthetic Journal."),
    (Reference("", authors=tuple(Person(name) for name in "ABCD"), year="2020", title=TITLE),
     "A et al. (2020). Synthetic test reference."),
    (Reference("", authors=(Person("A"), Person("B")), more_authors=True, title=TITLE),
     "A et al. Synthetic test reference."),
    (Reference("", year="in press", title="Synthetic test reference?"),
     "Synthetic test reference? (in press)."),
    (Reference("", authors=(Person("A"),), title="Synthetic test reference?"),
     "A. Synthetic test reference?"),
    (Reference("", container="Synthetic Journal"), None),
])
def test_citations_read_authors_year_title_container(reference: Reference,
                                                     citation: str | None) -> None:
    assert citation_text(reference) == citation


def test_a_derived_id_leaves_the_keys_of_later_entries_free(tmp_path: Path) -> None:
    references = [Reference("item 1", authors=(Person("Tierney", "S."),), year="2024"),
                  Reference("item 2", key="tierney2024", title=TITLE),
                  Reference("item 3", title="Synthetic: a test reference, third", year="2020"),
                  Reference("item 4", key="日本")]
    with pytest.warns(CmoWarning) as caught:
        collection = to_collection(tmp_path / "refs", references, empty=EMPTY)
    assert [source.id for source in collection.sources] == [
        "tierney2024b", "tierney2024", "synthetic-a-test-2020", "reference"]
    assert str(caught[-1].message) == (
        f"{tmp_path / 'refs'}: item 4: its key '日本' has no character an id may use; it is read "
        "as 'reference' (cite it by that id, or give it a key in the reference manager)")


def test_an_address_that_is_not_one_is_dropped(tmp_path: Path) -> None:
    reference = Reference("item 1", key="synthetic", url="example.org/no scheme")
    with pytest.warns(CmoWarning, match=r"item 1: 'example.org/no scheme' is not a web address"):
        collection = to_collection(tmp_path / "refs", [reference], empty=EMPTY)
    assert collection.sources[0].url is None


def test_nothing_to_read_raises_every_problem_or_the_empty_one(tmp_path: Path) -> None:
    with pytest.raises(InputError) as raised:
        to_collection(tmp_path / "refs", [], empty=EMPTY)
    assert raised.value.problems == (EMPTY,)
    skipped = [Problem("line 9", "not read: b"), Problem("line 2", "not read: a")]
    with pytest.raises(InputError) as raised:
        to_collection(tmp_path / "refs", [], skipped, empty=EMPTY)
    assert [problem.place for problem in raised.value.problems] == ["line 2", "line 9"]


def test_a_full_date_is_kept(tmp_path: Path) -> None:
    reference = Reference("item 1", key="synthetic", year="2020", month=5, day=7)
    collection = to_collection(tmp_path / "refs", [reference], empty=EMPTY)
    assert collection.sources[0].date == dt.date(2020, 5, 7)
