"""Programme theory diagrams as Mermaid flowcharts, for Markdown reports and READMEs.

GitHub, GitLab and many editors draw a fenced ```` ```mermaid ```` block. The flowchart
draws what the Graphviz diagram draws, in Mermaid's terms:

- one node per element of the theory graph, so chained configurations join at the shared
  context/outcome; a shape and a ``classDef`` colour per kind (the palette of
  :mod:`cmo.render.style`): intervention (flag), actor (hexagon), context (rounded box),
  mechanism (box, resource and reasoning on lines of their own), outcome (stadium), chain
  link, outcome of one configuration and context of another (double-sided box);
- one edge path per configuration (intervention/actor/context -> mechanism -> outcome),
  each edge labelled with the configuration's name (``CMOC 7``, its id, or nothing: see
  ``labels``), the edges into the mechanism also with its status; dotted when the
  configuration is refuted (or abandoned); coloured by its evidence (vermillion when it
  refutes and none supports, amber when evidence both supports and refutes: mixed, grey
  when there is none) and wider with more;
- each theme a ``subgraph``: an element sits in a theme when every configuration using it
  belongs to that theme (so a configuration's mechanism sits in its theme), and between
  the themes when configurations of several themes share it.

Evidence text never appears, only counts. User text reaches the Mermaid source only
through :func:`mermaid_text`, which writes every character Mermaid or the HTML of its
labels could read as syntax as one of Mermaid's entity codes (``#quot;``, ``#35;``...).

Example:
    >>> from cmo.models import Collection, Configuration
    >>> hope = Configuration(id="hope", theme="Trust & hope", status="new",
    ...     contexts=[{"label": 'Patient "trusts" the link worker'}],
    ...     mechanism={"resource": "Listening", "reasoning": "Patient feels hope"},
    ...     outcomes=[{"label": "Patient has a sense of hope #1"}])
    >>> print(to_mermaid(Collection(title="Link workers", configurations=[hope])))
    ---
    title: "Link workers · 1 configuration"
    ---
    flowchart LR
      classDef context fill:#DCEFFB,stroke:#0072B2,color:#1A1A1A
      classDef mechanism fill:#FCE9C2,stroke:#B87F00,color:#1A1A1A
      classDef outcome fill:#CFEEE4,stroke:#007A5A,color:#1A1A1A
      subgraph theme_1["Trust #38; hope"]
        n_c_patient_trusts_the_link_worker("Patient #quot;trusts#quot; the link<br/>worker")
        n_m_listening_patient_feels_hope["Resource#58; Listening<br/>Reasoning#58; Patient feels<br/>hope"]
        n_o_patient_has_a_sense_of_hope_1(["Patient has a sense of<br/>hope #35;1"])
      end
      class n_c_patient_trusts_the_link_worker context
      class n_m_listening_patient_feels_hope mechanism
      class n_o_patient_has_a_sense_of_hope_1 outcome
      n_c_patient_trusts_the_link_worker -->|"CMOC 1 · new"| n_m_listening_patient_feels_hope
      n_m_listening_patient_feels_hope -->|"CMOC 1"| n_o_patient_has_a_sense_of_hope_1
      linkStyle 0,1 stroke:#9A9A9A,stroke-width:1.2px
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import IO, Any, Final

from .._helpers import write_atomically
from .._helpers.labels import unique_name
from ..exceptions import InputError, Problem
from ..models import Collection, Configuration, Mechanism
from ..theory.graph import ProgrammeTheory
from ..theory.support import support_of
from . import style
from .graphviz import DEFAULT_WRAP, DIRECTIONS, style_key, theme_homes
from .parts import drawn_part
from .quoting import wrap_text

__all__ = ["MAX_CONFIGURATIONS", "MERMAID_MAX_EDGES", "MERMAID_MAX_TEXT", "mermaid_id",
           "mermaid_text", "to_mermaid", "write_mermaid"]

#: More configurations than this make no readable Mermaid diagram: draw a part of them.
MAX_CONFIGURATIONS: Final = 150
#: Mermaid's default ``maxEdges``: it refuses to draw a flowchart with more edges.
MERMAID_MAX_EDGES: Final = 500
#: Mermaid's default ``maxTextSize``, in characters: it refuses longer diagram source.
MERMAID_MAX_TEXT: Final = 50_000

#: Node shapes (opening, closing bracket of a quoted label), by style key.
_SHAPES: Final[Mapping[str, tuple[str, str]]] = {
    "intervention": (">", "]"), "actor": ("{{", "}}"), "context": ("(", ")"),
    "mechanism": ("[", "]"), "outcome": ("([", "])"), "chain": ("[[", "]]"),
}
#: Statuses whose configurations are drawn with dotted edges: no longer held.
_DROPPED: Final = frozenset({"refuted", "abandoned"})
#: Characters written as Mermaid entity codes. ``"`` ends a label; ``#`` starts an entity
#: code; ``& < >`` would be read as HTML; ``;`` ``:`` ``%`` ``|`` and the backtick take part
#: in Mermaid's own pre-processing (entity codes, ``style ...:#...;`` lines, ``%%``
#: directives, edge labels, Markdown strings); a backslash is kept literal.
_ENTITIES: Final = {'"': "#quot;", **{c: f"#{ord(c)};" for c in "#&<>;:%|`\\"}}
_SPECIAL: Final = re.compile("[" + re.escape("".join(_ENTITIES)) + "]")
_NOT_ID: Final = re.compile("[^A-Za-z0-9_]")
_CAPTIONS: Final = (("Resource", "resource"), ("Reasoning", "reasoning"))
_SEPARATOR: Final = " · "
#: Mixed evidence: Graphviz draws two parallel lines (grey, vermillion); Mermaid one amber.
_MIXED: Final = "#E69F00"


def mermaid_text(text: str) -> str:
    """``text`` on one line, every character Mermaid could misread as an entity code.

    Args:
        text: any text; runs of white space (line breaks too) become one space.

    Returns:
        Text safe inside a quoted Mermaid label (``"..."``), shown as ``text`` is.

    Example:
        >>> mermaid_text('Say "hi" <b>#1; 50%\\n  [ok] | `x`')
        'Say #quot;hi#quot; #60;b#62;#35;1#59; 50#37; [ok] #124; #96;x#96;'
    """
    return _SPECIAL.sub(lambda match: _ENTITIES[match.group()], " ".join(text.split()))


def _lines(text: str, *, wrap: int) -> list[str]:
    return [mermaid_text(line) for line in wrap_text(text, width=wrap)]


def mermaid_id(name: str, taken: set[str]) -> str:
    """A Mermaid node id for a graph node, unique among ``taken`` (which it joins).

    Element ids may hold ``.`` and ``-``, which Mermaid reads as parts of an edge in some
    places, and may be Mermaid keywords (``end``); the id keeps the letters and digits,
    writes the rest as ``_`` and is prefixed with ``n_``. Where two ids meet, the later
    one gets a number.

    Example:
        >>> taken = set()
        >>> mermaid_id("end", taken), mermaid_id("c-trust.v2", taken), mermaid_id("c_trust-v2", taken)
        ('n_end', 'n_c_trust_v2', 'n_c_trust_v2_2')
    """
    return unique_name("n_" + _NOT_ID.sub("_", name), taken, separator="_")


def to_mermaid(
    theory: ProgrammeTheory | Collection,
    *,
    themes: Iterable[str] | str = (),
    configurations: Iterable[str] | str = (),
    direction: str = "LR",
    wrap: int = DEFAULT_WRAP,
    labels: str = "number",
    earlier: ProgrammeTheory | Collection | None = None,
) -> str:
    """The diagram of a programme theory as the text of a Mermaid flowchart.

    Args:
        theory: the programme theory (a collection is made into one).
        themes: draw only configurations of these themes (all by default).
        configurations: draw only these configurations, by id (all by default).
        direction: where the causal flow goes: ``"LR"`` (left to right), ``"RL"``,
            ``"TB"`` (top down) or ``"BT"``.
        wrap: characters per line of node labels; words are never cut.
        labels: how edges name their configuration: ``"number"`` (``CMOC 7``, see
            :mod:`cmo.theory.numbering`), ``"id"``, or ``"none"`` (the status alone).
        earlier: the version ``theory`` revises: configurations without a number of their
            own keep the one they had there.

    Returns:
        The flowchart (put it in a ```` ```mermaid ```` fence), a title first, without a
        final newline; the same theory always gives the same text.

    Raises:
        InputError: a theme or configuration the theory does not have; or a theory too
            large for one readable Mermaid diagram (more than :data:`MAX_CONFIGURATIONS`
            configurations, or beyond Mermaid's own limits): the message says how to
            draw a part of it.
        ValueError: an unknown ``direction`` or ``labels``, or a ``wrap`` below 8.

    Example:
        >>> import cmo
        >>> text = to_mermaid(cmo.load("examples/social_prescribing/theory.yaml"),
        ...                   themes="Trust and hope", direction="TB", labels="id")
        >>> text.splitlines()[3], "hope-through-trust · new" in text
        ('flowchart TB', True)
    """
    if direction not in DIRECTIONS:
        raise ValueError(f"unknown direction: {direction!r} (must be one of {list(DIRECTIONS)})")
    if not isinstance(wrap, int) or wrap < 8:
        raise ValueError(f"wrap must be a whole number of characters, at least 8: {wrap!r}")
    chosen, names = drawn_part(theory, themes=themes, configurations=configurations,
                               labels=labels, earlier=earlier)
    _check_size("configurations", len(chosen.configurations), MAX_CONFIGURATIONS,
                "too many for one readable Mermaid diagram")
    _check_size("edges", chosen.graph.number_of_edges(), MERMAID_MAX_EDGES,
                "more than Mermaid draws")
    text = "\n".join(_flowchart(chosen, direction=direction, wrap=wrap, names=names))
    _check_size("characters", len(text), MERMAID_MAX_TEXT, "more than Mermaid reads")
    return text


def _check_size(what: str, count: int, limit: int, why: str) -> None:
    if count > limit:
        raise InputError([Problem(
            "Mermaid diagram", f"it would have {count} {what}, {why} (at most {limit})",
            "draw a part of the theory: filter by theme (themes=[...], --theme) or by "
            "configuration (configurations=[...], --configuration), or draw it all with "
            "Graphviz (.svg)")])


def _flowchart(theory: ProgrammeTheory, *, direction: str, wrap: int,
               names: Mapping[str, str]) -> list[str]:
    graph = theory.graph
    taken: set[str] = set()
    ids = {node: mermaid_id(node, taken) for node in graph.nodes}
    keys = {node: style_key(data) for node, data in graph.nodes(data=True)}
    lines = ["---", f"title: {json.dumps(_title(theory), ensure_ascii=False)}", "---",
             f"flowchart {direction}"]
    lines += [f"  classDef {key} {_class_style(key)}" for key in style.NODE_STYLES
              if key in keys.values()]
    members: dict[str | None, list[str]] = {}
    for node, theme in theme_homes(theory).items():
        members.setdefault(theme, []).append(node)
    for node in members.get(None, ()):
        lines.append("  " + _node(ids[node], keys[node], graph.nodes[node], wrap))
    for number, theme in enumerate(theory.themes, start=1):
        if theme in members:
            lines.append(f'  subgraph theme_{number}["{mermaid_text(theme)}"]')
            lines += ["    " + _node(ids[node], keys[node], graph.nodes[node], wrap)
                      for node in members[theme]]
            lines.append("  end")
    for key in style.NODE_STYLES:
        nodes = [ids[node] for node in graph.nodes if keys[node] == key]
        if nodes:
            lines.append(f"  class {','.join(nodes)} {key}")
    # linkStyle finds edges by their number, counted in the order they are written.
    looks: dict[str, list[int]] = {}
    edges = 0
    for configuration in theory.configurations:
        look = _edge_look(configuration)
        arrow = "-.->" if configuration.status in _DROPPED else "-->"
        name = names[configuration.id]
        for tail, head, first in _path(theory, configuration):
            label = _SEPARATOR.join(part for part in (
                name, configuration.status if first else "") if part)
            looks.setdefault(look, []).append(edges)
            edges += 1
            text = f'|"{mermaid_text(label)}"|' if label else ""
            lines.append(f'  {ids[tail]} {arrow}{text} {ids[head]}')
    lines += [f"  linkStyle {','.join(map(str, numbers))} {look}"
              for look, numbers in looks.items()]
    return lines


def _title(theory: ProgrammeTheory) -> str:
    count = len(theory.configurations)
    details = [theory.title or "Programme theory"]
    if theory.collection.version:
        details.append(f"version {theory.collection.version}")
    details.append(f"{count} configuration{'' if count == 1 else 's'}")
    return mermaid_text(_SEPARATOR.join(details))


def _class_style(key: str) -> str:
    look = style.NODE_STYLES[key]
    # A chain link's fill is a Graphviz gradient ("from:to"); Mermaid takes one colour.
    return f"fill:{look.fill.split(':')[0]},stroke:{look.border},color:{style.TEXT}"


def _node(mermaid: str, key: str, data: Mapping[str, Any], wrap: int) -> str:
    element = data["elements"][0]
    lines = (_mechanism_lines(element, wrap=wrap) if isinstance(element, Mechanism)
             else _lines(str(data["label"]), wrap=wrap))
    opening, closing = _SHAPES[key]
    return f'{mermaid}{opening}"{"<br/>".join(lines)}"{closing}'


def _mechanism_lines(mechanism: Mechanism, *, wrap: int) -> list[str]:
    """A named mechanism's name, then its resource and its reasoning, each on new lines."""
    halves = [(caption, text.strip()) for caption, name in _CAPTIONS
              if (text := getattr(mechanism, name)) and text.strip()]
    lines = []
    if mechanism.label != " → ".join(text for _, text in halves):
        lines += _lines(mechanism.label, wrap=wrap)
    for caption, text in halves:
        lines += _lines(f"{caption}: {text}", wrap=wrap)
    return lines


def _path(theory: ProgrammeTheory,
          configuration: Configuration) -> list[tuple[str, str, bool]]:
    """The configuration's edges, and whether each is the first leg (into the mechanism)."""
    edges = [(tail, head) for tail, head, key in theory.graph.edges(keys=True)
             if key == configuration.id]
    mechanism = (theory.node(configuration.mechanism)
                 if configuration.mechanism is not None else None)
    into = any(head == mechanism for _, head in edges)
    return [(tail, head, head == mechanism or not into) for tail, head in edges]


def _edge_look(configuration: Configuration) -> str:
    support = support_of(configuration)
    look = style.edge_style(evidence=len(configuration.evidence), refutes=support.refutes)
    color = _MIXED if look is style.EDGE_STYLES["mixed"] else look.color
    return f"stroke:{color},stroke-width:{style.penwidth(len(configuration.evidence))}px"


def write_mermaid(
    theory: ProgrammeTheory | Collection,
    path: str | Path,
    *,
    themes: Iterable[str] | str = (),
    configurations: Iterable[str] | str = (),
    direction: str = "LR",
    wrap: int = DEFAULT_WRAP,
    labels: str = "number",
    earlier: ProgrammeTheory | Collection | None = None,
    quotes: bool = True,
) -> Path:
    """Write the Mermaid flowchart of a programme theory to ``path`` (``.mmd``), atomically.

    The text is made completely before ``path`` is touched. ``quotes`` is taken, and has
    nothing to do, so one call withholding quotes serves every format: a diagram never
    shows evidence text. Any other option is refused.

    Args:
        theory: the programme theory (a collection is made into one).
        path: the file to write, UTF-8.
        themes, configurations, direction, wrap, labels, earlier: as for :func:`to_mermaid`.
        quotes: ignored (a diagram never shows evidence text).

    Returns:
        The path written.

    Raises:
        InputError, ValueError: as :func:`to_mermaid`.

    Example:
        >>> import cmo
        >>> out = getfixture("tmp_path")
        >>> theory = cmo.load("examples/social_prescribing/theory.yaml")
        >>> write_mermaid(theory, out / "theory.mmd", quotes=False).read_text(
        ...     encoding="utf-8").splitlines()[3]
        'flowchart LR'
    """
    data = (to_mermaid(theory, themes=themes, configurations=configurations,
                       direction=direction, wrap=wrap, labels=labels, earlier=earlier)
            + "\n").encode("utf-8")

    def write(stream: IO[bytes]) -> None:
        stream.write(data)

    return write_atomically(path, write)
