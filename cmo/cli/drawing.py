"""``cmo render``: the theory drawn, whole or a part at a time, in any diagram format."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import click

from ._shared import (
    check_suffix,
    inputs,
    load_theory,
    output,
    redaction_from,
    redaction_options,
    reporting_errors,
)
from .choices import MAX_LAID_OUT

if TYPE_CHECKING:  # --help imports no graph
    from ..theory.graph import ProgrammeTheory

__all__ = ["render"]


@click.command()
@inputs
@output
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
    from ..io import FORMATS, format_for, load, save
    from ..render.backend import RENDERED_FORMATS
    from ..theory.neighbourhood import around as around_configuration
    from ..theory.neighbourhood import through as through_element

    theory = load_theory(paths)
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
    with reporting_errors():
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
        drawn = len(theory.configurations)
        if laid_out and drawn > _SLOW_DIAGRAM and (themes or chosen):
            # Only a large theory makes a slow diagram: only then is its part counted here
            # (the writer chooses the part it draws once more).
            drawn = len(theory.filtered(themes=themes, configurations=options["configurations"])
                        .configurations)
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


#: Above this many configurations, drawing them all is slow (dot takes 5 s or more, see
#: cmo.render.layout) and hard to read: say so.
_SLOW_DIAGRAM: Final = 300


def _redacted(theory: ProgrammeTheory, options: dict[str, Any], redaction: Any
              ) -> ProgrammeTheory:
    """The part of ``theory`` to draw, redacted; the options that chose it are taken out.

    The part is chosen, and its configurations numbered, by the ids the user knows before
    the redaction renames those that hold a participant's id.
    """
    from ..theory.graph import ProgrammeTheory
    from ..theory.numbering import numbered

    whole = ProgrammeTheory(numbered(theory, earlier=options.pop("earlier", None)))
    themes, chosen = options.pop("themes"), options.pop("configurations")
    part = whole.filtered(themes=themes, configurations=chosen) if themes or chosen else whole
    return ProgrammeTheory(redaction.redact(part))


def _diagram_path(output: Path) -> Path:
    from ..io import writable_extensions

    drawn = writable_extensions(kind="diagram")
    check_suffix(output, drawn, "a diagram", verb="draw")
    return output
