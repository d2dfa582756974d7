"""`register render`: a strategy, WSoA or EHRIA screening as a paper of its own."""

from typing import Annotated

import typer

from .app import app, open_register
from .output import say
from .report import At, IncludeExempt, Output, Pdf, Template, paper_options


@app.command()
def render(
    ctx: typer.Context,
    record_id: Annotated[str, typer.Argument(metavar="ID", help="A strategy, wsoa or ehria record.")],
    output: Output = None,
    template: Template = None,
    include_exempt: IncludeExempt = False,
    pdf: Pdf = False,
    at: At = None,
) -> None:
    """Write a strategy, WSoA or EHRIA screening as a Word paper of its own."""
    from .. import render as write_paper

    options = paper_options(include_exempt=include_exempt, pdf=pdf, template=template)
    published = write_paper(open_register(ctx), record_id, output=output, at=at, options=options)
    for file in published.files:
        say(f"Wrote {file}")
