"""Reading MEDLINE (``.nbib``) reference lists, as PubMed exports them.

Every record is synthetic (its title says so, its PMID starts 99); the layout follows
PubMed's "Send to: Citation manager" export.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import cmo.io
from cmo.bibliography import read_medline
from cmo.exceptions import InputError

from ..test_bad_input import run_cmo
from . import read_noting, write

PUBMED = """
PMID- 99000001
OWN - NLM
STAT- Publisher
DP  - 2024 Mar 15
TI  - Synthetic test: patient buy-in to social prescribing through link workers as part
      of person-centred care.
LID - 10.9999/synthetic.1 [doi]
AB  - Synthetic abstract, left out.
FAU - Exampleson, Alex J
AU  - Exampleson AJ
AD  - Synthetic Department, Synthetic University.
FAU - Müller, Jean-Paul
AU  - Müller JP
CN  - Synthetic Link Worker Study Group
LA  - eng
PT  - Journal Article
JT  - Health & Social Care Delivery Research
TA  - Health Soc Care Deliv Res
AID - 10.9999/synthetic.1 [doi]
AID - hsdr-synthetic-1 [pii]
SO  - Health Soc Care Deliv Res. 2024 Mar 15;12(7):1-10.

PMID- 99000002
DP  - 2023 Jan-Feb
TI  - Synthetic test: does social prescribing reach those who need it?
AU  - Tester S
AU  - Sample-Person AB
TA  - Synth J
AID - 99000002 [pmid]
PMID- 99000003
DP  - 2020
BTI - Synthetic test: a book on link workers.
FED - Editor, Ed
PB  - Synthetic Press
"""


def test_a_pubmed_export_is_read_record_by_record(tmp_path: Path) -> None:
    collection, notes = read_noting(read_medline, write(tmp_path, "pubmed.nbib", PUBMED))
    assert notes == []
    assert [(source.id, source.kind, source.title, source.doi, str(source.url), source.date)
            for source in collection.sources] == [
        ("pmid99000001", "publication", "Synthetic test: patient buy-in to social prescribing "
         "through link workers as part of person-centred care", "10.9999/synthetic.1",
         "https://pubmed.ncbi.nlm.nih.gov/99000001/", dt.date(2024, 3, 15)),
        ("pmid99000002", "publication", "Synthetic test: does social prescribing reach those "
         "who need it?", None, "https://pubmed.ncbi.nlm.nih.gov/99000002/", None),
        ("pmid99000003", "publication", "Synthetic test: a book on link workers", None,
         "https://pubmed.ncbi.nlm.nih.gov/99000003/", None),
    ]
    assert [source.citation for source in collection.sources] == [
        "Exampleson, A. J., Müller, J.-P. and Synthetic Link Worker Study Group (2024). "
        "Synthetic test: patient buy-in to social prescribing through link workers as part "
        "of person-centred care. Health & Social Care Delivery Research.",
        "Tester, S. and Sample-Person, A. B. (2023). Synthetic test: does social prescribing "
        "reach those who need it? Synth J.",
        "Editor, E. (2020). Synthetic test: a book on link workers. Synthetic Press.",
    ]


def test_the_registry_reads_nbib_files(tmp_path: Path) -> None:
    path = write(tmp_path, "pubmed.nbib", PUBMED)
    assert cmo.io.read(path).sources == read_medline(path).sources


def test_windows_line_ends_and_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "pubmed.nbib"
    path.write_bytes(b"\xef\xbb\xbf" + PUBMED.replace("\n", "\r\n").encode("utf-8"))
    collection, notes = read_noting(read_medline, path)
    assert ([source.id for source in collection.sources], notes) == (
        ["pmid99000001", "pmid99000002", "pmid99000003"], [])


def test_lines_with_no_tag_are_skipped_and_named(tmp_path: Path) -> None:
    path = write(tmp_path, "pubmed.nbib", "Search results, synthetic\n\n" + PUBMED)
    collection, notes = read_noting(read_medline, path)
    assert len(collection.sources) == 3
    assert notes == [f"{path}: line 1: not read: these lines have no PMID, TI or AU tag (start "
                     "each record with a line such as 'PMID- 12345678', and separate records "
                     "by a blank line)"]


@pytest.mark.parametrize("text", ["Synthetic: not MEDLINE at all\n", "OWN - NLM\nLA  - eng\n"])
def test_a_file_with_no_record_is_refused(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, "pubmed.nbib", text)
    with pytest.raises(InputError) as caught:
        read_medline(path)
    assert str(caught.value) == (f"{path}: line 1: not read: these lines have no PMID, TI or "
                                 "AU tag (start each record with a line such as 'PMID- "
                                 "12345678', and separate records by a blank line)")


def test_import_through_the_command(tmp_path: Path) -> None:
    source = write(tmp_path, "pubmed.nbib", PUBMED)
    output = tmp_path / "sources.yaml"
    result = run_cmo("import", source, "-o", output)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [f"{source}: 0 configurations, 0 excerpts, 3 sources",
                                          f"wrote {output}"]
    assert cmo.io.read(output).sources == read_medline(source).sources
