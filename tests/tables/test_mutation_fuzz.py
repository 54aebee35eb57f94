"""Mutated tables and lists of records never end in a traceback: exit 0 or 1, one message.

Seeded mutants of a synthetic CSV set, workbook, JSON and YAML list of records (truncated,
bit-flipped, and with cells or headers changed) go through ``cmo import X -o out.yaml``
and ``cmo validate X`` in-process.
"""

from __future__ import annotations

import io
import itertools
import json
import random
import re
import zipfile
from pathlib import Path

import pytest

from cmo.models import (
    Appraisal,
    AppraisalScales,
    Collection,
    Configuration,
    Context,
    Evidence,
    Excerpt,
    Mechanism,
    Outcome,
    Retroduction,
    Source,
)
from cmo.tables import write_csv, write_xlsx

from ..mutation import ODDITIES as COMMON_ODDITIES
from ..mutation import Mutation, exits_cleanly, flipped, mutants, swapping, truncated

MUTANTS = 30
#: Odd things to put in a cell or a header, besides the common ones.
ODDITIES = (*COMMON_ODDITIES, "supports", "q1", "cmoc-2", "Context (C)", "evidence_quote",
            "abductive", "moderate", "alternative")


def _collection() -> Collection:
    source = Source(id="s1", kind="interview", participant="P01",
                    appraisal=Appraisal(rigour={"level": "adequate", "judged_by": "AT"}))
    excerpt = Excerpt(id="q1", source=source, text="[synthetic quote; with a semicolon]",
                      codes=("trust",), page="3", appraisal=Appraisal(relevance="high"))
    log = Retroduction(steps=[{"move": "abductive", "inference": "[synthetic inference]",
                               "excerpts": ["q1"]}],
                       alternatives=[{"mechanism": "[synthetic rival]",
                                      "set_aside_because": "[synthetic reason]"}])
    return Collection(title="Synthetic", sources=(source,), excerpts=(excerpt,),
                      appraisal_scales=AppraisalScales(rigour=("strong", "adequate", "weak")),
                      configurations=(Configuration(
                          id="a", contexts=(Context(label="Patient is unsure, at first"),),
                          mechanism=Mechanism(resource="Listens", reasoning="Feels heard"),
                          outcomes=(Outcome(label="Trust"),),
                          evidence=(Evidence(excerpt=excerpt, stance="supports"),),
                          retroduction=log),))


RECORDS = [{"cmoc_id": "1", "context_statement": "Unsure; at first", "mechanism":
            {"resource": "Listens", "reasoning": "Feels heard"},
            "outcome_statement": ["Trust", "Hope"], "evidence_quote": "[synthetic]",
            "study_id": "Smith et al. 2020", "confidence": 0.8},
           {"cmoc_id": "2", "context_statement": "Housing", "mechanism_statement": "Advice",
            "outcome_statement": "Relief"}]


def _sheet_cell(data: bytes, rng: random.Random) -> bytes:
    """A cell or header of a workbook's sheets (shared strings included) changed."""
    source = zipfile.ZipFile(io.BytesIO(data))
    names = [name for name in source.namelist()
             if name.startswith("xl/worksheets/") or name == "xl/sharedStrings.xml"]
    chosen = rng.choice(names)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            part = source.read(name)
            if name == chosen:
                text = part.decode("utf-8")
                values = list(re.finditer(r"(?<=<t>)[^<]*|(?<=<t xml:space=\"preserve\">)[^<]*"
                                          r"|(?<=<v>)[^<]*|(?<= r=\")[A-Z]+\d+", text))
                if values:
                    value = rng.choice(values)
                    odd = rng.choice(ODDITIES).replace("<", "&lt;").replace("&", "&amp;")
                    text = text[:value.start()] + odd + text[value.end():]
                part = text.encode("utf-8", "surrogatepass")
            target.writestr(name, part)
    return buffer.getvalue()


def _mutants(data: bytes, seed: int, structural: Mutation) -> list[tuple[str, bytes]]:
    return mutants(data, seed, (flipped, truncated, structural, structural), MUTANTS)


def _csv_set(folder: Path) -> dict[str, bytes]:
    write_csv(_collection(), folder / "theory.csv")
    return {path.name: path.read_bytes() for path in folder.glob("theory*.csv")}


_OUTPUTS = itertools.count()


def _run(path: Path, data: bytes, tmp_path: Path, case: str) -> int:
    """Import and validate a mutant: the import's exit status."""
    path.write_bytes(data)
    written = tmp_path / f"out-{next(_OUTPUTS)}.yaml"
    status = exits_cleanly(["import", str(path), "-o", str(written)], written=written,
                           case=case)
    exits_cleanly(["validate", str(path)], case=case)
    return status


@pytest.mark.filterwarnings("ignore::cmo.exceptions.CmoWarning")
def test_mutated_csv_tables(tmp_path: Path):
    (tmp_path / "original").mkdir()
    originals = _csv_set(tmp_path / "original")
    statuses: set[int] = set()
    assert sorted(originals) == ["theory.about.csv", "theory.csv", "theory.elements.csv",
                                 "theory.excerpts.csv", "theory.retroduction.csv",
                                 "theory.scales.csv", "theory.sources.csv"]
    for seed, name in enumerate(sorted(originals)):
        for case, mutant in _mutants(originals[name], seed=seed, structural=swapping(ODDITIES, most=1)):
            for other, data in originals.items():
                (tmp_path / other).write_bytes(mutant if other == name else data)
            statuses.add(_run(tmp_path / "theory.csv", (tmp_path / "theory.csv").read_bytes(),
                              tmp_path, f"{name}, {case}"))
    assert statuses == {0, 1}  # some mutants still read, some are refused


@pytest.mark.filterwarnings("ignore::cmo.exceptions.CmoWarning")
def test_mutated_workbooks(tmp_path: Path):
    original = write_xlsx(_collection(), tmp_path / "original.xlsx").read_bytes()
    statuses = {_run(tmp_path / "theory.xlsx", mutant, tmp_path, case)
                for case, mutant in _mutants(original, seed=7, structural=_sheet_cell)}
    assert statuses == {0, 1}


@pytest.mark.filterwarnings("ignore::cmo.exceptions.CmoWarning")
@pytest.mark.parametrize("suffix", [".json", ".yaml", ".yml"])
def test_mutated_lists_of_records(suffix: str, tmp_path: Path):
    records = {".json": RECORDS, ".yaml": {"cmocs": RECORDS},  # .yml: grouped by paper
               ".yml": {"smith.pdf": {"cmos": {"s_1": RECORDS[0], "s_2": RECORDS[1]},
                                      "log": [{"check": "synthetic"}]}}}[suffix]
    original = json.dumps(records, indent=1, ensure_ascii=False).encode("utf-8")
    statuses = {_run(tmp_path / f"llm{suffix}", mutant, tmp_path, case)
                for case, mutant in _mutants(original, seed=sum(map(ord, suffix)),
                                             structural=swapping(ODDITIES, most=1))}
    assert statuses == {0, 1}
