"""``cmo export`` and ``cmo report``: the theory written as data, or as a report for people."""

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
    reporting_errors,
    reporting_warnings,
)
from .choices import MATRIX_BY

__all__ = ["export", "report"]


@click.command()
@inputs
@output
@no_quotes
@redaction_options
@click.option("--numbered", is_flag=True,
              help="Write each configuration's display number (CMOC 7) into the file, so "
                   "later versions keep it whatever is added or moved.")
def export(paths: tuple[Path, ...], output: Path, no_quotes: bool, redact: bool,
           key: Path | None, drop: tuple[str, ...], numbered: bool) -> None:
    """Write the theory as data: .ttl .jsonld .nt (RDF), .yaml .json, .xlsx .csv (tables),
    or .qdpx .qdc (REFI-QDA, for NVivo, ATLAS.ti, MAXQDA, QualCoder)."""
    from ..io import format_for, save, writable_extensions

    data_formats = sorted(writable_extensions(kind="data"))
    if output.suffix.lower() not in data_formats:
        use = f"use one of: {', '.join(data_formats)}"
        if output.suffix.lower() in writable_extensions():
            # A diagram or a report: the registry says which, and so which command.
            chosen = format_for(output)
            command = {"diagram": "draw it with 'cmo render'",
                       "report": "write it with 'cmo report'"}[chosen.kind]
            raise click.ClickException(f"{output}: {chosen.name} is a {chosen.kind}: "
                                       f"{command} ('cmo export' writes data: {use})")
        raise click.ClickException(
            f"{output}: cannot export to {output.suffix or '(no extension)'!r} "
            f"({use}; for diagrams use 'cmo render')")
    theory = load_theory(paths)
    with reporting_errors():
        redaction = redaction_from(redact, key, drop)
        from ..theory.numbering import numbered as with_numbers

        save(with_numbers(theory) if numbered else theory, output, quotes=not no_quotes,
             redaction=redaction)
    click.echo(f"wrote {output}" + (" (redacted)" if redaction else " (quotes withheld)"
                                    if no_quotes else ""))


@click.command()
@inputs
@output
@no_quotes
@redaction_options
@click.option("--standard", type=click.Choice(["rameses-ii", "rameses-synthesis"]),
              default="rameses-ii", show_default=True,
              help="The reporting standard: RAMESES II for realist evaluations, or the RAMESES "
                   "publication standards for realist syntheses (lists the documents included "
                   "with their appraisal).")
@click.option("--matrix-by", type=click.Choice(MATRIX_BY), default=None,
              help="Add the matrix of the evidence by this field of the sources against the "
                   "configurations: a heatmap in .html, a table per theme in .md.")
def report(paths: tuple[Path, ...], output: Path, no_quotes: bool, redact: bool,
           key: Path | None, drop: tuple[str, ...], standard: str,
           matrix_by: str | None) -> None:
    """Write a report for RAMESES II (or, with --standard rameses-synthesis, for a realist
    synthesis): a self-contained .html file, or .md with Mermaid.

    With one PATH, a report of that theory; with two (INITIAL THEORY), also how the
    theory was refined from the initial one.
    """
    from ..io import writable_extensions
    from ..report import write_report
    from ..theory.graph import ProgrammeTheory

    if len(paths) > 2:
        raise click.UsageError("give one theory, or the initial theory and the refined one")
    report_formats = writable_extensions(kind="report")
    check_suffix(output, report_formats, "a report")
    theories = [load_theory((path,)) for path in paths]
    with reporting_warnings():
        redaction = redaction_from(redact, key, drop)
        if redaction is not None:  # one redaction for both versions: the same pseudonyms
            theories = [ProgrammeTheory(redaction.redact(theory)) for theory in theories]
        write_report(theories[-1], output, initial=theories[0] if len(theories) == 2 else None,
                     quotes=not no_quotes, standard=standard,  # type: ignore[arg-type]
                     matrix_by=matrix_by)
    click.echo(f"wrote {output}" + (" (quotes withheld)" if no_quotes else ""))
