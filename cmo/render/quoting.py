r"""Escaping user text for Graphviz: HTML-like labels, plain attributes, wrapped lines, DOT IDs.

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
The ``graphviz`` package's own quoting (:mod:`graphviz.quoting`) does what it already
can: its :func:`~graphviz.quoting.escape` and :func:`~graphviz.quoting.nohtml` make plain
attribute values, its :func:`~graphviz.quoting.a_list` writes attribute lists, and its
patterns decide which IDs need quotes. Only :func:`dot_id`, run for every node, edge end
and tooltip, keeps a fast path of its own (see its docstring for the measurement); it
quotes exactly as :func:`graphviz.quoting.quote` does, so the diagrams' source reads as it
did when that package wrote it.

Example:
    >>> html_text('Trust <"deep"> & hope')
    'Trust &lt;&quot;deep&quot;&gt; &amp; hope'
    >>> html_lines("Patient comes to trust the link worker", width=22)
    'Patient comes to trust<br/>the link worker'
    >>> wrap_text("  Patient\n\n  trusts  them  ", width=40)
    ['Patient', 'trusts them']
    >>> print(plain_text('a "quoted"\\ \n label'))
    a "quoted"\\\\ label
    >>> print(dot_id("c-trust"), dot_id("box"), dot_id("1.4"), dot_id('say "hi"'))
    "c-trust" box 1.4 "say \"hi\""
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Final

from graphviz.quoting import (
    ESCAPE_UNESCAPED_QUOTES,
    HTML_STRING,
    ID,
    KEYWORDS,
    NoHtml,
    a_list,
    escape,
    nohtml,
)

__all__ = ["dot_attributes", "dot_id", "html_lines", "html_text", "plain_lines", "plain_text",
           "wrap_text", "xml_safe"]

#: What HTML-like labels need spelled as entities, in the order they are replaced (``&``
#: first, so the entities themselves are left alone; numeric for the apostrophe: ``&apos;``
#: is XML, not HTML 4, whose entity names Graphviz knows).
#: A backslash is doubled, since Graphviz expands ``\N`` and co. after reading entities.
#: A closing bracket is a reference because Graphviz 2.43 refuses text that is just "]".
_ENTITIES: Final = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"),
                    ("'", "&#39;"), ("]", "&#93;"), ("\\", "\\\\"))
#: Code points XML 1.0 does not allow (control characters are refused by the models).
_NOT_XML: Final = ("\ufffe", "\uffff")


def _html_escaped(text: str) -> str:
    for character, entity in _ENTITIES:
        if character in text:
            text = text.replace(character, entity)
    return text


def xml_safe(text: str) -> str:
    """``text`` with the code points XML cannot hold (U+FFFE, U+FFFF) as U+FFFD."""
    if text.isascii():
        return text
    for character in _NOT_XML:
        if character in text:
            text = text.replace(character, "\ufffd")
    return text


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
    return _html_escaped(_one_line(text))


def _one_line(text: str) -> str:
    return " ".join(xml_safe(text).split())


def wrap_text(text: str, *, width: int) -> list[str]:
    """``text`` as lines of at most ``width`` characters, broken only between words.

    Each paragraph (a line of the original) is wrapped on its own; white space inside it
    becomes one space, blank paragraphs are dropped. A word longer than ``width`` gets a
    line of its own and is never cut. The lines are those of ``textwrap.wrap`` without
    breaking long words or at hyphens, filled greedily.

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
    if len(text) <= width and text.isprintable():
        # One paragraph that fits (printable text holds no line break and no white space
        # but plain spaces): one line, or none.
        line = " ".join(text.split())
        return [line] if line else []
    lines: list[str] = []
    for paragraph in text.splitlines():
        line = ""
        for word in paragraph.split():
            if not line:
                line = word
            elif len(line) + 1 + len(word) <= width:
                line += " " + word
            else:
                lines.append(line)
                line = word
        if line:
            lines.append(line)
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
    # Wrapped lines hold no newline: join them by one, escape once, then break there.
    lines = _html_escaped(xml_safe("\n".join(wrap_text(text, width=width))))
    return lines.replace("\n", line_break)


def plain_text(text: str) -> str:
    r"""``text`` on one line, safe as a quoted DOT attribute value such as a tooltip.

    Graphviz reads such values twice: once undoing backslash escapes, once expanding
    ``\N`` (node name), ``\G`` (graph name), ``\n`` and the like; it also reads
    entities such as ``&amp;``. So ``&`` is written as ``&amp;`` and backslashes are
    escaped twice with :func:`graphviz.quoting.escape` (each written as four). White
    space runs become one space; :func:`dot_id` (or the ``graphviz`` package) adds the
    quotes and escapes ``"``.

    Args:
        text: any text.

    Returns:
        A string quoted as plain text, never as HTML.

    Example:
        >>> print(plain_text("<R&D> \\G"))
        <R&amp;D> \\\\G
    """
    line = " ".join(text.split())
    if not line.isascii():
        line = xml_safe(line)
    if "&" in line:
        line = line.replace("&", "&amp;")
    # Tooltips are many and few hold a backslash: only those are escaped (twice, as
    # Graphviz reads them twice).
    return escape(escape(line)) if "\\" in line else nohtml(line)


def plain_lines(lines: Iterable[str], *, escaped: bool = False) -> str:
    r"""Several lines as one quoted DOT attribute value (a multi-line tooltip).

    Args:
        lines: the lines, each made safe by :func:`plain_text` here.
        escaped: the lines are :func:`plain_text` already (only joined here).

    Returns:
        The lines joined by Graphviz's ``\n`` escape, never read as HTML.

    Example:
        >>> print(plain_lines(["cmoc-1: 2 evidence", "<cmoc-2>"]))
        cmoc-1: 2 evidence\n<cmoc-2>
    """
    return nohtml("\\n".join(lines if escaped else [plain_text(line) for line in lines]))


def dot_id(value: str) -> str:
    r"""``value`` as a DOT ID: as it is when a name, a number or an HTML-like label
    (``<...>``, unless :func:`plain_text` made it), else in double quotes.

    Inside the quotes a ``"`` gets a backslash (one that has one already is left alone),
    exactly as :func:`graphviz.quoting.quote` quotes, with its own patterns, so the source
    it wrote stays the same.

    Why not call :func:`graphviz.quoting.quote` itself: this runs for every node, edge end
    and tooltip, and ``quote`` (behind a check of positional arguments and a scan for a
    final backslash, to warn) costs about ten times as much per call. Measured with ``timeit``
    (process time, best of 5) on the DOT source of a synthetic theory of 10,000
    configurations (``cmo.synthetic.synthetic_collection(10_000, seed=1)``): about 0.2 s
    with this function, 0.5 s with ``quote`` in its place (x2.4 to x2.7 over five runs);
    per call 0.45 µs against 4.7 µs. The other helpers here delegate, at no measurable
    cost (the whole source within 1% of their former hand-written versions).

    Example:
        >>> print(dot_id("rounded,filled"), dot_id("node"), dot_id("<<b>x</b>>"))
        "rounded,filled" "node" <<b>x</b>>
        >>> print(dot_id(plain_text("<R&D>")))
        "<R&amp;D>"
    """
    if value[:1] == "<" and HTML_STRING.match(value) and not isinstance(value, NoHtml):
        return value
    if " " not in value and ID.match(value) and value.lower() not in KEYWORDS:
        return value
    if '"' in value:
        value = ESCAPE_UNESCAPED_QUOTES(value)
    return f'"{value}"'


def dot_attributes(attributes: Mapping[str, str]) -> str:
    """``name=value`` pairs for a DOT attribute list, by name, as the ``graphviz`` package
    orders and quotes them (without brackets, so a statement can add its own): its
    :func:`graphviz.quoting.a_list`.

    Example:
        >>> dot_attributes({"style": "rounded,filled", "color": "#0072B2", "shape": "box"})
        'color="#0072B2" shape=box style="rounded,filled"'
    """
    return a_list(kwargs=dict(attributes))
