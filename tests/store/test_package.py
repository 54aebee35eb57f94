"""The store package's shape: one-way imports between its modules, short modules, few names."""

from __future__ import annotations

from pathlib import Path

import cmo.store
from tests.test_layers import _cycles, import_graph


def test_no_circle_runs_through_the_store():
    cycles = [cycle for cycle in _cycles(import_graph())
              if any(module.startswith("cmo.store") for module in cycle)]
    assert cycles == []


def test_what_every_store_offers_knows_no_backend():
    graph = import_graph()
    assert sorted(graph.successors("cmo.store.base")) == ["cmo.exceptions"]
    assert sorted(target for target in graph.successors("cmo.store.opening")
                  if target.startswith("cmo.store")) == [
        "cmo.store.base", "cmo.store.embedded", "cmo.store.remote"]


def test_every_store_module_holds_one_concept_in_at_most_400_lines():
    folder = Path(cmo.store.__file__).parent
    lengths = {path.name: len(path.read_text(encoding="utf-8").splitlines())
               for path in sorted(folder.glob("*.py"))}
    assert {name: length for name, length in lengths.items() if length > 400} == {}
    assert {"folder.py", "oxigraph_faults.py", "embedded.py"} <= set(lengths)
