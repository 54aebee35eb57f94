"""A configuration's retroduction log written for people: numbered steps, then alternatives.

Reports (RAMESES II item 13, data analysis; item 11 of the standards for realist
syntheses), the refinement log and the notebook's configuration card all show it this way,
in Markdown (set as HTML where HTML is written, by
:func:`cmo.report.markdown_html.markdown_to_html`). Each step gives its move and inference,
the excerpts it cites (id and source) and the middle-range theories it draws on; each
alternative mechanism gives why it was set aside. Quotes are shown only when asked for
(``quotes=True``) and not withheld: the refinement log never quotes, and a report
withholding quotes (or of a redacted theory) shows none.

Example (synthetic):
    >>> from cmo.models import Configuration, Excerpt, Source
    >>> quote = Excerpt(id="x1", source=Source(id="p1", kind="interview"), text="Synthetic.")
    >>> hope = Configuration(id="hope", contexts=[{"label": "Trust"}],
    ...     outcomes=[{"label": "Hope"}], retroduction={
    ...     "steps": [{"move": "abductive", "inference": "Hope read as *trust*",
    ...                "excerpts": ["x1"], "theories": ["Trust"], "judged_by": "AT"}],
    ...     "alternatives": [{"mechanism": "Referral alone", "set_aside_because": "No one said so"}]})
    >>> print("\\n".join(retroduction_markdown(hope, {"x1": quote})))
    1. *Abductive* (AT): Hope read as \\*trust\\*. Excerpt: `x1` (p1). Theory: Trust.
    <BLANKLINE>
    Alternatives considered and set aside:
    <BLANKLINE>
    - Referral alone. Set aside: No one said so.
    >>> retroduction_summary(hope.retroduction)
    '1 inference step (1 abductive), 1 alternative set aside'
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from .._helpers.wording import counted
from ..models import Configuration, Excerpt, Retroduction
from ..models.retroduction import INFERENCE_MOVES
from ..sharing.privacy import WITHHELD
from .escaping import escape_markdown

__all__ = ["retroduction_markdown", "retroduction_summary"]


def retroduction_summary(log: Retroduction) -> str:
    """How long a retroduction log is, in words: steps by move, alternatives set aside."""
    moves = Counter(step.move for step in log.steps)
    by_move = ", ".join(f"{moves[move]} {move}" for move in INFERENCE_MOVES if moves[move])
    steps = counted(len(log.steps), "inference step") + (f" ({by_move})" if by_move else "")
    return f"{steps}, {counted(len(log.alternatives), 'alternative')} set aside"


def retroduction_markdown(configuration: Configuration, excerpts: Mapping[str, Excerpt], *,
                          quotes: bool = False) -> list[str]:
    """The lines of ``configuration``'s retroduction log in Markdown (none when it has none).

    Args:
        configuration: the configuration whose log is written.
        excerpts: excerpts by id, to name each cited excerpt's source (an id not found is
            named alone).
        quotes: whether to quote each cited excerpt under the step that cites it.
    """
    log = configuration.retroduction
    if log is None:
        return []
    lines: list[str] = []
    quoted: set[str] = set()  # each excerpt is quoted once, where it is first cited
    for number, step in enumerate(log.steps, start=1):
        by = ", ".join(escape_markdown(str(part)) for part in (step.judged_by, step.date)
                       if part is not None)
        lines.append(f"{number}. *{step.move.capitalize()}*{f' ({by})' if by else ''}: "
                     f"{_ended(step.inference)}{_cited(step.excerpts, step.theories, excerpts)}")
        if quotes:
            lines += _quoted(step.excerpts, excerpts, quoted)
    if log.alternatives:
        lines += [*([""] if lines else []), "Alternatives considered and set aside:", ""]
        for alternative in log.alternatives:
            lines.append(f"- {_ended(alternative.mechanism)} Set aside: "
                         f"{_ended(alternative.set_aside_because)}"
                         f"{_cited(alternative.excerpts, alternative.theories, excerpts)}")
            if quotes:
                lines += _quoted(alternative.excerpts, excerpts, quoted)
    return lines


def _ended(text: str) -> str:
    """``text`` escaped, ending with a full stop (once)."""
    text = escape_markdown(text)
    return text if text.endswith((".", "!", "?")) else text + "."


def _cited(ids: Iterable[str], theories: Iterable[str], excerpts: Mapping[str, Excerpt]) -> str:
    parts = []
    named = [f"`{excerpt}`" + (f" ({escape_markdown(excerpts[excerpt].source.id)})"
                               if excerpt in excerpts else "") for excerpt in ids]
    if named:
        parts.append(f" {'Excerpt' if len(named) == 1 else 'Excerpts'}: {', '.join(named)}.")
    names = [escape_markdown(theory) for theory in theories]
    if names:
        parts.append(f" {'Theory' if len(names) == 1 else 'Theories'}: {', '.join(names)}.")
    return "".join(parts)


def _quoted(ids: Iterable[str], excerpts: Mapping[str, Excerpt], quoted: set[str]
            ) -> list[str]:
    """The quote of each cited excerpt not quoted yet, indented under its list item (none
    for a quote a redaction withheld: the evidence section says it is withheld)."""
    lines: list[str] = []
    for excerpt in ids:
        if excerpt in excerpts and excerpt not in quoted and excerpts[excerpt].text != WITHHELD:
            quoted.add(excerpt)
            # An empty quoted line between two quotes keeps each its own paragraph.
            lines += [*(["   >"] if lines else []),
                      f"   > `{excerpt}`: {escape_markdown(excerpts[excerpt].text)}"]
    return lines
