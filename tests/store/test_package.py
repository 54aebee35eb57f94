"""The store package's shape: one-way imports between its modules, short modules, few names."""

from __future__ import annotations

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
