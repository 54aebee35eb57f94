"""What the commands share: their arguments and options, and how errors are reported."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import click

from ..exceptions import CmoError

__all__ = ["inputs", "is_file", "output", "reporting_errors"]

inputs = click.argument("paths", nargs=-1, required=True, metavar="PATH...",
                         type=click.Path(path_type=Path, dir_okay=False))
output = click.option("-o", "--output", required=True, type=click.Path(path_type=Path),
                       help="The file to write; its extension picks the format.")


@contextlib.contextmanager
def reporting_errors() -> Iterator[None]:
    """Turn our errors (and failures to write) into one message and exit status 1."""
    try:
        yield
    except CmoError as error:
        raise click.ClickException(str(error)) from None
    except BrokenPipeError:
        raise  # the reader of our output (| head) has gone: main() ends quietly
    except OSError as error:
        raise click.ClickException(f"{error.filename or ''}: {error.strerror or error}") from None


def is_file(argument: str) -> bool:
    """Whether an argument names a file (a long query is no file name, and says so by error)."""
    try:
        return Path(argument).is_file()
    except (OSError, ValueError):
        return False


