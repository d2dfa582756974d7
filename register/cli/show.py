"""`register show`: one record, as it stands or at any version."""

from typing import Annotated

import typer

from .app import app, open_register
from .output import print_result, say


@app.command()
def show(
    ctx: typer.Context,
    record_id: Annotated[
        str, typer.Argument(metavar="ID", help="The record, e.g. strategy/send-inclusion-2020-2023.")
    ],
    at: Annotated[
        str | None, typer.Option("--at", metavar="REF", help="A commit, tag, branch or date (YYYY-MM-DD).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON document.")] = False,
) -> None:
    """Show a record, as it stands now or at any earlier version."""
    from .. import show as show_record

    shown = show_record(open_register(ctx).version(at), record_id)
    if as_json:
        print_result(shown)
        return
    where = (
        f"at {shown.at.ref} ({(shown.at.commit or '')[:7]})" if shown.at else "as it stands in your folder"
    )
    say(f"# {shown.id} — {shown.kind} — {where}")
    say(shown.text.rstrip("\n"))
