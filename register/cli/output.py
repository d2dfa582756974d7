"""The CLI's one way of printing: plain text and tables to stdout, JSON alone, messages to stderr."""

from __future__ import annotations

import json
import sys
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
