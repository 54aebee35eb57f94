r"""Escaping user text for Graphviz: HTML-like labels, plain attributes and wrapped lines.

Every string a researcher wrote (labels, themes, titles, mechanism halves) reaches the DOT
source only through this module. HTML-like labels get ``&<>"']`` as entities, doubled
backslashes (Graphviz expands ``\N``, the node name, ``\G``, the graph name, and the like
even there, after entities) and lines joined with ``<br/>``. Plain attribute values
(tooltips) get ``&`` as a reference and each backslash four times (Graphviz reads them
twice).
Characters that XML forbids (U+FFFE, U+FFFF) become U+FFFD, because Graphviz parses
HTML-like labels as XML and writes SVG, which is XML. Runs of white space (newlines, tabs,
leading and trailing spaces) become single spaces or line breaks: a diagram label has no
other layout.

Example:
    >>> html_text('Trust <"deep"> & hope')
    'Trust &lt;&quot;deep&quot;&gt; &amp; hope'
    >>> html_lines("Patient comes to trust the link worker", width=22)
    'Patient comes to trust<br/>the link worker'
    >>> wrap_text("  Patient\n\n  trusts  them  ", width=40)
    ['Patient', 'trusts them']
    >>> print(plain_text('a "quoted"\\ \n label'))
    a "quoted"\\\\ label
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable
from typing import Final

from graphviz import nohtml

__all__ = ["html_lines", "html_text", "plain_lines", "plain_text", "wrap_text"]

#: What HTML-like labels need spelled as entities (numeric for the apostrophe: ``&apos;``
#: is XML, not HTML 4, whose entity names Graphviz knows).
#: A backslash is doubled, since Graphviz expands ``\N`` and co. after reading entities.
#: A closing bracket is a reference because Graphviz 2.43 refuses text that is just "]".
_ENTITIES: Final = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;",
                    "]": "&#93;", "\\": "\\\\"}
_SPECIAL: Final = re.compile(r"[&<>\"'\]\\]")
#: What plain (escString) values need: ``&`` as a reference, a backslash four times.
_PLAIN_ENTITIES: Final = {"&": "&amp;", "\\": "\\" * 4}
_PLAIN_SPECIAL: Final = re.compile(r"[&\\]")
#: Code points XML 1.0 does not allow (control characters are refused by the models).
_NOT_XML: Final = re.compile("[\ufffe\uffff]")


def _xml_safe(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def html_text(text: str) -> str:
    r"""``text`` on one line, escaped for an HTML-like label (entities, doubled backslashes).

    Args:
        text: any text; runs of white space, line breaks included, become one space (use
            :func:`html_lines` to break lines).

    Returns:
        The escaped text.

    Example:
        >>> html_text("A & B <i>")
        'A &amp; B &lt;i&gt;'
        >>> print(html_text(" C:\\N\n  next "))
        C:\\N next
    """
    return _SPECIAL.sub(lambda match: _ENTITIES[match.group()], _one_line(text))


def _one_line(text: str) -> str:
    return " ".join(_xml_safe(text).split())


def wrap_text(text: str, *, width: int) -> list[str]:
    """``text`` as lines of at most ``width`` characters, broken only between words.

    Each paragraph (a line of the original) is wrapped on its own; white space inside it
    becomes one space, blank paragraphs are dropped. A word longer than ``width`` gets a
    line of its own and is never cut.

    Args:
        text: the text to wrap.
        width: the widest line wanted, in characters (at least 1).

    Returns:
        The lines, without leading or trailing spaces.

    Example:
        >>> wrap_text("Link worker listens and knows local services", width=16)
        ['Link worker', 'listens and', 'knows local', 'services']
        >>> wrap_text("anti-discrimination", width=5)
        ['anti-discrimination']
    """
    lines: list[str] = []
    for paragraph in text.splitlines():
        words = " ".join(paragraph.split())
        lines += textwrap.wrap(words, width=width, break_long_words=False,
                               break_on_hyphens=False)
    return lines


def html_lines(text: str, *, width: int, align: str = "") -> str:
    """``text`` wrapped to ``width`` and escaped, lines joined by ``<br/>``.

    Args:
        text: the text to show.
        width: the widest line wanted, in characters.
        align: ``"left"`` or ``"right"`` to align each line break that way; empty to center.

    Returns:
        A fragment for an HTML-like label.

    Example:
        >>> html_lines("A <b> C", width=3, align="left")
        'A<br align="left"/>&lt;b&gt;<br align="left"/>C'
    """
    line_break = f'<br align="{align}"/>' if align else "<br/>"
    return line_break.join(html_text(line) for line in wrap_text(text, width=width))


def plain_text(text: str) -> str:
    r"""``text`` on one line, safe as a quoted DOT attribute value such as a tooltip.

    Graphviz reads such values twice: once undoing backslash escapes, once expanding
    ``\N`` (node name), ``\G`` (graph name), ``\n`` and the like; it also reads
    entities such as ``&amp;``. So each backslash is written as four and ``&`` as
    ``&amp;``. White space runs become one space; the ``graphviz`` package adds the quotes
    and escapes ``"``.

    Args:
        text: any text.

    Returns:
        A string the ``graphviz`` package quotes as plain text, never as HTML.

    Example:
        >>> print(plain_text("<R&D> \\G"))
        <R&amp;D> \\\\G
    """
    return nohtml(_PLAIN_SPECIAL.sub(lambda match: _PLAIN_ENTITIES[match.group()],
                                     _one_line(text)))


def plain_lines(lines: Iterable[str]) -> str:
    r"""Several lines as one quoted DOT attribute value (a multi-line tooltip).

    Args:
        lines: the lines, each made safe by :func:`plain_text`.

    Returns:
        The lines joined by Graphviz's ``\n`` escape, never read as HTML.

    Example:
        >>> print(plain_lines(["cmoc-1: 2 evidence", "<cmoc-2>"]))
        cmoc-1: 2 evidence\n<cmoc-2>
    """
    return nohtml("\\n".join(plain_text(line) for line in lines))
