"""The HTML-like labels of the diagram: elements, mechanisms (two halves), title, legend.

Every label is a complete Graphviz HTML-like label (``<...>``) built from escaped,
wrapped text (:mod:`cmo.render.quoting`), so the ``graphviz`` package passes it as is.

Example:
    >>> element_label("Patient trusts the link worker & feels <safe>", wrap=20)
    '<Patient trusts the<br/>link worker &amp; feels<br/>&lt;safe&gt;>'
"""

from __future__ import annotations

from typing import Final

from ..models import Mechanism
from . import style
from .quoting import html_lines, html_text

__all__ = ["element_label", "key_label", "mechanism_label", "title_label"]

_MECHANISM: Final = style.NODE_STYLES["mechanism"]
#: The start of a mechanism's table.
_TABLE: Final = (f'<<table border="1" cellborder="0" cellspacing="0" cellpadding="5" '
                 f'color="{_MECHANISM.border}" bgcolor="{_MECHANISM.fill}">')
#: The halves of a mechanism (the field, and its cell up to the text): the resource
#: darker, captioned RESOURCE, the reasoning lighter, captioned REASONING.
_HALF_HEADS: Final = tuple(
    (name, f'<tr><td align="left" balign="left" bgcolor="{fill}"><font point-size="8" '
           f'color="{_MECHANISM.caption}"><b>{name.upper()}</b></font><br/>')
    for name, fill in (("resource", _MECHANISM.fill), ("reasoning", _MECHANISM.second_fill)))


def element_label(text: str, *, wrap: int) -> str:
    """The label of a context, outcome, intervention or actor: its text, wrapped.

    Args:
        text: the element's label.
        wrap: characters per line.

    Returns:
        An HTML-like label.
    """
    return f"<{html_lines(text, width=wrap)}>"


def mechanism_label(mechanism: Mechanism, *, wrap: int, badge: str = "") -> str:
    """A table showing a mechanism's resource (darker) above its reasoning (lighter).

    Each half is captioned (RESOURCE, REASONING) and shown only when given. A mechanism
    whose label is more than its halves joined (a named mechanism such as "Trust") has
    that label as the table's heading. A badge (the names of its configurations, "CMOC 7")
    heads the table, white on the mechanism's darkest hue.

    Args:
        mechanism: the mechanism.
        wrap: characters per line.
        badge: the text of the badge; none when empty.

    Returns:
        An HTML-like label; the node it labels needs ``shape="plain"``.

    Example:
        >>> label = mechanism_label(Mechanism(resource="Listening", reasoning="Trust"), wrap=20)
        >>> "RESOURCE</b>" in label and "REASONING</b>" in label and "Listening" in label
        True
        >>> "<b>Hope</b>" in mechanism_label(Mechanism(label="Hope", reasoning="Hope grows"),
        ...                                  wrap=20)
        True
        >>> print(mechanism_label(Mechanism(reasoning="Hope"), wrap=20, badge="CMOC 7"))
        <<table ...><tr><td align="left" bgcolor="#7A5000"><font color="white"><b>CMOC 7</b>...
    """
    rows = []
    shown = []
    for name, head in _HALF_HEADS:
        text = getattr(mechanism, name)
        if text and text.strip():
            shown.append(text.strip())
            rows.append(f"{head}{html_lines(text, width=wrap)}</td></tr>")
    if mechanism.label != " → ".join(shown):
        rows.insert(0, f"<tr><td><b>{html_lines(mechanism.label, width=wrap)}</b></td></tr>")
    head = (f'<tr><td align="left" bgcolor="{_MECHANISM.caption}"><font color="white"><b>'
            f'{html_lines(badge, width=wrap)}</b></font></td></tr>') if badge else ""
    return f"{_TABLE}{head}{'<hr/>'.join(rows)}</table>>"


def title_label(title: str | None, *, version: str | None, configurations: int) -> str:
    """The diagram's title: the theory's title, then its version and size.

    Example:
        >>> print(title_label("Link workers", version="IPT", configurations=1))
        <<font point-size="18"><b>Link workers</b></font>...version IPT · 1 configuration</font>...>
    """
    details = [f"version {html_text(version)}"] if version else []
    details.append(f"{configurations} configuration{'' if configurations == 1 else 's'}")
    return (f'<<font point-size="18"><b>{html_text(title or "Programme theory")}</b></font>'
            f'<br align="left"/><font point-size="11" color="{style.MUTED}">'
            f'{" · ".join(details)}</font><br align="left"/>>')


def key_label(name: str, meaning: str, *, wrap: int) -> str:
    """A legend entry: a name in bold over what it means, smaller.

    Example:
        >>> key_label("Outcome", "what happens", wrap=20)
        '<<b>Outcome</b><br/><font point-size="9">what happens</font>>'
    """
    return (f'<<b>{html_text(name)}</b><br/>'
            f'<font point-size="9">{html_lines(meaning, width=wrap)}</font>>')
