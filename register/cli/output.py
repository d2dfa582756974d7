"""The CLI's one way of printing: plain text and tables to stdout, JSON alone, messages to stderr."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Callable, Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console


@cache
def out() -> Console:
    from rich.console import Console

    # Markup off: council text such as "[draft]" must print as written.
    return Console(markup=False, highlight=False, emoji=False, soft_wrap=True)


def print_json(document: Any) -> None:
    sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False, default=str) + "\n")


def print_result(result: Any) -> None:
    """A command's typed result as its one JSON document, nothing else: the JSON of
    `model_dump(mode="json")`, written by pydantic's own encoder (the same text, many times faster)."""
    sys.stdout.write(result.model_dump_json(indent=2) + "\n")


def width() -> int:
    """The terminal's width (COLUMNS wins, as for every terminal program); 100 when piped."""
    import shutil

    return max(40, shutil.get_terminal_size((100, 24)).columns)


def say(text: str) -> None:
    """A plain line to stdout; rich is loaded only for tables, keeping short commands quick."""
    sys.stdout.write(text + "\n")


def warn(text: str) -> None:
    """A message to stderr, never wrapped: one problem stays one line, as scripts and editors read it."""
    sys.stderr.write(text + "\n")


@contextlib.contextmanager
def progress_bar(what: str, total: int) -> Iterator[Callable[[int], None]]:
    """A bar on the terminal's stderr while long work runs; gone when it ends."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(what, total=total)
        yield lambda done: bar.advance(task, done)


def wants_progress(arguments: list[str]) -> bool:
    """A bar only for a person at a terminal: never with --json, never when the output is piped."""
    return "--json" not in arguments and sys.stdout.isatty() and sys.stderr.isatty()
