"""The exceptions and warnings that ``cmo`` raises.

Every problem with what a user gave us is a :class:`CmoError`. Each also inherits the
builtin it refines, so ``except ValueError`` keeps working for callers who do not know
``cmo``. Messages name the file, the place in it (line, id or field) and the fix; they
never quote evidence text, which may be confidential interview data.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "CmoError",
    "CmoWarning",
    "DotNotFoundError",
    "InputError",
    "OutputError",
    "Problem",
    "RenderError",
    "StoreError",
    "UnsupportedFormatError",
    "UnsupportedOptionError",
]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input, and where.

    Args:
        place: where it is: ``"line 12"``, ``"configuration 'cmoc-3', field 'mechanism'"``.
        message: what is wrong.
        fix: what to do about it, if we can say.

    Example:
        >>> print(Problem("line 3", "unknown stance 'agrees'", "use one of: refines, refutes, supports"))
        line 3: unknown stance 'agrees' (use one of: refines, refutes, supports)
    """

    place: str
    message: str
    fix: str | None = None

    def __str__(self) -> str:
        text = f"{self.place}: {self.message}" if self.place else self.message
        return f"{text} ({self.fix})" if self.fix else text


class CmoError(Exception):
    """Base class of every error ``cmo`` raises on purpose."""


class InputError(CmoError, ValueError):
    """An input (a file, or values given in Python) cannot be read as a programme theory.

    Args:
        problems: every problem found; validation collects them all before raising.
        source: the file or description of the input (``"theory.yaml"``), if any.

    Example:
        >>> error = InputError([Problem("line 4", "duplicate id 'c1'", "give each one its own id")],
        ...                    source="theory.yaml")
        >>> print(error)
        theory.yaml: line 4: duplicate id 'c1' (give each one its own id)
    """

    def __init__(self, problems: Iterable[Problem], *, source: str | Path | None = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.source: str | None = str(source) if source is not None else None
        super().__init__(self._render())

    def _render(self) -> str:
        prefix = f"{self.source}: " if self.source else ""
        if len(self.problems) == 1:
            return f"{prefix}{self.problems[0]}"
        lines = [f"{prefix}{len(self.problems)} problems:"]
        lines += [f"  - {problem}" for problem in self.problems]
        return "\n".join(lines)

    def with_source(self, source: str | Path) -> InputError:
        """The same problems, attributed to ``source`` (used when a file was being read)."""
        return InputError(self.problems, source=source)


class UnsupportedFormatError(CmoError, ValueError):
    """A file extension that ``cmo`` cannot read or write."""

    def __init__(self, path: str | Path, *, action: str, supported: Sequence[str]) -> None:
        self.path = str(path)
        self.supported = tuple(sorted(supported))
        suffix = Path(path).suffix or "(none)"
        super().__init__(
            f"{path}: cannot {action} files with extension {suffix!r} "
            f"(use one of: {', '.join(self.supported)})"
        )


class UnsupportedOptionError(CmoError, TypeError):
    """An option the writer of a file's format does not take (a ``TypeError``, as Python's own).

    Example:
        >>> print(UnsupportedOptionError("a.mmd", "Mermaid", ["theme"], ["themes", "wrap"]))
        a.mmd: Mermaid takes no option 'theme' (it takes: themes, wrap); nothing was written
    """

    def __init__(self, path: str | Path, format_name: str, unknown: Iterable[str],
                 accepted: Iterable[str]) -> None:
        self.path, self.format = str(path), format_name
        self.unknown, self.accepted = tuple(sorted(unknown)), tuple(sorted(accepted))
        names = ", ".join(repr(name) for name in self.unknown)
        takes = f"it takes: {', '.join(self.accepted)}" if self.accepted else "it takes none"
        super().__init__(
            f"{path}: {format_name} takes no option{'s' if len(self.unknown) > 1 else ''} "
            f"{names} ({takes}); nothing was written")


class RenderError(CmoError, RuntimeError):
    """Graphviz failed to lay out or write a diagram."""


class DotNotFoundError(RenderError, FileNotFoundError):
    """Graphviz's ``dot`` program is not installed or not on ``PATH``."""

    def __init__(self) -> None:
        super().__init__(
            "Graphviz's 'dot' program was not found on PATH, and it is needed to draw diagrams. "
            "Install Graphviz: 'sudo apt-get install graphviz' on Debian/Ubuntu, "
            "'brew install graphviz' on macOS, 'conda install -c conda-forge graphviz' in conda; "
            "see https://graphviz.org/download/. Writing '.dot' or '.gv' source needs no Graphviz."
        )


class DiagramTooLargeError(RenderError, ValueError):
    """More configurations than one laid-out diagram can hold: ``dot`` would run for minutes."""

    def __init__(self, path: object, drawn: int, limit: int) -> None:
        self.path, self.drawn, self.limit = path, drawn, limit
        super().__init__(
            f"{path}: {drawn} configurations are too many for one diagram (more than {limit}): "
            "Graphviz's dot would take minutes or more, and nobody could read the result. "
            "Draw a part instead: the summary (one box per theme: --summary, summary=True), "
            "a theme (--theme, themes=[...]), a configuration and its neighbours (--around), "
            "or everything through an element (--through); or draw it all anyway with "
            "--force (max_configurations=None)."
        )


class OutputError(CmoError, OSError):
    """An output cannot be written: a full disk, a file-size limit, a read-only disk...

    The message names the output the user asked for (never the hidden temporary file it
    was being written to), says why in words, and what to do. It is an :class:`OSError`
    too, with the ``errno`` of the cause, so ``except OSError`` keeps working.

    Args:
        path: the output asked for.
        reason: what went wrong (``"the disk is full"``).
        fix: what to do about it.
        errno: the cause's error number, if any.

    Example:
        >>> import errno
        >>> error = OutputError("out/theory.ttl", "the disk is full",
        ...                     "free some space and write it again", errno=errno.ENOSPC)
        >>> print(error)
        out/theory.ttl: cannot be written: the disk is full (free some space and write it again)
        >>> isinstance(error, OSError), error.errno == errno.ENOSPC
        (True, True)
    """

    def __init__(self, path: str | Path, reason: str, fix: str, *,
                 errno: int | None = None) -> None:
        super().__init__(errno, reason, str(path))
        self.path, self.reason, self.fix = str(path), reason, fix

    def __str__(self) -> str:
        return f"{self.path}: cannot be written: {self.reason} ({self.fix})"

    def __reduce__(self) -> tuple[object, ...]:  # keyword-only errno: pickle by keywords
        return (_output_error, (self.path, self.reason, self.fix, self.errno))


def _output_error(path: str, reason: str, fix: str, errno: int | None) -> OutputError:
    return OutputError(path, reason, fix, errno=errno)


class StoreError(CmoError, RuntimeError):
    """A triple store cannot be reached, refuses a request, or is in use by another process.

    Messages name the store (its folder or URL) and, for a server, the HTTP status; they
    never hold credentials or evidence text.
    """


class CmoWarning(UserWarning):
    """Something legal but odd in an input: it was read, but deserves a look."""
