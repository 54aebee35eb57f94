"""Markdown written by ``cmo`` (the refinement log) as HTML, for reports and notebooks.

markdown-it-py (CommonMark, with its pipe tables) does the parsing; raw HTML in the text
is not passed through, so the result is as safe to embed as the text was. Headings can be moved down a few
levels to sit under the heading of the page they are put in.

Example:
    >>> markdown_to_html("# Log\\n\\n- **Refined** from `hope`: <b>not</b> bold", heading_offset=2)
    '<h3>Log</h3>\\n<ul>\\n<li><strong>Refined</strong> from <code>hope</code>: &lt;b&gt;not&lt;/b&gt; bold</li>\\n</ul>\\n'
"""

from __future__ import annotations

from functools import cache
from typing import Any

__all__ = ["markdown_to_html"]


@cache
def _parser() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table")


def markdown_to_html(text: str, *, heading_offset: int = 0) -> str:
    """``text`` (CommonMark) as HTML.

    Args:
        text: Markdown, e.g. :func:`cmo.report.refinement_log.refinement_log_markdown`'s.
        heading_offset: levels to move every heading down (``1``: ``#`` becomes ``<h2>``),
            at most to ``<h6>``.

    Returns:
        HTML text; raw HTML in ``text`` is escaped, not kept.
    """
    parser = _parser()
    env: dict[str, Any] = {}
    tokens = parser.parse(text, env)
    for token in tokens:
        if token.type in {"heading_open", "heading_close"}:
            token.tag = f"h{min(6, int(token.tag[1]) + heading_offset)}"
    return str(parser.renderer.render(tokens, parser.options, env))
