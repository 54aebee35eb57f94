"""The RDF benchmarks' floors do the same work as ``cmo``: the export floors make about the
triples ``cmo`` writes, from the models; the import floor reads back the theory ``cmo``
reads. On the benchmark's own synthetic theory (generated, not real data)."""

from __future__ import annotations

from types import ModuleType

import pyoxigraph
import pytest

from cmo.models import Collection
from cmo.rdf import read_rdf, write_rdf
from cmo.rdf.statements import descriptions
from cmo.synthetic import synthetic_collection

from ..conftest import benchmark_module


@pytest.fixture(scope="module")
def linked_data() -> ModuleType:
    return benchmark_module("stages.linked_data")


@pytest.fixture(scope="module")
def synthetic() -> Collection:
    return synthetic_collection(60, evidence_per_configuration=5, seed=1)


def test_the_export_floor_makes_within_5_percent_of_the_triples_cmo_writes(linked_data,
                                                                           synthetic):
    ours = sum(len(said) for _, said in descriptions(synthetic))
    floor = list(linked_data.theory_triples(synthetic))
    assert ours == 3_185
    assert abs(len(floor) - ours) <= 0.05 * ours
    assert len(set(floor)) == len(floor)  # no triple made twice to make up the count


@pytest.mark.parametrize(("rdf_format", "suffix"), [
    (pyoxigraph.RdfFormat.TURTLE, ".ttl"), (pyoxigraph.RdfFormat.N_TRIPLES, ".nt"),
    (pyoxigraph.RdfFormat.JSON_LD, ".jsonld")])
def test_each_export_floor_writes_its_triples_in_its_format(linked_data, synthetic, tmp_path,
                                                            rdf_format, suffix):
    path = tmp_path / f"floor{suffix}"
    linked_data.serialize_plainly(synthetic, path, rdf_format)
    written = {(quad.subject, quad.predicate, quad.object)
               for quad in pyoxigraph.parse(path=path, format=rdf_format)}
    assert written == {(triple.subject, triple.predicate, triple.object)
                       for triple in linked_data.theory_triples(synthetic)}


def test_the_import_floor_reads_the_theory_cmo_reads(linked_data, synthetic, tmp_path):
    path = write_rdf(synthetic, tmp_path / "theory.ttl", rdf_format="turtle")
    plain, ours = linked_data.read_plainly(path), read_rdf(path, rdf_format="turtle")
    assert (plain.id, plain.title, plain.version) == (ours.id, ours.title, ours.version)
    assert sorted(source.id for source in plain.sources) == [s.id for s in ours.sources]
    assert sorted((x.id, x.source, x.text, x.start, x.end) for x in plain.excerpts) == sorted(
        (x.id, x.source.id, x.text, x.start, x.end) for x in ours.excerpts)
    assert sorted((e.kind, e.id, e.label) for e in plain.elements) == sorted(
        (e.kind, e.id, e.label) for e in ours.elements)
    assert sorted((c.id, c.label, c.theme, c.status, c.contexts, c.mechanism, c.outcomes,
                   sorted((e.excerpt, e.stance) for e in c.evidence))
                  for c in plain.configurations) == sorted(
        (c.id, c.label, c.theme, c.status, tuple(e.id for e in c.contexts), c.mechanism.id,
         tuple(e.id for e in c.outcomes), sorted((e.excerpt.id, e.stance) for e in c.evidence))
        for c in ours.configurations)
    assert sum(len(c.evidence) for c in plain.configurations) == 300
