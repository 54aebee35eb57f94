"""The ``cmo`` command: a thin shell over the Python API.

Every command reads one or more files (YAML, JSON or RDF) and merges them into one
programme theory. Exit status: 0 success, 1 bad input (one message, no traceback),
2 bad usage.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from . import __version__
from .exceptions import CmoError
from .io import load, readable_extensions, save, writable_extensions
from .theory import ProgrammeTheory

__all__ = ["cli", "main"]

_inputs = click.argument("paths", nargs=-1, required=True, metavar="PATH...",
                         type=click.Path(path_type=Path, dir_okay=False))
_output = click.option("-o", "--output", required=True, type=click.Path(path_type=Path),
                       help="The file to write; its extension picks the format.")


@contextlib.contextmanager
def _reporting_errors() -> Iterator[None]:
    """Turn our errors (and failures to write) into one message and exit status 1."""
    try:
        yield
    except CmoError as error:
        raise click.ClickException(str(error)) from None
    except OSError as error:
        raise click.ClickException(f"{error.filename or ''}: {error.strerror or error}") from None


def _load(paths: tuple[Path, ...]) -> ProgrammeTheory:
    with _reporting_errors():
        return load(*paths)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cmo")
def cli() -> None:
    """Realist evaluation: CMO configurations, their evidence and the programme theory.

    Inputs may be YAML or JSON authoring files or RDF (.ttl, .jsonld, .nt); several
    inputs are merged into one theory.
    """


@cli.command()
@_inputs
def validate(paths: tuple[Path, ...]) -> None:
    """Check files and summarise the theory they make."""
    theory = _load(paths)
    counts = theory.summary()
    click.echo(f"{', '.join(map(str, paths))}: valid")
    click.echo(
        f"  {counts['configurations']} configurations ({counts['partial']} partial, "
        f"{counts['unsupported']} unsupported), {counts['elements']} elements, "
        f"{counts['chains']} chains, {counts['sources']} sources, {counts['excerpts']} excerpts"
    )
    for configuration in theory.partial_configurations():
        click.echo(f"  partial: {configuration.id} ({configuration.shape}; "
                   f"no {', '.join(configuration.missing)} yet)")
    for configuration in theory.unsupported_configurations():
        click.echo(f"  unsupported: {configuration.id} (no evidence supports it)")


@cli.command()
@_inputs
@_output
@click.option("--theme", "themes", multiple=True, metavar="NAME",
              help="Draw only this theme (repeat for several).")
@click.option("--configuration", "configurations", multiple=True, metavar="ID",
              help="Draw only this configuration (repeat for several).")
def render(paths: tuple[Path, ...], output: Path, themes: tuple[str, ...],
           configurations: tuple[str, ...]) -> None:
    """Draw the theory as a diagram: .svg .png .pdf, or Graphviz source .dot .gv."""
    theory = _load(paths)
    with _reporting_errors():
        save(theory, _diagram_path(output), themes=themes, configurations=configurations)
    click.echo(f"wrote {output}")


def _diagram_path(output: Path) -> Path:
    if output.suffix.lower() not in {".svg", ".png", ".pdf", ".dot", ".gv"}:
        raise click.ClickException(
            f"{output}: cannot draw a diagram as {output.suffix or '(no extension)'!r} "
            "(use one of: .dot, .gv, .pdf, .png, .svg)")
    return output


@cli.command()
@_inputs
@_output
@click.option("--no-quotes", is_flag=True,
              help="Leave the text of every excerpt out (confidential interview data).")
def export(paths: tuple[Path, ...], output: Path, no_quotes: bool) -> None:
    """Write the theory as data: .ttl .jsonld .nt (RDF) or .yaml .json."""
    data_formats = sorted(set(writable_extensions()) & set(readable_extensions()))
    if output.suffix.lower() not in data_formats:
        raise click.ClickException(
            f"{output}: cannot export to {output.suffix or '(no extension)'!r} "
            f"(use one of: {', '.join(data_formats)}; for diagrams use 'cmo render')")
    theory = _load(paths)
    with _reporting_errors():
        save(theory, output, quotes=not no_quotes)
    click.echo(f"wrote {output}" + (" (quotes withheld)" if no_quotes else ""))


@cli.command()
@_inputs
def stats(paths: tuple[Path, ...]) -> None:
    """A table of configurations with their support counts."""
    theory = _load(paths)
    table = Table(title=theory.title, title_justify="left")
    columns = ("configuration", "theme", "shape", "evidence", "sources", "participants",
               "sites", "waves", "supports", "refutes", "refines")
    for column in columns:
        table.add_column(column, justify="left" if column in columns[:3] else "right")
    for configuration, support in zip(theory.configurations, theory.support_table(), strict=True):
        record = support.as_record()
        table.add_row(configuration.id, configuration.theme or "", configuration.shape,
                      *(str(record[column]) for column in columns[3:]))
    Console(width=max(Console().width, 160)).print(table)


@cli.command()
def schema() -> None:
    """Print the JSON Schema of the YAML/JSON authoring format (for editors)."""
    from .authoring.document import json_schema

    click.echo(json_schema(), nl=False)


def main() -> None:
    """Entry point of the ``cmo`` command."""
    sys.exit(cli.main(prog_name="cmo", standalone_mode=True))
