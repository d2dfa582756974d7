"""`register new`: a new record from its template, committed."""

from __future__ import annotations

from typing import Annotated

import typer

from ..ids import KINDS
from .app import app, open_store
from .output import say


@app.command()
def new(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(help=f"One of {', '.join(KINDS)}.")],
    slug: Annotated[str, typer.Argument(help="The file name, e.g. 2021-09-30-cabinet-send-review.")],
    title: Annotated[str | None, typer.Option("--title", help="The record's title.")] = None,
    screens: Annotated[
        str | None,
        typer.Option("--screens", metavar="ID", help="For an EHRIA screening: the record it screens."),
    ] = None,
) -> None:
    """Start a new record from its kind's template, and commit it."""
    from ..scaffold import new_record

    store = open_store(ctx)
    record_id, commit = new_record(store, kind, slug, title, screens)
    say(f"Made {record_id} ({store.root / (record_id + '.yaml')}), commit {commit[:7]}.")
