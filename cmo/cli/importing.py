"""``cmo import``: coding from a QDA project, a table or a reference list, as a theory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ._shared import check_suffix, output, reporting_errors

__all__ = ["import_command"]


@click.command(name="import")
@click.argument("source", type=click.Path(path_type=Path, dir_okay=False))
@output
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
    from ..io import format_for, read, readable_extensions, save, writable_extensions
    from ..report.import_report import ImportReport, import_report_text

    takes = (format_for(source, reading=True).reader_options()
             if source.suffix.lower() in readable_extensions() else frozenset())
    if mapping is not None and not takes & {"mapping", "columns"}:
        raise click.ClickException(f"{mapping}: --map applies to QDA projects (.qdpx .qde) "
                                   f"and tables (.xlsx .csv, lists of records .json .yaml), "
                                   f"not to {source.suffix or 'this file'}")
    if report is not None:
        check_suffix(report, writable_extensions(subject="import"), "an import report")
    options: dict[str, Any] = {"mapping": mapping} if mapping is not None else {}
    with reporting_errors(), warnings.catch_warnings(record=True) as caught:
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
        with reporting_errors():
            save(imported, report)
        click.echo(f"wrote {report}")
