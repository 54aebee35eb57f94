"""The retroduction table: how each configuration's mechanism was inferred.

One row per inference step or alternative mechanism of a configuration's retroduction
log. A step (``kind`` ``step``) has a ``move`` (abductive, retroductive, inductive or
deductive) and an ``inference``, and may say who made it (``judged by``) and when
(``date``); an alternative (``kind`` ``alternative``) has a ``mechanism`` and why it was
``set aside because``. Both may cite ``excerpts`` (ids, one per line, as evidence ids are)
and middle-range ``theories``. A blank kind is read from the cells the row fills.

The steps of a configuration are in the order of their ``order`` column (1, 2, 3...), or
of the rows when no step has one; an order given twice is refused.

Example:
    >>> from cmo.models import Retroduction
    >>> log = Retroduction(steps=[{"move": "abductive", "inference": "Hope read as trust"}],
    ...                    alternatives=[{"mechanism": "Referral alone",
    ...                                   "set_aside_because": "Not what the abstract says"}])
    >>> [(row["kind"], row["order"], row["move"]) for row in retroduction_rows("hope", log)]
    [('step', 1, 'abductive'), ('alternative', 1, None)]
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Final

from .._helpers.labels import did_you_mean
from ..models import AlternativeMechanism, InferenceStep, Retroduction
from ..models.retroduction import INFERENCE_MOVES
from .sheet import Problems, Row, Table
from .values import build, choice, date_value, shown, whole_number

__all__ = ["RetroductionLogs", "read_retroduction", "retroduction_rows"]

_KINDS: Final = {"step": "step", "inference step": "step", "inference": "step",
                 "alternative": "alternative", "alternative mechanism": "alternative",
                 "alternative explanation": "alternative", "rival mechanism": "alternative"}
_MOVES: Final = {**{move: move for move in INFERENCE_MOVES}, "abduction": "abductive",
                 "retroduction": "retroductive", "induction": "inductive",
                 "deduction": "deductive"}
#: The cells each kind of row has, and must have.
_CELLS: Final = {"step": ("move", "inference", "judged_by", "date"),
                 "alternative": ("mechanism", "set_aside_because")}
_REQUIRED: Final = {"step": ("move", "inference"), "alternative": ("mechanism",
                                                                   "set_aside_because")}
_NAMES: Final = {"move": "move", "inference": "inference", "mechanism": "mechanism",
                 "set_aside_because": "reason for setting it aside"}
_FIXES: Final = {"move": "write abductive, retroductive, inductive or deductive",
                 "inference": "write what was inferred, and from what",
                 "mechanism": "write the alternative mechanism considered",
                 "set_aside_because": "write why it was set aside"}


def retroduction_rows(configuration: str, log: Retroduction) -> Iterator[dict[str, Any]]:
    """The rows of one configuration's log: its steps in order, then its alternatives."""
    for order, step in enumerate(log.steps, start=1):
        yield {"configuration": configuration, "kind": "step", "order": order,
               "move": step.move, "inference": step.inference, "mechanism": None,
               "set_aside_because": None, "excerpts": step.excerpts,
               "theories": step.theories, "judged_by": step.judged_by,
               "date": step.date.isoformat() if step.date else None}
    for order, alternative in enumerate(log.alternatives, start=1):
        yield {"configuration": configuration, "kind": "alternative", "order": order,
               "move": None, "inference": None, "mechanism": alternative.mechanism,
               "set_aside_because": alternative.set_aside_because,
               "excerpts": alternative.excerpts, "theories": alternative.theories,
               "judged_by": None, "date": None}


@dataclass
class _Entry:
    row: Row
    order: int | None
    made: InferenceStep | AlternativeMechanism


@dataclass
class RetroductionLogs:
    """The retroduction table read: each configuration's log, and where it was given."""

    entries: dict[str, dict[str, list[_Entry]]] = field(default_factory=dict)
    #: The first row of each configuration the table names.
    first: dict[str, Row] = field(default_factory=dict)

    def log(self, configuration: str, problems: Problems) -> Retroduction | None:
        """The log of a configuration (None when the table gives it none)."""
        kinds = self.entries.get(configuration)
        if kinds is None:
            return None
        steps = _in_order(configuration, "step", kinds.get("step", []), problems)
        alternatives = _in_order(configuration, "alternative", kinds.get("alternative", []),
                                 problems)
        return Retroduction(steps=tuple(steps), alternatives=tuple(alternatives))

    def check_configurations(self, configurations: set[str], problems: Problems) -> None:
        """Report rows naming a configuration that no row of configurations gives."""
        for configuration, first in self.first.items():
            if configuration in configurations:
                continue
            problems.add(first.place("configuration"), "no configuration has the id "
                         f"{shown(configuration)}", did_you_mean(configuration, configurations)
                         or "add it to the configurations table, or correct the id")


def _in_order(configuration: str, kind: str, entries: list[_Entry],
              problems: Problems) -> list[Any]:
    """The entries of one kind in the order their order column gives (or the rows' order)."""
    numbered = [entry for entry in entries if entry.order is not None]
    if not numbered:
        return [entry.made for entry in entries]
    seen: dict[int, int] = {}
    for entry in entries:
        if entry.order is None:
            problems.add(entry.row.place("order"), f"the {kind} has no order, though other "
                         f"{kind}s of configuration {shown(configuration)} have one",
                         f"number every {kind} of the configuration (1, 2, 3...), or none "
                         "(they are then in the order of the rows)")
        elif entry.order in seen:
            problems.add(entry.row.place("order"), f"configuration {shown(configuration)} has "
                         f"{kind} {entry.order} twice (also on row {seen[entry.order]})",
                         f"give each {kind} of a configuration its own order (1, 2, 3...)")
        else:
            seen[entry.order] = entry.row.number
    return [entry.made for entry in sorted(numbered, key=lambda entry: entry.order or 0)]


def read_retroduction(table: Table | None, problems: Problems, *,
                      excerpts: set[str]) -> RetroductionLogs:
    """Read the retroduction table (which may be absent); ``excerpts`` are the ids a
    row may cite."""
    logs = RetroductionLogs()
    for row in table.rows if table is not None else ():
        configuration = (row.get("configuration") or "").strip()
        if not configuration:
            problems.add(row.place("configuration"), "the row names no configuration",
                         "write the id of the configuration whose log it belongs to")
            continue
        logs.first.setdefault(configuration, row)
        kind = _kind(row, problems)
        if kind is None:
            continue
        made = _made(row, kind, excerpts, problems)
        order = whole_number(row, "order", problems)
        if made is not None:
            kinds = logs.entries.setdefault(configuration, {})
            kinds.setdefault(kind, []).append(_Entry(row, order, made))
    return logs


def _kind(row: Row, problems: Problems) -> str | None:
    """Whether a row is a step or an alternative: its kind, or what its cells are."""
    if row.get("kind") is not None:
        return choice(row, "kind", _KINDS, problems, what="kind of entry")
    filled = [kind for kind, names in _CELLS.items() if any(row.get(name) for name in names)]
    if len(filled) == 1:
        return filled[0]
    problems.add(row.place("kind"), "the row is neither a step nor an alternative" if not filled
                 else "the row has cells of a step and of an alternative",
                 "write 'step' (with a move and an inference) or 'alternative' (with a "
                 "mechanism and why it was set aside) in the kind column")
    return None


def _made(row: Row, kind: str, excerpts: set[str],
          problems: Problems) -> InferenceStep | AlternativeMechanism | None:
    complete = True
    for other, names in _CELLS.items():
        for name in names:
            if other != kind and row.get(name) is not None:
                complete = False
                header = row.table.headers[row.table.fields[name]]
                problems.add(row.place(name), f"column {header!r} is for {other}s, and this row "
                             f"is {'a step' if kind == 'step' else 'an alternative'}",
                             "empty the cell, or move it to a row of its own")
    for name in _REQUIRED[kind]:
        if row.get(name) is None:
            complete = False
            problems.add(row.place(name), f"the {kind} has no {_NAMES[name]}",
                         _FIXES[name])
    cited = row.values("excerpts")
    for excerpt in cited:
        if excerpt not in excerpts:
            complete = False
            problems.add(row.place("excerpts"), f"no excerpt has the id {shown(excerpt)}",
                         did_you_mean(excerpt, excerpts) or "add it to the excerpts table, "
                         "or correct the id")
    values: dict[str, Any] = {"excerpts": tuple(cited), "theories": tuple(row.values("theories"))}
    if kind == "step":
        move = choice(row, "move", _MOVES, problems, what="move")
        complete &= move is not None or row.get("move") is None
        date = date_value(row, "date", problems)
        complete &= date is not None or row.get("date") is None
        values.update(move=move, inference=row.get("inference"), judged_by=row.get("judged_by"),
                      date=date)
        model: type[InferenceStep | AlternativeMechanism] = InferenceStep
    else:
        values.update(mechanism=row.get("mechanism"),
                      set_aside_because=row.get("set_aside_because"))
        model = AlternativeMechanism
    if not complete:
        return None
    places = {name: row.place(name) for name in values if row.table.has(name)}
    return build(model, values, problems, places=places, default=row.place())
