"""Shared fixtures: the worked example, the shared folder, and temporary outputs."""

from __future__ import annotations

import importlib
import os
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, settings

import cmo.io

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "social_prescribing" / "theory.yaml"
SHARED = ROOT.parent / "shared"
BENCHMARKS = ROOT / "benchmarks"


def benchmark_module(name: str) -> ModuleType:
    """A module of the benchmarks folder (``"stages.drawing"``, ``"layout"``), imported with
    the folder on the path while it loads (the benchmarks are scripts, not a package)."""
    sys.path.insert(0, str(BENCHMARKS))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(BENCHMARKS))

settings.register_profile(
    "cmo", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile(
    "ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else "cmo")

_DIAGRAM_SUFFIXES = (".svg\"", ".png\"", ".pdf\"")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Doctests and tests that need Graphviz's ``dot`` are skipped, with the reason, without it."""
    if shutil.which("dot"):
        return
    skip = pytest.mark.skip(reason="Graphviz 'dot' is not installed (apt-get install graphviz)")
    for item in items:
        if "needs_dot" in item.keywords or _doctest_draws(item):
            item.add_marker(skip)


def _doctest_draws(item: pytest.Item) -> bool:
    """A doctest that writes a diagram (an .svg/.png/.pdf path) needs ``dot``."""
    examples = getattr(getattr(item, "dtest", None), "examples", ())
    return any(suffix in example.source for example in examples for suffix in _DIAGRAM_SUFFIXES)


@pytest.fixture(scope="session")
def example_path() -> Path:
    return EXAMPLE


@pytest.fixture(scope="session")
def example_theory() -> cmo.ProgrammeTheory:
    return cmo.io.load(EXAMPLE)


@pytest.fixture(scope="session")
def abstracts() -> str:
    path = SHARED / "seeds" / "abstracts.txt"
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared folder is not beside this checkout")
    return path.read_text(encoding="utf-8")
