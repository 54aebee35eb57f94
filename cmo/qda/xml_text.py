"""Writing XML as text, streamed: escaped values, refused characters, buffered output.

An export writes hundreds of thousands of small elements (selections, codings); made as
strings they cost a fraction of lxml elements. Every value is escaped, and a character
XML 1.0 cannot hold (a control character, U+FFFE, U+FFFF, a lone surrogate) is refused
with ``ValueError``, as lxml would refuse it, so the output is always well-formed.

Example:
    >>> import io
    >>> stream = io.BytesIO()
    >>> out = XmlText(stream)
    >>> out.write(start("Code", name='Trust & "hope"'), element("Description", "a < b"),
    ...           end("Code"))
    >>> out.flush()
    >>> stream.getvalue().decode()
    '<Code name="Trust &amp; &quot;hope&quot;"><Description>a &lt; b</Description></Code>'
    >>> element("Description", "bell\\x07")
    Traceback (most recent call last):
    ...
    ValueError: text 'bell\\x07' holds U+0007, which XML cannot hold
"""

from __future__ import annotations

import re
from typing import IO, Final

__all__ = ["XmlText", "element", "empty", "end", "start", "text"]

_NOT_XML: Final = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_FLUSH_AT: Final = 2**20


def _checked(value: str) -> str:
    found = _NOT_XML.search(value)
    if found:
        raise ValueError(f"text {value[:40]!r} holds U+{ord(found.group()):04X}, which XML "
                         "cannot hold")
    return value


def text(value: str) -> str:
    """Character data, escaped (a carriage return too: a parser would make it a line feed)."""
    return _checked(value).replace("&", "&amp;").replace("<", "&lt;").replace(
        ">", "&gt;").replace("\r", "&#13;")


def _attributes(attributes: dict[str, str]) -> str:
    return "".join(
        f' {name}="' + _checked(value).replace("&", "&amp;").replace("<", "&lt;")
        .replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;")
        .replace("\t", "&#9;") + '"'
        for name, value in attributes.items())


def start(tag: str, **attributes: str) -> str:
    """An opening tag."""
    return f"<{tag}{_attributes(attributes)}>"


def empty(tag: str, **attributes: str) -> str:
    """An element without content."""
    return f"<{tag}{_attributes(attributes)}/>"


def end(tag: str) -> str:
    return f"</{tag}>"


def element(tag: str, value: str, **attributes: str) -> str:
    """An element holding text."""
    return f"<{tag}{_attributes(attributes)}>{text(value)}</{tag}>"


class XmlText:
    """UTF-8 output to a binary stream, written in large pieces."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self._pending: list[str] = []
        self._size = 0

    def write(self, *pieces: str) -> None:
        self._pending.extend(pieces)
        self._size += sum(map(len, pieces))
        if self._size >= _FLUSH_AT:
            self.flush()

    def flush(self) -> None:
        self.stream.write("".join(self._pending).encode("utf-8"))
        self._pending.clear()
        self._size = 0
