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


def html_page(title: str, body: str, *, heading: bool = True) -> str:
    """``body`` (HTML) in a page titled ``title`` (plain text, escaped here), headed by it
    unless ``heading`` is False (a picture that carries its own caption)."""
    shown = escape(title)
    top = f"<h1>{shown}</h1>" if heading else ""
    return ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>{shown}</title></head><body style='font-family: system-ui, "
            f"sans-serif'>{top}{body}</body></html>\n")
