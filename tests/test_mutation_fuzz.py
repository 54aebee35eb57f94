"""Mutated files through the command line: every reader ends with exit 0 or 1, never a traceback.

Each format starts from a valid file built in code (reference lists of synthetic entries,
the worked example as YAML, JSON and RDF) and is cut short at random points, has bits
flipped and tokens swapped, with a fixed seed so a failure can be replayed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Final

import pytest

from .mutation import ODDITIES, exits_cleanly, flipped, mutants, swapping, truncated

MUTANTS: Final = 45
SEED: Final = 14

BIBTEX: Final = r"""@string{venue = "Synthetic Journal of Testing"}
@article{tierney2024,
  author = {Tierney, S. and M{\"u}ller, Jean-Paul and others},
  title = {Synthetic test: {Person-Centred} care \& support, 50% of it},
  journal = {Health & Social Care in the Community},
  year = {2024}, month = mar, day = {5},
  doi = {https://doi.org/10.3310/ETND8254},
  url = {\url{https://example.org/synthetic%20test}},
}
@misc{synthetic2,
  editor = "Exampleson, Alex",
  title = "Synthetic second entry",
  journal = venue,
  date = {2021-02-30},
}
"""

RIS: Final = ("TY  - JOUR\nID  - griffiths2023\nAU  - Griffiths, D.\nAU  - Jiang\nPY  - 2023\n"
              "DA  - 2023/05/01/\nTI  - Synthetic test title\nT2  - Journal of Social Sciences\n"
              "DO  - 10.4236/jss.2023.115006\nUR  - https://example.org/synthetic\nER  - \n\n"
              "TY  - BOOK\nA1  - Exampleson, Alex\nY1  - 2020///\nT1  - Synthetic book\nER  -\n")

CSL_JSON: Final = json.dumps([
    {"id": "tierney2024", "type": "article-journal", "title": "Synthetic test title",
     "author": [{"family": "Tierney", "given": "S."}, {"literal": "Synthetic Group"}],
     "container-title": ["Synthetic Journal"], "DOI": "10.3310/ETND8254",
     "issued": {"date-parts": [["2024", 3, 5]]}},
    {"id": 7, "type": "book", "editor": [{"family": "Exampleson"}],
     "issued": {"raw": "2020-01-02"}, "URL": "https://example.org/synthetic"},
], indent=1)

NBIB: Final = ("PMID- 99000001\nDP  - 2024 Mar 15\nTI  - Synthetic test title, going on\n"
               "      over a second line.\nFAU - Tierney, S\nAU  - Tierney S\n"
               "CN  - Synthetic Group\nJT  - Synthetic Journal\n"
               "LID - 10.3310/ETND8254 [doi]\n\nPMID- 99000002\nDP  - 2023 Jan-Feb\n"
               "BTI - Synthetic book.\nAU  - Exampleson AJ\nPB  - Synthetic Press\n")

#: Markers of these formats, swapped in beside the common oddities.
ODD_HERE: Final = (*ODDITIES, "ER  - ", "TY  - ", "PMID- ")
MUTATIONS: Final = (truncated, flipped, swapping(ODD_HERE))


def check(folder: Path, name: str, text: str, command: str, seed: int) -> None:
    """Every mutant of ``text``, as ``name``, exits 0 or 1 with no traceback."""
    for number, (case, data) in enumerate(mutants(text.encode("utf-8"), seed, MUTATIONS,
                                                  MUTANTS)):
        path = folder / f"{number}-{name}"
        path.write_bytes(data)
        written = folder / f"{number}-out.yaml"
        args = ["import", str(path), "-o", str(written)] if command == "import" else [
            "validate", str(path)]
        exits_cleanly(args, named=path, written=written, case=case)


@pytest.mark.parametrize(("name", "text"), [("refs.bib", BIBTEX), ("refs.ris", RIS),
                                            ("refs.json", CSL_JSON), ("refs.nbib", NBIB)])
def test_mutated_reference_lists_import_or_fail_cleanly(tmp_path: Path, name: str,
                                                        text: str) -> None:
    check(tmp_path, name, text, "import", SEED)


@pytest.fixture(scope="module")
def example_texts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The worked example in each format the validate command reads here."""
    from cmo.io import load, save

    theory = load("examples/social_prescribing/theory.yaml")
    folder = tmp_path_factory.mktemp("formats")
    return {suffix: save(theory, folder / f"theory{suffix}").read_text(encoding="utf-8")
            for suffix in (".yaml", ".json", ".ttl", ".nt", ".jsonld")}


@pytest.mark.parametrize("suffix", [".yaml", ".yml", ".json", ".ttl", ".nt", ".jsonld"])
def test_mutated_theories_validate_or_fail_cleanly(tmp_path: Path, suffix: str,
                                                   example_texts: dict[str, str]) -> None:
    text = example_texts[".yaml" if suffix == ".yml" else suffix]
    check(tmp_path, f"theory{suffix}", text, "validate", SEED + len(suffix))


def test_the_originals_are_valid(tmp_path: Path, example_texts: dict[str, str]) -> None:
    for name, text in [("refs.bib", BIBTEX), ("refs.ris", RIS), ("refs.json", CSL_JSON),
                       ("refs.nbib", NBIB)]:
        (tmp_path / name).write_text(text, encoding="utf-8")
        assert exits_cleanly(["import", str(tmp_path / name), "-o", str(tmp_path / "out.yaml")]) == 0
    for suffix, text in example_texts.items():
        (tmp_path / f"theory{suffix}").write_text(text, encoding="utf-8")
        assert exits_cleanly(["validate", str(tmp_path / f"theory{suffix}")], case=suffix) == 0
