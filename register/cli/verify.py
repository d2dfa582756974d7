"""`register verify`: every approval checked against today's records and history."""

from __future__ import annotations

from typing import Annotated

import typer

from ..errors import EXIT_FINDINGS
from .app import app, open_store
from .output import out, print_json, say


@app.command()
def verify(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON document.")] = False,
) -> None:
    """Check every approval: is each approved record still as approved, and is the approved version intact?"""
    from ..verify import verify as verify_register
    from .tables import verify_table

    result = verify_register(open_store(ctx))
    if as_json:
        print_json(result.as_json())
    else:
        out().print(verify_table(result))
        for record in result.unapproved:
            say(f"{record}: its status says approved, but no decision in the register approved it")
        for problem in result.problems:
            say(f"{problem} (so what it approves cannot be checked)")
        findings = sum(a.status in ("changed", "missing") for a in result.approvals)
        findings += len(result.unapproved) + len(result.problems)
        say("All approvals hold." if result.ok else f"{findings} finding(s).")
    if not result.ok:
        raise typer.Exit(EXIT_FINDINGS)
