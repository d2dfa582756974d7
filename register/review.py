"""The annual review: what changed in a record between two versions, and who changed each field.

Only the record's own versions are read (the two being compared, and those between them, to say
which commit made each change) and the decisions that name it. A review of the whole register
reads only the records git says changed between the two commits.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from .approvals import Pin, pins_of
from .diff import Change, IdStep, diff, field_path, value_at
from .errors import BadRef, InvalidRecord, NotFound, RefusedInput, UsageError
from .gitlog import Touch, between, changed_between, commit_info, is_ancestor, last_change, log_of
from .ids import id_of_path
from .loader import PathKey
from .parsed import parsed_versions
from .store import Store

GROUP_LISTS = {"priorities": "Priority", "areas": "Area"}


@dataclass(frozen=True)
class Side:
    ref: str
    commit: str
    date: dt.datetime
    author: str
    path: str
    approved_by: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "ref": self.ref,
            "commit": self.commit,
            "date": self.date.isoformat(),
            "author": self.author,
            "path": self.path,
            "approved_by": list(self.approved_by),
        }


@dataclass(frozen=True)
class Made:
    """Who made a change, and when: the commit that last changed that field."""

    author: str
    date: dt.datetime
    commit: str


@dataclass
class Review:
    record: str
    old: dict[str, Any]
    new: dict[str, Any]
    start: Side
    end: Side
    changes: list[Change]
    made: dict[str, Made] = field(default_factory=dict)  # field path -> the commit that last changed it
    problem: str | None = None  # a version that cannot be read: nothing is compared

    def made_by(self, key: PathKey) -> Made:
        for end in range(len(key), -1, -1):
            found = self.made.get(field_path(key[:end]))
            if found:
                return found
        return Made(self.end.author, self.end.date, self.end.commit)

    def summary(self) -> dict[str, Any]:
        counts = Counter(change.op for change in self.changes)
        groups: dict[str, Counter[str]] = {}
        for change in self.changes:
            groups.setdefault(group_of(change.key), Counter())[change.op] += 1
        return {
            **{op: counts.get(op, 0) for op in ("added", "removed", "changed", "moved")},
            "by_group": {name: dict(counter) for name, counter in groups.items()},
        }

    def status_changes(self) -> list[dict[str, Any]]:
        """Actions (and areas) whose status moved on, and new ones with their first status."""
        rows = []
        for change in self.changes:
            key = change.key
            if (
                key
                and key[-1] == "status"
                and len(key) >= 3
                and isinstance(key[-2], IdStep)
                and change.op == "changed"
            ):
                item, was, now = key[:-1], change.old, change.new
            elif (
                change.op in ("added", "moved")
                and key
                and isinstance(key[-1], IdStep)
                and isinstance(change.new or value_at(self.new, list(key)), dict)
            ):
                item, was, now = key, None, (value_at(self.new, list(key)) or {}).get("status")
            else:
                continue
            data = value_at(self.new, list(item)) or {}
            made = self.made_by(key)
            rows.append(
                {
                    "path": field_path(item),
                    "id": str(item[-1]),
                    "title": data.get("title", ""),
                    "was": was,
                    "now": now,
                    "by": made.author,
                    "date": made.date.isoformat(),
                }
            )
        return [row for row in rows if row["now"] is not None]

    def as_json(self) -> dict[str, Any]:
        return {
            "record": self.record,
            "from": self.start.as_json(),
            "to": self.end.as_json(),
            "changes": [
                {
                    **c.as_json(),
                    "by": self.made_by(c.key).author,
                    "date": self.made_by(c.key).date.isoformat(),
                }
                for c in self.changes
            ],
            "summary": self.summary(),
            "status_changes": self.status_changes(),
            "problem": self.problem,
        }


def group_of(key: PathKey) -> str:
    """'Priority 2' for anything under priorities[2]; otherwise the top-level field."""
    if len(key) >= 2 and key[0] in GROUP_LISTS:
        return f"{GROUP_LISTS[str(key[0])]} {key[1]}"
    return "The record itself" if not key else str(key[0]).replace("_", " ").capitalize()


def review_record(
    store: Store, record_id: str, from_ref: str | None = None, to_ref: str | None = None
) -> Review:
    """One record between two versions (default: the version last approved, and HEAD)."""
    path = store.path_of(record_id)
    touches = log_of(store, path)
    if not touches:
        raise NotFound(f"no record '{id_of_path(path)}' in the register's history")
    pins, _ = pins_of(
        store, {id_of_path(t.path) for t in touches} | {id_of_path(t.old_path) for t in touches}
    )
    if from_ref is None and not pins:
        raise UsageError(
            f"no decision has approved {id_of_path(path)} yet: say where to start with --from REF"
        )
    start = _side(store, from_ref or pins[-1].decision, touches, pins, "--from")
    end = _side(store, to_ref or "HEAD", touches, pins, "--to")
    if start.commit != end.commit and is_ancestor(store, end.commit, start.commit):
        raise UsageError(
            f"--from {start.ref} ({start.date:%Y-%m-%d}) is later than --to {end.ref} "
            f"({end.date:%Y-%m-%d}): swap them"
        )
    blobs = store.blob_ids([f"{start.commit}:{start.path}", f"{end.commit}:{end.path}"])
    names = {blob: spec for spec, blob in blobs.items() if blob}
    contents = parsed_versions(store, list(names), names)
    old, new = (contents[blobs[f"{s.commit}:{s.path}"] or ""] for s in (start, end))
    for data in (old, new):
        if not isinstance(data, dict):
            raise RefusedInput(data.problems)
    review = Review(id_of_path(path), old, new, start, end, diff(old, new))
    review.made = _who_made(store, touches, start, end)
    return review


def _side(store: Store, ref: str, touches: list[Touch], pins: list[Pin], option: str) -> Side:
    """A version named by a REF or a decision: its commit, the record's path there, its last change."""
    approved = [pin for pin in pins if pin.decision == ref]
    commit = approved[-1].commit if approved else _resolve(store, ref, option)
    paths = list(dict.fromkeys(t.path for t in reversed(touches)))
    present = store.files_at(commit, paths)
    path = next((p for p in paths if p in present), None)
    if path is None:
        first = touches[0].date.date().isoformat()
        raise BadRef(
            f"{option} {ref}: {id_of_path(touches[-1].path)} did not exist at that version "
            f"(it was first committed on {first})"
        )
    last = last_change(store, commit, paths)
    by = tuple(pin.decision for pin in pins if pin.commit in (commit, last.commit))
    return Side(ref, commit, last.date, last.author, path, by)


def _resolve(store: Store, ref: str, option: str) -> str:
    try:
        return store.resolve(ref)
    except BadRef as error:
        raise BadRef(f"{option} {error.message}") from None


def _who_made(store: Store, touches: list[Touch], start: Side, end: Side) -> dict[str, Made]:
    """For each field changed between the two versions, the last commit in between that changed it."""
    inside = between(store, start.commit, end.commit)
    steps = [t for t in touches if t.commit in inside and t.status != "D"]
    contents = parsed_versions(store, [t.old_blob for t in steps] + [t.new_blob for t in steps])
    made: dict[str, Made] = {}
    for touch in steps:
        old, new = contents.get(touch.old_blob, {}), contents.get(touch.new_blob, {})
        if isinstance(old, dict) and isinstance(new, dict):
            for change in diff(old, new):
                made[change.path] = Made(touch.author, touch.date, touch.commit)
    return made


def review_all(store: Store, from_ref: str, to_ref: str) -> list[Review]:
    """Every record that changed between two versions; only those records are read (`git diff --raw`)."""
    start = _commit_side(store, from_ref, "--from")
    end = _commit_side(store, to_ref, "--to")
    if start.commit != end.commit and is_ancestor(store, end.commit, start.commit):
        raise UsageError(f"--from {from_ref} is later than --to {to_ref}: swap them")
    changed = changed_between(store, start.commit, end.commit)
    names = {
        blob: f"{path}@{side.commit[:7]}"
        for old, new, _, old_path, new_path in changed
        for blob, path, side in ((old, old_path, start), (new, new_path, end))
    }
    contents = parsed_versions(store, list(names), names)
    return [_changed_file(contents, start, end, *entry) for entry in changed]


def _commit_side(store: Store, ref: str, option: str) -> Side:
    info = commit_info(store, _resolve(store, ref, option))
    return Side(ref, info.commit, info.date, info.author, "")


def _changed_file(
    contents: dict[str, Any],
    start: Side,
    end: Side,
    old_blob: str,
    new_blob: str,
    status: str,
    old_path: str,
    new_path: str,
) -> Review:
    old, new = contents.get(old_blob, {}), contents.get(new_blob, {})
    sides = replace(start, path=old_path), replace(end, path=new_path)
    for data in (old, new):
        if isinstance(data, InvalidRecord):
            return Review(id_of_path(new_path), {}, {}, *sides, [], problem=str(data.problems[0]))
    return Review(id_of_path(new_path), old, new, *sides, diff(old, new))
