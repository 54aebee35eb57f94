"""The fingerprint ``cmo`` leaves on a project archive it writes, so that reading it back
knows whether anything changed since.

A project ``cmo`` exports carries its theory in a note (:mod:`cmo.qda.theory_note`);
reading it back looks for what a QDA program changed in the project since
(:mod:`cmo.qda.program_edits`), which takes as long as reading the theory's evidence
again. The archive's comment (a ZIP comment, which QDA programs neither read nor keep)
holds the SHA-1 of the project XML and the note's text as written: while both are still
those bytes, nothing was edited, and there is nothing to look for. Any change to either
(a program saving the project, a hand edit, an archive made again) loses or breaks the
fingerprint, and the edits are looked for as before.

Example:
    >>> import io
    >>> made = Fingerprint(io.BytesIO())
    >>> made.write(b"<Project/>")
    10
    >>> comment = made.comment()
    >>> untouched(comment, b"<Project/>", ""), untouched(comment, b"<Project />", "")
    (True, False)
    >>> untouched(b"", b"<Project/>", "")
    False
"""

from __future__ import annotations

import hashlib
from typing import IO, Final

__all__ = ["Fingerprint", "untouched"]

#: How the archive's comment begins; the SHA-1 (in hex) follows.
_PREFIX: Final = b"cmo fingerprint of the project XML and theory note: "


class Fingerprint:
    """A binary stream that hashes what is written through it: the project XML, then the
    theory note's text (one instance for both, in that order)."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self._hash = hashlib.sha1(usedforsecurity=False)

    def write(self, data: bytes) -> int:
        self._hash.update(data)
        return self.stream.write(data)

    def comment(self) -> bytes:
        """The archive's comment: the fingerprint of everything written through it."""
        return _PREFIX + self._hash.hexdigest().encode("ascii")


def untouched(comment: bytes, project_xml: bytes, note: str | None) -> bool:
    """Whether an archive's project XML and theory note are still what ``cmo`` wrote, by
    the archive's comment."""
    if note is None or not comment.startswith(_PREFIX):
        return False
    found = hashlib.sha1(project_xml, usedforsecurity=False)
    found.update(note.encode("utf-8"))
    return comment == _PREFIX + found.hexdigest().encode("ascii")
