"""``cmo matrix``: cases (sites, waves, sources...) against configurations, evidence by stance."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click

from ._shared import (
    check_suffix,
    checked_minimums,
    inputs,
    load_theory,
    minimum_levels,
    reporting_errors,
    reporting_warnings,
)
from .choices import MATRIX_BY

__all__ = ["matrix_command"]


@click.command("matrix")
@inputs
@click.option("--by", "by", type=click.Choice(MATRIX_BY), default="participant",
              show_default=True,
              help="What the rows are: participants, participant roles, sites, waves, "
                   "sources, or kinds of data (source kinds).")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the matrix here; the extension picks the form: .svg (heatmap), "
                   ".html (heatmap page), .md (tables by theme), .csv (long table), "
                   ".xlsx (one sheet). Without it, the matrix is printed.")
@minimum_levels
def matrix_command(paths: tuple[Path, ...], by: str, output: Path | None,
                   min_rigour: str | None, min_relevance: str | None,
                   min_richness: str | None) -> None:
    """The framework matrix: cases against configurations, evidence counted by stance.

    The table realist teams build by hand in NVivo or MAXQDA. Printed, it has one line per
    configuration (grouped by theme) and one column per participant (site, wave...); a
    cell '+3 -1 ~2' is 3 pieces of evidence that support, 1 that refutes, 2 that refine.
    Sources that leave the field empty are counted in the column '(not given)'.
    """
    from ..report.matrix_files import MATRIX_FORMATS, write_matrix
    from ..theory.matrix import evidence_matrix

    if output is not None:
        check_suffix(output, MATRIX_FORMATS, "a matrix")
    theory = load_theory(paths)
    minimums = checked_minimums(theory, min_rigour=min_rigour, min_relevance=min_relevance,
                                min_richness=min_richness)
    with reporting_warnings():
        matrix = evidence_matrix(theory, by, **minimums)  # type: ignore[arg-type]
    if output is None:
        _print(matrix)
        return
    with reporting_errors():
        write_matrix(matrix, output)
    click.echo(f"wrote {output}")


def _print(matrix: Any) -> None:
    from rich.console import Console

    from ..report.matrix_table import LEGEND, matrix_rows, row_keys
    from .stats_table import print_table

    console = Console()
    fold = console.is_terminal or os.environ.get("COLUMNS", "").isdigit()
    console.print(matrix.caption, markup=False, highlight=False, soft_wrap=True)
    console.print(LEGEND, markup=False, highlight=False, soft_wrap=True)
    if not matrix.rows:
        console.print("No configuration cites evidence yet.", markup=False, highlight=False)
        return
    columns = ["number", "configuration", *row_keys(matrix).values()]
    for theme, group in matrix.by_theme():
        print_table(matrix_rows(matrix, group), columns, title=theme, console=console,
                    fold=fold)
