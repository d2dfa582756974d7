"""What one exact content of a record file says: its kind, title, status, references, pins,
fingerprint and problems. Computed once from the blob and kept by git's blob id, which names that
content forever; whole-register work reads these small facts, not the records.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import Problem
from ..records.checks import Checked, check_content, references
from ..records.fingerprint import fingerprint
from ..records.ids import RECORD_ID as ID
from ..records.loader import MAX_RECORD_BYTES, too_big
from .cache import BlobCache, blob_id, facts_stamp
from .progress import progress
from .repository import read_in_folder
from .workers import WORTH_FORKING, in_workers, started_in_workers


@dataclass(frozen=True)
class Pin:
    """A decision's record of the exact version of a record it approved, as written in its file;
    a pin that is not well formed keeps what it says, and why it cannot count."""

    record: str
    commit: str
    fingerprint: str
    malformed: str | None = None


class Facts(NamedTuple):
    """What one content says (a tuple: a whole register reads ten thousand at every command)."""

    kind: str | None
    title: str | None
    status: str | None
    """A strategy's, WSoA's or screening's status; a decision's outcome, or 'pending'."""
    problems: tuple[tuple[int, int, str], ...]
    """Its own problems (line, column, message), whichever file holds this content."""
    references: tuple[tuple[str, str, tuple[str, ...]], ...] = ()
    """(field, record id it names, kinds that record may be)."""
    fingerprint: str | None = None
    pins: tuple[Pin, ...] = ()
    decided: str | None = None
    """For a decision: the date of its outcome, else of its meeting (YYYY-MM-DD)."""
    body: str | None = None
    meeting: str | None = None
    """For a decision: the date of its meeting (YYYY-MM-DD)."""
    body_type: str | None = None

    @property
    def valid(self) -> bool:
        return not self.problems

    def problems_in(self, source: str) -> list[Problem]:
        return [Problem(source, line, column, message) for line, column, message in self.problems]

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "title": self.title,
            "status": self.status,
            "problems": self.problems,
            "references": self.references,
            "fingerprint": self.fingerprint,
            "pins": [
                {
                    "record": p.record,
                    "commit": p.commit,
                    "fingerprint": p.fingerprint,
                    "malformed": p.malformed,
                }
                for p in self.pins
            ],
            "decided": self.decided,
            "body": self.body,
            "meeting": self.meeting,
            "body_type": self.body_type,
        }

    def as_tuple(self) -> tuple[Any, ...]:
        """The facts as plain tuples, for `marshal` (the whole-register snapshot)."""
        pins = tuple((p.record, p.commit, p.fingerprint, p.malformed) for p in self.pins)
        return (
            self.kind,
            self.title,
            self.status,
            self.problems,
            self.references,
            self.fingerprint,
            pins,
            self.decided,
            self.body,
            self.meeting,
            self.body_type,
        )

    @classmethod
    def from_tuple(cls, value: tuple[Any, ...]) -> Facts:
        if not value[6]:  # no pins (all but decisions): the tuple is the facts as they stand
            return cls._make(value)
        kind, title, status, problems, references, found, pins, decided, body, meeting, body_type = value
        return cls(
            kind,
            title,
            status,
            problems,
            references,
            found,
            tuple(Pin(*pin) for pin in pins),
            decided,
            body,
            meeting,
            body_type,
        )

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> Facts:
        return cls(
            kind=value["kind"],
            title=value["title"],
            status=value["status"],
            problems=tuple((int(line), int(column), str(text)) for line, column, text in value["problems"]),
            references=tuple((path, target, tuple(kinds)) for path, target, kinds in value["references"]),
            fingerprint=value["fingerprint"],
            pins=tuple(Pin(**pin) for pin in value["pins"]),
            decided=value["decided"],
            body=value["body"],
            meeting=value["meeting"],
            body_type=value["body_type"],
        )


def facts_of(checked: Checked) -> Facts:
    """The facts of one checked content."""
    data = checked.data
    problems = tuple((p.line, p.column, p.message) for p in checked.problems)
    if data is None:
        return Facts(None, None, None, problems)
    kind = data.get("kind") if isinstance(data.get("kind"), str) else None
    return Facts(
        kind=kind,
        title=_text(data.get("title")),
        status=_status(kind, data),
        problems=problems,
        references=tuple((str(path), target, kinds) for path, target, kinds in references(kind or "", data)),
        fingerprint=_fingerprint(data),
        pins=_pins(data) if kind == "decision" else (),
        decided=_decided(data) if kind == "decision" else None,
        body=_text(data.get("body")) if kind == "decision" else None,
        meeting=_day(data.get("meeting_date")) if kind == "decision" else None,
        body_type=_text(data.get("body_type")) if kind == "decision" else None,
    )


def unreadable_facts(reason: str) -> Facts:
    """The facts of a file that cannot be read (kept for no blob: it is the file that failed)."""
    return Facts(None, None, None, ((1, 1, f"the file cannot be read: {reason}"),))


def too_big_facts(size: int) -> Facts:
    [problem] = too_big("", size).problems
    return Facts(None, None, None, ((problem.line, problem.column, problem.message),))


def index_blobs(
    cache: BlobCache,
    wanted: Iterable[str],
    sizes_of: Callable[[list[str]], Mapping[str, int]],
    read: Callable[[str], bytes],
    source_of: Callable[[str], str],
    keep: Callable[[str, Checked], None] | None = None,
    *,
    cached_only: bool = False,
    snapshot: Snapshot | None = None,
) -> dict[str, Facts]:
    """Facts of each blob id wanted: from the snapshot or the cache, else computed from the
    content `read` gives (and cached); blobs' sizes are asked, at once, only of those that must be read. `keep`
    is shown each freshly checked content, e.g. to hold on to its model. With `cached_only`,
    only what is kept: nothing is read or parsed."""
    indexing = _Indexing(cache, wanted, sizes_of, snapshot, cached_only=cached_only)
    return indexing.finished({} if cached_only else indexing.computed(read, source_of, keep))


def index_blobs_ahead(
    cache: BlobCache,
    wanted: Iterable[str],
    sizes_of: Callable[[list[str]], Mapping[str, int]],
    root: Path,
    file_of: Callable[[str], str],
    source_of: Callable[[str], str],
    *,
    snapshot: Snapshot | None = None,
) -> Callable[[], dict[str, Facts]]:
    """`index_blobs` of files of the working tree (`file_of` a blob, under `root`, its folder
    checked already), handed to the workers now, each to read and parse, for this process to go
    on with other work meanwhile: call the result for the facts."""
    indexing = _Indexing(cache, wanted, sizes_of, snapshot)
    chunks = (
        [
            (blob, source_of(blob), str(root), file_of(blob))
            for blob in indexing.missing[start : start + _CHUNK]
        ]
        for start in range(0, len(indexing.missing), _CHUNK)
    )
    results = started_in_workers(_check_files, chunks, items=len(indexing.missing))

    def finished() -> dict[str, Facts]:
        fresh = {}
        for blob, value in results():
            if isinstance(value, str):
                indexing.gone[blob] = value
            elif value is not None:  # (a file that no longer holds its blob is read when asked for)
                fresh[blob] = Facts.from_json(value)
        return indexing.finished(fresh)

    return finished


class _Indexing:
    """One pass of `index_blobs`: what is known already, what must be parsed, and its keeping."""

    def __init__(
        self,
        cache: BlobCache,
        wanted: Iterable[str],
        sizes_of: Callable[[list[str]], Mapping[str, int]],
        snapshot: Snapshot | None,
        *,
        cached_only: bool = False,
    ) -> None:
        self.cache, self.snapshot = cache, snapshot
        blobs = list(dict.fromkeys(wanted))
        self.kept = snapshot.get(blobs) if snapshot else {}
        self.found = {blob: Facts.from_tuple(value) for blob, value in self.kept.items()}
        seen = cache.seen_facts
        self.found.update((blob, seen[blob]) for blob in blobs if blob in seen and blob not in self.found)
        rest = [blob for blob in blobs if blob not in self.found]
        self.found.update(
            (blob, Facts.from_json(value))
            for blob, value in cache.get_many("facts", rest, facts_stamp()).items()
        )
        sizes = {} if cached_only else sizes_of([blob for blob in blobs if blob not in self.found])
        for blob, size in sizes.items():
            if size > MAX_RECORD_BYTES:  # never read: it could be anything
                self.found[blob] = too_big_facts(size)
        self.missing = [blob for blob in sizes if blob not in self.found]
        self.gone: dict[str, str] = {}  # blobs whose file could not be read just now: said, never kept
        self.unkept: set[str] = set()
        """Blobs whose file holds other content than the blob (git's index was told to assume it
        unchanged, a filter rewrites it, it was edited since it was listed): its facts are this
        file's, for this version, and are never kept under that blob's id."""

    def content(self, read: Callable[[str], bytes], blob: str) -> bytes:
        try:
            return read(blob)
        except OSError as error:  # it could be listed a moment ago (another program moved it)
            self.gone[blob] = error.strerror or str(error)
            return b""

    def chunks(
        self, read: Callable[[str], bytes], source_of: Callable[[str], str]
    ) -> Iterator[list[tuple[str, str, bytes]]]:
        for start in range(0, len(self.missing), _CHUNK):
            yield [
                (blob, source_of(blob), self.content(read, blob))
                for blob in self.missing[start : start + _CHUNK]
            ]

    def computed(
        self,
        read: Callable[[str], bytes],
        source_of: Callable[[str], str],
        keep: Callable[[str, Checked], None] | None,
    ) -> dict[str, Facts]:
        """The facts of the blobs not known yet: on every core when there are many (or nothing
        is to be kept of them), else here."""
        fresh: dict[str, Facts] = {}
        if keep is None or len(self.missing) >= WORTH_FORKING:
            with progress("Reading records", len(self.missing)) as advance:
                for blob, value, holds in in_workers(
                    _check_chunk, self.chunks(read, source_of), items=len(self.missing)
                ):
                    fresh[blob] = Facts.from_json(value)
                    if not holds:
                        self.unkept.add(blob)
                    advance(1)
            return fresh
        with paused_garbage_collector():
            for blob in self.missing:
                content = self.content(read, blob)
                if blob_id(content) != blob:
                    self.unkept.add(blob)
                checked = check_content(content, source_of(blob))
                fresh[blob] = facts_of(checked)
                keep(blob, checked)
        return fresh

    def finished(self, fresh: dict[str, Facts]) -> dict[str, Facts]:
        """Every blob's facts, those computed now kept (but not those of a file that failed to
        read, or that holds other content than its blob)."""
        readable = {b: facts for b, facts in fresh.items() if b not in self.gone and b not in self.unkept}
        keep_facts(self.cache, readable)
        _remember(self.snapshot, {**self.found, **readable}, self.kept)
        self.cache.seen_facts.update(self.found)
        fresh.update((blob, unreadable_facts(reason)) for blob, reason in self.gone.items())
        return {**self.found, **fresh}


def kept_facts(cache: BlobCache, blobs: Iterable[str], snapshot: Snapshot | None = None) -> dict[str, Facts]:
    """The facts the snapshot or the cache already holds for these blobs: nothing is read."""
    return index_blobs(
        cache, blobs, lambda _blobs: {}, lambda _blob: b"", str, cached_only=True, snapshot=snapshot
    )


def keep_facts(cache: BlobCache, facts: Mapping[str, Facts]) -> None:
    """Keep facts by blob id, in the cache and in this process's memory (what asks for them again
    in this command reads nothing): those worked out here, or by a step that parsed the version
    anyway."""
    cache.put_many("facts", {blob: found.as_json() for blob, found in facts.items()}, facts_stamp())
    cache.seen_facts.update(facts)


def _remember(snapshot: Snapshot | None, facts: dict[str, Facts], kept: dict[str, Any]) -> None:
    if snapshot is not None and len(kept) != len(facts):
        snapshot.put({blob: f.as_tuple() for blob, f in facts.items() if blob not in kept})


class Snapshot:
    """What is known of every blob of the working tree, kept as one signed value in the cache: a
    whole-register command reads that one row (a hundredth of a second at 10,000 records) and
    asks the cache only for the blobs that changed since. It holds the blobs the tree holds now,
    so it never grows beyond the register."""

    def __init__(self, cache: BlobCache, name: str, universe: frozenset[str]) -> None:
        self._cache, self._name, self._universe = cache, name, universe
        self._kept: dict[str, Any] | None = None

    def _stamp(self) -> str:
        return facts_stamp()

    def get(self, blobs: Iterable[str]) -> dict[str, Any]:
        kept = self._load()
        return {blob: kept[blob] for blob in blobs if blob in kept}

    def put(self, entries: dict[str, Any]) -> None:
        kept = self._load()
        kept.update((blob, value) for blob, value in entries.items() if blob in self._universe)
        self._kept = {blob: value for blob, value in kept.items() if blob in self._universe}
        self._cache.put_snapshot(self._name, self._stamp(), self._kept)

    def _load(self) -> dict[str, Any]:
        if self._kept is None:
            loaded = self._cache.get_snapshot(self._name, self._stamp())
            self._kept = loaded if isinstance(loaded, dict) else {}
        return self._kept


_CHUNK = 64


def _check_files(items: list[tuple[str, str, str, str]]) -> list[tuple[str, dict[str, Any] | str | None]]:
    """The facts of each (blob, source, root, path), the file read here (in a worker); or why it
    could not be read (another program moved it since it was listed, say); or None where the file
    no longer holds that blob (edited since it was listed, or one git is told to assume
    unchanged): facts are kept by blob id, so they must be of that blob's content."""
    checked: list[tuple[str, dict[str, Any] | str | None]] = []
    with paused_garbage_collector():
        for blob, source, root, path in items:
            try:
                content = read_in_folder(Path(root), path)
            except OSError as error:
                checked.append((blob, error.strerror or str(error)))
                continue
            if blob_id(content) != blob:
                checked.append((blob, None))
                continue
            checked.append((blob, facts_of(check_content(content, source)).as_json()))
    return checked


def _check_chunk(items: list[tuple[str, str, bytes]]) -> list[tuple[str, dict[str, Any], bool]]:
    """The facts of each (blob, source, content), as JSON-ready data (in a worker, or here), and
    whether the content is that blob's."""
    with paused_garbage_collector():
        return [
            (blob, facts_of(check_content(content, source)).as_json(), blob_id(content) == blob)
            for blob, source, content in items
        ]


@contextlib.contextmanager
def paused_garbage_collector() -> Iterator[None]:
    """No cycle collection while many records are parsed: parsing makes no cycles, and the
    collector's passes over the growing heap cost a fifth of the time of a bulk load."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _status(kind: str | None, data: dict[str, Any]) -> str | None:
    if kind == "decision":
        outcome = data.get("outcome")
        decided = outcome.get("decision") if isinstance(outcome, dict) else None
        return decided if isinstance(decided, str) else "pending"
    return _text(data.get("status"))


def _fingerprint(data: dict[str, Any]) -> str | None:
    try:
        return fingerprint(data)
    except (TypeError, ValueError):  # a value no record could hold, already a problem
        return None


_COMMIT = re.compile(r"[0-9a-f]{40}")
_FINGERPRINT = re.compile(r"sha256:[0-9a-f]{64}")


def _pins(data: dict[str, Any]) -> tuple[Pin, ...]:
    """Every pin the decision's file holds, however it is written: what a pin says is read from
    the parsed YAML, never found by searching the text."""
    if "approved_versions" not in data or data["approved_versions"] is None:
        return ()
    pins = data["approved_versions"]
    if not isinstance(pins, list):
        return (Pin("?", "", "", "approved_versions is not a list of pins"),)
    return tuple(_pin(pin) for pin in pins)


def _pin(pin: object) -> Pin:
    if not isinstance(pin, dict):
        return Pin("?", "", "", "a pin is not 'record:, commit:, fingerprint:' lines")
    record, commit, print_ = (pin.get(key) for key in ("record", "commit", "fingerprint"))
    said = Pin(*(value if isinstance(value, str) else repr(value) for value in (record, commit, print_)))
    if not isinstance(record, str) or not ID.fullmatch(record):
        return Pin(said.record, said.commit, said.fingerprint, "the pin does not name a record")
    if not isinstance(commit, str) or not _COMMIT.fullmatch(commit):
        return Pin(said.record, said.commit, said.fingerprint, "the pin's commit is not a full commit id")
    if not isinstance(print_, str) or not _FINGERPRINT.fullmatch(print_):
        return Pin(
            said.record, said.commit, said.fingerprint, "the pin's fingerprint is not a sha256 fingerprint"
        )
    if set(pin) != {"record", "commit", "fingerprint"}:
        return Pin(record, commit, print_, "the pin holds more than record, commit and fingerprint")
    return said


def _decided(data: dict[str, Any]) -> str | None:
    outcome = data.get("outcome")
    day = outcome.get("date") if isinstance(outcome, dict) else None
    return _day(day) or _day(data.get("meeting_date"))


def _day(value: object) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else None
