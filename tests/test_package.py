"""The public API is pinned: a change to it is a decision, not an accident.

Every verb and value is ``cmo.NAME``, imported the first time it is asked for, so that
``import cmo`` stays light.
"""

from __future__ import annotations

import ast
import importlib
import re
import subprocess
import sys

import pytest

import cmo

from .conftest import ROOT

PUBLIC_API = [
    "CMO", "Actor", "Agreement", "AlternativeMechanism", "AnyElement", "Appraisal",
    "AppraisalScales", "Chain", "CmoError", "CmoWarning", "Collection", "Configuration", "Context",
    "DiagramTooLargeError", "DotNotFoundError", "Element", "Evidence", "EvidenceMatrix", "Excerpt",
    "InferenceStep", "InputError", "Intervention", "Judgement", "Mechanism", "MergeResult",
    "MiddleRangeTheory", "Outcome", "OutputError", "Problem", "ProgrammeTheory", "Redaction",
    "RenderError", "Retroduction", "Source", "StoreError", "StoredVersion", "Support",
    "TheoryDiff", "UnsupportedFormatError", "UnsupportedOptionError", "Verification", "agree", "appraisal_of",
    "around", "catalogue", "check_graph", "configuration_numbers", "diff", "diff_to_dot",
    "evidence_matrix", "from_graph", "heatmap_svg", "load", "merge", "merge_strict", "new_key",
    "open_store", "pseudonyms", "pull", "push", "push_all", "read", "read_key", "run_query",
    "save", "show_progress", "support_of", "through", "to_dot", "to_graph", "to_mermaid",
    "to_outline", "verify", "write_explorer", "write_report",
]


def _fresh(code: str) -> str:
    """What ``code`` prints in a new interpreter (nothing of ``cmo`` imported yet)."""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=False, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_public_api():
    assert cmo.__all__ == PUBLIC_API
    assert sorted(cmo.__all__) == sorted(cmo._PUBLIC)
    assert "merge_collections" not in cmo.__all__  # the strict merge is cmo.merge_strict


@pytest.mark.parametrize("name", PUBLIC_API)
def test_every_public_name_is_the_one_in_its_module(name):
    module, attribute = cmo._PUBLIC[name]
    assert getattr(cmo, name) is getattr(importlib.import_module(module), attribute)
    assert name in dir(cmo)


def test_type_checkers_see_the_names_the_table_gives():
    tree = ast.parse((ROOT / "cmo" / "__init__.py").read_text(encoding="utf-8"))
    block = next(node for node in tree.body if isinstance(node, ast.If)
                 and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING")
    seen = {alias.asname or alias.name: (f"cmo.{node.module}", alias.name)
            for node in block.body if isinstance(node, ast.ImportFrom) for alias in node.names}
    assert seen == cmo._PUBLIC


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="module 'cmo' has no attribute 'merge_collections'"):
        cmo.merge_collections  # noqa: B018


def test_the_two_merges_are_the_strict_and_the_reporting_one():
    from cmo.theory.merge import merge
    from cmo.theory.merge_strict import merge_strict

    assert cmo.merge is merge and cmo.merge_strict is merge_strict


def test_errors_refine_the_builtins():
    assert issubclass(cmo.InputError, ValueError)
    assert issubclass(cmo.UnsupportedFormatError, ValueError)
    assert issubclass(cmo.DotNotFoundError, FileNotFoundError)
    assert issubclass(cmo.DiagramTooLargeError, ValueError)
    assert issubclass(cmo.OutputError, OSError)
    assert issubclass(cmo.UnsupportedOptionError, TypeError)
    assert issubclass(cmo.StoreError, RuntimeError)
    assert all(issubclass(getattr(cmo, name), cmo.CmoError) for name in PUBLIC_API
               if name.endswith("Error"))
    assert issubclass(cmo.CmoWarning, UserWarning)


def test_every_exception_of_cmo_is_public():
    import cmo.exceptions

    errors = {name for name, value in vars(cmo.exceptions).items()
              if isinstance(value, type) and issubclass(value, Exception | Warning)
              and value.__module__ == "cmo.exceptions"}
    assert errors <= set(PUBLIC_API)


def test_importing_cmo_imports_nothing_else():
    code = ("import sys, cmo; print(sorted(m for m in sys.modules if m.startswith('cmo') or m in "
            "{'networkx', 'pydantic', 'rdflib', 'graphviz', 'pyoxigraph', 'yaml', 'rich'}))")
    assert _fresh(code) == "['cmo']"


def test_a_verb_imports_what_it_needs_and_no_more():
    code = ("import sys, cmo; cmo.Configuration; print(sorted(m for m in sys.modules if m in "
            "{'cmo.theory.graph', 'cmo.render', 'cmo.rdf', 'cmo.store', 'cmo.report', "
            "'cmo.notebook', 'networkx', 'rdflib', 'graphviz'}))")
    assert _fresh(code) == "[]"


def test_values_show_in_notebooks_without_importing_the_notebook_module_first():
    # A configuration made from a deep import shows as its card; cmo.notebook is imported
    # when the card is first asked for, and then answers itself.
    code = """if True:
        import sys
        from cmo.models import Configuration
        hope = Configuration(id="hope", contexts=[{"label": "Trust"}], outcomes=[{"label": "Hope"}])
        print("cmo.notebook" in sys.modules)
        card = hope._repr_html_()
        from cmo.notebook import configuration_html
        print(card == configuration_html(hope), Configuration._repr_html_ is configuration_html)
    """
    assert _fresh(code).splitlines() == ["False", "True True"]


def test_a_theory_shows_in_notebooks_loaded_any_way(example_path):
    code = f"""if True:
        from cmo.io import load
        theory = load({str(example_path)!r})
        bundle = theory._repr_mimebundle_(include=None, exclude=None)
        print(sorted(bundle), bundle["text/plain"] == repr(theory))
    """
    assert _fresh(code) == "['text/html', 'text/plain'] True"


def test_the_modules_of_cmo_are_attributes_too():
    assert _fresh("import cmo; print(cmo.io.save is cmo.save, cmo.exceptions.InputError.__name__)") \
        == "True InputError"


def test_the_classes_hooked_for_notebooks_are_those_the_notebook_module_shows():
    # cmo/__init__.py hooks these classes as they load; cmo/notebook.py attaches the real
    # hooks to the same classes.
    hooked = {(name, hook) for shown in cmo._SHOWN.values() for name, hook in shown}
    source = (ROOT / "cmo" / "notebook.py").read_text(encoding="utf-8")
    attached = set(re.findall(r"\b([A-Z]\w*)\.(_repr_\w+_) = ", source))
    assert hooked == attached
    for module, shown in cmo._SHOWN.items():
        for name, hook in shown:
            kind = getattr(importlib.import_module(module), name)
            assert hook in vars(kind), f"{module}.{name} has no {hook}"


def test_only_the_command_imports_the_package_back():
    # cmo/__init__.py names every public module (for type checkers): a module of cmo that
    # imported ``cmo`` itself would close an import circle through it.
    import networkx as nx

    from .test_layers import import_graph

    back = sorted(module for module in nx.ancestors(import_graph(), "cmo")
                  if module != "cmo.__main__" and not module.startswith("cmo.cli"))
    assert back == []
