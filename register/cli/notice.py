"""`register notice` and `register forward-plan`: the statutory notices, from the records."""

from pathlib import Path
from typing import Annotated

import typer

from .app import app, open_register
from .output import say
from .report import At, Pdf, Template, paper_options


@app.command()
def notice(
    ctx: typer.Context,
    decision: Annotated[str, typer.Argument(metavar="DECISION", help="The decision the notice is of.")],
    kind: Annotated[
        str,
        typer.Option(
            "--kind",
            metavar="forward-plan|decision|urgency",
            help="The notice of a key decision (reg 9), the record of decision (regs 12, 13), or the general exception or special urgency notice (regs 10, 11).",
        ),
    ],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", metavar="FILE", help="Where to write the .docx.")
    ] = None,
    template: Template = None,
    pdf: Pdf = False,
    at: At = None,
) -> None:
    """Write a statutory notice of a decision, in house style, from its record."""
    from ..publish.notices import notice as write_notice

    options = paper_options(include_exempt=False, pdf=pdf, template=template)
    published = write_notice(open_register(ctx), decision, kind, output=output, at=at, options=options)
    for file in published.files:
        say(f"Wrote {file}")


@app.command("forward-plan")
def forward_plan(
    ctx: typer.Context,
    start: Annotated[str, typer.Option("--from", metavar="YYYY-MM-DD", help="The first day of the period.")],
    end: Annotated[str, typer.Option("--to", metavar="YYYY-MM-DD", help="The last day of the period.")],
    output: Annotated[Path, typer.Option("-o", "--output", metavar="FILE", help="Where to write the .docx.")],
    published: Annotated[
        str | None,
        typer.Option(
            "--published", metavar="YYYY-MM-DD", help="The day the plan is published (default: today)."
        ),
    ] = None,
    template: Template = None,
    pdf: Pdf = False,
    at: At = None,
) -> None:
    """Write the forward plan of key decisions for a period, as councils publish it."""
    from ..publish.notices import forward_plan as write_plan
    from .check import day_option

    first, last, day = (
        day_option("--from", start),
        day_option("--to", end),
        day_option("--published", published),
    )
    assert first is not None and last is not None
    options = paper_options(include_exempt=False, pdf=pdf, template=template)
    done = write_plan(open_register(ctx), first, last, output=output, published=day, at=at, options=options)
    for file in done.files:
        say(f"Wrote {file}")
