"""The Typer application, its global options, and the one place errors become exit codes."""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import click
import typer
from typer.core import TyperGroup

from ..errors import RegisterError

if TYPE_CHECKING:
    from ..store.version import Register

EXIT_INTERNAL = 3


@dataclass
class Options:
    directory: Path | None = None
    debug: bool = False


class _Group(TyperGroup):
    """Runs a command and turns the package's errors into a message and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except RegisterError as error:
            if _debug(ctx):
                traceback.print_exc()
            typer.echo(error.message, err=True)
            raise typer.Exit(error.exit_code) from None
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except BrokenPipeError:  # the reader went away (`register list | head`): nothing more to say
            import os
            import sys

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(0) from None
        except Exception as error:
            if _debug(ctx):
                raise
            typer.echo(
                f"internal error: {type(error).__name__}: {error}\n"
                "This is a fault in register, not in your records; run again with --debug and report it.",
                err=True,
            )
            raise typer.Exit(EXIT_INTERNAL) from None


def _debug(ctx: click.Context) -> bool:
    return isinstance(ctx.obj, Options) and ctx.obj.debug


app = typer.Typer(
    cls=_Group,
    name="register",
    help="A council's governance records as versioned YAML in git, and the Word papers made from them.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def _options(
    ctx: typer.Context,
    directory: Annotated[
        Path | None,
        typer.Option(
            "-C", help="Run as if started in PATH (the register or a folder in it).", metavar="PATH"
        ),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show the full traceback of an error.")] = False,
) -> None:
    ctx.obj = Options(directory, debug)


def options(ctx: typer.Context) -> Options:
    found = ctx.find_object(Options)
    return found if found is not None else Options()


def read_decisions_ahead(ctx: typer.Context) -> None:
    """Start reading the register's decisions in another process, before the command imports
    what it needs (see `store/ahead.py`): for a command whose first long job is their facts."""
    from ..records.registry import KINDS
    from ..store.ahead import read_ahead

    read_ahead(options(ctx).directory, KINDS["decision"].folder)


def open_register(ctx: typer.Context) -> Register:
    from .. import open as open_at

    register = open_at(options(ctx).directory)
    register.store.finish_interrupted()
    return register
