"""`register check` and `register calendar`: the statutory clock over the whole register."""

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from ..errors import EXIT_FINDINGS, UsageError
from .app import app, open_register
from .output import print_result, say

Today = Annotated[
    str | None,
    typer.Option("--today", metavar="YYYY-MM-DD", help="Judge as at this day (default: today)."),
]
MARKS = {"breached": "BREACHED", "overdue": "OVERDUE", "due": "due", "met": "met"}


def day_option(option: str, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option} {value}: expected a real date written as YYYY-MM-DD") from None


@app.command()
def check(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON document.")] = False,
    today: Today = None,
    everything: Annotated[bool, typer.Option("--all", help="Also list the rules met.")] = False,
) -> None:
    """Every decision's dates against the statutory rules, on the council's calendar: met, breached, due or overdue."""
    from ..audit.check import check as run_check

    result = run_check(open_register(ctx).working(), today=day_option("--today", today))
    if as_json:
        print_result(result)
    else:
        met = sum(f.status == "met" for f in result.findings)
        running = sum(f.rule == "retention" and f.status == "due" for f in result.findings)
        for finding in result.findings:
            # A retention period running asks nothing of anyone: shown with --all only.
            quiet = finding.status == "met" or (finding.rule == "retention" and finding.status == "due")
            if not quiet or everything:
                when = f" {finding.due}" if finding.due else ""
                say(f"{MARKS[finding.status]:<9}{when}  {finding.record}  {finding.rule}: {finding.message}")
                say(f"          ({finding.citation})")
        if result.untracked:
            say(
                f"{len(result.untracked)} decision(s) of long ago keep no notices, so their statutory dates "
                f"cannot be checked: {', '.join(result.untracked)}"
            )
        wrong = sum(f.status in ("breached", "overdue") for f in result.findings)
        due = sum(f.status == "due" for f in result.findings) - running
        kept = f"; {running} retention period(s) running" if running else ""
        say(f"As at {result.today}: {wrong} breached or overdue, {due} due, {met} met{kept}.")
    if not result.ok:
        raise typer.Exit(EXIT_FINDINGS)


@app.command()
def calendar(
    ctx: typer.Context,
    start: Annotated[
        str | None, typer.Option("--from", metavar="YYYY-MM-DD", help="From this day (default: today).")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", metavar="YYYY-MM-DD", help="To this day (default: a year on).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON document.")] = False,
    ics: Annotated[
        Path | None, typer.Option("--ics", metavar="FILE", help="Also write an iCalendar file.")
    ] = None,
) -> None:
    """What is due across the register, in date order: notices, agendas, call-in periods, follow-ups, reviews."""
    from ..audit.due import calendar as due_items

    register = open_register(ctx)
    found = due_items(register.working(), start=day_option("--from", start), end=day_option("--to", end))
    if ics is not None:
        from ..publish.documents import refuse_target
        from ..publish.ics import write_ics

        refuse_target(register, ics)
        write_ics(found, ics, register.config.council)
    if as_json:
        print_result(found)
        return
    for item in found.events:
        say(f"{item.date}  {item.title}: {item.record}")
        say(f"            {item.message}")
    say(f"{len(found.events)} item(s) from {found.start} to {found.end}.")
    if ics is not None:
        say(f"Wrote {ics}")
