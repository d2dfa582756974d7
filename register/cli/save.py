"""`register save`: commit the officer's edited records, checked."""

from typing import Annotated

import typer

from .app import app, open_register
from .output import say


@app.command()
def save(
    ctx: typer.Context,
    records: Annotated[
        list[str] | None,
        typer.Argument(metavar="[ID]...", help="The records to save (default: every record changed)."),
    ] = None,
    message: Annotated[
        str | None, typer.Option("-m", "--message", help="What changed and why, for the history.")
    ] = None,
) -> None:
    """Check the records you edited and commit them (only them), so the history keeps them."""
    from ..make.save import save as save_records

    saved = save_records(open_register(ctx), records or None, message=message)
    also = f", with {', '.join(saved.files)}" if saved.files else ""
    say(f"Saved {', '.join(saved.records)}{also} (commit {saved.commit[:7]}).")
