"""The floors of the diff, merge and agreement benchmarks do the same work as ``cmo``: on
the benchmark's own synthetic theory and its synthetic revision (generated, not real data),
each finds what ``cmo`` finds, comparing plain field values rather than ``cmo``'s models."""

from __future__ import annotations

from types import ModuleType

import pytest

import cmo
from cmo.models import Collection
from cmo.synthetic import synthetic_collection, synthetic_revision
from cmo.theory.diff import diff
from cmo.theory.merge import merge

from ..conftest import benchmark_module


@pytest.fixture(scope="module")
def versions() -> ModuleType:
    return benchmark_module("stages.versions")


@pytest.fixture(scope="module")
def both() -> tuple[Collection, Collection]:
    collection = synthetic_collection(400, evidence_per_configuration=8, seed=1)
    return collection, synthetic_revision(collection, seed=1)


def test_the_diff_floor_finds_the_configurations_cmo_finds_added_removed_and_changed(
        versions, both):
    old, new = both
    found = diff(old, new)
    added, removed, changed, judged = versions.plain_diff(old, new)
    assert added == [c.id for c in found.added] and len(added) == 20
    assert removed == [c.id for c in found.removed] and len(removed) == 28
    assert sorted(changed) == sorted(r.new.id for r in found.changed)
    assert len(changed) == 372 and judged == [] and found.appraisals == ()


def test_the_merge_floor_keeps_as_many_values_of_each_kind_as_cmo(versions, both):
    merged = merge(*both).collection
    plain = versions.plain_merge(*both)
    assert {field: len(values) for field, values in plain.items()} == {
        field: len(getattr(merged, field)) for field in plain}
    assert len(plain["configurations"]) == 792


def test_the_agreement_floor_gives_cmos_kappa_and_alpha_matching_configurations_alike(
        versions, both):
    agreement = cmo.agree(*both, names=("first", "second"))
    # A new configuration whose original was removed is one with it by its elements: the
    # floor matches configurations as cmo does, not by id alone.
    assert sum("elements" in c.by for c in agreement.configurations) == 3
    kappa, alpha = versions.plain_agreement(*both)
    assert kappa == pytest.approx(agreement.kappa.value, abs=1e-12)
    assert alpha == pytest.approx(agreement.alpha.value, abs=1e-12)
