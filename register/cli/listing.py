"""`register list`: the records in the register."""

from __future__ import annotations

from typing import Annotated

import typer

from ..ids import KINDS
from .app import app, open_store
from .output import out, print_json


@app.command("list")
def list_command(
    ctx: typer.Context,
    kind: Annotated[str | None, typer.Option("--kind", help=f"Only this kind: {', '.join(KINDS)}.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON document.")] = False,
) -> None:
    """List the records: id, kind, status and title."""
    from rich.table import Table

    from ..errors import UsageError
    from ..reading import list_records

    if kind is not None and kind not in KINDS:
        raise UsageError(f"unknown kind '{kind}': use one of {', '.join(KINDS)}")
    records = list_records(open_store(ctx), kind)
    if as_json:
        print_json({"records": [record.as_json() for record in records]})
        return
    table = Table(box=None, pad_edge=False)
    table.add_column("id", overflow="fold", min_width=24)
    table.add_column("kind", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("title", min_width=24)
    for record in records:
        table.add_row(
            record.id, record.kind, record.status, record.title or f"cannot be read: {record.problem}"
        )
    out().print(table)
