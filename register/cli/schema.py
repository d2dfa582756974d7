"""`register schema`: JSON Schema of the record kinds, for editors."""

from typing import Annotated

import typer

from ..records.registry import NAMES
from .app import app
from .output import print_json


@app.command()
def schema(
    kind: Annotated[
        str | None, typer.Argument(help=f"One of {', '.join(NAMES)} (default: all kinds).")
    ] = None,
) -> None:
    """Print the JSON Schema of a record kind (or of any record), for editors."""
    from ..records.kinds import combined_json_schema, json_schema
    from ..records.registry import kind_named

    print_json(combined_json_schema() if kind is None else json_schema(kind_named(kind).name))
