"""``cmo stats``: the table of configurations and the distinct evidence behind each."""

from __future__ import annotations

import os
from pathlib import Path

import click

from ._shared import (
    checked_minimums,
    inputs,
    load_theory,
    minimum_levels,
    reporting_errors,
    reporting_warnings,
)
from .choices import APPRAISAL_DIMENSIONS
from .stats_table import (
    APPRAISAL_HELP,
    STRENGTH_COLUMNS,
    WAVE_COLUMNS,
    chosen_columns,
    column_list,
    print_table,
)

__all__ = ["stats"]


@click.command(epilog="Columns (--columns takes any of them; docs/stats.md says more):\n\n\b\n"
             + column_list(98) + "\n\n" + APPRAISAL_HELP)
@inputs
@click.option("--by-wave", is_flag=True,
              help="One row per configuration and wave of data (the longitudinal view).")
@click.option("--columns", metavar="NAMES",
              help="Only these columns, comma-separated (e.g. 'supports,refutes,"
                   "negative_cases'); the configuration's id always comes first.")
@minimum_levels
@click.option("--appraisal", type=click.Choice(APPRAISAL_DIMENSIONS), metavar="DIMENSION",
              help="Instead of the counts, how the evidence of each configuration is judged "
                   "on DIMENSION (relevance, rigour, richness): pieces at each level of its "
                   "scale, highest first, and not judged.")
@click.option("--by-stance", is_flag=True,
              help="With --appraisal: one row per configuration and stance.")
def stats(paths: tuple[Path, ...], by_wave: bool, columns: str | None, min_rigour: str | None,
          min_relevance: str | None, min_richness: str | None, appraisal: str | None,
          by_stance: bool) -> None:
    """A table of configurations with the distinct evidence behind each.

    Distinct sources, participants, sites, waves, participant roles and kinds of data;
    evidence by stance; negative cases (participants, or sources, whose evidence refutes).
    On a terminal a table wider than it is printed in parts, each starting with the
    configuration's number (CMOC 7) and id; piped or redirected, it is one table, one line per row.
    With --min-rigour (--min-relevance, --min-richness) only evidence judged that high or
    higher counts; --appraisal rigour shows how each configuration's evidence is judged.
    """
    from rich.console import Console

    from ..theory.appraisal import NOT_JUDGED
    from ..theory.numbering import configuration_numbers

    if by_stance and not appraisal:
        raise click.ClickException("--by-stance goes with --appraisal DIMENSION (e.g. "
                                   "--appraisal rigour --by-stance)")
    if by_wave and appraisal:
        raise click.ClickException("--by-wave and --appraisal cannot be combined (use one)")
    theory = load_theory(paths)
    minimums = checked_minimums(theory, min_relevance=min_relevance, min_rigour=min_rigour,
                                min_richness=min_richness)
    with reporting_warnings():
        if appraisal:
            table = theory.appraisal_table(appraisal, by_stance=by_stance, **minimums)
            levels = theory.collection.appraisal_scales.levels(appraisal)
            available: tuple[str, ...] = ("number", "configuration", "theme",
                                          *(("stance",) if by_stance else ()), *levels, NOT_JUDGED)
        else:
            table, available = (theory.wave_table(**minimums), WAVE_COLUMNS) if by_wave else (
                theory.strength_table(**minimums), STRENGTH_COLUMNS)
    numbers = configuration_numbers(theory)
    rows = [{"number": numbers[row["configuration"]], **row} for row in table]
    with reporting_errors():
        shown = chosen_columns(columns, available)
    console = Console()
    fold = console.is_terminal or os.environ.get("COLUMNS", "").isdigit()
    print_table(rows, shown, title=_title(theory.title, appraisal, minimums), console=console,
                fold=fold)


def _title(title: str | None, appraisal: str | None, minimums: dict[str, str | None]) -> str | None:
    """The theory's title, then what the table counts when it is not all the evidence."""
    lines = [title] if title else []
    if appraisal:
        lines.append(f"Evidence by {appraisal}: pieces at each level, highest first")
    given = [f"at least {level} on {name.removeprefix('min_')}"
             for name, level in minimums.items() if level is not None]
    if given:
        lines.append("Counting only evidence judged " + " and ".join(given))
    return "\n".join(lines) or None
