"""`register demo`: build the seed's example register with its dated history."""

from pathlib import Path
from typing import Annotated

import typer

from .app import app, options
from .output import say


@app.command()
def demo(
    ctx: typer.Context,
    directory: Annotated[
        Path | None,
        typer.Argument(metavar="DIR", help="A new or empty folder (default: ./send-register-demo)."),
    ] = None,
) -> None:
    """Build the example register from the seed Cabinet report, with a real, dated git history."""
    from .. import demo as build_demo
    from ..make.demo import choose_folder

    base = options(ctx).directory or Path.cwd()
    made = build_demo(base / directory if directory else choose_folder(base))
    say(f"Built the example register in {made.root}")
    say(f"  {made.commits} commits, from the 2018 Strategy to the illustrative 2021 annual review")
    for name, path in made.papers.items():
        say(f"  {name}: {path}")
    say(f"Try: register -C {made.root} list    (or: git -C {made.root} log)")
