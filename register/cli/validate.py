"""`register validate`: check records against their schemas and each other."""

from typing import Annotated

import typer

from ..errors import EXIT_FINDINGS
from .app import app, open_register, options
from .output import print_result, say, warn


@app.command()
def validate(
    ctx: typer.Context,
    paths: Annotated[list[str] | None, typer.Argument(help="Record files or folders (default: all).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON document.")] = False,
    staged: Annotated[
        bool,
        typer.Option(
            "--staged",
            help="Check what the next commit would hold: the staged records that changed, and the records that name them.",
        ),
    ] = False,
) -> None:
    """Check records against their schemas and against each other."""
    from .. import validate as check
    from ..errors import UsageError

    if staged:
        if paths:
            raise UsageError("--staged checks the records staged for the next commit: give no paths with it")
        from ..audit.validate import validate_staged

        result = validate_staged(open_register(ctx))
    else:
        result = check(open_register(ctx).working(), paths or [], base=options(ctx).directory)
    if as_json:
        print_result(result)
    else:
        for skipped in result.skipped:
            warn(f"warning: {skipped}")
        for problem in result.problems:
            warn(str(problem))
        verdict = "valid" if result.valid else f"{len(result.problems)} problem(s) found"
        if staged and not result.records:
            say("No record is staged for the next commit: nothing to check.")
        else:
            say(f"{result.records} record(s) checked: {verdict}")
    if not result.valid:
        raise typer.Exit(EXIT_FINDINGS)
