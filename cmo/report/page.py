"""A whole HTML page around a fragment: self-contained, no scripts, nothing fetched.

Example:
    >>> html_page("<Sp> & co", "<p>Synthetic</p>")[:64]
    "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><titl"
    >>> "<h1>&lt;Sp&gt; &amp; co</h1><p>Synthetic</p>" in html_page("<Sp> & co", "<p>Synthetic</p>")
    True
"""

from __future__ import annotations

from html import escape

__all__ = ["html_page"]


def html_page(title: str, body: str) -> str:
    """``body`` (HTML) in a page headed by ``title`` (plain text, escaped here)."""
    shown = escape(title)
    return ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>{shown}</title></head><body style='font-family: system-ui, "
            f"sans-serif'><h1>{shown}</h1>{body}</body></html>\n")
