"""The ``cmo`` command: a thin shell over the Python API.

Most commands read one or more files (any format ``cmo`` reads) and merge them into one
programme theory. One module holds each group of commands: checking files
(:mod:`~cmo.cli.checking`: validate, schema), the evidence table (:mod:`~cmo.cli.stats`),
the framework matrix (:mod:`~cmo.cli.matrix`), agreement between coders
(:mod:`~cmo.cli.agreeing`),
drawing (:mod:`~cmo.cli.drawing`: render), writing data and reports
(:mod:`~cmo.cli.writing`: export, report), comparing and combining versions
(:mod:`~cmo.cli.comparing`: diff, merge), importing (:mod:`~cmo.cli.importing`), checking
quotes against their sources (:mod:`~cmo.cli.verifying`) and the triple store
(:mod:`~cmo.cli.store`). Exit status: 0 success, 1 bad input (one message, no
traceback), 2 bad usage.
"""

from __future__ import annotations

import os
import sys

import click

from .. import __version__
from ..progress import show_progress
from .agreeing import agree_command
from .checking import schema, validate
from .comparing import diff_command, merge_command
from .drawing import render
from .explore import explore
from .importing import import_command
from .matrix import matrix_command
from .stats import stats
from .store import store
from .verifying import verify_command
from .writing import export, report

__all__ = ["cli", "main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cmo")
@click.option("-q", "--quiet", is_flag=True,
              help="No progress bars (they show only on a terminal, for long work).")
def cli(quiet: bool) -> None:
    """Realist evaluation: CMO configurations, their evidence and the programme theory.

    Inputs may be YAML or JSON authoring files or RDF (.ttl, .jsonld, .nt); several
    inputs are merged into one theory.
    """
    show_progress(False if quiet else None)


for _command in (validate, render, export, stats, matrix_command, schema, diff_command,
                 merge_command, agree_command, report, import_command, store, explore,
                 verify_command):
    cli.add_command(_command)


def main() -> None:
    """Entry point of the ``cmo`` command."""
    try:
        cli.main(prog_name="cmo", standalone_mode=True)
    except BrokenPipeError:
        # Output piped into a program that stopped reading (e.g. head): not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
