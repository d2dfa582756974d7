"""`register new`: a new record from its template, committed."""

from typing import Annotated

import typer

from ..records.registry import NAMES
from .app import app, open_register
from .output import say


@app.command()
def new(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(help=f"One of {', '.join(NAMES)}.")],
    slug: Annotated[str, typer.Argument(help="The file name, e.g. 2021-09-30-cabinet-send-review.")],
    title: Annotated[str | None, typer.Option("--title", help="The record's title.")] = None,
    screens: Annotated[
        str | None,
        typer.Option("--screens", metavar="ID", help="For an EHRIA screening: the record it screens."),
    ] = None,
) -> None:
    """Start a new record from its kind's template, and commit it."""
    from .. import new as new_record

    register = open_register(ctx)
    made = new_record(register, kind, slug, title=title, screens=screens)
    say(f"Made {made.record} ({register.root / made.path}), commit {made.commit[:7]}.")
