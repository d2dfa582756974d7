"""`register verify`: every approval checked against today's records and history."""

from typing import Annotated

import typer

from ..errors import EXIT_FINDINGS
from .app import app, open_register, read_decisions_ahead
from .output import print_result, say


@app.command()
def verify(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON document.")] = False,
    require_signed: Annotated[
        bool,
        typer.Option(
            "--require-signed",
            help="Every approval must be made by a commit signed by a key in the register's allowed signers.",
        ),
    ] = False,
    exit_zero: Annotated[
        bool,
        typer.Option(
            "--exit-zero", help="Report findings but end with 0 (for a pre-commit hook that warns)."
        ),
    ] = False,
) -> None:
    """Check every approval: is each approved record still as approved, and is the approved version intact?"""
    read_decisions_ahead(ctx)  # while what follows is imported
    from .. import verify as check
    from ..audit.verify import FINDINGS
    from .views import verify_lines

    result = check(open_register(ctx), require_signed=True if require_signed else None)
    if as_json:
        print_result(result)
    else:
        if result.uncommitted_files:
            say(
                "Judged as the records are in the folder, with changes not yet committed to: "
                + ", ".join(result.uncommitted_files)
            )
        for line in verify_lines(result):
            say(line)
        for pin in result.uncommitted:
            say(
                f"{pin.decision}: a pin of {pin.record} is not committed, so it counts for nothing ({pin.note})"
            )
        for record in result.unapproved:
            say(f"{record}: its status says approved, but no decision in the register approved it")
        for problem in result.problems:
            say(f"{problem} (unreadable: if it is a decision, what it approves cannot be checked)")
        for finding in result.untrusted_rules:
            say(finding)
        findings = sum(a.status in FINDINGS for a in result.approvals)
        findings += len(result.unapproved) + len(result.problems) + len(result.untrusted_rules)
        say("All approvals hold." if result.ok else f"{findings} finding(s).")
    if not result.ok and not exit_zero:
        raise typer.Exit(EXIT_FINDINGS)
