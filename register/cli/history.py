"""`register history`: every change to a record, or to one field of it."""

from __future__ import annotations

from typing import Annotated

import typer

from .app import app, open_store
from .output import out, print_json, warn


@app.command()
def history(
    ctx: typer.Context,
    record_id: Annotated[
        str, typer.Argument(metavar="ID", help="The record, e.g. strategy/send-inclusion-2020-2023.")
    ],
    field: Annotated[
        str | None,
        typer.Option("--field", metavar="PATH", help="One field, e.g. priorities[2].actions[2.3].status."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON document.")] = False,
) -> None:
    """Every version of a record: who changed which field, when and why, and which decision approved it."""
    from ..history import record_history

    found = record_history(open_store(ctx), record_id, field)
    if as_json:
        print_json(found.as_json())
        return
    if found.shallow:
        warn("This is a shallow clone: older versions are not here (git fetch --unshallow to get them).")
    from .tables import history_table

    out().print(history_table(found))
