"""`register schema`: JSON Schema of the record kinds, for editors."""

from __future__ import annotations

from typing import Annotated

import typer

from ..ids import KINDS
from .app import app
from .output import print_json


@app.command()
def schema(
    kind: Annotated[
        str | None, typer.Argument(help=f"One of {', '.join(KINDS)} (default: all kinds).")
    ] = None,
) -> None:
    """Print the JSON Schema of a record kind (or of any record), for editors."""
    from ..errors import UsageError
    from ..kinds import combined_json_schema, json_schema

    if kind is None:
        print_json(combined_json_schema())
    elif kind in KINDS:
        print_json(json_schema(kind))
    else:
        raise UsageError(f"unknown kind '{kind}': use one of {', '.join(KINDS)}")
