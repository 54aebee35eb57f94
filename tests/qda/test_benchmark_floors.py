"""The QDA benchmark floors do the work of their stages: every selection walked and its
text sliced, the same project and note written from the models (synthetic theories)."""

from __future__ import annotations

import warnings
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from cmo.qda import read_qdpx, write_qdpx
from cmo.synthetic import synthetic_collection

from ..conftest import benchmark_module


@pytest.fixture
def qda_stages():
    return benchmark_module("stages.qda"), benchmark_module("workload").write_qda_project


def _tags(path: Path) -> dict[str, int]:
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("project.qde"))
    counts: dict[str, int] = {}
    for element in root.iter():
        tag = element.tag.split("}")[-1]
        counts[tag] = counts.get(tag, 0) + 1
    return counts


def test_the_import_floor_walks_every_selection_with_its_codes(qda_stages, tmp_path):
    qda, write_qda_project = qda_stages
    path = write_qda_project(tmp_path / "coded.qdpx", selections=150)
    plain = qda.read_project_plainly(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours = read_qdpx(path)
    counts = _tags(path)
    assert len(plain.excerpts) == counts["PlainTextSelection"] == 150
    assert sum(map(len, (e.codes for e in plain.excerpts))) == counts["CodeRef"]
    assert len(plain.sources) == len(ours.sources) == 2
    assert len(plain.codes) == counts["Code"]
    assert all(excerpt.text for excerpt in plain.excerpts)


def test_the_reimport_floor_gives_every_excerpt_its_text(qda_stages, tmp_path):
    qda, _ = qda_stages
    theory = synthetic_collection(30, evidence_per_configuration=4, seed=3)
    path = write_qdpx(theory, tmp_path / "theory.qdpx")
    plain = qda.read_own_project_plainly(path)
    assert [(e.id, e.text) for e in plain.excerpts] == [
        (e.id, e.text) for e in read_qdpx(path).excerpts]
    assert len(plain.configurations) == 30


def test_the_export_floor_writes_the_same_project_from_the_models(qda_stages, tmp_path):
    qda, _ = qda_stages
    theory = synthetic_collection(30, evidence_per_configuration=4, seed=3)
    ours = _tags(write_qdpx(theory, tmp_path / "ours.qdpx"))
    floor = _tags(qda.write_project_plainly(theory, tmp_path / "floor.qdpx"))
    for tag in ("Code", "TextSource", "PlainTextSelection", "Coding", "CodeRef", "Note"):
        assert floor[tag] == ours[tag], tag
