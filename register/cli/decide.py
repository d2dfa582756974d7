"""`register decide`: record a decision's outcome and pin the versions it approves."""

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import typer

from .app import app, open_register
from .output import say

if TYPE_CHECKING:
    from ..audit.decide import Conflict


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
    reason: Annotated[
        list[str] | None,
        typer.Option("--reason", metavar="TEXT", help="A reason for the decision; repeat for each."),
    ] = None,
    alternative: Annotated[
        list[str] | None,
        typer.Option(
            "--alternative", metavar="TEXT", help="An alternative considered and rejected; repeat for each."
        ),
    ] = None,
    conflict: Annotated[
        list[str] | None,
        typer.Option(
            "--conflict",
            metavar="MEMBER: INTEREST",
            help="A conflict of interest declared by a member consulted; repeat for each.",
        ),
    ] = None,
    dispensation: Annotated[
        list[str] | None,
        typer.Option(
            "--dispensation",
            metavar="MEMBER: TEXT",
            help="The dispensation granted to a member who declared a conflict.",
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
        reasons=reason or [],
        alternatives=alternative or [],
        conflicts=_conflicts(conflict or [], dispensation or []),
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
    for move in done.statuses:
        say(f"  {move.record}: {move.was} -> {move.now}")


def _conflicts(declared: list[str], dispensations: list[str]) -> list["Conflict"]:
    """`--conflict "Cllr A Smith: a relative works for the provider"`, and a dispensation for the
    same member by `--dispensation "Cllr A Smith: granted by the Standards Committee"`."""
    from ..audit.decide import Conflict
    from ..errors import UsageError

    def split(option: str, text: str) -> tuple[str, str]:
        member, colon, what = text.partition(":")
        if not colon or not member.strip() or not what.strip():
            raise UsageError(f'{option} "{text}": write it as "MEMBER: TEXT"')
        return member.strip(), what.strip()

    granted = dict(split("--dispensation", text) for text in dispensations)
    found = [
        Conflict(member=m, interest=i, dispensation=granted.pop(m, None))
        for m, i in (split("--conflict", t) for t in declared)
    ]
    if granted:
        raise UsageError(f"--dispensation for {', '.join(granted)}, who declared no --conflict")
    return found
