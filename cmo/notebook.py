"""How theories, configurations, diffs and tables show themselves in a Jupyter notebook.

Jupyter asks an object for its ``_repr_mimebundle_`` or ``_repr_html_``; the models, the
theory and the diff answer by calling the functions here, so a notebook shows a theory as
its diagram, a configuration as a card with its if-then-because sentence and evidence,
and a table as an HTML table. A plain console keeps the text ``repr``.

Tables (:class:`Records`) are lists of rows; ``.to_pandas()`` makes a DataFrame when
pandas is installed (``pip install 'cmo-realist[pandas]'``).

Example:
    >>> from cmo.models import Configuration
    >>> hope = Configuration(id="hope", contexts=[{"label": "Trust"}],
    ...                      outcomes=[{"label": "Hope <3"}])
    >>> card = configuration_html(hope)
    >>> "If Trust, then Hope &lt;3" in card and "<details" not in card
    True
    >>> Records([{"configuration": "hope", "evidence": 2}])._repr_html_()
    '<table class="cmo-table"><thead><tr><th>configuration</th><th>evidence</th></tr>...'
"""

from __future__ import annotations

import shutil
from html import escape
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from .diff import TheoryDiff
    from .models import Configuration
    from .theory import ProgrammeTheory

__all__ = ["MAX_INLINE", "Records", "configuration_html", "diff_mimebundle",
           "theory_mimebundle"]

#: Above this many configurations a notebook shows the summary, not the whole diagram
#: (``dot`` takes seconds, and a diagram that size is unreadable inline).
MAX_INLINE: Final = 60


class Records(list[dict[str, Any]]):
    """A table: a list of rows (dicts), shown as an HTML table in notebooks.

    ``pandas.DataFrame(records)`` takes it as it is; :meth:`to_pandas` does that.
    """

    def _repr_html_(self) -> str:
        columns = list(dict.fromkeys(key for row in self for key in row))
        head = "".join(f"<th>{escape(str(column))}</th>" for column in columns)
        body = "".join("<tr>" + "".join(f"<td>{escape(_cell(row.get(column)))}</td>"
                                        for column in columns) + "</tr>" for row in self)
        return (f'<table class="cmo-table"><thead><tr>{head}</tr></thead>'
                f"<tbody>{body}</tbody></table>")

    def to_pandas(self) -> Any:
        """The rows as a ``pandas.DataFrame``.

        Raises:
            ImportError: pandas is not installed (``pip install 'cmo-realist[pandas]'``).
        """
        try:
            import pandas
        except ImportError:
            raise ImportError("tables become DataFrames with pandas, which is not installed: "
                              "pip install 'cmo-realist[pandas]' (the rows are a list meanwhile)"
                              ) from None
        return pandas.DataFrame(list(self))


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def configuration_html(configuration: Configuration) -> str:
    """A card: the id, theme and status, the if-then-because sentence, and the evidence.

    Quotes sit in a collapsed ``<details>`` (a notebook on a shared screen shows none by
    default).
    """
    counts: dict[str, int] = {}
    for evidence in configuration.evidence:
        counts[evidence.stance] = counts.get(evidence.stance, 0) + 1
    stance_text = ", ".join(f"{n} {stance}" for stance, n in sorted(counts.items())) \
        or "no evidence yet"
    theme = f" · {escape(configuration.theme)}" if configuration.theme else ""
    label = f" {escape(configuration.label)}" if configuration.label else ""
    rows = "".join(
        f"<li><b>{escape(e.stance)}</b> {escape(e.excerpt.id)} ({escape(e.excerpt.source.id)})"
        f"<blockquote>{escape(e.excerpt.text)}</blockquote></li>"
        for e in configuration.evidence)
    evidence = (f"<details><summary>Evidence: {escape(stance_text)}</summary>"
                f"<ul>{rows}</ul></details>") if rows else \
        f"<p>Evidence: {escape(stance_text)}</p>"
    return (f'<div class="cmo-configuration" style="border:1px solid #ccc;border-radius:6px;'
            f'padding:8px 12px;max-width:60em">'
            f"<p><code>{escape(configuration.id)}</code>{label}<br>"
            f"<small>{escape(configuration.shape)} · {escape(configuration.status)}{theme}"
            f"</small></p><p>{escape(configuration.sentence)}</p>{evidence}</div>")


def _svg(digraph: Any) -> str | None:
    """The diagram as SVG text, or None when Graphviz's ``dot`` is not installed."""
    if shutil.which("dot") is None:
        return None
    from .render import render

    svg = render(digraph, diagram_format="svg").decode("utf-8")
    # Wide diagrams scroll rather than shrink: their labels stay legible.
    return f'<div style="max-width:100%;overflow-x:auto">{svg}</div>'


def _note(text: str) -> str:
    return f'<p style="color:#555"><small>{escape(text)}</small></p>'


def theory_mimebundle(theory: ProgrammeTheory) -> dict[str, str]:
    """The theory for a notebook: its diagram (SVG) above its table, and its text ``repr``."""
    from .render import to_dot

    bundle = {"text/plain": repr(theory)}
    table = Records(theory.strength_table())._repr_html_()
    if len(theory.configurations) > MAX_INLINE:
        html = _note(f"{len(theory.configurations)} configurations: too many to draw inline; "
                     "draw one box per theme with cmo.save(theory, 'x.svg', summary=True), "
                     "or a theme with themes=[...].") + table
    else:
        svg = _svg(to_dot(theory))
        html = (svg or _note("Install Graphviz to see the diagram: "
                             "sudo apt-get install graphviz")) + table
    bundle["text/html"] = html
    return bundle


def diff_mimebundle(difference: TheoryDiff) -> dict[str, str]:
    """A diff for a notebook: its table of changes and its refinement log.

    The diagram of the changes is ``cmo.render.diff_to_dot(old, new)``, which a notebook
    draws inline as it is (a Graphviz diagram shows itself).
    """
    from .refinement_log import to_markdown, to_text

    text = to_text(difference)
    return {"text/plain": text, "text/markdown": to_markdown(difference),
            "text/html": Records(difference.records())._repr_html_() + f"<pre>{escape(text)}</pre>"}
