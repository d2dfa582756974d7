"""`register history`: every change to a record, or to one field of it."""

from typing import Annotated

import typer

from .app import app, open_register, read_decisions_ahead
from .output import print_result, say, warn


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
    read_decisions_ahead(ctx)  # (for the approvals) while what follows is imported
    from .. import history as history_of
    from .views import history_lines

    found = history_of(open_register(ctx), record_id, field=field)
    if as_json:
        print_result(found)
        return
    if not found.complete:
        warn("This is a shallow clone: older versions are not here (git fetch --unshallow to get them).")
    for line in history_lines(found):
        say(line)
