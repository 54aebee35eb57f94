"""GUIDs of a REFI-QDA project: as ``cmo`` keeps them, and as ``cmo`` derives them.

Exports spell a GUID in upper or lower case, with or without braces: :func:`normal_guid`
makes them one. A project ``cmo`` writes gives each code and selection a GUID derived
from the theory's ids (:func:`stable_guid`), so the same theory always gets the same GUIDs
and reading the project back finds them.

Example:
    >>> normal_guid("{a182cd3a-d83c-4d8c-bc80-26d9103ec6d6}")
    'A182CD3A-D83C-4D8C-BC80-26D9103EC6D6'
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Final

__all__ = ["normal_guid", "stable_guid"]

_GUID_PREFIX: Final = uuid.NAMESPACE_URL.bytes + b"cmo:"
#: A hex digit with its two top bits set to the RFC 4122 variant (binary 10).
_VARIANT: Final = {digit: "89AB"[int(digit, 16) & 3] for digit in "0123456789ABCDEF"}


def stable_guid(*parts: str) -> str:
    """A GUID derived from names, so the same theory always gets the same GUIDs.

    It is ``uuid.uuid5(uuid.NAMESPACE_URL, "cmo:" + "\x1f".join(parts))`` in upper case,
    computed without making a ``UUID`` (an export derives hundreds of thousands).

    Example:
        >>> stable_guid("note", "theory") == str(uuid.uuid5(
        ...     uuid.NAMESPACE_URL, "cmo:note\x1ftheory")).upper()
        True
    """
    value = hashlib.sha1(_GUID_PREFIX + "\x1f".join(parts).encode()).hexdigest().upper()
    # The first 16 bytes, with the version (5) and the RFC 4122 variant set.
    return (f"{value[:8]}-{value[8:12]}-5{value[13:16]}-{_VARIANT[value[16]]}{value[17:20]}-"
            f"{value[20:32]}")


def normal_guid(value: str) -> str:
    """A GUID as ``cmo`` keeps it: upper case, without braces."""
    return value.strip().strip("{}").upper()
