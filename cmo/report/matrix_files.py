"""The framework matrix written to a file, in the form its extension names.

``.svg`` (the heatmap), ``.html`` (the heatmap as a page), ``.md`` (a table per theme),
``.csv`` (the long table) or ``.xlsx`` (one sheet), as :data:`MATRIX_FORMATS` says; each
written atomically.

Example:
    >>> import tempfile, pathlib, warnings
    >>> import cmo
    >>> theory = cmo.load("examples/social_prescribing/theory.yaml")
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> write_matrix(cmo.evidence_matrix(theory, by="source"), folder / "m.md").name
    'm.md'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Final

from .._helpers import write_atomically
from ..exceptions import UnsupportedFormatError
from ..tables.matrix_sheet import write_matrix_csv, write_matrix_xlsx
from ..theory.matrix import EvidenceMatrix
from .heatmap import heatmap_page, heatmap_svg
from .matrix_table import matrix_markdown

__all__ = ["MATRIX_FORMATS", "write_matrix"]


def _text(make: Callable[[EvidenceMatrix], str]) -> Callable[[EvidenceMatrix, Path], Path]:
    def write(matrix: EvidenceMatrix, path: Path) -> Path:
        data = make(matrix).encode("utf-8")
        return write_atomically(path, lambda stream: stream.write(data))

    return write


#: What each extension writes of a matrix.
MATRIX_FORMATS: Final[Mapping[str, Callable[[EvidenceMatrix, Path], Path]]] = {
    ".svg": _text(heatmap_svg), ".html": _text(heatmap_page), ".md": _text(matrix_markdown),
    ".csv": write_matrix_csv, ".xlsx": write_matrix_xlsx}


def write_matrix(matrix: EvidenceMatrix, path: str | Path) -> Path:
    """Write the matrix to ``path`` in the form its extension names.

    Raises:
        UnsupportedFormatError: an extension not in :data:`MATRIX_FORMATS`.
        OutputError: the file cannot be written.
    """
    writer = MATRIX_FORMATS.get(Path(path).suffix.lower())
    if writer is None:
        raise UnsupportedFormatError(path, action="write a matrix to",
                                     supported=list(MATRIX_FORMATS))
    return writer(matrix, Path(path))
