"""Time each stage of cmo against the floor of the dependency doing the raw work.

Run with ``make bench``. Each stage is timed several times and the median kept, next to
the median of its *floor*: the same raw work done directly with the dependency (the
YAML parser, a bare networkx graph, plain string joins for DOT, pyoxigraph for RDF).
``ratio`` is seconds / floor_seconds: what is ours to win. Results go to
``benchmarks/results.json``; a table is printed.

The per-stage timings run on the worked example (11 configurations); the scaling stages
(diff, merge) run on seeded synthetic theories of 1,000 and 10,000 configurations.
"""

from __future__ import annotations

import gc
import io
import json
import statistics
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph
import yaml

import cmo
from cmo.rdf import descriptions, to_graph, write_rdf
from cmo.render import to_dot
from cmo.render.backend import render

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "social_prescribing" / "theory.yaml"
RESULTS = ROOT / "benchmarks" / "results.json"
REPEATS = 15


def median_seconds(work: Callable[[], Any], repeats: int = REPEATS) -> float:
    work()  # warm up: imports, caches
    timings = []
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        work()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def peak_mb(work: Callable[[], Any]) -> float:
    tracemalloc.start()
    work()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def _bare_graph(theory: cmo.ProgrammeTheory) -> Callable[[], nx.MultiDiGraph]:
    nodes = list(theory.graph.nodes(data=True))
    edges = list(theory.graph.edges(keys=True, data=True))

    def build() -> nx.MultiDiGraph:
        graph = nx.MultiDiGraph()
        graph.add_nodes_from(nodes)
        graph.add_edges_from(edges)
        return graph

    return build


def _plain_dot(theory: cmo.ProgrammeTheory) -> Callable[[], str]:
    nodes = [(name, data["label"]) for name, data in theory.graph.nodes(data=True)]
    edges = [(u, v) for u, v, _ in theory.graph.edges(keys=True)]

    def join() -> str:
        lines = [f'  "{name}" [label="{label}"]' for name, label in nodes]
        lines += [f'  "{u}" -> "{v}"' for u, v in edges]
        return "digraph {\n" + "\n".join(lines) + "\n}\n"

    return join


def stages(theory: cmo.ProgrammeTheory, scratch: Path) -> dict[str, tuple[Callable, Callable | None]]:
    text = EXAMPLE.read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    json_path = cmo.save(theory, scratch / "theory.json")
    json_text = json_path.read_text(encoding="utf-8")
    turtle_path = write_rdf(theory, scratch / "theory.ttl", rdf_format="turtle")
    turtle = turtle_path.read_bytes()
    store_triples = list(pyoxigraph.parse(turtle, format=pyoxigraph.RdfFormat.TURTLE))
    assert sum(len(said) for _, said in descriptions(theory.collection)) == len(store_triples)
    digraph = to_dot(theory)
    return {
        "load-yaml": (lambda: cmo.read(EXAMPLE), lambda: yaml.load(text, Loader=loader)),
        "load-json": (lambda: cmo.read(json_path), lambda: json.loads(json_text)),
        "graph": (lambda: cmo.ProgrammeTheory(theory.collection), _bare_graph(theory)),
        "queries": (lambda: ([theory.support(c.id) for c in theory.configurations],
                             [theory.outcomes_of(e) for c in theory.configurations
                              for e in c.contexts]), None),
        "dot-source": (lambda: to_dot(theory).source, _plain_dot(theory)),
        "dot-layout": (lambda: render(digraph, diagram_format="svg"), None),
        "rdf-export-turtle": (
            lambda: write_rdf(theory, scratch / "again.ttl", rdf_format="turtle"),
            lambda: pyoxigraph.serialize(store_triples, output=str(scratch / "floor.ttl"),
                                         format=pyoxigraph.RdfFormat.TURTLE)),
        "rdf-export-ntriples": (
            lambda: write_rdf(theory, scratch / "again.nt", rdf_format="nt"),
            lambda: pyoxigraph.serialize(store_triples, output=str(scratch / "floor.nt"),
                                         format=pyoxigraph.RdfFormat.N_TRIPLES)),
        "rdf-graph": (lambda: to_graph(theory), None),
        "rdf-import-turtle": (
            lambda: cmo.read(turtle_path),
            lambda: list(pyoxigraph.parse(io.BytesIO(turtle), format=pyoxigraph.RdfFormat.TURTLE))),
    }


#: Sizes of the synthetic theories the scaling stages run on.
SCALING_SIZES = (1_000, 10_000)


def scaling_results() -> list[dict[str, Any]]:
    """Stages that must scale linearly, timed on seeded synthetic theories of two sizes."""
    from cmo.diff import diff
    from cmo.merge import merge
    from cmo.synthetic import synthetic_collection, synthetic_revision

    results = []
    # Fast stages get more repeats: at 1k configurations diff takes a few hundredths of a second.
    for name, stage, repeats in (("diff", diff, 9), ("merge", merge, 3)):
        for size in SCALING_SIZES:
            old = synthetic_collection(size, seed=size)
            new = synthetic_revision(old, seed=size)

            def work(old: Any = old, new: Any = new, stage: Any = stage) -> Any:
                return stage(old, new)

            results.append({"name": name, "n": size, "seconds": median_seconds(work, repeats=repeats),
                            "peak_mb": round(peak_mb(work), 3), "floor_seconds": None,
                            "ratio": None})
    return results


def main() -> None:
    import tempfile

    theory = cmo.load(EXAMPLE)
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for name, (work, floor) in stages(theory, Path(folder)).items():
            seconds = median_seconds(work)
            floor_seconds = median_seconds(floor) if floor else None
            results.append({
                "name": name, "n": len(theory.configurations), "seconds": seconds,
                "peak_mb": round(peak_mb(work), 3), "floor_seconds": floor_seconds,
                "ratio": round(seconds / floor_seconds, 2) if floor_seconds else None,
            })
    scaling = scaling_results()
    results += scaling
    from rdf_scale import results as rdf_scale_results

    linked_data = rdf_scale_results()
    results += linked_data
    from qdpx_scale import results as qdpx_results

    qda = qdpx_results()
    results += qda
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"{'stage':<22}{'n':>6}{'ms':>10}{'floor ms':>10}{'ratio':>8}{'peak MB':>9}")
    for row in results:
        floor = f"{row['floor_seconds'] * 1000:.2f}" if row["floor_seconds"] else "-"
        ratio = f"{row['ratio']:.1f}" if row["ratio"] else "-"
        peak = f"{row['peak_mb']:.2f}" if row["peak_mb"] is not None else "-"
        print(f"{row['name']:<22}{row['n']:>6}{row['seconds'] * 1000:>10.2f}{floor:>10}"
              f"{ratio:>8}{peak:>9}")
    for small, large in zip(scaling[::2], scaling[1::2], strict=True):
        print(f"{small['name']}: {large['n'] // small['n']}x the configurations took "
              f"{large['seconds'] / small['seconds']:.1f}x the time (linear is 10x; "
              "target <= 12x)")
    for row in linked_data:
        target = f" (target <= {row['target']}x)" if row["target"] else ""
        print(f"{row['name']} at {row['n']} configurations, {row['triples']} triples: "
              f"{row['seconds']:.2f} s, pyoxigraph alone {row['floor_seconds']:.2f} s, "
              f"ratio {row['ratio']:.2f}{target}")
    for row in qda:
        print(f"{row['name']}: {row['megabytes']} MB, {row['excerpts']} excerpts: "
              f"{row['seconds']:.3f} s, lxml and reading the texts alone "
              f"{row['floor_seconds']:.3f} s, ratio {row['ratio']:.2f} (target about 2)")
    print(f"written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
