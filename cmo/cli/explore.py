"""``cmo explore``: the theory as one explorable HTML file (see :mod:`cmo.report.explorer`)."""

from __future__ import annotations

from pathlib import Path

import click

from ._shared import (
    check_suffix,
    inputs,
    load_theory,
    no_quotes,
    output,
    redaction_from,
    redaction_options,
    reporting_warnings,
)

__all__ = ["explore"]


@click.command()
@inputs
@output
@no_quotes
@redaction_options
@click.option("--verify", "check", is_flag=True,
              help="Check each quote against its source's text (as 'cmo verify' does) and "
                   "mark those not found word for word.")
@click.option("--sources", metavar="DIR", type=click.Path(path_type=Path, file_okay=False),
              help="A folder of the sources' texts for --verify (implies it), as for "
                   "'cmo verify'.")
def explore(paths: tuple[Path, ...], output: Path, no_quotes: bool, redact: bool,
            key: Path | None, drop: tuple[str, ...], check: bool, sources: Path | None) -> None:
    """Write the theory as one explorable .html file: click an element or a configuration,
    search labels and quotes, filter by theme, status, stance, wave and site. It works
    offline and fetches nothing.

    With one PATH, that theory; with two (INITIAL THEORY), the explorer can also show what
    changed since the initial version.
    """
    from ..report.explorer import write_explorer
    from ..theory.graph import ProgrammeTheory

    if len(paths) > 2:
        raise click.UsageError("give one theory, or the initial theory and the refined one")
    check_suffix(output, (".html",), "an explorer")
    theories = [load_theory((path,)) for path in paths]
    with reporting_warnings():
        verification = None
        if check or sources is not None:  # before redaction: the quotes as the sources say
            from ..quotes import verify

            verification = verify(theories[-1], sources)
        redaction = redaction_from(redact, key, drop)
        if redaction is not None:  # one redaction for both versions: the same pseudonyms
            theories = [ProgrammeTheory(redaction.redact(theory)) for theory in theories]
        write_explorer(theories[-1], output, initial=theories[0] if len(theories) == 2 else None,
                       quotes=not no_quotes, verification=verification)
    click.echo(f"wrote {output}" + (" (redacted)" if redaction else " (quotes withheld)"
                                    if no_quotes else ""))
