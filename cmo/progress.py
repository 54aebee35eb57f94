"""Progress of long work: a bar in a terminal or a notebook, and nothing anywhere else.

Long work (reading or writing a big file, pushing to a store, laying out a big diagram)
runs inside :func:`tracking`, which shows one row: what is being done, a bar when the
amount of work is known (a spinner otherwise) and the time taken. The row is shown only
when someone can see it:

- standard error is a terminal (the row disappears when the work ends), or the code runs
  in a Jupyter notebook with ``ipywidgets`` installed (``pip install 'cmo-realist[notebook]'``; the
  finished bar stays under the cell);
- the work is big enough to be worth watching (``shown_from``);
- nobody asked for silence: ``show_progress(False)``, or ``cmo --quiet``.

Work that knows how far it has gone says so through :func:`current`, so a reader deep
inside :func:`cmo.read` advances the row :func:`cmo.read` opened. Rows never show the
content of what is read or written (no quote ever reaches a terminal through here).

Example:
    >>> previous = show_progress(False)
    >>> with tracking("reading theory.yaml", size=10**9) as tracker:
    ...     tracker.expect(3)
    ...     sum(tracker.track([1, 2, 3]))
    6
    >>> show_progress(previous)
    False
"""

from __future__ import annotations

import contextlib
import importlib.util
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from typing import TYPE_CHECKING, Final, TypeVar

if TYPE_CHECKING:  # rich is imported when a row is drawn: most work shows none
    from rich.console import Console
    from rich.progress import Progress, ProgressColumn, TaskID

__all__ = ["MIN_ITEMS", "Tracker", "current", "show_progress", "tracking"]

Item = TypeVar("Item")

#: Work smaller than this many items (or bytes, or characters: whatever ``size`` counts)
#: finishes before a row would be read, so none is shown.
MIN_ITEMS: Final = 1_000

_setting: bool | None = None


def show_progress(enabled: bool | None) -> bool | None:
    """Show progress always (True), never (False), or where someone can see it (None).

    Returns the previous setting, so a caller can put it back.
    """
    global _setting
    previous, _setting = _setting, enabled
    return previous


class Tracker:
    """One row of progress; this base class is the silent one, shown nowhere."""

    #: Whether anybody sees this row (work may skip counting for a silent one).
    shown: bool = False

    def expect(self, total: int) -> None:
        """Say how many steps the work has, turning a spinner into a bar."""

    def advance(self, steps: int = 1) -> None:
        """Say that ``steps`` more steps are done."""

    def track(self, items: Iterable[Item], *, every: int = 1) -> Iterable[Item]:
        """``items`` unchanged, advancing one step per item (silent: no cost at all)."""
        return items


class _Row(Tracker):
    """A row on the shared display; steps are passed on in batches, to cost nothing."""

    shown = True

    def __init__(self, display: Progress, task: TaskID) -> None:
        self._display, self._task = display, task

    def expect(self, total: int) -> None:
        self._display.update(self._task, total=total, counted=True)

    def advance(self, steps: int = 1) -> None:
        self._display.advance(self._task, steps)

    def track(self, items: Iterable[Item], *, every: int = 1) -> Iterator[Item]:
        pending = 0
        batch = max(every, 1)
        for item in items:
            yield item
            pending += 1
            if pending == batch:
                self._display.advance(self._task, pending)
                pending = 0
        if pending:
            self._display.advance(self._task, pending)


def _counts() -> ProgressColumn:
    """A column of ``done/total`` for work that counts its steps; nothing for work that
    cannot (a function, so rich is imported only when a row is drawn)."""
    from rich.progress import ProgressColumn, Task
    from rich.text import Text

    class Counts(ProgressColumn):
        def render(self, task: Task) -> Text:
            if not task.fields.get("counted"):
                return Text("")
            return Text(f"{int(task.completed):,}/{int(task.total or 0):,}",
                        style="progress.download")

    return Counts()


_SILENT: Final = Tracker()
_current: ContextVar[Tracker] = ContextVar("cmo_progress_row", default=_SILENT)
_display: Progress | None = None


def current() -> Tracker:
    """The row of the work under way (a silent one when nothing is shown)."""
    return _current.get()


@contextlib.contextmanager
def tracking(description: str, total: int | None = None, *, size: int | None = None,
             shown_from: int = MIN_ITEMS) -> Iterator[Tracker]:
    """A row of progress for the work done inside the ``with`` block.

    Args:
        description: what is being done, e.g. ``"reading theory.ttl"`` (never data).
        total: steps, when known (a bar); None shows a spinner until :meth:`Tracker.expect`.
        size: how big the work is, to decide whether to show it (default: ``total``).
        shown_from: the smallest ``size`` worth a row.
    """
    global _display
    amount = size if size is not None else total
    if not _visible(amount, shown_from):
        token = _current.set(_SILENT)
        try:
            yield _SILENT
        finally:
            _current.reset(token)
        return
    outermost = _display is None
    if _display is None:
        from rich.progress import (
            BarColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        console = _console()
        _display = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                            _counts(), TimeElapsedColumn(), console=console,
                            transient=not console.is_jupyter)
        _display.start()
    display = _display
    task = display.add_task(description, total=total, counted=total is not None)
    row = _Row(display, task)
    token = _current.set(row)
    try:
        yield row
    finally:
        _current.reset(token)
        done = next((row.completed for row in display.tasks if row.id == task), 0)
        display.update(task, total=max(done, 1), completed=max(done, 1))  # a full bar stays
        if outermost:
            display.stop()
            _display = None
        else:
            display.remove_task(task)


def _visible(amount: int | None, shown_from: int) -> bool:
    if _setting is not None:
        return _setting
    if amount is not None and amount < shown_from:
        return False
    console = _console()
    if console.is_jupyter:
        # rich draws in a notebook through ipywidgets; without it, stay silent (no warning).
        return importlib.util.find_spec("ipywidgets") is not None
    return console.is_terminal and not console.is_dumb_terminal


def _console() -> Console:
    """rich's console on standard error (imported here: ``import cmo.progress`` stays light)."""
    from rich.console import Console

    return Console(stderr=True)
