"""RIS reference lists become publication sources, and bad records are named and skipped."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import cmo.io
from cmo.bibliography import read_ris
from cmo.exceptions import InputError

from . import SEED_DOIS, assert_seeds, read_noting, write

# "et al." stands for the co-authors of Tierney et al. (2024), who are not listed here.
# The seeds end with "ER  -", the synthetic records with "ER  - ": exports write either.
SEEDS = """TY  - JOUR
ID  - tierney2024
AU  - Tierney, S.
AU  - et al.
TI  - Patient buy-in to social prescribing through link workers as part of
      person-centred care: a realist evaluation
T2  - Health and Social Care Delivery Research
PY  - 2024
DO  - https://doi.org/10.3310/ETND8254
ER  -

TY  - JOUR
ID  - griffiths2023
AU  - Griffiths
AU  - Jiang
AU  - Walker
TI  - Social Prescribing: Link Workers’ Perspectives on Service Delivery
JO  - Journal of Social Sciences
PY  - 2023///
DO  - 10.4236/jss.2023.115006
ER  -
"""


def synthetic(*tags: str) -> str:
    return "\n".join(["TY  - GEN", "TI  - Synthetic test reference", *tags, "ER  - ", ""])


def test_both_seed_publications_are_read_with_their_dois(tmp_path: Path) -> None:
    collection, notes = read_noting(read_ris, write(tmp_path, "refs.ris", SEEDS))
    assert_seeds(collection)
    assert notes == []


def test_the_registry_reads_ris_files_with_windows_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "refs.ris"
    path.write_bytes(SEEDS.replace("\n", "\r\n").encode("utf-8"))
    collection = cmo.io.read(path)
    assert {source.id: source.doi for source in collection.sources} == SEED_DOIS


def test_names_dates_and_addresses(tmp_path: Path) -> None:
    path = write(tmp_path, "refs.ris", synthetic(
        "ID  - synthetic2020", "AU  - Exampleson, Ana María", "AU  - Testdóttir, Ø.",
        "DA  - 2020/05/07", "UR  - https://example.org/synthetic", "UR  - https://example.org/2",
        "PB  - Synthetic Press"))
    collection, notes = read_noting(read_ris, path)
    (source,) = collection.sources
    assert source.citation == ("Exampleson, A. M. and Testdóttir, Ø. (2020). Synthetic test "
                               "reference. Synthetic Press.")
    assert (source.date, source.url) == (dt.date(2020, 5, 7), "https://example.org/synthetic")
    assert notes == []


def test_a_record_without_an_id_gets_one_from_its_first_author_and_year(tmp_path: Path) -> None:
    path = write(tmp_path, "refs.ris", SEEDS + synthetic("AU  - Griffiths", "PY  - 2023"))
    collection, notes = read_noting(read_ris, path)
    assert [source.id for source in collection.sources] == [
        "tierney2024", "griffiths2023", "griffiths2023b"]
    assert notes == [f"{path}: the record on line 22: it has no key; it is read as "
                     "'griffiths2023b' (cite it by that id, or give it a key in the reference "
                     "manager)"]


def test_a_duplicate_id_keeps_the_first_record(tmp_path: Path) -> None:
    path = write(tmp_path, "refs.ris", SEEDS + synthetic("ID  - griffiths2023"))
    collection, notes = read_noting(read_ris, path)
    assert_seeds(collection)
    assert notes == [f"{path}: record 'griffiths2023' (line 22): the key 'griffiths2023' is "
                     "already used by record 'griffiths2023' (line 12); the first is kept, this "
                     "one skipped (give each reference its own key)"]


def test_a_malformed_doi_is_dropped_and_the_source_kept(tmp_path: Path) -> None:
    path = write(tmp_path, "refs.ris", synthetic("ID  - synthetic2020", "DO  - 10.3310"))
    collection, notes = read_noting(read_ris, path)
    assert [(source.id, source.doi) for source in collection.sources] == [("synthetic2020", None)]
    assert notes == [f"{path}: record 'synthetic2020' (line 1): '10.3310' is not a DOI; the "
                     "source is kept without it (correct the DOI: it looks like "
                     "10.3310/ETND8254)"]


def test_records_without_er_and_stray_tags_are_skipped_and_named(tmp_path: Path) -> None:
    unended = "TY  - GEN\nID  - synthetic-unended\nTI  - Synthetic test reference\n"
    path = write(tmp_path, "refs.ris", unended + SEEDS + "AU  - Synthetic, A.\nER  - \n"
                 + unended)
    collection, notes = read_noting(read_ris, path)
    assert_seeds(collection)
    assert notes == [
        f"{path}: record 'synthetic-unended' (line 1): not read: the record has no 'ER  - ' line "
        "before the next record, on line 4 (end each record with a line 'ER  - ')",
        f"{path}: line 25: not read: these tags are outside any record (no 'TY  - ' line starts "
        "it) (start each record with a line such as 'TY  - JOUR')",
        f"{path}: record 'synthetic-unended' (line 27): not read: the record has no 'ER  - ' "
        "line before the end of the file (end each record with a line 'ER  - ')",
    ]


def test_a_file_without_records_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "refs.ris", "Synthetic test reference, not RIS at all\n")
    with pytest.raises(InputError) as raised:
        read_ris(path)
    assert str(raised.value) == (
        f"{path}: no RIS records found (each reference starts with a line 'TY  - JOUR' (or "
        "another type) and ends with 'ER  - '; export the references as RIS again)")


def test_tags_without_ty_are_refused_with_their_line(tmp_path: Path) -> None:
    path = write(tmp_path, "refs.ris", "\nTI  - Synthetic test reference\nER  - \n")
    with pytest.raises(InputError, match=r"refs.ris: line 2: not read: these tags are outside"):
        read_ris(path)


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"refs\.ris: the file is empty"):
        read_ris(write(tmp_path, "refs.ris", "\n"))
