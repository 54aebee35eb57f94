"""The layers of ``cmo`` depend one way: the import graph of the package, read from its source.

Every ``import`` statement counts, at any depth: module level, inside functions (the
imports that close circles unseen at import time) and inside ``if TYPE_CHECKING:`` blocks
(a type named from another layer is a dependency on it too). An edge goes to the most
specific module named (``from .models import Configuration`` -> ``cmo.models``;
``from . import notebook`` -> ``cmo.notebook``); parent packages are not added, as
import-graph tools do, or every module would join ``cmo/__init__.py`` in one circle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

PACKAGE = Path(__file__).resolve().parent.parent / "cmo"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported(node: ast.Import | ast.ImportFrom, module: str, is_package: bool,
              known: set[str]) -> list[str]:
    """The modules of ``cmo`` that one import statement names."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        base = module.split(".")
        base = base[:len(base) - node.level + (1 if is_package else 0)]
        target = ".".join([*base, *([node.module] if node.module else [])])
    else:
        target = node.module or ""
    named = [f"{target}.{alias.name}" for alias in node.names]
    return [name for name in named if name in known] or [target]


def import_graph() -> nx.DiGraph:
    """The modules of ``cmo`` and, for each, the modules of ``cmo`` it imports."""
    files = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}
    known = set(files)
    graph = nx.DiGraph()
    graph.add_nodes_from(known)
    for module, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                for target in _imported(node, module, path.name == "__init__.py", known):
                    while target and target not in known:  # cmo.models.X -> cmo.models
                        target = target.rpartition(".")[0]
                    if target.startswith("cmo") and target != module:
                        graph.add_edge(module, target)
    return graph


def _cycles(graph: nx.DiGraph) -> list[list[str]]:
    """The circles of the graph: its strongly connected components of more than one module."""
    return sorted(sorted(component) for component in nx.strongly_connected_components(graph)
                  if len(component) > 1)


def test_the_graph_reads_imports_at_any_depth():
    graph = import_graph()
    assert graph.has_edge("cmo.theory.graph", "cmo.models")  # module level
    assert graph.has_edge("cmo.notebook", "cmo.render")  # inside a function
    assert graph.has_edge("cmo.theory.shape", "cmo.models")  # inside if TYPE_CHECKING:
    assert graph.has_edge("cmo.models", "cmo.models.configuration")  # from .x import y


def test_tables_are_values_of_the_theory_layer_shown_by_the_notebook_module():
    from cmo import notebook
    from cmo.theory import diff
    from cmo.theory import graph as theory
    from cmo.theory.records import Listing, Records

    assert list(import_graph().successors("cmo.theory.records")) == []
    assert theory.Records is diff.Records is notebook.Records is Records
    assert theory.Listing is notebook.Listing is Listing
    assert Records([{"id": "hope"}])._repr_html_() == notebook.records_html(
        Records([{"id": "hope"}]))
    assert Listing()._repr_html_() == '<p style="color:#555"><small>None found.</small></p>'


def test_the_models_import_no_presentation_and_still_show_as_cards():
    from cmo.models import Configuration
    from cmo.notebook import configuration_html

    graph = import_graph()
    models = {module for module in graph if module.startswith("cmo.models")}
    assert "cmo.notebook" not in {target for module in models
                                  for target in graph.successors(module)}
    hope = Configuration(id="hope", contexts=[{"label": "Trust"}], outcomes=[{"label": "Hope"}])
    assert hope._repr_html_() == configuration_html(hope)


def test_the_models_import_only_the_models():
    graph = import_graph()
    outside = sorted((module, target) for module in graph if module.startswith("cmo.models")
                     for target in graph.successors(module)
                     if not target.startswith("cmo.models"))
    assert outside == [], f"the models import: {outside}; circles in cmo: {_cycles(graph)}"


def test_no_circle_runs_through_the_models():
    graph = import_graph()
    through = [cycle for cycle in _cycles(graph)
               if any(module.startswith("cmo.models") for module in cycle)]
    assert through == [], f"circles through the models: {through}; all: {_cycles(graph)}"


def test_the_theory_layer_imports_no_presentation_and_still_shows_in_notebooks(example_theory):
    from cmo.notebook import diff_mimebundle, support_html, theory_mimebundle
    from cmo.theory.diff import diff

    graph = import_graph()
    theory_layer = ("cmo.theory.graph", "cmo.theory.diff", "cmo.theory.support", "cmo.theory.records",
                    "cmo.theory.queries")
    reached = set().union(*(nx.descendants(graph, module) for module in theory_layer))
    assert not {"cmo.notebook", "cmo.render", "cmo.report"} & reached
    assert not any(module.startswith(("cmo.render.", "cmo.report.")) for module in reached)
    assert example_theory._repr_mimebundle_() == theory_mimebundle(example_theory)
    difference = diff(example_theory, example_theory)
    assert difference._repr_mimebundle_() == diff_mimebundle(difference)
    support = example_theory.support("hope-through-trust")
    assert support._repr_html_() == support_html(support)
    assert "<table" in support._repr_html_()


#: The layers, lowest first: a module may import its own layer and those below it.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("cmo.exceptions", "cmo._helpers", "cmo.progress"),
    ("cmo.models",),
    ("cmo.theory",),
    ("cmo.sharing", "cmo.synthetic"),
    ("cmo.authoring", "cmo.bibliography", "cmo.qda", "cmo.rdf", "cmo.tables", "cmo.render"),
    # Quotes checked against their sources: read from files as the readers do, above the
    # formats (it needs none of them) and below the reports, so a report can mark them.
    ("cmo.store", "cmo.io", "cmo.quotes"),
    ("cmo.report",),
    ("cmo.notebook",),
    ("cmo.cli", "cmo.__main__", "cmo"),
)
#: The file formats: none imports another's modules.
FORMATS = LAYERS[4]
#: The one format inside another: a QDPX project carries the theory in the authoring layout
#: as a note (cmo.qda.theory_note), so the note reads and writes that layout.
EMBEDDED_FORMATS = {("cmo.qda.theory_note", "cmo.authoring")}


def _home(module: str, homes: tuple[str, ...]) -> str:
    """The package or module of ``homes`` that ``module`` belongs to (the longest that holds it)."""
    return max((home for home in homes if module == home or module.startswith(f"{home}.")), key=len)


def test_no_circle_anywhere_in_cmo():
    assert _cycles(import_graph()) == []


def test_every_module_has_a_layer_and_imports_only_its_own_and_those_below():
    homes = tuple(home for layer in LAYERS for home in layer)
    rank = {home: number for number, layer in enumerate(LAYERS) for home in layer}
    graph = import_graph()
    upward = sorted((module, target) for module, target in graph.edges
                    if rank[_home(module, homes)] < rank[_home(target, homes)])
    assert upward == [], f"imports of a higher layer: {upward}"


def test_a_format_imports_no_other_format():
    graph = import_graph()
    crossing = sorted(
        (module, target) for module, target in graph.edges
        if module.startswith(tuple(f"{name}." for name in FORMATS))
        and target.startswith(tuple(f"{name}." for name in FORMATS) + FORMATS)
        and _home(module, FORMATS) != _home(target, FORMATS)
        and (module, _home(target, FORMATS)) not in EMBEDDED_FORMATS)
    assert crossing == [], f"formats importing another format: {crossing}"


def test_no_module_is_over_400_lines():
    long = sorted((str(path.relative_to(PACKAGE.parent)), lines)
                  for path in PACKAGE.rglob("*.py")
                  if (lines := len(path.read_text(encoding="utf-8").splitlines())) > 400)
    assert long == [], f"modules over 400 lines (split them by concept): {long}"
