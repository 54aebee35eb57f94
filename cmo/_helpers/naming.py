"""The names of the hidden files a write leaves beside its output for a moment: temporary
files (``.{name}.cmo-<random>.tmp``) and the journal of a set of files
(``.{name}.cmo-journal``), so the next write can tell them from the user's files.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Final

__all__ = ["JOURNAL_SUFFIX", "JOURNAL_VERSION", "LARGEST_JOURNAL", "is_temporary_of", "journal_bytes",
           "journal_of", "journaled", "stem"]

JOURNAL_SUFFIX: Final = ".cmo-journal"
JOURNAL_VERSION: Final = 1
#: A journal names a few files: a larger file of that name is not one of ours.
LARGEST_JOURNAL: Final = 2**20
_LONGEST_STEM: Final = 200


def stem(path: Path) -> str:
    """What the names of ``path``'s temporary files start with, after the dot."""
    if len(os.fsencode(path.name)) <= _LONGEST_STEM:
        return path.name
    return hashlib.sha256(os.fsencode(path.name)).hexdigest()[:32]


def is_temporary_of(name: str, path: Path) -> bool:
    """Whether ``name`` is a temporary file of ``path``'s, of this version or an earlier one
    (``tempfile.mkstemp``'s eight characters)."""
    prefix = f".{stem(path)}."
    if not (name.startswith(prefix) and name.endswith(".tmp")):
        return False
    middle = name[len(prefix):-len(".tmp")]
    return (re.fullmatch(r"cmo-[0-9a-f]{16}", middle) is not None
            or re.fullmatch(r"[a-z0-9_]{8}", middle) is not None)


def journal_of(output: Path) -> Path:
    return output.with_name(f".{stem(output)}{JOURNAL_SUFFIX}")


def journal_bytes(journal: Path) -> bytes:
    """A journal's bytes; a file too large to be one is refused with a ValueError."""
    with journal.open("rb") as stream:
        data = stream.read(LARGEST_JOURNAL + 1)
    if len(data) > LARGEST_JOURNAL:
        raise ValueError("not a journal")
    return data


def journaled(folder: Path, names: Iterable[str]) -> set[str]:
    """The temporary files named by the journals in ``folder``: they wait to be renamed."""
    waiting: set[str] = set()
    for name in names:
        if name.startswith(".") and name.endswith(JOURNAL_SUFFIX):
            with contextlib.suppress(OSError, ValueError, TypeError, KeyError, AttributeError):
                data = json.loads(journal_bytes(folder / name))
                waiting.update(str(item["temporary"]) for item in data["files"])
    return waiting
