"""CSL-JSON reference lists become publication sources, and bad items are named and skipped."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

import cmo.io
from cmo.bibliography import read_csl_json
from cmo.exceptions import InputError

from . import SEED_DOIS, assert_seeds, read_noting, write

# As Zotero exports them; "et al." stands for Tierney's co-authors, who are not listed here.
SEEDS: list[dict[str, Any]] = [
    {"id": "tierney2024", "type": "article-journal",
     "title": "Patient buy-in to social prescribing through link workers as part of "
              "person-centred care: a realist evaluation",
     "container-title": "Health and Social Care Delivery Research",
     "author": [{"family": "Tierney", "given": "S."}, {"literal": "et al."}],
     "issued": {"date-parts": [[2024]]},
     "DOI": "10.3310/ETND8254"},
    {"id": "griffiths2023", "type": "article-journal",
     "title": "Social Prescribing: Link Workers’ Perspectives on Service Delivery",
     "container-title": ["Journal of Social Sciences"],
     "author": [{"family": "Griffiths"}, {"family": "Jiang"}, {"family": "Walker"}],
     "issued": {"date-parts": [["2023"]]},
     "DOI": "https://doi.org/10.4236/jss.2023.115006"},
]


def as_json(items: object) -> str:
    return json.dumps(items, ensure_ascii=False, indent=2)


def test_both_seed_publications_are_read_with_their_dois(tmp_path: Path) -> None:
    collection, notes = read_noting(read_csl_json, write(tmp_path, "refs.json", as_json(SEEDS)))
    assert_seeds(collection)
    assert notes == []


def test_the_registry_reads_a_json_list_as_csl_json(tmp_path: Path) -> None:
    collection = cmo.io.read(write(tmp_path, "refs.json", "\ufeff" + as_json(SEEDS)))
    assert {source.id: source.doi for source in collection.sources} == SEED_DOIS


def test_names_dates_numbers_and_a_doi_in_the_url(tmp_path: Path) -> None:
    items = [{"id": 7, "title": "Synthetic test reference", "publisher": "Synthetic Press",
              "author": [{"family": "Exampleson", "given": "Ana", "non-dropping-particle": "de"},
                         {"literal": "Synthetic Research Group"}],
              "issued": {"raw": "2020-05-07"}, "URL": "https://doi.org/10.1234/synthetic.7"},
             {"id": "synthetic-editor", "title": "Synthetic test reference",
              "editor": [{"family": "Editorson", "given": "Test"}],
              "issued": {"date-parts": [[2021, 6, 30]]}}]
    collection, notes = read_noting(read_csl_json, write(tmp_path, "refs.json", as_json(items)))
    numbered, edited = collection.sources
    assert (numbered.id, numbered.doi, numbered.date) == (
        "7", "10.1234/synthetic.7", dt.date(2020, 5, 7))
    assert numbered.citation == ("de Exampleson, A. and Synthetic Research Group (2020). "
                                 "Synthetic test reference. Synthetic Press.")
    assert (edited.citation, edited.date) == (
        "Editorson, T. (2021). Synthetic test reference.", dt.date(2021, 6, 30))
    assert notes == []


def test_an_item_without_an_id_gets_one_and_a_duplicate_is_skipped(tmp_path: Path) -> None:
    items = [*SEEDS, {"title": "Synthetic test reference", "author": [{"family": "Tierney"}],
                      "issued": {"date-parts": [[2024]]}},
             {"id": "griffiths2023", "title": "Synthetic test reference"}]
    path = write(tmp_path, "refs.json", as_json(items))
    collection, notes = read_noting(read_csl_json, path)
    assert [source.id for source in collection.sources] == [
        "tierney2024", "griffiths2023", "tierney2024b"]
    assert notes == [
        f"{path}: item 3: it has no key; it is read as 'tierney2024b' (cite it by that id, or "
        "give it a key in the reference manager)",
        f"{path}: item 4 (id 'griffiths2023'): the key 'griffiths2023' is already used by item 2 "
        "(id 'griffiths2023'); the first is kept, this one skipped (give each reference its own "
        "key)",
    ]


def test_a_malformed_doi_is_dropped_and_an_item_that_is_no_object_skipped(tmp_path: Path) -> None:
    items = [*SEEDS, {"id": "synthetic2020", "title": "Synthetic test reference",
                      "DOI": "doi: none yet"}, "Synthetic test reference"]
    path = write(tmp_path, "refs.json", as_json(items))
    collection, notes = read_noting(read_csl_json, path)
    assert [(source.id, source.doi) for source in collection.sources][2:] == [
        ("synthetic2020", None)]
    assert notes == [
        f"{path}: item 3 (id 'synthetic2020'): 'doi: none yet' is not a DOI; the source is kept "
        "without it (correct the DOI: it looks like 10.3310/ETND8254)",
        f"{path}: item 4: not read: it is a string, not an object (write each reference as an "
        'object such as {"id": "tierney2024", "title": ...})',
    ]


@pytest.mark.parametrize(("text", "message"), [
    ('{"id": "tierney2024"}', "holds an object, not a list of references"),
    ('[1, "two"]', "2 problems:\n  - item 1: not read: it is a number, not an object"),
    ("[]", "no references found"),
    ('[{"id": "tierney2024",\n  "title": }]', "line 2: JSON syntax error: Expecting value"),
    ("[" * 100_000 + "]" * 100_000, "line 1: the data nests deeper than 32 levels"),
    ("", "the file is empty"),
])
def test_what_is_not_a_list_of_objects_is_refused(tmp_path: Path, text: str,
                                                  message: str) -> None:
    path = write(tmp_path, "refs.json", text)
    with pytest.raises(InputError) as raised:
        read_csl_json(path)
    assert str(raised.value).startswith(f"{path}: {message}")
