"""The store package's shape: one-way imports between its modules, short modules, few names."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import cmo.exceptions
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


def test_the_store_exports_the_verbs_a_notebook_needs_and_nothing_else():
    from cmo.exceptions import CmoError
    from cmo.store import opening, query, theories

    assert cmo.store.__all__ == ["StoreError", "StoredVersion", "catalogue", "open_store", "pull",
                                 "push", "push_all", "run_query"]
    assert cmo.store.open_store is opening.open_store
    assert cmo.store.run_query is query.run_query
    assert [getattr(cmo.store, name) for name in ("StoredVersion", "catalogue", "pull", "push",
                                                  "push_all")] == [
        theories.StoredVersion, theories.catalogue, theories.pull, theories.push, theories.push_all]
    assert issubclass(cmo.store.StoreError, CmoError)
    assert cmo.store.StoreError is cmo.exceptions.StoreError


def test_importing_the_store_loads_neither_pyoxigraph_nor_the_rdf_mapping():
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, cmo.store; print(sorted(m for m in sys.modules "
         "if m.split('.')[0] in ('pyoxigraph', 'rdflib') or m.startswith(('cmo.store', 'cmo.rdf'))))"],
        capture_output=True, text=True, check=True).stdout
    assert loaded == "['cmo.store']\n"


def test_a_name_the_store_does_not_export_is_an_attribute_error():
    with pytest.raises(AttributeError, match=r"^module 'cmo\.store' has no attribute 'push_everything'$"):
        cmo.store.push_everything  # noqa: B018
