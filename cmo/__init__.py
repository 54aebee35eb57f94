"""cmo: realist evaluation in Python.

Context-mechanism-outcome configurations (CMOCs) with their evidence, merged into a
programme theory you can query, draw with Graphviz and publish as linked data.

Every verb and value a notebook needs is one name away: ``cmo.load``, ``cmo.diff``,
``cmo.merge``, ``cmo.write_report``, ``cmo.push`` ... (``cmo.__all__`` lists them). Each is
imported the first time it is used, so ``import cmo`` stays light: it loads neither the
models nor the theory's graph, the diagrams, the RDF or the store.

Example:
    >>> import cmo
    >>> hope = cmo.Configuration(id="hope", contexts=[cmo.Context(label="Trust")],
    ...                          outcomes=[cmo.Outcome(label="Hope")])
    >>> theory = cmo.ProgrammeTheory(cmo.Collection(configurations=[hope]))
    >>> print(cmo.to_outline(theory).splitlines()[0])
    Programme theory · 1 configuration
    >>> issubclass(cmo.InputError, ValueError)
    True
"""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import sys
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:  # what type checkers and editors see; at run time, __getattr__ imports
    from .exceptions import (
        CmoError,
        CmoWarning,
        DiagramTooLargeError,
        DotNotFoundError,
        InputError,
        OutputError,
        Problem,
        RenderError,
        StoreError,
        UnsupportedFormatError,
        UnsupportedOptionError,
    )
    from .io import load, read, save
    from .models import (
        Actor,
        AlternativeMechanism,
        AnyElement,
        Appraisal,
        AppraisalScales,
        Collection,
        Configuration,
        Context,
        Element,
        Evidence,
        Excerpt,
        InferenceStep,
        Intervention,
        Judgement,
        Mechanism,
        MiddleRangeTheory,
        Outcome,
        Retroduction,
        Source,
        appraisal_of,
    )
    from .progress import show_progress
    from .quotes import Verification, verify
    from .rdf.reader import from_graph
    from .rdf.shapes import check_graph
    from .rdf.vocabulary import CMO
    from .rdf.writer import to_graph
    from .render import diff_to_dot, to_dot
    from .render.mermaid import to_mermaid
    from .render.outline import to_outline
    from .report import write_report
    from .report.explorer import write_explorer
    from .report.heatmap import heatmap_svg
    from .sharing.keys import new_key, read_key
    from .sharing.pseudonyms import pseudonyms
    from .sharing.redaction import Redaction
    from .store import StoredVersion, catalogue, open_store, pull, push, push_all, run_query
    from .theory.agreement import Agreement, agree
    from .theory.diff import TheoryDiff, diff
    from .theory.graph import ProgrammeTheory
    from .theory.matrix import EvidenceMatrix, evidence_matrix
    from .theory.merge import merge
    from .theory.merge_result import MergeResult
    from .theory.merge_strict import merge_strict
    from .theory.neighbourhood import around, through
    from .theory.numbering import configuration_numbers
    from .theory.shape import Chain
    from .theory.support import Support, support_of

#: Where each public name lives: name -> (module, attribute). The same imports, for type
#: checkers, stand in the ``if TYPE_CHECKING:`` block above (tests/test_package.py checks
#: that the two agree).
_PUBLIC: Final[dict[str, tuple[str, str]]] = {
    # The values a researcher writes down.
    **{name: ("cmo.models", name) for name in (
        "Actor", "AlternativeMechanism", "AnyElement", "Appraisal", "AppraisalScales",
        "Collection", "Configuration", "Context", "Element", "Evidence", "Excerpt",
        "InferenceStep", "Intervention", "Judgement", "Mechanism", "MiddleRangeTheory",
        "Outcome", "Retroduction", "Source", "appraisal_of")},
    # What goes wrong, and the soft problems worth a look.
    **{name: ("cmo.exceptions", name) for name in (
        "CmoError", "CmoWarning", "DiagramTooLargeError", "DotNotFoundError", "InputError",
        "OutputError", "Problem", "RenderError", "StoreError", "UnsupportedFormatError",
        "UnsupportedOptionError")},
    # Files in and out, through the registry.
    "load": ("cmo.io", "load"),
    "read": ("cmo.io", "read"),
    "save": ("cmo.io", "save"),
    "show_progress": ("cmo.progress", "show_progress"),
    # The theory and the questions put to it.
    "ProgrammeTheory": ("cmo.theory.graph", "ProgrammeTheory"),
    "Chain": ("cmo.theory.shape", "Chain"),
    "Support": ("cmo.theory.support", "Support"),
    "support_of": ("cmo.theory.support", "support_of"),
    "configuration_numbers": ("cmo.theory.numbering", "configuration_numbers"),
    "around": ("cmo.theory.neighbourhood", "around"),
    "through": ("cmo.theory.neighbourhood", "through"),
    "diff": ("cmo.theory.diff", "diff"),
    "TheoryDiff": ("cmo.theory.diff", "TheoryDiff"),
    "merge": ("cmo.theory.merge", "merge"),
    "MergeResult": ("cmo.theory.merge_result", "MergeResult"),
    "merge_strict": ("cmo.theory.merge_strict", "merge_strict"),
    # A realist review's further questions: agreement between coders, framework matrices.
    "agree": ("cmo.theory.agreement", "agree"),
    "Agreement": ("cmo.theory.agreement", "Agreement"),
    "evidence_matrix": ("cmo.theory.matrix", "evidence_matrix"),
    "EvidenceMatrix": ("cmo.theory.matrix", "EvidenceMatrix"),
    # Quotes checked against their sources' texts.
    "verify": ("cmo.quotes", "verify"),
    "Verification": ("cmo.quotes", "Verification"),
    # What may leave the team.
    "Redaction": ("cmo.sharing.redaction", "Redaction"),
    "pseudonyms": ("cmo.sharing.pseudonyms", "pseudonyms"),
    "new_key": ("cmo.sharing.keys", "new_key"),
    "read_key": ("cmo.sharing.keys", "read_key"),
    # Diagrams, reports and linked data.
    "to_dot": ("cmo.render", "to_dot"),
    "diff_to_dot": ("cmo.render", "diff_to_dot"),
    "to_mermaid": ("cmo.render.mermaid", "to_mermaid"),
    "to_outline": ("cmo.render.outline", "to_outline"),
    "heatmap_svg": ("cmo.report.heatmap", "heatmap_svg"),
    "write_report": ("cmo.report", "write_report"),
    "write_explorer": ("cmo.report.explorer", "write_explorer"),
    "to_graph": ("cmo.rdf.writer", "to_graph"),
    "from_graph": ("cmo.rdf.reader", "from_graph"),
    "check_graph": ("cmo.rdf.shapes", "check_graph"),
    "CMO": ("cmo.rdf.vocabulary", "CMO"),
    # Versions of theories in a triple store.
    "open_store": ("cmo.store", "open_store"),
    "push": ("cmo.store", "push"),
    "push_all": ("cmo.store", "push_all"),
    "pull": ("cmo.store", "pull"),
    "catalogue": ("cmo.store", "catalogue"),
    "StoredVersion": ("cmo.store", "StoredVersion"),
    "run_query": ("cmo.store", "run_query"),
}

__all__ = [  # the table's names, in the order ruff sorts them (tests/test_package.py checks)
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

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    """Import a public name, or a module of ``cmo`` (``cmo.io``), the first time it is asked
    for (PEP 562)."""
    if name in _PUBLIC:
        module, attribute = _PUBLIC[name]
        value = getattr(importlib.import_module(module), attribute)
    elif not name.startswith("_") and importlib.util.find_spec(f"{__name__}.{name}"):
        value = importlib.import_module(f"{__name__}.{name}")
    else:
        raise AttributeError(f"module 'cmo' has no attribute {name!r}")
    globals()[name] = value  # asked once: later uses do not come back here
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


# Jupyter shows a value through its ``_repr_html_`` or ``_repr_mimebundle_``. cmo.notebook
# attaches those (so no model or theory module imports presentation code), but it imports
# the theory's graph: importing it here would make ``import cmo`` heavy. Instead, each class
# it shows gets, as its module loads, a hook that imports cmo.notebook when first called;
# cmo.notebook then puts its own hooks in their place.

#: The classes cmo.notebook shows, by module: (class, hook).
_SHOWN: Final[dict[str, tuple[tuple[str, str], ...]]] = {
    "cmo.models.configuration": (("Configuration", "_repr_html_"),),
    "cmo.theory.records": (("Records", "_repr_html_"), ("Listing", "_repr_html_")),
    "cmo.theory.graph": (("ProgrammeTheory", "_repr_mimebundle_"),),
    "cmo.theory.diff": (("TheoryDiff", "_repr_mimebundle_"),),
    "cmo.theory.support": (("Support", "_repr_html_"), ("WaveSupport", "_repr_html_")),
    "cmo.theory.matrix": (("EvidenceMatrix", "_repr_html_"), ("EvidenceMatrix", "_repr_svg_")),
    "cmo.theory.agreement": (("Agreement", "_repr_html_"),),
}


def _notebook_hook(hook: str) -> Callable[..., Any]:
    """A hook that imports cmo.notebook (which replaces it) and answers with the real one."""

    def show(self: Any, *args: Any, **kwargs: Any) -> Any:
        importlib.import_module("cmo.notebook")
        real = getattr(type(self), hook)
        if real is show:
            raise AttributeError(f"cmo.notebook shows no {type(self).__name__}")
        return real(self, *args, **kwargs)

    show.__name__ = show.__qualname__ = hook
    return show


class _ShownOnLoad:
    """Finds the modules of :data:`_SHOWN` as Python would, then hooks their classes in.

    A meta path finder (:class:`importlib.abc.MetaPathFinder`, not subclassed: importing
    ``importlib.abc`` would double the time ``import cmo`` takes).
    """

    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        shown = _SHOWN.get(fullname)
        if shown is None:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
        if spec is None or spec.loader is None:
            return None
        run = spec.loader.exec_module

        def exec_module(module: ModuleType) -> None:
            run(module)
            for name, hook in shown:
                # A class gone elsewhere is not hooked (tests/test_package.py fails on it).
                kind = getattr(module, name, None)
                if kind is not None and hook not in vars(kind):  # cmo.notebook's, if first
                    setattr(kind, hook, _notebook_hook(hook))

        spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


if not any(isinstance(finder, _ShownOnLoad) for finder in sys.meta_path):
    sys.meta_path.insert(0, _ShownOnLoad())
