"""Which element a cell names: labels in cells, and the elements sheet that gives them ids.

A cell of contexts, outcomes, interventions or actors holds labels, as the authoring
format writes elements inline: an element's id is derived from its label. The optional
elements sheet declares elements with ids, descriptions and aliases of their own; a
cell then names one by its id, its label, or (ignoring case and punctuation at the ends)
its label or an alias. A context cell may name an outcome (and an outcome cell a
context): that is a chain, the same state in two roles.

A mechanism is named by its resource and reasoning cells, or by a ``mechanism id`` cell.
Writing uses the same rules backwards: a cell gets an element's label when the label
names it back, and its id otherwise.

Example:
    >>> from cmo.models import Outcome
    >>> from cmo.tables.sheet import Problems
    >>> trust = Outcome(id="trust", label="Patient trusts the link worker")
    >>> elements = Elements([trust])
    >>> elements.element("context", "patient trusts the link worker.", "", Problems()).id
    'trust'
    >>> elements.element("context", "Patient feels hope", "", Problems()).id
    'c-patient-feels-hope'
    >>> elements.cell_for(trust)
    'Patient trusts the link worker'
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any, Final

from ..models import AnyElement, Mechanism
from ..models.configuration import KIND_MODELS
from ..models.labels import normalise_label
from .cells import has_line_break
from .sheet import Problems, Table, with_extras
from .values import build, choice, shown

__all__ = ["ELEMENT_KINDS", "Elements", "read_elements"]

_TWINS: Final = {"context": "outcome", "outcome": "context"}
#: The spellings of an element's kind accepted in the elements sheet.
ELEMENT_KINDS: Final = {
    **{kind: kind for kind in ("context", "mechanism", "outcome", "intervention", "actor")},
    **{f"{kind}s": kind for kind in ("context", "mechanism", "outcome", "intervention",
                                     "actor")},
    "strategy": "intervention", "c": "context", "m": "mechanism", "o": "outcome",
}


def _halves(mechanism: Mechanism | None = None, *, resource: str | None = None,
            reasoning: str | None = None, normal: bool = False) -> tuple[str, str]:
    if mechanism is not None:
        resource, reasoning = mechanism.resource, mechanism.reasoning
    texts = (resource or "", reasoning or "")
    return (normalise_label(texts[0]), normalise_label(texts[1])) if normal else texts


class Elements:
    """The elements a set of tables names: declared in the elements sheet, or made from cells.

    Args:
        declared: the elements of the elements sheet (or of the collection being written).
    """

    def __init__(self, declared: Iterable[AnyElement] = ()) -> None:
        self.declared: list[AnyElement] = list(declared)
        self._by_id: dict[str, dict[str, AnyElement]] = defaultdict(dict)
        self._by_label: dict[str, dict[str, list[AnyElement]]] = defaultdict(
            lambda: defaultdict(list))
        self._by_normal: dict[str, dict[str, list[AnyElement]]] = defaultdict(
            lambda: defaultdict(list))
        self._by_halves: dict[tuple[str, str], list[Mechanism]] = defaultdict(list)
        self._by_normal_halves: dict[tuple[str, str], list[Mechanism]] = defaultdict(list)
        for element in self.declared:
            self._by_id[element.kind].setdefault(element.id, element)
            self._by_label[element.kind][element.label].append(element)
            for text in {normalise_label(text) for text in (element.label, *element.aliases)}:
                self._by_normal[element.kind][text].append(element)
            if isinstance(element, Mechanism):
                self._by_halves[_halves(element)].append(element)
                self._by_normal_halves[_halves(element, normal=True)].append(element)
        self._made: dict[tuple[str, str], tuple[AnyElement, str]] = {}

    def candidates(self, kind: str, text: str) -> tuple[AnyElement, ...]:
        """The declared elements a cell's text names: by id, else label, else loosely."""
        for pool in (kind, _TWINS.get(kind)):
            if pool is None:
                continue
            if text in self._by_id[pool]:
                return (_as_kind(kind, self._by_id[pool][text]),)
            for index, key in ((self._by_label, text), (self._by_normal, normalise_label(text))):
                found = index[pool].get(key)
                if found:
                    return tuple(_as_kind(kind, element) for element in found)
        return ()

    def mechanism_candidates(self, resource: str | None,
                             reasoning: str | None) -> tuple[Mechanism, ...]:
        """The declared mechanisms with this resource and reasoning (exactly, else loosely)."""
        exact = self._by_halves.get(_halves(resource=resource, reasoning=reasoning), [])
        return tuple(exact or self._by_normal_halves.get(
            _halves(resource=resource, reasoning=reasoning, normal=True), []))

    def element(self, kind: str, text: str, place: str, problems: Problems) -> AnyElement | None:
        """The element of ``kind`` a cell names (see the module's description)."""
        found = self.candidates(kind, text)
        if len(found) == 1:
            return found[0]
        if found:
            ids = ", ".join(repr(element.id) for element in found)
            problems.add(place, f"{shown(text)} could be any of the elements {ids}",
                         "write the id of the one you mean")
            return None
        made = build(KIND_MODELS[kind], {"label": text}, problems, places={}, default=place)
        return self._once(made, place, problems, lambda e: normalise_label(e.label))

    def mechanism(self, resource: str | None, reasoning: str | None, mechanism_id: str | None,
                  place: str, problems: Problems) -> Mechanism | None:
        """The mechanism a row names by its resource and reasoning, or by its id."""
        if mechanism_id is not None and mechanism_id in self._by_id["mechanism"]:
            declared: Any = self._by_id["mechanism"][mechanism_id]
            if (resource or reasoning) and _halves(resource=resource, reasoning=reasoning,
                                                   normal=True) != _halves(declared, normal=True):
                problems.add(place, f"the resource and reasoning differ from those of "
                             f"mechanism {shown(mechanism_id)} in the elements sheet",
                             "make them the same, or leave them empty here")
            return declared  # type: ignore[no-any-return]
        if mechanism_id is None:
            if resource is None and reasoning is None:
                return None
            found = self.mechanism_candidates(resource, reasoning)
            if len(found) == 1:
                return found[0]
            if found:
                ids = ", ".join(repr(mechanism.id) for mechanism in found)
                problems.add(place, f"the resource and reasoning could be any of the "
                             f"mechanisms {ids}", "give the mechanism's id in a "
                             "'mechanism id' column")
                return None
        values = {"id": mechanism_id, "resource": resource, "reasoning": reasoning}
        made = build(Mechanism, values, problems, places={}, default=place)
        return self._once(made, place, problems,  # type: ignore[return-value]
                          lambda mechanism: _halves(mechanism, normal=True))

    def _once(self, made: Any, place: str, problems: Problems,
              same: Callable[[Any], object]) -> Any:
        """An element made from cells: the same one each time it is written alike."""
        if made is None:
            return None
        declared = self._by_id[made.kind].get(made.id)
        if declared is not None and same(declared) != same(made):
            problems.add(place, f"this gives the id {made.id!r}, which the elements sheet "
                         f"gives to a different {made.kind}",
                         "write that element's label or id, or declare this one in the "
                         "elements sheet with an id of its own")
            return None
        if declared is not None:
            return declared
        first, where = self._made.setdefault((made.kind, made.id), (made, place))
        if first is made or same(first) == same(made):
            return first
        problems.add(place, f"this gives the id {made.id!r}, as a different {made.kind} "
                     f"does at {where}", "reword one of them, or declare both in the "
                     "elements sheet with ids of their own")
        return None

    # -- writing ----------------------------------------------------------------------------

    def cell_for(self, element: AnyElement) -> str:
        """What a cell says for an element: its label if that names it back, else its id."""
        if not has_line_break(element.label) and self.candidates(
                element.kind, element.label) == (element,):
            return element.label
        return element.id

    def needs_mechanism_id(self, mechanism: Mechanism) -> bool:
        """Whether a row's resource and reasoning cells would not name this mechanism back."""
        return self.mechanism_candidates(mechanism.resource, mechanism.reasoning) != (mechanism,)


def _as_kind(kind: str, element: AnyElement) -> AnyElement:
    """The element in the role asked for: an outcome named in a context cell is a chain."""
    if element.kind == kind:
        return element
    return KIND_MODELS[kind](id=element.id, label=element.label,  # type: ignore[no-any-return]
                         description=element.description, aliases=element.aliases)


def read_elements(table: Table | None, problems: Problems) -> Elements:
    """The elements declared in the elements sheet (none when there is no such sheet)."""
    if table is None:
        return Elements()
    kept: dict[tuple[str, str], tuple[AnyElement, int]] = {}
    for row in table.rows:
        kind = choice(row, "kind", ELEMENT_KINDS, problems, what="kind of element")
        if kind is None:
            if row.get("kind") is None:
                problems.add(row.place("kind"), "the element has no kind",
                             "write context, mechanism, outcome, intervention or actor")
            continue
        halves = {"resource": row.get("resource"), "reasoning": row.get("reasoning")}
        values: dict[str, Any] = {"id": row.get("id"), "label": row.get("label"),
                                  "description": with_extras(row.get("description"),
                                                             row.extras),
                                  "aliases": tuple(row.values("aliases"))}
        if kind == "mechanism":
            values.update(halves)
        elif any(halves.values()):
            field = "resource" if halves["resource"] else "reasoning"
            problems.add(row.place(field), f"only a mechanism has a {field}",
                         "leave it empty, or make the kind 'mechanism'")
            continue
        elif values["label"] is None:
            problems.add(row.place("label"), f"the {kind} has no label",
                         "write the words a diagram shows for it")
            continue
        places = {name: row.place(name) for name in (*values, *halves) if table.has(name)}
        model = Mechanism if kind == "mechanism" else KIND_MODELS[kind]
        element = build(model, values, problems, places=places, default=row.place())
        if element is None:
            continue
        first, number = kept.setdefault((element.kind, element.id), (element, row.number))
        if first != element:
            problems.add(row.place("id"), f"the id {element.id!r} is given to two different "
                         f"{kind}s (also on row {number})", f"give each {kind} its own id")
    return Elements(element for element, _ in kept.values())
