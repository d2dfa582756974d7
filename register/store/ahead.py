"""Record files read before a command asks for them.

A command's first tenth of a second goes to importing its modules, on one core. Where its first
long job is known from its name (verify: the facts of every decision), the command line starts
that job in a process forked before the command imports them; that process imports what parsing
needs, on another core, and reads and parses the files of one folder meanwhile. The command takes
the facts when it comes to ask for them (`Version.facts_ahead`), and while they are coming it
looks at every other file (`Version.glance`).

The facts are keyed by the blob id of the bytes the reading parsed, which names that content
forever: a file changed after it was read (or one git is told to assume unchanged) is simply not
among them, and is read again when asked for. Facts the cache holds already are not parsed again,
so a warm command costs the reading process little. The process holds no pipe to git (it is
forked before git runs), writes nothing but its answer, and is ended with the command if its
answer was never asked for.

Importing this module is cheap: the reading process imports what it needs itself.
"""

from __future__ import annotations

import atexit
import contextlib
import marshal
import os
import signal
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn


@dataclass(frozen=True)
class _Reading:
    folder: str
    pid: int
    answer: int  # the end of the pipe the answer comes through


_readings: dict[str, _Reading] = {}  # folder (as the register names it) -> its reading


def read_ahead(start: Path | None, folder: str) -> None:
    """Start reading the record files under `folder` of the register at or above `start` (the
    working folder when None), in a forked process: where fork exists and there is a core to
    spare; else nothing is read ahead."""
    if not hasattr(os, "fork") or (os.cpu_count() or 1) < 2:
        return
    _end(folder)  # one reading of a folder at a time: the latest is the one asked for
    answer, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(answer)
        _answer(start, folder, write_end)
    os.close(write_end)
    _readings[folder] = _Reading(folder, pid, answer)


def reading_for(paths: list[str]) -> Callable[[], dict[str, dict[str, Any]]] | None:
    """Where a reading ahead covers all these files: call the result to wait for it and have its
    facts (JSON-ready, by blob). None where none does."""
    reading = next(
        (r for r in _readings.values() if paths and all(p.startswith(f"{r.folder}/") for p in paths)),
        None,
    )
    return None if reading is None else lambda: _taken(reading)


def _taken(reading: _Reading) -> dict[str, dict[str, Any]]:
    if _readings.get(reading.folder) is not reading:  # ended since (another reading began)
        return {}
    try:
        answer = _read_to_end(reading.answer)
    except BaseException:  # interrupted while waiting: the reading ends with the command
        _end(reading.folder)
        raise
    _readings.pop(reading.folder, None)
    os.close(reading.answer)
    os.waitpid(reading.pid, 0)  # (it ends as soon as its answer is written)
    try:
        facts: dict[str, dict[str, Any]] = marshal.loads(answer)
    except (EOFError, ValueError, TypeError):  # it failed, or was stopped: nothing was read ahead
        return {}
    return facts


def _read_to_end(pipe: int) -> bytes:
    chunks = []
    while chunk := os.read(pipe, 1 << 16):
        chunks.append(chunk)
    return b"".join(chunks)


def _end(folder: str) -> None:
    """End a reading whose answer was not asked for."""
    reading = _readings.pop(folder, None)
    if reading is None:
        return
    with contextlib.suppress(OSError):
        os.kill(reading.pid, signal.SIGKILL)
        os.waitpid(reading.pid, 0)
    with contextlib.suppress(OSError):
        os.close(reading.answer)


@atexit.register
def _end_all() -> None:
    for folder in list(_readings):
        _end(folder)


def _answer(start: Path | None, folder: str, out: int) -> NoReturn:
    """In the reading process: the facts, written to `out`; nothing else is written anywhere (its
    output and errors go nowhere), and whatever happens it ends here."""
    try:
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 1)
        os.dup2(quiet, 2)
        answer = marshal.dumps(_facts_under(start, folder))
        with os.fdopen(out, "wb") as pipe:
            pipe.write(answer)
    finally:
        os._exit(0)


def _facts_under(start: Path | None, folder: str) -> dict[str, dict[str, Any]]:
    """The facts of the record files under `folder` that the cache does not hold, by the blob id
    of the bytes read (which names that content in any register)."""
    from ..records.checks import check_content
    from ..records.loader import MAX_RECORD_BYTES
    from .cache import blob_id, facts_stamp
    from .index import facts_of, keep_facts, paused_garbage_collector
    from .repository import Store, find_root, read_in_folder

    root = find_root(start or Path.cwd())
    store = Store(root)
    store.check_folder(folder)
    read: dict[str, tuple[str, bytes]] = {}
    for path in _yaml_files(root, folder):
        with contextlib.suppress(Exception):  # (gone, not a plain file, a link out: read when asked for)
            content = read_in_folder(root, path, limit=MAX_RECORD_BYTES)
            if len(content) <= MAX_RECORD_BYTES:
                read.setdefault(blob_id(content), (path, content))
    known = store.cache.get_many("facts", list(read), facts_stamp())
    with paused_garbage_collector():
        facts = {
            blob: facts_of(check_content(content, path))
            for blob, (path, content) in read.items()
            if blob not in known
        }
    keep_facts(store.cache, facts)  # here, while the command is busy with other work
    return {blob: found.as_json() for blob, found in facts.items()}


def _yaml_files(root: Path, folder: str) -> Iterator[str]:
    """The .yaml files under `folder`, as paths from the root (links to folders not followed)."""
    for parent, _folders, files in os.walk(root / folder):
        inside = Path(parent).relative_to(root).as_posix()
        yield from (f"{inside}/{name}" for name in files if name.endswith(".yaml"))
