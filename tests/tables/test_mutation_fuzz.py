"""Mutated tables and lists of records never end in a traceback: exit 0 or 1, one message.

Seeded mutants of a synthetic CSV set, workbook, JSON and YAML list of records (truncated,
bit-flipped, and with cells or headers changed) go through ``cmo import X -o out.yaml``
and ``cmo validate X`` in-process.
"""

from __future__ import annotations

import io
import json
import random
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from cmo.cli import cli
from cmo.models import (
    Collection,
    Configuration,
    Context,
    Evidence,
    Excerpt,
    Mechanism,
    Outcome,
    Source,
)
from cmo.tables import write_csv, write_xlsx

MUTANTS = 30
#: Odd things to put in a cell or a header.
ODDITIES = ("", " ", ";", "\n", '"', "=1+1", "\x00", "\ufffe", "supports", "1e999", "-1",
            "9" * 5000, "q1", "cmoc-2", "Context (C)", "evidence_quote", "🙂", "\r\n\r\n",
            "[", "{", "- x", "&amp;", "<t>", "null")


def _collection() -> Collection:
    source = Source(id="s1", kind="interview", participant="P01")
    excerpt = Excerpt(id="q1", source=source, text="[synthetic quote; with a semicolon]",
                      codes=("trust",), page="3")
    return Collection(title="Synthetic", sources=(source,), excerpts=(excerpt,),
                      configurations=(Configuration(
                          id="a", contexts=(Context(label="Patient is unsure, at first"),),
                          mechanism=Mechanism(resource="Listens", reasoning="Feels heard"),
                          outcomes=(Outcome(label="Trust"),),
                          evidence=(Evidence(excerpt=excerpt, stance="supports"),)),))


RECORDS = [{"cmoc_id": "1", "context_statement": "Unsure; at first", "mechanism":
            {"resource": "Listens", "reasoning": "Feels heard"},
            "outcome_statement": ["Trust", "Hope"], "evidence_quote": "[synthetic]",
            "study_id": "Smith et al. 2020", "confidence": 0.8},
           {"cmoc_id": "2", "context_statement": "Housing", "mechanism_statement": "Advice",
            "outcome_statement": "Relief"}]


def _flip(data: bytes, rng: random.Random) -> bytes:
    mutable = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        mutable[rng.randrange(len(mutable))] ^= 1 << rng.randrange(8)
    return bytes(mutable)


def _truncate(data: bytes, rng: random.Random) -> bytes:
    return data[:rng.randrange(len(data))]


def _text_token(data: bytes, rng: random.Random) -> bytes:
    """A word, number or punctuation mark of a text file replaced by an odd thing."""
    text = data.decode("utf-8", "replace")
    tokens = list(re.finditer(r"\w+|[^\w\s]", text))
    token = rng.choice(tokens)
    return (text[:token.start()] + rng.choice(ODDITIES) + text[token.end():]).encode(
        "utf-8", "surrogatepass")


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


def _mutants(data: bytes, seed: int, structural: Callable[[bytes, random.Random], bytes]):
    rng = random.Random(seed)
    mutations = (_flip, _truncate, structural, structural)
    return [mutations[index % len(mutations)](data, rng) for index in range(MUTANTS)]


def _csv_set(folder: Path) -> dict[str, bytes]:
    write_csv(_collection(), folder / "theory.csv")
    return {path.name: path.read_bytes() for path in folder.glob("theory*.csv")}


def _check(runner: CliRunner, arguments: list[str]) -> int:
    result = runner.invoke(cli, arguments)
    assert result.exit_code in (0, 1), (arguments, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        arguments, repr(result.exception))
    assert "Traceback" not in result.output
    if result.exit_code == 1:
        assert result.output.startswith("Error: "), result.output
    return result.exit_code


def _run(path: Path, data: bytes, tmp_path: Path) -> int:
    """Import and validate a mutant: the import's exit status."""
    path.write_bytes(data)
    runner = CliRunner()
    status = _check(runner, ["import", str(path), "-o", str(tmp_path / "out.yaml")])
    _check(runner, ["validate", str(path)])
    return status


@pytest.mark.filterwarnings("ignore::cmo.exceptions.CmoWarning")
def test_mutated_csv_tables(tmp_path: Path):
    (tmp_path / "original").mkdir()
    originals = _csv_set(tmp_path / "original")
    statuses: set[int] = set()
    assert sorted(originals) == ["theory.about.csv", "theory.csv", "theory.elements.csv",
                                 "theory.excerpts.csv",
                                 "theory.sources.csv"]
    for seed, name in enumerate(sorted(originals)):
        for mutant in _mutants(originals[name], seed=seed, structural=_text_token):
            for other, data in originals.items():
                (tmp_path / other).write_bytes(mutant if other == name else data)
            statuses.add(_run(tmp_path / "theory.csv", (tmp_path / "theory.csv").read_bytes(),
                              tmp_path))
    assert statuses == {0, 1}  # some mutants still read, some are refused


@pytest.mark.filterwarnings("ignore::cmo.exceptions.CmoWarning")
def test_mutated_workbooks(tmp_path: Path):
    original = write_xlsx(_collection(), tmp_path / "original.xlsx").read_bytes()
    statuses = {_run(tmp_path / "theory.xlsx", mutant, tmp_path)
                for mutant in _mutants(original, seed=7, structural=_sheet_cell)}
    assert statuses == {0, 1}


@pytest.mark.filterwarnings("ignore::cmo.exceptions.CmoWarning")
@pytest.mark.parametrize("suffix", [".json", ".yaml", ".yml"])
def test_mutated_lists_of_records(suffix: str, tmp_path: Path):
    records = {".json": RECORDS, ".yaml": {"cmocs": RECORDS},  # .yml: grouped by paper
               ".yml": {"smith.pdf": {"cmos": {"s_1": RECORDS[0], "s_2": RECORDS[1]},
                                      "log": [{"check": "synthetic"}]}}}[suffix]
    original = json.dumps(records, indent=1, ensure_ascii=False).encode("utf-8")
    statuses = {_run(tmp_path / f"llm{suffix}", mutant, tmp_path)
                for mutant in _mutants(original, seed=sum(map(ord, suffix)),
                                       structural=_text_token)}
    assert statuses == {0, 1}
