"""`register decide`: record a decision's outcome and pin the versions it approves."""

import datetime as dt
from typing import Annotated

import typer

from .app import app, open_register
from .output import say


@app.command()
def decide(
    ctx: typer.Context,
    decision: Annotated[
        str,
        typer.Argument(
            metavar="DECISION",
            help="The decision, e.g. decisions/2020-09-18-cabinet-send-inclusion-strategy.",
        ),
    ],
    outcome: Annotated[
        str | None,
        typer.Option(
            "--outcome",
            metavar="approved|rejected|deferred|noted",
            help="What was decided (default: what the file says).",
        ),
    ] = None,
    resolution: Annotated[
        list[str] | None,
        typer.Option(
            "--resolution", metavar="TEXT", help="The resolution as minuted; repeat for each lettered point."
        ),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date", metavar="YYYY-MM-DD", help="The date of the decision (default: the meeting date)."
        ),
    ] = None,
    approves: Annotated[
        list[str] | None,
        typer.Option("--approves", metavar="ID", help="A record the decision approves; repeat for each."),
    ] = None,
    comment: Annotated[
        list[str] | None,
        typer.Option("--comment", metavar="TEXT", help="A comment made at the meeting; repeat for each."),
    ] = None,
    sign: Annotated[
        bool,
        typer.Option("--sign", help="Sign the decision's commit with your git signing key (git commit -S)."),
    ] = False,
    detached_ok: Annotated[
        bool, typer.Option("--detached-ok", help="Record it even though HEAD is not on a branch.")
    ] = False,
) -> None:
    """Record the outcome of a decision and pin the exact versions of the records it approves, in one commit."""
    from .. import decide as record_decision
    from ..errors import UsageError

    try:
        day = dt.date.fromisoformat(date) if date else None
    except ValueError:
        raise UsageError(f"--date {date}: expected a real date written as YYYY-MM-DD") from None
    done = record_decision(
        open_register(ctx),
        decision,
        outcome=outcome,
        date=day,
        resolution=resolution or [],
        approves=approves or [],
        comments=comment or [],
        sign=sign,
        detached_ok=detached_ok,
    )
    if not done.recorded:
        say(f"Nothing new to record: {done.decision} already says this (commit {done.commit[:10]}).")
        return
    say(f"Recorded {done.decision}: {done.outcome} (commit {done.commit[:10]}).")
    for pin in done.pins:
        say(f"  approves {pin.record} as at {pin.commit[:10]} ({pin.fingerprint[:19]}…)")
