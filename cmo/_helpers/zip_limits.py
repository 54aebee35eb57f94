"""How far a ZIP archive from someone else may inflate: a QDPX project, an XLSX workbook.

Both are untrusted input. An archive that inflates past :data:`MAX_TOTAL_BYTES`, or whose
entries inflate more than :data:`MAX_RATIO` times their compressed size (above
:data:`SMALL`), is a zip bomb, and is refused before anything reads it.

Python's :mod:`zipfile` never gives more bytes of an entry than its declared size (a
stream that would inflate further is cut there and fails its check), so checking the
declared sizes bounds what any reader built on it (openpyxl) can inflate.

Example:
    >>> import io, zipfile
    >>> buffer = io.BytesIO()
    >>> with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
    ...     archive.writestr("big.xml", b"<a/>" * 2**20)
    >>> [problem.message for problem in size_problems(zipfile.ZipFile(buffer))]
    ['inflates more than 200 times its compressed size (a zip bomb?)']
"""

from __future__ import annotations

import zipfile
from typing import Final

from ..exceptions import Problem

__all__ = ["MAX_RATIO", "MAX_TOTAL_BYTES", "SMALL", "size_problems"]

#: The most an archive may inflate to, all entries together.
MAX_TOTAL_BYTES: Final = 2 * 2**30
#: The most an entry may inflate, relative to its compressed size (above :data:`SMALL`).
MAX_RATIO: Final = 200
#: Entries up to this size may inflate any amount (a small file compresses well).
SMALL: Final = 2**20

_FIX: Final = "do not open this file; ask for a fresh export"


def size_problems(archive: zipfile.ZipFile, *, max_total_bytes: int = MAX_TOTAL_BYTES,
                  max_ratio: int = MAX_RATIO) -> list[Problem]:
    """The entries of ``archive`` whose declared sizes break the limits, and the whole."""
    problems: list[Problem] = []
    total = 0
    for info in archive.infolist():
        total += info.file_size
        if info.file_size > max(SMALL, info.compress_size * max_ratio):
            problems.append(Problem(info.filename, f"inflates more than {max_ratio} times its "
                                    "compressed size (a zip bomb?)", _FIX))
    if total > max_total_bytes:
        problems.append(Problem("", f"the archive inflates past {max_total_bytes:,} bytes",
                                _FIX))
    return problems
