"""`register review`: what changed between two versions of a record, or of every record that changed."""

from pathlib import Path
from typing import Annotated

import typer

from .app import app, open_register
from .output import out, print_result, say
from .report import IncludeExempt, Output, Pdf, Template, paper_options


@app.command()
def review(
    ctx: typer.Context,
    record_id: Annotated[str | None, typer.Argument(metavar="ID", help="The record (or --all).")] = None,
    from_ref: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="REF",
            help="Older version: commit, tag, branch, date or a decision id (default: the version last approved).",
        ),
    ] = None,
    to_ref: Annotated[
        str | None, typer.Option("--to", metavar="REF", help="Newer version (default: HEAD).")
    ] = None,
    against: Annotated[
        str | None,
        typer.Option(
            "--against",
            metavar="OLD",
            help="Compare with the record this one supersedes or follows from (--from/--to: their versions).",
        ),
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
    """The annual review: what was added, removed and changed between two versions of a record,
    or (--against) between a record and the one it supersedes or follows from."""
    from ..errors import UsageError

    register = open_register(ctx)
    if every:
        if record_id or output:
            raise UsageError(
                "--all reviews every changed record in the terminal or as JSON; for a Word document, "
                "review one record at a time"
            )
        if not from_ref:
            raise UsageError("--all needs --from REF (and --to REF, default HEAD)")
        from .. import review_all
        from .views import review_all_lines

        reviews = review_all(register, from_ref=from_ref, to_ref=to_ref or "HEAD")
        if as_json:
            print_result(reviews)
        else:
            for line in review_all_lines(reviews):
                say(line)
        return
    if not record_id:
        raise UsageError("say which record to review (or --all)")
    if output and as_json:
        raise UsageError("choose one: --json prints the review, -o writes it as a Word document")
    if against:
        from ..audit.against import review_against

        found = review_against(register, record_id, against, from_ref=from_ref, to_ref=to_ref)
    else:
        from .. import review as review_of

        found = review_of(register, record_id, from_ref=from_ref, to_ref=to_ref)
    if output:
        from .. import write_review

        options = paper_options(include_exempt=include_exempt, pdf=pdf, template=template)
        for file in write_review(register, found, output=Path(output), options=options).files:
            say(f"Wrote {file}")
    elif as_json:
        print_result(found)
    else:
        from .views import review_view

        for part in review_view(found):
            out().print(part)
