"""Start-up: what ``import cmo`` and the ``cmo`` command load before they do any work.

Each check runs in a fresh Python and names the libraries (third-party top-level modules,
outside ``sys.stdlib_module_names``) that the process loaded: ``import cmo`` loads none,
every ``--help`` click alone, and ``cmo validate`` the libraries it reads and checks a
theory with (rich, which only draws, is not among them). The timings themselves are
``benchmarks/startup.py``'s; here only its rows' shape is checked.
"""

from __future__ import annotations

import ast
import math
import subprocess
import sys

import pytest

from .conftest import EXAMPLE, ROOT, benchmark_module

#: What ``cmo validate`` needs: the models (pydantic and what it is built on), the YAML
#: reader and the command line (click). Not networkx: the theory's counts and chains are
#: worked out without it, and its networkx graph is made only when asked for.
VALIDATE_LOADS = ["annotated_types", "click", "pydantic", "pydantic_core",
                  "typing_extensions", "typing_inspection", "yaml"]

_LOADED = """
import runpy, sys
before = set(sys.modules)
sys.argv = ["cmo", *sys.argv[1:]]
if sys.argv[1:] == ["(import)"]:
    import cmo
else:
    try:
        runpy.run_module("cmo", run_name="__main__")
    except SystemExit:
        pass
new = set(sys.modules) - before
libraries = {name.partition(".")[0] for name in new} - set(sys.stdlib_module_names)
# Extension modules' own helpers (Cython's runtime, private _modules) are no library.
print(sorted(name for name in libraries - {"cmo", "__main__", "cython_runtime"}
             if not name.startswith("_")), file=sys.stderr)
print(sorted(name for name in new if name.startswith("cmo.")), file=sys.stderr)
"""


def _loaded(*arguments: str) -> tuple[list[str], list[str]]:
    """The libraries and the modules of cmo that ``cmo ARGUMENTS`` (or ``import cmo``, for
    ``"(import)"``) loads, in a fresh Python."""
    result = subprocess.run([sys.executable, "-c", _LOADED, *arguments], capture_output=True,
                            text=True, check=True, cwd=ROOT, timeout=120)
    libraries, ours = result.stderr.strip().splitlines()[-2:]
    return ast.literal_eval(libraries), ast.literal_eval(ours)


def _subcommands() -> list[tuple[str, ...]]:
    return benchmark_module("startup").help_commands()


def test_import_cmo_loads_no_library():
    assert _loaded("(import)") == ([], [])


def test_cmo_help_loads_click_alone():
    assert _loaded("--help") == (["click"], ["cmo.cli"])


def test_every_subcommand_is_asked_for_its_help():
    assert _subcommands() == [
        ("agree",), ("diff",), ("explore",), ("export",), ("import",), ("matrix",),
        ("merge",), ("render",), ("report",), ("schema",), ("stats",), ("store",),
        ("store", "list"), ("store", "pull"), ("store", "push"), ("store", "query"),
        ("validate",), ("verify",)]


@pytest.mark.parametrize("words", _subcommands(), ids=" ".join)
def test_a_subcommands_help_loads_click_and_the_command_alone(words: tuple[str, ...]):
    """No model, graph, format or rich: only the command line's own modules (and the
    progress setting, which ``cmo`` sets before any command)."""
    libraries, ours = _loaded(*words, "--help")
    assert libraries == ["click"]
    assert [name for name in ours if not name.startswith("cmo.cli")] == ["cmo.progress"]


def test_validate_loads_the_libraries_it_checks_with_and_no_other():
    libraries, ours = _loaded("validate", str(EXAMPLE))
    assert libraries == VALIDATE_LOADS
    assert not [name for name in ours if name.startswith(("cmo.render", "cmo.rdf", "cmo.report",
                                                          "cmo.qda", "cmo.tables", "cmo.store"))]


def test_the_startup_rows_have_the_shape_of_the_benchmarks_rows():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from startup import startup_rows
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    rows = startup_rows(runs=3)
    assert [row["name"] for row in rows] == ["startup-help", "startup-subcommand-help",
                                             "startup-validate"]
    for row in rows:
        assert set(row) == {"name", "n", "runs", "command", "seconds", "floor_seconds", "ratio",
                            "peak_mb", "cpu_seconds", "floor_cpu_seconds", "floor_is"}
        assert (row["n"], row["runs"], row["peak_mb"]) == (0, 3, None)
        assert all(math.isfinite(row[key]) and row[key] > 0 for key in (
            "seconds", "floor_seconds", "ratio", "cpu_seconds", "floor_cpu_seconds"))
    assert rows[0]["command"] == "cmo --help"
    assert rows[1]["command"].startswith("cmo ") and rows[1]["command"].endswith(" --help")
    assert rows[2]["command"] == "cmo validate examples/social_prescribing/theory.yaml"
    assert [row["floor_is"].split(":")[0] for row in rows] == [
        "python -c 'import click'", "python -c 'import click'",
        "python -c 'import pydantic, networkx, yaml'"]
