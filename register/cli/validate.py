"""`register validate`: check records against their schemas and each other."""

from __future__ import annotations

from typing import Annotated

import typer

from ..errors import EXIT_FINDINGS
from .app import app, open_store, options
from .output import print_json, say, warn


@app.command()
def validate(
    ctx: typer.Context,
    paths: Annotated[list[str] | None, typer.Argument(help="Record files or folders (default: all).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON document.")] = False,
) -> None:
    """Check records against their schemas and against each other."""
    from ..validate import validate_register

    report = validate_register(open_store(ctx), paths or [], options(ctx).directory)
    if as_json:
        print_json(report.as_json())
    else:
        for problem in report.problems:
            warn(str(problem))
        verdict = "valid" if report.valid else f"{len(report.problems)} problem(s) found"
        say(f"{report.records} record(s) checked: {verdict}")
    if not report.valid:
        raise typer.Exit(EXIT_FINDINGS)
