"""`register report`: the committee report for a decision, as .docx."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .app import app, open_register
from .output import say, warn

if TYPE_CHECKING:
    from ..publish.documents import PaperOptions

Output = Annotated[
    Path | None, typer.Option("-o", "--output", metavar="FILE", help="Where to write the .docx.")
]
Template = Annotated[
    Path | None,
    typer.Option(
        "--template", metavar="DOCX", help="A council's own .docx whose styles, headers and footers to use."
    ),
]
IncludeExempt = Annotated[
    bool,
    typer.Option(
        "--include-exempt", help="The copy for members: include exempt information, marked on every page."
    ),
]
At = Annotated[
    str | None,
    typer.Option(
        "--at", metavar="REF", help="Build from the records at a commit, tag, branch or date (YYYY-MM-DD)."
    ),
]
Pdf = Annotated[bool, typer.Option("--pdf", help="Also write a tagged, accessible PDF (needs LibreOffice).")]


def paper_options(*, include_exempt: bool, pdf: bool, template: Path | None) -> "PaperOptions":
    from .. import PaperOptions

    return PaperOptions(include_exempt=include_exempt, pdf=pdf, template=template)


@app.command()
def report(
    ctx: typer.Context,
    decision: Annotated[
        str,
        typer.Argument(
            metavar="DECISION",
            help="The decision, e.g. decisions/2020-09-18-cabinet-send-inclusion-strategy.",
        ),
    ],
    output: Output = None,
    template: Template = None,
    include_exempt: IncludeExempt = False,
    pdf: Pdf = False,
    at: At = None,
) -> None:
    """Write the committee report for a decision, in house style, from the records."""
    from .. import report as write_report

    options = paper_options(include_exempt=include_exempt, pdf=pdf, template=template)
    published = write_report(open_register(ctx), decision, output=output, at=at, options=options)
    if published.made_from:
        say(f"Made from the register {published.made_from}.")
    for file in published.files:
        say(f"Wrote {file}")
    for warning in published.warnings:
        warn(f"warning: {warning}")
