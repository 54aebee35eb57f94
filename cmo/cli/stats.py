"""``cmo stats``: the table of configurations and the distinct evidence behind each."""

from __future__ import annotations

import os
from pathlib import Path

import click
from rich.console import Console

from ._shared import inputs, load_theory, reporting_errors
from .stats_table import STRENGTH_COLUMNS, WAVE_COLUMNS, chosen_columns, column_list, print_table

__all__ = ["stats"]


@click.command(epilog="Columns (--columns takes any of them; docs/stats.md says more):\n\n\b\n"
             + column_list(98))
@inputs
@click.option("--by-wave", is_flag=True,
              help="One row per configuration and wave of data (the longitudinal view).")
@click.option("--columns", metavar="NAMES",
              help="Only these columns, comma-separated (e.g. 'supports,refutes,"
                   "negative_cases'); the configuration's id always comes first.")
def stats(paths: tuple[Path, ...], by_wave: bool, columns: str | None) -> None:
    """A table of configurations with the distinct evidence behind each.

    Distinct sources, participants, sites, waves, participant roles and kinds of data;
    evidence by stance; negative cases (participants, or sources, whose evidence refutes).
    On a terminal a table wider than it is printed in parts, each starting with the
    configuration's number (CMOC 7) and id; piped or redirected, it is one table, one line per row.
    """
    from ..theory.numbering import configuration_numbers

    theory = load_theory(paths)
    table, available = (theory.wave_table(), WAVE_COLUMNS) if by_wave else (
        theory.strength_table(), STRENGTH_COLUMNS)
    numbers = configuration_numbers(theory)
    rows = [{"number": numbers[row["configuration"]], **row} for row in table]
    with reporting_errors():
        shown = chosen_columns(columns, available)
    console = Console()
    fold = console.is_terminal or os.environ.get("COLUMNS", "").isdigit()
    print_table(rows, shown, title=theory.title, console=console, fold=fold)
