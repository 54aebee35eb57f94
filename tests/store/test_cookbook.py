"""docs/sparql.md is executable: each query gives, in both stores, the table shown after it."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

import cmo.io
from cmo.store import push_all
from cmo.store.base import GraphStore

from ..conftest import ROOT

COOKBOOK = ROOT / "docs" / "sparql.md"
VOCABULARY = ROOT / "docs" / "vocabulary.md"
EXAMPLE = ROOT / "examples" / "social_prescribing"
_FENCE = re.compile(r"^```(\w*)\n(.*?)^```\n", re.S | re.M)
_CELL_SEPARATOR = re.compile(r"(?<!\\)\|")
_TERM = re.compile(r"(?<![\w<])(?:cmo|dcterms|oa|owl|prov|rdfs|skos):[A-Za-z]+")


@dataclass(frozen=True)
class Recipe:
    """A query of the cookbook and the result table shown after it."""

    query: str
    header: tuple[str, ...]
    rows: list[tuple[str, ...]]


def _cells(line: str) -> tuple[str, ...]:
    inner = line.strip()
    assert inner.startswith("|") and inner.endswith("|"), f"not a table row: {line!r}"
    return tuple(cell.strip().replace("\\|", "|")
                 for cell in _CELL_SEPARATOR.split(inner[1:-1]))


def _table(text: str) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """The first Markdown table in ``text``: its header and rows."""
    lines = text.splitlines()
    start = next((n for n, line in enumerate(lines) if line.startswith("|")), None)
    assert start is not None, "no result table after the query"
    table = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        table.append(line)
    assert len(table) >= 2 and set(table[1]) <= set("|-: "), f"not a table: {table[:2]}"
    header = _cells(table[0])
    rows = [_cells(line) for line in table[2:]]
    assert all(len(row) == len(header) for row in rows), f"ragged table under {header}"
    return header, rows


def recipes() -> list[Recipe]:
    """Every ```sparql block of the cookbook, in order, with the table that follows it."""
    text = COOKBOOK.read_text(encoding="utf-8")
    fences = list(_FENCE.finditer(text))
    found = []
    for number, fence in enumerate(fences):
        if fence.group(1) != "sparql":
            continue
        end = fences[number + 1].start() if number + 1 < len(fences) else len(text)
        header, rows = _table(text[fence.end():end])
        found.append(Recipe(fence.group(2), header, rows))
    return found


RECIPES = recipes()


def test_the_cookbook_has_its_queries() -> None:
    assert len(RECIPES) >= 6
    assert all(recipe.query.lstrip().startswith("PREFIX") for recipe in RECIPES)
    assert all("ORDER BY" in recipe.query for recipe in RECIPES)
    assert all("GRAPH ?g" in recipe.query for recipe in RECIPES)


def test_the_queries_use_only_documented_terms() -> None:
    documented = set(_TERM.findall(VOCABULARY.read_text(encoding="utf-8")))
    used = {term for recipe in RECIPES for term in _TERM.findall(recipe.query)}
    assert {"cmo:hasOutcome", "prov:wasDerivedFrom", "skos:changeNote"} <= used
    assert used - documented == set()


def test_the_table_reader() -> None:
    header, rows = _table("Some text.\n\n| a | b |\n|---|---|\n| x \\| y |  |\n\nMore.\n")
    assert (header, rows) == (("a", "b"), [("x | y", "")])
    assert _table("| a |\n|---|\n") == (("a",), [])


@pytest.fixture
def example_store(graph_store: GraphStore) -> GraphStore:
    push_all(graph_store, [cmo.io.read(EXAMPLE / "initial.yaml"),
                           cmo.io.read(EXAMPLE / "theory.yaml")])
    return graph_store


@pytest.mark.parametrize("number", range(len(RECIPES)), ids=lambda n: f"query-{n + 1}")
def test_each_query_gives_the_table_shown(number: int, example_store: GraphStore) -> None:
    recipe = RECIPES[number]
    result = example_store.select(recipe.query)
    assert result.variables == recipe.header
    got = [tuple(row[name] or "" for name in result.variables) for row in result]
    assert got == recipe.rows
