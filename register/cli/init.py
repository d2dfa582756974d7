"""`register init`: make a new register."""

from pathlib import Path
from typing import Annotated

import typer

from .app import app, options
from .output import say


@app.command()
def init(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="Where to make it (default: this folder).")] = Path(),
    council: Annotated[str, typer.Option("--council", help="The council's name.")] = "The Council",
    address: Annotated[
        str | None, typer.Option("--address", help="Where the council's documents can be had (for notices).")
    ] = None,
    email: Annotated[str | None, typer.Option("--email", help="Where requests for documents go.")] = None,
    house: Annotated[
        str,
        typer.Option(
            "--house",
            metavar="NAME",
            help="The house format of its papers: seed (the Leicestershire Cabinet report) or cover (a cover-sheet report).",
        ),
    ] = "seed",
) -> None:
    """Make a new register: a git repository with folders, templates and editor schemas."""
    from .. import init as init_register

    base = options(ctx).directory or Path.cwd()
    created = init_register(base / path, council=council, house=house, address=address, email=email)
    say(f"Made a register for {council} in {created.root} (commit {created.commit[:7]}).")
    say(
        f"Its papers follow the house format templates/houses/{house}.yaml: change it there, or see the README."
    )
    say("Records go in strategy/ and decisions/; `register new KIND NAME` starts one from its template.")
