"""``cmo diff`` and ``cmo merge``: versions of a theory compared, parts of one combined."""

from __future__ import annotations

from pathlib import Path

import click

from ._shared import check_suffix, inputs, load_theory, output, reporting_errors

__all__ = ["diff_command", "merge_command"]


@click.command(name="diff")
@click.argument("old", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("new", type=click.Path(path_type=Path, dir_okay=False))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Also write the refinement log (.md for a report, .txt) or a diagram of "
                   "the new version with the changes marked (.svg .png .pdf .dot .gv).")
def diff_command(old: Path, new: Path, output: Path | None) -> None:
    """How the theory changed from OLD to NEW: added, removed, refined, and why."""
    from ..io import save, writable_extensions
    from ..report.refinement_log import refinement_log_text
    from ..theory.diff import diff
    from ..theory.versions import check_derivations
    from .version_files import derivation_lines

    logs = writable_extensions(subject="diff")
    both = {*logs, *writable_extensions(subject="versions")}
    suffix = output.suffix.lower() if output is not None else ""
    if output is not None:
        check_suffix(output, both, "a diff")
    before, after = load_theory((old,)), load_theory((new,))
    with reporting_errors():
        # Derivation links of an authoring file are refused with their lines.
        check_derivations(before.collection, after.collection, new, line=derivation_lines(new),
                          earlier_name=str(old))
        difference = diff(before, after, names=(str(old), str(new)))
        click.echo(refinement_log_text(difference))
        if output is None:
            return
        save(difference if suffix in logs else (before, after), output)
        click.echo(f"wrote {output}")


@click.command(name="merge")
@inputs
@output
@click.option("--report", type=click.Path(path_type=Path),
              help="Also write the merge report (.md for a report, .txt).")
def merge_command(paths: tuple[Path, ...], output: Path, report: Path | None) -> None:
    """Merge theories from several coders or sites; report matches, suggestions, conflicts.

    Conflicts do not stop the merge: both sides are kept (the later one renamed) and
    reported. Exit status 0 when merged, 1 when an input cannot be read.
    """
    from ..io import read, readable_extensions, save, writable_extensions
    from ..report.merge_report import merge_report_text
    from ..theory.merge import merge

    data_formats = sorted(set(writable_extensions(kind="data")) & set(readable_extensions()))
    check_suffix(output, data_formats, "a merged theory")
    if report is not None:
        check_suffix(report, writable_extensions(subject="merge"), "a merge report")
    with reporting_errors():
        result = merge(*(read(path) for path in paths), names=[str(p) for p in paths])
        save(result.collection, output)
        click.echo(merge_report_text(result))
        click.echo(f"wrote {output}")
        if report is not None:
            save(result, report)
            click.echo(f"wrote {report}")
