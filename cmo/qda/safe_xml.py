"""Parsing XML from others safely: no DTDs, no entities, no network (lxml).

A document type declaration is refused outright: REFI-QDA needs none, and it is where
billion-laughs entity bombs and external entities (XXE) live. The parser itself also
resolves no entities and fetches nothing.

Example:
    >>> parse_xml(b"<Project name='x'/>", source="p.qde").get("name")
    'x'
    >>> parse_xml(b'<!DOCTYPE p [<!ENTITY a "aaaa">]><p>&a;</p>', source="p.qde")
    Traceback (most recent call last):
    ...
    cmo.exceptions.InputError: p.qde: line 1: the XML declares a document type (DOCTYPE)...
"""

from __future__ import annotations

import re
from typing import Any, Final

from lxml import etree

from ..exceptions import InputError, Problem

__all__ = ["parse_xml"]

_DOCTYPE: Final = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
#: How a document in UTF-16 or UTF-32 begins (a byte-order mark, or ``<`` with zero bytes).
_WIDE: Final = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
                (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"),
                (b"<\x00\x00\x00", "utf-32-le"), (b"\x00\x00\x00<", "utf-32-be"),
                (b"<\x00", "utf-16-le"), (b"\x00<", "utf-16-be"))


def _narrow(data: bytes) -> bytes:
    """The document as UTF-8 for the DOCTYPE check, when it is written in UTF-16 or -32."""
    for start, encoding in _WIDE:
        if data.startswith(start):
            return data.decode(encoding, errors="replace").encode("utf-8", errors="replace")
    return data


def _parser() -> Any:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False, remove_comments=True)


def parse_xml(data: bytes, *, source: str) -> Any:
    """The root element of an XML document, parsed without DTDs, entities or network.

    Raises:
        InputError: a DOCTYPE, or XML that is not well formed (with its line).
    """
    narrow = _narrow(data)
    doctype = _DOCTYPE.search(narrow)
    if doctype:
        line = narrow.count(b"\n", 0, doctype.start()) + 1
        raise _doctype_refused(line, source)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as error:
        line = error.lineno or 1
        column = error.position[1] if error.position else None
        where = f"line {line}" + (f", column {column}" if column else "")
        # libxml2's message names the construct, not the text around it.
        raise InputError([Problem(where, f"is not well-formed XML ({error.msg.split(',')[0]})",
                                  "export the project again from the QDA program")],
                         source=source) from None
    if root.getroottree().docinfo.doctype:  # declared in an encoding the check above missed
        raise _doctype_refused(1, source)
    return root


def _doctype_refused(line: int, source: str) -> InputError:
    return InputError([Problem(f"line {line}", "the XML declares a document type (DOCTYPE), "
                               "which REFI-QDA never needs and which can hide entity bombs",
                               "do not open this file; ask for a fresh export")], source=source)
