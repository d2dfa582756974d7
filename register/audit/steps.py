"""Each version's step from the one before it: the field-level changes, and the new version's
fingerprint. Computed from the two blobs once (on every core when there are many) and kept by the
pair of blob ids, so a history or a review read again parses nothing. Asked to, a step keeps the
facts of the versions it parses too (see `store/index.py`), so what else asks of those versions
(verify: the fingerprint of a pinned version, the record as it stands) parses nothing again.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import InvalidRecord, Problem
from ..records.checks import check_content
from ..records.fingerprint import fingerprint
from ..records.loader import MAX_RECORD_BYTES, load_data, too_big
from ..records.paths import FieldPath
from ..store.cache import steps_stamp
from ..store.git import BlobReader
from ..store.index import Facts, facts_of, keep_facts, paused_garbage_collector, too_big_facts
from ..store.log import NOTHING, Touch
from ..store.repository import Store
from ..store.workers import in_workers
from .diff import Change, diff

_RUN = 48  # consecutive steps a worker takes at a time: each blob of a run is parsed once
_SHORTEST_RUN = 6
NOT_IN_HISTORY = "this version is no longer in the register's history (a clean-up of old versions removed it)"


@dataclass(frozen=True)
class Step:
    changes: list[Change]
    fingerprint: str | None  # of the newer version (None when it is gone or cannot be read)
    problem: tuple[str, int, int, str] | None = None  # (which side, line, column, message)

    def problem_in(self, sources: tuple[str, str]) -> str | None:
        """The problem as one line, the file named as it was on that side: `path@1a2b3c4:3:1: …`."""
        if self.problem is None:
            return None
        side, line, column, message = self.problem
        return str(Problem(sources[0] if side == "old" else sources[1], line, column, message))


def steps(
    store: Store, pairs: list[tuple[str, str]], *, with_facts: bool = False
) -> dict[tuple[str, str], Step]:
    """The step of each (old blob, new blob), NOTHING on the side where there is no file; with
    `with_facts`, the facts of each version parsed for a step are kept as well."""
    seen = store.cache.seen_steps
    found = {pair: seen[pair] for pair in pairs if pair in seen}
    keys = {f"{old}:{new}": (old, new) for old, new in dict.fromkeys(pairs) if (old, new) not in found}
    stamp = steps_stamp()
    found.update(
        (keys[key], _step(value)) for key, value in store.cache.get_many("step", keys, stamp).items()
    )
    missing = [pair for pair in keys.values() if pair not in found]
    fresh: dict[str, Any] = {}
    facts: dict[str, dict[str, Any]] = {}
    gone: set[str] = set()  # blobs git does not hold (now): what is said of them is not kept
    with store.blobs() as reader:
        runs = (_with_contents(run, reader, with_facts, gone) for run in _runs(missing))
        for pair, value, their_facts in in_workers(_compute_run, runs, items=len(missing)):
            if not gone.intersection(pair):
                fresh[f"{pair[0]}:{pair[1]}"] = value
            found[pair] = _step(value)
            facts.update(their_facts)
    store.cache.put_many("step", fresh, stamp)
    seen.update((pair, step) for pair, step in found.items() if not gone.intersection(pair))
    keep_facts(store.cache, {blob: Facts.from_json(value) for blob, value in facts.items()})
    return found


def _runs(missing: list[tuple[str, str]]) -> Iterator[list[tuple[str, str]]]:
    """The steps in runs for the workers: long at first, then shorter, so that towards the end
    no core waits long on another's last run."""
    start = 0
    while start < len(missing):
        size = max(_SHORTEST_RUN, min(_RUN, (len(missing) - start) // 4))
        yield missing[start : start + size]
        start += size


Contents = dict[str, bytes | int | None]
"""Each blob's content, or its size where it is too large to be a record (never read), or None
where git does not hold it."""
Run = tuple[list[tuple[str, str]], Contents, bool]
"""Steps to take, the contents of their blobs, and whether to give the facts of each too."""


def _with_contents(run: list[tuple[str, str]], reader: BlobReader, with_facts: bool, gone: set[str]) -> Run:
    blobs = {blob for pair in run for blob in pair if blob != NOTHING}
    contents = {blob: reader.read_within(blob, MAX_RECORD_BYTES) for blob in blobs}
    gone.update(blob for blob, content in contents.items() if content is None)
    return run, contents, with_facts


def _compute_run(work: Run) -> list[tuple[tuple[str, str], Any, dict[str, dict[str, Any]]]]:
    """In a worker (or here): each step of a run, every blob parsed once (and, when asked, the
    facts of each blob a step parsed first)."""
    run, contents, with_facts = work
    parsed: dict[str, Any] = {}
    facts: dict[str, dict[str, Any]] = {}
    prints: dict[str, str | None] = {}  # the fingerprints the facts hold already

    def data(blob: str) -> Any:
        if blob not in parsed:
            parsed[blob] = _parsed(blob, contents.get(blob), facts if with_facts else None)
            if blob in facts:
                prints[blob] = facts[blob]["fingerprint"]
        return parsed[blob]

    def step(old: str, new: str) -> dict[str, Any]:
        return _computed(data(old), data(new), new == NOTHING, prints.get(new))

    with paused_garbage_collector():
        return [(pair, step(*pair), _taken(facts, pair)) for pair in run]


def _parsed(blob: str, content: bytes | int | None, facts: dict[str, dict[str, Any]] | None) -> Any:
    """A version's data, or the problem that stops it being read; its facts put in `facts`
    when given (checked as validate checks it: the same parse serves both)."""
    if blob == NOTHING:
        return {}
    if content is None:
        return Problem(blob[:10], 1, 1, NOT_IN_HISTORY)
    if isinstance(content, int):
        if facts is not None:
            facts[blob] = too_big_facts(content).as_json()
        return too_big(blob[:10], content).problems[0]
    if facts is None:
        try:
            return load_data(content, blob[:10])
        except InvalidRecord as error:
            return error.problems[0]
    checked = check_content(content, blob[:10])
    facts[blob] = facts_of(checked).as_json()
    return checked.data if checked.data is not None else checked.problems[0]


def _taken(facts: dict[str, dict[str, Any]], pair: tuple[str, str]) -> dict[str, dict[str, Any]]:
    """The facts of this pair's blobs not given with an earlier step of the run."""
    return {blob: facts.pop(blob) for blob in pair if blob in facts}


def _computed(old: Any, new: Any, deleted: bool, known_print: str | None = None) -> dict[str, Any]:
    for side, value in (("old", old), ("new", new)):
        if isinstance(value, Problem):
            return {
                "changes": [],
                "fingerprint": None,
                "problem": [side, value.line, value.column, value.message],
            }
    if deleted:
        return {
            "changes": [_plain(Change(op="removed", path=FieldPath(), old=old))],
            "fingerprint": None,
            "problem": None,
        }
    return {
        "changes": [_plain(c) for c in diff(old, new)],
        "fingerprint": known_print or fingerprint(new),
        "problem": None,
    }


def _plain(change: Change) -> dict[str, Any]:
    return {
        "op": change.op,
        "path": str(change.path),
        "old": change.old,
        "new": change.new,
        "from": str(change.moved_from) if change.moved_from is not None else None,
    }


def _step(value: Mapping[str, Any]) -> Step:
    changes = [
        Change.model_construct(
            op=c["op"],
            path=FieldPath.parse(c["path"]),
            old=c["old"],
            new=c["new"],
            moved_from=FieldPath.parse(c["from"]) if c["from"] is not None else None,
        )
        for c in value["changes"]
    ]
    found = value["problem"]
    problem = (str(found[0]), int(found[1]), int(found[2]), str(found[3])) if found else None
    return Step(changes, value["fingerprint"], problem)


def pairs_of(touches: list[Touch]) -> list[tuple[str, str]]:
    """The (old, new) blob of each touch of a record's file: nothing before its creation or after
    its deletion."""
    return [
        (NOTHING if t.status == "A" else t.old_blob, NOTHING if t.status == "D" else t.new_blob)
        for t in touches
    ]
