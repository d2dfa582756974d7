"""The command line: parses arguments, calls one function of the package, prints the result."""

from __future__ import annotations

import gc
import sys

from .lean import without_pydantic_plugins

without_pydantic_plugins()  # before the commands' imports build any model

import click  # noqa: E402
import typer  # noqa: E402

from ..errors import EXIT_USAGE  # noqa: E402
from . import (  # noqa: E402, F401  (each adds its command)
    check,
    decide,
    demo,
    history,
    init,
    listing,
    migrate,
    new,
    notice,
    plan,
    render,
    report,
    review,
    save,
    schema,
    show,
    validate,
    verify,
)
from .app import app  # noqa: E402
from .output import progress_bar, wants_progress  # noqa: E402

__all__ = ["app", "main"]

_INTERRUPTED = 130  # as a shell reports a command ended by Ctrl-C


def main() -> None:
    # One command is one short process, and what it makes (rows, facts, parsed records) holds
    # few cycles: the collector's passes over the imported modules and the growing heap cost a
    # tenth of a warm whole-register command, and free next to nothing.
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)
    for stream in (sys.stdout, sys.stderr):
        # A console or file that cannot hold every character (cp1252, POSIX) gets '?' for the few
        # it cannot, rather than a failure after the work is done.
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    if wants_progress(sys.argv[1:]):
        from ..store.progress import listen

        listen(progress_bar)
    command = typer.main.get_command(app)
    try:
        code = command.main(args=sys.argv[1:], prog_name="register", standalone_mode=False)
    except click.exceptions.Exit as done:
        code = done.exit_code
    except (click.Abort, KeyboardInterrupt):
        code = _INTERRUPTED
    except click.ClickException as error:
        error.show()
        code = EXIT_USAGE
    if code == _INTERRUPTED:  # Ctrl-C (which Typer turns into a silent exit with this code)
        click.echo(
            "interrupted: a change is either recorded whole or not at all (`register history` or "
            "`git log -1` shows which)",
            err=True,
        )
    # Python's last collection at exit walks every object the command imported or made (the
    # modules are all cycles) to free memory the process is about to give back whole: some
    # 40 ms of every command. Frozen, they are left to the end of the process.
    gc.freeze()
    sys.exit(code if isinstance(code, int) else 0)
