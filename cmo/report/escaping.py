r"""Escaping text for Markdown: the one rule every Markdown document of ``cmo`` follows.

Labels, sentences, rationales and citations come from the team's own files and may hold
characters that mean something in Markdown (``*``, ``_``, ``<b>``, ``|``...). Escaped,
they show as written, in prose and in table cells alike, and no HTML gets through.

Example:
    >>> print(escape_markdown("Trust *and* <b>hope</b> | 50_50 [link](x)"))
    Trust \*and\* \<b\>hope\</b\> \| 50\_50 \[link\](x)
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["escape_markdown"]

# Characters that change the meaning of Markdown inside a line of prose (CommonMark):
# emphasis, code, links, HTML and table cells. Others ((, ), +, #) only matter at the
# start of a line or after ']', which these escapes already cover.
_MARKDOWN_SPECIAL: Final = re.compile(r"([\\`*_\[\]<>|])")


def escape_markdown(text: str) -> str:
    r"""``text`` safe inside a line of Markdown prose or a table cell.

    Every character that Markdown would read as markup is escaped with a backslash, and
    line ends and runs of white space become one space, so the text keeps its line, its
    list item or its table cell.

    Args:
        text: plain text, e.g. a configuration's label or if-then-because sentence.

    Returns:
        The text as Markdown that shows it unchanged.

    Example:
        >>> escape_markdown("If Trust,\n  then Hope")
        'If Trust, then Hope'
        >>> print(escape_markdown(r"C:\data\p07_notes.txt"))
        C:\\data\\p07\_notes.txt
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))
