"""Tests of ``cmo.rdf``, and the comparison they share."""

from __future__ import annotations

from cmo.models import Collection

__all__ = ["assert_same_collection"]


def assert_same_collection(read: Collection, written: Collection) -> None:
    """``read`` holds exactly what ``written`` holds (model equality ignores set order)."""
    assert read == written
