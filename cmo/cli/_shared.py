"""What the commands share: their arguments and options, and how errors are reported."""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Callable, Collection, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:  # the commands' --help imports no model and no graph
    from ..theory.graph import ProgrammeTheory

__all__ = ["inputs", "is_file", "load_theory", "minimum_levels", "no_quotes", "output",
           "redaction_from", "redaction_options", "reporting_errors", "reporting_warnings"]

inputs = click.argument("paths", nargs=-1, required=True, metavar="PATH...",
                         type=click.Path(path_type=Path, dir_okay=False))
output = click.option("-o", "--output", required=True, type=click.Path(path_type=Path),
                       help="The file to write; its extension picks the format.")
no_quotes = click.option("--no-quotes", is_flag=True,
                         help="Leave the text of every excerpt out (confidential interview "
                              "data).")


@contextlib.contextmanager
def reporting_errors() -> Iterator[None]:
    """Turn our errors (and failures to write) into one message and exit status 1."""
    from ..exceptions import CmoError

    try:
        yield
    except CmoError as error:
        raise click.ClickException(str(error)) from None
    except BrokenPipeError:
        raise  # the reader of our output (| head) has gone: main() ends quietly
    except OSError as error:  # not from a writer (they raise OutputError): the cause in words
        from .._helpers import output_error

        reason = output_error(error.filename or "", error).reason
        raise click.ClickException(f"{error.filename}: {reason}" if error.filename
                                   else reason) from None


@contextlib.contextmanager
def reporting_warnings() -> Iterator[None]:
    """As :func:`reporting_errors`, and each soft problem (``CmoWarning``) met meanwhile is
    printed on stderr as ``warning: ...`` once the work is done."""
    from ..exceptions import CmoWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", CmoWarning)
        with reporting_errors():
            yield
    for warning in caught:
        if issubclass(warning.category, CmoWarning):
            click.echo(f"warning: {warning.message}", err=True)


def minimum_levels(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options --min-rigour, --min-relevance and --min-richness: count only evidence
    judged that high or higher (passed as ``min_rigour``...)."""
    for dimension in ("richness", "relevance", "rigour"):
        command = click.option(
            f"--min-{dimension}", metavar="LEVEL",
            help=f"Count only evidence whose {dimension} is judged LEVEL or higher (e.g. "
                 f"'moderate'); evidence nobody judged on {dimension} is left out.")(command)
    return command


def checked_minimums(theory: ProgrammeTheory, **minimums: str | None) -> dict[str, str | None]:
    """The --min-* options given, checked against the theory's scales: a level not on its
    scale is one message naming the option as typed (``--min-rigour``) and the levels."""
    from ..exceptions import InputError, Problem
    from ..theory.appraisal import evidence_filter

    with reporting_errors():
        try:
            evidence_filter(theory.collection.appraisal_scales, **minimums)  # type: ignore[arg-type]
        except InputError as error:
            raise InputError([Problem("--" + problem.place.replace("_", "-"), problem.message,
                                      problem.fix) for problem in error.problems]) from None
    return minimums


def check_suffix(path: Path, extensions: Collection[str], what: str, *,
                 verb: str = "write") -> None:
    """Refuse ``path`` unless its extension is one of ``extensions`` (the registry's): one
    message naming what cannot be written as it, and the extensions that can."""
    if path.suffix.lower() not in extensions:
        raise click.ClickException(
            f"{path}: cannot {verb} {what} as {path.suffix or '(no extension)'!r} "
            f"(use one of: {', '.join(sorted(extensions))})")


def load_theory(paths: tuple[Path, ...]) -> ProgrammeTheory:
    """The theory the files make (:func:`cmo.io.load`); a bad file is one message, status 1."""
    from ..io import load

    with reporting_errors():
        return load(*paths)


def is_file(argument: str) -> bool:
    """Whether an argument names a file (a long query is no file name, and says so by error)."""
    try:
        return Path(argument).is_file()
    except (OSError, ValueError):
        return False


def redaction_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--redact``, ``--key FILE`` and ``--drop FIELD``: share without exposing participants."""
    for option in reversed((
            click.option("--redact", is_flag=True,
                         help="Leave quotes out and give participants pseudonyms."),
            click.option("--key", type=click.Path(path_type=Path, dir_okay=False),
                         help="Pseudonym key file: the same key gives the same pseudonyms "
                              "in every export (implies --redact)."),
            click.option("--drop", multiple=True, metavar="FIELD",
                         help="Leave this field out, e.g. source.site (repeat; implies "
                              "--redact)."))):
        command = option(command)
    return command


def redaction_from(redact: bool, key: Path | None, drop: tuple[str, ...]) -> Any:
    """The :class:`cmo.sharing.redaction.Redaction` the options ask for, or None."""
    if not (redact or key or drop):
        return None
    import secrets

    from ..sharing.keys import MIN_KEY_BYTES, read_key
    from ..sharing.redaction import Redaction

    # Without a key file, one random key for the whole command: versions in one report
    # share pseudonyms, and nothing links them to another export.
    secret = read_key(key) if key else secrets.token_bytes(MIN_KEY_BYTES)
    return Redaction(key=secret, drop=drop)
