"""Between the authoring format and the models: the two directions are
:mod:`cmo.authoring.reading` (data to a collection, every problem reported, see
:mod:`cmo.authoring.problems`) and :mod:`cmo.authoring.writing` (a collection to data)
now. The old names stay importable from here until integration.
"""

from __future__ import annotations

from .reading import data_to_collection  # moved: remove at integration
from .writing import collection_to_data  # moved: remove at integration

__all__ = ["collection_to_data", "data_to_collection"]
