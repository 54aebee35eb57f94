"""The HTML report."""

from __future__ import annotations

from collections import Counter
from html import escape
from pathlib import Path
from typing import Final

from workload import Workload

from cmo.models import Collection
from cmo.report import write_report

from .common import Stage, Work


def plain_report(collection: Collection, path: Path) -> Path:
    """The report's table of configurations and its folded evidence, as plain HTML."""
    rows, folded = [], []
    shown: dict[int, str] = {}  # each excerpt escaped once, as cmo does: they recur
    for c in collection.configurations:
        links = Counter(e.stance for e in c.evidence)
        sources = len({e.excerpt.source.id for e in c.evidence})
        sentence = (f"If {', '.join(e.label for e in c.contexts)}, then "
                    f"{', '.join(e.label for e in c.outcomes)}, because "
                    f"{c.mechanism.label if c.mechanism else '(mechanism not yet known)'}.")
        rows.append(f"<tr><td><code>{escape(c.id)}</code></td><td>{escape(c.theme or '')}</td>"
                    f"<td>{escape(sentence)}</td><td>{escape(c.status)}</td>"
                    f"<td class='n'>{links['supports']}</td><td class='n'>{links['refutes']}</td>"
                    f"<td class='n'>{links['refines']}</td><td class='n'>{sources}</td></tr>")
        items = []
        for e in c.evidence:
            excerpt = shown.get(id(e.excerpt))
            if excerpt is None:
                excerpt = shown[id(e.excerpt)] = (
                    f"<code>{escape(e.excerpt.id)}</code> ({escape(e.excerpt.source.id)})"
                    f"<blockquote>{escape(e.excerpt.text)}</blockquote></li>")
            items.append(f"<li><b>{e.stance}</b> {excerpt}")
        folded.append(f"<details><summary><code>{escape(c.id)}</code>: {len(c.evidence)} "
                      f"pieces</summary><ul>{''.join(items)}</ul></details>")
    text = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>"
            f"{escape(collection.title or '')}</title></head><body><table>{''.join(rows)}</table>"
            f"{''.join(folded)}</body></html>")
    path.write_bytes(text.encode("utf-8"))
    return path


def _report(w: Workload) -> tuple[Work, Work]:
    ours, floor = w.path("report.html"), w.path("floor.html")
    return (lambda: write_report(w.theory, ours),
            lambda: plain_report(w.collection, floor))


STAGES: Final[tuple[Stage, ...]] = (
    Stage("report", "the same table of configurations and folded evidence as HTML by "
          "string joins", _report),
)
