"""Every user string is escaped for DOT: HTML-like labels, plain attributes, wrapping."""

from __future__ import annotations

import html
import re
import textwrap

import pytest
from graphviz.quoting import a_list, quote
from hypothesis import given
from hypothesis import strategies as st

from cmo.render.quoting import (
    dot_attributes,
    dot_id,
    html_lines,
    html_text,
    plain_lines,
    plain_text,
    wrap_text,
)

from .drawing import normalised

NASTY = ['"quoted"', "a < b > c", "R&D", "it's", "C:\\new\\Node \\N \\G", "tab\there",
         "two\nlines", "  padded  ", "{record|field}", "🙂 emoji", "שלום", "中文标签",
         "&amp; already", "\ufffe\uffff", "]", "]]>", "[x]"]


@pytest.mark.parametrize("text", NASTY)
def test_html_text_leaves_no_markup_characters(text):
    escaped = html_text(text)
    assert not set(escaped) & set("<>\"'")
    assert re.fullmatch(r"([^&\]]|&(amp|lt|gt|quot|#39|#93);)*", escaped)


@given(st.text())
def test_html_text_reads_back_as_the_text_on_one_line(text):
    escaped = html_text(text)
    assert html.unescape(escaped).replace("\\\\", "\\") == normalised(text)


def test_backslashes_cannot_become_graphviz_escapes():
    assert html_text("\\N") == "\\\\N"
    assert plain_text("\\G and \\") == "\\\\\\\\G and \\\\\\\\"


@given(st.text(), st.integers(min_value=1, max_value=60))
def test_wrapping_never_cuts_or_loses_a_word(text, width):
    lines = wrap_text(text, width=width)
    assert " ".join(lines) == " ".join(text.split())
    for line in lines:
        assert line == line.strip() and line
        assert len(line) <= width or " " not in line


def test_wrapping_breaks_at_word_boundaries():
    assert wrap_text("Link worker listens and knows local services", width=20) == [
        "Link worker listens", "and knows local", "services"]
    assert wrap_text("well-being", width=4) == ["well-being"]


def test_html_lines_escapes_each_wrapped_line():
    assert html_lines("<a> & <b>", width=5) == "&lt;a&gt; &amp;<br/>&lt;b&gt;"
    assert html_lines("one two", width=3, align="left") == 'one<br align="left"/>two'


@pytest.mark.parametrize("text", NASTY)
def test_plain_text_is_one_line_and_never_html(text):
    quoted = plain_text(f"<{text}>")
    assert "\n" not in quoted and "\t" not in quoted
    assert type(quoted).__name__ == "NoHtml"
    assert html.unescape(quoted).replace("\\" * 4, "\\") == normalised(f"<{text}>")


def test_plain_lines_joins_with_graphviz_newlines():
    assert plain_lines(["a\\b", "c&d"]) == "a\\\\\\\\b\\nc&amp;d"
    assert type(plain_lines(["<x>"])).__name__ == "NoHtml"


@given(st.text(), st.integers(min_value=1, max_value=60))
def test_wrapping_breaks_lines_where_textwrap_does(text, width):
    expected = [line for paragraph in text.splitlines() for line in textwrap.wrap(
        " ".join(paragraph.split()), width=width, break_long_words=False,
        break_on_hyphens=False)]
    assert wrap_text(text, width=width) == expected


@given(st.text() | st.sampled_from(["node", "Graph", "1.5", "-.5", "01", "a_b", "<b>", '"',
                                    '\\"', 'a\\\\"b', "x\n", "<x>\n"]))
def test_dot_ids_are_quoted_as_the_graphviz_package_quotes(text):
    assert dot_id(text) == quote(text)
    assert dot_id(plain_text(text)) == quote(plain_text(text))


def test_attributes_are_ordered_and_quoted_as_the_graphviz_package_writes_them():
    attributes = {"style": "rounded,filled", "label": "<<b>x</b>>", "color": "#0072B2",
                  "peripheries": "2", "tooltip": plain_text("<a & b>")}
    assert dot_attributes(attributes) == a_list(kwargs=attributes)


def test_quoting_delegates_to_the_graphviz_package_where_it_does_the_same_job():
    import graphviz.quoting

    import cmo.render.quoting

    # dot_id keeps a fast path of its own (measured in its docstring), on the package's
    # own patterns; plain values and attribute lists are the package's.
    for name in ("ID", "KEYWORDS", "HTML_STRING", "ESCAPE_UNESCAPED_QUOTES", "a_list",
                 "escape", "nohtml"):
        assert getattr(cmo.render.quoting, name) is getattr(graphviz.quoting, name), name
    assert plain_text("C:\\N") == graphviz.quoting.escape(graphviz.quoting.escape("C:\\N"))
