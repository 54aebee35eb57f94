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

import importlib
import os
import sys
from typing import Final

import click

from .. import __version__

__all__ = ["COMMANDS", "cli", "main"]

#: Each command: the module that holds it, the function, and the first paragraph of its
#: help, which ``cmo --help`` lists without importing any command module (they import the
#: models, the graph and the formats: half a second; tests/test_cli.py checks each line is
#: the command's own).
COMMANDS: Final[dict[str, tuple[str, str, str]]] = {
    "agree": ("agreeing", "agree_command", "Agreement between coders: which excerpts each "
              "cited for which configuration, and how."),
    "diff": ("comparing", "diff_command", "How the theory changed from OLD to NEW: added, "
             "removed, refined, and why."),
    "explore": ("explore", "explore", "Write the theory as one explorable .html file: click "
                "an element or a configuration, search labels and quotes, filter by theme, "
                "status, stance, wave and site. It works offline and fetches nothing."),
    "export": ("writing", "export", "Write the theory as data: .ttl .jsonld .nt (RDF), .yaml "
               ".json, .xlsx .csv (tables), or .qdpx .qdc (REFI-QDA, for NVivo, ATLAS.ti, "
               "MAXQDA, QualCoder)."),
    "import": ("importing", "import_command", "Bring in coding from elsewhere: a QDA project "
               "(.qdpx .qde), a table (.xlsx .csv) or a reference list (.bib .ris .nbib, "
               "CSL-JSON .json), and write it as a theory (-o)."),
    "matrix": ("matrix", "matrix_command", "The framework matrix: cases against "
               "configurations, evidence counted by stance."),
    "merge": ("comparing", "merge_command", "Merge theories from several coders or sites; "
              "report matches, suggestions, conflicts."),
    "render": ("drawing", "render", "Draw the theory: .svg .png .pdf, Graphviz source .dot "
               ".gv, Mermaid .mmd (for Markdown), or a plain-text outline .txt (for terminals "
               "and e-mail)."),
    "report": ("writing", "report", "Write a report for RAMESES II (or, with --standard "
               "rameses-synthesis, for a realist synthesis): a self-contained .html file, or "
               ".md with Mermaid."),
    "schema": ("checking", "schema", "Print the JSON Schema of the YAML/JSON authoring format "
               "(for editors)."),
    "stats": ("stats", "stats", "A table of configurations with the distinct evidence behind "
              "each."),
    "store": ("store", "store", "Keep theories in a triple store: each version is one named "
              "graph."),
    "validate": ("checking", "validate", "Check files and summarise the theory they make."),
    "verify": ("verifying", "verify_command", "Check each evidence quote against its source's "
               "text."),
}


class _Commands(click.Group):
    """The commands of :data:`COMMANDS`, each imported when it is run or asked for its help."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands or cmd_name not in COMMANDS:
            return self.commands.get(cmd_name)
        module, name, _ = COMMANDS[cmd_name]
        command: click.Command = getattr(importlib.import_module(f"{__name__}.{module}"), name)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The list of commands, from :data:`COMMANDS`: no command module is imported."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(map(len, names))
        rows = [(name, (click.Command(name, help=COMMANDS[name][2]) if name in COMMANDS
                        else self.commands[name]).get_short_help_str(limit)) for name in names]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cmo")
@click.option("-q", "--quiet", is_flag=True,
              help="No progress bars (they show only on a terminal, for long work).")
def cli(quiet: bool) -> None:
    """Realist evaluation: CMO configurations, their evidence and the programme theory.

    Inputs may be YAML or JSON authoring files or RDF (.ttl, .jsonld, .nt); several
    inputs are merged into one theory.
    """
    from ..progress import show_progress

    show_progress(False if quiet else None)


def main() -> None:
    """Entry point of the ``cmo`` command."""
    try:
        cli.main(prog_name="cmo", standalone_mode=True)
    except BrokenPipeError:
        # Output piped into a program that stopped reading (e.g. head): not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
