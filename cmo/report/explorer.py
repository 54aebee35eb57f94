"""The explorable theory: one self-contained HTML file to click through, offline.

``cmo explore theory.yaml -o theory.html`` writes the Graphviz diagram cmo draws, a list
of the configurations beside it, and the theory's data as one embedded JSON; a small
script shipped in this package (``explorer.js``, with ``explorer.css``) makes it
explorable: clicking an element highlights every configuration through it and the
chains they sit on; clicking a configuration opens a panel with its if-then-because
sentence, status and rationale, support, rigour, retroduction log and evidence; a search
box and filters (theme, status, stance, wave, site) narrow what is shown; ``#cmoc-7`` in
the address opens CMOC 7. With the initial version too, a toggle switches between the
plain theory and the diagram of what changed. A theory of more than
:data:`MAX_WHOLE` configurations opens on the summary (one box per theme); clicking a
theme drills into that theme's diagram. Nothing is fetched: no requests, no framework.

Example:
    >>> import cmo
    >>> theory = cmo.load("examples/social_prescribing/theory.yaml")
    >>> data = explorer_data(theory)
    >>> [c["name"] for c in data["configurations"]][:2], data["configurations"][0]["supports"]
    (['CMOC 1', 'CMOC 2'], 1)
    >>> data["nodes"]["trust"]["configurations"]
    ['trust-through-skills', 'anchor-point', 'hope-through-trust']
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from html import escape
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from .._helpers import write_atomically
from ..models import Collection, Configuration, Evidence
from ..sharing.privacy import WITHHELD
from ..theory.graph import ProgrammeTheory, collection_of
from .content import Row, report_content

if TYPE_CHECKING:
    from ..quotes import Match, Verification

__all__ = ["MAX_WHOLE", "explorer_data", "explorer_html", "write_explorer"]

#: The most configurations drawn as one whole diagram; a larger theory opens on the
#: summary (one box per theme) and draws each theme apart.
MAX_WHOLE: Final = 60
#: ``id="..."`` and ``#...`` references of an SVG, made unique per diagram of the page.
_IDS: Final = re.compile(r"""(\bid=["']|href=["']#|url\(#)""")


def explorer_data(theory: ProgrammeTheory | Collection, *,
                  initial: ProgrammeTheory | Collection | None = None,
                  verification: Verification | None = None) -> dict[str, Any]:
    """What the explorer's script knows of ``theory``: its configurations (number, sentence,
    status, rationale, support, rigour, retroduction, evidence), the configurations
    through each element (``nodes``, by the graph's node id, which titles each node of
    the SVG) and each line (``edges``, by ``"tail->head"``), its chains and themes, and,
    with ``initial``, what happened to each configuration since (``changes``).

    Quotes withheld (:data:`cmo.sharing.privacy.WITHHELD`) are ``None``. With a
    ``verification`` (:func:`cmo.quotes.verify`), each piece of evidence says what was
    found of its quote in its source (``check``: status and score), and the page marks the
    quotes not found word for word.
    """
    whole = theory if isinstance(theory, ProgrammeTheory) else ProgrammeTheory(theory)
    before = None if initial is None else (
        initial if isinstance(initial, ProgrammeTheory) else ProgrammeTheory(initial))
    content = report_content(whole, before)
    checks = {} if verification is None else {
        item.excerpt.id: item.match for item in verification.checked}
    nodes, edges = _drawn(whole)
    data: dict[str, Any] = {
        "title": content.title,
        "themes": list(whole.themes),
        "configurations": [_configuration(row, whole, checks) for row in content.rows],
        "nodes": nodes, "edges": edges,
        "chains": [[chain.upstream, chain.downstream] for chain in whole.chains()],
    }
    if content.refinement is not None:
        difference = content.refinement
        data["changes"] = difference.kinds()
        gone = {c.id for c in difference.removed}
        if gone and before is not None:  # drawn in the diagram of what changed, dashed
            data["removed"] = [_configuration(row, before, checks)
                               for row in report_content(before).rows if row.id in gone]
            data["removed_nodes"], data["removed_edges"] = _drawn(before, gone)
    return data


def _drawn(theory: ProgrammeTheory, only: set[str] | None = None
           ) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The configurations (those in ``only``, if given) through each node of the graph,
    with its label and kind, and through each pair of nodes (``"tail->head"``)."""
    nodes = {node: {"label": str(data["label"]), "kind": str(data["kind"]),
                    "configurations": [c for c in data["configurations"]
                                       if only is None or c in only]}
             for node, data in theory.graph.nodes(data=True)}
    edges: dict[str, list[str]] = {}
    for tail, head, configuration in theory.graph.edges(data="configuration"):
        if only is None or configuration in only:
            edges.setdefault(f"{tail}->{head}", []).append(configuration)
    return {node: data for node, data in nodes.items() if data["configurations"]}, edges


def _configuration(row: Row, theory: ProgrammeTheory,
                   checks: Mapping[str, Match]) -> dict[str, Any]:
    configuration = row.configuration
    log = configuration.retroduction
    return {
        "id": row.id, "number": row.number, "name": f"CMOC {row.number}",
        "theme": row.theme, "sentence": row.sentence, "status": row.status,
        "rationale": configuration.rationale,
        "supports": row.supports, "refutes": row.refutes, "refines": row.refines,
        "sources": row.sources, "rigour": row.rigour,
        "elements": _elements(configuration, theory),
        "retroduction": None if log is None else {
            "steps": [{"move": step.move, "inference": step.inference,
                       "excerpts": list(step.excerpts)} for step in log.steps],
            "alternatives": [{"mechanism": alternative.mechanism,
                              "set_aside_because": alternative.set_aside_because}
                             for alternative in log.alternatives]},
        "evidence": [_evidence(item, checks) for item in configuration.evidence],
    }


def _elements(configuration: Configuration, theory: ProgrammeTheory) -> list[str]:
    """The graph nodes ``configuration`` runs through."""
    return [node for node, names in theory.graph.nodes(data="configurations")
            if configuration.id in names]


def _evidence(item: Evidence, checks: Mapping[str, Match]) -> dict[str, Any]:
    excerpt, source = item.excerpt, item.excerpt.source
    evidence = {"excerpt": excerpt.id, "source": source.id, "participant": source.participant,
                "wave": source.wave, "site": source.site, "stance": item.stance,
                "quote": None if excerpt.text == WITHHELD else excerpt.text}
    checked = checks.get(excerpt.id)
    if checked is not None:
        evidence["check"] = {"status": checked.status, "score": checked.score}
    return evidence


def explorer_html(theory: ProgrammeTheory | Collection, *,
                  initial: ProgrammeTheory | Collection | None = None,
                  verification: Verification | None = None) -> str:
    """The explorer of ``theory`` (refined from ``initial``, if given) as one HTML page,
    marking the quotes ``verification`` did not find word for word.

    Raises:
        InputError: an empty theory.
        DotNotFoundError: Graphviz's ``dot`` is not installed (the explorer is built on
            its drawing).
    """
    from ..render import render

    whole = theory if isinstance(theory, ProgrammeTheory) else ProgrammeTheory(theory)
    data = explorer_data(whole, initial=initial, verification=verification)
    views = _views(whole, initial, data)
    drawn = []
    for key, caption, digraph, _plain in views:
        svg = render(digraph, diagram_format="svg").decode("utf-8")
        svg = _IDS.sub(lambda match, key=key: match.group(1) + key + "-", svg[svg.index("<svg"):])
        drawn.append(f"<figure class='view' id='view-{key}' data-view='{key}' hidden>"
                     f"<figcaption>{escape(caption)}</figcaption>{svg}</figure>")
    data["changes_of"] = {plain: key for key, _, _, plain in views if plain}
    return _page(data, "".join(drawn), [(key, caption) for key, caption, _, plain in views
                                        if not plain], changes=initial is not None)


def _views(whole: ProgrammeTheory, initial: ProgrammeTheory | Collection | None,
           data: dict[str, Any]) -> list[tuple[str, str, Any, str | None]]:
    """The diagrams of the page: key, caption, Graphviz digraph, and for a diagram of what
    changed, the key of the plain diagram it shows instead (else None).

    Up to :data:`MAX_WHOLE` configurations, the whole theory; past it, the summary and
    each theme alone (numbers written in first, so a part keeps the whole's). The themes
    and the summary's boxes are written into ``data`` for the script.
    """
    from ..render import diff_to_dot, to_dot
    from ..render.views import NO_THEME, summary_dot
    from ..theory.numbering import numbered

    if len(whole.configurations) <= MAX_WHOLE:
        views: list[tuple[str, str, Any, str | None]] = [
            ("theory", "The theory", to_dot(whole, earlier=initial), None)]
        if initial is not None:
            views.append(("changes", "What changed", diff_to_dot(initial, whole), "theory"))
        return views
    views = [("summary", "Summary: one box per theme", summary_dot(whole), None)]
    themed = sorted({c.theme or NO_THEME for c in whole.configurations})
    data["summary"] = {f"theme{number}": theme for number, theme in enumerate(themed, 1)}
    data["theme_views"] = {theme: f"theme-{number}" for number, theme in enumerate(themed, 1)}
    new = ProgrammeTheory(numbered(whole, earlier=initial))
    old = None if initial is None else numbered(initial)
    for number, theme in enumerate(themed, 1):
        part = _part(new.collection, theme)
        views.append((f"theme-{number}", theme, to_dot(part), None))
        if old is not None:
            views.append((f"changes-{number}", f"{theme}: what changed",
                          diff_to_dot(_part(old, theme), part), f"theme-{number}"))
    return views


def _part(collection: Collection, theme: str) -> Collection:
    """The configurations of one theme (``NO_THEME``: those without one), perhaps none."""
    from ..render.views import NO_THEME

    return collection.replaced(configurations=tuple(
        c for c in collection.configurations if (c.theme or NO_THEME) == theme))


def _page(data: dict[str, Any], diagrams: str, views: list[tuple[str, str]], *,
          changes: bool) -> str:
    package = resources.files("cmo.report")
    script = (package / "explorer.js").read_text(encoding="utf-8")
    style = (package / "explorer.css").read_text(encoding="utf-8")
    # JSON inside a script element: "</" would end it, so every "<" is escaped.
    embedded = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    title = escape(data["title"])
    choices = "".join(f"<option value='{key}'>{escape(caption)}</option>"
                      for key, caption in views)
    toggle = "<label><input id='changes' type='checkbox'> What changed</label>" if changes else ""
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">"
        f"<title>{title}</title><style>{style}</style></head><body>"
        f"<header><h1>{title}</h1>"
        "<input id='search' type='search' placeholder='Search labels and quotes' "
        "aria-label='Search labels and quotes'>"
        "<select id='filter-theme' aria-label='Theme'></select>"
        "<select id='filter-status' aria-label='Status'></select>"
        "<select id='filter-stance' aria-label='Stance'></select>"
        "<select id='filter-wave' aria-label='Wave'></select>"
        "<select id='filter-site' aria-label='Site'></select>"
        f"<select id='view' aria-label='Diagram'>{choices}</select>{toggle}"
        "<button id='size' type='button' aria-pressed='false'>Actual size</button>"
        "<button id='clear' type='button'>Clear</button></header>"
        "<main><nav aria-label='Configurations'><p id='hits' role='status'></p>"
        "<ol id='list'></ol></nav>"
        f"<section id='diagrams'>{diagrams}</section>"
        "<aside id='panel' hidden tabindex='-1' aria-live='polite'></aside></main>"
        f"<script type='application/json' id='cmo-data'>{embedded}</script>"
        f"<script>{script}</script></body></html>\n")


def write_explorer(theory: ProgrammeTheory | Collection, path: str | Path, *,
                   initial: ProgrammeTheory | Collection | None = None,
                   quotes: bool = True, verification: Verification | None = None) -> Path:
    """Write the explorer of ``theory`` (refined from ``initial``) to ``path``, atomically.

    Args:
        theory: the theory to explore (redact it first to share it:
            :class:`cmo.sharing.redaction.Redaction`).
        path: the ``.html`` file to write.
        initial: the earlier version: the explorer can show what changed.
        quotes: False leaves every quote out (see :mod:`cmo.sharing.privacy`).
        verification: the quotes checked against their sources (:func:`cmo.quotes.verify`,
            on the theory before it is redacted): the page marks those not found word
            for word (near, not found, or no source text).

    Example:
        >>> import cmo
        >>> theory = cmo.load("examples/social_prescribing/theory.yaml")
        >>> path = write_explorer(theory, getfixture("tmp_path") / "theory.html", quotes=False)
        >>> text = path.read_text(encoding="utf-8")
        >>> "hope-through-trust" in text, '"quote":null' in text, "src=" in text
        (True, True, False)
    """
    from ..sharing.privacy import withhold_quotes

    def kept(version: ProgrammeTheory | Collection) -> ProgrammeTheory | Collection:
        return version if quotes else withhold_quotes(collection_of(version))

    text = explorer_html(kept(theory), initial=None if initial is None else kept(initial),
                         verification=verification)
    return write_atomically(path, lambda stream: stream.write(text.encode("utf-8")))
