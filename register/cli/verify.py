"""`register verify`: every approval checked against today's records and history."""

from typing import Annotated

import typer

from ..errors import EXIT_FINDINGS
from .app import app, open_register
from .output import print_result, say


@app.command()
def verify(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON document.")] = False,
) -> None:
    """Check every approval: is each approved record still as approved, and is the approved version intact?"""
    from .. import verify as check
    from .views import verify_lines

    result = check(open_register(ctx))
    if as_json:
        print_result(result)
    else:
        for line in verify_lines(result):
            say(line)
        for record in result.unapproved:
            say(f"{record}: its status says approved, but no decision in the register approved it")
        for problem in result.problems:
            say(f"{problem} (so what it approves cannot be checked)")
        findings = sum(a.status in ("changed", "missing") for a in result.approvals)
        findings += len(result.unapproved) + len(result.problems)
        say("All approvals hold." if result.ok else f"{findings} finding(s).")
    if not result.ok:
        raise typer.Exit(EXIT_FINDINGS)
