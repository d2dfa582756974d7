"""Improvement plans: `register measure`, `revisit`, `stocktake` (events, one commit each) and
`register progress` (where the plan stands; an evidence pack with -o)."""

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import UsageError
from .app import app, open_register
from .check import day_option
from .output import out, print_result, say
from .report import At, IncludeExempt, Pdf, Template, paper_options

if TYPE_CHECKING:
    from ..audit.events import Recorded
    from ..audit.progress import Progress

Plan = Annotated[str, typer.Argument(metavar="PLAN", help="A wsoa, app or priority-action-plan record.")]
Day = Annotated[str, typer.Option("--date", metavar="YYYY-MM-DD", help="When it happened.")]
Report = Annotated[str | None, typer.Option("--report", metavar="URL", help="Where its report is published.")]


@app.command()
def measure(
    ctx: typer.Context,
    plan: Plan,
    path: Annotated[
        str, typer.Argument(metavar="PATH", help="The measure: areas[A].measures[M], or its id M.")
    ],
    date: Day,
    value: Annotated[float, typer.Option("--value", help="The figure reported.")],
    note: Annotated[str | None, typer.Option("--note", help="Where the figure comes from.")] = None,
) -> None:
    """Record a measure's reported value, in a commit of its own."""
    from ..audit.events import measure as record

    day = _day(date)
    _said(record(open_register(ctx), plan, path, date=day, value=value, note=note))


@app.command()
def revisit(
    ctx: typer.Context,
    plan: Plan,
    date: Day,
    outcome: Annotated[
        list[str],
        typer.Option(
            "--outcome",
            metavar="AREA=JUDGEMENT",
            help="An area's judgement: sufficient or insufficient (or positive, inconsistent, widespread-failings); repeat for each.",
        ),
    ],
    kind: Annotated[
        str, typer.Option("--kind", help="revisit, monitoring inspection or inspection.")
    ] = "revisit",
    held: Annotated[
        str | None, typer.Option("--held", help="How it was held, if not on site: remotely.")
    ] = None,
    report: Report = None,
) -> None:
    """Record the inspectors' judgement of each area, in one commit."""
    from ..audit.events import revisit as record

    outcomes = _pairs("--outcome", outcome)
    _said(
        record(
            open_register(ctx), plan, date=_day(date), outcomes=outcomes, kind=kind, held=held, report=report
        )
    )


@app.command()
def stocktake(
    ctx: typer.Context,
    plan: Plan,
    date: Day,
    summary: Annotated[str, typer.Option("--summary", help="What the stocktake found.")],
    attended_by: Annotated[
        list[str] | None, typer.Option("--with", metavar="BODY", help="Who took part; repeat for each.")
    ] = None,
    area: Annotated[
        list[str] | None,
        typer.Option("--area", metavar="AREA=TEXT", help="What it found on an area; repeat."),
    ] = None,
    report: Report = None,
) -> None:
    """Record a stocktake of progress, in one commit."""
    from ..audit.events import stocktake as record

    areas = _pairs("--area", area or [])
    _said(
        record(
            open_register(ctx),
            plan,
            date=_day(date),
            summary=summary,
            attended_by=attended_by or [],
            areas=areas,
            report=report,
        )
    )


@app.command()
def progress(
    ctx: typer.Context,
    plan: Plan,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON document.")] = False,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", metavar="FILE", help="Also write the evidence pack (.docx)."),
    ] = None,
    template: Template = None,
    include_exempt: IncludeExempt = False,
    pdf: Pdf = False,
    at: At = None,
) -> None:
    """Where an improvement plan stands, area by area; with -o, the evidence pack for the revisit."""
    from ..audit.progress import progress as progress_of

    if pdf and output is None:
        raise UsageError("--pdf makes a PDF of the evidence pack: give -o FILE for it")
    register = open_register(ctx)
    found = progress_of(register.version(at), plan)
    if output is not None:
        from ..publish.evidence import evidence_pack

        options = paper_options(include_exempt=include_exempt, pdf=pdf, template=template)
        published = evidence_pack(register, plan, output=output, at=at, options=options)
    if as_json:
        print_result(found)
        return
    _table(found)
    if output is not None:
        for file in published.files:
            say(f"Wrote {file}")


def _table(found: "Progress") -> None:
    """Two tables, so that each has room: the areas, then their measures."""
    from rich.table import Table

    from ..records.wording import figure_text

    areas = Table(title=f"{found.title} ({found.record})", title_justify="left")
    for column in ("Area", "Judgement", "Actions"):
        areas.add_column(column)
    for area in found.areas:
        judged = f"{area.outcome} ({area.judged_on})" if area.outcome else "not yet judged"
        actions = ", ".join(f"{count} {status}" for status, count in area.actions.items()) or "none"
        areas.add_row(area.title, judged, actions)
    out().print(areas)
    measures = Table(title="Measures", title_justify="left")
    measures.add_column("Area", no_wrap=True)  # an id is shown whole, to be copied
    for column in ("Measure", "Baseline", "Target", "Latest", "Target met"):
        measures.add_column(column)
    for area in found.areas:
        for measure in area.measures:
            latest = (
                f"{figure_text(measure.latest.value, measure.unit)} ({measure.latest.date})"
                if measure.latest
                else "none yet"
            )
            met = {True: "yes", False: "not yet", None: ""}[measure.met]
            measures.add_row(
                area.id,
                measure.title,
                figure_text(measure.baseline.value, measure.unit),
                figure_text(measure.target.value, measure.unit),
                latest,
                met,
            )
    if measures.row_count:
        out().print(measures)
    if found.last_stocktake:
        say(f"Last stocktake: {found.last_stocktake}")


def _said(done: "Recorded") -> None:
    if not done.recorded:
        say(f"{done.record} already holds this {done.event}: nothing to record.")
    else:
        say(f"Recorded the {done.event} in {done.record} ({done.path}), commit {done.commit[:7]}.")


def _day(value: str) -> "dt.date":
    day = day_option("--date", value)
    assert day is not None
    return day


def _pairs(option: str, given: list[str]) -> dict[str, str]:
    """AREA=VALUE options as a mapping; an area named twice is a mistake, not the last word."""
    found: dict[str, str] = {}
    for text in given:
        name, said = _pair(option, text, "=")
        if name in found:
            raise UsageError(
                f"{option}: {name} is given twice ({name}={found[name]} and {text}): give it once"
            )
        found[name] = said
    return found


def _pair(option: str, given: str, sign: str) -> tuple[str, str]:
    name, found, said = given.partition(sign)
    if not found or not name.strip() or not said.strip():
        raise UsageError(f"{option} {given}: write it as AREA{sign}VALUE")
    return name.strip(), said.strip()
