"""Every benchmarked stage: what ``cmo`` does, and its floor (see :mod:`floors`).

Each stage prepares, untimed, whatever its two sides need from the workload, and gives
back the two pieces of work to time. Preparing per stage keeps only the stage's extra
inputs in memory; the only input stages share, the millions of pyoxigraph triples of
the three RDF export floors, is let go once all three have run (``Stage.keeps``).

The stages run in the order of :data:`STAGES`: the exports before the import that reads
their file. Results are shown in the order the stages are named in (:data:`STAGE_NAMES`).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

import floors
import pyoxigraph
from workload import Workload

import cmo
from cmo.qda import read_qdpx, write_qdpx
from cmo.rdf import read_rdf, write_rdf
from cmo.render import to_dot, to_outline
from cmo.render.backend import render
from cmo.render.views import summary_dot
from cmo.report import write_report
from cmo.theory.diff import diff
from cmo.theory.merge import merge

Work = Callable[[], Any]


@dataclass(frozen=True, slots=True)
class Stage:
    """A stage of ``cmo``, named for what it does, and what its floor is."""

    name: str
    floor_is: str
    prepare: Callable[[Workload], tuple[Work, Work]]
    #: The workload's derived inputs (:meth:`Workload.kept`) the stage reads.
    keeps: frozenset[str] = frozenset()


def _load_yaml(w: Workload) -> tuple[Work, Work]:
    path = w.file("theory.yaml")
    return lambda: cmo.read(path), lambda: floors.load_yaml_plainly(path)


def _load_json(w: Workload) -> tuple[Work, Work]:
    path = w.file("theory.json")
    return lambda: cmo.read(path), lambda: floors.load_json_plainly(path)


def _graph(w: Workload) -> tuple[Work, Work]:
    parts = floors.graph_parts(w.theory.graph)
    return lambda: cmo.ProgrammeTheory(w.collection), lambda: floors.bare_graph(parts)


def _queries(w: Workload) -> tuple[Work, Work]:
    theory = w.theory
    contexts = list({e.id: e for c in theory.configurations for e in c.contexts}.values())
    context_nodes = [theory.node(context) for context in contexts]
    bare = floors.bare_graph(floors.graph_parts(theory.graph))

    def ours() -> Any:
        return theory.support_table(), [theory.outcomes_of(context) for context in contexts]

    def floor() -> Any:
        return (floors.plain_support_counts(theory.configurations),
                floors.plain_outcomes_reached(bare, context_nodes))

    return ours, floor


def _matrix(w: Workload) -> tuple[Work, Work]:
    def ours() -> Any:
        with warnings.catch_warnings():  # sources that name no participant: a warning
            warnings.simplefilter("ignore")
            return cmo.evidence_matrix(w.theory, by="participant")

    return ours, lambda: floors.plain_matrix(w.collection)


def _agreement(w: Workload) -> tuple[Work, Work]:
    def ours() -> Any:
        agreement = cmo.agree(w.collection, w.revision, names=("first", "second"))
        return agreement.kappa, agreement.alpha

    return ours, lambda: floors.plain_agreement(w.collection, w.revision)


def _diff(w: Workload) -> tuple[Work, Work]:
    return (lambda: diff(w.collection, w.revision),
            lambda: floors.plain_diff(w.collection, w.revision))


def _merge(w: Workload) -> tuple[Work, Work]:
    return (lambda: merge(w.collection, w.revision),
            lambda: floors.plain_merge(w.collection, w.revision))


def _dot_source(w: Workload) -> tuple[Work, Work]:
    parts = floors.graph_parts(w.theory.graph)
    themes = {c.id: c.theme or "" for c in w.collection.configurations}
    return lambda: to_dot(w.theory).source, lambda: floors.plain_dot(parts, themes)


def _dot_layout(w: Workload) -> tuple[Work, Work]:
    summary = summary_dot(w.theory)
    source = summary.source
    return (lambda: render(summary, diagram_format="svg"),
            lambda: floors.dot_directly(source))


def _outline(w: Workload) -> tuple[Work, Work]:
    lines = floors.outline_lines(to_outline(w.theory, width=_UNWRAPPED))
    return lambda: to_outline(w.theory), lambda: floors.plain_outline(lines)


#: A width no line of the outline reaches: each line comes out whole, for the floor.
_UNWRAPPED: Final = 10**9


class AfterOurs:
    """A floor whose input is what ``cmo``'s own run wrote: made, untimed, after that run."""

    def __init__(self, make: Callable[[], Work]) -> None:
        self._make = make
        self._work: Work | None = None

    def prepare(self) -> None:
        if self._work is None:
            self._work = self._make()

    def __call__(self) -> Any:
        assert self._work is not None, "prepare() runs before the floor is timed"
        return self._work()


def _rdf_export(option: str, rdf_format: pyoxigraph.RdfFormat, suffix: str
                ) -> Callable[[Workload], tuple[Work, Work]]:
    """Ours writes the theory's RDF file itself (the import reads it); the floor serialises
    the triples of the N-Triples file, parsed once for the three exports."""
    def prepare(w: Workload) -> tuple[Work, Work]:
        ours, floor = w.path(f"theory{suffix}"), w.path(f"floor{suffix}")

        def same_triples() -> Work:
            triples = w.kept("triples", lambda: list(pyoxigraph.parse(
                path=str(w.file("theory.nt")), format=pyoxigraph.RdfFormat.N_TRIPLES)))
            return lambda: pyoxigraph.serialize(triples, output=str(floor), format=rdf_format)

        return (lambda: write_rdf(w.collection, ours, rdf_format=option),
                AfterOurs(same_triples))

    return prepare


def _rdf_import_turtle(w: Workload) -> tuple[Work, Work]:
    path = w.file("theory.ttl")
    return (lambda: read_rdf(path, rdf_format="turtle"),
            lambda: list(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)))


def _qdpx_import(w: Workload) -> tuple[Work, Work]:
    path = w.file("coded.qdpx")

    def ours() -> Any:
        with warnings.catch_warnings():  # it reports uncited excerpts and unmapped codes
            warnings.simplefilter("ignore")
            return read_qdpx(path)

    return ours, lambda: floors.read_project_plainly(path)


def _qdpx_export(w: Workload) -> tuple[Work, Work]:
    ours, floor = w.path("export.qdpx"), w.path("floor.qdpx")

    def same_parts() -> Work:
        parts = floors.project_parts(ours)
        return lambda: floors.write_project_plainly(parts, floor)

    return lambda: write_qdpx(w.collection, ours), AfterOurs(same_parts)


def _report(w: Workload) -> tuple[Work, Work]:
    ours, floor = w.path("report.html"), w.path("floor.html")
    return (lambda: write_report(w.theory, ours),
            lambda: floors.plain_report(w.collection, floor))


STAGES: Final[tuple[Stage, ...]] = (
    Stage("load-yaml", "PyYAML's C parser, then model_validate of plain pydantic models of "
          "the file (no cross-checks)", _load_yaml),
    Stage("load-json", "json.loads, then model_validate of the same plain models", _load_json),
    Stage("graph", "the same nodes and edges added to a bare networkx.MultiDiGraph", _graph),
    Stage("queries", "the same support counts in one plain pass, and the same traversal "
          "from every context on the bare graph", _queries),
    Stage("matrix", "evidence counted by participant, configuration and stance in one plain "
          "pass", _matrix),
    Stage("agreement", "the pairs either version cites, found in one plain pass, then "
          "statsmodels' cohens_kappa and krippendorff.alpha on them (the version as a "
          "second coder)", _agreement),
    Stage("diff", "configurations of both versions keyed by id and compared", _diff),
    Stage("merge", "every value of both versions keyed by kind and id, those sharing a key "
          "compared", _merge),
    Stage("dot-source", "the same nodes, clusters and edges joined as DOT text", _dot_source),
    Stage("dot-layout", "dot -Tsvg run directly on the same source (the summary view: one box "
          "per theme)", _dot_layout),
    Stage("outline", "textwrap wrapping the same lines (the outline made unwrapped, untimed) "
          "with the same indents, joined", _outline),
    Stage("rdf-export-ntriples", "pyoxigraph.serialize of the same triples, held in memory",
          _rdf_export("nt", pyoxigraph.RdfFormat.N_TRIPLES, ".nt"), frozenset({"triples"})),
    Stage("rdf-export-turtle", "pyoxigraph.serialize of the same triples, held in memory",
          _rdf_export("turtle", pyoxigraph.RdfFormat.TURTLE, ".ttl"), frozenset({"triples"})),
    Stage("rdf-export-jsonld", "pyoxigraph.serialize of the same triples, held in memory "
          "(expanded JSON-LD, one line)",
          _rdf_export("json-ld", pyoxigraph.RdfFormat.JSON_LD, ".jsonld"), frozenset({"triples"})),
    Stage("rdf-import-turtle", "list(pyoxigraph.parse(path))", _rdf_import_turtle),
    Stage("qdpx-import", "lxml parsing the project XML, plus reading and decoding the "
          "source texts", _qdpx_import),
    Stage("qdpx-export", "lxml serialising the same project XML tree, json the same theory "
          "note, zipfile compressing them with the same source files", _qdpx_export),
    Stage("report", "the same table of configurations and folded evidence as HTML by "
          "string joins", _report),
)
#: The stages in the order they are named and shown in.
STAGE_NAMES: Final = ("load-yaml", "load-json", "graph", "queries", "matrix", "agreement", "diff",
                      "merge", "dot-source", "dot-layout", "outline", "rdf-export-turtle",
                      "rdf-export-jsonld",
                      "rdf-import-turtle", "rdf-export-ntriples", "qdpx-import", "qdpx-export",
                      "report")
assert sorted(STAGE_NAMES) == sorted(stage.name for stage in STAGES)
