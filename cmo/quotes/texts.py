"""The texts quotes are checked against: a source's own ``text``, or a file in a folder.

A file of the folder belongs to a source when its name, without its extension, is the
source's id (``tierney2024.txt``), or when its name, with or without the extension, is
the source's title (how QDA programs name documents: ``Interview P01.txt``), or that title
without its extension (an extraction table naming ``Interview P01.pdf``), ignoring case.
Files are read as UTF-8, or in the encoding they seem to be in (with a warning).

Example:
    >>> import tempfile
    >>> from pathlib import Path
    >>> from cmo.models import Collection, Source
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "p01.txt").write_text("Synthetic transcript.", encoding="utf-8")
    >>> sources = Collection(sources=[Source(id="p01", kind="interview"),
    ...                               Source(id="p02", kind="interview")])
    >>> source_texts(sources, folder)
    {'p01': 'Synthetic transcript.', 'p02': None}
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final

from .._helpers import read_text
from ..exceptions import InputError, Problem
from ..models import Collection, Source

__all__ = ["TEXT_SUFFIXES", "source_texts"]

#: The files of a sources folder that are read (others are left alone).
TEXT_SUFFIXES: Final = frozenset({".txt", ".text", ".md"})
#: The extension of a document named in a table ("Interview P01.pdf"), dropped to find its text.
_FILE_SUFFIX: Final = re.compile(r"\.[A-Za-z0-9]{1,5}$")
#: The encodings a file that is not UTF-8 is read in, where others read it as well.
_LEGACY: Final = ("cp1252",)


def source_texts(collection: Collection, folder: str | Path | None = None
                 ) -> dict[str, str | None]:
    """Each source's text, by its id: the one the theory holds, else the folder's file for
    it, else None (no text to check against).

    Raises:
        InputError: ``folder`` is not a folder, or a file for a source cannot be read.
    """
    files = _files(Path(folder)) if folder is not None else {}
    return {source.id: source.text if source.text is not None else _text_of(source, files)
            for source in collection.sources}


def _files(folder: Path) -> dict[str, Path]:
    """The text files of ``folder`` by the names they may be known by, in lower case."""
    if not folder.is_dir():
        raise InputError([Problem("", "is not a folder" if folder.exists() else "no such folder",
                                  "name the folder that holds the sources' texts")],
                         source=folder)
    named: dict[str, Path] = {}
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.suffix.lower() in TEXT_SUFFIXES:
            named.setdefault(path.stem.lower(), path)
            named.setdefault(path.name.lower(), path)
    return named


def _text_of(source: Source, files: dict[str, Path]) -> str | None:
    title = source.title or ""
    for name in (source.id, title, _FILE_SUFFIX.sub("", title)):
        if name and (path := files.get(name.lower())) is not None:
            return read_text(path, fallback=_LEGACY)
    return None
