"""What every stage is made of: the two pieces of work it times, and its description."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from workload import Workload

Work = Callable[[], Any]
STANCES: Final = ("supports", "refutes", "refines")


@dataclass(frozen=True, slots=True)
class Stage:
    """A stage of ``cmo``, named for what it does, and what its floor is."""

    name: str
    floor_is: str
    prepare: Callable[[Workload], tuple[Work, Work]]
    #: The workload's derived inputs (:meth:`Workload.kept`) the stage reads.
    keeps: frozenset[str] = frozenset()


class AfterOurs:
    """A floor whose input is what ``cmo``'s own run wrote: made, untimed, after that run."""

    def __init__(self, make: Callable[[], Work]) -> None:
        self._make = make
        self._work: Work | None = None

    def prepare(self) -> None:
        if self._work is None:
            self._work = self._make()

    def __call__(self) -> Any:
        assert self._work is not None, "prepare() runs before the floor is timed"
        return self._work()
