"""`register render`: a strategy, WSoA or EHRIA screening as a paper of its own."""

from __future__ import annotations

from typing import Annotated

import typer

from .app import app, open_store
from .output import say
from .report import At, IncludeExempt, Output, Pdf, Template


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
    from ..publish import write_record_paper

    published = write_record_paper(open_store(ctx), record_id, output, template, include_exempt, pdf, at)
    for file in published.files:
        say(f"Wrote {file}")
