"""What the commands' options offer, as plain values, so that ``cmo COMMAND --help`` imports
no model, no graph and no format (half a second) to list them.

Each value is the one the layers below define, copied: ``tests/test_cli.py`` checks that
they agree, so a copy cannot drift from its source.

Example:
    >>> MATRIX_BY[:3]
    ('participant', 'role', 'site')
"""

from __future__ import annotations

from typing import Final

__all__ = ["APPRAISAL_DIMENSIONS", "MATRIX_BY", "MAX_LAID_OUT"]

#: What the rows of a framework matrix can be (:data:`cmo.theory.matrix.MATRIX_BY`).
MATRIX_BY: Final[tuple[str, ...]] = ("participant", "role", "site", "wave", "source", "kind")
#: The dimensions evidence is judged on
#: (:data:`cmo.models.appraisal.APPRAISAL_DIMENSIONS`).
APPRAISAL_DIMENSIONS: Final[tuple[str, ...]] = ("relevance", "rigour", "richness")
#: The most configurations drawn in one laid-out diagram without ``--force``
#: (:data:`cmo.render.MAX_LAID_OUT`).
MAX_LAID_OUT: Final = 500
