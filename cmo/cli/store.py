"""``cmo store``: theories in a triple store, each version one named graph."""

from __future__ import annotations

from pathlib import Path

import click

from ._shared import inputs, is_file, output, reporting_errors
from ._shared import no_quotes as no_quotes_option

__all__ = ["store"]

_store_location = click.option(
    "--store", "location", required=True, metavar="DIR|URL",
    help="A folder (an embedded store, created if missing) or a SPARQL server's URL. "
         "Credentials come from CMO_STORE_TOKEN, or CMO_STORE_USER and CMO_STORE_PASSWORD.")


@click.group()
def store() -> None:
    """Keep theories in a triple store: each version is one named graph.

    A store is a folder on disk (embedded, no server needed) or any SPARQL 1.1 server,
    reached through the Graph Store Protocol. Several studies' theories can share a store
    and be queried together.
    """


@store.command(name="push")
@inputs
@_store_location
@click.option("--replace", is_flag=True, help="Overwrite versions the store holds already.")
@no_quotes_option
def store_push(paths: tuple[Path, ...], location: str, replace: bool, no_quotes: bool) -> None:
    """Put each file into the store as one version of its theory."""
    from ..io import read
    from ..store import open_store, push_all

    with reporting_errors():
        collections = [read(path) for path in paths]
        with open_store(location) as opened:
            graphs = push_all(opened, collections, replace=replace, quotes=not no_quotes,
                              names=[str(path) for path in paths])
    for path, collection, graph in zip(paths, collections, graphs, strict=True):
        click.echo(f"pushed {path}: theory {collection.id!r}, version "
                   f"{collection.version or '(none)'!r} as <{graph}>"
                   + (" (quotes withheld)" if no_quotes else ""))


@store.command(name="list")
@_store_location
def store_list(location: str) -> None:
    """List the theories and versions the store holds."""
    from rich.console import Console
    from rich.table import Table

    from ..store import catalogue, open_store

    with reporting_errors(), open_store(location, readonly=True) as opened:
        versions = catalogue(opened)
    if not versions:
        click.echo(f"{location}: holds no theories")
        return
    columns = ("theory", "version", "revises", "date", "configurations", "title", "graph")
    table = Table(title=location, title_justify="left")
    for column in columns:
        table.add_column(column, justify="right" if column == "configurations" else "left")
    for version in versions:
        table.add_row(*(str(getattr(version, column) or "") for column in columns))
    Console(width=max(Console().width, 160)).print(table)


@store.command(name="pull")
@click.argument("theory")
@click.option("--version", "version", metavar="LABEL",
              help="The version to pull (default: the latest, which no other version revises).")
@_store_location
@output
def store_pull(theory: str, version: str | None, location: str, output: Path) -> None:
    """Read one version of THEORY (its id) from the store and write it to a file."""
    from ..io import save
    from ..store import open_store, pull

    with reporting_errors():
        with open_store(location, readonly=True) as opened:
            collection = pull(opened, theory, version=version)
        save(collection, output)
    click.echo(f"wrote {output} (theory {theory!r}, version {collection.version or '(none)'!r})")


@store.command(name="query")
@click.argument("query", metavar="QUERY|FILE")
@_store_location
def store_query(query: str, location: str) -> None:
    """Run a SPARQL query (text, or a file holding it) over every theory in the store.

    SELECT prints a table, ASK prints yes or no, CONSTRUCT and DESCRIBE print N-Triples.
    The default graph is the union of the store's graphs; GRAPH ?g {...} names them.

    On a folder store, SERVICE (a federated query) is refused: it would send the query,
    and the data it has matched, to another server. A SPARQL server applies its own
    policy to SERVICE.
    """
    from rich.console import Console
    from rich.table import Table

    from .._helpers import read_text
    from ..store import open_store, run_query

    with reporting_errors():
        text = read_text(query) if is_file(query) else query
        with open_store(location, readonly=True) as opened:
            result = run_query(opened, text)
    if isinstance(result, bool):
        click.echo("yes" if result else "no")
    elif isinstance(result, bytes):
        click.echo(result.decode("utf-8"), nl=False)
    else:
        table = Table(show_lines=False)
        for variable in result.variables:
            table.add_column(variable)
        for row in result:
            table.add_row(*(row.get(variable) or "" for variable in result.variables))
        Console(width=max(Console().width, 160)).print(table)
        click.echo(f"{len(result)} rows")


