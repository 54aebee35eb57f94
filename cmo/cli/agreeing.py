"""``cmo agree``: how far coders of the same sources agree, per configuration."""

from __future__ import annotations

import os
from pathlib import Path

import click

from ._shared import check_suffix, inputs, reporting_errors, reporting_warnings
from .stats_table import print_table

__all__ = ["agree_command"]


@click.command(name="agree")
@inputs
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Also write the agreement: .md or .txt (the report), .json (everything), "
                   ".csv (the table per configuration), .xlsx (every table, one sheet each).")
def agree_command(paths: tuple[Path, ...], output: Path | None) -> None:
    """Agreement between coders: which excerpts each cited for which configuration, and how.

    Give one file per coder, all about the same sources. Units are (excerpt, configuration)
    pairs over the sources every coder has; each coder's value is the stance (supports,
    refutes, refines) or 'not cited'. Configurations are matched as cmo merge matches them
    (same id, else same elements), excerpts by id, span or text. Prints Cohen's kappa (two
    coders) and Krippendorff's alpha, overall and per configuration, and the disagreements
    to adjudicate. Exit status 0 when computed, 1 when the files cannot be compared.
    """
    from rich.console import Console

    from ..io import read
    from ..report.agreement_report import AGREEMENT_FORMATS, agreement_lines, write_agreement
    from ..theory.agreement import agree

    if output is not None:
        check_suffix(output, AGREEMENT_FORMATS, "an agreement")
    if len(paths) < 2:
        raise click.ClickException(
            f"{paths[0]}: agreement needs two or more files, one per coder (give the other "
            "coders' files too)")
    with reporting_warnings():  # e.g. sources not every coder has: odd but legal input
        agreement = agree(*(read(path) for path in paths), names=[str(p) for p in paths])
    with reporting_errors():
        summary = [line for line in agreement_lines(agreement)
                   if not line.startswith("CMOC ")]
        click.echo("\n".join(summary[:_statistics_end(summary)]))
        console = Console()
        table = agreement.table()
        fold = console.is_terminal or os.environ.get("COLUMNS", "").isdigit()
        print_table(table, list(table[0]) if table else ["configuration"], title=None,
                    console=console, fold=fold)
        click.echo("\n".join(summary[_statistics_end(summary):]))
        if output is not None:
            write_agreement(agreement, output)
            click.echo(f"wrote {output}")


def _statistics_end(lines: list[str]) -> int:
    """Where the lines after the statistics (matches, disagreements) start."""
    return next((n for n, line in enumerate(lines)
                 if line.startswith(("matched ", "disagree "))), len(lines))
