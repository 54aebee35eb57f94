"""``cmo validate`` and ``cmo schema``: checking files, and the schema editors check them by."""

from __future__ import annotations

from pathlib import Path

import click

from ._shared import inputs, reporting_errors

__all__ = ["schema", "validate"]


@click.command()
@inputs
@click.option("--no-shapes", is_flag=True,
              help="Skip the SHACL check of RDF files (slow on very large files).")
def validate(paths: tuple[Path, ...], no_shapes: bool) -> None:
    """Check files and summarise the theory they make.

    Files that are versions of one theory (the same 'id', and different 'version' labels
    or one 'revises' another) are each checked on their own, and their 'derived_from'
    links against the version they revise. RDF files are also checked against the SHACL
    shapes of a valid theory.
    """
    from ..io import check
    from .version_files import validated

    with reporting_errors():
        for path in paths if not no_shapes else ():
            check(path)
        checked = validated(*paths)
    for name, theory in checked.theories:
        counts = theory.summary()
        click.echo(f"{name}: valid")
        click.echo(
            f"  {counts['configurations']} configurations ({counts['partial']} partial, "
            f"{counts['unsupported']} unsupported), {counts['elements']} elements, "
            f"{counts['chains']} chains, {counts['sources']} sources, "
            f"{counts['excerpts']} excerpts")
        for configuration in theory.partial_configurations():
            click.echo(f"  partial: {configuration.id} ({configuration.shape}; "
                       f"no {', '.join(configuration.missing)} yet)")
        for configuration in theory.unsupported_configurations():
            click.echo(f"  unsupported: {configuration.id} (no evidence supports it)")
    if checked.note:
        click.echo(checked.note)


@click.command()
def schema() -> None:
    """Print the JSON Schema of the YAML/JSON authoring format (for editors)."""
    from ..authoring.document import json_schema

    click.echo(json_schema(), nl=False)
