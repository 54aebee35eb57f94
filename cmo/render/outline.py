"""A programme theory as a plain-text outline, for terminals and e-mail.

Themes, then their configurations, then each configuration's parts, one per line:
``I`` intervention, ``A`` actor, ``C`` context, ``M`` mechanism (resource -> reasoning),
``O`` outcome. A configuration's heading gives its number (``CMOC 7``, see
:mod:`cmo.theory.numbering`), id, label, status and its evidence counted by stance; a context
that another configuration produces, or an outcome that is another's context, names that
configuration (the chain), by number. Configurations without a theme
come last, under "(no theme)". Long lines wrap at ``width`` with a hanging indent.
Evidence text never appears, only counts.

Example:
    >>> from cmo.models import Collection, Configuration
    >>> trust = Configuration(id="trust", theme="Trust and hope", status="refined",
    ...     contexts=[{"label": "Link worker listens"}],
    ...     mechanism={"resource": "Communication skills", "reasoning": "Patient comes to trust"},
    ...     outcomes=[{"label": "Patient trusts the link worker"}])
    >>> hope = Configuration(id="hope", label="Trust gives hope", status="new",
    ...     contexts=[{"label": "Patient trusts the link worker"}],
    ...     mechanism={"reasoning": "Patient experiences a sense of hope"},
    ...     outcomes=[{"label": "Patient has a sense of hope"}])
    >>> print(to_outline(Collection(title="Link workers", configurations=[trust, hope]),
    ...                  width=60))
    Link workers · 2 configurations
    <BLANKLINE>
    Trust and hope
      CMOC 1 · trust  [refined; no evidence]
        C  Link worker listens
        M  Communication skills -> Patient comes to trust
        O  Patient trusts the link worker  (context of CMOC 2)
    <BLANKLINE>
    (no theme)
      CMOC 2 · hope: Trust gives hope  [new; no evidence]
        C  Patient trusts the link worker  (outcome of CMOC 1)
        M  reasoning: Patient experiences a sense of hope
        O  Patient has a sense of hope
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Final

from .._helpers import write_atomically
from ..models import AnyElement, Collection, Configuration, Mechanism
from ..theory.graph import ProgrammeTheory
from .graphviz import DEFAULT_WRAP
from .parts import drawn_part

__all__ = ["DEFAULT_WIDTH", "NO_THEME", "to_outline", "write_outline"]

#: Characters per line of the outline.
DEFAULT_WIDTH: Final = 88
#: The heading of configurations that have no theme.
NO_THEME: Final = "(no theme)"
#: The narrowest outline: the deepest indent and a few words.
_MIN_WIDTH: Final = 24
#: Indents of the first and the following lines of a theme, a configuration, a part.
_THEME: Final = ("", "  ")
_CONFIGURATION: Final = ("  ", "      ")
_PART: Final = ("    ", "       ")
#: Joins words that must stay on one line ("2 supporting"); the models refuse control
#: characters in text, so it cannot be in a label.
_GLUE: Final = "\x00"


def to_outline(
    theory: ProgrammeTheory | Collection,
    *,
    themes: Iterable[str] | str = (),
    configurations: Iterable[str] | str = (),
    width: int = DEFAULT_WIDTH,
    labels: str = "number",
    earlier: ProgrammeTheory | Collection | None = None,
) -> str:
    """The programme theory as an outline: themes > configurations > their parts.

    Args:
        theory: the programme theory (a collection is made into one).
        themes: show only configurations of these themes (all by default).
        configurations: show only these configurations, by id (all by default).
        width: characters per line; longer text wraps with a hanging indent, and words
            are never cut (a word longer than a line gets a line of its own).
        labels: ``"number"`` heads each configuration with its number (``CMOC 7``) before
            its id and names chained ones by number; ``"id"`` by id; ``"none"`` heads it
            with its label alone (its id when it has none) and names chained ones by id.
        earlier: the version ``theory`` revises: configurations without a number of their
            own keep the one they had there.

    Returns:
        The outline, a title line first, without a final newline.

    Raises:
        InputError: a theme or configuration the theory does not have.
        ValueError: a ``width`` below 24, or unknown ``labels``.

    Example:
        >>> import cmo
        >>> theory = cmo.load("examples/social_prescribing/theory.yaml")
        >>> print(to_outline(theory, configurations="person-centred-care", width=60,
        ...                  labels="id"))
        Social prescribing link workers (worked example) · version
          v2 · 1 configuration
        <BLANKLINE>
        Connecting to external support
          person-centred-care: Responding to readiness engenders
              person-centred care (M-O dyad)  [new; 1 supporting, 0
              refuting, 0 refining]
            C  (not yet known)
            M  Link worker skills, knowledge and response to
               individual readiness -> Patient engages with external
               support at their own pace
            O  Person-centred care
    """
    if not isinstance(width, int) or width < _MIN_WIDTH:
        raise ValueError(f"width must be a whole number of characters, at least {_MIN_WIDTH}: "
                         f"{width!r}")
    chosen, names = drawn_part(theory, themes=themes, configurations=configurations,
                               labels=labels, earlier=earlier)
    links = _Links(chosen)
    lines = _wrap(_one_line(_title(chosen)), _THEME, width)
    groups: dict[str | None, list[Configuration]] = {}
    for configuration in chosen.configurations:
        groups.setdefault(configuration.theme, []).append(configuration)
    for theme in (*chosen.themes, None):
        if theme not in groups:
            continue
        lines += ["", *_wrap(_one_line(theme or NO_THEME), _THEME, width)]
        for configuration in groups[theme]:
            lines += _configuration(configuration, width, names, links)
    return "\n".join(lines)


def _title(theory: ProgrammeTheory) -> str:
    count = len(theory.configurations)
    details = [theory.title or "Programme theory"]
    if theory.collection.version:
        details.append(f"version {theory.collection.version}")
    details.append(f"{count} configuration{'' if count == 1 else 's'}")
    return " · ".join(details)


class _Links:
    """The chains of a theory, found once and looked up by configuration and state.

    Finding the chains walks the whole theory: done for each configuration, the outline
    took minutes for a few thousand of them.
    """

    def __init__(self, theory: ProgrammeTheory) -> None:
        self._theory = theory
        self._upstream: dict[tuple[str, str], list[str]] = {}
        self._downstream: dict[tuple[str, str], list[str]] = {}
        for chain in theory.chains():  # in the order of the chains, as they are listed
            self._upstream.setdefault((chain.downstream, chain.via), []).append(chain.upstream)
            self._downstream.setdefault((chain.upstream, chain.via), []).append(chain.downstream)

    def producing(self, configuration: Configuration, context: AnyElement) -> list[str]:
        """The ids of the configurations whose outcome is this context of ``configuration``."""
        return self._upstream.get((configuration.id, self._theory.node(context)), [])

    def consuming(self, configuration: Configuration, outcome: AnyElement) -> list[str]:
        """The ids of the configurations whose context is this outcome of ``configuration``."""
        return self._downstream.get((configuration.id, self._theory.node(outcome)), [])


def _configuration(configuration: Configuration, width: int, names: dict[str, str],
                   links: _Links) -> list[str]:
    name = names[configuration.id]
    label = _one_line(configuration.label) if configuration.label else ""
    if not name:
        heading = label or configuration.id
    else:
        heading = " · ".join(dict.fromkeys((name, configuration.id))) + (
            f": {label}" if label else "")
    lines = _wrap(f"{heading}  [{configuration.status}; {_counts(configuration)}]",
                  _CONFIGURATION, width)
    for letter, elements in (("I", configuration.interventions), ("A", configuration.actors)):
        lines += [line for element in elements
                  for line in _part(letter, _one_line(element.label), width)]
    for context in configuration.contexts or (None,):
        upstream = [] if context is None else [
            names[other] or other for other in links.producing(configuration, context)]
        lines += _part("C", _text(context, upstream, "outcome of"), width)
    lines += _part("M", _mechanism(configuration.mechanism), width)
    for outcome in configuration.outcomes or (None,):
        downstream = [] if outcome is None else [
            names[other] or other for other in links.consuming(configuration, outcome)]
        lines += _part("O", _text(outcome, downstream, "context of"), width)
    return lines


def _counts(configuration: Configuration) -> str:
    """Evidence links by stance (:class:`cmo.theory.support.Support`'s ``supports``...), counted
    here: ``support_of`` also counts distinct sources, participants and sites, reading
    every excerpt's source, which took a quarter of the outline's time."""
    if not configuration.evidence:
        return "no evidence"
    stances = [evidence.stance for evidence in configuration.evidence]
    counts = ((stances.count("supports"), "supporting"), (stances.count("refutes"), "refuting"),
              (stances.count("refines"), "refining"))
    return ", ".join(f"{count}{_GLUE}{stance}" for count, stance in counts)


def _text(element: AnyElement | None, others: list[str], relation: str) -> str:
    if element is None:
        return "(not yet known)"
    note = f"  ({relation} {', '.join(others)})" if others else ""
    return _one_line(element.label) + note


def _mechanism(mechanism: Mechanism | None) -> str:
    """Resource -> reasoning; a half alone is named; a named mechanism leads with its name."""
    if mechanism is None:
        return "(not yet known)"
    given = {name: text.strip() for name in ("resource", "reasoning")
             if (text := getattr(mechanism, name)) and text.strip()}
    halves = {name: _one_line(text) for name, text in given.items()}
    text = (" -> ".join(halves.values()) if len(halves) == 2
            else "".join(f"{name}: {half}" for name, half in halves.items()))
    if mechanism.label != " → ".join(given.values()):  # the label it gets by default
        text = f"{_one_line(mechanism.label)}: {text}"
    return text


def _part(letter: str, text: str, width: int) -> list[str]:
    return _wrap(f"{letter}  {text}", _PART, width)


def _one_line(text: str) -> str:
    """Line breaks and runs of white space in what a researcher wrote are not layout."""
    return " ".join(text.split())


def _wrap(text: str, indents: tuple[str, str], width: int) -> list[str]:
    first, following = indents
    shown = text.replace(_GLUE, " ") if _GLUE in text else text
    if len(first) + len(text) <= width and shown.isprintable() and shown[-1:] not in ("", " "):
        # A line that fits, holding no white space but plain spaces and not ending in one,
        # is what textwrap makes of it (most lines): its work costs more than the rest.
        return [first + shown]
    lines = textwrap.wrap(text, width=width, initial_indent=first, subsequent_indent=following,
                          break_long_words=False, break_on_hyphens=False)
    return [line.replace(_GLUE, " ") for line in lines]


def write_outline(
    theory: ProgrammeTheory | Collection,
    path: str | Path,
    *,
    themes: Iterable[str] | str = (),
    configurations: Iterable[str] | str = (),
    width: int = DEFAULT_WIDTH,
    labels: str = "number",
    earlier: ProgrammeTheory | Collection | None = None,
    direction: str = "LR",
    wrap: int = DEFAULT_WRAP,
    quotes: bool = True,
) -> Path:
    """Write the outline of a programme theory to ``path`` (``.txt``, UTF-8), atomically.

    ``direction``, ``wrap`` and ``quotes`` are taken, and have nothing to do, so one set
    of options serves every diagram format: an outline reads top-down, its lines wrap at
    ``width``, and it never shows evidence text. Any other option is refused.

    Args:
        theory: the programme theory (a collection is made into one).
        path: the file to write.
        themes, configurations, width, labels, earlier: as for :func:`to_outline`.
        direction, wrap, quotes: ignored (the options of the other diagram writers).

    Returns:
        The path written.

    Raises:
        InputError, ValueError: as :func:`to_outline`.

    Example:
        >>> import cmo
        >>> out = getfixture("tmp_path")
        >>> theory = cmo.load("examples/social_prescribing/theory.yaml")
        >>> path = write_outline(theory, out / "theory.txt", themes=["Trust and hope"])
        >>> path.read_text(encoding="utf-8").splitlines()[2]
        'Trust and hope'
    """
    data = (to_outline(theory, themes=themes, configurations=configurations, width=width,
                       labels=labels, earlier=earlier) + "\n").encode("utf-8")

    def write(stream: IO[bytes]) -> None:
        stream.write(data)

    return write_atomically(path, write)
