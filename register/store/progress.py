"""Progress on long work, told to whoever is listening: the command line shows a bar on a
terminal; a script, a test or a piped run hears nothing. The store never imports the terminal."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

Advance = Callable[[int], None]
Reporter = Callable[[str, int], contextlib.AbstractContextManager[Advance]]

WORTH_SHOWING = 300
"""Fewer records than this to parse take less than about a second: no bar."""

_reporter: Reporter | None = None


def listen(reporter: Reporter | None) -> None:
    """Have `reporter` shown every long piece of work from now on (None: nobody)."""
    global _reporter
    _reporter = reporter


@contextlib.contextmanager
def progress(what: str, total: int) -> Iterator[Advance]:
    """A way to say `n` more of `total` are done; a no-op unless someone listens and it is long."""
    if _reporter is None or total < WORTH_SHOWING:
        yield lambda _done: None
        return
    with _reporter(what, total) as advance:
        yield advance
