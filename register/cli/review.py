"""`register review`: what changed between two versions, in the terminal, as JSON, or as a .docx with tracked changes."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .app import app, open_store
from .output import out, print_json, say
from .report import IncludeExempt, Output, Pdf, Template


@app.command()
def review(
    ctx: typer.Context,
    record_id: Annotated[str | None, typer.Argument(metavar="ID", help="The record (or --all).")] = None,
    from_ref: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="REF",
            help="Older version: commit, tag, branch, date or a decision id "
            "(default: the version last approved).",
        ),
    ] = None,
    to_ref: Annotated[
        str | None, typer.Option("--to", metavar="REF", help="Newer version (default: HEAD).")
    ] = None,
    every: Annotated[
        bool, typer.Option("--all", help="Every record changed between the two versions.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON document.")] = False,
    output: Output = None,
    template: Template = None,
    pdf: Pdf = False,
    include_exempt: IncludeExempt = False,
) -> None:
    """The annual review: what was added, removed and changed between two versions of a record."""
    from ..errors import UsageError

    store = open_store(ctx)
    if every:
        if record_id or output:
            raise UsageError(
                "--all reviews every changed record in the terminal or as JSON; for a Word document, "
                "review one record at a time"
            )
        if not from_ref:
            raise UsageError("--all needs --from REF (and --to REF, default HEAD)")
        from ..review import review_all
        from .tables import review_all_table

        reviews = review_all(store, from_ref, to_ref or "HEAD")
        if as_json:
            print_json({"from": from_ref, "to": to_ref or "HEAD", "records": [r.as_json() for r in reviews]})
        else:
            out().print(review_all_table(reviews))
        return
    if not record_id:
        raise UsageError("say which record to review (or --all)")
    from ..review import review_record

    found = review_record(store, record_id, from_ref, to_ref)
    if output:
        from ..publish import write_review

        if as_json:
            raise UsageError("choose one: --json prints the review, -o writes it as a Word document")
        for file in write_review(store, found, Path(output), template, pdf, include_exempt).files:
            say(f"Wrote {file}")
    elif as_json:
        print_json(found.as_json())
    else:
        from .tables import review_view

        out().print(*review_view(found))
