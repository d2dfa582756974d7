"""`register list`: the records in the register."""

from typing import Annotated

import typer

from ..records.registry import NAMES
from .app import app, open_register
from .output import print_result, say


@app.command("list")
def list_command(
    ctx: typer.Context,
    kind: Annotated[str | None, typer.Option("--kind", help=f"Only this kind: {', '.join(NAMES)}.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON document.")] = False,
) -> None:
    """List the records: id, kind, status and title."""
    from .. import list_records
    from ..records.registry import kind_named
    from ..store.listing import listed
    from .views import listing_lines

    if kind is not None:
        kind_named(kind)
    version = open_register(ctx).working()
    if as_json:
        print_result(list_records(version, kind=kind))
        return
    lines = list(listing_lines(listed(version, kind=kind)))
    if lines:
        say("\n".join(lines))  # one write: a line at a time costs a tenth of the run
