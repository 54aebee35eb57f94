"""The ``cmo`` command: a thin shell over the Python API.

Most commands read one or more files (any format ``cmo`` reads) and merge them into one
programme theory; ``cmo store`` (:mod:`cmo.cli.store`) keeps theories in a triple store.
Exit status: 0 success, 1 bad input (one message, no traceback), 2 bad usage.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, Final

import click
from rich.console import Console

from .. import __version__
from ..io import FORMATS, check, format_for, load, readable_extensions, save, writable_extensions
from ..progress import show_progress
from ..render import MAX_LAID_OUT
from ..render.backend import RENDERED_FORMATS
from ..theory.graph import ProgrammeTheory
from ._shared import inputs as _inputs
from ._shared import no_quotes as _no_quotes
from ._shared import output as _output
from ._shared import redaction_from, redaction_options
from ._shared import reporting_errors as _reporting_errors
from .stats_table import STRENGTH_COLUMNS, WAVE_COLUMNS, chosen_columns, column_list, print_table
from .store import store

__all__ = ["cli", "main"]

def _load(paths: tuple[Path, ...]) -> ProgrammeTheory:
    with _reporting_errors():
        return load(*paths)


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


@cli.command()
@_inputs
@click.option("--no-shapes", is_flag=True,
              help="Skip the SHACL check of RDF files (slow on very large files).")
def validate(paths: tuple[Path, ...], no_shapes: bool) -> None:
    """Check files and summarise the theory they make.

    Files that are versions of one theory (the same 'id', and different 'version' labels
    or one 'revises' another) are each checked on their own, and their 'derived_from'
    links against the version they revise. RDF files are also checked against the SHACL
    shapes of a valid theory.
    """
    from ..versions import validated

    with _reporting_errors():
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


@cli.command()
@_inputs
@_output
@click.option("--theme", "themes", multiple=True, metavar="NAME",
              help="Draw only this theme (repeat for several).")
@click.option("--configuration", "configurations", multiple=True, metavar="ID",
              help="Draw only this configuration (repeat for several).")
@click.option("--around", metavar="ID",
              help="Draw this configuration and its neighbours (those sharing an element).")
@click.option("--through", metavar="ELEMENT",
              help="Draw everything leading to or from this context or outcome (id or label).")
@click.option("--summary", is_flag=True,
              help="Draw each theme as one box with its counts (for large theories).")
@click.option("--direction", type=click.Choice(["LR", "TB", "RL", "BT"]), default="LR",
              show_default=True, help="Where the causal flow goes.")
@click.option("--wrap", type=click.IntRange(min=8), default=26, show_default=True,
              help="Characters per line of a label.")
@click.option("--force", is_flag=True,
              help=f"Draw even more than {MAX_LAID_OUT} configurations in one diagram "
                   "(dot may take many minutes).")
@click.option("--labels", type=click.Choice(["number", "id", "none"]), default="number",
              show_default=True, help="How configurations are named: by number (CMOC 7: "
              "the file's 'number:', else given in order), by id, or not at all.")
@click.option("--earlier", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              metavar="FILE", help="The version this one revises: configurations without "
              "a 'number:' keep the number they had there (as in a diff or a report).")
@redaction_options
def render(paths: tuple[Path, ...], output: Path, themes: tuple[str, ...],
           configurations: tuple[str, ...], around: str | None, through: str | None,
           summary: bool, direction: str, wrap: int, force: bool, labels: str,
           earlier: Path | None, redact: bool, key: Path | None,
           drop: tuple[str, ...]) -> None:
    """Draw the theory: .svg .png .pdf, Graphviz source .dot .gv, Mermaid .mmd (for
    Markdown), or a plain-text outline .txt (for terminals and e-mail).

    A large theory is easier read a part at a time: --theme, --around a configuration,
    --through an element, or --summary (one box per theme). With --redact, participant
    ids in titles, themes, labels and ids are replaced by pseudonyms (docs/sharing.md).
    """
    from ..render.views import around as around_configuration
    from ..render.views import through as through_element

    theory = _load(paths)
    path = _diagram_path(output)
    chosen_format = format_for(path)
    if not theory.configurations:  # an empty picture would look like a failed drawing
        raise click.ClickException(
            f"{', '.join(map(str, paths))}: nothing to draw: the theory has no configurations "
            f"(add them under 'configurations:', see docs/format.md); {output} was not written")
    if summary and "summary" not in chosen_format.accepted_options():
        summarised = [ext for f in FORMATS if f.writer and "summary" in f.accepted_options()
                      for ext in f.extensions]
        raise click.ClickException(f"{output}: the summary view is drawn by Graphviz (use "
                                   f"{' '.join(summarised[:-1])} or {summarised[-1]})")
    with _reporting_errors():
        chosen = list(configurations)
        if around:
            chosen += around_configuration(theory, around)
        if through:
            chosen += through_element(theory, through)
        options = {"themes": themes, "configurations": tuple(dict.fromkeys(chosen)),
                   "direction": direction, "wrap": wrap, "labels": labels}
        if summary:
            options["summary"] = True
        if earlier is not None:
            options["earlier"] = load(earlier)
        laid_out = (not summary
                    and chosen_format.options.get("diagram_format") in RENDERED_FORMATS)
        if force and "max_configurations" in chosen_format.accepted_options():
            options["max_configurations"] = None
        drawn = len(theory.filtered(themes=themes, configurations=options["configurations"])
                    .configurations) if (themes or chosen) else len(theory.configurations)
        if laid_out and drawn > _SLOW_DIAGRAM and (force or drawn <= MAX_LAID_OUT):
            click.echo(f"note: {drawn} configurations in one diagram: dot may take a while "
                       "and the result is hard to read; --summary, --theme or --around "
                       "draw less", err=True)
        redaction = redaction_from(redact, key, drop)
        shown = theory if redaction is None else _redacted(theory, options, redaction)
        save(shown, path, **options)
    if earlier is None and labels == "number" and theory.collection.revises and any(
            c.number is None for c in theory.configurations):
        click.echo(f"note: version {theory.collection.version or '(unlabelled)'} revises "
                   f"{theory.collection.revises}, and configurations without a 'number:' are "
                   "numbered in the order of the file; --earlier FILE keeps the numbers of the "
                   "version it revises", err=True)
    click.echo(f"wrote {output}" + (" (redacted)" if redact or key or drop else ""))


#: Above this many configurations, drawing them all is slow and unreadable: say so.
_SLOW_DIAGRAM: Final = 150


def _redacted(theory: ProgrammeTheory, options: dict[str, Any], redaction: Any
              ) -> ProgrammeTheory:
    """The part of ``theory`` to draw, redacted; the options that chose it are taken out.

    The part is chosen, and its configurations numbered, by the ids the user knows before
    the redaction renames those that hold a participant's id.
    """
    from ..theory.numbering import numbered

    whole = ProgrammeTheory(numbered(theory, earlier=options.pop("earlier", None)))
    themes, chosen = options.pop("themes"), options.pop("configurations")
    part = whole.filtered(themes=themes, configurations=chosen) if themes or chosen else whole
    return ProgrammeTheory(redaction.redact(part))


def _diagram_path(output: Path) -> Path:
    drawn = writable_extensions(kind="diagram")
    if output.suffix.lower() not in drawn:
        raise click.ClickException(
            f"{output}: cannot draw a diagram as {output.suffix or '(no extension)'!r} "
            f"(use one of: {', '.join(sorted(drawn))})")
    return output


@cli.command()
@_inputs
@_output
@_no_quotes
@redaction_options
@click.option("--numbered", is_flag=True,
              help="Write each configuration's display number (CMOC 7) into the file, so "
                   "later versions keep it whatever is added or moved.")
def export(paths: tuple[Path, ...], output: Path, no_quotes: bool, redact: bool,
           key: Path | None, drop: tuple[str, ...], numbered: bool) -> None:
    """Write the theory as data: .ttl .jsonld .nt (RDF), .yaml .json, .xlsx .csv (tables),
    or .qdpx .qdc (REFI-QDA, for NVivo, ATLAS.ti, MAXQDA, QualCoder)."""
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
    theory = _load(paths)
    with _reporting_errors():
        redaction = redaction_from(redact, key, drop)
        from ..theory.numbering import numbered as with_numbers

        save(with_numbers(theory) if numbered else theory, output, quotes=not no_quotes,
             redaction=redaction)
    click.echo(f"wrote {output}" + (" (redacted)" if redaction else " (quotes withheld)"
                                    if no_quotes else ""))


@cli.command(epilog="Columns (--columns takes any of them; docs/stats.md says more):\n\n\b\n"
             + column_list(98))
@_inputs
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

    theory = _load(paths)
    table, available = (theory.wave_table(), WAVE_COLUMNS) if by_wave else (
        theory.strength_table(), STRENGTH_COLUMNS)
    numbers = configuration_numbers(theory)
    rows = [{"number": numbers[row["configuration"]], **row} for row in table]
    with _reporting_errors():
        shown = chosen_columns(columns, available)
    console = Console()
    fold = console.is_terminal or os.environ.get("COLUMNS", "").isdigit()
    print_table(rows, shown, title=theory.title, console=console, fold=fold)


@cli.command()
def schema() -> None:
    """Print the JSON Schema of the YAML/JSON authoring format (for editors)."""
    from ..authoring.document import json_schema

    click.echo(json_schema(), nl=False)


@cli.command(name="diff")
@click.argument("old", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("new", type=click.Path(path_type=Path, dir_okay=False))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Also write the refinement log (.md for a report, .txt) or a diagram of "
                   "the new version with the changes marked (.svg .png .pdf .dot .gv).")
def diff_command(old: Path, new: Path, output: Path | None) -> None:
    """How the theory changed from OLD to NEW: added, removed, refined, and why."""
    from ..report.refinement_log import to_text
    from ..theory.diff import diff
    from ..versions import check_derivations

    logs = writable_extensions(subject="diff")
    both = {*logs, *writable_extensions(subject="versions")}
    suffix = output.suffix.lower() if output is not None else ""
    if output is not None and suffix not in both:
        raise click.ClickException(
            f"{output}: cannot write a diff as {output.suffix or '(no extension)'!r} "
            f"(use one of: {', '.join(sorted(both))})")
    before, after = _load((old,)), _load((new,))
    with _reporting_errors():
        # Derivation links of an authoring file are refused with their lines.
        check_derivations(before.collection, after.collection, new, earlier_name=str(old))
        difference = diff(before, after, names=(str(old), str(new)))
        click.echo(to_text(difference))
        if output is None:
            return
        save(difference if suffix in logs else (before, after), output)
        click.echo(f"wrote {output}")


@cli.command(name="merge")
@_inputs
@_output
@click.option("--report", type=click.Path(path_type=Path),
              help="Also write the merge report (.md for a report, .txt).")
def merge_command(paths: tuple[Path, ...], output: Path, report: Path | None) -> None:
    """Merge theories from several coders or sites; report matches, suggestions, conflicts.

    Conflicts do not stop the merge: both sides are kept (the later one renamed) and
    reported. Exit status 0 when merged, 1 when an input cannot be read.
    """
    from ..io import read
    from ..report.merge_report import to_text
    from ..theory.merge import merge

    data_formats = sorted(set(writable_extensions(kind="data")) & set(readable_extensions()))
    if output.suffix.lower() not in data_formats:
        raise click.ClickException(
            f"{output}: cannot write a merged theory as {output.suffix or '(no extension)'!r} "
            f"(use one of: {', '.join(data_formats)})")
    reports = writable_extensions(subject="merge")
    if report is not None and report.suffix.lower() not in reports:
        raise click.ClickException(
            f"{report}: cannot write a merge report as {report.suffix or '(no extension)'!r} "
            f"(use one of: {', '.join(sorted(reports))})")
    with _reporting_errors():
        result = merge(*(read(path) for path in paths), names=[str(p) for p in paths])
        save(result.collection, output)
        click.echo(to_text(result))
        click.echo(f"wrote {output}")
        if report is not None:
            save(result, report)
            click.echo(f"wrote {report}")


@cli.command()
@_inputs
@_output
@_no_quotes
@redaction_options
def report(paths: tuple[Path, ...], output: Path, no_quotes: bool, redact: bool,
           key: Path | None, drop: tuple[str, ...]) -> None:
    """Write a report for RAMESES II: a self-contained .html file, or .md with Mermaid.

    With one PATH, a report of that theory; with two (INITIAL THEORY), also how the
    theory was refined from the initial one.
    """
    from ..report import write_report

    if len(paths) > 2:
        raise click.UsageError("give one theory, or the initial theory and the refined one")
    report_formats = writable_extensions(kind="report")
    if output.suffix.lower() not in report_formats:
        raise click.ClickException(
            f"{output}: cannot write a report as {output.suffix or '(no extension)'!r} "
            f"(use one of: {', '.join(sorted(report_formats))})")
    theories = [_load((path,)) for path in paths]
    with _reporting_errors():
        redaction = redaction_from(redact, key, drop)
        if redaction is not None:  # one redaction for both versions: the same pseudonyms
            theories = [ProgrammeTheory(redaction.redact(theory)) for theory in theories]
        write_report(theories[-1], output, initial=theories[0] if len(theories) == 2 else None,
                     quotes=not no_quotes)
    click.echo(f"wrote {output}" + (" (quotes withheld)" if no_quotes else ""))


@cli.command(name="import")
@click.argument("source", type=click.Path(path_type=Path, dir_okay=False))
@_output
@click.option("--map", "mapping", type=click.Path(path_type=Path, dir_okay=False),
              help="A YAML file saying which QDA codes are contexts, mechanisms, outcomes "
                   "(docs/qda.md), or, for a table or list of records, which column each "
                   "header is (docs/tables.md).")
@click.option("--report", type=click.Path(path_type=Path),
              help="Also write the import report (.md or .txt).")
def import_command(source: Path, output: Path, mapping: Path | None,
                   report: Path | None) -> None:
    """Bring in coding from elsewhere: a QDA project (.qdpx .qde), a table (.xlsx .csv) or
    a reference list (.bib .ris .nbib, CSL-JSON .json), and write it as a theory (-o).

    What could not be mapped is kept (excerpts with their codes) and listed in the report.
    """
    import warnings

    from ..exceptions import CmoWarning
    from ..io import read
    from ..report.import_report import ImportReport, import_report_text

    takes = (format_for(source, reading=True).reader_options()
             if source.suffix.lower() in readable_extensions() else frozenset())
    if mapping is not None and not takes & {"mapping", "columns"}:
        raise click.ClickException(f"{mapping}: --map applies to QDA projects (.qdpx .qde) "
                                   f"and tables (.xlsx .csv, lists of records .json .yaml), "
                                   f"not to {source.suffix or 'this file'}")
    reports = writable_extensions(subject="import")
    if report is not None and report.suffix.lower() not in reports:
        raise click.ClickException(
            f"{report}: cannot write an import report as {report.suffix or '(no extension)'!r} "
            f"(use one of: {', '.join(sorted(reports))})")
    options: dict[str, Any] = {"mapping": mapping} if mapping is not None else {}
    with _reporting_errors(), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", CmoWarning)
        if mapping is not None and "columns" in takes:
            from ..tables import read_column_map  # a column map: docs/tables.md

            column_map = read_column_map(mapping)
            options = {"columns": column_map.columns, "separator": column_map.separator}
        collection = read(source, **options)
        save(collection, output)
    imported = ImportReport.of(source, collection, [
        str(warning.message) for warning in caught if issubclass(warning.category, CmoWarning)])
    click.echo(import_report_text(imported), nl=False)
    click.echo(f"wrote {output}")
    if report is not None:
        with _reporting_errors():
            save(imported, report)
        click.echo(f"wrote {report}")


cli.add_command(store)


def main() -> None:
    """Entry point of the ``cmo`` command."""
    try:
        cli.main(prog_name="cmo", standalone_mode=True)
    except BrokenPipeError:
        # Output piped into a program that stopped reading (e.g. head): not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
