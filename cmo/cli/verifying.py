"""``cmo verify``: is every quote in the source it cites?"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click

from ._shared import inputs, load_theory, reporting_errors, reporting_warnings

__all__ = ["verify_command"]


@click.command("verify")
@inputs
@click.option("--sources", "sources", metavar="DIR",
              type=click.Path(path_type=Path, file_okay=False),
              help="A folder of the sources' texts (UTF-8 .txt files named by source id, "
                   "e.g. tierney2024.txt, or by the source's title), for the sources whose "
                   "text the theory does not hold.")
@click.option("--fix", is_flag=True,
              help="Write the theory with the span of each quote found word for word at "
                   "one other place set to that place (needs -o).")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Where --fix writes the corrected theory; its extension picks the format.")
@click.option("--strict", is_flag=True,
              help="Exit with status 1 if any quote is not found in its source's text.")
def verify_command(paths: tuple[Path, ...], sources: Path | None, fix: bool,
                   output: Path | None, strict: bool) -> None:
    """Check each evidence quote against its source's text.

    Each quote is found word for word at its span ('exact at span') or elsewhere ('exact
    elsewhere', with the offsets; --fix sets them), nearly ('near': quote marks, dashes,
    white space and hyphenation ignored, with a similarity score out of 100 and the words
    that differ, shown here only), or not at all ('not found'). A source with no text in
    the theory or the folder is 'no text'. Works on imported extraction tables too: each
    row's document is a source, found in the --sources folder by its name.
    """
    from ..io import save
    from ..quotes import verify

    if fix != (output is not None):
        raise click.UsageError("--fix writes the corrected theory to -o FILE: give both")
    with reporting_warnings():  # an extraction table's soft problems too, as one line each
        verification = verify(load_theory(paths), sources)
    _print(verification)
    if fix and output is not None:
        with reporting_errors():
            save(verification.fixed(), output)
        fixed = sum(1 for row in verification.records()
                    if row["status"] == "exact elsewhere" and row["occurrences"] == 1)
        click.echo(f"wrote {output} ({fixed} span{'' if fixed == 1 else 's'} corrected)")
    if strict and verification.not_found:
        raise click.ClickException(
            f"{len(verification.not_found)} quote(s) not found in their sources: "
            f"{', '.join(verification.not_found)}")


def _print(verification: Any) -> None:
    from rich.console import Console

    from ..quotes import STATUSES
    from .stats_table import print_table

    rows = verification.records(quotes=True)
    counts = {status: sum(1 for row in rows if row["status"] == status) for status in STATUSES}
    click.echo(f"{len(rows)} quotes checked: " + ", ".join(
        f"{count} {status}" for status, count in counts.items()))
    console = Console()
    fold = console.is_terminal or os.environ.get("COLUMNS", "").isdigit()
    columns = ["excerpts", *STATUSES]
    print_table(verification.by_source(), ["source", *columns], title="By source",
                console=console, fold=fold)
    by_configuration = verification.by_configuration()
    if by_configuration:
        print_table(by_configuration, ["configuration", *columns], title="By configuration",
                    console=console, fold=fold)
    for row in rows:
        if (line := _problem(row)) is not None:
            click.echo(line)
    without: dict[str, int] = {}
    for row in rows:
        if row["status"] == "no text":
            without[row["source"]] = without.get(row["source"], 0) + 1
    for source, count in sorted(without.items()):
        click.echo(f"source {source}: no text to check its {count} quote(s) against (keep its "
                   f"text in the theory, or give --sources a folder with {source}.txt)")


def _problem(row: dict[str, Any]) -> str | None:
    """One line for an excerpt with a text to check that is not at its span."""
    cited = f" (source {row['source']}; cited by {row['configurations'] or 'none'})"
    found = f"{row['found_start']}-{row['found_end']}"
    given = f"{row['start']}-{row['end']}" if row["start"] is not None else "none"
    status = row["status"]
    if status == "exact elsewhere":
        more = (f", and {row['occurrences'] - 1} more time(s): --fix leaves it"
                if row["occurrences"] > 1 else "")
        return f"{row['excerpt']}{cited}: verbatim at {found} (span given: {given}){more}"
    if status == "near":
        return (f"{row['excerpt']}{cited}: near, {row['score']} at {found}: "
                f"{row['difference']}")
    if status == "not found":
        return f"{row['excerpt']}{cited}: not found"
    return None  # exact at its span, or no text (said once per source)
